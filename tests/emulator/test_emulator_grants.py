"""The VPC owner's grant to another account's VBRs (topologies reference §2.1, §2.2, T12–T14, T16) and the stricter
choice where §5 leaves it open: a VBR-VPC pair of two accounts is created and connected only with the grant."""

import pytest
from alibabacloud_vpc20160428 import models

from conftest import Api, pair_across, second_account
from support.emulator import REGION
from support.fixture_ids import (ACCOUNT_UID, SECOND_ACCOUNT_UID, SECOND_REGION, VPC2, VPC6, VPC7, VPC_ROUTER6,
                                 VPC_ROUTER7)
from support.fixture_ids import SECOND_ACCESS_KEY_ID, SECOND_ACCESS_KEY_SECRET
from support.tea import tea_client

TO_FIRST = dict(InstanceId=VPC6, VbrOwnerUid=ACCOUNT_UID, VbrRegionNo=REGION)
NOT_GRANTED = "Forbidden.VpcNotGranted"


@pytest.fixture
def accounts(clean_emulator):
    """(the VBR owner: the first account, the VPC owner: the second), both in the default region."""
    return Api(clean_emulator.url), second_account(clean_emulator.url)


def relations(api, **params):
    body = api.call("DescribeEcGrantRelation", **params)
    assert body["Count"] == len(body["EcGrantRelations"])
    return body["EcGrantRelations"]


def granted_vbrs(api, instance_type="VPC", instance_id=VPC6, **params):
    return sorted((r["GrantType"], r["VbrInstanceId"]) for r in relations(
        api, InstanceType=instance_type, InstanceId=instance_id, **params))


def test_all_grant_reads_back_from_both_sides(accounts):
    vbr_owner, vpc_owner = accounts
    assert vpc_owner.call("GrantInstanceToVbr", GrantType="All", **TO_FIRST).keys() == {"RequestId"}
    (relation,) = relations(vpc_owner, InstanceType="VPC", InstanceId=VPC6)
    assert relation == dict(relation, AliUid=int(SECOND_ACCOUNT_UID), GrantType="All", InstanceId=VPC6,
                            InstanceName="", InstanceRouterId=VPC_ROUTER6, RegionNo=REGION, Status="Created",
                            VbrInstanceId="", VbrOwnerUid=int(ACCOUNT_UID), VbrRegionNo=REGION)
    assert relation["GmtCreate"].endswith("Z")
    vbr_id = vbr_owner.vbr()  # All covers VBRs made after the grant too
    assert relations(vbr_owner, InstanceType="VBR", InstanceId=vbr_id, VbrRegionNo=REGION) == [relation]
    vpc_owner.call("GrantInstanceToVbr", GrantType="All", **TO_FIRST)  # again: nothing changes
    assert len(relations(vpc_owner, InstanceType="VPC", InstanceId=VPC6)) == 1


def test_state_dump_shows_a_grant_in_its_vpc_owners_view(accounts, clean_emulator):
    """/_emulator/state's Grants: the relation as its VPC's owner reads it, in that VPC's account and region only."""
    vbr_owner, vpc_owner = accounts
    vpc_owner.call("GrantInstanceToVbr", GrantType="All", **TO_FIRST)
    (relation,) = relations(vpc_owner, InstanceType="VPC", InstanceId=VPC6)
    assert clean_emulator.state(account=SECOND_ACCOUNT_UID)["Grants"] == [relation]
    assert clean_emulator.state(account="all", region="all")["Grants"] == [relation]
    assert clean_emulator.state()["Grants"] == []  # the VBR owner's view
    assert clean_emulator.state(account=SECOND_ACCOUNT_UID, region=SECOND_REGION)["Grants"] == []


@pytest.mark.parametrize("wire", ["legacy-repeat-list", "comma-joined", "json-array-comma-joined", "json-array"])
def test_specify_grant_in_each_wire_form(accounts, wire):
    vbr_owner, vpc_owner = accounts
    vbrs = [vbr_owner.vbr(vlan=10), vbr_owner.vbr(vlan=11)]
    ids = {"legacy-repeat-list": vbrs, "comma-joined": ",".join(vbrs),
           "json-array-comma-joined": '["%s"]' % ",".join(vbrs), "json-array": '["%s", "%s"]' % tuple(vbrs)}[wire]
    vpc_owner.call("GrantInstanceToVbr", GrantType="Specify", VbrInstanceIds=ids, **TO_FIRST)
    assert granted_vbrs(vpc_owner) == sorted(("Specify", vbr_id) for vbr_id in vbrs)
    for vbr_id in vbrs:
        assert granted_vbrs(vbr_owner, "VBR", vbr_id, VbrRegionNo=REGION) == [("Specify", vbr_id)]
    assert granted_vbrs(vbr_owner, "VBR", vbr_owner.vbr(vlan=12), VbrRegionNo=REGION) == []


def test_grant_describe_and_revoke_through_the_tea_client(clean_emulator, accounts):
    """The Tea SDK sends VbrInstanceIds as one comma-joined value and parses every answer into its models."""
    vbr_owner, _ = accounts
    vbrs = [vbr_owner.vbr(vlan=10), vbr_owner.vbr(vlan=11)]
    client = tea_client(clean_emulator, key_id=SECOND_ACCESS_KEY_ID, secret=SECOND_ACCESS_KEY_SECRET)
    target = dict(region_id=REGION, instance_id=VPC6, vbr_owner_uid=int(ACCOUNT_UID), vbr_region_no=REGION)
    granted = client.grant_instance_to_vbr(models.GrantInstanceToVbrRequest(
        grant_type="Specify", vbr_instance_ids=vbrs, **target))
    assert granted.body.request_id
    listed = client.describe_ec_grant_relation(models.DescribeEcGrantRelationRequest(
        instance_type="VPC", instance_id=VPC6, page_number=1, page_size=1)).body
    assert (listed.count, listed.page, listed.page_size, listed.total_count) == (1, 1, 1, 2)
    (relation,) = listed.ec_grant_relations
    assert (relation.vbr_instance_id, relation.vbr_owner_uid, relation.ali_uid, relation.status) == (
        vbrs[0], int(ACCOUNT_UID), int(SECOND_ACCOUNT_UID), "Created")
    client.revoke_instance_from_vbr(models.RevokeInstanceFromVbrRequest(
        grant_type="Specify", vbr_instance_ids=[vbrs[0]], vbr_owner_uid=ACCOUNT_UID, region_id=REGION,
        instance_id=VPC6, vbr_region_no=REGION))
    remaining = client.describe_ec_grant_relation(models.DescribeEcGrantRelationRequest(
        instance_type="VPC", instance_id=VPC6)).body.ec_grant_relations
    assert [r.vbr_instance_id for r in remaining] == [vbrs[1]]


def test_grant_refusals(accounts):
    vbr_owner, vpc_owner = accounts
    vbr_id = vbr_owner.vbr()
    vpc_owner.expect("Parameter.Illegal", 400, "GrantInstanceToVbr", GrantType="All",  # T12: to oneself
                     **dict(TO_FIRST, VbrOwnerUid=SECOND_ACCOUNT_UID))
    vpc_owner.expect("Instance.NotExist", 404, "GrantInstanceToVbr", GrantType="Specify",  # T13
                     VbrInstanceIds=["vbr-nosuchvbr"], **TO_FIRST)
    vpc_owner.expect("Instance.NotExist", 404, "GrantInstanceToVbr", GrantType="Specify",  # T13: not in that region
                     VbrInstanceIds=[vbr_id], **dict(TO_FIRST, VbrRegionNo=SECOND_REGION))
    vpc_owner.expect("InvalidParam.NotNull", 400, "GrantInstanceToVbr", GrantType="Specify", **TO_FIRST)
    vpc_owner.expect("Parameter.Illegal", 400, "GrantInstanceToVbr", GrantType="All",
                     **dict(TO_FIRST, VbrOwnerUid="1111111111111111"))
    vpc_owner.expect("Parameter.Illegal", 400, "GrantInstanceToVbr", GrantType="Some", **TO_FIRST)
    vpc_owner.expect("Parameter.Illegal", 400, "GrantInstanceToVbr", GrantType="Specify",
                     VbrInstanceIds='["%s"' % vbr_id, **TO_FIRST)
    vpc_owner.expect("Instance.NotExist", 404, "GrantInstanceToVbr", GrantType="All",  # another account's VPC
                     **dict(TO_FIRST, InstanceId=VPC2))
    vpc_owner.expect("Instance.NotExist", 404, "GrantInstanceToVbr", GrantType="All",  # its VPC in another region
                     **dict(TO_FIRST, InstanceId=VPC7))
    vpc_owner.expect("MissingParameter", 400, "GrantInstanceToVbr", InstanceId=VPC6, VbrOwnerUid=ACCOUNT_UID,
                     VbrRegionNo=REGION)
    assert granted_vbrs(vpc_owner) == []


def test_revoke_rules(accounts):
    vbr_owner, vpc_owner = accounts
    vbrs = [vbr_owner.vbr(vlan=10), vbr_owner.vbr(vlan=11)]
    vpc_owner.expect("Instance.NotExist", 404, "RevokeInstanceFromVbr", GrantType="ALL", **TO_FIRST)
    vpc_owner.call("GrantInstanceToVbr", GrantType="All", **TO_FIRST)
    vpc_owner.call("GrantInstanceToVbr", GrantType="Specify", VbrInstanceIds=[vbrs[0]], **TO_FIRST)
    # A VBR covered only by the All grant has no Specify grant of its own to revoke: nothing is revoked.
    vpc_owner.expect("Instance.NotExist", 404, "RevokeInstanceFromVbr", GrantType="Specify", VbrInstanceIds=vbrs,
                     **TO_FIRST)
    assert granted_vbrs(vpc_owner) == [("All", ""), ("Specify", vbrs[0])]
    vpc_owner.expect("Parameter.Illegal", 400, "RevokeInstanceFromVbr", GrantType="ALL",
                     **dict(TO_FIRST, VbrOwnerUid=SECOND_ACCOUNT_UID))
    vpc_owner.call("RevokeInstanceFromVbr", GrantType="Specify", VbrInstanceIds=[vbrs[0]], **TO_FIRST)
    assert granted_vbrs(vpc_owner) == [("All", "")]
    vpc_owner.call("GrantInstanceToVbr", GrantType="Specify", VbrInstanceIds=[vbrs[1]], **TO_FIRST)
    vpc_owner.call("RevokeInstanceFromVbr", GrantType="ALL", **TO_FIRST)  # the doc's spelling; Specify ones too
    assert granted_vbrs(vpc_owner) == []


def test_describe_rules(accounts):
    vbr_owner, vpc_owner = accounts
    vbr_id = vbr_owner.vbr()
    vbr_owner.expect("MissingParameter", 400, "DescribeEcGrantRelation", InstanceType="VBR", InstanceId=vbr_id)
    vpc_owner.expect("Instance.NotExist", 404, "DescribeEcGrantRelation", InstanceType="VBR", InstanceId=vbr_id,
                     VbrRegionNo=REGION)
    vbr_owner.expect("Instance.NotExist", 404, "DescribeEcGrantRelation", InstanceType="VBR", InstanceId=vbr_id,
                     VbrRegionNo=SECOND_REGION)
    vbr_owner.expect("Instance.NotExist", 404, "DescribeEcGrantRelation", InstanceType="VPC", InstanceId=VPC6)
    vpc_owner.expect("Parameter.Illegal", 400, "DescribeEcGrantRelation", InstanceType="ECR", InstanceId=VPC6)
    vpc_owner.expect("InvalidParameter", 400, "DescribeEcGrantRelation", InstanceType="VPC", InstanceId=VPC6,
                     PageSize=51)
    vpc_owner.call("GrantInstanceToVbr", GrantType="All", **dict(TO_FIRST, InstanceId=VPC7,
                                                                 RegionId=SECOND_REGION))
    body = vpc_owner.call("DescribeEcGrantRelation", InstanceType="VPC", InstanceId=VPC7)
    assert (body["Count"], body["Page"], body["PageSize"], body["TotalCount"]) == (1, 1, 10, 1)
    assert body["EcGrantRelations"][0]["RegionNo"] == SECOND_REGION
    assert granted_vbrs(vbr_owner, "VBR", vbr_id, VbrRegionNo=REGION) == [("All", "")]


def test_cross_account_connect_needs_the_grant(accounts):
    vbr_owner, vpc_owner = accounts
    vbr_id = vbr_owner.vbr()
    owners = (SECOND_ACCOUNT_UID, ACCOUNT_UID)
    # Naming the other account's router at create already needs the grant, on either side.
    vbr_owner.expect(NOT_GRANTED, 400, "CreateRouterInterface", Spec="Mini.2", Role="InitiatingSide",
                     RouterType="VBR", RouterId=vbr_id, AccessPointId="ap-cn-hangzhou-xs-B", OppositeRegionId=REGION,
                     OppositeRouterType="VRouter", OppositeRouterId=VPC_ROUTER6,
                     OppositeInterfaceOwnerId=SECOND_ACCOUNT_UID)
    vpc_owner.expect(NOT_GRANTED, 400, "CreateRouterInterface", Spec="Negative", Role="AcceptingSide",
                     RouterType="VRouter", RouterId=VPC_ROUTER6, OppositeAccessPointId="ap-cn-hangzhou-xs-B",
                     OppositeRegionId=REGION, OppositeRouterType="VBR", OppositeRouterId=vbr_id,
                     OppositeInterfaceOwnerId=ACCOUNT_UID)
    # Named later through ModifyRouterInterfaceAttribute: Connect refuses.
    initiator, acceptor = pair_across(vbr_owner, vbr_id, vpc_owner, VPC_ROUTER6, owners, connect=False)
    vbr_owner.expect(NOT_GRANTED, 400, "ConnectRouterInterface", RouterInterfaceId=initiator)
    vpc_owner.call("GrantInstanceToVbr", GrantType="Specify", VbrInstanceIds=[vbr_owner.vbr(vlan=11)], **TO_FIRST)
    vbr_owner.expect(NOT_GRANTED, 400, "ConnectRouterInterface", RouterInterfaceId=initiator)  # another VBR's
    vpc_owner.call("GrantInstanceToVbr", GrantType="All", **dict(TO_FIRST, VbrRegionNo=SECOND_REGION))
    vbr_owner.expect(NOT_GRANTED, 400, "ConnectRouterInterface", RouterInterfaceId=initiator)  # another region's
    vpc_owner.call("GrantInstanceToVbr", GrantType="Specify", VbrInstanceIds=[vbr_id], **TO_FIRST)
    vbr_owner.call("ConnectRouterInterface", RouterInterfaceId=initiator)
    assert vbr_owner.describe_ri(initiator)["Status"] == "Active"
    assert vpc_owner.describe_ri(acceptor)["Status"] == "Active"


def test_a_pair_across_accounts_and_regions(clean_emulator):
    """The landing-zone layout in full: VBR in the first account's cn-hangzhou, VPC in the second's cn-shanghai."""
    vbr_owner, vpc_owner = Api(clean_emulator.url), second_account(clean_emulator.url, SECOND_REGION)
    vpc_owner.call("GrantInstanceToVbr", GrantType="All", InstanceId=VPC7, VbrOwnerUid=ACCOUNT_UID,
                   VbrRegionNo=REGION)
    initiator, acceptor = pair_across(vbr_owner, vbr_owner.vbr(), vpc_owner, VPC_ROUTER7,
                                      (SECOND_ACCOUNT_UID, ACCOUNT_UID))
    near, far = vbr_owner.describe_ri(initiator), vpc_owner.describe_ri(acceptor)
    assert (near["Status"], near["OppositeInterfaceOwnerId"], near["OppositeRegionId"]) == (
        "Active", SECOND_ACCOUNT_UID, SECOND_REGION)
    assert (far["Status"], far["OppositeInterfaceOwnerId"], far["OppositeRegionId"]) == (
        "Active", ACCOUNT_UID, REGION)
    # The peer's own fields describe it across accounts (§2.3).
    assert (near["OppositeInterfaceStatus"], near["OppositeInterfaceSpec"], near["OppositeVpcInstanceId"]) == (
        "Active", "Negative", VPC7)
    assert (far["OppositeInterfaceSpec"], far["OppositeBandwidth"]) == ("Mini.2", 2)


@pytest.mark.parametrize("owners, code", [
    ((None, ACCOUNT_UID), "IncorrectOppositeInterfaceInfo.NotSet"),  # the initiator leaves the owner out
    ((SECOND_ACCOUNT_UID, None), "IncorrectOppositeInterfaceInfo.NotSet"),  # the acceptor leaves it out
    ((ACCOUNT_UID, ACCOUNT_UID), "IncorrectOppositeInterfaceInfo"),  # the initiator names the wrong owner
    ((SECOND_ACCOUNT_UID, SECOND_ACCOUNT_UID), "IncorrectOppositeInterfaceInfo"),  # the acceptor does
], ids=["initiator-unset", "acceptor-unset", "initiator-wrong", "acceptor-wrong"])
def test_both_ends_must_name_each_others_owner(accounts, owners, code):
    vbr_owner, vpc_owner = accounts
    vpc_owner.call("GrantInstanceToVbr", GrantType="All", **TO_FIRST)
    initiator, acceptor = pair_across(vbr_owner, vbr_owner.vbr(), vpc_owner, VPC_ROUTER6, owners, connect=False)
    vbr_owner.expect(code, 400, "ConnectRouterInterface", RouterInterfaceId=initiator)
    assert vbr_owner.describe_ri(initiator)["Status"] == "Idle" and vpc_owner.describe_ri(acceptor)["Status"] == "Idle"


def test_an_unknown_owner_is_refused_at_create_and_modify(accounts):
    vbr_owner, _ = accounts
    vbr_id = vbr_owner.vbr()
    initiator = dict(Spec="Mini.2", Role="InitiatingSide", RouterType="VBR", RouterId=vbr_id,
                     AccessPointId="ap-cn-hangzhou-xs-B", OppositeRegionId=REGION, OppositeRouterType="VRouter")
    vbr_owner.expect("InvalidAliuid", 400, "CreateRouterInterface", OppositeInterfaceOwnerId="1111111111111111",
                     **initiator)
    ri_id = vbr_owner.call("CreateRouterInterface", **initiator)["RouterInterfaceId"]
    vbr_owner.expect("InvalidAliuid", 400, "ModifyRouterInterfaceAttribute", RouterInterfaceId=ri_id,
                     OppositeInterfaceOwnerId="not-a-uid")
    # The caller's own UID is a known owner, echoed back (§2.3).
    vbr_owner.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=ri_id, OppositeInterfaceOwnerId=ACCOUNT_UID)
    assert vbr_owner.describe_ri(ri_id)["OppositeInterfaceOwnerId"] == ACCOUNT_UID

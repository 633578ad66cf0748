"""Several accounts (topologies reference §2.3): each key pair and STS identity acts as its account, every resource
has an owner, and an account neither lists nor reaches another account's resources."""

import json
import urllib.request

from alibabacloud_vpc20160428 import models

from conftest import PC_ID, Api, pair_across, second_account
from support.emulator import REGION
from support.fixture_ids import (ACCOUNT_UID, SECOND_ACCESS_KEY_ID, SECOND_ACCESS_KEY_SECRET, SECOND_ACCOUNT_UID,
                                 VPC_ROUTER6, VPC_TABLE2, VPC_TABLE6)
from support.tea import tea_client

SECOND_STS = ("STS.test-second-sts-key-id", "test-second-sts-secret", "test-second-security-token")


def tables(api):
    return [t["RouteTableId"] for t in api.call("DescribeRouteTableList")["RouterTableList"]["RouterTableListType"]]


def admin_state(emulator, query):
    with urllib.request.urlopen(emulator.url + "/_emulator/state" + query, timeout=10) as response:
        return json.loads(response.read())


def test_fixtures_endpoint_shows_both_accounts_and_where_each_vpc_lives(clean_emulator):
    fixtures = clean_emulator.fixtures()
    first, second = fixtures["accounts"]
    assert (first["Uid"], first["AccessKeyId"], first["AccessKeySecret"]) == (
        ACCOUNT_UID, "test-access-key-id", "test-access-key-secret")
    assert (second["Uid"], second["AccessKeyId"], second["AccessKeySecret"]) == (
        SECOND_ACCOUNT_UID, SECOND_ACCESS_KEY_ID, SECOND_ACCESS_KEY_SECRET)
    assert [sts["AccessKeyId"] for sts in second["StsIdentities"]] == [SECOND_STS[0]]
    placed = {v["VpcId"]: (v.get("OwnerUid"), v.get("RegionId")) for v in fixtures["vpcs"]}
    assert placed == {"vpc-emu0001": (None, None), "vpc-emu0002": (None, None), "vpc-emu0003": (None, None),
                      "vpc-emu0004": (None, None), "vpc-emu0005": (None, "cn-shanghai"),
                      "vpc-emu0006": (SECOND_ACCOUNT_UID, None), "vpc-emu0007": (SECOND_ACCOUNT_UID, "cn-shanghai")}


def test_each_account_lists_only_its_own_vpc_tables_and_circuits(clean_emulator):
    first, second = Api(clean_emulator.url), second_account(clean_emulator.url)
    assert VPC_TABLE2 in tables(first) and VPC_TABLE6 not in tables(first)
    assert tables(second) == [VPC_TABLE6]
    assert second.call("DescribePhysicalConnections")["TotalCount"] == 0
    assert first.call("DescribePhysicalConnections")["TotalCount"] == 3
    second.expect("InvalidRouteTableId.NotFound", 404, "DescribeRouteEntryList", RouteTableId=VPC_TABLE2)
    first.expect("InvalidRouteTableId.NotFound", 404, "DescribeRouteEntryList", RouteTableId=VPC_TABLE6)


def test_the_second_accounts_sts_identity_acts_as_that_account(clean_emulator):
    key_id, secret, token = SECOND_STS
    sts = tea_client(clean_emulator, key_id=key_id, secret=secret, token=token)
    listed = sts.describe_route_table_list(models.DescribeRouteTableListRequest(region_id=REGION))
    assert [t.route_table_id for t in listed.body.router_table_list.router_table_list_type] == [VPC_TABLE6]


def test_another_accounts_vbr_is_neither_listed_nor_reached(clean_emulator):
    first, second = Api(clean_emulator.url), second_account(clean_emulator.url)
    vbr_id = first.vbr()
    assert first.describe_vbr(vbr_id)["PhysicalConnectionOwnerUid"] == ACCOUNT_UID
    assert second.describe_vbr(vbr_id) is None
    assert second.call("DescribeVirtualBorderRouters")["TotalCount"] == 0
    second.expect("InvalidVbrId.NotFound", 400, "ModifyVirtualBorderRouterAttribute", VbrId=vbr_id, Name="mine")
    second.expect("InvalidVbrId.NotFound", 404, "TerminateVirtualBorderRouter", VbrId=vbr_id)
    second.expect("InvalidVbrId.NotFound", 404, "DeleteVirtualBorderRouter", VbrId=vbr_id)
    second.expect("InvalidVbrId.NotFound", 404, "CreateBgpGroup", RouterId=vbr_id, PeerAsn=65010)
    second.expect("InvalidResourceId.NotFound", 404, "TagResourcesForExpressConnect",
                  ResourceType="VIRTUALBORDERROUTER", ResourceId=[vbr_id], Tag=[{"Key": "owner", "Value": "second"}])
    second.expect("InvalidRouteTableId.NotFound", 404, "DescribeRouteEntryList", RouteTableId=first.vbr_table(vbr_id))
    assert first.describe_vbr(vbr_id)["Name"] == "" and first.describe_vbr(vbr_id)["Status"] == "active"


def test_another_accounts_circuit_cannot_carry_a_vbr(clean_emulator):
    second_account(clean_emulator.url).expect(
        "InvalidPhysicalConnectionId.NotFound", 400, "CreateVirtualBorderRouter", PhysicalConnectionId=PC_ID,
        VlanId=10, LocalGatewayIp="10.0.0.1", PeerGatewayIp="10.0.0.2", PeeringSubnetMask="255.255.255.252")


def test_another_accounts_routers_cannot_carry_an_interface(clean_emulator):
    first, second = Api(clean_emulator.url), second_account(clean_emulator.url)
    second.expect("InvalidRouterId.NotFound", 404, "CreateRouterInterface", Spec="Mini.2", Role="InitiatingSide",
                  RouterType="VBR", RouterId=first.vbr(), AccessPointId="ap-cn-hangzhou-xs-B", OppositeRegionId=REGION)
    first.expect("InvalidRouterId.NotFound", 404, "CreateRouterInterface", Spec="Negative", Role="AcceptingSide",
                 RouterType="VRouter", RouterId=VPC_ROUTER6, OppositeRegionId=REGION)


def test_another_accounts_interface_answers_the_owner_refusals(clean_emulator):
    first, second = Api(clean_emulator.url), second_account(clean_emulator.url)
    initiator, _ = pair_across(first, first.vbr(), first, "vrt-emu0002", connect=False)
    assert second.describe_ri(initiator) is None
    second.expect("Forbbiden", 400, "ModifyRouterInterfaceAttribute", RouterInterfaceId=initiator, Name="mine")
    second.expect("Forbbiden", 400, "ActivateRouterInterface", RouterInterfaceId=initiator)
    second.expect("InvalidInstanceOwner.Error", 400, "ModifyRouterInterfaceSpec", RouterInterfaceId=initiator,
                  Spec="Mini.5")
    second.expect("IllegalParam.InstanceOwner", 400, "DeleteRouterInterface", RouterInterfaceId=initiator)
    second.expect("InvalidRouterInterfaceId.NotFound", 404, "DeactivateRouterInterface", RouterInterfaceId=initiator)
    second.expect("InvalidRouterInterfaceId.NotFound", 404, "ConnectRouterInterface", RouterInterfaceId=initiator)
    second.expect("InvalidRouterInterfaceId.NotFound", 404, "ModifyRouterInterfaceAttribute",
                  RouterInterfaceId="ri-nosuchinterface", Name="mine")
    assert first.describe_ri(initiator)["Status"] == "Idle" and first.describe_ri(initiator)["Name"] == ""


def test_router_interface_owner_filter_matches_the_callers_uid(clean_emulator):
    first = Api(clean_emulator.url)
    initiator, acceptor = pair_across(first, first.vbr(), first, "vrt-emu0002", connect=False)
    listed = lambda uid: [ri["RouterInterfaceId"] for ri in first.call(  # noqa: E731
        "DescribeRouterInterfaces", Filter=[{"Key": "RouterInterfaceOwnerId", "Value": [uid]}])[
        "RouterInterfaceSet"]["RouterInterfaceType"]]
    assert listed(ACCOUNT_UID) == [initiator, acceptor]
    assert listed(SECOND_ACCOUNT_UID) == []


def test_state_shows_the_default_world_unless_asked_for_all(clean_emulator):
    vbr_id = Api(clean_emulator.url).vbr()
    default = clean_emulator.state()
    assert VPC_TABLE6 not in [t["RouteTableId"] for t in default["RouteTables"]]
    assert [v["VbrId"] for v in default["VirtualBorderRouters"]] == [vbr_id]
    everything = admin_state(clean_emulator, "?account=all&region=all")
    assert {"vtb-emu0005", VPC_TABLE6, "vtb-emu0007"} <= {t["RouteTableId"] for t in everything["RouteTables"]}
    seconds = admin_state(clean_emulator, "?account=%s" % SECOND_ACCOUNT_UID)
    assert [t["RouteTableId"] for t in seconds["RouteTables"]] == [VPC_TABLE6]
    assert seconds["VirtualBorderRouters"] == []



def test_a_client_token_belongs_to_its_account(clean_emulator):
    """The same token in two accounts, with other parameters: two creates, neither a parameter mismatch."""
    first, second = Api(clean_emulator.url), second_account(clean_emulator.url)
    mine = first.call("CreateRouterInterface", ClientToken="landing-zone", Spec="Mini.2", Role="InitiatingSide",
                      RouterType="VBR", RouterId=first.vbr(), AccessPointId="ap-cn-hangzhou-xs-B",
                      OppositeRegionId=REGION)["RouterInterfaceId"]
    theirs = dict(ClientToken="landing-zone", Spec="Negative", Role="AcceptingSide", RouterType="VRouter",
                  RouterId=VPC_ROUTER6, OppositeRegionId=REGION)
    created = second.call("CreateRouterInterface", **theirs)["RouterInterfaceId"]
    assert created != mine
    assert second.call("CreateRouterInterface", **theirs)["RouterInterfaceId"] == created  # replayed in its account
    assert second.call("DescribeRouterInterfaces")["TotalCount"] == 1

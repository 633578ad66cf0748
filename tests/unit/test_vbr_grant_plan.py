"""ali_vbr_grant's pure parts: input rules, what the grant relations mean for this task, and the one call planned."""

from types import SimpleNamespace

from ansible_collections.aliyun.express_connect.plugins.modules import ali_vbr_grant as grant

OWNER, OTHER_OWNER = "1000000000000002", "1000000000000003"


def module(**params):
    base = dict(state="present", instance_id="vpc-1", vbr_owner_uid=OWNER, vbr_region_id="cn-shanghai",
                grant_type="All", vbr_instance_ids=None)
    base.update(params)
    return SimpleNamespace(params=base)


def relation(grant_type, vbr="", owner=OWNER, region="cn-shanghai", status="Created"):
    # VbrOwnerUid is a number in the API's answer.
    return dict(InstanceId="vpc-1", VbrOwnerUid=int(owner), VbrRegionNo=region, GrantType=grant_type,
                VbrInstanceId=vbr, Status=status)


def test_input_rules_name_the_option():
    assert grant.validate(module().params) == []
    errors = grant.validate(module(vbr_owner_uid="acct", vbr_region_id="Shanghai!", instance_id="vbr-1").params)
    assert [e.split(" ")[0] for e in errors] == ["vbr_owner_uid", "vbr_region_id", "instance_id"]
    assert grant.validate(module(vbr_instance_ids=["vbr-1"]).params) == [
        "vbr_instance_ids is only valid with grant_type=Specify (All grants every VBR)"]
    assert grant.validate(module(grant_type="Specify").params) == ["vbr_instance_ids is required with grant_type=Specify"]
    assert grant.validate(module(grant_type="Specify", vbr_instance_ids=["vpc-2"]).params) == [
        "vbr_instance_ids: 'vpc-2' is not a VBR ID (vbr-...)"]


def test_only_this_owner_and_region_count():
    found = [relation("All", owner=OTHER_OWNER), relation("ALL", region="cn-beijing"), relation("Specify", "vbr-1"),
             relation("specify", "vbr-2")]
    assert grant.granted(module(), found) == (False, ["vbr-1", "vbr-2"])
    assert grant.granted(module(), found + [relation("ALL")]) == (True, ["vbr-1", "vbr-2"])


def test_all_is_granted_once_and_revoked_once():
    assert grant.plan(module(), False, []) == ("GrantInstanceToVbr", [], (True, []))
    assert grant.plan(module(), True, []) == (None, [], (True, []))
    assert grant.plan(module(state="absent"), True, []) == ("RevokeInstanceFromVbr", [], (False, []))
    assert grant.plan(module(state="absent"), False, []) == (None, [], (False, []))


def test_specify_adds_what_is_missing_and_revokes_what_is_there():
    specify = dict(grant_type="Specify", vbr_instance_ids=["vbr-1", "vbr-2", "vbr-1"])
    assert grant.plan(module(**specify), False, ["vbr-1", "vbr-9"]) == (
        "GrantInstanceToVbr", ["vbr-2"], (False, ["vbr-1", "vbr-9", "vbr-2"]))
    assert grant.plan(module(**specify), False, ["vbr-2", "vbr-1"])[0] is None
    assert grant.plan(module(state="absent", **specify), False, ["vbr-1", "vbr-9"]) == (
        "RevokeInstanceFromVbr", ["vbr-1"], (False, ["vbr-9"]))
    assert grant.plan(module(state="absent", **specify), False, ["vbr-9"])[0] is None


def test_the_grant_view_is_empty_without_a_grant():
    assert grant.grant_view(module(), False, ["vbr-1"]) == {}
    assert grant.grant_view(module(), True, []) == dict(instance_id="vpc-1", vbr_owner_uid=OWNER,
                                                          vbr_region_id="cn-shanghai", grant_type="All",
                                                          vbr_instance_ids=[])
    specify = module(grant_type="Specify", vbr_instance_ids=["vbr-2"])
    assert grant.grant_view(specify, False, ["vbr-2", "vbr-1"])["vbr_instance_ids"] == ["vbr-1", "vbr-2"]

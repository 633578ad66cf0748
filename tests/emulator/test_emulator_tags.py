"""Tags on VBRs and router interfaces through the real SDK: at create, the Describe filter, the four
*ForExpressConnect actions, their limits and rules, and what the call log counts as a change."""

import pytest
from alibabacloud_vpc20160428 import models

from conftest import GATEWAYS, PC_ID
from support.emulator import REGION
from support.tea import tea_client

TAG, UNTAG = "TagResourcesForExpressConnect", "UntagResourcesForExpressConnect"
LIST, KEYS = "ListTagResourcesForExpressConnect", "DescribeTagKeysForExpressConnect"
VBR, RI = "VIRTUALBORDERROUTER", "ROUTERINTERFACE"
THE_VBR = "<the test's VBR>"  # stands for an id made inside the test
VBR_RI = dict(Spec="Large.2", Role="InitiatingSide", RouterType="VBR", OppositeRegionId=REGION,
              AccessPointId="ap-cn-hangzhou-xs-B")


def pairs(**tags):
    return [{"Key": key, "Value": value} for key, value in tags.items()]


def many(count, prefix="k"):
    return [{"Key": "%s%02d" % (prefix, n), "Value": "v"} for n in range(count)]


def vbr_tags(api, vbr_id):
    return api.describe_vbr(vbr_id)["Tags"]["Tags"]


def rows(api, **params):
    found = api.call(LIST, **params)["TagResources"]["TagResource"]
    return [(r["ResourceId"], r["ResourceType"], r["TagKey"], r["TagValue"]) for r in found]


def vbr_ids(api, *tags):
    found = api.call("DescribeVirtualBorderRouters", Tags=list(tags))
    return {item["VbrId"] for item in found["VirtualBorderRouterSet"]["VirtualBorderRouterType"]}


# At create, and in Describe ---------------------------------------------------------------------------------
def test_tags_given_at_create_are_in_describe_items_and_the_state(api, clean_emulator):
    vbr_id = api.vbr(Tags=pairs(env="prod", owner=""))
    ri_id = api.call("CreateRouterInterface", RouterId=vbr_id, Tags=pairs(role="uplink"), **VBR_RI)[
        "RouterInterfaceId"]
    assert vbr_tags(api, vbr_id) == pairs(env="prod", owner="")  # an empty value is a value
    assert api.describe_ri(ri_id)["Tags"]["Tags"] == pairs(role="uplink")
    state = clean_emulator.state()
    assert state["VirtualBorderRouters"][0]["Tags"] == {"Tags": pairs(env="prod", owner="")}
    assert state["RouterInterfaces"][0]["Tags"] == {"Tags": pairs(role="uplink")}
    untagged = api.vbr(vlan=11)
    assert vbr_tags(api, untagged) == []


def test_singular_tag_on_a_create_is_ignored(api):
    """Terraform sends `Tag.N` on a create and tags again afterwards; [META] and the SDKs name `Tags.N`."""
    vbr_id = api.vbr(**{"Tag.1.Key": "env", "Tag.1.Value": "prod"})
    assert vbr_tags(api, vbr_id) == []


def test_tags_are_bound_with_the_create_before_it_takes_effect(api, clean_emulator):
    clean_emulator.configure(latency_scale=1.0, profile={"vbr_create": 30})
    vbr_id = api.vbr(Tags=pairs(env="prod"))
    assert [v["Tags"] for v in clean_emulator.state()["VirtualBorderRouters"]] == [{"Tags": pairs(env="prod")}]
    # Like every by-id action, the tag actions do not find it until then.
    api.expect("InvalidResourceId.NotFound", 404, TAG, ResourceType=VBR, ResourceId=[vbr_id], Tag=pairs(a="b"))
    api.expect("InvalidResourceId.NotFound", 404, LIST, ResourceType=VBR, ResourceId=[vbr_id])


@pytest.mark.parametrize("wanted, expected", [
    ([{"Key": "env", "Value": "prod"}], {"prod-a", "prod-b"}),
    ([{"Key": "env", "Value": "test"}], {"test"}),
    ([{"Key": "env", "Value": "dev"}], set()),
    ([{"Key": "env"}], {"prod-a", "prod-b", "test"}),  # a key alone: any value of it
    ([{"Key": "env", "Value": ""}], {"prod-a", "prod-b", "test"}),
    ([{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "net"}], {"prod-a"}),  # every pair (AND)
    ([{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "db"}], set()),
    ([{"Key": "missing"}], set()),
])
def test_describe_tag_filter(api, wanted, expected):
    named = {api.vbr(vlan=20, Tags=pairs(env="prod", team="net")): "prod-a",
             api.vbr(vlan=21, Tags=pairs(env="prod")): "prod-b",
             api.vbr(vlan=22, Tags=pairs(env="test", team="net")): "test",
             api.vbr(vlan=23): "untagged"}
    assert {named[v] for v in vbr_ids(api, *wanted)} == expected


def test_describe_router_interfaces_tag_filter(api):
    vbr_id = api.vbr()
    tagged = api.call("CreateRouterInterface", RouterId=vbr_id, Tags=pairs(env="prod"), **VBR_RI)[
        "RouterInterfaceId"]
    api.call("CreateRouterInterface", RouterId=vbr_id, **VBR_RI)

    def listed(*wanted):
        found = api.call("DescribeRouterInterfaces", Tags=list(wanted))
        return [item["RouterInterfaceId"] for item in found["RouterInterfaceSet"]["RouterInterfaceType"]]
    assert listed({"Key": "env", "Value": "prod"}) == [tagged]
    assert listed({"Key": "env"}) == [tagged]
    assert listed({"Key": "env", "Value": "test"}) == []
    assert len(listed()) == 2


@pytest.mark.parametrize("action", ["DescribeVirtualBorderRouters", "DescribeRouterInterfaces"])
def test_describe_tag_filter_value_without_key(api, action):
    api.expect("MissingParameter", 400, action, Tags=[{"Value": "prod"}])


# Tag, List, Untag ---------------------------------------------------------------------------------------------
def test_tag_list_untag(api, clean_emulator):
    first, second = api.vbr(vlan=30), api.vbr(vlan=31)
    api.call(TAG, ResourceType=VBR, ResourceId=[first, second], Tag=pairs(env="prod", team="net"))
    assert rows(api, ResourceType=VBR, ResourceId=[first]) == [(first, VBR, "env", "prod"), (first, VBR, "team", "net")]
    assert vbr_tags(api, second) == pairs(env="prod", team="net")
    api.call(UNTAG, ResourceType=VBR, ResourceId=[first], TagKey=["team", "absent"])  # an absent key: no error
    assert vbr_tags(api, first) == pairs(env="prod")
    api.call(UNTAG, ResourceType=VBR, ResourceId=[first, second], All=True)
    assert rows(api, ResourceType=VBR, ResourceId=[first, second]) == []
    assert [v["Tags"] for v in clean_emulator.state()["VirtualBorderRouters"]] == [{"Tags": []}, {"Tags": []}]


def test_tag_on_router_interfaces_and_physical_connections(api):
    ri_id = api.call("CreateRouterInterface", RouterId=api.vbr(), **VBR_RI)["RouterInterfaceId"]
    api.call(TAG, ResourceType=RI, ResourceId=[ri_id], Tag=pairs(link="a"))
    api.call(TAG, ResourceType="PHYSICALCONNECTION", ResourceId=[PC_ID], Tag=pairs(site="hz"))
    assert api.describe_ri(ri_id)["Tags"]["Tags"] == pairs(link="a")
    assert rows(api, ResourceType="PHYSICALCONNECTION", ResourceId=[PC_ID]) == [
        (PC_ID, "PHYSICALCONNECTION", "site", "hz")]
    api.call(UNTAG, ResourceType=RI, ResourceId=[ri_id], TagKey=["link"])
    assert api.describe_ri(ri_id)["Tags"]["Tags"] == []


def test_tag_overwrites_the_value_of_an_existing_key_in_place(api):
    vbr_id = api.vbr(Tags=pairs(env="test", team="net"))
    api.call(TAG, ResourceType=VBR, ResourceId=[vbr_id], Tag=pairs(env="prod", cost="42"))
    assert vbr_tags(api, vbr_id) == pairs(env="prod", team="net", cost="42")


def test_tags_of_a_deleting_resource_cannot_change(api, clean_emulator):
    vbr_id = api.vbr(Tags=pairs(env="prod"))
    clean_emulator.configure(latency_scale=1.0, profile={"vbr_delete": 30})
    api.call("DeleteVirtualBorderRouter", VbrId=vbr_id)
    api.expect("IncorrectStatus", 400, TAG, ResourceType=VBR, ResourceId=[vbr_id], Tag=pairs(a="b"))
    api.expect("IncorrectStatus", 400, UNTAG, ResourceType=VBR, ResourceId=[vbr_id], All=True)
    assert rows(api, ResourceType=VBR, ResourceId=[vbr_id]) == [(vbr_id, VBR, "env", "prod")]  # reads still work


# Limits and rules ---------------------------------------------------------------------------------------------
def test_twenty_tags_at_create(api, clean_emulator):
    api.vbr(vlan=40, Tags=many(20))
    api.expect("QuotaExceeded.TagNum", 400, "CreateVirtualBorderRouter", PhysicalConnectionId=PC_ID, VlanId=41,
               Tags=many(21), **GATEWAYS)
    api.expect("QuotaExceeded.TagNum", 400, "CreateRouterInterface", RouterId=api.vbr(vlan=42), Tags=many(21),
               **VBR_RI)
    assert len(clean_emulator.state()["VirtualBorderRouters"]) == 2 and clean_emulator.state()["RouterInterfaces"] == []


def test_twenty_tags_via_tag_counted_before_binding(api):
    full, roomy = api.vbr(vlan=43, Tags=many(15)), api.vbr(vlan=44)
    # 15 + 6 new keys > 20 on one of the two: nothing is bound on either.
    api.expect("QuotaExceeded.TagNum", 400, TAG, ResourceType=VBR, ResourceId=[roomy, full], Tag=many(6, "n"))
    assert (len(vbr_tags(api, full)), vbr_tags(api, roomy)) == (15, [])
    # Overwritten keys do not count twice: 15 + 5 new = 20.
    api.call(TAG, ResourceType=VBR, ResourceId=[full], Tag=many(5, "n") + many(1))
    assert len(vbr_tags(api, full)) == 20
    api.expect("QuotaExceeded.TagNum", 400, TAG, ResourceType=VBR, ResourceId=[roomy], Tag=many(21))


RULES = [
    ({"Key": "", "Value": "v"}, "InvalidTagKey.Malformed"),
    ({"Key": "k" * 129, "Value": "v"}, "InvalidTagKey.Malformed"),
    ({"Key": "aliyun-owned", "Value": "v"}, "InvalidTagKey.Malformed"),
    ({"Key": "acs:system", "Value": "v"}, "InvalidTagKey.Malformed"),
    ({"Key": "see http://x", "Value": "v"}, "InvalidTagKey.Malformed"),
    ({"Key": "see https://x", "Value": "v"}, "InvalidTagKey.Malformed"),
    ({"Key": "k", "Value": "v" * 129}, "InvalidTagValue.Malformed"),
    ({"Key": "k", "Value": "aliyun-owned"}, "InvalidTagValue.Malformed"),
    ({"Key": "k", "Value": "acs:system"}, "InvalidTagValue.Malformed"),
    ({"Key": "k", "Value": "see http://x"}, "InvalidTagValue.Malformed"),
    ({"Key": "k", "Value": "see https://x"}, "InvalidTagValue.Malformed"),
]
ACCEPTED = [{"Key": "k" * 128, "Value": "v" * 128}, {"Key": "k", "Value": ""}, {"Key": "Aliyun", "Value": "ACS:"}]


@pytest.mark.parametrize("bad, code", RULES + [([{"Key": "k", "Value": "1"}, {"Key": "k", "Value": "2"}],
                                                 "DuplicatedTagKey")])
def test_tag_rules_at_create_and_via_tag(api, clean_emulator, bad, code):
    given = bad if isinstance(bad, list) else [bad]
    api.expect(code, 400, "CreateVirtualBorderRouter", PhysicalConnectionId=PC_ID, VlanId=50, Tags=given,
               **GATEWAYS)
    vbr_id = api.vbr(vlan=51)
    api.expect(code, 400, TAG, ResourceType=VBR, ResourceId=[vbr_id], Tag=given)
    assert [v["Tags"] for v in clean_emulator.state()["VirtualBorderRouters"]] == [{"Tags": []}]


def test_tag_rules_boundaries_accepted(api):
    vbr_id = api.vbr(Tags=ACCEPTED)
    assert vbr_tags(api, vbr_id) == ACCEPTED


@pytest.mark.parametrize("resource_type", ["virtualborderrouter", "VirtualBorderRouter", "VPC", "VBR"])
def test_resource_type_is_exact_upper_case(api, resource_type):
    vbr_id = api.vbr()
    for action, params in ((TAG, {"Tag": pairs(a="b")}), (UNTAG, {"All": True}), (LIST, {}), (KEYS, {})):
        api.expect("InvalidResourceType.ValueNotSupported", 400, action, ResourceType=resource_type,
                   ResourceId=[vbr_id], **params)


@pytest.mark.parametrize("action, params", [(TAG, {"Tag": pairs(a="b")}), (UNTAG, {"All": True}), (LIST, {}),
                                            (KEYS, {})])
def test_resource_type_required(api, action, params):
    error = api.expect("MissingParameter", 400, action, ResourceId=[api.vbr()], **params)
    assert '"ResourceType"' in error.get_error_msg()


@pytest.mark.parametrize("resource_type, resource_id", [
    (VBR, "vbr-missing"), (RI, "ri-missing"), ("PHYSICALCONNECTION", "pc-missing"),
    (RI, THE_VBR),  # a VBR's id under another type
    ("TRAFFICQOS", "qos-any"),  # a valid type with no resources here
])
@pytest.mark.parametrize("action, params", [(TAG, {"Tag": pairs(a="b")}), (UNTAG, {"All": True}), (LIST, {}),
                                            (KEYS, {})])
def test_unknown_resource_ids(api, resource_type, resource_id, action, params):
    known = api.vbr()
    resource_id = known if resource_id == THE_VBR else resource_id
    error = api.expect("InvalidResourceId.NotFound", 404, action, ResourceType=resource_type,
                       ResourceId=[known, resource_id] if resource_type == VBR else [resource_id], **params)
    assert resource_id in error.get_error_msg()


def test_nothing_changes_when_one_id_is_unknown(api):
    vbr_id = api.vbr()
    api.expect("InvalidResourceId.NotFound", 404, TAG, ResourceType=VBR, ResourceId=[vbr_id, "vbr-missing"],
               Tag=pairs(a="b"))
    assert vbr_tags(api, vbr_id) == []


def test_tags_are_region_scoped(api):
    vbr_id = api.vbr(Tags=pairs(env="prod"))
    api.expect("InvalidResourceId.NotFound", 404, TAG, RegionId="cn-beijing", ResourceType=VBR,
               ResourceId=[vbr_id], Tag=pairs(a="b"))
    assert rows(api, RegionId="cn-beijing", ResourceType=VBR, Tag=[{"Key": "env"}]) == []
    assert rows(api, ResourceType=VBR, **{"Tag.1.Key": "env"}) == [(vbr_id, VBR, "env", "prod")]


def test_traffic_qos_is_accepted_and_holds_nothing(api):
    api.vbr(Tags=pairs(env="prod"))
    assert rows(api, ResourceType="TRAFFICQOS", **{"Tag.1.Key": "env"}) == []
    assert api.call(KEYS, ResourceType="TRAFFICQOS")["TagKeys"]["TagKey"] == []


@pytest.mark.parametrize("action, params, named", [
    (TAG, {"Tag": pairs(a="b")}, "ResourceId.N"),
    (TAG, {"ResourceId": [THE_VBR]}, "Tag.N.Key"),
    (UNTAG, {"ResourceId": [THE_VBR]}, "TagKey.N"),  # neither keys nor All=true
    (UNTAG, {"ResourceId": [THE_VBR], "All": False}, "TagKey.N"),
    (UNTAG, {"All": True}, "ResourceId.N"),
    (LIST, {}, "ResourceId.N or Tag.N"),
    (LIST, {"Tag.1.Value": "prod"}, "Tag.N.Key"),  # a value alone
])
def test_missing_parameters(api, action, params, named):
    vbr_id = api.vbr()
    params = {name: [vbr_id] if value == [THE_VBR] else value for name, value in params.items()}
    error = api.expect("MissingParameter", 400, action, ResourceType=VBR, **params)
    assert '"%s"' % named in error.get_error_msg()


@pytest.mark.parametrize("action, params", [
    (TAG, {"Tag": pairs(a="b")}), (UNTAG, {"All": True}), (LIST, {}), (KEYS, {}),
])
def test_at_most_twenty_resource_ids(api, action, params):
    error = api.expect("InvalidParameter", 400, action, ResourceType=VBR,
                       ResourceId=["vbr-%02d" % n for n in range(21)], **params)
    assert '"ResourceId"' in error.get_error_msg()


def test_at_most_twenty_keys_to_untag_or_list(api):
    vbr_id = api.vbr()
    api.expect("InvalidParameter", 400, UNTAG, ResourceType=VBR, ResourceId=[vbr_id],
               TagKey=["k%02d" % n for n in range(21)])
    api.expect("InvalidParameter", 400, LIST, ResourceType=VBR, Tag=many(21))


# ListTagResources ---------------------------------------------------------------------------------------------
def test_list_by_tag_key_alone_gives_every_value(api):
    prod = api.vbr(vlan=60, Tags=pairs(env="prod", team="net"))
    test = api.vbr(vlan=61, Tags=pairs(env="test"))
    other = api.vbr(vlan=62, Tags=pairs(team="db"))
    assert rows(api, ResourceType=VBR, **{"Tag.1.Key": "env"}) == [(prod, VBR, "env", "prod"),
                                                                    (test, VBR, "env", "test")]
    assert rows(api, ResourceType=VBR, Tag=pairs(env="prod")) == [(prod, VBR, "env", "prod")]
    # Ids and tags: the named resources that match every pair; only the given keys' rows.
    assert rows(api, ResourceType=VBR, ResourceId=[test, other], **{"Tag.1.Key": "env"}) == [
        (test, VBR, "env", "test")]
    assert rows(api, ResourceType=VBR, Tag=pairs(env="prod", team="net")) == [
        (prod, VBR, "env", "prod"), (prod, VBR, "team", "net")]
    assert rows(api, ResourceType=VBR, Tag=pairs(env="prod", team="db")) == []


def test_list_pagination(api):
    first, second = api.vbr(vlan=70, Tags=many(15)), api.vbr(vlan=71, Tags=many(10))
    every = rows(api, ResourceType=VBR, ResourceId=[first, second], MaxResults=100)
    assert len(every) == 25 and every[0] == (first, VBR, "k00", "v") and every[15] == (second, VBR, "k00", "v")
    default = api.call(LIST, ResourceType=VBR, ResourceId=[first, second])
    assert (len(default["TagResources"]["TagResource"]), default["NextToken"]) == (20, "20")
    seen, token, pages = [], None, 0
    while token != "":
        page = api.call(LIST, ResourceType=VBR, ResourceId=[first, second], MaxResults=10,
                        **({"NextToken": token} if token else {}))
        seen += [(r["ResourceId"], r["TagKey"]) for r in page["TagResources"]["TagResource"]]
        token, pages = page["NextToken"], pages + 1
    assert pages == 3 and seen == [(r[0], r[2]) for r in every]


@pytest.mark.parametrize("params", [{"MaxResults": 0}, {"MaxResults": 101}, {"MaxResults": "x"},
                                    {"NextToken": "not-a-token"}])
def test_list_paging_parameters(api, params):
    api.expect("InvalidParameter", 400, LIST, ResourceType=VBR, ResourceId=[api.vbr()], **params)


# DescribeTagKeys ----------------------------------------------------------------------------------------------
def test_describe_tag_keys(api):
    first = api.vbr(vlan=80, Tags=pairs(env="prod", Team="net"))
    second = api.vbr(vlan=81, Tags=pairs(env="test", cost="1"))
    api.call(TAG, ResourceType="PHYSICALCONNECTION", ResourceId=[PC_ID], Tag=pairs(site="hz"))

    def keys(**params):
        found = api.call(KEYS, ResourceType=VBR, **params)["TagKeys"]["TagKey"]
        assert {k["Type"] for k in found} <= {"Custom"}
        return [k["TagKey"] for k in found]
    assert keys() == ["Team", "cost", "env"]  # distinct, sorted, only this type's
    assert keys(ResourceId=[first]) == ["Team", "env"]
    assert keys(Keyword="TEA") == ["Team"]  # fuzzy: a substring, any case
    assert keys(Keyword="e", ResourceId=[second]) == ["env"]
    page = api.call(KEYS, ResourceType=VBR, MaxResult=2)
    assert ([k["TagKey"] for k in page["TagKeys"]["TagKey"]], page["NextToken"]) == (["Team", "cost"], "2")
    last = api.call(KEYS, ResourceType=VBR, MaxResult=2, NextToken="2")
    assert ([k["TagKey"] for k in last["TagKeys"]["TagKey"]], last["NextToken"]) == (["env"], "")
    api.expect("InvalidParameter", 400, KEYS, ResourceType=VBR, MaxResult=101)


# Call log -----------------------------------------------------------------------------------------------------
def test_call_log_counts_tag_and_untag_as_changes(api, clean_emulator):
    vbr_id = api.vbr()
    api.call(TAG, ResourceType=VBR, ResourceId=[vbr_id], Tag=pairs(a="b"))
    api.call(LIST, ResourceType=VBR, ResourceId=[vbr_id])
    api.call(KEYS, ResourceType=VBR)
    api.call(UNTAG, ResourceType=VBR, ResourceId=[vbr_id], All=True)
    assert [(c["action"], c["mutating"]) for c in clean_emulator.calls()[1:]] == [
        (TAG, True), (LIST, False), (KEYS, False), (UNTAG, True)]


# Today's SDK ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("signature_algorithm", [None, "v2"])
def test_tag_and_list_through_the_tea_client(api, clean_emulator, signature_algorithm):
    vbr_id = api.vbr(Tags=pairs(env="prod"))
    client = tea_client(clean_emulator, signature_algorithm)
    client.tag_resources_for_express_connect(models.TagResourcesForExpressConnectRequest(
        region_id=REGION, resource_type=VBR, resource_id=[vbr_id],
        tag=[models.TagResourcesForExpressConnectRequestTag(key="team", value="net")]))
    found = client.list_tag_resources_for_express_connect(models.ListTagResourcesForExpressConnectRequest(
        region_id=REGION, resource_type=VBR, tag=[models.ListTagResourcesForExpressConnectRequestTag(key="team")]))
    assert [(r.resource_id, r.tag_key, r.tag_value) for r in found.body.tag_resources.tag_resource] == [
        (vbr_id, "team", "net")]
    assert found.body.next_token == ""

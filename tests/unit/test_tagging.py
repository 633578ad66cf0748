"""module_utils/tagging: conversions, validation, comparison, prediction and the order of the tag calls."""

import pytest

from ansible_collections.aliyun.express_connect.plugins.module_utils import tagging
from ansible_collections.aliyun.express_connect.plugins.module_utils.client import flatten
from ansible_collections.aliyun.express_connect.plugins.module_utils.errors import AlicloudError


class RecordingClient:
    region = "cn-hangzhou"

    def __init__(self):
        self.calls = []

    def call(self, action, params=None, **kwargs):
        self.calls.append((action, dict(flatten(params))))
        return {"RequestId": "req"}


# -- conversions ---------------------------------------------------------------------------------------------
def test_api_list_to_dict_and_back():
    api = {"Tags": [{"Key": "env", "Value": "prod"}, {"Key": "Owner", "Value": ""}]}
    assert tagging.from_api(api) == {"env": "prod", "Owner": ""}
    assert tagging.from_api(api["Tags"]) == {"env": "prod", "Owner": ""}
    assert tagging.from_api(None) == {} and tagging.from_api({}) == {} and tagging.from_api({"Tags": None}) == {}
    assert tagging.to_api({"env": "prod", "Owner": ""}) == [{"Key": "Owner", "Value": ""}, {"Key": "env", "Value": "prod"}]
    assert tagging.to_api(None) == []


def test_a_missing_value_is_the_empty_string():
    assert tagging.from_api([{"Key": "k"}, {"Key": "v", "Value": None}]) == {"k": "", "v": ""}


def test_create_parameter_flattens_to_tags_n():
    assert flatten({"Tags": tagging.to_api({"b": "2", "a": "1"})}) == [
        ("Tags.1.Key", "a"), ("Tags.1.Value", "1"), ("Tags.2.Key", "b"), ("Tags.2.Value", "2")]


def test_option_values_become_text():
    assert tagging.from_option({"cost": 100, "on": True, "none": None, "s": "x"}) == \
        {"cost": "100", "on": "True", "none": "", "s": "x"}
    assert tagging.from_option(None) is None
    assert tagging.from_option({}) == {}


def test_normalize_keeps_tag_keys_as_they_are():
    item = {"VbrId": "vbr-1", "PhysicalConnectionId": "pc-1",
            "Tags": {"Tags": [{"Key": "CostCenter", "Value": "A1"}, {"Key": "aliyun:x", "Value": "y"}]}}
    assert tagging.normalize(item) == {"vbr_id": "vbr-1", "physical_connection_id": "pc-1",
                                       "tags": {"CostCenter": "A1", "aliyun:x": "y"}}
    assert tagging.normalize({"VbrId": "vbr-1"})["tags"] == {}


def test_with_tags_replaces_the_api_field_and_leaves_the_item_alone():
    item = {"VbrId": "vbr-1", "Tags": {"Tags": [{"Key": "a", "Value": "1"}]}}
    tagged = tagging.with_tags(item, {"b": "2"})
    assert tagged == {"VbrId": "vbr-1", "Tags": {"Tags": [{"Key": "b", "Value": "2"}]}}
    assert tagging.item_tags(item) == {"a": "1"}


# -- validation ----------------------------------------------------------------------------------------------
def test_valid_tags_have_no_errors():
    assert tagging.validate(None) == []
    assert tagging.validate({}) == []
    tags = dict(("k%d" % n, "") for n in range(20))
    tags["k0"] = "v" * 128
    tags["K" * 128] = tags.pop("k1")
    assert tagging.validate(tags) == []


@pytest.mark.parametrize("tags, rule", [
    ({"": "v"}, "a key must not be empty"),
    ({"k" * 129: "v"}, "must be at most 128 characters, got 129"),
    ({"k": "v" * 129}, "the value of 'k' must be at most 128 characters, got 129"),
    ({"aliyun-x": "v"}, "key 'aliyun-x' must not start with 'aliyun' or 'acs:'"),
    ({"acs:rm:rgId": "v"}, "must not start with 'aliyun' or 'acs:'"),
    ({"k": "acs:x"}, "the value of 'k' ('acs:x') must not start with 'aliyun' or 'acs:'"),
    ({"see http://x": "v"}, "must not contain 'http://' or 'https://'"),
    ({"k": "https://example.com"}, "must not contain 'http://' or 'https://'"),
    (dict(("k%d" % n, "v") for n in range(21)), "at most 20 tags per resource, got 21"),
])
def test_each_rule_is_named_with_the_option(tags, rule):
    errors = tagging.validate(tags)
    assert len(errors) == 1, errors
    assert errors[0].startswith("tags: ") and rule in errors[0]


def test_count_after_a_merge():
    assert tagging.count_error(dict(("k%d" % n, "") for n in range(20))) is None
    # System tags do not count against the user's 20.
    assert tagging.count_error(dict([("k%d" % n, "") for n in range(20)] + [("aliyun:x", "")])) is None
    message = tagging.count_error(dict(("k%d" % n, "") for n in range(21)))
    assert message.startswith("tags: ") and "purge_tags=false" in message and "21" in message


# -- comparison ----------------------------------------------------------------------------------------------
CURRENT = {"env": "prod", "owner": "net", "aliyun:created-by": "console", "acs:rm:rgId": "rg-1"}


def test_unset_tags_change_nothing():
    assert tagging.compare(CURRENT, None, purge=True) == ({}, [])


def test_same_tags_change_nothing():
    assert tagging.compare(CURRENT, {"env": "prod", "owner": "net"}, purge=True) == ({}, [])


def test_changed_and_added_values_are_set():
    assert tagging.compare(CURRENT, {"env": "dev", "owner": "net", "new": ""}, purge=True) == (
        {"env": "dev", "new": ""}, [])


def test_purge_removes_unlisted_keys_but_never_system_ones():
    assert tagging.compare(CURRENT, {"env": "prod"}, purge=True) == ({}, ["owner"])
    assert tagging.compare(CURRENT, {}, purge=True) == ({}, ["env", "owner"])


def test_no_purge_keeps_unlisted_keys():
    assert tagging.compare(CURRENT, {"env": "dev"}, purge=False) == ({"env": "dev"}, [])
    assert tagging.compare(CURRENT, {}, purge=False) == ({}, [])


def test_an_empty_value_differs_from_a_missing_key():
    assert tagging.compare({}, {"k": ""}) == ({"k": ""}, [])


class FakeModule:
    def __init__(self, tags, purge_tags=True):
        self.params = {"tags": tags, "purge_tags": purge_tags}


def test_changes_predict_the_tags_after():
    item = {"Tags": {"Tags": tagging.to_api(CURRENT)}}
    to_set, to_unset, after = tagging.changes(FakeModule({"env": "dev", "new": "1"}), item)
    assert to_set == {"env": "dev", "new": "1"} and to_unset == ["owner"]
    assert after == {"env": "dev", "new": "1", "aliyun:created-by": "console", "acs:rm:rgId": "rg-1"}
    assert tagging.changes(FakeModule(None), item) == ({}, [], CURRENT)


def test_changes_fail_when_keeping_the_others_passes_20():
    item = {"Tags": {"Tags": tagging.to_api(dict(("k%d" % n, "") for n in range(19)))}}
    assert len(tagging.changes(FakeModule({"a": "1"}, purge_tags=False), item)[2]) == 20
    with pytest.raises(AlicloudError, match="with the tags it already has .purge_tags=false. it would have 21"):
        tagging.changes(FakeModule({"a": "1", "b": "2"}, purge_tags=False), item)


def test_matches_every_given_pair():
    item = {"Tags": {"Tags": [{"Key": "env", "Value": "prod"}, {"Key": "owner", "Value": ""}]}}
    assert tagging.matches(item, None) and tagging.matches(item, {})
    assert tagging.matches(item, {"env": "prod"}) and tagging.matches(item, {"env": "prod", "owner": ""})
    assert not tagging.matches(item, {"env": "dev"})
    assert not tagging.matches(item, {"env": "prod", "team": "a"})
    assert not tagging.matches({"VbrId": "vbr-1"}, {"env": "prod"})


# -- the calls -----------------------------------------------------------------------------------------------
def test_apply_untags_first_then_tags():
    client = RecordingClient()
    tagging.apply(client, tagging.VIRTUAL_BORDER_ROUTER, "vbr-1", {"env": "dev", "new": ""}, ["owner", "team"])
    assert client.calls == [
        ("UntagResourcesForExpressConnect", {"ResourceType": "VIRTUALBORDERROUTER", "ResourceId.1": "vbr-1",
                                             "TagKey.1": "owner", "TagKey.2": "team"}),
        ("TagResourcesForExpressConnect", {"ResourceType": "VIRTUALBORDERROUTER", "ResourceId.1": "vbr-1",
                                           "Tag.1.Key": "env", "Tag.1.Value": "dev",
                                           "Tag.2.Key": "new", "Tag.2.Value": ""}),
    ]


def test_apply_calls_only_what_is_needed():
    client = RecordingClient()
    tagging.apply(client, tagging.ROUTER_INTERFACE, "ri-1", {}, [])
    assert client.calls == []
    tagging.apply(client, tagging.ROUTER_INTERFACE, "ri-1", {"a": "1"}, [])
    tagging.apply(client, tagging.ROUTER_INTERFACE, "ri-1", {}, ["b"])
    assert [(action, params["ResourceType"]) for action, params in client.calls] == [
        ("TagResourcesForExpressConnect", "ROUTERINTERFACE"), ("UntagResourcesForExpressConnect", "ROUTERINTERFACE")]

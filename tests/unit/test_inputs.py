"""Empty and null values of identifying options (module_utils/inputs.py), and AlicloudModule refusing them before
any call: the rules in isolation, then through a real AnsibleModule argument parse (where null and "" come from)."""

import contextlib
import json

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.aliyun.express_connect.plugins.module_utils import bgp, inputs, vbr
from ansible_collections.aliyun.express_connect.plugins.module_utils.module import AlicloudModule

CREDS = {"alicloud_access_key": "id", "alicloud_secret_key": "inputs-test-secret", "alicloud_region": "cn-hangzhou"}
SPEC = dict(
    vbr_id=dict(type="str"),
    physical_connection_id=dict(type="str", aliases=["pc"]),
    ids=dict(type="list", elements="str"),
    tags=dict(type="dict"),
    vlan_id=dict(type="int"),
    description=dict(type="str"),
    target=dict(type="str", required=True),
    routes=dict(type="list", elements="dict", options=dict(
        cidr=dict(type="str", required=True), next_hop_id=dict(type="str"))),
)


@pytest.mark.parametrize("value, message", [
    ("", "x must not be empty"),
    ("  ", "x must not be blank, got '  '"),
    ([], "x must not be an empty list"),
    (["a", "", None], "x[1] must not be empty; x[2] must not be empty"),
    ({}, "x must not be empty"),
])
def test_empty_values_are_refused_naming_the_option(value, message):
    assert "; ".join(inputs.value_errors("x", value)) == message


@pytest.mark.parametrize("value", ["vbr-1", ["a"], {"k": ""}, 0, False, None])
def test_values_and_omitted_options_pass(value):
    assert inputs.value_errors("x", value) == []


def test_null_is_refused_only_where_asked():
    assert inputs.value_errors("x", None, null_given=True) == []
    assert inputs.value_errors("x", None, null_given=True, null_refused=True) == ["x must not be null"]
    # A required string given as null reaches the module as "": still reported as null.
    assert inputs.value_errors("x", "", null_given=True) == ["x must not be null"]


def test_required_options_and_suboptions_are_checked():
    assert inputs.required_names(SPEC) == ["target", "routes.cidr"]


def test_empty_errors_cover_options_suboptions_aliases_and_filters():
    params = dict((name, None) for name in SPEC)
    params.update(target="t", vbr_id="", routes=[{"cidr": "10.0.0.0/8", "next_hop_id": ""}, {"cidr": " "}])
    raw = {"target": "t", "vbr_id": "", "pc": None, "routes": params["routes"]}
    assert inputs.empty_errors(SPEC, params, raw, not_empty=("vbr_id", "routes.next_hop_id"),
                               filters=("physical_connection_id", "vlan_id")) == [
        "vbr_id must not be empty", "routes[0].next_hop_id must not be empty",
        "physical_connection_id must not be null", "routes[1].cidr must not be blank, got ' '"]
    # Omitted (not in raw) is not null; description is not checked at all ("" may be meaningful).
    params.update(vbr_id="vbr-1", routes=None, description="")
    assert inputs.empty_errors(SPEC, params, {"target": "t"}, not_empty=("vbr_id",), filters=("vlan_id",)) == []


def test_requirement_rules_count_null_as_not_given():
    params = dict((name, None) for name in SPEC)
    params.update(target="t", physical_connection_id=None)
    raw = {"target": "t", "physical_connection_id": None}
    assert inputs.requirement_errors(SPEC, params, raw, required_one_of=[("vbr_id", "physical_connection_id")]) == [
        "one of the following is required: vbr_id, physical_connection_id (physical_connection_id is null, which "
        "counts as not given)"]
    assert inputs.requirement_errors(SPEC, dict(params, vbr_id="vbr-1", vlan_id=None),
                                     dict(raw, vlan_id=None), required_together=[("vbr_id", "vlan_id")],
                                     required_if=[("target", "t", ["vbr_id"])]) == [
        "parameters are required together: vbr_id, vlan_id (vlan_id is null, which counts as not given)"]
    assert inputs.requirement_errors(SPEC, dict(params, vbr_id="vbr-1"), raw,
                                     required_one_of=[("vbr_id", "physical_connection_id")],
                                     required_by={"vbr_id": "target"}) == []


# ---------------------------------------------------------------------------------------------------------------
# Through AlicloudModule: Ansible's own parsing first (null for a required string becomes ""), then these rules.

@pytest.fixture
def build(clean_env):
    with contextlib.ExitStack() as stack:
        def make(args, **kwargs):
            stack.enter_context(patch_module_args(dict(CREDS, **args)))
            return AlicloudModule(argument_spec=dict(SPEC), **kwargs)
        yield make


def failure(capsys, fn):
    with pytest.raises(SystemExit) as exc:
        fn()
    assert exc.value.code == 1
    result = json.loads(capsys.readouterr().out)
    assert result["failed"] is True and "Traceback" not in json.dumps(result)
    return result["msg"]


@pytest.mark.parametrize("args, kwargs, message", [
    ({"target": ""}, {}, "target must not be empty"),
    ({"target": None}, {}, "target must not be null"),
    ({"target": "t", "pc": ""}, {"not_empty": ("physical_connection_id",)}, "physical_connection_id must not be empty"),
    ({"target": "t", "pc": None}, {"filters": ("physical_connection_id",)}, "physical_connection_id must not be null"),
    ({"target": "t", "ids": []}, {"filters": ("ids",)}, "ids must not be an empty list"),
    ({"target": "t", "ids": ["vbr-1", None]}, {"filters": ("ids",)}, "ids[1] must not be empty"),
    ({"target": "t", "tags": {}}, {"filters": ("tags",)}, "tags must not be empty"),
    ({"target": "t", "vlan_id": None}, {"filters": ("vlan_id",)}, "vlan_id must not be null"),
    ({"target": "t", "routes": [{"cidr": ""}]}, {}, "routes[0].cidr must not be empty"),
    ({"target": "t", "routes": [{"cidr": "10.0.0.0/8"}, {"cidr": None}]}, {}, "routes[1].cidr must not be null"),
    ({"target": "t", "routes": [{"cidr": "10.0.0.0/8", "next_hop_id": ""}]}, {"not_empty": ("routes.next_hop_id",)},
     "routes[0].next_hop_id must not be empty"),
    ({"target": "t", "physical_connection_id": None}, {"required_one_of": [("vbr_id", "physical_connection_id")]},
     "one of the following is required: vbr_id, physical_connection_id (physical_connection_id is null"),
])
def test_module_refuses_before_building_a_client(build, capsys, args, kwargs, message):
    assert message in failure(capsys, lambda: build(args, **kwargs))


def test_module_accepts_values_omissions_and_meaningful_empties(build):
    module = build({"target": "t", "vbr_id": "vbr-1", "description": "", "tags": {}},
                   not_empty=("vbr_id", "physical_connection_id"), filters=("vlan_id",),
                   required_one_of=[("vbr_id", "physical_connection_id")])
    assert module.params["description"] == "" and module.params["physical_connection_id"] is None
    assert module._client is None


# ---------------------------------------------------------------------------------------------------------------
# The lookups behind the modules: an empty key part is sent (and matched) as it is, never dropped (which would
# widen the query to every physical connection or VBR); only None means "no filter".

class RecordingClient:
    def __init__(self, items):
        self.items = items
        self.requests = []

    def paginate(self, action, params, path):
        self.requests.append((action, params))
        return list(self.items)


def test_vbr_lookups_keep_an_empty_physical_connection():
    items = [{"VbrId": "vbr-1", "VlanId": 100, "PhysicalConnectionId": "pc-1", "Status": "active", "Name": "a"},
             {"VbrId": "vbr-2", "VlanId": 100, "PhysicalConnectionId": "pc-2", "Status": "active", "Name": "b"}]
    client = RecordingClient(items)
    assert vbr.find_by_key(client, "", 100) == []
    assert client.requests[0][1]["Filter"] == [{"Key": "PhysicalConnectionId", "Value": [""]}]
    assert vbr.filter_items(items, vlan_id=100, physical_connection_id="") == []
    assert vbr.filter_items(items, name="") == [] and vbr.filter_items(items, status="") == []
    assert vbr.describe(client, vbr_ids=[]) == []  # no ID asked for: none, not every VBR
    assert len(vbr.filter_items(items, vlan_id=100)) == 2  # None: no filter


def test_bgp_lookups_keep_an_empty_router_or_group():
    groups = [{"BgpGroupId": "bgpg-1", "RouterId": "vbr-1", "Name": "g", "Status": "Available"}]
    client = RecordingClient(groups)
    assert bgp.describe_groups(client, router_id="") == []
    assert client.requests == [("DescribeBgpGroups", {"RouterId": ""})]
    assert bgp.find_peers(RecordingClient([{"BgpPeerId": "bgp-1", "BgpGroupId": "bgpg-1", "PeerIpAddress": "10.0.0.2",
                                            "Status": "Available"}]), "", "10.0.0.2") == []
    assert len(bgp.describe_groups(client)) == 1  # None: no filter

"""How a failure travels and how a module ends (issue 21): one error type, raised by shared code and module helpers,
turned into fail_json by AlicloudModule alone; every module's main hands a result-returning run(module) to
module.run, which exits once."""

import ast
import re

import pytest

from ansible_collections.aliyun.express_connect.plugins.module_utils import route_table as rt
from ansible_collections.aliyun.express_connect.plugins.module_utils import router_interface as ri
from ansible_collections.aliyun.express_connect.plugins.module_utils.errors import (
    AlicloudApiError, AlicloudError, CredentialError, WaitTimeout, api_error_details, raise_if,
)
from support.paths import REPO_ROOT

PLUGINS = REPO_ROOT / "plugins"
MODULES = sorted((PLUGINS / "modules").glob("ali_*.py"))
SHARED = sorted((PLUGINS / "module_utils").glob("*.py"))


def test_every_error_of_the_collection_is_an_alicloud_error():
    for cls in (AlicloudApiError, WaitTimeout, CredentialError):
        assert issubclass(cls, AlicloudError)


def test_an_error_carries_its_message_and_result_keys():
    err = AlicloudError("VBR vbr-1 is deleting and cannot be updated", vbr_id="vbr-1")
    assert str(err) == err.msg == "VBR vbr-1 is deleting and cannot be updated"
    assert err.fail_result() == {"msg": "VBR vbr-1 is deleting and cannot be updated", "vbr_id": "vbr-1"}


def test_an_api_error_has_one_error_dict_raised_as_it_is_or_carried():
    api = AlicloudApiError("CreateRouteEntry", "InvalidCIDRBlock.Duplicate", "exists", "req-9", 400)
    details = {"code": "InvalidCIDRBlock.Duplicate", "message": "exists", "request_id": "req-9", "http_status": 400,
               "action": "CreateRouteEntry"}
    assert api_error_details(api) == details
    assert api.fail_result() == {"msg": "CreateRouteEntry failed: InvalidCIDRBlock.Duplicate: exists (RequestId: req-9)",
                                 "error": details}
    carried = AlicloudError("routes[0]: taken just now: %s" % api, api_error=api, route_entry={"route_entry_id": "rte-1"})
    assert carried.fail_result() == {"msg": "routes[0]: taken just now: %s" % api, "error": details,
                                     "route_entry": {"route_entry_id": "rte-1"}}


def test_a_wait_timeout_says_what_was_waited_for():
    err = WaitTimeout("VBR vbr-1", "active", "unconfirmed")
    assert err.fail_result() == {"msg": "Timeout waiting for VBR vbr-1 to become active (last seen unconfirmed)",
                                 "wait": {"what": "VBR vbr-1", "target": "active", "last_status": "unconfirmed"}}


def test_raise_if_joins_the_messages():
    raise_if([])
    with pytest.raises(AlicloudError) as err:
        raise_if(["vlan_id must be between 0 and 2999, got 4000", "name must be 2 to 128 characters"])
    assert err.value.msg == "vlan_id must be between 0 and 2999, got 4000; name must be 2 to 128 characters"
    assert err.value.fail_result() == {"msg": err.value.msg}


class Lister:
    """paginate()/paginate_token() answering every Describe with the same items."""

    region = "cn-hangzhou"

    def __init__(self, items):
        self.items = items

    def paginate(self, action, params, path):
        return list(self.items)

    paginate_token = paginate


def test_a_route_lookup_matching_two_entries_raises():
    entries = [{"RouteEntryId": "rte-%d" % n, "RouteTableId": "vtb-1", "DestinationCidrBlock": "10.0.0.0/16",
                "Status": "Available", "NextHops": {"NextHop": [{"NextHopType": "RouterInterface",
                                                                 "NextHopId": "ri-%d" % n}]}} for n in (1, 2)]
    with pytest.raises(AlicloudError, match=r"^2 route entries in vtb-1 have destination 10.0.0.0/16: rte-1 \("):
        rt.find_route_entry(Lister(entries), "vtb-1", "10.0.0.0/16")


def test_a_router_interface_lookup_matching_two_raises():
    items = [{"RouterInterfaceId": "ri-%d" % n, "RouterId": "vrt-1", "OppositeRouterId": "vbr-1", "Status": "Idle"}
             for n in (2, 1)]
    with pytest.raises(AlicloudError) as err:
        ri.find_by_key(Lister(items), "vrt-1", opposite_router_id="vbr-1")
    assert err.value.msg == ("2 router interfaces match router_id=vrt-1, opposite_router_id=vbr-1 (ri-1, ri-2); give "
                             "router_interface_id (or a name that tells them apart)")
    assert ri.find_by_key(Lister(items[:1]), "vrt-1", opposite_router_id="vbr-1")["RouterInterfaceId"] == "ri-2"
    assert ri.find_by_key(Lister(items), "vrt-1", name="other") is None


# -- the convention, in the source ------------------------------------------------------------------------------
@pytest.mark.parametrize("path", MODULES + SHARED, ids=lambda path: path.name)
def test_fail_json_and_exit_json_are_called_by_alicloud_module_only(path):
    calls = re.findall(r"\.(fail_json|exit_json|fail_api)\(", path.read_text())
    if path.name == "module.py":
        assert calls == ["fail_json", "exit_json"]  # AlicloudModule.fail and AlicloudModule.run
    else:
        assert calls == [], path.name


@pytest.mark.parametrize("path", MODULES + SHARED, ids=lambda path: path.name)
def test_no_home_made_failure_styles(path):
    text = path.read_text()
    assert "error=dict(" not in text and "LookupError" not in text, path.name
    assert not re.search(r"class \w+\((Exception|ValueError|LookupError|RuntimeError)\)", text) or \
        path.name == "errors.py", path.name


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.stem)
def test_every_module_returns_its_result_to_module_run(path):
    tree = ast.parse(path.read_text())
    functions = dict((node.name, node) for node in tree.body if isinstance(node, ast.FunctionDef))
    assert ast.unparse(functions["main"].body[-1]) == "module.run(lambda: run(module))"
    assert [arg.arg for arg in functions["run"].args.args] == ["module"]
    returns = [node for node in ast.walk(functions["run"]) if isinstance(node, ast.Return)]
    assert returns and all(node.value is not None for node in returns)

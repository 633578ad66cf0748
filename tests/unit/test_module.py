"""AlicloudModule in-process: option merging and validation, lazy client, failures without tracebacks."""

import contextlib
import json

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.aliyun.express_connect.plugins.module_utils.client import AlicloudApiError, VpcClient
from ansible_collections.aliyun.express_connect.plugins.module_utils.credentials import CredentialError
from ansible_collections.aliyun.express_connect.plugins.module_utils.errors import AlicloudError
from ansible_collections.aliyun.express_connect.plugins.module_utils.module import AlicloudModule
from ansible_collections.aliyun.express_connect.plugins.module_utils.waiter import WaitTimeout

CREDS = {"alicloud_access_key": "id", "alicloud_secret_key": "module-secret-value", "alicloud_region": "cn-hangzhou"}


@pytest.fixture
def make_module(clean_env):
    """Build modules whose args patch stays active until the test ends (exit_json/fail_json need it)."""
    with contextlib.ExitStack() as stack:
        def make(args, **kwargs):
            stack.enter_context(patch_module_args(args))
            return AlicloudModule(argument_spec=dict(name=dict(type="str")), **kwargs)
        yield make


def failure(capsys, fn):
    """Run fn, expect fail_json, return its result dict."""
    with pytest.raises(SystemExit) as exc:
        fn()
    assert exc.value.code == 1
    result = json.loads(capsys.readouterr().out)
    assert result["failed"] is True
    return result


def test_merges_connection_and_wait_options(make_module):
    module = make_module(dict(CREDS, name="n"))
    assert module.params["wait"] is True and module.params["wait_timeout"] == 600
    assert module.params["validate_certs"] is True and module.params["name"] == "n"
    assert module.check_mode is False and module.supports_check_mode is True
    assert "wait" not in make_module(CREDS, wait=False).params


def test_aliases(make_module):
    module = make_module({"access_key": "id", "secret_key": "s", "region": "cn-beijing"})
    assert module.client.region == "cn-beijing"


def test_client_is_lazy_and_cached(make_module):
    module = make_module({})  # no credentials: fine until the client is needed
    assert module._client is None
    module = make_module(CREDS)
    assert isinstance(module.client, VpcClient) and module.client is module.client
    assert "module-secret-value" in module.no_log_values


@pytest.mark.parametrize("args, fragment", [
    ({"wait_timeout": 0}, "wait_timeout must be greater than 0"),
    ({"connect_timeout": -1}, "connect_timeout must be greater than 0"),
    ({"read_timeout": 0}, "read_timeout must be greater than 0"),
    ({"vpc_endpoint": "127.0.0.1:8765"}, "vpc_endpoint must be a URL"),
    ({"alicloud_assume_role_session_expiration": 60}, "between 900 and 3600"),
])
def test_input_validation_before_any_lookup(make_module, capsys, args, fragment):
    assert fragment in failure(capsys, lambda: make_module(args))["msg"]


def test_ca_bundle_is_checked_before_any_lookup(make_module, capsys, tmp_path):
    (tmp_path / "empty.pem").write_text("")
    for path, problem in (("/nonexistent.pem", "does not exist"), (str(tmp_path / "empty.pem"), "holds no CA certificate in PEM form")):
        result = failure(capsys, lambda: make_module({"ca_bundle": path}))  # no credentials: never looked up
        assert result["msg"] == ("ca_bundle %s %s: it must be a PEM file of the CA certificates that signed the endpoint's "
                                 "certificate" % (path, problem))
    # Ignored when certificates are not verified, as documented.
    assert make_module({"ca_bundle": "/nonexistent.pem", "validate_certs": False}).params["ca_bundle"] == "/nonexistent.pem"


def test_missing_credentials_fail_cleanly(make_module, capsys):
    module = make_module({"alicloud_region": "cn-hangzhou"})
    result = failure(capsys, lambda: module.run(lambda: module.client))
    assert result["msg"].startswith("No Alibaba Cloud credentials found. Tried:")
    assert "exception" not in result


def test_run_maps_api_error(make_module, capsys):
    module = make_module(CREDS)

    def main():
        raise AlicloudApiError("CreateVirtualBorderRouter", "InvalidVlanId.Used", "in use", "req-1", 400)
    result = failure(capsys, lambda: module.run(main))
    assert result["msg"] == "CreateVirtualBorderRouter failed: InvalidVlanId.Used: in use (RequestId: req-1)"
    assert result["error"] == {"code": "InvalidVlanId.Used", "message": "in use", "request_id": "req-1",
                               "http_status": 400, "action": "CreateVirtualBorderRouter"}
    assert "exception" not in result


@pytest.mark.parametrize("err, msg", [
    (WaitTimeout("VBR vbr-1", "active", "deleting"), "Timeout waiting for VBR vbr-1 to become active (last seen deleting)"),
    (CredentialError("No Alibaba Cloud region"), "No Alibaba Cloud region"),
])
def test_run_maps_wait_and_credential_errors(make_module, capsys, err, msg):
    module = make_module(CREDS)

    def main():
        raise err
    assert failure(capsys, lambda: module.run(main))["msg"] == msg


def test_run_maps_any_collection_error_with_its_result_keys(make_module, capsys):
    module = make_module(CREDS)
    api = AlicloudApiError("DeleteVirtualBorderRouter", "DependencyViolation.BgpGroup", "has groups", "req-2", 400)

    def main():
        raise AlicloudError("VBR vbr-1 still has BGP groups", api_error=api, bgp_group_ids=["bgpg-1"])
    result = failure(capsys, lambda: module.run(main))
    assert result["msg"] == "VBR vbr-1 still has BGP groups" and result["bgp_group_ids"] == ["bgpg-1"]
    # The same error dict as for the API error raised as it is (one function builds it).
    assert result["error"] == {"code": "DependencyViolation.BgpGroup", "message": "has groups", "request_id": "req-2",
                               "http_status": 400, "action": "DeleteVirtualBorderRouter"}
    assert "exception" not in result


def test_run_maps_wait_timeout_with_what_was_waited_for(make_module, capsys):
    module = make_module(CREDS)

    def main():
        raise WaitTimeout("VBR vbr-1", "active", "deleting")
    assert failure(capsys, lambda: module.run(main))["wait"] == {"what": "VBR vbr-1", "target": "active",
                                                                 "last_status": "deleting"}


def test_collection_errors_share_one_base():
    for cls in (AlicloudApiError, WaitTimeout, CredentialError):
        assert issubclass(cls, AlicloudError)


def test_run_exits_once_with_the_returned_result(make_module, capsys):
    module = make_module(CREDS)
    with pytest.raises(SystemExit) as exc:
        module.run(lambda: dict(changed=True, vbr_id="vbr-1"))
    assert exc.value.code == 0
    result = json.loads(capsys.readouterr().out)
    assert result["vbr_id"] == "vbr-1" and result["changed"] is True and "failed" not in result


def test_run_refuses_a_main_that_returns_no_result(make_module):
    module = make_module(CREDS)
    with pytest.raises(TypeError, match="must return the module's result dict"):
        module.run(lambda: None)


def test_wait_uses_wait_timeout(make_module, monkeypatch):
    module = make_module(dict(CREDS, wait_timeout=42))
    seen = {}

    def fake_wait_for(fetch, what, statuses=None, gone=False, timeout=None):
        seen.update(what=what, statuses=statuses, gone=gone, timeout=timeout)
        return fetch()
    monkeypatch.setattr("ansible_collections.aliyun.express_connect.plugins.module_utils.module.wait_for", fake_wait_for)
    assert module.wait(lambda: {"Status": "Active"}, "RI ri-1", statuses="Active") == {"Status": "Active"}
    assert seen == {"what": "RI ri-1", "statuses": "Active", "gone": False, "timeout": 42}

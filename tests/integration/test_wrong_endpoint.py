"""An endpoint that is not the VPC API (issue 20, points 6 and 7), through ansible-playbook.

A web server that answers {} must not read as an account without VBRs (nor make a teardown "succeed"), and failures
that no retry mends (an untrusted certificate, a CA bundle that does not exist, a closed local port) fail at once in
plain words naming the endpoint: no urllib3 object addresses, no "RequestId: None".
"""

import json

import pytest

from support.fake_endpoint import FakeEndpoint, closed_port

# A module that retried would take at least 0.25 + 0.5 + 1 + 2 + 4 + 5 + 5 s of backoff (8 attempts): far above this.
AT_ONCE = 5.0
NOT_THE_API = "not the Alibaba Cloud VPC API (check vpc_endpoint / ALICLOUD_VPC_ENDPOINT)"


def assert_plain(result):
    """A failure in plain words: no traceback, no urllib3 object address, no RequestId that does not exist."""
    assert result["failed"] is True and result.get("changed") is False, result
    for text in (result["msg"], str(result.get("error"))):
        assert "object at 0x" not in text and "RequestId: None" not in text and "ConnectionPool" not in text, text
    # ansible-core 2.19 puts "(traceback unavailable)" in "exception" for every fail_json: only a real one counts.
    text = json.dumps(result, default=str)
    assert "Traceback" not in text and "MODULE FAILURE" not in text, text


def timed(ansible, module, args):
    """Run one module task; (its result, the seconds the task took), measured in the play around the task alone."""
    tasks = [
        {"name": "start", "ansible.builtin.set_fact": {"started": "{{ now().timestamp() }}"}},
        {"name": "module under test", "aliyun.express_connect." + module: args, "ignore_errors": True},
        {"name": "elapsed", "ansible.builtin.set_fact": {"seconds": "{{ now().timestamp() - (started | float) }}"}},
    ]
    run = ansible.run_tasks(tasks)
    try:
        return run.result("module under test"), float(run.result("elapsed")["ansible_facts"]["seconds"])
    except KeyError:
        raise AssertionError("no result (rc=%s)\nstdout:\n%s\nstderr:\n%s" % (run.rc, run.stdout, run.stderr))


@pytest.fixture
def https_empty(tmp_path):
    """An HTTPS server with a self-signed certificate that answers {} (status 200) to everything."""
    with FakeEndpoint(b"{}", tls_dir=tmp_path) as server:
        yield server


def test_info_against_a_server_answering_empty_json_fails_naming_the_endpoint(ansible, https_empty):
    # Trusted (ca_bundle) or not verified at all: the answer itself is what is wrong.
    for tls in ({"ca_bundle": str(https_empty.cert_path)}, {"validate_certs": False}):
        result = ansible.run_module("ali_vbr_info", dict(tls, vpc_endpoint=https_empty.url))
        assert_plain(result)
        assert "vbrs" not in result and "ids" not in result  # not "no VBRs"
        assert result["msg"] == ("DescribeVirtualBorderRouters failed: SDK.InvalidResponse: %s answered without a RequestId "
                                 "('{}'): %s" % (https_empty.url, NOT_THE_API))
        assert result["error"]["code"] == "SDK.InvalidResponse" and result["error"]["request_id"] is None
    assert len(https_empty.requests) == 2  # one per run: not retried


def test_vbr_absent_against_it_fails_instead_of_succeeding(ansible, https_empty):
    result = ansible.run_module("ali_vbr", {"state": "absent", "vbr_id": "vbr-x", "validate_certs": False,
                                            "vpc_endpoint": https_empty.url})
    assert_plain(result)
    assert https_empty.url in result["msg"] and NOT_THE_API in result["msg"]
    assert len(https_empty.requests) == 1


def test_untrusted_certificate_fails_at_once(ansible, https_empty):
    result, seconds = timed(ansible, "ali_vbr_info", {"vpc_endpoint": https_empty.url})  # validate_certs defaults to true
    assert_plain(result)
    assert result["msg"] == ("DescribeVirtualBorderRouters failed: SDK.CertificateInvalid: %s: TLS certificate verification "
                             "failed: self-signed certificate (set ca_bundle to the CA that signed it, or validate_certs: "
                             "false for a test endpoint only)" % https_empty.url)
    assert (https_empty.connections, len(https_empty.requests)) == (1, 0)  # one handshake, refused by the client
    assert seconds < AT_ONCE, seconds


def test_missing_ca_bundle_fails_before_any_call_naming_the_option(ansible, https_empty):
    result = ansible.run_module("ali_vbr_info", {"vpc_endpoint": https_empty.url, "ca_bundle": "/nonexistent.pem"})
    assert_plain(result)
    assert result["msg"] == ("ca_bundle /nonexistent.pem does not exist: it must be a PEM file of the CA certificates that "
                             "signed the endpoint's certificate")
    assert https_empty.connections == 0


def test_closed_local_port_fails_at_once_naming_the_endpoint(ansible):
    url = "http://127.0.0.1:%d" % closed_port()
    result, seconds = timed(ansible, "ali_vbr_info", {"vpc_endpoint": url})
    assert_plain(result)
    assert result["msg"] == ("DescribeVirtualBorderRouters failed: SDK.ConnectionRefused: %s: connection refused: nothing "
                             "listens on that port (check vpc_endpoint / ALICLOUD_VPC_ENDPOINT)" % url)
    assert seconds < AT_ONCE, seconds


@pytest.mark.parametrize("status, body, content_type, what", [
    (200, b"<html><body>It works!</body></html>", "text/html",
     "answered with a body that is not a JSON object ('<html><body>It works!</body></html>')"),
    (200, b'{"status": "ok"}', "application/json", "answered without a RequestId ('{\"status\": \"ok\"}')"),
    (200, b'{"RequestId": "4C4E-1"}', "application/json",
     "answered DescribeVirtualBorderRouters without VirtualBorderRouterSet"),
])
def test_http_server_that_is_not_the_api_fails_naming_the_endpoint(ansible, status, body, content_type, what):
    with FakeEndpoint(body, status=status, content_type=content_type) as server:
        result = ansible.run_module("ali_vbr_info", {"vpc_endpoint": server.url})
    assert_plain(result)
    assert result["msg"].startswith("DescribeVirtualBorderRouters failed: SDK.InvalidResponse: %s %s: %s"
                                    % (server.url, what, NOT_THE_API)), result["msg"]
    assert len(server.requests) == 1


def test_error_page_from_a_server_that_is_not_the_api_names_the_endpoint(ansible):
    with FakeEndpoint(b"<html>404 Not Found</html>", status=404, content_type="text/html") as server:
        result = ansible.run_module("ali_vbr_info", {"vpc_endpoint": server.url})
    assert_plain(result)
    assert result["msg"] == ("DescribeVirtualBorderRouters failed: SDK.UnknownServerError: %s answered HTTP 404 with a body "
                             "that is not an API error: '<html>404 Not Found</html>'" % server.url)
    assert len(server.requests) == 1

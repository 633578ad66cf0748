"""VpcClient through the real SDK against a local recording HTTP server (no real sleeps)."""

import json

import pytest
from aliyunsdkcore.http import protocol_type

from aliyunsdkcore.acs_exception.exceptions import ClientException

from ansible_collections.aliyun.express_connect.plugins.module_utils.client import (
    COLLECTION_VERSION, AlicloudApiError, VpcClient, ca_bundle_problem, flatten, is_local_host, parse_endpoint, redact,
)

DROP = "drop"  # the recording server reads the request and closes the connection without answering

SECRET = "client-test-secret-value"
TOKEN = "client/test+token=value"


def make_client(server, fake_clock, **kwargs):
    params = {"alicloud_access_key": "STS.test-id", "alicloud_secret_key": SECRET, "alicloud_security_token": TOKEN,
              "alicloud_region": "cn-hangzhou", "vpc_endpoint": server.url}
    return VpcClient.from_params(params, sleep=fake_clock.sleep, clock=fake_clock.clock, rand=lambda: 0.5, **kwargs)


def error(code, status=400, request_id="req-err", message="boom"):
    return (status, {"Code": code, "Message": message, "RequestId": request_id})


# --- flattening ---------------------------------------------------------------

def test_flatten_rpc_repeat_style():
    params = {
        "RegionId": "cn-hangzhou", "Description": None, "EnableIpv6": True,
        "Filter": [{"Key": "VbrId", "Value": ["vbr-1", "vbr-2"]}, {"Key": "Status", "Value": ["active"]}],
        "NextHopList": [{"NextHopId": "ri-1", "NextHopType": "RouterInterface", "Weight": None}],
        "DestCidrBlockList": ["10.0.0.0/24"],
    }
    assert flatten(params) == [
        ("RegionId", "cn-hangzhou"), ("EnableIpv6", True),
        ("Filter.1.Key", "VbrId"), ("Filter.1.Value.1", "vbr-1"), ("Filter.1.Value.2", "vbr-2"),
        ("Filter.2.Key", "Status"), ("Filter.2.Value.1", "active"),
        ("NextHopList.1.NextHopId", "ri-1"), ("NextHopList.1.NextHopType", "RouterInterface"),
        ("DestCidrBlockList.1", "10.0.0.0/24"),
    ]


def test_flattened_params_reach_the_server(server, fake_clock):
    make_client(server, fake_clock).call("DescribeVirtualBorderRouters", {
        "Filter": [{"Key": "VbrId", "Value": ["vbr-1"]}], "PageSize": 10, "Skip": None, "IncludeReservationData": False})
    sent = server.requests[0]["params"]
    assert (sent["Filter.1.Key"], sent["Filter.1.Value.1"], sent["PageSize"]) == ("VbrId", "vbr-1", "10")
    assert sent["IncludeReservationData"] == "False"  # bools go as the SDK sends them
    assert "Skip" not in sent
    assert (sent["Action"], sent["Version"], sent["RegionId"], sent["SecurityToken"]) == (
        "DescribeVirtualBorderRouters", "2016-04-28", "cn-hangzhou", TOKEN)


# --- endpoint choice ----------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("http://127.0.0.1:8765", "http://127.0.0.1:8765"),
    ("http://127.0.0.1:8765/", "http://127.0.0.1:8765"),
    ("https://vpc.example.com", "https://vpc.example.com"),
    ("https://vpc.example.com:8443", "https://vpc.example.com:8443"),
])
def test_parse_endpoint_accepts(value, expected):
    assert parse_endpoint(value) == expected


@pytest.mark.parametrize("value", ["127.0.0.1:8765", "ftp://host", "http://", "http://host/path", "http://host:99999",
                                   "http://host:abc", "https://user:pw@host", "http://host?x=1", "not a url"])
def test_parse_endpoint_rejects_naming_the_option(value):
    with pytest.raises(ValueError, match="vpc_endpoint"):
        parse_endpoint(value)


def test_regional_https_endpoint_without_override(clean_env):
    client = VpcClient.from_params({"alicloud_access_key": "id", "alicloud_secret_key": "s", "alicloud_region": "cn-beijing"})
    request = client.build_request("DescribeVirtualBorderRouters")
    assert request.endpoint is None
    assert request.get_protocol_type() is protocol_type.HTTPS  # the SDK's identity check
    assert client.acs._resolve_endpoint(request) == "vpc.cn-beijing.aliyuncs.com"
    assert client.region == "cn-beijing"


@pytest.mark.parametrize("url, protocol", [("http://127.0.0.1:1", protocol_type.HTTP), ("https://vpc.example.com", protocol_type.HTTPS)])
def test_override_endpoint_and_protocol(clean_env, url, protocol):
    client = VpcClient.from_params({"alicloud_access_key": "id", "alicloud_secret_key": "s", "alicloud_region": "cn-hangzhou",
                                    "vpc_endpoint": url})
    request = client.build_request("DescribeRouteTables")
    assert request.endpoint == url
    assert request.get_protocol_type() is protocol


def test_endpoint_from_env(clean_env):
    clean_env.setenv("ALICLOUD_VPC_ENDPOINT", "http://127.0.0.1:9")
    client = VpcClient.from_params({"alicloud_access_key": "id", "alicloud_secret_key": "s", "alicloud_region": "cn-hangzhou"})
    assert client.endpoint == "http://127.0.0.1:9"


def test_tls_and_timeout_options(clean_env):
    base = {"alicloud_access_key": "id", "alicloud_secret_key": "s", "alicloud_region": "cn-hangzhou",
            "connect_timeout": 3, "read_timeout": 7}
    assert VpcClient.from_params(dict(base, validate_certs=True, ca_bundle="/ca.pem")).acs.get_verify() == "/ca.pem"
    assert VpcClient.from_params(dict(base, validate_certs=False, ca_bundle="/ca.pem")).acs.get_verify() is False
    acs = VpcClient.from_params(base).acs
    assert (acs._connect_timeout, acs._read_timeout, acs.is_auto_retry()) == (3, 7, False)


def test_user_agent_names_collection_and_ansible(server, fake_clock):
    make_client(server, fake_clock).call("DescribeRouteTables")
    agent = server.requests[0]["headers"]["User-Agent"]
    assert "aliyun.express_connect/%s" % COLLECTION_VERSION in agent
    assert " ansible/2." in agent


def test_unknown_action_is_an_api_error(server, fake_clock):
    with pytest.raises(AlicloudApiError, match="SDK.InvalidAction"):
        make_client(server, fake_clock).call("DescribeNothingAtAll")
    with pytest.raises(AlicloudApiError, match="SDK.InvalidAction"):
        make_client(server, fake_clock).call("os.path")


# --- retries ------------------------------------------------------------------

def test_success_returns_parsed_json(server, fake_clock):
    server.script((200, {"RequestId": "r1", "VbrId": "vbr-1"}))
    assert make_client(server, fake_clock).call("CreateVirtualBorderRouter") == {"RequestId": "r1", "VbrId": "vbr-1"}
    assert fake_clock.sleeps == []


@pytest.mark.parametrize("reply", [error("Throttling.User"), error("ServiceUnavailable", 503), error("InternalError", 500),
                                   error("OperationConflict", 409), DROP, (502, b"<html>bad gateway</html>")])
def test_transient_failures_are_retried(server, fake_clock, reply):
    server.script(reply, reply, (200, {"RequestId": "r-ok"}))
    assert make_client(server, fake_clock).call("DescribeRouteTables")["RequestId"] == "r-ok"
    assert len(server.requests) == 3
    assert len(fake_clock.sleeps) == 2


def test_fatal_code_is_not_retried(server, fake_clock):
    server.script(error("InvalidParameter"))
    with pytest.raises(AlicloudApiError) as err:
        make_client(server, fake_clock).call("CreateRouteEntry")
    assert err.value.code == "InvalidParameter" and len(server.requests) == 1 and fake_clock.sleeps == []


def test_per_call_retry_codes(server, fake_clock):
    server.script(error("IncorrectRouteEntryStatus"), (200, {"RequestId": "r-ok"}))
    client = make_client(server, fake_clock)
    assert client.call("CreateRouteEntry", retry_codes=("IncorrectRouteEntryStatus",))["RequestId"] == "r-ok"
    server.script(error("IncorrectRouteEntryStatus"))
    with pytest.raises(AlicloudApiError):
        client.call("CreateRouteEntry")


def test_blocked_codes_are_retried_until_the_timeout_whatever_the_attempts(server, fake_clock):
    """A transition that refuses the call (e.g. a connect before the pairing propagates) outlasts max_attempts."""
    server.script(*[error("IncorrectOppositeInterfaceInfo.NotSet")] * 12 + [(200, {"RequestId": "r-ok"})])
    client = make_client(server, fake_clock, max_attempts=3)
    reply = client.call("ConnectRouterInterface", blocked_codes=("IncorrectOppositeInterfaceInfo.NotSet",),
                        blocked_timeout=600)
    assert reply["RequestId"] == "r-ok" and len(server.requests) == 13
    # Each delay is 20% of the time blocked so far (at least 0.5 s), so the end is noticed soon after it comes.
    assert fake_clock.sleeps[0] == pytest.approx(0.5)
    assert all(later >= earlier for earlier, later in zip(fake_clock.sleeps, fake_clock.sleeps[1:]))


def test_blocked_codes_give_up_at_the_timeout_with_the_api_error(server, fake_clock):
    server.script(*[error("TaskConflict", request_id="req-busy")] * 200)
    with pytest.raises(AlicloudApiError) as err:
        make_client(server, fake_clock).call("CreateRouteEntry", blocked_codes=("TaskConflict",), blocked_timeout=30)
    assert err.value.code == "TaskConflict" and err.value.request_id == "req-busy"
    assert 25 <= sum(fake_clock.sleeps) <= 30


def test_blocked_codes_without_a_timeout_are_not_retried(server, fake_clock):
    server.script(error("IncorrectRouteEntryStatus"))
    with pytest.raises(AlicloudApiError):
        make_client(server, fake_clock).call("CreateRouteEntry", blocked_codes=("IncorrectRouteEntryStatus",))
    assert len(server.requests) == 1


def test_attempts_are_bounded(server, fake_clock):
    server.script(*[error("Throttling")] * 20)
    with pytest.raises(AlicloudApiError, match="Throttling"):
        make_client(server, fake_clock, max_attempts=5).call("DescribeRouteTables")
    assert len(server.requests) == 5
    assert len(fake_clock.sleeps) == 4


def test_total_time_is_bounded(server, fake_clock):
    server.script(*[error("ServiceUnavailable", 503)] * 20)
    with pytest.raises(AlicloudApiError):
        make_client(server, fake_clock, max_retry_time=5.0).call("DescribeRouteTables")
    # rand=0.5 → 0.375, 0.75, 1.5, 3.0 ...: the next sleep would end past 5 s, so it gives up instead.
    assert fake_clock.sleeps == [0.375, 0.75, 1.5]
    assert sum(fake_clock.sleeps) <= 5.0


def test_backoff_is_capped_and_jittered(server, fake_clock):
    server.script(*[error("Throttling")] * 8)
    draws = iter([0.0, 0.9] * 10)
    params = {"alicloud_access_key": "id", "alicloud_secret_key": "s", "alicloud_region": "cn-hangzhou", "vpc_endpoint": server.url}
    client = VpcClient.from_params(params, sleep=fake_clock.sleep, clock=fake_clock.clock, rand=lambda: next(draws))
    with pytest.raises(AlicloudApiError):
        client.call("DescribeRouteTables")
    sleeps = fake_clock.sleeps
    assert sleeps[:4] == pytest.approx([0.25, 0.95, 1.0, 3.8])
    # 0.5 * 2**5 = 16 and 0.5 * 2**6 = 32 are capped at 10 s before the jitter.
    assert sleeps[4:] == pytest.approx([4.0, 9.5, 5.0])


def test_sdk_auto_retry_is_off(server, fake_clock):
    # With call() allowed one attempt, exactly one request goes out: the SDK adds no retries underneath.
    server.script(error("Throttling"), (200, {"RequestId": "ok"}))
    with pytest.raises(AlicloudApiError):
        make_client(server, fake_clock, max_attempts=1).call("DescribeRouteTables")
    assert len(server.requests) == 1


# --- ClientToken and done_codes ----------------------------------------------

def test_client_token_is_reused_on_every_retry(server, fake_clock):
    server.script(DROP, error("Throttling.User"), error("ServiceUnavailable", 503), (200, {"RequestId": "r-ok", "VbrId": "vbr-1"}))
    client = make_client(server, fake_clock)
    assert client.call("CreateVirtualBorderRouter", {"VlanId": 10}, client_token=True)["VbrId"] == "vbr-1"
    tokens = [r["params"].get("ClientToken") for r in server.requests]
    assert len(tokens) == 4 and len(set(tokens)) == 1 and tokens[0]
    nonces = {r["params"]["SignatureNonce"] for r in server.requests}
    assert len(nonces) == 4  # each attempt is a freshly signed request
    client.call("CreateVirtualBorderRouter", {"VlanId": 10}, client_token=True)
    assert server.requests[-1]["params"]["ClientToken"] != tokens[0]  # a new call() is a new logical create


def test_no_client_token_unless_asked(server, fake_clock):
    make_client(server, fake_clock).call("DeleteRouteEntry")
    assert "ClientToken" not in server.requests[0]["params"]


def test_caller_client_token_is_kept(server, fake_clock):
    make_client(server, fake_clock).call("CreateRouteEntry", {"ClientToken": "mine"}, client_token=True)
    assert server.requests[0]["params"]["ClientToken"] == "mine"


def test_done_code_after_lost_response_means_success(server, fake_clock):
    server.script(DROP, error("IncorrectStatus", request_id="req-second"))
    response = make_client(server, fake_clock).call("ConnectRouterInterface", {"RouterInterfaceId": "ri-1"},
                                                    done_codes=("IncorrectStatus",))
    assert response == {"RequestId": "req-second"}


def test_done_code_without_earlier_lost_response_is_an_error(server, fake_clock):
    server.script(error("Throttling"), error("IncorrectStatus"))
    with pytest.raises(AlicloudApiError, match="IncorrectStatus"):
        make_client(server, fake_clock).call("ConnectRouterInterface", done_codes=("IncorrectStatus",))
    server.script(error("IncorrectStatus"))
    with pytest.raises(AlicloudApiError, match="IncorrectStatus"):
        make_client(server, fake_clock).call("ConnectRouterInterface", done_codes=("IncorrectStatus",))


# --- error mapping ------------------------------------------------------------

def test_server_exception_mapping(server, fake_clock):
    server.script(error("InvalidVlanId.Used", 400, "req-123", "The VLAN is in use."))
    with pytest.raises(AlicloudApiError) as err:
        make_client(server, fake_clock).call("CreateVirtualBorderRouter")
    e = err.value
    assert (e.action, e.code, e.message, e.request_id, e.http_status) == (
        "CreateVirtualBorderRouter", "InvalidVlanId.Used", "The VLAN is in use.", "req-123", 400)
    assert str(e) == "CreateVirtualBorderRouter failed: InvalidVlanId.Used: The VLAN is in use. (RequestId: req-123)"


def test_client_exception_mapping(fake_clock, clean_env):
    params = {"alicloud_access_key": "id", "alicloud_secret_key": SECRET, "alicloud_security_token": TOKEN,
              "alicloud_region": "cn-hangzhou", "vpc_endpoint": "http://127.0.0.1:1"}
    client = VpcClient.from_params(params, sleep=fake_clock.sleep, clock=fake_clock.clock, max_attempts=2)
    with pytest.raises(AlicloudApiError) as err:
        client.call("DescribeRouteTables")
    e = err.value
    # Nothing listens on a local port: no retry mends that.
    assert (e.code, e.request_id, e.http_status) == ("SDK.ConnectionRefused", None, None)
    assert str(e) == ("DescribeRouteTables failed: SDK.ConnectionRefused: http://127.0.0.1:1: connection refused: "
                      "nothing listens on that port (check vpc_endpoint / ALICLOUD_VPC_ENDPOINT)")
    assert fake_clock.sleeps == []
    assert "SecurityToken" not in str(e) and "Signature=" not in str(e)


def test_no_request_id_no_request_id_in_the_text():
    err = AlicloudApiError("DescribeRouteTables", "SDK.HttpError", "lost")
    assert str(err) == "DescribeRouteTables failed: SDK.HttpError: lost"


def test_transport_errors_name_the_regional_endpoint(clean_env, fake_clock, monkeypatch):
    client = VpcClient.from_params({"alicloud_access_key": "id", "alicloud_secret_key": SECRET, "alicloud_region": "cn-beijing"},
                                   sleep=fake_clock.sleep, clock=fake_clock.clock)
    text = ("HTTPSConnectionPool(host='vpc.cn-beijing.aliyuncs.com', port=443): Max retries exceeded with url: /?x (Caused by "
            "NewConnectionError('<x.VerifiedHTTPSConnection object at 0x7f0>: Failed to establish a new connection: "
            "[Errno -2] Name or service not known'))")

    def fail(request):
        raise ClientException("SDK.HttpError", text)
    monkeypatch.setattr(client.acs, "do_action_with_exception", fail)
    with pytest.raises(AlicloudApiError) as err:
        client.call("DescribeVirtualBorderRouters")
    assert str(err.value) == ("DescribeVirtualBorderRouters failed: SDK.HostNotFound: https://vpc.cn-beijing.aliyuncs.com: "
                              "the host name does not resolve (Name or service not known) (check alicloud_region, and "
                              "any proxy (HTTPS_PROXY) in the way)")
    assert fake_clock.sleeps == []


def test_lost_answers_are_still_retried_in_plain_words(server, fake_clock):
    server.script(DROP, DROP)
    with pytest.raises(AlicloudApiError) as err:
        make_client(server, fake_clock, max_attempts=2).call("DescribeRouteTables")
    assert err.value.code == "SDK.HttpError" and len(server.requests) == 2
    assert str(err.value) == ("DescribeRouteTables failed: SDK.HttpError: %s: the connection was closed before an answer "
                              "arrived (Remote end closed connection without response); the request may have been "
                              "carried out" % server.url)


@pytest.mark.parametrize("host, local", [("127.0.0.1", True), ("127.1.2.3", True), ("localhost", True), ("::1", True),
                                         ("[::1]", True), ("10.0.0.1", False), ("vpc.aliyuncs.com", False), (None, False)])
def test_is_local_host(host, local):
    assert is_local_host(host) is local


def test_ca_bundle_problem(tmp_path):
    from support.fake_endpoint import self_signed_certificate
    cert, key = self_signed_certificate(tmp_path)
    (tmp_path / "garbage.pem").write_text("not a certificate\n")
    assert ca_bundle_problem(str(cert)) is None
    assert ca_bundle_problem(str(tmp_path)) is None  # a directory of hashed CA certificates
    assert ca_bundle_problem(str(tmp_path / "missing.pem")) == "does not exist"
    assert ca_bundle_problem(str(tmp_path / "garbage.pem")) == "holds no CA certificate in PEM form"
    assert ca_bundle_problem(str(key)) == "holds no CA certificate in PEM form"


def test_non_json_error_body(server, fake_clock):
    server.script((400, b"not json at all"))
    with pytest.raises(AlicloudApiError) as err:
        make_client(server, fake_clock).call("DescribeRouteTables")
    assert (err.value.code, err.value.http_status) == ("SDK.UnknownServerError", 400)
    assert err.value.message == "%s answered HTTP 400 with a body that is not an API error: 'not json at all'" % server.url
    assert str(err.value).endswith("'not json at all'")  # no "(RequestId: None)"


def test_non_json_success_body(server, fake_clock):
    server.script((200, b"<html>captive portal</html>"))
    with pytest.raises(AlicloudApiError) as err:
        make_client(server, fake_clock).call("DescribeRouteTables")
    assert err.value.code == "SDK.InvalidResponse"
    assert err.value.message == ("%s answered with a body that is not a JSON object ('<html>captive portal</html>'): not the "
                                 "Alibaba Cloud VPC API (check vpc_endpoint / ALICLOUD_VPC_ENDPOINT)" % server.url)
    assert len(server.requests) == 1


@pytest.mark.parametrize("body", [{}, {"VirtualBorderRouterSet": {"VirtualBorderRouterType": []}}, {"RequestId": ""}])
def test_an_answer_without_request_id_is_not_the_api(server, fake_clock, body):
    server.script((200, body), (200, body))
    with pytest.raises(AlicloudApiError) as err:
        make_client(server, fake_clock).call("DeleteVirtualBorderRouter", {"VbrId": "vbr-x"}, client_token=True)
    e = err.value
    assert (e.code, e.request_id, e.http_status) == ("SDK.InvalidResponse", None, 200)
    assert str(e) == ("DeleteVirtualBorderRouter failed: SDK.InvalidResponse: %s answered without a RequestId (%r): not the "
                      "Alibaba Cloud VPC API (check vpc_endpoint / ALICLOUD_VPC_ENDPOINT)" % (server.url, json.dumps(body)))
    assert len(server.requests) == 1 and fake_clock.sleeps == []


def test_a_long_body_is_cut_in_the_message(server, fake_clock):
    server.script((200, b"x" * 5000))
    with pytest.raises(AlicloudApiError) as err:
        make_client(server, fake_clock).call("DescribeRouteTables")
    assert "'" + "x" * 120 + "...'" in err.value.message and len(err.value.message) < 300


def test_secrets_never_in_errors_or_stderr(server, fake_clock, capfd):
    from urllib.parse import quote
    double = quote(quote(TOKEN, safe=""), safe="")
    message = ("Specified signature is not matched with our calculation. server string to sign is:"
               "POST&%2F&AccessKeyId%3DSTS.test-id%26SecurityToken%3D" + double + "%26Secret%3D" + SECRET)
    server.script((400, {"Code": "SignatureDoesNotMatch", "Message": message, "RequestId": "r"}))
    with pytest.raises(AlicloudApiError) as err:
        make_client(server, fake_clock).call("DescribeRouteTables")
    text = str(err.value)
    assert "SignatureDoesNotMatch" in text and "RequestId: r" in text
    for secret in (SECRET, TOKEN, quote(TOKEN, safe=""), double):
        assert secret not in text
    out, errout = capfd.readouterr()
    assert SECRET not in out + errout and quote(TOKEN, safe="") not in out + errout


def test_redact_forms():
    text = "url: /?AccessKeyId=x&SecurityToken=abc&Signature=zz done; key=%s" % SECRET
    cleaned = redact(text, (SECRET,))
    assert SECRET not in cleaned and "abc" not in cleaned and "zz" not in cleaned
    assert redact("SecurityToken%3Dtok%26x", ()) == "SecurityToken%3D<redacted>%26x"


# --- pagination ---------------------------------------------------------------

def page(items, total, number):
    return (200, {"RequestId": "p%d" % number, "TotalCount": total, "PageNumber": number, "PageSize": 50,
                  "VirtualBorderRouterSet": {"VirtualBorderRouterType": items}})


def test_paginate_reads_all_pages(server, fake_clock):
    server.script(page([{"VbrId": i} for i in range(50)], 120, 1), page([{"VbrId": i} for i in range(50, 100)], 120, 2),
                  page([{"VbrId": i} for i in range(100, 120)], 120, 3))
    items = make_client(server, fake_clock).paginate("DescribeVirtualBorderRouters", {"RegionId": "cn-hangzhou"},
                                                     "VirtualBorderRouterSet.VirtualBorderRouterType")
    assert [i["VbrId"] for i in items] == list(range(120))
    assert [(r["params"]["PageNumber"], r["params"]["PageSize"]) for r in server.requests] == [("1", "50"), ("2", "50"), ("3", "50")]


def test_paginate_stops_at_total_count(server, fake_clock):
    server.script(page([{"VbrId": i} for i in range(50)], "50", 1))  # TotalCount as a string, as in the doc example
    items = make_client(server, fake_clock).paginate("DescribeVirtualBorderRouters", {}, "VirtualBorderRouterSet.VirtualBorderRouterType")
    assert len(items) == 50 and len(server.requests) == 1


@pytest.mark.parametrize("body", [{"VirtualBorderRouterSet": {"VirtualBorderRouterType": []}},
                                  {"VirtualBorderRouterSet": {}}, {"VirtualBorderRouterSet": None}])
def test_paginate_stops_on_short_or_empty_page(server, fake_clock, body):
    server.script((200, dict(body, RequestId="x", TotalCount=0)))
    assert make_client(server, fake_clock).paginate("DescribeVirtualBorderRouters", None, "VirtualBorderRouterSet.VirtualBorderRouterType") == []
    assert len(server.requests) == 1


@pytest.mark.parametrize("method, action, path", [
    ("paginate", "DescribeVirtualBorderRouters", "VirtualBorderRouterSet.VirtualBorderRouterType"),
    ("paginate_token", "DescribeRouteEntryList", "RouteEntrys.RouteEntry"),
])
def test_a_page_without_its_item_set_is_not_the_api(server, fake_clock, method, action, path):
    # dig() alone reads a missing level as no items: a wrong endpoint would look like an empty cloud.
    server.script((200, {"RequestId": "req-7", "TotalCount": 0}))
    with pytest.raises(AlicloudApiError) as err:
        getattr(make_client(server, fake_clock), method)(action, {}, path)
    e = err.value
    assert (e.code, e.request_id, len(server.requests)) == ("SDK.InvalidResponse", "req-7", 1)
    assert e.message == ("%s answered %s without %s: not the Alibaba Cloud VPC API (check vpc_endpoint / "
                         "ALICLOUD_VPC_ENDPOINT)" % (server.url, action, path.split(".")[0]))


def test_paginate_token(server, fake_clock):
    def entries(ids, token):
        return (200, {"RequestId": "t", "NextToken": token, "RouteEntrys": {"RouteEntry": [{"RouteEntryId": i} for i in ids]}})
    server.script(entries(range(100), "tok-2"), entries(range(100, 200), "tok-3"), entries(range(200, 230), ""))
    items = make_client(server, fake_clock).paginate_token("DescribeRouteEntryList", {"RouteTableId": "vtb-1"}, "RouteEntrys.RouteEntry")
    assert [i["RouteEntryId"] for i in items] == list(range(230))
    sent = [r["params"] for r in server.requests]
    assert [p.get("NextToken") for p in sent] == [None, "tok-2", "tok-3"]
    assert {p["MaxResult"] for p in sent} == {"100"} and {p["RouteTableId"] for p in sent} == {"vtb-1"}

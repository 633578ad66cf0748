"""Authentication exactly as the SDK signs: wrong secret, unknown key, nonce replay, clock skew, STS tokens."""

import json
import time
import urllib.request

import pytest
from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.auth.credentials import StsTokenCredential
from aliyunsdkcore.request import CommonRequest
from aliyunsdkcore.utils import parameter_helper

from alicloud_vpc_emulator import signature
from conftest import Api


def test_signature_matches_the_documented_example():
    params = {"AccessKeyId": "testid", "Action": "DescribeRegions", "Format": "XML", "SignatureMethod": "HMAC-SHA1",
              "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", "SignatureVersion": "1.0",
              "Timestamp": "2016-02-23T12:46:24Z", "Version": "2014-05-26"}
    assert signature.sign(signature.string_to_sign("GET", params), "testsecret") == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="


def test_wrong_secret_is_reported_the_way_the_sdk_understands(clean_emulator):
    error = Api(clean_emulator.url, secret="wrong-secret").fail("DescribeVirtualBorderRouters")
    # The SDK rewrites SignatureDoesNotMatch to InvalidAccessKeySecret when the server's string to sign matches.
    assert (error.get_error_code(), error.get_http_status()) == ("InvalidAccessKeySecret", 400)
    assert clean_emulator.calls()[-1]["code"] == "SignatureDoesNotMatch"


def test_signature_mismatch_body_carries_the_server_string_to_sign(clean_emulator):
    url = clean_emulator.url + "/?Action=DescribeVirtualBorderRouters&Version=2016-04-28&RegionId=cn-hangzhou" \
        "&AccessKeyId=test-access-key-id&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n1" \
        "&Timestamp=%s&Format=JSON&Signature=bogus" % time.strftime("%Y-%m-%dT%H%%3A%M%%3A%SZ", time.gmtime())
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(urllib.request.Request(url, method="POST"))
    body = json.loads(caught.value.read())
    assert caught.value.code == 400
    assert set(body) == {"RequestId", "HostId", "Code", "Message", "Recommend"}
    assert body["Code"] == "SignatureDoesNotMatch"
    prefix = "Specified signature is not matched with our calculation. server string to sign is:"
    assert body["Message"].startswith(prefix + "POST&%2F&AccessKeyId%3Dtest-access-key-id%26Action%3D")


def test_get_is_accepted(api):
    request = api.request("DescribeVirtualBorderRouters")
    request.set_method("GET")
    assert json.loads(api.client.do_action_with_exception(request))["TotalCount"] == 0


def test_unknown_access_key(clean_emulator):
    Api(clean_emulator.url, key_id="nobody").expect("InvalidAccessKeyId.NotFound", 400,
                                                     "DescribeVirtualBorderRouters")


def test_reused_nonce(api, monkeypatch):
    monkeypatch.setattr(parameter_helper, "get_uuid", lambda: "0123456789abcdef0123456789abcdef")
    api.call("DescribeVirtualBorderRouters")
    api.expect("SignatureNonceUsed", 400, "DescribeVirtualBorderRouters")


@pytest.mark.parametrize("stamp, code", [
    (lambda: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 16 * 60)), "InvalidTimeStamp.Expired"),
    (lambda: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 16 * 60)), "InvalidTimeStamp.Expired"),
    (lambda: "yesterday", "InvalidTimeStamp.Format"),
])
def test_timestamp_window(api, monkeypatch, stamp, code):
    monkeypatch.setattr(parameter_helper, "get_iso_8061_date", stamp)
    api.expect(code, 400, "DescribeVirtualBorderRouters")


def test_sts_token_good(clean_emulator):
    credential = StsTokenCredential("STS.test-sts-key-id", "test-sts-secret", "test-security-token")
    Api(clean_emulator.url, credential=credential).call("DescribeVirtualBorderRouters")
    assert all("SecurityToken" not in call["params"] for call in clean_emulator.calls())


@pytest.mark.parametrize("key, secret, token, code", [
    ("STS.test-expired-key-id", "test-expired-secret", "test-expired-token", "InvalidSecurityToken.Expired"),
    ("STS.test-sts-key-id", "test-sts-secret", "forged-token", "InvalidSecurityToken.Malformed"),
])
def test_sts_token_rejected(clean_emulator, key, secret, token, code):
    api = Api(clean_emulator.url, credential=StsTokenCredential(key, secret, token))
    api.expect(code, 400, "DescribeVirtualBorderRouters")


def test_unknown_action_and_version(api):
    request = CommonRequest(domain=api.url.split("://")[1], version="2016-04-28", action_name="DescribeNothing")
    request.set_method("POST")
    with pytest.raises(ServerException) as caught:
        api.client.do_action_with_exception(request)
    assert (caught.value.get_error_code(), caught.value.get_http_status()) == ("InvalidAction.NotFound", 404)
    request = CommonRequest(domain=api.url.split("://")[1], version="2099-01-01",
                            action_name="DescribeVirtualBorderRouters")
    with pytest.raises(ServerException) as caught:
        api.client.do_action_with_exception(request)
    assert caught.value.get_error_code() == "InvalidVersion"


def test_missing_region(api):
    request = api.request("DescribeVirtualBorderRouters")
    request.add_query_param("RegionId", "")
    with pytest.raises(ServerException) as caught:
        api.client.do_action_with_exception(request)
    assert caught.value.get_error_code() == "MissingParameter"
    assert '"RegionId"' in caught.value.get_error_msg()

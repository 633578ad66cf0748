"""Signature V3 (ACS3-HMAC-SHA256) conformance: what today's SDK sends is accepted, and each broken request is
refused with the code the V2 path uses for the same fault (built with the SDK's own signer, sent with urllib)."""

import hashlib
from urllib.parse import urlencode

import pytest
from alibabacloud_tea_openapi.exceptions import AlibabaCloudException
from alibabacloud_vpc20160428 import models
from aliyunsdkcore.utils import parameter_helper

from alicloud_vpc_emulator import signature_v3
from conftest import Api
from support.emulator import REGION
from support.signer_v3 import sdk_authorization, send_v3, v3_date
from support.tea import tea_client

EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
MISMATCH = "Specified signature is not matched with our calculation. server string to sign is:"
LIST = "DescribeVirtualBorderRouters"


def describe(client):
    return client.describe_virtual_border_routers(models.DescribeVirtualBorderRoutersRequest(region_id=REGION))


def test_canonical_request_matches_the_tea_sdk_signer():
    # Repeat-list names, a space (sent as "+"), UTF-8 and reserved characters, as they arrive on the wire.
    query = {"RegionId": REGION, "Filter.1.Key": "VbrId", "Filter.1.Value.1": "vbr a", "Name": "naïve*~'"}
    headers = {"host": "127.0.0.1:8080", "x-acs-action": LIST, "x-acs-version": "2016-04-28",
               "x-acs-date": "2024-01-01T00:00:00Z", "x-acs-signature-nonce": "n1", "user-agent": " AlibabaCloud ",
               "x-acs-content-sha256": EMPTY_SHA256}
    canonical = signature_v3.canonical_request("POST", "/", urlencode(query), {k: [v] for k, v in headers.items()},
                                               sorted(headers), EMPTY_SHA256)
    ours = signature_v3.sign(signature_v3.string_to_sign(canonical), "secret")
    assert sdk_authorization("POST", query, headers, EMPTY_SHA256, "id", "secret").endswith("Signature=" + ours)


def test_the_tea_sdk_default_is_v3_and_the_call_log_says_so(clean_emulator):
    assert describe(tea_client(clean_emulator)).body.total_count == 0
    assert describe(tea_client(clean_emulator, "v2")).body.total_count == 0
    Api(clean_emulator.url).call(LIST)
    assert [(c["action"], c["signature"], c["code"]) for c in clean_emulator.calls()] == [
        (LIST, "v3", None), (LIST, "v2", None), (LIST, "v2", None)]


def test_parameters_in_a_form_body(clean_emulator):
    vbr = Api(clean_emulator.url).vbr()
    status, body = send_v3(clean_emulator.url, LIST, form={"Filter.1.Key": "VbrId", "Filter.1.Value.1": vbr})
    assert status == 200 and body["TotalCount"] == 1
    assert clean_emulator.calls()[-1]["params"] == {"RegionId": REGION, "Filter.1.Key": "VbrId",
                                                    "Filter.1.Value.1": vbr}


def test_wrong_secret(clean_emulator):
    with pytest.raises(AlibabaCloudException) as caught:
        describe(tea_client(clean_emulator, secret="wrong-secret"))
    assert (caught.value.code, caught.value.status_code) == ("SignatureDoesNotMatch", 400)
    status, body = send_v3(clean_emulator.url, LIST, secret="wrong-secret")
    assert (status, body["Code"]) == (400, "SignatureDoesNotMatch")
    # The server's string to sign, then its canonical request, so a caller can find the differing part.
    assert body["Message"].startswith(MISMATCH + "ACS3-HMAC-SHA256\n")
    assert "server canonical request is:POST\n/\nRegionId=cn-hangzhou\n" in body["Message"]
    assert clean_emulator.calls()[-1]["signature"] == "v3"


@pytest.mark.parametrize("header", ["Authorization", "x-acs-signature-nonce", "x-acs-date", "x-acs-content-sha256"])
def test_missing_header(clean_emulator, header):
    status, body = send_v3(clean_emulator.url, LIST, headers={header: None})
    assert (status, body["Code"]) == (400, "MissingParameter")
    assert '"%s"' % header in body["Message"]


def test_missing_action_header(clean_emulator):
    status, body = send_v3(clean_emulator.url, LIST, headers={"x-acs-action": None})
    assert (status, body["Code"]) == (400, "MissingParameter") and '"Action"' in body["Message"]


@pytest.mark.parametrize("headers, unsigned", [
    ({"Authorization": "ACS3-HMAC-SM3 Credential=test-access-key-id,SignedHeaders=host,Signature=00"}, None),
    ({"Authorization": "ACS3-HMAC-SHA256 Credential=test-access-key-id"}, None),
    (None, {"x-acs-security-token": "added-after-signing"}),
])
def test_incomplete_signature(clean_emulator, headers, unsigned):
    status, body = send_v3(clean_emulator.url, LIST, headers=headers, unsigned=unsigned)
    assert (status, body["Code"]) == (400, "IncompleteSignature")


def test_reused_nonce_in_either_version(clean_emulator, monkeypatch):
    nonce = "0123456789abcdef0123456789abcdef"
    assert send_v3(clean_emulator.url, LIST, headers={"x-acs-signature-nonce": nonce})[0] == 200
    status, body = send_v3(clean_emulator.url, LIST, headers={"x-acs-signature-nonce": nonce})
    assert (status, body["Code"]) == (400, "SignatureNonceUsed")
    # One nonce store: a V2 request cannot reuse a V3 nonce either.
    monkeypatch.setattr(parameter_helper, "get_uuid", lambda: nonce)
    Api(clean_emulator.url).expect("SignatureNonceUsed", 400, LIST)


@pytest.mark.parametrize("date, code", [
    (lambda: v3_date(-16 * 60), "InvalidTimeStamp.Expired"),
    (lambda: v3_date(16 * 60), "InvalidTimeStamp.Expired"),
    (lambda: "yesterday", "InvalidTimeStamp.Format"),
])
def test_date_window(clean_emulator, date, code):
    status, body = send_v3(clean_emulator.url, LIST, headers={"x-acs-date": date()})
    assert (status, body["Code"]) == (400, code)


@pytest.mark.parametrize("change", [
    {"headers": {"x-acs-content-sha256": hashlib.sha256(b"another body").hexdigest()}},  # signed, but not the body
    {"sent_body": b"RegionId=cn-beijing"},  # the body changed after signing
], ids=["header", "body"])
def test_body_hash_mismatch(clean_emulator, change):
    status, body = send_v3(clean_emulator.url, LIST, form={"RegionId": REGION}, **change)
    assert (status, body["Code"]) == (400, "InvalidParameter")
    assert '"x-acs-content-sha256"' in body["Message"]


def test_sts_token_good(clean_emulator):
    client = tea_client(clean_emulator, key_id="STS.test-sts-key-id", secret="test-sts-secret",
                        token="test-security-token")
    assert describe(client).body.total_count == 0
    call = clean_emulator.calls()[-1]
    assert call["signature"] == "v3" and "test-security-token" not in str(call)


@pytest.mark.parametrize("key, secret, token, code", [
    ("STS.test-expired-key-id", "test-expired-secret", "test-expired-token", "InvalidSecurityToken.Expired"),
    ("STS.test-sts-key-id", "test-sts-secret", "forged-token", "InvalidSecurityToken.Malformed"),
    ("STS.test-sts-key-id", "test-sts-secret", None, "InvalidSecurityToken.Malformed"),
    ("test-access-key-id", "test-access-key-secret", "any-token", "InvalidSecurityToken.MismatchWithAccessKey"),
])
def test_sts_token_rejected(clean_emulator, key, secret, token, code):
    with pytest.raises(AlibabaCloudException) as caught:
        describe(tea_client(clean_emulator, key_id=key, secret=secret, token=token))
    assert (caught.value.code, caught.value.status_code) == (code, 400)

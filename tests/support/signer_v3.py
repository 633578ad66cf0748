"""Hand-made Signature V3 requests: signed with the Tea SDK's own signer, sent with urllib, so tests can send
what the SDK never would (a wrong secret, a missing or unsigned header, a reused nonce, a body that is not the
one hashed)."""

import hashlib
import json
import time
import urllib.error
import urllib.request
import uuid
from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit

from alibabacloud_tea_openapi.utils import Utils

from .emulator import ACCESS_KEY_ID, ACCESS_KEY_SECRET, REGION

ALGORITHM = "ACS3-HMAC-SHA256"
VERSION = "2016-04-28"


def v3_date(offset=0):
    """An x-acs-date `offset` seconds from now."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + offset))


def sdk_authorization(method, query, headers, payload_hash, key_id, secret):
    """The Authorization header the Tea SDK computes for these parts (it signs every header it is given)."""
    request = SimpleNamespace(method=method, pathname="/", query=query, headers=headers)
    return Utils.get_authorization(request, ALGORITHM, payload_hash, key_id, secret)


def send_v3(url, action, query=None, form=None, key_id=ACCESS_KEY_ID, secret=ACCESS_KEY_SECRET, headers=None,
            unsigned=None, sent_body=None):
    """POST one V3 request to the emulator at `url`; returns (HTTP status, parsed JSON body).

    `headers` replace the common headers before signing (a None value leaves one out; an "Authorization" entry
    replaces the computed one); `unsigned` headers are added after signing; `sent_body` replaces the signed body.
    """
    query = dict({"RegionId": REGION}, **(query or {}))
    body = urlencode(form).encode() if form else b""
    overrides = dict(headers or {})
    common = {"host": urlsplit(url).netloc, "x-acs-action": action, "x-acs-version": VERSION,
              "x-acs-date": v3_date(), "x-acs-signature-nonce": uuid.uuid4().hex,
              "x-acs-content-sha256": hashlib.sha256(body).hexdigest()}
    if form:
        common["content-type"] = "application/x-www-form-urlencoded"
    sign = "Authorization" not in overrides
    authorization = overrides.pop("Authorization", None)
    common = {name: value for name, value in dict(common, **overrides).items() if value is not None}
    if sign:
        payload_hash = common.get("x-acs-content-sha256") or hashlib.sha256(body).hexdigest()
        authorization = sdk_authorization("POST", query, common, payload_hash, key_id, secret)
    sent = dict(common, **(unsigned or {}))
    if authorization is not None:
        sent["Authorization"] = authorization
    request = urllib.request.Request(url + "/?" + urlencode(query), data=body if sent_body is None else sent_body,
                                     headers=sent, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())

"""Signature V2: the RPC signature exactly as aliyun-python-sdk-core computes it (HMAC-SHA1 over the sorted query)."""

import base64
import hashlib
import hmac
from collections import namedtuple
from urllib.parse import quote, urlencode

from .errors import ApiError, missing

# What a signed request claims, in the shape both signature versions hand to auth.Authenticator;
# `canonical` is V3's canonical request (None in V2, whose string to sign is already readable).
Claim = namedtuple("Claim", "key_id token stamp nonce signature string_to_sign sign canonical")
INCOMPLETE = "The request signature does not conform to Aliyun standards."


def _pop_standard(text):
    return text.replace("+", "%20").replace("*", "%2A").replace("%7E", "~")


def string_to_sign(method, params):
    """`params` excludes Signature; keys sorted bytewise, encoded twice like the SDK."""
    canonical = _pop_standard(urlencode(sorted(params.items())))
    return method + "&%2F&" + _pop_standard(quote(canonical, safe="/"))


def sign(string, secret):
    digest = hmac.new((secret + "&").encode("utf-8"), string.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def claim(request):
    """The V2 claim of an ApiRequest; raises ApiError for missing or unsupported signature parameters."""
    params = request.params
    for name in ("AccessKeyId", "Signature", "SignatureNonce", "Timestamp"):
        if not params.get(name):
            raise missing(name)
    if params.get("SignatureMethod", "HMAC-SHA1") != "HMAC-SHA1" or params.get("SignatureVersion", "1.0") != "1.0":
        raise ApiError(400, "IncompleteSignature", INCOMPLETE)
    unsigned = {k: v for k, v in params.items() if k != "Signature"}
    return Claim(params["AccessKeyId"], params.get("SecurityToken"), params["Timestamp"], params["SignatureNonce"],
                 params["Signature"], string_to_sign(request.method, unsigned), sign, None)

"""The RPC signature exactly as aliyun-python-sdk-core computes it (HMAC-SHA1 over the sorted query)."""

import base64
import hashlib
import hmac
from urllib.parse import quote, urlencode


def _pop_standard(text):
    return text.replace("+", "%20").replace("*", "%2A").replace("%7E", "~")


def string_to_sign(method, params):
    """`params` excludes Signature; keys sorted bytewise, encoded twice like the SDK."""
    canonical = _pop_standard(urlencode(sorted(params.items())))
    return method + "&%2F&" + _pop_standard(quote(canonical, safe="/"))


def sign(string, secret):
    digest = hmac.new((secret + "&").encode("utf-8"), string.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")

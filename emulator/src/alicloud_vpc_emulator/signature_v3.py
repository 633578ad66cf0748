"""Signature V3 (ACS3-HMAC-SHA256) as alibabacloud-tea-openapi computes it: canonical request, SHA-256, HMAC-SHA256."""

import hashlib
import hmac
from urllib.parse import parse_qsl, quote

from .errors import ApiError, invalid_param, missing
from .signature import INCOMPLETE, Claim

ALGORITHM = "ACS3-HMAC-SHA256"
# Reported in this order when absent, like V2's AccessKeyId, Signature, SignatureNonce, Timestamp.
REQUIRED = ("Authorization", "x-acs-signature-nonce", "x-acs-date", "x-acs-content-sha256")


def canonical_query(query):
    """The raw query decoded, sorted by name, names and values percent-encoded (RFC 3986 unreserved kept)."""
    pairs = sorted(parse_qsl(query, keep_blank_values=True))
    return "&".join("%s=%s" % (quote(name, safe="~"), quote(value, safe="~")) for name, value in pairs)


def canonical_headers(headers, names):
    """One `name:value` line per signed header; repeated values trimmed, sorted and joined by commas."""
    return "".join("%s:%s\n" % (name, ",".join(sorted(v.strip() for v in headers.get(name, [])))) for name in names)


def canonical_request(method, path, query, headers, names, payload_hash):
    """`headers`: lower-case name -> list of values; `names`: the signed header names, lower case and sorted."""
    return "\n".join((method, path, canonical_query(query), canonical_headers(headers, names), ";".join(names),
                      payload_hash))


def string_to_sign(canonical):
    return ALGORITHM + "\n" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def sign(string, secret):
    return hmac.new(secret.encode("utf-8"), string.encode("utf-8"), hashlib.sha256).hexdigest()


def parse_authorization(value):
    """`ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b>,Signature=<hex>` -> (key id, names, signature)."""
    algorithm, _, rest = value.strip().partition(" ")
    fields = dict(part.strip().partition("=")[::2] for part in rest.split(","))
    if algorithm != ALGORITHM or not all(fields.get(k) for k in ("Credential", "SignedHeaders", "Signature")):
        raise ApiError(400, "IncompleteSignature", INCOMPLETE)
    names = sorted({name.strip().lower() for name in fields["SignedHeaders"].split(";") if name.strip()})
    return fields["Credential"], names, fields["Signature"]


def claim(request):
    """The V3 claim of an ApiRequest; raises ApiError for missing, unsigned or inconsistent headers."""
    for name in REQUIRED:
        if not request.header(name.lower()):
            raise missing(name)
    key_id, names, signature = parse_authorization(request.header("authorization"))
    # Every common header present must be signed, or a replayed request could change them.
    unsigned = [name for name in sorted(request.headers)
                if (name == "host" or name.startswith("x-acs-")) and name not in names]
    if unsigned:
        raise ApiError(400, "IncompleteSignature", "%s Header %s is not signed." % (INCOMPLETE, unsigned[0]))
    payload_hash = request.header("x-acs-content-sha256")
    if payload_hash != hashlib.sha256(request.body).hexdigest():
        raise invalid_param("x-acs-content-sha256", "is not the hex SHA-256 of the request body")
    canonical = canonical_request(request.method, request.path, request.query, request.headers, names, payload_hash)
    return Claim(key_id, request.header("x-acs-security-token"), request.header("x-acs-date"),
                 request.header("x-acs-signature-nonce"), signature, string_to_sign(canonical), sign, canonical)

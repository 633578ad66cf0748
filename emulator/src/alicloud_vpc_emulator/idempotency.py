"""ClientToken: the same token with the same parameters gets the first answer; other parameters are refused."""

from .calllog import COMMON
from .errors import ApiError

MAX_TOKEN = 64


def fingerprint(params):
    return tuple(sorted((k, v) for k, v in params.items() if k not in COMMON and k != "ClientToken"))


def lookup(tokens, key_id, action, params):
    """The stored answer for a replayed token, or None when the call must run."""
    token = params.get("ClientToken")
    if not token:
        return None
    if len(token) > MAX_TOKEN or not token.isascii():
        raise ApiError(400, "InvalidClientToken.Malformed", "The ClientToken must be 1 to 64 ASCII characters.")
    seen = tokens.get((key_id, action, token))
    if seen is None:
        return None
    if seen[0] != fingerprint(params):
        raise ApiError(400, "IdempotentParameterMismatch",
                       "The request uses the same client token as a previous, but non-identical request.")
    return dict(seen[1])


def remember(tokens, key_id, action, params, answer):
    token = params.get("ClientToken")
    if token:
        tokens[(key_id, action, token)] = (fingerprint(params), dict(answer))

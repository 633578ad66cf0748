"""ClientToken: the same token with the same parameters gets the first answer; other parameters are refused.

Scope (the reference leaves it open; the stricter reading on both counts, see README): a token is replayed only for
the AccessKey that first used it (another key of the account with the same parameters runs the action again), and
refused with IdempotentParameterMismatch for any key of the account when the parameters differ. Another account's
token of the same name is its own. The answer stays even when its resource is deleted since: a replay then names a
resource that is gone.
"""

from .calllog import COMMON
from .errors import ApiError

MAX_TOKEN = 64


def fingerprint(params):
    return tuple(sorted((k, v) for k, v in params.items() if k not in COMMON and k != "ClientToken"))


def lookup(tokens, caller, action, params):
    """The stored answer for a replayed token, or None when the call must run."""
    token = params.get("ClientToken")
    if not token:
        return None
    if len(token) > MAX_TOKEN or not token.isascii():
        raise ApiError(400, "InvalidClientToken.Malformed", "The ClientToken must be 1 to 64 ASCII characters.")
    seen = tokens.get((caller.account, action, token))
    if seen is None:
        return None
    if seen["fingerprint"] != fingerprint(params):
        raise ApiError(400, "IdempotentParameterMismatch",
                       "The request uses the same client token as a previous, but non-identical request.")
    answer = seen["answers"].get(caller.key_id)
    return None if answer is None else dict(answer)


def remember(tokens, caller, action, params, answer):
    token = params.get("ClientToken")
    if token:
        seen = tokens.setdefault((caller.account, action, token), {"fingerprint": fingerprint(params), "answers": {}})
        seen["answers"].setdefault(caller.key_id, dict(answer))

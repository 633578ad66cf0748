"""Who may call: each account's AccessKey pair and STS identities (from the fixtures), timestamp window and nonce
replay protection, for both signature versions (V2 in signature.py, V3 in signature_v3.py)."""

import calendar
import hmac
import time
from collections import namedtuple

from . import signature, signature_v3
from .errors import ApiError

MAX_SKEW = 15 * 60
# The V2 SDK splits this message on ":" and compares the tail with its own string to sign.
MISMATCH = "Specified signature is not matched with our calculation. server string to sign is:"
CLAIMS = {"v2": signature.claim, "v3": signature_v3.claim}


Caller = namedtuple("Caller", "key_id account")


class Authenticator:
    def __init__(self, accounts):
        """`accounts`: the fixtures' accounts (fixtures.accounts), each with its key pair and STS identities."""
        self.secrets = {a["AccessKeyId"]: (a["AccessKeySecret"], a["Uid"]) for a in accounts}
        self.sts = {sts["AccessKeyId"]: (sts["AccessKeySecret"], sts["SecurityToken"], sts["Expired"], a["Uid"])
                    for a in accounts for sts in a.get("StsIdentities", [])}
        self.nonces = {}  # nonce -> time seen; kept for the skew window, after which the timestamp check rejects

    def reset(self):
        self.nonces.clear()

    def authenticate(self, request, now=None):
        """Return the Caller (AccessKeyId, account UID) or raise ApiError; checks in the order the gateway reports
        them."""
        now = time.time() if now is None else now
        claim = CLAIMS[request.signature](request)
        secret, account = self._secret(claim.key_id, claim.token)
        self._check_timestamp(claim.stamp, now)
        if not hmac.compare_digest(claim.sign(claim.string_to_sign, secret).encode(), claim.signature.encode()):
            message = MISMATCH + claim.string_to_sign
            if claim.canonical is not None:
                message += " server canonical request is:" + claim.canonical
            raise ApiError(400, "SignatureDoesNotMatch", message)
        self._use_nonce(claim.nonce, now)
        return Caller(claim.key_id, account)

    def _secret(self, key_id, token):
        if key_id in self.sts:
            secret, good_token, expired, account = self.sts[key_id]
            if token != good_token:
                raise ApiError(400, "InvalidSecurityToken.Malformed", "The security token you provided is malformed.")
            if expired:
                raise ApiError(400, "InvalidSecurityToken.Expired", "The security token you provided has expired.")
            return secret, account
        if key_id not in self.secrets:
            raise ApiError(400, "InvalidAccessKeyId.NotFound",
                           "The Access Key ID provided does not exist in our records.")
        if token:
            raise ApiError(400, "InvalidSecurityToken.MismatchWithAccessKey",
                           "The security token you provided does not match the Access Key ID.")
        return self.secrets[key_id]

    @staticmethod
    def _check_timestamp(value, now):
        try:
            stamp = calendar.timegm(time.strptime(value, "%Y-%m-%dT%H:%M:%SZ"))
        except ValueError:
            raise ApiError(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.")
        if abs(now - stamp) > MAX_SKEW:
            raise ApiError(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")

    def _use_nonce(self, nonce, now):
        for old in [n for n, seen in self.nonces.items() if now - seen > 2 * MAX_SKEW]:
            del self.nonces[old]
        if nonce in self.nonces:
            raise ApiError(400, "SignatureNonceUsed", "Specified signature nonce was used already.")
        self.nonces[nonce] = now

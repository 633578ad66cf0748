"""Who may call: AccessKey pairs, STS identities, timestamp window and nonce replay protection."""

import calendar
import time

from . import signature
from .errors import ApiError, missing

DEFAULT_KEY_ID = "test-access-key-id"
DEFAULT_SECRET = "test-access-key-secret"
STS_IDENTITIES = {
    # key id: (secret, token, expired)
    "STS.test-sts-key-id": ("test-sts-secret", "test-security-token", False),
    "STS.test-expired-key-id": ("test-expired-secret", "test-expired-token", True),
}
MAX_SKEW = 15 * 60
# The SDK splits this message on ":" and compares the tail with its own string to sign.
MISMATCH = "Specified signature is not matched with our calculation. server string to sign is:"


class Authenticator:
    def __init__(self, key_id=DEFAULT_KEY_ID, secret=DEFAULT_SECRET):
        self.secrets = {key_id: secret}
        self.nonces = {}  # nonce -> time seen; kept for the skew window, after which the timestamp check rejects

    def reset(self):
        self.nonces.clear()

    def authenticate(self, method, params, now=None):
        """Return the caller's AccessKeyId or raise ApiError; checks in the order the gateway reports them."""
        now = time.time() if now is None else now
        for name in ("AccessKeyId", "Signature", "SignatureNonce", "Timestamp"):
            if not params.get(name):
                raise missing(name)
        if params.get("SignatureMethod", "HMAC-SHA1") != "HMAC-SHA1" or params.get("SignatureVersion", "1.0") != "1.0":
            raise ApiError(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards.")
        key_id = params["AccessKeyId"]
        secret = self._secret(key_id, params.get("SecurityToken"))
        self._check_timestamp(params["Timestamp"], now)
        unsigned = {k: v for k, v in params.items() if k != "Signature"}
        expected = signature.string_to_sign(method, unsigned)
        if signature.sign(expected, secret) != params["Signature"]:
            raise ApiError(400, "SignatureDoesNotMatch", MISMATCH + expected)
        self._use_nonce(params["SignatureNonce"], now)
        return key_id

    def _secret(self, key_id, token):
        if key_id in STS_IDENTITIES:
            secret, good_token, expired = STS_IDENTITIES[key_id]
            if token != good_token:
                raise ApiError(400, "InvalidSecurityToken.Malformed", "The security token you provided is malformed.")
            if expired:
                raise ApiError(400, "InvalidSecurityToken.Expired", "The security token you provided has expired.")
            return secret
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

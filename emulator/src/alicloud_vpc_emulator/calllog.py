"""The call log behind GET /_emulator/calls; never holds signatures, tokens or secrets."""

import json
import time

# Common RPC parameters: the log keeps only the API's own parameters.
COMMON = {"Action", "Version", "Format", "AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion",
          "SignatureNonce", "SignatureType", "Timestamp", "SecurityToken"}


def _is_secret(name):
    lowered = name.lower()
    return "secret" in lowered or "password" in lowered or lowered.endswith("securitytoken")


# Sent by the caller on purpose, but a secret all the same: the log shows that one was sent, never its value.
MASKED = {"AuthKey"}
MASK = "********"


def public_params(params):
    return {k: (MASK if k in MASKED and v else v) for k, v in params.items() if k not in COMMON and not _is_secret(k)}


class CallLog:
    def __init__(self, log_file=None):
        self.calls = []
        self.log_file = log_file

    def reset(self):
        self.calls = []

    def record(self, action, params, http_status, code, fault, request_id, mutating, signature, access_key_id):
        """`signature`: the version the request was signed with ("v2" or "v3"); `access_key_id`: the caller's, once
        authenticated (None before), so that a test can tell which account made each call."""
        call = {"seq": len(self.calls) + 1, "time": round(time.time(), 3), "action": action,
                "params": public_params(params), "http_status": http_status, "code": code, "fault": fault,
                "request_id": request_id, "mutating": mutating, "signature": signature,
                "access_key_id": access_key_id}
        self.calls.append(call)
        if self.log_file:
            with open(self.log_file, "a") as handle:
                handle.write(json.dumps(call) + "\n")
        return call

"""The official Tea SDK client (alibabacloud-vpc20160428) aimed at an emulator, and patient helpers for flows.

The emulator may list a new resource a moment late, settle a status later, or briefly refuse a call while an
earlier one settles (as the cloud does), so flows poll Describe calls and retry the named transient refusals
instead of sleeping for fixed times. (support/wait.py does this for the legacy SDK, whose errors are
ServerException; the Tea SDK raises AlibabaCloudException.)
"""

import time

from alibabacloud_tea_openapi import models as open_api_models
from alibabacloud_tea_openapi.exceptions import AlibabaCloudException
from alibabacloud_vpc20160428.client import Client

from .emulator import ACCESS_KEY_ID, ACCESS_KEY_SECRET, REGION

POLL_INTERVAL = 0.2
TIMEOUT = 60


def tea_client(emulator, signature_algorithm=None, key_id=ACCESS_KEY_ID, secret=ACCESS_KEY_SECRET, token=None):
    """A Client in the SDK's default configuration (Signature V3) unless `signature_algorithm` says e.g. "v2"."""
    config = open_api_models.Config(access_key_id=key_id, access_key_secret=secret, security_token=token,
                                    endpoint=emulator.url.split("://", 1)[1], protocol="http", region_id=REGION)
    if signature_algorithm:
        config.signature_algorithm = signature_algorithm
    return Client(config)


def wait_for(fetch, done, what, timeout=TIMEOUT):
    """Call fetch() until done(value) holds; return that value."""
    deadline = time.monotonic() + timeout
    while True:
        value = fetch()
        if done(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for %s (last seen: %r)" % (what, value))
        time.sleep(POLL_INTERVAL)


def retry_on(codes, call, timeout=TIMEOUT):
    """call() until the API stops refusing it with one of `codes`; other errors, and the last refusal, propagate."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return call()
        except AlibabaCloudException as error:
            if error.code not in codes or time.monotonic() > deadline:
                raise
        time.sleep(POLL_INTERVAL)

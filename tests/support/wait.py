"""Polling helpers for tests that run the emulator with time in the world (latency scale > 0)."""

import time

from aliyunsdkcore.acs_exception.exceptions import ServerException


def eventually(fetch, expected, timeout=3.0, interval=0.02):
    """Poll `fetch()` until it returns `expected` or `timeout` passes; returns the last value seen."""
    deadline = time.monotonic() + timeout
    while True:
        value = fetch()
        if value == expected or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def refused_until_accepted(attempt, codes, timeout=3.0, interval=0.02):
    """Call `attempt()` until it stops raising a ServerException whose code is in `codes`.

    Returns (result, refusals): the successful result and the codes of the refusals before it, in order. Any other
    error, or still being refused at the deadline, raises.
    """
    result, refusals = codes_until_accepted(attempt, codes, timeout, interval)
    return result, [code for code, _ in refusals]


def first_seen(fetch, timeout=3.0, interval=0.02):
    """Poll `fetch()` until it returns something other than None (a new resource being listed); returns it."""
    deadline = time.monotonic() + timeout
    while True:
        value = fetch()
        if value is not None or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def codes_until_accepted(attempt, codes, timeout=3.0, interval=0.02):
    """Like refused_until_accepted, but each refusal is (code, message)."""
    deadline = time.monotonic() + timeout
    refusals = []
    while True:
        try:
            return attempt(), refusals
        except ServerException as error:
            if error.get_error_code() not in codes or time.monotonic() > deadline:
                raise
            refusals.append((error.get_error_code(), error.get_error_msg()))
        time.sleep(interval)

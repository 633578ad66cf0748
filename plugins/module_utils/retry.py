# -*- coding: utf-8 -*-
# Copyright: (c) 2025, aliyun.express_connect contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Which API errors are worth another attempt, and how long to wait before it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Codes that mean "try again later": the request was refused or failed before taking effect,
# or the resource is briefly locked by another operation. "DistibuteLock" is the API's spelling.
TRANSIENT_CODES = frozenset((
    "ServiceUnavailable",
    "InternalError",
    "UnknownError",
    "SystemBusy",
    "OperationConflict",
    "TaskConflict",
    "LastTokenProcessing",
    "OperationFailed.DistibuteLock",
))

# The SDK's code for every network/IO failure (refused, reset, timeout, lost response).
TRANSPORT_ERROR = "SDK.HttpError"
# The SDK's code for an error status whose body is not JSON (e.g. a 502 page from a gateway).
UNKNOWN_SERVER_ERROR = "SDK.UnknownServerError"

BASE_DELAY = 0.5
MAX_DELAY = 10.0


def may_have_taken_effect(code, http_status):
    """True when the request may have been carried out although no answer arrived."""
    return code == TRANSPORT_ERROR or (code == UNKNOWN_SERVER_ERROR and (http_status or 0) >= 500)


def is_retryable(code, http_status=None, retry_codes=()):
    """Transient API codes, throttling, transport errors and the caller's own codes."""
    if not code:
        return False
    return (code in TRANSIENT_CODES or code.startswith("Throttling") or code in retry_codes
            or may_have_taken_effect(code, http_status))


def backoff_delay(attempt, rand, base=BASE_DELAY, cap=MAX_DELAY):
    """Capped exponential backoff with "equal jitter": half fixed, half random.

    attempt counts from 0 (the delay after the first failure). rand() returns a float in [0, 1).
    Jitter keeps parallel Ansible forks from retrying in lockstep after a throttling burst.
    """
    delay = min(cap, base * (2 ** attempt))
    return delay / 2 + delay / 2 * rand()

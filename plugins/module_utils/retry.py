# -*- coding: utf-8 -*-
# Copyright: (c) 2025, aliyun.express_connect contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Which API errors are worth another attempt, and how long to wait before it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

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
# A 2xx answer that is not the API's shape (not JSON, no RequestId, no item set): the endpoint is not the VPC API.
INVALID_RESPONSE = "SDK.InvalidResponse"

# Transport failures that another attempt cannot mend, each with its own code. None of them is in TRANSIENT_CODES
# (nor is it TRANSPORT_ERROR), so is_retryable refuses them: the module fails at once, in plain words.
CONNECTION_REFUSED = "SDK.ConnectionRefused"  # on a local endpoint only: nothing listens on that port
HOST_NOT_FOUND = "SDK.HostNotFound"
CERTIFICATE_INVALID = "SDK.CertificateInvalid"
TLS_HANDSHAKE_FAILED = "SDK.TLSHandshakeFailed"
CA_BUNDLE_INVALID = "SDK.CABundleInvalid"

# What the SDK's vendored requests/urllib3 put in the text of SDK.HttpError, most specific row first (within a row the
# leftmost match wins):
# (pattern, code, reason). A code of None means "the connection was refused": permanent on a local endpoint only.
# Timeouts, resets and a temporary DNS failure keep TRANSPORT_ERROR: the request may have been carried out
# (may_have_taken_effect) or the next attempt may get through.
_TRANSPORT_PATTERNS = (
    (r"Could not find a suitable TLS CA certificate bundle, invalid path: (?P<path>.*)",
     CA_BUNDLE_INVALID, "the CA bundle {path} does not exist (ca_bundle)"),
    (r"NO_CERTIFICATE_OR_CRL_FOUND|no certificate or crl found|\[X509[^\]]*\]|PEM lib",
     CA_BUNDLE_INVALID, "the CA bundle holds no certificate that can be loaded (ca_bundle must be a PEM file of CA certificates)"),
    (r"certificate verify failed: (?P<detail>[^'\"(]*)",
     CERTIFICATE_INVALID, "TLS certificate verification failed: {detail} (set ca_bundle to the CA that signed it, "
                          "or validate_certs: false for a test endpoint only)"),
    (r"(?P<detail>hostname '[^']*' doesn't match [^\"]*?)(?:\"|'\)|$)",
     CERTIFICATE_INVALID, "TLS certificate verification failed: the certificate is not for this host ({detail})"),
    (r"CERTIFICATE_VERIFY_FAILED",
     CERTIFICATE_INVALID, "TLS certificate verification failed (set ca_bundle to the CA that signed it, "
                          "or validate_certs: false for a test endpoint only)"),
    (r"WRONG_VERSION_NUMBER|wrong version number|RECORD_LAYER_FAILURE",
     TLS_HANDSHAKE_FAILED, "the TLS handshake failed: the server does not speak HTTPS on that port (an http:// endpoint?)"),
    (r"Connection refused|ConnectionRefused|\[Errno 111\]|\[Errno 61\]|\[WinError 10061\]",
     None, "connection refused"),
    (r"(?P<detail>Name or service not known|nodename nor servname provided, or not known|No address associated with hostname"
     r"|getaddrinfo failed)",
     HOST_NOT_FOUND, "the host name does not resolve ({detail})"),
    (r"Temporary failure in name resolution",
     TRANSPORT_ERROR, "the host name could not be resolved for now (Temporary failure in name resolution)"),
    (r"Read timed out\.?(?P<detail> \(read timeout=[0-9.]+\))?",
     TRANSPORT_ERROR, "no answer within the read timeout{detail}; the request may have been carried out"),
    (r"timed out\.?(?P<detail> \(connect timeout=[0-9.]+\))",
     TRANSPORT_ERROR, "no connection within the connect timeout{detail}"),
    (r"ConnectTimeout",
     TRANSPORT_ERROR, "no connection within the connect timeout"),
    (r"(?P<detail>Connection reset by peer|Remote end closed connection without response|Broken pipe)",
     TRANSPORT_ERROR, "the connection was closed before an answer arrived ({detail}); the request may have been carried out"),
    (r"(?P<detail>Connection aborted)",
     TRANSPORT_ERROR, "the connection was closed before an answer arrived ({detail}); the request may have been carried out"),
)
_OBJECT_ADDRESS = re.compile(r"<[\w.]+ object at 0x[0-9a-fA-F]+>:?\s*")
_POOL_PREFIX = re.compile(r"^\w+ConnectionPool\(host='[^']*', port=\d+\): (?:Max retries exceeded with url: \S+ \(Caused by )?")

# Codes that mean "this resource is in a transition that ends by itself": each operation retries its own
# group until the module's wait_timeout, not for a bounded number of attempts (vpc-api-reference §4.1).
# Every spelling that a doc generation uses is listed ("Incorrcet", "Refered" are the API's own).
CONNECT_BLOCKED = (
    "IncorrectOppositeInterfaceInfo.NotSet",  # the opposite information is not effective at once
)
MODIFY_BLOCKED = (
    "IncorrectStatus", "IncorrectRIStatus", "INSTANCE_IN_PROCESSIONG",  # a previous modify is still being applied
)
ROUTE_BLOCKED = (
    "IncorrectRouteEntryStatus", "IncorrcetRouteEntryStatus",  # a Pending entry on the same VPC or VBR
    "IncorrectStatus.RouteTableStatus", "IncorrectVpcStatus", "InvalidVBRStatus",
)
# A route toward a router interface that is not connected (Active). Not blocked by itself: only a connection in
# progress ends it, so the route module looks at the interface before it waits.
NEXT_HOP_NOT_CONNECTED = ("OperationDenied.VbrIdle", "IncorrectStatus.RouterInterface")
ROUTER_INTERFACE_DELETE_BLOCKED = (
    "IncorrectStatus", "IncorrectRIStatus", "InvalidInstance.StatusError", "OperationFailed.OperationLocked",
    # routes toward it that are still being deleted
    "DependencyViolation.RouterInterfaceReferedByRouteEntry", "RouterInterfaceReferredByRouteEntry",
    "ReferredByRouteEntry.RouterInterface",
)
VBR_DELETE_BLOCKED = (
    # the tail after its interfaces are gone
    "DependencyViolation.RouterInterface", "InvalidOperation.RouterInterfaceNotDeleted",
)
# BGP groups or advertised networks still on the VBR: blocked only while every one of them is being deleted (the
# VBR module looks at them on this refusal and otherwise fails naming them).
VBR_DELETE_BGP_DELETING = ("DependencyViolation.BgpGroup", "DependencyViolation.BgpNetwork")
# A BGP group, peer or network (or the group a peer goes into) that is not Available: Pending, Modifying.
BGP_BLOCKED = ("InvalidStatus.CannotOperate",)
# A group whose peers are being deleted (the group module looks at the peers first and fails on live ones).
BGP_GROUP_DELETE_PEERS_DELETING = ("DependencyViolation.BgpPeer",)

BASE_DELAY = 0.5
MAX_DELAY = 10.0
# Retries of a blocked operation: each delay is this share of the time blocked so far (as the waiter polls),
# so the end of a transition is noticed within 20% of its duration + BLOCKED_MIN_DELAY.
BLOCKED_MIN_DELAY = 0.5
BLOCKED_MAX_DELAY = 15.0
BLOCKED_DELAY_RATIO = 0.2


def may_have_taken_effect(code, http_status):
    """True when the request may have been carried out although no answer arrived."""
    return code == TRANSPORT_ERROR or (code == UNKNOWN_SERVER_ERROR and (http_status or 0) >= 500)


def is_retryable(code, http_status=None, retry_codes=()):
    """Transient API codes, throttling, transport errors and the caller's own codes."""
    if not code:
        return False
    return (code in TRANSIENT_CODES or code.startswith("Throttling") or code in retry_codes
            or may_have_taken_effect(code, http_status))


def classify_transport_error(text, local=False):
    """(code, reason) for the text of the SDK's SDK.HttpError, in plain words without object addresses.

    local: the endpoint is this machine (a loopback address), where a refused connection means nothing listens on
    that port, which no retry mends; elsewhere a refusal may be a load balancer restarting and stays retryable.
    """
    text = str(text)
    for pattern, code, reason in _TRANSPORT_PATTERNS:
        match = re.search(pattern, text)
        if not match:
            continue
        fields = dict((key, (value or "").rstrip()) for key, value in match.groupdict().items())
        if code is None:
            if local:
                return CONNECTION_REFUSED, reason + ": nothing listens on that port"
            return TRANSPORT_ERROR, reason
        return code, reason.format(**fields)
    cleaned = _POOL_PREFIX.sub("", _OBJECT_ADDRESS.sub("", text))
    if cleaned != text and cleaned.endswith(")"):
        cleaned = cleaned[:-1]  # the "(Caused by" of the pool prefix
    return TRANSPORT_ERROR, cleaned


def backoff_delay(attempt, rand, base=BASE_DELAY, cap=MAX_DELAY):
    """Capped exponential backoff with "equal jitter": half fixed, half random.

    attempt counts from 0 (the delay after the first failure). rand() returns a float in [0, 1).
    Jitter keeps parallel Ansible forks from retrying in lockstep after a throttling burst.
    """
    delay = min(cap, base * (2 ** attempt))
    return delay / 2 + delay / 2 * rand()


def blocked_delay(blocked_for, rand):
    """Delay before retrying an operation that has been refused for blocked_for seconds by a transition."""
    delay = min(BLOCKED_MAX_DELAY, max(BLOCKED_MIN_DELAY, BLOCKED_DELAY_RATIO * blocked_for))
    return delay * (0.8 + 0.4 * rand())

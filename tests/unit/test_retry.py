"""Retry classification and backoff (pure helpers)."""

import pytest

from ansible_collections.aliyun.express_connect.plugins.module_utils.retry import (
    BGP_BLOCKED, BGP_GROUP_DELETE_PEERS_DELETING, BLOCKED_MAX_DELAY, BLOCKED_MIN_DELAY, CONNECT_BLOCKED, MAX_DELAY, MODIFY_BLOCKED, NEXT_HOP_NOT_CONNECTED, ROUTE_BLOCKED,
    ROUTER_INTERFACE_DELETE_BLOCKED, VBR_DELETE_BGP_DELETING, VBR_DELETE_BLOCKED, backoff_delay, blocked_delay, is_retryable,
    may_have_taken_effect,
)


@pytest.mark.parametrize("code, status", [
    ("Throttling", 400), ("Throttling.User", 400), ("Throttling.Api", 503), ("ServiceUnavailable", 503),
    ("InternalError", 500), ("UnknownError", 500), ("SystemBusy", 400), ("OperationConflict", 409),
    ("TaskConflict", 400), ("LastTokenProcessing", 400), ("OperationFailed.DistibuteLock", 400),
    ("SDK.HttpError", None), ("SDK.UnknownServerError", 502),
])
def test_transient_codes_are_retried(code, status):
    assert is_retryable(code, status)


@pytest.mark.parametrize("code, status", [
    ("InvalidParameter", 400), ("MissingParameter", 400), ("SignatureDoesNotMatch", 400), ("InvalidAccessKeyId.NotFound", 404),
    ("IdempotentParameterMismatch", 400), ("Forbidden.RAM", 403), ("IncorrectRouteEntryStatus", 400),
    ("SDK.UnknownServerError", 404), ("SDK.InvalidResponse", 200), ("", None), (None, None),
])
def test_fatal_codes_are_not_retried(code, status):
    assert not is_retryable(code, status)


def test_per_call_retry_codes():
    assert is_retryable("IncorrectRouteEntryStatus", 400, retry_codes=("IncorrectRouteEntryStatus",))
    assert not is_retryable("IncorrectStatus", 400, retry_codes=("IncorrectRouteEntryStatus",))


def test_only_unanswered_requests_may_have_taken_effect():
    assert may_have_taken_effect("SDK.HttpError", None)
    assert may_have_taken_effect("SDK.UnknownServerError", 504)
    assert not may_have_taken_effect("Throttling.User", 400)
    assert not may_have_taken_effect("ServiceUnavailable", 503)


def test_backoff_grows_exponentially_then_caps():
    lows = [backoff_delay(n, lambda: 0.0) for n in range(10)]
    highs = [backoff_delay(n, lambda: 0.999999) for n in range(10)]
    assert lows[:4] == [0.25, 0.5, 1.0, 2.0]
    assert all(b >= a for a, b in zip(highs, highs[1:]))
    assert max(highs) <= MAX_DELAY and highs[-1] == pytest.approx(MAX_DELAY)


def test_backoff_is_jittered_between_half_and_full():
    delays = {backoff_delay(3, lambda r=r: r) for r in (0.0, 0.25, 0.5, 0.75)}
    assert len(delays) == 4
    assert min(delays) == 2.0 and max(delays) < 4.0


def test_blocked_delay_follows_the_time_blocked():
    assert blocked_delay(0.0, lambda: 0.5) == pytest.approx(BLOCKED_MIN_DELAY)
    assert blocked_delay(10.0, lambda: 0.5) == pytest.approx(2.0)
    assert blocked_delay(10_000.0, lambda: 0.999999) <= BLOCKED_MAX_DELAY * 1.2


@pytest.mark.parametrize("group, code", [
    (CONNECT_BLOCKED, "IncorrectOppositeInterfaceInfo.NotSet"),
    (ROUTE_BLOCKED, "IncorrectRouteEntryStatus"), (ROUTE_BLOCKED, "IncorrcetRouteEntryStatus"),
    (NEXT_HOP_NOT_CONNECTED, "OperationDenied.VbrIdle"), (NEXT_HOP_NOT_CONNECTED, "IncorrectStatus.RouterInterface"),
    (ROUTER_INTERFACE_DELETE_BLOCKED, "DependencyViolation.RouterInterfaceReferedByRouteEntry"),
    (ROUTER_INTERFACE_DELETE_BLOCKED, "RouterInterfaceReferredByRouteEntry"),
    (ROUTER_INTERFACE_DELETE_BLOCKED, "ReferredByRouteEntry.RouterInterface"),
    (ROUTER_INTERFACE_DELETE_BLOCKED, "IncorrectRIStatus"),
    (VBR_DELETE_BLOCKED, "DependencyViolation.RouterInterface"), (MODIFY_BLOCKED, "IncorrectStatus"),
    (BGP_BLOCKED, "InvalidStatus.CannotOperate"), (BGP_GROUP_DELETE_PEERS_DELETING, "DependencyViolation.BgpPeer"),
    (VBR_DELETE_BGP_DELETING, "DependencyViolation.BgpGroup"), (VBR_DELETE_BGP_DELETING, "DependencyViolation.BgpNetwork"),
])
def test_every_documented_spelling_is_in_its_blocked_group(group, code):
    assert code in group


def test_bgp_objects_left_on_a_vbr_are_not_blocked_by_default():
    # Retried only once the VBR module has seen that every one of them is being deleted.
    assert not set(VBR_DELETE_BGP_DELETING) & set(VBR_DELETE_BLOCKED)

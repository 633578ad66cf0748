"""Retry classification and backoff (pure helpers)."""

import pytest

from ansible_collections.aliyun.express_connect.plugins.module_utils.retry import (
    BGP_BLOCKED, BGP_GROUP_DELETE_PEERS_DELETING, BLOCKED_MAX_DELAY, BLOCKED_MIN_DELAY, CONNECT_BLOCKED, MAX_DELAY, MODIFY_BLOCKED, NEXT_HOP_NOT_CONNECTED, ROUTE_BLOCKED,
    ROUTER_INTERFACE_DELETE_BLOCKED, VBR_DELETE_BGP_DELETING, VBR_DELETE_BLOCKED, backoff_delay, blocked_delay, is_retryable,
    may_have_taken_effect, CA_BUNDLE_INVALID, CERTIFICATE_INVALID, CONNECTION_REFUSED, HOST_NOT_FOUND, INVALID_RESPONSE,
    TLS_HANDSHAKE_FAILED, TRANSIENT_CODES, classify_transport_error,
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


# --- transport failures (the text of the SDK's SDK.HttpError, as its vendored requests/urllib3 words it) ----------

POOL = "HTTPSConnectionPool(host='127.0.0.1', port=44243): Max retries exceeded with url: /?<redacted> (Caused by %s)"
NEW_CONNECTION = ("NewConnectionError('<aliyunsdkcore.vendored.requests.packages.urllib3.connection.VerifiedHTTPSConnection "
                  "object at 0x7ff574d71290>: Failed to establish a new connection: %s'))")
REFUSED = POOL % (NEW_CONNECTION % "[Errno 111] Connection refused")


@pytest.mark.parametrize("text, code, reason", [
    (POOL % "SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
            "self-signed certificate (_ssl.c:1006)')))",
     CERTIFICATE_INVALID, "TLS certificate verification failed: self-signed certificate (set ca_bundle"),
    (POOL % "SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
            "unable to get local issuer certificate (_ssl.c:1006)')))",
     CERTIFICATE_INVALID, "TLS certificate verification failed: unable to get local issuer certificate ("),
    (POOL % "SSLError(SSLCertVerificationError(\"hostname '127.0.0.1' doesn't match 'localhost'\")))",
     CERTIFICATE_INVALID, "the certificate is not for this host (hostname '127.0.0.1' doesn't match 'localhost')"),
    ("Could not find a suitable TLS CA certificate bundle, invalid path: /nonexistent.pem",
     CA_BUNDLE_INVALID, "the CA bundle /nonexistent.pem does not exist (ca_bundle)"),
    (POOL % "SSLError(SSLError(136, '[X509: NO_CERTIFICATE_OR_CRL_FOUND] no certificate or crl found (_ssl.c:4154)')))",
     CA_BUNDLE_INVALID, "the CA bundle holds no certificate that can be loaded"),
    (POOL % "SSLError(SSLError(1, '[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)')))",
     TLS_HANDSHAKE_FAILED, "does not speak HTTPS on that port"),
    (POOL % (NEW_CONNECTION % "[Errno -2] Name or service not known"),
     HOST_NOT_FOUND, "the host name does not resolve (Name or service not known)"),
    (POOL % (NEW_CONNECTION % "[Errno 8] nodename nor servname provided, or not known"),
     HOST_NOT_FOUND, "the host name does not resolve (nodename nor servname provided, or not known)"),
    (REFUSED, CONNECTION_REFUSED, "connection refused: nothing listens on that port"),
])
def test_permanent_transport_failures_get_their_own_codes_and_are_not_retried(text, code, reason):
    got_code, got_reason = classify_transport_error(text, local=True)
    assert (got_code, reason in got_reason) == (code, True), got_reason
    assert "object at 0x" not in got_reason and "ConnectionPool" not in got_reason
    assert not is_retryable(got_code, None) and not may_have_taken_effect(got_code, None)


@pytest.mark.parametrize("text, reason", [
    ("HTTPConnectionPool(host='127.0.0.1', port=33059): Read timed out. (read timeout=10)",
     "no answer within the read timeout (read timeout=10); the request may have been carried out"),
    (POOL % ("ConnectTimeoutError(<aliyunsdkcore.vendored.requests.packages.urllib3.connection.VerifiedHTTPSConnection "
             "object at 0x7f00>, 'Connection to 10.255.255.1 timed out. (connect timeout=5)'))"),
     "no connection within the connect timeout (connect timeout=5)"),
    ("('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))",
     "the connection was closed before an answer arrived (Connection reset by peer)"),
    ("('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))",
     "the connection was closed before an answer arrived (Remote end closed connection without response)"),
    (POOL % (NEW_CONNECTION % "[Errno -3] Temporary failure in name resolution"),
     "the host name could not be resolved for now"),
    (POOL % ("ProxyError('Cannot connect to proxy.', " + NEW_CONNECTION % "[Errno 113] No route to host" + ")"),
     "ProxyError('Cannot connect to proxy.', NewConnectionError('Failed to establish a new connection: [Errno 113] No route to host'))"),
])
def test_lost_answers_and_passing_failures_stay_retryable_in_plain_words(text, reason):
    code, got = classify_transport_error(text, local=True)
    assert code == "SDK.HttpError" and reason in got, got
    assert "object at 0x" not in got and "ConnectionPool" not in got
    assert is_retryable(code, None) and may_have_taken_effect(code, None)


def test_a_refused_connection_is_permanent_only_on_a_local_endpoint():
    # Elsewhere it may be a load balancer restarting: retried as before, in plain words.
    assert classify_transport_error(REFUSED, local=False) == ("SDK.HttpError", "connection refused")
    assert classify_transport_error(REFUSED, local=True)[0] == CONNECTION_REFUSED


def test_the_permanent_codes_are_not_in_the_one_list_of_transient_codes():
    for code in (CONNECTION_REFUSED, HOST_NOT_FOUND, CERTIFICATE_INVALID, TLS_HANDSHAKE_FAILED, CA_BUNDLE_INVALID,
                 INVALID_RESPONSE):
        assert code not in TRANSIENT_CODES and not is_retryable(code, 200)

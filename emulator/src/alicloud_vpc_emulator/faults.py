"""Seeded fault injection and the per-AccessKey rate limit."""

import random
import time

from .errors import ApiError

KINDS = ("throttle", "unavailable", "internal", "lost")
ERRORS = {
    "throttle": (400, "Throttling", "Request was denied due to request throttling."),
    "unavailable": (503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server."),
    "internal": (500, "InternalError", "The request processing has failed due to some unknown error."),
}


def parse_spec(spec):
    """`throttle=0.1,lost=0.03,lag=1.0` (or a dict) -> dict; unknown names fail so typos do not pass silently."""
    if isinstance(spec, dict):
        items = spec.items()
    else:
        items = [part.split("=", 1) for part in (spec or "").split(",") if part.strip()]
    result = {}
    for item in items:
        if len(item) != 2:
            raise ValueError("fault spec items look like name=value: %r" % (item,))
        name, value = item[0].strip(), float(item[1])
        if name not in KINDS + ("lag",):
            raise ValueError("unknown fault %r (known: %s, lag)" % (name, ", ".join(KINDS)))
        if value < 0 or (name != "lag" and value > 1):
            raise ValueError("fault %s out of range: %s" % (name, value))
        result[name] = value
    return result


class Faults:
    def __init__(self, spec="", seed=0):
        self.probabilities = parse_spec(spec)
        self.seed = seed
        self.rng = random.Random(seed)

    def configure(self, spec=None, seed=None):
        if spec is not None:
            self.probabilities = parse_spec(spec)
        if seed is not None:
            self.seed = seed
            self.rng = random.Random(seed)

    @property
    def lag(self):
        return self.probabilities.get("lag", 0.0)

    def draw(self):
        """One draw per API request, so a seed and a request sequence always give the same faults."""
        roll = self.rng.random()
        threshold = 0.0
        for kind in KINDS:
            threshold += self.probabilities.get(kind, 0.0)
            if roll < threshold:
                return kind
        return None

    @staticmethod
    def error(kind):
        return ApiError(*ERRORS[kind])


class RateLimiter:
    """Token bucket per AccessKeyId: `qps` tokens per second, burst of max(1, qps). Caller holds the app lock."""

    def __init__(self, qps=0, clock=time.monotonic):
        self.qps = qps or 0
        self.clock = clock
        self.buckets = {}

    def configure(self, qps):
        self.qps = qps or 0
        self.buckets.clear()

    def check(self, key_id):
        if not self.qps:
            return
        now = self.clock()
        capacity = max(1.0, self.qps)
        tokens, last = self.buckets.get(key_id, (capacity, now))
        tokens = min(capacity, tokens + (now - last) * self.qps)
        if tokens < 1.0:
            self.buckets[key_id] = (tokens, now)
            raise ApiError(400, "Throttling.User", "Request was denied due to user flow control.")
        self.buckets[key_id] = (tokens - 1.0, now)

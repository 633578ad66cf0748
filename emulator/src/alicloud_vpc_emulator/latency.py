"""Latency profile of the asynchronous transitions, in seconds at scale 1.0, and the jittered draw of each one.

The real durations are not documented ([UNCONFIRMED]); these are the team's choice (see README).
"""

import random

PROFILE = {
    "vbr_create": 1.0,  # not listed, and not found by id, until then
    "vbr_delete": 2.0,
    "vbr_terminate": 3.0,
    "vbr_recover": 3.0,
    "ri_create": 1.0,  # not listed, and not found by id, until then
    "ri_modify_attribute": 1.0,  # Modifying, then back to the previous status
    "ri_opposite_propagation": 1.0,  # from the modify call: Connect answers ...NotSet until then
    "ri_connect": 10.0,
    "ri_deactivate": 5.0,
    "ri_activate": 5.0,
    "ri_modify_spec": 3.0,
    "ri_delete": 3.0,
    "ri_delete_tail": 2.0,  # after a VBR's interface is gone: the VBR's delete answers DependencyViolation
    "route_entry_create": 3.0,
    "route_entry_delete": 2.0,
    "route_task": 1.0,  # after an accepted route create/delete on a router: the next one answers TaskConflict
    "bgp_group_create": 2.0,  # Pending, then Available (listed from the call on)
    "bgp_group_modify": 1.0,  # Modifying, then Available; the new values shown only then
    "bgp_group_delete": 2.0,
    "bgp_peer_create": 2.0,
    "bgp_peer_modify": 1.0,
    "bgp_peer_delete": 2.0,
    "bgp_session": 3.0,  # after the peer is Available (or a new peer IP took effect): the session settles
    "bgp_network_create": 1.0,
    "bgp_network_delete": 1.0,
}


def seeded_rng(seed):
    # Its own generator (string seeds are hashed with SHA-512, so stable across runs): drawing durations must not
    # shift the fault sequence, and the same seed must give the same durations.
    return random.Random("latency:%s" % seed)


def checked_overrides(overrides):
    """{profile key: seconds at scale 1.0} for the keys a test stretches; unknown keys or bad values raise."""
    unknown = set(overrides) - set(PROFILE)
    if unknown:
        raise ValueError("unknown profile keys: %s" % ", ".join(sorted(unknown)))
    result = {name: float(seconds) for name, seconds in overrides.items()}
    if any(seconds < 0 for seconds in result.values()):
        raise ValueError("profile durations cannot be negative")
    return result


class Latency:
    """Scale, jitter, per-key overrides of the profile and the generator every transition draws its duration from."""

    def __init__(self, scale=0.0, jitter=0.0, seed=0):
        self.scale, self.jitter = float(scale), float(jitter)
        self.overrides = {}
        self.rng = seeded_rng(seed)

    def profile(self):
        return dict(PROFILE, **self.overrides)

    def reseed(self, seed):
        self.rng = seeded_rng(seed)

    def draw(self, name):
        """profile × scale × factor, factor uniform in [1 − J, 1 + J] and never below 0."""
        factor = 1.0
        if self.jitter:
            factor = max(0.0, self.rng.uniform(1.0 - self.jitter, 1.0 + self.jitter))
        return self.overrides.get(name, PROFILE[name]) * self.scale * factor

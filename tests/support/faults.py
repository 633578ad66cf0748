"""Choosing the emulator's fault seed so that a given request meets a fault."""

import random


def seed_with_draws(pattern, probability):
    """A seed whose first draws of random.Random(seed) follow ``pattern`` (True = fault) for ``probability``."""
    for seed in range(100000):
        rng = random.Random(seed)
        if all((rng.random() < probability) == hit for hit in pattern):
            return seed
    raise AssertionError("no seed found for %r" % (pattern,))

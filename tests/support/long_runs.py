"""RELIABILITY_FULL=1: the long runs that `make test` leaves out to stay within its time budget.

They are repeated cases of what `make test` runs once (every kill point as its own case, 40 concurrent rounds instead
of 8, the instant world next to the jittered one, the newest core's whole module integration suite instead of each
module's lifecycle); the README reports what they measured.
"""

import os

import pytest

FULL = os.environ.get("RELIABILITY_FULL") == "1"


def full_only(reason):
    """A mark that skips the case unless RELIABILITY_FULL=1, saying why it is a long run."""
    return pytest.mark.skipif(not FULL, reason="%s: set RELIABILITY_FULL=1" % reason)

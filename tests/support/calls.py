"""Filters over the emulator's call log (``emulator.calls()``: every API request, in order, numbered by ``seq``
from 1)."""


def new_calls(emulator, since):
    """The calls made after the first ``since`` (take ``since = len(emulator.calls())`` before acting)."""
    return emulator.calls()[since:]


def last_seq(emulator):
    """The ``seq`` of the last call so far (0 before any): a mark for calls_since."""
    calls = emulator.calls()
    return calls[-1]["seq"] if calls else 0


def calls_since(emulator, seq):
    """The calls made after the one numbered ``seq`` (see last_seq)."""
    return [call for call in emulator.calls() if call["seq"] > seq]


def mutating(calls):
    """The calls that change something (every action not starting with Describe)."""
    return [call for call in calls if call["mutating"]]


def mutating_actions(calls):
    """The actions of the mutating calls."""
    return [call["action"] for call in mutating(calls)]


class CallWindow:
    """The emulator calls made after this object was created."""

    def __init__(self, emulator):
        self.emulator = emulator
        self.start = last_seq(emulator)

    def calls(self):
        return calls_since(self.emulator, self.start)

    def mutating(self):
        """The actions of the mutating calls in the window."""
        return mutating_actions(self.calls())

    def actions(self):
        """The actions of every call in the window."""
        return [c["action"] for c in self.calls()]

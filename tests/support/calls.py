"""Filters over the emulator's call log (``emulator.calls()``: every API request, in order)."""


def new_calls(emulator, since):
    """The calls made after the first ``since`` (take ``since = len(emulator.calls())`` before acting)."""
    return emulator.calls()[since:]


def mutating(calls):
    """The calls that change something (every action not starting with Describe)."""
    return [call for call in calls if call["mutating"]]


class CallWindow:
    """The emulator calls made after this object was created."""

    def __init__(self, emulator):
        self.emulator = emulator
        self.start = max([c["seq"] for c in emulator.calls()] or [0])

    def calls(self):
        return [c for c in self.emulator.calls() if c["seq"] > self.start]

    def mutating(self):
        """The actions of the mutating calls in the window."""
        return [c["action"] for c in self.calls() if c["mutating"]]

    def actions(self):
        """The actions of every call in the window."""
        return [c["action"] for c in self.calls()]

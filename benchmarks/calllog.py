"""Read the emulator's call log (/_emulator/calls): counts per action, throttles, and how each wait went."""

from collections import Counter

# Mutating action -> (latency-profile key, the request parameter naming what the caller then polls).
TRANSITIONS = {
    "ConnectRouterInterface": ("ri_connect", "RouterInterfaceId"),
    "DeactivateRouterInterface": ("ri_deactivate", "RouterInterfaceId"),
    "DeleteRouterInterface": ("ri_delete", "RouterInterfaceId"),
    "CreateRouteEntry": ("route_entry_create", "RouteTableId"),
    "DeleteRouteEntry": ("route_entry_delete", "RouteTableId"),
    "DeleteVirtualBorderRouter": ("vbr_delete", "VbrId"),
}


def summary(calls):
    """Totals and calls per action (every HTTP request the emulator answered, retries included)."""
    return {
        "total": len(calls),
        "mutating": sum(1 for c in calls if c["mutating"]),
        "describe": sum(1 for c in calls if not c["mutating"]),
        "failed": sum(1 for c in calls if c["code"]),
        "rate_limited": sum(1 for c in calls if c["fault"] == "rate_limit"),
        "per_action": dict(sorted(Counter(c["action"] for c in calls).items())),
    }


def waits(calls, profile, scale):
    """One record per transition started: the Describe calls that name the resource after it started (polls) until
    the first one at or after the transition's end (computed from the profile), and how late that one came.

    "waited" tells whether a caller waited for it: the caller's next request looked at it, or something looked at it
    while it was still going on, and the caller changed nothing else between its first look and the one that saw the
    end. A transition started without waiting (the caller read it once and went on with other work, its end off the
    critical path) is seen later only by chance, so its lateness says nothing about the waiter.
    """
    records = []
    for index, call in enumerate(calls):
        if call["action"] not in TRANSITIONS or call["code"]:
            continue
        transition, key = TRANSITIONS[call["action"]]
        subject = call["params"].get(key)
        duration = profile[transition] * scale
        end = call["time"] + duration
        following = calls[index + 1:]
        polls = 0
        went_on = False  # a change to something else after the first look: the caller was doing other work
        for later in following:
            if later["mutating"]:
                went_on = went_on or (polls > 0 and subject not in _values(later["params"]))
                continue
            if subject not in _values(later["params"]):
                continue
            polls += 1
            if later["time"] >= end:
                looked_next = subject in _values(following[0]["params"])
                records.append({"action": call["action"], "subject": subject, "duration": round(duration, 3),
                                "polls": polls, "late": round(later["time"] - end, 3),
                                "start": call["time"], "noticed": later["time"],
                                "waited": (looked_next or polls > 1) and not went_on})
                break
    return records


def _values(params):
    values = set()
    for value in params.values():
        values.update(value if isinstance(value, list) else [value])
    return values


def time_waiting(records):
    """Seconds spent inside at least one wait (union of the [start, noticed] intervals of the transitions waited
    for: overlapping waits count once)."""
    total, reach = 0.0, None
    for start, noticed in sorted((r["start"], r["noticed"]) for r in records if r["waited"]):
        if reach is None or start > reach:
            total, reach = total + noticed - start, noticed
        elif noticed > reach:
            total, reach = total + noticed - reach, noticed
    return round(total, 3)

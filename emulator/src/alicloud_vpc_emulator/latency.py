"""Latency profile of the asynchronous transitions, in seconds at scale 1.0.

The real durations are not documented ([UNCONFIRMED]); these are the team's choice (see README).
"""

PROFILE = {
    "vbr_create": 0.0,
    "vbr_delete": 2.0,
    "vbr_terminate": 3.0,
    "vbr_recover": 3.0,
    "ri_create": 0.0,
    "ri_modify_attribute": 0.0,
    "ri_connect": 10.0,
    "ri_deactivate": 5.0,
    "ri_activate": 5.0,
    "ri_modify_spec": 3.0,
    "ri_delete": 3.0,
    "route_entry_create": 3.0,
    "route_entry_delete": 2.0,
}


def duration(name, scale):
    return PROFILE[name] * scale

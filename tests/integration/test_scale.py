"""Scale: a lookup by natural key makes the same calls on a route table holding 48 custom entries and on a router
with 5 interfaces as on empty ones (counted from the emulator's call log)."""

import sys

from support.paths import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

import scale  # noqa: E402


def test_lookups_cost_the_same_on_a_full_table_and_router(clean_emulator, ansible):
    counts = scale.lookup_invariance(clean_emulator, ansible)

    state = clean_emulator.state()
    interfaces = [ri for ri in state["RouterInterfaces"] if ri["RouterId"] == scale.VPC["router"]]
    custom = [e for e in state["RouteEntries"] if e["RouteTableId"] == scale.VPC["table"] and e["Type"] == "Custom"]
    assert (len(interfaces), len(custom)) == (scale.FULL_ROUTER, scale.FULL_TABLE)
    for name, calls in counts.items():
        assert calls["empty"], "%s made no call" % name
        assert all(action.startswith("Describe") for action in calls["full"]), (name, calls)
        assert calls["full"] == calls["empty"], "%s: %s" % (name, calls)

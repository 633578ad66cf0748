"""benchmarks/calllog.py: which transitions a caller waited for, from a hand-written call log."""

import sys

from support.paths import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

import calllog  # noqa: E402

PROFILE = {"route_entry_delete": 2.0, "ri_deactivate": 5.0}


def call(time, action, mutating=False, **params):
    return {"time": time, "action": action, "mutating": mutating, "code": None, "params": params}


def test_a_transition_looked_at_next_or_while_in_progress_counts_as_waited():
    calls = [
        call(0.0, "DeactivateRouterInterface", True, RouterInterfaceId="ri-1"),
        call(0.6, "DescribeRouterInterfaces", RouterInterfaceId="ri-1"),
        call(5.1, "DescribeRouterInterfaces", RouterInterfaceId="ri-1"),
    ]
    [record] = calllog.waits(calls, PROFILE, 1.0)
    assert record["waited"] is True and record["polls"] == 2 and record["late"] == 0.1
    assert calllog.time_waiting([record]) == 5.1


def test_a_transition_left_to_run_while_the_caller_does_other_work_is_not_waited():
    calls = [
        call(0.0, "DeleteRouteEntry", True, RouteTableId="vtb-1", DestinationCidrBlock="10.0.0.0/24"),
        call(0.3, "DescribeRouterInterfaces", RouterInterfaceId="ri-1"),
        call(0.4, "DeactivateRouterInterface", True, RouterInterfaceId="ri-1"),
        call(5.5, "DescribeRouterInterfaces", RouterInterfaceId="ri-1"),
        call(5.8, "DescribeRouteEntryList", RouteTableId="vtb-1", NextHopId="ri-1"),
    ]
    route_delete, deactivate = calllog.waits(calls, PROFILE, 1.0)
    assert route_delete["waited"] is False and route_delete["polls"] == 1 and route_delete["late"] == 3.8
    assert deactivate["waited"] is True
    # Only the deactivation counts as time spent waiting.
    assert calllog.time_waiting([route_delete, deactivate]) == 5.1


def test_a_transition_read_once_and_left_while_the_caller_changes_other_things_is_not_waited():
    # The teardown's pattern: deactivate both ends, read them once, delete routes and BGP objects meanwhile, and
    # only the interface delete that comes later looks at the deactivation again.
    calls = [
        call(0.0, "DeactivateRouterInterface", True, RouterInterfaceId="ri-1"),
        call(0.1, "DescribeRouterInterfaces", RouterInterfaceId=["ri-1", "ri-2"]),
        call(0.5, "DeleteRouteEntry", True, RouteTableId="vtb-1", DestinationCidrBlock="10.0.0.0/24"),
        call(6.0, "DescribeRouterInterfaces", RouterInterfaceId="ri-1"),
    ]
    [deactivate] = [r for r in calllog.waits(calls, PROFILE, 1.0) if r["action"] == "DeactivateRouterInterface"]
    assert deactivate["polls"] == 2 and deactivate["late"] == 1.0 and deactivate["waited"] is False

"""A quick run of benchmarks/benchmark.py (latency scale 0, one repetition, tutorial polling unscaled to 0):
it must print the report and write JSON with sane numbers, for the one-line role and the two-line one. Not a timed
test: structure and call counts only."""

import json
import subprocess

from support.paths import REPO_ROOT, VENV_BIN

# The tutorial's best case (vpc-api-reference.md section 5): 18 calls + 13 polls, one route on each side.
TUTORIAL_CALLS = {
    "CreateVirtualBorderRouter": 1, "CreateRouterInterface": 2, "ModifyRouterInterfaceAttribute": 2,
    "ConnectRouterInterface": 1, "CreateRouteEntry": 2, "DeleteRouteEntry": 2, "DeactivateRouterInterface": 2,
    "DeleteRouterInterface": 2, "DeleteVirtualBorderRouter": 1,
    "DescribeVirtualBorderRouters": 2, "DescribeRouterInterfaces": 11, "DescribeRouteTables": 3,
}
# Two lines (emulator-redundant.yml): per line a VBR, a pair of interfaces and the VBR's route toward the VPC; one
# ECMP entry in the VPC's table toward the data centre.
TWO_LINE_LIFECYCLE = {
    "CreateVirtualBorderRouter": 2, "CreateRouterInterface": 4, "ConnectRouterInterface": 2, "CreateRouteEntry": 3,
    "DeleteRouteEntry": 3, "DeactivateRouterInterface": 4, "DeleteRouterInterface": 4, "DeleteVirtualBorderRouter": 2,
}
TWO_LINE_TARGETS = {
    "two lines build + teardown wall <= 1.25 x one line", "two lines API calls <= 2.1 x one line",
    "two lines no-op re-run: zero mutating calls", "two lines no-op re-run: <= 1 describe per resource",
}


def test_benchmark_produces_report_and_json(tmp_path):
    out = tmp_path / "bench.json"
    completed = subprocess.run(
        [str(VENV_BIN / "python"), "benchmarks/benchmark.py", "--latency-scale", "0", "--repetitions", "1",
         "--tutorial-poll-scale", "0", "--json", str(out)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert "| contender |" in completed.stdout and "| target | verdict |" in completed.stdout
    assert "| role, two lines (ECMP, health checks) |" in completed.stdout

    results = json.loads(out.read_text())
    assert set(results) >= {"machine", "profile", "scales", "overhead", "startup"}
    run = results["scales"]["0.0"]
    tutorial, role, rerun = run["tutorial"], run["role"], run["rerun"]
    two, two_rerun = run["two_lines"], run["two_lines_rerun"]

    assert tutorial["calls"]["per_action"] == TUTORIAL_CALLS
    assert tutorial["calls"]["total"] == 31 and tutorial["build_calls"] + tutorial["teardown_calls"] == 31
    # The role makes and removes the same resources, with no more mutating calls than the tutorial.
    lifecycle = lambda counts: {a: n for a, n in counts.items() if a.startswith(("Create", "Delete", "Connect", "Deac"))}  # noqa: E731
    assert lifecycle(role["calls"]["per_action"]) == lifecycle(TUTORIAL_CALLS)
    assert role["calls"]["mutating"] <= tutorial["calls"]["mutating"]
    assert role["calls"]["failed"] == 0 and role["calls"]["total"] == role["build_calls"] + role["teardown_calls"]
    assert rerun["calls"]["mutating"] == 0 and rerun["changed_tasks"] == 0 and rerun["calls"]["describe"] > 0
    assert rerun["resources"] == 5

    assert lifecycle(two["calls"]["per_action"]) == TWO_LINE_LIFECYCLE
    assert two["calls"]["failed"] == 0 and two["calls"]["total"] == two["build_calls"] + two["teardown_calls"]
    assert two_rerun["calls"]["mutating"] == 0 and two_rerun["changed_tasks"] == 0
    assert two_rerun["resources"] == 9 and two_rerun["calls"]["describe"] > 0
    assert two_rerun["describes_per_resource"] == round(two_rerun["calls"]["describe"] / 9, 2)
    # Each acceptor's health is read once, by its own task (the ownership check reads none).
    assert two_rerun["calls"]["per_action"]["DescribeRouterInterfaceAttribute"] == 2

    for contender in (tutorial, role, two):
        assert contender["build"] > 0 and contender["teardown"] > 0
        assert {w["action"] for w in contender["waits"]} >= {"ConnectRouterInterface", "DeleteVirtualBorderRouter"}
        assert all(w["polls"] >= 1 and w["late"] >= 0 for w in contender["waits"])
    assert run["floor"]["build"]["seconds"] == 0 and run["floor"]["teardown"]["seconds"] == 0
    assert role["tasks"]["build"] > 0 and role["tasks"]["teardown"] > 0
    assert two["tasks"]["build"] > role["tasks"]["build"] and two["tasks"]["teardown"] > role["tasks"]["teardown"]
    assert results["overhead"]["per_task"] > 0 and results["startup"]["modules"]
    assert {t["verdict"] for t in run["targets"]} <= {"PASS", "GAP"}
    assert {t["target"] for t in run["targets"]} >= TWO_LINE_TARGETS

#!/usr/bin/env python
"""Benchmark: the tutorial's SDK script vs the interconnect role vs the latency floor, against the emulator.

    .venv/bin/python benchmarks/benchmark.py --latency-scale 1.0 --latency-scale 0.1 --json out.json

Each contender runs on a fresh emulator with the same settings. Prints a markdown report and writes JSON.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import calllog
import floor
import overhead
from harness import (ACCESS_KEY_ID, ACCESS_KEY_SECRET, EMULATOR_VARS, PLAYBOOK, REGION, REPO_ROOT, TWO_LINE_VARS,
                     VENV_BIN, EmulatorProcess, admin, executed_tasks, last_seq, role_vars, runner_for, timed_playbook,
                     tutorial_inputs)
from report import markdown, targets
from tutorial_sdk import Tutorial


def split_calls(calls, seqs):
    """Cut the call log at the given seq marks: calls[i] = calls after mark i-1 up to mark i."""
    parts, start = [], 0
    for mark in seqs:
        parts.append([c for c in calls if start < c["seq"] <= mark])
        start = mark
    return parts


def run_tutorial(scale, poll_scale):
    with EmulatorProcess(latency_scale=scale) as emulator:
        tutorial = Tutorial(emulator.url, ACCESS_KEY_ID, ACCESS_KEY_SECRET, REGION, poll_scale)
        inputs = tutorial_inputs(emulator, role_vars())
        start = time.perf_counter()
        ids = tutorial.build(inputs)
        built = time.perf_counter()
        mark = last_seq(emulator)
        tutorial.teardown(ids)
        done = time.perf_counter()
        calls = emulator.calls()
        assert not emulator.state()["RouterInterfaces"], "the tutorial left interfaces behind"
    return {"build": built - start, "teardown": done - built, "calls": calls, "marks": [mark, calls[-1]["seq"]]}


def run_role(scale, workdir, vars_files):
    """The role with these vars files on a fresh emulator: build, no-op re-run, teardown."""
    vars_args = [arg for path in vars_files for arg in ("-e", "@%s" % path)]
    with EmulatorProcess(latency_scale=scale) as emulator:
        runner = runner_for(emulator, workdir)
        build, build_run = timed_playbook(runner, PLAYBOOK, args=vars_args)
        marks = [last_seq(emulator)]
        rerun, rerun_run = timed_playbook(runner, PLAYBOOK, args=vars_args)
        marks.append(last_seq(emulator))
        teardown, teardown_run = timed_playbook(runner, PLAYBOOK, {"interconnect_state": "absent"}, vars_args)
        marks.append(last_seq(emulator))
        calls = emulator.calls()
        state = emulator.state()
        assert not any(state[kind] for kind in ("VirtualBorderRouters", "RouterInterfaces")), "teardown left resources"
    return {"build": build, "rerun": rerun, "teardown": teardown, "calls": calls, "marks": marks,
            "changed_on_rerun": len(rerun_run.changed_tasks),
            "tasks": {"build": executed_tasks(build_run), "teardown": executed_tasks(teardown_run)}}


def role_resources(variables):
    """What a no-op re-run has to read: per line its VBR, its two router interfaces and the routes in its VBR's table
    (toward the VPC, and toward the data centre's circuit); in the VPC's table one entry per destination toward the
    data centre, over every line's acceptor. A health check is a field of its acceptor (read with it), not counted."""
    lines = variables.get("interconnect_lines") or [variables]
    vbr_routes = len(variables.get("interconnect_vbr_routes", []))
    idc_routes = sum(len(line.get("idc_routes") or variables.get("interconnect_idc_routes") or []) for line in lines)
    return len(lines) * (3 + vbr_routes) + idc_routes + len(variables.get("interconnect_vpc_routes", []))


def measure_scale(scale, repetitions, poll_scale, workdir, profile):
    tutorials = [run_tutorial(scale, poll_scale) for _ in range(repetitions)]
    roles = [run_role(scale, workdir, (EMULATOR_VARS,)) for _ in range(repetitions)]
    two_lines = [run_role(scale, workdir, TWO_LINE_VARS) for _ in range(repetitions)]
    tutorial = tutorials[-1]
    variables = role_vars()
    role, rerun = role_contender(roles, role_resources(variables), profile, scale)
    two, two_rerun = role_contender(two_lines, role_resources(role_vars(TWO_LINE_VARS)), profile, scale)
    return {
        "tutorial": contender(tutorials, split_calls(tutorial["calls"], tutorial["marks"]), profile, scale),
        "role": role, "rerun": rerun, "two_lines": two, "two_lines_rerun": two_rerun,
        "floor": floor.floor(profile, scale, variables.get("interconnect_vbr_routes", []),
                             variables.get("interconnect_vpc_routes", [])),
    }


def role_contender(runs, resources, profile, scale):
    """The role's build + teardown as a contender, and its no-op re-run."""
    last = runs[-1]
    build, rerun, teardown = split_calls(last["calls"], last["marks"])
    return (dict(contender(runs, [build, teardown], profile, scale), tasks=last["tasks"]),
            {"wall": round(statistics.median(run["rerun"] for run in runs), 3),
             "changed_tasks": last["changed_on_rerun"],
             "calls": calllog.summary(rerun), "resources": resources,
             "describes_per_resource": round(sum(not c["mutating"] for c in rerun) / resources, 2)})


def contender(runs, phases, profile, scale):
    """Median wall times of the runs; calls and waits of the last run, per phase and in all."""
    result = {"calls": calllog.summary(phases[0] + phases[1]), "waits": []}
    for name, calls in zip(("build", "teardown"), phases):
        waits = calllog.waits(calls, profile, scale)
        result[name] = round(statistics.median(run[name] for run in runs), 3)
        result[name + "_calls"] = len(calls)
        result[name + "_waiting"] = calllog.time_waiting(waits)
        result["waits"] += waits
    return result


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                         if line.startswith("MemTotal")))
    ansible = subprocess.run([str(VENV_BIN / "ansible"), "--version"], capture_output=True, text=True).stdout
    commit = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=REPO_ROOT, capture_output=True,
                            text=True).stdout.strip()
    return {"nproc": len(os.sched_getaffinity(0)), "cpu": cpu, "load_average": os.getloadavg()[0], "commit": commit,
            "memory_gib": round(memory_kb / 2 ** 20, 1), "python": platform.python_version(),
            "ansible_core": ansible.split("[core ", 1)[1].split("]", 1)[0] if "[core " in ansible else "?"}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--latency-scale", type=float, action="append", dest="scales",
                        help="emulator latency scale (repeatable; default 1.0 and 0.1)")
    parser.add_argument("--repetitions", type=int, default=1,
                        help="runs per contender (wall times are medians) and of each overhead probe (best is kept)")
    parser.add_argument("--tutorial-poll-scale", type=float, default=1.0,
                        help="multiply the tutorial's poll intervals (1.0 = as the tutorial; the smoke test uses 0)")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args(argv)
    scales = args.scales or [1.0, 0.1]
    with tempfile.TemporaryDirectory(prefix="benchmark-") as tmp:
        workdir = Path(tmp)
        with EmulatorProcess() as emulator:
            profile = admin(emulator, "profile")["profile"]
        results = {"machine": machine(), "profile": profile, "scales": {}}
        for scale in scales:
            results["scales"][str(scale)] = measure_scale(scale, args.repetitions, args.tutorial_poll_scale,
                                                          workdir, profile)
        tasks = results["scales"][str(scales[0])]["role"]["tasks"]
        with EmulatorProcess() as emulator:
            results["overhead"] = overhead.task_overhead(runner_for(emulator, workdir), workdir,
                                                         tasks.values(), args.repetitions)
        results["startup"] = overhead.module_startup(args.repetitions)
        for scale, result in results["scales"].items():
            result["targets"] = targets(float(scale), result, results["overhead"])
    text = markdown(results)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python
"""Fault soak: N x (full build + teardown) of playbooks/interconnect.yml against a faulty emulator.

    .venv/bin/python tests/reliability/soak.py --runs 200 [--seed 1] [--latency-scale 0.1] [--latency-jitter 1.0]
        [--json out.json] [--vars-file F ...]

The emulator injects throttling (10 %), 503 (3 %), 500 (1 %), lost responses (3 %: the request is carried
out, the answer never arrives), a 1 s lag before a new resource shows up in Describe*, and a 5 QPS rate
limit per AccessKey (Throttling.User). With a latency scale above 0 every transition of the emulator's profile takes
time, each drawn with the run's seed from [1 - J, 1 + J] x its duration (--latency-jitter J), so the order in which
two transitions end changes from run to run. After every build the state dump of every account and region must hold
exactly the declared interconnect (per line one VBR on its VLAN, two paired Active router interfaces, its routes
Available, with BGP its group, peer and advertised networks; the VPC's routes over every line's acceptor; with the VPC
in another account the VPC owner's grant of each VBR; nothing else); after every teardown nothing may be left in
either account (the grant included); and the call log must never show two resources made for one logical create.
The fullest topology: --vars-file playbooks/vars/emulator.yml --vars-file playbooks/vars/emulator-landing-zone.yml.

Prints one line per run and a summary (runs, faults injected by kind, failed runs, leaked resources,
duplicates); exits 0 only when failed runs, leaked resources and duplicates are all 0.
Also imported by tests/reliability/test_soak.py, which runs a small size in `make test`.
"""

import argparse
import collections
import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
for path in (HERE.parent, HERE):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from support.emulator import EmulatorProcess  # noqa: E402
from support.playbook import AnsibleRunner  # noqa: E402

import reliability_lib as lib  # noqa: E402


def soak_run(emulator, runner, index, seed, settings, vars_file, fixtures):
    """One build + teardown on a freshly reset emulator; returns the run's record."""
    emulator.reset()
    emulator.configure(seed=seed, **settings)
    base = lib.baseline(lib.world_state(emulator))
    declared = lib.declared_interconnect(vars_file, fixtures)
    record = {"run": index, "seed": seed, "problems": [], "leaked": [], "duplicates": [], "without_token": []}

    started = time.monotonic()
    build = runner.run_playbook(lib.PLAYBOOK, args=lib.playbook_args("present", vars_file))
    record["build_seconds"] = round(time.monotonic() - started, 1)
    record["build_rc"] = build.rc
    if build.rc != 0:
        record["problems"].append("build failed (rc %s): %s" % (build.rc, lib.failure_summary(build)))
    record["problems"] += ["after build: %s" % p for p in lib.check_built(lib.world_state(emulator), base, declared)]

    started = time.monotonic()
    teardown = runner.run_playbook(lib.PLAYBOOK, args=lib.playbook_args("absent", vars_file))
    record["teardown_seconds"] = round(time.monotonic() - started, 1)
    record["teardown_rc"] = teardown.rc
    if teardown.rc != 0:
        record["problems"].append("teardown failed (rc %s): %s" % (teardown.rc, lib.failure_summary(teardown)))
    record["leaked"] = lib.leftovers(lib.world_state(emulator), base)

    calls = emulator.calls()
    creates = lib.analyse_creates(calls)
    record["duplicates"] = creates["duplicates"]
    record["without_token"] = creates["without_token"]
    record["logical_creates"] = creates["logical"]
    record["resources_created"] = creates["resources"]
    record["calls"] = len(calls)
    record["mutating_calls"] = len(lib.mutating(calls))
    record["faults"] = dict(lib.fault_counts(calls))
    record["failed"] = bool(record["problems"] or record["leaked"])
    return record


def run_soak(runs, seed=1, latency_scale=0.0, faults=lib.SOAK_FAULTS, rate_limit=lib.SOAK_RATE_LIMIT,
             emulator=None, workdir=None, vars_file=lib.EMULATOR_VARS, log=print, stop_on_failure=False,
             latency_jitter=0.0):
    """Run the soak; returns the summary dict (see format_summary). Uses ``emulator`` when given (an
    EmulatorProcess-like object), else starts one."""
    settings = {"latency_scale": latency_scale, "latency_jitter": latency_jitter, "faults": faults,
                "rate_limit": rate_limit}
    own_emulator = emulator is None
    if own_emulator:
        emulator = EmulatorProcess(latency_scale=latency_scale, faults=faults, rate_limit=rate_limit, seed=seed,
                                   latency_jitter=latency_jitter)
        emulator.start()
    tmp = None
    if workdir is None:
        tmp = tempfile.TemporaryDirectory(prefix="soak-")
        workdir = tmp.name
    try:
        runner = AnsibleRunner(workdir, emulator.env)
        fixtures = emulator.fixtures()
        records = []
        started = time.monotonic()
        for index in range(1, runs + 1):
            record = soak_run(emulator, runner, index, seed * 1000003 + index, settings, vars_file, fixtures)
            records.append(record)
            if log:
                log(format_record(record, runs))
            if stop_on_failure and (record["failed"] or record["duplicates"]):
                break
        summary = summarise(records, seed, settings, time.monotonic() - started)
    finally:
        if own_emulator:
            emulator.stop()
        if tmp:
            tmp.cleanup()
    return summary


def summarise(records, seed, settings, seconds):
    fault_totals = collections.Counter()
    for record in records:
        fault_totals.update(record["faults"])
    durations = [r["build_seconds"] + r["teardown_seconds"] for r in records] or [0]
    return {
        "runs": len(records),
        "seed": seed,
        "latency_scale": settings["latency_scale"],
        "latency_jitter": settings["latency_jitter"],
        "faults_spec": settings["faults"],
        "rate_limit": settings["rate_limit"],
        "failed_runs": sum(1 for r in records if r["failed"]),
        "leaked_resources": sum(len(r["leaked"]) for r in records),
        "duplicates": sum(len(r["duplicates"]) for r in records),
        "creates_without_client_token": sum(len(r["without_token"]) for r in records),
        "logical_creates": sum(r["logical_creates"] for r in records),
        "resources_created": sum(r["resources_created"] for r in records),
        "faults_injected": dict(sorted(fault_totals.items())),
        "calls": sum(r["calls"] for r in records),
        "mutating_calls": sum(r["mutating_calls"] for r in records),
        "seconds": round(seconds, 1),
        "seconds_per_run": {"mean": round(sum(durations) / len(durations), 1), "max": max(durations)},
        "failures": [{"run": r["run"], "seed": r["seed"], "problems": r["problems"], "leaked": r["leaked"],
                      "duplicates": r["duplicates"]}
                     for r in records if r["failed"] or r["duplicates"]],
    }


def format_record(record, runs):
    faults = " ".join("%s=%d" % item for item in sorted(record["faults"].items())) or "none"
    status = "FAILED" if record["failed"] or record["duplicates"] else "ok"
    line = "run %d/%d: %s (build %.1fs rc %s, teardown %.1fs rc %s, %d calls, faults: %s)" % (
        record["run"], runs, status, record["build_seconds"], record["build_rc"], record["teardown_seconds"],
        record["teardown_rc"], record["calls"], faults)
    for problem in record["problems"] + record["leaked"] + record["duplicates"]:
        line += "\n    " + str(problem)[:2000]
    return line


def format_summary(summary):
    faults = ", ".join("%s %d" % item for item in summary["faults_injected"].items()) or "none"
    lines = [
        "soak summary",
        "  runs:                %d (seed %s, latency scale %s, jitter %s, faults %s, rate limit %s QPS)"
        % (summary["runs"], summary["seed"], summary["latency_scale"], summary["latency_jitter"],
           summary["faults_spec"], summary["rate_limit"]),
        "  faults injected:     %s" % faults,
        "  API calls:           %d (%d mutating)" % (summary["calls"], summary["mutating_calls"]),
        "  logical creates:     %d, resources created: %d" % (summary["logical_creates"],
                                                              summary["resources_created"]),
        "  failed runs:         %d" % summary["failed_runs"],
        "  leaked resources:    %d" % summary["leaked_resources"],
        "  duplicates:          %d" % summary["duplicates"],
        "  creates w/o token:   %d" % summary["creates_without_client_token"],
        "  time:                %.0fs (%.1fs per run, max %.1fs)" % (
            summary["seconds"], summary["seconds_per_run"]["mean"], summary["seconds_per_run"]["max"]),
    ]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=2, help="number of build + teardown cycles (default 2)")
    parser.add_argument("--seed", type=int, default=1, help="base seed of the emulator's faults (default 1)")
    parser.add_argument("--latency-scale", type=float, default=0.0, help="emulator latency scale (default 0)")
    parser.add_argument("--latency-jitter", type=float, default=0.0,
                        help="each transition's duration x a seeded factor in [1-J, 1+J] (default 0)")
    parser.add_argument("--faults", default=lib.SOAK_FAULTS, help="fault spec (default %(default)s)")
    parser.add_argument("--rate-limit", type=float, default=lib.SOAK_RATE_LIMIT, help="QPS (default %(default)s)")
    parser.add_argument("--vars-file", action="append",
                        help="role variables; repeat it to put one file on top of another, as ansible-playbook's -e "
                             "@FILE does (default %s; with BGP: %s)"
                             % (lib.EMULATOR_VARS, " ".join("--vars-file %s" % f for f in lib.EMULATOR_BGP_VARS)))
    parser.add_argument("--json", help="also write the summary as JSON to this file")
    parser.add_argument("--stop-on-failure", action="store_true", help="stop at the first failed run")
    options = parser.parse_args(argv)

    def log(line):
        print(line, flush=True)

    summary = run_soak(options.runs, seed=options.seed, latency_scale=options.latency_scale, faults=options.faults,
                       rate_limit=options.rate_limit, vars_file=options.vars_file or lib.EMULATOR_VARS, log=log,
                       stop_on_failure=options.stop_on_failure, latency_jitter=options.latency_jitter)
    print(format_summary(summary), flush=True)
    if options.json:
        Path(options.json).write_text(json.dumps(summary, indent=2))
    clean = not (summary["failed_runs"] or summary["leaked_resources"] or summary["duplicates"])
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python
"""Two runs at once: rounds of two `ansible-playbook playbooks/interconnect.yml` processes of the same interconnect,
started together or a fraction of a second apart (an AWX job launched twice, two operators).

    .venv/bin/python tests/reliability/two_runs.py --rounds 20 [--slots 2] [--seed 1] [--wait-timeout 60]
        [--latency-scale 0.1] [--latency-jitter 1.0] [--no-op-every 1] [--bgp-every N] [--json out.json]
        [--vars-file F ...]

Each slot is an emulator process of its own that runs its share of the rounds one after the other; a round resets
its emulator, reseeds it (the round's seed: the jittered durations of every transition), starts the two processes
(even rounds together, odd ones 0.3-0.7 s apart, drawn from the round's seed) and checks the outcome:

- both runs end with rc 0 (a run that failed within ANOTHER_RUN_SECONDS saying that another run is building the
  interconnect would be accepted; the collection never needs that way out, see README "Two runs at once");
- the state dump holds exactly one interconnect (lib.check_built: one VBR, exactly two interfaces, paired, Active,
  every route once, with BGP its group, peer and networks once);
- the call log shows no logical create that made two resources (lib.analyse_creates);
- a third run afterwards (every --no-op-every-th round) reports changed=0 and makes no mutating call.

A fresh VLAN and name per round (the emulator is reset anyway): the rounds do not all exercise one key.
With a lowered --wait-timeout a run that waits for something that never comes fails after that many seconds
instead of 600 (reported as a hang). Exits 0 only when every round is clean.
Also imported by tests/reliability/test_concurrent_runs.py.
"""

import argparse
import json
import random
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
for path in (HERE.parent, HERE):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from support.emulator import EmulatorProcess  # noqa: E402
from support.playbook import AnsibleRunner  # noqa: E402

import reliability_lib as lib  # noqa: E402

LATENCY_SCALE = 0.1
LATENCY_JITTER = 1.0
WAIT_TIMEOUT = 60
# A run that gives up because another run is building the same interconnect must say so within this long.
ANOTHER_RUN_SECONDS = 15
ANOTHER_RUN_MESSAGE = "another run"
OFFSET_RANGE = (0.3, 0.7)
# A run that waited its whole wait_timeout: for a status the pair had left, or retrying a step the pair's status
# refused until the timeout.
HANG_MARKERS = ("Timeout waiting", "ModifyRouterInterfaceAttribute failed: IncorrectStatus")
SETTINGS = {"faults": "", "rate_limit": 0}


class Run:
    """One ansible-playbook process of a round (lib.KillablePlaybook), with its timing and recorded results."""

    def __init__(self, runner, workdir, args, marker):
        self.started = time.monotonic()
        self.playbook = lib.KillablePlaybook(runner, workdir, args, marker)
        self.seconds = None
        self.rc = None

    def wait(self, timeout):
        self.rc = self.playbook.wait(timeout=max(1, timeout - (time.monotonic() - self.started)))
        self.seconds = round(time.monotonic() - self.started, 1)
        return self

    @property
    def results(self):
        path = self.playbook.recorder
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]

    # What lib.failure_summary reads.
    @property
    def stdout(self):
        return self.playbook.stdout_path.read_text()

    @property
    def stderr(self):
        return self.playbook.stderr_path.read_text()

    def failure(self):
        return " | ".join(lib.failure_summary(self))

    @property
    def changed_tasks(self):
        return [entry["task"] for entry in self.results if entry["result"].get("changed")]


def round_overrides(index, wait_timeout):
    return {"interconnect_vlan_id": 1000 + index, "interconnect_name": "race-%d" % index,
            "interconnect_wait_timeout": wait_timeout}


def round_offset(index, seed):
    """0 for even rounds (started together), else 0.3-0.7 s drawn from the round's seed."""
    if index % 2 == 0:
        return 0.0
    return round(random.Random(seed).uniform(*OFFSET_RANGE), 2)


def start_runs(runner, workdir, args_list, offsets, label):
    runs = []
    begin = time.monotonic()
    for n, (args, offset) in enumerate(zip(args_list, offsets)):
        delay = begin + offset - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        runs.append(Run(runner, workdir, args, "%s-%d-%s" % (label, n, uuid.uuid4().hex[:6])))
    return runs


def judge_run(run):
    """(kind, problem) of one of the two racing runs: (None, None) when it succeeded, or gave up early naming the
    other run; kind "hang" when it waited its whole wait_timeout (HANG_MARKERS), else "failed"."""
    if run.rc == 0:
        return None, None
    message = run.failure()
    if ANOTHER_RUN_MESSAGE in message and run.seconds <= ANOTHER_RUN_SECONDS:
        return None, None
    kind = "hang" if any(marker in message for marker in HANG_MARKERS) else "failed"
    return kind, "%s: rc %s after %.1fs: %s" % (kind, run.rc, run.seconds, message)


def no_op_problems(emulator, runner, workdir, args, label, timeout):
    """A third run: changed=0, no mutating call."""
    start = lib.last_seq(emulator)
    third = start_runs(runner, workdir, [args], [0.0], label)[0].wait(timeout)
    problems = []
    if third.rc != 0:
        problems.append("third run failed (rc %s): %s" % (third.rc, third.failure()))
    if third.changed_tasks:
        problems.append("third run changed: %s" % third.changed_tasks)
    writes = lib.mutating(lib.calls_since(emulator, start))
    if writes:
        problems.append("third run made mutating calls: %s" % lib.describe_calls(writes))
    return problems, third.seconds


def race_round(emulator, runner, workdir, index, seed, settings, vars_file, wait_timeout, no_op, fixtures):
    """One round on a freshly reset emulator; returns its record."""
    emulator.reset()
    emulator.configure(seed=seed, **settings)
    base = lib.baseline(emulator.state())
    overrides = round_overrides(index, wait_timeout)
    declared = lib.declared_interconnect(vars_file, fixtures, overrides)
    args = lib.playbook_args("present", vars_file, overrides)
    offset = round_offset(index, seed)
    record = {"round": index, "seed": seed, "offset": offset, "problems": [], "duplicates": [],
              "bgp": bool(declared["bgp"])}
    timeout = 3 * wait_timeout + 120
    runs = [run.wait(timeout) for run in start_runs(runner, workdir, [args, args], [0.0, offset], "race%d" % index)]
    record["rcs"] = [run.rc for run in runs]
    record["seconds"] = [run.seconds for run in runs]
    kinds = []
    for name, run in zip(("first", "second"), runs):
        kind, problem = judge_run(run)
        if problem:
            kinds.append(kind)
            record["problems"].append("%s run %s" % (name, problem))
    record["problems"] += ["after both: %s" % p for p in lib.check_built(emulator.state(), base, declared)]
    creates = lib.analyse_creates(emulator.calls())
    record["duplicates"] = creates["duplicates"]
    record["without_token"] = creates["without_token"]
    if creates["resources"] != lib.logical_creates(declared):
        record["problems"].append("%d resources created for %d logical creates"
                                  % (creates["resources"], lib.logical_creates(declared)))
    if no_op:
        problems, record["no_op_seconds"] = no_op_problems(emulator, runner, workdir, args, "noop%d" % index,
                                                           timeout)
        record["problems"] += problems
    record["hang"] = "hang" in kinds
    record["duplicated"] = bool(record["duplicates"]) or any(
        "expected exactly" in p or "expected one" in p for p in record["problems"])
    record["failed"] = bool(record["problems"] or record["duplicates"])
    return record


def has_no_op(index, no_op_every):
    """Every no_op_every-th round gets a third run (0: none)."""
    return bool(no_op_every) and index % no_op_every == no_op_every - 1


def run_rounds(rounds, seed=1, slots=2, latency_scale=LATENCY_SCALE, latency_jitter=LATENCY_JITTER,
               wait_timeout=WAIT_TIMEOUT, vars_files=(lib.EMULATOR_VARS,), no_op_every=1, workdir=None, log=print):
    """Run the rounds on `slots` emulators side by side; returns the summary (see format_summary).

    Round i declares the interconnect of vars_files[i % len(vars_files)] (a vars file, or several in order)."""
    settings = dict(SETTINGS, latency_scale=latency_scale, latency_jitter=latency_jitter)
    tmp = None
    if workdir is None:
        tmp = tempfile.TemporaryDirectory(prefix="concurrent-")
        workdir = tmp.name
    records = []
    lock = threading.Lock()
    errors = []
    started = time.monotonic()

    def slot(number):
        slot_dir = Path(workdir) / ("slot-%d" % number)
        slot_dir.mkdir(parents=True, exist_ok=True)
        try:
            with EmulatorProcess(latency_scale=latency_scale, latency_jitter=latency_jitter, seed=seed) as emulator:
                runner = AnsibleRunner(slot_dir, emulator.env)
                fixtures = emulator.fixtures()
                for index in range(number, rounds, slots):
                    record = race_round(emulator, runner, slot_dir, index, seed * 1000003 + index, settings,
                                        vars_files[index % len(vars_files)], wait_timeout,
                                        has_no_op(index, no_op_every), fixtures)
                    with lock:
                        records.append(record)
                        if log:
                            log(format_record(record, rounds))
        except Exception as exc:  # noqa: BLE001 - reported by the caller
            with lock:
                errors.append("slot %d: %r" % (number, exc))

    threads = [threading.Thread(target=slot, args=(number,)) for number in range(min(slots, rounds))]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        if tmp:
            tmp.cleanup()
    if errors:
        raise RuntimeError("; ".join(errors))
    return summarise(sorted(records, key=lambda r: r["round"]), seed, settings, wait_timeout,
                     time.monotonic() - started)


def summarise(records, seed, settings, wait_timeout, seconds):
    run_seconds = [s for r in records for s in r["seconds"]] or [0]
    together = [r for r in records if r["offset"] == 0]
    apart = [r for r in records if r["offset"] != 0]
    return {
        "rounds": len(records),
        "seed": seed,
        "latency_scale": settings["latency_scale"],
        "latency_jitter": settings["latency_jitter"],
        "wait_timeout": wait_timeout,
        "failed_rounds": sum(1 for r in records if r["failed"]),
        "hangs": {"together": sum(r["hang"] for r in together), "apart": sum(r["hang"] for r in apart)},
        "duplicates": {"together": sum(r["duplicated"] for r in together),
                       "apart": sum(r["duplicated"] for r in apart)},
        "rounds_together": len(together),
        "rounds_apart": len(apart),
        "rounds_with_bgp": sum(1 for r in records if r["bgp"]),
        "no_op_runs": sum(1 for r in records if "no_op_seconds" in r),
        "seconds": round(seconds, 1),
        "run_seconds": {"mean": round(sum(run_seconds) / len(run_seconds), 1), "max": max(run_seconds)},
        "failures": [{"round": r["round"], "seed": r["seed"], "offset": r["offset"], "problems": r["problems"],
                      "duplicates": r["duplicates"]} for r in records if r["failed"]],
    }


def format_record(record, rounds):
    status = "FAILED" if record["failed"] else "ok"
    line = "round %d/%d: %s (offset %.2fs, rc %s, %s s%s)" % (
        record["round"] + 1, rounds, status, record["offset"], record["rcs"], record["seconds"],
        ", third run %.1fs" % record["no_op_seconds"] if "no_op_seconds" in record else "")
    for problem in record["problems"] + record["duplicates"]:
        line += "\n    " + str(problem)[:1500]
    return line


def format_summary(summary):
    return "\n".join([
        "two runs at once: summary",
        "  rounds:       %d (%d started together, %d 0.3-0.7 s apart, %d with BGP; seed %s, latency scale %s, "
        "jitter %s, wait_timeout %ss)" % (summary["rounds"], summary["rounds_together"], summary["rounds_apart"],
                                          summary["rounds_with_bgp"], summary["seed"], summary["latency_scale"],
                                          summary["latency_jitter"], summary["wait_timeout"]),
        "  failed:       %d" % summary["failed_rounds"],
        "  hangs:        %d together, %d apart" % (summary["hangs"]["together"], summary["hangs"]["apart"]),
        "  duplicates:   %d together, %d apart" % (summary["duplicates"]["together"],
                                                   summary["duplicates"]["apart"]),
        "  third runs:   %d" % summary["no_op_runs"],
        "  time:         %.0fs (a run %.1fs on average, max %.1fs)" % (
            summary["seconds"], summary["run_seconds"]["mean"], summary["run_seconds"]["max"]),
    ])


def round_vars_files(vars_file, bgp_every=0):
    """The vars files of the rounds, cycled: with bgp_every N, every N-th round has the BGP file on top."""
    base = lib.vars_files(vars_file)
    if not bgp_every:
        return [base]
    return [base] * (bgp_every - 1) + [base + [lib.EMULATOR_BGP_VARS[-1]]]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--slots", type=int, default=2, help="emulators (and rounds) side by side (default 2)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--latency-scale", type=float, default=LATENCY_SCALE)
    parser.add_argument("--latency-jitter", type=float, default=LATENCY_JITTER)
    parser.add_argument("--wait-timeout", type=int, default=WAIT_TIMEOUT, help="interconnect_wait_timeout")
    parser.add_argument("--no-op-every", type=int, default=1,
                        help="a third run every N-th round (default 1: every round; 0: none)")
    parser.add_argument("--vars-file", action="append", help="role variables (default %s)" % lib.EMULATOR_VARS)
    parser.add_argument("--bgp-every", type=int, default=0,
                        help="every N-th round declares the interconnect with BGP and a static route to the circuit "
                             "(%s on top of the vars file; default 0: none)" % lib.EMULATOR_BGP_VARS[-1].name)
    parser.add_argument("--json", help="also write the summary as JSON to this file")
    options = parser.parse_args(argv)

    def log(line):
        print(line, flush=True)

    summary = run_rounds(options.rounds, seed=options.seed, slots=options.slots, latency_scale=options.latency_scale,
                         latency_jitter=options.latency_jitter, wait_timeout=options.wait_timeout,
                         vars_files=round_vars_files(options.vars_file or [lib.EMULATOR_VARS], options.bgp_every),
                         no_op_every=options.no_op_every, log=log)
    print(format_summary(summary), flush=True)
    if options.json:
        Path(options.json).write_text(json.dumps(summary, indent=2))
    return 1 if summary["failed_rounds"] else 0


if __name__ == "__main__":
    sys.exit(main())

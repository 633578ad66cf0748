"""Two runs at once (issue 20, point 3): two real `ansible-playbook playbooks/interconnect.yml` processes started
together, or 0.3-0.7 s apart, against an emulator with realistic latency (scale 0.1, every duration jittered by
the round's seed), repeated round after round (tests/reliability/two_runs.py, which also runs it by hand).

Every round must end with both runs rc 0 (or the second given up within seconds naming the other run: never
needed), exactly one interconnect in the state dump (one VBR, two paired Active interfaces, every route once, with
BGP its group, peer and networks once), no logical create that made two resources, and the third run (every third
round) with changed=0 and no mutating call. A lowered interconnect_wait_timeout
(two_runs.WAIT_TIMEOUT) turns a run that waits for something that never comes into a failure within a minute
instead of a 600 s hang.

Two different interconnects sharing the vRouter (another VLAN, name and VPC route) build in parallel too.

`make test` runs ROUNDS = 4 rounds (the race failed 18 of 20 rounds before the fix, so 4 miss it about once in
10,000 runs), two started together and two apart, the third round (started together) the whole interconnect with
BGP and a static route to the circuit and followed by a third run; RELIABILITY_FULL=1 runs 40, every fifth with
BGP, each with a third run (repeated cases go behind it, to keep `make test` within its time). A failed round's
emulator seed is in the report; `two_runs.py --rounds 20 --seed 11 --bgp-every 5 --no-op-every 3` replays the same
durations (not the processes' own timing).
"""

import collections
import os
import time

import pytest

import two_runs as race
import reliability_lib as lib
from support.emulator import EmulatorProcess
from support.playbook import AnsibleRunner
from support.long_runs import FULL

ROUNDS = int(os.environ.get("CONCURRENT_ROUNDS", "40" if FULL else "4"))
# Every BGP_EVERY-th round declares the whole interconnect with BGP and a static route to the circuit (the BGP group,
# peer and networks raced too); a third run every NO_OP_EVERY-th round (make test: round 2 of 0-3, started together,
# with BGP).
BGP_EVERY = 5 if FULL else 3
NO_OP_EVERY = 1 if FULL else 3


# 20 rounds take about 4 minutes on an idle 2-core machine; a busy one stretches every run.
@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_two_runs_of_the_same_interconnect_at_once_build_it_once(tmp_path):
    summary = race.run_rounds(ROUNDS, seed=11, slots=2, vars_files=race.round_vars_files(lib.EMULATOR_VARS, BGP_EVERY),
                              no_op_every=NO_OP_EVERY, workdir=tmp_path, log=print)
    report = race.format_summary(summary) + "".join(
        "\n  round %(round)s (seed %(seed)s, offset %(offset)ss): %(problems)s %(duplicates)s" % failure
        for failure in summary["failures"])
    print(report)
    assert summary["rounds"] == ROUNDS, report
    assert summary["rounds_together"] > 0 and summary["rounds_apart"] > 0, report
    assert summary["rounds_with_bgp"] == ROUNDS // BGP_EVERY, report
    assert summary["no_op_runs"] == ROUNDS // NO_OP_EVERY, report
    assert summary["failed_rounds"] == 0, report


# ------------------------------------------------------------------------------------------------
# Two different interconnects on one vRouter
# ------------------------------------------------------------------------------------------------

def one_interconnect(state, declared):
    """The state dump narrowed to one interconnect (its VBRs on its VLAN and what hangs off them), so that
    lib.check_built can judge it while another interconnect shares the vRouter and its route table."""
    vbrs = [v for v in state["VirtualBorderRouters"]
            if v.get("PhysicalConnectionId") == declared["physical_connection_id"]
            and int(v.get("VlanId")) == declared["vlan_id"]]
    vbr_ids = {v["VbrId"] for v in vbrs}
    ris = [r for r in state["RouterInterfaces"] if r.get("RouterId") in vbr_ids or r.get("OppositeRouterId") in vbr_ids]
    ri_ids = {r["RouterInterfaceId"] for r in ris}
    tables = [t for t in state["RouteTables"] if t.get("RouterType") != "VBR" or t.get("RouterId") in vbr_ids]
    table_ids = {t["RouteTableId"] for t in tables}
    entries = [e for e in state["RouteEntries"] if e.get("RouteTableId") in table_ids
               and (e.get("Type") == "System" or e.get("RouteTableId") not in {declared["vpc_route_table_id"]}
                    or set(lib.next_hop_ids(e)) & ri_ids)]
    return dict(state, VirtualBorderRouters=vbrs, RouterInterfaces=ris, RouteTables=tables, RouteEntries=entries,
                BgpGroups=[g for g in state.get("BgpGroups", []) if g.get("RouterId") in vbr_ids],
                BgpPeers=[p for p in state.get("BgpPeers", []) if p.get("RouterId") in vbr_ids],
                BgpNetworks=[n for n in state.get("BgpNetworks", []) if n.get("RouterId") in vbr_ids])


@pytest.mark.slow
def test_two_different_interconnects_sharing_the_vrouter_build_in_parallel(tmp_path):
    teams = {"team-a": {"interconnect_vlan_id": 2001, "interconnect_vpc_routes": ["192.168.0.0/16"]},
             "team-b": {"interconnect_vlan_id": 2002, "interconnect_vpc_routes": ["10.20.0.0/16"]}}
    with EmulatorProcess(latency_scale=race.LATENCY_SCALE, latency_jitter=race.LATENCY_JITTER, seed=5) as emulator:
        runner = AnsibleRunner(tmp_path, emulator.env)
        fixtures = emulator.fixtures()
        base = lib.baseline(emulator.state())
        overrides = {name: dict(extra, interconnect_name=name, interconnect_wait_timeout=race.WAIT_TIMEOUT)
                     for name, extra in teams.items()}
        args = [lib.playbook_args("present", lib.EMULATOR_VARS, extra) for extra in overrides.values()]
        started = time.monotonic()
        runs = [run.wait(600) for run in race.start_runs(runner, tmp_path, args, [0.0, 0.0], "teams")]
        problems = ["%s failed (rc %s): %s" % (name, run.rc, run.failure())
                    for name, run in zip(teams, runs) if run.rc != 0]
        state = emulator.state()
        for name, extra in overrides.items():
            declared = lib.declared_interconnect(lib.EMULATOR_VARS, fixtures, extra)
            built = lib.check_built(one_interconnect(state, declared), base, declared)
            problems += ["%s: %s" % (name, problem) for problem in built]
        assert not problems, problems
        # Each interconnect made once: 2 VBRs, 4 interfaces, 4 routes, each create carried out with one token.
        tokens = collections.defaultdict(set)
        for call in emulator.calls():
            if call["action"] in lib.CREATE_ACTIONS and lib.carried_out(call):
                tokens[call["action"]].add(call["params"]["ClientToken"])
        assert {action: len(found) for action, found in tokens.items()} == {
            "CreateVirtualBorderRouter": 2, "CreateRouterInterface": 4, "CreateRouteEntry": 4}, tokens
        assert len(lib.created_resources(state, base)["ris"]) == 4, lib.leftovers(state, base)
        # Side by side, not one after the other (a run waiting for the other would take twice as long).
        seconds = [run.seconds for run in runs]
        assert abs(seconds[0] - seconds[1]) < 0.4 * max(seconds), seconds
        print("two interconnects on vrt-emu0001 in %.1fs: %s" % (time.monotonic() - started, seconds))

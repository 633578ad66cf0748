"""The fault soak (soak.py) at a small size, so that `make test` runs it on every change.

One short soak with time in the world (the realistic profile at scale 0.1, every transition's duration drawn from
[0, 2] x its own by the run's seed) with the fullest topology: two lines (BGP on one, a static route to the circuit
on the other, a health check on each) into the second account's VPC in another region, with the VPC owner's grant
(lib.LANDING_ZONE_VARS; `soak.py --vars-file playbooks/vars/emulator.yml --vars-file
playbooks/vars/emulator-landing-zone.yml` for a long one). Its accounting reads every account and region. RELIABILITY_FULL=1 adds
one line with BGP (the case make test ran before), and the VPC side alone, in the instant world (latency scale 0) and
with time in the world. The long run is
`.venv/bin/python tests/reliability/soak.py --runs 200 --latency-scale 0.1 --latency-jitter 1.0`; see the README.
"""

import os

import pytest

import reliability_lib as lib
import soak
from support.long_runs import full_only

SOAK_RUNS = int(os.environ.get("SOAK_RUNS", "2"))


@pytest.mark.slow
@pytest.mark.parametrize("latency_scale, latency_jitter, vars_file", [
    pytest.param(0.0, 0.0, lib.EMULATOR_VARS, marks=full_only("the instant world: landing-zone-jittered has more")),
    pytest.param(0.1, 1.0, lib.EMULATOR_VARS, marks=full_only("covered by landing-zone-jittered")),
    pytest.param(0.1, 1.0, lib.EMULATOR_BGP_VARS, marks=full_only("covered by landing-zone-jittered (BGP on a line)")),
    (0.1, 1.0, lib.LANDING_ZONE_VARS)],
    ids=["instant", "jittered", "bgp-jittered", "landing-zone-jittered"])
def test_soak_build_and_teardown_under_faults(emulator, tmp_path, latency_scale, latency_jitter, vars_file):
    lines = []
    try:
        summary = soak.run_soak(SOAK_RUNS, seed=7, latency_scale=latency_scale, latency_jitter=latency_jitter,
                                emulator=emulator, workdir=tmp_path, vars_file=vars_file, log=lines.append)
    finally:
        emulator.reset()
        emulator.configure(latency_scale=0.0, latency_jitter=0.0, faults="", rate_limit=0)
    report = "\n".join(lines) + "\n" + soak.format_summary(summary)
    print(report)
    assert summary["runs"] == SOAK_RUNS
    # The faults really were injected (the soak proves nothing against a healthy emulator).
    assert sum(summary["faults_injected"].values()) > 0, report
    assert summary["failed_runs"] == 0, report
    assert summary["leaked_resources"] == 0, report
    assert summary["duplicates"] == 0, report
    assert summary["creates_without_client_token"] == 0, report
    assert summary["resources_created"] == summary["logical_creates"], report
    # Every run made the whole declared interconnect (each line's VBR, interfaces, routes and BGP objects, the VPC's
    # routes once), once.
    declared = lib.declared_interconnect(vars_file)
    assert summary["logical_creates"] == SOAK_RUNS * lib.logical_creates(declared), report


def test_create_analysis_counts_a_second_token_as_a_duplicate():
    """The duplicate detector itself: a retried create with a new ClientToken after a lost response."""
    calls = [
        {"seq": 1, "action": "CreateVirtualBorderRouter", "params": {"PhysicalConnectionId": "pc-1", "VlanId": "7",
                                                                    "ClientToken": "a"},
         "code": None, "fault": "lost"},
        {"seq": 2, "action": "CreateVirtualBorderRouter", "params": {"PhysicalConnectionId": "pc-1", "VlanId": "7",
                                                                    "ClientToken": "a"},
         "code": None, "fault": None},
        {"seq": 3, "action": "CreateRouteEntry", "params": {"RouteTableId": "vtb-1",
                                                            "DestinationCidrBlock": "10.0.0.0/8",
                                                            "ClientToken": "b"},
         "code": "Throttling.User", "fault": "throttle"},
        {"seq": 4, "action": "CreateRouteEntry", "params": {"RouteTableId": "vtb-1",
                                                            "DestinationCidrBlock": "10.0.0.0/8",
                                                            "ClientToken": "b"},
         "code": None, "fault": "lost"},
        {"seq": 5, "action": "CreateRouteEntry", "params": {"RouteTableId": "vtb-1",
                                                            "DestinationCidrBlock": "10.0.0.0/8",
                                                            "ClientToken": "c"},
         "code": None, "fault": None},
    ]
    result = lib.analyse_creates(calls)
    assert result["logical"] == 2
    assert result["resources"] == 3
    assert len(result["duplicates"]) == 1 and "CreateRouteEntry" in result["duplicates"][0]
    assert lib.fault_counts(calls) == {"lost": 2, "throttle": 1}


def acceptor_create(seq, vbr_id, token):
    return {"seq": seq, "action": "CreateRouterInterface", "code": None, "fault": None,
            "params": {"RouterId": "vrt-7", "Role": "AcceptingSide", "OppositeRouterId": vbr_id, "ClientToken": token}}


def test_create_analysis_counts_one_acceptor_per_line():
    """Two lines: two acceptors on one vRouter, each toward its own VBR, are two logical creates; a second token for
    one of them is a duplicate."""
    result = lib.analyse_creates([acceptor_create(1, "vbr-1", "a"), acceptor_create(2, "vbr-2", "b")])
    assert (result["logical"], result["resources"], result["duplicates"]) == (2, 2, [])
    result = lib.analyse_creates([acceptor_create(1, "vbr-1", "a"), acceptor_create(2, "vbr-1", "c")])
    assert (result["logical"], result["resources"], len(result["duplicates"])) == (1, 2, 1)


def test_landing_zone_declares_two_lines_and_the_grant():
    """The fullest topology's declared interconnect: two lines (BGP on the first, a static route to the circuit on
    the second), the VPC's route once over both, and the grant."""
    declared = lib.declared_interconnect(lib.LANDING_ZONE_VARS)
    assert [(line["physical_connection_id"], bool(line["bgp"]), line["idc_routes"]) for line in declared["lines"]] == [
        ("pc-emu0001", True, []), ("pc-emu0002", False, ["10.10.0.0/16"])]
    assert declared["grant"] and declared["vpc_router_id"] == "vrt-emu0007"
    # Per line: VBR + 2 interfaces + 1 route to the VPC; BGP group, peer, 1 network; 1 route to the circuit; and the
    # VPC's one ECMP entry.
    assert lib.logical_creates(declared) == (3 + 1 + 3) + (3 + 1 + 1) + 1

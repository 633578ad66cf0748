"""The fault soak (soak.py) at a small size, so that `make test` runs it on every change.

One short soak with time in the world (the realistic profile at scale 0.1, every transition's duration drawn from
[0, 2] x its own by the run's seed) with the whole interconnect: the VPC side plus BGP and a static route to the
circuit (lib.EMULATOR_BGP_VARS; `soak.py --vars-file playbooks/vars/emulator.yml --vars-file
playbooks/vars/emulator-bgp.yml` for the long one). RELIABILITY_FULL=1 adds the VPC side alone, in the instant world
(latency scale 0) and with time in the world. The long run is
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
    pytest.param(0.0, 0.0, lib.EMULATOR_VARS, marks=full_only("the instant world: bgp-jittered has more in it")),
    pytest.param(0.1, 1.0, lib.EMULATOR_VARS, marks=full_only("covered by bgp-jittered")),
    (0.1, 1.0, lib.EMULATOR_BGP_VARS)],
    ids=["instant", "jittered", "bgp-jittered"])
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
    # Every run made the whole declared interconnect (with BGP: its group, peer and networks too), once.
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

#!/usr/bin/env python
"""Scale checks against the emulator.

    .venv/bin/python benchmarks/scale.py [--interconnects 20] [--rate-limit 20] [--latency-scale 0.1] [--json out.json]

1. Lookups by natural key make as many calls on a route table holding 48 custom entries and on a router holding
   5 interfaces as on empty ones (one page each: PageSize 50 / MaxResult 100).
2. N interconnects built and torn down in parallel (N inventory hosts, forks N, each its own VLAN and VPC) against an
   emulator rate-limited per AccessKeyId: every run succeeds; wall times and throttles absorbed.
"""

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from collections import Counter

import calllog
from harness import (ACCESS_POINT, PC, PLAYBOOK, REGION, VENV_BIN, VPC_ROUTER2, VPC_TABLE2, EmulatorProcess, admin,
                     connect_pair, create_route, runner_for, sdk_call)

VPC = {"router": VPC_ROUTER2, "table": VPC_TABLE2}  # a default-fixture VPC the lookups run against
FULL_TABLE, FULL_ROUTER = 48, 5

LOOKUPS = {
    "route entry by (table, destination)": ("ali_route_entry", {
        "route_table_id": VPC["table"], "destination_cidr_block": "198.51.100.0/24",
        "next_hop_type": "RouterInterface", "next_hop_id": "ri-absent"}),
    "route tables of the vRouter": ("ali_route_table_info", {"router_id": VPC["router"], "router_type": "VRouter"}),
    "interface by (router, opposite router)": ("ali_router_interface", {
        "router_id": VPC["router"], "router_type": "VRouter", "role": "AcceptingSide", "spec": "Negative",
        "opposite_router_type": "VBR", "opposite_router_id": "vbr-absent",
        "opposite_access_point_id": ACCESS_POINT, "name": "lookup-probe"}),
    "interfaces of the vRouter": ("ali_router_interface_info", {"router_id": VPC["router"]}),
}


def lookup_calls(emulator, runner):
    """{lookup: {action: calls}} for each natural-key lookup (check mode, so nothing is created)."""
    counts = {}
    for name, (module, args) in LOOKUPS.items():
        before = len(emulator.calls())
        result = runner.run_module(module, args, check=True)
        if result.get("failed"):
            raise RuntimeError("%s failed: %s" % (module, result.get("msg")))
        counts[name] = dict(Counter(call["action"] for call in emulator.calls()[before:]))
    return counts


def fill(emulator):
    """5 connected interfaces on the vRouter (a route needs an Active next hop), each paired with an initiator on a
    VBR of its own, and 48 custom entries on its table, made through the SDK at latency scale 0."""
    interfaces = []
    for i in range(FULL_ROUTER):
        vbr = sdk_call(emulator, "CreateVirtualBorderRouter", PhysicalConnectionId=PC, VlanId=2000 + i,
                       LocalGatewayIp="10.253.%d.1" % i, PeerGatewayIp="10.253.%d.2" % i,
                       PeeringSubnetMask="255.255.255.252")["VbrId"]
        interfaces.append(connect_pair(emulator, vbr, VPC["router"], names=(None, "filler-%d" % i))[1])
    for i in range(FULL_TABLE):
        create_route(emulator, VPC["table"], "192.168.%d.0/24" % i, interfaces[i % FULL_ROUTER])


def lookup_invariance(emulator, runner):
    """Calls per action of each lookup on the empty and on the full table/router (emulator at latency scale 0)."""
    emulator.reset()
    empty = lookup_calls(emulator, runner)
    fill(emulator)
    full = lookup_calls(emulator, runner)
    return {name: {"empty": empty[name], "full": full[name]} for name in LOOKUPS}


def fixtures(count):
    """The default physical connection and `count` VPCs, each with its own vRouter, table and CIDR."""
    return {
        "region": REGION,
        "physical_connections": [{"PhysicalConnectionId": PC, "AccessPointId": ACCESS_POINT, "Status": "Enabled"}],
        "vpcs": [{"VpcId": "vpc-scale%02d" % i, "VRouterId": "vrt-scale%02d" % i, "RouteTableId": "vtb-scale%02d" % i,
                  "CidrBlock": "10.%d.0.0/16" % (100 + i), "VSwitchCidrs": ["10.%d.0.0/24" % (100 + i)]}
                 for i in range(count)],
    }


def inventory(count):
    """One host per interconnect: own VLAN, own VPC, own peering /30 and routes; run locally by the venv python."""
    hosts = {}
    for i in range(count):
        hosts["interconnect%02d" % i] = {
            "interconnect_vlan_id": 1000 + i, "interconnect_vpc_router_id": "vrt-scale%02d" % i,
            "interconnect_local_gateway_ip": "10.254.%d.1" % i, "interconnect_peer_gateway_ip": "10.254.%d.2" % i,
            "interconnect_name": "scale-%02d" % i, "interconnect_vbr_routes": ["10.%d.0.0/16" % (100 + i)],
            "interconnect_vpc_routes": ["192.168.%d.0/24" % i],
        }
    common = {"ansible_connection": "local", "ansible_python_interpreter": str(VENV_BIN / "python"),
              "interconnect_physical_connection_id": PC}
    return {"all": {"hosts": hosts, "vars": common}}


def parallel(count, rate_limit, scale, workdir):
    """Build then tear down `count` interconnects at once (forks = count); raises unless every host succeeds."""
    (workdir / "fixtures.json").write_text(json.dumps(fixtures(count)))
    (workdir / "inventory.json").write_text(json.dumps(inventory(count)))
    playbook = workdir / "parallel.yml"
    playbook.write_text(PLAYBOOK.read_text().replace("hosts: localhost", "hosts: all"))
    args = ["-i", str(workdir / "inventory.json"), "--forks", str(count)]
    result = {"interconnects": count, "rate_limit": rate_limit, "latency_scale": scale}
    with EmulatorProcess(latency_scale=scale, rate_limit=rate_limit, fixtures=workdir / "fixtures.json") as emulator:
        runner = runner_for(emulator, workdir)
        for phase, extra in (("build", None), ("teardown", {"interconnect_state": "absent"})):
            before = len(emulator.calls())
            start = time.perf_counter()
            run = runner.run_playbook(playbook, extra_vars=extra, args=args)
            wall = time.perf_counter() - start
            calls = emulator.calls()[before:]
            failed = sorted({e["host"] for e in run.results if e["status"] in ("failed", "unreachable")})
            ok_hosts = {e["host"] for e in run.results} - set(failed)
            if run.rc != 0 or failed or len(ok_hosts) != count:
                raise RuntimeError("%s: rc=%s, failed hosts %s\n%s" % (phase, run.rc, failed, run.stdout[-3000:]))
            result[phase] = {"wall": round(wall, 2), "calls": calllog.summary(calls)}
            state = admin(emulator, "state")
            result[phase]["active_interfaces"] = sum(ri["Status"] == "Active" for ri in state["RouterInterfaces"])
            result[phase]["vbrs"] = len(state["VirtualBorderRouters"])
    if result["build"]["active_interfaces"] != 2 * count or result["teardown"]["vbrs"]:
        raise RuntimeError("unexpected end state: %s" % result)
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--interconnects", type=int, default=20)
    parser.add_argument("--rate-limit", type=float, default=20)
    parser.add_argument("--latency-scale", type=float, default=0.1)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="scale-") as tmp:
        workdir = Path(tmp)
        with EmulatorProcess() as emulator:
            lookups = lookup_invariance(emulator, runner_for(emulator, workdir))
        crowd = parallel(args.interconnects, args.rate_limit, args.latency_scale, workdir)
    print("| lookup | calls, empty | calls, %d entries / %d interfaces | verdict |" % (FULL_TABLE, FULL_ROUTER))
    print("|---|---:|---:|---|")
    for name, c in lookups.items():
        print("| %s | %d | %d | %s |" % (name, sum(c["empty"].values()), sum(c["full"].values()),
                                        "PASS" if c["empty"] == c["full"] else "GAP"))
    print()
    print("%d interconnects in parallel (forks %d), rate limit %g/s, latency scale %g: every host succeeded."
          % (crowd["interconnects"], crowd["interconnects"], crowd["rate_limit"], crowd["latency_scale"]))
    print("| phase | wall s | API calls | throttled (Throttling.User, absorbed by retries) |")
    print("|---|---:|---:|---:|")
    for phase in ("build", "teardown"):
        c = crowd[phase]["calls"]
        print("| %s | %.1f | %d | %d |" % (phase, crowd[phase]["wall"], c["total"], c["rate_limited"]))
    if args.json:
        args.json.write_text(json.dumps({"lookups": lookups, "parallel": crowd}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

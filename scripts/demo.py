#!/usr/bin/env python3
"""`make demo`: build a VBR <-> VPC interconnect against the bundled emulator, show it, tear it down.

Starts the emulator with the realistic latency profile scaled down (so the whole demo takes about a minute),
runs playbooks/interconnect.yml to build, prints what was built (read back from the emulator's state dump),
runs the same playbook with interconnect_state=absent, checks through the state dump that nothing is left,
and stops the emulator. Exits non-zero on any failure. `make setup` prepared everything it needs.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests"))

from support.emulator import EmulatorProcess, clean_env  # noqa: E402  (needs the sys.path entry above)
from support.paths import VENV_BIN  # noqa: E402

PLAYBOOK = "playbooks/interconnect.yml"
VARS_FILE = "playbooks/vars/emulator.yml"
DEFAULT_LATENCY_SCALE = 0.5


class DemoError(Exception):
    pass


def banner(text):
    line = "=" * 78
    print("\n%s\n  %s\n%s" % (line, text, line), flush=True)


def run_playbook(emulator, *extra_args):
    """Run the playbook with its output streamed to the terminal; return the wall time in seconds."""
    env = clean_env()
    env.update(emulator.env)
    env.update({
        "ANSIBLE_CONFIG": str(REPO_ROOT / "ansible.cfg"),
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        "PATH": str(VENV_BIN) + os.pathsep + os.environ.get("PATH", ""),
    })
    if sys.stdout.isatty():
        env.setdefault("ANSIBLE_FORCE_COLOR", "1")
    command = [str(VENV_BIN / "ansible-playbook"), PLAYBOOK, "-e", "@" + VARS_FILE] + list(extra_args)
    print("$ " + " ".join(command[1:]), flush=True)
    started = time.monotonic()
    completed = subprocess.run(command, cwd=REPO_ROOT, env=env)
    elapsed = time.monotonic() - started
    if completed.returncode != 0:
        raise DemoError("ansible-playbook exited with %d" % completed.returncode)
    return elapsed


def custom_routes(state):
    return [entry for entry in state.get("RouteEntries", []) if entry.get("Type", "Custom") != "System"]


def next_hop_of(entry):
    hops = (entry.get("NextHops") or {}).get("NextHop") or []
    if hops:
        return hops[0].get("NextHopId")
    return entry.get("InstanceId") or entry.get("NextHopId")


def summarise(state):
    """Print the interconnect as the emulator holds it; fail unless it is complete."""
    vbrs = state.get("VirtualBorderRouters", [])
    interfaces = state.get("RouterInterfaces", [])
    routes = custom_routes(state)
    problems = []
    print()
    for vbr in vbrs:
        print("VBR              %s  %-8s  pc %s  vlan %s  gateways %s / %s (mask %s)" % (
            vbr["VbrId"], vbr.get("Status"), vbr.get("PhysicalConnectionId"), vbr.get("VlanId"),
            vbr.get("LocalGatewayIp"), vbr.get("PeerGatewayIp"), vbr.get("PeeringSubnetMask")))
        print("  route table    %s" % vbr.get("RouteTableId"))
    for ri in interfaces:
        print("Interface        %s  %-8s  %-14s on %-8s %s -> %s %s (peer %s)" % (
            ri["RouterInterfaceId"], ri.get("Status"), ri.get("Role"), ri.get("RouterType"), ri.get("RouterId"),
            ri.get("OppositeRouterType"), ri.get("OppositeRouterId"), ri.get("OppositeInterfaceId") or "-"))
        if ri.get("Status") != "Active":
            problems.append("interface %s is %s" % (ri["RouterInterfaceId"], ri.get("Status")))
    for entry in routes:
        print("Route            %-18s via %s  in %s  %s" % (
            entry.get("DestinationCidrBlock"), next_hop_of(entry), entry.get("RouteTableId"), entry.get("Status")))
        if entry.get("Status") != "Available":
            problems.append("route %s is %s" % (entry.get("DestinationCidrBlock"), entry.get("Status")))
    if len(vbrs) != 1 or len(interfaces) != 2 or len(routes) < 2:
        problems.append("expected 1 VBR, 2 interfaces and at least 2 routes; found %d, %d and %d"
                        % (len(vbrs), len(interfaces), len(routes)))
    if problems:
        raise DemoError("the interconnect is not complete: " + "; ".join(problems))


def check_empty(state):
    left = {
        "VBRs": [vbr["VbrId"] for vbr in state.get("VirtualBorderRouters", [])],
        "router interfaces": [ri["RouterInterfaceId"] for ri in state.get("RouterInterfaces", [])],
        "custom routes": ["%s %s" % (e.get("RouteTableId"), e.get("DestinationCidrBlock")) for e in custom_routes(state)],
    }
    leftovers = {kind: ids for kind, ids in left.items() if ids}
    if leftovers:
        raise DemoError("the teardown left resources behind: %s" % leftovers)
    print("\nNothing left: no VBR, no router interface, no custom route.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-scale", type=float,
                        default=float(os.environ.get("DEMO_LATENCY_SCALE", DEFAULT_LATENCY_SCALE)),
                        help="scale of the emulator's realistic latency profile (1.0 = the documented profile, "
                             "default %(default)s)")
    args = parser.parse_args()

    started = time.monotonic()
    banner("Starting the Alibaba Cloud VPC API emulator (latency scale %s)" % args.latency_scale)
    try:
        with EmulatorProcess(latency_scale=args.latency_scale, seed=1) as emulator:
            print("Emulator listening on %s" % emulator.url)
            banner("Build: VBR -> router interfaces -> connection -> routes")
            build_time = run_playbook(emulator)
            banner("What was built (read back from the emulator)")
            summarise(emulator.state())
            banner("Teardown: routes -> deactivate -> interfaces -> VBR (found by natural keys)")
            teardown_time = run_playbook(emulator, "-e", "interconnect_state=absent")
            check_empty(emulator.state())
            calls = emulator.calls()
    except DemoError as err:
        print("\nDEMO FAILED: %s" % err, file=sys.stderr)
        return 1
    except (OSError, RuntimeError) as err:
        print("\nDEMO FAILED: %s" % err, file=sys.stderr)
        return 1
    banner("Demo finished in %.0f s" % (time.monotonic() - started))
    print("build %.1f s, teardown %.1f s, %d API calls (%d mutating); the emulator is stopped." % (
        build_time, teardown_time, len(calls), sum(1 for call in calls if call["mutating"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What the benchmark and the scale checks share: paths, the emulator, timed ansible-playbook runs, role inputs, and
the test suite's helpers (tests/support) they use: SDK calls, the connected-pair builder, the fixture IDs."""

import json
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests"))

from support.calls import last_seq  # noqa: E402
from support.emulator import ACCESS_KEY_ID, ACCESS_KEY_SECRET, REGION, EmulatorProcess  # noqa: E402
from support.fixture_ids import ACCESS_POINT, PC, VPC_ROUTER2, VPC_TABLE2  # noqa: E402
from support.paths import VENV_BIN  # noqa: E402
from support.playbook import AnsibleRunner  # noqa: E402
from support.sdk import connect_pair, create_route, sdk_call, sdk_request  # noqa: E402

PLAYBOOK = REPO_ROOT / "playbooks" / "interconnect.yml"
EMULATOR_VARS = REPO_ROOT / "playbooks" / "vars" / "emulator.yml"
# Two lines (ECMP, a health check on each), on top of EMULATOR_VARS.
TWO_LINE_VARS = (EMULATOR_VARS, REPO_ROOT / "playbooks" / "vars" / "emulator-redundant.yml")

__all__ = ["ACCESS_KEY_ID", "ACCESS_KEY_SECRET", "REGION", "EmulatorProcess", "VENV_BIN", "last_seq",
           "EMULATOR_VARS", "TWO_LINE_VARS",
           "ACCESS_POINT", "PC", "VPC_ROUTER2", "VPC_TABLE2", "connect_pair", "create_route", "sdk_call", "sdk_request",
           "admin", "runner_for", "timed_playbook", "role_vars", "tutorial_inputs", "executed_tasks"]


def runner_for(emulator, workdir):
    """An AnsibleRunner with a directory of its own (its result files are numbered per runner)."""
    return AnsibleRunner(tempfile.mkdtemp(prefix="runner-", dir=workdir), emulator.env)


def admin(emulator, path):
    with urllib.request.urlopen(emulator.url + "/_emulator/" + path, timeout=10) as response:
        return json.loads(response.read())


def timed_playbook(runner, playbook, extra_vars=None, args=()):
    """Run ansible-playbook; return (seconds, PlaybookRun); a failed run stops the benchmark with its output."""
    start = time.perf_counter()
    run = runner.run_playbook(playbook, extra_vars=extra_vars, args=list(args))
    seconds = time.perf_counter() - start
    if run.rc != 0:
        raise RuntimeError("%s failed (rc=%s)\n%s\n%s" % (playbook, run.rc, run.stdout[-4000:], run.stderr[-2000:]))
    return seconds, run


def executed_tasks(run):
    """Module executions in a run: one per task, one per item of a loop; skipped ones do not count."""
    count = 0
    for entry in run.results:
        if entry["status"] == "skipped":
            continue
        items = entry["result"].get("results")
        count += sum(1 for item in items if not item.get("skipped")) if isinstance(items, list) else 1
    return count


def role_vars(vars_files=(EMULATOR_VARS,)):
    """The role's variables from these files, a later file's keys replacing an earlier one's (as with -e @file)."""
    variables = {}
    for path in vars_files:
        variables.update(yaml.safe_load(Path(path).read_text()))
    return variables


def tutorial_inputs(emulator, variables):
    """The role's emulator vars, translated into what the tutorial's script needs."""
    fixtures = admin(emulator, "fixtures")
    pc = next(p for p in fixtures["physical_connections"]
              if p["PhysicalConnectionId"] == variables["interconnect_physical_connection_id"])
    vpc = next(v for v in fixtures["vpcs"] if v["VRouterId"] == variables["interconnect_vpc_router_id"])
    return {
        "pc": pc["PhysicalConnectionId"], "access_point": pc["AccessPointId"], "vlan": variables["interconnect_vlan_id"],
        "local_ip": variables["interconnect_local_gateway_ip"], "peer_ip": variables["interconnect_peer_gateway_ip"],
        "mask": variables.get("interconnect_peering_subnet_mask", "255.255.255.252"),
        "spec": variables.get("interconnect_spec", "Large.2"), "vpc_router": vpc["VRouterId"],
        "vpc_table": variables.get("interconnect_vpc_route_table_id") or vpc["RouteTableId"],
        "vbr_routes": variables.get("interconnect_vbr_routes", []),
        "vpc_routes": variables.get("interconnect_vpc_routes", []),
    }

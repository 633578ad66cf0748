"""Pre-existing resources the API cannot create: physical connections and VPCs (with vRouter and system table)."""

import ipaddress
import json
from pathlib import Path

DEFAULT_FILE = Path(__file__).with_name("default_fixtures.json")
PC_KEYS = ("PhysicalConnectionId", "AccessPointId", "Status")
VPC_KEYS = ("VpcId", "VRouterId", "RouteTableId", "CidrBlock", "VSwitchCidrs")


def load(path=None):
    """Read and check a fixtures file; a bad file fails at start-up, not on the first request."""
    data = json.loads(Path(path or DEFAULT_FILE).read_text())
    for key in ("region", "physical_connections", "vpcs"):
        if key not in data:
            raise ValueError("fixtures file lacks %r" % key)
    for pc in data["physical_connections"]:
        _require(pc, PC_KEYS, "physical connection")
    for vpc in data["vpcs"]:
        _require(vpc, VPC_KEYS, "vpc")
        ipaddress.ip_network(vpc["CidrBlock"])
        for cidr in vpc["VSwitchCidrs"]:
            ipaddress.ip_network(cidr)
    return data


def _require(item, keys, what):
    absent = [key for key in keys if key not in item]
    if absent:
        raise ValueError("%s %r lacks %s" % (what, item, ", ".join(absent)))


def vswitch_ids(vpc):
    """Stable made-up vSwitch ids so route tables can list their vSwitches."""
    base = "vsw-" + vpc["VpcId"].split("-", 1)[-1]
    return [base if i == 0 else "%s-%d" % (base, i + 1) for i in range(len(vpc["VSwitchCidrs"]))]

"""Pre-existing resources the API cannot create: physical connections and VPCs (with vRouter and system table)."""

import ipaddress
import json
from pathlib import Path

DEFAULT_FILE = Path(__file__).with_name("default_fixtures.json")
PC_KEYS = ("PhysicalConnectionId", "AccessPointId", "Status")
# Optional keys of a physical connection: the other scalar fields of DescribePhysicalConnections' item (Tea model
# DescribePhysicalConnectionsResponseBodyPhysicalConnectionSetPhysicalConnectionType), with their Tea types. Each one
# given replaces the emulator's default (physical_connection.py); Tags and MacsecKeys are not fixture keys.
PC_OPTIONAL_KEYS = dict(
    {name: str for name in (
        "AccessPointType", "AdDetailLocation", "AdLocation", "BusinessStatus", "ChargeType", "CircuitCode",
        "CreationTime", "Description", "DeviceFeaturesSelected", "EnabledTime", "EndTime", "ExpectSpec",
        "HasReservationData", "LineOperator", "LoaStatus", "Name", "OpticalModuleModel", "OrderMode",
        "ParentPhysicalConnectionId", "PeerLocation", "PortNumber", "PortType", "ProductType", "QosId",
        "RedundantPhysicalConnectionId", "ReservationActiveTime", "ReservationInternetChargeType",
        "ReservationOrderType", "ResourceGroupId", "Spec", "Type", "VlanId", "VpconnStatus")},
    **{name: int for name in ("Bandwidth", "DownDelayTime", "ParentPhysicalConnectionAliUid",
                              "VirtualPhysicalConnectionCount")})
VPC_KEYS = ("VpcId", "VRouterId", "RouteTableId", "CidrBlock", "VSwitchCidrs")


def load(path=None):
    """Read and check a fixtures file; a bad file fails at start-up, not on the first request."""
    data = json.loads(Path(path or DEFAULT_FILE).read_text())
    for key in ("region", "physical_connections", "vpcs"):
        if key not in data:
            raise ValueError("fixtures file lacks %r" % key)
    for pc in data["physical_connections"]:
        _require(pc, PC_KEYS, "physical connection")
        _check_optional(pc)
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


def _check_optional(pc):
    """Only the Tea model's field names, each of its Tea type (a typo would otherwise be silently ignored)."""
    unknown = sorted(set(pc) - set(PC_KEYS) - set(PC_OPTIONAL_KEYS))
    if unknown:
        raise ValueError("physical connection %r: unknown keys %s (the DescribePhysicalConnections fields are %s)"
                         % (pc["PhysicalConnectionId"], ", ".join(unknown), ", ".join(sorted(PC_OPTIONAL_KEYS))))
    for key, kind in PC_OPTIONAL_KEYS.items():
        if key in pc and (type(pc[key]) is not kind):  # bool is not an int here
            raise ValueError("physical connection %r: %s must be %s, got %r"
                             % (pc["PhysicalConnectionId"], key, "a string" if kind is str else "an integer", pc[key]))


def vswitch_ids(vpc):
    """Stable made-up vSwitch ids so route tables can list their vSwitches."""
    base = "vsw-" + vpc["VpcId"].split("-", 1)[-1]
    return [base if i == 0 else "%s-%d" % (base, i + 1) for i in range(len(vpc["VSwitchCidrs"]))]

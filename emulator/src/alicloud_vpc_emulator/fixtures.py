"""Pre-existing things the API cannot create: accounts (key pairs, STS identities), physical connections and VPCs
(with vRouter and system table), each circuit and VPC owned by an account in a region."""

import ipaddress
import json
from pathlib import Path

from .regions import REGIONS

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
# Where a circuit or VPC lives and who owns it; absent: the file's "region" and the first account.
PLACEMENT_KEYS = ("RegionId", "OwnerUid")
ACCOUNT_KEYS = ("Uid", "AccessKeyId", "AccessKeySecret")
STS_KEYS = ("AccessKeyId", "AccessKeySecret", "SecurityToken", "Expired")
# A file without "accounts" has the one account the emulator always had: today's key pair and STS identities.
DEFAULT_ACCOUNTS = [{
    "Uid": "1234567890123456", "AccessKeyId": "test-access-key-id", "AccessKeySecret": "test-access-key-secret",
    "StsIdentities": [
        {"AccessKeyId": "STS.test-sts-key-id", "AccessKeySecret": "test-sts-secret",
         "SecurityToken": "test-security-token", "Expired": False},
        {"AccessKeyId": "STS.test-expired-key-id", "AccessKeySecret": "test-expired-secret",
         "SecurityToken": "test-expired-token", "Expired": True}]}]


def load(path=None):
    """Read and check a fixtures file; a bad file fails at start-up, not on the first request."""
    data = json.loads(Path(path or DEFAULT_FILE).read_text())
    for key in ("region", "physical_connections", "vpcs"):
        if key not in data:
            raise ValueError("fixtures file lacks %r" % key)
    accounts = _check_accounts(data.get("accounts", DEFAULT_ACCOUNTS))
    for pc in data["physical_connections"]:
        _require(pc, PC_KEYS, "physical connection")
        _check_placement(pc, accounts, "physical connection")
        _check_optional(pc)
    for vpc in data["vpcs"]:
        _require(vpc, VPC_KEYS, "vpc")
        _check_placement(vpc, accounts, "vpc")
        unknown = sorted(set(vpc) - set(VPC_KEYS) - set(PLACEMENT_KEYS))
        if unknown:
            raise ValueError("vpc %r: unknown keys %s" % (vpc["VpcId"], ", ".join(unknown)))
        ipaddress.ip_network(vpc["CidrBlock"])
        for cidr in vpc["VSwitchCidrs"]:
            ipaddress.ip_network(cidr)
    return data


def accounts(data):
    return data.get("accounts", DEFAULT_ACCOUNTS)


def region_of(item, data):
    return item.get("RegionId", data["region"])


def owner_of(item, data):
    return item.get("OwnerUid", accounts(data)[0]["Uid"])


def _check_accounts(accounts_):
    if not accounts_:
        raise ValueError("fixtures file: \"accounts\" must name at least one account")
    keys = []
    for account in accounts_:
        _require(account, ACCOUNT_KEYS, "account")
        if not (isinstance(account["Uid"], str) and account["Uid"].isdigit()):
            raise ValueError("account %r: Uid must be a string of digits" % account["Uid"])
        for sts in account.get("StsIdentities", []):
            _require(sts, STS_KEYS, "STS identity")
            keys.append(sts["AccessKeyId"])
        keys.append(account["AccessKeyId"])
    uids = [account["Uid"] for account in accounts_]
    for what, values in (("Uid", uids), ("AccessKeyId", keys)):
        if len(set(values)) != len(values):
            raise ValueError("fixtures file: two accounts share an %s" % what)
    return uids


def _check_placement(item, uids, what):
    if item.get("RegionId", REGIONS[0]) not in REGIONS:
        raise ValueError("%s %r: RegionId must be one of %s" % (what, item, ", ".join(REGIONS)))
    if item.get("OwnerUid", uids[0]) not in uids:
        raise ValueError("%s %r: OwnerUid names no account of the file" % (what, item))


def _require(item, keys, what):
    absent = [key for key in keys if key not in item]
    if absent:
        raise ValueError("%s %r lacks %s" % (what, item, ", ".join(absent)))


def _check_optional(pc):
    """Only the Tea model's field names, each of its Tea type (a typo would otherwise be silently ignored)."""
    unknown = sorted(set(pc) - set(PC_KEYS) - set(PC_OPTIONAL_KEYS) - set(PLACEMENT_KEYS))
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

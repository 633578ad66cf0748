"""The state store: resources as dicts keyed by id, with statuses settled lazily from timestamps.

A record holds the API's own field names plus private keys starting with "_":
_region, _created, _visible_at (lag fault), and while a transition runs _until / _then
(final status, or None = the resource vanishes).
"""

import random
import string
import time

from . import fixtures as fixture_file
from .latency import duration

ALPHABET = string.ascii_lowercase + string.digits
ACCOUNT_UID = "1234567890123456"  # the emulated caller's account


def iso(ts):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


class Store:
    def __init__(self, fixtures, latency_scale=0.0, clock=time.time):
        self.fixtures = fixtures
        self.latency_scale = latency_scale
        self.lag = 0.0
        self.clock = clock
        self._ids = random.Random()  # ids need not be reproducible, and must not consume the fault RNG
        self.reset()

    def reset(self):
        self.vbrs, self.ris, self.tables, self.entries = {}, {}, {}, {}
        self.gone_ris = set()  # deleted interface ids, so a peer can show OppositeInterfaceStatus "Deleted"
        self.tokens = {}
        region = self.fixtures["region"]
        self.pcs = {pc["PhysicalConnectionId"]: dict(pc, _region=region)
                    for pc in self.fixtures["physical_connections"]}
        self.vpcs = {vpc["VpcId"]: dict(vpc, _region=region) for vpc in self.fixtures["vpcs"]}
        self.vrouters = {vpc["VRouterId"]: vpc for vpc in self.vpcs.values()}
        created = self.clock()
        for vpc in self.vpcs.values():
            self._add_vpc_table(vpc, created)

    def _add_vpc_table(self, vpc, created):
        table = {
            "RouteTableId": vpc["RouteTableId"], "RouteTableType": "System", "RouteTableName": "",
            "Description": "", "RouterId": vpc["VRouterId"], "RouterType": "VRouter", "VpcId": vpc["VpcId"],
            "VSwitchIds": fixture_file.vswitch_ids(vpc), "CreationTime": iso(created), "ResourceGroupId": "",
            "Status": "Available", "_region": vpc["_region"], "_created": created, "_visible_at": created,
        }
        self.tables[table["RouteTableId"]] = table
        # System routes a VPC always has: its vSwitches and the cloud service range.
        for cidr in vpc["VSwitchCidrs"] + ["100.64.0.0/10"]:
            entry = self.new_entry(table, cidr, [], "System", created)
            entry.update(NextHopType="service" if cidr == "100.64.0.0/10" else "local", Status="Available",
                         _visible_at=created)

    def new_id(self, prefix):
        return prefix + "-" + "".join(self._ids.choice(ALPHABET) for _ in range(22))

    def new_record(self, region, now, **fields):
        fields.update(_region=region, _created=now, _visible_at=now + self.lag)
        return fields

    def new_entry(self, table, cidr, next_hops, entry_type, now, name="", description=""):
        entry = self.new_record(
            table["_region"], now, RouteEntryId=self.new_id("rte"), RouteTableId=table["RouteTableId"],
            DestinationCidrBlock=cidr, Type=entry_type, Status="Pending", RouteEntryName=name,
            Description=description, IpVersion="IPv6" if ":" in cidr else "IPv4",
            NextHopType=next_hops[0]["NextHopType"] if next_hops else "",
            InstanceId=next_hops[0]["NextHopId"] if len(next_hops) == 1 else "", _next_hops=next_hops)
        self.entries[entry["RouteEntryId"]] = entry
        return entry

    # Transitions -----------------------------------------------------------------------------------------
    def start(self, record, transient, profile_key, final, now):
        """Enter `transient` now; become `final` (None = vanish) after the profile duration × scale."""
        record["Status"] = transient
        record["_until"] = now + duration(profile_key, self.latency_scale)
        record["_then"] = final

    def settle(self, now):
        """Apply every transition whose time has come (called at the start of each request)."""
        for kind in ("entries", "ris", "vbrs"):
            collection = getattr(self, kind)
            for rid, record in list(collection.items()):
                if "_until" in record and record["_until"] <= now:
                    final = record.pop("_then")
                    del record["_until"]
                    if final is None:
                        self.remove(kind, rid)
                    else:
                        record["Status"] = final

    def remove(self, kind, rid):
        getattr(self, kind).pop(rid, None)
        if kind == "ris":
            self.gone_ris.add(rid)
        elif kind == "vbrs":
            for entry_id in [e for e, rec in self.entries.items() if rec["RouteTableId"] == self._vbr_table(rid)]:
                del self.entries[entry_id]
            self.tables = {tid: t for tid, t in self.tables.items() if t["RouterId"] != rid}

    def _vbr_table(self, vbr_id):
        return next((tid for tid, t in self.tables.items() if t["RouterId"] == vbr_id), None)

    @staticmethod
    def visible(record, now):
        """False while the lag fault hides a new resource from Describe calls."""
        return record["_visible_at"] <= now

    def in_region(self, collection, region):
        return sorted((r for r in collection.values() if r["_region"] == region), key=lambda r: r["_created"])

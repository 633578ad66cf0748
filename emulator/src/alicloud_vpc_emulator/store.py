"""The state store: resources as dicts keyed by id, with statuses settled lazily from timestamps.

A record holds the API's own field names plus private keys starting with "_":
_region and _owner (the account UID: only its owner sees it),
_created, _ready_at (the create has taken effect: listed and found by id from then on), _visible_at
(_ready_at plus the lag fault: listed from then on), and while a transition runs _until / _then (final status,
or None = the resource vanishes) / _apply (field values that take effect when it ends).
"""

import collections
import random
import string
import time

from . import fixtures as fixture_file
from .latency import Latency

ALPHABET = string.ascii_lowercase + string.digits
ID_FIELDS = ("RouteEntryId", "RouterInterfaceId", "VbrId", "RouteTableId", "BgpPeerId", "BgpGroupId")
MAX_TRANSITIONS = 200  # drawn durations kept for the state dump


def iso(ts):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def settled_status(record):
    """The status a record returns to: a Modifying one keeps the one it had."""
    return record["_then"] if record["Status"] == "Modifying" else record["Status"]


def record_id(record):
    if "DstCidrBlock" in record:  # a BGP network has no id of its own; Terraform names it router:cidr
        return "%s:%s" % (record["RouterId"], record["DstCidrBlock"])
    return next(record[field] for field in ID_FIELDS if field in record)


class Store:
    def __init__(self, fixtures, latency_scale=0.0, clock=time.time, latency_jitter=0.0, seed=0):
        self.fixtures = fixtures
        self.account_uids = {account["Uid"] for account in fixture_file.accounts(fixtures)}
        self.latency = Latency(latency_scale, latency_jitter, seed)
        self.lag = 0.0
        self.clock = clock
        self._ids = random.Random()  # ids need not be reproducible, and must not consume the fault RNG
        self.reset()

    @property
    def latency_scale(self):
        return self.latency.scale

    @latency_scale.setter
    def latency_scale(self, value):
        self.latency.scale = float(value)

    def reset(self):
        self.vbrs, self.ris, self.tables, self.entries = {}, {}, {}, {}
        self.bgp_groups, self.bgp_peers, self.bgp_networks = {}, {}, {}  # networks keyed by record_id (router:cidr)
        self.gone_ris = set()  # deleted interface ids, so a peer can show OppositeInterfaceStatus "Deleted"
        self.tokens = {}
        self.route_tasks = {}  # router id -> end of the last accepted route create/delete's task (TaskConflict)
        self.vbr_tails = {}  # VBR id -> end of the tail of its last interface's deletion (DependencyViolation)
        self.down_paths = set()  # interface / VBR ids whose line a rehearsal took down (/_emulator/path-down)
        self.transitions = collections.deque(maxlen=MAX_TRANSITIONS)
        self.grants = []  # GrantInstanceToVbr relations (grant.py), in the order made
        created = self.clock()
        # Physical connections are records like the VBRs, since they can be tagged too.
        self.pcs = {pc["PhysicalConnectionId"]: self._fixture_record(pc, created, Tags=[])
                    for pc in self.fixtures["physical_connections"]}
        self.vpcs = {vpc["VpcId"]: self._fixture_record(vpc, created) for vpc in self.fixtures["vpcs"]}
        self.vrouters = {vpc["VRouterId"]: vpc for vpc in self.vpcs.values()}
        for vpc in self.vpcs.values():
            self._add_vpc_table(vpc, created)

    def _fixture_record(self, item, created, **extra):
        """A fixture's record; its placement keys become the record's region and owner."""
        fields = {key: value for key, value in item.items() if key not in fixture_file.PLACEMENT_KEYS}
        return self.new_record(fixture_file.region_of(item, self.fixtures), fixture_file.owner_of(item, self.fixtures),
                               created, **dict(fields, **extra))

    def _add_vpc_table(self, vpc, created):
        table = {
            "RouteTableId": vpc["RouteTableId"], "RouteTableType": "System", "RouteTableName": "",
            "Description": "", "RouterId": vpc["VRouterId"], "RouterType": "VRouter", "VpcId": vpc["VpcId"],
            "VSwitchIds": fixture_file.vswitch_ids(vpc), "CreationTime": iso(created), "ResourceGroupId": "",
            "Status": "Available", "_region": vpc["_region"], "_owner": vpc["_owner"], "_created": created,
            "_ready_at": created,
            "_visible_at": created,
        }
        self.tables[table["RouteTableId"]] = table
        # System routes a VPC always has: its vSwitches and the cloud service range.
        for cidr in vpc["VSwitchCidrs"] + ["100.64.0.0/10"]:
            entry = self.new_entry(table, cidr, [], "System", created)
            entry.update(NextHopType="service" if cidr == "100.64.0.0/10" else "local", Status="Available",
                         _visible_at=created)

    def new_id(self, prefix):
        return prefix + "-" + "".join(self._ids.choice(ALPHABET) for _ in range(22))

    def new_record(self, region, owner, now, ready_at=None, **fields):
        """A record that takes effect at `ready_at` (default now); the lag fault delays listing it further."""
        ready_at = now if ready_at is None else ready_at
        fields.update(_region=region, _owner=owner, _created=now, _ready_at=ready_at, _visible_at=ready_at + self.lag)
        return fields

    def new_entry(self, table, cidr, next_hops, entry_type, now, name="", description=""):
        entry = self.new_record(
            table["_region"], table["_owner"], now, RouteEntryId=self.new_id("rte"), RouteTableId=table["RouteTableId"],
            DestinationCidrBlock=cidr, Type=entry_type, Status="Pending", RouteEntryName=name,
            Description=description, IpVersion="IPv6" if ":" in cidr else "IPv4",
            # An ECMP entry echoes its first next hop at the top, as Terraform reads it (reference §1.3).
            NextHopType=next_hops[0]["NextHopType"] if next_hops else "",
            InstanceId=next_hops[0]["NextHopId"] if next_hops else "", _next_hops=next_hops, _modified=now)
        self.entries[entry["RouteEntryId"]] = entry
        return entry

    # Lookups -------------------------------------------------------------------------------------------------
    @staticmethod
    def exists(record, now):
        """False until the create has taken effect: by-id actions answer not-found meanwhile."""
        return record["_ready_at"] <= now

    @staticmethod
    def visible(record, now):
        """False until the create has taken effect and the lag fault no longer hides it from Describe calls."""
        return record["_visible_at"] <= now

    def lookup(self, collection, rid, region, owner, now):
        """The record if it exists (created and taken effect) in `region` and belongs to `owner`, else None: an
        account never finds another account's objects, nor any object in another region."""
        record = collection.get(rid)
        if record is None or not self.exists(record, now) or (record["_region"], record["_owner"]) != (region, owner):
            return None
        return record

    def owned_in(self, collection, region, owner):
        """`owner`'s records in `region`, oldest first."""
        return sorted((r for r in collection.values() if (r["_region"], r["_owner"]) == (region, owner)),
                      key=lambda r: r["_created"])

    # Transitions -----------------------------------------------------------------------------------------
    def draw(self, resource_id, profile_key, now):
        """Draw one transition's duration (scale and jitter) starting at `now`; returns when it ends."""
        seconds = self.latency.draw(profile_key)
        until = now + seconds
        self.transitions.append({"ResourceId": resource_id, "Transition": profile_key, "Seconds": seconds,
                                 "Until": until})
        return until

    def start(self, record, transient, profile_key, final, now, apply=None):
        """Enter `transient` now; become `final` (None = vanish) and take `apply`'s values when the drawn time ends.

        Returns the end time, for timers that follow on from it.
        """
        record["Status"] = transient
        record["_until"] = self.draw(record_id(record), profile_key, now)
        record["_then"] = final
        record["_apply"] = dict(apply or {})
        return record["_until"]

    def settle(self, now):
        """Apply every transition whose time has come (called at the start of each request)."""
        for kind in ("entries", "ris", "bgp_networks", "bgp_peers", "bgp_groups", "vbrs"):
            collection = getattr(self, kind)
            for rid, record in list(collection.items()):
                if "_until" in record and record["_until"] <= now:
                    final = record.pop("_then")
                    del record["_until"]
                    record.update(record.pop("_apply", {}))
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

    def transition_view(self):
        return [dict(item) for item in self.transitions]

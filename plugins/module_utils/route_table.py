# -*- coding: utf-8 -*-
# Copyright: (c) 2025, aliyun.express_connect contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Route tables and route entries: lookups, CIDR validation and normalisation.

Every lookup of a route entry is one filtered DescribeRouteEntryList call
(RouteTableId + DestinationCidrBlock, or + RouteEntryId), so its cost does not
grow with the number of entries in the table.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible_collections.aliyun.express_connect.plugins.module_utils import lookup
from ansible_collections.aliyun.express_connect.plugins.module_utils.errors import AlicloudApiError, AlicloudError
from ansible_collections.aliyun.express_connect.plugins.module_utils.retry import ROUTE_BLOCKED

# Documented values of CreateRouteEntry's NextHopType.
NEXT_HOP_TYPES = [
    "Instance", "HaVip", "RouterInterface", "NetworkInterface", "VpnGateway", "IPv6Gateway",
    "NatGateway", "Attachment", "VpcPeer", "Ipv4Gateway", "GatewayEndpoint", "Ecr",
]
ROUTER_TYPES = ["VRouter", "VBR"]

# Statuses in which an entry is on its way out: lookups do not count it as existing.
DELETING_STATUSES = lookup.ROUTE_ENTRY.gone
# Statuses that block a delete of the entry (only Available entries can be deleted).
TRANSIENT_STATUSES = ("Pending", "Modifying")
# DeleteRouteEntry's answer for an entry that is not there (any more).
ROUTE_NOT_FOUND = "InvalidRouteEntry.NotFound"
# CreateRouteEntry's refusals of a destination the table already has, in every spelling found (the destination is
# unique per table): the API's uniqueness that tells a run creating a route that another run made it first.
DUPLICATE_CODES = ("InvalidCIDRBlock.Duplicate", "InvalidCidrBlock.Duplicate", "InvalidRouteEntry.Duplicate",
                   "Duplicated.VpcNextHop", "RouterEntryConflict.Duplicated", "RouteEntryConflict.Duplicated")
# The CIDR no route entry may use (API rule).
_RESERVED = ipaddress.ip_network(u"100.64.0.0/10")

# An ECMP or weighted route (CreateRouteEntry NextHopList): 2 to 4 router interfaces whose far end is a VBR, each with
# a weight; members and weights cannot be changed in place (topologies-api-reference 1.2, 1.4).
NEXT_HOPS_MIN, NEXT_HOPS_MAX = 2, 4
# The API documents no range; these are the emulator's (emulator/README.md), the values seen in use lie inside.
WEIGHT_MIN, WEIGHT_MAX = 0, 255
DEFAULT_WEIGHT = 100
NEXT_HOP_LIST_TYPE = "RouterInterface"


def normalize_cidr(value, option="destination_cidr_block"):
    """Return the canonical text of a CIDR block, or raise ValueError naming the option.

    A bare address is a host route (/32, IPv6 /128). Host bits set after the prefix
    ("10.0.0.1/8") are an error, not silently masked: the user most likely mistyped.
    """
    text = u"%s" % (value,)
    try:
        network = ipaddress.ip_network(text.strip(), strict=True)
    except ValueError as exc:
        if "host bits set" in str(exc):
            suggestion = ipaddress.ip_network(text.strip(), strict=False)
            raise ValueError(
                "%s: '%s' has host bits set; the network address is %s (write that, or a bare IP "
                "address for a host route)" % (option, value, suggestion))
        raise ValueError("%s: '%s' is not a valid IPv4 or IPv6 CIDR block (or IP address)" % (option, value))
    if network.version == 4 and network.subnet_of(_RESERVED):
        raise ValueError("%s: '%s' is inside 100.64.0.0/10, which route entries may not use" % (option, value))
    return str(network)


def _same_cidr(api_value, cidr):
    try:
        return normalize_cidr(api_value) == cidr
    except ValueError:
        return api_value == cidr


def _unwrap(value):
    """Turn the RPC list wrappers ({"NextHop": [...]}) into plain lists, recursively."""
    if isinstance(value, dict):
        if len(value) == 1:
            only = list(value.values())[0]
            if isinstance(only, list):
                return [_unwrap(v) for v in only]
        return dict((k, _unwrap(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_unwrap(v) for v in value]
    return value


def next_hops(entry):
    """The entry's next hops as a list of {"NextHopType", "NextHopId", "Weight"} (API names; Weight None when the
    API shows none)."""
    hops = _unwrap((entry or {}).get("NextHops") or [])
    result = [dict(NextHopType=h.get("NextHopType"), NextHopId=h.get("NextHopId"), Weight=h.get("Weight"))
              for h in hops if h]
    if not result and entry and entry.get("InstanceId"):
        # Older shape (DescribeRouteTables): one next hop in InstanceId/NextHopType.
        result = [dict(NextHopType=entry.get("NextHopType"), NextHopId=entry.get("InstanceId"), Weight=None)]
    return result


def describe_hops(hops):
    """Human text for next hops: "RouterInterface ri-123", several with their weights."""
    if not hops:
        return "no next hop"
    if len(hops) == 1:
        return "%s %s" % (hops[0]["NextHopType"], hops[0]["NextHopId"])
    return ", ".join("%s %s (weight %s)" % (h["NextHopType"], h["NextHopId"], h.get("Weight")) for h in hops)


def describe_next_hop(entry):
    """Human text for an entry's next hop(s), e.g. "RouterInterface ri-123"."""
    return describe_hops(next_hops(entry))


def parse_next_hops(hops, option="next_hops"):
    """The next_hops option as the API's NextHopList ([{"NextHopType", "NextHopId", "Weight"}], in the given order),
    or ValueError naming the option and the rule: 2 to 4 router interfaces, each once, weights in range."""
    if not NEXT_HOPS_MIN <= len(hops) <= NEXT_HOPS_MAX:
        raise ValueError("%s must have %d to %d next hops (got %d); for one next hop use next_hop_id"
                         % (option, NEXT_HOPS_MIN, NEXT_HOPS_MAX, len(hops)))
    result, seen = [], {}
    for index, hop in enumerate(hops):
        label = "%s[%d]" % (option, index)
        hop_id = hop.get("next_hop_id")
        if not isinstance(hop_id, str) or not hop_id.strip():
            raise ValueError("%s.next_hop_id must not be empty" % label)
        hop_type = hop.get("next_hop_type") or NEXT_HOP_LIST_TYPE
        if hop_type != NEXT_HOP_LIST_TYPE:
            raise ValueError("%s.next_hop_type must be %s: an ECMP route's next hops are router interfaces (got %s)"
                             % (label, NEXT_HOP_LIST_TYPE, hop_type))
        weight = DEFAULT_WEIGHT if hop.get("weight") is None else hop["weight"]
        if not WEIGHT_MIN <= weight <= WEIGHT_MAX:
            raise ValueError("%s.weight must be between %d and %d (got %d)" % (label, WEIGHT_MIN, WEIGHT_MAX, weight))
        if hop_id in seen:
            raise ValueError("%s.next_hop_id %s is also %s[%d]; each router interface may be given once"
                             % (label, hop_id, option, seen[hop_id]))
        seen[hop_id] = index
        result.append(dict(NextHopType=hop_type, NextHopId=hop_id, Weight=weight))
    return result


def _hop_keys(hops, with_weight=True):
    return sorted((h["NextHopType"], h["NextHopId"], h.get("Weight") if with_weight else None) for h in hops)


def has_next_hops(entry, hops, with_weight=True):
    """True when the entry's next hops are exactly these (as a set: type, ID and, with_weight, the weight)."""
    return _hop_keys(next_hops(entry), with_weight) == _hop_keys(hops, with_weight)


def points_to(entry, next_hop_id, next_hop_type=None):
    """True when the entry has exactly this one next hop (type compared only when given)."""
    hops = next_hops(entry)
    if len(hops) != 1:
        return False
    hop = hops[0]
    if hop["NextHopId"] != next_hop_id:
        return False
    return next_hop_type is None or hop["NextHopType"] == next_hop_type


def normalize_route_entry(entry):
    """A route entry as the modules return it: API names in snake_case, list wrappers removed,
    plus next_hop_id / next_hop_type for the (single) next hop."""
    if not entry:
        return {}
    result = camel_dict_to_snake_dict(_unwrap(dict(entry)))
    hops = next_hops(entry)
    if len(hops) == 1:
        result["next_hop_id"] = hops[0]["NextHopId"]
        result["next_hop_type"] = hops[0]["NextHopType"]
    else:
        # An ECMP entry has no single next hop (the API may echo its first member at the entry's level).
        result["next_hop_id"] = result["next_hop_type"] = None
    return result


def normalize_route_table(table, entries=None):
    """A route table as ali_route_table_info returns it, its entries under route_entries."""
    data = dict(table)
    data.pop("RouteEntrys", None)
    tags = _unwrap(data.pop("Tags", None) or [])
    result = camel_dict_to_snake_dict(_unwrap(data))
    result["tags"] = dict((t.get("Key"), t.get("Value")) for t in tags if isinstance(t, dict))
    if entries is not None:
        result["route_entries"] = [normalize_route_entry(e) for e in entries]
    return result


def describe_route_tables(client, route_table_id=None, router_id=None, router_type=None, route_table_type=None):
    """Route tables by ID and/or router (DescribeRouteTableList, every page)."""
    return lookup.route_tables(client, RouteTableId=route_table_id, RouterId=router_id, RouterType=router_type,
                               RouteTableType=route_table_type)


def find_system_route_table(client, router_id, router_type):
    """The system route table of a vRouter or VBR, or None."""
    tables = describe_route_tables(client, router_id=router_id, router_type=router_type, route_table_type="System")
    tables = [t for t in tables if t.get("RouteTableId") and (t.get("RouterId") in (None, router_id))]
    return tables[0] if tables else None


def find_route_entry(client, route_table_id, cidr, route_entry_id=None, include_deleting=False):
    """The entry of route_table_id whose destination is cidr (normalised), or None.

    One filtered DescribeRouteEntryList call whatever the size of the table. Entries that are
    being deleted are skipped unless include_deleting. When route_entry_id is given, only that
    entry counts (used while waiting for a deleted entry to disappear). More than one match raises AlicloudError.
    """
    items = lookup.route_entries(client, route_table_id, DestinationCidrBlock=cidr, RouteEntryId=route_entry_id)
    matches = [e for e in items if _same_cidr(e.get("DestinationCidrBlock"), cidr)]
    if route_entry_id:
        matches = [e for e in matches if e.get("RouteEntryId") in (None, route_entry_id)]
    if not include_deleting:
        matches = lookup.live(lookup.ROUTE_ENTRY, matches)
    if len(matches) > 1:
        raise AlicloudError(
            "%d route entries in %s have destination %s: %s" % (
                len(matches), route_table_id, cidr,
                "; ".join("%s (%s)" % (e.get("RouteEntryId"), describe_next_hop(e)) for e in matches)))
    return matches[0] if matches else None


def create_route_entry(client, route_table_id, cidr, next_hop_type, next_hop_id, name=None, description=None,
                       timeout=600, client_token=None, next_hop_list=None):
    """CreateRouteEntry with a ClientToken (the caller's, when it retries a logical create itself); retried for up
    to `timeout` seconds while the router is busy with another entry. With next_hop_list (parse_next_hops), an ECMP
    entry: the API takes the list or the single next hop, never both."""
    params = {
        "ClientToken": client_token,
        "RouteTableId": route_table_id,
        "DestinationCidrBlock": cidr,
        "NextHopType": None if next_hop_list else next_hop_type,
        "NextHopId": None if next_hop_list else next_hop_id,
        "NextHopList": next_hop_list or None,
        "RouteEntryName": name,
        "Description": description,
    }
    return client.call("CreateRouteEntry", params, client_token=True, blocked_codes=ROUTE_BLOCKED,
                       blocked_timeout=timeout)


def delete_route_entry(client, entry, timeout=600):
    """DeleteRouteEntry by RouteEntryId when known, else by table + destination + next hop.

    Retried for up to `timeout` seconds while the router is busy; InvalidRouteEntry.NotFound means done (after a
    lost response, or deleted by someone else since the lookup, e.g. a second teardown at the same time).
    """
    if entry.get("RouteEntryId"):
        params = {"RouteEntryId": entry["RouteEntryId"], "RouteTableId": entry.get("RouteTableId")}
    else:
        hops = next_hops(entry)
        params = {
            "RouteTableId": entry.get("RouteTableId"),
            "DestinationCidrBlock": entry.get("DestinationCidrBlock"),
            "NextHopId": hops[0]["NextHopId"] if len(hops) == 1 else None,
            # An ECMP entry is addressed by its members (without weights).
            "NextHopList": [dict(NextHopId=h["NextHopId"], NextHopType=h["NextHopType"]) for h in hops]
            if len(hops) > 1 else None,
        }
    try:
        return client.call("DeleteRouteEntry", params, done_codes=(ROUTE_NOT_FOUND,), blocked_codes=ROUTE_BLOCKED,
                           blocked_timeout=timeout)
    except AlicloudApiError as err:
        if err.code != ROUTE_NOT_FOUND:
            raise
        return {"RequestId": err.request_id}

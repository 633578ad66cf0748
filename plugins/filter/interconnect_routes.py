# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The interconnect role's routes: which destinations go on which table toward which next hop, and how the
published result names each route's side."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.aliyun.express_connect.plugins.module_utils.route_table import normalize_cidr

# (route list, the table it goes on, the next hop, side, via): in the order the build creates them (the data
# centre's first, since they need only the VBR). The data centre's are a line's own, the VPC's CIDRs go on every
# line's VBR, and the data centre's CIDRs on the VPC's table go to every line's acceptor.
ROUTE_LISTS = (
    ("idc_routes", "vbr_route_table_id", "vlan_interface_id", "vbr", "circuit"),
    ("vbr_routes", "vbr_route_table_id", "initiator_interface_id", "vbr", "initiator"),
    ("vpc_routes", "vpc_route_table_id", "acceptor_interface_id", "vpc", "acceptor"),
)
ROUTE_KINDS = tuple(routes for routes, _table, _hop, _side, _via in ROUTE_LISTS)


def _lines(interconnect):
    if not isinstance(interconnect, dict):
        raise AnsibleFilterError("interconnect_route_items expects a dict of the interconnect's tables, next hops "
                                 "and route lists")
    # One line: its tables and next hops may sit next to the route lists.
    return interconnect.get("lines") or [interconnect]


def _vpc_route(interconnect, lines, cidr, complete):
    table = interconnect.get("vpc_route_table_id")
    hops = [line.get("acceptor_interface_id") for line in lines]
    if complete and not (table and all(hops)):
        raise AnsibleFilterError("interconnect_route_items: vpc_routes needs vpc_route_table_id and "
                                 "acceptor_interface_id")
    item = {"route_table_id": table, "destination_cidr_block": cidr}
    if len(lines) == 1:
        item["next_hop_id"] = hops[0]
    else:
        # Several lines: one entry over every line's acceptor (ECMP, or active/standby by the weights).
        item["next_hops"] = [{"next_hop_id": hop, "weight": line.get("weight")} for hop, line in zip(hops, lines)]
    return item


def _declared_routes(interconnect, kinds=ROUTE_KINDS, complete=True):
    lines = _lines(interconnect)
    for routes, table, hop, side, via in ROUTE_LISTS:
        if routes not in kinds:
            continue
        if routes == "vpc_routes":
            for cidr in interconnect.get(routes) or []:
                yield _vpc_route(interconnect, lines, cidr, complete), side, via
            continue
        for line in lines:
            for cidr in (line if routes == "idc_routes" else interconnect).get(routes) or []:
                if complete and not (line.get(table) and line.get(hop)):
                    raise AnsibleFilterError("interconnect_route_items: %s needs %s and %s" % (routes, table, hop))
                yield {"route_table_id": line.get(table), "destination_cidr_block": cidr,
                       "next_hop_id": line.get(hop)}, side, via


def interconnect_route_items(interconnect, kinds=ROUTE_KINDS):
    """The items of ali_route_entry's ``routes`` option for the route lists given (``idc_routes``, ``vbr_routes``,
    ``vpc_routes``), with the tables and next hops they need (``vbr_route_table_id``, ``vpc_route_table_id``,
    ``vlan_interface_id``, ``initiator_interface_id``, ``acceptor_interface_id``): for one line next to the
    lists, for several in ``lines`` (each with its tables, next hops, ``idc_routes`` and ``weight``). ``kinds``
    limits the items to some of the lists."""
    return [item for item, _side, _via in _declared_routes(interconnect, kinds)]


def interconnect_route_summary(route_entries, interconnect):
    """The routes of interconnect_result: each declared route with its status from ``route_entries`` (as
    ali_route_entry returns them; None when it has none, as in check mode), the side whose table holds it (vbr or
    vpc) and what it leads to (circuit, initiator or acceptor). A table or next hop not created yet (check mode)
    is None."""
    status = dict(((entry.get("route_table_id"), normalize_cidr(entry.get("destination_cidr_block"))),
                   entry.get("status")) for entry in route_entries or [] if isinstance(entry, dict))
    return [dict(item, status=status.get((item["route_table_id"], normalize_cidr(item["destination_cidr_block"]))),
                 side=side, via=via)
            for item, side, via in _declared_routes(interconnect, complete=False)]


def interconnect_routes_via(route_tables, hop_ids):
    """The items of ali_route_entry's ``routes`` option (for state=absent) that delete every entry of the tables
    (as ali_route_table_info returns them, with their entries) whose next hop, or one of whose next hops (an ECMP
    entry), is in ``hop_ids``; each item names the entry's own next hops, so that only that entry is deleted."""
    hops = set(hop_ids or [])
    items = []
    for entry in (entry for table in route_tables or [] for entry in table.get("route_entries") or []):
        members = [hop.get("next_hop_id") for hop in entry.get("next_hops") or []]
        item = {"route_table_id": entry.get("route_table_id"), "destination_cidr_block": entry.get("destination_cidr_block")}
        if entry.get("next_hop_id") in hops:
            items.append(dict(item, next_hop_id=entry["next_hop_id"]))
        elif hops.intersection(members) and not entry.get("next_hop_id"):
            items.append(dict(item, next_hops=[{"next_hop_id": member} for member in members]))
    return items


def interconnect_route_members(route_entries, hop_id):
    """The entries (as ali_route_table_info returns them) that route over the interface ``hop_id``, each as
    destination_cidr_block, weight and enabled (whether that next hop carries traffic now: an ECMP member over a line
    that is down does not); a plain entry's single next hop reads weight None and enabled True."""
    members = []
    for entry in route_entries or []:
        if entry.get("next_hop_id") == hop_id:
            members.append({"destination_cidr_block": entry.get("destination_cidr_block"), "weight": None,
                            "enabled": True})
            continue
        for hop in entry.get("next_hops") or []:
            if not entry.get("next_hop_id") and hop.get("next_hop_id") == hop_id:
                members.append({"destination_cidr_block": entry.get("destination_cidr_block"),
                                "weight": hop.get("weight"), "enabled": bool(hop.get("enabled"))})
    return members


class FilterModule(object):
    def filters(self):
        return {"interconnect_route_items": interconnect_route_items,
                "interconnect_route_summary": interconnect_route_summary,
                "interconnect_routes_via": interconnect_routes_via,
                "interconnect_route_members": interconnect_route_members}

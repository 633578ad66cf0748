# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The interconnect role's routes: which destinations go on which table toward which next hop, and how the
published result names each route's side."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.aliyun.express_connect.plugins.module_utils.route_table import normalize_cidr

# (role variable with the destinations, the table it goes on, the next hop, side, via): in the order the build
# creates them (the data centre's first, since they need only the VBR).
ROUTE_LISTS = (
    ("idc_routes", "vbr_route_table_id", "vlan_interface_id", "vbr", "circuit"),
    ("vbr_routes", "vbr_route_table_id", "initiator_interface_id", "vbr", "initiator"),
    ("vpc_routes", "vpc_route_table_id", "acceptor_interface_id", "vpc", "acceptor"),
)


def _declared_routes(interconnect, complete=True):
    if not isinstance(interconnect, dict):
        raise AnsibleFilterError("interconnect_route_items expects a dict of the interconnect's tables, next hops "
                                 "and route lists")
    for routes, table, hop, side, via in ROUTE_LISTS:
        for cidr in interconnect.get(routes) or []:
            if complete and not (interconnect.get(table) and interconnect.get(hop)):
                raise AnsibleFilterError("interconnect_route_items: %s needs %s and %s" % (routes, table, hop))
            yield {"route_table_id": interconnect.get(table), "destination_cidr_block": cidr,
                   "next_hop_id": interconnect.get(hop)}, side, via


def interconnect_route_items(interconnect):
    """The items of ali_route_entry's ``routes`` option for the route lists given (``idc_routes``, ``vbr_routes``,
    ``vpc_routes``), with the tables and next hops they need (``vbr_route_table_id``, ``vpc_route_table_id``,
    ``vlan_interface_id``, ``initiator_interface_id``, ``acceptor_interface_id``)."""
    return [item for item, _side, _via in _declared_routes(interconnect)]


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


class FilterModule(object):
    def filters(self):
        return {"interconnect_route_items": interconnect_route_items,
                "interconnect_route_summary": interconnect_route_summary}

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2025, aliyun.express_connect contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: ali_route_entry
short_description: Manage custom route entries in VPC or VBR route tables
version_added: 0.1.0
description:
  - Creates or deletes custom route entries in Alibaba Cloud route tables, for example the route in a
    virtual border router (VBR) table that sends traffic to a router interface, or the route in a VPC
    table that sends traffic for the data centre's CIDR block to the VPC's router interface.
  - One entry per task with O(destination_cidr_block), or any number of entries, in one or several tables, with
    O(routes). Each item of O(routes) behaves as the single-entry form would for it.
  - A route entry is identified by its table and its destination CIDR block (there is at most one entry per
    destination in a table). The lookup is one filtered API call per entry, whatever the size of the table.
  - An entry with the same destination but another next hop is never adopted silently. The module fails and
    names the existing next hop, unless O(replace=true).
  - The API offers no way (in the calls this collection uses) to modify an existing entry. O(name) and
    O(description) are therefore set at creation only. When they are given and differ from the existing entry,
    the module fails with "cannot be changed after creation", unless O(replace=true), which recreates the entry.
  - Creating or deleting an entry is refused by the API while another entry of the same table is C(Pending).
    The module retries until the table is free (error code C(IncorrectRouteEntryStatus)).
  - With O(routes), the entries of different tables are created (or deleted) together and waited for together, one
    DescribeRouteEntryList per entry still not at its target per poll. The entries of one table are changed one after
    the other, because the router takes one route task at a time.
  - An entry in a VPC table can route one destination over 2 to 4 router interfaces at once with O(next_hops), for
    example toward the data centre over two Express Connect circuits. Equal weights spread the traffic (ECMP); with
    different weights the interface of the highest weight carries it and the others stand by.
  - The API cannot change the next hops or the weights of an existing entry. A different set (another interface, one
    more or one fewer, another weight) fails the task unless O(replace=true), which deletes the entry and creates it
    again; the module then warns that traffic to the destination is not routed in between. Check mode says the same.
author:
  - Express Connect collection maintainers (@aliyun)
options:
  state:
    description:
      - C(present) makes sure the entry exists with this next hop; C(absent) makes sure it does not.
    type: str
    choices: [present, absent]
    default: present
  route_table_id:
    description:
      - ID of the route table, for example C(vtb-...).
      - Use M(aliyun.express_connect.ali_route_table_info) or the C(route_table_id) returned by
        M(aliyun.express_connect.ali_vbr) to find the table of a VBR.
      - Mutually exclusive with O(router_id). One of the two is required, except when every item of O(routes) has
        its own O(routes[].route_table_id).
      - With O(routes), the table of the items that do not set O(routes[].route_table_id).
    type: str
  router_id:
    description:
      - ID of a vRouter (C(vrt-...)) or a VBR (C(vbr-...)) whose B(system) route table holds the entry.
      - Requires O(router_type). Mutually exclusive with O(route_table_id).
      - Costs one extra API call (DescribeRouteTableList) to find the table (with O(routes), one call for all the
        items that do not set O(routes[].route_table_id), none when every item sets it).
    type: str
  router_type:
    description:
      - Type of O(router_id).
    type: str
    choices: [VRouter, VBR]
  destination_cidr_block:
    description:
      - Destination of the route, an IPv4 or IPv6 CIDR block such as C(192.168.0.0/16).
      - A bare IP address is a host route (C(/32), for IPv6 C(/128)).
      - The block must be a network address. C(10.0.0.1/8) is refused (host bits set); write C(10.0.0.0/8).
      - The value is normalised (for example C(2001:DB8:0::/32) becomes C(2001:db8::/32)) before it is
        compared with the existing entries and sent to the API.
      - Must not be inside C(100.64.0.0/10). In a VPC table it must not overlap a vSwitch CIDR block
        (the API refuses it).
      - Exactly one of O(destination_cidr_block) and O(routes) is required.
    type: str
    aliases: [cidr_block]
  next_hop_type:
    description:
      - Type of the next hop.
      - In a VBR table the next hop must be a C(RouterInterface) of that VBR.
      - For the single-entry form; mutually exclusive with O(routes) (set O(routes[].next_hop_type) instead) and
        with O(next_hops).
    type: str
    default: RouterInterface
    choices: [Instance, HaVip, RouterInterface, NetworkInterface, VpnGateway, IPv6Gateway, NatGateway,
              Attachment, VpcPeer, Ipv4Gateway, GatewayEndpoint, Ecr]
  next_hop_id:
    description:
      - ID of the next hop, for example a router interface C(ri-...).
      - Required when O(state=present).
      - With O(state=absent) it is optional. When given, the entry is deleted only if it points to this next
        hop; an entry for the destination that points elsewhere is left alone (with a warning, C(changed=false)).
        Without it, the custom entry for the destination is deleted whatever its next hop.
        Only the ID is compared for O(state=absent), not O(next_hop_type).
      - For the single-entry form; mutually exclusive with O(routes) and O(next_hops).
    type: str
  next_hops:
    description:
      - The next hops of an ECMP or weighted route (the API's C(NextHopList)), instead of O(next_hop_id). Only in a
        VPC route table.
      - 2 to 4 router interfaces of the table's vRouter whose opposite router is a VBR, each given once. The module
        fails naming the option before any API call when the count, a type, a weight or a repeated interface is wrong
        (an empty or null list too).
      - Compared with the entry's next hops as a set of interfaces with their weights; the order does not matter.
        A difference needs O(replace=true), see above.
      - With O(state=absent), optional with the meaning of O(next_hop_id) (the entry is deleted only if its next hops
        are these interfaces; the weights are not compared).
      - For the single-entry form; mutually exclusive with O(routes) (set O(routes[].next_hops) instead),
        O(next_hop_id) and O(next_hop_type).
    type: list
    elements: dict
    suboptions:
      next_hop_id:
        description:
          - ID of a router interface (C(ri-...)) of the VPC's vRouter whose opposite router is a VBR.
        type: str
        required: true
      next_hop_type:
        description:
          - Type of the next hop; an ECMP route's next hops are router interfaces.
        type: str
        default: RouterInterface
        choices: [RouterInterface]
      weight:
        description:
          - Weight of this next hop, 0 to 255. Equal weights share the traffic (ECMP); with different weights the
            highest one carries it and the others stand by.
          - The API documents no range; 0 to 255 is the range of the collection's emulator, inside which the values
            seen in use (10, 100) lie.
        type: int
        default: 100
    version_added: 0.4.0
  name:
    description:
      - Name of the route entry (C(RouteEntryName)), 1 to 128 characters. Set at creation only, see above.
      - For the single-entry form; mutually exclusive with O(routes).
    type: str
  description:
    description:
      - Description of the route entry, 1 to 256 characters. Set at creation only, see above.
      - For the single-entry form; mutually exclusive with O(routes).
    type: str
  routes:
    description:
      - Several route entries in one task, in one or several route tables. Mutually exclusive with
        O(destination_cidr_block), O(next_hop_type), O(next_hop_id), O(name) and O(description).
      - O(state), O(replace), O(wait) and O(wait_timeout) apply to every item.
      - Every item is validated and planned before anything is changed. A bad CIDR block, a missing O(routes[].next_hop_id)
        (or O(routes[].next_hops)) with O(state=present), bad O(routes[].next_hops), the same table and destination
        twice, an entry that routes elsewhere without O(replace=true) or a system route fail the task with no entry
        created or deleted.
      - Only the given entries are managed. Other entries of the tables are left alone.
    type: list
    elements: dict
    suboptions:
      destination_cidr_block:
        description:
          - Destination of the route, as O(destination_cidr_block) (normalised and validated the same way).
        type: str
        required: true
        aliases: [cidr_block]
      next_hop_type:
        description:
          - Type of the next hop, as O(next_hop_type).
        type: str
        default: RouterInterface
        choices: [Instance, HaVip, RouterInterface, NetworkInterface, VpnGateway, IPv6Gateway, NatGateway,
                  Attachment, VpcPeer, Ipv4Gateway, GatewayEndpoint, Ecr]
      next_hop_id:
        description:
          - ID of the next hop, as O(next_hop_id). Required when O(state=present), unless O(routes[].next_hops) is
            given.
          - With O(state=absent), optional with the meaning of O(next_hop_id) (the entry is deleted only if it points
            to this next hop).
        type: str
      next_hops:
        description:
          - The next hops of an ECMP or weighted route of this item, as O(next_hops). Mutually exclusive with
            O(routes[].next_hop_id) and O(routes[].next_hop_type).
        type: list
        elements: dict
        suboptions:
          next_hop_id:
            description:
              - ID of a router interface, as O(next_hops[].next_hop_id).
            type: str
            required: true
          next_hop_type:
            description:
              - Type of the next hop, as O(next_hops[].next_hop_type).
            type: str
            default: RouterInterface
            choices: [RouterInterface]
          weight:
            description:
              - Weight of this next hop, as O(next_hops[].weight).
            type: int
            default: 100
        version_added: 0.4.0
      route_table_id:
        description:
          - ID of the route table of this entry.
          - Defaults to O(route_table_id), or to the system route table of O(router_id).
        type: str
      name:
        description:
          - Name of the route entry, set at creation only, as O(name).
        type: str
      description:
        description:
          - Description of the route entry, set at creation only, as O(description).
        type: str
  replace:
    description:
      - When an entry for the destination exists with another next hop (another set of O(next_hops) or another
        weight), or with another O(name) or O(description), delete it (waiting until it is gone) and create the
        requested one.
      - Traffic to the destination is not routed between the delete and the create; the module warns so, in check
        mode too.
      - When false, such a difference fails the task and nothing is changed.
    type: bool
    default: false
notes:
  - O(route_table_id), O(router_id), O(destination_cidr_block), O(next_hop_id), O(name) and O(description), and the
    same options of O(routes) items, must not be empty strings, nor O(next_hops) an empty list; the module fails naming the option (for example
    C(routes[1].next_hop_id must not be empty)) before any API call. A null value counts as not given.
  - With O(wait=true) (the default) the module waits until a new entry is C(Available), and until a deleted
    entry is gone. With O(replace=true) it always waits for the old entry to be gone before creating the new one.
  - Only C(Available) entries can be deleted, so an entry that is still C(Pending) is waited for before it is deleted
    or replaced (whatever O(wait) says).
  - System routes (type C(System)) cannot be deleted or replaced; the module fails clearly instead of trying.
  - A create refused because the table already has an entry for the destination although the lookup found none
    means that another run (two runs of the same play at once) made it just now; the module takes that entry when it
    routes to the requested next hop (with the requested name and description), and fails naming it otherwise.
  - Supports check mode and diff mode. The diff shows the managed attributes (C(route_table_id),
    C(destination_cidr_block), C(next_hop_type), C(next_hop_id), C(route_entry_name), C(description), and for an
    entry with several next hops C(next_hops), each with C(next_hop_type), C(next_hop_id) and C(weight), in the order of
    their IDs), an empty dict where no entry exists. With O(routes), the diff is a list of before/after pairs, one per item in the order
    of the items, each headed C(routes[N]) with its destination and route table.
seealso:
  - module: aliyun.express_connect.ali_route_table_info
  - module: aliyun.express_connect.ali_router_interface
  - module: aliyun.express_connect.ali_vbr
extends_documentation_fragment:
  - aliyun.express_connect.alicloud
  - aliyun.express_connect.alicloud.WAIT
  - aliyun.express_connect.alicloud.ATTRIBUTES
"""

EXAMPLES = r"""
- name: Route the data centre's network from the VPC to its router interface
  aliyun.express_connect.ali_route_entry:
    router_id: vrt-bp1example
    router_type: VRouter
    destination_cidr_block: 192.168.0.0/16
    next_hop_type: RouterInterface
    next_hop_id: "{{ vpc_ri.router_interface_id }}"
    name: to-idc

- name: Route the VPC's network from the VBR to the VBR's router interface
  aliyun.express_connect.ali_route_entry:
    route_table_id: "{{ vbr.vbr.route_table_id }}"
    destination_cidr_block: 172.16.0.0/12
    next_hop_id: "{{ vbr_ri.router_interface_id }}"

- name: Move a route to another router interface (the old entry is deleted first)
  aliyun.express_connect.ali_route_entry:
    route_table_id: vtb-bp1example
    destination_cidr_block: 192.168.0.0/16
    next_hop_id: ri-bp1new
    replace: true

- name: Route the data centre's network over two circuits at once (ECMP, equal weights)
  aliyun.express_connect.ali_route_entry:
    route_table_id: vtb-bp1example
    destination_cidr_block: 192.168.0.0/16
    next_hops:
      - next_hop_id: "{{ vpc_ri_line1.router_interface_id }}"
      - next_hop_id: "{{ vpc_ri_line2.router_interface_id }}"

- name: The same over a primary and a standby circuit (the highest weight carries the traffic)
  aliyun.express_connect.ali_route_entry:
    route_table_id: vtb-bp1example
    destination_cidr_block: 192.168.0.0/16
    next_hops:
      - next_hop_id: "{{ vpc_ri_line1.router_interface_id }}"
        weight: 100
      - next_hop_id: "{{ vpc_ri_line2.router_interface_id }}"
        weight: 50
    replace: true  # the ECMP entry above is deleted and created again: briefly no route to 192.168.0.0/16

- name: Remove the route, but only if it still points to our interface
  aliyun.express_connect.ali_route_entry:
    route_table_id: vtb-bp1example
    destination_cidr_block: 192.168.0.0/16
    next_hop_id: ri-bp1example
    state: absent

# Both sides of an interconnect are two tables (the VPC's and the VBR's), so one route_table_id cannot serve them:
# give each item its own route_table_id. The two tables' entries are created together.
- name: Routes of both sides of an interconnect in one task
  aliyun.express_connect.ali_route_entry:
    routes:
      - route_table_id: "{{ vpc_route_table_id }}"
        destination_cidr_block: 192.168.0.0/16
        next_hop_id: "{{ vpc_ri.router_interface_id }}"
        name: to-idc
      - route_table_id: "{{ vpc_route_table_id }}"
        destination_cidr_block: 10.10.0.0/16
        next_hop_id: "{{ vpc_ri.router_interface_id }}"
        name: to-idc-2
      - route_table_id: "{{ vbr.vbr.route_table_id }}"
        destination_cidr_block: 172.16.0.0/12
        next_hop_id: "{{ vbr_ri.router_interface_id }}"
  register: routes

# On a VBR's table, a static route toward the data centre goes to the VBR's own VLAN interface
# (vlan_interface_id, as ali_vbr returns it), with the next hop type RouterInterface.
- name: Static routes of a VBR toward the data centre, and toward the VPC
  aliyun.express_connect.ali_route_entry:
    route_table_id: "{{ vbr.vbr.route_table_id }}"
    routes:
      - destination_cidr_block: 192.168.0.0/16
        next_hop_type: RouterInterface
        next_hop_id: "{{ vbr.vbr.vlan_interface_id }}"
        name: to-idc
      - destination_cidr_block: 172.16.0.0/12
        next_hop_id: "{{ vbr_ri.router_interface_id }}"

- name: Remove several routes (each only if it still points to the given interface)
  aliyun.express_connect.ali_route_entry:
    router_id: vrt-bp1example
    router_type: VRouter
    state: absent
    routes:
      - destination_cidr_block: 192.168.0.0/16
        next_hop_id: ri-bp1example
      - destination_cidr_block: 10.10.0.0/16
"""

RETURN = r"""
route_entry_id:
  description:
    - ID of the route entry (for O(state=absent), of the entry that was deleted).
    - Null in check mode when the entry would be created, and when no entry exists.
  returned: with O(destination_cidr_block)
  type: str
  sample: rte-bp1mnnr2al0naomnpxxx
route_table_id:
  description: ID of the route table that holds (or would hold) the entry.
  returned: with O(destination_cidr_block)
  type: str
  sample: vtb-bp1example
route_entry:
  description:
    - The route entry as DescribeRouteEntryList returns it, with its keys in snake_case and the list wrappers
      removed, plus C(next_hop_id) and C(next_hop_type) of its (single) next hop.
    - Empty when, after the run, no entry exists for the destination.
    - In check mode, the predicted entry.
  returned: with O(destination_cidr_block)
  type: dict
  contains:
    route_entry_id:
      description: ID of the entry.
      type: str
      sample: rte-bp1mnnr2al0naomnpxxx
    route_table_id:
      description: ID of the route table.
      type: str
      sample: vtb-bp1example
    destination_cidr_block:
      description: Destination CIDR block.
      type: str
      sample: 192.168.0.0/16
    next_hop_type:
      description: Type of the next hop; null for an entry with several next hops.
      type: str
      sample: RouterInterface
    next_hop_id:
      description: ID of the next hop; null for an entry with several next hops.
      type: str
      sample: ri-bp1example
    next_hops:
      description:
        - All next hops of the entry (more than one for an ECMP route), as the API lists them. For a router
          interface, C(weight) and C(enabled) (1 usable, 0 not, for example after a failed health check).
      type: list
      elements: dict
      sample: [{"next_hop_type": "RouterInterface", "next_hop_id": "ri-bp1example", "enabled": 1, "weight": 100}]
    status:
      description: C(Pending), C(Available), C(Modifying) or C(Deleting).
      type: str
      sample: Available
    type:
      description: C(Custom), C(System), C(BGP), ...
      type: str
      sample: Custom
    route_entry_name:
      description: Name of the entry.
      type: str
      sample: to-idc
    description:
      description: Description of the entry.
      type: str
      sample: route to the data centre
    ip_version:
      description: C(IPv4) or C(IPv6).
      type: str
      sample: IPv4
route_entries:
  description:
    - With O(routes), one element per item, in the order of the items. Each is the entry as RV(route_entry) would
      return it for that item (empty but for C(changed) when, after the run, no entry exists for the item), plus
      C(changed).
    - In check mode, the predicted entries.
  returned: with O(routes)
  type: list
  elements: dict
  sample:
    - changed: true
      route_entry_id: rte-bp1mnnr2al0naomnpxxx
      route_table_id: vtb-bp1example
      destination_cidr_block: 192.168.0.0/16
      next_hop_type: RouterInterface
      next_hop_id: ri-bp1example
      status: Available
      type: Custom
    - changed: false
  contains:
    changed:
      description: Whether this item was changed (or, in check mode, would be).
      type: bool
      sample: true
"""

import uuid

from dataclasses import dataclass

from ansible.module_utils.common.validation import check_required_if, check_required_one_of

from ansible_collections.aliyun.express_connect.plugins.module_utils.errors import AlicloudApiError, AlicloudError
from ansible_collections.aliyun.express_connect.plugins.module_utils import concurrency
from ansible_collections.aliyun.express_connect.plugins.module_utils.module import AlicloudModule
from ansible_collections.aliyun.express_connect.plugins.module_utils import route_table as rt
from ansible_collections.aliyun.express_connect.plugins.module_utils import router_interface as ri
from ansible_collections.aliyun.express_connect.plugins.module_utils.retry import NEXT_HOP_NOT_CONNECTED

# What replacing an entry does to traffic (said in the warning and in the refusals that ask for replace=true).
UNROUTED = "traffic to the destination is not routed between the delete and the create"

# What an item asks for (module.params for the single-entry form, one element of routes for the list form);
# next_hops is replaced by its parsed form (the API's NextHopList, rt.parse_next_hops) before anything else.
ENTRY_OPTIONS = ("next_hop_type", "next_hop_id", "next_hops", "name", "description")


def managed_view(entry):
    """The attributes this module manages, for diff mode ("" and None both mean unset); an ECMP entry's next hops
    with their weights under next_hops, in the order of their IDs."""
    if not entry:
        return {}
    hops = rt.next_hops(entry)
    hop = hops[0] if len(hops) == 1 else {}
    view = {
        "route_table_id": entry.get("RouteTableId"),
        "destination_cidr_block": entry.get("DestinationCidrBlock"),
        "next_hop_type": hop.get("NextHopType"),
        "next_hop_id": hop.get("NextHopId"),
        "route_entry_name": entry.get("RouteEntryName") or None,
        "description": entry.get("Description") or None,
    }
    if len(hops) > 1:
        view["next_hops"] = [dict(next_hop_type=h["NextHopType"], next_hop_id=h["NextHopId"], weight=h["Weight"])
                             for h in sorted(hops, key=lambda h: h["NextHopId"])]
    return view


def wanted_hops(spec):
    """The next hops an item asks for, in the API's names: its next_hops, or its one next hop."""
    if spec["next_hops"]:
        return spec["next_hops"]
    return [{"NextHopType": spec["next_hop_type"], "NextHopId": spec["next_hop_id"]}]


def routes_as_asked(spec, entry, exact=True):
    """Whether the entry routes to the item's next hop(s). exact: types and weights count too; otherwise (for
    state=absent) only which interfaces."""
    if spec["next_hops"]:
        return rt.has_next_hops(entry, spec["next_hops"], with_weight=exact)
    return rt.points_to(entry, spec["next_hop_id"], spec["next_hop_type"] if exact else None)


def wanted_entry(spec, table_id, cidr, route_entry_id=None, status="Available"):
    """The entry an item's spec asks for, in the API's names (check mode prediction, wait=false)."""
    return {
        "RouteEntryId": route_entry_id,
        "RouteTableId": table_id,
        "DestinationCidrBlock": cidr,
        "NextHops": {"NextHop": [dict(hop) for hop in wanted_hops(spec)]},
        "RouteEntryName": spec["name"],
        "Description": spec["description"],
        "Status": status,
        "Type": "Custom",
    }


# ---------------------------------------------------------------------------------------------------------------
# planned steps: one class per kind; apply() runs the mutating ones, wait_together() the waits, and both refuse
# anything else

@dataclass
class Create:
    """Create the entry the item asks for; its ID becomes the item's current_id."""


@dataclass
class Delete:
    """Delete this existing entry (Available: a transition it was in is waited out by an earlier step)."""
    entry: dict


@dataclass
class WaitAvailable:
    """Wait until the item's entry (current_id) is Available."""


@dataclass
class WaitGone:
    """Wait until this entry is no longer listed."""
    entry: dict


WAITS = (WaitAvailable, WaitGone)


class Item:
    """One managed entry: its key (table, destination), what is asked (spec), what the lookup found (before), the
    planned steps still to run, in order, and the outcome (changed, after)."""

    def __init__(self, spec, cidr, table_id=None, label=""):
        self.spec = dict((option, spec.get(option)) for option in ENTRY_OPTIONS)
        self.cidr = cidr
        self.table_id = table_id
        self.label = label  # prefix of this item's messages: "" (single entry) or "routes[N]: "
        self.before = None
        self.current_id = None
        self.changed = False
        self.deleted = False  # this run deleted the entry that was there (replace)
        self.after = None
        self.steps = []

    def error(self, msg, **result):
        """The AlicloudError for this item: its message prefixed with the item's label."""
        return AlicloudError(self.label + msg, **result)

    def result(self):
        """(route_entry_id, route_entry) as the module returns them for this item."""
        if self.after is None:
            route_entry_id = (self.before or {}).get("RouteEntryId") if self.changed else None
        else:
            route_entry_id = self.after.get("RouteEntryId")
        return route_entry_id, rt.normalize_route_entry(self.after)

    def header(self):
        """What the item's diff is about: "routes[N]: <destination> in <table>"."""
        return "%s%s in %s" % (self.label, self.cidr, self.table_id)

    def diff(self):
        before = self.before
        visible = before if before and before.get("Status") not in rt.DELETING_STATUSES else None
        return managed_view(visible), managed_view(self.after)


# ---------------------------------------------------------------------------------------------------------------
# lookups and waits

def resolve_table(module):
    params = module.params
    if params["route_table_id"]:
        return params["route_table_id"]
    table = rt.find_system_route_table(module.client, params["router_id"], params["router_type"])
    if not table:
        raise AlicloudError("No system route table found for %s %s (is router_id right and router_type %s?)"
                            % (params["router_type"], params["router_id"], params["router_type"]))
    return table["RouteTableId"]


def find(module, table_id, cidr, route_entry_id=None, include_deleting=True):
    return rt.find_route_entry(module.client, table_id, cidr, route_entry_id=route_entry_id,
                               include_deleting=include_deleting)


def entry_text(route_entry_id, table_id, cidr):
    return "%s(%s in %s)" % (route_entry_id + " " if route_entry_id else "", cidr, table_id)


def wait_together(module, items):
    """Finish the wait step each item is at, in one wait, whether one item or several: every poll re-reads (one
    filtered DescribeRouteEntryList each) only the entries that are not yet at their target. The messages of one
    item name its entry and status alone, as the single-entry form always did."""
    waiting = [(item, item.steps.pop(0)) for item in items]
    for item, step in waiting:
        if not isinstance(step, WAITS):
            raise TypeError("%snot a wait step: %r" % (item.label, step))
    single = len(waiting) == 1
    gone = any(isinstance(step, WaitGone) for _item, step in waiting)
    available = any(isinstance(step, WaitAvailable) for _item, step in waiting)

    def waited_id(item, step):
        return step.entry.get("RouteEntryId") if isinstance(step, WaitGone) else item.current_id

    def fetch():
        not_yet = []  # (item, step, what it was seen as)
        for item, step in waiting:
            if isinstance(step, WaitGone):
                found = find(module, item.table_id, item.cidr, waited_id(item, step))
                if found is None:
                    item.after = None
                    continue
                seen_id, status = found.get("RouteEntryId"), found.get("Status")
            else:
                found = find(module, item.table_id, item.cidr, item.current_id, include_deleting=False)
                if found and found.get("Status") == "Available":
                    item.after = found
                    continue
                seen_id, status = item.current_id, found.get("Status") if found else "not found"
            not_yet.append((item, step, "%s" % status if single else "%s %s" % (seen_id, status)))
        waiting[:] = [(item, step) for item, step, _seen in not_yet]
        if not waiting:
            return None if gone else {"Status": "Available"}
        return {"Status": ", ".join(seen for _item, _step, seen in not_yet)}

    if single:
        item, step = waiting[0]
        what = "route entry " + entry_text(waited_id(item, step), item.table_id, item.cidr)
    else:
        what = "route entries " + ", ".join(
            entry_text(waited_id(item, step), item.table_id, item.cidr)
            + (" gone" if isinstance(step, WaitGone) else " Available") for item, step in waiting)
    module.wait(fetch, what, statuses="Available" if available else None, gone=gone)


def wait_next_hops_connected(module, hop_ids, refusal):
    """After a refusal because a next-hop interface is not connected: wait while the ones not Active are connecting,
    else raise naming the first that is not."""
    connecting = []
    for hop_id in hop_ids:
        item = ri.get_live(module.client, hop_id)
        status = item.get("Status") if item else "not found"
        if status == "Active":
            continue
        if status not in ri.UNSETTLED:
            raise AlicloudError("next_hop_id %s is %s: a route can only point at a connected (Active) router "
                                "interface; connect it first (aliyun.express_connect.ali_ri_connection). %s"
                                % (hop_id, status, refusal), api_error=refusal)
        connecting.append(hop_id)
    for hop_id in connecting:
        ri.wait_status(module, hop_id, "Active")


# ---------------------------------------------------------------------------------------------------------------
# mutating steps

def create(module, item):
    spec, params = item.spec, module.params
    token = str(uuid.uuid4())  # one logical create, also across the wait for the next hop

    def attempt():
        return rt.create_route_entry(module.client, item.table_id, item.cidr, spec["next_hop_type"],
                                     spec["next_hop_id"], name=spec["name"], description=spec["description"],
                                     timeout=params["wait_timeout"], client_token=token,
                                     next_hop_list=spec["next_hops"])
    try:
        try:
            response = attempt()
        except AlicloudApiError as err:
            if err.code not in NEXT_HOP_NOT_CONNECTED:
                raise
            wait_next_hops_connected(module, [hop["NextHopId"] for hop in wanted_hops(spec)], err)
            response = attempt()
    except AlicloudApiError as err:
        if err.code not in rt.DUPLICATE_CODES:
            raise
        take_duplicate(module, item, err)
        return
    item.current_id = response.get("RouteEntryId")
    item.after = wanted_entry(spec, item.table_id, item.cidr, item.current_id, status="Pending")


def take_duplicate(module, item, err):
    """The create was refused because the table has an entry for the destination, although the lookup found none:
    another run made it since (two runs of the same play at once). Taken when it is the entry asked for (next hop,
    name, description), as if the lookup had found it; otherwise the module fails naming it."""
    spec, table_id, cidr = item.spec, item.table_id, item.cidr
    entry = concurrency.wait_listed(lambda: find(module, table_id, cidr), "the route entry for %s in %s" % (cidr, table_id),
                                    gone_statuses=rt.DELETING_STATUSES)
    if entry is None:
        raise item.error("destination_cidr_block %s in route table %s: the create was refused as a duplicate (%s), "
                         "but no entry for it is listed, or only one being deleted" % (cidr, table_id, err),
                         api_error=err)
    if not routes_as_asked(spec, entry) or immutable_differences(spec, entry):
        raise item.error("destination_cidr_block %s in route table %s was created just now by someone else as route "
                         "entry %s to %s, not to %s (or with another name or description)"
                         % (cidr, table_id, entry.get("RouteEntryId"), rt.describe_next_hop(entry),
                            rt.describe_hops(wanted_hops(spec))),
                         route_entry=rt.normalize_route_entry(entry), api_error=err)
    item.current_id = entry.get("RouteEntryId")
    item.after = entry
    item.changed = item.deleted  # the entry is the other run's; only a replaced one was this run's change


def delete(module, item, entry):
    """Delete an existing entry (Available: a transition it was in has been waited for in an earlier step)."""
    rt.delete_route_entry(module.client, dict(entry, RouteTableId=entry.get("RouteTableId") or item.table_id),
                          timeout=module.params["wait_timeout"])
    item.after = None
    item.deleted = True


# ---------------------------------------------------------------------------------------------------------------
# plan: decide (and fail) per item before any mutating call

def immutable_differences(spec, entry):
    differences = []
    for option, key in (("name", "RouteEntryName"), ("description", "Description")):
        if spec[option] is not None and spec[option] != (entry.get(key) or None):
            differences.append("%s cannot be changed after creation (is %r, requested %r)"
                               % (option, entry.get(key) or None, spec[option]))
    return differences


def plan_delete(item, entry):
    """Only Available entries can be deleted: a transition the entry is in is waited out first (whatever wait)."""
    if entry.get("Status") in rt.TRANSIENT_STATUSES:
        item.steps.append(WaitAvailable())
    item.steps.append(Delete(entry))


def plan_create(module, item):
    if module.check_mode:
        item.after = wanted_entry(item.spec, item.table_id, item.cidr)
        return
    item.steps.append(Create())
    if module.params["wait"]:
        item.steps.append(WaitAvailable())


def plan_present(module, item):
    spec, table_id, cidr, entry = item.spec, item.table_id, item.cidr, item.before
    if entry and entry.get("Status") in rt.DELETING_STATUSES:
        if not module.check_mode:
            item.steps.append(WaitGone(entry))
        entry = None
    if entry:
        same_hop = routes_as_asked(spec, entry)
        differences = immutable_differences(spec, entry)
        if same_hop and not differences:
            item.after = entry
            if module.params["wait"] and not module.check_mode and entry.get("Status") != "Available":
                item.steps.append(WaitAvailable())
            return False
        if entry.get("Type") == "System":
            raise item.error("destination_cidr_block %s in route table %s is a system route (next hop %s); "
                             "it cannot be replaced" % (cidr, table_id, rt.describe_next_hop(entry)))
        if not module.params["replace"]:
            if not same_hop:
                raise item.error("destination_cidr_block %s in route table %s already routes to %s (route entry %s), "
                                 "not to %s; an entry's next hops and weights cannot be changed in place: set "
                                 "replace=true to replace that entry (%s)"
                                 % (cidr, table_id, rt.describe_next_hop(entry), entry.get("RouteEntryId"),
                                    rt.describe_hops(wanted_hops(spec)), UNROUTED),
                                 route_entry=rt.normalize_route_entry(entry))
            raise item.error("; ".join(differences) + " (route entry %s; set replace=true to recreate it, %s)"
                             % (entry.get("RouteEntryId"), UNROUTED), route_entry=rt.normalize_route_entry(entry))
        # Said in check mode too: the prediction is the run's, warnings included.
        module.warn(item.label + "route entry %s for %s in %s %s deleted and created again (to %s): %s"
                    % (entry.get("RouteEntryId"), cidr, table_id, "would be" if module.check_mode else "is",
                       rt.describe_hops(wanted_hops(spec)), UNROUTED))
        if not module.check_mode:
            plan_delete(item, entry)
            item.steps.append(WaitGone(entry))
    plan_create(module, item)
    return True


def plan_absent(module, item):
    spec, table_id, cidr, entry = item.spec, item.table_id, item.cidr, item.before
    if not entry:
        return False
    if entry.get("Status") in rt.DELETING_STATUSES:
        if module.params["wait"] and not module.check_mode:
            item.steps.append(WaitGone(entry))
        return False
    if (spec["next_hop_id"] or spec["next_hops"]) and not routes_as_asked(spec, entry, exact=False):
        module.warn(item.label + "Route entry %s for %s in %s points to %s, not to %s; left alone"
                    % (entry.get("RouteEntryId"), cidr, table_id, rt.describe_next_hop(entry),
                       spec["next_hop_id"] or rt.describe_hops(spec["next_hops"])))
        item.after = entry
        return False
    if entry.get("Type") == "System":
        raise item.error("destination_cidr_block %s in route table %s is a system route; it cannot be deleted"
                         % (cidr, table_id))
    if not module.check_mode:
        plan_delete(item, entry)
        if module.params["wait"]:
            item.steps.append(WaitGone(entry))
    return True


def plan(module, item):
    """Look the entry up (one filtered call) and decide what to do; fails before anything is changed."""
    item.before = find(module, item.table_id, item.cidr)
    item.current_id = (item.before or {}).get("RouteEntryId")
    item.changed = (plan_present if module.params["state"] == "present" else plan_absent)(module, item)


# ---------------------------------------------------------------------------------------------------------------
# apply: per table one item after the other, the tables side by side

def run_step(module, item, step):
    """Run one mutating step of an item (a wait step is wait_together's)."""
    if isinstance(step, Create):
        create(module, item)
    elif isinstance(step, Delete):
        delete(module, item, step.entry)
    else:
        raise TypeError("%snot a step apply() runs: %r" % (item.label, step))


def apply(module, items):
    """Run every item's steps in waves. Each round, each table's current item runs its steps up to its next wait (or
    its end); then one wait serves every table. The entries of one table follow each other (the router takes one
    route task at a time); those of different tables are created or deleted together and waited for together."""
    queues = []
    for item in items:
        queue = next((q for q in queues if q[0].table_id == item.table_id), None)
        if queue is None:
            queues.append([item])
        else:
            queue.append(item)
    while any(queues):
        waiting = []
        for queue in queues:
            while queue and not queue[0].steps:
                queue.pop(0)
            if not queue:
                continue
            item = queue[0]
            while item.steps and not isinstance(item.steps[0], WAITS):
                run_step(module, item, item.steps.pop(0))
            if item.steps:
                waiting.append(item)
            else:
                queue.pop(0)  # done (wait=false): the table's next item starts in the next wave
        if waiting:
            wait_together(module, waiting)


# ---------------------------------------------------------------------------------------------------------------
# the two forms

def normalize_cidr(value, option):
    """The parser raises ValueError (as ipaddress does, for the filters too); here it is the module's error."""
    try:
        return rt.normalize_cidr(value, option=option)
    except ValueError as exc:
        raise AlicloudError(str(exc)) from None


def parse_next_hops(module, item, hops, option):
    """The item's next_hops (None: not given) as the API's NextHopList; a parser's ValueError is the module's
    error."""
    if hops is None:
        return
    if module.params["router_type"] == "VBR" and not item.table_id:
        raise item.error("%s: an ECMP route (NextHopList) is only possible in a VPC route table, not in the VBR "
                         "table of router_id %s" % (option, module.params["router_id"]))
    try:
        item.spec["next_hops"] = rt.parse_next_hops(hops, option)
    except ValueError as exc:
        raise item.error(str(exc)) from None


def single_item(module):
    """The single-entry form: the item of destination_cidr_block (option rules as the argument spec had them)."""
    params = module.params
    given = dict((option, value) for option, value in params.items() if value is not None)
    for check, rule in ((check_required_one_of, [("route_table_id", "router_id")]),
                        (check_required_if, [("state", "present", ["next_hop_id", "next_hops"], True)])):
        try:
            check(rule, given)
        except TypeError as exc:
            raise AlicloudError(str(exc)) from None
    cidr = normalize_cidr(params["destination_cidr_block"], "destination_cidr_block")
    item = Item(params, cidr, table_id=params["route_table_id"])
    parse_next_hops(module, item, params["next_hops"], "next_hops")
    item.table_id = resolve_table(module)
    return item


def list_items(module):
    """The list form: every item validated (CIDR, next hop, table, duplicates) before any call, tables resolved."""
    params = module.params
    items = []
    for index, route in enumerate(params["routes"]):
        label = "routes[%d]: " % index
        cidr = normalize_cidr(route["destination_cidr_block"], "routes[%d].destination_cidr_block" % index)
        item = Item(route, cidr, table_id=route.get("route_table_id") or params["route_table_id"], label=label)
        if params["state"] == "present" and not route.get("next_hop_id") and not route.get("next_hops"):
            raise item.error("next_hop_id is required when state=present, unless next_hops is given")
        parse_next_hops(module, item, route.get("next_hops"), "routes[%d].next_hops" % index)
        if not item.table_id and not params["router_id"]:
            raise item.error("no route_table_id; set it on the item, or route_table_id or router_id on the task")
        items.append(item)
    check_duplicates(module, items, lambda item: item.table_id or "the table of %s" % params["router_id"])
    if any(not item.table_id for item in items):
        table_id = resolve_table(module)
        for item in items:
            item.table_id = item.table_id or table_id
        check_duplicates(module, items, lambda item: item.table_id)
    return items


def check_duplicates(module, items, table_of):
    seen = {}
    for index, item in enumerate(items):
        key = (table_of(item), item.cidr)
        if key in seen:
            raise item.error("destination_cidr_block %s in %s is also routes[%d]; each (route table, destination) "
                             "may be given once" % (item.cidr, key[0], seen[key]))
        seen[key] = index


def run(module):
    """The module's result; raises AlicloudError to fail it."""
    params = module.params
    single = params["routes"] is None
    items = [single_item(module)] if single else list_items(module)
    for item in items:
        plan(module, item)
    apply(module, items)

    if single:
        item = items[0]
        route_entry_id, route_entry = item.result()
        result = dict(changed=item.changed, route_entry=route_entry, route_entry_id=route_entry_id,
                      route_table_id=item.table_id)
        if module._diff:
            before, after = item.diff()
            result["diff"] = {"before": before, "after": after}
    else:
        result = dict(changed=any(item.changed for item in items),
                      route_entries=[dict(item.result()[1], changed=item.changed) for item in items])
        if module._diff:
            # One before/after pair per item: Ansible's diff callbacks take a list of such dicts, not lists.
            result["diff"] = [dict(zip(("before", "after"), item.diff()), before_header=item.header(),
                                   after_header=item.header()) for item in items]
    return result


def next_hops_spec():
    """The next_hops option, the same on the task and on an item of routes (rules: rt.parse_next_hops)."""
    return dict(type="list", elements="dict", options=dict(
        next_hop_id=dict(type="str", required=True),
        next_hop_type=dict(type="str", default=rt.NEXT_HOP_LIST_TYPE, choices=[rt.NEXT_HOP_LIST_TYPE]),
        weight=dict(type="int", default=rt.DEFAULT_WEIGHT),
    ))


def main():
    argument_spec = dict(
        state=dict(type="str", default="present", choices=["present", "absent"]),
        route_table_id=dict(type="str"),
        router_id=dict(type="str"),
        router_type=dict(type="str", choices=rt.ROUTER_TYPES),
        destination_cidr_block=dict(type="str", aliases=["cidr_block"]),
        next_hop_type=dict(type="str", default="RouterInterface", choices=rt.NEXT_HOP_TYPES),
        next_hop_id=dict(type="str"),
        next_hops=next_hops_spec(),
        name=dict(type="str"),
        description=dict(type="str"),
        routes=dict(type="list", elements="dict", options=dict(
            destination_cidr_block=dict(type="str", required=True, aliases=["cidr_block"]),
            next_hop_type=dict(type="str", default="RouterInterface", choices=rt.NEXT_HOP_TYPES),
            next_hop_id=dict(type="str"),
            next_hops=next_hops_spec(),
            route_table_id=dict(type="str"),
            name=dict(type="str"),
            description=dict(type="str"),
        ), mutually_exclusive=[("next_hops", "next_hop_id"), ("next_hops", "next_hop_type")]),
        replace=dict(type="bool", default=False),
    )
    module = AlicloudModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        wait=True,
        # Checked before defaults are set: next_hop_type means "given by the user" here.
        mutually_exclusive=[("route_table_id", "router_id"), ("destination_cidr_block", "routes"),
                            ("routes", "next_hop_type"), ("routes", "next_hop_id"), ("routes", "next_hops"),
                            ("routes", "name"), ("routes", "description"), ("next_hops", "next_hop_id"),
                            ("next_hops", "next_hop_type")],
        required_one_of=[("destination_cidr_block", "routes")],
        required_together=[("router_id", "router_type")],
        # routes.destination_cidr_block is required, so checked too; routes: [] manages nothing.
        not_empty=("route_table_id", "router_id", "destination_cidr_block", "next_hop_id", "next_hops", "name",
                   "description", "routes.route_table_id", "routes.next_hop_id", "routes.next_hops", "routes.name",
                   "routes.description"),
    )
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()

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
short_description: Manage a custom route entry in a VPC or VBR route table
version_added: 0.1.0
description:
  - Creates or deletes one custom route entry in an Alibaba Cloud route table, for example the route in a
    virtual border router (VBR) table that sends traffic to a router interface, or the route in a VPC
    table that sends traffic for the data centre's CIDR block to the VPC's router interface.
  - A route entry is identified by its table and its destination CIDR block (there is at most one entry per
    destination in a table). The lookup is one filtered API call, whatever the size of the table.
  - An entry with the same destination but another next hop is never adopted silently. The module fails and
    names the existing next hop, unless O(replace=true).
  - The API offers no way (in the calls this collection uses) to modify an existing entry. O(name) and
    O(description) are therefore set at creation only. When they are given and differ from the existing entry,
    the module fails with "cannot be changed after creation", unless O(replace=true), which recreates the entry.
  - Creating or deleting an entry is refused by the API while another entry of the same table is C(Pending).
    The module retries until the table is free (error code C(IncorrectRouteEntryStatus)).
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
      - Mutually exclusive with O(router_id). One of the two is required.
    type: str
  router_id:
    description:
      - ID of a vRouter (C(vrt-...)) or a VBR (C(vbr-...)) whose B(system) route table holds the entry.
      - Requires O(router_type). Mutually exclusive with O(route_table_id).
      - Costs one extra API call (DescribeRouteTableList) to find the table.
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
    type: str
    required: true
    aliases: [cidr_block]
  next_hop_type:
    description:
      - Type of the next hop.
      - In a VBR table the next hop must be a C(RouterInterface) of that VBR.
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
    type: str
  name:
    description:
      - Name of the route entry (C(RouteEntryName)), 1 to 128 characters. Set at creation only, see above.
    type: str
  description:
    description:
      - Description of the route entry, 1 to 256 characters. Set at creation only, see above.
    type: str
  replace:
    description:
      - When an entry for the destination exists with another next hop, or with another O(name) or
        O(description), delete it (waiting until it is gone) and create the requested one.
      - Traffic to the destination is not routed between the delete and the create.
      - When false, such a difference fails the task and nothing is changed.
    type: bool
    default: false
notes:
  - With O(wait=true) (the default) the module waits until a new entry is C(Available), and until a deleted
    entry is gone. With O(replace=true) it always waits for the old entry to be gone before creating the new one.
  - Only C(Available) entries can be deleted, so an entry that is still C(Pending) is waited for before it is deleted
    or replaced (whatever O(wait) says).
  - System routes (type C(System)) cannot be deleted or replaced; the module fails clearly instead of trying.
  - Supports check mode and diff mode. The diff shows the managed attributes (C(route_table_id),
    C(destination_cidr_block), C(next_hop_type), C(next_hop_id), C(route_entry_name), C(description)).
seealso:
  - module: aliyun.express_connect.ali_route_table_info
  - module: aliyun.express_connect.ali_router_interface
  - module: aliyun.express_connect.ali_vbr
extends_documentation_fragment:
  - aliyun.express_connect.alicloud
  - aliyun.express_connect.alicloud.WAIT
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

- name: Remove the route, but only if it still points to our interface
  aliyun.express_connect.ali_route_entry:
    route_table_id: vtb-bp1example
    destination_cidr_block: 192.168.0.0/16
    next_hop_id: ri-bp1example
    state: absent
"""

RETURN = r"""
route_entry_id:
  description:
    - ID of the route entry (for O(state=absent), of the entry that was deleted).
    - Null in check mode when the entry would be created, and when no entry exists.
  returned: always
  type: str
  sample: rte-bp1mnnr2al0naomnpxxx
route_table_id:
  description: ID of the route table that holds (or would hold) the entry.
  returned: always
  type: str
  sample: vtb-bp1example
route_entry:
  description:
    - The route entry as DescribeRouteEntryList returns it, with its keys in snake_case and the list wrappers
      removed, plus C(next_hop_id) and C(next_hop_type) of its (single) next hop.
    - Empty when, after the run, no entry exists for the destination.
    - In check mode, the predicted entry.
  returned: always
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
      description: Type of the next hop.
      type: str
      sample: RouterInterface
    next_hop_id:
      description: ID of the next hop.
      type: str
      sample: ri-bp1example
    next_hops:
      description: All next hops of the entry (more than one for an ECMP route).
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
"""

import uuid

from ansible_collections.aliyun.express_connect.plugins.module_utils.client import AlicloudApiError
from ansible_collections.aliyun.express_connect.plugins.module_utils.module import AlicloudModule
from ansible_collections.aliyun.express_connect.plugins.module_utils import route_table as rt
from ansible_collections.aliyun.express_connect.plugins.module_utils import router_interface as ri
from ansible_collections.aliyun.express_connect.plugins.module_utils.retry import NEXT_HOP_NOT_CONNECTED


def managed_view(entry):
    """The attributes this module manages, for diff mode ("" and None both mean unset)."""
    if not entry:
        return {}
    hops = rt.next_hops(entry)
    hop = hops[0] if len(hops) == 1 else {}
    return {
        "route_table_id": entry.get("RouteTableId"),
        "destination_cidr_block": entry.get("DestinationCidrBlock"),
        "next_hop_type": hop.get("NextHopType"),
        "next_hop_id": hop.get("NextHopId"),
        "route_entry_name": entry.get("RouteEntryName") or None,
        "description": entry.get("Description") or None,
    }


def wanted_entry(params, table_id, cidr, route_entry_id=None, status="Available"):
    """The entry the parameters ask for, in the API's names (check mode prediction, wait=false)."""
    return {
        "RouteEntryId": route_entry_id,
        "RouteTableId": table_id,
        "DestinationCidrBlock": cidr,
        "NextHops": {"NextHop": [{"NextHopType": params["next_hop_type"], "NextHopId": params["next_hop_id"]}]},
        "RouteEntryName": params["name"],
        "Description": params["description"],
        "Status": status,
        "Type": "Custom",
    }


def resolve_table(module):
    params = module.params
    if params["route_table_id"]:
        return params["route_table_id"]
    table = rt.find_system_route_table(module.client, params["router_id"], params["router_type"])
    if not table:
        module.fail_json(msg="No system route table found for %s %s (is router_id right and router_type %s?)"
                         % (params["router_type"], params["router_id"], params["router_type"]))
    return table["RouteTableId"]


def find(module, table_id, cidr, route_entry_id=None, include_deleting=True):
    try:
        return rt.find_route_entry(module.client, table_id, cidr, route_entry_id=route_entry_id,
                                   include_deleting=include_deleting)
    except LookupError as exc:
        module.fail_json(msg=str(exc))


def describe(route_entry_id, table_id, cidr):
    return "route entry %s(%s in %s)" % (route_entry_id + " " if route_entry_id else "", cidr, table_id)


def wait_gone(module, table_id, cidr, entry):
    what = describe(entry.get("RouteEntryId"), table_id, cidr)
    module.wait(lambda: find(module, table_id, cidr, entry.get("RouteEntryId")), what, gone=True)


def wait_available(module, table_id, cidr, route_entry_id):
    what = describe(route_entry_id, table_id, cidr)
    return module.wait(lambda: find(module, table_id, cidr, route_entry_id, include_deleting=False),
                       what, statuses="Available")


def delete(module, table_id, cidr, entry):
    """Delete an existing entry, first waiting out a transition it is in (only Available entries can be deleted)."""
    if entry.get("Status") in rt.TRANSIENT_STATUSES:
        wait_available(module, table_id, cidr, entry.get("RouteEntryId"))
    rt.delete_route_entry(module.client, dict(entry, RouteTableId=entry.get("RouteTableId") or table_id),
                          timeout=module.params["wait_timeout"])


def wait_next_hop_connected(module, refusal):
    """After a refusal because the next-hop interface is not connected: wait while it is connecting, else fail."""
    hop_id = module.params["next_hop_id"]
    item = ri.get_live(module.client, hop_id)
    status = item.get("Status") if item else "not found"
    if status not in ri.UNSETTLED:
        module.fail_json(msg="next_hop_id %s is %s: a route can only point at a connected (Active) router interface; "
                         "connect it first (aliyun.express_connect.ali_ri_connection). %s" % (hop_id, status, refusal),
                         error=dict(code=refusal.code, message=refusal.message, request_id=refusal.request_id))
    ri.wait_status(module, hop_id, "Active")


def create(module, table_id, cidr):
    params = module.params
    token = str(uuid.uuid4())  # one logical create, also across the wait for the next hop

    def attempt():
        return rt.create_route_entry(module.client, table_id, cidr, params["next_hop_type"], params["next_hop_id"],
                                     name=params["name"], description=params["description"],
                                     timeout=params["wait_timeout"], client_token=token)
    try:
        response = attempt()
    except AlicloudApiError as err:
        if err.code not in NEXT_HOP_NOT_CONNECTED:
            raise
        wait_next_hop_connected(module, err)
        response = attempt()
    route_entry_id = response.get("RouteEntryId")
    if params["wait"]:
        return wait_available(module, table_id, cidr, route_entry_id)
    return wanted_entry(params, table_id, cidr, route_entry_id, status="Pending")


def immutable_differences(params, entry):
    differences = []
    for option, key in (("name", "RouteEntryName"), ("description", "Description")):
        if params[option] is not None and params[option] != (entry.get(key) or None):
            differences.append("%s cannot be changed after creation (is %r, requested %r)"
                               % (option, entry.get(key) or None, params[option]))
    return differences


def ensure_present(module, table_id, cidr, entry):
    params = module.params
    if entry and entry.get("Status") in rt.DELETING_STATUSES:
        if not module.check_mode:
            wait_gone(module, table_id, cidr, entry)
        entry = None
    if entry:
        same_hop = rt.points_to(entry, params["next_hop_id"], params["next_hop_type"])
        differences = immutable_differences(params, entry)
        if same_hop and not differences:
            if params["wait"] and not module.check_mode and entry.get("Status") != "Available":
                entry = wait_available(module, table_id, cidr, entry.get("RouteEntryId"))
            return False, entry
        if entry.get("Type") == "System":
            module.fail_json(msg="destination_cidr_block %s in route table %s is a system route (next hop %s); "
                                 "it cannot be replaced" % (cidr, table_id, rt.describe_next_hop(entry)))
        if not params["replace"]:
            if not same_hop:
                module.fail_json(
                    msg="destination_cidr_block %s in route table %s already routes to %s (route entry %s), not to "
                        "%s %s; set replace=true to replace that entry"
                        % (cidr, table_id, rt.describe_next_hop(entry), entry.get("RouteEntryId"),
                           params["next_hop_type"], params["next_hop_id"]),
                    route_entry=rt.normalize_route_entry(entry))
            module.fail_json(msg="; ".join(differences) + " (route entry %s; set replace=true to recreate it)"
                             % entry.get("RouteEntryId"), route_entry=rt.normalize_route_entry(entry))
        if module.check_mode:
            return True, wanted_entry(params, table_id, cidr)
        delete(module, table_id, cidr, entry)
        wait_gone(module, table_id, cidr, entry)
    elif module.check_mode:
        return True, wanted_entry(params, table_id, cidr)
    return True, create(module, table_id, cidr)


def ensure_absent(module, table_id, cidr, entry):
    params = module.params
    if not entry:
        return False, None
    if entry.get("Status") in rt.DELETING_STATUSES:
        if params["wait"] and not module.check_mode:
            wait_gone(module, table_id, cidr, entry)
        return False, None
    if params["next_hop_id"] and not rt.points_to(entry, params["next_hop_id"]):
        module.warn("Route entry %s for %s in %s points to %s, not to %s; left alone"
                    % (entry.get("RouteEntryId"), cidr, table_id, rt.describe_next_hop(entry), params["next_hop_id"]))
        return False, entry
    if entry.get("Type") == "System":
        module.fail_json(msg="destination_cidr_block %s in route table %s is a system route; it cannot be deleted"
                         % (cidr, table_id))
    if module.check_mode:
        return True, None
    delete(module, table_id, cidr, entry)
    if params["wait"]:
        wait_gone(module, table_id, cidr, entry)
    return True, None


def run(module):
    params = module.params
    try:
        cidr = rt.normalize_cidr(params["destination_cidr_block"])
    except ValueError as exc:
        module.fail_json(msg=str(exc))

    table_id = resolve_table(module)
    before = find(module, table_id, cidr)

    if params["state"] == "present":
        changed, after = ensure_present(module, table_id, cidr, before)
    else:
        changed, after = ensure_absent(module, table_id, cidr, before)

    if after is None:
        route_entry_id = (before or {}).get("RouteEntryId") if changed else None
    else:
        route_entry_id = after.get("RouteEntryId")
    result = dict(
        changed=changed,
        route_entry=rt.normalize_route_entry(after),
        route_entry_id=route_entry_id,
        route_table_id=table_id,
    )
    if module._diff:
        visible = before if before and before.get("Status") not in rt.DELETING_STATUSES else None
        result["diff"] = {"before": managed_view(visible), "after": managed_view(after)}
    module.exit_json(**result)


def main():
    argument_spec = dict(
        state=dict(type="str", default="present", choices=["present", "absent"]),
        route_table_id=dict(type="str"),
        router_id=dict(type="str"),
        router_type=dict(type="str", choices=rt.ROUTER_TYPES),
        destination_cidr_block=dict(type="str", required=True, aliases=["cidr_block"]),
        next_hop_type=dict(type="str", default="RouterInterface", choices=rt.NEXT_HOP_TYPES),
        next_hop_id=dict(type="str"),
        name=dict(type="str"),
        description=dict(type="str"),
        replace=dict(type="bool", default=False),
    )
    module = AlicloudModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        wait=True,
        mutually_exclusive=[("route_table_id", "router_id")],
        required_one_of=[("route_table_id", "router_id")],
        required_together=[("router_id", "router_type")],
        required_if=[("state", "present", ["next_hop_id"])],
    )
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()

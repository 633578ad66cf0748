#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2025, aliyun.express_connect contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: ali_route_table_info
short_description: Gather information about the route tables of a VPC vRouter or a VBR, with their entries
version_added: 0.1.0
description:
  - Returns route tables, selected by ID or by the router they belong to, each with all of its route entries.
  - This is how to find the route table of a virtual border router (VBR), for use with
    M(aliyun.express_connect.ali_route_entry).
  - Follows every page of DescribeRouteTableList and every NextToken page of DescribeRouteEntryList.
  - Read-only; never reports a change.
author:
  - Express Connect collection maintainers (@aliyun)
options:
  route_table_id:
    description:
      - ID of the route table (C(vtb-...)).
      - Without O(router_type), VRouter tables are searched first, then VBR tables (one more call, only when
        the first finds nothing).
      - One of O(route_table_id) and O(router_id) is required.
    type: str
  router_id:
    description:
      - ID of the vRouter (C(vrt-...)) or VBR (C(vbr-...)) whose tables to return, or a list of them (one
        DescribeRouteTableList each, in one task; for example a VBR and the vRouter it connects to).
    type: list
    elements: str
  router_type:
    description:
      - Type of the router the tables belong to. With O(router_id) it defaults to what each ID's prefix says
        (C(vbr-) a VBR, C(vrt-) a vRouter), and is required for an ID without either prefix.
      - With O(route_table_id) it narrows the search to that type (and saves the second call described there).
    type: str
    choices: [VRouter, VBR]
  route_table_type:
    description:
      - Only return tables of this type. By default every table of the router is returned.
    type: str
    choices: [System, Custom]
  route_entry_type:
    description:
      - Only return route entries of this type (for example C(Custom) to leave out the system routes).
        By default every entry is returned.
    type: str
    choices: [Custom, System, BGP, CEN, ECR]
  include_entries:
    description:
      - Whether to read the route entries of each table (DescribeRouteEntryList, all pages). With V(false) only
        the tables are returned (one call per router), each with an empty C(route_entries) list.
    type: bool
    default: true
notes:
  - Every filter given must have a value. An empty string, an empty list, an empty element of a list or null is
    refused, naming the option, before any API call; a filter is never dropped, which would widen the result.
  - A table that does not exist is not an error; the result is then an empty list.
seealso:
  - module: aliyun.express_connect.ali_route_entry
  - module: aliyun.express_connect.ali_vbr_info
extends_documentation_fragment:
  - aliyun.express_connect.alicloud
  - aliyun.express_connect.alicloud.INFO_ATTRIBUTES
"""

EXAMPLES = r"""
- name: Find the route table of a VBR
  aliyun.express_connect.ali_route_table_info:
    router_id: "{{ vbr.vbr_id }}"
    router_type: VBR
  register: vbr_tables

- name: Use it
  aliyun.express_connect.ali_route_entry:
    route_table_id: "{{ vbr_tables.ids[0] }}"
    destination_cidr_block: 172.16.0.0/12
    next_hop_id: "{{ vbr_ri.router_interface_id }}"

- name: The custom routes of a VBR and of the vRouter it connects to, in one task
  aliyun.express_connect.ali_route_table_info:
    router_id:
      - "{{ vbr.vbr_id }}"
      - vrt-bp1example
    route_entry_type: Custom

- name: Only the ID of a vRouter's system table (one call, no entries read)
  aliyun.express_connect.ali_route_table_info:
    router_id: vrt-bp1example
    route_table_type: System
    include_entries: false

- name: The custom routes of a VPC's system table
  aliyun.express_connect.ali_route_table_info:
    router_id: vrt-bp1example
    router_type: VRouter
    route_table_type: System
    route_entry_type: Custom
  register: vpc_tables

- name: One table by ID
  aliyun.express_connect.ali_route_table_info:
    route_table_id: vtb-bp1example
"""

RETURN = r"""
ids:
  description: IDs of the route tables found.
  returned: always
  type: list
  elements: str
  sample: [vtb-bp1example]
route_tables:
  description:
    - The route tables, as DescribeRouteTableList returns them, keys in snake_case and list wrappers removed.
  returned: always
  type: list
  elements: dict
  contains:
    route_table_id:
      description: ID of the table.
      type: str
      sample: vtb-bp1example
    route_table_type:
      description: C(System) or C(Custom).
      type: str
      sample: System
    route_table_name:
      description: Name of the table.
      type: str
      sample: ""
    router_id:
      description: ID of the vRouter or VBR the table belongs to.
      type: str
      sample: vbr-bp1example
    router_type:
      description: C(VRouter) or C(VBR).
      type: str
      sample: VBR
    vpc_id:
      description: ID of the VPC (VRouter tables).
      type: str
      sample: vpc-bp1example
    status:
      description: Status of the table.
      type: str
      sample: Available
    v_switch_ids:
      description: vSwitches associated with the table.
      type: list
      elements: str
      sample: [vsw-bp1example]
    tags:
      description: Tags of the table, as a dict.
      type: dict
      sample: {}
    route_entries:
      description:
        - Every route entry of the table (all NextToken pages), in the same form as the C(route_entry) return
          value of M(aliyun.express_connect.ali_route_entry) (with C(next_hop_id) and C(next_hop_type), null for an
          ECMP entry, whose next hops with their C(weight) and C(enabled) are under C(next_hops)).
      type: list
      elements: dict
      sample:
        - route_entry_id: rte-bp1example
          route_table_id: vtb-bp1example
          destination_cidr_block: 192.168.0.0/16
          next_hop_type: RouterInterface
          next_hop_id: ri-bp1example
          status: Available
          type: Custom
"""

from ansible_collections.aliyun.express_connect.plugins.module_utils.errors import AlicloudError
from ansible_collections.aliyun.express_connect.plugins.module_utils.module import AlicloudModule
from ansible_collections.aliyun.express_connect.plugins.module_utils import lookup
from ansible_collections.aliyun.express_connect.plugins.module_utils import route_table as rt
from ansible_collections.aliyun.express_connect.plugins.module_utils import router_interface as ri


def router_types(module):
    """[(router_id, router_type)] for the routers asked for; raises AlicloudError when a type can be neither given
    nor inferred."""
    routers = []
    for router_id in module.params["router_id"]:
        router_type = module.params["router_type"] or ri.router_type_of(router_id)
        if not router_type:
            raise AlicloudError("router_type is required: router_id %s starts with neither vbr- nor vrt-" % router_id)
        routers.append((router_id, router_type))
    return routers


def find_tables(module):
    params = module.params
    client = module.client
    query = dict(route_table_id=params["route_table_id"], route_table_type=params["route_table_type"])
    if params["router_id"]:
        return [table for router_id, router_type in router_types(module)
                for table in rt.describe_route_tables(client, router_id=router_id, router_type=router_type, **query)]
    if params["router_type"]:
        return rt.describe_route_tables(client, router_type=params["router_type"], **query)
    # Only route_table_id given: the API defaults RouterType to VRouter, so look at VBR tables too.
    return (rt.describe_route_tables(client, **query)
            or rt.describe_route_tables(client, router_type="VBR", **query))


def run(module):
    """The module's result; raises AlicloudError to fail it."""
    params = module.params
    route_tables = []
    for table in find_tables(module):
        entries = []
        if params["include_entries"]:
            entries = lookup.route_entries(module.client, table["RouteTableId"], RouteEntryType=params["route_entry_type"])
        route_tables.append(rt.normalize_route_table(table, entries))
    return dict(changed=False, route_tables=route_tables, ids=[t["route_table_id"] for t in route_tables])


def main():
    argument_spec = dict(
        route_table_id=dict(type="str"),
        router_id=dict(type="list", elements="str"),
        router_type=dict(type="str", choices=rt.ROUTER_TYPES),
        route_table_type=dict(type="str", choices=["System", "Custom"]),
        route_entry_type=dict(type="str", choices=["Custom", "System", "BGP", "CEN", "ECR"]),
        include_entries=dict(type="bool", default=True),
    )
    module = AlicloudModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        wait=False,
        required_one_of=[("route_table_id", "router_id")],
        filters=("route_table_id", "router_id", "router_type", "route_table_type", "route_entry_type"),
    )
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the aliyun.express_connect collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: ali_router_interface_info
short_description: List Alibaba Cloud router interfaces (Express Connect)
version_added: 0.1.0
description:
  - Lists the router interfaces of the region that match every filter given (filters are ANDed; the values of a
    list filter are ORed), following every page of DescribeRouterInterfaces.
  - Read-only; never reports a change.
  - An interface with a health check also carries its C(health_check_status), one DescribeRouterInterfaceAttribute
    call for each such interface (none for the others). This shows which line of a redundant interconnect is down.
    O(include_health=false) skips those calls.
author:
  - Express Connect collection maintainers (@aliyun)
options:
  router_interface_ids:
    description:
      - Only these router interfaces (C(ri-...)). Any number of IDs; they are queried five at a time.
    type: list
    elements: str
    aliases: [ids]
  router_id:
    description:
      - Only the interfaces of this router (a VBR C(vbr-...) or a vRouter C(vrt-...)), or of any of these routers
        (a list of up to five).
      - With the same two routers in O(router_id) and O(opposite_router_id), one call lists the interfaces between
        them in both directions.
    type: list
    elements: str
  router_type:
    description: Only the interfaces on this type of router.
    type: str
    choices: [VBR, VRouter]
  opposite_router_id:
    description: Only the interfaces whose opposite router is this one, or any of these (a list of up to five).
    type: list
    elements: str
  opposite_interface_id:
    description: Only the interface whose opposite interface is this one.
    type: str
  status:
    description: Only the interfaces in this status.
    type: str
    choices: [Idle, Connecting, AcceptingConnecting, Active, Activating, Deactivating, Inactive, Modifying, Deleting]
  name:
    description: Only the interfaces with this name.
    type: str
  include_health:
    description:
      - Read the C(health_check_status) of each interface with a health check (one DescribeRouterInterfaceAttribute
        call each).
      - V(false) makes no such call and returns no C(health_check_status), for a caller that needs only the
        interfaces themselves (the interconnect role's ownership check).
    type: bool
    default: true
    version_added: 0.5.0
notes:
  - Every filter given must have a value. An empty string, an empty list, an empty element of a list or null is
    refused, naming the option, before any API call; a filter is never dropped, which would widen the result.
    O(tags={}) asks for no tag, so it matches every interface.
  - Supports check mode (it makes the same read calls).
seealso:
  - module: aliyun.express_connect.ali_router_interface
  - module: aliyun.express_connect.ali_ri_connection
extends_documentation_fragment:
  - aliyun.express_connect.alicloud
  - aliyun.express_connect.tags.FILTER
  - aliyun.express_connect.alicloud.INFO_ATTRIBUTES
"""

EXAMPLES = r"""
- name: All router interfaces of a VBR
  aliyun.express_connect.ali_router_interface_info:
    router_id: "{{ vbr.vbr_id }}"
  register: vbr_interfaces

- name: The Active interfaces between a VBR and a vRouter
  aliyun.express_connect.ali_router_interface_info:
    router_id: "{{ vbr.vbr_id }}"
    opposite_router_id: vrt-bp1example
    status: Active

- name: The interfaces between a VBR and a vRouter, both ways, with one call
  aliyun.express_connect.ali_router_interface_info:
    router_id: ["{{ vbr.vbr_id }}", vrt-bp1example]
    opposite_router_id: ["{{ vbr.vbr_id }}", vrt-bp1example]

- name: The interfaces tagged env=prod
  aliyun.express_connect.ali_router_interface_info:
    tags:
      env: prod

- name: Some interfaces by ID
  aliyun.express_connect.ali_router_interface_info:
    router_interface_ids:
      - ri-bp1first
      - ri-bp1second
  register: found

- name: The health of every line toward a VPC (the interfaces with a health check)
  aliyun.express_connect.ali_router_interface_info:
    router_id: vrt-bp1example
    opposite_router_id: ["{{ vbr1.vbr_id }}", "{{ vbr2.vbr_id }}"]
  register: lines

- name: Show each line's health
  ansible.builtin.debug:
    msg: "{{ lines.router_interfaces | selectattr('health_check_status', 'defined')
             | items2dict(key_name='router_interface_id', value_name='health_check_status') }}"

- name: Show their statuses
  ansible.builtin.debug:
    msg: "{{ found.router_interfaces | items2dict(key_name='router_interface_id', value_name='status') }}"
"""

RETURN = r"""
ids:
  description: IDs of the router interfaces found.
  returned: always
  type: list
  elements: str
  sample: [ri-bp1first, ri-bp1second]
router_interfaces:
  description:
    - The router interfaces found, as DescribeRouterInterfaces returns them, keys in snake_case.
    - See M(aliyun.express_connect.ali_router_interface) for the main keys.
    - C(tags) is a dict of the interface's tags, keys kept exactly as they are (not converted to snake_case).
    - C(health_check_status) (C(Normal), C(Abnormal) or C(NoRedundantRoute)), only for an interface with a health
      check and with O(include_health=true), as M(aliyun.express_connect.ali_router_interface) returns it.
  returned: always
  type: list
  elements: dict
  sample:
    - router_interface_id: ri-bp1first
      name: vbr-to-vpc
      status: Active
      role: InitiatingSide
      spec: Large.2
      router_id: vbr-bp1example
      router_type: VBR
      opposite_router_id: vrt-bp1example
      opposite_router_type: VRouter
      opposite_interface_id: ri-bp1second
      tags: {env: prod}
"""

from ansible_collections.aliyun.express_connect.plugins.module_utils.module import AlicloudModule
from ansible_collections.aliyun.express_connect.plugins.module_utils import router_interface as ri
from ansible_collections.aliyun.express_connect.plugins.module_utils import tagging

FILTERS = (
    ("router_id", "RouterId"), ("router_type", "RouterType"), ("opposite_router_id", "OppositeRouterId"),
    ("opposite_interface_id", "OppositeInterfaceId"), ("status", "Status"), ("name", "Name"),
)


def run(module):
    """The module's result; raises AlicloudError to fail it."""
    p = module.params
    # Every filter given is applied: an empty one is refused by AlicloudModule, never dropped.
    filters = dict((field, p[option]) for option, field in FILTERS if p[option] is not None)
    tags = tagging.from_option(p["tags"])
    if p["router_interface_ids"] is not None:
        items = ri.describe_ids(module.client, p["router_interface_ids"], tags=tags, **filters)
    else:
        items = ri.describe(module.client, tags=tags, **filters)
    # Checked here too: a server that ignores the Tags.N filter must not widen the result.
    found = [item for item in items if tagging.matches(item, tags)]
    interfaces = [ri.with_health(module.client, item) if p["include_health"] else ri.normalize(item) for item in found]
    return dict(changed=False, router_interfaces=interfaces, ids=[item["router_interface_id"] for item in interfaces])


def main():
    module = AlicloudModule(
        argument_spec=dict(
            router_interface_ids=dict(type="list", elements="str", aliases=["ids"]),
            router_id=dict(type="list", elements="str"),
            router_type=dict(type="str", choices=ri.ROUTER_TYPES),
            opposite_router_id=dict(type="list", elements="str"),
            opposite_interface_id=dict(type="str"),
            status=dict(type="str", choices=ri.STATUSES),
            name=dict(type="str"),
            include_health=dict(type="bool", default=True),
            **tagging.filter_argument_spec()
        ),
        supports_check_mode=True,
        wait=False,
        # Not tags: {} asks for no tag, so it matches every interface.
        filters=("router_interface_ids",) + tuple(option for option, _field in FILTERS),
    )
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()

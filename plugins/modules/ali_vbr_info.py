#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) aliyun.express_connect contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: ali_vbr_info
short_description: List Alibaba Cloud Express Connect virtual border routers (VBRs)
version_added: 0.1.0
description:
  - Lists the virtual border routers (VBRs) of the region, optionally filtered, following every page of results.
  - Filters are combined with AND. O(vbr_ids), O(physical_connection_id), O(status), O(name) and O(tags) are applied
    by the API; O(vlan_id) is applied by the module (the API has no VLAN filter).
  - Read-only; never reports a change.
author:
  - Express Connect collection maintainers (@aliyun)
options:
  vbr_ids:
    description:
      - Only the VBRs with these IDs (any number; queried five at a time).
    type: list
    elements: str
    aliases: [ids]
  physical_connection_id:
    description:
      - Only the VBRs on this physical connection (C(pc-...)).
    type: str
  vlan_id:
    description:
      - Only the VBRs with this VLAN ID (0 to 2999).
    type: int
  status:
    description:
      - Only the VBRs in this status.
    type: str
    choices: [unconfirmed, active, terminating, terminated, recovering, deleting]
  name:
    description:
      - Only the VBRs with exactly this name.
    type: str
notes:
  - Every filter given must have a value. An empty string, an empty list, an empty element of a list or null is
    refused, naming the option, before any API call; a filter is never dropped, which would widen the result.
    O(tags={}) asks for no tag, so it matches every VBR.
extends_documentation_fragment:
  - aliyun.express_connect.alicloud
  - aliyun.express_connect.tags.FILTER
  - aliyun.express_connect.alicloud.INFO_ATTRIBUTES
"""

EXAMPLES = r"""
- name: All VBRs of the region
  aliyun.express_connect.ali_vbr_info:
  register: all_vbrs

- name: The VBR on VLAN 100 of a physical connection
  aliyun.express_connect.ali_vbr_info:
    physical_connection_id: pc-bp1ciz7ekd2grn1as****
    vlan_id: 100
  register: found

- name: Show its route table
  ansible.builtin.debug:
    msg: "{{ found.vbrs[0].route_table_id }}"
  when: found.vbrs | length > 0

- name: The VBRs tagged env=prod and owner=network
  aliyun.express_connect.ali_vbr_info:
    tags:
      env: prod
      owner: network

- name: Active VBRs by ID
  aliyun.express_connect.ali_vbr_info:
    vbr_ids:
      - vbr-bp1jcg5cmxjbl9xgc****
      - vbr-bp1ppqgmwbxmzzt8i****
    status: active
"""

RETURN = r"""
ids:
  description: IDs of the VBRs found, in the order of RV(vbrs).
  returned: always
  type: list
  elements: str
  sample: [vbr-bp1jcg5cmxjbl9xgc****]
vbrs:
  description: The VBRs found, as the API describes them, in snake_case.
  returned: always
  type: list
  elements: dict
  contains:
    vbr_id:
      description: ID of the VBR.
      type: str
      sample: vbr-bp1jcg5cmxjbl9xgc****
    status:
      description: Status, one of C(unconfirmed), C(active), C(terminating), C(terminated), C(recovering),
        C(deleting).
      type: str
      sample: active
    name:
      description: Name.
      type: str
      sample: office-vbr
    description:
      description: Description.
      type: str
      sample: VBR to the Hangzhou office
    physical_connection_id:
      description: ID of the physical connection.
      type: str
      sample: pc-bp1ciz7ekd2grn1as****
    vlan_id:
      description: VLAN ID.
      type: int
      sample: 100
    vlan_interface_id:
      description: ID of the VBR's VLAN interface (C(ri-...)).
      type: str
      sample: ri-2zeo3xzyf38r4urzd****
    route_table_id:
      description: ID of the VBR's route table (C(vtb-...)).
      type: str
      sample: vtb-bp1vfd0z4rnld2a37****
    access_point_id:
      description: ID of the access point of the physical connection.
      type: str
      sample: ap-cn-hangzhou-xs-B
    local_gateway_ip:
      description: Gateway IP address on the Alibaba Cloud side.
      type: str
      sample: 192.168.100.1
    peer_gateway_ip:
      description: Gateway IP address on the customer side.
      type: str
      sample: 192.168.100.2
    peering_subnet_mask:
      description: Subnet mask of the gateway addresses.
      type: str
      sample: 255.255.255.252
    circuit_code:
      description: Circuit code.
      type: str
      sample: longtel001
    creation_time:
      description: Creation time (UTC).
      type: str
      sample: "2024-01-02T03:04:05Z"
    detect_multiplier:
      description: BFD detection multiplier.
      type: int
      sample: 3
    min_rx_interval:
      description: BFD minimum receive interval (ms).
      type: int
      sample: 1000
    min_tx_interval:
      description: BFD minimum transmit interval (ms).
      type: int
      sample: 1000
    mtu:
      description: MTU.
      type: int
      sample: 1500
    sitelink_enable:
      description: Whether SiteLink is enabled on the VBR (V(false) unless it was turned on).
      type: bool
      sample: false
    tags:
      description: The tags of the VBR as a dict; keys are kept exactly as they are (not converted to snake_case).
      type: dict
      sample: {env: prod, owner: network}
"""

from ansible_collections.aliyun.express_connect.plugins.module_utils import tagging
from ansible_collections.aliyun.express_connect.plugins.module_utils import vbr as vbr_utils
from ansible_collections.aliyun.express_connect.plugins.module_utils.errors import AlicloudError
from ansible_collections.aliyun.express_connect.plugins.module_utils.module import AlicloudModule


def run(module):
    """The module's result; raises AlicloudError to fail it."""
    params = module.params
    tags = tagging.from_option(params["tags"])
    vlan_id = params["vlan_id"]
    if vlan_id is not None and not vbr_utils.VLAN_MIN <= vlan_id <= vbr_utils.VLAN_MAX:
        raise AlicloudError("vlan_id must be between %d and %d, got %d"
                            % (vbr_utils.VLAN_MIN, vbr_utils.VLAN_MAX, vlan_id))
    items = vbr_utils.describe(module.client, vbr_ids=params["vbr_ids"],
                               physical_connection_id=params["physical_connection_id"],
                               status=params["status"], name=params["name"], tags=tags)
    items = vbr_utils.filter_items(items, vlan_id=vlan_id, physical_connection_id=params["physical_connection_id"],
                                   status=params["status"], name=params["name"], tags=tags)
    if params["vbr_ids"] is not None:
        wanted = set(params["vbr_ids"])
        items = [item for item in items if item.get("VbrId") in wanted]
    return dict(changed=False, vbrs=[vbr_utils.normalize(item) for item in items],
                ids=[item.get("VbrId") for item in items])


def main():
    module = AlicloudModule(
        argument_spec=dict(
            vbr_ids=dict(type="list", elements="str", aliases=["ids"]),
            physical_connection_id=dict(type="str"),
            vlan_id=dict(type="int"),
            status=dict(type="str", choices=["unconfirmed", "active", "terminating", "terminated", "recovering",
                                             "deleting"]),
            name=dict(type="str"),
            **tagging.filter_argument_spec()
        ),
        supports_check_mode=True,
        wait=False,
        # Not tags: {} asks for no tag, so it matches every VBR.
        filters=("vbr_ids", "physical_connection_id", "vlan_id", "status", "name"),
    )
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()

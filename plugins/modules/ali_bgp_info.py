#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) aliyun.express_connect contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: ali_bgp_info
short_description: Gather the BGP groups, peers and advertised networks of an Alibaba Cloud Express Connect VBR
version_added: 0.2.0
description:
  - Lists the BGP groups, the BGP peers and the advertised BGP networks of a virtual border router (VBR), every
    page of each followed.
  - The groups' authentication keys are never returned; each group and peer says whether its group has one
    (RV(bgp_groups[].auth_key_set)).
  - Read-only; never reports a change.
author:
  - Express Connect collection maintainers (@aliyun)
options:
  router_id:
    description:
      - ID of the VBR (C(vbr-...)).
      - When not given, the VBR of O(bgp_group_id) is used.
    type: str
  bgp_group_id:
    description:
      - Only this group (C(bgpg-...)) and its peers. The networks, which belong to the VBR, are still all listed.
    type: str
notes:
  - O(router_id) and O(bgp_group_id), when given, must not be empty or null; the module fails naming the option
    before any API call (a filter is never dropped, which would widen the result).
  - Groups, peers and networks in every status are listed, those being deleted included.
seealso:
  - module: aliyun.express_connect.ali_bgp_group
  - module: aliyun.express_connect.ali_bgp_peer
  - module: aliyun.express_connect.ali_bgp_network
extends_documentation_fragment:
  - aliyun.express_connect.alicloud
  - aliyun.express_connect.alicloud.INFO_ATTRIBUTES
"""

EXAMPLES = r"""
- name: Everything BGP on the VBR
  aliyun.express_connect.ali_bgp_info:
    router_id: "{{ vbr.vbr_id }}"
  register: bgp

- name: Fail unless every session is up
  ansible.builtin.assert:
    that: bgp.bgp_peers | rejectattr('bgp_status', 'equalto', 'Established') | list | length == 0

- name: One group and its peers
  aliyun.express_connect.ali_bgp_info:
    bgp_group_id: "{{ bgp_group.bgp_group_id }}"
"""

RETURN = r"""
router_id:
  description: ID of the VBR (V(null) when only O(bgp_group_id) was given and that group does not exist).
  returned: always
  type: str
  sample: vbr-bp1jcg5cmxjbl9xgc****
bgp_groups:
  description: The BGP groups, in snake_case, without their keys; the same fields as M(aliyun.express_connect.ali_bgp_group) returns.
  returned: always
  type: list
  elements: dict
  contains:
    bgp_group_id:
      description: ID of the group.
      type: str
      sample: bgpg-wz9f62v4fbg2g****
    name:
      description: Name.
      type: str
      sample: idc-bgp
    peer_asn:
      description: ASN of the customer's router.
      type: int
      sample: 65001
    local_asn:
      description: ASN of the Alibaba Cloud side.
      type: int
      sample: 45104
    auth_key_set:
      description: Whether the group has an authentication key.
      type: bool
      sample: true
    is_fake:
      description: Whether the local ASN is a fake ASN.
      type: bool
      sample: false
    route_limit:
      description: Maximum number of routes accepted from each peer.
      type: int
      sample: 110
    ip_version:
      description: IP version.
      type: str
      sample: IPv4
    status:
      description: Status.
      type: str
      sample: Available
bgp_peers:
  description: The BGP peers, in snake_case; the same fields as M(aliyun.express_connect.ali_bgp_peer) returns.
  returned: always
  type: list
  elements: dict
  contains:
    bgp_peer_id:
      description: ID of the peer.
      type: str
      sample: bgp-2ze3un0ft1jd1xd****
    bgp_group_id:
      description: ID of its group.
      type: str
      sample: bgpg-wz9f62v4fbg2g****
    peer_ip_address:
      description: IP address of the customer's router.
      type: str
      sample: 192.168.100.2
    enable_bfd:
      description: Whether BFD is enabled.
      type: bool
      sample: false
    bfd_multi_hop:
      description: BFD hop count (0 while BFD is off).
      type: int
      sample: 0
    status:
      description: Status.
      type: str
      sample: Available
    bgp_status:
      description: Status of the BGP session.
      type: str
      sample: Established
    auth_key_set:
      description: Whether the peer's group has an authentication key.
      type: bool
      sample: true
bgp_networks:
  description: The advertised BGP networks of the VBR, in snake_case.
  returned: always
  type: list
  elements: dict
  contains:
    dst_cidr_block:
      description: The advertised CIDR block.
      type: str
      sample: 172.16.0.0/12
    vpc_id:
      description: ID of the VPC, when one was given.
      type: str
      sample: vpc-bp1example
    status:
      description: Status.
      type: str
      sample: Available
"""

from ansible_collections.aliyun.express_connect.plugins.module_utils import bgp
from ansible_collections.aliyun.express_connect.plugins.module_utils.module import AlicloudModule


def run(module):
    """The module's result; raises AlicloudError to fail it."""
    params = module.params
    router_id, group_id = params["router_id"], params["bgp_group_id"]
    groups = bgp.describe_groups(module.client, router_id=router_id, bgp_group_id=group_id)
    if not router_id and groups:
        router_id = groups[0].get("RouterId")
    if router_id:
        peers = bgp.describe_peers(module.client, router_id=router_id, bgp_group_id=group_id)
        networks = bgp.describe_networks(module.client, router_id)
    else:
        peers, networks = [], []
    # Not returned, and masked should anything print them.
    module.no_log_values.update(bgp.secrets(groups + peers))
    return dict(changed=False, router_id=router_id,
                bgp_groups=[bgp.normalize(item) for item in groups],
                bgp_peers=[bgp.normalize(item) for item in peers],
                bgp_networks=[bgp.normalize(item) for item in bgp.sort_networks(networks)])


def main():
    module = AlicloudModule(
        argument_spec=dict(router_id=dict(type="str"), bgp_group_id=dict(type="str")),
        supports_check_mode=True,
        wait=False,
        required_one_of=[("router_id", "bgp_group_id")],
        filters=("router_id", "bgp_group_id"),
    )
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()

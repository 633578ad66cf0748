#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) aliyun.express_connect contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: ali_physical_connection_info
short_description: List Alibaba Cloud Express Connect physical connections
version_added: 0.3.0
description:
  - Lists the physical connections (Express Connect circuits) of the region, optionally filtered, following every
    page of results.
  - Filters are combined with AND; each is applied by the API and checked again on the results.
  - A physical connection that does not exist, or is in another region or account, is not an error; it is simply
    not in the result. Compare RV(ids) with O(physical_connection_ids) to find the missing ones.
  - Read-only; never reports a change.
author:
  - Express Connect collection maintainers (@aliyun)
options:
  physical_connection_ids:
    description:
      - Only the physical connections with these IDs (C(pc-...); any number, queried five at a time).
    type: list
    elements: str
    aliases: [ids]
  status:
    description:
      - Only the physical connections in this status.
    type: str
    choices: [Initial, Approved, Allocating, Allocated, Confirmed, Enabled, Rejected, Canceled, Allocation Failed,
              Terminating, Terminated]
  name:
    description:
      - Only the physical connections with exactly this name.
    type: str
notes:
  - Every filter given must have a value. An empty string, an empty list, an empty element of a list or null is
    refused, naming the option, before any API call; a filter is never dropped, which would widen the result.
  - The MACsec connectivity association keys (CAK) of a circuit are never returned.
seealso:
  - module: aliyun.express_connect.ali_vbr
  - module: aliyun.express_connect.ali_vbr_info
extends_documentation_fragment:
  - aliyun.express_connect.alicloud
  - aliyun.express_connect.alicloud.INFO_ATTRIBUTES
"""

EXAMPLES = r"""
- name: All physical connections of the region
  aliyun.express_connect.ali_physical_connection_info:
  register: all_circuits

- name: The physical connection a VBR is to be built on
  aliyun.express_connect.ali_physical_connection_info:
    physical_connection_ids:
      - pc-bp1ciz7ekd2grn1as****
  register: circuit

- name: Fail unless it exists and is enabled
  ansible.builtin.assert:
    that:
      - circuit.ids == ['pc-bp1ciz7ekd2grn1as****']
      - circuit.physical_connections[0].status == 'Enabled'
    fail_msg: "Physical connection pc-bp1ciz7ekd2grn1as**** not found in the region, or not Enabled"

- name: Enabled circuits with a given name
  aliyun.express_connect.ali_physical_connection_info:
    status: Enabled
    name: hangzhou-office-1
"""

RETURN = r"""
ids:
  description: IDs of the physical connections found, in the order of RV(physical_connections).
  returned: always
  type: list
  elements: str
  sample: [pc-bp1ciz7ekd2grn1as****]
physical_connections:
  description:
    - The physical connections found, with every field the API describes, in snake_case.
    - Fields of features a circuit does not use (hosted connections, pending orders, QoS, MACsec) are empty.
  returned: always
  type: list
  elements: dict
  contains:
    physical_connection_id:
      description: ID of the physical connection.
      type: str
      sample: pc-bp1ciz7ekd2grn1as****
    name:
      description: Name.
      type: str
      sample: hangzhou-office-1
    description:
      description: Description.
      type: str
      sample: Hangzhou office, first line
    status:
      description: Status, one of C(Initial), C(Approved), C(Allocating), C(Allocated), C(Confirmed), C(Enabled),
        C(Rejected), C(Canceled), C(Allocation Failed), C(Terminating), C(Terminated). A VBR can be created only on
        an C(Enabled) one.
      type: str
      sample: Enabled
    business_status:
      description: Payment status, C(Normal), C(FinancialLocked) or C(SecurityLocked).
      type: str
      sample: Normal
    access_point_id:
      description: ID of the access point.
      type: str
      sample: ap-cn-hangzhou-xs-B
    access_point_type:
      description: Type of the access point.
      type: str
      sample: VPC
    type:
      description: Type of the physical connection.
      type: str
      sample: VPC
    product_type:
      description: C(PhysicalConnection) for a dedicated circuit, C(VirtualPhysicalConnection) for a hosted one.
      type: str
      sample: PhysicalConnection
    line_operator:
      description: Carrier, such as C(CT), C(CU), C(CM), C(CO), C(Equinix) or C(Other).
      type: str
      sample: CT
    spec:
      description: Specification.
      type: str
      sample: 1G
    bandwidth:
      description: Bandwidth.
      type: int
      sample: 1000
    port_type:
      description: Port type, such as C(1000Base-LX) or C(10GBase-LR).
      type: str
      sample: 1000Base-LX
    port_number:
      description: Port of the access device.
      type: str
      sample: 1/1/1
    circuit_code:
      description: Circuit code given by the carrier.
      type: str
      sample: longtel001
    ad_location:
      description: Location of the access device.
      type: str
      sample: Hangzhou Xiaoshan access point B
    ad_detail_location:
      description: Detailed location of the access device.
      type: str
      sample: Room 2, cabinet A03
    peer_location:
      description: Location of the data centre end.
      type: str
      sample: Hangzhou Xihu district, office data centre
    redundant_physical_connection_id:
      description: ID of the redundant physical connection, if any.
      type: str
      sample: pc-bp1mrgfbtmc9brre7****
    charge_type:
      description: Billing method.
      type: str
      sample: Prepaid
    creation_time:
      description: Creation time (UTC).
      type: str
      sample: "2024-03-01T08:00:00Z"
    enabled_time:
      description: Time it was enabled (UTC).
      type: str
      sample: "2024-03-05T02:00:00Z"
    end_time:
      description: Expiry time (UTC).
      type: str
      sample: "2025-03-05T16:00:00Z"
    loa_status:
      description: Status of the letter of authorisation (LOA).
      type: str
      sample: Complete
    resource_group_id:
      description: ID of the resource group.
      type: str
      sample: rg-acfmxazb4ph6aiy****
    virtual_physical_connection_count:
      description: Number of hosted connections on the circuit (not the number of VBRs).
      type: int
      sample: 0
    macsec_keys:
      description: The MACsec keys of the circuit, in C(macsec_key), without their CAK.
      type: dict
      sample: {macsec_key: []}
    tags:
      description: The tags of the physical connection as a dict; keys are kept exactly as they are.
      type: dict
      sample: {env: prod}
"""

from ansible_collections.aliyun.express_connect.plugins.module_utils import physical_connection as pc_utils
from ansible_collections.aliyun.express_connect.plugins.module_utils.module import AlicloudModule


def run(module):
    """The module's result; raises AlicloudError to fail it."""
    params = module.params
    items = pc_utils.describe(module.client, physical_connection_ids=params["physical_connection_ids"],
                              status=params["status"], name=params["name"])
    module.no_log_values.update(pc_utils.secrets(items))
    return dict(changed=False, physical_connections=[pc_utils.normalize(item) for item in items],
                ids=[item.get("PhysicalConnectionId") for item in items])


def main():
    module = AlicloudModule(
        argument_spec=dict(
            physical_connection_ids=dict(type="list", elements="str", aliases=["ids"]),
            status=dict(type="str", choices=list(pc_utils.STATUSES)),
            name=dict(type="str"),
        ),
        supports_check_mode=True,
        wait=False,
        filters=("physical_connection_ids", "status", "name"),
    )
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()

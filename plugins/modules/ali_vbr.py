#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) aliyun.express_connect contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: ali_vbr
short_description: Create, modify or delete an Alibaba Cloud Express Connect virtual border router (VBR)
version_added: 0.1.0
description:
  - Creates a virtual border router (VBR) on an Express Connect physical connection, modifies the attributes
    that differ from the requested ones, or deletes it.
  - The VBR is identified by O(vbr_id) or, when it is not given, by its natural key
    O(physical_connection_id) and O(vlan_id). VBRs that are being deleted are ignored by the lookup.
  - Creation uses a client token, so a create whose response was lost and is retried does not make a second VBR.
  - Deletion fails, before any change is made, while router interfaces still exist on the VBR; the message
    names them. When the API refuses the deletion because BGP groups or advertised BGP networks are still on the
    VBR, it fails naming them, unless they are all being deleted, in which case the deletion is retried until
    they are gone (within O(wait_timeout)).
  - All options are validated before any API call.
author:
  - Express Connect collection maintainers (@aliyun)
options:
  state:
    description:
      - V(present) creates the VBR or modifies it to match the given options.
      - V(absent) deletes it; a VBR that does not exist is not an error.
    type: str
    choices: [present, absent]
    default: present
  vbr_id:
    description:
      - ID of an existing VBR (C(vbr-...)).
      - When given, the VBR must exist for O(state=present) (a VBR with a given ID cannot be created), and
        O(vlan_id) can be changed.
      - When not given, O(physical_connection_id) and O(vlan_id) identify the VBR.
    type: str
  physical_connection_id:
    description:
      - ID of the Express Connect physical connection (C(pc-...)) the VBR is on.
      - Required, with O(vlan_id), when O(vbr_id) is not given.
      - Cannot be changed after creation.
    type: str
  vlan_id:
    description:
      - VLAN ID of the VBR, from 0 to 2999, unique per physical connection.
      - Part of the natural key when O(vbr_id) is not given; with O(vbr_id) a different value changes the VLAN.
    type: int
  local_gateway_ip:
    description:
      - IPv4 address of the gateway on the Alibaba Cloud side.
      - Required to create a VBR. Must be a host address of the subnet given by O(peering_subnet_mask) that
        also contains O(peer_gateway_ip), and differ from O(peer_gateway_ip).
    type: str
  peer_gateway_ip:
    description:
      - IPv4 address of the gateway on the customer side.
      - Required to create a VBR. Must be in the same subnet as O(local_gateway_ip).
    type: str
  peering_subnet_mask:
    description:
      - Subnet mask of the two gateway addresses, as a dotted netmask from C(255.255.255.0) (/24) to
        C(255.255.255.252) (/30).
      - Required to create a VBR.
    type: str
  name:
    description:
      - Name of the VBR, 2 to 128 characters, starting with a letter; letters (Chinese characters included),
        digits, C(.), C(_) and C(-).
    type: str
  description:
    description:
      - Description of the VBR, 2 to 256 characters, starting with a letter and not with C(http://) or
        C(https://).
    type: str
  circuit_code:
    description:
      - Circuit code of the physical connection, provided by the connectivity provider.
    type: str
  bandwidth:
    description:
      - Bandwidth of the VBR in Mbit/s.
      - For a dedicated connection the API accepts 50, 100, 200, 300, 400, 500, 1000, 2048, 5120, 8192, 10240,
        20480, 40960, 50120, 61440 and 102400. Leave it unset for a hosted connection.
    type: int
  detect_multiplier:
    description:
      - BFD detection multiplier, from 3 to 10. Set after creation with a modify call.
    type: int
  min_rx_interval:
    description:
      - BFD minimum receive interval in milliseconds, from 200 to 1000. Set after creation with a modify call.
    type: int
  min_tx_interval:
    description:
      - BFD minimum transmit interval in milliseconds, from 200 to 1000. Set after creation with a modify call.
    type: int
  mtu:
    description:
      - MTU of the VBR. Set after creation with a modify call.
    type: int
    choices: [1500, 8500]
notes:
  - O(vbr_id), O(physical_connection_id), O(local_gateway_ip), O(peer_gateway_ip), O(peering_subnet_mask), O(name)
    and O(circuit_code) must not be empty strings; the module fails naming the option before any API call. A null
    value counts as not given.
  - Options that are not given are left as they are.
  - With O(wait=true) the module waits until a created or modified VBR is C(active) (new VBRs may take a while
    to become visible to the describe API) and until a deleted VBR is gone.
  - A create refused with C(InvalidVlanId.Used) although the lookup found no VBR on the VLAN means that another run
    (two runs of the same play at once) created it just now; the module waits until that VBR is listed (at most 30
    seconds) and goes on with it when it carries every tag in O(tags), as if the lookup had found it; otherwise it
    fails naming it.
  - Supports check mode (the prediction matches a real run) and diff mode (the managed attributes).
extends_documentation_fragment:
  - aliyun.express_connect.alicloud
  - aliyun.express_connect.alicloud.WAIT
  - aliyun.express_connect.tags
  - aliyun.express_connect.alicloud.ATTRIBUTES
"""

EXAMPLES = r"""
- name: Create a VBR on a physical connection (VLAN 100)
  aliyun.express_connect.ali_vbr:
    physical_connection_id: pc-bp1ciz7ekd2grn1as****
    vlan_id: 100
    local_gateway_ip: 192.168.100.1
    peer_gateway_ip: 192.168.100.2
    peering_subnet_mask: 255.255.255.252
    name: office-vbr
    description: VBR to the Hangzhou office
    tags:
      env: prod
      owner: network
  register: vbr

- name: Tune BFD on the same VBR (found by physical connection and VLAN)
  aliyun.express_connect.ali_vbr:
    physical_connection_id: pc-bp1ciz7ekd2grn1as****
    vlan_id: 100
    detect_multiplier: 5
    min_rx_interval: 300
    min_tx_interval: 300

- name: Add a tag and keep the others (purge_tags=false)
  aliyun.express_connect.ali_vbr:
    vbr_id: "{{ vbr.vbr_id }}"
    tags:
      cost_center: "4711"
    purge_tags: false

- name: Move the VBR to another VLAN
  aliyun.express_connect.ali_vbr:
    vbr_id: "{{ vbr.vbr_id }}"
    vlan_id: 200

- name: Delete the VBR (its router interfaces must be deleted first)
  aliyun.express_connect.ali_vbr:
    vbr_id: "{{ vbr.vbr_id }}"
    state: absent
"""

RETURN = r"""
vbr_id:
  description: ID of the VBR. V(null) in check mode when the VBR would be created, or when it does not exist.
  returned: always
  type: str
  sample: vbr-bp1jcg5cmxjbl9xgc****
vbr:
  description:
    - The VBR as the API describes it, in snake_case.
    - In check mode, the predicted VBR. After a deletion, the VBR as it was before. Empty when it does not exist.
  returned: always
  type: dict
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
    activation_time:
      description: Time of the last activation (UTC).
      type: str
      sample: "2024-01-02T03:04:05Z"
    bandwidth:
      description: Bandwidth in Mbit/s, where the API reports it.
      type: int
      sample: 1000
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
    physical_connection_status:
      description: Status of the physical connection.
      type: str
      sample: Enabled
    physical_connection_owner_uid:
      description: Account ID of the owner of the physical connection.
      type: str
      sample: "1234567890123456"
    tags:
      description:
        - The tags of the VBR as a dict; keys are kept exactly as they are (not converted to snake_case).
        - Includes system tags (keys starting with C(aliyun) or C(acs:)).
      type: dict
      sample: {env: prod, owner: network}
"""

from ansible_collections.aliyun.express_connect.plugins.module_utils import bgp
from ansible_collections.aliyun.express_connect.plugins.module_utils import concurrency
from ansible_collections.aliyun.express_connect.plugins.module_utils import router_interface as ri_utils
from ansible_collections.aliyun.express_connect.plugins.module_utils import tagging
from ansible_collections.aliyun.express_connect.plugins.module_utils import vbr as vbr_utils
from ansible_collections.aliyun.express_connect.plugins.module_utils.errors import (
    AlicloudApiError, AlicloudError, raise_if,
)
from ansible_collections.aliyun.express_connect.plugins.module_utils.module import AlicloudModule
from ansible_collections.aliyun.express_connect.plugins.module_utils.retry import (
    VBR_DELETE_BGP_DELETING, VBR_DELETE_BLOCKED,
)

VLAN_USED = "InvalidVlanId.Used"
NOT_FOUND = "InvalidVbrId.NotFound"


def argument_spec():
    return dict(
        state=dict(type="str", default="present", choices=["present", "absent"]),
        vbr_id=dict(type="str"),
        physical_connection_id=dict(type="str"),
        vlan_id=dict(type="int"),
        local_gateway_ip=dict(type="str"),
        peer_gateway_ip=dict(type="str"),
        peering_subnet_mask=dict(type="str"),
        name=dict(type="str"),
        description=dict(type="str"),
        circuit_code=dict(type="str"),
        bandwidth=dict(type="int"),
        detect_multiplier=dict(type="int"),
        min_rx_interval=dict(type="int"),
        min_tx_interval=dict(type="int"),
        mtu=dict(type="int", choices=[1500, 8500]),
        **tagging.argument_spec()
    )


class VbrManager:
    def __init__(self, module):
        self.module = module
        self.params = module.params

    @property
    def client(self):
        return self.module.client

    def result(self, changed, before, after):
        result = dict(changed=changed, vbr=vbr_utils.normalize(after), vbr_id=(after or before or {}).get("VbrId"))
        if self.module._diff:
            result["diff"] = dict(before=vbr_utils.diff_view(before), after=vbr_utils.diff_view(after))
        return result

    # -- lookup -------------------------------------------------------------------------------------------
    def find(self):
        vbr_id = self.params["vbr_id"]
        if vbr_id:
            return vbr_utils.get(self.client, vbr_id)
        pc_id, vlan_id = self.params["physical_connection_id"], self.params["vlan_id"]
        matches = vbr_utils.find_by_key(self.client, pc_id, vlan_id)
        if len(matches) > 1:
            raise AlicloudError("More than one VBR has physical_connection_id %s and vlan_id %d: %s; give vbr_id"
                                % (pc_id, vlan_id, ", ".join(item["VbrId"] for item in matches)))
        return matches[0] if matches else None

    def fetch(self, vbr_id):
        return lambda: vbr_utils.get(self.client, vbr_id)

    # -- present ------------------------------------------------------------------------------------------
    def present(self):
        current = self.find()
        if current is None and self.params["vbr_id"]:
            raise AlicloudError("VBR %s not found; to create a VBR give physical_connection_id and vlan_id instead of "
                                "vbr_id" % self.params["vbr_id"])
        if current is not None and current.get("Status") in vbr_utils.GONE_STATUSES:
            raise AlicloudError("VBR %s is %s and cannot be updated" % (current["VbrId"], current["Status"]))
        if current is None:
            return self.create()
        return self.update(current)

    def create(self):
        missing = vbr_utils.missing_create_options(self.params)
        if missing:
            raise AlicloudError("No VBR exists with physical_connection_id %s and vlan_id %s; missing required options "
                                "to create one: %s" % (self.params["physical_connection_id"], self.params["vlan_id"],
                                                       ", ".join(missing)))
        if self.module.check_mode:
            return self.result(True, None, vbr_utils.predict_created(self.params))
        try:
            response = self.client.call("CreateVirtualBorderRouter", vbr_utils.create_params(self.params),
                                        client_token=True)
        except AlicloudApiError as err:
            if err.code != VLAN_USED:
                raise
            return self.update(self.vlan_holder(err))
        vbr_id = response["VbrId"]
        wanted_later = [option for option in ("detect_multiplier", "min_rx_interval", "min_tx_interval", "mtu")
                        if self.params.get(option) is not None]
        if self.params["wait"] or wanted_later:
            # A new VBR may be invisible to Describe for a while: the waiter keeps waiting on None.
            created = self.module.wait(self.fetch(vbr_id), "VBR %s" % vbr_id, statuses="active")
        else:
            created = vbr_utils.get(self.client, vbr_id) or dict(vbr_utils.predict_created(self.params),
                                                                 VbrId=vbr_id, Status=None)
        wanted = vbr_utils.attribute_changes(created, self.params)
        if wanted:
            created = self.modify(created, wanted)
        # Normally a no-op (the create carried the tags); it repairs a server that ignored Tags.N on create.
        return self.result(True, None, self.retag(created, *tagging.changes(self.module, created)))

    def vlan_holder(self, err):
        """The VBR that holds the VLAN after a create refused with InvalidVlanId.Used although the lookup found none:
        created since by another run of the same play (two runs at once), or by an earlier attempt of this one, and
        not listed yet. Waited for (at most concurrency.VISIBILITY_WINDOW seconds); taken when it carries every tag
        this module asks for (the role's ownership marker among them), else an AlicloudError names it."""
        pc_id, vlan_id = self.params["physical_connection_id"], self.params["vlan_id"]
        found = []

        def fetch():
            found[:] = vbr_utils.find_by_key(self.client, pc_id, vlan_id)
            return found[0] if found else None
        concurrency.wait_listed(fetch, "the VBR on physical connection %s, vlan_id %s" % (pc_id, vlan_id))
        if len(found) != 1:
            raise AlicloudError("vlan_id %d is already used on physical connection %s by %s: %s"
                                % (vlan_id, pc_id, ", ".join(item["VbrId"] for item in found) if found else
                                   "a VBR this account cannot see", err), api_error=err)
        holder = found[0]
        if not tagging.matches(holder, self.params["tags"]):
            wanted = ", ".join("%s=%s" % item for item in sorted((self.params["tags"] or {}).items()))
            raise AlicloudError("vlan_id %d on physical connection %s was taken just now by VBR %s, which does not "
                                "carry the tags %s (it is someone else's, not one this play created): %s"
                                % (vlan_id, pc_id, holder["VbrId"], wanted, err), api_error=err,
                                vbr_id=holder["VbrId"])
        return holder

    def update(self, current):
        pc_id = self.params["physical_connection_id"]
        if pc_id and pc_id != current.get("PhysicalConnectionId"):
            raise AlicloudError("physical_connection_id cannot be changed after creation (VBR %s is on %s, not %s)"
                                % (current["VbrId"], current.get("PhysicalConnectionId"), pc_id))
        wanted = vbr_utils.attribute_changes(current, self.params)
        to_set, to_unset, tags_after = tagging.changes(self.module, current)
        if not wanted and not to_set and not to_unset:
            return self.result(False, current, current)
        raise_if(vbr_utils.gateway_errors(*vbr_utils.merged_gateway(current, wanted)))
        if self.module.check_mode:
            return self.result(True, current, tagging.with_tags(vbr_utils.predict(current, wanted), tags_after))
        modified = self.modify(current, wanted) if wanted else current
        return self.result(True, current, self.retag(modified, to_set, to_unset, tags_after))

    def retag(self, item, to_set, to_unset, tags_after):
        """Apply the tag changes to the VBR; returns the item with the tags it now has."""
        tagging.apply(self.client, tagging.VIRTUAL_BORDER_ROUTER, item["VbrId"], to_set, to_unset)
        return tagging.with_tags(item, tags_after)

    def modify(self, current, wanted):
        vbr_id = current["VbrId"]
        params = dict(wanted, VbrId=vbr_id)
        self.client.call("ModifyVirtualBorderRouterAttribute", params, client_token=True)
        if self.params["wait"]:
            return self.module.wait(self.fetch(vbr_id), "VBR %s" % vbr_id, statuses="active")
        return vbr_utils.get(self.client, vbr_id) or vbr_utils.predict(current, wanted)

    # -- absent -------------------------------------------------------------------------------------------
    def absent(self):
        current = self.find()
        if current is None:
            return self.result(False, None, None)
        vbr_id = current["VbrId"]
        if current.get("Status") in vbr_utils.GONE_STATUSES:
            # Already being deleted (only reachable by vbr_id): nothing to do but wait.
            if self.params["wait"] and not self.module.check_mode:
                self.module.wait(self.fetch(vbr_id), "VBR %s" % vbr_id, gone=True)
            return self.result(False, current, None)
        # Interfaces already being deleted are no obstacle: the delete below is retried until they are gone.
        interfaces = ri_utils.on_router(self.client, vbr_id)
        if interfaces:
            raise AlicloudError(
                "VBR %s still has router interfaces: %s; delete them before the VBR"
                % (vbr_id, ", ".join("%s (%s)" % (ri.get("RouterInterfaceId"), ri.get("Status")) for ri in interfaces)),
                router_interface_ids=[ri.get("RouterInterfaceId") for ri in interfaces])
        if self.module.check_mode:
            return self.result(True, current, None)
        if current.get("Status") not in vbr_utils.DELETABLE_STATUSES:
            # terminating / recovering: deletable once the transition is over.
            current = self.module.wait(self.fetch(vbr_id), "VBR %s" % vbr_id, statuses=vbr_utils.DELETABLE_STATUSES)
        self.delete(vbr_id)
        if self.params["wait"]:
            self.module.wait(self.fetch(vbr_id), "VBR %s" % vbr_id, gone=True)
        return self.result(True, current, None)

    def delete(self, vbr_id, blocked_codes=VBR_DELETE_BLOCKED):
        try:
            self.client.call("DeleteVirtualBorderRouter", {"VbrId": vbr_id}, client_token=True,
                             done_codes=(NOT_FOUND,), blocked_codes=blocked_codes,
                             blocked_timeout=self.params["wait_timeout"])
        except AlicloudApiError as err:
            if err.code in VBR_DELETE_BGP_DELETING and blocked_codes == VBR_DELETE_BLOCKED:
                # BGP groups or networks on the VBR: described only on this refusal, to keep the API budget.
                groups = bgp.live(bgp.describe_groups(self.client, router_id=vbr_id))
                networks = bgp.live(bgp.describe_networks(self.client, vbr_id))
                if groups or networks:
                    raise AlicloudError(bgp.vbr_dependencies_message(vbr_id, groups, networks), api_error=err,
                                        bgp_group_ids=[item.get("BgpGroupId") for item in groups],
                                        bgp_network_cidr_blocks=[item.get("DstCidrBlock") for item in networks])
                # Every one of them is being deleted: the VBR is deletable once they are gone.
                return self.delete(vbr_id, VBR_DELETE_BLOCKED + VBR_DELETE_BGP_DELETING)
            if err.code != NOT_FOUND:
                raise
            # Deleted by someone else since the lookup: already gone.
        return None


def run(module):
    """The module's result; raises AlicloudError to fail it."""
    # Values as text once, so that validation, comparison and the API see the same strings.
    module.params["tags"] = tagging.from_option(module.params["tags"])
    raise_if(vbr_utils.validate_params(module.params))
    manager = VbrManager(module)
    return manager.present() if module.params["state"] == "present" else manager.absent()


def main():
    module = AlicloudModule(
        argument_spec=argument_spec(),
        supports_check_mode=True,
        wait=True,
        required_one_of=[("vbr_id", "physical_connection_id")],
        not_empty=("vbr_id", "physical_connection_id", "local_gateway_ip", "peer_gateway_ip", "peering_subnet_mask",
                   "name", "circuit_code"),
    )
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()

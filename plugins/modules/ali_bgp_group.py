#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) aliyun.express_connect contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: ali_bgp_group
short_description: Create, modify or delete a BGP group on an Alibaba Cloud Express Connect VBR
version_added: 0.2.0
description:
  - Creates a BGP group on a virtual border router (VBR), changes in place the attributes that differ from the
    requested ones, or deletes it.
  - A BGP group holds the settings its BGP peers share (ASNs, authentication key, route limit); the peers are
    managed with M(aliyun.express_connect.ali_bgp_peer).
  - The group is identified by O(bgp_group_id) or, when it is not given, by its natural key O(router_id) and
    O(name). Groups that are being deleted are ignored by the lookup; more than one match is an error.
  - Creation uses a client token, so a create whose response was lost and is retried does not make a second
    group.
  - Deletion fails, before any change is made, while the group still has BGP peers; the message names them.
  - All options are validated before any API call.
author:
  - Express Connect collection maintainers (@aliyun)
options:
  state:
    description:
      - V(present) creates the group or modifies it to match the given options.
      - V(absent) deletes it; a group that does not exist is not an error.
    type: str
    choices: [present, absent]
    default: present
  bgp_group_id:
    description:
      - ID of an existing BGP group (C(bgpg-...)).
      - When given, the group must exist for O(state=present), and O(name) can be changed.
      - When not given, O(router_id) and O(name) identify the group.
    type: str
    aliases: [id]
  router_id:
    description:
      - ID of the VBR (C(vbr-...)) the group is on.
      - Required, with O(name), when O(bgp_group_id) is not given.
      - Cannot be changed after creation.
    type: str
  name:
    description:
      - Name of the group, 2 to 128 characters, starting with a letter; letters, digits, C(.), C(_) and C(-).
      - Part of the natural key when O(bgp_group_id) is not given; with O(bgp_group_id) a different value renames
        the group.
    type: str
  description:
    description:
      - Description, 2 to 256 characters, starting with a letter and not with C(http://) or C(https://).
    type: str
  peer_asn:
    description:
      - ASN of the customer's router (2-byte or 4-byte), from 1 to 4294967295, not 45104 (the Alibaba Cloud ASN).
      - Required to create a group. Can be changed in place.
    type: int
  local_asn:
    description:
      - ASN of the Alibaba Cloud side. 45104 (the default when the group is created),
        64512 to 65534 or 4200000000 to 4294967294; 65025 is reserved.
      - A custom value may cause routing loops in setups with several lines. Can be changed in place.
    type: int
  auth_key:
    description:
      - Key of the BGP sessions (MD5 authentication).
      - An empty string removes the key (ClearAuthKey). Not given leaves the key as it is.
      - The key is compared with the one the API describes; it is never returned or logged (the results carry
        RV(bgp_group.auth_key_set) instead).
    type: str
  is_fake_asn:
    description:
      - Whether the local ASN is a fake ASN (for an AS migration or merger). V(false) when the group is created.
    type: bool
  route_limit:
    description:
      - Maximum number of dynamic routes accepted from each peer of the group (the API's C(RouteQuota)); 110 when
        the group is created. Must be 1 or greater.
    type: int
  ip_version:
    description:
      - IP version of the group. V(IPv4) when the group is created; V(IPv6) needs a VBR with IPv6 enabled.
      - Cannot be changed after creation.
    type: str
    choices: [IPv4, IPv6]
notes:
  - O(bgp_group_id), O(router_id) and O(name) must not be empty strings; the module fails naming the option before
    any API call. An empty O(auth_key) is meaningful (it removes the key). A null value counts as not given.
  - Options that are not given are left as they are.
  - The create carries a ClientToken derived from the request, so two runs that create the same group at the same
    moment (both lookups finding nothing) get one. The new group must be listed within 30 seconds, since a token replayed
    after its group was deleted answers the deleted one, and then the create is sent again with another token.
  - With O(wait=true) the module waits until a created or modified group is C(Available) (the API shows the old
    values while a change is C(Modifying)) and until a deleted group is gone. A group that is C(Modifying) when the
    task starts is waited for before it is compared.
  - A request refused only because the group is not C(Available) yet (C(InvalidStatus.CannotOperate)) is retried
    until O(wait_timeout). A group whose peers are all being deleted is deleted once they are gone.
  - Supports check mode (the prediction matches a real run) and diff mode (the managed attributes; the key is
    shown only as set, changed or not set).
seealso:
  - module: aliyun.express_connect.ali_bgp_peer
  - module: aliyun.express_connect.ali_bgp_network
  - module: aliyun.express_connect.ali_bgp_info
  - module: aliyun.express_connect.ali_vbr
extends_documentation_fragment:
  - aliyun.express_connect.alicloud
  - aliyun.express_connect.alicloud.WAIT
  - aliyun.express_connect.alicloud.ATTRIBUTES
"""

EXAMPLES = r"""
- name: A BGP group on the VBR toward the data centre's router (AS 65001)
  aliyun.express_connect.ali_bgp_group:
    router_id: "{{ vbr.vbr_id }}"
    name: idc-bgp
    description: BGP to the Hangzhou data centre
    peer_asn: 65001
    auth_key: "{{ vault_bgp_auth_key }}"
  register: bgp_group

- name: A private ASN on the Alibaba Cloud side and a higher route limit (changed in place)
  aliyun.express_connect.ali_bgp_group:
    router_id: "{{ vbr.vbr_id }}"
    name: idc-bgp
    local_asn: 64600
    route_limit: 200

- name: Remove the key (an empty string clears it)
  aliyun.express_connect.ali_bgp_group:
    bgp_group_id: "{{ bgp_group.bgp_group_id }}"
    auth_key: ""

- name: Delete the group (its peers must be deleted first)
  aliyun.express_connect.ali_bgp_group:
    router_id: "{{ vbr.vbr_id }}"
    name: idc-bgp
    state: absent
"""

RETURN = r"""
bgp_group_id:
  description: ID of the group. V(null) in check mode when the group would be created, or when it does not exist.
  returned: always
  type: str
  sample: bgpg-wz9f62v4fbg2g****
bgp_group:
  description:
    - The group as the API describes it, in snake_case, without its key.
    - In check mode, the predicted group. After a deletion, the group as it was before. Empty when it does not
      exist.
  returned: always
  type: dict
  contains:
    bgp_group_id:
      description: ID of the group.
      type: str
      sample: bgpg-wz9f62v4fbg2g****
    router_id:
      description: ID of the VBR.
      type: str
      sample: vbr-bp1jcg5cmxjbl9xgc****
    name:
      description: Name.
      type: str
      sample: idc-bgp
    description:
      description: Description.
      type: str
      sample: BGP to the Hangzhou data centre
    peer_asn:
      description: ASN of the customer's router.
      type: int
      sample: 65001
    local_asn:
      description: ASN of the Alibaba Cloud side.
      type: int
      sample: 45104
    auth_key_set:
      description: Whether the group has an authentication key (the key itself is never returned).
      type: bool
      sample: true
    is_fake:
      description: Whether the local ASN is a fake ASN (the option O(is_fake_asn)).
      type: bool
      sample: false
    route_limit:
      description: Maximum number of routes accepted from each peer (the option O(route_limit)).
      type: int
      sample: 110
    ip_version:
      description: IP version.
      type: str
      sample: IPv4
    hold:
      description: Hold time in seconds.
      type: int
      sample: 30
    keepalive:
      description: Keepalive interval in seconds.
      type: int
      sample: 10
    status:
      description: Status, one of C(Pending), C(Available), C(Modifying), C(Deleting).
      type: str
      sample: Available
    region_id:
      description: Region ID.
      type: str
      sample: cn-hangzhou
"""

from ansible_collections.aliyun.express_connect.plugins.module_utils import bgp
from ansible_collections.aliyun.express_connect.plugins.module_utils import vbr as vbr_utils
from ansible_collections.aliyun.express_connect.plugins.module_utils.bgp_module import BgpObjectManager
from ansible_collections.aliyun.express_connect.plugins.module_utils.errors import (
    AlicloudApiError, AlicloudError, raise_if,
)
from ansible_collections.aliyun.express_connect.plugins.module_utils.module import AlicloudModule
from ansible_collections.aliyun.express_connect.plugins.module_utils.retry import (
    BGP_BLOCKED, BGP_GROUP_DELETE_PEERS_DELETING,
)


def argument_spec():
    return dict(
        state=dict(type="str", default="present", choices=["present", "absent"]),
        bgp_group_id=dict(type="str", aliases=["id"]),
        router_id=dict(type="str"),
        name=dict(type="str"),
        description=dict(type="str"),
        peer_asn=dict(type="int"),
        local_asn=dict(type="int"),
        auth_key=dict(type="str", no_log=True),
        is_fake_asn=dict(type="bool"),
        route_limit=dict(type="int"),
        ip_version=dict(type="str", choices=list(bgp.IP_VERSIONS)),
    )


class GroupManager(BgpObjectManager):
    kind = "group"
    id_option = "bgp_group_id"
    id_field = "BgpGroupId"
    natural_key = ("router_id", "name")

    def describe_by_id(self, group_id):
        return bgp.get_group(self.client, group_id)

    def find_by_natural_key(self):
        router_id, name = self.params["router_id"], self.params["name"]
        return bgp.find_groups(self.client, router_id, name), "on %s is named %s" % (router_id, name)

    def result(self, changed, before, after, key_changed=False):
        return dict(
            changed=changed, bgp_group=bgp.normalize(after),
            bgp_group_id=(after or before or {}).get("BgpGroupId"),
            diff=dict(before=bgp.group_diff_view(before), after=bgp.group_diff_view(after, key_changed)))

    # -- present --------------------------------------------------------------------------------------------
    def create(self):
        params = self.params
        if params["peer_asn"] is None:
            raise AlicloudError("No BGP group named %s exists on %s; peer_asn is required to create one"
                                % (params["name"], params["router_id"]))
        router = vbr_utils.get(self.client, params["router_id"])
        if router is None or router.get("Status") in vbr_utils.GONE_STATUSES:
            raise AlicloudError("router_id %s: no such VBR in region %s" % (params["router_id"], self.client.region))
        predicted = bgp.predict_created_group(params)
        if self.module.check_mode:
            return self.result(True, None, predicted)
        created = self.create_and_describe("CreateBgpGroup", bgp.group_create_params(params), predicted)
        return self.result(True, None, created)

    def update(self, current):
        current = self.settled(current)
        raise_if(bgp.group_immutable_errors(current, self.params))
        wanted = bgp.group_changes(current, self.params)
        if not wanted:
            return self.result(False, current, current)
        key_changed = "AuthKey" in wanted and bool(current.get("AuthKey"))
        predicted = bgp.predict_group(current, wanted)
        if self.module.check_mode:
            return self.result(True, current, predicted, key_changed)
        after = self.modify_and_describe("ModifyBgpGroupAttribute", current["BgpGroupId"], wanted, predicted)
        return self.result(True, current, after, key_changed)

    # -- absent ---------------------------------------------------------------------------------------------
    def peers_in_the_way(self, group_id):
        """(live peers, whether some are being deleted) of the group."""
        peers = self.hide(bgp.describe_peers(self.client, bgp_group_id=group_id))
        live = bgp.live(peers)
        return live, len(peers) > len(live)

    def peers_error(self, group_id, peers):
        return AlicloudError(
            "BGP group %s still has %d BGP peer%s: %s; delete %s first (aliyun.express_connect.ali_bgp_peer "
            "state=absent)" % (group_id, len(peers), "" if len(peers) == 1 else "s",
                               ", ".join(bgp.peer_label(peer) for peer in peers),
                               "it" if len(peers) == 1 else "them"),
            bgp_group_id=group_id, bgp_peers=[dict(bgp_peer_id=peer.get("BgpPeerId"),
                                                   peer_ip_address=peer.get("PeerIpAddress"),
                                                   status=peer.get("Status")) for peer in peers])

    def absent(self):
        current = self.find()
        if current is None:
            return self.result(False, None, None)
        group_id = current["BgpGroupId"]
        if current.get("Status") in bgp.GONE:
            # Already being deleted (only reachable by bgp_group_id): nothing to do but wait.
            if self.params["wait"] and not self.module.check_mode:
                self.wait_gone(group_id)
            return self.result(False, current, None)
        live, deleting = self.peers_in_the_way(group_id)
        if live:
            raise self.peers_error(group_id, live)
        if self.module.check_mode:
            return self.result(True, current, None)
        blocked = BGP_BLOCKED + (BGP_GROUP_DELETE_PEERS_DELETING if deleting else ())
        try:
            self.call("DeleteBgpGroup", {"BgpGroupId": group_id}, done_codes=bgp.GROUP_NOT_FOUND,
                      blocked_codes=blocked)
        except AlicloudApiError as err:
            if err.code == bgp.PEERS_LEFT:
                # A peer created since the lookup.
                live = self.peers_in_the_way(group_id)[0]
                if live:
                    raise self.peers_error(group_id, live)
            if err.code not in bgp.GROUP_NOT_FOUND:
                raise
            # Deleted by someone else since the lookup: already gone.
        if self.params["wait"]:
            self.wait_gone(group_id)
        return self.result(True, current, None)


def run(module):
    """The module's result; raises AlicloudError to fail it."""
    raise_if(bgp.validate_group(module.params))
    manager = GroupManager(module)
    return manager.present() if module.params["state"] == "present" else manager.absent()


def main():
    module = AlicloudModule(argument_spec=argument_spec(), supports_check_mode=True, wait=True,
                            required_one_of=[("bgp_group_id", "router_id")],
                            not_empty=("bgp_group_id", "router_id", "name"))
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) aliyun.express_connect contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: ali_bgp_peer
short_description: Create, modify or delete a BGP peer in a BGP group of an Alibaba Cloud Express Connect VBR
version_added: 0.2.0
description:
  - Creates a BGP peer (the customer's router, by its IP address) in a BGP group made with
    M(aliyun.express_connect.ali_bgp_group), changes its BFD settings in place, or deletes it.
  - The peer is identified by O(bgp_peer_id) or, when it is not given, by its natural key O(bgp_group_id) and
    O(peer_ip_address). Peers that are being deleted are ignored by the lookup; more than one match is an error.
  - A different O(peer_ip_address) is a different peer. Without O(bgp_peer_id), changing it in a task creates a
    second peer and leaves the first one (delete it with O(state=absent) and its old address); with
    O(bgp_peer_id) it fails, like O(bgp_group_id), as a value that cannot be changed after creation.
  - Creation uses a client token, so a create whose response was lost and is retried does not make a second peer.
  - A VBR takes at most 8 BGP peers.
  - All options are validated before any API call.
author:
  - Express Connect collection maintainers (@aliyun)
options:
  state:
    description:
      - V(present) creates the peer or modifies it to match the given options.
      - V(absent) deletes it; a peer that does not exist is not an error.
    type: str
    choices: [present, absent]
    default: present
  bgp_peer_id:
    description:
      - ID of an existing BGP peer (C(bgp-...)). When given, the peer must exist for O(state=present).
      - When not given, O(bgp_group_id) and O(peer_ip_address) identify the peer.
    type: str
    aliases: [id]
  bgp_group_id:
    description:
      - ID of the BGP group (C(bgpg-...)) of the peer. Required, with O(peer_ip_address), when O(bgp_peer_id) is
        not given. Cannot be changed after creation.
    type: str
  peer_ip_address:
    description:
      - IP address of the customer's router, usually the VBR's peer gateway IP.
      - Required, with O(bgp_group_id), when O(bgp_peer_id) is not given. Cannot be changed after creation (a new
        address is a new peer).
    type: str
  enable_bfd:
    description:
      - Whether BFD is enabled on the session. V(false) when the peer is created. Can be changed in place.
    type: bool
  bfd_multi_hop:
    description:
      - BFD hop count, from 1 to 255 (1 for a direct connection, the API's default 255 otherwise).
      - Only meaningful with BFD, so it needs O(enable_bfd=true) in the same task. Turning BFD on without it sets
        255. Can be changed in place.
    type: int
  ip_version:
    description:
      - IP version of the peer. V(IPv4) when the peer is created; V(IPv6) needs a VBR with IPv6 enabled.
      - Cannot be changed after creation.
    type: str
    choices: [IPv4, IPv6]
  wait_established:
    description:
      - Whether to wait, after the peer is C(Available), until its BGP session (RV(bgp_peer.bgp_status)) is
        C(Established).
      - The session depends on the customer's router (configured with the group's ASNs and key, and reachable at
        O(peer_ip_address)), so this is off by default and has its own timeout, O(established_timeout).
      - Not done in check mode.
    type: bool
    default: false
  established_timeout:
    description:
      - How many seconds to wait for the session when O(wait_established=true). Must be greater than 0.
    type: int
    default: 300
notes:
  - O(bgp_peer_id), O(bgp_group_id) and O(peer_ip_address) must not be empty strings; the module fails naming the
    option before any API call. A null value counts as not given.
  - Options that are not given are left as they are.
  - The create carries a ClientToken derived from the request, so two runs that create the same peer at the same
    moment (both lookups finding nothing) get one. The new peer must be listed within 30 seconds, since a token replayed
    after its peer was deleted answers the deleted one, and then the create is sent again with another token.
  - With O(wait=true) the module waits until a created or modified peer is C(Available) and until a deleted peer
    is gone. A peer that is C(Modifying) when the task starts is waited for before it is compared.
  - A request refused only because the peer or its group is not C(Available) yet (C(InvalidStatus.CannotOperate))
    is retried until O(wait_timeout).
  - Supports check mode (the prediction matches a real run) and diff mode (the managed attributes).
seealso:
  - module: aliyun.express_connect.ali_bgp_group
  - module: aliyun.express_connect.ali_bgp_network
  - module: aliyun.express_connect.ali_bgp_info
extends_documentation_fragment:
  - aliyun.express_connect.alicloud
  - aliyun.express_connect.alicloud.WAIT
  - aliyun.express_connect.alicloud.ATTRIBUTES
"""

EXAMPLES = r"""
- name: The data centre's router as a peer of the group, with BFD over a direct connection
  aliyun.express_connect.ali_bgp_peer:
    bgp_group_id: "{{ bgp_group.bgp_group_id }}"
    peer_ip_address: "{{ vbr.vbr.peer_gateway_ip }}"
    enable_bfd: true
    bfd_multi_hop: 1
  register: bgp_peer

- name: The same, and wait up to 10 minutes for the session once the router is configured
  aliyun.express_connect.ali_bgp_peer:
    bgp_group_id: "{{ bgp_group.bgp_group_id }}"
    peer_ip_address: "{{ vbr.vbr.peer_gateway_ip }}"
    wait_established: true
    established_timeout: 600

- name: Turn BFD off
  aliyun.express_connect.ali_bgp_peer:
    bgp_peer_id: "{{ bgp_peer.bgp_peer_id }}"
    enable_bfd: false

- name: Delete the peer
  aliyun.express_connect.ali_bgp_peer:
    bgp_group_id: "{{ bgp_group.bgp_group_id }}"
    peer_ip_address: "{{ vbr.vbr.peer_gateway_ip }}"
    state: absent
"""

RETURN = r"""
bgp_peer_id:
  description: ID of the peer. V(null) in check mode when the peer would be created, or when it does not exist.
  returned: always
  type: str
  sample: bgp-2ze3un0ft1jd1xd****
bgp_peer:
  description:
    - The peer as the API describes it, in snake_case, without the group's key.
    - In check mode, the predicted peer. After a deletion, the peer as it was before. Empty when it does not exist.
  returned: always
  type: dict
  contains:
    bgp_peer_id:
      description: ID of the peer.
      type: str
      sample: bgp-2ze3un0ft1jd1xd****
    bgp_group_id:
      description: ID of its group.
      type: str
      sample: bgpg-wz9f62v4fbg2g****
    router_id:
      description: ID of the VBR.
      type: str
      sample: vbr-bp1jcg5cmxjbl9xgc****
    peer_ip_address:
      description: IP address of the customer's router.
      type: str
      sample: 192.168.100.2
    enable_bfd:
      description: Whether BFD is enabled.
      type: bool
      sample: true
    bfd_multi_hop:
      description: BFD hop count (0 while BFD is off).
      type: int
      sample: 1
    ip_version:
      description: IP version.
      type: str
      sample: IPv4
    status:
      description: Status, one of C(Pending), C(Available), C(Modifying), C(Deleting), C(Deleted).
      type: str
      sample: Available
    bgp_status:
      description: Status of the BGP session, one of C(Idle), C(Connect), C(Active), C(Established), C(Down) (or
        empty).
      type: str
      sample: Established
    peer_asn:
      description: ASN of the customer's router (from the group).
      type: int
      sample: 65001
    local_asn:
      description: ASN of the Alibaba Cloud side (from the group).
      type: int
      sample: 45104
    auth_key_set:
      description: Whether the group has an authentication key (the key itself is never returned).
      type: bool
      sample: true
    is_fake:
      description: Whether the local ASN is a fake ASN (from the group).
      type: bool
      sample: false
    route_limit:
      description: Maximum number of routes accepted from the peer (from the group).
      type: int
      sample: 110
    hold:
      description: Hold time in seconds.
      type: int
      sample: 30
    keepalive:
      description: Keepalive interval in seconds.
      type: int
      sample: 10
    advertised_route_count:
      description: Number of routes advertised to the peer.
      type: int
      sample: 1
    received_route_count:
      description: Number of routes received from the peer.
      type: int
      sample: 3
    gmt_modified:
      description: Time of the last change (UTC).
      type: str
      sample: "2022-05-20T07:29:08Z"
"""

from ansible_collections.aliyun.express_connect.plugins.module_utils import bgp
from ansible_collections.aliyun.express_connect.plugins.module_utils.bgp_module import BgpObjectManager
from ansible_collections.aliyun.express_connect.plugins.module_utils.errors import (
    AlicloudApiError, AlicloudError, WaitTimeout, raise_if,
)
from ansible_collections.aliyun.express_connect.plugins.module_utils.module import AlicloudModule
from ansible_collections.aliyun.express_connect.plugins.module_utils.waiter import wait_for


def argument_spec():
    return dict(
        state=dict(type="str", default="present", choices=["present", "absent"]),
        bgp_peer_id=dict(type="str", aliases=["id"]),
        bgp_group_id=dict(type="str"),
        peer_ip_address=dict(type="str"),
        enable_bfd=dict(type="bool"),
        bfd_multi_hop=dict(type="int"),
        ip_version=dict(type="str", choices=list(bgp.IP_VERSIONS)),
        wait_established=dict(type="bool", default=False),
        established_timeout=dict(type="int", default=300),
    )


class PeerManager(BgpObjectManager):
    kind = "peer"
    id_option = "bgp_peer_id"
    id_field = "BgpPeerId"
    natural_key = ("bgp_group_id", "peer_ip_address")

    def describe_by_id(self, peer_id):
        return bgp.get_peer(self.client, peer_id)

    def find_by_natural_key(self):
        group_id, address = self.params["bgp_group_id"], self.params["peer_ip_address"]
        return bgp.find_peers(self.client, group_id, address), "of %s has peer_ip_address %s" % (group_id, address)

    def fetch_until_gone(self, object_id):
        """A deleted peer may show Deleted for a while before it disappears: that counts as gone."""
        def fetch():
            item = self.get(object_id)
            return None if item is None or item.get("Status") == "Deleted" else item
        return fetch

    def result(self, changed, before, after):
        return dict(changed=changed, bgp_peer=bgp.normalize(after),
                    bgp_peer_id=(after or before or {}).get("BgpPeerId"),
                    diff=dict(before=bgp.peer_diff_view(before), after=bgp.peer_diff_view(after)))

    # -- present --------------------------------------------------------------------------------------------
    def create(self):
        params = self.params
        group = bgp.get_group(self.client, params["bgp_group_id"])
        if group is None or group.get("Status") in bgp.GONE:
            raise AlicloudError("bgp_group_id %s: no such BGP group in region %s"
                                % (params["bgp_group_id"], self.client.region))
        self.hide([group])
        predicted = bgp.predict_created_peer(params, group)
        if self.module.check_mode:
            return self.result(True, None, predicted)
        created = self.create_and_describe("CreateBgpPeer", bgp.peer_create_params(params), predicted)
        return self.finish(True, None, created)

    def update(self, current):
        current = self.settled(current)
        self.check_immutable(current)
        wanted = bgp.peer_changes(current, self.params)
        if not wanted:
            return self.finish(False, current, current)
        predicted = bgp.predict_peer(current, wanted)
        if self.module.check_mode:
            return self.result(True, current, predicted)
        after = self.modify_and_describe("ModifyBgpPeerAttribute", current["BgpPeerId"], wanted, predicted)
        return self.finish(True, current, after)

    def check_immutable(self, current):
        errors = []
        group_id, address, version = (self.params[option] for option in ("bgp_group_id", "peer_ip_address",
                                                                         "ip_version"))
        if group_id and group_id != current.get("BgpGroupId"):
            errors.append("bgp_group_id cannot be changed after creation (BGP peer %s is in %s, not %s)"
                          % (current["BgpPeerId"], current.get("BgpGroupId"), group_id))
        if address and not bgp.same_ip(address, current.get("PeerIpAddress") or ""):
            errors.append("peer_ip_address cannot be changed after creation (BGP peer %s has %s, not %s); a new "
                          "address is a new peer: create it without bgp_peer_id and delete this one"
                          % (current["BgpPeerId"], current.get("PeerIpAddress") or "no address", address))
        if version and not bgp.same_ip_version(version, current.get("IpVersion")):
            errors.append("ip_version cannot be changed after creation (BGP peer %s is %s, not %s)"
                          % (current["BgpPeerId"], current.get("IpVersion") or "IPv4", version))
        raise_if(errors)

    def finish(self, changed, before, after):
        """The result, after waiting for the session when asked to (read-only, so never in check mode)."""
        if self.params["wait_established"] and not self.module.check_mode:
            peer_id = after["BgpPeerId"]
            what = "the BGP session of peer %s (%s)" % (peer_id, after.get("PeerIpAddress"))
            try:
                after = wait_for(self.fetch(peer_id), what, statuses=bgp.SESSION_ESTABLISHED,
                                 timeout=self.params["established_timeout"], status_key="BgpStatus")
            except WaitTimeout as err:
                raise AlicloudError(
                    "%s. The session needs the customer's router at %s configured for it (local ASN %s, peer "
                    "ASN %s, the group's key) and reachable; the peer itself is in place"
                    % (err, after.get("PeerIpAddress"), after.get("PeerAsn"), after.get("LocalAsn")),
                    changed=changed, bgp_peer_id=peer_id, bgp_peer=bgp.normalize(self.get(peer_id) or after),
                    **err.result)
        return self.result(changed, before, after)

    # -- absent ---------------------------------------------------------------------------------------------
    def absent(self):
        current = self.find()
        if current is None or current.get("Status") == "Deleted":
            return self.result(False, None, None)
        peer_id = current["BgpPeerId"]
        if current.get("Status") in bgp.GONE:
            if self.params["wait"] and not self.module.check_mode:
                self.wait_gone(peer_id)
            return self.result(False, current, None)
        if self.module.check_mode:
            return self.result(True, current, None)
        try:
            self.call("DeleteBgpPeer", {"BgpPeerId": peer_id}, done_codes=bgp.PEER_NOT_FOUND)
        except AlicloudApiError as err:
            if err.code not in bgp.PEER_NOT_FOUND:
                raise
            # Deleted by someone else since the lookup: already gone.
        if self.params["wait"]:
            self.wait_gone(peer_id)
        return self.result(True, current, None)


def run(module):
    """The module's result; raises AlicloudError to fail it."""
    errors = bgp.validate_peer(module.params)
    if module.params["established_timeout"] <= 0:
        errors.append("established_timeout must be greater than 0, got %d" % module.params["established_timeout"])
    raise_if(errors)
    manager = PeerManager(module)
    return manager.present() if module.params["state"] == "present" else manager.absent()


def main():
    module = AlicloudModule(argument_spec=argument_spec(), supports_check_mode=True, wait=True,
                            required_one_of=[("bgp_peer_id", "bgp_group_id")],
                            not_empty=("bgp_peer_id", "bgp_group_id", "peer_ip_address"))
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()

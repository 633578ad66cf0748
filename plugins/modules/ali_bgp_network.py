#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) aliyun.express_connect contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: ali_bgp_network
short_description: Advertise CIDR blocks over BGP from an Alibaba Cloud Express Connect VBR
version_added: 0.2.0
description:
  - Adds or removes the CIDR blocks a virtual border router (VBR) advertises to the data centre over BGP (the
    API's BGP networks), several in one task.
  - A network is identified by its VBR (O(router_id)) and its CIDR block; blocks are compared in canonical form
    (C(10.0.0.0/16)). The networks belong to the VBR, not to a BGP group.
  - Networks of the VBR that are not listed are left alone unless O(purge=true).
  - All options are validated before any API call.
author:
  - Express Connect collection maintainers (@aliyun)
options:
  state:
    description:
      - V(present) adds the listed blocks that the VBR does not advertise yet (and with O(purge=true) removes the
        ones not listed).
      - V(absent) removes the listed blocks; a block that is not advertised is not an error.
    type: str
    choices: [present, absent]
    default: present
  router_id:
    description:
      - ID of the VBR (C(vbr-...)).
    type: str
    required: true
  dst_cidr_blocks:
    description:
      - The CIDR blocks to advertise (for example the VPC's or a vSwitch's CIDR block), IPv4 or IPv6, each a
        network address with its prefix length. A block listed twice counts once.
      - A single block may be given as a string, under the alias O(dst_cidr_block).
    type: list
    elements: str
    required: true
    aliases: [dst_cidr_block]
  vpc_id:
    description:
      - ID of the VPC (C(vpc-...)) the blocks belong to, sent when a block is added.
      - A block already advertised for another VPC is an error (it cannot be changed after creation).
    type: str
  purge:
    description:
      - With O(state=present), whether to remove the networks of the VBR that are not in O(dst_cidr_blocks).
      - With V(false), networks not listed are never removed.
    type: bool
    default: false
notes:
  - O(router_id), O(vpc_id) and each block must not be empty, and O(dst_cidr_blocks) must not be an empty list (to
    stop advertising blocks, list them with O(state=absent)); the module fails naming the option before any API
    call.
  - An add refused because the block is already advertised although the lookup did not list it means that another
    run (two runs of the same play at once) added it just now; the module waits until it is listed (at most 30
    seconds) and takes it (its VPC compared with O(vpc_id) like a listed block's).
  - With O(wait=true) the module waits until every added block is C(Available) and every removed one is gone (one
    DescribeBgpNetworks per poll for all of them, every page followed). Blocks in the list that are still
    C(Pending) (or, for O(state=absent), C(Deleting)) are waited for too.
  - A block that is being deleted and is listed with O(state=present) is added again once it is gone.
  - A request refused only because a network is not C(Available) yet (C(InvalidStatus.CannotOperate)) is retried
    until O(wait_timeout).
  - Supports check mode (the prediction matches a real run) and diff mode (the VBR's advertised blocks before and
    after).
seealso:
  - module: aliyun.express_connect.ali_bgp_group
  - module: aliyun.express_connect.ali_bgp_peer
  - module: aliyun.express_connect.ali_bgp_info
extends_documentation_fragment:
  - aliyun.express_connect.alicloud
  - aliyun.express_connect.alicloud.WAIT
  - aliyun.express_connect.alicloud.ATTRIBUTES
"""

EXAMPLES = r"""
- name: Advertise the VPC's CIDR block to the data centre
  aliyun.express_connect.ali_bgp_network:
    router_id: "{{ vbr.vbr_id }}"
    dst_cidr_block: 172.16.0.0/12
    vpc_id: vpc-bp1example

- name: Advertise exactly these two blocks (remove any other)
  aliyun.express_connect.ali_bgp_network:
    router_id: "{{ vbr.vbr_id }}"
    dst_cidr_blocks:
      - 172.16.0.0/16
      - 172.17.0.0/16
    purge: true

- name: Stop advertising a block
  aliyun.express_connect.ali_bgp_network:
    router_id: "{{ vbr.vbr_id }}"
    dst_cidr_blocks: [172.17.0.0/16]
    state: absent
"""

RETURN = r"""
router_id:
  description: ID of the VBR.
  returned: always
  type: str
  sample: vbr-bp1jcg5cmxjbl9xgc****
dst_cidr_blocks:
  description: The CIDR blocks the VBR advertises after the task (predicted in check mode), sorted.
  returned: always
  type: list
  elements: str
  sample: [172.16.0.0/16, 172.17.0.0/16]
added:
  description: The blocks added (in check mode, that would be added).
  returned: always
  type: list
  elements: str
  sample: [172.17.0.0/16]
removed:
  description: The blocks removed (in check mode, that would be removed).
  returned: always
  type: list
  elements: str
  sample: []
bgp_networks:
  description:
    - Every BGP network of the VBR after the task, in snake_case, sorted by CIDR block. In check mode, the
      predicted networks.
  returned: always
  type: list
  elements: dict
  contains:
    dst_cidr_block:
      description: The advertised CIDR block, as the API shows it.
      type: str
      sample: 172.16.0.0/16
    router_id:
      description: ID of the VBR.
      type: str
      sample: vbr-bp1jcg5cmxjbl9xgc****
    vpc_id:
      description: ID of the VPC, when one was given.
      type: str
      sample: vpc-bp1example
    status:
      description: Status, one of C(Pending), C(Available), C(Deleting).
      type: str
      sample: Available
"""

from ansible_collections.aliyun.express_connect.plugins.module_utils import bgp
from ansible_collections.aliyun.express_connect.plugins.module_utils import concurrency
from ansible_collections.aliyun.express_connect.plugins.module_utils.errors import (
    AlicloudApiError, AlicloudError, raise_if,
)
from ansible_collections.aliyun.express_connect.plugins.module_utils.module import AlicloudModule
from ansible_collections.aliyun.express_connect.plugins.module_utils.retry import BGP_BLOCKED

DONE = "done"


def argument_spec():
    return dict(
        state=dict(type="str", default="present", choices=["present", "absent"]),
        router_id=dict(type="str", required=True),
        dst_cidr_blocks=dict(type="list", elements="str", required=True, aliases=["dst_cidr_block"]),
        vpc_id=dict(type="str"),
        purge=dict(type="bool", default=False),
    )


class NetworkManager:
    def __init__(self, module, blocks):
        self.module = module
        self.params = module.params
        self.router_id = module.params["router_id"]
        self.blocks = blocks

    @property
    def client(self):
        return self.module.client

    def describe(self):
        """{canonical CIDR: Describe item} of the VBR's networks (one DescribeBgpNetworks, every page)."""
        return dict((bgp.network_key(item), item) for item in bgp.describe_networks(self.client, self.router_id))

    def result(self, changed, before, after, added, removed):
        return dict(
            changed=changed, router_id=self.router_id, dst_cidr_blocks=live_blocks(after),
            added=bgp.sort_cidrs(added), removed=bgp.sort_cidrs(removed),
            bgp_networks=[bgp.normalize(after[block]) for block in bgp.sort_cidrs(after)],
            diff=dict(before=diff_view(self.router_id, before), after=diff_view(self.router_id, after)))

    def wait_until(self, ready, what):
        """Poll the VBR's networks (one Describe per poll) until ready(networks) is None; returns the networks.

        ready() returns None when done, else the text of what is still waited for.
        """
        latest = {}

        def fetch():
            latest.clear()
            latest.update(self.describe())
            waiting = ready(latest)
            return {"Status": DONE if waiting is None else waiting}
        self.module.wait(fetch, what, statuses=DONE)
        return dict(latest)

    def ensure(self):
        """The module's result."""
        current = self.describe()
        present = self.params["state"] == "present"
        live = dict((block, item) for block, item in current.items() if item.get("Status") not in bgp.GONE)
        if present:
            self.check_vpc(live)
            added = [block for block in self.blocks if block not in live]
            removed = [block for block in bgp.sort_cidrs(live) if block not in self.blocks] if self.params["purge"] else []
        else:
            added = []
            removed = [block for block in self.blocks if block in live]
        if not added and not removed:
            if self.params["wait"] and not self.module.check_mode and self.unsettled(current, [], []):
                current = self.wait_until(lambda networks: self.unsettled(networks, [], []),
                                          "BGP networks %s on %s" % (", ".join(self.blocks), self.router_id))
            return self.result(False, current, current, [], [])
        predicted = dict((block, item) for block, item in current.items() if block not in removed)
        for block in added:
            predicted[block] = {"DstCidrBlock": block, "RouterId": self.router_id, "VpcId": self.params["vpc_id"] or "",
                                "Status": bgp.AVAILABLE}
        if self.module.check_mode:
            return self.result(True, current, predicted, added, removed)
        for block in removed:
            self.delete(live[block])
        again = [block for block in added if block in current]  # being deleted: add it again once it is gone
        if again:
            self.wait_until(lambda networks: ", ".join(b for b in again if b in networks) or None,
                            "BGP networks %s on %s to be gone before they are added again"
                            % (", ".join(again), self.router_id))
        for block in added:
            self.add(block)
        if self.params["wait"]:
            after = self.wait_until(lambda networks: self.unsettled(networks, added, removed),
                                    "BGP networks on %s" % self.router_id)
        else:
            after = self.describe()
        return self.result(True, current, after, added, removed)

    def unsettled(self, networks, added, removed):
        """What is still waited for: added or listed blocks not Available (present), removed or listed ones not gone
        (absent); None when nothing is."""
        waiting = []
        if self.params["state"] == "present":
            for block in list(dict.fromkeys(list(added) + self.blocks)):
                status = networks[block].get("Status") if block in networks else "not found"
                if status != bgp.AVAILABLE:
                    waiting.append("%s %s" % (block, status))
        for block in list(removed) + ([] if self.params["state"] == "present" else self.blocks):
            if block in networks:
                waiting.append("%s %s" % (block, networks[block].get("Status")))
        return ", ".join(waiting) or None

    def check_vpc(self, live):
        vpc_id = self.params["vpc_id"]
        for block in self.blocks:
            current_vpc = live.get(block, {}).get("VpcId")
            if vpc_id and current_vpc and current_vpc != vpc_id:
                raise AlicloudError("vpc_id cannot be changed after creation: %s is advertised by %s for %s, not %s"
                                    % (block, self.router_id, current_vpc, vpc_id))

    def add(self, block):
        params = {"RouterId": self.router_id, "DstCidrBlock": block}
        if self.params["vpc_id"]:
            params["VpcId"] = self.params["vpc_id"]
        try:
            # A retried add after a lost answer is refused as a duplicate: that one is our own network.
            self.client.call("AddBgpNetwork", params, client_token=True, done_codes=(bgp.NETWORK_EXISTS,),
                             blocked_codes=BGP_BLOCKED, blocked_timeout=self.params["wait_timeout"])
        except AlicloudApiError as err:
            if err.code != bgp.NETWORK_EXISTS:
                raise
            # Added just now by another run of the same play (two runs at once): the block on this VBR is the one
            # asked for, once it is listed (the VPC it names is checked like any listed one).
            listed = concurrency.wait_listed(lambda: self.describe().get(block), "BGP network %s on %s"
                                             % (block, self.router_id), gone_statuses=bgp.GONE, look_first=True)
            if listed is None:
                raise AlicloudError("%s is already advertised by %s, although DescribeBgpNetworks did not list it "
                                    "within %d seconds (or listed it as being deleted): %s"
                                    % (block, self.router_id, concurrency.VISIBILITY_WINDOW, err), api_error=err)
            self.check_vpc({block: listed})

    def delete(self, item):
        try:
            self.client.call("DeleteBgpNetwork", {"RouterId": self.router_id, "DstCidrBlock": item["DstCidrBlock"]},
                             client_token=True, done_codes=bgp.NETWORK_NOT_FOUND, blocked_codes=BGP_BLOCKED,
                             blocked_timeout=self.params["wait_timeout"])
        except AlicloudApiError as err:
            if err.code not in bgp.NETWORK_NOT_FOUND:
                raise
            # Deleted by someone else since the lookup: already gone.


def live_blocks(networks):
    return bgp.sort_cidrs(block for block, item in networks.items() if item.get("Status") not in bgp.GONE)


def diff_view(router_id, networks):
    return {"router_id": router_id, "dst_cidr_blocks": live_blocks(networks)}


def run(module):
    """The module's result; raises AlicloudError to fail it."""
    errors, blocks = bgp.validate_networks(module.params["dst_cidr_blocks"], module.params["vpc_id"])
    raise_if(errors)
    return NetworkManager(module, blocks).ensure()


def main():
    # router_id and dst_cidr_blocks are required: not empty either (AlicloudModule).
    module = AlicloudModule(argument_spec=argument_spec(), supports_check_mode=True, wait=True, not_empty=("vpc_id",))
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the aliyun.express_connect collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: ali_ri_connection
short_description: Connect, activate and deactivate a pair of Alibaba Cloud router interfaces
version_added: 0.1.0
description:
  - Manages the connection between an initiating router interface and its accepting router interface, for example
    between a VBR and a VPC's vRouter.
  - With O(state=present) both ends are first made to know each other (ModifyRouterInterfaceAttribute sets
    the opposite interface, router and router type on each end that lacks them; this is only possible while that
    end is C(Idle)), then an C(Idle) initiator is connected (ConnectRouterInterface), every C(Inactive) end is
    activated (ActivateRouterInterface), and the module waits until both ends are C(Active).
  - The opposite information is not effective at once. After setting it the module waits until both ends are
    C(Idle) again and show each other, then connects; a connect refused with
    C(IncorrectOppositeInterfaceInfo.NotSet) while the change propagates is retried until O(wait_timeout).
  - The two ends may be in different accounts and regions. The acceptor is then read and changed with its own
    account's connection settings in its own region (O(opposite_connection)), the initiator with the module's; each
    end must already name the other's account and region (set when it was created with
    M(aliyun.express_connect.ali_router_interface)), which the module checks before any change.
  - With O(state=absent) every C(Active) end is deactivated and the module waits until both ends are C(Inactive).
    An C(Idle) end (never connected) stays C(Idle). The interfaces themselves are not deleted; use
    M(aliyun.express_connect.ali_router_interface) for that.
  - Before any change the module checks that the initiator is the C(InitiatingSide), that the acceptor is the
    C(AcceptingSide), that neither end is paired with a third interface, that the initiator's VBR (if any) is
    C(active), and that the two routers are not already connected through another pair.
  - An end that is C(Connecting), C(AcceptingConnecting), C(Activating) or C(Deactivating) is waited out before
    deciding what to do; so is one that is C(Modifying), also in check mode, since what it becomes is not shown.
  - A pair that is already connected (both ends C(Active) and pointing at each other) is left alone (no call that
    changes anything, C(changed=false)), and one that is being connected is waited for until C(Active)
    (C(changed=false)); with O(state=absent) the same holds for a pair already C(Inactive) or being deactivated.
  - Two runs at once (for example a job launched twice) converge. When a step is refused because the pair is no
    longer in the status it was planned for (C(IncorrectStatus), C(Forbidden.OnlyOneConnection)), or the pair leaves
    C(Idle) while the module waits for its pairing to show, both ends are read again and the module goes on from
    what they are now (up to O(wait_timeout) after the first refusal). C(changed) says whether this run's own calls
    changed anything.
author:
  - Express Connect collection maintainers (@aliyun)
options:
  router_interface_id:
    description:
      - ID of the initiating router interface (role C(InitiatingSide), for example the VBR's interface).
    type: str
    required: true
    aliases: [initiator_id]
  opposite_interface_id:
    description:
      - ID of the accepting router interface (role C(AcceptingSide), for example the vRouter's interface).
    type: str
    required: true
    aliases: [acceptor_id]
  opposite_connection:
    description:
      - The connection settings of the acceptor's account and region, when they differ from the module's (the
        initiator's). The keys are the module's own connection options.
      - Settings that name a credential source (O(opposite_connection.alicloud_access_key) with
        O(opposite_connection.alicloud_secret_key), O(opposite_connection.alicloud_profile),
        O(opposite_connection.alicloud_config_file) or O(opposite_connection.ecs_role_name)) are the acceptor's whole
        credentials; the module's credentials, its environment variables and the CLI's current profile are not used
        for it. Settings without one use the module's credentials (the same account in another region, or a RAM
        role of the other account assumed with them, O(opposite_connection.alicloud_assume_role_arn)).
      - An option not given is the module's own (the region too); the two sets are never mixed, and their secrets
        never shown.
    type: dict
    suboptions:
      alicloud_access_key:
        description: AccessKey ID of the acceptor's account.
        type: str
        aliases: [access_key]
      alicloud_secret_key:
        description: AccessKey secret, together with O(opposite_connection.alicloud_access_key).
        type: str
        aliases: [secret_key]
      alicloud_security_token:
        description: STS token of a temporary AccessKey pair.
        type: str
        aliases: [security_token]
      alicloud_profile:
        description: aliyun CLI profile with the acceptor's credentials (and region, when not given).
        type: str
      alicloud_config_file:
        description: aliyun CLI configuration file of O(opposite_connection.alicloud_profile).
        type: path
      ecs_role_name:
        description: RAM role of the ECS instance this runs on, for the acceptor.
        type: str
      alicloud_assume_role_arn:
        description: RAM role to assume for the acceptor (for example one in the acceptor's account).
        type: str
      alicloud_assume_role_session_name:
        description: Session name of that role.
        type: str
      alicloud_assume_role_session_expiration:
        description: Lifetime of that role's session in seconds, between 900 and 3600.
        type: int
      alicloud_region:
        description: Region of the acceptor. Defaults to the module's region.
        type: str
        aliases: [region]
      vpc_endpoint:
        description: URL that replaces the acceptor region's VPC API endpoint (see O(vpc_endpoint)).
        type: str
    version_added: 0.4.0
  state:
    description:
      - V(present) connects the pair and makes both ends C(Active).
      - V(absent) deactivates both ends (C(Inactive)).
    type: str
    choices: [present, absent]
    default: present
notes:
  - Supports check mode (only read calls; the result predicts the statuses) and diff mode (the statuses of
    both ends before and after).
  - Only one connected pair can exist between two routers.
  - With O(wait=false) the module returns after the API calls, while the ends may still be C(Connecting),
    C(Activating) or C(Deactivating).
seealso:
  - module: aliyun.express_connect.ali_router_interface
  - module: aliyun.express_connect.ali_router_interface_info
extends_documentation_fragment:
  - aliyun.express_connect.alicloud
  - aliyun.express_connect.alicloud.WAIT
  - aliyun.express_connect.alicloud.ATTRIBUTES
"""

EXAMPLES = r"""
- name: Connect a VBR's interface (network account, cn-shanghai) to a VPC's interface (workload account, cn-hangzhou)
  aliyun.express_connect.ali_ri_connection:
    alicloud_region: cn-shanghai
    router_interface_id: "{{ vbr_ri.router_interface_id }}"
    opposite_interface_id: "{{ vpc_ri.router_interface_id }}"
    opposite_connection:
      alicloud_access_key: "{{ workload_access_key }}"
      alicloud_secret_key: "{{ workload_secret_key }}"
      alicloud_region: cn-hangzhou

- name: Connect the VBR's interface to the VPC's interface and wait until both are Active
  aliyun.express_connect.ali_ri_connection:
    router_interface_id: "{{ vbr_ri.router_interface_id }}"
    opposite_interface_id: "{{ vpc_ri.router_interface_id }}"
  register: connection

- name: Take the connection down (both ends Inactive), for example before deleting the interfaces
  aliyun.express_connect.ali_ri_connection:
    router_interface_id: "{{ vbr_ri.router_interface_id }}"
    opposite_interface_id: "{{ vpc_ri.router_interface_id }}"
    state: absent
"""

RETURN = r"""
router_interface_id:
  description: ID of the initiating interface.
  returned: always
  type: str
  sample: ri-bp1initiator
opposite_interface_id:
  description: ID of the accepting interface.
  returned: always
  type: str
  sample: ri-bp1acceptor
connection:
  description: Both ends of the connection (predicted in check mode).
  returned: always
  type: dict
  contains:
    status:
      description:
        - The common status of both ends (C(Active), C(Inactive), C(Idle), ...) when they agree,
          else C(Mixed).
      type: str
      sample: Active
    initiator:
      description: The initiating interface as DescribeRouterInterfaces returns it, keys in snake_case.
      type: dict
      sample: {router_interface_id: ri-bp1initiator, role: InitiatingSide, status: Active, router_type: VBR}
    acceptor:
      description: The accepting interface as DescribeRouterInterfaces returns it, keys in snake_case.
      type: dict
      sample: {router_interface_id: ri-bp1acceptor, role: AcceptingSide, status: Active, router_type: VRouter}
"""

import random
import time

from ansible_collections.aliyun.express_connect.plugins.module_utils.client import END_OPTIONS, end_connection_argument_spec
from ansible_collections.aliyun.express_connect.plugins.module_utils.errors import AlicloudApiError, AlicloudError, raise_if
from ansible_collections.aliyun.express_connect.plugins.module_utils.module import AlicloudModule
from ansible_collections.aliyun.express_connect.plugins.module_utils import router_interface as ri
from ansible_collections.aliyun.express_connect.plugins.module_utils import vbr as vbr_utils
from ansible_collections.aliyun.express_connect.plugins.module_utils.retry import CONNECT_BLOCKED, blocked_delay

# Refusals of a step because the pair is no longer in the status it was planned for: another run (or a transition)
# moved it on since it was read; Forbidden.OnlyOneConnection is also how the cloud refuses a second connect between
# the same two routers while one is in progress. The pair is read again and the next step planned from there.
MOVED_ON = ("IncorrectStatus", "IncorrectRIStatus", "INSTANCE_IN_PROCESSIONG", "IncorrectStatus.RouterInterface",
            "Forbidden.OnlyOneConnection")


def acceptor_client(module):
    """The client of the acceptor's account and region: opposite_connection's, else the module's."""
    settings = module.params.get("opposite_connection")
    if settings is None:
        return module.client
    if not any(value is not None for value in settings.values()):
        # Given as {}: Ansible fills in every suboption as null, which the not_empty check cannot tell from settings.
        raise AlicloudError("opposite_connection must not be empty: give the acceptor's connection settings, or leave "
                            "it out for an acceptor in the module's account and region")
    return module.end_client("opposite_connection")


def client_of(module, ri_id):
    """Each end is read and changed only by its own account in its own region."""
    return module.client if ri_id == module.params["router_interface_id"] else acceptor_client(module)


def read_ends(module, ids):
    """The interfaces with these IDs (either end or both): one DescribeRouterInterfaces per client."""
    found = {}
    for client in dict((id(client_of(module, ri_id)), client_of(module, ri_id)) for ri_id in ids).values():
        mine = [ri_id for ri_id in ids if client_of(module, ri_id) is client]
        found.update((item["RouterInterfaceId"], item) for item in ri.describe_ids(client, mine))
    return [found[ri_id] for ri_id in ids if ri_id in found]


def load(module):
    """Both ends, each read by its own client; fails naming the option of an end that does not exist."""
    options = ("router_interface_id", "opposite_interface_id")
    ids = [module.params[option] for option in options]
    found = dict((item["RouterInterfaceId"], item) for item in read_ends(module, ids)
                 if item.get("Status") not in ri.GONE)
    for option, ri_id in zip(options, ids):
        if ri_id not in found:
            raise AlicloudError("%s %s: no such router interface in region %s"
                                % (option, ri_id, client_of(module, ri_id).region))
    return found[ids[0]], found[ids[1]]


def settle(module, initiator, acceptor):
    """Wait out transient statuses, with one Describe per poll for both ends, so the plan works from stable ones.

    Check mode waits only for Modifying, whose outcome Describe does not show; the other statuses predict their end.
    """
    pair = (initiator, acceptor)
    waited = ri.UNSETTLED if not module.check_mode else (ri.MODIFYING,)
    if not any(item["Status"] in waited for item in pair):
        return pair
    ids = [item["RouterInterfaceId"] for item in pair]
    return tuple(ri.wait_each(module, ids, lambda item: item["Status"] not in waited, "settled",
                              read=lambda wanted: read_ends(module, wanted)))


def preflight(module, initiator, acceptor, state):
    """Every rule that can be checked without changing anything."""
    init_id, acc_id = initiator["RouterInterfaceId"], acceptor["RouterInterfaceId"]
    if init_id == acc_id:
        raise AlicloudError("router_interface_id and opposite_interface_id must be two different interfaces")
    if initiator.get("Role") != "InitiatingSide":
        raise AlicloudError("router_interface_id %s is the %s; the initiator of a connection must be the "
                            "InitiatingSide (swap router_interface_id and opposite_interface_id?)"
                            % (init_id, initiator.get("Role")))
    if acceptor.get("Role") != "AcceptingSide":
        raise AlicloudError("opposite_interface_id %s is the %s; the acceptor of a connection must be the "
                            "AcceptingSide" % (acc_id, acceptor.get("Role")))
    if initiator.get("RouterId") == acceptor.get("RouterId"):
        raise AlicloudError("router interfaces %s and %s are on the same router %s; a connection needs two routers"
                            % (init_id, acc_id, initiator.get("RouterId")))
    ends = ((initiator, "router_interface_id", acceptor), (acceptor, "opposite_interface_id", initiator))
    for item, option, other in ends:
        paired = item.get("OppositeInterfaceId")
        if paired and paired != other["RouterInterfaceId"]:
            raise AlicloudError("%s %s is paired with another interface, %s, not with %s; delete and recreate it, "
                                "or connect it to %s" % (option, item["RouterInterfaceId"], paired,
                                                         other["RouterInterfaceId"], paired))
    for item, option, other in ends:
        opposite_router = item.get("OppositeRouterId")
        if opposite_router and opposite_router != other.get("RouterId"):
            raise AlicloudError("%s %s points at router %s, but %s is on router %s"
                                % (option, item["RouterInterfaceId"], opposite_router, other["RouterInterfaceId"],
                                   other.get("RouterId")))
    raise_if(other_side_errors(module, initiator, acceptor))
    if state != "present" or ri.settled_status(initiator["Status"]) not in ("Idle", "Inactive"):
        return  # nothing to connect or activate: the rules below need no call
    if initiator.get("RouterType") == "VBR":
        vbr = vbr_utils.get(module.client, initiator["RouterId"])
        status = vbr.get("Status") if vbr else "gone"
        if status != "active":
            raise AlicloudError("the initiator's VBR %s is %s; it must be active to connect or activate its router "
                                "interface %s" % (initiator["RouterId"], status, init_id))
    if initiator["Status"] == "Idle":
        # Only one connected pair may exist between two routers (the API's Forbidden.OnlyOneConnection). The
        # interfaces between them, both ways, are one call: router in {both} and opposite router in {both}.
        routers = [initiator["RouterId"], acceptor["RouterId"]]
        # Each account sees only its own interfaces: asked of each end's client.
        clients = dict((id(c), c) for c in (module.client, acceptor_client(module))).values()
        others = [i for client in clients for i in ri.describe(client, RouterId=routers, OppositeRouterId=routers)
                  if i["RouterInterfaceId"] not in (init_id, acc_id) and i.get("Status") not in ("Idle",) + ri.GONE
                  and set([i.get("RouterId"), i.get("OppositeRouterId")]) == set(routers)]
        if others:
            raise AlicloudError("routers %s and %s are already connected through router interface %s (%s); only "
                                "one connection is allowed between two routers (Forbidden.OnlyOneConnection)"
                                % (initiator["RouterId"], acceptor["RouterId"], others[0]["RouterInterfaceId"],
                                   others[0].get("Status")))


def other_side_errors(module, initiator, acceptor):
    """Each end must name the other's region (the region its client reads it in) and, across accounts, each the
    other's account: what ConnectRouterInterface checks, said before any change with the option to fix."""
    errors = []
    ends = ((initiator, "router_interface_id", acceptor, "opposite_interface_id"),
            (acceptor, "opposite_interface_id", initiator, "router_interface_id"))
    for item, option, other, other_option in ends:
        named, actual = item.get("OppositeRegionId"), client_of(module, other["RouterInterfaceId"]).region
        if named and named != actual:
            errors.append("%s %s names opposite region %s, but %s %s is in region %s (%s); recreate the end with "
                          "opposite_region_id %s" % (option, item["RouterInterfaceId"], named, other_option,
                                                     other["RouterInterfaceId"], actual,
                                                     "opposite_connection.alicloud_region" if other is acceptor
                                                     else "alicloud_region", actual))
    for item, option, other, other_option in ends:
        if other.get("OppositeInterfaceOwnerId") and not item.get("OppositeInterfaceOwnerId"):
            errors.append("%s %s names no opposite account while %s %s names account %s: across accounts each end "
                          "names the other's (opposite_interface_owner_id of ali_router_interface, while it is Idle)"
                          % (option, item["RouterInterfaceId"], other_option, other["RouterInterfaceId"],
                             other["OppositeInterfaceOwnerId"]))
    return errors


def pairing_params(item, other):
    """ModifyRouterInterfaceAttribute params that make `item` point at `other`, or None when it already does."""
    wanted = {"OppositeInterfaceId": other["RouterInterfaceId"], "OppositeRouterId": other["RouterId"],
              "OppositeRouterType": other["RouterType"]}
    if all(item.get(k) == v for k, v in wanted.items()):
        return None
    if item["Status"] != "Idle" and item.get("OppositeInterfaceId") == other["RouterInterfaceId"]:
        return None  # already connected to it (the API may leave the router type blank)
    return dict(wanted, RouterInterfaceId=item["RouterInterfaceId"])


def plan_present(module, initiator, acceptor):
    """[(action, params)] to make both ends Active; fails before any change when the plan is impossible."""
    steps = []
    for item, other, option in ((initiator, acceptor, "router_interface_id"), (acceptor, initiator, "opposite_interface_id")):
        params = pairing_params(item, other)
        if params:
            if item["Status"] != "Idle":
                raise AlicloudError("%s %s does not point at %s, and its opposite interface can only be set while it "
                                    "is Idle (it is %s)"
                                    % (option, item["RouterInterfaceId"], other["RouterInterfaceId"], item["Status"]))
            steps.append(("ModifyRouterInterfaceAttribute", params))
    init_status, acc_status = ri.settled_status(initiator["Status"]), ri.settled_status(acceptor["Status"])
    if init_status == "Idle":
        if acc_status != "Idle":
            raise AlicloudError("the initiator %s is Idle but the acceptor %s is %s; only an Idle pair can be "
                                "connected" % (initiator["RouterInterfaceId"], acceptor["RouterInterfaceId"],
                                               acc_status))
        steps.append(("ConnectRouterInterface", {"RouterInterfaceId": initiator["RouterInterfaceId"]}))
        return steps
    if acc_status == "Idle":
        raise AlicloudError("the acceptor %s is Idle but the initiator %s is %s; recreate the acceptor or the pair"
                            % (acceptor["RouterInterfaceId"], initiator["RouterInterfaceId"], init_status))
    for item, status in ((initiator, init_status), (acceptor, acc_status)):
        if status == "Inactive":
            steps.append(("ActivateRouterInterface", {"RouterInterfaceId": item["RouterInterfaceId"]}))
    return steps


def plan_absent(initiator, acceptor):
    return [("DeactivateRouterInterface", {"RouterInterfaceId": item["RouterInterfaceId"]})
            for item in (initiator, acceptor) if ri.settled_status(item["Status"]) == "Active"]


def predict(item, steps, state):
    status = ri.settled_status(item["Status"])
    item = dict(item, Status=status)
    ri_id = item["RouterInterfaceId"]
    for action, params in steps:
        if action == "ModifyRouterInterfaceAttribute" and params["RouterInterfaceId"] == ri_id:
            item.update((k, v) for k, v in params.items() if k != "RouterInterfaceId")
        elif action == "ConnectRouterInterface":
            item["Status"] = "Active"
        elif action in ("ActivateRouterInterface", "DeactivateRouterInterface") and params["RouterInterfaceId"] == ri_id:
            item["Status"] = "Active" if state == "present" else "Inactive"
    return item


def connection(initiator, acceptor):
    statuses = set([initiator.get("Status"), acceptor.get("Status")])
    return dict(status=statuses.pop() if len(statuses) == 1 else "Mixed",
                initiator=ri.normalize(initiator), acceptor=ri.normalize(acceptor))


def diff_view(initiator, acceptor):
    return dict(initiator_status=initiator.get("Status"), acceptor_status=acceptor.get("Status"),
                initiator_opposite_interface_id=initiator.get("OppositeInterfaceId") or None,
                acceptor_opposite_interface_id=acceptor.get("OppositeInterfaceId") or None)


def wait_paired(module, initiator, acceptor):
    """After ModifyRouterInterfaceAttribute: both ends Idle again, each showing the other (nothing left to pair), or
    moved on from Idle (another run connected the pair meanwhile). Returns both ends as last read."""
    ids = [initiator["RouterInterfaceId"], acceptor["RouterInterfaceId"]]
    others = {ids[0]: acceptor, ids[1]: initiator}

    def ready(item):
        if item["Status"] == "Idle":
            return pairing_params(item, others[item["RouterInterfaceId"]]) is None
        return item["Status"] != ri.MODIFYING
    return tuple(ri.wait_each(module, ids, ready, "Idle and paired", read=lambda wanted: read_ends(module, wanted)))


def wait_final(module, before, state):
    """Wait until each end reaches the wanted status (Active; or Inactive unless it stays Idle)."""
    def wanted(item):
        if state == "present":
            return "Active"
        return "Idle" if item["Status"] == "Idle" else "Inactive"
    targets = dict((item["RouterInterfaceId"], wanted(item)) for item in before)
    return tuple(ri.wait_each(module, list(targets), lambda item: item["Status"] == targets[item["RouterInterfaceId"]],
                              "/".join(targets.values()), read=lambda wanted: read_ends(module, wanted)))


def apply(module, steps, initiator, acceptor):
    """Run the steps. Returns (whether a call was accepted, whether every step ran, the refusal that stopped them or
    None). Steps stop early on a refusal because the pair is no longer in the status they were planned for, or when
    the pair left Idle while this run waited for its pairing to show (another run connected it meanwhile)."""
    timeout = module.params["wait_timeout"]
    accepted = modified = False
    for action, params in steps:
        client = client_of(module, params["RouterInterfaceId"])
        try:
            if action == "ModifyRouterInterfaceAttribute":
                client.call(action, params)
                accepted = modified = True
                continue
            if action == "ConnectRouterInterface" and modified:
                initiator, acceptor = wait_paired(module, initiator, acceptor)
                if initiator["Status"] != "Idle" or acceptor["Status"] != "Idle":
                    return accepted, False, None
            client.call(action, params, done_codes=ri.STATUS_DONE_CODES,
                        blocked_codes=CONNECT_BLOCKED if action == "ConnectRouterInterface" else (),
                        blocked_timeout=timeout)
            accepted = True
        except AlicloudApiError as err:
            if err.code not in MOVED_ON:
                raise
            return accepted, False, err
    return accepted, True, None


def plan(module, initiator, acceptor, state):
    return plan_present(module, initiator, acceptor) if state == "present" else plan_absent(initiator, acceptor)


def converge(module, state, initiator, acceptor, clock=time.monotonic, sleep=time.sleep, rand=random.random):
    """Plan and apply; when the steps stop early because the pair moved on, read both ends again (waiting out a
    transition they are in) and plan again from there, for up to wait_timeout after the first refusal.

    Two runs of the same interconnect converge here: the second one finds the pair connected, connecting or being
    deactivated by the first, and follows it instead of waiting for a status the pair has left.
    Returns (whether this run changed anything, the ends the last plan was made for, that plan's steps).
    """
    changed = False
    refused_since = None
    while True:
        steps = plan(module, initiator, acceptor, state)
        if not steps:
            return changed, (initiator, acceptor), steps
        accepted, complete, refusal = apply(module, steps, initiator, acceptor)
        changed = changed or accepted
        if complete:
            return changed, (initiator, acceptor), steps
        if refusal is not None:
            refused_since = clock() if refused_since is None else refused_since
            blocked_for = clock() - refused_since
            delay = blocked_delay(blocked_for, rand)
            if blocked_for + delay > module.params["wait_timeout"]:
                raise refusal
            sleep(delay)
        initiator, acceptor = load(module)
        preflight(module, initiator, acceptor, state)
        initiator, acceptor = settle(module, initiator, acceptor)


def run(module):
    """The module's result; raises AlicloudError to fail it."""
    state = module.params["state"]
    acceptor_client(module)  # both sets of settings checked before any call
    initiator, acceptor = load(module)
    preflight(module, initiator, acceptor, state)
    initiator, acceptor = settle(module, initiator, acceptor)
    first = (initiator, acceptor)
    if module.check_mode:
        steps = plan(module, initiator, acceptor, state)
        changed, before = bool(steps), first
    else:
        changed, before, steps = converge(module, state, initiator, acceptor)
    if module.check_mode or not steps:
        after = (predict(before[0], steps, state), predict(before[1], steps, state))
    elif module.params["wait"]:
        after = wait_final(module, before, state)
    else:
        after = tuple(read_ends(module, [item["RouterInterfaceId"] for item in before]))
    before = first
    return dict(changed=changed, router_interface_id=module.params["router_interface_id"],
                opposite_interface_id=module.params["opposite_interface_id"],
                connection=connection(*after),
                diff=dict(before=diff_view(*before), after=diff_view(*after)))


def main():
    module = AlicloudModule(
        argument_spec=dict(
            router_interface_id=dict(type="str", required=True, aliases=["initiator_id"]),
            opposite_interface_id=dict(type="str", required=True, aliases=["acceptor_id"]),
            state=dict(type="str", default="present", choices=["present", "absent"]),
            opposite_connection=dict(type="dict", options=end_connection_argument_spec()),
        ),
        supports_check_mode=True,
        wait=True,
        not_empty=("opposite_connection",) + tuple("opposite_connection." + name for name in END_OPTIONS),
    )
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()

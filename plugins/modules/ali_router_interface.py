#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the aliyun.express_connect collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: ali_router_interface
short_description: Create, modify and delete Alibaba Cloud router interfaces (Express Connect)
version_added: 0.1.0
description:
  - Manages one router interface (RI) on a virtual border router (VBR) or a VPC's vRouter.
  - A router interface is one end of a connection between two routers. The end on the VBR is always the
    C(InitiatingSide); the end on the vRouter is the C(AcceptingSide), with spec C(Negative).
  - The interface is found by O(router_interface_id), else by its natural key, O(router_id) with
    O(opposite_router_id) for a paired interface, else O(router_id) with O(name).
  - Connecting and activating a pair of interfaces is the job of M(aliyun.express_connect.ali_ri_connection).
  - With O(state=absent) an C(Active) interface is deactivated first and then deleted. The module refuses to
    delete an interface that route entries still use as their next hop, and names those entries; entries that
    are already being deleted are waited out instead.
  - Input is validated before any API call; options that cannot be changed after creation make the module
    fail with a message naming the option.
author:
  - Express Connect collection maintainers (@aliyun)
options:
  state:
    description:
      - V(present) creates the interface or brings its attributes in line with the options given.
      - V(absent) deactivates (if C(Active)) and deletes it, then waits until it is gone (with O(wait)).
    type: str
    choices: [present, absent]
    default: present
  router_interface_id:
    description:
      - ID of an existing router interface (C(ri-...)). When given, no natural-key lookup is made and
        O(state=present) fails if the interface does not exist.
    type: str
    aliases: [id]
  router_id:
    description:
      - ID of the router that owns the interface, a VBR (C(vbr-...)) or a vRouter (C(vrt-...)).
      - Needed to create an interface and for the natural-key lookup. Cannot be changed after creation.
    type: str
  router_type:
    description:
      - Type of O(router_id). Defaults to the type implied by the ID prefix (C(vbr-) or C(vrt-)).
      - Cannot be changed after creation.
    type: str
    choices: [VBR, VRouter]
  role:
    description:
      - Role of the interface. A VBR interface must be the V(InitiatingSide); an interface whose opposite router
        is a VBR must be the V(AcceptingSide).
      - When creating, defaults to V(InitiatingSide) on a VBR and to V(AcceptingSide) when
        O(opposite_router_type=VBR). Cannot be changed after creation.
    type: str
    choices: [InitiatingSide, AcceptingSide]
  spec:
    description:
      - Bandwidth specification. The initiating side takes one of the documented specs
        (V(Mini.2) 2 Mbit/s ... V(Xlarge.1) 10,000 Mbit/s); the accepting side's spec is always V(Negative),
        which is also its default.
      - Required to create an initiating-side interface. A change on an existing interface is made with
        ModifyRouterInterfaceSpec, after which the module waits until the interface has settled.
    type: str
    choices: [Mini.2, Mini.5, Small.1, Small.2, Small.5, Middle.1, Middle.2, Middle.5, Large.1, Large.2, Large.5,
              Xlarge.1, Negative]
  opposite_region_id:
    description:
      - Region of the opposite router. Defaults to the module's region when creating.
      - Required with O(opposite_interface_owner_id) and with O(instance_charge_type=PrePaid). Each end names the
        other's region (the VBR's interface the VPC's region, the VPC's interface the VBR's region), and each end is
        managed in its own region (O(alicloud_region)).
      - Cannot be changed after creation.
    type: str
  opposite_router_type:
    description:
      - Type of the opposite router. Defaults to the type implied by the O(opposite_router_id) prefix.
      - Can be changed only while the interface is C(Idle).
    type: str
    choices: [VBR, VRouter]
  opposite_router_id:
    description:
      - ID of the opposite router. Part of the natural key of a paired interface.
      - Can be changed only while the interface is C(Idle).
    type: str
  opposite_interface_id:
    description:
      - ID of the opposite router interface. Can be changed only while the interface is C(Idle).
      - When an interface is created with it and O(wait=true), the module waits until both interfaces are listed
        (one DescribeRouterInterfaces per poll for both), so the opposite interface may be one created just before
        with O(wait=false); the pair is then ready for M(aliyun.express_connect.ali_ri_connection).
    type: str
  opposite_interface_owner_id:
    description:
      - UID (digits) of the Alibaba Cloud main account that owns the opposite interface, for a connection between two
        accounts; each end names the other's account. Not a RAM user's ID.
      - To create an interface with it, O(opposite_router_id) and O(opposite_region_id) are required, and
        O(opposite_access_point_id) when the opposite router is a VBR, since nothing of the other account can be read from
        this one.
      - Can be changed only while the interface is C(Idle).
    type: str
  access_point_id:
    description:
      - Access point of a VBR interface. Defaults to the VBR's own access point (read with
        DescribeVirtualBorderRouters). Only valid when O(router_type=VBR). Cannot be changed after creation.
      - Giving it (for example C(vbr.vbr.access_point_id) from M(aliyun.express_connect.ali_vbr)) saves that read.
    type: str
  opposite_access_point_id:
    description:
      - Access point of the opposite router when it is a VBR. Defaults to that VBR's own access point when the
        VBR is in the module's account and region; required otherwise. Cannot be changed after creation.
    type: str
  instance_charge_type:
    description:
      - Billing of the interface, V(PostPaid) (pay-as-you-go; what the API does when not given) or V(PrePaid)
        (a subscription).
      - V(PrePaid) is only possible when the two ends are in different regions (O(opposite_region_id) other than the
        module's region); it needs O(period). Only the initiating side is charged across regions.
      - A V(PrePaid) interface cannot be deleted through the VPC API before it expires; O(state=absent) fails on it
        before any call.
      - Cannot be changed after creation.
    type: str
    choices: [PostPaid, PrePaid]
    version_added: 0.4.0
  pricing_cycle:
    description:
      - Unit of O(period) for V(PrePaid). Only with O(instance_charge_type=PrePaid); defaults to V(Month) there.
      - Used only when creating the interface.
    type: str
    choices: [Month, Year]
    version_added: 0.4.0
  period:
    description:
      - Length of the subscription, 1 to 9 months or 1 to 3 years (O(pricing_cycle)). Required with
        O(instance_charge_type=PrePaid), refused without it.
      - Used only when creating the interface.
    type: int
    version_added: 0.4.0
  auto_pay:
    description:
      - Whether the subscription's order is paid at once. Only with O(instance_charge_type=PrePaid); defaults to
        V(true) there, since an unpaid order leaves no interface to manage.
      - Used only when creating the interface.
    type: bool
    version_added: 0.4.0
  auto_renew:
    description:
      - Whether the subscription renews itself when it expires. Only with O(instance_charge_type=PrePaid).
      - Used only when creating the interface.
    type: bool
    version_added: 0.4.0
  name:
    description:
      - Name of the interface, 2 to 128 characters. Identifies an unpaired interface together with O(router_id).
    type: str
  description:
    description:
      - Description, 2 to 256 characters, not starting with C(http://) or C(https://).
    type: str
  health_check_source_ip:
    description:
      - Source IP address of the health check, an unused private IPv4 address of the local VPC. The cloud probes
        O(health_check_target_ip) from it over this interface's circuit and, when the probes go unanswered, moves the
        traffic of a redundant (ECMP) route of the VPC off this interface.
      - Set it on the VPC's accepting side.
      - Give it together with O(health_check_target_ip); set both to an empty string to remove the health check
        (C(DeleteHealthCheckIp)).
      - The module checks before any API call that it is a private IPv4 address other than the target. Whether it
        lies inside the VPC only the API can check, since the module does not know the VPC's CIDR block.
    type: str
  health_check_target_ip:
    description:
      - Target IP address of the health check, usually the data centre's gateway on this circuit (the VBR's peer
        gateway IP). Give it together with O(health_check_source_ip).
    type: str
  health_check_rate:
    description:
      - Interval between two probes of the health check, in milliseconds (C(HcRate)), 1000 to 5000. The console's
        default is 2000.
      - The API takes it only in a modify, so for a new interface the create is followed by a
        C(ModifyRouterInterfaceAttribute), which is waited out (with O(wait)).
      - Only with a health check (O(health_check_source_ip) given, or already on the interface).
      - The API documents no range; 1000 to 5000 is the range of the collection's emulator.
    type: int
    aliases: [hc_rate]
    version_added: 0.4.0
  health_check_threshold:
    description:
      - Number of consecutive unanswered probes after which the line counts as down (C(HcThreshold)), 3 to 8. The
        console's default is 8.
      - Set like O(health_check_rate), and only with a health check.
      - The API documents no range; 3 to 8 is the range of the collection's emulator.
    type: int
    aliases: [hc_threshold]
    version_added: 0.4.0
notes:
  - The options that identify something (the IDs, router types, regions and access points, O(role), O(spec) and
    O(name)) must not be empty strings; the module fails naming the option before any API call. Only
    O(health_check_source_ip) and O(health_check_target_ip) take an empty string, to remove the health check. A
    null value counts as not given.
  - A router takes at most 5 router interfaces, and only one connected pair can exist between two routers.
  - For an interface with a health check, the result carries its C(health_check_status), read with one
    DescribeRouterInterfaceAttribute call (none is made for an interface without a health check, nor in check mode
    for an interface still to be created or changed).
  - Whether removing the health check also resets its rate and threshold is not documented; the module reports what
    the API lists afterwards.
  - Supports check mode and diff mode. Check mode makes only read calls.
  - The create carries a ClientToken derived from the request, so two runs that create the same interface at the
    same moment (both lookups finding nothing) get one interface. A new interface is waited for until it is listed
    (at most 30 seconds), also with O(wait=false), since a token replayed after its interface was deleted answers the
    deleted one, and then the create is sent again with another token.
  - With O(state=absent), an interface that is C(Connecting), C(Activating) or C(Deactivating) is waited out
    first, and an C(Active) one is deactivated and waited for C(Inactive) regardless of O(wait), because the API
    deletes only C(Idle) or C(Inactive) interfaces. O(wait) governs the final wait until it is gone.
  - With O(state=absent) and O(router_interface_id), an interface that is already being deleted is reported
    unchanged, and with O(wait=true) waited for until it is gone.
  - >-
    An end in another account or region: each account creates its own end in its own region, naming the other end's
    account (O(opposite_interface_owner_id)) and region (O(opposite_region_id)); the VPC's owner first allows the VBR's
    owner in with M(aliyun.express_connect.ali_vbr_grant). Then M(aliyun.express_connect.ali_ri_connection) pairs and
    connects them with both accounts' connection settings.
seealso:
  - module: aliyun.express_connect.ali_ri_connection
  - module: aliyun.express_connect.ali_router_interface_info
  - module: aliyun.express_connect.ali_vbr
extends_documentation_fragment:
  - aliyun.express_connect.alicloud
  - aliyun.express_connect.alicloud.WAIT
  - aliyun.express_connect.tags
  - aliyun.express_connect.alicloud.ATTRIBUTES
"""

EXAMPLES = r"""
- name: Initiating side on the VBR
  aliyun.express_connect.ali_router_interface:
    router_id: "{{ vbr.vbr_id }}"
    router_type: VBR
    role: InitiatingSide
    spec: Large.2
    opposite_router_type: VRouter
    opposite_router_id: vrt-bp1example
    name: vbr-to-vpc
    tags:
      env: prod
  register: vbr_ri

- name: Accepting side on the VPC's vRouter, already pointing at the VBR's interface
  aliyun.express_connect.ali_router_interface:
    router_id: vrt-bp1example
    router_type: VRouter
    role: AcceptingSide
    opposite_router_type: VBR
    opposite_router_id: "{{ vbr.vbr_id }}"
    opposite_interface_id: "{{ vbr_ri.router_interface_id }}"
    name: vpc-from-vbr
  register: vpc_ri

- name: Raise the bandwidth of the initiating side
  aliyun.express_connect.ali_router_interface:
    router_interface_id: "{{ vbr_ri.router_interface_id }}"
    spec: Xlarge.1

- name: Set exactly these tags (purge_tags defaults to true; system tags are kept)
  aliyun.express_connect.ali_router_interface:
    router_interface_id: "{{ vbr_ri.router_interface_id }}"
    tags:
      env: staging
      owner: network

- name: Add a health check
  aliyun.express_connect.ali_router_interface:
    router_interface_id: "{{ vbr_ri.router_interface_id }}"
    health_check_source_ip: 192.168.0.10
    health_check_target_ip: 10.0.0.10

- name: A health check on the VPC side of a line, probing every 2 s, down after 8 lost probes
  aliyun.express_connect.ali_router_interface:
    router_interface_id: "{{ vpc_ri.router_interface_id }}"
    health_check_source_ip: 172.16.255.10
    health_check_target_ip: "{{ vbr.vbr.peer_gateway_ip }}"
    health_check_rate: 2000
    health_check_threshold: 8
  register: line

- name: Show the line's health
  ansible.builtin.debug:
    msg: "{{ line.router_interface.health_check_status }}"

- name: Remove the health check
  aliyun.express_connect.ali_router_interface:
    router_interface_id: "{{ vpc_ri.router_interface_id }}"
    health_check_source_ip: ""
    health_check_target_ip: ""

- name: Initiating side on a VBR in cn-shanghai toward a VPC of another account in cn-hangzhou, a 1-month subscription
  aliyun.express_connect.ali_router_interface:
    alicloud_region: cn-shanghai
    router_id: "{{ vbr.vbr_id }}"
    spec: Small.1
    opposite_router_id: vrt-bp1otheraccount
    opposite_region_id: cn-hangzhou
    opposite_interface_owner_id: "1234567890123456"
    instance_charge_type: PrePaid
    period: 1
    name: shanghai-to-hangzhou

- name: Delete the accepting side (deactivates it first if it is Active)
  aliyun.express_connect.ali_router_interface:
    router_id: vrt-bp1example
    opposite_router_id: "{{ vbr.vbr_id }}"
    state: absent
"""

RETURN = r"""
router_interface_id:
  description: ID of the router interface (null when it does not exist, or in check mode before creation).
  returned: always
  type: str
  sample: ri-bp1exampleexample
router_interface:
  description:
    - The router interface as DescribeRouterInterfaces returns it, keys in snake_case.
    - Empty after O(state=absent). In check mode, the predicted interface.
  returned: always
  type: dict
  contains:
    router_interface_id:
      description: ID of the interface.
      type: str
      sample: ri-bp1exampleexample
    name:
      description: Name.
      type: str
      sample: vbr-to-vpc
    description:
      description: Description.
      type: str
    status:
      description: C(Idle), C(Connecting), C(Active), C(Activating), C(Deactivating), C(Inactive) or C(Deleting).
      type: str
      sample: Idle
    role:
      description: C(InitiatingSide) or C(AcceptingSide).
      type: str
      sample: InitiatingSide
    spec:
      description: Bandwidth spec; C(Negative) on the accepting side.
      type: str
      sample: Large.2
    bandwidth:
      description: Bandwidth in Mbit/s.
      type: int
      sample: 2000
    router_id:
      description: ID of the owning router.
      type: str
      sample: vbr-bp1example
    router_type:
      description: C(VBR) or C(VRouter).
      type: str
      sample: VBR
    access_point_id:
      description: Access point (VBR interfaces).
      type: str
      sample: ap-cn-hangzhou-xs-B
    opposite_region_id:
      description: Region of the opposite router.
      type: str
      sample: cn-hangzhou
    opposite_router_type:
      description: Type of the opposite router.
      type: str
      sample: VRouter
    opposite_router_id:
      description: ID of the opposite router.
      type: str
      sample: vrt-bp1example
    opposite_interface_id:
      description: ID of the opposite interface.
      type: str
      sample: ri-bp1opposite
    opposite_interface_owner_id:
      description: Owner of the opposite interface (empty for the same account).
      type: str
    opposite_access_point_id:
      description: Access point of the opposite router when it is a VBR.
      type: str
    health_check_source_ip:
      description: Health-check source IP.
      type: str
    health_check_target_ip:
      description: Health-check target IP.
      type: str
    hc_rate:
      description: Interval between health-check probes, in milliseconds.
      type: int
      sample: 2000
    hc_threshold:
      description: Unanswered probes after which the line counts as down.
      type: int
      sample: 8
    health_check_status:
      description:
        - The health check's status as DescribeRouterInterfaceAttribute reports it. C(Normal); C(Abnormal) (the
          probes go unanswered, the traffic of the redundant route avoids this interface); C(NoRedundantRoute) (no
          ECMP route of the VPC uses this line, so a failure moves nothing).
        - Only for an interface with a health check (not in check mode for one still to be created or changed).
      type: str
      sample: Normal
    charge_type:
      description: Billing as the API reads it back, C(AfterPay) (pay-as-you-go) or C(Prepaid) (subscription).
      type: str
      sample: AfterPay
    creation_time:
      description: Creation time (UTC).
      type: str
      sample: "2024-01-01T00:00:00Z"
    tags:
      description:
        - The tags of the interface as a dict; keys are kept exactly as they are (not converted to snake_case).
        - Includes system tags (keys starting with C(aliyun) or C(acs:)).
      type: dict
      sample: {env: prod}
  sample:
    router_interface_id: ri-bp1exampleexample
    status: Idle
    role: InitiatingSide
    spec: Large.2
    router_id: vbr-bp1example
    router_type: VBR
    tags: {env: prod}
"""

from ansible_collections.aliyun.express_connect.plugins.module_utils.errors import AlicloudApiError, AlicloudError, raise_if
from ansible_collections.aliyun.express_connect.plugins.module_utils.module import AlicloudModule
from ansible_collections.aliyun.express_connect.plugins.module_utils import concurrency
from ansible_collections.aliyun.express_connect.plugins.module_utils import router_interface as ri
from ansible_collections.aliyun.express_connect.plugins.module_utils import tagging
from ansible_collections.aliyun.express_connect.plugins.module_utils import vbr as vbr_utils
from ansible_collections.aliyun.express_connect.plugins.module_utils.retry import (
    MODIFY_BLOCKED, ROUTER_INTERFACE_DELETE_BLOCKED,
)

CREATE_ONLY = (
    ("router_type", "RouterType"), ("router_id", "RouterId"), ("role", "Role"), ("spec", "Spec"),
    ("opposite_region_id", "OppositeRegionId"), ("access_point_id", "AccessPointId"),
    ("opposite_access_point_id", "OppositeAccessPointId"), ("instance_charge_type", "InstanceChargeType"),
    ("pricing_cycle", "PricingCycle"), ("period", "Period"), ("auto_pay", "AutoPay"), ("auto_renew", "AutoRenew"),
)
# The create's billing order parameters: sent, never read back.
ORDER_FIELDS = ("InstanceChargeType", "PricingCycle", "Period", "AutoPay", "AutoRenew")
# The create refuses an OppositeInterfaceOwnerId that is no account (T16).
UNKNOWN_OWNER = "InvalidAliuid"


def argument_spec():
    return dict(
        state=dict(type="str", default="present", choices=["present", "absent"]),
        router_interface_id=dict(type="str", aliases=["id"]),
        router_id=dict(type="str"),
        router_type=dict(type="str", choices=ri.ROUTER_TYPES),
        role=dict(type="str", choices=ri.ROLES),
        spec=dict(type="str", choices=ri.SPECS),
        opposite_region_id=dict(type="str"),
        opposite_router_type=dict(type="str", choices=ri.ROUTER_TYPES),
        opposite_router_id=dict(type="str"),
        opposite_interface_id=dict(type="str"),
        opposite_interface_owner_id=dict(type="str"),
        access_point_id=dict(type="str"),
        opposite_access_point_id=dict(type="str"),
        name=dict(type="str"),
        description=dict(type="str"),
        health_check_source_ip=dict(type="str"),
        health_check_target_ip=dict(type="str"),
        health_check_rate=dict(type="int", aliases=["hc_rate"]),
        health_check_threshold=dict(type="int", aliases=["hc_threshold"]),
        instance_charge_type=dict(type="str", choices=ri.CHARGE_TYPES),
        pricing_cycle=dict(type="str", choices=sorted(ri.PERIOD_MAX)),
        period=dict(type="int"),
        auto_pay=dict(type="bool"),
        auto_renew=dict(type="bool"),
        **tagging.argument_spec()
    )


def find_current(module):
    """The interface to manage; by ID it may be one that is being deleted (state=absent waits that out)."""
    p = module.params
    if p["router_interface_id"]:
        return ri.get(module.client, p["router_interface_id"])
    return ri.find_by_key(module.client, p["router_id"], p["opposite_router_id"], p["name"])


def tuning_changes(desired, current):
    """HcRate/HcThreshold that differ from the interface's (current, API names; {} for a new one)."""
    return dict((field, desired[option]) for option, field in ri.HEALTH_CHECK_TUNING
                if desired.get(option) is not None and desired[option] != current.get(field))


def check_tuning_has_a_check(module, current):
    """Rate and threshold tune a health check: one must be given, or be on the interface (and not being removed)."""
    p = module.params
    tuning = [option for option, _field in ri.HEALTH_CHECK_TUNING if p[option] is not None]
    source = p["health_check_source_ip"]
    if tuning and not (source or (source is None and current and current.get("HealthCheckSourceIp"))):
        raise AlicloudError("%s tune%s a health check, and the router interface has none: give "
                            "health_check_source_ip and health_check_target_ip too"
                            % (" and ".join(tuning), "" if len(tuning) > 1 else "s"))


def result(changed, before, after):
    """The module's result for the interface before and after (snake_case; {} when there is none)."""
    after_view = after or {}
    return dict(changed=changed, router_interface_id=after_view.get("router_interface_id"),
                router_interface=after_view, diff=dict(before=ri.diff_view(before), after=ri.diff_view(after_view)))


# ---------------------------------------------------------------------------------------------------------------
# state=absent
# ---------------------------------------------------------------------------------------------------------------
def ensure_absent(module, current):
    if current is None or current["Status"] in ri.GONE:
        if current is not None and module.params["wait"] and not module.check_mode:
            ri.wait_gone(module, current["RouterInterfaceId"])
        return result(False, {}, {})
    ri_id = current["RouterInterfaceId"]
    if ri.charge_type(current) == "PrePaid":
        # DeleteRouterInterface refuses it (InvalidRouterInterfaceChargeType.Malformed): fail before deactivating.
        raise AlicloudError("router interface %s is a PrePaid (subscription) interface: the VPC API cannot delete it "
                            "before the subscription ends. Release it with a refund (BSS RefundInstance, product ri) "
                            "or let it expire, then run again" % ri_id, router_interface_id=ri_id)
    before = ri.normalize(current)
    entries = ri.route_entries_using(module.client, current)
    in_the_way = ri.entries_in_the_way(entries)
    if in_the_way:
        raise AlicloudError(ri.route_entries_message(ri_id, in_the_way), router_interface_id=ri_id,
                            route_entries=[dict(route_table_id=t, destination_cidr_block=c, status=s)
                                           for t, c, s in in_the_way])
    if module.check_mode:
        return result(True, before, {})
    if entries:
        # Only entries already being deleted are left (a teardown deletes routes without waiting): wait them out.
        ri.wait_route_entries_gone(module, current)

    status = current["Status"]
    if status in ri.UNSETTLED:
        current = ri.wait_settled(module, ri_id)
        status = current["Status"] if current else None
    if status == "Active":
        module.client.call("DeactivateRouterInterface", {"RouterInterfaceId": ri_id}, done_codes=ri.STATUS_DONE_CODES)
        ri.wait_status(module, ri_id, "Inactive")
    if current is not None:
        try:
            module.client.call("DeleteRouterInterface", {"RouterInterfaceId": ri_id}, client_token=True,
                               done_codes=ri.NOT_FOUND_CODES + ri.STATUS_DONE_CODES,
                               blocked_codes=ROUTER_INTERFACE_DELETE_BLOCKED,
                               blocked_timeout=module.params["wait_timeout"])
        except AlicloudApiError as err:
            if err.code not in ri.NOT_FOUND_CODES:
                raise
            # Deleted by someone else since the lookup (a second teardown at the same time): already gone.
    if module.params["wait"]:
        ri.wait_gone(module, ri_id)
    return result(True, before, {})


# ---------------------------------------------------------------------------------------------------------------
# state=present
# ---------------------------------------------------------------------------------------------------------------
def create_params(module, desired):
    """The CreateRouterInterface parameters; raises AlicloudError (before any mutation) when something needed is
    missing."""
    client = module.client
    if not desired.get("router_id"):
        raise AlicloudError("router_id is required to create a router interface")
    if not desired.get("router_type"):
        raise AlicloudError("router_type is required to create a router interface on %s" % desired["router_id"])
    if not desired.get("role"):
        raise AlicloudError("role is required to create a router interface on a VRouter")
    if not desired.get("spec"):
        raise AlicloudError("spec is required to create an InitiatingSide router interface (one of %s)"
                            % ", ".join(ri.INITIATOR_SPECS))
    desired["opposite_region_id"] = desired.get("opposite_region_id") or client.region
    if desired["router_type"] == "VBR" and not desired.get("access_point_id"):
        # Given the access point, the API itself refuses a VBR that is not active (InvalidVBRStatus): no read.
        vbr = vbr_utils.get(client, desired["router_id"])
        if vbr is None:
            raise AlicloudError("router_id %s: no such VBR in region %s" % (desired["router_id"], client.region))
        if vbr.get("Status") != "active":
            raise AlicloudError("router_id %s: the VBR is %s; router interfaces can only be created on an active VBR"
                                % (desired["router_id"], vbr.get("Status")))
        desired["access_point_id"] = desired.get("access_point_id") or vbr.get("AccessPointId")
    if (desired.get("opposite_router_type") == "VBR" and not desired.get("opposite_access_point_id")
            and desired.get("opposite_router_id") and desired["opposite_region_id"] == client.region):
        opposite = vbr_utils.get(client, desired["opposite_router_id"])
        if opposite is None:
            raise AlicloudError("opposite_router_id %s: no such VBR in region %s"
                                % (desired["opposite_router_id"], client.region))
        desired["opposite_access_point_id"] = opposite.get("AccessPointId")
    params = {}
    for option, field in CREATE_ONLY + ri.OPPOSITE_OPTIONS + ri.ATTRIBUTE_OPTIONS:
        if desired.get(option):
            params[field] = desired[option]
    if desired.get("auto_renew") is False:
        params["AutoRenew"] = False
    if desired.get("tags"):
        # Tagged by the create itself: an interface left behind by a failed run still says whose it is.
        params["Tags"] = tagging.to_api(desired["tags"])
    return params


def created_item(params, ri_id):
    """The interface a create with these params makes, as Describe shows it (the order parameters read back as
    ChargeType)."""
    item = dict((k, v) for k, v in params.items() if k not in ORDER_FIELDS)
    item.update(RouterInterfaceId=ri_id, Status="Idle",
                ChargeType="Prepaid" if params.get("InstanceChargeType") == "PrePaid" else "AfterPay")
    return item


def predicted_new(params, tuning):
    return ri.normalize(dict(created_item(params, None), **tuning))


def tune_new(module, item):
    """Rate and threshold of a new interface's health check: CreateRouterInterface does not take them, so one
    ModifyRouterInterfaceAttribute follows the create, and is waited out (the interface passes through Modifying)."""
    tuning = tuning_changes(module.params, item)
    if not tuning:
        return item
    ri_id = item["RouterInterfaceId"]
    module.client.call("ModifyRouterInterfaceAttribute", dict(tuning, RouterInterfaceId=ri_id),
                       blocked_codes=MODIFY_BLOCKED, blocked_timeout=module.params["wait_timeout"])
    if not module.params["wait"]:
        return dict(item, **tuning)
    return ri.wait_settled(module, ri_id)


def create(module, desired):
    params = create_params(module, desired)
    if module.check_mode:
        return result(True, {}, predicted_new(params, tuning_changes(desired, {})))
    opposite_id = params.get("OppositeInterfaceId")
    seen = {}

    def fetch(ri_id):
        # The opposite end is often just created too: it is read along, in the same call.
        seen.clear()
        ids = [ri_id] + ([opposite_id] if opposite_id else [])
        seen.update((i["RouterInterfaceId"], i) for i in ri.describe_ids(module.client, ids))
        return seen.get(ri_id)
    # A ClientToken derived from the request: a run creating the same interface at the same moment (whose lookup
    # found nothing either) gets this one. Returns once the interface is listed, even with wait=false: a replayed
    # token may answer an interface deleted since, which is never listed (then the create is sent again).
    try:
        response, item = concurrency.create_once(module.client, "CreateRouterInterface", params, "RouterInterfaceId",
                                                 fetch, gone_statuses=ri.GONE)
    except AlicloudApiError as err:
        if err.code != UNKNOWN_OWNER:
            raise
        raise AlicloudError("opposite_interface_owner_id %s: the API knows no such account (%s); give the UID of the "
                            "main account that owns the opposite router" % (params.get("OppositeInterfaceOwnerId"), err.code),
                            api_error=err) from None
    ri_id = response["RouterInterfaceId"]

    def ready(i):
        return i["Status"] == "Idle" if i["RouterInterfaceId"] == ri_id else i["Status"] not in ri.GONE
    if module.params["wait"] and opposite_id:
        if not (item and ready(item) and opposite_id in seen and ready(seen[opposite_id])):
            # One wait, one read per poll, for both.
            item = ri.wait_each(module, [ri_id, opposite_id], ready, "Idle, with its opposite interface listed")[0]
    elif module.params["wait"]:
        if not (item and item["Status"] == "Idle"):
            item = ri.wait_status(module, ri_id, "Idle")
    elif item is None:
        item = created_item(params, ri_id)
    # Normally a no-op (the create carried the tags); it repairs a server that ignored Tags.N on create.
    to_set, to_unset, tags_after = tagging.changes(module, item)
    tagging.apply(module.client, tagging.ROUTER_INTERFACE, ri_id, to_set, to_unset)
    item = tune_new(module, item)
    return result(True, {}, ri.with_health(module.client, tagging.with_tags(item, tags_after)))


def modifications(module, current, desired):
    """(ModifyRouterInterfaceAttribute params, the spec for ModifyRouterInterfaceSpec or None); raises AlicloudError
    on immutable options and on opposite changes outside Idle."""
    for option, field in ri.IMMUTABLE_OPTIONS:
        wanted = module.params.get(option)
        if wanted and wanted != current.get(field):
            raise AlicloudError("%s cannot be changed after creation (current %s, wanted %s)"
                                % (option, current.get(field) or "unset", wanted))
    charge = module.params["instance_charge_type"]
    if charge and charge != ri.charge_type(current):
        raise AlicloudError("instance_charge_type cannot be changed after creation (current %s, wanted %s)"
                            % (ri.charge_type(current), charge))
    role = current.get("Role")
    spec = desired.get("spec")
    if spec and role == "AcceptingSide" and spec != ri.ACCEPTOR_SPEC:
        raise AlicloudError("spec must be Negative for the AcceptingSide (got %s): the acceptor's bandwidth is set by "
                            "the initiating side" % spec)
    if spec == ri.ACCEPTOR_SPEC and role == "InitiatingSide":
        raise AlicloudError("spec Negative is only valid for the AcceptingSide; an InitiatingSide spec must be one of "
                            "%s" % ", ".join(ri.INITIATOR_SPECS))

    attrs = {}
    for option, field in ri.ATTRIBUTE_OPTIONS:
        wanted = desired.get(option)
        if wanted is not None and wanted != (current.get(field) or ""):
            attrs[field] = wanted
    if desired.get("health_check_source_ip") == "" and "HealthCheckSourceIp" in attrs:
        attrs.pop("HealthCheckSourceIp")
        attrs.pop("HealthCheckTargetIp", None)
        attrs["DeleteHealthCheckIp"] = True
    attrs.update(tuning_changes(desired, current))
    opposite = {}
    for option, field in ri.OPPOSITE_OPTIONS:
        # The router type inferred from an ID prefix is only sent along; an explicit one is compared.
        wanted = (module.params if option == "opposite_router_type" else desired).get(option)
        if wanted and wanted != current.get(field):
            opposite[field] = wanted
    if opposite:
        if current.get("Status") != "Idle":
            option = [o for o, f in ri.OPPOSITE_OPTIONS if f in opposite][0]
            raise AlicloudError("%s can only be changed while the router interface is Idle; %s is %s (current %s, "
                                "wanted %s). Deactivating does not make it Idle: delete and recreate it instead"
                                % (option, current["RouterInterfaceId"], current.get("Status"),
                                   current.get(dict(ri.OPPOSITE_OPTIONS)[option]) or "unset", desired[option]))
        # The API defaults OppositeRouterType to VBR when it is omitted: always send it.
        opposite.setdefault("OppositeRouterType", desired.get("opposite_router_type") or current.get("OppositeRouterType")
                            or ri.router_type_of(opposite.get("OppositeRouterId") or current.get("OppositeRouterId")))
        attrs.update(dict((k, v) for k, v in opposite.items() if v))
    spec_change = spec if spec and spec != current.get("Spec") else None
    return attrs, spec_change


def predicted_existing(current, attrs, spec, tags):
    item = tagging.with_tags(current, tags)
    for field, value in attrs.items():
        if field == "DeleteHealthCheckIp":
            item["HealthCheckSourceIp"] = item["HealthCheckTargetIp"] = ""
        else:
            item[field] = value
    if spec:
        item["Spec"] = spec
    return ri.normalize(item)


def update(module, current, desired):
    ri_id = current["RouterInterfaceId"]
    if current["Status"] == ri.MODIFYING:
        # Describe shows the old values until the change is applied: compare with what it becomes (a read-only
        # wait, so check mode does it too).
        current = ri.wait_settled(module, ri_id)
    before = ri.normalize(current)
    attrs, spec = modifications(module, current, desired)
    to_set, to_unset, tags_after = tagging.changes(module, current)
    if not attrs and not spec and not to_set and not to_unset:
        return result(False, before, ri.with_health(module.client, current))
    if module.check_mode:
        return result(True, before, predicted_existing(current, attrs, spec, tags_after))
    # Tags first: the tag calls do not depend on the interface's status, the modifications below change it.
    tagging.apply(module.client, tagging.ROUTER_INTERFACE, ri_id, to_set, to_unset)
    if attrs:
        module.client.call("ModifyRouterInterfaceAttribute", dict(attrs, RouterInterfaceId=ri_id),
                           blocked_codes=MODIFY_BLOCKED, blocked_timeout=module.params["wait_timeout"])
    if spec:
        # A spec change needs a stable status, and an attribute change passes through Modifying first.
        current = ri.wait_settled(module, ri_id)
        module.client.call("ModifyRouterInterfaceSpec", {"RouterInterfaceId": ri_id, "Spec": spec}, client_token=True)
    if not module.params["wait"]:
        # Describe shows the old values while the change is being applied.
        return result(True, before, predicted_existing(current, attrs, spec, tags_after))
    return result(True, before, ri.with_health(module.client, ri.wait_settled(module, ri_id)))


def desired_state(module):
    """Module params with the defaults that follow from other options (router types from ID prefixes, role)."""
    desired = dict(module.params)
    desired["router_type"] = desired["router_type"] or ri.router_type_of(desired["router_id"])
    desired["opposite_router_type"] = desired["opposite_router_type"] or ri.router_type_of(desired["opposite_router_id"])
    if not desired["role"]:
        if desired["router_type"] == "VBR":
            desired["role"] = "InitiatingSide"
        elif desired["opposite_router_type"] == "VBR":
            desired["role"] = "AcceptingSide"
    if not desired["spec"] and desired["role"] == "AcceptingSide" and not module.params["router_interface_id"]:
        desired["spec"] = ri.ACCEPTOR_SPEC
    if desired["instance_charge_type"] == "PrePaid":
        desired["pricing_cycle"] = desired["pricing_cycle"] or "Month"
        desired["auto_pay"] = True if desired["auto_pay"] is None else desired["auto_pay"]
    return desired


def run(module):
    """The module's result; raises AlicloudError to fail it."""
    p = module.params
    # Values as text once, so that validation, comparison and the API see the same strings.
    p["tags"] = tagging.from_option(p["tags"])
    desired = desired_state(module)
    # The module's region (credentials resolved, no call) matters only to an end that names the opposite's region.
    region = module.client.region if p["opposite_region_id"] or p["instance_charge_type"] else None
    raise_if(ri.validate(desired, region))
    if not p["router_interface_id"] and not (p["opposite_router_id"] or p["name"]):
        raise AlicloudError("router_interface_id, or router_id together with opposite_router_id or name, is required "
                            "to identify the router interface")
    current = find_current(module)
    if p["state"] == "absent":
        return ensure_absent(module, current)
    check_tuning_has_a_check(module, current if current is not None and current["Status"] not in ri.GONE else None)
    if current is not None and current["Status"] not in ri.GONE:
        return update(module, current, desired)
    if p["router_interface_id"]:
        raise AlicloudError("router_interface_id %s: no such router interface in region %s"
                            % (p["router_interface_id"], module.client.region))
    return create(module, desired)


def main():
    module = AlicloudModule(
        argument_spec=argument_spec(),
        supports_check_mode=True,
        wait=True,
        required_one_of=[("router_interface_id", "router_id")],
        required_together=[("health_check_source_ip", "health_check_target_ip")],
        # Not the health-check IPs: both empty removes the health check.
        not_empty=("router_interface_id", "router_id", "router_type", "role", "spec", "opposite_region_id",
                   "opposite_router_type", "opposite_router_id", "opposite_interface_id", "opposite_interface_owner_id",
                   "access_point_id", "opposite_access_point_id", "name"),
    )
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()

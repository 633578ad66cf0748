# -*- coding: utf-8 -*-
# Copyright: Contributors to the aliyun.express_connect collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Router interface helpers shared by ali_router_interface, ali_ri_connection and ali_router_interface_info.

Lookups by ID or natural key (filtered DescribeRouterInterfaces queries), normalisation to snake_case,
status groups, input validation and the "which route entries still use this interface" query.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import re

from ansible_collections.aliyun.express_connect.plugins.module_utils import lookup, tagging
from ansible_collections.aliyun.express_connect.plugins.module_utils.errors import AlicloudError

# The documented bandwidth specs of an initiating side; an accepting side is always "Negative".
INITIATOR_SPECS = [
    "Mini.2", "Mini.5", "Small.1", "Small.2", "Small.5", "Middle.1", "Middle.2", "Middle.5",
    "Large.1", "Large.2", "Large.5", "Xlarge.1",
]
ACCEPTOR_SPEC = "Negative"
SPECS = INITIATOR_SPECS + [ACCEPTOR_SPEC]
ROUTER_TYPES = ["VBR", "VRouter"]
# Billing: PostPaid (pay-as-you-go, the API's default) or PrePaid (a subscription, only across regions). Describe
# reads them back as AfterPay and Prepaid (spellings vary: compared case-insensitively).
CHARGE_TYPES = ["PostPaid", "PrePaid"]
CHARGE_TYPE_READ_BACK = {"afterpay": "PostPaid", "postpaid": "PostPaid", "prepaid": "PrePaid"}
# A subscription's PricingCycle and the longest Period it takes.
PERIOD_MAX = {"Month": 9, "Year": 3}
PREPAID_OPTIONS = ("pricing_cycle", "period", "auto_pay", "auto_renew")
# An Alibaba Cloud account (main account) UID.
OWNER_ID = re.compile(r"^[0-9]+$")
ROLES = ["InitiatingSide", "AcceptingSide"]
STATUSES = ["Idle", "Connecting", "AcceptingConnecting", "Active", "Activating", "Deactivating", "Inactive",
            "Modifying", "Deleting"]

# Statuses that settle by themselves, and where each one settles. The acceptor shows AcceptingConnecting
# while the initiator is Connecting.
TRANSIENT = {"Connecting": "Active", "AcceptingConnecting": "Active", "Activating": "Active",
             "Deactivating": "Inactive"}
# An attribute change being applied: it ends in the status the interface had, which Describe no longer shows.
MODIFYING = "Modifying"
UNSETTLED = tuple(TRANSIENT) + (MODIFYING,)
STABLE = ("Idle", "Active", "Inactive")
GONE = lookup.ROUTER_INTERFACE.gone

# Status codes that a repeated Connect/Activate/Deactivate returns once the first (lost) attempt took effect.
STATUS_DONE_CODES = ("IncorrectStatus", "IncorrectRIStatus", "IncorrectStatus.RouterInterface")
NOT_FOUND_CODES = ("InvalidRouterInterfaceId.NotFound", "InvalidInstanceId.NotFound")

# Attributes shown in diff mode.
DIFF_KEYS = (
    "router_interface_id", "name", "description", "status", "spec", "role", "router_id", "router_type",
    "opposite_region_id", "opposite_router_type", "opposite_router_id", "opposite_interface_id",
    "opposite_interface_owner_id", "access_point_id", "opposite_access_point_id",
    "health_check_source_ip", "health_check_target_ip", "hc_rate", "hc_threshold", "charge_type", "tags",
)

# Module option -> API field, for the options that ModifyRouterInterfaceAttribute changes.
ATTRIBUTE_OPTIONS = (
    ("name", "Name"),
    ("description", "Description"),
    ("health_check_source_ip", "HealthCheckSourceIp"),
    ("health_check_target_ip", "HealthCheckTargetIp"),
)
# The health check's probe interval (ms) and lost-probe count: CreateRouterInterface does not take them, only
# ModifyRouterInterfaceAttribute (topologies-api-reference 1.5).
HEALTH_CHECK_TUNING = (
    ("health_check_rate", "HcRate"),
    ("health_check_threshold", "HcThreshold"),
)
# The API documents no ranges, only the recommended 2000 ms and 8; these are the emulator's (emulator/README.md).
HC_RATE_RANGE = (1000, 5000)
HC_THRESHOLD_RANGE = (3, 8)
# These can only be changed while the interface is Idle.
OPPOSITE_OPTIONS = (
    ("opposite_interface_id", "OppositeInterfaceId"),
    ("opposite_router_id", "OppositeRouterId"),
    ("opposite_router_type", "OppositeRouterType"),
    ("opposite_interface_owner_id", "OppositeInterfaceOwnerId"),
)
# Cannot be changed once the interface exists.
IMMUTABLE_OPTIONS = (
    ("router_id", "RouterId"),
    ("router_type", "RouterType"),
    ("role", "Role"),
    ("opposite_region_id", "OppositeRegionId"),
    ("access_point_id", "AccessPointId"),
    ("opposite_access_point_id", "OppositeAccessPointId"),
)


# ---------------------------------------------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------------------------------------------
def describe(client, tags=None, **filters):
    """Every router interface matching the filters (API names) and the tags dict (the Tags.N filter)."""
    return lookup.router_interfaces(client, tags=tagging.to_api(tags) if tags else None, **filters)


def describe_ids(client, ids, tags=None, **filters):
    """Like describe(), for any number of IDs (asked for five at a time), in the order of ids."""
    found = dict((item["RouterInterfaceId"], item)
                 for item in lookup.router_interfaces(client, ids=ids, tags=tagging.to_api(tags) if tags else None,
                                                      **filters))
    return [found[i] for i in dict.fromkeys(ids) if i in found]


def get(client, router_interface_id):
    """The router interface with this ID as the API shows it (including a Deleting one), or None."""
    return lookup.get(client, lookup.ROUTER_INTERFACE, router_interface_id)


def on_router(client, router_id):
    """The router interfaces of this router that are not being deleted (a router holds at most 5)."""
    return [item for item in lookup.live(lookup.ROUTER_INTERFACE, describe(client, RouterId=router_id))
            if item.get("RouterId") == router_id]


def get_live(client, router_interface_id):
    """The router interface with this ID, or None when it does not exist or is being deleted."""
    item = get(client, router_interface_id)
    if item is None or item.get("Status") in GONE:
        return None
    return item


def find_by_key(client, router_id, opposite_router_id=None, name=None):
    """Look up by natural key: (router_id, opposite_router_id) for a paired interface, else (router_id, name).

    Returns the item or None. When the pair key matches several interfaces the name narrows it down; more than one
    remaining match raises AlicloudError. One call: a router holds at most 5 interfaces, so all of them are read and
    matched here (the same call whatever the key).
    """
    if not opposite_router_id and not name:
        raise AlicloudError("router_interface_id, or router_id with opposite_router_id or name, is needed to find the "
                            "router interface")
    live = on_router(client, router_id)
    named = [i for i in live if name and i.get("Name") == name]
    if opposite_router_id:
        matches = [i for i in live if i.get("OppositeRouterId") == opposite_router_id]
        if len(matches) > 1 and name:
            matches = [i for i in matches if i.get("Name") == name]
        if not matches:
            # An interface created without opposite information yet, found by its name.
            matches = [i for i in named if not i.get("OppositeRouterId")]
        key = "router_id=%s, opposite_router_id=%s" % (router_id, opposite_router_id)
    else:
        matches = named
        key = "router_id=%s, name=%s" % (router_id, name)
    if len(matches) > 1:
        ids = ", ".join(sorted(i["RouterInterfaceId"] for i in matches))
        raise AlicloudError("%d router interfaces match %s (%s); give router_interface_id (or a name that tells them "
                            "apart)" % (len(matches), key, ids))
    return matches[0] if matches else None


def health_check_status(client, router_interface):
    """HealthCheckStatus of an interface with a health check (DescribeRouterInterfaceAttribute: Normal, Abnormal,
    NoRedundantRoute), or None without one: no call is made then (the status would be NoHealthCheckConfig)."""
    if not router_interface or not router_interface.get("HealthCheckSourceIp"):
        return None
    attribute = lookup.router_interface_attribute(client, router_interface["RouterInterfaceId"])
    return (attribute or {}).get("HealthCheckStatus")


def with_health(client, router_interface):
    """The normalised interface, plus health_check_status when it has a health check (see health_check_status)."""
    result = normalize(router_interface)
    status = health_check_status(client, router_interface)
    if status is not None:
        result["health_check_status"] = status
    return result


def route_table_ids(client, router_id, router_type):
    """The route tables of a router: a VBR's own table, or every table of a vRouter."""
    if router_type == "VBR":
        vbr = lookup.get(client, lookup.VBR, router_id)
        return [vbr["RouteTableId"]] if vbr and vbr.get("RouteTableId") else []
    tables = lookup.route_tables(client, RouterId=router_id, RouterType="VRouter")
    return [t["RouteTableId"] for t in tables if t.get("RouteTableId")]


def _next_hop_ids(entry):
    hops = (entry.get("NextHops") or {}).get("NextHop") or []
    ids = set(h.get("NextHopId") for h in hops if h.get("NextHopId"))
    if entry.get("InstanceId"):
        ids.add(entry["InstanceId"])
    return ids


def route_entries_using(client, router_interface):
    """[(route_table_id, destination_cidr_block, status)] of the entries whose next hop is this interface."""
    ri_id = router_interface["RouterInterfaceId"]
    found = []
    for table_id in route_table_ids(client, router_interface["RouterId"], router_interface.get("RouterType")):
        for entry in lookup.route_entries(client, table_id, NextHopId=ri_id):
            hops = _next_hop_ids(entry)
            if hops and ri_id not in hops:
                continue
            found.append((entry.get("RouteTableId") or table_id, entry.get("DestinationCidrBlock"), entry.get("Status")))
    return found


def entries_in_the_way(entries):
    """The (route_table_id, destination_cidr_block, status) entries that are not already being deleted."""
    return [entry for entry in entries if entry[2] not in lookup.ROUTE_ENTRY.gone]


def wait_route_entries_gone(module, router_interface):
    """Wait until no route entry points to this interface (used when the ones left are already being deleted)."""
    def first_left():
        entries = route_entries_using(module.client, router_interface)
        return {"Status": entries[0][2]} if entries else None
    module.wait(first_left, "the route entries using router interface %s" % router_interface["RouterInterfaceId"],
                gone=True)


def route_entries_message(router_interface_id, entries):
    listed = "; ".join("%s %s (%s)" % entry if entry[2] else "%s %s" % entry[:2] for entry in entries)
    return ("router interface %s is still the next hop of %d route entr%s: %s. Delete %s first "
            "(for example with aliyun.express_connect.ali_route_entry state=absent)"
            % (router_interface_id, len(entries), "y" if len(entries) == 1 else "ies", listed,
               "it" if len(entries) == 1 else "them"))


# ---------------------------------------------------------------------------------------------------------------
# Normalisation and status helpers
# ---------------------------------------------------------------------------------------------------------------
def normalize(item):
    """API dict -> snake_case dict, tags as a dict ({} for None)."""
    return tagging.normalize(item) if item else {}


def diff_view(item):
    """The managed attributes of a (snake_case) router interface, for diff mode."""
    return dict((key, item.get(key)) for key in DIFF_KEYS if key in item) if item else {}


def settled_status(status):
    """Where a status ends up without further calls (a transient one settles on its own)."""
    return TRANSIENT.get(status, status)


def wait_settled(module, router_interface_id, what=None):
    """Wait out a transient status (Connecting/Activating/Deactivating/Modifying); returns the settled interface."""
    return module.wait(lambda: get_live(module.client, router_interface_id), what or "router interface %s" % router_interface_id,
                       statuses=STABLE)


def wait_status(module, router_interface_id, status):
    return module.wait(lambda: get_live(module.client, router_interface_id), "router interface %s" % router_interface_id,
                       statuses=status)


def wait_each(module, ids, ready, target, read=None):
    """Wait until ready(item) holds for every interface in ids, with one DescribeRouterInterfaces per poll (or one
    read(ids) per poll, for interfaces that are read with different clients).

    Returns the items in the order of ids. A timeout names the interfaces still waited for and their status.
    """
    latest = {}
    read = read or (lambda wanted: describe_ids(module.client, wanted))

    def fetch():
        latest.clear()
        latest.update((item["RouterInterfaceId"], item) for item in read(ids))
        waiting = [ri_id for ri_id in ids if ri_id not in latest or not ready(latest[ri_id])]
        if not waiting:
            return {"Status": target}
        return {"Status": ", ".join("%s %s" % (ri_id, latest[ri_id].get("Status") if ri_id in latest else "not found")
                                    for ri_id in waiting)}
    module.wait(fetch, "router interfaces %s" % " and ".join(ids), statuses=target)
    return [latest[ri_id] for ri_id in ids]


def wait_gone(module, router_interface_id):
    return module.wait(lambda: get(module.client, router_interface_id), "router interface %s" % router_interface_id,
                       gone=True)


def router_type_of(router_id):
    """Router type implied by an ID prefix (vbr-... -> VBR, vrt-... -> VRouter), or None."""
    if not router_id:
        return None
    if router_id.startswith("vbr-"):
        return "VBR"
    if router_id.startswith("vrt-"):
        return "VRouter"
    return None


def charge_type(item):
    """PostPaid or PrePaid for an interface as the API shows it (an empty ChargeType is the default, PostPaid)."""
    return CHARGE_TYPE_READ_BACK.get((item.get("ChargeType") or "afterpay").lower(), item.get("ChargeType"))


# ---------------------------------------------------------------------------------------------------------------
# Validation (pure; returns a list of messages, each naming the option and the rule)
# ---------------------------------------------------------------------------------------------------------------
def _ip(value):
    try:
        return ipaddress.ip_address(u"%s" % value)
    except ValueError:
        return None


def health_check_errors(params):
    """The health check's rules: two IPv4 addresses given together (both empty removes the check), the source a
    private one (of the local VPC, which only the API can check: its CIDR is not known here) and not the target,
    rate and threshold in range and only with a check."""
    errors = []
    source, target = params.get("health_check_source_ip"), params.get("health_check_target_ip")
    for option, value in (("health_check_source_ip", source), ("health_check_target_ip", target)):
        if value and (_ip(value) is None or _ip(value).version != 4):
            errors.append("%s must be an IP address, an IPv4 one (got %r)" % (option, value))
    if bool(source) != bool(target):
        errors.append("health_check_source_ip and health_check_target_ip must be given together (both empty "
                      "removes the health check)")
    if source and _ip(source) is not None and not _ip(source).is_private:
        errors.append("health_check_source_ip must be a private address of the local VPC (got %s)" % source)
    if source and source == target:
        errors.append("health_check_target_ip must differ from health_check_source_ip (got %s for both)" % source)
    for (option, _field), (low, high) in zip(HEALTH_CHECK_TUNING, (HC_RATE_RANGE, HC_THRESHOLD_RANGE)):
        value = params.get(option)
        if value is None:
            continue
        if not low <= value <= high:
            errors.append("%s must be between %d and %d (got %d)" % (option, low, high, value))
        if source == "":
            errors.append("%s cannot be set while the health check is removed (health_check_source_ip is empty)"
                          % option)
    return errors


def validate_charge_type(params, region):
    """The subscription rules: PrePaid only across regions, with its period; its options only with PrePaid."""
    if params.get("instance_charge_type") != "PrePaid":
        return ["%s is only valid with instance_charge_type=PrePaid" % option
                for option in PREPAID_OPTIONS if params.get(option) is not None]
    errors = []
    opposite_region = params.get("opposite_region_id")
    if not opposite_region:
        errors.append("opposite_region_id is required with instance_charge_type=PrePaid: a subscription interface "
                      "is only possible when the opposite router is in another region")
    elif opposite_region == region:
        errors.append("instance_charge_type=PrePaid needs an opposite_region_id other than the module's region %s: "
                      "both ends in one region are always PostPaid (free)" % region)
    cycle, period = params.get("pricing_cycle") or "Month", params.get("period")
    if period is None:
        errors.append("period is required with instance_charge_type=PrePaid (1 to %d %ss with pricing_cycle=%s)"
                      % (PERIOD_MAX[cycle], cycle.lower(), cycle))
    elif not 1 <= period <= PERIOD_MAX[cycle]:
        errors.append("period must be 1 to %d with pricing_cycle=%s (got %d)" % (PERIOD_MAX[cycle], cycle, period))
    return errors


def validate_other_account(params, region):
    """An end whose opposite is in another account or region: what cannot be read from here must be given."""
    owner = params.get("opposite_interface_owner_id")
    errors = []
    if owner is not None and not OWNER_ID.match(owner):
        errors.append("opposite_interface_owner_id must be the opposite account's UID, digits only (got %r)" % owner)
    if params.get("router_interface_id") or params.get("state") == "absent":
        return errors  # nothing is created from these options
    other_region = params.get("opposite_region_id") not in (None, region)
    if owner and not params.get("opposite_router_id"):
        errors.append("opposite_router_id is required with opposite_interface_owner_id: the other account's router "
                      "cannot be looked up from this one")
    if owner and not params.get("opposite_region_id"):
        errors.append("opposite_region_id is required with opposite_interface_owner_id: the other account's router "
                      "cannot be looked up to find its region")
    if (owner or other_region) and params.get("opposite_router_type") == "VBR" and not params.get("opposite_access_point_id"):
        errors.append("opposite_access_point_id is required when the opposite VBR is in another account or region "
                      "(its access point cannot be read from here)")
    return errors


def validate(params, region=None):
    """Rules checked before any API call. `params` are the module params after defaults/inference; `region` is the
    module's region."""
    errors = validate_other_account(params, region) + validate_charge_type(params, region)
    router_type, role, spec = params.get("router_type"), params.get("role"), params.get("spec")
    opposite_type = params.get("opposite_router_type")
    if router_type == "VBR" and role == "AcceptingSide":
        errors.append("role must be InitiatingSide when router_type is VBR: a VBR router interface can only be the "
                      "initiating side")
    if opposite_type == "VBR" and role == "InitiatingSide":
        errors.append("role must be AcceptingSide when opposite_router_type is VBR: the VBR end always initiates")
    if router_type == "VBR" and opposite_type == "VBR":
        errors.append("opposite_router_type cannot be VBR when router_type is VBR: one end must be a VRouter")
    if role == "AcceptingSide" and spec and spec != ACCEPTOR_SPEC:
        errors.append("spec must be Negative for the AcceptingSide (got %s): the acceptor's bandwidth is set by "
                      "the initiating side" % spec)
    if role == "InitiatingSide" and spec == ACCEPTOR_SPEC:
        errors.append("spec Negative is only valid for the AcceptingSide; an InitiatingSide spec must be one of %s"
                      % ", ".join(INITIATOR_SPECS))
    if params.get("access_point_id") and router_type == "VRouter":
        errors.append("access_point_id is only valid when router_type is VBR")
    errors.extend(health_check_errors(params))
    name = params.get("name")
    if name is not None and not 2 <= len(name) <= 128:
        errors.append("name must be 2 to 128 characters long (got %d)" % len(name))
    description = params.get("description")
    if description is not None:
        if not 2 <= len(description) <= 256:
            errors.append("description must be 2 to 256 characters long (got %d)" % len(description))
        elif description.lower().startswith(("http://", "https://")):
            errors.append("description must not start with http:// or https://")
    for option in ("router_id", "opposite_router_id"):
        implied = router_type_of(params.get(option))
        given = params.get("router_type" if option == "router_id" else "opposite_router_type")
        if implied and given and implied != given:
            errors.append("%s %s is a %s, but %s is %s" % (option, params[option], implied,
                                                           "router_type" if option == "router_id" else "opposite_router_type",
                                                           given))
    errors.extend(tagging.validate(params.get("tags")))
    return errors

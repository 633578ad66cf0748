# -*- coding: utf-8 -*-
# Copyright (c) aliyun.express_connect contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Virtual border router (VBR) helpers: validation, lookups, change computation and normalisation.

Everything here is either pure (validation, diffing, normalisation) or a thin read-only query on a
``VpcClient``; the modules hold the create/modify/delete logic.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import re

from ansible_collections.aliyun.express_connect.plugins.module_utils import lookup, tagging

# Statuses a lookup treats as "no longer there".
GONE_STATUSES = lookup.VBR.gone
# Statuses DeleteVirtualBorderRouter accepts.
DELETABLE_STATUSES = ("active", "unconfirmed", "terminated")

VLAN_MIN, VLAN_MAX = 0, 2999
MIN_PREFIX, MAX_PREFIX = 24, 30
DETECT_MULTIPLIER_RANGE = (3, 10)
BFD_INTERVAL_RANGE = (200, 1000)

# Letters include Chinese characters, as in the console.
NAME_RE = re.compile(u"^[A-Za-z\u4e00-\u9fa5][A-Za-z0-9\u4e00-\u9fa5._-]{1,127}$")

# option -> (API field, kind). kind drives comparison and prediction.
ATTRIBUTES = (
    ("vlan_id", "VlanId", "int"),
    ("local_gateway_ip", "LocalGatewayIp", "ip"),
    ("peer_gateway_ip", "PeerGatewayIp", "ip"),
    ("peering_subnet_mask", "PeeringSubnetMask", "mask"),
    ("name", "Name", "str"),
    ("description", "Description", "str"),
    ("circuit_code", "CircuitCode", "str"),
    ("bandwidth", "Bandwidth", "int"),
    ("detect_multiplier", "DetectMultiplier", "int"),
    ("min_rx_interval", "MinRxInterval", "int"),
    ("min_tx_interval", "MinTxInterval", "int"),
    ("mtu", "Mtu", "int"),
)
# Options CreateVirtualBorderRouter accepts; the others can only be set by a Modify after creation.
CREATE_OPTIONS = ("vlan_id", "local_gateway_ip", "peer_gateway_ip", "peering_subnet_mask", "name",
                  "description", "circuit_code", "bandwidth")
GATEWAY_OPTIONS = ("local_gateway_ip", "peer_gateway_ip", "peering_subnet_mask")
# Attributes shown in diff mode.
DIFF_KEYS = ("vbr_id", "physical_connection_id") + tuple(option for option, _field, _kind in ATTRIBUTES) + ("tags",)


# ---------------------------------------------------------------------------------------------
# Validation (pure; runs before any API call)
# ---------------------------------------------------------------------------------------------

def _ip_error(option, value):
    try:
        address = ipaddress.ip_address(u"%s" % value)
    except ValueError:
        return "%s must be a valid IPv4 address, got %r" % (option, value)
    if address.version != 4:
        return "%s must be an IPv4 address, got %r" % (option, value)
    return None


def mask_prefix(value):
    """Prefix length of a dotted netmask such as 255.255.255.252, or None when it is not a netmask."""
    if not isinstance(value, str) or value.count(".") != 3:
        return None
    try:
        network = ipaddress.IPv4Network(u"0.0.0.0/%s" % value)
    except ValueError:
        return None
    # IPv4Network also accepts host masks (0.0.0.3) and prefix lengths: only a dotted netmask is one.
    if str(network.netmask) != str(ipaddress.IPv4Address(u"%s" % value)):
        return None
    return network.prefixlen


def gateway_errors(local_ip, peer_ip, mask):
    """Errors for a (local, peer, mask) triple; values may be None (then only what is given is checked)."""
    errors = []
    for option, value in (("local_gateway_ip", local_ip), ("peer_gateway_ip", peer_ip)):
        if value is not None:
            error = _ip_error(option, value)
            if error:
                errors.append(error)
    if mask is not None:
        prefix = mask_prefix(mask)
        if prefix is None or not MIN_PREFIX <= prefix <= MAX_PREFIX:
            errors.append("peering_subnet_mask must be a dotted netmask from 255.255.255.0 (/24) to "
                          "255.255.255.252 (/30), got %r" % (mask,))
    if errors or None in (local_ip, peer_ip, mask):
        return errors
    subnet = ipaddress.IPv4Network(u"%s/%s" % (local_ip, mask), strict=False)
    local, peer = ipaddress.IPv4Address(u"%s" % local_ip), ipaddress.IPv4Address(u"%s" % peer_ip)
    if peer not in subnet:
        errors.append("peer_gateway_ip %s must be in the same subnet as local_gateway_ip (%s with "
                      "peering_subnet_mask %s)" % (peer_ip, subnet, mask))
    elif local == peer:
        errors.append("local_gateway_ip and peer_gateway_ip must be different addresses, both are %s" % local_ip)
    else:
        for option, address in (("local_gateway_ip", local), ("peer_gateway_ip", peer)):
            if address in (subnet.network_address, subnet.broadcast_address):
                errors.append("%s %s must be a host address of %s, not its network or broadcast address"
                              % (option, address, subnet))
    return errors


def validate_params(params):
    """Return a list of error messages for the VBR module options (empty when valid)."""
    errors = []
    vlan_id = params.get("vlan_id")
    if vlan_id is not None and not VLAN_MIN <= vlan_id <= VLAN_MAX:
        errors.append("vlan_id must be between %d and %d, got %d" % (VLAN_MIN, VLAN_MAX, vlan_id))
    if not params.get("vbr_id") and params.get("physical_connection_id") and vlan_id is None:
        errors.append("vlan_id is required with physical_connection_id when vbr_id is not given "
                      "(the VBR is identified by physical_connection_id and vlan_id)")
    name = params.get("name")
    if name is not None and not NAME_RE.match(name):
        errors.append("name must be 2 to 128 characters, start with a letter and contain only letters, digits, "
                      "'.', '_' and '-', got %r" % (name,))
    description = params.get("description")
    if description is not None and (not 2 <= len(description) <= 256 or not description[:1].isalpha()
                                    or description.lower().startswith(("http://", "https://"))):
        errors.append("description must be 2 to 256 characters, start with a letter and not start with "
                      "http:// or https://, got %r" % (description,))
    detect_multiplier = params.get("detect_multiplier")
    if detect_multiplier is not None and not DETECT_MULTIPLIER_RANGE[0] <= detect_multiplier <= DETECT_MULTIPLIER_RANGE[1]:
        errors.append("detect_multiplier must be between %d and %d, got %d"
                      % (DETECT_MULTIPLIER_RANGE + (detect_multiplier,)))
    for option in ("min_rx_interval", "min_tx_interval"):
        value = params.get(option)
        if value is not None and not BFD_INTERVAL_RANGE[0] <= value <= BFD_INTERVAL_RANGE[1]:
            errors.append("%s must be between %d and %d milliseconds, got %d"
                          % ((option,) + BFD_INTERVAL_RANGE + (value,)))
    bandwidth = params.get("bandwidth")
    if bandwidth is not None and bandwidth <= 0:
        errors.append("bandwidth must be a positive number of Mbit/s, got %d" % bandwidth)
    errors.extend(gateway_errors(*[params.get(option) for option in GATEWAY_OPTIONS]))
    errors.extend(tagging.validate(params.get("tags")))
    return errors


def missing_create_options(params):
    """Options CreateVirtualBorderRouter needs that the user did not give."""
    required = ("physical_connection_id", "vlan_id") + GATEWAY_OPTIONS
    return [option for option in required if params.get(option) is None]


# ---------------------------------------------------------------------------------------------
# Comparison, prediction, normalisation (pure)
# ---------------------------------------------------------------------------------------------

def _canonical(kind, value):
    if value is None or value == "":
        return None
    if kind == "int":
        try:
            return int(value)
        except (TypeError, ValueError):
            return value
    if kind == "ip":
        try:
            return str(ipaddress.ip_address(u"%s" % value))
        except ValueError:
            return value
    if kind == "mask":
        prefix = mask_prefix(value)
        return str(ipaddress.IPv4Network(u"0.0.0.0/%d" % prefix).netmask) if prefix is not None else value
    return value


def attribute_changes(current, params):
    """ModifyVirtualBorderRouterAttribute parameters (name -> wanted value) for every given option that differs from
    ``current``."""
    wanted = {}
    for option, field, kind in ATTRIBUTES:
        value = params.get(option)
        if value is None:
            continue
        if _canonical(kind, value) != _canonical(kind, current.get(field)):
            wanted[field] = _canonical(kind, value)
    return wanted


def create_params(params):
    """Parameters of CreateVirtualBorderRouter from the module options."""
    request = {"PhysicalConnectionId": params["physical_connection_id"]}
    for option, field, kind in ATTRIBUTES:
        if option in CREATE_OPTIONS and params.get(option) is not None:
            request[field] = _canonical(kind, params[option])
    if params.get("tags"):
        # Tagged by the create itself: a VBR left behind by a failed run still says whose it is.
        request["Tags"] = tagging.to_api(params["tags"])
    return request


def merged_gateway(current, wanted):
    """The (local, peer, mask) triple a VBR would have after applying ``wanted`` (API names) to ``current``."""
    fields = ("LocalGatewayIp", "PeerGatewayIp", "PeeringSubnetMask")
    return tuple(wanted.get(field, current.get(field)) for field in fields)


def predict(current, wanted):
    """The Describe item ``current`` would become after ModifyVirtualBorderRouterAttribute(``wanted``)."""
    item = dict(current)
    item.update(wanted)
    return item


def predict_created(params):
    """The Describe item a create would produce, for check mode (ID unknown)."""
    item = {"VbrId": None, "Status": "active", "PhysicalConnectionId": params.get("physical_connection_id")}
    for option, field, kind in ATTRIBUTES:
        if params.get(option) is not None:
            item[field] = _canonical(kind, params[option])
    return tagging.with_tags(item, params.get("tags"))


def normalize(item):
    """A Describe item in snake_case, tags as a dict (``{}`` for None)."""
    if not item:
        return {}
    return tagging.normalize(item)


def diff_view(item):
    """The managed attributes of a VBR (snake_case) for diff mode."""
    if not item:
        return {}
    snake = normalize(item)
    return dict((key, snake.get(key)) for key in DIFF_KEYS)


# ---------------------------------------------------------------------------------------------
# Queries (read-only)
# ---------------------------------------------------------------------------------------------

def describe(client, vbr_ids=None, physical_connection_id=None, status=None, name=None, tags=None):
    """All VBRs matching the API-side filters (lookup.vbrs: IDs five at a time; ``tags``, a dict, as Tags.N)."""
    return lookup.vbrs(client, ids=vbr_ids, tags=tagging.to_api(tags) if tags else None,
                       PhysicalConnectionId=physical_connection_id, Status=status, Name=name)


def get(client, vbr_id):
    """The VBR with this ID as the API describes it (any status), or None when not (or not yet) visible."""
    return lookup.get(client, lookup.VBR, vbr_id)


def find_by_key(client, physical_connection_id, vlan_id):
    """Every live VBR (not deleting) on this physical connection with this VLAN ID."""
    return [item for item in describe(client, physical_connection_id=physical_connection_id)
            if _canonical("int", item.get("VlanId")) == vlan_id
            and item.get("PhysicalConnectionId") == physical_connection_id
            and item.get("Status") not in GONE_STATUSES]


def filter_items(items, vlan_id=None, physical_connection_id=None, status=None, name=None, tags=None):
    """Client-side filtering (the API has no VLAN filter; the others guard against lenient servers)."""
    result = []
    for item in items:
        if vlan_id is not None and _canonical("int", item.get("VlanId")) != vlan_id:
            continue
        if physical_connection_id is not None and item.get("PhysicalConnectionId") != physical_connection_id:
            continue
        if status is not None and item.get("Status") != status:
            continue
        if name is not None and item.get("Name") != name:
            continue
        if not tagging.matches(item, tags):
            continue
        result.append(item)
    return result

# -*- coding: utf-8 -*-
# Copyright (c) aliyun.express_connect contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""BGP on a VBR (groups, peers, advertised networks): validation, lookups, comparison and normalisation.

Everything here is pure (validation, comparison, normalisation) or a read-only query on a ``VpcClient``;
the modules (and bgp_module.py) hold the create/modify/delete logic. The API returns a group's auth key in clear
text: it never leaves this file except as the boolean ``auth_key_set``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import re

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible_collections.aliyun.express_connect.plugins.module_utils import lookup

AVAILABLE = "Available"
# Statuses a lookup treats as "no longer there" (a peer may briefly show Deleted).
GONE = lookup.BGP_GONE
SESSION_ESTABLISHED = "Established"

# Not-found codes of Delete/Modify with an unknown ID ([UNCONFIRMED] for peers and networks).
GROUP_NOT_FOUND = ("InvalidBgpGroup", "InvalidBgpGroupId.NotFound")
PEER_NOT_FOUND = ("InvalidBgpPeer", "InvalidBgpPeerId.NotFound")
NETWORK_NOT_FOUND = ("InvalidVbrNetwork", "InvalidResource.NotFound", "InvalidParams.NotFound")
NETWORK_EXISTS = "InvalidParams.AlreadyExists"
PEERS_LEFT = "DependencyViolation.BgpPeer"

ALIYUN_ASN = 45104
RESERVED_ASN = 65025
LOCAL_ASN_RANGES = ((ALIYUN_ASN, ALIYUN_ASN), (64512, 65534), (4200000000, 4294967294))
PEER_ASN_RANGE = (1, 4294967295)
BFD_HOP_RANGE = (1, 255)
DEFAULT_LOCAL_ASN = ALIYUN_ASN
DEFAULT_ROUTE_LIMIT = 110
DEFAULT_BFD_HOP = 255
IP_VERSIONS = ("IPv4", "IPv6")

NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9._-]{1,127}$")

# Group option -> (API field in Describe, kind). kind drives comparison.
GROUP_ATTRIBUTES = (
    ("name", "Name", "str"),
    ("description", "Description", "str"),
    ("peer_asn", "PeerAsn", "int"),
    ("local_asn", "LocalAsn", "int"),
    ("is_fake_asn", "IsFake", "bool"),
    ("route_limit", "RouteLimit", "int"),
)
# Describe field -> request parameter, where they differ.
GROUP_REQUEST_NAMES = {"IsFake": "IsFakeAsn", "RouteLimit": "RouteQuota"}
# Returned as numbers/booleans whatever the wire type (the Tea models type most of them as strings).
INT_FIELDS = ("PeerAsn", "LocalAsn", "RouteLimit", "Hold", "Keepalive", "BfdMultiHop", "AdvertisedRouteCount",
              "ReceivedRouteCount")
BOOL_FIELDS = ("IsFake", "EnableBfd")

GROUP_DIFF_KEYS = ("bgp_group_id", "router_id", "name", "description", "peer_asn", "local_asn", "is_fake",
                   "route_limit", "ip_version", "auth_key_set")
PEER_DIFF_KEYS = ("bgp_peer_id", "bgp_group_id", "router_id", "peer_ip_address", "ip_version", "enable_bfd",
                  "bfd_multi_hop")
HIDDEN = "<hidden>"
HIDDEN_CHANGED = "<hidden, changed>"


# ---------------------------------------------------------------------------------------------------------------
# Validation (pure; each message names the option and the rule)
# ---------------------------------------------------------------------------------------------------------------
def local_asn_error(value):
    if value is None:
        return None
    if value == RESERVED_ASN or not any(low <= value <= high for low, high in LOCAL_ASN_RANGES):
        return ("local_asn must be 45104, 64512 to 65534 or 4200000000 to 4294967294, and not the reserved 65025; "
                "got %s" % value)
    return None


def peer_asn_error(value):
    if value is None:
        return None
    if not PEER_ASN_RANGE[0] <= value <= PEER_ASN_RANGE[1]:
        return "peer_asn must be from 1 to 4294967295, got %s" % value
    if value == ALIYUN_ASN:
        return "peer_asn must not be 45104 (the Alibaba Cloud ASN)"
    return None


def name_error(value, option="name"):
    if value is None or NAME_RE.match(value):
        return None
    return ("%s must be 2 to 128 characters, start with a letter and contain only letters, digits, '.', '_' and "
            "'-', got %r" % (option, value))


def description_error(value, option="description"):
    if value is None:
        return None
    if not 2 <= len(value) <= 256 or not value[:1].isalpha() or value.lower().startswith(("http://", "https://")):
        return ("%s must be 2 to 256 characters, start with a letter and not start with http:// or https://, got %r"
                % (option, value))
    return None


def ip_error(option, value, ip_version=None):
    """An error for a value that is not an IP address (of ip_version, when given)."""
    try:
        address = ipaddress.ip_address(u"%s" % value)
    except ValueError:
        return "%s must be an IP address, got %r" % (option, value)
    if ip_version and address.version != (6 if ip_version.lower() == "ipv6" else 4):
        return "%s must be an %s address with ip_version %s, got %r" % (option, ip_version, ip_version, value)
    return None


def canonical_cidr(value):
    """The CIDR block in canonical form (``10.0.0.0/16``, compressed IPv6); ValueError when it is not one."""
    return str(ipaddress.ip_network(u"%s" % value, strict=True))


def cidr_error(option, value):
    try:
        canonical_cidr(value)
    except ValueError:
        try:
            network = ipaddress.ip_network(u"%s" % value, strict=False)
        except ValueError:
            return "%s: %r is not a CIDR block such as 10.0.0.0/16" % (option, value)
        return "%s: %r has host bits set; the network is %s" % (option, value, network)
    if "/" not in str(value):
        return "%s: %r must have a prefix length, such as %s/32" % (option, value, value)
    return None


def validate_group(params):
    """Errors for the ali_bgp_group options (empty when valid)."""
    errors = [error for error in (
        local_asn_error(params.get("local_asn")),
        peer_asn_error(params.get("peer_asn")),
        name_error(params.get("name")),
        description_error(params.get("description")),
    ) if error]
    if not params.get("bgp_group_id") and not params.get("name"):
        errors.append("name is required when bgp_group_id is not given (a group is identified by router_id and "
                      "name)")
    if not params.get("bgp_group_id") and not params.get("router_id"):
        errors.append("router_id is required when bgp_group_id is not given")
    route_limit = params.get("route_limit")
    if route_limit is not None and route_limit < 1:
        errors.append("route_limit must be 1 or greater, got %d" % route_limit)
    return errors


def validate_peer(params):
    """Errors for the ali_bgp_peer options (empty when valid)."""
    errors = []
    address = params.get("peer_ip_address")
    if address is not None:
        error = ip_error("peer_ip_address", address, params.get("ip_version"))
        if error:
            errors.append(error)
    hop = params.get("bfd_multi_hop")
    if hop is not None:
        if not BFD_HOP_RANGE[0] <= hop <= BFD_HOP_RANGE[1]:
            errors.append("bfd_multi_hop must be from 1 to 255, got %d" % hop)
        elif params.get("enable_bfd") is not True:
            errors.append("bfd_multi_hop is only meaningful with BFD: set enable_bfd to true in the same task")
    if not params.get("bgp_peer_id"):
        missing = [option for option in ("bgp_group_id", "peer_ip_address") if not params.get(option)]
        if missing:
            errors.append("%s %s required when bgp_peer_id is not given (a peer is identified by bgp_group_id and "
                          "peer_ip_address)" % (" and ".join(missing), "are" if len(missing) > 1 else "is"))
    return errors


def validate_networks(cidrs, vpc_id=None):
    """(errors, the CIDR blocks in canonical form, duplicates dropped, in the given order)."""
    errors, blocks = [], []
    for value in cidrs or ():
        error = cidr_error("dst_cidr_blocks", value)
        if error:
            errors.append(error)
            continue
        block = canonical_cidr(value)
        if block not in blocks:
            blocks.append(block)
    if vpc_id is not None and not vpc_id.startswith("vpc-"):
        errors.append("vpc_id must be a VPC ID (vpc-...), got %r" % vpc_id)
    return errors, blocks


# ---------------------------------------------------------------------------------------------------------------
# Comparison and normalisation (pure)
# ---------------------------------------------------------------------------------------------------------------
def as_int(value):
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


def as_bool(value):
    if isinstance(value, bool) or value is None:
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no", ""):
        return False
    return value


def _canonical(kind, value):
    if kind == "int":
        return as_int(value)
    if kind == "bool":
        return as_bool(value)
    return "" if value is None else value


def same_ip(left, right):
    try:
        return ipaddress.ip_address(u"%s" % left) == ipaddress.ip_address(u"%s" % right)
    except ValueError:
        return left == right


def same_ip_version(wanted, current):
    """IpVersion comparison: the case varies across sources; an empty value is the default IPv4."""
    return (wanted or "IPv4").lower() == (current or "IPv4").lower()


def group_changes(current, params):
    """ModifyBgpGroupAttribute parameters for every given option that differs from ``current`` (a Describe item).

    ``auth_key: ""`` clears a key that is set (ClearAuthKey); the key itself is compared in clear text.
    """
    wanted = {}
    for option, field, kind in GROUP_ATTRIBUTES:
        value = params.get(option)
        if value is None:
            continue
        if _canonical(kind, value) != _canonical(kind, current.get(field)):
            wanted[GROUP_REQUEST_NAMES.get(field, field)] = value
    auth_key = params.get("auth_key")
    if auth_key is not None and auth_key != (current.get("AuthKey") or ""):
        if auth_key == "":
            wanted["ClearAuthKey"] = True
        else:
            wanted["AuthKey"] = auth_key
    return wanted


def group_immutable_errors(current, params):
    """Options given with a value the existing group cannot be changed to."""
    errors = []
    if params.get("router_id") and params["router_id"] != current.get("RouterId"):
        errors.append("router_id cannot be changed after creation (BGP group %s is on %s, not %s)"
                      % (current.get("BgpGroupId"), current.get("RouterId"), params["router_id"]))
    if params.get("ip_version") and not same_ip_version(params["ip_version"], current.get("IpVersion")):
        errors.append("ip_version cannot be changed after creation (BGP group %s is %s, not %s)"
                      % (current.get("BgpGroupId"), current.get("IpVersion") or "IPv4", params["ip_version"]))
    return errors


def group_create_params(params):
    """CreateBgpGroup parameters from the module options (an empty auth_key is not sent)."""
    request = {"RouterId": params["router_id"], "PeerAsn": params["peer_asn"], "Name": params["name"]}
    for option, field in (("local_asn", "LocalAsn"), ("description", "Description"), ("is_fake_asn", "IsFakeAsn"),
                          ("route_limit", "RouteQuota"), ("ip_version", "IpVersion")):
        if params.get(option) is not None:
            request[field] = params[option]
    if params.get("auth_key"):
        request["AuthKey"] = params["auth_key"]
    return request


def predict_group(current, wanted):
    """The Describe item ``current`` becomes after ModifyBgpGroupAttribute(``wanted``)."""
    item = dict(current)
    for param, value in wanted.items():
        if param == "ClearAuthKey":
            item["AuthKey"] = ""
        elif param == "IsFakeAsn":
            item["IsFake"] = value
        elif param == "RouteQuota":
            item["RouteLimit"] = value
        else:
            item[param] = value
    return item


def predict_created_group(params):
    """The Describe item CreateBgpGroup would produce, for check mode (ID unknown)."""
    return {
        "BgpGroupId": None, "RouterId": params["router_id"], "Name": params["name"],
        "Description": params.get("description") or "", "PeerAsn": params["peer_asn"],
        "LocalAsn": DEFAULT_LOCAL_ASN if params.get("local_asn") is None else params["local_asn"],
        "AuthKey": params.get("auth_key") or "", "IsFake": bool(params.get("is_fake_asn")),
        "RouteLimit": DEFAULT_ROUTE_LIMIT if params.get("route_limit") is None else params["route_limit"],
        "IpVersion": params.get("ip_version") or "IPv4", "Status": AVAILABLE,
    }


def peer_changes(current, params):
    """ModifyBgpPeerAttribute parameters when a BFD option differs from ``current`` (a Describe item).

    EnableBfd is always sent (the API takes an omitted one as false); turning BFD on without bfd_multi_hop sends
    the documented default 255, so that the result does not depend on a hop count the API no longer shows.
    """
    current_enabled = bool(as_bool(current.get("EnableBfd")))
    current_hop = as_int(current.get("BfdMultiHop"))
    enable, hop = params.get("enable_bfd"), params.get("bfd_multi_hop")
    if not ((enable is not None and enable != current_enabled) or (hop is not None and hop != current_hop)):
        return {}
    wanted = {"EnableBfd": current_enabled if enable is None else enable}
    if hop is not None:
        wanted["BfdMultiHop"] = hop
    elif wanted["EnableBfd"]:
        wanted["BfdMultiHop"] = DEFAULT_BFD_HOP
    return wanted


def peer_create_params(params):
    request = {"BgpGroupId": params["bgp_group_id"], "PeerIpAddress": params["peer_ip_address"]}
    for option, field in (("enable_bfd", "EnableBfd"), ("bfd_multi_hop", "BfdMultiHop"), ("ip_version", "IpVersion")):
        if params.get(option) is not None:
            request[field] = params[option]
    return request


def predict_peer(current, wanted):
    """The Describe item ``current`` becomes after ModifyBgpPeerAttribute(``wanted``) (hop 0 while BFD is off)."""
    item = dict(current, **wanted)
    if not as_bool(item.get("EnableBfd")):
        item["BfdMultiHop"] = 0
    return item


def predict_created_peer(params, group):
    """The Describe item CreateBgpPeer would produce, for check mode (ID unknown)."""
    enabled = bool(params.get("enable_bfd"))
    hop = (params.get("bfd_multi_hop") or DEFAULT_BFD_HOP) if enabled else 0
    return {
        "BgpPeerId": None, "BgpGroupId": params["bgp_group_id"], "RouterId": (group or {}).get("RouterId"),
        "PeerIpAddress": params["peer_ip_address"], "IpVersion": params.get("ip_version") or "IPv4",
        "EnableBfd": enabled, "BfdMultiHop": hop, "Status": AVAILABLE, "BgpStatus": "Idle",
        "PeerAsn": (group or {}).get("PeerAsn"), "LocalAsn": (group or {}).get("LocalAsn"),
    }


def normalize(item):
    """A Describe item (group, peer or network) in snake_case, numbers and booleans typed, the auth key dropped.

    ``auth_key_set`` tells whether a group (or a peer's group) has a key.
    """
    if not item:
        return {}
    fields = dict(item)
    has_key = "AuthKey" in fields
    auth_key = fields.pop("AuthKey", None)
    for field in INT_FIELDS:
        if field in fields:
            fields[field] = as_int(fields[field])
    for field in BOOL_FIELDS:
        if field in fields:
            fields[field] = as_bool(fields[field])
    snake = camel_dict_to_snake_dict(fields)
    if has_key:
        snake["auth_key_set"] = bool(auth_key)
    return snake


def group_diff_view(item, key_changed=False):
    """The managed attributes of a group (snake_case) for diff mode; the key is shown only as set or not."""
    if not item:
        return {}
    snake = normalize(item)
    view = dict((key, snake.get(key)) for key in GROUP_DIFF_KEYS)
    view["auth_key"] = (HIDDEN_CHANGED if key_changed else HIDDEN) if view["auth_key_set"] else ""
    return view


def peer_diff_view(item):
    """The managed attributes of a peer (snake_case) for diff mode; the hop count only while BFD is on."""
    if not item:
        return {}
    snake = normalize(item)
    view = dict((key, snake.get(key)) for key in PEER_DIFF_KEYS)
    if not view["enable_bfd"]:
        view.pop("bfd_multi_hop")
    return view


def secrets(items):
    """The auth keys in these Describe items (to add to the module's no_log values)."""
    return set(item["AuthKey"] for item in items if item.get("AuthKey"))


def _cidr_order(block):
    try:
        network = ipaddress.ip_network(u"%s" % block, strict=False)
    except ValueError:
        return (9, 0, 0, "%s" % block)
    return (network.version, int(network.network_address), network.prefixlen, "")


def sort_cidrs(blocks):
    """CIDR blocks in address order (IPv4 first); anything that is not a block last."""
    return sorted(blocks, key=_cidr_order)


def sort_networks(items):
    """Describe items of networks in the order of their CIDR blocks."""
    return sorted(items, key=lambda item: _cidr_order(item.get("DstCidrBlock")))


def network_key(item):
    try:
        return canonical_cidr(item.get("DstCidrBlock"))
    except ValueError:
        return item.get("DstCidrBlock")


def peer_label(item):
    return "%s (%s, %s)" % (item.get("BgpPeerId"), item.get("PeerIpAddress") or "no peer IP", item.get("Status"))


def group_label(item):
    return "%s (%s, %s)" % (item.get("BgpGroupId"), item.get("Name") or "no name", item.get("Status"))


def network_label(item):
    return "%s (%s)" % (item.get("DstCidrBlock"), item.get("Status"))


def vbr_dependencies_message(vbr_id, groups, networks):
    """Why a VBR cannot be deleted: the BGP groups and advertised networks still on it."""
    parts = []
    if groups:
        parts.append("BGP groups %s" % ", ".join(group_label(item) for item in groups))
    if networks:
        parts.append("advertised BGP networks %s" % ", ".join(network_label(item) for item in networks))
    return ("VBR %s still has %s; delete them first (aliyun.express_connect.ali_bgp_peer, ali_bgp_group and "
            "ali_bgp_network with state=absent)" % (vbr_id, " and ".join(parts)))


# ---------------------------------------------------------------------------------------------------------------
# Queries (read-only; module_utils/lookup.py sends them: None is "no filter", an empty value is sent as it is)
# ---------------------------------------------------------------------------------------------------------------
def describe_groups(client, router_id=None, bgp_group_id=None):
    """The groups matching the filters (checked again client-side)."""
    return [item for item in lookup.bgp_groups(client, RouterId=router_id, BgpGroupId=bgp_group_id)
            if (router_id is None or item.get("RouterId") == router_id)
            and (bgp_group_id is None or item.get("BgpGroupId") == bgp_group_id)]


def describe_peers(client, router_id=None, bgp_group_id=None, bgp_peer_id=None):
    return [item for item in lookup.bgp_peers(client, RouterId=router_id, BgpGroupId=bgp_group_id,
                                              BgpPeerId=bgp_peer_id)
            if (router_id is None or item.get("RouterId") == router_id)
            and (bgp_group_id is None or item.get("BgpGroupId") == bgp_group_id)
            and (bgp_peer_id is None or item.get("BgpPeerId") == bgp_peer_id)]


def describe_networks(client, router_id):
    return [item for item in lookup.bgp_networks(client, RouterId=router_id) if item.get("RouterId") == router_id]


def get_group(client, bgp_group_id):
    """The group with this ID (any status), or None."""
    return lookup.get(client, lookup.BGP_GROUP, bgp_group_id)


def get_peer(client, bgp_peer_id):
    """The peer with this ID (any status), or None."""
    return lookup.get(client, lookup.BGP_PEER, bgp_peer_id)


def live(items):
    """The groups, peers or networks that are not being deleted."""
    return [item for item in items if item.get("Status") not in GONE]


def find_groups(client, router_id, name):
    """Every live group on this VBR with this name."""
    return [item for item in live(describe_groups(client, router_id=router_id)) if item.get("Name") == name]


def find_peers(client, bgp_group_id, peer_ip_address):
    """Every live peer of this group with this peer IP."""
    return [item for item in live(describe_peers(client, bgp_group_id=bgp_group_id))
            if item.get("PeerIpAddress") and same_ip(item["PeerIpAddress"], peer_ip_address)]

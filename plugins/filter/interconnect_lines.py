# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The interconnect's lines: interconnect_lines with every default filled in, or the single-line variables as a
list of one, so that the build and the teardown handle one line and several the same way."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.aliyun.express_connect.plugins.module_utils.route_table import DEFAULT_WEIGHT

# The settings of a line, and the single-line variable each one is read from when interconnect_lines is empty.
SINGLE_LINE = (
    ("physical_connection_id", "interconnect_physical_connection_id"),
    ("vlan_id", "interconnect_vlan_id"),
    ("local_gateway_ip", "interconnect_local_gateway_ip"),
    ("peer_gateway_ip", "interconnect_peer_gateway_ip"),
    ("peering_subnet_mask", "interconnect_peering_subnet_mask"),
    ("spec", "interconnect_spec"),
    ("idc_routes", "interconnect_idc_routes"),
    ("bgp", "interconnect_bgp"),
)
# What a line of interconnect_lines takes from the role's variables when it does not set it.
LINE_DEFAULTS = ("peering_subnet_mask", "spec")


def _bgp(settings, peer_gateway_ip, vbr_routes):
    """A line's BGP settings with their defaults, without the key: the lines are loop items, and Ansible shows a
    loop's item with its result (-v and up); the key goes to the BGP group task alone (interconnect_bgp_auth_keys)."""
    if not settings:
        return {}
    bgp = {"peer_ip": peer_gateway_ip, "advertised_networks": vbr_routes}
    bgp.update((key, value) for key, value in settings.items() if key != "auth_key")
    bgp["auth_key_set"] = bool(settings.get("auth_key"))
    bgp["bfd"] = bool(settings.get("bfd"))
    bgp["wait_established"] = bool(settings.get("wait_established"))
    return bgp


def _health_check(settings, peer_gateway_ip):
    if not settings:
        return {}
    check = {"target_ip": peer_gateway_ip, "rate": None, "threshold": None}
    check.update(dict((key, value) for key, value in settings.items() if value is not None))
    return check


def interconnect_lines(variables):
    """The lines to build, each with physical_connection_id, vlan_id (int), local_gateway_ip, peer_gateway_ip,
    peering_subnet_mask, spec, name (of its VBR; its interfaces are <name>-initiator and <name>-acceptor),
    idc_routes, bgp ({} or complete with its defaults), health_check ({} or source_ip, target_ip, rate, threshold)
    and weight. ``variables`` holds the role's variables by name (after the input checks)."""
    if not isinstance(variables, dict):
        raise AnsibleFilterError("interconnect_lines expects a dict of the role's variables")
    name = variables["interconnect_name"]
    vbr_routes = variables.get("interconnect_vbr_routes") or []
    given, name_by_key = _given_lines(variables)
    lines = []
    for item in given:
        line = dict(item)
        for key in LINE_DEFAULTS:
            if line.get(key) in (None, ""):
                line[key] = variables.get("interconnect_" + key)
        line["vlan_id"] = int(line["vlan_id"]) if line.get("vlan_id") not in (None, "") else None
        # Several lines: each VBR (and its interfaces) named after its own key, which does not change when another
        # line is added or removed; the single line keeps interconnect_name.
        line["name"] = "%s-%s-%s" % (name, line["physical_connection_id"], line["vlan_id"]) if name_by_key else name
        line["idc_routes"] = line.get("idc_routes") or []
        line["bgp"] = _bgp(line.get("bgp"), line.get("peer_gateway_ip"), vbr_routes)
        line["health_check"] = _health_check(line.get("health_check"), line.get("peer_gateway_ip"))
        line["weight"] = DEFAULT_WEIGHT if line.get("weight") in (None, "") else int(line["weight"])
        lines.append(line)
    return lines


def _given_lines(variables):
    """(the lines as given, whether they came from interconnect_lines): interconnect_lines, or else the single-line
    variables as a list of one."""
    given = variables.get("interconnect_lines") or []
    if given:
        return given, True
    return [dict((key, variables.get(option)) for key, option in SINGLE_LINE)], False


def interconnect_bgp_auth_keys(variables):
    """Each line's BGP key (None for none), in the order of interconnect_lines' lines."""
    if not isinstance(variables, dict):
        raise AnsibleFilterError("interconnect_bgp_auth_keys expects a dict of the role's variables")
    return [(line.get("bgp") or {}).get("auth_key") or None for line in _given_lines(variables)[0]]


def _per_line(registered, count):
    """A loop task's results, one per line (an empty dict for a line it skipped or never reached)."""
    results = (registered or {}).get("results") or []
    return [results[index] if index < len(results) and isinstance(results[index], dict) else {}
            for index in range(count)]


def _bgp_result(line, group, peer, networks):
    if not line.get("bgp"):
        return {}
    return {"bgp_group_id": group.get("bgp_group_id"), "bgp_peer_id": peer.get("bgp_peer_id"),
            "peer_ip_address": line["bgp"]["peer_ip"], "bgp_status": (peer.get("bgp_peer") or {}).get("bgp_status"),
            "advertised_networks": networks.get("dst_cidr_blocks") or []}


def interconnect_built_lines(lines, vbrs=None, initiators=None, acceptors=None, connections=None, bgp_groups=None,
                             bgp_peers=None, bgp_networks=None):
    """Each line with what the build found or created for it, from the registered results of the loop tasks over
    the lines (ali_vbr, the two ali_router_interface tasks, ali_ri_connection and the BGP tasks): vbr_id,
    vbr_status, vbr_route_table_id, vlan_interface_id, initiator_interface_id, initiator_status,
    acceptor_interface_id, acceptor_status, paired (both interfaces exist), health_check_status and bgp_result
    ({} without BGP). None for what does not exist yet (as in check mode)."""
    count = len(lines or [])
    built = []
    for index, line in enumerate(lines or []):
        vbr, initiator, acceptor, connection, group, peer, networks = (
            _per_line(registered, count)[index]
            for registered in (vbrs, initiators, acceptors, connections, bgp_groups, bgp_peers, bgp_networks))
        details = vbr.get("vbr") or {}
        pair = connection.get("connection") or {}
        built.append(dict(line,
                          vbr_id=vbr.get("vbr_id"),
                          vbr_status=details.get("status"),
                          vbr_route_table_id=details.get("route_table_id"),
                          vlan_interface_id=details.get("vlan_interface_id"),
                          initiator_interface_id=initiator.get("router_interface_id"),
                          initiator_status=(pair.get("initiator") or {}).get("status"),
                          acceptor_interface_id=acceptor.get("router_interface_id"),
                          acceptor_status=(pair.get("acceptor") or {}).get("status"),
                          paired=bool(initiator.get("router_interface_id") and acceptor.get("router_interface_id")),
                          bgp_result=_bgp_result(line, group, peer, networks),
                          health_check_status=(acceptor.get("router_interface") or {}).get("health_check_status")))
    return built


# What interconnect_result shows of each line.
RESULT_KEYS = ("name", "physical_connection_id", "vlan_id", "vbr_id", "vbr_status", "vlan_interface_id",
               "vbr_route_table_id", "initiator_interface_id", "initiator_status", "acceptor_interface_id",
               "acceptor_status", "weight", "health_check_status")


def interconnect_line_results(built_lines):
    """The lines of interconnect_result: each built line's IDs, statuses, weight, health and bgp."""
    return [dict([(key, line.get(key)) for key in RESULT_KEYS], bgp=line.get("bgp_result") or {})
            for line in built_lines or []]


class FilterModule(object):
    def filters(self):
        return {"interconnect_lines": interconnect_lines, "interconnect_bgp_auth_keys": interconnect_bgp_auth_keys,
                "interconnect_built_lines": interconnect_built_lines,
                "interconnect_line_results": interconnect_line_results}

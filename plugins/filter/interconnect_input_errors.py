# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Everything the interconnect role can check about its variables without an API call, checked before the first
one: a bad value found later would fail half-way through a build, or make a teardown look in the wrong place."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import re

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.validation import check_type_int

from ansible_collections.aliyun.express_connect.plugins.filter.route_cidr_errors import route_cidr_errors
from ansible_collections.aliyun.express_connect.plugins.module_utils import bgp
from ansible_collections.aliyun.express_connect.plugins.module_utils.route_table import WEIGHT_MAX, WEIGHT_MIN, normalize_cidr
from ansible_collections.aliyun.express_connect.plugins.module_utils.router_interface import health_check_errors
from ansible_collections.aliyun.express_connect.plugins.module_utils.vbr import gateway_errors

# Role variable -> the prefix its ID must have. An empty or null value would make a lookup ignore that part of
# the natural key (a teardown would then match another physical connection's VBR).
REQUIRED_IDS = (
    ("interconnect_physical_connection_id", "pc-", "a physical connection ID (pc-...)"),
    ("interconnect_vpc_router_id", "vrt-", "the VPC's vRouter ID (vrt-...; the VPC's own ID vpc-... is not it)"),
)
VLAN_RANGE = (0, 2999)
GATEWAY_OPTIONS = re.compile(r"\b(local_gateway_ip|peer_gateway_ip|peering_subnet_mask)\b")
BGP_OPTIONS = re.compile(r"^(peer_asn|local_asn)\b")
# A line's settings in the messages of the single-line checks, renamed to interconnect_lines[N].<setting>.
LINE_OPTIONS = re.compile(r"\binterconnect_(physical_connection_id|vlan_id|local_gateway_ip|peer_gateway_ip|"
                          r"peering_subnet_mask|idc_routes|bgp)\b")
HEALTH_CHECK_OPTIONS = re.compile(r"\bhealth_check_(source_ip|target_ip|rate|threshold)\b")
# The VPC's route toward the data centre takes 2 to 4 next hops (topologies-api-reference 1.1).
MAX_LINES = 4


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _id_errors(name, value, prefix, what):
    if _blank(value):
        return ["%s is required and must not be empty or null: %s" % (name, what)]
    if not isinstance(value, str) or not value.startswith(prefix):
        return ["%s must be %s, got %r" % (name, what, value)]
    return []


def _vlan_errors(name, vlan):
    try:
        if _blank(vlan):
            raise TypeError
        vlan = check_type_int(vlan)
        if not VLAN_RANGE[0] <= vlan <= VLAN_RANGE[1]:
            raise TypeError
    except TypeError:
        return ["%s is required and must be an integer from 0 to 2999, got %r" % (name, vlan)]
    return []


def _required_errors(variables, lines_given):
    errors = []
    for name, prefix, what in REQUIRED_IDS:
        # With interconnect_lines, each line names its own physical connection.
        if not (lines_given and name == "interconnect_physical_connection_id"):
            errors += _id_errors(name, variables.get(name), prefix, what)
    if _blank(variables.get("interconnect_name")):
        errors.append("interconnect_name must not be empty or null: it names the VBR and the interfaces and is "
                      "the value of the ownership marker")
    table = variables.get("interconnect_vpc_route_table_id")
    if not _blank(table) and not str(table).startswith("vtb-"):
        errors.append("interconnect_vpc_route_table_id must be a route table ID (vtb-...) or empty, got %r" % (table,))
    if not lines_given:
        errors += _vlan_errors("interconnect_vlan_id", variables.get("interconnect_vlan_id"))
    return errors


def _gateway_errors(variables):
    local, peer = variables.get("interconnect_local_gateway_ip"), variables.get("interconnect_peer_gateway_ip")
    missing = [name for name, value in (("interconnect_local_gateway_ip", local),
                                        ("interconnect_peer_gateway_ip", peer)) if _blank(value)]
    if missing:
        return ["%s %s required when interconnect_state is present, and must not be empty or null"
                % (" and ".join(missing), "are" if len(missing) > 1 else "is")]
    return [GATEWAY_OPTIONS.sub(r"interconnect_\1", error)
            for error in gateway_errors(local, peer, variables.get("interconnect_peering_subnet_mask"))]


def _build_errors(variables):
    errors = _gateway_errors(variables)
    errors += _route_errors(variables)
    errors += _bgp_errors(variables.get("interconnect_bgp"), variables.get("interconnect_local_gateway_ip"))
    return errors


def _route_errors(variables):
    lists = dict((name, variables.get(name)) for name in
                 ("interconnect_vbr_routes", "interconnect_idc_routes", "interconnect_vpc_routes"))
    errors = route_cidr_errors(lists)
    if errors:
        return errors
    return _overlap_errors(lists["interconnect_vbr_routes"], lists["interconnect_idc_routes"])


def _overlap_errors(vbr_routes, idc_routes):
    # Both lists go on the VBR's route table, where one destination has one next hop.
    to_vpc = set(normalize_cidr(cidr) for cidr in vbr_routes or [])
    return ["interconnect_idc_routes: %s is also in interconnect_vbr_routes; both go on the VBR's "
            "route table, where a destination has one next hop (the circuit or the initiator "
            "interface, not both)" % normalize_cidr(cidr)
            for cidr in idc_routes or [] if normalize_cidr(cidr) in to_vpc]


def _bgp_errors(settings, local_ip):
    if not settings:
        return []
    if not isinstance(settings, dict):
        return ["interconnect_bgp must be a dictionary (peer_asn, local_asn, ...), got %r" % (settings,)]
    errors = []
    asns = {}
    for option in ("peer_asn", "local_asn", "bfd_multi_hop"):
        value = settings.get(option)
        try:
            asns[option] = None if value is None else check_type_int(value)
        except TypeError:
            errors.append("interconnect_bgp.%s must be an integer, got %r" % (option, value))
    if "peer_asn" in asns and asns["peer_asn"] is None:
        errors.append("interconnect_bgp.peer_asn is required when interconnect_bgp is set (the ASN of the "
                      "customer's router)")
    for check, option in ((bgp.peer_asn_error, "peer_asn"), (bgp.local_asn_error, "local_asn")):
        error = asns.get(option) is not None and check(asns[option])
        if error:
            errors.append(BGP_OPTIONS.sub(r"interconnect_bgp.\1", error))
    hops = asns.get("bfd_multi_hop")
    if hops is not None and not bgp.BFD_HOP_RANGE[0] <= hops <= bgp.BFD_HOP_RANGE[1]:
        errors.append("interconnect_bgp.bfd_multi_hop must be from 1 to 255, got %s" % hops)
    peer_ip = settings.get("peer_ip")
    if peer_ip is not None:
        error = bgp.ip_error("interconnect_bgp.peer_ip", peer_ip, "IPv4")
        if error:
            errors.append(error)
        elif not _blank(local_ip) and str(peer_ip) == str(local_ip):
            errors.append("interconnect_bgp.peer_ip must be the customer's router, not the VBR's own "
                          "interconnect_local_gateway_ip %s" % local_ip)
    networks = settings.get("advertised_networks")
    if networks is not None:
        errors += route_cidr_errors({"interconnect_bgp.advertised_networks": networks})
    return errors


def _line_errors(line, state, vbr_routes):
    """One line's errors, in the single line's words (renamed by the caller)."""
    errors = _id_errors("interconnect_physical_connection_id", line.get("physical_connection_id"), *REQUIRED_IDS[0][1:])
    errors += _vlan_errors("interconnect_vlan_id", line.get("vlan_id"))
    if state != "present":
        return errors
    errors += _gateway_errors(dict(("interconnect_" + key, line.get(key)) for key in
                                   ("local_gateway_ip", "peer_gateway_ip", "peering_subnet_mask")))
    idc_routes = line.get("idc_routes")
    route_errors = route_cidr_errors({"interconnect_idc_routes": idc_routes})
    errors += route_errors or _overlap_errors(vbr_routes, idc_routes)
    errors += _bgp_errors(line.get("bgp"), line.get("local_gateway_ip"))
    weight = line.get("weight")
    try:
        if weight is not None and not WEIGHT_MIN <= check_type_int(weight) <= WEIGHT_MAX:
            raise TypeError
    except TypeError:
        errors.append("weight must be an integer from %d to %d (the weight of the line's next hop in the VPC's "
                      "route), got %r" % (WEIGHT_MIN, WEIGHT_MAX, weight))
    check = line.get("health_check")
    if check:
        if _blank(check.get("source_ip")):
            errors.append("health_check.source_ip is required for a health check: an unused private IPv4 address "
                          "of the VPC that the cloud probes the data centre from")
        else:
            probe = dict(("health_check_" + key, check.get(key)) for key in ("source_ip", "target_ip", "rate", "threshold"))
            if probe["health_check_target_ip"] is None:
                probe["health_check_target_ip"] = line.get("peer_gateway_ip")
            errors += [HEALTH_CHECK_OPTIONS.sub(r"health_check.\1", error) for error in health_check_errors(probe)]
    return errors


def _named_in_line(error, index):
    prefix = "interconnect_lines[%d]." % index
    named = LINE_OPTIONS.sub(lambda match: prefix + match.group(1), error)
    return named if named.startswith(prefix) else prefix + named


def interconnect_lines_errors(variables, state):
    """interconnect_lines' errors: each line under the single line's rules, named interconnect_lines[N].<setting>,
    the routes and the VPC checked once, a physical connection and VLAN used once, at most MAX_LINES lines."""
    lines = variables.get("interconnect_lines")
    if not isinstance(lines, list) or not all(isinstance(line, dict) for line in lines):
        return ["interconnect_lines must be a list of lines (dictionaries with physical_connection_id, vlan_id, ...), "
                "got %r" % (lines,)]
    errors = []
    if len(lines) > MAX_LINES:
        errors.append("interconnect_lines has %d lines; the VPC's route toward the data centre takes at most %d next "
                      "hops, one per line" % (len(lines), MAX_LINES))
    if state == "present":
        errors += route_cidr_errors(dict((name, variables.get(name))
                                         for name in ("interconnect_vbr_routes", "interconnect_vpc_routes")))
    seen = {}
    for index, line in enumerate(lines):
        errors += [_named_in_line(error, index)
                   for error in _line_errors(line, state, variables.get("interconnect_vbr_routes"))]
        key = (line.get("physical_connection_id"), str(line.get("vlan_id")))
        if key in seen:
            errors.append("interconnect_lines[%d]: physical connection %s VLAN %s is also interconnect_lines[%d]; a "
                          "physical connection and VLAN carry one VBR, so one line" % (index, key[0], key[1], seen[key]))
        seen.setdefault(key, index)
    return errors


def interconnect_input_errors(variables, state="present"):
    """Messages naming the role variable and the rule, for every value that is empty, null or malformed, or that
    the cloud would refuse half-way through the run; [] when the variables are fine.

    ``variables`` holds the role's variables by name; ``state`` is interconnect_state.
    """
    if not isinstance(variables, dict):
        raise AnsibleFilterError("interconnect_input_errors expects a dict of the role's variables")
    lines = variables.get("interconnect_lines")
    errors = _required_errors(variables, bool(lines))
    timeout = variables.get("interconnect_wait_timeout")
    try:
        if check_type_int(timeout) <= 0:
            raise TypeError
    except TypeError:
        errors.append("interconnect_wait_timeout must be a number of seconds greater than 0, got %r" % (timeout,))
    if lines:
        return errors + interconnect_lines_errors(variables, state)
    if state == "present":
        errors += _build_errors(variables)
    return errors


def interconnect_vpc_table_errors(route_tables, router_id, route_table_id, vpc_routes):
    """Messages for a vRouter without route tables (it does not exist in this region), a route table that is not
    the vRouter's, and VPC routes whose destination is a system route of that table (a vSwitch's CIDR block):
    the cloud refuses a custom route there, after the pair is connected.

    ``route_tables`` as ali_route_table_info returns them for the vRouter, with their System entries.
    """
    if not route_tables:
        return ["interconnect_vpc_router_id: no vRouter %s in this region (it has no route table)" % router_id]
    if route_table_id:
        table = next((t for t in route_tables if t.get("route_table_id") == route_table_id), None)
        if table is None:
            return ["interconnect_vpc_route_table_id: %s is not a route table of vRouter %s (its tables: %s)"
                    % (route_table_id, router_id, ", ".join(t.get("route_table_id") for t in route_tables))]
    else:
        table = next((t for t in route_tables if t.get("route_table_type") == "System"), route_tables[0])
    # As the API returns them (100.64.0.0/10 among them, which normalize_cidr refuses as a destination).
    system = set(str(ipaddress.ip_network(entry["destination_cidr_block"])) for entry in table.get("route_entries") or []
                 if entry.get("type") == "System")
    return ["interconnect_vpc_routes: %s is a system route of route table %s (a vSwitch's CIDR block or a range the "
            "VPC reserves); a custom route cannot replace it" % (normalize_cidr(cidr), table.get("route_table_id"))
            for cidr in vpc_routes or [] if normalize_cidr(cidr) in system]


class FilterModule(object):
    def filters(self):
        return {"interconnect_input_errors": interconnect_input_errors,
                "interconnect_vpc_table_errors": interconnect_vpc_table_errors}

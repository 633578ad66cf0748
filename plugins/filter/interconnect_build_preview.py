# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What a check-mode build would change with the steps it skipped: check mode cannot create, so a step that needs
the ID of something still to be created (a new VBR, a new interface pair) is skipped and listed here, under the
name of the step the real run makes that change with."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

ROUTE_STEP = "Route the VPC's CIDRs to the initiator and the data centre's to the acceptor (and the circuit)"


def _line_preview(line, vpc_router_id):
    new_vbr = line.get("vbr_id") is None
    bgp = line.get("bgp") or {}
    steps = []
    if new_vbr and line.get("idc_routes"):
        steps.append(("Route the data centre's CIDRs from the VBR to its circuit",
                      "create " + ", ".join(line["idc_routes"]) + " -> the VBR VLAN interface (the circuit)"))
    if new_vbr and bgp:
        steps.append(("Create the BGP group on the VBR", "create %s (peer ASN %s)" % (line["bgp_name"], bgp["peer_asn"])))
        if bgp.get("advertised_networks"):
            steps.append(("Advertise the VPC's CIDRs to the data centre over BGP",
                          "advertise " + ", ".join(bgp["advertised_networks"])))
    if new_vbr:
        steps.append(("Create the initiator interface on the VBR",
                      "create %s-initiator (%s) toward %s" % (line["name"], line["spec"], vpc_router_id)))
        steps.append(("Create the acceptor interface on the vRouter",
                      "create %s-acceptor on %s toward the new VBR" % (line["name"], vpc_router_id)))
    if bgp and (line.get("bgp_result") or {}).get("bgp_group_id") is None:
        steps.append(("Create the BGP peer (the customer's router)", "create peer %s" % bgp["peer_ip"]))
    if not line.get("paired"):
        steps.append(("Pair and connect the interfaces", "pair the initiator and the acceptor and connect them"))
    return steps


def interconnect_build_preview(lines, vpc_router_id, vbr_routes, vpc_routes, bgp_name):
    """The preview's items ({step, change}) for the lines as interconnect_built_lines returns them after a
    check-mode build: each line's skipped steps, then the routes when a line's pair is still to be made."""
    if not isinstance(lines, list):
        raise AnsibleFilterError("interconnect_build_preview expects the list of built lines")
    steps = []
    for line in lines:
        steps += _line_preview(dict(line, bgp_name=bgp_name), vpc_router_id)
    if any(not line.get("paired") for line in lines) and (vbr_routes or vpc_routes):
        hops = "acceptor" if len(lines) == 1 else "every line's acceptor"
        routes = (["VBR table: " + ", ".join(vbr_routes) + " -> initiator"] if vbr_routes else []) + (
            ["VPC table: " + ", ".join(vpc_routes) + " -> " + hops] if vpc_routes else [])
        steps.append((ROUTE_STEP, "create " + "; ".join(routes)))
    return [{"step": step, "change": change} for step, change in steps]


class FilterModule(object):
    def filters(self):
        return {"interconnect_build_preview": interconnect_build_preview}

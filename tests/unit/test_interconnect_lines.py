"""The interconnect role's filters for several lines: interconnect_lines checked before any call and filled in,
the routes of two lines (one ECMP entry in the VPC), the routes through a line, and the check-mode preview."""

from ansible_collections.aliyun.express_connect.plugins.filter.interconnect_build_preview import (
    interconnect_build_preview,
)
from ansible_collections.aliyun.express_connect.plugins.filter.interconnect_input_errors import interconnect_input_errors
from ansible_collections.aliyun.express_connect.plugins.filter.interconnect_lines import (
    interconnect_bgp_auth_keys, interconnect_built_lines, interconnect_line_results, interconnect_lines,
)
from ansible_collections.aliyun.express_connect.plugins.filter.interconnect_routes import (
    interconnect_route_items, interconnect_route_members, interconnect_routes_via,
)

LINE1 = {"physical_connection_id": "pc-emu0001", "vlan_id": 100, "local_gateway_ip": "10.254.0.1",
         "peer_gateway_ip": "10.254.0.2", "health_check": {"source_ip": "172.16.255.1"}, "weight": 200}
LINE2 = {"physical_connection_id": "pc-emu0002", "vlan_id": 200, "local_gateway_ip": "10.254.1.1",
         "peer_gateway_ip": "10.254.1.2", "bgp": {"peer_asn": 65001}}
VARIABLES = {
    "interconnect_vpc_router_id": "vrt-emu0001", "interconnect_vpc_route_table_id": "", "interconnect_name": "dc1",
    "interconnect_wait_timeout": 600, "interconnect_peering_subnet_mask": "255.255.255.252",
    "interconnect_spec": "Large.2", "interconnect_vbr_routes": ["172.16.0.0/12"],
    "interconnect_vpc_routes": ["192.168.0.0/16"], "interconnect_lines": [LINE1, LINE2],
}


def errors(lines, state="present"):
    return interconnect_input_errors(dict(VARIABLES, interconnect_lines=lines), state)


def test_good_lines_have_no_problems_and_need_no_single_line_variables():
    assert errors([LINE1, LINE2]) == [] and errors([LINE1, LINE2], "absent") == []


def test_each_line_is_checked_and_named_by_its_index():
    bad = dict(LINE2, physical_connection_id="", vlan_id=3000, peer_gateway_ip=None, weight=256,
               health_check={"rate": 2000}, idc_routes=["172.16.0.0/12"], bgp={"peer_asn": 45104})
    assert errors([LINE1, bad]) == [
        "interconnect_lines[1].physical_connection_id is required and must not be empty or null: a physical "
        "connection ID (pc-...)",
        "interconnect_lines[1].vlan_id is required and must be an integer from 0 to 2999, got 3000",
        "interconnect_lines[1].peer_gateway_ip is required when interconnect_state is present, and must not be "
        "empty or null",
        "interconnect_lines[1].idc_routes: 172.16.0.0/12 is also in interconnect_vbr_routes; both go on the VBR's "
        "route table, where a destination has one next hop (the circuit or the initiator interface, not both)",
        "interconnect_lines[1].bgp.peer_asn must not be 45104 (the Alibaba Cloud ASN)",
        "interconnect_lines[1].weight must be an integer from 0 to 255 (the weight of the line's next hop in the "
        "VPC's route), got 256",
        "interconnect_lines[1].health_check.source_ip is required for a health check: an unused private IPv4 "
        "address of the VPC that the cloud probes the data centre from",
    ]
    assert errors([LINE1, dict(LINE1, health_check={"source_ip": "8.8.8.8"})])[-2:] == [
        "interconnect_lines[1].health_check.source_ip must be a private address of the local VPC (got 8.8.8.8)",
        "interconnect_lines[1]: physical connection pc-emu0001 VLAN 100 is also interconnect_lines[0]; a physical "
        "connection and VLAN carry one VBR, so one line"]
    assert errors([LINE1, LINE2, dict(LINE2, vlan_id=1), dict(LINE2, vlan_id=2), dict(LINE2, vlan_id=3)]) == [
        "interconnect_lines has 5 lines; the VPC's route toward the data centre takes at most 4 next hops, one per "
        "line"]
    assert errors(["pc-emu0001"]) == ["interconnect_lines must be a list of lines (dictionaries with "
                                      "physical_connection_id, vlan_id, ...), got ['pc-emu0001']"]


def test_lines_are_filled_in_and_named_by_their_key():
    first, second = interconnect_lines(VARIABLES)
    assert (first["name"], first["spec"], first["weight"], first["health_check"]) == (
        "dc1-pc-emu0001-100", "Large.2", 200,
        {"source_ip": "172.16.255.1", "target_ip": "10.254.0.2", "rate": None, "threshold": None})
    assert (second["name"], second["weight"], second["health_check"], second["bgp"]) == (
        "dc1-pc-emu0002-200", 100, {},
        {"peer_asn": 65001, "peer_ip": "10.254.1.2", "advertised_networks": ["172.16.0.0/12"], "bfd": False,
         "wait_established": False, "auth_key_set": False})


def test_the_lines_carry_no_bgp_key_which_comes_on_its_own():
    """The lines are loop items (shown with each result from -v on): the key is in interconnect_bgp_auth_keys only."""
    lines = [dict(line) for line in VARIABLES["interconnect_lines"]]
    lines[1]["bgp"] = dict(lines[1]["bgp"], auth_key="do-not-print")
    variables = dict(VARIABLES, interconnect_lines=lines)
    assert "do-not-print" not in repr(interconnect_lines(variables))
    assert interconnect_lines(variables)[1]["bgp"]["auth_key_set"] is True
    assert interconnect_bgp_auth_keys(variables) == [None, "do-not-print"]
    single = dict(variables, interconnect_lines=[], interconnect_bgp={"peer_asn": 65001, "auth_key": "single-key"})
    assert "single-key" not in repr(interconnect_lines(single))
    assert interconnect_bgp_auth_keys(single) == ["single-key"]


def test_the_single_line_variables_are_a_list_of_one_named_as_before():
    single = dict(VARIABLES, interconnect_lines=[], interconnect_physical_connection_id="pc-emu0001",
                  interconnect_vlan_id="100", interconnect_local_gateway_ip="10.254.0.1",
                  interconnect_peer_gateway_ip="10.254.0.2", interconnect_idc_routes=[], interconnect_bgp={})
    (line,) = interconnect_lines(single)
    assert (line["name"], line["vlan_id"], line["health_check"], line["bgp"], line["weight"]) == ("dc1", 100, {}, {}, 100)


def built(*acceptors):
    registered = {"results": [{"vbr_id": "vbr-%d" % n, "vbr": {"route_table_id": "vtb-vbr%d" % n,
                                                               "vlan_interface_id": "ri-vlan%d" % n}}
                              for n in range(1, len(acceptors) + 1)]}
    return interconnect_built_lines(interconnect_lines(VARIABLES)[:len(acceptors)], registered,
                                    {"results": [{"router_interface_id": "ri-i%d" % n} for n in range(1, 3)]},
                                    {"results": [{"router_interface_id": hop} for hop in acceptors]})


def test_two_lines_route_the_vpc_over_both_acceptors_with_their_weights():
    routes = {"vpc_route_table_id": "vtb-emu0001", "vbr_routes": ["172.16.0.0/12"], "vpc_routes": ["192.168.0.0/16"],
              "lines": built("ri-a1", "ri-a2")}
    assert interconnect_route_items(routes, ["vbr_routes", "vpc_routes"]) == [
        {"route_table_id": "vtb-vbr1", "destination_cidr_block": "172.16.0.0/12", "next_hop_id": "ri-i1"},
        {"route_table_id": "vtb-vbr2", "destination_cidr_block": "172.16.0.0/12", "next_hop_id": "ri-i2"},
        {"route_table_id": "vtb-emu0001", "destination_cidr_block": "192.168.0.0/16",
         "next_hops": [{"next_hop_id": "ri-a1", "weight": 200}, {"next_hop_id": "ri-a2", "weight": 100}]}]
    assert [line["paired"] for line in built("ri-a1", None)] == [True, False]


def test_the_results_and_the_preview_of_lines():
    lines = built("ri-a1", None)
    assert [(line["vbr_id"], line["acceptor_interface_id"], line["weight"], line["bgp"])
            for line in interconnect_line_results(lines)] == [("vbr-1", "ri-a1", 200, {}), ("vbr-2", None, 100, {
                "bgp_group_id": None, "bgp_peer_id": None, "peer_ip_address": "10.254.1.2", "bgp_status": None,
                "advertised_networks": []})]
    assert interconnect_build_preview(lines, "vrt-emu0001", ["172.16.0.0/12"], ["192.168.0.0/16"], "dc1") == [
        {"step": "Create the BGP peer (the customer's router)", "change": "create peer 10.254.1.2"},
        {"step": "Pair and connect the interfaces", "change": "pair the initiator and the acceptor and connect them"},
        {"step": "Route the VPC's CIDRs to the initiator and the data centre's to the acceptor (and the circuit)",
         "change": "create VBR table: 172.16.0.0/12 -> initiator; VPC table: 192.168.0.0/16 -> every line's acceptor"}]


def test_the_routes_through_a_line():
    entries = [{"route_table_id": "vtb-1", "destination_cidr_block": "192.168.0.0/16", "next_hop_id": None,
                "next_hops": [{"next_hop_id": "ri-a1", "weight": 100, "enabled": 1},
                              {"next_hop_id": "ri-a2", "weight": 100, "enabled": 0}]},
               {"route_table_id": "vtb-1", "destination_cidr_block": "10.0.0.0/8", "next_hop_id": "ri-a2",
                "next_hops": [{"next_hop_id": "ri-a2", "weight": 0, "enabled": 1}]}]
    assert interconnect_routes_via([{"route_entries": entries}], ["ri-a2"]) == [
        {"route_table_id": "vtb-1", "destination_cidr_block": "192.168.0.0/16",
         "next_hops": [{"next_hop_id": "ri-a1"}, {"next_hop_id": "ri-a2"}]},
        {"route_table_id": "vtb-1", "destination_cidr_block": "10.0.0.0/8", "next_hop_id": "ri-a2"}]
    assert interconnect_routes_via([{"route_entries": entries}], ["ri-x"]) == []
    assert interconnect_route_members(entries, "ri-a2") == [
        {"destination_cidr_block": "192.168.0.0/16", "weight": 100, "enabled": False},
        {"destination_cidr_block": "10.0.0.0/8", "weight": None, "enabled": True}]

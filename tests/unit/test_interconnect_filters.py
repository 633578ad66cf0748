"""The interconnect role's filters: its variables checked before any call, the VPC side checked against the
vRouter's tables, and the routes as ali_route_entry items and as the published summary."""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.aliyun.express_connect.plugins.filter.interconnect_input_errors import (
    FilterModule as InputFilters, interconnect_input_errors, interconnect_vpc_table_errors,
)
from ansible_collections.aliyun.express_connect.plugins.filter.interconnect_routes import (
    FilterModule as RouteFilters, interconnect_route_items, interconnect_route_summary,
)

GOOD = {
    "interconnect_physical_connection_id": "pc-emu0001", "interconnect_vlan_id": 100,
    "interconnect_vpc_router_id": "vrt-emu0001", "interconnect_vpc_route_table_id": "",
    "interconnect_name": "dc1", "interconnect_wait_timeout": 600,
    "interconnect_local_gateway_ip": "10.254.0.1", "interconnect_peer_gateway_ip": "10.254.0.2",
    "interconnect_peering_subnet_mask": "255.255.255.252",
    "interconnect_vbr_routes": ["172.16.0.0/12"], "interconnect_idc_routes": ["192.168.0.0/16"],
    "interconnect_vpc_routes": ["192.168.0.0/16"], "interconnect_bgp": {},
}


def errors(state="present", **changes):
    return interconnect_input_errors(dict(GOOD, **changes), state)


def test_good_variables_have_no_problems():
    assert errors() == [] and errors("absent") == []


@pytest.mark.parametrize("name", ["interconnect_physical_connection_id", "interconnect_vpc_router_id",
                                  "interconnect_vlan_id", "interconnect_name"])
@pytest.mark.parametrize("value", ["", None, "  "])
@pytest.mark.parametrize("state", ["present", "absent"])
def test_an_empty_or_null_key_part_is_refused_in_both_states(name, value, state):
    (problem,) = errors(state, **{name: value})
    assert problem.startswith(name) and ("empty" in problem or "required" in problem)


@pytest.mark.parametrize("name, value, rule", [
    ("interconnect_vpc_router_id", "vpc-emu0001", "vRouter ID (vrt-...; the VPC's own ID vpc-... is not it)"),
    ("interconnect_physical_connection_id", "emu0001", "a physical connection ID (pc-...)"),
    ("interconnect_vpc_route_table_id", "rtb-1", "a route table ID (vtb-...)"),
    ("interconnect_vlan_id", 3000, "from 0 to 2999"),
    ("interconnect_vlan_id", "ten", "from 0 to 2999"),
    ("interconnect_wait_timeout", 0, "greater than 0"),
])
def test_a_malformed_value_names_the_variable_and_the_rule(name, value, rule):
    (problem,) = errors("absent", **{name: value})
    assert problem.startswith(name) and rule in problem


def test_a_vlan_given_as_text_on_the_command_line_is_accepted():
    assert errors(interconnect_vlan_id="100") == []


def test_the_build_needs_both_gateways_the_teardown_does_not():
    (problem,) = errors(interconnect_local_gateway_ip="", interconnect_peer_gateway_ip=None)
    assert problem.startswith("interconnect_local_gateway_ip and interconnect_peer_gateway_ip are required")
    assert errors("absent", interconnect_local_gateway_ip="") == []


def test_gateway_problems_name_the_role_variables():
    (problem,) = errors(interconnect_peer_gateway_ip="10.254.1.2")
    assert problem.startswith("interconnect_peer_gateway_ip 10.254.1.2 must be in the same subnet as "
                              "interconnect_local_gateway_ip")


def test_the_same_destination_on_the_vbr_table_twice_names_both_lists():
    (problem,) = errors(interconnect_idc_routes=["172.16.0.0/12"])
    assert problem.startswith("interconnect_idc_routes: 172.16.0.0/12 is also in interconnect_vbr_routes")


def test_the_same_destination_on_both_sides_is_allowed():
    assert errors(interconnect_vbr_routes=["0.0.0.0/0"], interconnect_vpc_routes=["0.0.0.0/0"],
                  interconnect_idc_routes=[]) == []


def test_route_problems_name_the_list():
    assert errors(interconnect_vpc_routes=["192.168.0.0/33"])[0].startswith("interconnect_vpc_routes: ")


@pytest.mark.parametrize("bgp, rule", [
    ({"peer_asn": 45104}, "interconnect_bgp.peer_asn must not be 45104"),
    ({}, None),
    ({"local_asn": 65001}, "interconnect_bgp.peer_asn is required"),
    ({"peer_asn": 65001, "local_asn": 65025}, "interconnect_bgp.local_asn must be 45104"),
    ({"peer_asn": 65001, "bfd_multi_hop": 0}, "interconnect_bgp.bfd_multi_hop must be from 1 to 255"),
    ({"peer_asn": 65001, "peer_ip": "10.254.0.1"}, "interconnect_bgp.peer_ip must be the customer's router"),
    ({"peer_asn": 65001, "peer_ip": "ten"}, "interconnect_bgp.peer_ip must be an IP address"),
    ({"peer_asn": "x"}, "interconnect_bgp.peer_asn must be an integer"),
    ({"peer_asn": 65001, "advertised_networks": ["10.0.0.1/8"]}, "interconnect_bgp.advertised_networks: "),
])
def test_bgp_settings_the_api_would_refuse_after_the_vbr_exists(bgp, rule):
    problems = errors(interconnect_bgp=bgp)
    if rule is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problems[0].startswith(rule), problems


def test_the_teardown_ignores_build_only_variables():
    assert errors("absent", interconnect_bgp={"peer_asn": 45104}, interconnect_vpc_routes=["x"]) == []


def test_input_must_be_a_dict():
    with pytest.raises(AnsibleFilterError):
        interconnect_input_errors(["pc-emu0001"])


TABLES = [{"route_table_id": "vtb-sys", "route_table_type": "System", "route_entries": [
    {"destination_cidr_block": "172.16.0.0/24", "type": "System"},
    {"destination_cidr_block": "100.64.0.0/10", "type": "System"},
    {"destination_cidr_block": "10.9.0.0/16", "type": "Custom"}]},
    {"route_table_id": "vtb-custom", "route_table_type": "Custom", "route_entries": []}]


def test_a_vrouter_without_tables_does_not_exist():
    (problem,) = interconnect_vpc_table_errors([], "vrt-typo", "", [])
    assert problem == "interconnect_vpc_router_id: no vRouter vrt-typo in this region (it has no route table)"


def test_a_route_table_of_another_vrouter():
    (problem,) = interconnect_vpc_table_errors(TABLES, "vrt-1", "vtb-other", [])
    assert problem.startswith("interconnect_vpc_route_table_id: vtb-other is not a route table of vRouter vrt-1")
    assert "vtb-sys, vtb-custom" in problem


def test_a_vpc_route_on_a_system_route_of_the_table_that_receives_it():
    (problem,) = interconnect_vpc_table_errors(TABLES, "vrt-1", "", ["192.168.0.0/16", "172.16.0.0/24"])
    assert problem.startswith("interconnect_vpc_routes: 172.16.0.0/24 is a system route of route table vtb-sys")
    assert interconnect_vpc_table_errors(TABLES, "vrt-1", "vtb-custom", ["172.16.0.0/24"]) == []
    assert interconnect_vpc_table_errors(TABLES, "vrt-1", "", ["10.9.0.0/16"]) == []


DECLARED = {"vbr_route_table_id": "vtb-vbr", "vpc_route_table_id": "vtb-vpc", "vlan_interface_id": "ri-vlan",
            "initiator_interface_id": "ri-init", "acceptor_interface_id": "ri-acc",
            "idc_routes": ["192.168.0.0/16"], "vbr_routes": ["172.16.0.0/12"], "vpc_routes": ["192.168.0.0/16"]}


def test_route_items_in_build_order():
    assert interconnect_route_items(DECLARED) == [
        {"route_table_id": "vtb-vbr", "destination_cidr_block": "192.168.0.0/16", "next_hop_id": "ri-vlan"},
        {"route_table_id": "vtb-vbr", "destination_cidr_block": "172.16.0.0/12", "next_hop_id": "ri-init"},
        {"route_table_id": "vtb-vpc", "destination_cidr_block": "192.168.0.0/16", "next_hop_id": "ri-acc"}]


def test_route_items_need_their_table_and_next_hop():
    with pytest.raises(AnsibleFilterError, match="vpc_routes needs vpc_route_table_id and acceptor_interface_id"):
        interconnect_route_items(dict(DECLARED, acceptor_interface_id=None))


def test_the_summary_names_each_route_side_and_next_hop_with_its_status():
    entries = [{"route_table_id": "vtb-vpc", "destination_cidr_block": "192.168.0.0/16", "status": "Available"}]
    summary = interconnect_route_summary(entries, DECLARED)
    assert [(r["side"], r["via"], r["status"]) for r in summary] == [
        ("vbr", "circuit", None), ("vbr", "initiator", None), ("vpc", "acceptor", "Available")]


def test_the_summary_in_check_mode_has_no_ids_yet():
    pending = dict(DECLARED, vbr_route_table_id=None, vlan_interface_id=None, initiator_interface_id=None,
                   acceptor_interface_id=None)
    assert [r["next_hop_id"] for r in interconnect_route_summary([], pending)] == [None, None, None]


def test_the_filters_are_registered():
    assert set(InputFilters().filters()) == {"interconnect_input_errors", "interconnect_vpc_table_errors"}
    assert set(RouteFilters().filters()) == {"interconnect_route_items", "interconnect_route_summary",
                                          "interconnect_routes_via", "interconnect_route_members"}

"""Bad input across the modules and the role: each case must fail with a message that names the option and the
rule (or carries the API error code and RequestId), without a traceback, and without any mutating API call.

The cases run batched (one playbook for the modules, one for the role); every case is still its own pytest
item, and the emulator's calls are attributed to the case that made them (see reliability_batch.py).
"""

import concurrent.futures
import json

import pytest

import reliability_batch as batch
import reliability_lib as lib
from support.fixture_ids import ACCESS_POINT, ACCOUNT_UID, PC, SECOND_ACCOUNT_UID, VPC, VPC_ROUTER as VRT, VPC_TABLE as VTB
from support.playbook import AnsibleRunner

GOOD_VBR = {"physical_connection_id": PC, "vlan_id": 2100, "local_gateway_ip": "10.254.10.1",
            "peer_gateway_ip": "10.254.10.2", "peering_subnet_mask": "255.255.255.252"}
GOOD_ACCEPTOR = {"router_id": VRT, "router_type": "VRouter", "role": "AcceptingSide", "spec": "Negative",
                 "opposite_router_type": "VBR", "opposite_access_point_id": ACCESS_POINT,
                 "name": "bad-input-acceptor"}
GOOD_GRANT = {"instance_id": VPC, "vbr_owner_uid": SECOND_ACCOUNT_UID, "vbr_region_id": "cn-hangzhou"}
GOOD_ROUTE = {"route_table_id": VTB, "destination_cidr_block": "192.168.77.0/24", "next_hop_id": "ri-doesnotexist0001"}

STS = {"alicloud_access_key": "STS.test-sts-key-id", "alicloud_secret_key": "test-sts-secret"}
EXPIRED = {"alicloud_access_key": "STS.test-expired-key-id", "alicloud_secret_key": "test-expired-secret",
           "alicloud_security_token": "test-expired-token"}


def nulled(base, *names):
    """base with the given variables set to null, as `name: null` (or `name: ~`) in a vars file gives them."""
    return dict(base, **dict.fromkeys(names))


def merged(base, **changes):
    result = dict(base)
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result


# (case id, module, args, expected): every entry of `expected` must occur in the failure message
# (case-insensitive); "a|b" means a or b.
MODULE_CASES = [
    # ali_vbr
    ("vbr-vlan-above-range", "ali_vbr", merged(GOOD_VBR, vlan_id=3000), ["vlan_id", "2999"]),
    ("vbr-vlan-negative", "ali_vbr", merged(GOOD_VBR, vlan_id=-1), ["vlan_id", "between|range"]),
    ("vbr-vlan-wrong-type", "ali_vbr", merged(GOOD_VBR, vlan_id="ten"), ["vlan_id", "int"]),
    ("vbr-peer-outside-subnet", "ali_vbr", merged(GOOD_VBR, peer_gateway_ip="10.254.11.2"),
     ["peer_gateway_ip", "subnet"]),
    ("vbr-local-outside-subnet-/30-broadcast", "ali_vbr", merged(GOOD_VBR, local_gateway_ip="10.254.10.3"),
     ["local_gateway_ip", "broadcast|network|host"]),
    ("vbr-gateways-equal", "ali_vbr", merged(GOOD_VBR, peer_gateway_ip="10.254.10.1"),
     ["peer_gateway_ip|local_gateway_ip", "different|same"]),
    ("vbr-mask-malformed", "ali_vbr", merged(GOOD_VBR, peering_subnet_mask="255.255.0.255"),
     ["peering_subnet_mask", "netmask|mask"]),
    ("vbr-mask-too-wide", "ali_vbr", merged(GOOD_VBR, peering_subnet_mask="255.255.0.0"),
     ["peering_subnet_mask", "255.255.255.0|/24"]),
    ("vbr-local-ip-malformed", "ali_vbr", merged(GOOD_VBR, local_gateway_ip="10.254.10.300"),
     ["local_gateway_ip", "valid|address"]),
    ("vbr-missing-vlan", "ali_vbr", merged(GOOD_VBR, vlan_id=None), ["vlan_id", "required"]),
    ("vbr-missing-identity", "ali_vbr", {"state": "absent"}, ["vbr_id", "physical_connection_id"]),
    ("vbr-create-without-gateways", "ali_vbr", {"physical_connection_id": PC, "vlan_id": 2101},
     ["local_gateway_ip", "peer_gateway_ip"]),
    ("vbr-name-malformed", "ali_vbr", merged(GOOD_VBR, name="1-starts-with-a-digit"), ["name", "letter"]),
    ("vbr-description-url", "ali_vbr", merged(GOOD_VBR, description="http://example.com"),
     ["description", "http"]),
    ("vbr-mtu-not-a-choice", "ali_vbr", merged(GOOD_VBR, mtu=9000), ["mtu", "1500"]),
    ("vbr-unknown-option", "ali_vbr", merged(GOOD_VBR, vlan="100"), ["vlan", "unsupported|unknown"]),
    ("vbr-id-does-not-exist", "ali_vbr", {"vbr_id": "vbr-doesnotexist0001", "name": "renamed"},
     ["vbr-doesnotexist0001", "no such|not found|notfound"]),
    # ali_router_interface
    ("ri-vbr-as-acceptor", "ali_router_interface",
     {"router_id": "vbr-doesnotexist0002", "router_type": "VBR", "role": "AcceptingSide", "spec": "Negative",
      "opposite_router_type": "VRouter", "opposite_router_id": VRT}, ["role", "InitiatingSide"]),
    ("ri-acceptor-spec-not-negative", "ali_router_interface", merged(GOOD_ACCEPTOR, spec="Large.2"),
     ["spec", "Negative"]),
    ("ri-unknown-spec", "ali_router_interface", merged(GOOD_ACCEPTOR, spec="Huge.9"), ["spec", "Negative|Large.2"]),
    ("ri-unknown-role", "ali_router_interface", merged(GOOD_ACCEPTOR, role="Sideways"), ["role", "AcceptingSide"]),
    ("ri-health-check-source-alone", "ali_router_interface", merged(GOOD_ACCEPTOR, health_check_source_ip="10.0.0.1"),
     ["health_check_source_ip", "health_check_target_ip"]),
    ("ri-health-check-ip-malformed", "ali_router_interface",
     merged(GOOD_ACCEPTOR, health_check_source_ip="10.0.0.1", health_check_target_ip="10.0.0.x"),
     ["health_check_target_ip", "IP"]),
    ("ri-router-type-mismatch", "ali_router_interface", merged(GOOD_ACCEPTOR, router_id="vbr-abc", router_type="VRouter"),
     ["router_type", "VBR"]),
    ("ri-missing-identity", "ali_router_interface", {"state": "absent"}, ["router_interface_id", "router_id"]),
    ("ri-id-does-not-exist", "ali_router_interface", {"router_interface_id": "ri-doesnotexist0003", "name": "x-name"},
     ["ri-doesnotexist0003", "no such|not found|notfound"]),
    # ali_ri_connection
    ("conn-missing-acceptor", "ali_ri_connection", {"router_interface_id": "ri-doesnotexist0004"},
     ["opposite_interface_id", "required|missing"]),
    ("conn-ids-do-not-exist", "ali_ri_connection",
     {"router_interface_id": "ri-doesnotexist0005", "opposite_interface_id": "ri-doesnotexist0006"},
     ["ri-doesnotexist0005", "no such|not found|notfound"]),
    ("conn-unknown-state", "ali_ri_connection",
     {"router_interface_id": "ri-x1", "opposite_interface_id": "ri-x2", "state": "enabled"},
     ["state", "present"]),
    # Ends in another account or region, and the grant (issue 23)
    ("ri-owner-not-a-uid", "ali_router_interface", merged(GOOD_ACCEPTOR, opposite_interface_owner_id="acct-a",
                                                          opposite_region_id="cn-hangzhou"),
     ["opposite_interface_owner_id", "digits"]),
    ("ri-owner-without-region", "ali_router_interface", merged(GOOD_ACCEPTOR, opposite_interface_owner_id=ACCOUNT_UID,
                                                               opposite_router_id="vbr-x1"),
     ["opposite_region_id is required with opposite_interface_owner_id"]),
    ("ri-prepaid-one-region", "ali_router_interface",
     {"router_id": "vbr-x1", "spec": "Mini.2", "opposite_router_id": VRT, "instance_charge_type": "PrePaid",
      "period": 1, "opposite_region_id": "cn-hangzhou"},
     ["instance_charge_type=PrePaid", "opposite_region_id other than"]),
    ("ri-period-without-prepaid", "ali_router_interface", merged(GOOD_ACCEPTOR, period=3),
     ["period is only valid with instance_charge_type=PrePaid"]),
    ("connection-empty-opposite-connection", "ali_ri_connection",
     {"router_interface_id": "ri-x1", "opposite_interface_id": "ri-x2", "opposite_connection": {}},
     ["opposite_connection must not be empty"]),
    ("connection-empty-opposite-region", "ali_ri_connection",
     {"router_interface_id": "ri-x1", "opposite_interface_id": "ri-x2",
      "opposite_connection": {"alicloud_region": ""}},
     ["opposite_connection.alicloud_region must not be empty"]),
    ("connection-opposite-key-without-secret", "ali_ri_connection",
     {"router_interface_id": "ri-x1", "opposite_interface_id": "ri-x2",
      "opposite_connection": {"alicloud_access_key": "test-second-access-key-id"}},
     ["opposite_connection", "alicloud_secret_key"]),
    ("grant-owner-not-a-uid", "ali_vbr_grant", merged(GOOD_GRANT, vbr_owner_uid="acct-b"),
     ["vbr_owner_uid", "digits"]),
    ("grant-empty-vpc", "ali_vbr_grant", merged(GOOD_GRANT, instance_id=""), ["instance_id must not be empty"]),
    ("grant-all-with-vbrs", "ali_vbr_grant", merged(GOOD_GRANT, grant_type="All", vbr_instance_ids=["vbr-x1"]),
     ["vbr_instance_ids", "grant_type=Specify"]),
    ("grant-empty-vbr-id", "ali_vbr_grant", merged(GOOD_GRANT, vbr_instance_ids=["vbr-x1", ""]),
     ["vbr_instance_ids[1] must not be empty"]),
    # ali_route_entry
    ("route-cidr-prefix-33", "ali_route_entry", merged(GOOD_ROUTE, destination_cidr_block="10.0.0.0/33"),
     ["destination_cidr_block", "valid|CIDR"]),
    ("route-cidr-garbage", "ali_route_entry", merged(GOOD_ROUTE, destination_cidr_block="ten.zero/8"),
     ["destination_cidr_block", "valid|CIDR"]),
    ("route-cidr-host-bits", "ali_route_entry", merged(GOOD_ROUTE, destination_cidr_block="10.0.0.1/8"),
     ["destination_cidr_block", "host bits"]),
    ("route-cidr-reserved", "ali_route_entry", merged(GOOD_ROUTE, destination_cidr_block="100.64.1.0/24"),
     ["destination_cidr_block", "100.64.0.0/10"]),
    ("route-missing-next-hop", "ali_route_entry", merged(GOOD_ROUTE, next_hop_id=None), ["next_hop_id", "present"]),
    ("route-table-and-router", "ali_route_entry", merged(GOOD_ROUTE, router_id=VRT, router_type="VRouter"),
     ["route_table_id", "router_id", "mutually exclusive"]),
    ("route-router-without-type", "ali_route_entry", merged(GOOD_ROUTE, route_table_id=None, router_id=VRT),
     ["router_type", "together|required"]),
    ("route-unknown-next-hop-type", "ali_route_entry", merged(GOOD_ROUTE, next_hop_type="Tunnel"),
     ["next_hop_type", "RouterInterface"]),
    ("route-replace-not-bool", "ali_route_entry", merged(GOOD_ROUTE, replace="perhaps"), ["replace", "bool"]),
    ("route-table-does-not-exist", "ali_route_entry", merged(GOOD_ROUTE, route_table_id="vtb-doesnotexist0007"),
     ["vtb-doesnotexist0007|InvalidRouteTableId", "not found|notfound|no such"]),
    ("route-router-does-not-exist", "ali_route_entry",
     merged(GOOD_ROUTE, route_table_id=None, router_id="vrt-doesnotexist0008", router_type="VRouter"),
     ["vrt-doesnotexist0008", "route table|not found|notfound"]),
    # info modules
    ("vbr-info-vlan-out-of-range", "ali_vbr_info", {"vlan_id": 5000}, ["vlan_id", "2999"]),
    ("pc-info-empty-id", "ali_physical_connection_info", {"physical_connection_ids": [PC, ""]},
     ["physical_connection_ids[1]", "must not be empty"]),
    ("pc-info-unknown-status", "ali_physical_connection_info", {"status": "enabled"}, ["status", "Enabled"]),
    ("ri-info-unknown-status", "ali_router_interface_info", {"status": "Broken"}, ["status", "Active"]),
    ("rt-info-missing-identity", "ali_route_table_info", {}, ["route_table_id", "router_id"]),
    ("rt-info-unknown-router-type", "ali_route_table_info", {"router_id": VRT, "router_type": "Switch"},
     ["router_type", "VRouter"]),
    # Empty and null identifying options and filters (issue 20): refused naming the option, before any call. A null
    # is written as null in the playbook (an omitted option is not null).
    ("vbr-empty-physical-connection", "ali_vbr", merged(GOOD_VBR, physical_connection_id=""),
     ["physical_connection_id must not be empty"]),
    ("vbr-null-physical-connection", "ali_vbr", dict(GOOD_VBR, physical_connection_id=None),
     ["physical_connection_id is null", "required"]),
    ("vbr-info-empty-physical-connection", "ali_vbr_info", {"physical_connection_id": "", "vlan_id": 2100},
     ["physical_connection_id must not be empty"]),
    ("vbr-info-null-physical-connection", "ali_vbr_info", {"physical_connection_id": None, "vlan_id": 2100},
     ["physical_connection_id must not be null"]),
    ("ri-empty-opposite-router", "ali_router_interface", merged(GOOD_ACCEPTOR, opposite_router_id=""),
     ["opposite_router_id must not be empty"]),
    ("ri-null-router", "ali_router_interface", dict(GOOD_ACCEPTOR, router_id=None), ["router_id is null", "required"]),
    ("ri-info-empty-router", "ali_router_interface_info", {"router_id": [VRT, ""]}, ["router_id[1] must not be empty"]),
    ("ri-info-null-opposite-router", "ali_router_interface_info", {"router_id": [VRT], "opposite_router_id": None},
     ["opposite_router_id must not be null"]),
    ("conn-empty-acceptor", "ali_ri_connection", {"router_interface_id": "ri-x1", "opposite_interface_id": ""},
     ["opposite_interface_id must not be empty"]),
    ("conn-null-initiator", "ali_ri_connection", {"router_interface_id": None, "opposite_interface_id": "ri-x2"},
     ["router_interface_id must not be null"]),
    ("route-absent-empty-next-hop", "ali_route_entry", merged(GOOD_ROUTE, state="absent", next_hop_id=""),
     ["next_hop_id must not be empty"]),
    ("route-null-routes-cidr", "ali_route_entry",
     {"routes": [{"route_table_id": VTB, "destination_cidr_block": None, "next_hop_id": "ri-doesnotexist0001"}]},
     ["routes[0].destination_cidr_block must not be null"]),
    ("rt-info-empty-table", "ali_route_table_info", {"route_table_id": ""}, ["route_table_id must not be empty"]),
    ("rt-info-null-router", "ali_route_table_info", {"route_table_id": VTB, "router_id": None},
     ["router_id must not be null"]),
    ("bgp-group-empty-router", "ali_bgp_group", {"router_id": "", "name": "bad-input", "peer_asn": 65001},
     ["router_id must not be empty"]),
    ("bgp-group-null-name", "ali_bgp_group", {"router_id": "vbr-doesnotexist0010", "name": None, "peer_asn": 65001},
     ["name is required when bgp_group_id is not given"]),
    ("bgp-peer-empty-group", "ali_bgp_peer", {"bgp_group_id": "", "peer_ip_address": "10.254.10.2"},
     ["bgp_group_id must not be empty"]),
    ("bgp-peer-null-address", "ali_bgp_peer", {"bgp_group_id": "bgpg-doesnotexist0011", "peer_ip_address": None},
     ["peer_ip_address is required"]),
    ("bgp-network-empty-block", "ali_bgp_network",
     {"router_id": "vbr-doesnotexist0012", "dst_cidr_blocks": ["10.1.0.0/16", ""]},
     ["dst_cidr_blocks[1] must not be empty"]),
    ("bgp-network-null-router", "ali_bgp_network", {"router_id": None, "dst_cidr_blocks": ["10.1.0.0/16"]},
     ["router_id must not be null"]),
    ("bgp-info-empty-router", "ali_bgp_info", {"router_id": ""}, ["router_id must not be empty"]),
    ("bgp-info-null-group", "ali_bgp_info", {"router_id": "vbr-doesnotexist0013", "bgp_group_id": None},
     ["bgp_group_id must not be null"]),
    ("pc-info-null-name", "ali_physical_connection_info", {"name": None}, ["name must not be null"]),
    # connection: region and credentials (first call is a Describe; the API error must be reported cleanly)
    ("unknown-region-info", "ali_vbr_info", {"alicloud_region": "xx-nowhere-1"},
     ["InvalidRegionId.NotFound", "RequestId"]),
    ("unknown-region-vbr", "ali_vbr", merged(GOOD_VBR, alicloud_region="xx-nowhere-1"),
     ["InvalidRegionId.NotFound", "RequestId"]),
    ("wrong-secret", "ali_vbr", merged(GOOD_VBR, alicloud_access_key="test-access-key-id",
                                        alicloud_secret_key="not-the-secret"),
     ["SignatureDoesNotMatch|InvalidAccessKeySecret", "RequestId"]),
    ("unknown-access-key", "ali_route_entry", merged(GOOD_ROUTE, alicloud_access_key="no-such-key-id",
                                                        alicloud_secret_key="test-access-key-secret"),
     ["InvalidAccessKeyId", "RequestId"]),
    ("expired-security-token", "ali_router_interface", merged(GOOD_ACCEPTOR, **EXPIRED),
     ["InvalidSecurityToken.Expired", "RequestId"]),
    ("malformed-security-token", "ali_vbr", merged(GOOD_VBR, alicloud_security_token="not-a-token", **STS),
     ["InvalidSecurityToken", "RequestId"]),
    ("sts-key-without-token", "ali_vbr_info", dict(STS),
     ["InvalidSecurityToken|MissingSecurityToken|SecurityToken", "RequestId"]),
]

BASE_ROLE_VARS = {
    "interconnect_physical_connection_id": PC,
    "interconnect_vlan_id": 2200,
    "interconnect_local_gateway_ip": "10.254.20.1",
    "interconnect_peer_gateway_ip": "10.254.20.2",
    "interconnect_peering_subnet_mask": "255.255.255.252",
    "interconnect_vpc_router_id": VRT,
    "interconnect_name": "bad-input",
    "interconnect_vbr_routes": ["172.16.0.0/12"],
    "interconnect_vpc_routes": ["192.168.0.0/16"],
}

ROLE_CASES = [
    ("role-vlan-above-range", merged(BASE_ROLE_VARS, interconnect_vlan_id=3000), ["vlan_id", "2999"]),
    ("role-vlan-wrong-type", merged(BASE_ROLE_VARS, interconnect_vlan_id="ten"), ["interconnect_vlan_id", "int"]),
    ("role-unknown-spec", merged(BASE_ROLE_VARS, interconnect_spec="Huge.1"), ["interconnect_spec", "Large.2"]),
    ("role-acceptor-spec-as-spec", merged(BASE_ROLE_VARS, interconnect_spec="Negative"),
     ["interconnect_spec", "Large.2"]),
    ("role-unknown-state", merged(BASE_ROLE_VARS, interconnect_state="gone"), ["interconnect_state", "absent"]),
    ("role-missing-physical-connection", merged(BASE_ROLE_VARS, interconnect_physical_connection_id=None),
     ["interconnect_physical_connection_id", "required|missing"]),
    ("role-missing-gateways", merged(BASE_ROLE_VARS, interconnect_local_gateway_ip=None,
                                     interconnect_peer_gateway_ip=None),
     ["interconnect_local_gateway_ip", "required"]),
    ("role-peer-outside-subnet", merged(BASE_ROLE_VARS, interconnect_peer_gateway_ip="10.254.21.2"),
     ["peer_gateway_ip", "subnet"]),
    ("role-mask-malformed", merged(BASE_ROLE_VARS, interconnect_peering_subnet_mask="255.255.255.300"),
     ["peering_subnet_mask", "mask"]),
    ("role-wait-timeout-wrong-type", merged(BASE_ROLE_VARS, interconnect_wait_timeout="soon"),
     ["interconnect_wait_timeout", "int"]),
    ("role-unknown-region", merged(BASE_ROLE_VARS, interconnect_region="xx-nowhere-1"),
     ["InvalidRegionId.NotFound", "RequestId"]),
    # Inputs that only a later step would trip over: the role must check them before it builds anything.
    ("role-malformed-route-cidr", merged(BASE_ROLE_VARS, interconnect_vlan_id=2201,
                                         interconnect_vpc_routes=["192.168.0.0/33"]),
     ["192.168.0.0/33", "interconnect_vpc_routes|destination_cidr_block"]),
    ("role-repeated-route", merged(BASE_ROLE_VARS, interconnect_vlan_id=2202,
                                   interconnect_vpc_routes=["192.168.0.0/16", "192.168.0.0/16"]),
     ["interconnect_vpc_routes: 192.168.0.0/16 is listed twice"]),
    ("role-vrouter-does-not-exist", merged(BASE_ROLE_VARS, interconnect_vlan_id=2203,
                                           interconnect_vpc_router_id="vrt-doesnotexist0009"),
     ["vrt-doesnotexist0009|InvalidRouterId.NotFound"]),
    # Empty and null key parts (issue 20): a lookup would ignore them, so they are refused before any call.
    ("role-empty-physical-connection", merged(BASE_ROLE_VARS, interconnect_physical_connection_id=""),
     ["interconnect_physical_connection_id", "must not be empty or null"]),
    ("role-null-physical-connection", nulled(BASE_ROLE_VARS, "interconnect_physical_connection_id"),
     ["interconnect_physical_connection_id", "required|must not be empty or null"]),
    ("role-empty-vrouter", merged(BASE_ROLE_VARS, interconnect_vpc_router_id=""),
     ["interconnect_vpc_router_id", "must not be empty or null"]),
    ("role-null-vrouter", nulled(BASE_ROLE_VARS, "interconnect_vpc_router_id"),
     ["interconnect_vpc_router_id", "required|must not be empty or null"]),
    ("role-vpc-id-for-vrouter", merged(BASE_ROLE_VARS, interconnect_vpc_router_id="vpc-emu0001"),
     ["interconnect_vpc_router_id", "vrt-"]),
    ("role-empty-vlan", merged(BASE_ROLE_VARS, interconnect_vlan_id=""), ["interconnect_vlan_id"]),
    ("role-null-vlan", nulled(BASE_ROLE_VARS, "interconnect_vlan_id"),
     ["interconnect_vlan_id", "int"]),
    ("role-empty-name", merged(BASE_ROLE_VARS, interconnect_name=""), ["interconnect_name", "must not be empty"]),
    ("role-empty-gateway", merged(BASE_ROLE_VARS, interconnect_local_gateway_ip=""),
     ["interconnect_local_gateway_ip", "must not be empty or null"]),
    ("role-teardown-empty-physical-connection",
     merged(BASE_ROLE_VARS, interconnect_state="absent", interconnect_physical_connection_id=""),
     ["interconnect_physical_connection_id", "must not be empty or null"]),
    ("role-teardown-null-physical-connection",
     nulled(merged(BASE_ROLE_VARS, interconnect_state="absent"), "interconnect_physical_connection_id"),
     ["interconnect_physical_connection_id", "required|must not be empty or null"]),
    ("role-teardown-empty-vrouter", merged(BASE_ROLE_VARS, interconnect_state="absent", interconnect_vpc_router_id=""),
     ["interconnect_vpc_router_id", "must not be empty or null"]),
    ("role-teardown-empty-vlan", merged(BASE_ROLE_VARS, interconnect_state="absent", interconnect_vlan_id=""),
     ["interconnect_vlan_id"]),
    # What the cloud would refuse half-way through a build: found first, named by the role's variables.
    ("role-route-on-both-vbr-lists", merged(BASE_ROLE_VARS, interconnect_vlan_id=2204,
                                            interconnect_idc_routes=["172.16.0.0/12"]),
     ["interconnect_idc_routes: 172.16.0.0/12 is also in interconnect_vbr_routes"]),
    ("role-vpc-route-on-a-system-route", merged(BASE_ROLE_VARS, interconnect_vlan_id=2205,
                                                interconnect_vpc_routes=["172.16.0.0/24"]),
     ["interconnect_vpc_routes: 172.16.0.0/24 is a system route of route table vtb-emu0001"]),
    ("role-bgp-peer-asn-reserved", merged(BASE_ROLE_VARS, interconnect_vlan_id=2206,
                                          interconnect_bgp={"peer_asn": 45104}),
     ["interconnect_bgp.peer_asn must not be 45104"]),
    ("role-bgp-local-asn-reserved", merged(BASE_ROLE_VARS, interconnect_vlan_id=2207,
                                           interconnect_bgp={"peer_asn": 65001, "local_asn": 65025}),
     ["interconnect_bgp.local_asn", "65025"]),
    ("role-bgp-without-peer-asn", merged(BASE_ROLE_VARS, interconnect_vlan_id=2208,
                                         interconnect_bgp={"local_asn": 65001}),
     ["interconnect_bgp.peer_asn is required"]),
    ("role-physical-connection-does-not-exist", merged(BASE_ROLE_VARS, interconnect_vlan_id=2209,
                                                       interconnect_physical_connection_id="pc-typo01"),
     ["interconnect_physical_connection_id", "no physical connection pc-typo01"]),
    ("role-physical-connection-not-enabled", merged(BASE_ROLE_VARS, interconnect_vlan_id=2210,
                                                    interconnect_physical_connection_id="pc-emu0003"),
     ["interconnect_physical_connection_id", "Confirmed", "Enabled"]),
    ("role-route-table-of-another-vrouter", merged(BASE_ROLE_VARS, interconnect_vlan_id=2211,
                                                   interconnect_vpc_route_table_id="vtb-emu0002"),
     ["interconnect_vpc_route_table_id: vtb-emu0002 is not a route table of vRouter vrt-emu0001"]),
    ("role-teardown-physical-connection-does-not-exist",
     merged(BASE_ROLE_VARS, interconnect_state="absent", interconnect_physical_connection_id="pc-typo01"),
     ["interconnect_physical_connection_id", "no physical connection pc-typo01"]),
]

MODULE_IDS = [case[0] for case in MODULE_CASES]
ROLE_IDS = [case[0] for case in ROLE_CASES]


@pytest.fixture(scope="module")
def module_batch(emulator, tmp_path_factory):
    emulator.reset()
    emulator.configure(latency_scale=0.0, faults="", rate_limit=0)
    runners = [AnsibleRunner(tmp_path_factory.mktemp("bad-input-modules"), emulator.env) for _ in range(2)]
    # Two playbooks at once (2 cores); calls are attributed by time window and, within parallel windows, by the
    # values they share with the case's arguments.
    chunks = [[], []]
    for index, (case_id, module, args, _expected) in enumerate(MODULE_CASES):
        chunks[index % 2] += batch.module_tasks(case_id, module, args)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda pair: pair[0].run_tasks(pair[1]), zip(runners, chunks)))
    calls = emulator.calls()
    case_args = {case_id: args for case_id, _module, args, _expected in MODULE_CASES}
    return runs, batch.attribute_calls(runs, calls, case_args), calls


@pytest.fixture(scope="module")
def role_batch(emulator, tmp_path_factory):
    emulator.reset()
    emulator.configure(latency_scale=0.0, faults="", rate_limit=0)
    runner = AnsibleRunner(tmp_path_factory.mktemp("bad-input-role"), emulator.env)
    tasks = []
    for case_id, role_vars, _expected in ROLE_CASES:
        tasks += batch.role_tasks(case_id, role_vars)
    run = runner.run_tasks(tasks)
    calls = emulator.calls()
    emulator.reset()
    case_args = {case_id: role_vars for case_id, role_vars, _expected in ROLE_CASES}
    return run, batch.attribute_calls(run, calls, case_args), calls


def check_failure(case_id, failed, result, expected, case_calls):
    text = json.dumps(result, default=str)
    # A failed loop reports "One or more items failed"; the reasons are in the items.
    messages = [str(result.get("msg", ""))] + [str(item.get("msg", "")) for item in result.get("results") or []
                                               if isinstance(item, dict) and item.get("failed")]
    message = " / ".join(messages)
    assert failed, "%s did not fail: %s" % (case_id, text[:2000])
    # ansible-core 2.19 puts "(traceback unavailable)" in "exception" for every fail_json: only a real one counts.
    assert "Traceback" not in text and "MODULE FAILURE" not in text, "%s: traceback: %s" % (case_id, text[:3000])
    lowered = message.lower()
    for group in expected:
        assert any(alternative.lower() in lowered for alternative in group.split("|")), \
            "%s: %r not in message %r" % (case_id, group, message)
    mutations = lib.mutating(case_calls)
    assert not mutations, "%s made mutating calls: %s" % (case_id, lib.describe_calls(mutations))


@pytest.mark.parametrize("case", MODULE_CASES, ids=MODULE_IDS)
def test_module_rejects_bad_input(case, module_batch):
    case_id, _module, _args, expected = case
    runs, attributed, _calls = module_batch
    run = next(run for run in runs if any(e["task"] == "case %s" % case_id for e in run.results))
    entry = batch.entry(run, "case %s" % case_id)
    check_failure(case_id, entry["status"] == "failed", entry["result"], expected, attributed.get(case_id, []))


@pytest.mark.parametrize("case", ROLE_CASES, ids=ROLE_IDS)
def test_role_rejects_bad_input(case, role_batch):
    case_id, _vars, expected = case
    run, attributed, _calls = role_batch
    failed, result = batch.role_case_result(run, case_id)
    assert failed is not None, "%s: no result (rc %s)\n%s\n%s" % (case_id, run.rc, run.stdout[-3000:], run.stderr[-2000:])
    check_failure(case_id, failed, result, expected, attributed.get(case_id, []))


def test_no_traceback_anywhere(module_batch, role_batch):
    for run in module_batch[0] + [role_batch[0]]:
        assert "Traceback" not in run.stdout + run.stderr
        assert "MODULE FAILURE" not in run.stdout + run.stderr


def test_at_least_thirty_cases():
    assert len(MODULE_CASES) + len(ROLE_CASES) >= 30
    assert len(set(MODULE_IDS + ROLE_IDS)) == len(MODULE_IDS + ROLE_IDS)

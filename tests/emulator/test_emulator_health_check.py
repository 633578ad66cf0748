"""Router-interface health checks (topologies reference §1.5–1.6, rules T10 and T11) and
DescribeRouterInterfaceAttribute, through the real SDK and the Tea client."""

import pytest
from alibabacloud_vpc20160428 import models

from conftest import REGION, VPC_TABLE, VROUTER, Api, unset_model_fields
from support.tea import tea_client

SOURCE, TARGET = "10.2.0.100", "10.10.10.2"  # a host of vpc-emu0002 (10.2.0.0/16); the data centre's gateway
DESTINATION = "192.168.0.0/16"
VPC_RI = dict(Spec="Negative", Role="AcceptingSide", RouterType="VRouter", RouterId=VROUTER,
              OppositeRegionId=REGION, OppositeRouterType="VBR", OppositeAccessPointId="ap-cn-hangzhou-xs-B")
VBR_RI = dict(Spec="Large.2", Role="InitiatingSide", RouterType="VBR", OppositeRegionId=REGION,
              OppositeRouterType="VRouter", AccessPointId="ap-cn-hangzhou-xs-B")


@pytest.fixture
def lines(api):
    """Two connected lines into vrt-emu0002: [(vbr id, initiator, acceptor)] * 2."""
    return [(vbr_id,) + api.pair(vbr_id) for vbr_id in (api.vbr(vlan=10), api.vbr(vlan=11))]


def attribute(api, ri_id):
    return api.call("DescribeRouterInterfaceAttribute", InstanceId=ri_id)


def check(api, ri_id, source=SOURCE, target=TARGET, **tuning):
    api.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=ri_id, HealthCheckSourceIp=source,
             HealthCheckTargetIp=target, **tuning)


def ecmp(api, lines):
    return api.call("CreateRouteEntry", RouteTableId=VPC_TABLE, DestinationCidrBlock=DESTINATION,
                    NextHopList=[{"NextHopType": "RouterInterface", "NextHopId": line[2], "Weight": 100}
                                 for line in lines])["RouteEntryId"]


# At create (T10, T11) ---------------------------------------------------------------------------------------------
def test_create_with_a_health_check_on_the_vpc_side(api):
    ri = api.call("CreateRouterInterface", HealthCheckSourceIp=SOURCE, HealthCheckTargetIp=TARGET,
                  **VPC_RI)["RouterInterfaceId"]
    item = api.describe_ri(ri)
    assert (item["HealthCheckSourceIp"], item["HealthCheckTargetIp"], item["HcRate"], item["HcThreshold"]) == \
        (SOURCE, TARGET, 0, 0)
    assert attribute(api, ri)["HealthCheckStatus"] == "NoRedundantRoute"


def test_t11_rate_and_threshold_are_no_create_parameters(api):
    """Sent anyway, they are ignored like any unknown parameter: the interface reads 0 until a modify sets them."""
    ri = api.call("CreateRouterInterface", HealthCheckSourceIp=SOURCE, HealthCheckTargetIp=TARGET, HcRate=2000,
                  HcThreshold=8, **VPC_RI)["RouterInterfaceId"]
    assert (api.describe_ri(ri)["HcRate"], api.describe_ri(ri)["HcThreshold"]) == (0, 0)


@pytest.mark.parametrize("ips, code", [
    ({"HealthCheckSourceIp": SOURCE}, "MissingParameter"),  # T10
    ({"HealthCheckTargetIp": TARGET}, "MissingParameter"),
    ({"HealthCheckSourceIp": "10.2.0.300", "HealthCheckTargetIp": TARGET}, "InvalidHealthCheckSourceIp.Malformed"),
    ({"HealthCheckSourceIp": SOURCE, "HealthCheckTargetIp": "gateway"}, "InvalidHealthCheckTargetIp.Malformed"),
    ({"HealthCheckSourceIp": "10.3.0.1", "HealthCheckTargetIp": TARGET}, "InvalidParameter"),  # not in the VPC
    ({"HealthCheckSourceIp": "10.2.0.0", "HealthCheckTargetIp": TARGET}, "InvalidParameter"),  # its network address
    ({"HealthCheckSourceIp": SOURCE, "HealthCheckTargetIp": SOURCE}, "InvalidParameter"),
])
def test_health_check_address_rules_at_create(api, ips, code):
    error = api.expect(code, 400, "CreateRouterInterface", **dict(VPC_RI, **ips))
    if code == "MissingParameter":
        missing = ({"HealthCheckSourceIp", "HealthCheckTargetIp"} - set(ips)).pop()
        assert missing in error.get_error_msg()
    assert api.call("DescribeRouterInterfaces")["TotalCount"] == 0


def test_a_vbr_side_check_is_not_bound_to_a_vpc(api):
    ri = api.call("CreateRouterInterface", RouterId=api.vbr(), HealthCheckSourceIp="10.3.0.1",
                  HealthCheckTargetIp=TARGET, **VBR_RI)["RouterInterfaceId"]
    assert api.describe_ri(ri)["HealthCheckSourceIp"] == "10.3.0.1"


# Through ModifyRouterInterfaceAttribute (§1.5) ----------------------------------------------------------------------
def test_modify_sets_changes_and_removes_the_check(api, lines):
    acceptor = lines[0][2]
    check(api, acceptor, HcRate=2000, HcThreshold=8)
    item = api.describe_ri(acceptor)
    assert (item["HealthCheckSourceIp"], item["HealthCheckTargetIp"], item["HcRate"], item["HcThreshold"]) == \
        (SOURCE, TARGET, 2000, 8)
    assert item["Status"] == "Active"  # back from Modifying
    api.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=acceptor, HealthCheckTargetIp="10.10.10.6")
    assert (api.describe_ri(acceptor)["HealthCheckSourceIp"], api.describe_ri(acceptor)["HealthCheckTargetIp"]) == \
        (SOURCE, "10.10.10.6")
    api.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=acceptor, HcRate=3000, HcThreshold=3)
    assert (api.describe_ri(acceptor)["HcRate"], api.describe_ri(acceptor)["HcThreshold"]) == (3000, 3)
    api.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=acceptor, DeleteHealthCheckIp=True)
    item = api.describe_ri(acceptor)
    # [UNCONFIRMED] what the flag clears: the emulator clears the addresses only.
    assert (item["HealthCheckSourceIp"], item["HealthCheckTargetIp"], item["HcRate"]) == ("", "", 3000)
    assert attribute(api, acceptor)["HealthCheckStatus"] == "NoHealthCheckConfig"


@pytest.mark.parametrize("change, code", [
    ({"HealthCheckSourceIp": SOURCE}, "MissingParameter"),  # T10: the target in the same call
    ({"HealthCheckTargetIp": TARGET}, "MissingParameter"),  # no source on the interface
    ({"HealthCheckSourceIp": "172.16.0.9", "HealthCheckTargetIp": TARGET}, "InvalidParameter"),
    ({"HealthCheckSourceIp": SOURCE, "HealthCheckTargetIp": TARGET, "DeleteHealthCheckIp": True},
     "InvalidParameter"),
    ({"HcRate": 999}, "InvalidParameter"),
    ({"HcRate": 5001}, "InvalidParameter"),
    ({"HcRate": "fast"}, "InvalidParameter"),
    ({"HcThreshold": 2}, "InvalidParameter"),
    ({"HcThreshold": 9}, "InvalidParameter"),
    ({"DeleteHealthCheckIp": "maybe"}, "InvalidParameter"),
])
def test_health_check_rules_on_modify(api, lines, change, code):
    acceptor = lines[0][2]
    api.expect(code, 400, "ModifyRouterInterfaceAttribute", RouterInterfaceId=acceptor, **change)
    item = api.describe_ri(acceptor)
    assert (item["Status"], item["HealthCheckSourceIp"], item["HcRate"]) == ("Active", "", 0)  # nothing started


def test_rate_and_threshold_bounds_are_accepted(api, lines):
    acceptor = lines[0][2]
    for rate, threshold in ((1000, 3), (5000, 8)):
        api.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=acceptor, HcRate=rate, HcThreshold=threshold)
        assert (api.describe_ri(acceptor)["HcRate"], api.describe_ri(acceptor)["HcThreshold"]) == (rate, threshold)


def test_new_values_show_when_modifying_ends(api, clean_emulator, lines):
    acceptor = lines[0][2]
    clean_emulator.configure(latency_scale=0.5)
    check(api, acceptor, HcRate=2000, HcThreshold=8)
    during = attribute(api, acceptor)
    assert (during["Status"], during["HealthCheckSourceIp"], during["HcRate"]) == ("Modifying", "", 0)
    api.expect("IncorrectStatus", 400, "ModifyRouterInterfaceAttribute", RouterInterfaceId=acceptor, HcRate=3000)


# HealthCheckStatus (§1.6) -----------------------------------------------------------------------------------------
def test_health_check_status_follows_the_redundant_route(api, lines):
    (vbr1, initiator1, acceptor1), (_, _, acceptor2) = lines
    assert attribute(api, acceptor1)["HealthCheckStatus"] == "NoHealthCheckConfig"
    check(api, acceptor1)
    check(api, initiator1, source="10.2.0.101")  # on the VBR side: the pair's acceptor is what the route names
    assert attribute(api, acceptor1)["HealthCheckStatus"] == "NoRedundantRoute"
    api.call("CreateRouteEntry", RouteTableId=VPC_TABLE, DestinationCidrBlock="172.31.0.0/16",
             NextHopType="RouterInterface", NextHopId=acceptor1)
    assert attribute(api, acceptor1)["HealthCheckStatus"] == "NoRedundantRoute"  # one next hop is not redundant
    entry_id = ecmp(api, lines)
    assert attribute(api, acceptor1)["HealthCheckStatus"] == "Normal"
    assert attribute(api, initiator1)["HealthCheckStatus"] == "Normal"
    assert attribute(api, acceptor2)["HealthCheckStatus"] == "NoHealthCheckConfig"
    api.call("DeactivateRouterInterface", RouterInterfaceId=initiator1)  # the line goes down
    assert attribute(api, acceptor1)["HealthCheckStatus"] == "Abnormal"
    api.call("ActivateRouterInterface", RouterInterfaceId=initiator1)
    assert attribute(api, acceptor1)["HealthCheckStatus"] == "Normal"
    api.call("DeleteRouteEntry", RouteEntryId=entry_id)
    assert attribute(api, acceptor1)["HealthCheckStatus"] == "NoRedundantRoute"


# DescribeRouterInterfaceAttribute ---------------------------------------------------------------------------------
def test_attribute_carries_every_field_of_the_tea_model(api, lines):
    vbr_id, initiator, acceptor = lines[0]
    check(api, acceptor, HcRate=2000, HcThreshold=8)
    body = attribute(api, acceptor)
    parsed = models.DescribeRouterInterfaceAttributeResponseBody().from_map(body)
    assert unset_model_fields(parsed) == []  # every field the model names, Tags.Tags[] included
    assert parsed.to_map() == body
    listed = api.describe_ri(acceptor)
    shared = set(listed) - {"Ipv6Status", "FastLinkMode"}  # the one not in this model; a string here
    assert {name: body[name] for name in shared} == {name: listed[name] for name in shared}
    assert (body["HealthCheckStatus"], body["FastLinkMode"], body["Code"], body["Success"]) == \
        ("NoRedundantRoute", "false", "200", True)
    assert (body["RouterInterfaceId"], body["OppositeInterfaceId"], body["OppositeRouterId"]) == \
        (acceptor, initiator, vbr_id)
    assert body["GmtModified"] >= body["CreationTime"]


def test_attribute_of_an_unknown_interface_is_empty(api, clean_emulator, lines):
    empty = attribute(api, "ri-missing")
    assert (empty["RouterInterfaceId"], empty["Success"]) == ("", True)
    assert "HealthCheckStatus" not in empty
    other_region = Api(clean_emulator.url, region="cn-beijing")
    assert other_region.call("DescribeRouterInterfaceAttribute", InstanceId=lines[0][2])["RouterInterfaceId"] == ""
    api.expect("MissingParameter", 400, "DescribeRouterInterfaceAttribute")


# The Tea client (V3 by default, and V2) ----------------------------------------------------------------------------
@pytest.mark.parametrize("algorithm", [None, "v2"], ids=["default-v3", "v2"])
def test_health_check_through_the_tea_client(clean_emulator, algorithm):
    api = Api(clean_emulator.url)
    lines = [(vbr_id,) + api.pair(vbr_id) for vbr_id in (api.vbr(vlan=10), api.vbr(vlan=11))]
    acceptor = lines[0][2]
    client = tea_client(clean_emulator, algorithm)
    client.modify_router_interface_attribute(models.ModifyRouterInterfaceAttributeRequest(
        region_id=REGION, router_interface_id=acceptor, health_check_source_ip=SOURCE,
        health_check_target_ip=TARGET, hc_rate=2000, hc_threshold=8))
    ecmp(api, lines)
    found = client.describe_router_interfaces(models.DescribeRouterInterfacesRequest(
        region_id=REGION, filter=[models.DescribeRouterInterfacesRequestFilter(key="RouterInterfaceId",
                                                                               value=[acceptor])]))
    item = found.body.router_interface_set.router_interface_type[0]
    assert (item.health_check_source_ip, item.health_check_target_ip, item.hc_rate, item.hc_threshold) == \
        (SOURCE, TARGET, 2000, 8)
    body = client.describe_router_interface_attribute(models.DescribeRouterInterfaceAttributeRequest(
        region_id=REGION, instance_id=acceptor)).body
    assert (body.router_interface_id, body.health_check_status, body.hc_rate, body.hc_threshold) == \
        (acceptor, "Normal", 2000, 8)
    client.modify_router_interface_attribute(models.ModifyRouterInterfaceAttributeRequest(
        region_id=REGION, router_interface_id=acceptor, delete_health_check_ip=True))
    body = client.describe_router_interface_attribute(models.DescribeRouterInterfaceAttributeRequest(
        region_id=REGION, instance_id=acceptor)).body
    assert (body.health_check_source_ip, body.health_check_status) == ("", "NoHealthCheckConfig")

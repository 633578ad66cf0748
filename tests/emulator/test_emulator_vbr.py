"""VBR APIs through the real SDK: happy paths, rules with their documented codes, ClientToken."""

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from aliyunsdkcore.acs_exception.exceptions import ServerException
from alibabacloud_vpc20160428 import models

from conftest import GATEWAYS, PC_DISABLED, PC_ID, PC_OTHER, unset_model_fields
from support.emulator import REGION
from support.tea import tea_client, wait_for


def test_create_gives_active_vbr_with_table_and_vlan_interface(api):
    vbr_id = api.vbr(vlan=0, Name="edge-1", Description="first vbr", CircuitCode="longtel001")
    vbr = api.describe_vbr(vbr_id)
    assert vbr["Status"] == "active"
    assert vbr["AccessPointId"] == "ap-cn-hangzhou-xs-B"  # inherited from the physical connection
    assert vbr["VlanInterfaceId"].startswith("ri-") and vbr["RouteTableId"].startswith("vtb-")
    assert (vbr["VlanId"], vbr["Name"], vbr["Description"]) == (0, "edge-1", "first vbr")
    table = api.call("DescribeRouteTables", RouteTableId=vbr["RouteTableId"])["RouteTables"]["RouteTable"][0]
    assert table["VRouterId"] == vbr_id
    assert table["RouteEntrys"]["RouteEntry"] == []
    listed = api.call("DescribeRouteTableList", RouterId=vbr_id)["RouterTableList"]["RouterTableListType"]
    assert [(t["RouteTableId"], t["RouterType"]) for t in listed] == [(vbr["RouteTableId"], "VBR")]


@pytest.mark.parametrize("vlan", [-1, 3000, "abc"])
def test_vlan_out_of_range(api, vlan):
    api.expect("InvalidVlanId.Malformed", 400, "CreateVirtualBorderRouter", PhysicalConnectionId=PC_ID,
               VlanId=vlan, **GATEWAYS)


def test_vlan_unique_per_physical_connection(api):
    api.vbr(vlan=30)
    api.expect("InvalidVlanId.Used", 400, "CreateVirtualBorderRouter", PhysicalConnectionId=PC_ID, VlanId=30,
               **GATEWAYS)
    api.vbr(vlan=30, pc=PC_OTHER)  # another connection may reuse it


def test_vlan_is_free_again_once_the_vbr_is_gone(api):
    vbr_id = api.vbr(vlan=31)
    api.call("DeleteVirtualBorderRouter", VbrId=vbr_id)
    api.vbr(vlan=31)


@pytest.mark.parametrize("pc, code", [("pc-missing", "InvalidPhysicalConnectionId.NotFound"),
                                      (PC_DISABLED, "InvalidPhysicalConnectionId.NotEnabled")])
def test_physical_connection_must_exist_and_be_enabled(api, pc, code):
    api.expect(code, 400, "CreateVirtualBorderRouter", PhysicalConnectionId=pc, VlanId=5, **GATEWAYS)


@pytest.mark.parametrize("change, code", [
    ({"PeerGatewayIp": "116.62.205.1"}, "InvalidIp.NotSameSubnet"),
    ({"PeeringSubnetMask": "255.255.255.254"}, "InvalidPeeringSubnetMask.Malformed"),
    ({"PeeringSubnetMask": "255.255.0.0"}, "InvalidPeeringSubnetMask.Malformed"),
    ({"LocalGatewayIp": "300.1.1.1"}, "InvalidLocalGatewayIp.Malformed"),
    ({"PeerGatewayIp": "peer"}, "InvalidPeerGatewayIp.Malformed"),
    ({"Name": "1starts-with-digit"}, "InvalidName.Malformed"),
    ({"Name": "x"}, "InvalidName.Malformed"),
    ({"Description": "http://spam"}, "InvalidDescription.Malformed"),
])
def test_create_formats(api, change, code):
    api.expect(code, 400, "CreateVirtualBorderRouter", PhysicalConnectionId=PC_ID, VlanId=5,
               **dict(GATEWAYS, **change))


@pytest.mark.parametrize("absent", ["PhysicalConnectionId", "VlanId", "LocalGatewayIp", "PeerGatewayIp",
                                    "PeeringSubnetMask"])
def test_missing_parameters(api, absent):
    params = dict(GATEWAYS, PhysicalConnectionId=PC_ID, VlanId=5)
    del params[absent]
    error = api.expect("MissingParameter", 400, "CreateVirtualBorderRouter", **params)
    assert error.get_error_msg() == ('The input parameter "%s" that is mandatory for processing this request is '
                                     'not supplied.' % absent)


def test_describe_filters_and_pagination(api):
    ids = [api.vbr(vlan=100 + n) for n in range(3)]
    other = api.vbr(vlan=100, pc=PC_OTHER)
    page = api.call("DescribeVirtualBorderRouters", PageSize=2, PageNumber=2)
    assert (page["TotalCount"], page["PageNumber"], page["PageSize"]) == (4, 2, 2)
    assert len(page["VirtualBorderRouterSet"]["VirtualBorderRouterType"]) == 2
    by_pc = api.call("DescribeVirtualBorderRouters", Filter=[{"Key": "PhysicalConnectionId", "Value": [PC_OTHER]}])
    assert [v["VbrId"] for v in by_pc["VirtualBorderRouterSet"]["VirtualBorderRouterType"]] == [other]
    ored = api.call("DescribeVirtualBorderRouters", Filter=[{"Key": "VbrId", "Value": ids[:2]},
                                                            {"Key": "Status", "Value": ["active"]}])
    assert sorted(v["VbrId"] for v in ored["VirtualBorderRouterSet"]["VirtualBorderRouterType"]) == sorted(ids[:2])


def test_describe_rejects_unknown_filter_key_and_big_pages(api):
    api.expect("InvalidFilterKey.ValueNotSupported", 404, "DescribeVirtualBorderRouters",
               Filter=[{"Key": "Colour", "Value": ["red"]}])
    api.expect("InvalidParameter", 400, "DescribeVirtualBorderRouters", PageSize=51)


def test_modify_applies_changes_and_checks_rules(api):
    vbr_id = api.vbr(vlan=40)
    api.vbr(vlan=41)
    api.call("ModifyVirtualBorderRouterAttribute", VbrId=vbr_id, Name="renamed", VlanId=42,
             LocalGatewayIp="10.0.0.1", PeerGatewayIp="10.0.0.2", PeeringSubnetMask="255.255.255.0", Mtu=8500,
             DetectMultiplier=5, MinRxInterval=500, MinTxInterval=500)
    vbr = api.describe_vbr(vbr_id)
    assert (vbr["Name"], vbr["VlanId"], vbr["LocalGatewayIp"], vbr["Mtu"]) == ("renamed", 42, "10.0.0.1", 8500)
    api.expect("InvalidVlanId.Used", 400, "ModifyVirtualBorderRouterAttribute", VbrId=vbr_id, VlanId=41)
    api.expect("InvalidIp.NotSameSubnet", 400, "ModifyVirtualBorderRouterAttribute", VbrId=vbr_id,
               PeerGatewayIp="10.0.1.2")
    api.expect("InvalidVbrId.NotFound", 400, "ModifyVirtualBorderRouterAttribute", VbrId="vbr-missing")


def test_terminate_recover_delete(api):
    vbr_id = api.vbr(vlan=50)
    api.expect("InvalidOperation.OperationNotAllowedInState", 400, "RecoverVirtualBorderRouter", VbrId=vbr_id)
    api.call("TerminateVirtualBorderRouter", VbrId=vbr_id)
    assert api.describe_vbr(vbr_id)["Status"] == "terminated"
    api.expect("InvalidOperation.OperationNotAllowedInState", 400, "TerminateVirtualBorderRouter", VbrId=vbr_id)
    api.expect("InvalidVlanId.Used", 400, "CreateVirtualBorderRouter", PhysicalConnectionId=PC_ID, VlanId=50,
               **GATEWAYS)  # a terminated VBR keeps its VLAN
    api.call("RecoverVirtualBorderRouter", VbrId=vbr_id)
    assert api.describe_vbr(vbr_id)["Status"] == "active"
    api.call("DeleteVirtualBorderRouter", VbrId=vbr_id)
    assert api.describe_vbr(vbr_id) is None
    for action in ("TerminateVirtualBorderRouter", "RecoverVirtualBorderRouter", "DeleteVirtualBorderRouter"):
        api.expect("InvalidVbrId.NotFound", 404, action, VbrId=vbr_id)


def test_delete_needs_router_interfaces_gone(api):
    vbr_id = api.vbr(vlan=60)
    ri1, ri2 = api.pair(vbr_id, connect=False)
    api.expect("InvalidOperation.RouterInterfaceNotDeleted", 400, "DeleteVirtualBorderRouter", VbrId=vbr_id)
    api.call("DeleteRouterInterface", RouterInterfaceId=ri1)
    api.call("DeleteRouterInterface", RouterInterfaceId=ri2)
    api.call("DeleteVirtualBorderRouter", VbrId=vbr_id)
    assert api.describe_vbr(vbr_id) is None
    assert api.call("DescribeRouteTableList", RouterId=vbr_id)["TotalCount"] == 0


def test_client_token_replays_the_first_answer(api, clean_emulator):
    first = api.call("CreateVirtualBorderRouter", PhysicalConnectionId=PC_ID, VlanId=70, ClientToken="tok-1",
                     **GATEWAYS)
    again = api.call("CreateVirtualBorderRouter", PhysicalConnectionId=PC_ID, VlanId=70, ClientToken="tok-1",
                     **GATEWAYS)
    assert again["VbrId"] == first["VbrId"]
    assert len(clean_emulator.state()["VirtualBorderRouters"]) == 1
    api.expect("IdempotentParameterMismatch", 400, "CreateVirtualBorderRouter", PhysicalConnectionId=PC_ID,
               VlanId=71, ClientToken="tok-1", **GATEWAYS)


def test_unknown_region(api):
    api.expect("InvalidRegionId.NotFound", 404, "DescribeVirtualBorderRouters", RegionId="xx-nowhere-1")


def test_regions_are_separate(api):
    api.vbr(vlan=80)
    assert api.call("DescribeVirtualBorderRouters", RegionId="cn-beijing")["TotalCount"] == 0
    api.expect("InvalidPhysicalConnectionId.NotFound", 400, "CreateVirtualBorderRouter", RegionId="cn-beijing",
               PhysicalConnectionId=PC_ID, VlanId=80, **GATEWAYS)


def test_vbr_for_another_account_is_unconfirmed(api):
    vbr_id = api.call("CreateVirtualBorderRouter", PhysicalConnectionId=PC_ID, VlanId=90,
                      VbrOwnerId=1999999999999999)["VbrId"]
    assert api.describe_vbr(vbr_id)["Status"] == "unconfirmed"


def test_tags_shape(api):
    vbr_id = api.vbr(vlan=91, Tags=[{"Key": "team", "Value": "net"}])
    assert api.describe_vbr(vbr_id)["Tags"] == {"Tags": [{"Key": "team", "Value": "net"}]}


def test_form_body_parameters_are_read_and_signed(api):
    request = api.request("DescribeVirtualBorderRouters")
    request.add_body_params("PageSize", "3")
    assert json.loads(api.client.do_action_with_exception(request))["PageSize"] == 3


def test_concurrent_creates_of_one_vlan_make_exactly_one_vbr(api, clean_emulator):
    def create(_):
        try:
            return api.vbr(vlan=95)
        except ServerException as error:
            return error.get_error_code()

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(create, range(8)))
    assert results.count("InvalidVlanId.Used") == 7
    assert len(clean_emulator.state()["VirtualBorderRouters"]) == 1


def test_describe_carries_every_field_of_the_tea_model_and_round_trips(api, clean_emulator):
    """Each VBR item and its AssociatedPhysicalConnection carry every field the Tea model (7.2.2) names, with the
    model's types (SitelinkEnable a bool, false until modified; AccessPointId the physical connection's access point
    from the fixtures), and every value survives from_map / to_map. Api.call checks no field is one the model drops."""
    access_point = next(pc["AccessPointId"] for pc in clean_emulator.fixtures()["physical_connections"]
                        if pc["PhysicalConnectionId"] == PC_ID)
    vbr_id = api.vbr(vlan=92, Tags=[{"Key": "team", "Value": "net"}])
    body = api.call("DescribeVirtualBorderRouters", Filter=[{"Key": "VbrId", "Value": [vbr_id]}])
    item = body["VirtualBorderRouterSet"]["VirtualBorderRouterType"][0]
    assert item["SitelinkEnable"] is False
    assert item["AccessPointId"] == access_point == "ap-cn-hangzhou-xs-B"
    assert {item[name] for name in ("CloudBoxInstanceId", "EccId", "EcrAttatchStatus", "EcrId", "EcrOwnerId",
                                    "PConnVbrChargeType", "PConnVbrExpireTime")} == {""}
    parsed = models.DescribeVirtualBorderRoutersResponseBody().from_map(body)
    assert unset_model_fields(parsed) == []  # every field the model names, nested ones included
    assert parsed.to_map() == body
    assert parsed.virtual_border_router_set.virtual_border_router_type[0].sitelink_enable is False

    api.call("ModifyVirtualBorderRouterAttribute", VbrId=vbr_id, SitelinkEnable="true")
    assert api.describe_vbr(vbr_id)["SitelinkEnable"] is True
    api.expect("InvalidParameter", 400, "ModifyVirtualBorderRouterAttribute", VbrId=vbr_id, SitelinkEnable="maybe")


def test_tea_client_reads_sitelink_enable_and_the_association(clean_emulator):
    client = tea_client(clean_emulator)
    vbr_id = client.create_virtual_border_router(models.CreateVirtualBorderRouterRequest(
        region_id=REGION, physical_connection_id=PC_ID, vlan_id=93, local_gateway_ip=GATEWAYS["LocalGatewayIp"],
        peer_gateway_ip=GATEWAYS["PeerGatewayIp"], peering_subnet_mask=GATEWAYS["PeeringSubnetMask"])).body.vbr_id
    request = models.DescribeVirtualBorderRoutersRequest(
        region_id=REGION, filter=[models.DescribeVirtualBorderRoutersRequestFilter(key="VbrId", value=[vbr_id])])
    found = wait_for(lambda: client.describe_virtual_border_routers(request).body.virtual_border_router_set
                     .virtual_border_router_type, bool, "the new VBR listed")
    (vbr,) = found
    assert (vbr.sitelink_enable, vbr.access_point_id) == (False, "ap-cn-hangzhou-xs-B")
    (association,) = vbr.associated_physical_connections.associated_physical_connection
    assert (association.physical_connection_id, association.vlan_id, association.vlan_interface_id) == \
        (PC_ID, "93", vbr.vlan_interface_id)
    client.modify_virtual_border_router_attribute(models.ModifyVirtualBorderRouterAttributeRequest(
        region_id=REGION, vbr_id=vbr_id, sitelink_enable=True))
    (vbr,) = client.describe_virtual_border_routers(request).body.virtual_border_router_set.virtual_border_router_type
    assert vbr.sitelink_enable is True

"""Several regions (topologies reference §3, T21): RegionId selects the region, each object lives in one, and the
two ends of a pair across regions are each made, named and connected in their own region."""

from alibabacloud_vpc20160428 import models

from conftest import Api, pair_across
from support.emulator import REGION
from support.fixture_ids import SECOND_REGION, VPC_ROUTER5, VPC_TABLE5
from support.tea import tea_client


def test_a_vpc_lives_in_its_fixture_region(clean_emulator):
    here, there = Api(clean_emulator.url), Api(clean_emulator.url, region=SECOND_REGION)
    listed = lambda api: [t["RouteTableId"] for t in api.call(  # noqa: E731
        "DescribeRouteTableList")["RouterTableList"]["RouterTableListType"]]
    assert listed(there) == [VPC_TABLE5]
    assert VPC_TABLE5 not in listed(here)
    here.expect("InvalidRouteTableId.NotFound", 404, "DescribeRouteEntryList", RouteTableId=VPC_TABLE5)
    here.expect("InvalidRouterId.NotFound", 404, "CreateRouterInterface", Spec="Negative", Role="AcceptingSide",
                RouterType="VRouter", RouterId=VPC_ROUTER5, OppositeRegionId=REGION)


def test_an_interface_is_not_found_from_another_region(clean_emulator):
    here, there = Api(clean_emulator.url), Api(clean_emulator.url, region=SECOND_REGION)
    initiator, _ = pair_across(here, here.vbr(), here, "vrt-emu0002", connect=False)
    assert there.describe_ri(initiator) is None
    for action, params in (("ModifyRouterInterfaceAttribute", {"Name": "elsewhere"}), ("ConnectRouterInterface", {}),
                           ("DeactivateRouterInterface", {}), ("ActivateRouterInterface", {}),
                           ("ModifyRouterInterfaceSpec", {"Spec": "Mini.5"}), ("DeleteRouterInterface", {})):
        there.expect("InvalidRouterInterfaceId.NotFound", 404, action, RouterInterfaceId=initiator, **params)
    assert here.describe_ri(initiator)["Status"] == "Idle"


def test_a_vbr_is_not_found_from_another_region(clean_emulator):
    here, there = Api(clean_emulator.url), Api(clean_emulator.url, region=SECOND_REGION)
    vbr_id = here.vbr()
    assert there.describe_vbr(vbr_id) is None
    there.expect("InvalidVbrId.NotFound", 404, "DeleteVirtualBorderRouter", VbrId=vbr_id)
    there.expect("InvalidRouteTableId.NotFound", 404, "DescribeRouteEntryList", RouteTableId=here.vbr_table(vbr_id))


def test_a_pair_across_regions_connects_and_reads_back_each_region(clean_emulator):
    here, there = Api(clean_emulator.url), Api(clean_emulator.url, region=SECOND_REGION)
    vbr_id = here.vbr()
    initiator, acceptor = pair_across(here, vbr_id, there, VPC_ROUTER5)
    near, far = here.describe_ri(initiator), there.describe_ri(acceptor)
    assert (near["Status"], far["Status"]) == ("Active", "Active")
    assert (near["OppositeRegionId"], far["OppositeRegionId"]) == (SECOND_REGION, REGION)
    assert (near["OppositeInterfaceOwnerId"], far["OppositeInterfaceOwnerId"]) == ("", "")
    assert (near["OppositeInterfaceStatus"], near["OppositeVpcInstanceId"]) == ("Active", "vpc-emu0005")
    # Each end is routed in its own region; the other region does not know the interface.
    there.call("CreateRouteEntry", RouteTableId=VPC_TABLE5, DestinationCidrBlock="192.168.0.0/24",
               NextHopType="RouterInterface", NextHopId=acceptor)
    here.expect("InvalidNextHopId.NotFound", 404, "CreateRouteEntry", RouteTableId=here.vbr_table(vbr_id),
                DestinationCidrBlock="10.5.0.0/16", NextHopType="RouterInterface", NextHopId=acceptor)
    here.call("CreateRouteEntry", RouteTableId=here.vbr_table(vbr_id), DestinationCidrBlock="10.5.0.0/16",
              NextHopType="RouterInterface", NextHopId=initiator)


def test_the_tea_client_reads_the_far_end_in_its_region(clean_emulator):
    here, there = Api(clean_emulator.url), Api(clean_emulator.url, region=SECOND_REGION)
    _, acceptor = pair_across(here, here.vbr(), there, VPC_ROUTER5)
    client = tea_client(clean_emulator)

    def listed(region):
        found = client.describe_router_interfaces(models.DescribeRouterInterfacesRequest(
            region_id=region,
            filter=[models.DescribeRouterInterfacesRequestFilter(key="RouterInterfaceId", value=[acceptor])]))
        return found.body.router_interface_set.router_interface_type

    (item,) = listed(SECOND_REGION)
    assert (item.status, item.opposite_region_id, item.router_id) == ("Active", REGION, VPC_ROUTER5)
    assert listed(REGION) == []


def test_each_end_must_name_the_others_region(clean_emulator):
    here, there = Api(clean_emulator.url), Api(clean_emulator.url, region=SECOND_REGION)
    # The initiator names cn-beijing: the acceptor is not found where it is named.
    initiator, _ = pair_across(here, here.vbr(), there, VPC_ROUTER5, regions=("cn-beijing", None), connect=False)
    error = here.expect("IncorrectOppositeInterfaceInfo", 400, "ConnectRouterInterface", RouterInterfaceId=initiator)
    assert "does not exist" in error.get_error_msg()
    assert here.describe_ri(initiator)["Status"] == "Idle"


def test_the_acceptor_must_name_the_initiators_region(clean_emulator):
    here, there = Api(clean_emulator.url), Api(clean_emulator.url, region=SECOND_REGION)
    # The acceptor names cn-beijing for the initiator's region.
    initiator, acceptor = pair_across(here, here.vbr(), there, VPC_ROUTER5, regions=(None, "cn-beijing"),
                                      connect=False)
    error = here.expect("IncorrectOppositeInterfaceInfo", 400, "ConnectRouterInterface", RouterInterfaceId=initiator)
    assert "does not match" in error.get_error_msg()
    assert there.describe_ri(acceptor)["Status"] == "Idle"

"""ECMP and weighted route entries (reference §1.2–1.4, rules T1–T9) through the real SDK and the Tea client."""

import re

import pytest
from alibabacloud_tea_openapi.exceptions import AlibabaCloudException
from alibabacloud_vpc20160428 import models

from conftest import REGION, VPC_TABLE, VROUTER, Api, unset_model_fields
from support.fixture_ids import VPC_ROUTER as OTHER_VROUTER
from support.tea import tea_client
from support.wait import eventually

DESTINATION = "192.168.0.0/16"
VBR_RI = dict(Spec="Large.2", Role="InitiatingSide", RouterType="VBR", OppositeRegionId=REGION,
              OppositeRouterType="VRouter", AccessPointId="ap-cn-hangzhou-xs-B")


@pytest.fixture
def lines(api):
    """Two connected lines into vrt-emu0002: [(vbr id, initiator, acceptor)] * 2."""
    return [(vbr_id,) + api.pair(vbr_id) for vbr_id in (api.vbr(vlan=10), api.vbr(vlan=11))]


def hop_list(acceptors, weights=(100, 100)):
    return [{"NextHopType": "RouterInterface", "NextHopId": ri, "Weight": w} for ri, w in zip(acceptors, weights)]


def acceptors_of(lines):
    return [line[2] for line in lines]


def entry_in(api, cidr=DESTINATION, **filters):
    items = api.call("DescribeRouteEntryList", RouteTableId=VPC_TABLE, DestinationCidrBlock=cidr,
                     **filters)["RouteEntrys"]["RouteEntry"]
    return items[0] if items else None


def entry_in_table(api, cidr=DESTINATION):
    table = api.call("DescribeRouteTables", RouteTableId=VPC_TABLE)["RouteTables"]["RouteTable"][0]
    return next((e for e in table["RouteEntrys"]["RouteEntry"] if e["DestinationCidrBlock"] == cidr), None)


def create(api, hops, cidr=DESTINATION, **extra):
    return api.call("CreateRouteEntry", RouteTableId=VPC_TABLE, DestinationCidrBlock=cidr, NextHopList=hops,
                    **extra)["RouteEntryId"]


# Read-back shapes (§1.3) ------------------------------------------------------------------------------------------
def test_ecmp_entry_in_describe_route_entry_list(api, lines):
    entry_id = create(api, hop_list(acceptors_of(lines)), RouteEntryName="to-idc", Description="Both lines")
    entry = entry_in(api)
    assert (entry["RouteEntryId"], entry["Status"], entry["Type"]) == (entry_id, "Available", "Custom")
    assert (entry["RouteEntryName"], entry["Description"]) == ("to-idc", "Both lines")
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\dZ$", entry["GmtModified"])  # the model's yyyy-MM-ddTHH:mmZ
    assert (entry["Origin"], entry["ServiceType"], entry["IpVersion"]) == ("", "", "IPv4")
    assert entry["NextHops"]["NextHop"] == [
        {"NextHopType": "RouterInterface", "NextHopId": acceptor, "NextHopRegionId": REGION, "Enabled": 1,
         "Weight": 100, "NextHopRelatedInfo": {"InstanceId": vbr_id, "InstanceType": "VBR", "RegionId": REGION}}
        for vbr_id, _, acceptor in lines]
    # One entry for the destination; the NextHopId filter finds it by any member.
    for acceptor in acceptors_of(lines):
        assert entry_in(api, NextHopId=acceptor)["RouteEntryId"] == entry_id
    assert api.call("DescribeRouteEntryList", RouteTableId=VPC_TABLE, RouteEntryType="Custom")[
        "RouteEntrys"]["RouteEntry"] == [entry]
    # Every field the Tea item models name, nested ones included (TotalCount: see emulator/README).
    body = api.call("DescribeRouteEntryList", RouteTableId=VPC_TABLE)
    parsed = models.DescribeRouteEntryListResponseBody().from_map(body)
    assert unset_model_fields(parsed.route_entrys) == [] and parsed.to_map() == body


def test_ecmp_entry_in_describe_route_tables(api, lines):
    first, second = acceptors_of(lines)
    entry_id = create(api, hop_list([first, second], (100, 0)))
    entry = entry_in_table(api)
    # The first next hop is echoed at the top (as Terraform reads it); members keep their order and weights.
    assert (entry["RouteEntryId"], entry["NextHopType"], entry["InstanceId"]) == (entry_id, "RouterInterface", first)
    assert entry["NextHops"]["NextHop"] == [
        {"NextHopType": "RouterInterface", "NextHopId": first, "Enabled": 1, "Weight": 100},
        {"NextHopType": "RouterInterface", "NextHopId": second, "Enabled": 1, "Weight": 0}]
    body = api.call("DescribeRouteTables", RouteTableId=VPC_TABLE)
    parsed = models.DescribeRouteTablesResponseBody().from_map(body)
    assert unset_model_fields(parsed) == [] and parsed.to_map() == body


def test_single_hop_entry_reads_as_before(api, lines):
    acceptor = lines[0][2]
    api.call("CreateRouteEntry", RouteTableId=VPC_TABLE, DestinationCidrBlock=DESTINATION,
             NextHopType="RouterInterface", NextHopId=acceptor)
    hop = entry_in(api)["NextHops"]["NextHop"]
    assert [(h["NextHopId"], h["Weight"], h["Enabled"]) for h in hop] == [(acceptor, 0, 1)]
    in_table = entry_in_table(api)
    assert (in_table["InstanceId"], in_table["NextHops"]) == (acceptor, {"NextHop": []})


def test_ecmp_entry_goes_pending_then_available(api, clean_emulator, lines):
    clean_emulator.configure(latency_scale=0.5)  # route_entry_create: 1.5 s
    create(api, hop_list(acceptors_of(lines)))
    assert entry_in(api)["Status"] == "Pending"
    assert entry_in_table(api)["Status"] == "Pending"
    assert eventually(lambda: entry_in(api)["Status"], "Available", timeout=5.0) == "Available"


# Rules T1–T8 ------------------------------------------------------------------------------------------------------
def test_t1_list_and_single_next_hop_are_exclusive(api, lines):
    acceptors = acceptors_of(lines)
    for single in ({"NextHopId": acceptors[0], "NextHopType": "RouterInterface"},
                   {"NextHopType": "RouterInterface"}, {"NextHopId": acceptors[0]}):
        api.expect("InvalidNexthopTypeAndList.BothNotNull", 400, "CreateRouteEntry", RouteTableId=VPC_TABLE,
                   DestinationCidrBlock=DESTINATION, NextHopList=hop_list(acceptors), **single)


def test_t2_a_next_hop_is_required(api):
    api.expect("InvalidNexthopTypeAndList.BothNull", 400, "CreateRouteEntry", RouteTableId=VPC_TABLE,
               DestinationCidrBlock=DESTINATION)


@pytest.mark.parametrize("size", [1, 5])
def test_t3_two_to_four_next_hops(api, lines, size):
    hops = [{"NextHopType": "RouterInterface", "NextHopId": "ri-%d" % n, "Weight": 1} for n in range(size)]
    api.expect("InvalidNexthopListSize", 400, "CreateRouteEntry", RouteTableId=VPC_TABLE,
               DestinationCidrBlock=DESTINATION, NextHopList=hops)


def test_t3_four_next_hops_are_accepted(api, lines):
    more = [(vbr_id,) + api.pair(vbr_id) for vbr_id in (api.vbr(vlan=12), api.vbr(vlan=13))]
    create(api, hop_list(acceptors_of(lines + more), (10, 10, 10, 10)))
    assert len(entry_in(api)["NextHops"]["NextHop"]) == 4


def test_t4_members_are_router_interfaces_facing_a_vbr(api, lines):
    acceptor = lines[0][2]
    instance = [{"NextHopType": "Instance", "NextHopId": "i-123", "Weight": 1}]
    api.expect("InvalidNextHopType", 400, "CreateRouteEntry", RouteTableId=VPC_TABLE,
               DestinationCidrBlock=DESTINATION, NextHopList=hop_list([acceptor], (1,)) + instance)
    # An interface of the VPC's router whose far end is another VPC's router.
    toward_vpc = api.call("CreateRouterInterface", Spec="Large.2", Role="InitiatingSide", RouterType="VRouter",
                          RouterId=VROUTER, OppositeRegionId=REGION, OppositeRouterType="VRouter",
                          OppositeRouterId=OTHER_VROUTER)["RouterInterfaceId"]
    api.expect("InvalidOppositeRouterType", 400, "CreateRouteEntry", RouteTableId=VPC_TABLE,
               DestinationCidrBlock=DESTINATION, NextHopList=hop_list([acceptor, toward_vpc]))


def test_t5_members_exist_on_the_tables_router(api, lines):
    acceptor, initiator = lines[0][2], lines[1][1]
    other_vpc = api.pair(api.vbr(vlan=12), vrouter=OTHER_VROUTER)[1]
    api.expect("InvalidRouterInterface", 400, "CreateRouteEntry", RouteTableId=VPC_TABLE,
               DestinationCidrBlock=DESTINATION, NextHopList=hop_list([acceptor, other_vpc]))
    api.expect("InvalidNextHopId.NotFound", 404, "CreateRouteEntry", RouteTableId=VPC_TABLE,
               DestinationCidrBlock=DESTINATION, NextHopList=hop_list([acceptor, "ri-missing"]))
    api.expect("InvalidRouterInterface", 400, "CreateRouteEntry", RouteTableId=VPC_TABLE,
               DestinationCidrBlock=DESTINATION, NextHopList=hop_list([acceptor, initiator]))  # on the VBR
    api.expect("InvalidParameter", 400, "CreateRouteEntry", RouteTableId=VPC_TABLE,
               DestinationCidrBlock=DESTINATION, NextHopList=hop_list([acceptor, acceptor]))


def test_members_must_be_connected(api):
    vbr_ids = [api.vbr(vlan=10), api.vbr(vlan=11)]
    connected = api.pair(vbr_ids[0])[1]
    idle = api.pair(vbr_ids[1], connect=False)[1]
    api.expect("OperationDenied.VbrIdle", 400, "CreateRouteEntry", RouteTableId=VPC_TABLE,
               DestinationCidrBlock=DESTINATION, NextHopList=hop_list([connected, idle]))


@pytest.mark.parametrize("weight", [-1, 256, "abc", "1.5", None])
def test_t6_weight_is_an_integer_from_0_to_255(api, lines, weight):
    hops = hop_list(acceptors_of(lines), (100, weight))
    error = api.expect("INVALID_WEIGHT_PARAM", 400, "CreateRouteEntry", RouteTableId=VPC_TABLE,
                       DestinationCidrBlock=DESTINATION, NextHopList=hops)
    assert error.get_error_msg() == "Specified value of weight invalid"


def test_t6_weight_bounds_are_accepted(api, lines):
    create(api, hop_list(acceptors_of(lines), (0, 255)))
    assert [h["Weight"] for h in entry_in(api)["NextHops"]["NextHop"]] == [0, 255]


def test_t7_no_next_hop_list_on_a_vbr_table(api, lines):
    vbr_id, initiator, _ = lines[0]
    api.expect("InvalidNextHopType", 400, "CreateRouteEntry", RouteTableId=api.vbr_table(vbr_id),
               DestinationCidrBlock="10.0.0.0/8", NextHopList=hop_list([initiator, lines[1][1]]))


def test_t8_one_entry_per_destination(api, lines):
    acceptors = acceptors_of(lines)
    create(api, hop_list(acceptors))
    api.expect("InvalidCIDRBlock.Duplicate", 400, "CreateRouteEntry", RouteTableId=VPC_TABLE,
               DestinationCidrBlock=DESTINATION, NextHopList=hop_list(acceptors, (50, 50)))
    api.expect("InvalidCIDRBlock.Duplicate", 400, "CreateRouteEntry", RouteTableId=VPC_TABLE,
               DestinationCidrBlock=DESTINATION, NextHopType="RouterInterface", NextHopId=acceptors[0])
    custom = api.call("DescribeRouteEntryList", RouteTableId=VPC_TABLE, RouteEntryType="Custom")
    assert len(custom["RouteEntrys"]["RouteEntry"]) == 1


# T9, ModifyRouteEntry and DeleteRouteEntry (§1.4) ------------------------------------------------------------------
def test_t9_members_and_weights_cannot_change_in_place(api, lines):
    acceptors = acceptors_of(lines)
    entry_id = create(api, hop_list(acceptors))
    api.expect("InvalidParameter", 400, "ModifyRouteEntry", RouteEntryId=entry_id, NewNextHopId=acceptors[0],
               NewNextHopType="RouterInterface")
    # ModifyRouteEntry has no NextHopList parameter: one sent anyway changes nothing.
    api.call("ModifyRouteEntry", RouteEntryId=entry_id, RouteEntryName="renamed",
             NextHopList=hop_list(acceptors, (1, 2)))
    entry = entry_in(api)
    assert entry["RouteEntryName"] == "renamed"
    assert [h["Weight"] for h in entry["NextHops"]["NextHop"]] == [100, 100]


def test_modify_name_and_description(api, clean_emulator, lines):
    entry_id = create(api, hop_list(acceptors_of(lines)), RouteEntryName="old", Description="Old text")
    api.call("ModifyRouteEntry", RouteEntryId=entry_id, RouteEntryName="to-idc")
    api.call("ModifyRouteEntry", RouteTableId=VPC_TABLE, DestinationCidrBlock=DESTINATION, Description="New text")
    entry = entry_in(api)
    assert (entry["RouteEntryName"], entry["Description"]) == ("to-idc", "New text")
    assert entry_in_table(api)["RouteEntryName"] == "to-idc"
    api.expect("DryRunOperation", 400, "ModifyRouteEntry", RouteEntryId=entry_id, RouteEntryName="dry", DryRun=True)
    api.expect("InvalidRouteEntryName.Malformed", 400, "ModifyRouteEntry", RouteEntryId=entry_id,
               RouteEntryName="http://x")
    api.expect("InvalidDescription.Malformed", 400, "ModifyRouteEntry", RouteEntryId=entry_id,
               Description="https://x")
    api.expect("InvalidRouteEntry.NotFound", 400, "ModifyRouteEntry", RouteEntryId="rte-missing", Description="Ok")
    api.expect("InvalidRouteEntry.NotFound", 400, "ModifyRouteEntry", RouteTableId=VPC_TABLE,
               DestinationCidrBlock="172.31.0.0/16", Description="Ok")
    api.expect("MissingParameter", 400, "ModifyRouteEntry", RouteTableId=VPC_TABLE, Description="Ok")
    api.expect("OperationDenied", 400, "ModifyRouteEntry", RouteTableId=VPC_TABLE,
               DestinationCidrBlock="10.2.0.0/24", Description="Ok")  # a system route
    assert entry_in(api)["RouteEntryName"] == "to-idc"
    assert [c["mutating"] for c in clean_emulator.calls() if c["action"] == "ModifyRouteEntry"][0] is True


def test_modify_waits_for_an_available_entry(api, clean_emulator, lines):
    clean_emulator.configure(latency_scale=0.5)
    entry_id = create(api, hop_list(acceptors_of(lines)))
    api.expect("IncorrectRouteEntryStatus", 400, "ModifyRouteEntry", RouteEntryId=entry_id, Description="Later")


def test_modify_moves_a_plain_route_to_another_interface(api, lines):
    first, second = acceptors_of(lines)
    api.call("CreateRouteEntry", RouteTableId=VPC_TABLE, DestinationCidrBlock=DESTINATION,
             NextHopType="RouterInterface", NextHopId=first)
    api.expect("InvalidNextHopId.NotFound", 404, "ModifyRouteEntry", RouteTableId=VPC_TABLE,
               DestinationCidrBlock=DESTINATION, NewNextHopId="ri-missing", NewNextHopType="RouterInterface")
    api.call("ModifyRouteEntry", RouteTableId=VPC_TABLE, DestinationCidrBlock=DESTINATION, NewNextHopId=second,
             NewNextHopType="RouterInterface")
    assert [h["NextHopId"] for h in entry_in(api)["NextHops"]["NextHop"]] == [second]
    assert entry_in_table(api)["InstanceId"] == second


def test_delete_by_id_or_by_the_whole_list(api, lines):
    acceptors = acceptors_of(lines)
    entry_id = create(api, hop_list(acceptors))
    members = [{"NextHopType": "RouterInterface", "NextHopId": ri} for ri in acceptors]
    for partial in ({"NextHopId": acceptors[0]}, {"NextHopList": members[:1] + [dict(members[1], NextHopId="ri-x")]}):
        api.expect("InvalidRouteEntry.NotFound", 400, "DeleteRouteEntry", RouteTableId=VPC_TABLE,
                   DestinationCidrBlock=DESTINATION, **partial)
    api.call("DeleteRouteEntry", RouteTableId=VPC_TABLE, DestinationCidrBlock=DESTINATION,
             NextHopList=list(reversed(members)))
    assert entry_in(api) is None
    second_id = create(api, hop_list(acceptors))
    assert second_id != entry_id
    api.call("DeleteRouteEntry", RouteEntryId=second_id)
    assert entry_in(api) is None


def test_a_member_interface_cannot_be_deleted(api, lines):
    vbr_id, initiator, acceptor = lines[0]
    create(api, hop_list(acceptors_of(lines)))
    api.call("DeactivateRouterInterface", RouterInterfaceId=acceptor)
    # Its line is down: the member stays in the entry, unused.
    assert [h["Enabled"] for h in entry_in(api)["NextHops"]["NextHop"]] == [0, 1]
    assert [h["Enabled"] for h in entry_in_table(api)["NextHops"]["NextHop"]] == [0, 1]
    assert entry_in(api)["Status"] == "Available"
    api.expect("DependencyViolation.RouterInterfaceReferedByRouteEntry", 400, "DeleteRouterInterface",
               RouterInterfaceId=acceptor)


# The Tea client (V3 by default, and V2) ----------------------------------------------------------------------------
@pytest.mark.parametrize("algorithm", [None, "v2"], ids=["default-v3", "v2"])
def test_ecmp_lifecycle_through_the_tea_client(clean_emulator, algorithm):
    api = Api(clean_emulator.url)
    lines = [(vbr_id,) + api.pair(vbr_id) for vbr_id in (api.vbr(vlan=10), api.vbr(vlan=11))]
    first, second = acceptors_of(lines)
    client = tea_client(clean_emulator, algorithm)
    created = client.create_route_entry(models.CreateRouteEntryRequest(
        region_id=REGION, route_table_id=VPC_TABLE, destination_cidr_block=DESTINATION, route_entry_name="to-idc",
        next_hop_list=[models.CreateRouteEntryRequestNextHopList(next_hop_type="RouterInterface", next_hop_id=ri,
                                                                 weight=weight)
                       for ri, weight in ((first, 100), (second, 0))]))
    entry_id = created.body.route_entry_id

    listed = client.describe_route_entry_list(models.DescribeRouteEntryListRequest(
        region_id=REGION, route_table_id=VPC_TABLE, destination_cidr_block=DESTINATION)).body.route_entrys.route_entry
    assert [e.route_entry_id for e in listed] == [entry_id]
    hops = listed[0].next_hops.next_hop
    assert [(h.next_hop_id, h.weight, h.enabled, h.next_hop_region_id) for h in hops] == [
        (first, 100, 1, REGION), (second, 0, 1, REGION)]
    assert [(h.next_hop_related_info.instance_id, h.next_hop_related_info.instance_type) for h in hops] == [
        (lines[0][0], "VBR"), (lines[1][0], "VBR")]
    assert listed[0].gmt_modified

    tables = client.describe_route_tables(models.DescribeRouteTablesRequest(
        region_id=REGION, route_table_id=VPC_TABLE)).body.route_tables.route_table
    in_table = [e for e in tables[0].route_entrys.route_entry if e.route_entry_id == entry_id][0]
    assert [(h.next_hop_id, h.weight, h.enabled) for h in in_table.next_hops.next_hop] == [
        (first, 100, 1), (second, 0, 1)]

    with pytest.raises(AlibabaCloudException) as caught:
        client.create_route_entry(models.CreateRouteEntryRequest(
            region_id=REGION, route_table_id=VPC_TABLE, destination_cidr_block="172.31.0.0/16",
            next_hop_list=[models.CreateRouteEntryRequestNextHopList(next_hop_type="RouterInterface", next_hop_id=ri,
                                                                     weight=300) for ri in (first, second)]))
    assert caught.value.code == "INVALID_WEIGHT_PARAM"

    client.modify_route_entry(models.ModifyRouteEntryRequest(
        region_id=REGION, route_entry_id=entry_id, route_entry_name="renamed", description="Two lines"))
    listed = client.describe_route_entry_list(models.DescribeRouteEntryListRequest(
        region_id=REGION, route_table_id=VPC_TABLE, route_entry_id=entry_id)).body.route_entrys.route_entry
    assert (listed[0].route_entry_name, listed[0].description) == ("renamed", "Two lines")

    client.delete_route_entry(models.DeleteRouteEntryRequest(
        region_id=REGION, route_table_id=VPC_TABLE, destination_cidr_block=DESTINATION,
        next_hop_list=[models.DeleteRouteEntryRequestNextHopList(next_hop_type="RouterInterface", next_hop_id=ri)
                       for ri in (first, second)]))
    assert entry_in(api) is None

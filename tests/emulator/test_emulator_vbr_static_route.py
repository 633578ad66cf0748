"""A VBR's static route toward the data centre (reference §2): CreateRouteEntry on the VBR's own table with
NextHopType=RouterInterface and NextHopId = the VBR's VlanInterfaceId, through the real SDK."""

import pytest

from conftest import PC_OTHER, VPC_TABLE
from support.wait import refused_until_accepted

IDC = "192.168.0.0/16"
BUSY = {"TaskConflict", "IncorrectRouteEntryStatus"}


@pytest.fixture
def vbr(api):
    """(vbr id, its table, its VLAN interface id)."""
    vbr_id = api.vbr()
    item = api.describe_vbr(vbr_id)
    return vbr_id, item["RouteTableId"], item["VlanInterfaceId"]


def route(api, table_id, cidr=IDC, hop=None, **extra):
    return api.call("CreateRouteEntry", RouteTableId=table_id, DestinationCidrBlock=cidr,
                    NextHopType="RouterInterface", NextHopId=hop, **extra)["RouteEntryId"]


def listed(api, table_id, cidr=IDC):
    items = api.call("DescribeRouteEntryList", RouteTableId=table_id, DestinationCidrBlock=cidr)
    return items["RouteEntrys"]["RouteEntry"]


def test_vlan_interface_is_a_next_hop_on_its_own_table(api, vbr):
    vbr_id, table, vlan_interface = vbr
    entry_id = route(api, table, hop=vlan_interface, RouteEntryName="to-idc")
    [entry] = listed(api, table)
    assert (entry["RouteEntryId"], entry["Status"], entry["Type"], entry["RouteEntryName"]) == \
        (entry_id, "Available", "Custom", "to-idc")
    hop = entry["NextHops"]["NextHop"][0]
    assert (hop["NextHopType"], hop["NextHopId"]) == ("RouterInterface", vlan_interface)  # echoes what was sent
    assert hop["NextHopRelatedInfo"] == {"InstanceId": "", "InstanceType": "", "RegionId": ""}
    in_table = api.call("DescribeRouteTables", RouteTableId=table)["RouteTables"]["RouteTable"][0]
    assert [(e["DestinationCidrBlock"], e["NextHopType"], e["InstanceId"], e["Status"])
            for e in in_table["RouteEntrys"]["RouteEntry"]] == [(IDC, "RouterInterface", vlan_interface, "Available")]
    by_hop = api.call("DescribeRouteEntryList", RouteTableId=table, NextHopId=vlan_interface)
    assert [e["RouteEntryId"] for e in by_hop["RouteEntrys"]["RouteEntry"]] == [entry_id]
    api.call("DeleteRouteEntry", RouteTableId=table, DestinationCidrBlock=IDC, NextHopId=vlan_interface)
    assert listed(api, table) == []


def test_vlan_interface_elsewhere_is_not_found(api, vbr):
    vbr_id, table, vlan_interface = vbr
    api.expect("InvalidNextHopId.NotFound", 404, "CreateRouteEntry", RouteTableId=VPC_TABLE, DestinationCidrBlock=IDC,
               NextHopType="RouterInterface", NextHopId=vlan_interface)
    other_table = api.describe_vbr(api.vbr(vlan=11, pc=PC_OTHER))["RouteTableId"]
    api.expect("InvalidNextHopId.NotFound", 404, "CreateRouteEntry", RouteTableId=other_table,
               DestinationCidrBlock=IDC, NextHopType="RouterInterface", NextHopId=vlan_interface)
    # Only as a RouterInterface next hop (a VBR table takes no other type).
    api.expect("InvalidNextHopType", 400, "CreateRouteEntry", RouteTableId=table, DestinationCidrBlock=IDC,
               NextHopType="Instance", NextHopId=vlan_interface)


def test_vbr_must_be_active(api, vbr):
    vbr_id, table, vlan_interface = vbr
    api.call("TerminateVirtualBorderRouter", VbrId=vbr_id)
    api.expect("InvalidVBRStatus", 400, "CreateRouteEntry", RouteTableId=table, DestinationCidrBlock=IDC,
               NextHopType="RouterInterface", NextHopId=vlan_interface)


def test_duplicate_destination_on_a_vbr_table(api, vbr):
    vbr_id, table, vlan_interface = vbr
    ri1, ri2 = api.pair(vbr_id)
    route(api, table, hop=vlan_interface)
    for hop in (vlan_interface, ri1):
        api.expect("Duplicated.VpcNextHop", 400, "CreateRouteEntry", RouteTableId=table, DestinationCidrBlock=IDC,
                   NextHopType="RouterInterface", NextHopId=hop)
    # The VPC table keeps its own code.
    route(api, VPC_TABLE, hop=ri2)
    api.expect("InvalidCIDRBlock.Duplicate", 400, "CreateRouteEntry", RouteTableId=VPC_TABLE,
               DestinationCidrBlock=IDC, NextHopType="RouterInterface", NextHopId=ri2)
    # Both directions on the VBR: the data centre over the circuit, the VPC over the peering interface.
    route(api, table, cidr="10.2.0.0/16", hop=ri1)
    assert {(e["DestinationCidrBlock"], e["NextHops"]["NextHop"][0]["NextHopId"])
            for e in api.call("DescribeRouteEntryList", RouteTableId=table)["RouteEntrys"]["RouteEntry"]} == \
        {(IDC, vlan_interface), ("10.2.0.0/16", ri1)}


def test_client_token_and_dry_run(api, clean_emulator, vbr):
    vbr_id, table, vlan_interface = vbr
    api.expect("DryRunOperation", 400, "CreateRouteEntry", RouteTableId=table, DestinationCidrBlock=IDC,
               NextHopType="RouterInterface", NextHopId=vlan_interface, DryRun=True)
    first = route(api, table, hop=vlan_interface, ClientToken="idc-route")
    assert route(api, table, hop=vlan_interface, ClientToken="idc-route") == first
    assert len(listed(api, table)) == 1


def test_serialised_with_the_vbrs_other_routes(api, clean_emulator, vbr):
    vbr_id, table, vlan_interface = vbr
    ri1, _ = api.pair(vbr_id)
    clean_emulator.configure(latency_scale=0.3)  # route_task 0.3 s, route_entry_create 0.9 s
    route(api, table, hop=vlan_interface)
    error = api.expect("TaskConflict", 400, "CreateRouteEntry", RouteTableId=table, DestinationCidrBlock="10.2.0.0/16",
                       NextHopType="RouterInterface", NextHopId=ri1)
    assert error.get_error_msg() == "The operation is too frequent, please wait a moment and try again."
    _, refusals = refused_until_accepted(lambda: route(api, table, cidr="10.2.0.0/16", hop=ri1), BUSY)
    assert "IncorrectRouteEntryStatus" in refusals  # the static route still Pending
    # And the other way round: a route toward the peering interface holds up the static route.
    api.expect("TaskConflict", 400, "DeleteRouteEntry", RouteTableId=table, DestinationCidrBlock=IDC,
               NextHopId=vlan_interface)
    refused_until_accepted(lambda: api.call("DeleteRouteEntry", RouteTableId=table, DestinationCidrBlock=IDC,
                                            NextHopId=vlan_interface), BUSY)
    assert listed(api, table)[0]["Status"] == "Deleting"


def test_deleting_the_vbr_takes_its_static_route_along(api, clean_emulator, vbr):
    """As for any route on a VBR table: the VBR's delete is not refused for it, and the entry goes with the VBR."""
    vbr_id, table, vlan_interface = vbr
    entry_id = route(api, table, hop=vlan_interface)
    api.call("DeleteVirtualBorderRouter", VbrId=vbr_id)
    assert api.describe_vbr(vbr_id) is None
    assert all(e["RouteEntryId"] != entry_id for e in clean_emulator.state()["RouteEntries"])

"""Route tables and route entries through the real SDK: happy paths and the documented rules."""

import pytest

from conftest import VPC_ID, VPC_TABLE, VROUTER


@pytest.fixture
def linked(api):
    """A connected VBR <-> vrt-emu0002 pair: (vbr id, vbr table, initiator, acceptor)."""
    vbr_id = api.vbr()
    ri1, ri2 = api.pair(vbr_id)
    return vbr_id, api.vbr_table(vbr_id), ri1, ri2


def entry_in(api, table_id, cidr):
    found = api.call("DescribeRouteEntryList", RouteTableId=table_id, DestinationCidrBlock=cidr)
    items = found["RouteEntrys"]["RouteEntry"]
    return items[0] if items else None


def test_vpc_table_views(api):
    tables = api.call("DescribeRouteTables", VRouterId=VROUTER)["RouteTables"]["RouteTable"]
    assert [(t["RouteTableId"], t["RouteTableType"]) for t in tables] == [(VPC_TABLE, "System")]
    system = tables[0]["RouteEntrys"]["RouteEntry"]
    assert {e["DestinationCidrBlock"] for e in system} == {"10.2.0.0/24", "100.64.0.0/10"}
    listed = api.call("DescribeRouteTableList", VpcId=VPC_ID)["RouterTableList"]["RouterTableListType"]
    assert [(t["RouteTableId"], t["RouterId"], t["RouterType"]) for t in listed] == [(VPC_TABLE, VROUTER, "VRouter")]
    assert api.call("DescribeRouteTableList")["TotalCount"] == 4  # a bare listing shows VRouter tables
    api.expect("InvalidParameter", 400, "DescribeRouteTableList", PageSize=51)


def test_create_describe_delete_on_both_tables(api, linked):
    vbr_id, vbr_table, ri1, ri2 = linked
    created = api.call("CreateRouteEntry", RouteTableId=vbr_table, DestinationCidrBlock="0.0.0.0/0",
                       NextHopType="RouterInterface", NextHopId=ri1, RouteEntryName="default", Description="Out")
    assert created["RouteEntryId"].startswith("rte-")
    entry = entry_in(api, vbr_table, "0.0.0.0/0")
    assert (entry["RouteEntryId"], entry["Status"], entry["Type"]) == (created["RouteEntryId"], "Available", "Custom")
    hop = entry["NextHops"]["NextHop"][0]
    assert (hop["NextHopId"], hop["NextHopType"]) == (ri1, "RouterInterface")
    assert hop["NextHopRelatedInfo"] == {"InstanceId": VROUTER, "InstanceType": "VPC", "RegionId": "cn-hangzhou"}
    api.call("CreateRouteEntry", RouteTableId=VPC_TABLE, DestinationCidrBlock="192.168.7.9",
             NextHopType="RouterInterface", NextHopId=ri2)
    assert entry_in(api, VPC_TABLE, "192.168.7.9/32")["Status"] == "Available"  # bare IP = /32
    in_table = api.call("DescribeRouteTables", RouteTableId=vbr_table)["RouteTables"]["RouteTable"][0]
    assert [(e["DestinationCidrBlock"], e["InstanceId"], e["NextHopType"])
            for e in in_table["RouteEntrys"]["RouteEntry"]] == [("0.0.0.0/0", ri1, "RouterInterface")]
    api.call("DeleteRouteEntry", RouteTableId=VPC_TABLE, DestinationCidrBlock="192.168.7.9/32", NextHopId=ri2)
    api.call("DeleteRouteEntry", RouteEntryId=created["RouteEntryId"])
    assert entry_in(api, vbr_table, "0.0.0.0/0") is None
    assert entry_in(api, VPC_TABLE, "192.168.7.9/32") is None


@pytest.mark.parametrize("cidr", ["10.0.0.0/33", "banana", "10.0.0.1/8", "100.64.0.0/10", "100.100.2.0/24",
                                  "10.2.0.128/25"])
def test_destination_rules(api, linked, cidr):
    ri2 = linked[3]
    api.expect("InvalidCidrBlock.Malformed", 400, "CreateRouteEntry", RouteTableId=VPC_TABLE,
               DestinationCidrBlock=cidr, NextHopType="RouterInterface", NextHopId=ri2)


def test_destination_unique_per_table(api, linked):
    ri2 = linked[3]
    api.call("CreateRouteEntry", RouteTableId=VPC_TABLE, DestinationCidrBlock="192.168.0.0/16",
             NextHopType="RouterInterface", NextHopId=ri2)
    api.expect("InvalidCIDRBlock.Duplicate", 400, "CreateRouteEntry", RouteTableId=VPC_TABLE,
               DestinationCidrBlock="192.168.0.0/16", NextHopType="RouterInterface", NextHopId=ri2)
    api.expect("InvalidCIDRBlock.Duplicate", 400, "CreateRouteEntry", RouteTableId=VPC_TABLE,
               DestinationCidrBlock="10.2.0.0/24", NextHopType="RouterInterface", NextHopId=ri2)  # system route


def test_at_most_48_custom_entries(api, linked):
    ri2 = linked[3]
    for n in range(48):
        api.call("CreateRouteEntry", RouteTableId=VPC_TABLE, DestinationCidrBlock="192.168.%d.0/24" % n,
                 NextHopType="RouterInterface", NextHopId=ri2)
    api.expect("QuotaExceeded", 400, "CreateRouteEntry", RouteTableId=VPC_TABLE,
               DestinationCidrBlock="192.169.0.0/24", NextHopType="RouterInterface", NextHopId=ri2)
    page = api.call("DescribeRouteEntryList", RouteTableId=VPC_TABLE, MaxResult=20)
    seen, token = len(page["RouteEntrys"]["RouteEntry"]), page["NextToken"]
    while token:
        page = api.call("DescribeRouteEntryList", RouteTableId=VPC_TABLE, MaxResult=20, NextToken=token)
        seen, token = seen + len(page["RouteEntrys"]["RouteEntry"]), page["NextToken"]
    assert seen == 50  # 48 custom + 2 system
    api.expect("InvalidParameter", 400, "DescribeRouteEntryList", RouteTableId=VPC_TABLE, MaxResult=101)


def test_next_hop_rules(api, linked):
    vbr_id, vbr_table, ri1, ri2 = linked
    api.expect("InvalidNextHopId.NotFound", 404, "CreateRouteEntry", RouteTableId=vbr_table,
               DestinationCidrBlock="10.0.0.0/8", NextHopType="RouterInterface", NextHopId="ri-missing")
    api.expect("InvalidRouterInterface", 400, "CreateRouteEntry", RouteTableId=vbr_table,
               DestinationCidrBlock="10.0.0.0/8", NextHopType="RouterInterface", NextHopId=ri2)
    api.expect("InvalidNextHopType", 400, "CreateRouteEntry", RouteTableId=vbr_table,
               DestinationCidrBlock="10.0.0.0/8", NextHopType="Instance", NextHopId="i-123")
    api.expect("InvalidNexthopTypeAndList.BothNull", 400, "CreateRouteEntry", RouteTableId=vbr_table,
               DestinationCidrBlock="10.0.0.0/8", NextHopType="RouterInterface")
    api.expect("InvalidRouteTableId.NotFound", 404, "CreateRouteEntry", RouteTableId="vtb-missing",
               DestinationCidrBlock="10.0.0.0/8", NextHopType="RouterInterface", NextHopId=ri1)


def test_vbr_table_needs_active_vbr(api, linked):
    vbr_id, vbr_table, ri1, _ = linked
    api.call("TerminateVirtualBorderRouter", VbrId=vbr_id)
    api.expect("InvalidVBRStatus", 400, "CreateRouteEntry", RouteTableId=vbr_table,
               DestinationCidrBlock="10.0.0.0/8", NextHopType="RouterInterface", NextHopId=ri1)


def test_delete_rules(api, linked):
    ri2 = linked[3]
    api.expect("InvalidRouteEntry.NotFound", 400, "DeleteRouteEntry", RouteTableId=VPC_TABLE,
               DestinationCidrBlock="172.31.0.0/16")
    api.expect("InvalidRouteEntry.NotFound", 400, "DeleteRouteEntry", RouteEntryId="rte-missing")
    api.expect("OperationDenied", 400, "DeleteRouteEntry", RouteTableId=VPC_TABLE,
               DestinationCidrBlock="10.2.0.0/24")
    api.expect("MissingParameter", 400, "DeleteRouteEntry", RouteTableId=VPC_TABLE)
    api.call("CreateRouteEntry", RouteTableId=VPC_TABLE, DestinationCidrBlock="172.31.0.0/16",
             NextHopType="RouterInterface", NextHopId=ri2)
    api.expect("InvalidRouteEntry.NotFound", 400, "DeleteRouteEntry", RouteTableId=VPC_TABLE,
               DestinationCidrBlock="172.31.0.0/16", NextHopId="ri-other")


def test_dry_run(api, linked):
    ri2 = linked[3]
    api.expect("DryRunOperation", 400, "CreateRouteEntry", RouteTableId=VPC_TABLE,
               DestinationCidrBlock="172.31.0.0/16", NextHopType="RouterInterface", NextHopId=ri2, DryRun=True)
    assert entry_in(api, VPC_TABLE, "172.31.0.0/16") is None


def test_route_entry_list_filters(api, linked):
    vbr_id, vbr_table, ri1, ri2 = linked
    for cidr in ("172.31.0.0/16", "192.168.0.0/16"):
        api.call("CreateRouteEntry", RouteTableId=VPC_TABLE, DestinationCidrBlock=cidr,
                 NextHopType="RouterInterface", NextHopId=ri2)

    def cidrs(**filters):
        found = api.call("DescribeRouteEntryList", RouteTableId=VPC_TABLE, **filters)["RouteEntrys"]["RouteEntry"]
        return sorted(e["DestinationCidrBlock"] for e in found)

    assert cidrs(RouteEntryType="Custom") == ["172.31.0.0/16", "192.168.0.0/16"]
    assert cidrs(RouteEntryType="System") == ["10.2.0.0/24", "100.64.0.0/10"]
    assert cidrs(NextHopId=ri2, DestinationCidrBlock="172.31.0.0/16") == ["172.31.0.0/16"]
    assert cidrs(NextHopId="ri-other") == []
    assert cidrs(NextHopType="RouterInterface", IpVersion="IPv4") == ["172.31.0.0/16", "192.168.0.0/16"]
    assert cidrs(DestCidrBlockList=["192.168.0.0/16", "10.2.0.0/24"]) == ["10.2.0.0/24", "192.168.0.0/16"]
    api.expect("InvalidRouteTableId.NotFound", 404, "DescribeRouteEntryList", RouteTableId="vtb-missing")


def test_client_token_on_route_entry(api, clean_emulator, linked):
    ri2 = linked[3]
    params = dict(RouteTableId=VPC_TABLE, DestinationCidrBlock="172.31.0.0/16", NextHopType="RouterInterface",
                  NextHopId=ri2, ClientToken="rte-token")
    first = api.call("CreateRouteEntry", **params)
    assert api.call("CreateRouteEntry", **params)["RouteEntryId"] == first["RouteEntryId"]
    api.expect("IdempotentParameterMismatch", 400, "CreateRouteEntry",
               **dict(params, DestinationCidrBlock="1.2.3.0/24"))


def test_ecmp_route_over_two_interfaces(api):
    acceptors = [api.pair(api.vbr(vlan=vlan))[1] for vlan in (10, 11)]
    hops = [{"NextHopId": ri, "NextHopType": "RouterInterface", "Weight": 50} for ri in acceptors]
    api.call("CreateRouteEntry", RouteTableId=VPC_TABLE, DestinationCidrBlock="172.31.0.0/16", NextHopList=hops)
    table = api.call("DescribeRouteTables", RouteTableId=VPC_TABLE)["RouteTables"]["RouteTable"][0]
    entry = [e for e in table["RouteEntrys"]["RouteEntry"] if e["DestinationCidrBlock"] == "172.31.0.0/16"][0]
    assert sorted(h["NextHopId"] for h in entry["NextHops"]["NextHop"]) == sorted(acceptors)
    api.expect("InvalidNexthopListSize", 400, "CreateRouteEntry", RouteTableId=VPC_TABLE,
               DestinationCidrBlock="172.30.0.0/16", NextHopList=hops[:1])
    api.call("DeleteRouteEntry", RouteTableId=VPC_TABLE, DestinationCidrBlock="172.31.0.0/16",
             NextHopList=[{"NextHopId": ri, "NextHopType": "RouterInterface"} for ri in acceptors])
    assert entry_in(api, VPC_TABLE, "172.31.0.0/16") is None


def test_route_table_filters(api):
    vbr_id = api.vbr()
    assert api.call("DescribeRouteTables", RouterType="VBR")["TotalCount"] == 1
    assert api.call("DescribeRouteTables", Type="Custom")["TotalCount"] == 0
    assert api.call("DescribeRouteTableList", RouteTableType="System", PageSize=2)["TotalCount"] == 4
    assert api.call("DescribeRouteTableList", RouterType="VBR")["RouterTableList"]["RouterTableListType"][0][
        "RouterId"] == vbr_id
    assert api.call("DescribeRouteTableList", Tag=[{"Key": "k", "Value": "v"}])["TotalCount"] == 0
    api.expect("InvalidRouterType.ValueNotSupported", 400, "DescribeRouteTables", RouterType="Switch")

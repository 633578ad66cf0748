"""The rehearsal switch (/_emulator/path-down, /_emulator/path-up): one line's path down and up again, seen as the
cloud's health checks would show it (ECMP member Enabled 0, HealthCheckStatus Abnormal)."""

import json
import urllib.error
import urllib.request

import pytest
from alibabacloud_vpc20160428 import models

from conftest import REGION, VPC_TABLE
from support.tea import tea_client

DESTINATION = "192.168.0.0/16"
SOURCES = ("10.2.0.100", "10.2.0.101")  # hosts of vpc-emu0002, one per line


@pytest.fixture
def redundant(api):
    """Two lines into vrt-emu0002, a health check on each acceptor, one ECMP entry over both:
    [(vbr id, initiator, acceptor)] * 2."""
    lines = [(vbr_id,) + api.pair(vbr_id) for vbr_id in (api.vbr(vlan=10), api.vbr(vlan=11))]
    for (vbr_id, _, acceptor), source in zip(lines, SOURCES):
        api.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=acceptor, HealthCheckSourceIp=source,
                 HealthCheckTargetIp="10.10.10.2", HcRate=2000, HcThreshold=8)
    api.call("CreateRouteEntry", RouteTableId=VPC_TABLE, DestinationCidrBlock=DESTINATION,
             NextHopList=[{"NextHopType": "RouterInterface", "NextHopId": line[2], "Weight": 100} for line in lines])
    return lines


def enabled(api):
    """Each member's Enabled, as DescribeRouteEntryList and DescribeRouteTables show it (they must agree)."""
    listed = api.call("DescribeRouteEntryList", RouteTableId=VPC_TABLE, DestinationCidrBlock=DESTINATION)
    table = api.call("DescribeRouteTables", RouteTableId=VPC_TABLE)["RouteTables"]["RouteTable"][0]
    in_table = next(e for e in table["RouteEntrys"]["RouteEntry"] if e["DestinationCidrBlock"] == DESTINATION)
    seen = [h["Enabled"] for h in listed["RouteEntrys"]["RouteEntry"][0]["NextHops"]["NextHop"]]
    assert seen == [h["Enabled"] for h in in_table["NextHops"]["NextHop"]]
    return seen


def health(api, lines):
    return [api.call("DescribeRouterInterfaceAttribute", InstanceId=line[2])["HealthCheckStatus"] for line in lines]


@pytest.mark.parametrize("named_by", [0, 1, 2], ids=["vbr", "initiator", "acceptor"])
def test_one_line_down_and_up_again(api, clean_emulator, redundant, named_by):
    line_id = redundant[0][named_by]
    assert (enabled(api), health(api, redundant)) == ([1, 1], ["Normal", "Normal"])
    logged = len(clean_emulator.calls())
    assert clean_emulator.path_down(line_id) == [line_id]
    assert len(clean_emulator.calls()) == logged  # an admin call, not an API call
    assert (enabled(api), health(api, redundant)) == ([0, 1], ["Abnormal", "Normal"])
    # Nothing else changes: the entry keeps both members, every interface stays Active.
    entry = api.call("DescribeRouteEntryList", RouteTableId=VPC_TABLE, DestinationCidrBlock=DESTINATION)[
        "RouteEntrys"]["RouteEntry"][0]
    assert (entry["Status"], len(entry["NextHops"]["NextHop"])) == ("Available", 2)
    assert {api.describe_ri(ri)["Status"] for line in redundant for ri in line[1:]} == {"Active"}
    assert clean_emulator.path_up(line_id) == []
    assert (enabled(api), health(api, redundant)) == ([1, 1], ["Normal", "Normal"])


def test_both_lines_down_and_reset(api, clean_emulator, redundant):
    for line in redundant:
        clean_emulator.path_down(line[0])
    assert (enabled(api), health(api, redundant)) == ([0, 0], ["Abnormal", "Abnormal"])
    # Another id of the line than the one taken down: both lines stay down (the answer is sorted).
    assert clean_emulator.path_up(redundant[1][2]) == sorted([redundant[0][0], redundant[1][0]])
    clean_emulator.reset()
    assert clean_emulator.path_up("vbr-anything") == []


def test_down_seen_through_the_tea_client(api, clean_emulator, redundant):
    clean_emulator.path_down(redundant[1][0])
    client = tea_client(clean_emulator)
    entry = client.describe_route_entry_list(models.DescribeRouteEntryListRequest(
        region_id=REGION, route_table_id=VPC_TABLE, destination_cidr_block=DESTINATION)).body.route_entrys.route_entry[0]
    assert [(h.next_hop_id, h.enabled) for h in entry.next_hops.next_hop] == [(redundant[0][2], 1),
                                                                               (redundant[1][2], 0)]
    body = client.describe_router_interface_attribute(models.DescribeRouterInterfaceAttributeRequest(
        region_id=REGION, instance_id=redundant[1][2])).body
    assert body.health_check_status == "Abnormal"


def test_a_single_next_hop_stays_in_use(api, clean_emulator):
    vbr_id = api.vbr()
    _, acceptor = api.pair(vbr_id)
    api.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=acceptor, HealthCheckSourceIp=SOURCES[0],
             HealthCheckTargetIp="10.10.10.2")
    api.call("CreateRouteEntry", RouteTableId=VPC_TABLE, DestinationCidrBlock=DESTINATION,
             NextHopType="RouterInterface", NextHopId=acceptor)
    clean_emulator.path_down(vbr_id)
    listed = api.call("DescribeRouteEntryList", RouteTableId=VPC_TABLE, DestinationCidrBlock=DESTINATION)
    assert [h["Enabled"] for h in listed["RouteEntrys"]["RouteEntry"][0]["NextHops"]["NextHop"]] == [1]
    assert api.call("DescribeRouterInterfaceAttribute", InstanceId=acceptor)["HealthCheckStatus"] == "NoRedundantRoute"


@pytest.mark.parametrize("endpoint, body", [
    ("path-down", {"id": "vbr-missing"}),
    ("path-down", {"id": VPC_TABLE}),  # not a line
    ("path-down", {}),
    ("path-up", ["ri-1"]),
])
def test_bad_requests(clean_emulator, endpoint, body):
    request = urllib.request.Request(clean_emulator.url + "/_emulator/" + endpoint, data=json.dumps(body).encode(),
                                     method="POST")
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=10)
    assert caught.value.code == 400
    assert json.loads(caught.value.read())["error"]

"""The tutorial ec_vbr_vpc.py (reference section 5): its 18 calls, parameters, order and status polls.

PC_ID, ROUTER_ID2 and TABLE_ID2 are undefined in the tutorial; the fixtures supply them. The client region is
cn-hangzhou (where the fixture circuit is) instead of the tutorial's cn-zhangjiakou. Its waits sleep first, then
poll (1 s or 5 s, times the latency scale, so that they keep their proportion to the scaled transitions); the
route-entry wait reads the entry it created, not the table's first one (the tutorial's bug, corrected as in
benchmarks/tutorial_sdk.py). At latency scale 0 every wait succeeds on its first poll.
"""

import time

import pytest

from support.fixture_ids import PC as PC_ID, VPC_ROUTER as ROUTER_ID2, VPC_TABLE as TABLE_ID2  # the tutorial's names

LIST = {"RequestId", "PageNumber", "PageSize", "TotalCount"}
RI_ITEM = {"RouterInterfaceId", "Name", "Description", "Role", "Spec", "Status", "RouterId", "RouterType",
           "AccessPointId", "Bandwidth", "BusinessStatus", "ChargeType", "CreationTime", "ConnectedTime", "EndTime",
           "OppositeAccessPointId", "OppositeInterfaceId", "OppositeInterfaceOwnerId", "OppositeInterfaceSpec",
           "OppositeInterfaceStatus", "OppositeRegionId", "OppositeRouterId", "OppositeRouterType", "VpcInstanceId"}


class Tutorial:
    def __init__(self, api, scale=0.0):
        self.api = api
        self.scale = scale
        self.polls = 0

    def check_status(self, timeout_n, func, target, instance_id):
        interval = 5 if timeout_n == 75 or func == self.ri_status and target == "" else 1
        for _ in range(timeout_n):
            time.sleep(interval * self.scale)
            self.polls += 1
            if func(instance_id) == target:
                return True
        return False

    def ri_status(self, ri_id):
        found = self.api.call("DescribeRouterInterfaces", **{"Filter.1.Key": "RouterInterfaceId",
                                                             "Filter.1.Value.1": ri_id})
        items = found["RouterInterfaceSet"]["RouterInterfaceType"]
        return items[0]["Status"] if items else ""

    def vbr_status(self, vbr_id):
        found = self.api.call("DescribeVirtualBorderRouters", **{"Filter.1.Key": "VbrId", "Filter.1.Value.1": vbr_id})
        items = found["VirtualBorderRouterSet"]["VirtualBorderRouterType"]
        return items[0]["Status"] if items else ""

    def route_status(self, table_id):
        """The status of the tutorial's 0.0.0.0/0 entry in the table."""
        table = self.api.call("DescribeRouteTables", RouteTableId=table_id)["RouteTables"]["RouteTable"][0]
        entries = [e for e in table["RouteEntrys"]["RouteEntry"] if e["DestinationCidrBlock"] == "0.0.0.0/0"]
        return entries[0]["Status"] if entries else ""

    def step(self, action, wait=None, **params):
        response = self.api.call(action, **params)
        if wait:
            polls, func, target, instance_id = wait
            assert self.check_status(polls, func, target, instance_id(response)), action
        return response


@pytest.mark.parametrize("scale", [0.0, 0.1], ids=["instant", "realistic-latency"])
def test_tutorial_completes_against_the_emulator(api, clean_emulator, scale):
    """The 18 steps with the tutorial's own waits, also with time in the world (the default profile scaled)."""
    clean_emulator.configure(latency_scale=scale)
    t = Tutorial(api, scale)
    vbr = t.step("CreateVirtualBorderRouter", (15, t.vbr_status, "active", lambda r: r["VbrId"]),
                 PhysicalConnectionId=PC_ID, LocalGatewayIp="116.62.204.254", PeerGatewayIp="116.62.204.254",
                 PeeringSubnetMask="255.255.255.252", VlanId=30)
    vbr_id = vbr["VbrId"]
    ri1 = t.step("CreateRouterInterface", (15, t.ri_status, "Idle", lambda r: r["RouterInterfaceId"]),
                 Spec="Large.2", Role="InitiatingSide", RouterId=vbr_id, RouterType="VBR",
                 OppositeRegionId="cn-hangzhou", OppositeRouterType="VRouter", AccessPointId="ap-cn-hangzhou-xs-B")
    ri2 = t.step("CreateRouterInterface", (15, t.ri_status, "Idle", lambda r: r["RouterInterfaceId"]),
                 Spec="Negative", Role="AcceptingSide", RouterId=ROUTER_ID2, RouterType="VRouter",
                 OppositeRegionId="cn-hangzhou", OppositeRouterType="VBR",
                 OppositeAccessPointId="ap-cn-hangzhou-xs-B")
    id1, id2 = ri1["RouterInterfaceId"], ri2["RouterInterfaceId"]
    modify1 = t.step("ModifyRouterInterfaceAttribute", (15, t.ri_status, "Idle", lambda r: id1),
                     RouterInterfaceId=id1, OppositeInterfaceId=id2, OppositeRouterId=ROUTER_ID2,
                     OppositeRouterType="VRouter")
    modify2 = t.step("ModifyRouterInterfaceAttribute", (15, t.ri_status, "Idle", lambda r: id2),
                     RouterInterfaceId=id2, OppositeInterfaceId=id1, OppositeRouterId=vbr_id,
                     OppositeRouterType="VBR")
    describe1 = t.step("DescribeRouterInterfaces", **{"Filter.1.Key": "RouterInterfaceId", "Filter.1.Value.1": id1})
    describe2 = t.step("DescribeRouterInterfaces", **{"Filter.1.Key": "RouterInterfaceId", "Filter.1.Value.1": id2})
    tables = t.step("DescribeRouteTables", RouterId=vbr_id, RouterType="VBR")
    vbr_table = tables["RouteTables"]["RouteTable"][0]["RouteTableId"]
    connect = t.step("ConnectRouterInterface", (75, t.ri_status, "Active", lambda r: id1), RouterInterfaceId=id1)
    route1 = t.step("CreateRouteEntry", (15, t.route_status, "Available", lambda r: vbr_table),
                    RouteTableId=vbr_table, DestinationCidrBlock="0.0.0.0/0", NextHopType="RouterInterface",
                    NextHopId=id1)
    route2 = t.step("CreateRouteEntry", (15, t.route_status, "Available", lambda r: TABLE_ID2),
                    RouteTableId=TABLE_ID2, DestinationCidrBlock="0.0.0.0/0", NextHopType="RouterInterface",
                    NextHopId=id2)
    deletes = [t.step("DeleteRouteEntry", RouteTableId=TABLE_ID2, DestinationCidrBlock="0.0.0.0/0", NextHopId=id2),
               t.step("DeleteRouteEntry", RouteTableId=vbr_table, DestinationCidrBlock="0.0.0.0/0", NextHopId=id1)]
    deactivates = [t.step("DeactivateRouterInterface", (75, t.ri_status, "Inactive", lambda r: ri),
                          RouterInterfaceId=ri) for ri in (id1, id2)]
    removals = [t.step("DeleteRouterInterface", (15, t.ri_status, "", lambda r: ri), RouterInterfaceId=ri)
                for ri in (id1, id2)]
    removals.append(t.step("DeleteVirtualBorderRouter", (15, t.vbr_status, "", lambda r: vbr_id), VbrId=vbr_id))

    # The keys of the tutorial's sample output.
    assert set(vbr) == {"RequestId", "VbrId"}
    assert set(ri1) == set(ri2) == {"RequestId", "RouterInterfaceId"}
    for answer in [modify1, modify2, connect] + deletes + deactivates + removals:
        assert set(answer) == {"RequestId"}
    for answer in (route1, route2):
        assert {"RequestId"} <= set(answer) <= {"RequestId", "RouteEntryId"}
    for answer in (describe1, describe2):
        assert set(answer) == LIST | {"RouterInterfaceSet"}
        assert RI_ITEM <= set(answer["RouterInterfaceSet"]["RouterInterfaceType"][0])
    assert set(tables) == LIST | {"RouteTables"}
    assert {"RouteTableId", "RouteTableType", "VRouterId", "CreationTime", "RouteEntrys", "VSwitchIds"} <= set(
        tables["RouteTables"]["RouteTable"][0])
    assert describe1["RouterInterfaceSet"]["RouterInterfaceType"][0]["OppositeInterfaceId"] == id2
    # 18 calls + 13 polls, each one HTTP request: the best case the reference counts; with latency, more polls.
    assert len(clean_emulator.calls()) == 18 + t.polls
    assert t.polls == 13 if scale == 0 else t.polls >= 13
    assert all(call["code"] is None for call in clean_emulator.calls()), "a tutorial step was refused"
    state = clean_emulator.state()
    assert state["VirtualBorderRouters"] == state["RouterInterfaces"] == []

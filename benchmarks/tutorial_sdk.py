"""The tutorial's approach (ec_vbr_vpc.py, see vpc-api-reference.md section 5) as a plain SDK script.

The 18 steps run in the tutorial's order with its fixed-interval polling: every wait sleeps first, then polls,
1 s for creates, modifies, route entries and the VBR delete, 5 s for connect, deactivate and interface deletes.
Three deliberate departures, none of which changes the number of calls or the sleeps on the happy path:
- a failed call or a wait that runs out raises (the tutorial prints and carries on into a TypeError);
- the route-entry wait reads the entry it created (the tutorial reads the table's first entry);
- inputs come from the role's vars file, one route per CIDR in interconnect_vbr_routes / interconnect_vpc_routes.
`poll_scale` multiplies the intervals; 1.0 is the tutorial, the smoke test uses 0 to stay quick.
"""

import json
import time

from aliyunsdkcore.client import AcsClient

from harness import sdk_request


class Tutorial:
    def __init__(self, url, access_key, secret, region, poll_scale=1.0):
        self.client = AcsClient(access_key, secret, region, auto_retry=False)
        self.client.add_endpoint(region, "Vpc", url.split("://", 1)[1])
        self.region = region
        self.poll_scale = poll_scale

    def call(self, action, **params):
        return json.loads(self.client.do_action_with_exception(sdk_request(action, **params)))

    def check_status(self, polls, interval, status_of, target, what):
        """check_status.py: sleep, poll, compare; at most `polls` polls."""
        for _ in range(polls):
            time.sleep(interval * self.poll_scale)
            if status_of() == target:
                return
        raise RuntimeError("%s did not become %r within %d polls of %ss" % (what, target, polls, interval))

    # Status helpers of sdk_lib: a filtered describe; an empty set reads as ''.
    def vbr_status(self, vbr_id):
        found = self.call("DescribeVirtualBorderRouters", **{"Filter.1.Key": "VbrId", "Filter.1.Value.1": vbr_id})
        items = found["VirtualBorderRouterSet"]["VirtualBorderRouterType"]
        return items[0]["Status"] if items else ""

    def ri_status(self, ri_id):
        found = self.call("DescribeRouterInterfaces",
                          **{"Filter.1.Key": "RouterInterfaceId", "Filter.1.Value.1": ri_id})
        items = found["RouterInterfaceSet"]["RouterInterfaceType"]
        return items[0]["Status"] if items else ""

    def route_status(self, table_id, cidr):
        table = self.call("DescribeRouteTables", RouteTableId=table_id)["RouteTables"]["RouteTable"][0]
        entries = [e for e in table["RouteEntrys"]["RouteEntry"] if e["DestinationCidrBlock"] == cidr]
        return entries[0]["Status"] if entries else ""

    def build(self, v):
        """Steps 1-11. Returns the IDs the teardown needs."""
        vbr = self.call("CreateVirtualBorderRouter", PhysicalConnectionId=v["pc"], VlanId=v["vlan"],
                        LocalGatewayIp=v["local_ip"], PeerGatewayIp=v["peer_ip"], PeeringSubnetMask=v["mask"])["VbrId"]
        self.check_status(15, 1, lambda: self.vbr_status(vbr), "active", "VBR")
        ri1 = self.call("CreateRouterInterface", Spec=v["spec"], Role="InitiatingSide", RouterType="VBR",
                        RouterId=vbr, OppositeRegionId=self.region, OppositeRouterType="VRouter",
                        AccessPointId=v["access_point"])["RouterInterfaceId"]
        self.check_status(15, 1, lambda: self.ri_status(ri1), "Idle", "initiator")
        ri2 = self.call("CreateRouterInterface", Spec="Negative", Role="AcceptingSide", RouterType="VRouter",
                        RouterId=v["vpc_router"], OppositeRouterType="VBR", OppositeRegionId=self.region,
                        OppositeAccessPointId=v["access_point"])["RouterInterfaceId"]
        self.check_status(15, 1, lambda: self.ri_status(ri2), "Idle", "acceptor")
        self.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=ri1, OppositeInterfaceId=ri2,
                  OppositeRouterId=v["vpc_router"], OppositeRouterType="VRouter")
        self.check_status(15, 1, lambda: self.ri_status(ri1), "Idle", "initiator")
        self.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=ri2, OppositeInterfaceId=ri1,
                  OppositeRouterId=vbr, OppositeRouterType="VBR")
        self.check_status(15, 1, lambda: self.ri_status(ri2), "Idle", "acceptor")
        self.ri_status(ri1)  # steps 6-7: the tutorial prints both interfaces
        self.ri_status(ri2)
        vbr_table = self.call("DescribeRouteTables", RouterId=vbr, RouterType="VBR")
        vbr_table = vbr_table["RouteTables"]["RouteTable"][0]["RouteTableId"]
        self.call("ConnectRouterInterface", RouterInterfaceId=ri1)
        self.check_status(75, 5, lambda: self.ri_status(ri1), "Active", "connection")
        routes = [(vbr_table, cidr, ri1) for cidr in v["vbr_routes"]]
        routes += [(v["vpc_table"], cidr, ri2) for cidr in v["vpc_routes"]]
        for table, cidr, hop in routes:
            self.call("CreateRouteEntry", RouteTableId=table, DestinationCidrBlock=cidr,
                      NextHopType="RouterInterface", NextHopId=hop)
            self.check_status(15, 1, lambda: self.route_status(table, cidr), "Available", "route " + cidr)
        return {"vbr": vbr, "ri1": ri1, "ri2": ri2, "routes": routes}

    def teardown(self, ids):
        """Steps 12-18."""
        for table, cidr, hop in reversed(ids["routes"]):
            self.call("DeleteRouteEntry", RouteTableId=table, DestinationCidrBlock=cidr, NextHopId=hop)
            time.sleep(1 * self.poll_scale)
        for ri in (ids["ri1"], ids["ri2"]):
            self.call("DeactivateRouterInterface", RouterInterfaceId=ri)
            self.check_status(75, 5, lambda: self.ri_status(ri), "Inactive", "deactivation")
        for ri in (ids["ri1"], ids["ri2"]):
            self.call("DeleteRouterInterface", RouterInterfaceId=ri)
            self.check_status(15, 5, lambda: self.ri_status(ri), "", "interface deletion")
        self.call("DeleteVirtualBorderRouter", VbrId=ids["vbr"])
        self.check_status(15, 1, lambda: self.vbr_status(ids["vbr"]), "", "VBR deletion")

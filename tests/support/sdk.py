"""Test setup outside Ansible: real SDK requests sent straight to the emulator.

The IDs below are the emulator's default fixtures (region cn-hangzhou).
"""

import importlib
import itertools
import json
import uuid

from .emulator import REGION

PC = "pc-emu0001"  # access point ap-cn-hangzhou-xs-B, Enabled
PC2 = "pc-emu0002"  # access point ap-cn-hangzhou-xs-A, Enabled
ACCESS_POINT = "ap-cn-hangzhou-xs-B"  # pc-emu0001's access point
VPC_ROUTER = "vrt-emu0001"  # vpc-emu0001's vRouter
VPC_TABLE = "vtb-emu0001"  # and its system route table


def sdk_call(emulator, action, **params):
    """One real SDK request (None values left out); returns the parsed response, raises on API errors."""
    module = importlib.import_module("aliyunsdkvpc.request.v20160428.%sRequest" % action)
    request = getattr(module, action + "Request")()
    for key, value in params.items():
        if value is not None:
            request.add_query_param(key, value)
    return json.loads(emulator.sdk_client().do_action_with_exception(request))


def create_vbr(emulator, vlan_id, pc=PC, name=None, subnet_octet=None):
    """A VBR on ``pc`` with a /30 peering subnet 10.1.x.0 (PC) or 10.2.x.0 (others); returns its ID."""
    octet = vlan_id % 250 if subnet_octet is None else subnet_octet
    params = dict(PhysicalConnectionId=pc, VlanId=vlan_id, LocalGatewayIp="10.%d.%d.1" % (1 if pc == PC else 2, octet),
                  PeerGatewayIp="10.%d.%d.2" % (1 if pc == PC else 2, octet), PeeringSubnetMask="255.255.255.252")
    if name:
        params["Name"] = name
    return sdk_call(emulator, "CreateVirtualBorderRouter", **params)["VbrId"]


def create_vbr_with_table(emulator, vlan_id, physical_connection_id=PC):
    """A VBR with a /30 peering subnet 10.250.x.0; returns (vbr_id, route_table_id)."""
    octet = vlan_id % 250
    response = sdk_call(emulator, "CreateVirtualBorderRouter", RegionId=REGION,
                        PhysicalConnectionId=physical_connection_id, VlanId=vlan_id,
                        LocalGatewayIp="10.250.%d.1" % octet, PeerGatewayIp="10.250.%d.2" % octet,
                        PeeringSubnetMask="255.255.255.252")
    vbr_id = response["VbrId"]
    vbrs = sdk_call(emulator, "DescribeVirtualBorderRouters", RegionId=REGION,
                    **{"Filter.1.Key": "VbrId", "Filter.1.Value.1": vbr_id})
    vbr = vbrs["VirtualBorderRouterSet"]["VirtualBorderRouterType"][0]
    return vbr_id, vbr["RouteTableId"]


def create_ri(emulator, **params):
    """A router interface from CreateRouterInterface params (with a ClientToken; opposite region defaults to
    cn-hangzhou); returns its ID."""
    params.setdefault("OppositeRegionId", "cn-hangzhou")
    return sdk_call(emulator, "CreateRouterInterface", ClientToken=str(uuid.uuid4()), **params)["RouterInterfaceId"]


# A route's next hop must be a connected (Active) interface, so each next hop made here is one end of its own
# pair, toward a VBR on a VLAN of its own (one connected pair per two routers).
_NEXT_HOP_VLANS = itertools.cycle(range(2500, 3000))
NEXT_HOP_VPC_ROUTER = "vrt-emu0004"  # the far end of create_vbr_ri's pairs


def connect_pair(emulator, vbr_id, router_id, access_point_id=ACCESS_POINT):
    """An initiator on the VBR and an acceptor on the vRouter, paired and connected (Active at latency scale 0);
    returns (initiator_id, acceptor_id)."""
    initiator = create_ri(emulator, RegionId=REGION, RouterType="VBR", RouterId=vbr_id, Role="InitiatingSide",
                          Spec="Large.2", AccessPointId=access_point_id, OppositeRouterType="VRouter",
                          OppositeRouterId=router_id)
    acceptor = create_ri(emulator, RegionId=REGION, RouterType="VRouter", RouterId=router_id, Role="AcceptingSide",
                         Spec="Negative", OppositeRouterType="VBR", OppositeRouterId=vbr_id,
                         OppositeInterfaceId=initiator, OppositeAccessPointId=access_point_id)
    sdk_call(emulator, "ModifyRouterInterfaceAttribute", RegionId=REGION, RouterInterfaceId=initiator,
             OppositeInterfaceId=acceptor, OppositeRouterId=router_id, OppositeRouterType="VRouter")
    sdk_call(emulator, "ConnectRouterInterface", RegionId=REGION, RouterInterfaceId=initiator)
    return initiator, acceptor


def create_vpc_ri(emulator, router_id=VPC_ROUTER):
    """A connected accepting-side router interface on a VPC's vRouter (a usable next hop); returns its ID."""
    vlan = next(_NEXT_HOP_VLANS)
    vbr_id = create_vbr(emulator, vlan)
    return connect_pair(emulator, vbr_id, router_id)[1]


def create_vbr_ri(emulator, vbr_id, access_point_id=ACCESS_POINT):
    """A connected initiating router interface on a VBR (a usable next hop), paired with an acceptor on
    NEXT_HOP_VPC_ROUTER; returns its ID."""
    return connect_pair(emulator, vbr_id, NEXT_HOP_VPC_ROUTER, access_point_id)[0]


def create_route(emulator, table_id, cidr, next_hop_id, next_hop_type="RouterInterface"):
    """A route entry; returns its ID (if the response has one)."""
    response = sdk_call(emulator, "CreateRouteEntry", RegionId=REGION, RouteTableId=table_id,
                        DestinationCidrBlock=cidr, NextHopType=next_hop_type, NextHopId=next_hop_id)
    return response.get("RouteEntryId")

"""Test setup outside Ansible: real SDK requests sent straight to the emulator (default fixtures: fixture_ids)."""

import importlib
import itertools
import json
import uuid

from .emulator import REGION
from .fixture_ids import ACCESS_POINT, PC, VPC_ROUTER, VPC_ROUTER4

REQUEST_CLASS = "aliyunsdkvpc.request.v20160428.%sRequest"


def flatten(params, prefix=""):
    """Nested params in the RPC repeat style, None values left out:
    {"Filter": [{"Key": "VbrId", "Value": ["vbr-1"]}], "Tag": [{"Key": "k"}]} ->
    [("Filter.1.Key", "VbrId"), ("Filter.1.Value.1", "vbr-1"), ("Tag.1.Key", "k")].

    The style of the collection's client, written again here: the tests do not send their setup through the code
    they test."""
    pairs = []
    items = params.items() if isinstance(params, dict) else ((str(n), value) for n, value in enumerate(params, 1))
    for key, value in items:
        name = "%s.%s" % (prefix, key) if prefix else key
        if value is None:
            continue
        if isinstance(value, (dict, list, tuple)):
            pairs.extend(flatten(value, name))
        else:
            pairs.append((name, value))
    return pairs


def sdk_request(action, **params):
    """The SDK's request for a VPC API action, with the params flattened (see flatten)."""
    request = getattr(importlib.import_module(REQUEST_CLASS % action), action + "Request")()
    for key, value in flatten(params):
        request.add_query_param(key, value)
    return request


def sdk_call(emulator, action, **params):
    """One real, signed SDK request (params as sdk_request takes them); returns the parsed response, raises on API
    errors."""
    return json.loads(emulator.sdk_client().do_action_with_exception(sdk_request(action, **params)))


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
                    Filter=[{"Key": "VbrId", "Value": [vbr_id]}])
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
NEXT_HOP_VPC_ROUTER = VPC_ROUTER4  # the far end of create_vbr_ri's pairs


def connect_pair(emulator, vbr_id, router_id, access_point_id=ACCESS_POINT, spec="Large.2", names=(None, None),
                 introduce=(True, True), connect=True):
    """An initiator (``spec``) on the VBR and an acceptor on the vRouter, named ``names`` (initiator, acceptor);
    ``introduce`` (initiator, acceptor): whether each is told the other's ID (the acceptor at its create, the
    initiator with ModifyRouterInterfaceAttribute); then connected (Active at latency scale 0) unless ``connect``
    is false. Returns (initiator_id, acceptor_id)."""
    initiator = create_ri(emulator, RegionId=REGION, RouterType="VBR", RouterId=vbr_id, Role="InitiatingSide",
                          Spec=spec, AccessPointId=access_point_id, OppositeRouterType="VRouter",
                          OppositeRouterId=router_id, Name=names[0])
    acceptor = create_ri(emulator, RegionId=REGION, RouterType="VRouter", RouterId=router_id, Role="AcceptingSide",
                         Spec="Negative", OppositeRouterType="VBR", OppositeRouterId=vbr_id,
                         OppositeInterfaceId=initiator if introduce[1] else None,
                         OppositeAccessPointId=access_point_id, Name=names[1])
    if introduce[0]:
        sdk_call(emulator, "ModifyRouterInterfaceAttribute", RegionId=REGION, RouterInterfaceId=initiator,
                 OppositeInterfaceId=acceptor, OppositeRouterId=router_id, OppositeRouterType="VRouter")
    if connect:
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

"""The 40 supported actions: handler, required parameters ([META]) and whether ClientToken applies.

RepeatList parameters (`ResourceId.N`) are not named here: their handlers check them.
"""

from collections import namedtuple

from . import (bgp_group, bgp_network, bgp_peer, grant, physical_connection, route_entry, route_table,
               router_interface, tag_actions, vbr)

Action = namedtuple("Action", "handler required client_token")

VERSION = "2016-04-28"
ACTIONS = {
    "CreateVirtualBorderRouter": Action(vbr.create, ("RegionId", "PhysicalConnectionId", "VlanId"), True),
    "DescribeVirtualBorderRouters": Action(vbr.describe, ("RegionId",), False),
    "ModifyVirtualBorderRouterAttribute": Action(vbr.modify, ("RegionId", "VbrId"), True),
    "TerminateVirtualBorderRouter": Action(vbr.terminate, ("RegionId", "VbrId"), True),
    "RecoverVirtualBorderRouter": Action(vbr.recover, ("RegionId", "VbrId"), True),
    "DeleteVirtualBorderRouter": Action(vbr.delete, ("RegionId", "VbrId"), True),
    # ClientToken is a parameter of this read (META, TEA), with nothing to make twice: not replayed.
    "DescribePhysicalConnections": Action(physical_connection.describe, ("RegionId",), False),
    "CreateRouterInterface": Action(router_interface.create, (
        "RegionId", "RouterType", "RouterId", "Role", "Spec", "OppositeRegionId"), True),
    "DescribeRouterInterfaces": Action(router_interface.describe, ("RegionId",), False),
    "DescribeRouterInterfaceAttribute": Action(router_interface.describe_attribute, ("RegionId", "InstanceId"), False),
    "ModifyRouterInterfaceAttribute": Action(router_interface.modify_attribute, ("RegionId", "RouterInterfaceId"),
                                             False),
    "ModifyRouterInterfaceSpec": Action(router_interface.modify_spec, ("RegionId", "RouterInterfaceId", "Spec"), True),
    "ConnectRouterInterface": Action(router_interface.connect, ("RegionId", "RouterInterfaceId"), False),
    "ActivateRouterInterface": Action(router_interface.activate, ("RegionId", "RouterInterfaceId"), False),
    "DeactivateRouterInterface": Action(router_interface.deactivate, ("RegionId", "RouterInterfaceId"), False),
    "DeleteRouterInterface": Action(router_interface.delete, ("RegionId", "RouterInterfaceId"), True),
    "DescribeRouteTables": Action(route_table.describe_tables, (), False),
    "DescribeRouteTableList": Action(route_table.describe_list, ("RegionId",), False),
    "DescribeRouteEntryList": Action(route_entry.describe_list, ("RegionId", "RouteTableId"), False),
    "CreateRouteEntry": Action(route_entry.create, ("RouteTableId", "DestinationCidrBlock"), True),
    "DeleteRouteEntry": Action(route_entry.delete, (), False),
    "ModifyRouteEntry": Action(route_entry.modify, ("RegionId",), False),
    "TagResourcesForExpressConnect": Action(tag_actions.tag, ("RegionId", "ResourceType"), False),
    "UntagResourcesForExpressConnect": Action(tag_actions.untag, ("RegionId", "ResourceType"), False),
    "ListTagResourcesForExpressConnect": Action(tag_actions.list_resources, ("RegionId", "ResourceType"), False),
    # [META] leaves ResourceType optional; [TEA] 7.2.2: "essentially required", MissingParameter without it.
    "DescribeTagKeysForExpressConnect": Action(tag_actions.describe_keys, ("RegionId", "ResourceType"), False),
    "CreateBgpGroup": Action(bgp_group.create, ("RegionId", "RouterId", "PeerAsn"), True),
    "ModifyBgpGroupAttribute": Action(bgp_group.modify, ("RegionId", "BgpGroupId"), True),
    "DeleteBgpGroup": Action(bgp_group.delete, ("RegionId", "BgpGroupId"), True),
    "DescribeBgpGroups": Action(bgp_group.describe, ("RegionId",), False),
    "CreateBgpPeer": Action(bgp_peer.create, ("RegionId", "BgpGroupId"), True),
    "ModifyBgpPeerAttribute": Action(bgp_peer.modify, ("RegionId", "BgpPeerId"), True),
    "DeleteBgpPeer": Action(bgp_peer.delete, ("RegionId", "BgpPeerId"), True),
    "DescribeBgpPeers": Action(bgp_peer.describe, ("RegionId",), False),
    "AddBgpNetwork": Action(bgp_network.create, ("RegionId", "RouterId", "DstCidrBlock"), True),
    "DeleteBgpNetwork": Action(bgp_network.delete, ("RegionId", "RouterId", "DstCidrBlock"), True),
    "DescribeBgpNetworks": Action(bgp_network.describe, ("RegionId",), False),
    "GrantInstanceToVbr": Action(grant.grant_to_vbr, (
        "RegionId", "InstanceId", "VbrOwnerUid", "VbrRegionNo", "GrantType"), False),
    "RevokeInstanceFromVbr": Action(grant.revoke_from_vbr, (
        "RegionId", "InstanceId", "VbrOwnerUid", "VbrRegionNo", "GrantType"), False),
    # [META] names no RegionId here: the grants are looked up by instance.
    "DescribeEcGrantRelation": Action(grant.describe, ("InstanceType", "InstanceId"), False),
}


def is_mutating(name):
    """Describe* and List* actions only read; every other name (an unknown one included) counts as a change."""
    return not (name or "").startswith(("Describe", "List"))

"""BGP test setup outside Ansible (real SDK requests to the emulator) and the shared steps of the BGP module tests."""

import uuid

from .emulator import REGION
from .fixture_ids import PC
from .sdk import sdk_call


def bgp_vbr(emulator, vlan_id):
    """An active VBR on PC with the peering subnet 10.1.x.0/28 (x = vlan_id % 250; local gateway .1, peer gateway .2,
    so .3 to .14 are other peer addresses); returns (vbr_id, peer_gateway_ip)."""
    prefix = "10.1.%d." % (vlan_id % 250)
    vbr_id = sdk_call(emulator, "CreateVirtualBorderRouter", RegionId=REGION, PhysicalConnectionId=PC, VlanId=vlan_id,
                      LocalGatewayIp=prefix + "1", PeerGatewayIp=prefix + "2",
                      PeeringSubnetMask="255.255.255.240")["VbrId"]
    return vbr_id, prefix + "2"


def create_group(emulator, vbr_id, name, peer_asn=65001, **params):
    """A BGP group made with CreateBgpGroup; returns its ID."""
    return sdk_call(emulator, "CreateBgpGroup", RegionId=REGION, ClientToken=str(uuid.uuid4()), RouterId=vbr_id,
                    Name=name, PeerAsn=peer_asn, **params)["BgpGroupId"]


def create_peer(emulator, group_id, peer_ip, **params):
    """A BGP peer made with CreateBgpPeer; returns its ID."""
    return sdk_call(emulator, "CreateBgpPeer", RegionId=REGION, ClientToken=str(uuid.uuid4()), BgpGroupId=group_id,
                    PeerIpAddress=peer_ip, **params)["BgpPeerId"]


def add_network(emulator, vbr_id, cidr, vpc_id=None):
    sdk_call(emulator, "AddBgpNetwork", RegionId=REGION, ClientToken=str(uuid.uuid4()), RouterId=vbr_id,
             DstCidrBlock=cidr, VpcId=vpc_id)


def groups(emulator):
    return emulator.state()["BgpGroups"]


def peers(emulator):
    return emulator.state()["BgpPeers"]


def networks(emulator):
    return emulator.state()["BgpNetworks"]


def sent(call):
    """The parameters of a call without the ones every call carries."""
    return {k: v for k, v in call["params"].items() if k not in ("ClientToken", "RegionId")}

"""BGP on a VBR through the real SDK: groups, peers and advertised networks, their rules, limits, statuses,
transitions, deletion order and session status; every answer checked against the Tea models (conftest's Api).

Built at latency scale 0 (instant) unless a test puts time in the world for the window it checks (`timed`).
"""

import re

import pytest
from alibabacloud_vpc20160428 import models

from conftest import GATEWAYS, PC_OTHER, VPC_ID, tea_round_trip
from support.emulator import REGION
from support.tea import tea_client
from support.wait import eventually

PEER_IP = GATEWAYS["PeerGatewayIp"]  # the VBR's peer gateway: a configured customer router answers there
WIDE = {"LocalGatewayIp": "10.9.0.1", "PeerGatewayIp": "10.9.0.2", "PeeringSubnetMask": "255.255.255.0"}
SCALE = 0.25  # creates and deletes of groups and peers 0.5 s, the session 0.75 s
# Windows that several calls must land in are stretched to 0.5 s (at SCALE), so a loaded machine still hits them.
STRETCHED = {"bgp_group_modify": 2.0, "bgp_peer_modify": 2.0, "bgp_network_create": 2.0, "bgp_network_delete": 2.0}
GROUP_TYPES = {"AuthKey": str, "BgpGroupId": str, "Description": str, "Hold": str, "IpVersion": str, "IsFake": str,
               "Keepalive": str, "LocalAsn": str, "Name": str, "PeerAsn": str, "RegionId": str, "RouteLimit": str,
               "RouterId": str, "Status": str}
PEER_TYPES = {"AdvertisedRouteCount": int, "AuthKey": str, "BfdMultiHop": int, "BgpGroupId": str, "BgpPeerId": str,
              "BgpStatus": str, "Description": str, "EnableBfd": bool, "GmtModified": str, "Hold": str,
              "IpVersion": str, "IsFake": bool, "Keepalive": str, "LocalAsn": str, "Name": str, "PeerAsn": str,
              "PeerIpAddress": str, "ReceivedRouteCount": int, "RegionId": str, "RouteLimit": str, "RouterId": str,
              "Status": str}
NETWORK_TYPES = {"DstCidrBlock": str, "RouterId": str, "Status": str, "VpcId": str}


@pytest.fixture
def timed(clean_emulator):
    def set_scale(scale=SCALE):
        clean_emulator.configure(latency_scale=scale, profile=STRETCHED)
    return set_scale


def types(item):
    return {key: type(value) for key, value in item.items()}


def group(api, vbr_id, peer_asn=65001, **extra):
    return api.call("CreateBgpGroup", RouterId=vbr_id, PeerAsn=peer_asn, **extra)["BgpGroupId"]


def peer(api, group_id, ip=PEER_IP, **extra):
    return api.call("CreateBgpPeer", BgpGroupId=group_id, PeerIpAddress=ip, **extra)["BgpPeerId"]


def describe_group(api, group_id):
    items = api.call("DescribeBgpGroups", BgpGroupId=group_id)["BgpGroups"]["BgpGroup"]
    return items[0] if items else None


def describe_peer(api, peer_id):
    items = api.call("DescribeBgpPeers", BgpPeerId=peer_id)["BgpPeers"]["BgpPeer"]
    return items[0] if items else None


def networks(api, vbr_id):
    found = api.call("DescribeBgpNetworks", RouterId=vbr_id, PageSize=50)["BgpNetworks"]["BgpNetwork"]
    return [(n["DstCidrBlock"], n["Status"]) for n in found]


def status(item):
    return item["Status"] if item else None


def transitions(emulator, resource_id):
    return [(t["Transition"], t["Seconds"]) for t in emulator.state()["Transitions"] if t["ResourceId"] == resource_id]


# Groups ------------------------------------------------------------------------------------------------------------
def test_group_fields_and_types(api):
    vbr_id = api.vbr()
    created = api.call("CreateBgpGroup", RouterId=vbr_id, PeerAsn=65001, LocalAsn=64512, AuthKey="!PWZ2wsq",
                       IsFakeAsn=True, RouteQuota=99, IpVersion="ipv4", Name="idc-bgp", Description="To the DC")
    group_id = created["BgpGroupId"]
    assert re.match(r"^bgpg-[a-z0-9]{22}$", group_id)
    item = describe_group(api, group_id)
    assert item == {"BgpGroupId": group_id, "RouterId": vbr_id, "Name": "idc-bgp", "Description": "To the DC",
                    "PeerAsn": "65001", "LocalAsn": "64512", "AuthKey": "!PWZ2wsq", "IsFake": "true",
                    "RouteLimit": "99", "IpVersion": "IPv4", "Hold": "30", "Keepalive": "10", "RegionId": REGION,
                    "Status": "Available"}
    assert types(item) == GROUP_TYPES
    defaults = describe_group(api, group(api, vbr_id, IpVersion="IPV4"))
    assert (defaults["LocalAsn"], defaults["IsFake"], defaults["RouteLimit"], defaults["AuthKey"], defaults["Name"],
            defaults["IpVersion"]) == ("45104", "false", "110", "", "", "IPv4")
    parsed = models.DescribeBgpGroupsResponseBody().from_map(api.call("DescribeBgpGroups", RouterId=vbr_id))
    assert [(g.bgp_group_id, g.is_fake, g.route_limit) for g in parsed.bgp_groups.bgp_group] == [
        (group_id, "true", "99"), (defaults["BgpGroupId"], "false", "110")]


def test_call_log_shows_that_a_key_was_sent_not_the_key(api, clean_emulator):
    vbr_id = api.vbr()
    group_id = group(api, vbr_id, AuthKey="!PWZ2wsq")
    api.call("ModifyBgpGroupAttribute", BgpGroupId=group_id, AuthKey="New-Key+0815")
    logged = [c for c in clean_emulator.calls() if c["action"] in ("CreateBgpGroup", "ModifyBgpGroupAttribute")]
    assert [c["params"]["AuthKey"] for c in logged] == ["********", "********"]
    assert "PWZ2wsq" not in str(clean_emulator.calls()) and "New-Key" not in str(clean_emulator.calls())


@pytest.mark.parametrize("asn", [45104, 64512, 65534, 4200000000, 4294967294])
def test_local_asn_accepted(api, asn):
    assert describe_group(api, group(api, api.vbr(), LocalAsn=asn))["LocalAsn"] == str(asn)


@pytest.mark.parametrize("asn", [65025, 64511, 65535, 4199999999, 4294967295, 1, 0, "abc"])
def test_local_asn_refused(api, asn):
    api.expect("InvalidLocalAsn.Malformed", 400, "CreateBgpGroup", RouterId=api.vbr(), PeerAsn=65001, LocalAsn=asn)


@pytest.mark.parametrize("asn", [1, 65025, 4294967295])
def test_peer_asn_accepted(api, asn):
    assert describe_group(api, group(api, api.vbr(), peer_asn=asn))["PeerAsn"] == str(asn)


def test_peer_asn_refused(api):
    vbr_id = api.vbr()
    error = api.expect("InvalidPeerAsn.Malformed", 400, "CreateBgpGroup", RouterId=vbr_id, PeerAsn=45104)
    assert error.get_error_msg() == "invalid peer asn cannot equals aliyun asn:45104"
    for asn in (0, 4294967296, -1, "x"):
        api.expect("InvalidPeerAsn.Malformed", 400, "CreateBgpGroup", RouterId=vbr_id, PeerAsn=asn)
    api.expect("MissingParameter", 400, "CreateBgpGroup", RouterId=vbr_id)


@pytest.mark.parametrize("field, value, code", [
    ("Name", "a", "InvalidBgpName.Malformed"), ("Name", "1abc", "InvalidBgpName.Malformed"),
    ("Name", "a" * 129, "InvalidBgpName.Malformed"), ("Name", "http://x", "InvalidBgpName.Malformed"),
    ("Name", "a b", "InvalidBgpName.Malformed"),
    ("Description", "a", "InvalidBgpDescription.Malformed"), ("Description", "1 to the DC",
                                                              "InvalidBgpDescription.Malformed"),
    ("Description", "a" * 257, "InvalidBgpDescription.Malformed"),
    ("Description", "https://dc", "InvalidBgpDescription.Malformed"),
    ("IpVersion", "IPv5", "InvalidParameter"), ("IpVersion", "IPv6", "InvalidParameter"),
    ("IpVersion", "ipv6", "InvalidParameter"), ("RouteQuota", 0, "InvalidParameter"),
    ("IsFakeAsn", "maybe", "InvalidParameter")])
def test_group_formats(api, field, value, code):
    vbr_id = api.vbr()
    api.expect(code, 400, "CreateBgpGroup", RouterId=vbr_id, PeerAsn=65001, **{field: value})
    gid = group(api, vbr_id)
    if field not in ("IpVersion",):
        api.expect(code, 400, "ModifyBgpGroupAttribute", BgpGroupId=gid, **{field: value})


def test_group_names_at_the_limits(api):
    vbr_id = api.vbr()
    item = describe_group(api, group(api, vbr_id, Name="a" + "1._-" * 31 + "abc", Description="D" + "x" * 255))
    assert (len(item["Name"]), len(item["Description"])) == (128, 256)
    assert describe_group(api, group(api, vbr_id, Name="ab", Description="Dc"))["Name"] == "ab"


def test_group_needs_an_active_vbr(api):
    api.expect("InvalidVbrId.NotFound", 404, "CreateBgpGroup", RouterId="vbr-missing", PeerAsn=65001)
    vbr_id = api.vbr()
    api.call("TerminateVirtualBorderRouter", VbrId=vbr_id)
    api.expect("InvalidVBRStatus", 400, "CreateBgpGroup", RouterId=vbr_id, PeerAsn=65001)
    other = api.vbr(vlan=11, VbrOwnerId="9999999999999999")  # another account's VBR: unconfirmed
    api.expect("InvalidVBRStatus", 400, "CreateBgpGroup", RouterId=other, PeerAsn=65001)


def test_modify_group(api):
    vbr_id = api.vbr()
    gid = group(api, vbr_id, AuthKey="secret-1", Name="before")
    api.call("ModifyBgpGroupAttribute", BgpGroupId=gid, PeerAsn=65002, LocalAsn=4200000000, IsFakeAsn=True,
             RouteQuota=50, Name="after", Description="Changed", AuthKey="secret-2")
    item = describe_group(api, gid)
    assert (item["PeerAsn"], item["LocalAsn"], item["IsFake"], item["RouteLimit"], item["Name"], item["Description"],
            item["AuthKey"]) == ("65002", "4200000000", "true", "50", "after", "Changed", "secret-2")
    api.call("ModifyBgpGroupAttribute", BgpGroupId=gid, ClearAuthKey=True)
    assert describe_group(api, gid)["AuthKey"] == ""
    api.expect("InvalidParameter", 400, "ModifyBgpGroupAttribute", BgpGroupId=gid, ClearAuthKey=True, AuthKey="x")
    api.call("ModifyBgpGroupAttribute", BgpGroupId=gid, Name="same", ClearAuthKey=False)  # nothing else changes
    assert describe_group(api, gid)["PeerAsn"] == "65002"
    api.expect("InvalidPeerAsn.Malformed", 400, "ModifyBgpGroupAttribute", BgpGroupId=gid, PeerAsn=45104)
    error = api.expect("InvalidBgpGroup", 400, "ModifyBgpGroupAttribute", BgpGroupId="bgpg-missing", Name="x1")
    assert error.get_error_msg() == "bgp group not exists"
    api.expect("InvalidBgpGroup", 400, "DeleteBgpGroup", BgpGroupId="bgpg-missing")
    api.expect("MissingParameter", 400, "ModifyBgpGroupAttribute", Name="x1")


def test_describe_groups_filters_and_paging(api):
    vbr_id, other = api.vbr(), api.vbr(vlan=11, pc=PC_OTHER)
    mine = [group(api, vbr_id, peer_asn=65000 + n) for n in range(12)]
    theirs = group(api, other)
    listed = api.call("DescribeBgpGroups")
    assert (listed["TotalCount"], listed["PageNumber"], listed["PageSize"]) == (13, 1, 10)
    seen = []
    for number in (1, 2, 3):
        page = api.call("DescribeBgpGroups", RouterId=vbr_id, PageNumber=number, PageSize=5)
        assert (page["TotalCount"], page["PageNumber"], page["PageSize"]) == (12, number, 5)
        seen += [g["BgpGroupId"] for g in page["BgpGroups"]["BgpGroup"]]
    assert seen == mine  # in creation order
    assert [g["BgpGroupId"] for g in api.call("DescribeBgpGroups", RouterId=other)["BgpGroups"]["BgpGroup"]] == [theirs]
    assert api.call("DescribeBgpGroups", BgpGroupId=theirs, RouterId=vbr_id)["TotalCount"] == 0
    for unknown in ({"BgpGroupId": "bgpg-missing"}, {"RouterId": "vbr-missing"}):
        found = api.call("DescribeBgpGroups", **unknown)
        assert (found["TotalCount"], found["BgpGroups"]) == (0, {"BgpGroup": []})
    assert api.call("DescribeBgpGroups", IsDefault=True)["TotalCount"] == 0
    assert api.call("DescribeBgpGroups", IsDefault=False)["TotalCount"] == 13
    assert api.call("DescribeBgpGroups", PageSize=50)["TotalCount"] == 13
    for bad in ({"PageSize": 51}, {"PageSize": 0}, {"PageNumber": 0}):
        api.expect("InvalidParameter", 400, "DescribeBgpGroups", **bad)
    assert api.call("DescribeBgpGroups", RegionId="cn-beijing")["TotalCount"] == 0  # groups are regional


def test_client_token_on_group_and_peer(api):
    vbr_id = api.vbr()
    gid = group(api, vbr_id, ClientToken="group-1")
    assert group(api, vbr_id, ClientToken="group-1") == gid
    api.expect("IdempotentParameterMismatch", 400, "CreateBgpGroup", RouterId=vbr_id, PeerAsn=65009,
               ClientToken="group-1")
    pid = peer(api, gid, ClientToken="peer-1")
    assert peer(api, gid, ClientToken="peer-1") == pid
    assert api.call("DescribeBgpGroups")["TotalCount"] == 1 and api.call("DescribeBgpPeers")["TotalCount"] == 1
    api.call("AddBgpNetwork", RouterId=vbr_id, DstCidrBlock="10.2.0.0/16", ClientToken="net-1")
    api.call("AddBgpNetwork", RouterId=vbr_id, DstCidrBlock="10.2.0.0/16", ClientToken="net-1")  # replay: no error
    assert networks(api, vbr_id) == [("10.2.0.0/16", "Available")]


# Peers -------------------------------------------------------------------------------------------------------------
def test_peer_fields_repeat_the_group(api):
    vbr_id = api.vbr()
    gid = group(api, vbr_id, LocalAsn=64600, AuthKey="k3y", IsFakeAsn=True, RouteQuota=80)
    created = api.call("CreateBgpPeer", BgpGroupId=gid, PeerIpAddress=PEER_IP, EnableBfd=True, BfdMultiHop=3,
                       IpVersion="ipv4")
    pid = created["BgpPeerId"]
    assert re.match(r"^bgp-[a-z0-9]{22}$", pid)
    item = describe_peer(api, pid)
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", item.pop("GmtModified"))
    assert item == {"BgpPeerId": pid, "BgpGroupId": gid, "RouterId": vbr_id, "PeerIpAddress": PEER_IP,
                    "EnableBfd": True, "BfdMultiHop": 3, "IpVersion": "IPv4", "Name": "", "Description": "",
                    "RegionId": REGION, "Status": "Available", "BgpStatus": "Established", "AuthKey": "k3y",
                    "LocalAsn": "64600", "PeerAsn": "65001", "Hold": "30", "Keepalive": "10", "IsFake": True,
                    "RouteLimit": "80", "AdvertisedRouteCount": 0, "ReceivedRouteCount": 0}
    assert types(describe_peer(api, pid)) == PEER_TYPES
    plain = describe_peer(api, peer(api, gid))
    assert (plain["EnableBfd"], plain["BfdMultiHop"], plain["IpVersion"]) == (False, 0, "IPv4")  # 0: BFD off
    assert describe_peer(api, peer(api, gid, EnableBfd=True))["BfdMultiHop"] == 255  # the documented default
    assert describe_peer(api, peer(api, gid, BfdMultiHop=7))["BfdMultiHop"] == 0  # kept, shown once BFD is on
    parsed = models.DescribeBgpPeersResponseBody().from_map(api.call("DescribeBgpPeers", BgpPeerId=pid))
    tea = parsed.bgp_peers.bgp_peer[0]
    assert (tea.enable_bfd, tea.is_fake, tea.bfd_multi_hop, tea.bgp_status, tea.advertised_route_count) == \
        (True, True, 3, "Established", 0)


def test_peer_ip_rules(api):
    vbr_id = api.vbr(**WIDE)
    gid = group(api, vbr_id)
    for bad in ("10.9.0.256", "banana", "10.9.0", "fe80::1"):
        error = api.expect("InvalidIP.Malformed", 400, "CreateBgpPeer", BgpGroupId=gid, PeerIpAddress=bad)
    for outside in ("10.9.1.2", "10.9.0.1", "10.9.0.0", "10.9.0.255", "192.168.0.2"):
        error = api.expect("InvalidPeerIpAddress", 400, "CreateBgpPeer", BgpGroupId=gid, PeerIpAddress=outside)
    assert "10.9.0.0/24" in error.get_error_msg()
    for ip in ("10.9.0.2", "10.9.0.254", "10.9.0.77"):
        assert describe_peer(api, peer(api, gid, ip=ip))["PeerIpAddress"] == ip
    assert describe_peer(api, api.call("CreateBgpPeer", BgpGroupId=gid)["BgpPeerId"])["PeerIpAddress"] == ""
    narrow = group(api, api.vbr(vlan=11))  # a /30: the peer gateway is the only host left
    api.expect("InvalidPeerIpAddress", 400, "CreateBgpPeer", BgpGroupId=narrow,
               PeerIpAddress=GATEWAYS["LocalGatewayIp"])
    peer(api, narrow)


def test_peer_other_rules(api):
    vbr_id = api.vbr()
    gid = group(api, vbr_id)
    for hop in (0, 256, "x"):
        api.expect("InvalidParameter", 400, "CreateBgpPeer", BgpGroupId=gid, PeerIpAddress=PEER_IP, EnableBfd=True,
                   BfdMultiHop=hop)
    for hop in (1, 255):
        peer(api, gid, EnableBfd=True, BfdMultiHop=hop)
    for version in ("IPv6", "ipv6", "v4"):
        api.expect("InvalidParameter", 400, "CreateBgpPeer", BgpGroupId=gid, PeerIpAddress=PEER_IP,
                   IpVersion=version)
    error = api.expect("InvalidBgpGroup", 400, "CreateBgpPeer", BgpGroupId="bgpg-missing", PeerIpAddress=PEER_IP)
    assert error.get_error_msg() == "bgp group not exists"
    api.expect("MissingParameter", 400, "CreateBgpPeer", PeerIpAddress=PEER_IP)
    api.call("TerminateVirtualBorderRouter", VbrId=vbr_id)
    api.expect("InvalidVBRStatus", 400, "CreateBgpPeer", BgpGroupId=gid, PeerIpAddress=PEER_IP)


def test_at_most_8_peers_per_vbr(api):
    vbr_id = api.vbr()
    first, second = group(api, vbr_id), group(api, vbr_id, peer_asn=65002)
    for n in range(8):
        peer(api, first if n % 2 else second)
    for gid in (first, second):
        error = api.expect("QuotaExceeded.Bgp", 400, "CreateBgpPeer", BgpGroupId=gid, PeerIpAddress=PEER_IP)
        assert error.get_error_msg() == "bgp peer count per vbr quota exceed."
    assert api.call("DescribeBgpPeers", RouterId=vbr_id, PageSize=50)["TotalCount"] == 8
    peer(api, group(api, api.vbr(vlan=11)))  # another VBR has its own eight
    one = api.call("DescribeBgpPeers", BgpGroupId=first)["BgpPeers"]["BgpPeer"][0]["BgpPeerId"]
    api.call("DeleteBgpPeer", BgpPeerId=one)
    peer(api, first)  # room again once one is gone


def test_session_established_only_at_the_peer_gateway(api):
    vbr_id = api.vbr(**WIDE)
    gid = group(api, vbr_id)
    for cidr in ("10.2.0.0/16", "10.3.0.0/16"):
        api.call("AddBgpNetwork", RouterId=vbr_id, DstCidrBlock=cidr, VpcId=VPC_ID)
    up, down = peer(api, gid, ip=WIDE["PeerGatewayIp"]), peer(api, gid, ip="10.9.0.9")
    seen = describe_peer(api, up)
    assert (seen["BgpStatus"], seen["AdvertisedRouteCount"], seen["ReceivedRouteCount"]) == ("Established", 2, 0)
    seen = describe_peer(api, down)
    assert (seen["BgpStatus"], seen["AdvertisedRouteCount"], seen["ReceivedRouteCount"]) == ("Idle", 0, 0)
    api.call("ModifyBgpPeerAttribute", BgpPeerId=down, PeerIpAddress=WIDE["PeerGatewayIp"])
    assert describe_peer(api, down)["BgpStatus"] == "Established"
    api.call("ModifyBgpPeerAttribute", BgpPeerId=up, PeerIpAddress="10.9.0.10")
    assert (describe_peer(api, up)["BgpStatus"], describe_peer(api, up)["AdvertisedRouteCount"]) == ("Idle", 0)
    api.call("DeleteBgpNetwork", RouterId=vbr_id, DstCidrBlock="10.3.0.0/16")
    assert describe_peer(api, down)["AdvertisedRouteCount"] == 1


def test_modify_peer(api):
    vbr_id = api.vbr(**WIDE)
    first, second = group(api, vbr_id), group(api, vbr_id, peer_asn=65002, AuthKey="second")
    elsewhere = group(api, api.vbr(vlan=11))
    pid = peer(api, first, ip=WIDE["PeerGatewayIp"])
    api.call("ModifyBgpPeerAttribute", BgpPeerId=pid, BgpGroupId=second, EnableBfd=True, BfdMultiHop=1,
             PeerIpAddress="10.9.0.3")
    item = describe_peer(api, pid)
    assert (item["BgpGroupId"], item["PeerAsn"], item["AuthKey"], item["EnableBfd"], item["BfdMultiHop"],
            item["PeerIpAddress"]) == (second, "65002", "second", True, 1, "10.9.0.3")
    api.call("ModifyBgpPeerAttribute", BgpPeerId=pid, BgpGroupId=second, EnableBfd=False)  # its own group: fine
    assert describe_peer(api, pid)["BfdMultiHop"] == 0
    error = api.expect("InvalidBgpGroup", 400, "ModifyBgpPeerAttribute", BgpPeerId=pid, BgpGroupId=elsewhere)
    assert elsewhere in error.get_error_msg()
    api.expect("InvalidBgpGroup", 400, "ModifyBgpPeerAttribute", BgpPeerId=pid, BgpGroupId="bgpg-missing")
    api.expect("InvalidPeerIpAddress", 400, "ModifyBgpPeerAttribute", BgpPeerId=pid, PeerIpAddress="10.9.0.1")
    api.expect("InvalidIP.Malformed", 400, "ModifyBgpPeerAttribute", BgpPeerId=pid, PeerIpAddress="10.9.0.300")
    api.expect("InvalidParameter", 400, "ModifyBgpPeerAttribute", BgpPeerId=pid, BfdMultiHop=256)
    for action in ("ModifyBgpPeerAttribute", "DeleteBgpPeer"):
        error = api.expect("InvalidBgpPeer", 400, action, BgpPeerId="bgp-missing")
        assert error.get_error_msg() == "bgp peer not exists"
    api.expect("MissingParameter", 400, "DeleteBgpPeer")


def test_describe_peers_filters_and_paging(api):
    vbr_id, other = api.vbr(), api.vbr(vlan=11, pc=PC_OTHER)
    first, second, theirs = group(api, vbr_id), group(api, vbr_id, peer_asn=65002), group(api, other)
    mine = [peer(api, first if n < 5 else second) for n in range(7)]
    their_peer = peer(api, theirs)
    assert api.call("DescribeBgpPeers")["TotalCount"] == 8
    seen = []
    for number in (1, 2, 3):
        page = api.call("DescribeBgpPeers", RouterId=vbr_id, PageNumber=number, PageSize=3)
        assert (page["TotalCount"], page["PageNumber"], page["PageSize"]) == (7, number, 3)
        seen += [p["BgpPeerId"] for p in page["BgpPeers"]["BgpPeer"]]
    assert seen == mine
    assert [p["BgpPeerId"] for p in api.call("DescribeBgpPeers", BgpGroupId=second)["BgpPeers"]["BgpPeer"]] == \
        mine[5:]
    assert [p["BgpPeerId"] for p in api.call("DescribeBgpPeers", RouterId=other)["BgpPeers"]["BgpPeer"]] == \
        [their_peer]
    for unknown in ({"BgpPeerId": "bgp-missing"}, {"BgpGroupId": "bgpg-missing"}, {"RouterId": "vbr-missing"},
                    {"BgpPeerId": their_peer, "RouterId": vbr_id}, {"IsDefault": True}):
        found = api.call("DescribeBgpPeers", **unknown)
        assert (found["TotalCount"], found["BgpPeers"]) == (0, {"BgpPeer": []})
    for bad in ({"PageSize": 51}, {"PageSize": 0}, {"PageNumber": 0}):
        api.expect("InvalidParameter", 400, "DescribeBgpPeers", **bad)


# Networks ----------------------------------------------------------------------------------------------------------
def test_networks(api):
    vbr_id = api.vbr()
    assert api.call("AddBgpNetwork", RouterId=vbr_id, DstCidrBlock="10.2.0.0/16", VpcId=VPC_ID).keys() == \
        {"RequestId"}
    api.call("AddBgpNetwork", RouterId=vbr_id, DstCidrBlock="192.168.1.7")  # a bare IP is a /32
    error = api.expect("InvalidParams.AlreadyExists", 400, "AddBgpNetwork", RouterId=vbr_id,
                       DstCidrBlock="10.2.0.0/16")
    assert error.get_error_msg() == "bgp network already exists"
    api.expect("InvalidParams.AlreadyExists", 400, "AddBgpNetwork", RouterId=vbr_id, DstCidrBlock="192.168.1.7/32")
    found = api.call("DescribeBgpNetworks", RouterId=vbr_id)
    assert (found["TotalCount"], found["PageNumber"], found["PageSize"]) == (2, 1, 10)
    assert found["BgpNetworks"]["BgpNetwork"] == [
        {"RouterId": vbr_id, "DstCidrBlock": "10.2.0.0/16", "VpcId": VPC_ID, "Status": "Available"},
        {"RouterId": vbr_id, "DstCidrBlock": "192.168.1.7/32", "VpcId": "", "Status": "Available"}]
    assert all(types(n) == NETWORK_TYPES for n in found["BgpNetworks"]["BgpNetwork"])
    other = api.vbr(vlan=11)
    api.call("AddBgpNetwork", RouterId=other, DstCidrBlock="10.2.0.0/16")  # unique per VBR only
    for cidr in ("10.2.0.1/16", "10.0.0.0/33", "banana"):
        api.expect("InvalidCidrBlock.Malformed", 400, "AddBgpNetwork", RouterId=vbr_id, DstCidrBlock=cidr)
    api.expect("InvalidParameter", 400, "AddBgpNetwork", RouterId=vbr_id, DstCidrBlock="2408:4000::/48")
    error = api.expect("InvalidParams.NotFound", 400, "AddBgpNetwork", RouterId=vbr_id, DstCidrBlock="10.5.0.0/16",
                       VpcId="vpc-missing")
    assert error.get_error_msg() == "vpc instance not found"
    api.expect("InvalidVbrId.NotFound", 404, "AddBgpNetwork", RouterId="vbr-missing", DstCidrBlock="10.5.0.0/16")
    api.expect("MissingParameter", 400, "AddBgpNetwork", RouterId=vbr_id)
    error = api.expect("InvalidVbrNetwork", 400, "DeleteBgpNetwork", RouterId=vbr_id, DstCidrBlock="10.5.0.0/16")
    assert error.get_error_msg() == "vbr netowrk not exists"
    api.expect("InvalidVbrId.NotFound", 404, "DeleteBgpNetwork", RouterId="vbr-missing", DstCidrBlock="10.2.0.0/16")
    api.call("DeleteBgpNetwork", RouterId=vbr_id, DstCidrBlock="192.168.1.7")
    assert networks(api, vbr_id) == [("10.2.0.0/16", "Available")]
    assert api.call("DescribeBgpNetworks", RouterId="vbr-missing")["BgpNetworks"] == {"BgpNetwork": []}
    api.call("TerminateVirtualBorderRouter", VbrId=vbr_id)
    api.expect("InvalidVBRStatus", 400, "AddBgpNetwork", RouterId=vbr_id, DstCidrBlock="10.5.0.0/16")


def test_describe_networks_paging(api):
    vbr_id = api.vbr()
    cidrs = ["10.%d.0.0/16" % n for n in range(12)]
    for cidr in cidrs:
        api.call("AddBgpNetwork", RouterId=vbr_id, DstCidrBlock=cidr)
    seen = []
    for number in (1, 2, 3):
        page = api.call("DescribeBgpNetworks", PageNumber=number, PageSize=5)
        assert (page["TotalCount"], page["PageNumber"], page["PageSize"]) == (12, number, 5)
        seen += [n["DstCidrBlock"] for n in page["BgpNetworks"]["BgpNetwork"]]
    assert seen == cidrs
    assert len(api.call("DescribeBgpNetworks", PageSize=50)["BgpNetworks"]["BgpNetwork"]) == 12
    for bad in ({"PageSize": 51}, {"PageNumber": 0}):
        api.expect("InvalidParameter", 400, "DescribeBgpNetworks", **bad)


# Deletion order ----------------------------------------------------------------------------------------------------
def test_deletion_order(api):
    vbr_id = api.vbr()
    gid = group(api, vbr_id)
    pids = [peer(api, gid), peer(api, gid)]
    api.call("AddBgpNetwork", RouterId=vbr_id, DstCidrBlock="10.2.0.0/16")
    error = api.expect("DependencyViolation.BgpPeer", 400, "DeleteBgpGroup", BgpGroupId=gid)
    assert all(pid in error.get_error_msg() for pid in pids)
    error = api.expect("DependencyViolation.BgpGroup", 400, "DeleteVirtualBorderRouter", VbrId=vbr_id)
    assert gid in error.get_error_msg()
    for pid in pids:
        api.call("DeleteBgpPeer", BgpPeerId=pid)
    api.call("DeleteBgpGroup", BgpGroupId=gid)  # the network does not hold the group up (the console's order)
    assert describe_group(api, gid) is None
    error = api.expect("DependencyViolation.BgpNetwork", 400, "DeleteVirtualBorderRouter", VbrId=vbr_id)
    assert "10.2.0.0/16" in error.get_error_msg()
    api.call("DeleteBgpNetwork", RouterId=vbr_id, DstCidrBlock="10.2.0.0/16")
    api.call("DeleteVirtualBorderRouter", VbrId=vbr_id)
    assert api.describe_vbr(vbr_id) is None


# Transitions -------------------------------------------------------------------------------------------------------
def test_group_transitions(api, clean_emulator, timed):
    vbr_id = api.vbr()
    timed()
    gid = group(api, vbr_id, Name="before")
    assert status(describe_group(api, gid)) == "Pending"  # listed at once
    for action, params in (("ModifyBgpGroupAttribute", {"Name": "x1"}), ("DeleteBgpGroup", {}),
                           ("CreateBgpPeer", {"PeerIpAddress": PEER_IP})):
        error = api.expect("InvalidStatus.CannotOperate", 400, action, BgpGroupId=gid, **params)
        assert error.get_error_msg() == "invalid status cannot operate"
    assert eventually(lambda: status(describe_group(api, gid)), "Available") == "Available"
    api.call("ModifyBgpGroupAttribute", BgpGroupId=gid, Name="after", PeerAsn=65002)
    seen = describe_group(api, gid)
    assert (seen["Status"], seen["Name"], seen["PeerAsn"]) == ("Modifying", "before", "65001")  # old values meanwhile
    for action, params in (("ModifyBgpGroupAttribute", {"Name": "x1"}), ("DeleteBgpGroup", {}),
                           ("CreateBgpPeer", {"PeerIpAddress": PEER_IP})):
        api.expect("InvalidStatus.CannotOperate", 400, action, BgpGroupId=gid, **params)
    assert eventually(lambda: status(describe_group(api, gid)), "Available") == "Available"
    assert (describe_group(api, gid)["Name"], describe_group(api, gid)["PeerAsn"]) == ("after", "65002")
    api.call("DeleteBgpGroup", BgpGroupId=gid)
    assert status(describe_group(api, gid)) == "Deleting"  # still listed
    api.expect("InvalidStatus.CannotOperate", 400, "DeleteBgpGroup", BgpGroupId=gid)
    error = api.expect("DependencyViolation.BgpGroup", 400, "DeleteVirtualBorderRouter", VbrId=vbr_id)
    assert gid in error.get_error_msg()  # a Deleting group still holds its VBR
    assert eventually(lambda: describe_group(api, gid), None) is None
    api.expect("InvalidBgpGroup", 400, "DeleteBgpGroup", BgpGroupId=gid)
    assert transitions(clean_emulator, gid) == [("bgp_group_create", 0.5), ("bgp_group_modify", 0.5),
                                                ("bgp_group_delete", 0.5)]


def test_peer_transitions_and_session(api, clean_emulator, timed):
    vbr_id = api.vbr()
    gid = group(api, vbr_id)
    api.call("AddBgpNetwork", RouterId=vbr_id, DstCidrBlock="10.2.0.0/16")
    timed()
    pid = peer(api, gid)
    seen = describe_peer(api, pid)
    assert (seen["Status"], seen["BgpStatus"], seen["AdvertisedRouteCount"]) == ("Pending", "Idle", 0)
    api.expect("InvalidStatus.CannotOperate", 400, "ModifyBgpPeerAttribute", BgpPeerId=pid, EnableBfd=True)
    api.expect("InvalidStatus.CannotOperate", 400, "DeleteBgpPeer", BgpPeerId=pid)
    api.expect("DependencyViolation.BgpPeer", 400, "DeleteBgpGroup", BgpGroupId=gid)  # a Pending peer counts
    assert eventually(lambda: status(describe_peer(api, pid)), "Available") == "Available"
    assert eventually(lambda: describe_peer(api, pid)["BgpStatus"], "Established") == "Established"
    assert describe_peer(api, pid)["AdvertisedRouteCount"] == 1
    api.call("ModifyBgpPeerAttribute", BgpPeerId=pid, EnableBfd=True)  # not the IP: the session stays up
    seen = describe_peer(api, pid)
    assert (seen["Status"], seen["BgpStatus"], seen["EnableBfd"]) == ("Modifying", "Established", False)
    api.expect("InvalidStatus.CannotOperate", 400, "ModifyBgpPeerAttribute", BgpPeerId=pid, EnableBfd=False)
    assert eventually(lambda: status(describe_peer(api, pid)), "Available") == "Available"
    assert describe_peer(api, pid)["EnableBfd"] is True
    api.call("ModifyBgpPeerAttribute", BgpPeerId=pid, PeerIpAddress=PEER_IP, EnableBfd=False)  # same IP: stays up
    assert describe_peer(api, pid)["BgpStatus"] == "Established"
    eventually(lambda: status(describe_peer(api, pid)), "Available")
    api.call("DeleteBgpPeer", BgpPeerId=pid)
    seen = describe_peer(api, pid)
    assert (seen["Status"], seen["BgpStatus"], seen["AdvertisedRouteCount"]) == ("Deleting", "Idle", 0)
    api.expect("DependencyViolation.BgpPeer", 400, "DeleteBgpGroup", BgpGroupId=gid)  # and a Deleting one
    assert eventually(lambda: describe_peer(api, pid), None) is None
    api.call("DeleteBgpGroup", BgpGroupId=gid)
    assert transitions(clean_emulator, pid) == [
        ("bgp_peer_create", 0.5), ("bgp_session", 0.75), ("bgp_peer_modify", 0.5), ("bgp_peer_modify", 0.5),
        ("bgp_peer_delete", 0.5)]


def test_new_peer_ip_restarts_the_session(api, timed):
    vbr_id = api.vbr(**WIDE)
    gid = group(api, vbr_id)
    pid = peer(api, gid, ip="10.9.0.5")
    assert describe_peer(api, pid)["BgpStatus"] == "Idle"  # nobody answers there
    timed()
    api.call("ModifyBgpPeerAttribute", BgpPeerId=pid, PeerIpAddress=WIDE["PeerGatewayIp"])
    seen = describe_peer(api, pid)
    assert (seen["Status"], seen["PeerIpAddress"], seen["BgpStatus"]) == ("Modifying", "10.9.0.5", "Idle")
    assert eventually(lambda: status(describe_peer(api, pid)), "Available") == "Available"
    assert describe_peer(api, pid)["BgpStatus"] == "Idle"  # the session has not settled yet
    assert eventually(lambda: describe_peer(api, pid)["BgpStatus"], "Established") == "Established"
    api.call("ModifyBgpPeerAttribute", BgpPeerId=pid, PeerIpAddress="10.9.0.6")
    assert describe_peer(api, pid)["BgpStatus"] == "Idle"  # reset at once
    eventually(lambda: status(describe_peer(api, pid)), "Available")
    assert describe_peer(api, pid)["BgpStatus"] == "Idle"


def test_group_change_restarts_its_sessions(api, timed):
    vbr_id = api.vbr()
    gid = group(api, vbr_id, AuthKey="old")
    pid = peer(api, gid)
    assert describe_peer(api, pid)["BgpStatus"] == "Established"
    timed()
    api.call("ModifyBgpGroupAttribute", BgpGroupId=gid, Name="renamed")  # no session setting: stays up
    assert describe_peer(api, pid)["BgpStatus"] == "Established"
    eventually(lambda: status(describe_group(api, gid)), "Available")
    api.call("ModifyBgpGroupAttribute", BgpGroupId=gid, AuthKey="new")
    assert (describe_peer(api, pid)["AuthKey"], describe_peer(api, pid)["BgpStatus"]) == ("old", "Idle")
    eventually(lambda: status(describe_group(api, gid)), "Available")
    assert describe_peer(api, pid)["AuthKey"] == "new"
    assert eventually(lambda: describe_peer(api, pid)["BgpStatus"], "Established") == "Established"


def test_network_transitions(api, clean_emulator, timed):
    vbr_id = api.vbr()
    gid = group(api, vbr_id)
    pid = peer(api, gid)
    timed()
    api.call("AddBgpNetwork", RouterId=vbr_id, DstCidrBlock="10.2.0.0/16")
    assert networks(api, vbr_id) == [("10.2.0.0/16", "Pending")]
    assert describe_peer(api, pid)["AdvertisedRouteCount"] == 0  # only Available networks are advertised
    api.expect("InvalidStatus.CannotOperate", 400, "DeleteBgpNetwork", RouterId=vbr_id, DstCidrBlock="10.2.0.0/16")
    api.expect("InvalidParams.AlreadyExists", 400, "AddBgpNetwork", RouterId=vbr_id, DstCidrBlock="10.2.0.0/16")
    assert eventually(lambda: networks(api, vbr_id), [("10.2.0.0/16", "Available")]) == [("10.2.0.0/16",
                                                                                          "Available")]
    assert describe_peer(api, pid)["AdvertisedRouteCount"] == 1
    api.call("DeleteBgpNetwork", RouterId=vbr_id, DstCidrBlock="10.2.0.0/16")
    assert networks(api, vbr_id) == [("10.2.0.0/16", "Deleting")]
    assert describe_peer(api, pid)["AdvertisedRouteCount"] == 0
    api.expect("InvalidParams.AlreadyExists", 400, "AddBgpNetwork", RouterId=vbr_id, DstCidrBlock="10.2.0.0/16")
    api.expect("InvalidStatus.CannotOperate", 400, "DeleteBgpNetwork", RouterId=vbr_id, DstCidrBlock="10.2.0.0/16")
    assert eventually(lambda: networks(api, vbr_id), []) == []
    assert transitions(clean_emulator, vbr_id + ":10.2.0.0/16") == [("bgp_network_create", 0.5),
                                                                    ("bgp_network_delete", 0.5)]


def test_profile_keys(clean_emulator):
    profile = clean_emulator._admin("profile")["profile"]
    assert {key: profile[key] for key in profile if key.startswith("bgp_")} == {
        "bgp_group_create": 2.0, "bgp_group_modify": 1.0, "bgp_group_delete": 2.0, "bgp_peer_create": 2.0,
        "bgp_peer_modify": 1.0, "bgp_peer_delete": 2.0, "bgp_session": 3.0, "bgp_network_create": 1.0,
        "bgp_network_delete": 1.0}


# State dump, reset, call log, Tea client ---------------------------------------------------------------------------
def test_state_dump_reset_and_call_log(api, clean_emulator):
    vbr_id = api.vbr()
    gid = group(api, vbr_id, AuthKey="k")
    pid = peer(api, gid)
    api.call("AddBgpNetwork", RouterId=vbr_id, DstCidrBlock="10.2.0.0/16")
    state = clean_emulator.state()
    assert state["BgpGroups"] == [describe_group(api, gid)]
    dumped = state["BgpPeers"][0]
    assert dumped.pop("GmtModified") and {k: v for k, v in describe_peer(api, pid).items() if k != "GmtModified"} == \
        dumped
    assert state["BgpNetworks"] == api.call("DescribeBgpNetworks")["BgpNetworks"]["BgpNetwork"]
    mutating = {c["action"]: c["mutating"] for c in clean_emulator.calls()}
    assert mutating["CreateBgpGroup"] and mutating["CreateBgpPeer"] and mutating["AddBgpNetwork"]
    assert not (mutating["DescribeBgpGroups"] or mutating["DescribeBgpPeers"] or mutating["DescribeBgpNetworks"])
    clean_emulator.reset()
    state = clean_emulator.state()
    assert state["BgpGroups"] == state["BgpPeers"] == state["BgpNetworks"] == []
    assert api.call("DescribeBgpGroups")["TotalCount"] == 0


def test_every_answer_round_trips_through_tea(api):
    """conftest's Api.call compares each answer's field names with the Tea model; here the values survive too."""
    vbr_id = api.vbr()
    answers = {"CreateBgpGroup": api.call("CreateBgpGroup", RouterId=vbr_id, PeerAsn=65001, AuthKey="k")}
    gid = answers["CreateBgpGroup"]["BgpGroupId"]
    answers["ModifyBgpGroupAttribute"] = api.call("ModifyBgpGroupAttribute", BgpGroupId=gid, Name="renamed")
    answers["CreateBgpPeer"] = api.call("CreateBgpPeer", BgpGroupId=gid, PeerIpAddress=PEER_IP)
    pid = answers["CreateBgpPeer"]["BgpPeerId"]
    answers["ModifyBgpPeerAttribute"] = api.call("ModifyBgpPeerAttribute", BgpPeerId=pid, EnableBfd=True)
    answers["AddBgpNetwork"] = api.call("AddBgpNetwork", RouterId=vbr_id, DstCidrBlock="10.2.0.0/16")
    for action in ("DescribeBgpGroups", "DescribeBgpPeers", "DescribeBgpNetworks"):
        answers[action] = api.call(action)
    answers["DeleteBgpNetwork"] = api.call("DeleteBgpNetwork", RouterId=vbr_id, DstCidrBlock="10.2.0.0/16")
    answers["DeleteBgpPeer"] = api.call("DeleteBgpPeer", BgpPeerId=pid)
    answers["DeleteBgpGroup"] = api.call("DeleteBgpGroup", BgpGroupId=gid)
    assert len(answers) == 11
    for action, body in answers.items():
        assert tea_round_trip(action, body) == body, action


def test_tea_client_creates_and_describes_bgp(clean_emulator):
    client = tea_client(clean_emulator)
    vbr_id = client.create_virtual_border_router(models.CreateVirtualBorderRouterRequest(
        region_id=REGION, physical_connection_id="pc-emu0001", vlan_id=40, local_gateway_ip=GATEWAYS["LocalGatewayIp"],
        peer_gateway_ip=PEER_IP, peering_subnet_mask=GATEWAYS["PeeringSubnetMask"])).body.vbr_id
    gid = client.create_bgp_group(models.CreateBgpGroupRequest(
        region_id=REGION, router_id=vbr_id, peer_asn=65001, local_asn=64512, auth_key="k3y", is_fake_asn=False,
        ip_version="IPv4", name="tea-group")).body.bgp_group_id
    pid = client.create_bgp_peer(models.CreateBgpPeerRequest(
        region_id=REGION, bgp_group_id=gid, peer_ip_address=PEER_IP, enable_bfd=True, bfd_multi_hop=2)).body.bgp_peer_id
    client.add_bgp_network(models.AddBgpNetworkRequest(region_id=REGION, router_id=vbr_id, dst_cidr_block="10.2.0.0/16",
                                                       vpc_id=VPC_ID))
    groups = client.describe_bgp_groups(models.DescribeBgpGroupsRequest(region_id=REGION, router_id=vbr_id)).body
    assert (groups.total_count, groups.bgp_groups.bgp_group[0].name, groups.bgp_groups.bgp_group[0].local_asn) == \
        (1, "tea-group", "64512")
    peers = client.describe_bgp_peers(models.DescribeBgpPeersRequest(region_id=REGION, bgp_peer_id=pid)).body
    item = peers.bgp_peers.bgp_peer[0]
    assert (item.bgp_group_id, item.enable_bfd, item.bfd_multi_hop, item.is_fake, item.bgp_status,
            item.advertised_route_count) == (gid, True, 2, False, "Established", 1)
    nets = client.describe_bgp_networks(models.DescribeBgpNetworksRequest(region_id=REGION, router_id=vbr_id)).body
    assert [(n.dst_cidr_block, n.vpc_id, n.status) for n in nets.bgp_networks.bgp_network] == [
        ("10.2.0.0/16", VPC_ID, "Available")]
    assert {c["signature"] for c in clean_emulator.calls()} == {"v3"}

"""BGP peers in a BGP group: create, modify, delete, describe, and the session status a peer shows."""

import ipaddress

from . import bgp_group, validate
from .errors import bad_request, invalid_param
from .params import paginate
from .store import iso

MAX_PER_VBR = 8
DEFAULT_BFD_HOP = 255  # "change the default 255 to 1 for direct links" [META/TEA]
SESSION_UP = ("Available", "Modifying")  # a peer being deleted has no session


def find(ctx, peer_id):
    peer = ctx.lookup(ctx.store.bgp_peers, peer_id)
    if peer is None:
        raise bad_request("InvalidBgpPeer", "bgp peer not exists")  # [UNCONFIRMED] code, as for groups
    return peer


def _peer_ip(p):
    if p.has("PeerIpAddress"):
        validate.ipv4(p.get("PeerIpAddress"), "InvalidIP.Malformed")
    return p.get("PeerIpAddress")


def _check_in_peering_subnet(router, address):
    """[UNCONFIRMED] stricter reading: a host of the VBR's peering subnet, and not the VBR's own gateway IP."""
    subnet = ipaddress.IPv4Network("%s/%d" % (router["LocalGatewayIp"],
                                              validate.mask_prefix(router["PeeringSubnetMask"])), strict=False)
    ip = ipaddress.IPv4Address(address)
    if ip not in subnet or ip in (subnet.network_address, subnet.broadcast_address) or \
            address == router["LocalGatewayIp"]:
        raise bad_request("InvalidPeerIpAddress", "The peer IP address %s must be a host of the VBR's peering subnet "
                                                  "%s other than its local gateway IP %s."
                          % (address, subnet, router["LocalGatewayIp"]))


def _bfd_hop(p):
    hop = p.int("BfdMultiHop")
    if hop is not None and not 1 <= hop <= 255:
        raise invalid_param("BfdMultiHop", "must be from 1 to 255")  # [UNCONFIRMED] code
    return hop


def create(ctx, p):
    group_id = p.required("BgpGroupId")
    address, hop, bfd = _peer_ip(p), _bfd_hop(p), p.bool("EnableBfd")
    version = bgp_group.ip_version(p)
    group = bgp_group.find(ctx, group_id)
    bgp_group.require_available(group)
    router = bgp_group.active_vbr(ctx, group["RouterId"])
    bgp_group.check_ip_version(router, version)
    if address is not None:
        _check_in_peering_subnet(router, address)
    store, now = ctx.store, ctx.now
    if sum(1 for peer in store.bgp_peers.values() if peer["RouterId"] == router["VbrId"]) >= MAX_PER_VBR:
        raise bad_request("QuotaExceeded.Bgp", "bgp peer count per vbr quota exceed.")
    peer_id = store.new_id("bgp")
    peer = ctx.new_record(
        BgpPeerId=peer_id, BgpGroupId=group_id, RouterId=router["VbrId"],
        PeerIpAddress=address or "", EnableBfd=bfd, IpVersion=version, Name="", Description="",
        GmtModified=iso(now), RegionId=ctx.region, Status="Pending", _bfd_hop=hop)
    store.bgp_peers[peer_id] = peer
    ready = store.start(peer, "Pending", "bgp_peer_create", "Available", now)
    peer["_session_at"] = store.draw(peer_id, "bgp_session", ready)  # drawn now, counted from Available
    return {"BgpPeerId": peer_id}


def _target_group(ctx, p, peer):
    """A peer may move to another Available group of its own VBR only."""
    if not p.has("BgpGroupId") or p.get("BgpGroupId") == peer["BgpGroupId"]:
        return None
    group = bgp_group.find(ctx, p.get("BgpGroupId"))
    if group["RouterId"] != peer["RouterId"]:
        raise bad_request("InvalidBgpGroup", "The BGP group %s is not on the peer's VBR %s."  # [UNCONFIRMED] code
                          % (group["BgpGroupId"], peer["RouterId"]))
    bgp_group.require_available(group)
    return group["BgpGroupId"]


def modify(ctx, p):
    """Modifying for a while, then Available with the new values; a new peer IP starts the session over."""
    peer = find(ctx, p.required("BgpPeerId"))
    address, hop = _peer_ip(p), _bfd_hop(p)
    p.bool("EnableBfd")
    target = _target_group(ctx, p, peer)
    if address is not None:
        _check_in_peering_subnet(ctx.store.vbrs[peer["RouterId"]], address)
    bgp_group.require_available(peer)
    changes = {"GmtModified": iso(ctx.now)}
    if target is not None:
        changes["BgpGroupId"] = target
    if address is not None:
        changes["PeerIpAddress"] = address
    if p.has("EnableBfd"):
        changes["EnableBfd"] = p.bool("EnableBfd")
    if hop is not None:
        changes["_bfd_hop"] = hop
    until = ctx.store.start(peer, "Modifying", "bgp_peer_modify", "Available", ctx.now, apply=changes)
    if address is not None and address != peer["PeerIpAddress"]:
        peer["_session_at"] = ctx.store.draw(peer["BgpPeerId"], "bgp_session", until)  # Idle from now on
    return {}


def delete(ctx, p):
    peer = find(ctx, p.required("BgpPeerId"))
    bgp_group.require_available(peer)
    ctx.store.start(peer, "Deleting", "bgp_peer_delete", None, ctx.now)
    return {}


def session(store, peer, now):
    """Established once the session has settled, if the peer IP is the VBR's peer gateway IP (a stand-in for a
    customer router configured to answer there); Idle otherwise."""
    router = store.vbrs.get(peer["RouterId"])
    up = peer["Status"] in SESSION_UP and now >= peer["_session_at"] and router is not None and \
        peer["PeerIpAddress"] == router["PeerGatewayIp"]
    return "Established" if up else "Idle"


def render(store, peer, now):
    """The peer's own fields, the group's session settings repeated, the session and its route counts."""
    group = store.bgp_groups[peer["BgpGroupId"]]
    status = session(store, peer, now)
    advertised = sum(1 for n in store.bgp_networks.values()
                     if n["RouterId"] == peer["RouterId"] and n["Status"] == "Available")
    item = {k: v for k, v in peer.items() if not k.startswith("_")}
    item.update(
        AuthKey=group["AuthKey"], LocalAsn=group["LocalAsn"], PeerAsn=group["PeerAsn"], Hold=group["Hold"],
        Keepalive=group["Keepalive"], IsFake=group["IsFake"] == "true", RouteLimit=group["RouteLimit"],
        BfdMultiHop=(peer["_bfd_hop"] or DEFAULT_BFD_HOP) if peer["EnableBfd"] else 0, BgpStatus=status,
        AdvertisedRouteCount=advertised if status == "Established" else 0, ReceivedRouteCount=0)
    return item


def describe(ctx, p):
    number, size = p.page()
    wanted = {"BgpGroupId": p.get("BgpGroupId"), "BgpPeerId": p.get("BgpPeerId"), "RouterId": p.get("RouterId")}
    found = [peer for peer in ctx.owned(ctx.store.bgp_peers)
             if ctx.store.visible(peer, ctx.now) and all(v is None or peer[k] == v for k, v in wanted.items())]
    if bgp_group.defaults_only(p):
        found = []
    items = [render(ctx.store, peer, ctx.now) for peer in paginate(found, number, size)]
    return {"PageNumber": number, "PageSize": size, "TotalCount": len(found), "BgpPeers": {"BgpPeer": items}}

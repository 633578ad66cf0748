"""BGP groups on a VBR: create, modify, delete, describe; and the rules BGP peers and networks share with them."""

from . import validate, vbr
from .errors import bad_request, invalid_param
from .params import paginate

ALIYUN_ASN = 45104
LOCAL_ASNS = ((ALIYUN_ASN, ALIYUN_ASN), (64512, 65534), (4200000000, 4294967294))
RESERVED_ASN = 65025
MAX_ASN = 4294967295
DEFAULT_ROUTE_QUOTA = 110
HOLD, KEEPALIVE = "30", "10"  # seconds, as in the reference's examples; not settable through the API
SESSION_FIELDS = ("PeerAsn", "LocalAsn", "AuthKey", "IsFake")  # a change restarts the group's BGP sessions


def cannot_operate():
    return bad_request("InvalidStatus.CannotOperate", "invalid status cannot operate")


def require_available(record):
    """Every create, modify and delete waits for its object (or the group it goes into) to be Available."""
    if record["Status"] != "Available":
        raise cannot_operate()


def active_vbr(ctx, vbr_id):
    """The VBR a BGP object is created on: known (404 InvalidVbrId.NotFound) and active, as for its interfaces."""
    router = vbr.find(ctx, vbr_id)
    if router["Status"] != "active":
        raise bad_request("InvalidVBRStatus", "The specified VBR is not active.")
    return router


def ip_version(p):
    """IPv4 (default) or IPv6 in any case, echoed in the documented spelling."""
    value = p.get("IpVersion", "IPv4")
    canonical = {"ipv4": "IPv4", "ipv6": "IPv6"}.get(value.lower())
    if canonical is None:
        raise invalid_param("IpVersion", "must be IPv4 or IPv6")
    return canonical


def check_ip_version(router, version):
    # IPv6 BGP needs a VBR with IPv6 enabled; the emulator's VBRs have no IPv6 peering, so it is never possible.
    if version == "IPv6":
        raise invalid_param("IpVersion", "IPv6 is supported only on a VBR with IPv6 enabled; IPv6 BGP is not "
                                         "emulated")


def find(ctx, group_id):
    group = ctx.lookup(ctx.store.bgp_groups, group_id)
    if group is None:
        raise bad_request("InvalidBgpGroup", "bgp group not exists")
    return group


def _bad_peer_asn(message="The specified PeerAsn must be from 1 to %d." % MAX_ASN):
    return bad_request("InvalidPeerAsn.Malformed", message)


def _peer_asn(p):
    asn = p.int("PeerAsn", error=_bad_peer_asn())
    if asn == ALIYUN_ASN:
        raise _bad_peer_asn("invalid peer asn cannot equals aliyun asn:45104")
    if asn is not None and not 1 <= asn <= MAX_ASN:
        raise _bad_peer_asn()
    return asn


def _local_asn(p):
    error = bad_request("InvalidLocalAsn.Malformed",  # [UNCONFIRMED] code
                        "The LocalAsn must be 45104, 64512 to 65534 or 4200000000 to 4294967294, and not 65025.")
    asn = p.int("LocalAsn", error=error)
    if asn is not None and (asn == RESERVED_ASN or not any(low <= asn <= high for low, high in LOCAL_ASNS)):
        raise error
    return asn


def _route_quota(p):
    quota = p.int("RouteQuota")
    if quota is not None and quota < 1:
        raise invalid_param("RouteQuota", "must be 1 or greater")  # [UNCONFIRMED] range
    return quota


def _check_common(p):
    """The rules Create and Modify share: META's stricter name and description formats, ASNs, the quota."""
    validate.name(p.get("Name"), code="InvalidBgpName.Malformed")
    validate.description(p.get("Description"), code="InvalidBgpDescription.Malformed")
    return _peer_asn(p), _local_asn(p), _route_quota(p)


def create(ctx, p):
    router_id = p.required("RouterId")
    peer_asn, local_asn, quota = _check_common(p)
    is_fake = p.bool("IsFakeAsn")
    version = ip_version(p)
    router = active_vbr(ctx, router_id)
    check_ip_version(router, version)
    store, now = ctx.store, ctx.now
    group_id = store.new_id("bgpg")
    # Listed from the call on, Pending until its create takes effect. Numbers are strings, as the Tea model says.
    group = ctx.new_record(
        BgpGroupId=group_id, RouterId=router_id, Name=p.get("Name", ""),
        Description=p.get("Description", ""), PeerAsn=str(peer_asn), LocalAsn=str(local_asn or ALIYUN_ASN),
        AuthKey=p.get("AuthKey", ""), IsFake=str(is_fake).lower(), RouteLimit=str(quota or DEFAULT_ROUTE_QUOTA),
        IpVersion=version, Hold=HOLD, Keepalive=KEEPALIVE, RegionId=ctx.region, Status="Pending")
    store.bgp_groups[group_id] = group
    store.start(group, "Pending", "bgp_group_create", "Available", now)
    return {"BgpGroupId": group_id}


def _changes(p):
    peer_asn, local_asn, quota = _check_common(p)
    if p.bool("ClearAuthKey") and p.has("AuthKey"):
        raise invalid_param("ClearAuthKey", "cannot be true when AuthKey is given")  # [UNCONFIRMED]
    changes = {name: p.get(name) for name in ("Name", "Description", "AuthKey") if p.has(name)}
    for name, value in (("PeerAsn", peer_asn), ("LocalAsn", local_asn), ("RouteLimit", quota)):
        if value is not None:
            changes[name] = str(value)
    if p.has("IsFakeAsn"):
        changes["IsFake"] = str(p.bool("IsFakeAsn")).lower()
    if p.bool("ClearAuthKey"):
        changes["AuthKey"] = ""
    return changes  # no IpVersion or RouterId: the API has no such parameters


def modify(ctx, p):
    """Modifying for a while, then Available; Describe shows the new values (also in the peers) only then."""
    group = find(ctx, p.required("BgpGroupId"))
    changes = _changes(p)
    require_available(group)
    until = ctx.store.start(group, "Modifying", "bgp_group_modify", "Available", ctx.now, apply=changes)
    if any(changes.get(name, group[name]) != group[name] for name in SESSION_FIELDS):
        for peer in peers_of(ctx.store, group["BgpGroupId"]):  # new ASNs or key: the sessions start over
            peer["_session_at"] = ctx.store.draw(peer["BgpPeerId"], "bgp_session", until)
    return {}


def peers_of(store, group_id):
    """The group's peers, any status, and peers being moved into it by a modify."""
    return [peer for peer in store.bgp_peers.values()
            if group_id in (peer["BgpGroupId"], peer.get("_apply", {}).get("BgpGroupId"))]


def delete(ctx, p):
    group = find(ctx, p.required("BgpGroupId"))
    require_available(group)  # [TEA 7.2.2]: poll until Available, then delete
    peers = peers_of(ctx.store, group["BgpGroupId"])
    if peers:
        raise bad_request("DependencyViolation.BgpPeer", "The specified BGP group still has BGP peers: %s."
                          % ", ".join(peer["BgpPeerId"] for peer in peers))
    ctx.store.start(group, "Deleting", "bgp_group_delete", None, ctx.now)
    return {}


def render(group):
    return {k: v for k, v in group.items() if not k.startswith("_")}


def defaults_only(p):
    """IsDefault=true: [UNCONFIRMED] meaning; no group made through the API is a default one, so it lists none."""
    return p.bool("IsDefault")


def describe(ctx, p):
    number, size = p.page()
    wanted = {"RouterId": p.get("RouterId"), "BgpGroupId": p.get("BgpGroupId")}
    found = [g for g in ctx.owned(ctx.store.bgp_groups)
             if ctx.store.visible(g, ctx.now) and all(v is None or g[k] == v for k, v in wanted.items())]
    if defaults_only(p):
        found = []
    return {"PageNumber": number, "PageSize": size, "TotalCount": len(found),
            "BgpGroups": {"BgpGroup": [render(g) for g in paginate(found, number, size)]}}

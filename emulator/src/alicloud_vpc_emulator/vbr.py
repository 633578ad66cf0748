"""Virtual border routers: create, describe, modify, terminate, recover, delete."""

from . import tags, validate
from .errors import bad_request, missing, not_found
from .params import paginate
from .store import iso

FILTER_KEYS = ("PhysicalConnectionId", "VbrId", "Status", "Name", "AccessPointId", "eccId", "type")
DELETABLE = ("unconfirmed", "active", "terminated")
ASSOCIATION_FIELDS = ("CircuitCode", "EnableIpv6", "LocalGatewayIp", "LocalIpv6GatewayIp", "PeerGatewayIp",
                      "PeerIpv6GatewayIp", "PeeringIpv6SubnetMask", "PeeringSubnetMask",
                      "PhysicalConnectionBusinessStatus", "PhysicalConnectionId", "PhysicalConnectionOwnerUid",
                      "PhysicalConnectionStatus", "Status", "VlanId", "VlanInterfaceId")
# Fields the Tea model (7.2.2) names for features the emulator does not model (Express Cloud Connect, an Express
# Connect Router, CloudBox, the per-VBR billing of a hosted connection): the empty value of a VBR without them.
# [UNCONFIRMED]: no fact says whether the cloud omits them or returns "" then; "" is how it answers for the other
# fields that do not apply (TerminationTime, the IPv6 addresses).
UNMODELLED_FIELDS = {"CloudBoxInstanceId": "", "EccId": "", "EcrAttatchStatus": "", "EcrId": "", "EcrOwnerId": "",
                     "PConnVbrChargeType": "", "PConnVbrExpireTime": ""}
BANDWIDTHS = (50, 100, 200, 300, 400, 500, 1000, 2048, 5120, 8192, 10240, 20480, 40960, 50120, 61440, 102400)


def _vlan(p):
    vlan = p.int("VlanId", error=_bad_vlan())
    if vlan is not None and not 0 <= vlan <= 2999:
        raise _bad_vlan()
    return vlan


def _bad_vlan():
    return bad_request("InvalidVlanId.Malformed", "The specified VlanId is malformed. Valid values: 0 to 2999.")


def _check_vlan_free(ctx, pc_id, vlan, own_id=None):
    # A VBR keeps its VLAN until it is gone (terminated ones reserve it too).
    for vbr in ctx.store.vbrs.values():
        if vbr["PhysicalConnectionId"] == pc_id and vbr["VlanId"] == vlan and vbr["VbrId"] != own_id:
            raise bad_request("InvalidVlanId.Used", "The specified VlanId has been used.")


def _check_gateways(local, peer, mask):
    validate.ipv4(local, "InvalidLocalGatewayIp.Malformed")
    validate.ipv4(peer, "InvalidPeerGatewayIp.Malformed")
    validate.same_subnet(local, peer, validate.mask_prefix(mask))


def _check_common(p):
    validate.name(p.get("Name"))
    validate.description(p.get("Description"))
    if p.has("CircuitCode") and len(p.get("CircuitCode")) > 128:
        raise bad_request("InvalidCircuitCode.Malformed", "The specified CircuitCode is malformed.")
    bandwidth = p.int("Bandwidth")
    if bandwidth is not None and bandwidth not in BANDWIDTHS:
        raise bad_request("InvalidBandwidth.Malformed", "The specified Bandwidth is not supported.")  # [UNCONFIRMED]


def find(ctx, vbr_id, http_status=404):
    """A VBR whose create has taken effect; before that it is not found, as on the cloud."""
    vbr = ctx.lookup(ctx.store.vbrs, vbr_id)
    if vbr is None:
        error = not_found("InvalidVbrId.NotFound", "VbrId")
        error.http_status = http_status
        raise error
    return vbr


def create(ctx, p):
    pc_id = p.required("PhysicalConnectionId")
    vlan = _vlan(p)
    own = p.get("VbrOwnerId", ctx.account) == ctx.account
    gateways = [p.get(name) for name in ("LocalGatewayIp", "PeerGatewayIp", "PeeringSubnetMask")]
    if own:
        for name, value in zip(("LocalGatewayIp", "PeerGatewayIp", "PeeringSubnetMask"), gateways):
            if value is None:
                raise missing(name)
    if all(gateways):
        _check_gateways(*gateways)
    _check_common(p)
    bound = tags.parse(p, "Tags")
    pc = ctx.lookup(ctx.store.pcs, pc_id)
    if pc is None:
        raise bad_request("InvalidPhysicalConnectionId.NotFound", "The specified PhysicalConnectionId does not exist.")
    if pc["Status"] != "Enabled":
        raise bad_request("InvalidPhysicalConnectionId.NotEnabled", "The specified physical connection is not enabled.")
    _check_vlan_free(ctx, pc_id, vlan)
    store, now = ctx.store, ctx.now
    vbr_id = store.new_id("vbr")
    ready_at = store.draw(vbr_id, "vbr_create", now)  # neither listed nor found by id until then
    vbr = ctx.new_record(
        ready_at, VbrId=vbr_id, Name=p.get("Name", ""), Description=p.get("Description", ""),
        Status="active" if own else "unconfirmed", CreationTime=iso(now), ActivationTime=iso(now) if own else "",
        TerminationTime="", RecoveryTime="", VlanId=vlan, VlanInterfaceId=store.new_id("ri"),
        RouteTableId=store.new_id("vtb"), AccessPointId=pc["AccessPointId"], CircuitCode=p.get("CircuitCode", ""),
        LocalGatewayIp=gateways[0] or "", PeerGatewayIp=gateways[1] or "", PeeringSubnetMask=gateways[2] or "",
        PhysicalConnectionId=pc_id, PhysicalConnectionOwnerUid=pc["_owner"],
        PhysicalConnectionStatus=pc["Status"], PhysicalConnectionBusinessStatus="Normal",
        DetectMultiplier=3, MinRxInterval=300, MinTxInterval=300, Mtu=1500, EnableIpv6=p.bool("EnableIpv6"),
        LocalIpv6GatewayIp=p.get("LocalIpv6GatewayIp", ""), PeerIpv6GatewayIp=p.get("PeerIpv6GatewayIp", ""),
        PeeringIpv6SubnetMask=p.get("PeeringIpv6SubnetMask", ""), Type="pconnVBR",
        ResourceGroupId=p.get("ResourceGroupId", ""), Bandwidth=p.int("Bandwidth", 0), SitelinkEnable=False,
        Tags=bound)  # bound with the create: a resource carries its tags from its first moment
    store.vbrs[vbr_id] = vbr
    store.tables[vbr["RouteTableId"]] = ctx.new_record(  # the table appears with its VBR
        ready_at, RouteTableId=vbr["RouteTableId"], RouteTableType="System", RouteTableName="",
        Description="", RouterId=vbr_id, RouterType="VBR", VpcId="", VSwitchIds=[], CreationTime=iso(now),
        ResourceGroupId="", Status="Available")
    return {"VbrId": vbr_id}


def render(vbr):
    item = {k: v for k, v in vbr.items() if not k.startswith("_") and k != "Tags"}
    item.update(UNMODELLED_FIELDS)
    item["Tags"] = {"Tags": [dict(tag) for tag in vbr["Tags"]]}
    item["AssociatedPhysicalConnections"] = {"AssociatedPhysicalConnection": [_association(vbr)]}
    item["AssociatedCens"] = {"AssociatedCen": []}
    return item


def _association(vbr):
    """The VBR's own physical connection, with exactly the fields the Tea model names (VlanId is a string there)."""
    item = {name: vbr[name] for name in ASSOCIATION_FIELDS}
    item["VlanId"] = str(vbr["VlanId"])
    return item


def _matches(vbr, filters):
    fields = {"type": "Type", "eccId": "EccId"}
    return all(str(vbr.get(fields.get(key, key), "")) in values for key, values in filters.items())


def describe(ctx, p):
    filters = p.filters(FILTER_KEYS)
    wanted = tags.wanted(p, "Tags")
    number, size = p.page()
    found = [v for v in ctx.owned(ctx.store.vbrs)
             if ctx.store.visible(v, ctx.now) and _matches(v, filters)
             and tags.matches(v["Tags"], wanted)]
    return {"PageNumber": number, "PageSize": size, "TotalCount": len(found),
            "VirtualBorderRouterSet": {"VirtualBorderRouterType": [render(v) for v in paginate(found, number, size)]}}


def modify(ctx, p):
    vbr = find(ctx, p.required("VbrId"), http_status=400)
    vlan = _vlan(p)
    _check_common(p)
    if vbr["Status"] not in ("active", "unconfirmed"):
        raise _bad_state()
    merged = [p.get(n, vbr[n]) for n in ("LocalGatewayIp", "PeerGatewayIp", "PeeringSubnetMask")]
    if any(p.has(n) for n in ("LocalGatewayIp", "PeerGatewayIp", "PeeringSubnetMask")):
        _check_gateways(*merged)
    if vlan is not None:
        _check_vlan_free(ctx, vbr["PhysicalConnectionId"], vlan, vbr["VbrId"])
    for name, low, high in (("DetectMultiplier", 3, 10), ("MinRxInterval", 200, 1000), ("MinTxInterval", 200, 1000)):
        value = p.int(name)
        if value is not None and not low <= value <= high:
            raise bad_request("InvalidParameter", "%s must be from %d to %d." % (name, low, high))  # [UNCONFIRMED]
    mtu = p.int("Mtu")
    if mtu is not None and mtu not in (1500, 8500):
        raise bad_request("InvalidParameter", "Mtu must be 1500 or 8500.")  # [UNCONFIRMED]
    for name in ("Name", "Description", "CircuitCode", "LocalGatewayIp", "PeerGatewayIp", "PeeringSubnetMask",
                 "LocalIpv6GatewayIp", "PeerIpv6GatewayIp", "PeeringIpv6SubnetMask"):
        if p.has(name):
            vbr[name] = p.get(name)
    for name in ("VlanId", "DetectMultiplier", "MinRxInterval", "MinTxInterval", "Mtu", "Bandwidth"):
        if p.has(name):
            vbr[name] = p.int(name)
    for name in ("EnableIpv6", "SitelinkEnable"):
        if p.has(name):
            vbr[name] = p.bool(name)
    return {}


def _bad_state():
    return bad_request("InvalidOperation.OperationNotAllowedInState",
                       "The specified VirutalBorderRouter is in invalid state.")


def terminate(ctx, p):
    vbr = find(ctx, p.required("VbrId"))
    if vbr["Status"] != "active":
        raise _bad_state()
    ctx.store.start(vbr, "terminating", "vbr_terminate", "terminated", ctx.now)
    vbr["TerminationTime"] = iso(ctx.now)
    return {}


def recover(ctx, p):
    vbr = find(ctx, p.required("VbrId"))
    if vbr["Status"] != "terminated":
        raise _bad_state()
    if ctx.store.pcs[vbr["PhysicalConnectionId"]]["Status"] != "Enabled":
        raise bad_request("InvalidPhysicalConnectionId.NotEnabled", "The specified physical connection is not enabled.")
    ctx.store.start(vbr, "recovering", "vbr_recover", "active", ctx.now)
    vbr["RecoveryTime"] = iso(ctx.now)
    return {}


def delete(ctx, p):
    vbr = find(ctx, p.required("VbrId"))
    if any(ri["RouterId"] == vbr["VbrId"] for ri in ctx.store.ris.values()):
        raise bad_request("InvalidOperation.RouterInterfaceNotDeleted",
                          "The router interfaces of the specified VirtualBorderRouter must be deleted first.")
    if ctx.now < ctx.store.vbr_tails.get(vbr["VbrId"], 0):
        # terraform-provider-alicloud PR #9889: the parent still sees its interface a while after it is gone.
        raise bad_request("DependencyViolation.RouterInterface",
                          "The specified VirtualBorderRouter still has a router interface dependency.")
    _check_no_bgp(ctx, vbr["VbrId"])
    if vbr["Status"] not in DELETABLE:
        raise _bad_state()
    ctx.store.start(vbr, "deleting", "vbr_delete", None, ctx.now)
    return {}


def _check_no_bgp(ctx, vbr_id):
    """BGP groups (any status) go before their VBR ([TF] retries on the code); networks too, [UNCONFIRMED]."""
    groups = [g["BgpGroupId"] for g in ctx.store.bgp_groups.values() if g["RouterId"] == vbr_id]
    if groups:
        raise bad_request("DependencyViolation.BgpGroup",
                          "The specified VirtualBorderRouter still has BGP groups: %s." % ", ".join(groups))
    networks = [n["DstCidrBlock"] for n in ctx.store.bgp_networks.values() if n["RouterId"] == vbr_id]
    if networks:
        raise bad_request("DependencyViolation.BgpNetwork",
                          "The specified VirtualBorderRouter still advertises BGP networks: %s." % ", ".join(networks))

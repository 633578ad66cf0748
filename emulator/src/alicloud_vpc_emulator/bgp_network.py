"""BGP networks: the CIDR blocks a VBR advertises to the data centre, keyed by (RouterId, DstCidrBlock)."""

from . import bgp_group, validate, vbr
from .errors import bad_request, invalid_param
from .params import paginate
from .store import record_id


def _cidr(p):
    network = validate.cidr(p.required("DstCidrBlock"))
    if network.version == 6:
        raise invalid_param("DstCidrBlock", "is IPv6; the emulator's VBRs have no IPv6")  # [UNCONFIRMED]
    return str(network)


def _key(router_id, cidr):
    return record_id({"RouterId": router_id, "DstCidrBlock": cidr})


def _check_vpc(ctx, vpc_id):
    if ctx.lookup(ctx.store.vpcs, vpc_id) is None:
        raise bad_request("InvalidParams.NotFound", "vpc instance not found")


def create(ctx, p):
    router_id, cidr = p.required("RouterId"), _cidr(p)
    router = bgp_group.active_vbr(ctx, router_id)
    if p.has("VpcId"):
        _check_vpc(ctx, p.get("VpcId"))
    key = _key(router["VbrId"], cidr)
    if key in ctx.store.bgp_networks:  # Deleting ones included: it exists until it is gone
        raise bad_request("InvalidParams.AlreadyExists", "bgp network already exists")
    network = ctx.new_record(RouterId=router_id, DstCidrBlock=cidr,
                             VpcId=p.get("VpcId", ""), Status="Pending")
    ctx.store.bgp_networks[key] = network
    ctx.store.start(network, "Pending", "bgp_network_create", "Available", ctx.now)
    return {}


def delete(ctx, p):
    router_id, cidr = p.required("RouterId"), _cidr(p)
    vbr.find(ctx, router_id)
    network = ctx.lookup(ctx.store.bgp_networks, _key(router_id, cidr))
    if network is None:
        raise bad_request("InvalidVbrNetwork", "vbr netowrk not exists")  # the API's own spelling
    bgp_group.require_available(network)
    ctx.store.start(network, "Deleting", "bgp_network_delete", None, ctx.now)
    return {}


def render(network):
    return {k: v for k, v in network.items() if not k.startswith("_")}


def describe(ctx, p):
    number, size = p.page()
    router_id = p.get("RouterId")
    found = [n for n in ctx.owned(ctx.store.bgp_networks)
             if ctx.store.visible(n, ctx.now) and router_id in (None, n["RouterId"])]
    return {"PageNumber": number, "PageSize": size, "TotalCount": len(found),
            "BgpNetworks": {"BgpNetwork": [render(n) for n in paginate(found, number, size)]}}

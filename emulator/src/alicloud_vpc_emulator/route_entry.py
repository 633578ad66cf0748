"""Route entries: create, delete, list (token pagination) and their rendering inside DescribeRouteTables."""

import ipaddress
import time

from . import health, validate
from .errors import ApiError, bad_request, invalid_param, missing, not_found
from .params import token_page

NEXT_HOP_TYPES = ("Instance", "HaVip", "RouterInterface", "NetworkInterface", "VpnGateway", "IPv6Gateway",
                  "NatGateway", "Attachment", "VpcPeer", "Ipv4Gateway", "GatewayEndpoint", "Ecr")
BUSY = ("Pending", "Modifying", "Deleting")
WEIGHTS = range(0, 256)  # an ECMP next hop's weight: equal = ECMP, the highest = active, lower = standby
MAX_CUSTOM = 48
SHARED_RANGE = ipaddress.ip_network("100.64.0.0/10")


def _table(ctx, table_id):
    table = ctx.lookup(ctx.store.tables, table_id)  # a new VBR's table: with the VBR
    if table is None:
        raise not_found("InvalidRouteTableId.NotFound", "RouteTableId")
    return table


def _entries(ctx, table_id):
    return [e for e in ctx.owned(ctx.store.entries) if e["RouteTableId"] == table_id]


def _router_entries(ctx, router_id):
    tables = {tid for tid, t in ctx.store.tables.items() if t["RouterId"] == router_id}
    return [e for e in ctx.store.entries.values() if e["RouteTableId"] in tables]


def _router_task(ctx, table, entry=None):
    """Route creates and deletes are serialised per router (VPC vRouter or VBR), not per table.

    Within `route_task` of the last accepted one: TaskConflict; then, while any entry of the router is not
    stable (or the entry to delete is not Available): IncorrectRouteEntryStatus. Called after validation.
    """
    router_id = table["RouterId"]
    if ctx.now < ctx.store.route_tasks.get(router_id, 0):
        raise bad_request("TaskConflict", "The operation is too frequent, please wait a moment and try again.")
    if (entry is not None and entry["Status"] != "Available") or \
            any(e["Status"] in BUSY for e in _router_entries(ctx, router_id)):
        raise bad_request("IncorrectRouteEntryStatus", "VBR has NotStable route entry." if table["RouterType"] == "VBR"
                          else "The vpc has NotStable routeEntry status.")


def _accept_task(ctx, table):
    ctx.store.route_tasks[table["RouterId"]] = ctx.store.draw(table["RouterId"], "route_task", ctx.now)


def _dry_run(p):
    if p.bool("DryRun"):
        raise bad_request("DryRunOperation", "Request validation has been passed with DryRun flag set.")


def _destination(ctx, table, value):
    network = validate.cidr(value)
    if network.version == 4 and network.subnet_of(SHARED_RANGE):
        raise bad_request("InvalidCidrBlock.Malformed",
                          "The destination CIDR block cannot be 100.64.0.0/10 or a subset of it.")
    if table["RouterType"] == "VRouter":
        vpc = ctx.store.vrouters[table["RouterId"]]
        for cidr in map(ipaddress.ip_network, vpc["VSwitchCidrs"]):
            if network.version == cidr.version and network != cidr and network.subnet_of(cidr):
                raise bad_request("InvalidCidrBlock.Malformed",
                                  "The destination CIDR block overlaps the vSwitch CIDR block %s." % cidr)
    return str(network)


def _next_hops(p, table):
    hop_id, hop_list = p.get("NextHopId"), p.repeat("NextHopList")
    if hop_id is None and not hop_list:
        raise bad_request("InvalidNexthopTypeAndList.BothNull", "NextHopId and NextHopList cannot both be empty.")
    if hop_list and (hop_id is not None or p.has("NextHopType")):
        raise bad_request("InvalidNexthopTypeAndList.BothNotNull",
                          "NextHopType/NextHopId and NextHopList cannot both be set.")
    if hop_id is not None:
        hops = [{"NextHopId": hop_id, "NextHopType": p.get("NextHopType", "Instance"), "Weight": 0}]
    else:
        hops = _ecmp_hops(table, hop_list)
    for hop in hops:
        _check_hop_type(table, hop)
    return hops


def _check_hop_type(table, hop):
    if hop["NextHopType"] not in NEXT_HOP_TYPES or (table["RouterType"] == "VBR"
                                                    and hop["NextHopType"] != "RouterInterface"):
        raise bad_request("InvalidNextHopType", "The specified NextHopType is not supported here.")


def _ecmp_hops(table, hop_list):
    """`NextHopList.N.{NextHopId,NextHopType,Weight}` (reference §1.2, rules T3, T4, T6, T7)."""
    if table["RouterType"] == "VBR":
        raise bad_request("InvalidNextHopType", "NextHopList is not supported in a VBR route table.")
    if not 2 <= len(hop_list) <= 4:
        raise bad_request("InvalidNexthopListSize", "The size of NextHopList must be between 2 and 4.")
    if any(h.get("NextHopType") != "RouterInterface" for h in hop_list):
        raise bad_request("InvalidNextHopType", "ECMP next hops must be router interfaces.")
    if len({h.get("NextHopId") for h in hop_list}) < len(hop_list):
        raise invalid_param("NextHopList", "names a next hop twice")  # [UNCONFIRMED] code
    return [{"NextHopId": h.get("NextHopId", ""), "NextHopType": "RouterInterface", "Weight": _weight(h.get("Weight"))}
            for h in hop_list]


def _weight(value):
    """An integer in WEIGHTS, required on every item ([UNCONFIRMED] range, our choice: reference §1.2, §5)."""
    try:
        weight = int(value)
    except (TypeError, ValueError):
        weight = None
    if weight not in WEIGHTS:
        raise bad_request("INVALID_WEIGHT_PARAM", "Specified value of weight invalid")
    return weight


def _is_vlan_interface(ctx, table, hop):
    """A VBR's own VLAN interface (its VlanInterfaceId, toward the data centre) is a next hop on its own table only;
    named on any other table it is not found, like any unknown interface. It has no status to check."""
    return table["RouterType"] == "VBR" and hop["NextHopType"] == "RouterInterface" and \
        hop["NextHopId"] == ctx.store.vbrs[table["RouterId"]]["VlanInterfaceId"]


def _check_hop_targets(ctx, table, hops):
    """Only router interfaces (and a VBR's VLAN interface) exist in the emulator; one must sit on the table's own
    router, and an ECMP member must face a VBR (T4, T5)."""
    for hop in hops:
        if hop["NextHopType"] == "Instance":
            raise not_found("InvalidInstanId.NotFound", "instance")  # the API's own spelling
        if _is_vlan_interface(ctx, table, hop):
            continue
        ri = ctx.lookup(ctx.store.ris, hop["NextHopId"]) if hop["NextHopType"] == "RouterInterface" else None
        if ri is None:
            raise not_found("InvalidNextHopId.NotFound", "NextHopId")
        if ri["RouterId"] != table["RouterId"]:
            raise bad_request("InvalidRouterInterface",
                              "The router interface %s does not belong to the router of the route table."
                              % ri["RouterInterfaceId"])
        if len(hops) > 1 and ri["OppositeRouterType"] != "VBR":
            raise bad_request("InvalidOppositeRouterType",
                              "The opposite router of an ECMP next hop must be a VBR: %s." % ri["RouterInterfaceId"])
        _check_hop_connected(ri)


def _check_hop_connected(ri):
    """A route may point only at a connected (Active) interface; the code depends on what the interface faces."""
    if ri["Status"] == "Active":
        return
    if ri["OppositeRouterType"] == "VBR":
        raise bad_request("OperationDenied.VbrIdle",
                          "The operation is not allowed because the next hop of the added routing entry is a VBR "
                          "type RI at the opposite end, which cannot be in an idle state.")
    raise bad_request("IncorrectStatus.RouterInterface", "The specified RouterInterface status is invalid.")


def _check_vbr(ctx, table):
    if table["RouterType"] != "VBR":
        return
    vbr = ctx.store.vbrs[table["RouterId"]]
    if vbr["Status"] != "active":
        raise bad_request("InvalidVBRStatus", "The VBR of the route table is not active.")
    if ctx.store.pcs[vbr["PhysicalConnectionId"]]["Status"] != "Enabled":
        raise bad_request("InvalidPhysicalConnectionBusinessStatus", "The physical connection is not enabled.")


def create(ctx, p):
    table = _table(ctx, p.required("RouteTableId"))
    destination = _destination(ctx, table, p.required("DestinationCidrBlock"))
    hops = _next_hops(p, table)
    _check_name_and_description(p)
    existing = _entries(ctx, table["RouteTableId"])
    if any(e["DestinationCidrBlock"] == destination for e in existing):
        raise _duplicate(table)
    if sum(1 for e in existing if e["Type"] == "Custom") >= MAX_CUSTOM:
        raise bad_request("QuotaExceeded", "Route entry quota exceeded in this route table.")
    _check_hop_targets(ctx, table, hops)
    _check_vbr(ctx, table)
    _router_task(ctx, table)
    _dry_run(p)
    entry = ctx.store.new_entry(table, destination, hops, "Custom", ctx.now, p.get("RouteEntryName", ""),
                                p.get("Description", ""))
    ctx.store.start(entry, "Pending", "route_entry_create", "Available", ctx.now)
    _accept_task(ctx, table)
    return {"RouteEntryId": entry["RouteEntryId"]}


def _check_name_and_description(p):
    if p.has("RouteEntryName") and (len(p.get("RouteEntryName")) > 128
                                    or p.get("RouteEntryName").startswith(("http://", "https://"))):
        raise bad_request("InvalidRouteEntryName.Malformed", "The RouteEntryName is malformed.")  # [UNCONFIRMED]
    validate.description(p.get("Description"), minimum=1)


def _duplicate(table):
    # [TF] TestAccAliCloudRouteEntry_stateGapRecoveryVbr: a VBR table answers Duplicated.VpcNextHop.
    if table["RouterType"] == "VBR":
        return bad_request("Duplicated.VpcNextHop",  # [UNCONFIRMED] message
                           "A route entry with the specified destination already exists in the VBR route table.")
    return bad_request("InvalidCIDRBlock.Duplicate", "Specified CIDR block is already exists.")


def _find(ctx, p, hop_ids=frozenset()):
    """The entry named by RouteEntryId, or by RouteTableId + DestinationCidrBlock (+ exactly its next-hop ids)."""
    if p.has("RouteEntryId"):
        entry = ctx.lookup(ctx.store.entries, p.get("RouteEntryId"))
        if entry is None or \
                (p.has("RouteTableId") and entry["RouteTableId"] != p.get("RouteTableId")):
            raise _entry_not_found()
        return entry
    table = _table(ctx, p.required("RouteTableId"))
    if not p.has("DestinationCidrBlock"):
        raise missing("DestinationCidrBlock")
    destination = str(validate.cidr(p.get("DestinationCidrBlock")))
    for entry in _entries(ctx, table["RouteTableId"]):
        if entry["DestinationCidrBlock"] == destination and \
                (not hop_ids or hop_ids == {h["NextHopId"] for h in entry["_next_hops"]}):
            return entry
    raise _entry_not_found()


def _entry_not_found():
    return ApiError(400, "InvalidRouteEntry.NotFound", "The specified route entry does not exist.")


def delete(ctx, p):
    # An ECMP entry by its whole NextHopList (no weights); one member alone does not name it.
    hop_ids = {h.get("NextHopId") for h in p.repeat("NextHopList")} or ({p.get("NextHopId")} - {None})
    entry = _find(ctx, p, hop_ids)
    if entry["Type"] == "System":
        raise bad_request("OperationDenied", "A system route entry cannot be deleted.")
    table = ctx.store.tables[entry["RouteTableId"]]
    _router_task(ctx, table, entry)  # never refused for the next hop's status
    _dry_run(p)
    ctx.store.start(entry, "Deleting", "route_entry_delete", None, ctx.now)
    _accept_task(ctx, table)
    return {}


def modify(ctx, p):
    """ModifyRouteEntry: name and description, and a plain route's next hop (NewNextHopId / NewNextHopType).

    No parameter changes an ECMP entry's members or weights (T9): those are delete and create again.
    """
    entry = _find(ctx, p)
    if entry["Type"] == "System":
        raise bad_request("OperationDenied", "A system route entry cannot be modified.")  # [UNCONFIRMED]
    _check_name_and_description(p)
    changes = {name: p.get(name) for name in ("RouteEntryName", "Description") if p.has(name)}
    table = ctx.store.tables[entry["RouteTableId"]]
    new_hop = p.has("NewNextHopId") or p.has("NewNextHopType")
    if new_hop:
        if len(entry["_next_hops"]) > 1:
            raise invalid_param("NewNextHopId", "cannot change an ECMP route entry's next hops: delete it and create "
                                                "it again")  # [UNCONFIRMED] code
        hop = {"NextHopId": p.required("NewNextHopId"), "NextHopType": p.get("NewNextHopType", entry["NextHopType"]),
               "Weight": 0}
        _check_hop_type(table, hop)
        _check_hop_targets(ctx, table, [hop])
        _router_task(ctx, table, entry)
    elif entry["Status"] != "Available":
        raise bad_request("IncorrectRouteEntryStatus", "The route entry is not Available.")
    _dry_run(p)
    entry.update(changes, _modified=ctx.now)
    if new_hop:
        entry.update(NextHopType=hop["NextHopType"], InstanceId=hop["NextHopId"], _next_hops=[hop])
        _accept_task(ctx, table)
    return {}


def _hop_info(ctx, hop):
    ri = ctx.store.ris.get(hop["NextHopId"])
    return {"InstanceId": ri["OppositeRouterId"] if ri else "",
            "InstanceType": {"VRouter": "VPC", "VBR": "VBR"}.get(ri["OppositeRouterType"], "") if ri else "",
            "RegionId": ri["OppositeRegionId"] if ri else ""}


def render_in_table(ctx, table_id):
    """Entry shape inside DescribeRouteTables; NextHops lists ECMP hops only."""
    return [{
        "RouteEntryId": e["RouteEntryId"], "RouteEntryName": e["RouteEntryName"], "RouteTableId": e["RouteTableId"],
        "DestinationCidrBlock": e["DestinationCidrBlock"], "Type": e["Type"], "Status": e["Status"],
        "NextHopType": e["NextHopType"], "InstanceId": e["InstanceId"], "Description": e["Description"],
        "NextHops": {"NextHop": [{"NextHopType": h["NextHopType"], "NextHopId": h["NextHopId"],
                                  "Enabled": health.hop_enabled(ctx.store, e, h), "Weight": h["Weight"]}
                                 for h in e["_next_hops"]] if len(e["_next_hops"]) > 1 else []},
    } for e in _entries(ctx, table_id) if ctx.store.visible(e, ctx.now)]


def render(ctx, e):
    """Entry shape of DescribeRouteEntryList (and the admin state dump)."""
    return {
        "RouteEntryId": e["RouteEntryId"], "RouteEntryName": e["RouteEntryName"], "RouteTableId": e["RouteTableId"],
        "DestinationCidrBlock": e["DestinationCidrBlock"], "IpVersion": e["IpVersion"], "Type": e["Type"],
        "Status": e["Status"], "Description": e["Description"],
        "GmtModified": time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime(e["_modified"])),  # the model's format
        "Origin": "", "ServiceType": "",  # route origins and service routes are not modelled
        "NextHops": {"NextHop": [{"NextHopType": h["NextHopType"], "NextHopId": h["NextHopId"],
                                  "NextHopRegionId": e["_region"], "Enabled": health.hop_enabled(ctx.store, e, h),
                                  "Weight": h["Weight"], "NextHopRelatedInfo": _hop_info(ctx, h)}
                                 for h in e["_next_hops"]]},
    }


def _list_filter(p):
    """Predicate built from the documented request filters."""
    destinations = [p.get("DestinationCidrBlock")] if p.has("DestinationCidrBlock") else []
    destinations = {str(validate.cidr(d)) for d in destinations + p.repeat("DestCidrBlockList")}
    exact = {"RouteEntryId": p.get("RouteEntryId"), "RouteEntryName": p.get("RouteEntryName"),
             "Type": p.get("RouteEntryType"), "IpVersion": p.get("IpVersion")}

    def keep(e):
        hops = e["_next_hops"]
        return (all(v is None or e[k] == v for k, v in exact.items())
                and (not destinations or e["DestinationCidrBlock"] in destinations)
                and (not p.has("NextHopId") or any(h["NextHopId"] == p.get("NextHopId") for h in hops))
                and (not p.has("NextHopType") or any(h["NextHopType"] == p.get("NextHopType") for h in hops))
                and not p.has("ServiceType"))  # no entry here carries a ServiceType
    return keep


def describe_list(ctx, p):
    table = _table(ctx, p.required("RouteTableId"))
    offset, limit = p.token_window("MaxResult", 10)
    keep = _list_filter(p)
    found = [e for e in _entries(ctx, table["RouteTableId"]) if ctx.store.visible(e, ctx.now) and keep(e)]
    page, token = token_page(found, offset, limit)
    return {"NextToken": token, "RouteEntrys": {"RouteEntry": [render(ctx, e) for e in page]}}

"""Route tables (read-only here: VPC tables come from fixtures, VBR tables are made with their VBR)."""

from .errors import bad_request
from .params import paginate
from .route_entry import render_in_table

ROUTER_TYPES = ("VRouter", "VBR")


def _router_type(ctx, p, router_id):
    """RouterType defaults to VRouter only for a bare listing; a given table or router id selects its own type.

    [UNCONFIRMED]: the doc's default would hide VBR tables from the tutorial's lookup by RouteTableId alone.
    """
    router_type = p.get("RouterType")
    if router_type is not None and router_type not in ROUTER_TYPES:
        raise bad_request("InvalidRouterType.ValueNotSupported", "The specified RouterType is not supported.")
    if router_type is None and not (router_id or p.has("RouteTableId")):
        return "VRouter"
    return router_type


def _select(ctx, p, router_id, router_type, type_key):
    tables = ctx.owned(ctx.store.tables)
    wanted = {"RouteTableId": p.get("RouteTableId"), "RouterId": router_id, "RouterType": router_type,
              "RouteTableName": p.get("RouteTableName"), "RouteTableType": p.get(type_key),
              "VpcId": p.get("VpcId")}
    return [t for t in tables if ctx.store.visible(t, ctx.now)
            and all(value is None or t[key] == value for key, value in wanted.items())]


def describe_tables(ctx, p):
    router_id = p.get("VRouterId") or p.get("RouterId")
    router_type = "VRouter" if p.has("VRouterId") else _router_type(ctx, p, router_id)
    number, size = p.page()
    found = _select(ctx, p, router_id, router_type, "Type")
    items = [{
        "RouteTableId": t["RouteTableId"], "RouteTableType": t["RouteTableType"], "VRouterId": t["RouterId"],
        "CreationTime": t["CreationTime"], "ResourceGroupId": t["ResourceGroupId"], "Status": t["Status"],
        "VSwitchIds": {"VSwitchId": list(t["VSwitchIds"])},
        "RouteEntrys": {"RouteEntry": render_in_table(ctx, t["RouteTableId"])},
    } for t in paginate(found, number, size)]
    return {"PageNumber": number, "PageSize": size, "TotalCount": len(found), "RouteTables": {"RouteTable": items}}


def describe_list(ctx, p):
    router_id = p.get("RouterId")
    router_type = "VRouter" if p.has("VpcId") else _router_type(ctx, p, router_id)
    number, size = p.page()
    found = _select(ctx, p, router_id, router_type, "RouteTableType")
    if p.repeat("Tag"):
        found = []  # the emulator's tables carry no tags, so any tag filter matches none
    items = [{
        "RouteTableId": t["RouteTableId"], "RouteTableName": t["RouteTableName"],
        "RouteTableType": t["RouteTableType"], "RouterId": t["RouterId"], "RouterType": t["RouterType"],
        "VpcId": t["VpcId"], "Description": t["Description"], "CreationTime": t["CreationTime"],
        "ResourceGroupId": t["ResourceGroupId"], "Status": t["Status"],
        "VSwitchIds": {"VSwitchId": list(t["VSwitchIds"])}, "Tags": {"Tag": []},
    } for t in paginate(found, number, size)]
    # Code/Message/Success: in the API reference's sample (§3.3), though the Tea model does not name them.
    return {"Code": "200", "Message": "successful", "Success": True, "PageNumber": number, "PageSize": size,
            "TotalCount": len(found), "RouterTableList": {"RouterTableListType": items}}


def render_state(table):
    return {k: v for k, v in table.items() if not k.startswith("_")}

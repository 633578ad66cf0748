"""Physical connections (Express Connect circuits): DescribePhysicalConnections, read-only.

They are fixtures (the API cannot make one in a request), so they exist from the start, in the fixtures' region,
and no transition or lag fault applies to them. Their tags are the ones the *ForExpressConnect actions bind.
"""

from . import tags
from .params import paginate
from .store import iso

# [TEA] DescribePhysicalConnectionsRequestFilter (7.x) lists these keys (META's older page: the first seven).
FILTER_KEYS = ("PhysicalConnectionId", "AccessPointId", "Type", "LineOperator", "Spec", "Status", "Name",
               "ProductType")
YEAR = 365 * 24 * 3600
# The LOA of a circuit: construction completed once the user confirmed it ([DOC] DescribePhysicalConnectionLOA:
# Complete after ConfirmPhysicalConnection, Completing before; Available while it is being built).
LOA_STATUS = {"Enabled": "Complete", "Confirmed": "Completing", "Allocated": "Available"}
# A dedicated 1 Gbit/s circuit of the caller's own, subscription-billed, with no hosted connections, QoS policy,
# MACsec or pending order: the value of every field that a fixture does not give. Strings that do not apply are ""
# (as DescribeVirtualBorderRouters answers for the fields that do not apply), integers 0. [UNCONFIRMED]
DEFAULTS = {
    "AccessPointType": "VPC", "AdDetailLocation": "", "AdLocation": "", "Bandwidth": 1000, "BusinessStatus": "Normal",
    "ChargeType": "Prepaid", "CircuitCode": "", "Description": "", "DeviceFeaturesSelected": "", "DownDelayTime": 0,
    "ExpectSpec": "", "HasReservationData": "false", "LineOperator": "CT", "Name": "", "OpticalModuleModel": "",
    "OrderMode": "", "ParentPhysicalConnectionAliUid": 0, "ParentPhysicalConnectionId": "", "PeerLocation": "",
    "PortNumber": "", "PortType": "1000Base-LX", "ProductType": "PhysicalConnection", "QosId": "",
    "RedundantPhysicalConnectionId": "", "ReservationActiveTime": "", "ReservationInternetChargeType": "",
    "ReservationOrderType": "", "ResourceGroupId": "", "Spec": "1G", "Type": "VPC",
    "VirtualPhysicalConnectionCount": 0, "VlanId": "", "VpconnStatus": "",
}
# Computed from the record when the fixture does not give them.
DERIVED = ("CreationTime", "EnabledTime", "EndTime", "LoaStatus")


def render(pc):
    """The item as DescribePhysicalConnections lists it: every field the Tea model names."""
    created = pc["_created"]
    item = dict(DEFAULTS, CreationTime=iso(created), EnabledTime=iso(created) if pc["Status"] == "Enabled" else "",
                EndTime=iso(created + YEAR), LoaStatus=LOA_STATUS.get(pc["Status"], ""))
    item.update((key, value) for key, value in pc.items() if not key.startswith("_") and key != "Tags")
    # [TEA] spells the inner list in lower case here (`Tags.tags[]`), unlike the VBR's and interface's `Tags.Tags[]`.
    item["Tags"] = {"tags": [dict(tag) for tag in pc["Tags"]]}
    item["MacsecKeys"] = {"MacsecKey": []}
    return dict(sorted(item.items()))


def _matches(item, filters, wanted, resource_group):
    if resource_group is not None and item["ResourceGroupId"] != resource_group:
        return False
    return all(str(item[key]) in values for key, values in filters.items()) and \
        tags.matches(item["Tags"]["tags"], wanted)


def describe(ctx, p):
    filters = p.filters(FILTER_KEYS)
    wanted = tags.wanted(p, "Tags")
    p.bool("IncludeReservationData")  # checked; there are no pending orders to include
    number, size = p.page()
    items = [render(pc) for pc in ctx.owned(ctx.store.pcs)]
    found = [item for item in items if _matches(item, filters, wanted, p.get("ResourceGroupId"))]
    return {"PageNumber": number, "PageSize": size, "TotalCount": len(found),
            "PhysicalConnectionSet": {"PhysicalConnectionType": paginate(found, number, size)}}

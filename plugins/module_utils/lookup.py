# -*- coding: utf-8 -*-
# Copyright (c) aliyun.express_connect contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every Describe call of the collection, in one place: per kind of resource its action, how its filters are sent,
its paging, where its items are in the answer and which statuses mean "no longer there".

The per-resource helpers (vbr.py, router_interface.py, route_table.py, bgp.py, physical_connection.py) build their
lookups on these functions and never send a Describe call themselves; this file imports nothing of the collection,
so any helper may use it without importing another helper.

Filters are given with the API's own names (``RouterId="vbr-1"``). ``None`` is "no filter"; any other value is sent
as it is, an empty string too (an empty key part must not widen the query to every resource); an empty list asks
for nothing, so no call is made. Each call follows every page and returns the items in the API's order.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections import namedtuple

# How filters are sent: Filter.N.Key / Filter.N.Value.M, or one plain parameter per filter.
FILTER_LIST = "Filter.N"
PLAIN = "plain"
# Paging: PageNumber/PageSize (client.paginate) or NextToken/MaxResult (client.paginate_token).
PAGES = "PageNumber"
TOKENS = "NextToken"
# The API takes at most five values per filter key: longer lists of IDs are asked for five at a time.
FILTER_VALUES_MAX = 5

Kind = namedtuple("Kind", ("action", "filter_style", "paging", "items_path", "id_key", "gone"))

VBR = Kind("DescribeVirtualBorderRouters", FILTER_LIST, PAGES, "VirtualBorderRouterSet.VirtualBorderRouterType",
           "VbrId", ("deleting", "deleted"))
ROUTER_INTERFACE = Kind("DescribeRouterInterfaces", FILTER_LIST, PAGES, "RouterInterfaceSet.RouterInterfaceType",
                        "RouterInterfaceId", ("Deleting", "Deleted"))
PHYSICAL_CONNECTION = Kind("DescribePhysicalConnections", FILTER_LIST, PAGES,
                           "PhysicalConnectionSet.PhysicalConnectionType", "PhysicalConnectionId", ())
ROUTE_TABLE = Kind("DescribeRouteTableList", PLAIN, PAGES, "RouterTableList.RouterTableListType", "RouteTableId", ())
ROUTE_ENTRY = Kind("DescribeRouteEntryList", PLAIN, TOKENS, "RouteEntrys.RouteEntry", "RouteEntryId", ("Deleting",))
# The same for groups, peers and networks (a peer may briefly show Deleted).
BGP_GONE = ("Deleting", "Deleted")
BGP_GROUP = Kind("DescribeBgpGroups", PLAIN, PAGES, "BgpGroups.BgpGroup", "BgpGroupId", BGP_GONE)
BGP_PEER = Kind("DescribeBgpPeers", PLAIN, PAGES, "BgpPeers.BgpPeer", "BgpPeerId", BGP_GONE)
BGP_NETWORK = Kind("DescribeBgpNetworks", PLAIN, PAGES, "BgpNetworks.BgpNetwork", None, BGP_GONE)
# A VPC's grants to VBR owners: the item set is a bare array (no wrapper); a revoked grant may show Deleted.
EC_GRANT_RELATION = Kind("DescribeEcGrantRelation", PLAIN, PAGES, "EcGrantRelations", None, ("Deleted",))


def request(kind, filters, tags=None):
    """The parameters of kind's Describe call for these filters (API names) and tags (the ``[{"Key", "Value"}]``
    list, sent as Tags.N; tagging.to_api makes it)."""
    given = [(key, value) for key, value in filters.items() if value is not None]
    params = {}
    if kind.filter_style == FILTER_LIST:
        if given:
            params["Filter"] = [{"Key": key, "Value": list(value) if isinstance(value, (list, tuple)) else [value]}
                                for key, value in given]
    else:
        params.update(given)
    if tags:
        params["Tags"] = list(tags)
    return params


def items(client, kind, tags=None, **filters):
    """Every item of kind matching the filters, across all pages."""
    if any(isinstance(value, (list, tuple)) and not value for value in filters.values()):
        return []
    params = request(kind, filters, tags)
    if kind.paging == TOKENS:
        return client.paginate_token(kind.action, params, kind.items_path)
    return client.paginate(kind.action, params, kind.items_path)


def by_ids(client, kind, ids, tags=None, **filters):
    """The items of kind with these IDs (and the other filters), five IDs a call: each ID asked for once, each item
    returned once, in the API's order call by call; an item the API adds that was not asked for is left out."""
    ids = list(dict.fromkeys(ids))
    found, seen = [], set()
    for start in range(0, len(ids), FILTER_VALUES_MAX):
        chunk = ids[start:start + FILTER_VALUES_MAX]
        for item in items(client, kind, tags, **dict([(kind.id_key, chunk)], **filters)):
            item_id = item.get(kind.id_key)
            if item_id in chunk and item_id not in seen:
                seen.add(item_id)
                found.append(item)
    return found


def get(client, kind, item_id):
    """The item of kind with this ID as the API shows it (any status, a deleting one too), or None."""
    for item in items(client, kind, **{kind.id_key: [item_id] if kind.filter_style == FILTER_LIST else item_id}):
        if item.get(kind.id_key) == item_id:
            return item
    return None


def live(kind, found):
    """The items that are not being deleted (nor shown as deleted)."""
    return [item for item in found if item.get("Status") not in kind.gone]


def _some(client, kind, ids, tags, filters):
    if ids is None:
        return items(client, kind, tags, **filters)
    return by_ids(client, kind, ids, tags, **filters)


# ---------------------------------------------------------------------------------------------------------------
# One function per kind; ``ids`` None is no ID filter, [] asks for none.
# ---------------------------------------------------------------------------------------------------------------
def vbrs(client, ids=None, tags=None, **filters):
    """DescribeVirtualBorderRouters: Filter.N (VbrId, PhysicalConnectionId, Status, Name, ...) and Tags.N."""
    return _some(client, VBR, ids, tags, filters)


def router_interfaces(client, ids=None, tags=None, **filters):
    """DescribeRouterInterfaces: Filter.N (RouterInterfaceId, RouterId, OppositeRouterId, Status, ...) and Tags.N."""
    return _some(client, ROUTER_INTERFACE, ids, tags, filters)


def physical_connections(client, ids=None, **filters):
    """DescribePhysicalConnections: Filter.N (PhysicalConnectionId, Status, Name)."""
    return _some(client, PHYSICAL_CONNECTION, ids, None, filters)


def route_tables(client, **filters):
    """DescribeRouteTableList: plain parameters (RouteTableId, RouterId, RouterType, RouteTableType)."""
    return items(client, ROUTE_TABLE, **filters)


def route_entries(client, route_table_id, **filters):
    """DescribeRouteEntryList of one table, NextToken paging: plain parameters (DestinationCidrBlock, RouteEntryId,
    NextHopId, RouteEntryType)."""
    return items(client, ROUTE_ENTRY, RouteTableId=route_table_id, **filters)


def router_interface_attribute(client, router_interface_id):
    """DescribeRouterInterfaceAttribute (InstanceId): one interface's flat attributes with its HealthCheckStatus, or
    None when the answer names no interface (the live API answers an unknown ID with empty fields)."""
    answer = client.call("DescribeRouterInterfaceAttribute", {"InstanceId": router_interface_id})
    return answer if answer.get("RouterInterfaceId") else None


def bgp_groups(client, **filters):
    """DescribeBgpGroups: plain parameters (RouterId, BgpGroupId)."""
    return items(client, BGP_GROUP, **filters)


def bgp_peers(client, **filters):
    """DescribeBgpPeers: plain parameters (RouterId, BgpGroupId, BgpPeerId)."""
    return items(client, BGP_PEER, **filters)


def bgp_networks(client, **filters):
    """DescribeBgpNetworks: plain parameters (RouterId)."""
    return items(client, BGP_NETWORK, **filters)


def ec_grant_relations(client, **filters):
    """DescribeEcGrantRelation: plain parameters (InstanceType VPC or VBR, InstanceId, VbrRegionNo for a VBR)."""
    return items(client, EC_GRANT_RELATION, **filters)

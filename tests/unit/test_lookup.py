"""module_utils/lookup.py: per kind the action, the way filters are sent, the paging and the items path; IDs asked
for five at a time; None is no filter, an empty value is sent, an empty list asks for nothing (no call)."""

import pytest

from ansible_collections.aliyun.express_connect.plugins.module_utils import lookup


class FakeClient:
    """paginate()/paginate_token() over canned items, applying a Filter list the way a server would (unless
    lenient); records (paging, action, params, path). The real paging is tested in test_client.py."""

    def __init__(self, items=(), lenient=False):
        self.items, self.lenient, self.calls = list(items), lenient, []

    def _answer(self, paging, action, params, path):
        self.calls.append((paging, action, params, path))
        if self.lenient:
            return list(self.items)
        filters = params.get("Filter") or []
        return [item for item in self.items if all(item.get(f["Key"]) in f["Value"] for f in filters)]

    def paginate(self, action, params, path):
        return self._answer("pages", action, params, path)

    def paginate_token(self, action, params, path):
        return self._answer("token", action, params, path)


@pytest.mark.parametrize("call, expected", [
    (lambda c: lookup.vbrs(c, PhysicalConnectionId="pc-1", Status=["active", "unconfirmed"], Name=None),
     ("pages", "DescribeVirtualBorderRouters",
      {"Filter": [{"Key": "PhysicalConnectionId", "Value": ["pc-1"]},
                  {"Key": "Status", "Value": ["active", "unconfirmed"]}]},
      "VirtualBorderRouterSet.VirtualBorderRouterType")),
    (lambda c: lookup.router_interfaces(c, tags=[{"Key": "team", "Value": "net"}], RouterId="vbr-1"),
     ("pages", "DescribeRouterInterfaces",
      {"Filter": [{"Key": "RouterId", "Value": ["vbr-1"]}], "Tags": [{"Key": "team", "Value": "net"}]},
      "RouterInterfaceSet.RouterInterfaceType")),
    (lambda c: lookup.physical_connections(c),
     ("pages", "DescribePhysicalConnections", {}, "PhysicalConnectionSet.PhysicalConnectionType")),
    (lambda c: lookup.route_tables(c, RouterId="vrt-1", RouterType="VRouter", RouteTableId=None),
     ("pages", "DescribeRouteTableList", {"RouterId": "vrt-1", "RouterType": "VRouter"},
      "RouterTableList.RouterTableListType")),
    (lambda c: lookup.route_entries(c, "vtb-1", NextHopId="ri-1", RouteEntryId=None),
     ("token", "DescribeRouteEntryList", {"RouteTableId": "vtb-1", "NextHopId": "ri-1"}, "RouteEntrys.RouteEntry")),
    (lambda c: lookup.bgp_groups(c, RouterId="vbr-1", BgpGroupId=None),
     ("pages", "DescribeBgpGroups", {"RouterId": "vbr-1"}, "BgpGroups.BgpGroup")),
    (lambda c: lookup.bgp_peers(c, BgpGroupId="bgpg-1"),
     ("pages", "DescribeBgpPeers", {"BgpGroupId": "bgpg-1"}, "BgpPeers.BgpPeer")),
    (lambda c: lookup.bgp_networks(c, RouterId=""),
     ("pages", "DescribeBgpNetworks", {"RouterId": ""}, "BgpNetworks.BgpNetwork")),
])
def test_each_kind_sends_its_action_filters_paging_and_path(call, expected):
    client = FakeClient()
    call(client)
    assert client.calls == [expected]


def test_an_empty_value_is_sent_and_an_empty_list_asks_for_nothing():
    client = FakeClient()
    lookup.vbrs(client, PhysicalConnectionId="")
    assert client.calls[0][2] == {"Filter": [{"Key": "PhysicalConnectionId", "Value": [""]}]}
    client = FakeClient([{"VbrId": "vbr-1"}])
    assert lookup.vbrs(client, ids=[]) == [] and lookup.router_interfaces(client, RouterId=[]) == []
    assert client.calls == []


def test_ids_five_at_a_time_each_once_in_the_api_order_and_only_those_asked():
    items = [{"VbrId": "vbr-%d" % n, "Status": "active"} for n in range(12)]
    client = FakeClient(items)
    wanted = ["vbr-%d" % n for n in (11, 0, 1, 2, 3, 4, 5)] + ["vbr-0", "vbr-missing"]
    found = lookup.vbrs(client, ids=wanted, Status="active")
    assert [item["VbrId"] for item in found] == ["vbr-0", "vbr-1", "vbr-2", "vbr-3", "vbr-11", "vbr-4", "vbr-5"]
    assert [call[2]["Filter"] for call in client.calls] == [
        [{"Key": "VbrId", "Value": ["vbr-11", "vbr-0", "vbr-1", "vbr-2", "vbr-3"]},
         {"Key": "Status", "Value": ["active"]}],
        [{"Key": "VbrId", "Value": ["vbr-4", "vbr-5", "vbr-missing"]}, {"Key": "Status", "Value": ["active"]}]]
    lenient = FakeClient(items, lenient=True)
    assert lookup.router_interfaces(lenient, ids=["ri-1"]) == []
    assert [item["VbrId"] for item in lookup.vbrs(lenient, ids=["vbr-3"])] == ["vbr-3"]


@pytest.mark.parametrize("kind, sent", [
    (lookup.VBR, {"Filter": [{"Key": "VbrId", "Value": ["vbr-2"]}]}),
    (lookup.ROUTER_INTERFACE, {"Filter": [{"Key": "RouterInterfaceId", "Value": ["vbr-2"]}]}),
    (lookup.BGP_GROUP, {"BgpGroupId": "vbr-2"}),
])
def test_get_is_the_item_with_that_id_whatever_its_status(kind, sent):
    items = [{kind.id_key: "vbr-1", "Status": "x"}, {kind.id_key: "vbr-2", "Status": kind.gone[0]}]
    client = FakeClient(items, lenient=True)
    assert lookup.get(client, kind, "vbr-2") == items[1]
    assert client.calls[0][2] == sent
    assert lookup.get(client, kind, "vbr-9") is None


def test_live_leaves_out_what_is_being_deleted():
    found = [{"Status": "Available"}, {"Status": "Deleting"}, {"Status": "Deleted"}, {}]
    assert lookup.live(lookup.BGP_PEER, found) == [{"Status": "Available"}, {}]
    assert lookup.live(lookup.ROUTE_ENTRY, found) == [{"Status": "Available"}, {"Status": "Deleted"}, {}]
    assert lookup.live(lookup.VBR, [{"Status": "deleting"}, {"Status": "active"}]) == [{"Status": "active"}]

"""ali_route_table_info through ansible-playbook against the emulator."""

import pytest

from support.calls import CallWindow
from support.fixture_ids import VPC_ROUTER, VPC_TABLE
from support.sdk import create_route, create_vbr_ri, create_vbr_with_table, create_vpc_ri

MODULE = "ali_route_table_info"


def info(ansible, emulator, args, check=False):
    window = CallWindow(emulator)
    result = ansible.run_module(MODULE, args, check=check)
    assert not result.get("failed"), result
    assert result["changed"] is False and window.mutating() == []
    return result, window.actions()


def custom(table):
    return sorted((e["destination_cidr_block"], e["next_hop_id"]) for e in table["route_entries"]
                  if e.get("type", "Custom") == "Custom")


def test_vbr_table_by_router(clean_emulator, ansible):
    vbr_id, table_id = create_vbr_with_table(clean_emulator, vlan_id=201)
    result, actions = info(ansible, clean_emulator, {"router_id": vbr_id, "router_type": "VBR"})
    assert result["ids"] == [table_id]
    [table] = result["route_tables"]
    assert table["route_table_id"] == table_id and table["route_entries"] == []
    assert table["router_type"] == "VBR" and table["router_id"] == vbr_id
    assert actions == ["DescribeRouteTableList", "DescribeRouteEntryList"]

    ri = create_vbr_ri(clean_emulator, vbr_id)
    create_route(clean_emulator, table_id, "172.16.0.0/12", ri)
    for check in (False, True):
        result, _ = info(ansible, clean_emulator, {"router_id": vbr_id, "router_type": "VBR"}, check=check)
        [table] = result["route_tables"]
        assert custom(table) == [("172.16.0.0/12", ri)]
        [entry] = table["route_entries"]
        assert entry["status"] == "Available" and entry["next_hop_type"] == "RouterInterface"
        assert entry["route_entry_id"] and entry["route_table_id"] == table_id

    # By table ID alone: the VBR table is found although the API's RouterType defaults to VRouter.
    result, _ = info(ansible, clean_emulator, {"route_table_id": table_id})
    assert result["ids"] == [table_id] and custom(result["route_tables"][0]) == [("172.16.0.0/12", ri)]


@pytest.mark.lifecycle
def test_vpc_table_with_every_entry(clean_emulator, ansible):
    ri = create_vpc_ri(clean_emulator)
    expected = []
    for index in range(48):  # the quota of custom entries in one table
        cidr = "10.%d.0.0/16" % (100 + index)
        create_route(clean_emulator, VPC_TABLE, cidr, ri)
        expected.append((cidr, ri))

    result, actions = info(ansible, clean_emulator, {"route_table_id": VPC_TABLE, "router_type": "VRouter"})
    assert result["ids"] == [VPC_TABLE]
    [table] = result["route_tables"]
    assert custom(table) == sorted(expected)
    assert table["route_table_type"] == "System" and table["vpc_id"] == "vpc-emu0001"
    assert actions[0] == "DescribeRouteTableList" and set(actions[1:]) == {"DescribeRouteEntryList"}

    result, _ = info(ansible, clean_emulator, {"router_id": VPC_ROUTER, "router_type": "VRouter",
                                               "route_table_type": "System", "route_entry_type": "Custom"})
    [table] = result["route_tables"]
    assert len(table["route_entries"]) == 48
    assert all(e["type"] == "Custom" for e in table["route_entries"])


def test_a_full_table_is_listed_whole(clean_emulator, ansible):
    """A table at its quota of 48 custom entries (plus system routes) comes back whole. One MaxResult=100 page holds
    it, so the NextToken loop itself is covered by the client's unit tests, not here."""
    ri = create_vpc_ri(clean_emulator, router_id="vrt-emu0003")
    for index in range(48):
        create_route(clean_emulator, "vtb-emu0003", "10.%d.0.0/16" % (100 + index), ri)
    result, _ = info(ansible, clean_emulator, {"route_table_id": "vtb-emu0003"})
    listed = result["route_tables"][0]["route_entries"]
    in_state = [e for e in clean_emulator.state()["RouteEntries"] if e["RouteTableId"] == "vtb-emu0003"]
    assert len(listed) == len(in_state) >= 48


def test_unknown_table_is_an_empty_list(clean_emulator, ansible):
    result, _ = info(ansible, clean_emulator, {"route_table_id": "vtb-doesnotexist"})
    assert result["route_tables"] == [] and result["ids"] == []


def test_several_routers_in_one_run_and_tables_without_entries(clean_emulator, ansible):
    vbr_id, vbr_table = create_vbr_with_table(clean_emulator, vlan_id=202)
    ri = create_vbr_ri(clean_emulator, vbr_id)
    create_route(clean_emulator, vbr_table, "172.16.0.0/12", ri)
    # The router types follow from the ID prefixes; one table lookup and one entry read per router.
    result, actions = info(ansible, clean_emulator, {"router_id": [vbr_id, VPC_ROUTER], "route_entry_type": "Custom"})
    assert result["ids"] == [vbr_table, VPC_TABLE]
    assert [t["router_type"] for t in result["route_tables"]] == ["VBR", "VRouter"]
    assert custom(result["route_tables"][0]) == [("172.16.0.0/12", ri)] and custom(result["route_tables"][1]) == []
    assert actions == ["DescribeRouteTableList"] * 2 + ["DescribeRouteEntryList"] * 2

    result, actions = info(ansible, clean_emulator, {"router_id": VPC_ROUTER, "route_table_type": "System",
                                                     "include_entries": False})
    assert result["ids"] == [VPC_TABLE] and result["route_tables"][0]["route_entries"] == []
    assert actions == ["DescribeRouteTableList"]


def test_option_rules(clean_emulator, ansible):
    results = ansible.run_modules([(MODULE, {}), (MODULE, {"router_id": "router-without-prefix"}),
                                   (MODULE, {"route_table_id": VPC_TABLE, "router_type": "X"})])
    assert results[0]["failed"] and "one of the following is required: route_table_id, router_id" in results[0]["msg"]
    assert results[1]["failed"] and "router_type is required" in results[1]["msg"]
    assert results[2]["failed"] and "router_type" in results[2]["msg"]
    assert clean_emulator.calls() == []

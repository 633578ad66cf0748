"""ali_physical_connection_info through ansible-playbook against the emulator."""

import json

import pytest

from support.calls import mutating
from support.emulator import EmulatorProcess
from support.fixture_ids import PC, PC2, PC3
from support.playbook import AnsibleRunner, run, run_many
from support.sdk import sdk_call

ALL = [PC, PC2, PC3]  # the default fixtures, in their order
MODULE = "ali_physical_connection_info"
# Every field of DescribePhysicalConnections' item (Tea model), in snake_case.
FIELDS = {
    "access_point_id", "access_point_type", "ad_detail_location", "ad_location", "bandwidth", "business_status",
    "charge_type", "circuit_code", "creation_time", "description", "device_features_selected", "down_delay_time",
    "enabled_time", "end_time", "expect_spec", "has_reservation_data", "line_operator", "loa_status", "macsec_keys",
    "name", "optical_module_model", "order_mode", "parent_physical_connection_ali_uid",
    "parent_physical_connection_id", "peer_location", "physical_connection_id", "port_number", "port_type",
    "product_type", "qos_id", "redundant_physical_connection_id", "reservation_active_time",
    "reservation_internet_charge_type", "reservation_order_type", "resource_group_id", "spec", "status", "tags",
    "type", "virtual_physical_connection_count", "vlan_id", "vpconn_status",
}


def describes(calls):
    return [call for call in calls if call["action"] == "DescribePhysicalConnections"]


@pytest.mark.lifecycle
def test_lists_and_filters(clean_emulator, ansible):
    emu = clean_emulator
    sdk_call(emu, "TagResourcesForExpressConnect", ResourceType="PHYSICALCONNECTION", **{
        "ResourceId.1": PC2, "Tag.1.Key": "site", "Tag.1.Value": "hz", "Tag.2.Key": "Team", "Tag.2.Value": "net"})
    cases = [
        ({}, ALL),
        ({"physical_connection_ids": [PC]}, [PC]),
        ({"ids": [PC3, PC]}, [PC, PC3]),  # the alias; the API's order
        ({"physical_connection_ids": ["pc-typo01"]}, []),  # unknown: an empty list, not an error
        ({"physical_connection_ids": [PC2, "pc-typo01"]}, [PC2]),
        ({"status": "Enabled"}, [PC, PC2]),
        ({"status": "Confirmed", "physical_connection_ids": [PC, PC3]}, [PC3]),
        ({"status": "Terminated"}, []),
        ({"name": "hangzhou-lab"}, [PC3]),
        ({"name": "hangzhou"}, []),  # exact
    ]
    results, calls = run_many(ansible, emu, [(MODULE, args) for args, _ in cases])
    for (args, expected), result in zip(cases, results):
        assert result["failed"] is False, (args, result.get("msg"))
        assert result["changed"] is False, args
        assert result["ids"] == expected, args
        assert [pc["physical_connection_id"] for pc in result["physical_connections"]] == expected, args
    assert mutating(calls) == [] and len(describes(calls)) == len(calls) == len(cases)
    # Filters go to the API: IDs, status and name as Filter.N.
    params = describes(calls)[6]["params"]
    assert {"Filter.1.Key": "PhysicalConnectionId", "Filter.1.Value.1": PC, "Filter.1.Value.2": PC3,
            "Filter.2.Key": "Status", "Filter.2.Value.1": "Confirmed"}.items() <= params.items()

    first, second, third = results[0]["physical_connections"]
    for item in (first, second, third):
        assert set(item) == FIELDS
    assert (first["name"], first["status"], first["access_point_id"], first["line_operator"], first["spec"],
            first["bandwidth"], first["business_status"]) == \
        ("hangzhou-office-1", "Enabled", "ap-cn-hangzhou-xs-B", "CT", "1G", 1000, "Normal")
    assert (third["status"], third["spec"], third["loa_status"]) == ("Confirmed", "10G", "Completing")
    assert first["tags"] == {} and second["tags"] == {"site": "hz", "Team": "net"}  # keys as they are
    assert first["macsec_keys"] == {"macsec_key": []}


@pytest.mark.parametrize("args, message", [
    ({"physical_connection_ids": [""]}, "physical_connection_ids[0] must not be empty"),
    ({"ids": [PC, "  "]}, "physical_connection_ids[1] must not be empty"),
    ({"physical_connection_ids": []}, "physical_connection_ids must not be an empty list"),
    ({"physical_connection_ids": None}, "physical_connection_ids must not be null"),
    ({"name": ""}, "name must not be empty"),
    ({"status": "enabled"}, "status"),  # not one of the choices (case-sensitive, as the API)
])
def test_empty_or_bad_values_refused_before_any_call(clean_emulator, ansible, args, message):
    result, calls = run(ansible, clean_emulator, MODULE, args)
    assert result["failed"] is True and message in result["msg"], result.get("msg")
    assert calls == []


def test_check_mode(clean_emulator, ansible):
    tasks = [(MODULE, {"physical_connection_ids": [PC, "pc-typo01"]}),
             (MODULE, {"physical_connection_ids": ["pc-typo01"]})]
    results, calls = run_many(ansible, clean_emulator, tasks, check=True)
    assert [(r["failed"], r["changed"], r["ids"]) for r in results] == [(False, False, [PC]), (False, False, [])]
    assert results[0]["physical_connections"][0]["status"] == "Enabled"
    assert mutating(calls) == [] and len(describes(calls)) == 2


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """An emulator of its own whose fixtures hold 61 physical connections: more than a page (50)."""
    path = tmp_path_factory.mktemp("fixtures") / "fixtures.json"
    pcs = [{"PhysicalConnectionId": "pc-many%03d" % n, "AccessPointId": "ap-cn-hangzhou-xs-B",
            "Status": "Enabled" if n % 3 else "Terminated", "Name": "line-%d" % (n % 2)} for n in range(61)]
    path.write_text(json.dumps({"region": "cn-hangzhou", "physical_connections": pcs, "vpcs": []}))
    with EmulatorProcess(latency_scale=0.0, fixtures=path) as process:
        yield process, [pc["PhysicalConnectionId"] for pc in pcs]


def test_every_page_and_ids_five_at_a_time(many, tmp_path):
    emu, pcs = many
    runner = AnsibleRunner(tmp_path, emu.env)
    some = pcs[:12]
    cases = [({}, pcs), ({"status": "Enabled"}, [pc for n, pc in enumerate(pcs) if n % 3]),
             ({"physical_connection_ids": some + ["pc-typo01"], "name": "line-1"}, some[1::2])]
    results, calls = run_many(runner, emu, [(MODULE, args) for args, _ in cases])
    for (args, expected), result in zip(cases, results):
        assert result["failed"] is False, (args, result.get("msg"))
        assert result["ids"] == expected, args
    pages = [(int(c["params"]["PageNumber"]), c["params"]["PageSize"]) for c in describes(calls)]
    assert pages[:3] == [(1, "50"), (2, "50"), (1, "50")]  # all (61): two pages; Enabled (40): one
    # 13 IDs: three queries of at most five values each (the API's limit), one page each.
    by_id = [c["params"] for c in describes(calls)[3:]]
    assert len(by_id) == 3
    assert [len([k for k in p if k.startswith("Filter.1.Value.")]) for p in by_id] == [5, 5, 3]
    assert mutating(calls) == []

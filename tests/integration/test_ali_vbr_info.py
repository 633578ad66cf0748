"""ali_vbr_info through ansible-playbook against the emulator."""

import pytest

from vbr_helpers import PC, PC2, create_vbr, mutating, new_calls

# 30 VBRs on each of two physical connections: more than one page (50) in all.
PER_PC = 30


@pytest.fixture(scope="module")
def many_vbrs(emulator):
    emulator.reset()
    emulator.configure(latency_scale=0.0, faults="", rate_limit=0)
    ids = {}
    for pc in (PC, PC2):
        for vlan in range(1, PER_PC + 1):
            ids[(pc, vlan)] = create_vbr(emulator, vlan, pc=pc, name="even-%d" % vlan if vlan % 2 == 0 else None)
    yield ids
    emulator.reset()


def info(ansible, emulator, args, check=False):
    since = len(emulator.calls())
    result = ansible.run_module("ali_vbr_info", args, check=check)
    assert not result.get("failed"), result.get("msg", result)
    assert result["changed"] is False
    return result, new_calls(emulator, since)


def test_all_pages(emulator, ansible, many_vbrs):
    result, calls = info(ansible, emulator, {})
    assert sorted(result["ids"]) == sorted(many_vbrs.values())
    assert len(result["vbrs"]) == 2 * PER_PC
    assert [v["vbr_id"] for v in result["vbrs"]] == result["ids"]
    pages = sorted(int(c["params"]["PageNumber"]) for c in calls if c["action"] == "DescribeVirtualBorderRouters")
    assert pages == [1, 2]
    assert mutating(calls) == []
    vbr = result["vbrs"][0]
    for key in ("vbr_id", "status", "route_table_id", "access_point_id", "vlan_interface_id",
                "physical_connection_id", "vlan_id", "local_gateway_ip", "peer_gateway_ip"):
        assert key in vbr, key


def test_filters(emulator, ansible, many_vbrs):
    result, _ = info(ansible, emulator, {"physical_connection_id": PC2})
    assert sorted(result["ids"]) == sorted(v for (pc, _), v in many_vbrs.items() if pc == PC2)

    result, _ = info(ansible, emulator, {"physical_connection_id": PC, "vlan_id": 7})
    assert result["ids"] == [many_vbrs[(PC, 7)]]
    assert result["vbrs"][0]["vlan_id"] == 7

    result, _ = info(ansible, emulator, {"vlan_id": 7})
    assert sorted(result["ids"]) == sorted([many_vbrs[(PC, 7)], many_vbrs[(PC2, 7)]])

    wanted = [many_vbrs[(PC, vlan)] for vlan in range(1, 13)]  # more than five IDs: queried in chunks
    result, _ = info(ansible, emulator, {"vbr_ids": wanted})
    assert sorted(result["ids"]) == sorted(wanted)

    result, _ = info(ansible, emulator, {"name": "even-4"})
    assert sorted(result["ids"]) == sorted([many_vbrs[(PC, 4)], many_vbrs[(PC2, 4)]])

    result, _ = info(ansible, emulator, {"status": "active", "physical_connection_id": PC})
    assert len(result["ids"]) == PER_PC

    result, _ = info(ansible, emulator, {"status": "terminated"})
    assert result["ids"] == [] and result["vbrs"] == []

    result, _ = info(ansible, emulator, {"vbr_ids": ["vbr-doesnotexist"]})
    assert result["ids"] == []


def test_check_mode_and_read_only(emulator, ansible, many_vbrs):
    result, calls = info(ansible, emulator, {"physical_connection_id": PC, "vlan_id": 3}, check=True)
    assert result["ids"] == [many_vbrs[(PC, 3)]]
    assert mutating(calls) == []


def test_bad_vlan(emulator, ansible, many_vbrs):
    since = len(emulator.calls())
    result = ansible.run_module("ali_vbr_info", {"vlan_id": 5000})
    assert result["failed"] is True and "vlan_id" in result["msg"]
    assert new_calls(emulator, since) == []

"""ali_vbr_info through ansible-playbook against the emulator."""

import pytest

from support.calls import mutating
from support.fixture_ids import PC, PC2
from support.playbook import run, run_many
from support.sdk import create_vbr, sdk_call

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
    result, calls = run(ansible, emulator, "ali_vbr_info", args, check=check)
    assert result["failed"] is False, result.get("msg", result)
    assert result["changed"] is False
    return result, calls


@pytest.mark.lifecycle
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
                "physical_connection_id", "vlan_id", "local_gateway_ip", "peer_gateway_ip", "sitelink_enable"):
        assert key in vbr, key
    # Every field the API returns, in snake_case (also the ones nested in the associated physical connection).
    assert vbr["sitelink_enable"] is False
    (association,) = vbr["associated_physical_connections"]["associated_physical_connection"]
    assert (association["physical_connection_id"], association["vlan_interface_id"]) == \
        (vbr["physical_connection_id"], vbr["vlan_interface_id"])


def test_filters(emulator, ansible, many_vbrs):
    some = [many_vbrs[(PC, vlan)] for vlan in range(1, 13)]  # more than five IDs: queried in chunks
    cases = [
        ({"physical_connection_id": PC2}, [v for (pc, _), v in many_vbrs.items() if pc == PC2]),
        ({"physical_connection_id": PC, "vlan_id": 7}, [many_vbrs[(PC, 7)]]),
        ({"vlan_id": 7}, [many_vbrs[(PC, 7)], many_vbrs[(PC2, 7)]]),
        ({"vbr_ids": some}, some),
        ({"vbr_ids": some, "vlan_id": 3}, [many_vbrs[(PC, 3)]]),
        ({"name": "even-4"}, [many_vbrs[(PC, 4)], many_vbrs[(PC2, 4)]]),
        ({"status": "active", "physical_connection_id": PC}, [v for (pc, _), v in many_vbrs.items() if pc == PC]),
        ({"status": "terminated"}, []),
        ({"vbr_ids": ["vbr-doesnotexist"]}, []),
    ]
    results, calls = run_many(ansible, emulator, [("ali_vbr_info", args) for args, _ in cases])
    for (args, expected), result in zip(cases, results):
        assert result["failed"] is False, (args, result.get("msg"))
        assert result["changed"] is False
        assert sorted(result["ids"]) == sorted(expected), args
        assert [v["vbr_id"] for v in result["vbrs"]] == result["ids"]
    assert results[1]["vbrs"][0]["vlan_id"] == 7 and results[1]["vbrs"][0]["physical_connection_id"] == PC
    assert mutating(calls) == []


def test_check_mode_and_read_only(emulator, ansible, many_vbrs):
    result, calls = info(ansible, emulator, {"physical_connection_id": PC, "vlan_id": 3}, check=True)
    assert result["ids"] == [many_vbrs[(PC, 3)]]
    assert mutating(calls) == []


def test_bad_vlan(emulator, ansible, many_vbrs):
    result, calls = run(ansible, emulator, "ali_vbr_info", {"vlan_id": 5000})
    assert result["failed"] is True and "vlan_id" in result["msg"]
    assert calls == []


# Last in the file: clean_emulator resets the emulator, so it runs after the tests that share many_vbrs.
def test_tags_filter_and_tags_in_results(clean_emulator, ansible):
    emu = clean_emulator

    def tagged(vlan_id, **tags):
        params = {}
        for n, (key, value) in enumerate(sorted(tags.items()), 1):
            params.update({"Tags.%d.Key" % n: key, "Tags.%d.Value" % n: value})
        return sdk_call(emu, "CreateVirtualBorderRouter", PhysicalConnectionId=PC, VlanId=vlan_id,
                        LocalGatewayIp="10.9.%d.1" % vlan_id, PeerGatewayIp="10.9.%d.2" % vlan_id,
                        PeeringSubnetMask="255.255.255.252", **params)["VbrId"]

    both = tagged(11, env="prod", Team="Blue")
    prod = tagged(12, env="prod")
    dev = tagged(13, env="dev", Team="Blue")
    untagged = create_vbr(emu, 14)
    cases = [
        ({"tags": {"env": "prod"}}, {both, prod}),
        ({"tags": {"env": "prod", "Team": "Blue"}}, {both}),
        ({"tags": {"Team": "Blue"}, "vlan_id": 13}, {dev}),
        ({"tags": {"env": "staging"}}, set()),
        ({"tags": {"env": "prod"}, "vbr_ids": [prod, dev, untagged]}, {prod}),
        ({"tags": {}}, {both, prod, dev, untagged}),
    ]
    results, calls = run_many(ansible, emu, [("ali_vbr_info", args) for args, _ in cases])
    for (args, expected), result in zip(cases, results):
        assert result["failed"] is False, (args, result.get("msg"))
        assert result["changed"] is False and set(result["ids"]) == expected, args
    assert mutating(calls) == []
    # The filter is sent to the API as Tags.N (and checked again on the results).
    describes = [c["params"] for c in calls if c["action"] == "DescribeVirtualBorderRouters"]
    assert {"Tags.1.Key": "Team", "Tags.1.Value": "Blue", "Tags.2.Key": "env", "Tags.2.Value": "prod"}.items() \
        <= describes[1].items()
    # Tags come back as a dict with their keys as they are (Team, not team).
    tags = dict((v["vbr_id"], v["tags"]) for v in results[-1]["vbrs"])
    assert tags == {both: {"env": "prod", "Team": "Blue"}, prod: {"env": "prod"}, dev: {"env": "dev", "Team": "Blue"},
                    untagged: {}}

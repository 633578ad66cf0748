"""Health checks of router interfaces (ali_router_interface, ali_router_interface_info) through ansible-playbook
against the emulator.

The topology of a redundant interconnect: two lines (a VBR each, with a connected pair of router interfaces) into
VPC_ROUTER, and the VPC's ECMP route toward the data centre over both acceptors (the redundant route a health check
needs to move traffic). Setup goes through the SDK (support.sdk)."""

import pytest

from support.calls import mutating, mutating_actions
from support.emulator import REGION
from support.fixture_ids import VPC_ROUTER, VPC_ROUTER2, VPC_TABLE
from support.playbook import assert_ok, run
from support.sdk import connect_pair, create_vbr, sdk_call

MODULE = "ali_router_interface"
INFO = "ali_router_interface_info"
SOURCE = "172.16.255.10"  # inside VPC's 172.16.0.0/12, outside its vSwitch


def peer_ip(vlan_id):
    """The data centre's address on a VBR that support.sdk.create_vbr made on PC."""
    return "10.1.%d.2" % (vlan_id % 250)


def line(emulator, vlan_id):
    """One line into VPC_ROUTER: (vbr_id, initiator, acceptor), connected."""
    vbr_id = create_vbr(emulator, vlan_id)
    return (vbr_id,) + connect_pair(emulator, vbr_id, VPC_ROUTER)


def ecmp_route(emulator, *acceptors):
    sdk_call(emulator, "CreateRouteEntry", RegionId=REGION, RouteTableId=VPC_TABLE, DestinationCidrBlock="192.168.0.0/16",
             NextHopList=[{"NextHopId": a, "NextHopType": "RouterInterface", "Weight": 100} for a in acceptors])


def actions(calls):
    return [call["action"] for call in calls]


def unchanged_twice(ansible, emulator, args, status):
    for check in (True, False):
        result, calls = run(ansible, emulator, MODULE, args, check=check)
        assert_ok(result)
        assert result["changed"] is False and mutating_actions(calls) == [], (check, result)
        assert result["router_interface"].get("health_check_status") == status, result


@pytest.mark.lifecycle
def test_health_check_lifecycle_on_a_line(clean_emulator, ansible):
    """check -> apply -> check -> apply -> a new rate (in place: nothing of a health check needs a replacement) ->
    removed (check) -> removed -> removed."""
    emu = clean_emulator
    _vbr1, _i1, a1 = line(emu, 301)
    _vbr2, _i2, a2 = line(emu, 302)
    ecmp_route(emu, a1, a2)
    args = dict(router_interface_id=a1, health_check_source_ip=SOURCE, health_check_target_ip=peer_ip(301),
                health_check_rate=2000, health_check_threshold=8)

    result, calls = run(ansible, emu, MODULE, args, check=True, diff=True)
    assert_ok(result)
    assert result["changed"] is True and mutating_actions(calls) == []
    after = result["diff"]["after"]
    assert (after["health_check_source_ip"], after["health_check_target_ip"]) == (SOURCE, peer_ip(301))
    assert (after["hc_rate"], after["hc_threshold"]) == (2000, 8)
    assert result["diff"]["before"]["health_check_source_ip"] == ""
    assert "health_check_status" not in result["router_interface"]
    predicted = result["diff"]

    result, calls = run(ansible, emu, MODULE, args, diff=True)
    assert_ok(result)
    assert result["changed"] is True and mutating_actions(calls) == ["ModifyRouterInterfaceAttribute"]
    sent = {k: v for k, v in mutating(calls)[0]["params"].items() if k != "RegionId"}
    assert sent == {"RouterInterfaceId": a1, "HealthCheckSourceIp": SOURCE, "HealthCheckTargetIp": peer_ip(301),
                    "HcRate": "2000", "HcThreshold": "8"}
    assert result["diff"] == predicted
    assert result["router_interface"]["health_check_status"] == "Normal"
    assert actions(calls).count("DescribeRouterInterfaceAttribute") == 1

    unchanged_twice(ansible, emu, args, "Normal")

    faster = dict(args, health_check_rate=3000)
    result, calls = run(ansible, emu, MODULE, faster, check=True, diff=True)
    assert_ok(result)
    assert result["changed"] is True and mutating_actions(calls) == []
    assert result["diff"]["before"]["hc_rate"] == 2000 and result["diff"]["after"]["hc_rate"] == 3000
    predicted = result["diff"]
    result, calls = run(ansible, emu, MODULE, faster, diff=True)
    assert_ok(result)
    assert mutating_actions(calls) == ["ModifyRouterInterfaceAttribute"]
    assert {k: v for k, v in mutating(calls)[0]["params"].items() if k != "RegionId"} == {
        "RouterInterfaceId": a1, "HcRate": "3000"}
    assert result["diff"] == predicted
    unchanged_twice(ansible, emu, faster, "Normal")

    removed = dict(router_interface_id=a1, health_check_source_ip="", health_check_target_ip="")
    result, calls = run(ansible, emu, MODULE, removed, check=True, diff=True)
    assert_ok(result)
    assert result["changed"] is True and mutating_actions(calls) == []
    assert result["diff"]["after"]["health_check_source_ip"] == ""
    predicted = result["diff"]
    result, calls = run(ansible, emu, MODULE, removed, diff=True)
    assert_ok(result)
    assert mutating_actions(calls) == ["ModifyRouterInterfaceAttribute"]
    # The SDK sends a bool as Python writes it ("True"); the API reads booleans without regard to case.
    assert mutating(calls)[0]["params"]["DeleteHealthCheckIp"].lower() == "true"
    assert result["diff"] == predicted
    assert "health_check_status" not in result["router_interface"]
    assert "DescribeRouterInterfaceAttribute" not in actions(calls)
    unchanged_twice(ansible, emu, removed, None)


def test_a_new_interface_gets_its_check_tuned_after_the_create(clean_emulator, ansible):
    """CreateRouterInterface takes the IPs, not the rate and threshold: one modify follows, waited out."""
    emu = clean_emulator
    vbr_id = create_vbr(emu, 303)
    args = dict(router_id=VPC_ROUTER2, opposite_router_id=vbr_id, name="line-3", health_check_source_ip="10.2.255.10",
                health_check_target_ip=peer_ip(303), health_check_rate=2000, health_check_threshold=8)

    result, calls = run(ansible, emu, MODULE, args, check=True)
    assert_ok(result)
    assert result["changed"] is True and mutating_actions(calls) == []
    assert (result["router_interface"]["hc_rate"], result["router_interface"]["hc_threshold"]) == (2000, 8)

    result, calls = run(ansible, emu, MODULE, args)
    assert_ok(result)
    assert result["changed"] is True
    assert mutating_actions(calls) == ["CreateRouterInterface", "ModifyRouterInterfaceAttribute"]
    created = mutating(calls)[0]["params"]
    assert created["HealthCheckSourceIp"] == "10.2.255.10" and "HcRate" not in created
    interface = result["router_interface"]
    assert interface["status"] == "Idle" and (interface["hc_rate"], interface["hc_threshold"]) == (2000, 8)
    assert interface["health_check_source_ip"] == "10.2.255.10"
    assert interface["health_check_status"] == "NoRedundantRoute"  # no ECMP route uses it: a failure moves nothing

    unchanged_twice(ansible, emu, args, "NoRedundantRoute")


def test_info_shows_the_health_of_each_line(clean_emulator, ansible):
    """What an operator runs during an incident: every line into the VPC with its health (one attribute call per
    interface with a check, none for the others)."""
    emu = clean_emulator
    _vbr1, _i1, a1 = line(emu, 304)
    _vbr2, _i2, a2 = line(emu, 305)
    result, _calls = run(ansible, emu, MODULE, dict(router_interface_id=a1, health_check_source_ip=SOURCE,
                                                    health_check_target_ip=peer_ip(304)))
    assert_ok(result)
    assert result["router_interface"]["health_check_status"] == "NoRedundantRoute"
    ecmp_route(emu, a1, a2)

    result, calls = run(ansible, emu, INFO, dict(router_id=[VPC_ROUTER]))
    assert_ok(result)
    assert result["changed"] is False and mutating_actions(calls) == []
    health = dict((i["router_interface_id"], i.get("health_check_status")) for i in result["router_interfaces"])
    assert health[a1] == "Normal" and health[a2] is None
    attribute_calls = [c for c in calls if c["action"] == "DescribeRouterInterfaceAttribute"]
    assert [c["params"]["InstanceId"] for c in attribute_calls] == [a1]



def test_info_without_health_reads_no_attribute(clean_emulator, ansible):
    """include_health=false (the role's ownership check): the same interfaces, no DescribeRouterInterfaceAttribute
    call and no health_check_status, though the acceptor has a health check."""
    emu = clean_emulator
    vbr_id, initiator, acceptor = line(emu, 306)
    result, _calls = run(ansible, emu, MODULE, dict(router_interface_id=acceptor, health_check_source_ip=SOURCE,
                                                    health_check_target_ip=peer_ip(306)))
    assert_ok(result)

    routers = [vbr_id, VPC_ROUTER]
    result, calls = run(ansible, emu, INFO, dict(router_id=routers, opposite_router_id=routers, include_health=False))
    assert_ok(result)
    assert result["changed"] is False and actions(calls) == ["DescribeRouterInterfaces"]
    assert sorted(result["ids"]) == sorted([initiator, acceptor])
    assert all("health_check_status" not in i for i in result["router_interfaces"]), result
    checked = next(i for i in result["router_interfaces"] if i["router_interface_id"] == acceptor)
    assert checked["health_check_source_ip"] == SOURCE

@pytest.mark.parametrize("args, message", [
    (dict(health_check_source_ip=SOURCE), "parameters are required together: health_check_source_ip, "
                                          "health_check_target_ip"),
    (dict(health_check_source_ip="8.8.8.8", health_check_target_ip="10.1.1.2"),
     "health_check_source_ip must be a private address of the local VPC"),
    (dict(health_check_source_ip=SOURCE, health_check_target_ip="10.1.1.x"),
     "health_check_target_ip must be an IP address"),
    (dict(health_check_source_ip=SOURCE, health_check_target_ip=SOURCE), "health_check_target_ip must differ"),
    (dict(health_check_source_ip=SOURCE, health_check_target_ip="10.1.1.2", health_check_rate=100),
     "health_check_rate must be between 1000 and 5000 (got 100)"),
    (dict(health_check_source_ip=SOURCE, health_check_target_ip="10.1.1.2", health_check_threshold=20),
     "health_check_threshold must be between 3 and 8 (got 20)"),
    (dict(health_check_source_ip="", health_check_target_ip="", health_check_threshold=8),
     "health_check_threshold cannot be set while the health check is removed"),
])
def test_bad_health_check_fails_naming_the_option_with_no_call(clean_emulator, ansible, args, message):
    result, calls = run(ansible, clean_emulator, MODULE, dict(router_interface_id="ri-any", **args))
    assert result.get("failed"), result
    assert message in result["msg"], result["msg"]
    assert calls == []


def test_rate_without_a_health_check_fails_before_any_change(clean_emulator, ansible):
    _vbr, _i, acceptor = line(clean_emulator, 306)
    result, calls = run(ansible, clean_emulator, MODULE, dict(router_interface_id=acceptor, health_check_rate=2000))
    assert result.get("failed"), result
    assert "health_check_rate tunes a health check, and the router interface has none" in result["msg"]
    assert mutating_actions(calls) == []


def test_a_line_taken_down_shows_in_the_health_and_the_route(clean_emulator, ansible):
    """A rehearsal of a failure (the emulator's path-down switch): the line's check reads Abnormal and its member of
    the ECMP route Enabled 0, in the modules' results, while nothing changes; back up, both recover."""
    emu = clean_emulator
    vbr1, _i1, a1 = line(emu, 307)
    _vbr2, _i2, a2 = line(emu, 308)
    for acceptor, vlan_id in ((a1, 307), (a2, 308)):
        assert_ok(run(ansible, emu, MODULE, dict(router_interface_id=acceptor, health_check_source_ip=SOURCE,
                                                 health_check_target_ip=peer_ip(vlan_id)))[0])
    route = {"route_table_id": VPC_TABLE, "destination_cidr_block": "192.168.0.0/16",
             "next_hops": [{"next_hop_id": a1}, {"next_hop_id": a2}]}
    assert_ok(run(ansible, emu, "ali_route_entry", route)[0])

    def observed():
        info, calls = run(ansible, emu, INFO, dict(router_interface_ids=[a1, a2]))
        assert_ok(info)
        entry, more = run(ansible, emu, "ali_route_entry", route)
        assert_ok(entry)
        assert info["changed"] is False and entry["changed"] is False and mutating_actions(calls + more) == []
        health = dict((i["router_interface_id"], i["health_check_status"]) for i in info["router_interfaces"])
        enabled = dict((h["next_hop_id"], h["enabled"]) for h in entry["route_entry"]["next_hops"])
        return health, enabled

    assert observed() == ({a1: "Normal", a2: "Normal"}, {a1: 1, a2: 1})
    emu.path_down(vbr1)
    assert observed() == ({a1: "Abnormal", a2: "Normal"}, {a1: 0, a2: 1})
    emu.path_up(vbr1)
    assert observed() == ({a1: "Normal", a2: "Normal"}, {a1: 1, a2: 1})

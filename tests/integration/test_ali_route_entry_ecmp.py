"""ali_route_entry's ECMP and weighted routes (next_hops) through ansible-playbook against the emulator.

The topology of a redundant interconnect: two lines (a VBR each, with a connected pair of router interfaces) into
the same VPC, whose route toward the data centre uses both acceptors. Setup goes through the SDK (support.sdk)."""

import pytest

from support.calls import mutating, mutating_actions
from support.fixture_ids import VPC_TABLE
from support.playbook import assert_ok, run, run_many
from support.sdk import create_vbr, create_vbr_ri, create_vpc_ri

MODULE = "ali_route_entry"
CIDR = "192.168.0.0/16"


def lines(emulator, count=2):
    """The VPC-side acceptors of `count` lines into VPC_ROUTER (each paired with a VBR of its own, Active)."""
    return [create_vpc_ri(emulator) for _ in range(count)]


def stored_hops(emulator, cidr=CIDR):
    """(id, weight) of the next hops of the one entry for cidr in VPC_TABLE, as the emulator holds them."""
    [entry] = [e for e in emulator.state()["RouteEntries"]
               if e.get("RouteTableId") == VPC_TABLE and e.get("DestinationCidrBlock") == cidr]
    assert entry["Status"] == "Available"
    return sorted((h["NextHopId"], h["Weight"]) for h in entry["NextHops"]["NextHop"])


def no_entry(emulator, cidr=CIDR):
    return not [e for e in emulator.state()["RouteEntries"]
                if e.get("RouteTableId") == VPC_TABLE and e.get("DestinationCidrBlock") == cidr]


def hops(*pairs):
    return [{"next_hop_id": hop_id, "weight": weight} for hop_id, weight in pairs]


def view(*pairs):
    """The diff's next_hops for these (id, weight) pairs (in the order of their IDs)."""
    return [{"next_hop_type": "RouterInterface", "next_hop_id": hop_id, "weight": weight}
            for hop_id, weight in sorted(pairs)]


def sent_next_hop_list(call):
    """NextHopList.N.* of a CreateRouteEntry call as (id, type, weight) triples."""
    params = call["params"]
    count = len([key for key in params if key.startswith("NextHopList.") and key.endswith(".NextHopId")])
    return [(params["NextHopList.%d.NextHopId" % n], params["NextHopList.%d.NextHopType" % n],
             int(params["NextHopList.%d.Weight" % n])) for n in range(1, count + 1)]


def unchanged_twice(ansible, emulator, args):
    for check in (True, False):
        result, calls = run(ansible, emulator, MODULE, args, check=check)
        assert_ok(result)
        assert result["changed"] is False and mutating_actions(calls) == [], (check, result)
        assert not result.get("warnings"), result


def lifecycle(ansible, emulator, first, second):
    """check -> apply -> check -> apply -> a change of next hops (refused without replace, in check mode too;
    predicted and done with it) -> unchanged -> absent (check) -> absent -> absent."""
    args = {"route_table_id": VPC_TABLE, "destination_cidr_block": CIDR, "next_hops": hops(*first)}

    result, calls = run(ansible, emulator, MODULE, args, check=True, diff=True)
    assert_ok(result)
    assert result["changed"] is True and mutating_actions(calls) == []
    assert result["diff"]["before"] == {} and result["diff"]["after"]["next_hops"] == view(*first)
    assert result["diff"]["after"]["next_hop_id"] is None
    predicted = result["diff"]
    assert no_entry(emulator)

    result, calls = run(ansible, emulator, MODULE, args, diff=True)
    assert_ok(result)
    assert result["changed"] is True and mutating_actions(calls) == ["CreateRouteEntry"]
    assert result["diff"] == predicted
    assert sent_next_hop_list(mutating(calls)[0]) == [(i, "RouterInterface", w) for i, w in first]
    assert "NextHopId" not in mutating(calls)[0]["params"] and "NextHopType" not in mutating(calls)[0]["params"]
    entry = result["route_entry"]
    assert entry["status"] == "Available" and entry["next_hop_id"] is None
    assert sorted((h["next_hop_id"], h["weight"]) for h in entry["next_hops"]) == sorted(first)
    assert all(h["enabled"] == 1 for h in entry["next_hops"])
    assert stored_hops(emulator) == sorted(first)
    first_id = result["route_entry_id"]

    unchanged_twice(ansible, emulator, args)

    change = dict(args, next_hops=hops(*second))
    for check in (True, False):
        result, calls = run(ansible, emulator, MODULE, change, check=check)
        assert result.get("failed") and mutating_actions(calls) == [], result
        assert first_id in result["msg"] and "replace=true" in result["msg"]
        assert "cannot be changed in place" in result["msg"] and "not routed" in result["msg"]
    assert stored_hops(emulator) == sorted(first)

    replace = dict(change, replace=True)
    result, calls = run(ansible, emulator, MODULE, replace, check=True, diff=True)
    assert_ok(result)
    assert result["changed"] is True and mutating_actions(calls) == []
    assert result["diff"]["before"]["next_hops"] == view(*first)
    assert result["diff"]["after"]["next_hops"] == view(*second)
    [warning] = result["warnings"]
    assert "would be deleted and created again" in warning and "not routed" in warning and first_id in warning
    predicted = result["diff"]

    result, calls = run(ansible, emulator, MODULE, replace, diff=True)
    assert_ok(result)
    assert result["changed"] is True and mutating_actions(calls) == ["DeleteRouteEntry", "CreateRouteEntry"]
    assert result["diff"] == predicted
    [warning] = result["warnings"]
    assert "is deleted and created again" in warning and "not routed" in warning
    assert result["route_entry_id"] != first_id
    assert stored_hops(emulator) == sorted(second)

    unchanged_twice(ansible, emulator, replace)

    absent = dict(replace, state="absent")
    result, calls = run(ansible, emulator, MODULE, absent, check=True, diff=True)
    assert_ok(result)
    assert result["changed"] is True and mutating_actions(calls) == []
    assert result["diff"]["after"] == {} and result["diff"]["before"]["next_hops"] == view(*second)
    result, calls = run(ansible, emulator, MODULE, absent)
    assert_ok(result)
    assert result["changed"] is True and mutating_actions(calls) == ["DeleteRouteEntry"]
    assert result["route_entry"] == {} and no_entry(emulator)
    unchanged_twice(ansible, emulator, absent)


@pytest.mark.lifecycle
def test_ecmp_route_lifecycle(clean_emulator, ansible):
    """Equal weights over two lines; the change adds a third line (members cannot change in place)."""
    a, b, c = lines(clean_emulator, 3)
    lifecycle(ansible, clean_emulator, [(a, 100), (b, 100)], [(a, 100), (b, 100), (c, 100)])


def test_active_standby_route_lifecycle(clean_emulator, ansible):
    """A primary and a standby line; the change swaps their weights (weights cannot change in place)."""
    a, b = lines(clean_emulator)
    lifecycle(ansible, clean_emulator, [(a, 100), (b, 10)], [(a, 10), (b, 100)])


def test_order_of_next_hops_does_not_matter(clean_emulator, ansible):
    a, b = lines(clean_emulator)
    args = {"route_table_id": VPC_TABLE, "destination_cidr_block": CIDR, "next_hops": hops((a, 100), (b, 50))}
    result, calls = run(ansible, clean_emulator, MODULE, args)
    assert_ok(result)
    assert result["changed"] is True and mutating_actions(calls) == ["CreateRouteEntry"]
    unchanged_twice(ansible, clean_emulator, dict(args, next_hops=hops((b, 50), (a, 100))))


def test_route_table_info_lists_an_ecmp_entry_with_its_members(clean_emulator, ansible):
    a, b = lines(clean_emulator)
    args = {"route_table_id": VPC_TABLE, "destination_cidr_block": CIDR, "next_hops": hops((a, 100), (b, 10))}
    assert_ok(run(ansible, clean_emulator, MODULE, args)[0])
    result, calls = run(ansible, clean_emulator, "ali_route_table_info",
                        {"route_table_id": VPC_TABLE, "router_type": "VRouter", "route_entry_type": "Custom"})
    assert_ok(result)
    assert mutating_actions(calls) == []
    [entry] = [e for e in result["route_tables"][0]["route_entries"] if e["destination_cidr_block"] == CIDR]
    assert entry["next_hop_id"] is None and entry["next_hop_type"] is None
    assert sorted((h["next_hop_id"], h["weight"], h["enabled"]) for h in entry["next_hops"]) == sorted(
        [(a, 100, 1), (b, 10, 1)])


def test_absent_leaves_an_ecmp_entry_over_other_lines_alone(clean_emulator, ansible):
    a, b, c = lines(clean_emulator, 3)
    args = {"route_table_id": VPC_TABLE, "destination_cidr_block": CIDR, "next_hops": hops((a, 100), (b, 100))}
    assert_ok(run(ansible, clean_emulator, MODULE, args)[0])
    other = dict(args, state="absent", next_hops=hops((a, 100), (c, 100)))
    result, calls = run(ansible, clean_emulator, MODULE, other)
    assert_ok(result)
    assert result["changed"] is False and mutating_actions(calls) == []
    assert any(c in w and b in w for w in result["warnings"]), result
    # The weights do not matter for state=absent, only which interfaces.
    result, calls = run(ansible, clean_emulator, MODULE, dict(args, state="absent", next_hops=hops((a, 1), (b, 2))))
    assert_ok(result)
    assert result["changed"] is True and mutating_actions(calls) == ["DeleteRouteEntry"]


def test_routes_mix_an_ecmp_entry_and_a_single_one(clean_emulator, ansible):
    a, b = lines(clean_emulator)
    args = {"route_table_id": VPC_TABLE, "routes": [
        {"destination_cidr_block": CIDR, "next_hops": hops((a, 100), (b, 10))},
        {"destination_cidr_block": "10.10.0.0/16", "next_hop_id": a},
    ]}
    result, calls = run(ansible, clean_emulator, MODULE, args, check=True, diff=True)
    assert_ok(result)
    assert result["changed"] is True and mutating_actions(calls) == []
    predicted = result["diff"]
    result, calls = run(ansible, clean_emulator, MODULE, args, diff=True)
    assert_ok(result)
    assert mutating_actions(calls) == ["CreateRouteEntry", "CreateRouteEntry"]
    assert result["diff"] == predicted
    assert [e["changed"] for e in result["route_entries"]] == [True, True]
    assert result["route_entries"][1]["next_hop_id"] == a
    assert stored_hops(clean_emulator) == sorted([(a, 100), (b, 10)])
    unchanged_twice(ansible, clean_emulator, args)

    # A weight change of the ECMP item needs replace; nothing of the task is changed without it.
    changed = {"route_table_id": VPC_TABLE, "routes": [dict(args["routes"][0], next_hops=hops((a, 100), (b, 20))),
                                                       args["routes"][1]]}
    result, calls = run(ansible, clean_emulator, MODULE, changed)
    assert result.get("failed") and mutating_actions(calls) == []
    assert result["msg"].startswith("routes[0]: ") and "replace=true" in result["msg"]
    results, calls = run_many(ansible, clean_emulator, [(MODULE, dict(changed, replace=True)),
                                                        (MODULE, dict(changed, replace=True))])
    assert_ok(results[0])
    assert_ok(results[1])
    assert [e["changed"] for e in results[0]["route_entries"]] == [True, False]
    assert results[1]["changed"] is False
    assert mutating_actions(calls) == ["DeleteRouteEntry", "CreateRouteEntry"]
    assert stored_hops(clean_emulator) == sorted([(a, 100), (b, 20)])


HOP_A, HOP_B = {"next_hop_id": "ri-a"}, {"next_hop_id": "ri-b"}


@pytest.mark.parametrize("args, message", [
    ({"next_hops": [HOP_A]}, "next_hops must have 2 to 4 next hops (got 1)"),
    ({"next_hops": [{"next_hop_id": "ri-%d" % n} for n in range(5)]}, "next_hops must have 2 to 4 next hops (got 5)"),
    ({"next_hops": []}, "next_hops must not be an empty list"),
    ({"next_hops": None}, "state is present but any of the following are missing: next_hop_id, next_hops"),
    ({"next_hops": [HOP_A, dict(HOP_B, weight=256)]}, "next_hops[1].weight must be between 0 and 255 (got 256)"),
    ({"next_hops": [HOP_A, dict(HOP_B, weight=-1)]}, "next_hops[1].weight must be between 0 and 255 (got -1)"),
    ({"next_hops": [HOP_A, HOP_A]}, "next_hops[1].next_hop_id ri-a is also next_hops[0]"),
    ({"next_hops": [HOP_A, {"next_hop_id": ""}]}, "next_hops[1].next_hop_id must not be empty"),
    ({"next_hops": [HOP_A, dict(HOP_B, next_hop_type="Instance")]}, "next_hop_type must be one of: RouterInterface"),
    ({"next_hops": [HOP_A, HOP_B], "next_hop_id": "ri-c"}, "mutually exclusive: next_hops|next_hop_id"),
    ({"next_hops": [HOP_A, HOP_B], "next_hop_type": "RouterInterface"}, "mutually exclusive: next_hops|next_hop_type"),
    ({"destination_cidr_block": None, "routes": [{"destination_cidr_block": CIDR, "next_hops": [HOP_A]}]},
     "routes[0].next_hops must have 2 to 4 next hops (got 1)"),
    ({"destination_cidr_block": None, "routes": [{"destination_cidr_block": CIDR, "next_hops": []}]},
     "routes[0].next_hops must not be an empty list"),
    ({"destination_cidr_block": None, "routes": [{"destination_cidr_block": CIDR, "next_hop_id": "ri-c",
                                                  "next_hops": [HOP_A, HOP_B]}]},
     "mutually exclusive: next_hops|next_hop_id found in routes"),
    ({"route_table_id": None, "router_id": "vbr-any", "router_type": "VBR", "next_hops": [HOP_A, HOP_B]},
     "next_hops: an ECMP route (NextHopList) is only possible in a VPC route table"),
])
def test_bad_next_hops_fail_naming_the_option_with_no_call(clean_emulator, ansible, args, message):
    task = dict({"route_table_id": VPC_TABLE, "destination_cidr_block": CIDR}, **args)
    task = dict((key, value) for key, value in task.items() if value is not None or key == "next_hops")
    result, calls = run(ansible, clean_emulator, MODULE, task)
    assert result.get("failed"), result
    assert message in result["msg"], result["msg"]
    assert calls == []


def test_a_next_hop_that_does_not_lead_to_a_vbr_is_refused_by_the_api(clean_emulator, ansible):
    """The API's own rule (T4), which the module cannot check without more calls: the refusal names its code and
    no entry is made."""
    a = create_vpc_ri(clean_emulator)
    vbr_side = create_vbr_ri(clean_emulator, create_vbr(clean_emulator, 2990))
    args = {"route_table_id": VPC_TABLE, "destination_cidr_block": CIDR, "next_hops": hops((a, 100), (vbr_side, 100))}
    result, calls = run(ansible, clean_emulator, MODULE, args)
    assert result.get("failed"), result
    assert result["error"]["code"] in ("InvalidOppositeRouterType", "InvalidRouterInterface",
                                       "InvalidNextHopId.NotFound"), result
    assert mutating_actions(calls) == ["CreateRouteEntry"] and no_entry(clean_emulator)

"""ali_route_entry through ansible-playbook against the emulator.

Setup (VBRs, router interfaces, other route entries) is made with the SDK directly, so these tests depend
only on the emulator and the route modules.
"""

import pytest

from support.calls import CallWindow, mutating
from support.emulator import REGION
from support.fixture_ids import VPC_ROUTER, VPC_TABLE
from support.sdk import connect_pair, create_route, create_vbr_ri, create_vbr_with_table, create_vpc_ri, sdk_call

MODULE = "ali_route_entry"


# ---------------------------------------------------------------------------------------------------------------
# helpers

def entries(emulator, table_id, cidr=None):
    """Route entries of a table as the emulator's admin state has them (every status)."""
    return [e for e in emulator.state()["RouteEntries"]
            if e.get("RouteTableId") == table_id and (cidr is None or e.get("DestinationCidrBlock") == cidr)]


def next_hop_of(entry):
    hops = (entry.get("NextHops") or {}).get("NextHop") or []
    if hops:
        return hops[0].get("NextHopId")
    return entry.get("NextHopId") or entry.get("InstanceId")


def step(ansible, emulator, args, check=False, diff=False):
    """Run the module once; return (result, mutating actions it caused, all actions it caused)."""
    window = CallWindow(emulator)
    result = ansible.run_module(MODULE, args, check=check, diff=diff)
    return result, window.mutating(), window.actions()


def lifecycle(ansible, emulator, args, table_id, cidr, next_hop_id):
    """check -> apply -> check -> apply -> absent(check) -> absent -> absent, asserting changed and calls."""
    result, mutating, _ = step(ansible, emulator, args, check=True, diff=True)
    assert not result.get("failed"), result
    assert result["changed"] is True and mutating == []
    assert result["route_entry"]["next_hop_id"] == next_hop_id
    assert result["route_entry"]["destination_cidr_block"] == cidr
    assert result["route_table_id"] == table_id
    predicted_diff = result["diff"]
    assert predicted_diff["before"] == {}
    assert entries(emulator, table_id, cidr) == []

    result, mutating, _ = step(ansible, emulator, args, diff=True)
    assert not result.get("failed"), result
    assert result["changed"] is True and mutating == ["CreateRouteEntry"]
    entry = result["route_entry"]
    assert entry["status"] == "Available"
    assert entry["destination_cidr_block"] == cidr
    assert entry["next_hop_id"] == next_hop_id and entry["next_hop_type"] == "RouterInterface"
    assert entry["route_table_id"] == table_id
    assert result["route_entry_id"] == entry["route_entry_id"] and result["route_entry_id"]
    assert result["diff"] == predicted_diff  # check mode predicted exactly what happened
    [stored] = entries(emulator, table_id, cidr)
    assert stored["Status"] == "Available" and next_hop_of(stored) == next_hop_id

    for check in (True, False):
        result, mutating, _ = step(ansible, emulator, args, check=check)
        assert not result.get("failed"), result
        assert result["changed"] is False and mutating == []
        assert result["route_entry_id"] == entry["route_entry_id"]

    absent = dict(args, state="absent")
    result, mutating, _ = step(ansible, emulator, absent, check=True, diff=True)
    assert result["changed"] is True and mutating == []
    assert result["diff"]["after"] == {} and result["diff"]["before"]["next_hop_id"] == next_hop_id
    assert len(entries(emulator, table_id, cidr)) == 1

    result, mutating, _ = step(ansible, emulator, absent)
    assert not result.get("failed"), result
    assert result["changed"] is True and mutating == ["DeleteRouteEntry"]
    assert result["route_entry"] == {} and result["route_entry_id"] == entry["route_entry_id"]
    assert entries(emulator, table_id, cidr) == []

    result, mutating, _ = step(ansible, emulator, absent)
    assert not result.get("failed"), result
    assert result["changed"] is False and mutating == []


# ---------------------------------------------------------------------------------------------------------------
# lifecycles

@pytest.mark.lifecycle
def test_vpc_table_lifecycle(clean_emulator, ansible):
    ri = create_vpc_ri(clean_emulator)
    args = {"route_table_id": VPC_TABLE, "destination_cidr_block": "192.168.0.0/16", "next_hop_id": ri,
            "name": "to-idc", "description": "route to the data centre"}
    lifecycle(ansible, clean_emulator, args, VPC_TABLE, "192.168.0.0/16", ri)


def test_vbr_table_lifecycle_by_router_id(clean_emulator, ansible):
    vbr_id, table_id = create_vbr_with_table(clean_emulator, vlan_id=101)
    ri = create_vbr_ri(clean_emulator, vbr_id)
    args = {"router_id": vbr_id, "router_type": "VBR", "destination_cidr_block": "172.16.0.0/12",
            "next_hop_type": "RouterInterface", "next_hop_id": ri}
    lifecycle(ansible, clean_emulator, args, table_id, "172.16.0.0/12", ri)


def test_vbr_table_by_id_and_vpc_table_by_router_id(clean_emulator, ansible):
    vbr_id, vbr_table = create_vbr_with_table(clean_emulator, vlan_id=102)
    vbr_ri = create_vbr_ri(clean_emulator, vbr_id)
    vpc_ri = create_vpc_ri(clean_emulator)
    tasks = [
        {"name": "vbr", "aliyun.express_connect.ali_route_entry": {
            "route_table_id": vbr_table, "destination_cidr_block": "172.16.0.0/12", "next_hop_id": vbr_ri}},
        {"name": "vpc", "aliyun.express_connect.ali_route_entry": {
            "router_id": VPC_ROUTER, "router_type": "VRouter", "destination_cidr_block": "192.168.10.0/24",
            "next_hop_id": vpc_ri}},
    ]
    run = ansible.run_tasks(tasks)
    assert run.rc == 0, run.stdout + run.stderr
    assert run.result("vbr")["changed"] and run.result("vbr")["route_table_id"] == vbr_table
    assert run.result("vpc")["changed"] and run.result("vpc")["route_table_id"] == VPC_TABLE
    assert next_hop_of(entries(clean_emulator, vbr_table, "172.16.0.0/12")[0]) == vbr_ri
    assert next_hop_of(entries(clean_emulator, VPC_TABLE, "192.168.10.0/24")[0]) == vpc_ri

    window = CallWindow(clean_emulator)
    run = ansible.run_tasks(tasks)
    assert run.rc == 0 and run.changed_tasks == [] and window.mutating() == []


# ---------------------------------------------------------------------------------------------------------------
# next hop conflicts and replace

def test_cidr_taken_by_another_next_hop_fails_then_replace(clean_emulator, ansible):
    ri_old = create_vpc_ri(clean_emulator)
    ri_new = create_vpc_ri(clean_emulator)
    old_id = create_route(clean_emulator, VPC_TABLE, "192.168.0.0/16", ri_old)
    args = {"route_table_id": VPC_TABLE, "destination_cidr_block": "192.168.0.0/16", "next_hop_id": ri_new}

    for check in (True, False):
        result, mutating, _ = step(ansible, clean_emulator, args, check=check)
        assert result.get("failed") and mutating == [], result
        assert ri_old in result["msg"] and "RouterInterface %s" % ri_old in result["msg"]
        assert old_id in result["msg"] and "replace=true" in result["msg"]
        assert "Traceback" not in result["msg"]
    assert next_hop_of(entries(clean_emulator, VPC_TABLE, "192.168.0.0/16")[0]) == ri_old

    replace = dict(args, replace=True)
    result, mutating, _ = step(ansible, clean_emulator, replace, check=True, diff=True)
    assert result["changed"] and mutating == []
    assert result["diff"]["before"]["next_hop_id"] == ri_old and result["diff"]["after"]["next_hop_id"] == ri_new
    predicted_diff = result["diff"]

    result, mutating, _ = step(ansible, clean_emulator, replace, diff=True)
    assert not result.get("failed"), result
    assert result["diff"] == predicted_diff
    assert result["changed"] and mutating == ["DeleteRouteEntry", "CreateRouteEntry"]
    assert result["route_entry"]["next_hop_id"] == ri_new and result["route_entry_id"] != old_id
    [stored] = entries(clean_emulator, VPC_TABLE, "192.168.0.0/16")
    assert next_hop_of(stored) == ri_new and stored["Status"] == "Available"

    result, mutating, _ = step(ansible, clean_emulator, replace)
    assert result["changed"] is False and mutating == []


def test_absent_leaves_an_entry_with_another_next_hop_alone(clean_emulator, ansible):
    ri_other = create_vpc_ri(clean_emulator)
    ri_mine = create_vpc_ri(clean_emulator)
    create_route(clean_emulator, VPC_TABLE, "192.168.0.0/16", ri_other)
    args = {"route_table_id": VPC_TABLE, "destination_cidr_block": "192.168.0.0/16", "next_hop_id": ri_mine,
            "state": "absent"}
    result, mutating, _ = step(ansible, clean_emulator, args)
    assert not result.get("failed"), result
    assert result["changed"] is False and mutating == []
    assert any(ri_other in w for w in result.get("warnings", [])), result
    assert len(entries(clean_emulator, VPC_TABLE, "192.168.0.0/16")) == 1


def test_name_is_immutable_unless_replace(clean_emulator, ansible):
    ri = create_vpc_ri(clean_emulator)
    args = {"route_table_id": VPC_TABLE, "destination_cidr_block": "192.168.0.0/16", "next_hop_id": ri,
            "name": "first"}
    result, _, _ = step(ansible, clean_emulator, args)
    assert result["changed"] and result["route_entry"]["route_entry_name"] == "first"

    result, mutating, _ = step(ansible, clean_emulator, dict(args, name="second"))
    assert result["failed"] and mutating == []
    assert "name cannot be changed after creation" in result["msg"]

    # Leaving name unset leaves it alone.
    result, mutating, _ = step(ansible, clean_emulator, dict(args, name=None))
    assert result["changed"] is False and mutating == []

    result, mutating, _ = step(ansible, clean_emulator, dict(args, name="second", replace=True))
    assert result["changed"] and mutating == ["DeleteRouteEntry", "CreateRouteEntry"]
    assert result["route_entry"]["route_entry_name"] == "second"


def test_next_hop_that_is_not_connected(clean_emulator, ansible):
    """The cloud refuses a route toward an interface that is not Active: an Idle one (nothing is connecting it)
    fails at once with a message that says what to do; a connecting one is waited for."""
    idle = sdk_call(clean_emulator, "CreateRouterInterface", RegionId=REGION, RouterType="VRouter",
                    RouterId=VPC_ROUTER, Role="AcceptingSide", Spec="Negative", OppositeRegionId=REGION,
                    OppositeRouterType="VBR", OppositeAccessPointId="ap-cn-hangzhou-xs-B")["RouterInterfaceId"]
    args = {"route_table_id": VPC_TABLE, "destination_cidr_block": "192.168.0.0/16", "next_hop_id": idle}
    result, mutating, _ = step(ansible, clean_emulator, args)
    assert result["failed"] and mutating == ["CreateRouteEntry"]
    assert "next_hop_id %s is Idle" % idle in result["msg"] and "ali_ri_connection" in result["msg"]
    assert result["error"]["code"] == "OperationDenied.VbrIdle" and result["error"]["request_id"]

    vbr_id, _table = create_vbr_with_table(clean_emulator, 321)
    initiator = create_vbr_ri(clean_emulator, vbr_id)
    sdk_call(clean_emulator, "DeactivateRouterInterface", RegionId=REGION, RouterInterfaceId=initiator)
    clean_emulator.configure(latency_scale=1.0, profile={"ri_activate": 6.0})  # outlasts the module's start-up
    sdk_call(clean_emulator, "ActivateRouterInterface", RegionId=REGION, RouterInterfaceId=initiator)
    result, mutating, _ = step(ansible, clean_emulator, {"route_table_id": _table,
                                                         "destination_cidr_block": "172.16.0.0/12",
                                                         "next_hop_id": initiator})
    assert not result.get("failed"), result
    assert result["changed"] and result["route_entry"]["status"] == "Available"
    # Refused while Activating, then created once: one logical create, one ClientToken.
    creates = [c for c in clean_emulator.calls() if c["action"] == "CreateRouteEntry" and c["params"]["NextHopId"]
               == initiator]
    assert creates[0]["code"] == "IncorrectStatus.RouterInterface" and creates[-1]["code"] is None
    assert len({c["params"]["ClientToken"] for c in creates}) == 1


# ---------------------------------------------------------------------------------------------------------------
# input validation and API refusals

BAD_CIDRS = [
    ("10.0.0.1/8", "has host bits set; the network address is 10.0.0.0/8"),
    ("10.0.0.300/24", "is not a valid IPv4 or IPv6 CIDR block"),
    ("not-a-cidr", "is not a valid IPv4 or IPv6 CIDR block"),
    ("10.0.0.0/33", "is not a valid IPv4 or IPv6 CIDR block"),
    ("2001:db8::1/32", "has host bits set; the network address is 2001:db8::/32"),
    ("100.64.1.0/24", "is inside 100.64.0.0/10"),
]


def test_bad_cidr_rejected_before_any_call(clean_emulator, ansible):
    window = CallWindow(clean_emulator)
    results = ansible.run_modules([(MODULE, {"route_table_id": VPC_TABLE, "destination_cidr_block": cidr,
                                             "next_hop_id": "ri-x"})
                                   for cidr, _ in BAD_CIDRS]
                                  + [(MODULE, {"route_table_id": VPC_TABLE, "destination_cidr_block": "10.0.0.1/8",
                                               "state": "absent"})])
    for (cidr, expected), result in zip(BAD_CIDRS + [BAD_CIDRS[0]], results):
        assert result["failed"], (cidr, result)
        assert result["msg"].startswith("destination_cidr_block: '%s'" % cidr), result["msg"]
        assert expected in result["msg"], result["msg"]
    assert window.calls() == []


def test_option_rules_rejected_before_any_call(clean_emulator, ansible):
    window = CallWindow(clean_emulator)
    base = {"destination_cidr_block": "192.168.0.0/16", "next_hop_id": "ri-x"}
    cases = [
        (base, "one of the following is required: route_table_id, router_id"),
        (dict(base, route_table_id=VPC_TABLE, router_id=VPC_ROUTER, router_type="VRouter"),
         "mutually exclusive: route_table_id|router_id"),
        (dict(base, router_id=VPC_ROUTER), "required together: router_id, router_type"),
        ({"route_table_id": VPC_TABLE, "destination_cidr_block": "192.168.0.0/16"}, "next_hop_id"),
        (dict(base, route_table_id=VPC_TABLE, next_hop_type="Bogus"), "next_hop_type"),
        (dict(base, route_table_id=VPC_TABLE, router_type="Bogus"), "router_type"),
    ]
    results = ansible.run_modules([(MODULE, args) for args, _ in cases])
    for (args, expected), result in zip(cases, results):
        assert result["failed"] and expected in result["msg"], (args, result.get("msg"))
    assert window.calls() == []


def test_bare_ip_is_a_host_route_and_normalised(clean_emulator, ansible):
    ri = create_vpc_ri(clean_emulator)
    args = {"route_table_id": VPC_TABLE, "destination_cidr_block": "192.168.5.5", "next_hop_id": ri}
    result, mutating, _ = step(ansible, clean_emulator, args)
    assert result["changed"] and mutating == ["CreateRouteEntry"]
    assert result["route_entry"]["destination_cidr_block"] == "192.168.5.5/32"
    created = [c for c in clean_emulator.calls() if c["action"] == "CreateRouteEntry"]
    assert created[-1]["params"]["DestinationCidrBlock"] == "192.168.5.5/32"
    result, mutating, _ = step(ansible, clean_emulator, dict(args, destination_cidr_block="192.168.5.5/32"))
    assert result["changed"] is False and mutating == []
    result, mutating, _ = step(ansible, clean_emulator, dict(args, state="absent"))
    assert result["changed"] and mutating == ["DeleteRouteEntry"]

    ipv6 = dict(args, destination_cidr_block="2001:DB8:0::/48")
    result, mutating, _ = step(ansible, clean_emulator, ipv6)
    assert result["changed"] and mutating == ["CreateRouteEntry"]
    assert result["route_entry"]["destination_cidr_block"] == "2001:db8::/48"
    result, mutating, _ = step(ansible, clean_emulator, dict(ipv6, destination_cidr_block="2001:db8::/48"), check=True)
    assert result["changed"] is False and mutating == []


def test_overlap_with_vswitch_is_refused_by_the_api(clean_emulator, ansible):
    ri = create_vpc_ri(clean_emulator)
    # vpc-emu0001's vSwitch is 172.16.0.0/24; a more specific route inside it overlaps.
    window = CallWindow(clean_emulator)
    result = ansible.run_module(MODULE, {"route_table_id": VPC_TABLE, "destination_cidr_block": "172.16.0.0/25",
                                         "next_hop_id": ri})
    assert result["failed"]
    refused = [c for c in window.calls() if c["action"] == "CreateRouteEntry"]
    assert len(refused) == 1 and refused[0]["code"], window.calls()
    code = refused[0]["code"]
    assert result["error"]["code"] == code
    assert "CreateRouteEntry failed: %s" % code in result["msg"]
    assert "RequestId: %s" % refused[0]["request_id"] in result["msg"]
    assert "Traceback" not in result["msg"] and entries(clean_emulator, VPC_TABLE, "172.16.0.0/25") == []


def test_unknown_table_fails_with_the_api_code(clean_emulator, ansible):
    result = ansible.run_module(MODULE, {"route_table_id": "vtb-doesnotexist", "destination_cidr_block": "10.9.0.0/16",
                                         "next_hop_id": "ri-x"})
    assert result["failed"] and "RequestId" in result["msg"] and "NotFound" in result["msg"], result["msg"]


def test_unknown_router_fails_clearly(clean_emulator, ansible):
    result = ansible.run_module(MODULE, {"router_id": "vbr-doesnotexist", "router_type": "VBR",
                                         "destination_cidr_block": "10.9.0.0/16", "next_hop_id": "ri-x"})
    assert result["failed"]
    assert "vbr-doesnotexist" in result["msg"], result["msg"]
    assert mutating(clean_emulator.calls()) == []


# ---------------------------------------------------------------------------------------------------------------
# timing: a busy table, wait: false

def test_busy_table_is_waited_out(clean_emulator, ansible):
    ri = create_vpc_ri(clean_emulator)
    # Pending lasts 3 s: long enough for the second task to meet it whatever the machine's load.
    clean_emulator.configure(latency_scale=1.0)
    tasks = [
        {"name": "first", "aliyun.express_connect.ali_route_entry": {
            "route_table_id": VPC_TABLE, "destination_cidr_block": "192.168.1.0/24", "next_hop_id": ri,
            "wait": False}},
        {"name": "second", "aliyun.express_connect.ali_route_entry": {
            "route_table_id": VPC_TABLE, "destination_cidr_block": "192.168.2.0/24", "next_hop_id": ri}},
    ]
    run = ansible.run_tasks(tasks)
    assert run.rc == 0, run.stdout + run.stderr
    first, second = run.result("first"), run.result("second")
    assert first["changed"] and first["route_entry"]["status"] == "Pending" and first["route_entry_id"]
    assert second["changed"] and second["route_entry"]["status"] == "Available"
    creates = [c for c in clean_emulator.calls() if c["action"] == "CreateRouteEntry"]
    busy = [c for c in creates if c["code"] == "IncorrectRouteEntryStatus"]
    assert busy, creates  # the second create met the Pending first entry ...
    assert creates[-1]["code"] is None  # ... and was retried until the table was free
    tokens = set(c["params"]["ClientToken"] for c in creates[1:])
    assert len(tokens) == 1  # one ClientToken for every attempt of the second create
    assert sorted(e["DestinationCidrBlock"] for e in entries(clean_emulator, VPC_TABLE)
                  if e.get("Type", "Custom") == "Custom") == ["192.168.1.0/24", "192.168.2.0/24"]

    # Deleting while the table is busy is waited out too.
    sdk_call(clean_emulator, "CreateRouteEntry", RegionId=REGION, RouteTableId=VPC_TABLE,
             DestinationCidrBlock="192.168.3.0/24", NextHopType="RouterInterface", NextHopId=ri)
    result, mutating, _ = step(ansible, clean_emulator, {"route_table_id": VPC_TABLE, "state": "absent",
                                                         "destination_cidr_block": "192.168.2.0/24"})
    assert not result.get("failed"), result
    assert result["changed"] and set(mutating) == {"DeleteRouteEntry"}
    assert entries(clean_emulator, VPC_TABLE, "192.168.2.0/24") == []


# ---------------------------------------------------------------------------------------------------------------
# lookup cost does not grow with the table

def test_lookup_cost_independent_of_table_size(clean_emulator, ansible):
    ri = create_vpc_ri(clean_emulator, router_id="vrt-emu0002")
    table = "vtb-emu0002"
    mine = {"route_table_id": table, "destination_cidr_block": "192.168.0.0/16", "next_hop_id": ri}
    by_router = {"router_id": "vrt-emu0002", "router_type": "VRouter", "destination_cidr_block": "192.168.0.0/16",
                 "next_hop_id": ri}

    def costs():
        measured = []
        for args, check in ((mine, False), (mine, True), (by_router, False),
                            (dict(mine, destination_cidr_block="192.169.0.0/16", state="absent"), False)):
            result, mutating, actions = step(ansible, clean_emulator, args, check=check)
            assert not result.get("failed") and result["changed"] is False and mutating == [], result
            measured.append(actions)
        return measured

    create_route(clean_emulator, table, "192.168.0.0/16", ri)
    small = costs()
    for index in range(47):
        create_route(clean_emulator, table, "10.%d.0.0/16" % (100 + index), ri)
    custom = [e for e in entries(clean_emulator, table) if e.get("Type", "Custom") == "Custom"]
    assert len(custom) == 48
    large = costs()
    assert large == small
    assert small[0] == ["DescribeRouteEntryList"]
    assert small[2] == ["DescribeRouteTableList", "DescribeRouteEntryList"]


def test_wait_timeout_names_the_entry_and_its_status(clean_emulator, ansible):
    ri = create_vpc_ri(clean_emulator)
    clean_emulator.configure(latency_scale=100.0)  # Pending for 300 s
    result, mutating, _ = step(ansible, clean_emulator, {"route_table_id": VPC_TABLE, "next_hop_id": ri,
                                                         "destination_cidr_block": "192.168.0.0/16",
                                                         "wait_timeout": 2})
    assert result["failed"] and mutating == ["CreateRouteEntry"]
    assert result["msg"].startswith("Timeout waiting for route entry rte-"), result["msg"]
    assert "192.168.0.0/16 in %s" % VPC_TABLE in result["msg"]
    assert "to become Available (last seen Pending)" in result["msg"]


@pytest.mark.lifecycle
def test_lost_responses_leave_exactly_one_entry(clean_emulator, ansible):
    """Seed 37 with lost=0.5 loses the second request of a run: the CreateRouteEntry, then the DeleteRouteEntry.
    The retried create reuses its ClientToken; the retried delete meets the entry Deleting, then gone."""
    ri = create_vpc_ri(clean_emulator)
    args = {"route_table_id": VPC_TABLE, "destination_cidr_block": "192.168.0.0/16", "next_hop_id": ri}

    clean_emulator.configure(faults="lost=0.5", seed=37)
    result, mutating, _ = step(ansible, clean_emulator, args)
    clean_emulator.configure(faults="")
    assert not result["failed"], result
    assert result["changed"] and result["route_entry"]["status"] == "Available"
    creates = [c for c in clean_emulator.calls() if c["action"] == "CreateRouteEntry"]
    assert creates[0]["fault"] == "lost" and len(creates) >= 2, creates
    assert len(set(c["params"]["ClientToken"] for c in creates)) == 1
    [stored] = entries(clean_emulator, VPC_TABLE, "192.168.0.0/16")
    assert stored["RouteEntryId"] == result["route_entry_id"]

    clean_emulator.configure(faults="lost=0.5", seed=37)
    result, mutating, _ = step(ansible, clean_emulator, dict(args, state="absent"))
    clean_emulator.configure(faults="")
    assert not result["failed"], result
    assert result["changed"]
    deletes = [c for c in clean_emulator.calls() if c["action"] == "DeleteRouteEntry"]
    assert deletes[0]["fault"] == "lost", deletes
    assert entries(clean_emulator, VPC_TABLE, "192.168.0.0/16") == []


# ---------------------------------------------------------------------------------------------------------------
# the list form: routes

def two_sides(emulator, vlan_id):
    """Both sides of one connected interconnect: (vbr_table, vbr_side_ri, vpc_side_ri)."""
    vbr_id, vbr_table = create_vbr_with_table(emulator, vlan_id=vlan_id)
    vbr_ri, vpc_ri = connect_pair(emulator, vbr_id, VPC_ROUTER)
    return vbr_table, vbr_ri, vpc_ri


def until(emulator, route_entry_id, transition):
    """When the emulator ends this entry's transition (route_entry_create: Available, route_entry_delete: gone)."""
    [end] = [t["Until"] for t in emulator.state()["Transitions"]
             if t["ResourceId"] == route_entry_id and t["Transition"] == transition]
    return end


def assert_lookups(calls, routes):
    """The first calls: one filtered DescribeRouteEntryList per item, in the order of the items."""
    lookups = calls[:len(routes)]
    assert [c["action"] for c in lookups] == ["DescribeRouteEntryList"] * len(routes), calls
    assert [(c["params"]["RouteTableId"], c["params"]["DestinationCidrBlock"]) for c in lookups] == \
        [(r["route_table_id"], r.get("destination_cidr_block") or r["cidr_block"]) for r in routes]
    assert all("RouteEntryId" not in c["params"] for c in lookups), lookups


def assert_waves(emulator, calls, ids, action, transition):
    """The mutating calls of a run over [vpc item 0, vpc item 1, vbr item 2]: the two tables' first changes start
    together (the VBR table's comes before the VPC table's first entry is done), the VPC table's second one after
    it; every other call is a poll (one DescribeRouteEntryList for one entry) of an entry not yet done when the
    previous poll of it was made."""
    changes = mutating(calls)
    assert [c["action"] for c in changes] == [action] * 3, changes
    assert all(c["code"] is None for c in changes), changes  # never refused: the busy table was waited for
    first, vbr, second = changes
    done = dict((route_entry_id, until(emulator, route_entry_id, transition)) for route_entry_id in ids)
    assert first["time"] < vbr["time"] < done[ids[0]], (changes, done)  # the two tables overlap
    assert second["time"] >= done[ids[0]] - 0.001, (changes, done)  # one table: one after the other
    polls = [c for c in calls if not c["mutating"]]
    assert polls and all(c["action"] == "DescribeRouteEntryList" and c["params"].get("RouteEntryId") in ids
                         for c in polls), polls
    for route_entry_id in ids:
        mine = [c for c in polls if c["params"]["RouteEntryId"] == route_entry_id]
        assert mine, (route_entry_id, polls)
        # Once a poll has seen it done, it is not read again.
        assert len([c for c in mine if c["time"] >= done[route_entry_id] + 0.001]) <= 1, (route_entry_id, mine, done)
    return polls


def test_routes_in_two_tables_lifecycle(clean_emulator, ansible):
    vbr_table, vbr_ri, vpc_ri = two_sides(clean_emulator, 110)
    routes = [
        {"route_table_id": VPC_TABLE, "destination_cidr_block": "192.168.0.0/16", "next_hop_id": vpc_ri,
         "name": "to-idc"},
        {"route_table_id": VPC_TABLE, "cidr_block": "10.10.0.0/16", "next_hop_id": vpc_ri},
        {"route_table_id": vbr_table, "destination_cidr_block": "172.16.0.0/12", "next_hop_type": "RouterInterface",
         "next_hop_id": vbr_ri, "description": "to the VPC"},
    ]
    wanted = [(VPC_TABLE, "192.168.0.0/16", vpc_ri), (VPC_TABLE, "10.10.0.0/16", vpc_ri),
              (vbr_table, "172.16.0.0/12", vbr_ri)]
    args = {"routes": routes}
    clean_emulator.configure(latency_scale=0.5)  # Pending 1.5 s, Deleting 1 s: long enough to see the overlap

    window = CallWindow(clean_emulator)
    result = ansible.run_module(MODULE, args, check=True, diff=True)
    assert not result.get("failed"), result
    assert result["changed"] is True and window.mutating() == []
    assert_lookups(window.calls(), routes)
    assert len(window.calls()) == 3
    assert [e["changed"] for e in result["route_entries"]] == [True, True, True]
    assert [(e["route_table_id"], e["destination_cidr_block"], e["next_hop_id"]) for e in result["route_entries"]] \
        == wanted
    # One before/after pair per item, headed by the item (a list of before/after is not a diff Ansible can show).
    headers = ["routes[%d]: %s in %s" % (index, cidr, table_id) for index, (table_id, cidr, _hop) in enumerate(wanted)]
    assert [(d["before_header"], d["after_header"]) for d in result["diff"]] == list(zip(headers, headers))
    assert [d["before"] for d in result["diff"]] == [{}, {}, {}]
    assert result["diff"][0]["after"]["route_entry_name"] == "to-idc"
    assert result["diff"][2]["after"]["description"] == "to the VPC"
    predicted_diff = result["diff"]
    assert "route_entry" not in result and "route_entry_id" not in result
    assert entries(clean_emulator, VPC_TABLE, "192.168.0.0/16") == [] and entries(clean_emulator, vbr_table) == []

    window = CallWindow(clean_emulator)
    result = ansible.run_module(MODULE, args, diff=True)
    assert not result.get("failed"), result
    assert result["changed"] is True and result["diff"] == predicted_diff
    made = result["route_entries"]
    assert [e["changed"] for e in made] == [True, True, True]
    assert [(e["route_table_id"], e["destination_cidr_block"], e["next_hop_id"]) for e in made] == wanted
    assert all(e["status"] == "Available" and e["route_entry_id"] for e in made), made
    ids = [e["route_entry_id"] for e in made]
    calls = window.calls()
    assert_lookups(calls, routes)
    assert_waves(clean_emulator, calls[3:], ids, "CreateRouteEntry", "route_entry_create")
    for table_id, cidr, hop in wanted:
        [stored] = entries(clean_emulator, table_id, cidr)
        assert stored["Status"] == "Available" and next_hop_of(stored) == hop

    for check in (True, False):
        window = CallWindow(clean_emulator)
        result = ansible.run_module(MODULE, args, check=check)
        assert not result.get("failed"), result
        assert result["changed"] is False and window.mutating() == []
        assert window.actions() == ["DescribeRouteEntryList"] * 3  # one lookup per item, nothing else
        assert [e["changed"] for e in result["route_entries"]] == [False, False, False]
        assert [e["route_entry_id"] for e in result["route_entries"]] == ids

    absent = dict(args, state="absent")
    window = CallWindow(clean_emulator)
    result = ansible.run_module(MODULE, absent, check=True, diff=True)
    assert result["changed"] is True and window.mutating() == [], result
    assert result["route_entries"] == [{"changed": True}] * 3
    assert [d["after"] for d in result["diff"]] == [{}, {}, {}]
    assert [d["before"] for d in result["diff"]] == [d["after"] for d in predicted_diff]
    assert [d["before_header"] for d in result["diff"]] == headers
    assert len(entries(clean_emulator, VPC_TABLE, "10.10.0.0/16")) == 1

    window = CallWindow(clean_emulator)
    result = ansible.run_module(MODULE, absent)
    assert not result.get("failed"), result
    assert result["changed"] is True and result["route_entries"] == [{"changed": True}] * 3
    calls = window.calls()
    assert_lookups(calls, routes)
    assert_waves(clean_emulator, calls[3:], ids, "DeleteRouteEntry", "route_entry_delete")
    assert [c["params"]["RouteEntryId"] for c in mutating(calls)] == [ids[0], ids[2], ids[1]]
    for table_id, cidr, _hop in wanted:
        assert entries(clean_emulator, table_id, cidr) == []

    window = CallWindow(clean_emulator)
    result = ansible.run_module(MODULE, absent)
    assert not result.get("failed"), result
    assert result["changed"] is False and window.mutating() == []
    assert window.actions() == ["DescribeRouteEntryList"] * 3
    assert result["route_entries"] == [{"changed": False}] * 3


def test_routes_bad_item_fails_before_any_mutating_call(clean_emulator, ansible):
    vbr_table, vbr_ri, vpc_ri = two_sides(clean_emulator, 111)
    ri_old = create_vpc_ri(clean_emulator)
    old_id = create_route(clean_emulator, VPC_TABLE, "192.168.0.0/16", ri_old)
    good = [{"route_table_id": vbr_table, "destination_cidr_block": "172.16.0.0/12", "next_hop_id": vbr_ri},
            {"destination_cidr_block": "10.10.0.0/16", "next_hop_id": vpc_ri}]
    taken = {"destination_cidr_block": "192.168.0.0/16", "next_hop_id": vpc_ri}
    window = CallWindow(clean_emulator)
    results = ansible.run_modules([
        (MODULE, {"route_table_id": VPC_TABLE, "routes": good + [taken]}, {"check_mode": True}),
        (MODULE, {"route_table_id": VPC_TABLE, "routes": good + [taken]}),
        (MODULE, {"route_table_id": VPC_TABLE, "routes": good + [{"destination_cidr_block": "172.16.0.0/24",
                                                                    "next_hop_id": vpc_ri}]}),
        (MODULE, {"route_table_id": VPC_TABLE, "state": "absent",
                  "routes": good + [{"destination_cidr_block": "172.16.0.0/24"}]}),
    ])
    for result in results[:2]:
        assert result["failed"], result
        assert result["msg"].startswith("routes[2]: destination_cidr_block 192.168.0.0/16 in route table %s already "
                                        "routes to RouterInterface %s (route entry %s)" % (VPC_TABLE, ri_old, old_id))
        assert "replace=true" in result["msg"] and "Traceback" not in result["msg"]
    assert results[2]["failed"] and results[2]["msg"].startswith(
        "routes[2]: destination_cidr_block 172.16.0.0/24 in route table %s is a system route" % VPC_TABLE)
    assert results[3]["failed"] and results[3]["msg"] == (
        "routes[2]: destination_cidr_block 172.16.0.0/24 in route table %s is a system route; it cannot be deleted"
        % VPC_TABLE)
    # Each run looked its three items up and changed nothing.
    assert window.mutating() == [] and window.actions() == ["DescribeRouteEntryList"] * 12
    assert entries(clean_emulator, vbr_table, "172.16.0.0/12") == []
    assert entries(clean_emulator, VPC_TABLE, "10.10.0.0/16") == []
    assert next_hop_of(entries(clean_emulator, VPC_TABLE, "192.168.0.0/16")[0]) == ri_old

    # With replace, the same items are applied: the taken entry is replaced, the others created.
    window = CallWindow(clean_emulator)
    result = ansible.run_module(MODULE, {"route_table_id": VPC_TABLE, "routes": good + [taken], "replace": True})
    assert not result.get("failed"), result
    assert [e["changed"] for e in result["route_entries"]] == [True, True, True]
    assert sorted(window.mutating()) == ["CreateRouteEntry"] * 3 + ["DeleteRouteEntry"]
    assert next_hop_of(entries(clean_emulator, VPC_TABLE, "192.168.0.0/16")[0]) == vpc_ri


def test_routes_option_rules_and_duplicates_rejected_before_any_call(clean_emulator, ansible):
    item = {"destination_cidr_block": "192.168.0.0/16", "next_hop_id": "ri-x"}
    cases = [
        ({"route_table_id": VPC_TABLE, "routes": [item, {"destination_cidr_block": "10.0.0.1/8",
                                                         "next_hop_id": "ri-x"}]},
         "routes[1].destination_cidr_block: '10.0.0.1/8' has host bits set; the network address is 10.0.0.0/8"),
        ({"route_table_id": VPC_TABLE, "routes": [item, {"destination_cidr_block": "10.1.0.0/16"}]},
         "routes[1]: next_hop_id is required when state=present"),
        ({"route_table_id": VPC_TABLE, "routes": [item, dict(item, route_table_id=VPC_TABLE,
                                                             destination_cidr_block="192.168.0.0/16")]},
         "routes[1]: destination_cidr_block 192.168.0.0/16 in %s is also routes[0]" % VPC_TABLE),
        ({"route_table_id": VPC_TABLE, "state": "absent",
          "routes": [{"destination_cidr_block": "2001:DB8::/32"}, {"destination_cidr_block": "2001:db8:0::/32"}]},
         "routes[1]: destination_cidr_block 2001:db8::/32 in %s is also routes[0]" % VPC_TABLE),
        ({"router_id": VPC_ROUTER, "router_type": "VRouter", "routes": [item, item]},
         "routes[1]: destination_cidr_block 192.168.0.0/16 in the table of %s is also routes[0]" % VPC_ROUTER),
        ({"routes": [dict(item, route_table_id=VPC_TABLE), item]},
         "routes[1]: no route_table_id; set it on the item, or route_table_id or router_id on the task"),
        ({"route_table_id": VPC_TABLE, "routes": [item], "destination_cidr_block": "10.1.0.0/16"},
         "parameters are mutually exclusive: destination_cidr_block|routes"),
        ({"route_table_id": VPC_TABLE, "routes": [item], "next_hop_id": "ri-x"},
         "parameters are mutually exclusive: routes|next_hop_id"),
        ({"route_table_id": VPC_TABLE, "routes": [item], "next_hop_type": "RouterInterface"},
         "parameters are mutually exclusive: routes|next_hop_type"),
        ({"route_table_id": VPC_TABLE}, "one of the following is required: destination_cidr_block, routes"),
        ({"route_table_id": VPC_TABLE, "routes": [{"next_hop_id": "ri-x"}]}, "destination_cidr_block"),
        ({"route_table_id": VPC_TABLE, "routes": [dict(item, next_hop_type="Bogus")]}, "next_hop_type"),
    ]
    window = CallWindow(clean_emulator)
    results = ansible.run_modules([(MODULE, args) for args, _ in cases])
    for (args, expected), result in zip(cases, results):
        assert result["failed"] and expected in result["msg"], (args, result.get("msg"))
    assert window.calls() == []

    # The same table named by route_table_id on one item and found from router_id for the other: found out after
    # the table lookup, before any route entry call.
    result, _, actions = step(ansible, clean_emulator, {"router_id": VPC_ROUTER, "router_type": "VRouter",
                                                        "routes": [dict(item, route_table_id=VPC_TABLE), item]})
    assert result["failed"] and actions == ["DescribeRouteTableList"], (result, actions)
    assert result["msg"] == ("routes[1]: destination_cidr_block 192.168.0.0/16 in %s is also routes[0]; each "
                             "(route table, destination) may be given once" % VPC_TABLE)


def test_routes_of_one_table_with_wait_false(clean_emulator, ansible):
    """wait=false starts every change: in one table each create waits out the previous Pending entry (blocked-code
    retries of the same logical create), and nothing waits for the last one."""
    ri = create_vpc_ri(clean_emulator)
    clean_emulator.configure(latency_scale=0.5)
    routes = [{"destination_cidr_block": "192.168.%d.0/24" % n, "next_hop_id": ri} for n in (1, 2)]
    window = CallWindow(clean_emulator)
    result = ansible.run_module(MODULE, {"router_id": VPC_ROUTER, "router_type": "VRouter", "routes": routes,
                                         "wait": False})
    assert not result.get("failed"), result
    assert result["changed"] and [e["status"] for e in result["route_entries"]] == ["Pending", "Pending"]
    assert all(e["route_entry_id"] and e["route_table_id"] == VPC_TABLE for e in result["route_entries"])
    calls = window.calls()
    assert [c["action"] for c in calls if not c["mutating"]] == ["DescribeRouteTableList"] + \
        ["DescribeRouteEntryList"] * 2  # no poll
    creates = mutating(calls)
    assert creates[0]["code"] is None and creates[-1]["code"] is None
    assert {c["code"] for c in creates[1:-1]} <= {"TaskConflict", "IncorrectRouteEntryStatus"} and creates[1:-1]
    assert len({c["params"]["ClientToken"] for c in creates[1:]}) == 1  # one logical create
    assert sorted(e["DestinationCidrBlock"] for e in entries(clean_emulator, VPC_TABLE)
                  if e.get("Type", "Custom") == "Custom") == ["192.168.1.0/24", "192.168.2.0/24"]


def test_created_just_now_by_another_run_is_taken_when_it_is_the_one_asked_for(clean_emulator, ansible):
    """Two runs at once: the route was created by another run after this run's lookup found nothing (here: hidden
    from Describe for 2 s), so the create is refused as a duplicate. The module waits until the entry is listed and
    takes it when it routes to the requested next hop; otherwise it fails naming it."""
    emu = clean_emulator
    ri_mine = create_vpc_ri(emu)
    ri_other = create_vpc_ri(emu)
    emu.configure(faults="lag=5")  # the module must look it up within the lag, also on a busy machine
    other_id = create_route(emu, VPC_TABLE, "192.168.0.0/16", ri_other)
    result, mutating, _ = step(ansible, emu, {"route_table_id": VPC_TABLE, "destination_cidr_block": "192.168.0.0/16",
                                              "next_hop_id": ri_mine})
    assert result.get("failed") and mutating == ["CreateRouteEntry"], result
    assert other_id in result["msg"] and ri_other in result["msg"] and ri_mine in result["msg"]
    assert result["error"]["code"] == "InvalidCIDRBlock.Duplicate" and "Traceback" not in result["msg"]

    mine_id = create_route(emu, VPC_TABLE, "10.30.0.0/16", ri_mine)
    result, mutating, _ = step(ansible, emu, {"route_table_id": VPC_TABLE, "destination_cidr_block": "10.30.0.0/16",
                                              "next_hop_id": ri_mine})
    emu.configure(faults="")
    assert not result.get("failed"), result
    assert result["changed"] is False and mutating == ["CreateRouteEntry"]
    assert result["route_entry_id"] == mine_id and result["route_entry"]["status"] == "Available"
    assert [e["RouteEntryId"] for e in entries(emu, VPC_TABLE, "10.30.0.0/16")] == [mine_id]

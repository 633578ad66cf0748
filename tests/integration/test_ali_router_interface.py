"""ali_router_interface through ansible-playbook against the emulator."""

import uuid

import pytest

from ansible_collections.aliyun.express_connect.plugins.module_utils.concurrency import request_token

from support.calls import mutating, mutating_actions
from support.emulator import REGION
from support.faults import seed_with_draws
from support.fixture_ids import ACCESS_POINT, VPC_ROUTER, VPC_TABLE
from support.playbook import assert_ok, run, run_many
from support.sdk import connect_pair, create_ri, create_vbr, sdk_call
from support.system_tags import SystemTagProxy
from support.tag_steps import TagLifecycle, tag_params

MODULE = "ali_router_interface"


def interfaces(emulator):
    return emulator.state()["RouterInterfaces"]


def ri_state(emulator, ri_id):
    return next(i for i in interfaces(emulator) if i["RouterInterfaceId"] == ri_id)


def connected_pair(emulator, vlan_id=200, vpc_router=VPC_ROUTER):
    """A VBR and an Active pair of interfaces between it and a vRouter, made with the SDK."""
    vbr_id = create_vbr(emulator, vlan_id)
    init, acc = connect_pair(emulator, vbr_id, vpc_router)
    assert ri_state(emulator, init)["Status"] == "Active" and ri_state(emulator, acc)["Status"] == "Active"
    return vbr_id, init, acc


@pytest.mark.lifecycle
def test_vbr_interface_lifecycle(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id = create_vbr(emu, 101)
    args = dict(router_id=vbr_id, spec="Large.2", opposite_router_id=VPC_ROUTER, name="vbr-side",
                description="VBR to VPC")

    # 1. check mode: predicts the create (role and router types inferred, access point from the VBR), no mutation.
    result, calls = run(ansible, emu, MODULE, args, check=True, diff=True)
    assert_ok(result)
    assert result["changed"] is True
    predicted = result["router_interface"]
    assert predicted["status"] == "Idle" and predicted["role"] == "InitiatingSide"
    assert predicted["router_type"] == "VBR" and predicted["opposite_router_type"] == "VRouter"
    assert predicted["access_point_id"] == ACCESS_POINT and predicted["opposite_region_id"] == "cn-hangzhou"
    assert result["diff"]["before"] == {} and result["diff"]["after"]["spec"] == "Large.2"
    assert mutating_actions(calls) == [] and interfaces(emu) == []

    # 2. apply: one create with a ClientToken and the opposite information, waits for Idle.
    result, calls = run(ansible, emu, MODULE, args)
    assert_ok(result)
    assert result["changed"] is True
    ri = result["router_interface"]
    ri_id = result["router_interface_id"]
    assert ri_id.startswith("ri-") and ri["router_interface_id"] == ri_id
    assert ri["status"] == "Idle" and ri["role"] == "InitiatingSide" and ri["spec"] == "Large.2"
    assert ri["access_point_id"] == ACCESS_POINT and ri["opposite_router_id"] == VPC_ROUTER
    assert mutating_actions(calls) == ["CreateRouterInterface"]
    sent = mutating(calls)[0]["params"]
    assert sent["ClientToken"] and sent["AccessPointId"] == ACCESS_POINT
    assert sent["OppositeRouterType"] == "VRouter" and sent["OppositeRouterId"] == VPC_ROUTER
    assert sent["Role"] == "InitiatingSide" and sent["RouterType"] == "VBR"

    # 3. check mode, 4. apply: nothing to do, nothing mutating.
    for check in (True, False):
        result, calls = run(ansible, emu, MODULE, args, check=check)
        assert_ok(result)
        assert result["changed"] is False, check
        assert result["router_interface_id"] == ri_id
        assert mutating_actions(calls) == []
    assert len(interfaces(emu)) == 1

    # Modify name/description/health check by ID: one ModifyRouterInterfaceAttribute with only what differs.
    modify = dict(router_interface_id=ri_id, description="Changed text", health_check_source_ip="10.1.1.1",
                  health_check_target_ip="172.16.0.10")
    result, calls = run(ansible, emu, MODULE, modify, check=True, diff=True)
    assert_ok(result)
    assert result["changed"] is True and mutating_actions(calls) == []
    assert result["diff"]["before"]["description"] == "VBR to VPC"
    assert result["diff"]["after"]["description"] == "Changed text"
    result, calls = run(ansible, emu, MODULE, modify)
    assert_ok(result)
    assert result["changed"] is True
    assert mutating_actions(calls) == ["ModifyRouterInterfaceAttribute"]
    sent = {k: v for k, v in mutating(calls)[0]["params"].items() if k != "RegionId"}
    assert sent == {"RouterInterfaceId": ri_id, "Description": "Changed text", "HealthCheckSourceIp": "10.1.1.1",
                    "HealthCheckTargetIp": "172.16.0.10"}
    assert result["router_interface"]["health_check_target_ip"] == "172.16.0.10"
    result, calls = run(ansible, emu, MODULE, modify)
    assert_ok(result)
    assert result["changed"] is False and mutating_actions(calls) == []

    # Immutable options fail clearly, before any mutation.
    result, calls = run(ansible, emu, MODULE, dict(router_interface_id=ri_id, access_point_id="ap-cn-hangzhou-xs-A"))
    assert result["failed"] and "access_point_id cannot be changed after creation" in result["msg"]
    assert mutating_actions(calls) == []

    # absent: check mode predicts, apply deletes (Idle: no deactivate) and waits until gone, then nothing to do.
    absent = dict(args, state="absent")
    result, calls = run(ansible, emu, MODULE, absent, check=True, diff=True)
    assert_ok(result)
    assert result["changed"] is True and mutating_actions(calls) == []
    assert result["diff"]["before"]["router_interface_id"] == ri_id and result["diff"]["after"] == {}
    assert len(interfaces(emu)) == 1

    result, calls = run(ansible, emu, MODULE, absent)
    assert_ok(result)
    assert result["changed"] is True
    assert mutating_actions(calls) == ["DeleteRouterInterface"]
    assert mutating(calls)[0]["params"]["ClientToken"]
    assert interfaces(emu) == []

    for check in (True, False):
        result, calls = run(ansible, emu, MODULE, absent, check=check)
        assert_ok(result)
        assert result["changed"] is False and mutating_actions(calls) == []


def test_accepting_side_paired_at_creation(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id = create_vbr(emu, 102)
    init = create_ri(emu, RouterType="VBR", RouterId=vbr_id, Role="InitiatingSide", Spec="Small.1",
                     AccessPointId=ACCESS_POINT, OppositeRouterType="VRouter", OppositeRouterId=VPC_ROUTER)
    args = dict(router_id=VPC_ROUTER, router_type="VRouter", opposite_router_id=vbr_id, opposite_interface_id=init,
                name="vpc-side")
    result, calls = run(ansible, emu, MODULE, args)
    assert_ok(result)
    assert result["changed"] is True
    ri = result["router_interface"]
    assert ri["role"] == "AcceptingSide" and ri["spec"] == "Negative" and ri["opposite_interface_id"] == init
    sent = mutating(calls)[0]["params"]
    # The opposite is a VBR: its access point is looked up and passed at creation.
    assert sent["OppositeAccessPointId"] == ACCESS_POINT and sent["OppositeRouterType"] == "VBR"
    assert "AccessPointId" not in sent

    result, calls = run(ansible, emu, MODULE, args)
    assert_ok(result)
    assert result["changed"] is False and mutating_actions(calls) == []


def test_spec_change_and_absent_of_an_active_interface(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id, init, acc = connected_pair(emu)

    args = dict(router_interface_id=init, spec="Xlarge.1")
    result, calls = run(ansible, emu, MODULE, args, check=True)
    assert_ok(result)
    assert result["changed"] is True and result["router_interface"]["spec"] == "Xlarge.1"
    assert mutating_actions(calls) == []

    result, calls = run(ansible, emu, MODULE, args, diff=True)
    assert_ok(result)
    assert result["changed"] is True
    assert mutating_actions(calls) == ["ModifyRouterInterfaceSpec"]
    assert mutating(calls)[0]["params"]["Spec"] == "Xlarge.1" and mutating(calls)[0]["params"]["ClientToken"]
    assert result["router_interface"]["spec"] == "Xlarge.1" and result["router_interface"]["status"] == "Active"
    assert result["diff"]["before"]["spec"] == "Large.2" and result["diff"]["after"]["spec"] == "Xlarge.1"

    result, calls = run(ansible, emu, MODULE, args)
    assert_ok(result)
    assert result["changed"] is False and mutating_actions(calls) == []

    # The opposite interface cannot be changed outside Idle: the message names option and status.
    result, calls = run(ansible, emu, MODULE, dict(router_interface_id=init, opposite_interface_id="ri-other"))
    assert result["failed"]
    assert "opposite_interface_id can only be changed while the router interface is Idle" in result["msg"]
    assert "Active" in result["msg"] and mutating_actions(calls) == []

    # absent on an Active interface: deactivate, wait for Inactive, delete, wait until gone.
    absent = dict(router_id=vbr_id, opposite_router_id=VPC_ROUTER, state="absent")
    result, calls = run(ansible, emu, MODULE, absent, check=True)
    assert_ok(result)
    assert result["changed"] is True and mutating_actions(calls) == []
    result, calls = run(ansible, emu, MODULE, absent)
    assert_ok(result)
    assert result["changed"] is True
    assert mutating_actions(calls) == ["DeactivateRouterInterface", "DeleteRouterInterface"]
    assert [i["RouterInterfaceId"] for i in interfaces(emu)] == [acc]
    result, calls = run(ansible, emu, MODULE, absent)
    assert_ok(result)
    assert result["changed"] is False and mutating_actions(calls) == []


def test_delete_refused_while_a_route_entry_uses_it(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id, init, acc = connected_pair(emu)
    sdk_call(emu, "CreateRouteEntry", RouteTableId=VPC_TABLE, DestinationCidrBlock="192.168.0.0/24",
             NextHopType="RouterInterface", NextHopId=acc, ClientToken=str(uuid.uuid4()))
    vbr_table = next(v for v in emu.state()["VirtualBorderRouters"] if v["VbrId"] == vbr_id)["RouteTableId"]
    sdk_call(emu, "CreateRouteEntry", RouteTableId=vbr_table, DestinationCidrBlock="172.16.0.0/12",
             NextHopType="RouterInterface", NextHopId=init, ClientToken=str(uuid.uuid4()))

    for ri_id, table, cidr in ((acc, VPC_TABLE, "192.168.0.0/24"), (init, vbr_table, "172.16.0.0/12")):
        for check in (True, False):
            result, calls = run(ansible, emu, MODULE, dict(router_interface_id=ri_id, state="absent"), check=check)
            assert result["failed"], result
            assert table in result["msg"] and cidr in result["msg"], result["msg"]
            assert "still the next hop" in result["msg"]
            assert result["route_entries"][0]["route_table_id"] == table
            assert mutating_actions(calls) == []
    assert len(interfaces(emu)) == 2
    assert all(i["Status"] == "Active" for i in interfaces(emu))


def test_absent_waits_out_deletes_already_in_progress(clean_emulator, ansible):
    """Route entries that are being deleted do not block the delete but are waited out, and an interface that is
    being deleted is waited for until gone and reported unchanged: what lets the role's teardown overlap its waits."""
    emu = clean_emulator
    vbr_id, init, acc = connected_pair(emu)
    sdk_call(emu, "CreateRouteEntry", RouteTableId=VPC_TABLE, DestinationCidrBlock="192.168.0.0/24",
             NextHopType="RouterInterface", NextHopId=acc, ClientToken=str(uuid.uuid4()))
    sdk_call(emu, "DeactivateRouterInterface", RouterInterfaceId=acc)
    emu.configure(latency_scale=1.5)  # a route entry delete now takes 3 s, an interface delete 4.5 s
    sdk_call(emu, "DeleteRouteEntry", RouteTableId=VPC_TABLE, DestinationCidrBlock="192.168.0.0/24", NextHopId=acc)

    result, calls = run(ansible, emu, MODULE, dict(router_interface_id=acc, state="absent", wait=False))
    assert_ok(result)
    assert result["changed"] is True and mutating_actions(calls) == ["DeleteRouterInterface"]
    assert [e for e in emu.state()["RouteEntries"] if e.get("NextHopId") == acc] == []
    assert ri_state(emu, acc)["Status"] == "Deleting"

    result, calls = run(ansible, emu, MODULE, dict(router_interface_id=acc, state="absent"))
    assert_ok(result)
    assert result["changed"] is False and mutating_actions(calls) == []
    assert [i["RouterInterfaceId"] for i in interfaces(emu)] == [init]


def test_validation_fails_before_any_call(clean_emulator, ansible):
    emu = clean_emulator
    cases = [
        (dict(router_id=VPC_ROUTER, role="AcceptingSide", spec="Large.2", name="bad-spec"),
         "spec must be Negative for the AcceptingSide"),
        (dict(router_id="vbr-any", role="AcceptingSide", spec="Negative", name="vbr-acceptor"),
         "role must be InitiatingSide when router_type is VBR"),
        (dict(router_id=VPC_ROUTER, role="InitiatingSide", spec="Large.2", opposite_router_id="vbr-any",
              name="wrong-way"),
         "role must be AcceptingSide when opposite_router_type is VBR"),
        (dict(router_id="vbr-any", spec="Negative", name="negative-initiator"),
         "spec Negative is only valid for the AcceptingSide"),
        (dict(router_id="vbr-any", spec="Large.2", name="hc", health_check_source_ip="10.0.0.300",
              health_check_target_ip="10.0.0.1"),
         "health_check_source_ip must be an IP address"),
        (dict(router_id="vbr-any", spec="Large.2", name="hc", health_check_source_ip="10.0.0.3"),
         "parameters are required together: health_check_source_ip, health_check_target_ip"),
        (dict(router_id=VPC_ROUTER, spec="Huge.9", name="x1"), "value of spec must be one of"),
        (dict(router_id=VPC_ROUTER, role="InitiatingSide", spec="Large.2"),
         "router_id together with opposite_router_id or name"),
        (dict(router_id=VPC_ROUTER, router_type="VBR", spec="Large.2", name="mismatch"),
         "router_id vrt-emu0001 is a VRouter, but router_type is VBR"),
    ]
    # One playbook, one task per case (each failure is ignored), to keep the test fast.
    tasks = [{"name": "case %d" % n, "aliyun.express_connect.ali_router_interface": args, "ignore_errors": True}
             for n, (args, _) in enumerate(cases)]
    play = ansible.run_tasks(tasks)
    statuses = dict((entry["task"], entry["status"]) for entry in play.results)
    for n, (args, message) in enumerate(cases):
        result = play.result("case %d" % n)
        assert statuses["case %d" % n] == "failed", args
        assert message in result["msg"], (args, result["msg"])
    assert emu.calls() == []


def test_quota_of_five_interfaces_per_router(clean_emulator, ansible):
    emu = clean_emulator
    tasks = [{"name": "ri %d" % n, "aliyun.express_connect.ali_router_interface": dict(
        router_id="vrt-emu0002", role="InitiatingSide", spec="Small.1", name="quota-%d" % n)} for n in range(5)]
    run_ = ansible.run_tasks(tasks)
    assert run_.rc == 0, run_.stdout
    assert len(interfaces(emu)) == 5
    result, calls = run(ansible, emu, MODULE, dict(router_id="vrt-emu0002", role="InitiatingSide", spec="Small.1",
                                           name="quota-6"))
    assert result["failed"]
    assert result["msg"].startswith("CreateRouterInterface failed: ")
    assert result["error"]["code"] in result["msg"] and "RequestId: " in result["msg"]
    assert result["error"]["request_id"] and result["error"]["request_id"] in result["msg"]
    assert "Traceback" not in str(result)
    assert [(c["action"], c["code"]) for c in mutating(calls)] == [("CreateRouterInterface", result["error"]["code"])]
    assert len(interfaces(emu)) == 5


def test_lost_create_response_is_retried_once(clean_emulator, ansible):
    emu = clean_emulator
    # Requests: 1 DescribeRouterInterfaces (lookup by name), 2 CreateRouterInterface (lost), 3 its retry, then waits.
    seed = seed_with_draws([False, True] + [False] * 8, 0.3)
    emu.configure(faults="lost=0.3", seed=seed)
    result, calls = run(ansible, emu, MODULE, dict(router_id="vrt-emu0003", role="InitiatingSide", spec="Small.2",
                                           name="lost-create"))
    emu.configure(faults="")
    assert_ok(result)
    creates = [c for c in calls if c["action"] == "CreateRouterInterface"]
    assert [c["fault"] for c in creates] == ["lost", None]
    assert creates[0]["params"]["ClientToken"] == creates[1]["params"]["ClientToken"]
    assert [i["RouterInterfaceId"] for i in interfaces(emu)] == [result["router_interface_id"]]


def test_transitions_take_time_and_are_waited_for(clean_emulator, ansible):
    """With real (scaled) latencies and the visibility lag, the module waits instead of failing or duplicating."""
    emu = clean_emulator
    vbr_id, init, acc = connected_pair(emu)
    # Deactivate 5 s, delete 3 s at scale 1.0; a new interface is invisible for 1 s.
    emu.configure(latency_scale=0.2, faults="lag=1.0")
    sdk_call(emu, "DeactivateRouterInterface", RouterInterfaceId=acc)
    assert ri_state(emu, acc)["Status"] == "Deactivating"

    # absent waits out Deactivating, then deletes and waits until gone.
    result, calls = run(ansible, emu, MODULE, dict(router_interface_id=acc, state="absent"))
    assert_ok(result)
    assert result["changed"] is True and mutating_actions(calls) == ["DeleteRouterInterface"]
    assert acc not in [i["RouterInterfaceId"] for i in interfaces(emu)]

    # absent on the Active end: deactivate, wait Inactive, delete, wait gone.
    result, calls = run(ansible, emu, MODULE, dict(router_interface_id=init, state="absent"))
    assert_ok(result)
    assert mutating_actions(calls) == ["DeactivateRouterInterface", "DeleteRouterInterface"]
    assert interfaces(emu) == []

    # A create is waited for until the interface becomes visible; the next run finds it.
    args = dict(router_id=VPC_ROUTER, role="InitiatingSide", spec="Small.1", name="lagged")
    result, calls = run(ansible, emu, MODULE, args)
    assert_ok(result)
    assert result["changed"] is True and result["router_interface"]["status"] == "Idle"
    result, calls = run(ansible, emu, MODULE, args)
    assert_ok(result)
    assert result["changed"] is False and mutating_actions(calls) == []
    assert len(interfaces(emu)) == 1


# -- tags ------------------------------------------------------------------------------------------------------
def ri_tag_args(emulator, vlan_id):
    return dict(router_id=create_vbr(emulator, vlan_id), spec="Large.2", opposite_router_id=VPC_ROUTER,
                name="tagged-side")


def test_tags_create_change_add_purge(clean_emulator, ansible):
    emu = clean_emulator
    lifecycle = TagLifecycle(ansible, emu, "ali_router_interface", ri_tag_args(emu, 120), "router_interface",
                             "router_interface_id", "ROUTERINTERFACE", "RouterInterfaces", "RouterInterfaceId")
    ri_id, args = lifecycle.create("CreateRouterInterface")
    lifecycle.steps(ri_id, args)


def test_tags_with_an_attribute_change_system_key_and_bad_input(clean_emulator, ansible):
    emu = clean_emulator
    args = ri_tag_args(emu, 121)
    result, _ = run(ansible, emu, MODULE, dict(args, tags={"env": "prod"}))
    assert_ok(result)
    ri_id = result["router_interface_id"]

    # A description and a tag in one task, by ID: exact prediction, the tag call, then the Modify.
    wanted = {"router_interface_id": ri_id, "description": "Tagged side", "tags": {"env": "prod", "cost": 100}}
    predicted, calls = run(ansible, emu, MODULE, wanted, check=True, diff=True)
    assert_ok(predicted)
    assert mutating_actions(calls) == []
    result, calls = run(ansible, emu, MODULE, wanted, diff=True)
    assert_ok(result)
    assert result["changed"] is True and result["diff"] == predicted["diff"]
    assert result["router_interface"]["tags"] == {"env": "prod", "cost": "100"}
    assert result["router_interface"]["description"] == "Tagged side"
    assert mutating_actions(calls) == ["TagResourcesForExpressConnect", "ModifyRouterInterfaceAttribute"]
    assert tag_params(mutating(calls)[0]) == {"Tag.1.Key": "cost", "Tag.1.Value": "100"}

    # A system tag (shown by the proxy, as the cloud would) is kept by purge_tags and not counted as a change.
    with SystemTagProxy(emu.url) as proxy:
        result, calls = run(ansible, emu, MODULE, dict(wanted, tags={"cost": "100"}), env=proxy.env)
    assert_ok(result)
    assert result["changed"] is True
    assert result["router_interface"]["tags"] == {"cost": "100", "aliyun:created-by": "console"}
    assert [(c["action"], tag_params(c)) for c in mutating(calls)] == [
        ("UntagResourcesForExpressConnect", {"TagKey.1": "env"})]

    # Bad tags fail before any call, naming the option and the rule.
    results, calls = run_many(ansible, emu, [
        ("ali_router_interface", {"router_interface_id": ri_id, "tags": {"acs:rm:rgId": "rg-1"}}),
        ("ali_router_interface", {"router_interface_id": ri_id, "tags": {"k" * 129: "v"}}),
        ("ali_router_interface", {"router_interface_id": ri_id, "tags": {"url": "see https://example.com"}}),
    ])
    assert "tags: key 'acs:rm:rgId' must not start with 'aliyun' or 'acs:'" in results[0]["msg"]
    assert "must be at most 128 characters, got 129" in results[1]["msg"] and "tags: key" in results[1]["msg"]
    assert "tags: the value of 'url'" in results[2]["msg"] and "must not contain 'http://' or 'https://'" in \
        results[2]["msg"]
    assert all(r["failed"] is True for r in results)
    assert calls == []


def test_two_runs_creating_the_same_interface_get_one(clean_emulator, ansible):
    """Two runs at once: the other run sent the same create a moment ago (its interface not listed yet, so this run's
    lookup finds nothing). The create's ClientToken is derived from the request, so this run gets that interface."""
    emu = clean_emulator
    vbr_id = create_vbr(emu, 130)
    request = dict(RouterType="VBR", RouterId=vbr_id, Role="InitiatingSide", Spec="Large.2", OppositeRegionId=REGION,
                   AccessPointId=ACCESS_POINT, OppositeRouterType="VRouter", OppositeRouterId=VPC_ROUTER, Name="twice")
    emu.configure(faults="lag=5")  # the module must look it up within the lag, also on a busy machine
    other = sdk_call(emu, "CreateRouterInterface", ClientToken=request_token("CreateRouterInterface", request, REGION),
                     **request)["RouterInterfaceId"]
    result, calls = run(ansible, emu, MODULE, dict(router_id=vbr_id, spec="Large.2", opposite_router_id=VPC_ROUTER,
                                           name="twice", wait=False))
    emu.configure(faults="")
    assert_ok(result)
    assert result["router_interface_id"] == other and mutating_actions(calls) == ["CreateRouterInterface"]
    assert [i["RouterInterfaceId"] for i in interfaces(emu)] == [other]


def test_a_token_replayed_after_the_interface_was_deleted_creates_a_new_one(clean_emulator, ansible):
    """The same create request after its interface was deleted by hand (the VBR kept) replays the deleted ID: the
    module sees it is not there (here: listed as Deleting, so at once) and creates again with another token."""
    emu = clean_emulator
    vbr_id = create_vbr(emu, 131)
    args = dict(router_id=vbr_id, spec="Large.2", opposite_router_id=VPC_ROUTER, name="replayed")
    first, _ = run(ansible, emu, MODULE, args)
    assert_ok(first)
    emu.configure(latency_scale=1.0, profile={"ri_delete": 60.0})  # Deleting, still listed, for a minute
    sdk_call(emu, "DeleteRouterInterface", RouterInterfaceId=first["router_interface_id"])
    second, calls = run(ansible, emu, MODULE, args)
    emu.configure(latency_scale=0.0, profile={})
    assert_ok(second)
    assert second["changed"] is True and second["router_interface_id"] != first["router_interface_id"]
    creates = [c for c in calls if c["action"] == "CreateRouterInterface"]
    assert len(creates) == 2 and creates[0]["params"]["ClientToken"] != creates[1]["params"]["ClientToken"]
    assert [i["Status"] for i in interfaces(emu) if i["RouterInterfaceId"] == second["router_interface_id"]] == ["Idle"]

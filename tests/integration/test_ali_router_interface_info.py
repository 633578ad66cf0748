"""ali_router_interface_info through ansible-playbook against the emulator."""

import pytest

from support.calls import mutating, new_calls
from support.fixture_ids import ACCESS_POINT, PC2, VPC_ROUTER
from support.playbook import assert_ok, run, run_many
from support.sdk import connect_pair, create_ri, create_vbr

MODULE = "ali_router_interface_info"


def test_filters(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id = create_vbr(emu, 400)
    init, acc = connect_pair(emu, vbr_id, VPC_ROUTER, names=("vbr-side", "vpc-side"))
    idle = create_ri(emu, RouterType="VRouter", RouterId="vrt-emu0002", Role="InitiatingSide", Spec="Small.1",
                     Name="idle-one")

    cases = [
        ({}, {init, acc, idle}),
        ({"router_id": vbr_id}, {init}),
        ({"router_type": "VRouter"}, {acc, idle}),
        ({"opposite_router_id": vbr_id}, {acc}),
        ({"opposite_interface_id": acc}, {init}),
        ({"status": "Active"}, {init, acc}),
        ({"status": "Idle"}, {idle}),
        ({"name": "vpc-side"}, {acc}),
        ({"router_interface_ids": [idle, init]}, {idle, init}),
        ({"router_interface_ids": [idle, init], "status": "Idle"}, {idle}),
        ({"router_id": "vrt-emu0004"}, set()),
    ]
    # One playbook per mode, one task per case, to keep the test fast.
    tasks = [{"name": "case %d" % n, "aliyun.express_connect.ali_router_interface_info": args}
             for n, (args, _) in enumerate(cases)]
    for check in (False, True):
        since = len(emu.calls())
        play = ansible.run_tasks(tasks, check=check)
        assert play.rc == 0, play.stdout
        for n, (args, expected) in enumerate(cases):
            result = play.result("case %d" % n)
            assert result["changed"] is False
            assert set(result["ids"]) == expected, args
            assert [r["router_interface_id"] for r in result["router_interfaces"]] == result["ids"]
        assert mutating(new_calls(emu, since)) == []
    # An empty filter is refused, naming it, before any call (issue 20; an empty list of IDs used to list nothing).
    refused = [({"router_interface_ids": []}, "router_interface_ids must not be an empty list"),
               ({"router_id": [vbr_id, ""]}, "router_id[1] must not be empty"),
               ({"name": ""}, "name must not be empty"), ({"opposite_interface_id": None}, "must not be null")]
    results, calls = run_many(ansible, emu, [(MODULE, args) for args, _message in refused])
    for (args, message), result in zip(refused, results):
        assert result["failed"] is True and message in result["msg"], (args, result)
    assert calls == []
    result, _ = run(ansible, emu, MODULE, {"router_interface_ids": [init]})
    ri = result["router_interfaces"][0]
    assert ri["status"] == "Active" and ri["role"] == "InitiatingSide" and ri["router_type"] == "VBR"
    assert ri["opposite_interface_id"] == acc and ri["access_point_id"] == ACCESS_POINT


@pytest.mark.lifecycle
def test_follows_every_page_and_chunks_ids(clean_emulator, ansible):
    emu = clean_emulator
    created = []
    # 11 VBRs x 5 interfaces = 55 interfaces: two pages of 50.
    for n in range(11):
        pc_kwargs = {} if n < 6 else {"pc": PC2}
        vbr_id = create_vbr(emu, 500 + n, **pc_kwargs)
        vbr = next(v for v in emu.state()["VirtualBorderRouters"] if v["VbrId"] == vbr_id)
        for m in range(5):
            created.append(create_ri(emu, RouterType="VBR", RouterId=vbr_id, Role="InitiatingSide", Spec="Mini.2",
                                     AccessPointId=vbr["AccessPointId"], Name="page-%d-%d" % (n, m)))
    result, calls = run(ansible, emu, MODULE, {})
    assert_ok(result)
    assert sorted(result["ids"]) == sorted(created)
    describes = [c for c in calls if c["action"] == "DescribeRouterInterfaces"]
    assert [c["params"].get("PageNumber") for c in describes] == ["1", "2"]

    # 12 IDs are asked five at a time (the API takes at most 5 values per filter).
    wanted = created[:12]
    result, calls = run(ansible, emu, MODULE, {"router_interface_ids": wanted})
    assert_ok(result)
    assert result["ids"] == wanted
    assert len([c for c in calls if c["action"] == "DescribeRouterInterfaces"]) == 3


def test_tags_filter_and_tags_in_results(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id = create_vbr(emu, 410)
    base = dict(RouterType="VBR", RouterId=vbr_id, Role="InitiatingSide", Spec="Mini.2", AccessPointId=ACCESS_POINT)
    both = create_ri(emu, Name="both", **dict(base, **{"Tags.1.Key": "Team", "Tags.1.Value": "Blue",
                                                      "Tags.2.Key": "env", "Tags.2.Value": "prod"}))
    prod = create_ri(emu, Name="prod", **dict(base, **{"Tags.1.Key": "env", "Tags.1.Value": "prod"}))
    untagged = create_ri(emu, Name="untagged", **base)
    cases = [
        ({"tags": {"env": "prod"}}, {both, prod}),
        ({"tags": {"env": "prod", "Team": "Blue"}}, {both}),
        ({"tags": {"env": "prod"}, "router_interface_ids": [prod, untagged]}, {prod}),
        ({"tags": {"env": "dev"}, "router_id": vbr_id}, set()),
        ({"router_id": vbr_id}, {both, prod, untagged}),
    ]
    results, calls = run_many(ansible, emu, [(MODULE, args) for args, _ in cases])
    for (args, expected), result in zip(cases, results):
        assert_ok(result)
        assert result["changed"] is False and set(result["ids"]) == expected, args
    assert mutating(calls) == []
    describes = [c["params"] for c in calls if c["action"] == "DescribeRouterInterfaces"]
    assert {"Tags.1.Key": "env", "Tags.1.Value": "prod"}.items() <= describes[0].items()
    tags = dict((r["router_interface_id"], r["tags"]) for r in results[-1]["router_interfaces"])
    assert tags == {both: {"env": "prod", "Team": "Blue"}, prod: {"env": "prod"}, untagged: {}}

"""ali_vbr through ansible-playbook against the emulator."""

import pytest

from support.calls import mutating
from support.faults import seed_with_draws
from support.fixture_ids import PC
from support.playbook import assert_ok, run, run_many
from support.sdk import create_vbr, sdk_call
from support.system_tags import SystemTagProxy
from support.tag_steps import TagLifecycle, tag_params

ARGS = dict(physical_connection_id=PC, vlan_id=100, local_gateway_ip="192.168.100.1", peer_gateway_ip="192.168.100.2",
            peering_subnet_mask="255.255.255.252", name="vbr-one", description="First VBR")
MODULE = "ali_vbr"


def vbrs_in_state(emulator):
    return emulator.state()["VirtualBorderRouters"]


@pytest.mark.lifecycle
def test_lifecycle_check_apply_modify_absent(clean_emulator, ansible):
    emu = clean_emulator

    # 1. check mode: would create, calls nothing mutating, creates nothing.
    result, calls = run(ansible, emu, MODULE, ARGS, check=True, diff=True)
    assert_ok(result)
    assert result["changed"] is True
    assert result["vbr"]["vlan_id"] == 100 and result["vbr"]["status"] == "active"
    assert result["diff"]["before"] == {} and result["diff"]["after"]["name"] == "vbr-one"
    assert mutating(calls) == [] and vbrs_in_state(emu) == []

    # 2. apply: one create, waits for active, returns the VBR.
    result, calls = run(ansible, emu, MODULE, ARGS)
    assert_ok(result)
    assert result["changed"] is True
    vbr = result["vbr"]
    assert result["vbr_id"] == vbr["vbr_id"] and vbr["vbr_id"].startswith("vbr-")
    assert vbr["status"] == "active"
    assert vbr["physical_connection_id"] == PC and vbr["vlan_id"] == 100
    assert vbr["local_gateway_ip"] == "192.168.100.1" and vbr["peer_gateway_ip"] == "192.168.100.2"
    assert vbr["peering_subnet_mask"] == "255.255.255.252"
    assert vbr["route_table_id"].startswith("vtb-") and vbr["vlan_interface_id"].startswith("ri-")
    assert vbr["access_point_id"] == "ap-cn-hangzhou-xs-B"
    assert [c["action"] for c in mutating(calls)] == ["CreateVirtualBorderRouter"]
    assert mutating(calls)[0]["params"].get("ClientToken")
    vbr_id = vbr["vbr_id"]

    # 3. check mode again, 4. apply again (by natural key and by ID), then the check mode of a modification.
    # Steps that must make no mutating call share one playbook: the call log covers all of them.
    modified = dict(ARGS, description="Second description")
    results, calls = run_many(ansible, emu, [
        ("ali_vbr", ARGS, {"check_mode": True}),
        ("ali_vbr", ARGS),
        ("ali_vbr", {"vbr_id": vbr_id, "name": "vbr-one"}),
        ("ali_vbr", modified, {"check_mode": True, "diff": True}),
    ])
    for result in results[:3]:
        assert_ok(result)
        assert result["changed"] is False and result["vbr_id"] == vbr_id
    predicted = results[3]
    assert_ok(predicted)
    assert predicted["changed"] is True
    assert predicted["vbr"]["description"] == "Second description" and predicted["vbr"]["vbr_id"] == vbr_id
    assert predicted["diff"]["before"]["description"] == "First VBR"
    assert predicted["diff"]["after"]["description"] == "Second description"
    assert mutating(calls) == []
    assert [v["Description"] for v in vbrs_in_state(emu)] == ["First VBR"]

    # 5. the modification: changed + diff, exactly one Modify carrying only the changed field.
    result, calls = run(ansible, emu, MODULE, modified, diff=True)
    assert_ok(result)
    assert result["changed"] is True
    assert result["diff"] == predicted["diff"]
    assert result["vbr"]["description"] == "Second description"
    assert {k: v for k, v in result["vbr"].items() if k != "description"} == \
        {k: v for k, v in vbr.items() if k != "description"}
    modifies = mutating(calls)
    assert [c["action"] for c in modifies] == ["ModifyVirtualBorderRouterAttribute"]
    sent = {k: v for k, v in modifies[0]["params"].items() if k not in ("ClientToken", "RegionId")}
    assert sent == {"VbrId": vbr_id, "Description": "Second description"}

    # 6. modification applied again: unchanged; absent in check mode: would delete. Nothing mutating.
    results, calls = run_many(ansible, emu, [
        ("ali_vbr", modified),
        ("ali_vbr", dict(ARGS, state="absent"), {"check_mode": True, "diff": True}),
    ])
    assert_ok(results[0])
    assert results[0]["changed"] is False
    assert_ok(results[1])
    assert results[1]["changed"] is True and results[1]["vbr_id"] == vbr_id
    assert results[1]["diff"]["before"]["vbr_id"] == vbr_id and results[1]["diff"]["after"] == {}
    assert mutating(calls) == []
    assert len(vbrs_in_state(emu)) == 1

    # 7. absent: one delete, waits until gone.
    result, calls = run(ansible, emu, MODULE, dict(ARGS, state="absent"))
    assert_ok(result)
    assert result["changed"] is True and result["vbr_id"] == vbr_id
    assert [c["action"] for c in mutating(calls)] == ["DeleteVirtualBorderRouter"]
    assert vbrs_in_state(emu) == []

    # 8. absent again (check mode and real): nothing to do.
    results, calls = run_many(ansible, emu, [
        ("ali_vbr", dict(ARGS, state="absent"), {"check_mode": True}),
        ("ali_vbr", dict(ARGS, state="absent")),
        ("ali_vbr", {"vbr_id": vbr_id, "state": "absent"}),
    ])
    for result in results:
        assert_ok(result)
        assert result["changed"] is False and result["vbr"] == {}
    assert mutating(calls) == []


def test_bfd_on_create_vlan_change_by_id_and_immutable_connection(clean_emulator, ansible):
    emu = clean_emulator
    bfd = dict(ARGS, detect_multiplier=5, min_rx_interval=300, mtu=1500)
    result, calls = run(ansible, emu, MODULE, bfd)
    assert_ok(result)
    vbr_id = result["vbr_id"]
    assert result["vbr"]["detect_multiplier"] == 5 and result["vbr"]["min_rx_interval"] == 300
    assert result["vbr"]["mtu"] == 1500
    # CreateVirtualBorderRouter has no BFD parameters: they are set by one Modify after the create.
    assert [c["action"] for c in mutating(calls)] == ["CreateVirtualBorderRouter", "ModifyVirtualBorderRouterAttribute"]

    results, calls = run_many(ansible, emu, [
        ("ali_vbr", bfd),
        ("ali_vbr", {"vbr_id": vbr_id, "vlan_id": 101}, {"check_mode": True}),
        ("ali_vbr", {"vbr_id": vbr_id, "physical_connection_id": "pc-emu0002"}),
        ("ali_vbr", {"vbr_id": "vbr-doesnotexist", "name": "x-y"}),
    ])
    assert_ok(results[0])
    assert results[0]["changed"] is False
    assert_ok(results[1])
    assert results[1]["changed"] is True and results[1]["vbr"]["vlan_id"] == 101
    assert results[2]["failed"] is True
    assert "physical_connection_id cannot be changed after creation" in results[2]["msg"]
    assert results[3]["failed"] is True and "vbr-doesnotexist not found" in results[3]["msg"]
    assert mutating(calls) == []

    # vlan_id changes when the VBR is named by ID.
    result, calls = run(ansible, emu, MODULE, {"vbr_id": vbr_id, "vlan_id": 101})
    assert_ok(result)
    assert result["changed"] is True and result["vbr"]["vlan_id"] == 101
    assert [c["action"] for c in mutating(calls)] == ["ModifyVirtualBorderRouterAttribute"]
    assert vbrs_in_state(emu)[0]["VlanId"] == 101


def test_create_waits_for_a_vbr_invisible_at_first(clean_emulator, ansible):
    emu = clean_emulator
    emu.configure(faults="lag=1.5")
    result, calls = run(ansible, emu, MODULE, ARGS)
    assert_ok(result)
    assert result["changed"] is True and result["vbr"]["status"] == "active"
    assert [c["action"] for c in mutating(calls)] == ["CreateVirtualBorderRouter"]
    assert len(vbrs_in_state(emu)) == 1


def test_vlan_in_use_by_a_vbr_not_listed_yet(clean_emulator, ansible):
    """Created on the VLAN just now by someone else (another run of the same play) and not listed yet: the create is
    refused, the module waits until that VBR is listed, goes on with it when it carries every requested tag, and
    fails naming it otherwise (never taking over someone else's VBR silently)."""
    emu = clean_emulator
    emu.configure(faults="lag=5")  # the module must look it up within the lag, also on a busy machine
    gateways = dict(LocalGatewayIp=ARGS["local_gateway_ip"], PeerGatewayIp=ARGS["peer_gateway_ip"],
                    PeeringSubnetMask=ARGS["peering_subnet_mask"], Name=ARGS["name"], Description=ARGS["description"])
    theirs = sdk_call(emu, "CreateVirtualBorderRouter", PhysicalConnectionId=PC, VlanId=101, **gateways)["VbrId"]
    refused, calls = run(ansible, emu, MODULE, dict(ARGS, vlan_id=101, tags={"owner": "me"}))
    assert refused["failed"] is True
    assert theirs in refused["msg"] and "owner=me" in refused["msg"] and "InvalidVlanId.Used" in refused["msg"]
    assert refused["vbr_id"] == theirs and refused["error"]["code"] == "InvalidVlanId.Used"
    assert "Traceback" not in str(refused)
    assert [(c["action"], c["code"]) for c in mutating(calls)] == [("CreateVirtualBorderRouter", "InvalidVlanId.Used")]

    ours = sdk_call(emu, "CreateVirtualBorderRouter", PhysicalConnectionId=PC, VlanId=100,
                    **dict(gateways, **{"Tags.1.Key": "owner", "Tags.1.Value": "me"}))["VbrId"]
    result, calls = run(ansible, emu, MODULE, dict(ARGS, tags={"owner": "me"}))
    emu.configure(faults="")
    assert_ok(result)
    assert result["changed"] is False and result["vbr_id"] == ours
    assert [(c["action"], c["code"]) for c in mutating(calls)] == [("CreateVirtualBorderRouter", "InvalidVlanId.Used")]
    assert len(vbrs_in_state(emu)) == 2


def test_vlan_in_use_on_modify(clean_emulator, ansible):
    emu = clean_emulator
    create_vbr(emu, 200)
    other = create_vbr(emu, 201)
    result, calls = run(ansible, emu, MODULE, {"vbr_id": other, "vlan_id": 200})
    assert result["failed"] is True
    assert "InvalidVlanId.Used" in result["msg"] and "RequestId: " in result["msg"]
    assert "Traceback" not in str(result)
    assert [(c["action"], c["code"]) for c in mutating(calls)] == [
        ("ModifyVirtualBorderRouterAttribute", "InvalidVlanId.Used")]


def test_delete_refused_while_router_interfaces_exist(clean_emulator, ansible):
    emu = clean_emulator
    result, _ = run(ansible, emu, MODULE, ARGS)
    assert_ok(result)
    vbr_id = result["vbr_id"]
    ri_id = sdk_call(emu, "CreateRouterInterface", RouterType="VBR", RouterId=vbr_id, Role="InitiatingSide",
                     Spec="Large.2", OppositeRegionId="cn-hangzhou", OppositeRouterType="VRouter",
                     AccessPointId="ap-cn-hangzhou-xs-B")["RouterInterfaceId"]
    for check in (True, False):
        result, calls = run(ansible, emu, MODULE, {"vbr_id": vbr_id, "state": "absent"}, check=check)
        assert result["failed"] is True
        assert ri_id in result["msg"] and vbr_id in result["msg"]
        assert result["router_interface_ids"] == [ri_id]
        assert mutating(calls) == []
    assert len(vbrs_in_state(emu)) == 1


def test_wrong_secret(clean_emulator, ansible):
    emu = clean_emulator
    result, calls = run(ansible, emu, MODULE, ARGS, env={"ALICLOUD_SECRET_KEY": "not-the-secret"})
    assert result["failed"] is True
    assert "SignatureDoesNotMatch" in result["msg"] or "InvalidAccessKeySecret" in result["msg"]
    assert "RequestId: " in result["msg"]
    assert "not-the-secret" not in str(result) and "Traceback" not in str(result)
    # The lookup is refused, so nothing is attempted after it.
    assert calls and {c["code"] for c in calls} == {"SignatureDoesNotMatch"}
    assert mutating(calls) == []


BAD_INPUTS = [
    ({"vlan_id": 3000}, "vlan_id", "between 0 and 2999"),
    ({"vlan_id": -1}, "vlan_id", "between 0 and 2999"),
    ({"peer_gateway_ip": "192.168.101.2"}, "peer_gateway_ip", "same subnet"),
    ({"peering_subnet_mask": "255.255.255.253"}, "peering_subnet_mask", "netmask"),
    ({"peering_subnet_mask": "255.255.0.0"}, "peering_subnet_mask", "/24"),
    ({"peering_subnet_mask": "30"}, "peering_subnet_mask", "netmask"),
    ({"local_gateway_ip": "192.168.100.300"}, "local_gateway_ip", "valid IPv4 address"),
    ({"peer_gateway_ip": "192.168.100.1"}, "peer_gateway_ip", "different"),
    ({"local_gateway_ip": "192.168.100.0"}, "local_gateway_ip", "network or broadcast"),
    ({"name": "1abc"}, "name", "start with a letter"),
    ({"description": "http://x.example"}, "description", "http://"),
    ({"detect_multiplier": 11}, "detect_multiplier", "between 3 and 10"),
    ({"min_tx_interval": 100}, "min_tx_interval", "between 200 and 1000"),
    ({"mtu": 9000}, "mtu", "1500"),
    ({"physical_connection_id": None, "vlan_id": None}, "physical_connection_id", "vbr_id"),
    ({"vlan_id": None}, "vlan_id", "required"),
    ({"state": "absent", "vlan_id": 5000}, "vlan_id", "between 0 and 2999"),
]


def test_bad_input_fails_before_any_call(clean_emulator, ansible):
    # One playbook, one task per bad input (each ansible-playbook start costs seconds).
    cases = [{k: v for k, v in dict(ARGS, **override).items() if v is not None} for override, _, _ in BAD_INPUTS]
    results = ansible.run_modules([("ali_vbr", args) for args in cases])
    for (override, option, rule), result in zip(BAD_INPUTS, results):
        assert result["failed"] is True, override
        assert option in result["msg"] and rule in result["msg"], (override, result["msg"])
        assert "Traceback" not in result["msg"]
    assert clean_emulator.calls() == []


def test_create_needs_gateway_options(clean_emulator, ansible):
    args = {"physical_connection_id": PC, "vlan_id": 100, "local_gateway_ip": "192.168.100.1"}
    result = ansible.run_module("ali_vbr", args)
    assert result["failed"] is True
    assert "peer_gateway_ip" in result["msg"] and "peering_subnet_mask" in result["msg"]
    assert mutating(clean_emulator.calls()) == []


@pytest.mark.lifecycle
def test_lost_create_response_is_retried_without_duplicate(clean_emulator, ansible):
    emu = clean_emulator
    # Draw order: the lookup (Describe) gets through, the first Create's answer is lost, everything after succeeds.
    probability = 0.5
    seed = seed_with_draws([False, True] + [False] * 8, probability)
    emu.configure(faults="lost=%s" % probability, seed=seed)
    result, calls = run(ansible, emu, MODULE, ARGS)
    emu.configure(faults="")
    assert_ok(result)
    creates = [c for c in calls if c["action"] == "CreateVirtualBorderRouter"]
    assert [c["fault"] for c in creates] == ["lost", None], calls
    assert creates[0]["params"]["ClientToken"] == creates[1]["params"]["ClientToken"]
    vbrs = vbrs_in_state(emu)
    assert len(vbrs) == 1 and vbrs[0]["VbrId"] == result["vbr_id"]


def test_wait_false_and_delete_waits_until_gone(clean_emulator, ansible):
    emu = clean_emulator
    results, calls = run_many(ansible, emu, [
        ("ali_vbr", dict(ARGS, wait=False)),
        ("ali_vbr", dict(ARGS, state="absent", wait=False)),
    ])
    for result in results:
        assert_ok(result)
        assert result["changed"] is True
    assert results[0]["vbr_id"].startswith("vbr-") and results[1]["vbr_id"] == results[0]["vbr_id"]
    assert [c["action"] for c in mutating(calls)] == ["CreateVirtualBorderRouter", "DeleteVirtualBorderRouter"]

    # With real (scaled) latency the VBR is `deleting` for a while: state=absent returns once it is gone.
    emu.configure(latency_scale=0.5)
    result, _ = run(ansible, emu, MODULE, ARGS)
    assert_ok(result)
    result, _ = run(ansible, emu, MODULE, dict(ARGS, state="absent"))
    assert_ok(result)
    assert result["changed"] is True and vbrs_in_state(emu) == []


# -- tags ------------------------------------------------------------------------------------------------------
def vbr_tag_lifecycle(ansible, emulator, args=ARGS):
    return TagLifecycle(ansible, emulator, "ali_vbr", args, "vbr", "vbr_id", "VIRTUALBORDERROUTER",
                        "VirtualBorderRouters", "VbrId")


def test_tags_create_change_add_purge(clean_emulator, ansible):
    lifecycle = vbr_tag_lifecycle(ansible, clean_emulator)
    vbr_id, args = lifecycle.create("CreateVirtualBorderRouter")
    lifecycle.steps(vbr_id, args)


def test_tags_with_an_attribute_change_and_by_id(clean_emulator, ansible):
    emu = clean_emulator
    result, _ = run(ansible, emu, MODULE, dict(ARGS, tags={"env": "prod"}))
    assert_ok(result)
    vbr_id = result["vbr_id"]
    # An attribute and a tag in one task: the Modify, then the tag call; the prediction is exact.
    wanted = {"vbr_id": vbr_id, "description": "Tagged VBR", "tags": {"env": "prod", "cost": 100}}
    predicted, calls = run(ansible, emu, MODULE, wanted, check=True, diff=True)
    assert_ok(predicted)
    assert mutating(calls) == []
    result, calls = run(ansible, emu, MODULE, wanted, diff=True)
    assert_ok(result)
    assert result["changed"] is True and result["diff"] == predicted["diff"]
    assert result["vbr"]["tags"] == {"env": "prod", "cost": "100"} and result["vbr"]["description"] == "Tagged VBR"
    assert [c["action"] for c in mutating(calls)] == ["ModifyVirtualBorderRouterAttribute",
                                                      "TagResourcesForExpressConnect"]
    assert tag_params(mutating(calls)[1]) == {"Tag.1.Key": "cost", "Tag.1.Value": "100"}
    # The integer 100 is the text "100": the re-run makes no call.
    result, calls = run(ansible, emu, MODULE, wanted)
    assert_ok(result)
    assert result["changed"] is False and mutating(calls) == []


def test_tags_system_key_is_never_purged(clean_emulator, ansible):
    emu = clean_emulator
    result, _ = run(ansible, emu, MODULE, dict(ARGS, tags={"env": "prod"}))
    assert_ok(result)
    with SystemTagProxy(emu.url) as proxy:
        results, calls = run_many(ansible, emu, [
            ("ali_vbr", dict(ARGS, tags={"env": "prod"})),
            ("ali_vbr", dict(ARGS, tags={}), {"check_mode": True, "diff": True}),
        ], env=proxy.env)
        for result in results:
            assert_ok(result)
        assert results[0]["changed"] is False
        assert results[0]["vbr"]["tags"] == {"env": "prod", "aliyun:created-by": "console"}
        assert results[1]["changed"] is True and results[1]["vbr"]["tags"] == {"aliyun:created-by": "console"}
        assert mutating(calls) == []
        result, calls = run(ansible, emu, MODULE, dict(ARGS, tags={}), env=proxy.env)
    assert_ok(result)
    assert result["changed"] is True and result["vbr"]["tags"] == {"aliyun:created-by": "console"}
    assert [(c["action"], tag_params(c)) for c in mutating(calls)] == [
        ("UntagResourcesForExpressConnect", {"TagKey.1": "env"})]


def test_tags_bad_input_fails_before_any_call(clean_emulator, ansible):
    emu = clean_emulator
    cases = [
        ({"": "v"}, "tags: a key must not be empty"),
        (dict(("k%d" % n, "v") for n in range(21)), "tags: at most 20 tags per resource, got 21"),
        ({"aliyun:owner": "me"}, "tags: key 'aliyun:owner' must not start with 'aliyun' or 'acs:'"),
        ({"k": "x" * 129}, "tags: the value of 'k' must be at most 128 characters, got 129"),
    ]
    results, calls = run_many(ansible, emu, [("ali_vbr", dict(ARGS, tags=tags)) for tags, _ in cases])
    for (tags, message), result in zip(cases, results):
        assert result["failed"] is True and message in result["msg"], (tags, result["msg"])
    assert calls == [] and vbrs_in_state(emu) == []

"""ali_ri_connection through ansible-playbook against the emulator."""

import uuid

import pytest

from support.calls import mutating
from support.fixture_ids import ACCESS_POINT, VPC_ROUTER
from support.playbook import assert_ok, run
from support.sdk import connect_pair, create_ri, create_vbr, sdk_call

MODULE = "ali_ri_connection"


def actions(calls):
    return [(call["action"], call["params"]["RouterInterfaceId"]) for call in mutating(calls)]


def status(emulator, ri_id):
    return next(i for i in emulator.state()["RouterInterfaces"] if i["RouterInterfaceId"] == ri_id)["Status"]


def unpaired(emulator, vlan_id, vpc_router=VPC_ROUTER):
    """A VBR and two Idle interfaces (VBR initiator, vRouter acceptor) that do not know each other's IDs yet."""
    vbr_id = create_vbr(emulator, vlan_id)
    init, acc = connect_pair(emulator, vbr_id, vpc_router, introduce=(False, False), connect=False)
    return vbr_id, init, acc


@pytest.mark.lifecycle
def test_connection_lifecycle_drift_and_teardown(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id, init, acc = unpaired(emu, 300)
    args = dict(router_interface_id=init, opposite_interface_id=acc)

    # 1. check mode: predicts both ends Active, makes no mutating call.
    result, calls = run(ansible, emu, MODULE, args, check=True, diff=True)
    assert_ok(result)
    assert result["changed"] is True and actions(calls) == []
    assert result["connection"]["status"] == "Active"
    assert result["connection"]["initiator"]["opposite_interface_id"] == acc
    assert result["diff"]["before"]["initiator_status"] == "Idle"
    assert result["diff"]["after"]["acceptor_status"] == "Active"
    assert status(emu, init) == "Idle" and status(emu, acc) == "Idle"

    # 2. apply: pair both ends, connect the initiator, wait until both are Active.
    result, calls = run(ansible, emu, MODULE, args, diff=True)
    assert_ok(result)
    assert result["changed"] is True
    assert actions(calls) == [("ModifyRouterInterfaceAttribute", init), ("ModifyRouterInterfaceAttribute", acc),
                              ("ConnectRouterInterface", init)]
    modify_init, modify_acc = mutating(calls)[:2]
    assert modify_init["params"]["OppositeInterfaceId"] == acc and modify_init["params"]["OppositeRouterType"] == "VRouter"
    assert modify_acc["params"]["OppositeInterfaceId"] == init and modify_acc["params"]["OppositeRouterType"] == "VBR"
    assert result["connection"]["status"] == "Active"
    assert result["connection"]["initiator"]["status"] == "Active" and result["connection"]["acceptor"]["status"] == "Active"
    assert result["router_interface_id"] == init and result["opposite_interface_id"] == acc
    assert result["diff"]["before"]["acceptor_status"] == "Idle" and result["diff"]["after"]["acceptor_status"] == "Active"

    # 3. check mode, 4. apply: nothing to do.
    for check in (True, False):
        result, calls = run(ansible, emu, MODULE, args, check=check)
        assert_ok(result)
        assert result["changed"] is False, check
        assert actions(calls) == [] and result["connection"]["status"] == "Active"

    # Drift: the acceptor is deactivated behind Ansible's back; present activates that end only.
    sdk_call(emu, "DeactivateRouterInterface", RouterInterfaceId=acc)
    assert status(emu, acc) == "Inactive"
    result, calls = run(ansible, emu, MODULE, args, check=True)
    assert_ok(result)
    assert result["changed"] is True and actions(calls) == [] and result["connection"]["status"] == "Active"
    result, calls = run(ansible, emu, MODULE, args)
    assert_ok(result)
    assert result["changed"] is True
    assert actions(calls) == [("ActivateRouterInterface", acc)]
    assert status(emu, init) == "Active" and status(emu, acc) == "Active"

    # absent: check mode, apply (deactivate both ends), then nothing to do.
    absent = dict(args, state="absent")
    result, calls = run(ansible, emu, MODULE, absent, check=True, diff=True)
    assert_ok(result)
    assert result["changed"] is True and actions(calls) == []
    assert result["connection"]["status"] == "Inactive"
    assert result["diff"]["before"]["initiator_status"] == "Active"
    assert result["diff"]["after"]["initiator_status"] == "Inactive"
    result, calls = run(ansible, emu, MODULE, absent)
    assert_ok(result)
    assert result["changed"] is True
    assert actions(calls) == [("DeactivateRouterInterface", init), ("DeactivateRouterInterface", acc)]
    assert result["connection"]["status"] == "Inactive"
    assert status(emu, init) == "Inactive" and status(emu, acc) == "Inactive"
    for check in (True, False):
        result, calls = run(ansible, emu, MODULE, absent, check=check)
        assert_ok(result)
        assert result["changed"] is False and actions(calls) == []

    # present again from Inactive: both ends are activated.
    result, calls = run(ansible, emu, MODULE, args)
    assert_ok(result)
    assert result["changed"] is True
    assert actions(calls) == [("ActivateRouterInterface", init), ("ActivateRouterInterface", acc)]
    assert result["connection"]["status"] == "Active"


def test_absent_leaves_an_idle_pair_alone(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id, init, acc = unpaired(emu, 301)
    result, calls = run(ansible, emu, MODULE, dict(router_interface_id=init, opposite_interface_id=acc, state="absent"))
    assert_ok(result)
    assert result["changed"] is False and actions(calls) == []
    assert result["connection"]["status"] == "Idle"


def test_refusals_before_any_mutating_call(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id, init, acc = unpaired(emu, 302)

    # The initiator must be the InitiatingSide (ids swapped).
    result, calls = run(ansible, emu, MODULE, dict(router_interface_id=acc, opposite_interface_id=init))
    assert result["failed"]
    assert "must be the InitiatingSide" in result["msg"] and acc in result["msg"]
    assert actions(calls) == []

    # Unknown interface.
    result, calls = run(ansible, emu, MODULE, dict(router_interface_id="ri-doesnotexist", opposite_interface_id=acc))
    assert result["failed"] and "router_interface_id ri-doesnotexist: no such router interface" in result["msg"]
    assert actions(calls) == []

    # The acceptor is paired with another interface.
    other_vbr = create_vbr(emu, 303)
    other = create_ri(emu, RouterType="VBR", RouterId=other_vbr, Role="InitiatingSide", Spec="Small.1",
                      AccessPointId=ACCESS_POINT, OppositeRouterType="VRouter", OppositeRouterId="vrt-emu0002")
    acc2 = create_ri(emu, RouterType="VRouter", RouterId="vrt-emu0002", Role="AcceptingSide", Spec="Negative",
                     OppositeRouterType="VBR", OppositeRouterId=other_vbr, OppositeInterfaceId=other,
                     OppositeAccessPointId=ACCESS_POINT)
    result, calls = run(ansible, emu, MODULE, dict(router_interface_id=init, opposite_interface_id=acc2))
    assert result["failed"]
    assert "opposite_interface_id %s is paired with another interface, %s" % (acc2, other) in result["msg"]
    assert actions(calls) == []

    # The initiator's VBR is not active.
    sdk_call(emu, "TerminateVirtualBorderRouter", VbrId=vbr_id, ClientToken=str(uuid.uuid4()))
    result, calls = run(ansible, emu, MODULE, dict(router_interface_id=init, opposite_interface_id=acc))
    assert result["failed"]
    assert "the initiator's VBR %s is terminat" % vbr_id in result["msg"]
    assert actions(calls) == []


def test_second_pair_between_the_same_routers_is_refused(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id, init, acc = unpaired(emu, 304)
    result, calls = run(ansible, emu, MODULE, dict(router_interface_id=init, opposite_interface_id=acc))
    assert_ok(result)

    init2 = create_ri(emu, RouterType="VBR", RouterId=vbr_id, Role="InitiatingSide", Spec="Small.1",
                      AccessPointId=ACCESS_POINT, Name="second")
    acc2 = create_ri(emu, RouterType="VRouter", RouterId=VPC_ROUTER, Role="AcceptingSide", Spec="Negative",
                     OppositeAccessPointId=ACCESS_POINT, Name="second")
    result, calls = run(ansible, emu, MODULE, dict(router_interface_id=init2, opposite_interface_id=acc2))
    assert result["failed"]
    assert "already connected through router interface %s" % init in result["msg"]
    assert "only one connection is allowed between two routers" in result["msg"]
    assert actions(calls) == []
    assert status(emu, init2) == "Idle" and status(emu, acc2) == "Idle"

    # The API refuses it too (Forbidden.OnlyOneConnection), with its code and RequestId in the message.
    sdk_call(emu, "ModifyRouterInterfaceAttribute", RouterInterfaceId=init2, OppositeInterfaceId=acc2,
             OppositeRouterId=VPC_ROUTER, OppositeRouterType="VRouter")
    sdk_call(emu, "ModifyRouterInterfaceAttribute", RouterInterfaceId=acc2, OppositeInterfaceId=init2,
             OppositeRouterId=vbr_id, OppositeRouterType="VBR")
    try:
        sdk_call(emu, "ConnectRouterInterface", RouterInterfaceId=init2)
    except Exception as exc:  # the SDK's ServerException
        assert "Forbidden.OnlyOneConnection" in str(exc)
    else:
        raise AssertionError("the emulator connected a second pair between the same routers")


def test_waits_for_connecting_and_deactivating(clean_emulator, ansible):
    """With scaled latencies the ends pass through Connecting/Deactivating; the module waits for the end state."""
    emu = clean_emulator
    vbr_id, init, acc = unpaired(emu, 305)
    emu.configure(latency_scale=0.1)  # connect 1 s, deactivate 0.5 s, activate 0.5 s
    args = dict(router_interface_id=init, opposite_interface_id=acc)
    result, calls = run(ansible, emu, MODULE, args)
    assert_ok(result)
    assert result["connection"]["status"] == "Active"

    # A transition already under way (Deactivating) is waited out, then the end is activated again.
    sdk_call(emu, "DeactivateRouterInterface", RouterInterfaceId=init)
    assert status(emu, init) == "Deactivating"
    result, calls = run(ansible, emu, MODULE, args)
    assert_ok(result)
    assert result["changed"] is True and actions(calls) == [("ActivateRouterInterface", init)]
    assert result["connection"]["status"] == "Active"

    result, calls = run(ansible, emu, MODULE, dict(args, state="absent"))
    assert_ok(result)
    assert result["connection"]["status"] == "Inactive"
    assert status(emu, init) == "Inactive" and status(emu, acc) == "Inactive"

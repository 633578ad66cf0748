"""Ends in two accounts and two regions through ansible-playbook against the emulator: ali_vbr_grant,
ali_router_interface for an end whose opposite is elsewhere, and ali_ri_connection with the acceptor's own connection
settings. The VBR is the first account's (the default key pair, in the environment) in cn-hangzhou; the VPC is the
second account's in cn-shanghai, and for the connection also the second account's in cn-hangzhou and the first
account's in cn-shanghai."""

from collections import namedtuple

import pytest

from support.calls import mutating, mutating_actions
from support.faults import seed_with_draws
from support.emulator import REGION
from support.fixture_ids import (
    ACCESS_POINT, ACCOUNT_UID, SECOND_ACCESS_KEY_ID, SECOND_ACCESS_KEY_SECRET, SECOND_ACCOUNT_UID, SECOND_REGION, VPC5,
    VPC6, VPC7, VPC_ROUTER, VPC_ROUTER5, VPC_ROUTER6, VPC_ROUTER7,
)
from support.playbook import assert_ok, run
from support.sdk import create_vbr

SECOND = dict(alicloud_access_key=SECOND_ACCESS_KEY_ID, alicloud_secret_key=SECOND_ACCESS_KEY_SECRET,
              alicloud_region=SECOND_REGION)

# Where the VPC is: its vRouter, region, owner (None: the VBR's account) and the connection settings of its account
# and region (for the modules run as the VPC's owner, and for ali_ri_connection's opposite_connection).
Topology = namedtuple("Topology", ("vpc", "router", "region", "owner", "connection"))
BOTH = Topology(VPC7, VPC_ROUTER7, SECOND_REGION, SECOND_ACCOUNT_UID, SECOND)
ACCOUNTS = Topology(VPC6, VPC_ROUTER6, REGION, SECOND_ACCOUNT_UID, dict(SECOND, alicloud_region=REGION))
REGIONS = Topology(VPC5, VPC_ROUTER5, SECOND_REGION, None, dict(alicloud_region=SECOND_REGION))


def grant_args(topology=BOTH, **more):
    return dict(dict(topology.connection, instance_id=topology.vpc, vbr_owner_uid=ACCOUNT_UID, vbr_region_id=REGION),
                **more)


def owner(uid):
    return dict(opposite_interface_owner_id=uid) if uid else {}


def vbr_end_args(vbr_id, topology=BOTH, **more):
    """The first account's end on its VBR in cn-hangzhou, toward the VPC's vRouter."""
    return dict(dict(router_id=vbr_id, spec="Mini.2", opposite_router_id=topology.router,
                     opposite_region_id=topology.region, name="to-the-vpc", **owner(topology.owner)), **more)


def vpc_end_args(vbr_id, topology=BOTH, **more):
    """The VPC owner's end on its vRouter in its region, toward the first account's VBR in cn-hangzhou."""
    return dict(dict(topology.connection, router_id=topology.router, opposite_router_id=vbr_id,
                     opposite_region_id=REGION, opposite_access_point_id=ACCESS_POINT, name="from-the-vbr",
                     **owner(topology.owner and ACCOUNT_UID)), **more)


def without(args, *options):
    return dict((k, v) for k, v in args.items() if k not in options)


def grant_vpc(ansible, emulator, topology=BOTH):
    """The second account's grant of its VPC to the first account's VBRs in cn-hangzhou: without it the emulator
    refuses an end that names the other account's router (its README, "Grants")."""
    result, _ = run(ansible, emulator, "ali_vbr_grant", grant_args(topology))
    assert_ok(result)


def interfaces(emulator):
    """The router interfaces of every account in every region."""
    return emulator.state(account="all", region="all")["RouterInterfaces"]


def interface(emulator, ri_id):
    return next(i for i in interfaces(emulator) if i["RouterInterfaceId"] == ri_id)


def lifecycle(ansible, emulator, module, args):
    """check -> apply -> check -> apply -> absent (check) -> absent -> absent; asserts no mutating call on every
    check run and unchanged run; returns the applied result and the calls of the first apply and first absent."""
    result, calls = run(ansible, emulator, module, args, check=True, diff=True)
    assert_ok(result)
    assert result["changed"] is True and mutating_actions(calls) == []
    predicted = result
    applied, apply_calls = run(ansible, emulator, module, args, diff=True)
    assert_ok(applied)
    assert applied["changed"] is True
    for check in (True, False):
        result, calls = run(ansible, emulator, module, args, check=check)
        assert_ok(result)
        assert result["changed"] is False and mutating_actions(calls) == [], (check, mutating_actions(calls))
    absent = dict(args, state="absent")
    result, calls = run(ansible, emulator, module, absent, check=True)
    assert_ok(result)
    assert result["changed"] is True and mutating_actions(calls) == []
    removed, absent_calls = run(ansible, emulator, module, absent)
    assert_ok(removed)
    assert removed["changed"] is True
    for check in (True, False):
        result, calls = run(ansible, emulator, module, absent, check=check)
        assert_ok(result)
        assert result["changed"] is False and mutating_actions(calls) == [], (check, mutating_actions(calls))
    return predicted, applied, apply_calls, absent_calls


def test_vbr_grant_lifecycle(clean_emulator, ansible):
    emu = clean_emulator
    predicted, applied, apply_calls, absent_calls = lifecycle(ansible, emu, "ali_vbr_grant", grant_args())
    wanted = dict(instance_id=VPC7, vbr_owner_uid=ACCOUNT_UID, vbr_region_id=REGION, grant_type="All",
                  vbr_instance_ids=[])
    assert predicted["grant"] == wanted and predicted["diff"] == dict(before={}, after=wanted)
    assert applied["grant"] == wanted
    (shown,) = applied["grants"]
    assert str(shown["vbr_owner_uid"]) == ACCOUNT_UID and shown["vbr_region_no"] == REGION
    assert shown["instance_id"] == VPC7 and shown["status"] == "Created"
    (grant,) = mutating(apply_calls)
    assert grant["action"] == "GrantInstanceToVbr"
    assert grant["params"]["RegionId"] == SECOND_REGION and grant["params"]["GrantType"] == "All"
    assert mutating_actions(absent_calls) == ["RevokeInstanceFromVbr"]


def test_vbr_grant_of_chosen_vbrs(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id = create_vbr(emu, 2301)
    args = grant_args(vbr_instance_ids=[vbr_id])
    result, calls = run(ansible, emu, "ali_vbr_grant", args)
    assert_ok(result)
    assert result["changed"] is True and result["grant"]["grant_type"] == "Specify"
    assert result["grant"]["vbr_instance_ids"] == [vbr_id]
    sent = mutating(calls)[0]["params"]
    assert sent["VbrInstanceIds.1"] == vbr_id and sent["GrantType"] == "Specify"
    result, calls = run(ansible, emu, "ali_vbr_grant", args)
    assert_ok(result)
    assert result["changed"] is False and mutating_actions(calls) == []
    result, calls = run(ansible, emu, "ali_vbr_grant", dict(args, state="absent"))
    assert_ok(result)
    assert result["changed"] is True and mutating_actions(calls) == ["RevokeInstanceFromVbr"]
    assert result["grant"] == {}


def test_vbr_grant_revoke_whose_answer_is_lost(clean_emulator, ansible):
    """The revoke took effect but its answer was lost: the client's retry is answered Instance.NotExist (nothing
    left to revoke), which the module takes for done once the grants read as planned."""
    emu = clean_emulator
    grant_vpc(ansible, emu)
    # Draw order: the grants' read gets through, the revoke's answer is lost, the rest succeed.
    probability = 0.5
    emu.configure(faults="lost=%s" % probability, seed=seed_with_draws([False, True] + [False] * 8, probability))
    result, calls = run(ansible, emu, "ali_vbr_grant", grant_args(state="absent"))
    emu.configure(faults="")
    assert_ok(result)
    assert result["changed"] is True and result["grant"] == {}
    revokes = [(c["fault"], c["code"]) for c in calls if c["action"] == "RevokeInstanceFromVbr"]
    assert revokes == [("lost", None), (None, "Instance.NotExist")], calls
    assert emu.state(account="all", region="all")["Grants"] == []


def test_vbr_grant_refusals_name_the_option(clean_emulator, ansible):
    emu = clean_emulator
    # To its own account: only the API knows the caller's UID, so the refused grant is the one call.
    result, calls = run(ansible, emu, "ali_vbr_grant", grant_args(vbr_owner_uid=SECOND_ACCOUNT_UID))
    assert result["failed"] is True and result["error"]["code"] == "Parameter.Illegal"
    assert result["msg"].startswith("vbr_owner_uid %s and vbr_region_id %s refused by GrantInstanceToVbr"
                                    % (SECOND_ACCOUNT_UID, REGION))
    assert [(c["action"], c["code"]) for c in mutating(calls)] == [("GrantInstanceToVbr", "Parameter.Illegal")]
    # Another account's VPC: not found by the caller, named before any change.
    result, calls = run(ansible, emu, "ali_vbr_grant", without(grant_args(), *SECOND))
    assert result["failed"] is True and result["error"]["code"] == "Instance.NotExist"
    assert result["msg"].startswith("instance_id %s: no such VPC of this account in region %s" % (VPC7, REGION))
    assert mutating(calls) == []
    # Neither made a grant: the owner's own read (check mode) finds none.
    result, _ = run(ansible, emu, "ali_vbr_grant", grant_args(), check=True)
    assert_ok(result)
    assert result["grants"] == [] and result["changed"] is True


def test_router_interface_ends_in_two_accounts_and_regions(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id = create_vbr(emu, 2302)
    grant_vpc(ansible, emu)

    # The first account's end (the environment's key pair, cn-hangzhou).
    predicted, applied, apply_calls, absent_calls = lifecycle(ansible, emu, "ali_router_interface",
                                                              vbr_end_args(vbr_id))
    assert predicted["router_interface"]["opposite_interface_owner_id"] == SECOND_ACCOUNT_UID
    assert predicted["router_interface"]["opposite_region_id"] == SECOND_REGION
    end = applied["router_interface"]
    assert end["opposite_interface_owner_id"] == SECOND_ACCOUNT_UID and end["opposite_region_id"] == SECOND_REGION
    assert end["role"] == "InitiatingSide" and end["status"] == "Idle"
    (create,) = mutating(apply_calls)
    assert create["params"]["RegionId"] == REGION and create["params"]["OppositeRegionId"] == SECOND_REGION
    assert create["params"]["OppositeInterfaceOwnerId"] == SECOND_ACCOUNT_UID
    assert mutating_actions(absent_calls) == ["DeleteRouterInterface"]

    # The second account's end (its own key pair, cn-shanghai), naming the first account's VBR and access point.
    predicted, applied, apply_calls, absent_calls = lifecycle(ansible, emu, "ali_router_interface",
                                                              vpc_end_args(vbr_id))
    end = applied["router_interface"]
    assert end["role"] == "AcceptingSide" and end["spec"] == "Negative" and end["router_id"] == VPC_ROUTER7
    assert end["opposite_interface_owner_id"] == ACCOUNT_UID and end["opposite_region_id"] == REGION
    assert end["opposite_access_point_id"] == ACCESS_POINT
    (create,) = mutating(apply_calls)
    assert create["params"]["RegionId"] == SECOND_REGION and create["params"]["OppositeRegionId"] == REGION
    assert interfaces(emu) == []


def build_ends(ansible, emu, vbr_id, topology=BOTH):
    """The grant (across accounts) and both ends, each made by its owner in its region; returns (initiator, acceptor)
    IDs."""
    if topology.owner:
        grant_vpc(ansible, emu, topology)
    for args in (vbr_end_args(vbr_id, topology), vpc_end_args(vbr_id, topology)):
        result, _ = run(ansible, emu, "ali_router_interface", args)
        assert_ok(result)
        yield result["router_interface_id"]


@pytest.mark.parametrize("topology", [BOTH, ACCOUNTS, REGIONS],
                         ids=["another-account-and-region", "another-account", "another-region"])
def test_connection_across_accounts_and_regions(clean_emulator, ansible, topology):
    emu = clean_emulator
    vbr_id = create_vbr(emu, 2303)
    init, acc = build_ends(ansible, emu, vbr_id, topology)
    args = dict(router_interface_id=init, opposite_interface_id=acc, opposite_connection=topology.connection)

    predicted, applied, apply_calls, absent_calls = lifecycle(ansible, emu, "ali_ri_connection", args)
    assert predicted["connection"]["status"] == "Active"
    assert applied["connection"]["status"] == "Active"
    assert applied["connection"]["acceptor"]["router_id"] == topology.router
    # Each end was read and changed by its owner in its own region: every call answered, none "not found" (what
    # another account's key or another region gets for an interface).
    assert [(c["action"], c["code"]) for c in apply_calls + absent_calls if c["code"]] == []
    by_end = dict(((c["action"], c["params"]["RouterInterfaceId"]), c["params"]["RegionId"]) for c in mutating(apply_calls))
    assert by_end == {("ModifyRouterInterfaceAttribute", init): REGION,
                      ("ModifyRouterInterfaceAttribute", acc): topology.region,
                      ("ConnectRouterInterface", init): REGION}
    assert interface(emu, init)["Status"] == "Inactive" and interface(emu, acc)["Status"] == "Inactive"
    assert sorted((c["params"]["RouterInterfaceId"], c["params"]["RegionId"]) for c in mutating(absent_calls)) == sorted(
        [(init, REGION), (acc, topology.region)])


def test_the_second_accounts_secret_never_shows(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id = create_vbr(emu, 2304)
    init, acc = build_ends(ansible, emu, vbr_id)
    run_ = ansible.run_tasks([{
        "name": "connect", "register": "connected",
        "aliyun.express_connect.ali_ri_connection": dict(router_interface_id=init, opposite_interface_id=acc,
                                                         opposite_connection=SECOND),
    }, {
        # A failure that quotes the settings: the secret must not show in its message either.
        "name": "wrong region for the acceptor", "ignore_errors": True,
        "aliyun.express_connect.ali_ri_connection": dict(router_interface_id=init, opposite_interface_id=acc,
                                                         opposite_connection=dict(SECOND, alicloud_region=REGION)),
    }], verbosity=4)
    assert run_.rc == 0, run_.stdout[-3000:]
    assert run_.result("connect")["connection"]["status"] == "Active"
    assert run_.result("wrong region for the acceptor")["failed"] is True
    output = run_.stdout + run_.stderr
    assert "opposite_connection" in output and SECOND_ACCESS_KEY_ID in output  # the -vvvv invocation is there
    assert SECOND_ACCESS_KEY_SECRET not in output


def test_bad_input_names_the_option_before_any_call(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id = create_vbr(emu, 2305)
    other_region = dict(opposite_region_id=SECOND_REGION)
    cases = [
        ("ali_router_interface", vbr_end_args(vbr_id, opposite_interface_owner_id="second-account"),
         "opposite_interface_owner_id must be the opposite account's UID"),
        ("ali_router_interface", without(vbr_end_args(vbr_id), "opposite_region_id"),
         "opposite_region_id is required with opposite_interface_owner_id"),
        ("ali_router_interface", dict(router_id=vbr_id, spec="Mini.2", opposite_router_id=VPC_ROUTER, name="x1",
                                      instance_charge_type="PrePaid", period=1),
         "opposite_region_id is required with instance_charge_type=PrePaid"),
        ("ali_router_interface", dict(router_id=vbr_id, spec="Mini.2", opposite_router_id=VPC_ROUTER, name="x1",
                                      instance_charge_type="PrePaid", period=1, opposite_region_id=REGION),
         "instance_charge_type=PrePaid needs an opposite_region_id other than the module's region"),
        ("ali_router_interface", dict(vbr_end_args(vbr_id), instance_charge_type="PrePaid", **other_region),
         "period is required with instance_charge_type=PrePaid"),
        ("ali_router_interface", dict(vbr_end_args(vbr_id), period=1),
         "period is only valid with instance_charge_type=PrePaid"),
        ("ali_vbr_grant", grant_args(vbr_owner_uid="first-account"), "vbr_owner_uid must be the UID"),
        ("ali_ri_connection", dict(router_interface_id="ri-x", opposite_interface_id="ri-y",
                                   opposite_connection=dict(alicloud_access_key=SECOND_ACCESS_KEY_ID)),
         "opposite_connection: alicloud_access_key and alicloud_secret_key must be given together"),
    ]
    for module, args, message in cases:
        result, calls = run(ansible, emu, module, args)
        assert result["failed"] is True, (module, args)
        assert message in result["msg"], (message, result["msg"])
        assert calls == [], (message, [c["action"] for c in calls])
    assert interfaces(emu) == []


def test_an_unknown_owner_is_named_and_nothing_is_created(clean_emulator, ansible):
    # A UID of the right form that is no account: only the API knows, so its refused create is the one call.
    emu = clean_emulator
    vbr_id = create_vbr(emu, 2306)
    grant_vpc(ansible, emu)
    result, calls = run(ansible, emu, "ali_router_interface",
                        vbr_end_args(vbr_id, opposite_interface_owner_id="1111111111111111"))
    assert result["failed"] is True
    assert result["msg"].startswith("opposite_interface_owner_id 1111111111111111: the API knows no such account")
    assert result["error"]["code"] == "InvalidAliuid"
    assert [(c["action"], c["code"]) for c in mutating(calls)] == [("CreateRouterInterface", "InvalidAliuid")]
    assert interfaces(emu) == []


def test_a_prepaid_interface_across_regions_is_made_and_its_deletion_refused_before_any_call(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id = create_vbr(emu, 2307)
    grant_vpc(ansible, emu)
    args = vbr_end_args(vbr_id, instance_charge_type="PrePaid", period=2, pricing_cycle="Month")
    result, calls = run(ansible, emu, "ali_router_interface", args, check=True)
    assert_ok(result)
    assert result["router_interface"]["charge_type"] == "Prepaid" and mutating_actions(calls) == []
    result, calls = run(ansible, emu, "ali_router_interface", args)
    assert_ok(result)
    ri_id = result["router_interface_id"]
    assert result["router_interface"]["charge_type"].lower() == "prepaid"
    sent = mutating(calls)[0]["params"]
    assert (sent["InstanceChargeType"], sent["Period"], sent["PricingCycle"], sent["AutoPay"].lower()) == (
        "PrePaid", "2", "Month", "true")
    result, calls = run(ansible, emu, "ali_router_interface", args)
    assert_ok(result)
    assert result["changed"] is False and mutating_actions(calls) == []
    result, calls = run(ansible, emu, "ali_router_interface", dict(without(args, "period", "pricing_cycle"),
                                                                     instance_charge_type="PostPaid"))
    assert result["failed"] is True and "instance_charge_type cannot be changed after creation" in result["msg"]
    for check in (True, False):
        result, calls = run(ansible, emu, "ali_router_interface", dict(args, state="absent"), check=check)
        assert result["failed"] is True
        assert "is a PrePaid (subscription) interface: the VPC API cannot delete it" in result["msg"]
        assert mutating_actions(calls) == []
    assert interface(emu, ri_id)["Status"] == "Idle"

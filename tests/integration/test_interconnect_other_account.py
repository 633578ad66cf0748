"""The interconnect role with the VPC in another account, in another region, and in both (the landing-zone layout),
through ansible-playbook against the emulator, as README runs it: playbooks/vars/emulator.yml with
emulator-cross-account.yml or emulator-cross-region.yml on top (and, for both, the second account's VPC in
cn-shanghai). The VBR side runs with the environment's key pair (the first account) in cn-hangzhou."""

import json

import pytest

from reliability.reliability_lib import changed_steps
from support.calls import mutating_actions, new_calls
from support.emulator import ACCESS_KEY_ID, ACCESS_KEY_SECRET, REGION
from support.fixture_ids import (
    ACCOUNT_UID, PC, SECOND_ACCESS_KEY_ID, SECOND_ACCESS_KEY_SECRET, SECOND_ACCOUNT_UID, SECOND_REGION,
    STS_ACCESS_KEY_ID, STS_SECRET, STS_TOKEN, VPC6, VPC7, VPC_ROUTER5, VPC_ROUTER6, VPC_ROUTER7,
)
from support.long_runs import FULL, full_only
from support.paths import REPO_ROOT
from support.playbook import assert_ok, run
from support.sdk import create_vbr

PLAYBOOK = REPO_ROOT / "playbooks" / "interconnect.yml"
VARS = REPO_ROOT / "playbooks" / "vars"
BASE = VARS / "emulator.yml"
CROSS_ACCOUNT = VARS / "emulator-cross-account.yml"
CROSS_REGION = VARS / "emulator-cross-region.yml"
SECOND = dict(alicloud_access_key=SECOND_ACCESS_KEY_ID, alicloud_secret_key=SECOND_ACCESS_KEY_SECRET)
# The second account's VPC in cn-shanghai: the cross-account file with the VPC side moved to that region.
BOTH = dict(interconnect_vpc_router_id=VPC_ROUTER7, interconnect_vbr_routes=["10.7.0.0/16"],
            interconnect_vpc_connection=dict(SECOND, alicloud_region=SECOND_REGION))

# name: (vars file on top of emulator.yml, extra vars, the vRouter, the VPC's owner (None: the VBR's), its region)
TOPOLOGIES = {
    "another-account": (CROSS_ACCOUNT, {}, VPC_ROUTER6, SECOND_ACCOUNT_UID, REGION),
    "another-region": (CROSS_REGION, {}, VPC_ROUTER5, None, SECOND_REGION),
    "another-account-and-region": (CROSS_ACCOUNT, BOTH, VPC_ROUTER7, SECOND_ACCOUNT_UID, SECOND_REGION),
}
SECRETS = (ACCESS_KEY_SECRET, SECOND_ACCESS_KEY_SECRET)
MARKER = {"ansible-interconnect": "emulator-interconnect"}


def role(ansible, emulator, topology, state="present", check=False, extra_vars=None, verbosity=0):
    """One run of the playbook; returns (run, its mutating calls)."""
    vars_file, overrides = TOPOLOGIES[topology][:2]
    files = [BASE, vars_file]
    if overrides:
        # In a file, as a user keeps them: a key on the command line would be echoed by -vvvv.
        files.append(ansible.workdir / ("%s.json" % topology))
        files[-1].write_text(json.dumps(overrides))
    variables = dict(interconnect_state=state, interconnect_wait_timeout=60, **(extra_vars or {}))
    since = len(emulator.calls())
    playbook = ansible.run_playbook(PLAYBOOK, check=check, verbosity=verbosity, extra_vars=variables,
                                    args=[arg for path in files for arg in ("-e", "@%s" % path)])
    return playbook, mutating_actions(new_calls(emulator, since))


def assert_rc0(playbook):
    assert playbook.rc == 0, "rc=%s\nstdout:\n%s\nstderr:\n%s" % (
        playbook.rc, playbook.stdout[-6000:], playbook.stderr[-3000:])


def check_then_apply(ansible, emulator, topology, state="present"):
    """A check run, then the real run: check mode changes nothing and previews exactly the real run's steps."""
    check, check_calls = role(ansible, emulator, topology, state, check=True)
    assert_rc0(check)
    assert check_calls == []
    real, calls = role(ansible, emulator, topology, state, verbosity=4)
    assert_rc0(real)
    assert changed_steps(check) == changed_steps(real), (sorted(changed_steps(check)), sorted(changed_steps(real)))
    for secret in SECRETS:
        assert secret not in real.stdout + real.stderr
    return real, calls


def everything(emulator):
    return emulator.state(account="all", region="all")


def leftovers(emulator):
    state = everything(emulator)
    return (state["VirtualBorderRouters"], state["RouterInterfaces"],
            [e for e in state["RouteEntries"] if e.get("Type") != "System"])


def grants(ansible, emulator, vpc_id, region):
    """The VPC's grants, read by its owner (the module in check mode only reads)."""
    result, _ = run(ansible, emulator, "ali_vbr_grant", dict(
        SECOND, alicloud_region=region, instance_id=vpc_id, vbr_owner_uid=ACCOUNT_UID, vbr_region_id=REGION),
        check=True)
    assert_ok(result)
    return result["grants"]


def assert_ends(emulator, router, owner, region):
    """The initiator is the first account's in cn-hangzhou naming the VPC's owner and region; the acceptor is the
    VPC owner's in its region naming the VBR's; both Active and paired."""
    state = everything(emulator)
    (vbr,) = state["VirtualBorderRouters"]
    ends = {ri["Role"]: ri for ri in state["RouterInterfaces"]}
    initiator, acceptor = ends["InitiatingSide"], ends["AcceptingSide"]
    assert len(state["RouterInterfaces"]) == 2
    assert initiator["RouterId"] == vbr["VbrId"] and acceptor["RouterId"] == router
    assert initiator["OppositeInterfaceId"] == acceptor["RouterInterfaceId"]
    assert acceptor["OppositeInterfaceId"] == initiator["RouterInterfaceId"]
    assert initiator["Status"] == acceptor["Status"] == "Active"
    assert initiator["OppositeRegionId"] == region and acceptor["OppositeRegionId"] == REGION
    assert initiator["OppositeInterfaceOwnerId"] == (owner or "")
    assert acceptor["OppositeInterfaceOwnerId"] == (ACCOUNT_UID if owner else "")
    routes = [e for e in state["RouteEntries"] if e.get("Type") != "System"]
    hops = sorted(hop["NextHopId"] for e in routes for hop in e["NextHops"]["NextHop"])
    assert hops == sorted([initiator["RouterInterfaceId"], acceptor["RouterInterfaceId"]])


def apply(ansible, emulator, topology, state="present"):
    real, calls = role(ansible, emulator, topology, state)
    assert_rc0(real)
    return real, calls


# The check runs and -vvvv go with the case that has both differences (another account and another region); the two
# cases with one difference each are built, re-run and torn down (RELIABILITY_FULL=1: with the check runs too).
CHECKED = dict((topology, FULL or topology == "another-account-and-region") for topology in TOPOLOGIES)


@pytest.mark.parametrize("topology", list(TOPOLOGIES))
def test_build_rerun_teardown(clean_emulator, ansible, topology):
    """From nothing: (check,) build, (check and) re-run unchanged, (check and) teardown, nothing left in either
    account; check mode exact, no secret at -vvvv."""
    emu = clean_emulator
    _, _, router, owner, region = TOPOLOGIES[topology]
    step = check_then_apply if CHECKED[topology] else apply
    _, calls = step(ansible, emu, topology)
    assert "CreateRouterInterface" in calls and ("GrantInstanceToVbr" in calls) == bool(owner)
    assert_ends(emu, router, owner, region)
    for check in (True, False) if CHECKED[topology] else (False,):
        again, calls = role(ansible, emu, topology, check=check)
        assert_rc0(again)
        assert again.changed_tasks == [] and calls == []

    _, calls = step(ansible, emu, topology, "absent")
    assert ("RevokeInstanceFromVbr" in calls) == bool(owner)
    if owner:
        # Before the VBR's delete: a run killed after that delete would no longer find the VBR, nor its grant.
        assert calls[-2:] == ["RevokeInstanceFromVbr", "DeleteVirtualBorderRouter"]
        assert grants(ansible, emu, VPC7 if router == VPC_ROUTER7 else VPC6, region) == []
    assert leftovers(emu) == ([], [], [])


# A build of the another-account-and-region interconnect stopped after each of its steps, in the role's order, made
# with the modules: each step by its owner in its region, the marker set as the role sets it. Each prefix of
# BUILD_STEPS is one partial interconnect.
VPC_SIDE = dict(SECOND, alicloud_region=SECOND_REGION)
BUILD_STEPS = [
    ("vbr", {"aliyun.express_connect.ali_vbr": dict(
        physical_connection_id=PC, vlan_id=100, local_gateway_ip="10.254.0.1", peer_gateway_ip="10.254.0.2",
        peering_subnet_mask="255.255.255.252", name="emulator-interconnect", tags=MARKER), "register": "vbr"}),
    ("grant", {"aliyun.express_connect.ali_vbr_grant": dict(
        VPC_SIDE, instance_id=VPC7, vbr_owner_uid=ACCOUNT_UID, vbr_region_id=REGION,
        vbr_instance_ids=["{{ vbr.vbr_id }}"])}),
    ("initiator", {"aliyun.express_connect.ali_router_interface": dict(
        router_id="{{ vbr.vbr_id }}", spec="Large.2", opposite_router_id=VPC_ROUTER7,
        opposite_interface_owner_id=SECOND_ACCOUNT_UID, opposite_region_id=SECOND_REGION,
        name="emulator-interconnect-initiator", tags=MARKER), "register": "initiator"}),
    ("acceptor", {"aliyun.express_connect.ali_router_interface": dict(
        VPC_SIDE, router_id=VPC_ROUTER7, opposite_router_id="{{ vbr.vbr_id }}",
        opposite_interface_owner_id=ACCOUNT_UID, opposite_region_id=REGION,
        opposite_access_point_id="{{ vbr.vbr.access_point_id }}", name="emulator-interconnect-acceptor",
        tags=MARKER), "register": "acceptor"}),
    ("connection", {"aliyun.express_connect.ali_ri_connection": dict(
        router_interface_id="{{ initiator.router_interface_id }}",
        opposite_interface_id="{{ acceptor.router_interface_id }}", opposite_connection=VPC_SIDE)}),
    ("vbr route", {"aliyun.express_connect.ali_route_entry": dict(
        route_table_id="{{ vbr.vbr.route_table_id }}", destination_cidr_block="10.7.0.0/16",
        next_hop_id="{{ initiator.router_interface_id }}")}),
    ("vpc route", {"aliyun.express_connect.ali_route_entry": dict(
        VPC_SIDE, router_id=VPC_ROUTER7, router_type="VRouter", destination_cidr_block="192.168.0.0/16",
        next_hop_id="{{ acceptor.router_interface_id }}")}),
]
STEP_NAMES = [name for name, _ in BUILD_STEPS]
# What both accounts hold after each prefix: (this interconnect's VBRs, router interfaces, custom routes).
EXPECTED_COUNTS = [(0, 0, 0), (1, 0, 0), (1, 0, 0), (1, 1, 0), (1, 2, 0), (1, 2, 0), (1, 2, 1), (1, 2, 2)]
# `make test` tears down three representative prefixes: the grant and one end (its teardown checked first, check
# mode exact and -vvvv without a secret), the pair connected across both accounts and regions with no route yet
# (with jittered latencies, so that the teardown's ordering races show), routes on the VBR's side only.
# RELIABILITY_FULL=1 tears down every prefix.
REPRESENTATIVE = ("initiator", "connection", "vbr route")
CHECKED_FIRST = ("initiator",)
JITTERED = ("connection",)
# Another team's grant of the same VPC to another VBR of the first account: the teardown leaves it alone.
FOREIGN_VLAN = 2399


def modules_playbook(ansible, steps, extra_tasks=()):
    tasks = [dict(name=name, **task) for name, task in steps] + list(extra_tasks)
    assert_rc0(ansible.run_tasks(tasks))


def our_leftovers(emulator, foreign_vbr):
    vbrs, interfaces, routes = leftovers(emulator)
    return [v for v in vbrs if v["VbrId"] != foreign_vbr], interfaces, routes


def prefix_case(stopped_after):
    name = STEP_NAMES[stopped_after - 1] if stopped_after else None
    case_id = "after-" + name.replace(" ", "-") if name else "nothing"
    marks = () if name in REPRESENTATIVE else (full_only("a partial build of the VPC elsewhere, torn down"),)
    return pytest.param(stopped_after, id=case_id, marks=marks)


@pytest.mark.parametrize("stopped_after", [prefix_case(n) for n in range(len(BUILD_STEPS) + 1)])
def test_teardown_of_a_build_stopped_after_each_step(clean_emulator, ansible, stopped_after):
    """Another account and region, built up to a step: the role's teardown leaves nothing of this interconnect in
    either account, revokes the grant (right before the VBR's delete) only if this interconnect made it, and leaves
    another VBR's grant."""
    emu = clean_emulator
    name = STEP_NAMES[stopped_after - 1] if stopped_after else None
    if name in JITTERED:
        emu.configure(latency_scale=0.1, latency_jitter=0.5)
    foreign_vbr = create_vbr(emu, FOREIGN_VLAN)
    foreign_grant = {"name": "another team's grant", "aliyun.express_connect.ali_vbr_grant": dict(
        VPC_SIDE, instance_id=VPC7, vbr_owner_uid=ACCOUNT_UID, vbr_region_id=REGION, vbr_instance_ids=[foreign_vbr])}
    modules_playbook(ansible, BUILD_STEPS[:stopped_after], [foreign_grant])
    assert tuple(map(len, our_leftovers(emu, foreign_vbr))) == EXPECTED_COUNTS[stopped_after]

    step = check_then_apply if name in CHECKED_FIRST else apply
    teardown, calls = step(ansible, emu, "another-account-and-region", "absent")
    assert bool(teardown.changed_tasks) == (stopped_after > 0)
    made_the_grant = stopped_after > STEP_NAMES.index("grant")
    assert ("RevokeInstanceFromVbr" in calls) == made_the_grant
    if made_the_grant:
        assert calls[-2:] == ["RevokeInstanceFromVbr", "DeleteVirtualBorderRouter"]
    assert our_leftovers(emu, foreign_vbr) == ([], [], [])
    assert [g["vbr_instance_id"] for g in grants(ansible, emu, VPC7, SECOND_REGION)] == [foreign_vbr]


def test_build_completes_a_partial_build(clean_emulator, ansible):
    """Another account and region, stopped before the connect: the role completes it (check mode exact) without
    making either end or the grant again."""
    emu = clean_emulator
    modules_playbook(ansible, BUILD_STEPS[:STEP_NAMES.index("acceptor") + 1])
    _, calls = check_then_apply(ansible, emu, "another-account-and-region")
    assert "CreateRouterInterface" not in calls and "GrantInstanceToVbr" not in calls
    assert_ends(emu, VPC_ROUTER7, SECOND_ACCOUNT_UID, SECOND_REGION)


def test_grant_left_to_the_vpc_owner(clean_emulator, ansible):
    """interconnect_vpc_grant false: without a grant the build stops before any change, naming the variable; with
    the owner's All grant it builds, and the teardown leaves that grant alone."""
    emu = clean_emulator
    topology = "another-account-and-region"
    told = {"interconnect_vpc_grant": False}
    refused, calls = role(ansible, emu, topology, extra_vars=told)
    assert refused.rc != 0 and calls == []
    assert "interconnect_vpc_grant is false" in refused.stdout and "Nothing was created" in refused.stdout
    assert leftovers(emu) == ([], [], [])

    owners_grant = dict(SECOND, alicloud_region=SECOND_REGION, instance_id=VPC7, vbr_owner_uid=ACCOUNT_UID,
                        vbr_region_id=REGION)
    result, _ = run(ansible, emu, "ali_vbr_grant", owners_grant)
    assert_ok(result)
    built, calls = role(ansible, emu, topology, extra_vars=told)
    assert_rc0(built)
    assert "GrantInstanceToVbr" not in calls
    torn_down, calls = role(ansible, emu, topology, "absent", extra_vars=told)
    assert_rc0(torn_down)
    assert "RevokeInstanceFromVbr" not in calls and leftovers(emu) == ([], [], [])
    (kept,) = grants(ansible, emu, VPC7, SECOND_REGION)
    assert kept["grant_type"] == "All" and kept["status"] == "Created"


def test_two_credential_sets_never_mix(clean_emulator, ansible):
    """The VBR side's key pair in the play's module_defaults (group/aliyun.express_connect.alicloud), the first
    account's STS identity in the environment, the VPC side only an aliyun CLI profile: every call to cn-hangzhou
    (the VBR's side) is made with the module_defaults' key, every call to cn-shanghai (the VPC's) with the
    profile's; neither account's secret shows at -vvvv."""
    emu = clean_emulator
    config = ansible.workdir / "aliyun-config.json"
    config.write_text(json.dumps({"current": "landing-zone-network", "profiles": [
        {"name": "landing-zone-network", "mode": "AK", "access_key_id": ACCESS_KEY_ID,
         "access_key_secret": ACCESS_KEY_SECRET},
        {"name": "landing-zone-vpc", "mode": "AK", "access_key_id": SECOND_ACCESS_KEY_ID,
         "access_key_secret": SECOND_ACCESS_KEY_SECRET}]}))
    playbook = ansible.workdir / "landing-zone.yml"
    playbook.write_text(json.dumps([{
        "hosts": "localhost", "connection": "local", "gather_facts": False,
        "module_defaults": {"group/aliyun.express_connect.alicloud": {
            "alicloud_access_key": ACCESS_KEY_ID, "alicloud_secret_key": ACCESS_KEY_SECRET}},
        "roles": ["aliyun.express_connect.interconnect"]}]))
    settings = ansible.workdir / "vpc-side.json"
    settings.write_text(json.dumps(dict(BOTH, interconnect_vpc_connection=dict(
        alicloud_profile="landing-zone-vpc", alicloud_config_file=str(config), alicloud_region=SECOND_REGION))))
    environment = {"ALICLOUD_ACCESS_KEY": STS_ACCESS_KEY_ID, "ALICLOUD_SECRET_KEY": STS_SECRET,
                   "ALICLOUD_SECURITY_TOKEN": STS_TOKEN}
    runs = [ansible.run_playbook(playbook, env=environment, verbosity=4, extra_vars=dict(
        interconnect_state=state, interconnect_wait_timeout=60), args=[
        "-e", "@%s" % BASE, "-e", "@%s" % CROSS_ACCOUNT, "-e", "@%s" % settings]) for state in ("present", "absent")]
    for run_ in runs:
        assert_rc0(run_)
        for secret in SECRETS + (STS_SECRET, STS_TOKEN):
            assert secret not in run_.stdout + run_.stderr
    keys = {REGION: set(), SECOND_REGION: set()}
    for call in emu.calls():
        keys[call["params"]["RegionId"]].add(call["access_key_id"])
    assert keys == {REGION: {ACCESS_KEY_ID}, SECOND_REGION: {SECOND_ACCESS_KEY_ID}}
    assert leftovers(emu) == ([], [], [])


def test_bad_vpc_side_settings_refused_before_any_call(clean_emulator, ansible):
    emu = clean_emulator
    bad = {"interconnect_vpc_connection": dict(SECOND, alicloud_region="", alicloud_regoin=SECOND_REGION)}
    refused, calls = role(ansible, emu, "another-account", extra_vars=bad)
    assert refused.rc != 0 and calls == [] and emu.calls() == []
    assert "alicloud_regoin" in refused.stdout
    bad = {"interconnect_vpc_connection": dict(SECOND, alicloud_region=""), "interconnect_vbr_owner_uid": ""}
    refused, calls = role(ansible, emu, "another-account", extra_vars=bad)
    assert refused.rc != 0 and emu.calls() == []
    assert "interconnect_vpc_connection.alicloud_region: must not be empty" in refused.stdout
    assert "interconnect_vpc_owner_uid and interconnect_vbr_owner_uid: give both" in refused.stdout
    for secret in SECRETS:
        assert secret not in refused.stdout + refused.stderr


def test_prepaid_initiator_across_regions(clean_emulator, ansible):
    """interconnect_instance_charge_type PrePaid: the initiator is a subscription across regions; the teardown says
    that the API cannot delete it, before any change; in one region PrePaid is refused before any call."""
    emu = clean_emulator
    prepaid = {"interconnect_instance_charge_type": "PrePaid", "interconnect_period": 2}
    built, calls = role(ansible, emu, "another-region", extra_vars=prepaid)
    assert_rc0(built)
    creates = [c for c in new_calls(emu, 0) if c["action"] == "CreateRouterInterface"]
    initiator = next(c["params"] for c in creates if c["params"]["RouterType"] == "VBR")
    assert (initiator["InstanceChargeType"], str(initiator["Period"])) == ("PrePaid", "2")
    refused, calls = role(ansible, emu, "another-region", "absent", extra_vars=prepaid)
    assert refused.rc != 0 and calls == []
    assert "the VPC API cannot delete it before it expires" in refused.stdout
    assert len(leftovers(emu)[1]) == 2

    emu.reset()
    same_region = dict(prepaid, interconnect_vpc_connection={"alicloud_region": REGION})
    refused, calls = role(ansible, emu, "another-region", extra_vars=same_region)
    assert refused.rc != 0 and emu.calls() == []
    assert "interconnect_instance_charge_type: PrePaid is only possible with the VPC in another region" in refused.stdout

"""The interconnect role with two lines (playbooks/vars/emulator-redundant.yml on top of emulator.yml, as the README
runs it) against the emulator: ECMP and active/standby toward the data centre, a health check on each line and BGP
on one; every step checked first in check mode, which must preview exactly the steps the real run then changes
(from nothing, one line built, both built, drifted, and a line removed), then build -> re-run (nothing changed, no
mutating call) -> one line's path down (its health shown in interconnect_result) -> a line removed from the list ->
teardown."""

import copy

import yaml

from reliability.reliability_lib import changed_steps
from support.calls import last_seq, calls_since, mutating, mutating_actions
from support.emulator import REGION
from support.fixture_ids import PC, PC2, VPC_ROUTER, VPC_TABLE
from support.paths import REPO_ROOT
from support.sdk import create_route, sdk_call

# The warning of a replaced route (ali_route_entry's UNROUTED), which the run shows.
UNROUTED = "traffic to the destination is not routed between the delete and the create"

PLAYBOOK = REPO_ROOT / "playbooks" / "interconnect.yml"
HEALTH_PLAYBOOK = REPO_ROOT / "playbooks" / "interconnect-health.yml"
VARS_FILES = [REPO_ROOT / "playbooks" / "vars" / name for name in ("emulator.yml", "emulator-redundant.yml")]
REDUNDANT = yaml.safe_load(VARS_FILES[1].read_text())
NAME = REDUNDANT["interconnect_name"]
LINES = REDUNDANT["interconnect_lines"]
VBR_ROUTE, VPC_ROUTE = "172.16.0.0/12", "192.168.0.0/16"  # emulator.yml's
BGP = {"peer_asn": 65001, "local_asn": 64512}
MARKER = "ansible-interconnect"


def role(ansible, lines=None, state="present", check=False):
    extra = {"interconnect_state": state}
    if lines is not None:
        extra["interconnect_lines"] = lines
    return ansible.run_playbook(PLAYBOOK, check=check, extra_vars=extra,
                                args=[arg for path in VARS_FILES for arg in ("-e", "@%s" % path)])


def assert_rc0(run):
    assert run.rc == 0, "rc=%s\nstdout:\n%s\nstderr:\n%s" % (run.rc, run.stdout[-6000:], run.stderr[-3000:])


def check_then_apply(ansible, emulator, label, expected, lines=None, state="present"):
    """A check run, then the real run: the check makes no mutating call, and previews exactly the steps the real
    run changes (and changed=expected); returns the real run."""
    start = last_seq(emulator)
    check_run = role(ansible, lines, state, check=True)
    assert_rc0(check_run)
    assert mutating(calls_since(emulator, start)) == [], label
    start = last_seq(emulator)
    real_run = role(ansible, lines, state)
    assert_rc0(real_run)
    mutations = mutating(calls_since(emulator, start))
    assert bool(check_run.changed_tasks) == bool(mutations) == bool(real_run.changed_tasks) == expected, (
        label, check_run.changed_tasks, real_run.changed_tasks, mutating_actions(mutations))
    assert changed_steps(check_run) == changed_steps(real_run), (
        label, sorted(changed_steps(check_run)), sorted(changed_steps(real_run)))
    return real_run


def with_bgp_on_first(lines):
    lines = copy.deepcopy(lines)
    lines[0]["bgp"] = BGP
    return lines


def weighted(lines, *weights):
    lines = copy.deepcopy(lines)
    for line, weight in zip(lines, weights):
        line["weight"] = weight
    return lines


def vpc_entry(state):
    (entry,) = [e for e in state["RouteEntries"] if e["RouteTableId"] == VPC_TABLE and e.get("Type") != "System"]
    return entry


def members(entry):
    return sorted((hop["NextHopId"], hop["Weight"], hop["Enabled"]) for hop in entry["NextHops"]["NextHop"])


def assert_lines(emulator, lines):
    """The emulator holds exactly these lines, each complete: a VBR on its key with the marker, its connected pair
    (the acceptor with the line's health check), the VBR's route to its initiator; the VPC's route over every
    acceptor with the lines' weights. Returns the published-result view: [(vbr, initiator, acceptor)] by line."""
    state = emulator.state()
    vbrs = {(vbr["PhysicalConnectionId"], int(vbr["VlanId"])): vbr for vbr in state["VirtualBorderRouters"]}
    assert sorted(vbrs) == sorted((line["physical_connection_id"], line["vlan_id"]) for line in lines)
    built = []
    for line in lines:
        vbr = vbrs[(line["physical_connection_id"], line["vlan_id"])]
        assert vbr["Status"] == "active" and {"Key": MARKER, "Value": NAME} in vbr["Tags"]["Tags"]
        (initiator,) = [ri for ri in state["RouterInterfaces"] if ri["RouterId"] == vbr["VbrId"]]
        (acceptor,) = [ri for ri in state["RouterInterfaces"] if ri["OppositeRouterId"] == vbr["VbrId"]]
        assert (initiator["Status"], acceptor["Status"], acceptor["RouterId"]) == ("Active", "Active", VPC_ROUTER)
        assert initiator["OppositeInterfaceId"] == acceptor["RouterInterfaceId"]
        assert (acceptor["HealthCheckSourceIp"], acceptor["HealthCheckTargetIp"]) == (
            line["health_check"]["source_ip"], line["peer_gateway_ip"])
        (vbr_route,) = [e for e in state["RouteEntries"] if e["RouteTableId"] == vbr["RouteTableId"]
                        and e.get("Type") != "System"]
        assert vbr_route["DestinationCidrBlock"] == VBR_ROUTE
        assert [hop["NextHopId"] for hop in vbr_route["NextHops"]["NextHop"]] == [initiator["RouterInterfaceId"]]
        built.append((vbr, initiator, acceptor))
    entry = vpc_entry(state)
    assert entry["DestinationCidrBlock"] == VPC_ROUTE and entry["Status"] == "Available"
    if len(lines) == 1:
        assert [hop["NextHopId"] for hop in entry["NextHops"]["NextHop"]] == [built[0][2]["RouterInterfaceId"]]
    else:
        assert members(entry) == sorted((acceptor["RouterInterfaceId"], line.get("weight", 100), 1)
                                        for line, (_vbr, _initiator, acceptor) in zip(lines, built))
    return built


def assert_nothing_left(emulator):
    state = emulator.state()
    assert (state["VirtualBorderRouters"], state["RouterInterfaces"], state["BgpGroups"], state["BgpPeers"]) == (
        [], [], [], [])
    assert [e for e in state["RouteEntries"] if e.get("Type") != "System"] == []


def said(run):
    """What the run printed (warnings go to stderr), with its line breaks undone."""
    return " ".join((run.stdout + run.stderr).split())


def published_lines(run):
    return run.result("Show the interconnect")["interconnect_result"]["lines"]


def test_two_lines_ecmp_with_health_checks_and_bgp(clean_emulator, ansible):
    emu = clean_emulator
    lines = with_bgp_on_first(LINES)

    build = check_then_apply(ansible, emu, "from nothing", True, lines)
    built = assert_lines(emu, LINES)
    (group,) = emu.state()["BgpGroups"]
    assert (group["RouterId"], group["Name"]) == (built[0][0]["VbrId"], NAME)
    result = published_lines(build)
    assert [(line["vbr_id"], line["initiator_interface_id"], line["acceptor_interface_id"], line["vlan_interface_id"],
             line["initiator_status"], line["acceptor_status"]) for line in result] == [
        (vbr["VbrId"], initiator["RouterInterfaceId"], acceptor["RouterInterfaceId"], vbr["VlanInterfaceId"],
         "Active", "Active") for vbr, initiator, acceptor in built]
    assert result[0]["bgp"]["bgp_group_id"] == group["BgpGroupId"] and result[1]["bgp"] == {}

    # Both built: nothing to do, not one mutating call; the lines are healthy.
    rerun = check_then_apply(ansible, emu, "both built", False, lines)
    assert [line["health_check_status"] for line in published_lines(rerun)] == ["Normal", "Normal"]

    # One line's path down: its ECMP member is disabled and its health check Abnormal, in interconnect_result.
    emu.path_down(built[1][0]["VbrId"])
    down = role(ansible, lines)
    assert_rc0(down)
    assert down.changed_tasks == []
    assert [line["health_check_status"] for line in published_lines(down)] == ["Normal", "Abnormal"]
    assert members(vpc_entry(emu.state())) == sorted([(built[0][2]["RouterInterfaceId"], 100, 1),
                                                      (built[1][2]["RouterInterfaceId"], 100, 0)])
    # What an operator runs during the incident: read-only, every line with its health and its share of the route.
    start = last_seq(emu)
    health = ansible.run_playbook(HEALTH_PLAYBOOK, args=[arg for path in VARS_FILES for arg in ("-e", "@%s" % path)])
    assert_rc0(health)
    assert mutating(calls_since(emu, start)) == []
    shown = {item["vbr"]["vbr_id"]: item["msg"] for item in health.result("Show each line")["results"]}
    assert [(shown[vbr["VbrId"]]["health_check_status"], shown[vbr["VbrId"]]["vpc_routes"])
            for vbr, _initiator, _acceptor in built] == [
        ("Normal", [{"destination_cidr_block": VPC_ROUTE, "weight": 100, "enabled": True}]),
        ("Abnormal", [{"destination_cidr_block": VPC_ROUTE, "weight": 100, "enabled": False}])]
    emu.path_up(built[1][0]["VbrId"])

    # Drifted: a member removed from the ECMP entry by hand (the entry replaced with one over the first line only).
    sdk_call(emu, "DeleteRouteEntry", RegionId=REGION, RouteEntryId=vpc_entry(emu.state())["RouteEntryId"])
    create_route(emu, VPC_TABLE, VPC_ROUTE, built[0][2]["RouterInterfaceId"])
    repaired = check_then_apply(ansible, emu, "drifted", True, lines)
    assert UNROUTED in said(repaired)
    assert_lines(emu, LINES)

    # The second line removed from the list: out of the VPC's route first, then torn down.
    removal = check_then_apply(ansible, emu, "a line removed", True, lines[:1])
    assert UNROUTED in said(removal)
    assert_lines(emu, LINES[:1])
    assert published_lines(removal)[0]["vbr_id"] == built[0][0]["VbrId"]

    # Teardown finds the line by its marker, whatever the list says.
    check_then_apply(ansible, emu, "teardown", True, [], "absent")
    assert_nothing_left(emu)
    check_then_apply(ansible, emu, "teardown again", False, [], "absent")


def test_active_standby_added_to_one_line(clean_emulator, ansible):
    emu = clean_emulator
    check_then_apply(ansible, emu, "one line from nothing", True, LINES[:1])
    assert_lines(emu, LINES[:1])

    standby = weighted(LINES, 200, 100)
    check_then_apply(ansible, emu, "one line built", True, standby)
    assert_lines(emu, standby)
    check_then_apply(ansible, emu, "active/standby built", False, standby)

    check_then_apply(ansible, emu, "teardown", True, standby, "absent")
    assert_nothing_left(emu)

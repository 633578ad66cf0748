"""The interconnect role end to end against the emulator: build, idempotent re-run, teardown (also of every
partial build), with and without the data-centre side (BGP and static routes to the circuit), and the collection
built, installed outside the repository and used by FQCN."""

import json
import subprocess

import pytest
import yaml

from support.bgp import create_group, create_peer, groups, networks, peers
from support.calls import mutating, mutating_actions, new_calls
from support.fixture_ids import ACCESS_POINT, PC, VPC_ROUTER, VPC_TABLE
from support.long_runs import full_only
from support.paths import REPO_ROOT, VENV_BIN
from support.sdk import connect_pair, create_ri, create_route, create_vbr, sdk_call

PLAYBOOK = REPO_ROOT / "playbooks" / "interconnect.yml"
VARS_FILE = REPO_ROOT / "playbooks" / "vars" / "emulator.yml"
# The data-centre side, on top of VARS_FILE (as the file's own comment runs it).
BGP_VARS_FILE = REPO_ROOT / "playbooks" / "vars" / "emulator-bgp.yml"
WITH_BGP = (VARS_FILE, BGP_VARS_FILE)
BGP_VARS = yaml.safe_load(BGP_VARS_FILE.read_text())
IDC_ROUTES = BGP_VARS["interconnect_idc_routes"]
BGP = BGP_VARS["interconnect_bgp"]
VBR_ROUTES = ["172.16.0.0/12"]
VPC_ROUTES = ["192.168.0.0/16"]
BGP_ACTIONS = ("CreateBgpGroup", "ModifyBgpGroupAttribute", "DeleteBgpGroup", "CreateBgpPeer",
               "ModifyBgpPeerAttribute", "DeleteBgpPeer", "AddBgpNetwork", "DeleteBgpNetwork")


def role(ansible, state="present", extra_vars=None, env=None, args_check=False, vars_files=(VARS_FILE,), verbosity=0):
    """Run playbooks/interconnect.yml with the emulator vars file (WITH_BGP: and the BGP one on top), like the
    README does."""
    variables = {"interconnect_state": state}
    variables.update(extra_vars or {})
    return ansible.run_playbook(PLAYBOOK, check=args_check, extra_vars=variables, env=env, verbosity=verbosity,
                                args=[arg for path in vars_files for arg in ("-e", "@%s" % path)])


def assert_rc0(run):
    assert run.rc == 0, "rc=%s\nstdout:\n%s\nstderr:\n%s" % (run.rc, run.stdout[-6000:], run.stderr[-3000:])


def custom_routes(state):
    return [entry for entry in state["RouteEntries"] if entry.get("Type") != "System"]


def next_hops(entry):
    return [hop["NextHopId"] for hop in entry["NextHops"]["NextHop"]]


def leftovers(state):
    return {
        "vbrs": [vbr["VbrId"] for vbr in state["VirtualBorderRouters"]],
        "router_interfaces": [ri["RouterInterfaceId"] for ri in state["RouterInterfaces"]],
        "routes": [(e["RouteTableId"], e["DestinationCidrBlock"]) for e in custom_routes(state)],
        "bgp_groups": [g["BgpGroupId"] for g in state["BgpGroups"]],
        "bgp_peers": [p["BgpPeerId"] for p in state["BgpPeers"]],
        "bgp_networks": [(n["RouterId"], n["DstCidrBlock"]) for n in state["BgpNetworks"]],
    }


def assert_nothing_left(emulator):
    assert leftovers(emulator.state()) == {"vbrs": [], "router_interfaces": [], "routes": [], "bgp_groups": [],
                                           "bgp_peers": [], "bgp_networks": []}


def assert_complete(emulator, with_bgp=False):
    """The emulator holds exactly one complete interconnect (with_bgp: with WITH_BGP's data-centre side as well,
    see assert_bgp_complete); returns (vbr, initiator, acceptor)."""
    state = emulator.state()
    (vbr,) = state["VirtualBorderRouters"]
    assert vbr["Status"] == "active" and vbr["PhysicalConnectionId"] == PC and int(vbr["VlanId"]) == 100
    interfaces = {ri["Role"]: ri for ri in state["RouterInterfaces"]}
    assert len(state["RouterInterfaces"]) == 2
    initiator, acceptor = interfaces["InitiatingSide"], interfaces["AcceptingSide"]
    assert initiator["RouterId"] == vbr["VbrId"] and initiator["Spec"] == "Large.2"
    assert acceptor["RouterId"] == VPC_ROUTER and acceptor["Spec"] == "Negative"
    assert initiator["OppositeInterfaceId"] == acceptor["RouterInterfaceId"]
    assert acceptor["OppositeInterfaceId"] == initiator["RouterInterfaceId"]
    assert initiator["Status"] == "Active" and acceptor["Status"] == "Active"
    routes = {(e["RouteTableId"], e["DestinationCidrBlock"]): e for e in custom_routes(state)}
    idc_routes = [(vbr["RouteTableId"], cidr) for cidr in IDC_ROUTES] if with_bgp else []
    assert sorted(routes) == sorted([(vbr["RouteTableId"], VBR_ROUTES[0]), (VPC_TABLE, VPC_ROUTES[0])] + idc_routes)
    assert next_hops(routes[(vbr["RouteTableId"], VBR_ROUTES[0])]) == [initiator["RouterInterfaceId"]]
    assert next_hops(routes[(VPC_TABLE, VPC_ROUTES[0])]) == [acceptor["RouterInterfaceId"]]
    for key in idc_routes:
        assert next_hops(routes[key]) == [vbr["VlanInterfaceId"]]
    assert {e["Status"] for e in routes.values()} == {"Available"}
    if with_bgp:
        assert_bgp_complete(state, vbr)
    else:
        assert (state["BgpGroups"], state["BgpPeers"], state["BgpNetworks"]) == ([], [], [])
    return vbr, initiator, acceptor


def assert_bgp_complete(state, vbr):
    """BGP as WITH_BGP declares it: one group named interconnect_name on the VBR, one peer in it at the VBR's peer
    gateway IP with its session Established, and the VBR's routes advertised; returns (group, peer)."""
    (group,) = state["BgpGroups"]
    assert (group["RouterId"], group["Name"], group["PeerAsn"], group["LocalAsn"], group["Status"]) == (
        vbr["VbrId"], NAME, str(BGP["peer_asn"]), str(BGP["local_asn"]), "Available")
    assert group["AuthKey"] == BGP["auth_key"]
    (peer,) = state["BgpPeers"]
    assert (peer["BgpGroupId"], peer["PeerIpAddress"], peer["Status"], peer["BgpStatus"]) == (
        group["BgpGroupId"], vbr["PeerGatewayIp"], "Available", "Established")
    assert peer["EnableBfd"] is BGP["bfd"] and peer["BfdMultiHop"] == BGP["bfd_multi_hop"]
    assert sorted((n["RouterId"], n["DstCidrBlock"], n["Status"]) for n in state["BgpNetworks"]) == [
        (vbr["VbrId"], cidr, "Available") for cidr in sorted(VBR_ROUTES)]
    return group, peer


def test_build_rerun_teardown_rerun(clean_emulator, ansible):
    emu = clean_emulator

    build = role(ansible)
    assert_rc0(build)
    vbr, initiator, acceptor = assert_complete(emu)
    result = build.result("Show the interconnect")["interconnect_result"]
    assert result["vbr_id"] == vbr["VbrId"] and result["vbr_status"] == "active"
    assert result["vbr_route_table_id"] == vbr["RouteTableId"] and result["vpc_route_table_id"] == VPC_TABLE
    assert result["initiator_interface_id"] == initiator["RouterInterfaceId"]
    assert result["acceptor_interface_id"] == acceptor["RouterInterfaceId"]
    assert result["initiator_status"] == "Active" and result["acceptor_status"] == "Active"
    assert sorted((r["route_table_id"], r["destination_cidr_block"], r["next_hop_id"], r["status"])
                  for r in result["routes"]) == sorted([
                      (vbr["RouteTableId"], VBR_ROUTES[0], initiator["RouterInterfaceId"], "Available"),
                      (VPC_TABLE, VPC_ROUTES[0], acceptor["RouterInterfaceId"], "Available")])
    # Without interconnect_bgp and interconnect_idc_routes: no BGP and no route to the circuit (assert_complete).
    assert result["bgp"] == {}
    assert [c["action"] for c in emu.calls() if c["action"] in BGP_ACTIONS] == []

    # Re-run: nothing changes, and not a single mutating API call is made.
    since = len(emu.calls())
    rerun = role(ansible)
    assert_rc0(rerun)
    assert rerun.changed_tasks == []
    assert mutating_actions(new_calls(emu, since)) == []
    assert_complete(emu)

    teardown = role(ansible, "absent")
    assert_rc0(teardown)
    assert teardown.changed_tasks, "the teardown reported no change"
    assert_nothing_left(emu)
    deletes = mutating_actions(new_calls(emu, since))
    # The order the API needs: every route and every deactivation before any interface delete (the deactivation
    # needs nothing else gone, so it may come first), every interface delete before the VBR's.

    def where(action):
        return [i for i, name in enumerate(deletes) if name == action]
    assert max(where("DeleteRouteEntry") + where("DeactivateRouterInterface")) < min(where("DeleteRouterInterface"))
    assert max(where("DeleteRouterInterface")) < min(where("DeleteVirtualBorderRouter"))

    since = len(emu.calls())
    again = role(ansible, "absent")
    assert_rc0(again)
    assert again.changed_tasks == []
    assert mutating_actions(new_calls(emu, since)) == []


def test_bgp_and_idc_routes_build_rerun_teardown_rerun(clean_emulator, ansible):
    """WITH_BGP: the interconnect, a static route to the circuit and BGP with the customer's router."""
    emu = clean_emulator

    build = role(ansible, vars_files=WITH_BGP)
    assert_rc0(build)
    vbr, initiator, acceptor = assert_complete(emu, with_bgp=True)
    group, peer = assert_bgp_complete(emu.state(), vbr)
    result = build.result("Show the interconnect")["interconnect_result"]
    assert result["bgp"] == {"bgp_group_id": group["BgpGroupId"], "bgp_peer_id": peer["BgpPeerId"],
                             "peer_ip_address": vbr["PeerGatewayIp"], "bgp_status": "Established",
                             "advertised_networks": VBR_ROUTES}
    assert sorted((r["route_table_id"], r["destination_cidr_block"], r["next_hop_id"], r["status"])
                  for r in result["routes"]) == sorted([
                      (vbr["RouteTableId"], IDC_ROUTES[0], vbr["VlanInterfaceId"], "Available"),
                      (vbr["RouteTableId"], VBR_ROUTES[0], initiator["RouterInterfaceId"], "Available"),
                      (VPC_TABLE, VPC_ROUTES[0], acceptor["RouterInterfaceId"], "Available")])
    assert BGP["auth_key"] not in build.stdout + build.stderr

    since = len(emu.calls())
    rerun = role(ansible, vars_files=WITH_BGP)
    assert_rc0(rerun)
    assert rerun.changed_tasks == []
    assert mutating_actions(new_calls(emu, since)) == []
    assert_complete(emu, with_bgp=True)

    since = len(emu.calls())
    teardown = role(ansible, "absent", vars_files=WITH_BGP)
    assert_rc0(teardown)
    assert teardown.changed_tasks, "the teardown reported no change"
    assert_nothing_left(emu)
    deletes = mutating_actions(new_calls(emu, since))
    assert sorted(a for a in deletes if a in BGP_ACTIONS) == ["DeleteBgpGroup", "DeleteBgpNetwork", "DeleteBgpPeer"]
    # The order the API needs: the peer before its group, and all of BGP before the VBR.
    assert deletes.index("DeleteBgpPeer") < deletes.index("DeleteBgpGroup")
    assert max(deletes.index(a) for a in ("DeleteBgpGroup", "DeleteBgpNetwork")) < deletes.index(
        "DeleteVirtualBorderRouter")
    deleted_routes = [c["params"]["RouteTableId"] for c in emu.calls()[since:] if c["action"] == "DeleteRouteEntry"]
    assert sorted(deleted_routes) == sorted([vbr["RouteTableId"], vbr["RouteTableId"], VPC_TABLE])

    since = len(emu.calls())
    again = role(ansible, "absent", vars_files=WITH_BGP)
    assert_rc0(again)
    assert again.changed_tasks == []
    assert mutating_actions(new_calls(emu, since)) == []


def test_tutorial_configuration_at_realistic_latency(clean_emulator, ansible):
    """The tutorial routes 0.0.0.0/0 on both tables. Built and torn down with time in the world: the default
    profile at scale 0.1, each transition's duration drawn from [0, 2] x its own (seeded)."""
    emu = clean_emulator
    emu.configure(latency_scale=0.1, latency_jitter=1.0, seed=11)
    tutorial_routes = {"interconnect_vbr_routes": ["0.0.0.0/0"], "interconnect_vpc_routes": ["0.0.0.0/0"]}

    assert_rc0(role(ansible, extra_vars=tutorial_routes))
    state = emu.state()
    interfaces = {ri["Role"]: ri["RouterInterfaceId"] for ri in state["RouterInterfaces"]}
    (vbr,) = state["VirtualBorderRouters"]
    routes = {(e["RouteTableId"], e["DestinationCidrBlock"]): next_hops(e) for e in custom_routes(state)}
    assert routes == {(vbr["RouteTableId"], "0.0.0.0/0"): [interfaces["InitiatingSide"]],
                      (VPC_TABLE, "0.0.0.0/0"): [interfaces["AcceptingSide"]]}
    creates = [c["action"] for c in mutating(emu.calls()) if c["action"].startswith("Create") and not c["code"]]
    assert sorted(creates) == ["CreateRouteEntry"] * 2 + ["CreateRouterInterface"] * 2 + ["CreateVirtualBorderRouter"]

    since = len(emu.calls())
    rerun = role(ansible, extra_vars=tutorial_routes)
    assert_rc0(rerun)
    assert rerun.changed_tasks == [] and mutating(new_calls(emu, since)) == []

    assert_rc0(role(ansible, "absent", extra_vars=tutorial_routes))
    assert_nothing_left(emu)


def test_long_create_and_modify_transitions(clean_emulator, ansible):
    """Creates invisible and modifies Modifying for several seconds each (the pairing taking longer still): the
    build waits them out and converges without a second create of anything; the teardown leaves nothing."""
    emu = clean_emulator
    quick = {name: 0.3 for name in emu._admin("profile")["profile"]}
    emu.configure(latency_scale=1.0, profile=dict(quick, vbr_create=3.0, ri_create=3.0, ri_modify_attribute=3.0,
                                                  ri_opposite_propagation=4.0))
    assert_rc0(role(ansible))
    assert_complete(emu)
    created = [c for c in emu.calls() if c["action"].startswith("Create") and c["code"] is None]
    assert sorted(c["action"] for c in created) == sorted(
        ["CreateVirtualBorderRouter", "CreateRouterInterface", "CreateRouterInterface", "CreateRouteEntry",
         "CreateRouteEntry"])
    assert len(emu.state()["RouterInterfaces"]) == 2

    since = len(emu.calls())
    assert_rc0(role(ansible))
    assert mutating_actions(new_calls(emu, since)) == []
    assert_rc0(role(ansible, "absent"))
    assert_nothing_left(emu)


def test_check_mode_makes_no_mutating_call(clean_emulator, ansible):
    """--check previews the build (as far as IDs exist) and the teardown, and never changes anything."""
    emu = clean_emulator

    def mutations(run):
        assert_rc0(run)
        return mutating_actions(emu.calls())

    preview = role(ansible, args_check=True)
    # The VBR's own prediction, and a preview of the steps that need its ID, each under the real step's name.
    assert preview.changed_tasks == ["Create the VBR on the physical connection",
                                     "Preview the steps that need what this run would create"]
    assert [item["item"]["step"] for item in preview.result(preview.changed_tasks[1])["results"]] == [
        "Create the initiator interface on the VBR", "Create the acceptor interface on the vRouter",
        "Pair and connect the interfaces",
        "Route the VPC's CIDRs to the initiator and the data centre's to the acceptor (and the circuit)"]
    assert mutations(preview) == [] and leftovers(emu.state())["vbrs"] == []

    assert_rc0(role(ansible))
    since = len(emu.calls())
    preview = role(ansible, args_check=True)
    assert_rc0(preview)
    assert preview.changed_tasks == []
    preview = role(ansible, "absent", args_check=True)
    assert_rc0(preview)
    assert "Remove the routes that point to the interfaces and to the circuit" in preview.changed_tasks
    assert [item["item"]["step"] for item in
            preview.result("Preview the deletions that wait for what this run would delete first")["results"]] == [
        "Delete the interfaces", "Delete the VBR"]
    assert mutating_actions(new_calls(emu, since)) == []
    assert_complete(emu)
    assert_rc0(role(ansible, "absent"))


# A build stopped after each of its steps, made with the modules themselves (names differ from the role's, so
# the teardown has to find everything by natural keys; the marker is the one the role sets with each create).
# Each prefix of BUILD_STEPS is one partial interconnect.
ROLE_MARKER = {"ansible-interconnect": "emulator-interconnect"}
REGISTER = {"register": "step"}
BUILD_STEPS = [
    ("vbr", {"aliyun.express_connect.ali_vbr": {
        "physical_connection_id": PC, "vlan_id": 100, "local_gateway_ip": "10.254.0.1",
        "peer_gateway_ip": "10.254.0.2", "peering_subnet_mask": "255.255.255.252", "name": "partial",
        "tags": ROLE_MARKER},
        "register": "vbr"}),
    ("initiator", {"aliyun.express_connect.ali_router_interface": {
        "router_id": "{{ vbr.vbr_id }}", "router_type": "VBR", "role": "InitiatingSide", "spec": "Large.2",
        "opposite_router_type": "VRouter", "opposite_router_id": VPC_ROUTER, "name": "partial-init",
        "tags": ROLE_MARKER},
        "register": "initiator"}),
    ("acceptor", {"aliyun.express_connect.ali_router_interface": {
        "router_id": VPC_ROUTER, "router_type": "VRouter", "role": "AcceptingSide", "spec": "Negative",
        "opposite_router_type": "VBR", "opposite_router_id": "{{ vbr.vbr_id }}", "name": "partial-acc",
        "tags": ROLE_MARKER},
        "register": "acceptor"}),
    ("connection", {"aliyun.express_connect.ali_ri_connection": {
        "router_interface_id": "{{ initiator.router_interface_id }}",
        "opposite_interface_id": "{{ acceptor.router_interface_id }}"}}),
    ("vbr route", {"aliyun.express_connect.ali_route_entry": {
        "route_table_id": "{{ vbr.vbr.route_table_id }}", "destination_cidr_block": VBR_ROUTES[0],
        "next_hop_id": "{{ initiator.router_interface_id }}"}}),
    ("vpc route", {"aliyun.express_connect.ali_route_entry": {
        "router_id": VPC_ROUTER, "router_type": "VRouter", "destination_cidr_block": VPC_ROUTES[0],
        "next_hop_id": "{{ acceptor.router_interface_id }}"}}),
]
# What the emulator holds after each prefix: (VBRs, router interfaces, custom routes).
EXPECTED_COUNTS = [(0, 0, 0), (1, 0, 0), (1, 1, 0), (1, 2, 0), (1, 2, 0), (1, 2, 1), (1, 2, 2)]


def build_prefix(ansible, steps, extra_tasks=()):
    tasks = [dict(name=name, **task) for name, task in steps] + list(extra_tasks)
    if not tasks:
        return
    run = ansible.run_tasks(tasks)
    assert_rc0(run)


def counts(state):
    return (len(state["VirtualBorderRouters"]), len(state["RouterInterfaces"]), len(custom_routes(state)))


def stopped_after_each(steps, first, in_make_test):
    """One case per prefix of steps from `first` on; `make test` runs those that stop after a step named in
    in_make_test (the others: RELIABILITY_FULL=1)."""
    cases = []
    for stopped_after in range(first, len(steps) + 1):
        name = steps[stopped_after - 1][0] if stopped_after else "nothing"
        marks = () if name in in_make_test else full_only("a neighbouring partial build runs in make test")
        cases.append(pytest.param(stopped_after, marks=marks,
                                  id="after-" + name.replace(" ", "-") if stopped_after else name))
    return cases


# make test: an initiator alone, a connected pair without routes, a whole build under other names.
@pytest.mark.parametrize("stopped_after", stopped_after_each(BUILD_STEPS, 0, ("initiator", "connection", "vpc route")))
def test_teardown_of_a_build_stopped_after_each_step(clean_emulator, ansible, stopped_after):
    emu = clean_emulator
    build_prefix(ansible, BUILD_STEPS[:stopped_after])
    assert counts(emu.state()) == EXPECTED_COUNTS[stopped_after]

    teardown = role(ansible, "absent")
    assert_rc0(teardown)
    assert_nothing_left(emu)
    assert bool(teardown.changed_tasks) == (stopped_after > 0)


# The data-centre side of a build stopped part-way, in the role's order: after the VBR, the route to the circuit,
# the BGP group (found by the teardown by its name, interconnect_name), the advertised networks, the peer.
BGP_BUILD_STEPS = [
    ("idc route", {"aliyun.express_connect.ali_route_entry": {
        "route_table_id": "{{ vbr.vbr.route_table_id }}", "destination_cidr_block": IDC_ROUTES[0],
        "next_hop_id": "{{ vbr.vbr.vlan_interface_id }}"}}),
    ("bgp group", {"aliyun.express_connect.ali_bgp_group": {
        "router_id": "{{ vbr.vbr_id }}", "name": ROLE_MARKER["ansible-interconnect"], "peer_asn": BGP["peer_asn"],
        "local_asn": BGP["local_asn"], "auth_key": BGP["auth_key"]},
        "register": "bgp_group"}),
    ("bgp networks", {"aliyun.express_connect.ali_bgp_network": {
        "router_id": "{{ vbr.vbr_id }}", "dst_cidr_blocks": VBR_ROUTES}}),
    ("bgp peer", {"aliyun.express_connect.ali_bgp_peer": {
        "bgp_group_id": "{{ bgp_group.bgp_group_id }}", "peer_ip_address": "{{ vbr.vbr.peer_gateway_ip }}",
        "enable_bfd": BGP["bfd"], "bfd_multi_hop": BGP["bfd_multi_hop"]}}),
]
# What the emulator holds after each prefix: (custom routes, BGP groups, peers, networks), besides the VBR.
BGP_EXPECTED_COUNTS = [(1, 0, 0, 0), (1, 1, 0, 0), (1, 1, 0, 1), (1, 1, 1, 1)]


def bgp_counts(state):
    return (len(custom_routes(state)), len(state["BgpGroups"]), len(state["BgpPeers"]), len(state["BgpNetworks"]))


# make test: a group without its peer (found by its name), the whole data-centre side.
@pytest.mark.parametrize("stopped_after", stopped_after_each(BGP_BUILD_STEPS, 1, ("bgp group", "bgp peer")))
def test_teardown_of_a_bgp_build_stopped_after_each_step(clean_emulator, ansible, stopped_after):
    emu = clean_emulator
    build_prefix(ansible, BUILD_STEPS[:1] + BGP_BUILD_STEPS[:stopped_after])
    assert bgp_counts(emu.state()) == BGP_EXPECTED_COUNTS[stopped_after - 1]

    teardown = role(ansible, "absent", vars_files=WITH_BGP)
    assert_rc0(teardown)
    assert teardown.changed_tasks
    assert_nothing_left(emu)


def test_teardown_leaves_a_bgp_group_of_another_name_alone(clean_emulator, ansible):
    """Another group (with a peer of its own) on our VBR: the teardown removes only this interconnect's group and
    peer (and the VBR's networks and routes), then the VBR's delete fails naming the group that holds it up."""
    emu = clean_emulator
    build_prefix(ansible, BUILD_STEPS[:1] + BGP_BUILD_STEPS)
    (vbr,) = emu.state()["VirtualBorderRouters"]
    (ours,) = groups(emu)
    foreign = create_group(emu, vbr["VbrId"], "another-team", peer_asn=65002)
    foreign_peer = create_peer(emu, foreign, vbr["PeerGatewayIp"])

    teardown = role(ansible, "absent", vars_files=WITH_BGP)
    assert teardown.rc != 0
    # One item per line: this interconnect's one VBR.
    (failure,) = teardown.result("Delete the VBR")["results"]
    assert failure["failed"] is True
    assert "still has BGP groups %s (another-team, Available)" % foreign in failure["msg"], failure["msg"]
    assert vbr["VbrId"] in failure["msg"] and ours["BgpGroupId"] not in failure["msg"]
    left = leftovers(emu.state())
    assert left == {"vbrs": [vbr["VbrId"]], "router_interfaces": [], "routes": [], "bgp_groups": [foreign],
                    "bgp_peers": [foreign_peer], "bgp_networks": []}
    assert [(g["Name"], g["PeerAsn"], g["Status"]) for g in groups(emu)] == [("another-team", "65002", "Available")]
    assert [(p["BgpGroupId"], p["Status"]) for p in peers(emu)] == [(foreign, "Available")]
    assert networks(emu) == []

    # Once its owner has removed it, the teardown completes.
    sdk_call(emu, "DeleteBgpPeer", RegionId="cn-hangzhou", BgpPeerId=foreign_peer)
    sdk_call(emu, "DeleteBgpGroup", RegionId="cn-hangzhou", BgpGroupId=foreign)
    assert_rc0(role(ansible, "absent", vars_files=WITH_BGP))
    assert_nothing_left(emu)


def test_teardown_of_an_interrupted_teardown(clean_emulator, ansible):
    """Routes gone, the pair deactivated and the initiator deleted: the acceptor and the VBR remain."""
    emu = clean_emulator
    undo = [
        {"name": "vpc route gone", "aliyun.express_connect.ali_route_entry": {
            "router_id": VPC_ROUTER, "router_type": "VRouter", "destination_cidr_block": VPC_ROUTES[0],
            "state": "absent"}},
        {"name": "vbr route gone", "aliyun.express_connect.ali_route_entry": {
            "route_table_id": "{{ vbr.vbr.route_table_id }}", "destination_cidr_block": VBR_ROUTES[0],
            "state": "absent"}},
        {"name": "deactivated", "aliyun.express_connect.ali_ri_connection": {
            "router_interface_id": "{{ initiator.router_interface_id }}",
            "opposite_interface_id": "{{ acceptor.router_interface_id }}", "state": "absent"}},
        {"name": "initiator gone", "aliyun.express_connect.ali_router_interface": {
            "router_interface_id": "{{ initiator.router_interface_id }}", "state": "absent"}},
    ]
    build_prefix(ansible, BUILD_STEPS, undo)
    state = emu.state()
    assert counts(state) == (1, 1, 0) and state["RouterInterfaces"][0]["Status"] == "Inactive"

    assert_rc0(role(ansible, "absent"))
    assert_nothing_left(emu)


def test_teardown_waits_out_transitions_of_an_interrupted_build(clean_emulator, ansible):
    """Build with wait=false at a real (scaled) latency: the teardown starts while the pair is Connecting and
    the routes are Pending, and still removes everything."""
    emu = clean_emulator
    emu.configure(latency_scale=0.1)
    no_wait = []
    for name, task in BUILD_STEPS:
        task = json.loads(json.dumps(task))
        module = next(key for key in task if key.startswith("aliyun."))
        if name in ("connection", "vbr route", "vpc route"):
            task[module]["wait"] = False
        no_wait.append((name, task))
    # Without waiting for the connection, the routes would be created on Connecting interfaces; stop before them.
    build_prefix(ansible, no_wait[:4])
    statuses = {ri["Role"]: ri["Status"] for ri in emu.state()["RouterInterfaces"]}
    assert statuses == {"InitiatingSide": "Connecting", "AcceptingSide": "AcceptingConnecting"}, statuses

    assert_rc0(role(ansible, "absent"))
    assert_nothing_left(emu)


def test_build_on_top_of_a_partial_build(clean_emulator, ansible):
    """The role adopts what an interrupted build left (found by natural keys) and completes it."""
    emu = clean_emulator
    build_prefix(ansible, BUILD_STEPS[:3])
    (vbr,) = emu.state()["VirtualBorderRouters"]
    interfaces = sorted(ri["RouterInterfaceId"] for ri in emu.state()["RouterInterfaces"])

    assert_rc0(role(ansible))
    built_vbr, initiator, acceptor = assert_complete(emu)
    assert built_vbr["VbrId"] == vbr["VbrId"]
    assert sorted([initiator["RouterInterfaceId"], acceptor["RouterInterfaceId"]]) == interfaces

    assert_rc0(role(ansible, "absent"))
    assert_nothing_left(emu)


def test_missing_variables_fail_before_any_api_call(clean_emulator, ansible):
    emu = clean_emulator
    tasks = [{"name": "Use the role without its required variables",
              "ansible.builtin.include_role": {"name": "aliyun.express_connect.interconnect"}}]
    run = ansible.run_tasks(tasks)
    assert run.rc != 0
    assert "interconnect_physical_connection_id" in run.stdout + run.stderr
    assert emu.calls() == []

    run = ansible.run_tasks(tasks, extra_vars={
        "interconnect_physical_connection_id": PC, "interconnect_vlan_id": 100,
        "interconnect_vpc_router_id": VPC_ROUTER})
    assert run.rc != 0
    assert "interconnect_local_gateway_ip and interconnect_peer_gateway_ip are required" in run.stdout
    assert emu.calls() == []


def test_installed_collection_used_by_fqcn_from_outside_the_repo(clean_emulator, ansible, tmp_path):
    """ansible-galaxy collection build + install into an empty directory, then include_role by FQCN."""
    emu = clean_emulator
    dist, collections, project = tmp_path / "dist", tmp_path / "collections", tmp_path / "project"
    project.mkdir()
    env = ansible.environment()
    galaxy = str(VENV_BIN / "ansible-galaxy")

    def run(command, cwd):
        completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
        assert completed.returncode == 0, "%s\n%s\n%s" % (command, completed.stdout[-3000:], completed.stderr[-3000:])

    run([galaxy, "collection", "build", str(REPO_ROOT), "--output-path", str(dist)], REPO_ROOT)
    (tarball,) = dist.glob("aliyun-express_connect-*.tar.gz")
    # From here on, only the empty project directory and its own collections path: the repository's
    # ./collections link must be neither seen by the install ("already installed") nor used by the playbook.
    (project / "ansible.cfg").write_text("[defaults]\ncollections_path = %s\n" % collections)
    env.update({"ANSIBLE_CONFIG": str(project / "ansible.cfg"), "ANSIBLE_COLLECTIONS_PATH": str(collections)})
    env.pop("ANSIBLE_CALLBACKS_ENABLED", None)
    run([galaxy, "collection", "install", "-p", str(collections), str(tarball)], project)
    installed = collections / "ansible_collections" / "aliyun" / "express_connect"
    assert (installed / "roles" / "interconnect" / "meta" / "argument_specs.yml").is_file()
    assert not (installed / "tests").exists() and not (installed / "molecule").exists()

    (project / "site.yml").write_text(json.dumps([{
        "name": "Use the installed collection",
        "hosts": "localhost",
        "connection": "local",
        "gather_facts": False,
        "vars_files": [str(VARS_FILE)],
        "tasks": [
            {"name": "Run the interconnect role",
             "ansible.builtin.include_role": {"name": "aliyun.express_connect.interconnect"}},
            {"name": "Show the interconnect",
             "ansible.builtin.debug": {"var": "interconnect_result"},
             "when": "interconnect_state == 'present'"},
        ],
    }], indent=2))
    def playbook(state):
        command = [str(VENV_BIN / "ansible-playbook"), "site.yml", "-e", "interconnect_state=" + state, "-v"]
        completed = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)
        assert completed.returncode == 0, completed.stdout[-6000:] + completed.stderr[-3000:]
        return completed.stdout

    out = playbook("present")
    assert '"initiator_status": "Active"' in out
    assert_complete(emu)
    playbook("absent")
    assert_nothing_left(emu)


def test_region_is_passed_only_when_set(clean_emulator, ansible):
    """interconnect_region overrides the connection settings' region (an unknown one fails with the API's code)."""
    run = role(ansible, extra_vars={"interconnect_region": "cn-nowhere-1"})
    assert run.rc != 0
    assert "InvalidRegionId.NotFound" in run.stdout
    assert_nothing_left(clean_emulator)


# Ownership: the role touches only what carries its marker (ansible-interconnect: <interconnect_name>).
MARKER, NAME = next(iter(ROLE_MARKER.items()))  # interconnect_name in the vars file


def tags_of(item):
    return {tag["Key"]: tag["Value"] for tag in item["Tags"]["Tags"]}


@pytest.mark.parametrize("foreign_tags", [{}, {MARKER: "another-interconnect", "team": "storage"}],
                         ids=["untagged", "another-interconnect"])
def test_a_foreign_vbr_is_neither_adopted_nor_torn_down(clean_emulator, ansible, foreign_tags):
    emu = clean_emulator
    tags = {"Tags.%d.%s" % (n, part): value for n, (key, val) in enumerate(foreign_tags.items(), 1)
            for part, value in (("Key", key), ("Value", val))}
    foreign = sdk_call(emu, "CreateVirtualBorderRouter", RegionId="cn-hangzhou", PhysicalConnectionId=PC,
                       VlanId=100, LocalGatewayIp="10.254.0.1", PeerGatewayIp="10.254.0.2",
                       PeeringSubnetMask="255.255.255.252", Name="someone-elses", **tags)["VbrId"]

    for state in ("present", "absent"):
        since = len(emu.calls())
        run = role(ansible, state)
        assert run.rc != 0
        assert foreign in run.stdout and "interconnect_adopt" in run.stdout
        assert "%s=%s" % (MARKER, NAME) in run.stdout
        assert all("%s" % value in run.stdout for value in foreign_tags.values())
        assert mutating_actions(new_calls(emu, since)) == []
    (vbr,) = emu.state()["VirtualBorderRouters"]
    assert vbr["VbrId"] == foreign and vbr["Name"] == "someone-elses" and tags_of(vbr) == foreign_tags

    # Taken over explicitly: marked, built on, and from then on torn down like any of ours.
    assert_rc0(role(ansible, extra_vars={"interconnect_adopt": True}))
    vbr, initiator, acceptor = assert_complete(emu)
    assert vbr["VbrId"] == foreign
    for item in (vbr, initiator, acceptor):
        assert tags_of(item)[MARKER] == NAME
    assert_rc0(role(ansible, "absent"))
    assert_nothing_left(emu)


def test_teardown_leaves_foreign_interfaces_and_routes_alone(clean_emulator, ansible):
    """Another team's pair on the same vRouter and its route in our VPC table, and an unmarked interface of the
    vRouter facing our VBR: the teardown removes only what is ours."""
    emu = clean_emulator
    assert_rc0(role(ansible))
    vbr, _initiator, _acceptor = assert_complete(emu)
    other_vbr = create_vbr(emu, 200)
    _, other_acceptor = connect_pair(emu, other_vbr, VPC_ROUTER)
    create_route(emu, VPC_TABLE, "10.99.0.0/16", other_acceptor)
    stray = create_ri(emu, RegionId="cn-hangzhou", RouterType="VRouter", RouterId=VPC_ROUTER, Role="AcceptingSide",
                      Spec="Negative", OppositeRouterType="VBR", OppositeRouterId=vbr["VbrId"],
                      OppositeAccessPointId=ACCESS_POINT, Name="unmarked")

    assert_rc0(role(ansible, "absent"))
    state = emu.state()
    assert [v["VbrId"] for v in state["VirtualBorderRouters"]] == [other_vbr]
    assert sorted(ri["RouterInterfaceId"] for ri in state["RouterInterfaces"] if ri["RouterId"] == VPC_ROUTER) == sorted(
        [other_acceptor, stray])
    assert [(e["RouteTableId"], e["DestinationCidrBlock"]) for e in custom_routes(state)] == [
        (VPC_TABLE, "10.99.0.0/16")]

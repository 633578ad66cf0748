"""Diff mode through Ansible's default stdout callback: every changing operation of every module that changes
anything, run with ``--check --diff`` and then with ``--diff``, must print its diff ("--- before" / "+++ after")
and no callback error (a diff whose before/after is a list broke it: 'list' object has no attribute 'splitlines').

Independent changes (creates, modifies, and deletes of things made beforehand with tests/support's SDK calls), in
two playbooks run side by side (each task costs a module start, about 1.5 s): both with --check --diff, then both
with --diff.
"""

import concurrent.futures
import re

from support.bgp import add_network, bgp_vbr, create_group, create_peer
from support.calls import mutating
from support.emulator import REGION
from support.fixture_ids import ACCESS_POINT, PC, SECOND_ACCOUNT_UID, VPC, VPC2, VPC_ROUTER, VPC_TABLE
from support.playbook import AnsibleRunner
from support.sdk import connect_pair, create_ri, create_route, create_vbr, sdk_call

COLLECTION = "aliyun.express_connect."
CALLBACK_ERRORS = ("v2_on_file_diff", "splitlines", "Callback dispatch", "Failure using method", "[ERROR]",
                   "Traceback")


def route_table_of(emulator, vbr_id):
    vbrs = sdk_call(emulator, "DescribeVirtualBorderRouters", RegionId=REGION,
                    Filter=[{"Key": "VbrId", "Value": [vbr_id]}])
    return vbrs["VirtualBorderRouterSet"]["VirtualBorderRouterType"][0]["RouteTableId"]


def prerequisites(emulator):
    """What the playbook changes or deletes; returns the IDs by name."""
    ids = {}
    # VBR A (a /28 peering subnet, room for BGP peers) connected to vrt-emu0001: next hops for new routes.
    ids["vbr_a"], peer_ip = bgp_vbr(emulator, 1601)
    ids["peer_prefix"] = peer_ip.rsplit(".", 1)[0] + "."
    ids["vbr_a_table"] = route_table_of(emulator, ids["vbr_a"])
    ids["init_a"], ids["acc_a"] = connect_pair(emulator, ids["vbr_a"], VPC_ROUTER)
    # A spare (Idle, unpaired) interface on VBR A, to delete.
    ids["spare"] = create_ri(emulator, RegionId=REGION, RouterType="VBR", RouterId=ids["vbr_a"], Role="InitiatingSide",
                             Spec="Small.1", AccessPointId=ACCESS_POINT, OppositeRouterType="VRouter",
                             OppositeRouterId="vrt-emu0003")
    # VBR B with an Idle pair toward vrt-emu0002, to connect.
    ids["vbr_b"] = create_vbr(emulator, 1602)
    ids["init_b"] = create_ri(emulator, RegionId=REGION, RouterType="VBR", RouterId=ids["vbr_b"], Role="InitiatingSide",
                              Spec="Large.2", AccessPointId=ACCESS_POINT, OppositeRouterType="VRouter",
                              OppositeRouterId="vrt-emu0002")
    ids["acc_b"] = create_ri(emulator, RegionId=REGION, RouterType="VRouter", RouterId="vrt-emu0002",
                             Role="AcceptingSide", Spec="Negative", OppositeRouterType="VBR",
                             OppositeRouterId=ids["vbr_b"], OppositeInterfaceId=ids["init_b"],
                             OppositeAccessPointId=ACCESS_POINT)
    # VBR C connected to vrt-emu0003, to deactivate; VBR D alone, to delete.
    ids["vbr_c"] = create_vbr(emulator, 1603)
    ids["init_c"], ids["acc_c"] = connect_pair(emulator, ids["vbr_c"], "vrt-emu0003")
    ids["vbr_d"] = create_vbr(emulator, 1604)
    # Routes to delete: one alone, two (in two tables) together.
    create_route(emulator, VPC_TABLE, "192.168.61.0/24", ids["acc_a"])
    create_route(emulator, VPC_TABLE, "192.168.62.0/24", ids["acc_a"])
    create_route(emulator, ids["vbr_a_table"], "10.62.0.0/16", ids["init_a"])
    # BGP: group 1 with a peer to delete and one to modify, group 2 (no peers) to delete, a network to remove.
    # (The diff of a VBR's networks lists them all: the one removed and the one added are on two VBRs.)
    ids["group_1"] = create_group(emulator, ids["vbr_a"], "diff-group-1")
    ids["peer_del"] = create_peer(emulator, ids["group_1"], ids["peer_prefix"] + "3")
    ids["peer_mod"] = create_peer(emulator, ids["group_1"], ids["peer_prefix"] + "5")
    ids["group_2"] = create_group(emulator, ids["vbr_a"], "diff-group-2")
    add_network(emulator, ids["vbr_c"], "10.63.0.0/16", VPC)  # not on VBR A, where a network is added
    # A grant of VPC2 to the second account's VBRs, to revoke (VPC gets one).
    sdk_call(emulator, "GrantInstanceToVbr", RegionId=REGION, InstanceId=VPC2, VbrOwnerUid=SECOND_ACCOUNT_UID,
             VbrRegionNo=REGION, GrantType="All")
    return ids


def changes(ids):
    """Two lists of (task name, module, args): independent changes, so that check mode predicts each from the same
    world; the two lists run at the same time, so they touch different objects (except reads of VBR A)."""
    vbr_ri_and_network = [
        ("vbr create", "ali_vbr", {"physical_connection_id": PC, "vlan_id": 1605, "local_gateway_ip": "10.9.5.1",
                                   "peer_gateway_ip": "10.9.5.2", "peering_subnet_mask": "255.255.255.252",
                                   "name": "diff-new-vbr"}),
        ("vbr modify", "ali_vbr", {"vbr_id": ids["vbr_c"], "description": "Diff rendering"}),
        ("vbr delete", "ali_vbr", {"vbr_id": ids["vbr_d"], "state": "absent"}),
        ("router interface create", "ali_router_interface",
         {"router_id": ids["vbr_a"], "spec": "Small.2", "opposite_router_id": "vrt-emu0002", "name": "diff-new-ri"}),
        ("router interface modify", "ali_router_interface",
         {"router_interface_id": ids["init_a"], "description": "Diff rendering"}),
        ("router interface delete", "ali_router_interface", {"router_interface_id": ids["spare"], "state": "absent"}),
        ("connection connect", "ali_ri_connection",
         {"router_interface_id": ids["init_b"], "opposite_interface_id": ids["acc_b"]}),
        ("connection deactivate", "ali_ri_connection",
         {"router_interface_id": ids["init_c"], "opposite_interface_id": ids["acc_c"], "state": "absent"}),
        ("bgp network add", "ali_bgp_network", {"router_id": ids["vbr_a"], "dst_cidr_blocks": ["10.66.0.0/16"]}),
        ("bgp network remove", "ali_bgp_network",
         {"router_id": ids["vbr_c"], "dst_cidr_blocks": ["10.63.0.0/16"], "state": "absent"}),
    ]
    routes_and_bgp = [
        ("route create", "ali_route_entry",
         {"route_table_id": VPC_TABLE, "destination_cidr_block": "192.168.64.0/24", "next_hop_id": ids["acc_a"]}),
        ("route delete", "ali_route_entry",
         {"route_table_id": VPC_TABLE, "destination_cidr_block": "192.168.61.0/24", "state": "absent"}),
        ("routes create", "ali_route_entry", {"routes": [
            {"route_table_id": VPC_TABLE, "destination_cidr_block": "192.168.65.0/24", "next_hop_id": ids["acc_a"],
             "name": "diff-route"},
            {"route_table_id": ids["vbr_a_table"], "destination_cidr_block": "10.65.0.0/16",
             "next_hop_id": ids["init_a"]}]}),
        ("routes delete", "ali_route_entry", {"state": "absent", "routes": [
            {"route_table_id": VPC_TABLE, "destination_cidr_block": "192.168.62.0/24"},
            {"route_table_id": ids["vbr_a_table"], "destination_cidr_block": "10.62.0.0/16"}]}),
        ("bgp group create", "ali_bgp_group",
         {"router_id": ids["vbr_a"], "name": "diff-group-3", "peer_asn": 65003, "auth_key": "diff-secret"}),
        ("bgp group modify", "ali_bgp_group", {"bgp_group_id": ids["group_1"], "description": "Diff rendering"}),
        ("bgp group delete", "ali_bgp_group", {"bgp_group_id": ids["group_2"], "state": "absent"}),
        ("bgp peer create", "ali_bgp_peer",
         {"bgp_group_id": ids["group_1"], "peer_ip_address": ids["peer_prefix"] + "4"}),
        ("bgp peer modify", "ali_bgp_peer", {"bgp_peer_id": ids["peer_mod"], "enable_bfd": True, "bfd_multi_hop": 1}),
        ("bgp peer delete", "ali_bgp_peer", {"bgp_peer_id": ids["peer_del"], "state": "absent"}),
        ("vpc grant", "ali_vbr_grant", {"instance_id": VPC, "vbr_owner_uid": SECOND_ACCOUNT_UID, "vbr_region_id": REGION}),
        ("vpc grant revoke", "ali_vbr_grant",
         {"instance_id": VPC2, "vbr_owner_uid": SECOND_ACCOUNT_UID, "vbr_region_id": REGION, "state": "absent"}),
    ]
    return vbr_ri_and_network, routes_and_bgp


def task_output(stdout, name):
    """What the default callback printed for the task with this name (its banner to the next one)."""
    match = re.search(r"^TASK \[%s\] \**\n(.*?)(?=^TASK \[|^PLAY RECAP)" % re.escape(name), stdout, re.S | re.M)
    assert match, "no output for task %r:\n%s" % (name, stdout[-3000:])
    return match.group(1)


def check_rendered(run, tasks, mode):
    assert run.rc == 0, "%s: rc %s\n%s\n%s" % (mode, run.rc, run.stdout[-4000:], run.stderr[-3000:])
    assert "diff-secret" not in run.stdout + run.stderr, "%s: the BGP key was printed" % mode
    for marker in CALLBACK_ERRORS:
        assert marker not in run.stdout + run.stderr, "%s: %r printed\n%s\n%s" % (mode, marker, run.stdout[-4000:],
                                                                                run.stderr[-3000:])
    for name, module, args in tasks:
        result = run.result(name)
        assert result["failed"] is False and result["changed"] is True, (mode, name, result)
        output = task_output(run.stdout, name)
        assert re.search(r"^--- before", output, re.M) and re.search(r"^\+\+\+ after", output, re.M), \
            "%s: %s printed no diff:\n%s" % (mode, name, output)
        assert re.search(r"^@@ ", output, re.M), "%s: %s: no hunk in\n%s" % (mode, name, output)
        if "routes" in args:
            # One diff per item, each headed by the item.
            for index, route in enumerate(args["routes"]):
                header = "routes[%d]: %s in %s" % (index, route["destination_cidr_block"], route["route_table_id"])
                assert "--- before: %s\n+++ after: %s\n" % (header, header) in output, (mode, name, output)


def run_side_by_side(runners, groups, check):
    playbooks = [[{"name": name, COLLECTION + module: args} for name, module, args in tasks] for tasks in groups]
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(groups)) as pool:
        return list(pool.map(lambda pair: pair[0].run_tasks(pair[1], check=check, diff=True), zip(runners, playbooks)))


def test_every_module_diff_renders_with_the_default_callback(clean_emulator, ansible, tmp_path):
    ids = prerequisites(clean_emulator)
    groups = changes(ids)
    runners = [ansible, AnsibleRunner(tmp_path / "second", clean_emulator.env)]
    (tmp_path / "second").mkdir()
    assert {module for tasks in groups for _name, module, _args in tasks} == {
        "ali_vbr", "ali_router_interface", "ali_ri_connection", "ali_route_entry", "ali_bgp_group", "ali_bgp_peer",
        "ali_bgp_network", "ali_vbr_grant"}  # every module that changes anything (the _info modules never do)

    before = len(mutating(clean_emulator.calls()))
    predicted = run_side_by_side(runners, groups, check=True)
    for run, tasks in zip(predicted, groups):
        check_rendered(run, tasks, "--check --diff")
    assert len(mutating(clean_emulator.calls())) == before, "check mode changed something"

    applied = run_side_by_side(runners, groups, check=False)
    for run, tasks in zip(applied, groups):
        check_rendered(run, tasks, "--diff")
    # The content is the predicted one where the prediction can know it all: deletions, modifications, the routes.
    for predicted_run, applied_run, tasks in zip(predicted, applied, groups):
        for name, _module, _args in tasks:
            if not name.endswith(" create") or name.startswith(("route ", "routes ")):
                assert applied_run.result(name)["diff"] == predicted_run.result(name)["diff"], name

"""Check mode is exact: for every module and for the role, from the starting states nothing, partial, complete
and drifted, check mode reports `changed` exactly when the real run that follows changes something, and check
mode makes no mutating API call.

"Changes something" is read from the emulator's call log (a mutating call made by that task), not only from the
task's own `changed`, so a module that reports changed=false but mutates (or the reverse) is caught too.

Modules: one world with every starting state side by side is built with direct API calls, then one playbook runs
every case in check mode and one runs them for real (calls attributed per case, see batch.py).
Role: playbooks/interconnect.yml in check mode then for real, from each starting state in turn; without and with
the data-centre side (BGP and a static route to the circuit: lib.EMULATOR_BGP_VARS).
"""



import pytest

import reliability_batch as batch
import reliability_lib as lib
from support.emulator import REGION
from support.fixture_ids import ACCESS_POINT, PC, SECOND_ACCOUNT_UID
from support.playbook import AnsibleRunner
from support.sdk import connect_pair, sdk_call
from support.wait import eventually
from support.long_runs import full_only


class World:
    """Resources made with direct API calls (latency 0), named for the case that uses them."""

    def __init__(self, emulator):
        self.emulator = emulator
        self.ids = {}

    def api(self, action, **params):
        return sdk_call(self.emulator, action, RegionId=REGION, **params)

    def vbr(self, key, vlan, **extra):
        params = dict(PhysicalConnectionId=PC, VlanId=vlan, LocalGatewayIp="10.254.%d.1" % (vlan % 250),
                      PeerGatewayIp="10.254.%d.2" % (vlan % 250), PeeringSubnetMask="255.255.255.252")
        params.update(extra)
        self.ids[key] = self.api("CreateVirtualBorderRouter", **params)["VbrId"]
        return self.ids[key]

    def initiator(self, key, vbr_id, vrt, name=None, **extra):
        response = self.api("CreateRouterInterface", RouterType="VBR", RouterId=vbr_id, Role="InitiatingSide",
                            Spec="Small.1", OppositeRegionId=REGION, OppositeRouterType="VRouter",
                            OppositeRouterId=vrt, AccessPointId=ACCESS_POINT, Name=name, **extra)
        self.ids[key] = response["RouterInterfaceId"]
        return self.ids[key]

    def acceptor(self, key, vrt, vbr_id, name=None, **extra):
        response = self.api("CreateRouterInterface", RouterType="VRouter", RouterId=vrt, Role="AcceptingSide",
                            Spec="Negative", OppositeRegionId=REGION, OppositeRouterType="VBR",
                            OppositeRouterId=vbr_id, OppositeAccessPointId=ACCESS_POINT, Name=name, **extra)
        self.ids[key] = response["RouterInterfaceId"]
        return self.ids[key]

    def introduce(self, ri_id, opposite_id, opposite_router, opposite_type):
        self.api("ModifyRouterInterfaceAttribute", RouterInterfaceId=ri_id, OppositeInterfaceId=opposite_id,
                 OppositeRouterId=opposite_router, OppositeRouterType=opposite_type)

    def pair(self, key, vlan, vrt, introduce=(True, True), connect=True):
        """A VBR with an initiator, an acceptor on vrt; optionally introduced to each other and connected."""
        vbr_id = self.vbr(key + "-vbr", vlan)
        init, acc = connect_pair(self.emulator, vbr_id, vrt, spec="Small.1", names=(key + "-init", key + "-acc"),
                                 introduce=introduce, connect=connect)
        self.ids[key + "-init"], self.ids[key + "-acc"] = init, acc
        return init, acc

    def connect_acceptor(self, acc_key, vbr_key, vrt):
        """Give an acceptor an initiator on its VBR and connect them: a route's next hop must be Active."""
        vbr_id, acc = self.ids[vbr_key], self.ids[acc_key]
        init = self.initiator(acc_key + "-peer", vbr_id, vrt)
        self.introduce(init, acc, vrt, "VRouter")
        self.introduce(acc, init, vbr_id, "VBR")
        self.api("ConnectRouterInterface", RouterInterfaceId=init)

    def route(self, table, cidr, next_hop):
        self.api("CreateRouteEntry", RouteTableId=table, DestinationCidrBlock=cidr, NextHopType="RouterInterface",
                 NextHopId=next_hop, ClientToken="setup-%s-%s" % (table, cidr.replace("/", "-")))


def build_module_world(emulator):
    w = World(emulator)
    ids = w.ids
    # VBRs.
    w.vbr("vbr-complete", 401, Name="cm-complete")
    w.vbr("vbr-drifted", 402, Name="cm-drifted", Description="Original description")
    w.vbr("vbr-partial", 403)
    w.vbr("vbr-absent", 404)
    # Router interfaces (acceptors on vrt-emu0002 facing VBRs of their own).
    for key, vlan in (("opp-nothing", 411), ("opp-complete", 412), ("opp-drifted", 413), ("opp-absent", 414),
                      ("opp-absent-nothing", 415)):
        w.vbr(key, vlan)
    w.acceptor("ri-complete", "vrt-emu0002", ids["opp-complete"], name="cm-ri-complete")
    w.acceptor("ri-drifted", "vrt-emu0002", ids["opp-drifted"], name="cm-ri-drifted",
               Description="Original description")
    w.acceptor("ri-absent", "vrt-emu0003", ids["opp-absent"], name="cm-ri-absent")
    # Connections: every starting state of a pair (acceptors spread over two vRouters: 5 interfaces per router).
    w.pair("conn-nothing", 421, "vrt-emu0001", introduce=(False, False), connect=False)
    w.pair("conn-partial", 422, "vrt-emu0001", introduce=(True, False), connect=False)
    w.pair("conn-complete", 423, "vrt-emu0001", connect=True)
    init, acc = w.pair("conn-drifted", 424, "vrt-emu0004", connect=True)
    w.api("DeactivateRouterInterface", RouterInterfaceId=acc)
    w.pair("conn-absent", 425, "vrt-emu0004", connect=True)
    init, acc = w.pair("conn-absent-inactive", 426, "vrt-emu0004", connect=True)
    w.api("DeactivateRouterInterface", RouterInterfaceId=init)
    w.api("DeactivateRouterInterface", RouterInterfaceId=acc)
    # Routes in vRouter 2's table, through its interfaces (connected: only an Active interface can be a next hop).
    w.connect_acceptor("ri-complete", "opp-complete", "vrt-emu0002")
    w.connect_acceptor("ri-drifted", "opp-drifted", "vrt-emu0002")
    w.route("vtb-emu0002", "192.168.102.0/24", ids["ri-complete"])
    w.route("vtb-emu0002", "192.168.103.0/24", ids["ri-drifted"])
    w.route("vtb-emu0002", "192.168.104.0/24", ids["ri-complete"])
    w.route("vtb-emu0002", "192.168.106.0/24", ids["ri-drifted"])
    # Grants of this account's VPCs to the second account's VBRs in this region.
    for vpc in ("vpc-emu0002", "vpc-emu0004"):
        w.api("GrantInstanceToVbr", InstanceId=vpc, VbrOwnerUid=SECOND_ACCOUNT_UID, VbrRegionNo=REGION, GrantType="All")
    return ids


def grant_args(vpc, **extra):
    return dict({"instance_id": vpc, "vbr_owner_uid": SECOND_ACCOUNT_UID, "vbr_region_id": REGION}, **extra)


def vbr_args(vlan, **extra):
    args = {"physical_connection_id": PC, "vlan_id": vlan, "local_gateway_ip": "10.254.%d.1" % (vlan % 250),
            "peer_gateway_ip": "10.254.%d.2" % (vlan % 250), "peering_subnet_mask": "255.255.255.252"}
    args.update(extra)
    return args


def acceptor_args(vrt, opposite, name, **extra):
    args = {"router_id": vrt, "router_type": "VRouter", "role": "AcceptingSide", "spec": "Negative",
            "opposite_router_type": "VBR", "opposite_router_id": opposite, "opposite_access_point_id": ACCESS_POINT,
            "name": name}
    args.update(extra)
    return args


def module_cases(ids):
    """(case id, module, args, expected changed)."""
    route = {"route_table_id": "vtb-emu0002", "next_hop_id": ids["ri-complete"]}
    return [
        ("vbr nothing", "ali_vbr", vbr_args(405, name="cm-new"), True),
        ("vbr partial", "ali_vbr", vbr_args(403, name="cm-partial"), True),
        ("vbr complete", "ali_vbr", vbr_args(401, name="cm-complete"), False),
        ("vbr complete by id", "ali_vbr", {"vbr_id": ids["vbr-complete"], "name": "cm-complete"}, False),
        ("vbr drifted", "ali_vbr", vbr_args(402, name="cm-drifted", description="Changed description"), True),
        ("vbr absent existing", "ali_vbr", {"state": "absent", "physical_connection_id": PC, "vlan_id": 404}, True),
        ("vbr absent nothing", "ali_vbr", {"state": "absent", "physical_connection_id": PC, "vlan_id": 406}, False),
        ("ri nothing", "ali_router_interface",
         acceptor_args("vrt-emu0002", ids["opp-nothing"], "cm-ri-nothing"), True),
        ("ri complete", "ali_router_interface",
         acceptor_args("vrt-emu0002", ids["opp-complete"], "cm-ri-complete"), False),
        ("ri drifted", "ali_router_interface",
         acceptor_args("vrt-emu0002", ids["opp-drifted"], "cm-ri-drifted", description="Changed description"), True),
        ("ri absent existing", "ali_router_interface",
         {"state": "absent", "router_id": "vrt-emu0003", "opposite_router_id": ids["opp-absent"]}, True),
        ("ri absent nothing", "ali_router_interface",
         {"state": "absent", "router_id": "vrt-emu0003", "opposite_router_id": ids["opp-absent-nothing"]}, False),
        ("connection nothing", "ali_ri_connection",
         {"router_interface_id": ids["conn-nothing-init"], "opposite_interface_id": ids["conn-nothing-acc"]}, True),
        ("connection partial", "ali_ri_connection",
         {"router_interface_id": ids["conn-partial-init"], "opposite_interface_id": ids["conn-partial-acc"]}, True),
        ("connection complete", "ali_ri_connection",
         {"router_interface_id": ids["conn-complete-init"], "opposite_interface_id": ids["conn-complete-acc"]}, False),
        ("connection drifted", "ali_ri_connection",
         {"router_interface_id": ids["conn-drifted-init"], "opposite_interface_id": ids["conn-drifted-acc"]}, True),
        ("connection absent active", "ali_ri_connection",
         {"state": "absent", "router_interface_id": ids["conn-absent-init"],
          "opposite_interface_id": ids["conn-absent-acc"]}, True),
        ("connection absent inactive", "ali_ri_connection",
         {"state": "absent", "router_interface_id": ids["conn-absent-inactive-init"],
          "opposite_interface_id": ids["conn-absent-inactive-acc"]}, False),
        ("route nothing", "ali_route_entry", dict(route, destination_cidr_block="192.168.101.0/24"), True),
        ("route complete", "ali_route_entry", dict(route, destination_cidr_block="192.168.102.0/24"), False),
        ("route drifted next hop replaced", "ali_route_entry",
         dict(route, destination_cidr_block="192.168.103.0/24", replace=True), True),
        ("route absent existing", "ali_route_entry",
         dict(route, destination_cidr_block="192.168.104.0/24", state="absent"), True),
        ("route absent nothing", "ali_route_entry",
         dict(route, destination_cidr_block="192.168.105.0/24", state="absent"), False),
        ("route absent other next hop", "ali_route_entry",
         dict(route, destination_cidr_block="192.168.106.0/24", state="absent"), False),
        ("route by router id complete", "ali_route_entry",
         {"router_id": "vrt-emu0002", "router_type": "VRouter", "destination_cidr_block": "192.168.102.0/24",
          "next_hop_id": ids["ri-complete"]}, False),
        ("grant nothing", "ali_vbr_grant", grant_args("vpc-emu0001"), True),
        ("grant complete", "ali_vbr_grant", grant_args("vpc-emu0002"), False),
        ("grant absent existing", "ali_vbr_grant", grant_args("vpc-emu0004", state="absent"), True),
        ("grant absent nothing", "ali_vbr_grant", grant_args("vpc-emu0003", state="absent"), False),
        ("vbr info", "ali_vbr_info", {"physical_connection_id": PC}, False),
        ("physical connection info", "ali_physical_connection_info", {"physical_connection_ids": [PC]}, False),
        ("ri info", "ali_router_interface_info", {"router_id": "vrt-emu0004"}, False),
        ("route table info", "ali_route_table_info", {"router_id": "vrt-emu0002", "router_type": "VRouter"}, False),
    ]


def run_cases(runner, cases, check):
    tasks = []
    for case_id, module, args, _expected in cases:
        tasks += batch.module_tasks(case_id, module, args, check_mode=check)
    return runner.run_tasks(tasks)


@pytest.mark.slow
def test_each_module_check_mode_predicts_the_real_run(clean_emulator, tmp_path):
    emulator = clean_emulator
    ids = build_module_world(emulator)
    cases = module_cases(ids)
    runner = AnsibleRunner(tmp_path, emulator.env)

    start = lib.last_seq(emulator)
    check = run_cases(runner, cases, check=True)
    check_calls = lib.calls_since(emulator, start)
    assert not lib.mutating(check_calls), "check mode mutated: %s" % lib.describe_calls(lib.mutating(check_calls))

    start = lib.last_seq(emulator)
    real = run_cases(runner, cases, check=False)
    real_calls = batch.attribute_calls(real, lib.calls_since(emulator, start))

    problems = []
    for case_id, _module, _args, expected in cases:
        predicted_entry = batch.entry(check, "case %s" % case_id)
        real_entry = batch.entry(real, "case %s" % case_id)
        for label, entry in (("check", predicted_entry), ("real", real_entry)):
            if entry["status"] != "ok":
                problems.append("%s: %s run %s: %s" % (case_id, label, entry["status"],
                                                       str(entry["result"].get("msg"))[:600]))
        predicted = bool(predicted_entry["result"].get("changed"))
        reported = bool(real_entry["result"].get("changed"))
        mutations = lib.mutating(real_calls.get(case_id, []))
        if predicted != bool(mutations) or reported != bool(mutations):
            problems.append("%s: check mode said changed=%s, the real run said changed=%s and made %s"
                            % (case_id, predicted, reported, lib.describe_calls(mutations) or "no mutating call"))
        if predicted != expected:
            problems.append("%s: expected changed=%s from this starting state, check mode said %s"
                            % (case_id, expected, predicted))
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------------------------------------------------
# The role
# ------------------------------------------------------------------------------------------------------------

class RoleDriver:
    def __init__(self, emulator, tmp_path, vars_file=lib.EMULATOR_VARS):
        self.emulator = emulator
        self.runner = AnsibleRunner(tmp_path, emulator.env)
        self.vars_file = vars_file
        self.declared = lib.declared_interconnect(vars_file, fixtures=emulator.fixtures())
        self.base = lib.baseline(emulator.state())

    def run(self, state, check):
        start = lib.last_seq(self.emulator)
        args = lib.playbook_args(state, self.vars_file) + (["--check"] if check else [])
        run = self.runner.run_playbook(lib.PLAYBOOK, args=args)
        assert run.rc == 0, "%s%s failed: %s" % (state, " --check" if check else "", lib.failure_summary(run))
        calls = lib.calls_since(self.emulator, start)
        return bool(run.changed_tasks), lib.mutating(calls), run

    def check_then_apply(self, label, state, expected):
        predicted, check_mutations, check_run = self.run(state, check=True)
        assert not check_mutations, "%s: check mode mutated: %s" % (label, lib.describe_calls(check_mutations))
        reported, mutations, real_run = self.run(state, check=False)
        assert predicted == bool(mutations) == reported, (
            "%s: check mode said changed=%s (tasks %s); the real run said changed=%s (tasks %s) and made %s"
            % (label, predicted, check_run.changed_tasks, reported, real_run.changed_tasks,
               lib.describe_calls(mutations) or "no mutating call"))
        assert predicted == expected, "%s: expected changed=%s, got %s (changed tasks: %s)" % (
            label, expected, predicted, check_run.changed_tasks)
        # Exact step by step: every step the real run changes something with is in the preview, and no other.
        assert lib.changed_steps(check_run) == lib.changed_steps(real_run), (
            "%s: check mode previewed the steps %s; the real run changed %s"
            % (label, sorted(lib.changed_steps(check_run)), sorted(lib.changed_steps(real_run))))

    def assert_built(self):
        problems = lib.check_built(self.emulator.state(), self.base, self.declared)
        assert not problems, problems

    def assert_empty(self):
        left = lib.leftovers(self.emulator.state(), self.base)
        assert not left, left

    def find(self):
        state = self.emulator.state()
        created = lib.created_resources(state, self.base)
        vbr = created["vbrs"][0]
        init = next(r for r in created["ris"] if r["RouterId"] == vbr["VbrId"])
        acc = next(r for r in created["ris"] if r["RouterId"] == self.declared["vpc_router_id"])
        return vbr, init, acc


def with_latency(emulator, scale):
    emulator.configure(latency_scale=scale, latency_jitter=0.5 if scale else 0.0, seed=5)
    return emulator


@pytest.fixture(params=[pytest.param(0.0, marks=full_only("the instant world too")), 0.1],
    ids=["instant", "latency-0.1"])
def role(clean_emulator, tmp_path, request):
    """The role with time in the world (the default profile at scale 0.1, jittered): check mode then sees resources
    mid-transition (a route Deleting, an interface Deactivating); with RELIABILITY_FULL=1 also the instant world."""
    return RoleDriver(with_latency(clean_emulator, request.param), tmp_path)


@pytest.fixture(params=[0.1], ids=["latency-0.1"])
def bgp_role(clean_emulator, tmp_path, request):
    """The role with BGP and a static route to the data centre, with time in the world only (check mode also sees
    BGP objects Pending and Deleting); the instant world is the role cases' above, and the BGP ones each take a
    minute."""
    return RoleDriver(with_latency(clean_emulator, request.param), tmp_path, lib.EMULATOR_BGP_VARS)


def role_marker(declared):
    """The ownership tag the role sets with each create (Tags.1.*)."""
    return {"Tags.1.Key": "ansible-interconnect", "Tags.1.Value": declared["vars"]["interconnect_name"]}


def create_vbr_like_the_role(world, declared):
    """The VBR as the role makes it; returns its ID once it is listed (a new VBR is not, for a moment)."""
    variables = declared["vars"]
    vbr_id = world.api("CreateVirtualBorderRouter", PhysicalConnectionId=declared["physical_connection_id"],
                       VlanId=declared["vlan_id"], LocalGatewayIp=variables["interconnect_local_gateway_ip"],
                       PeerGatewayIp=variables["interconnect_peer_gateway_ip"],
                       PeeringSubnetMask=variables["interconnect_peering_subnet_mask"],
                       Name=variables["interconnect_name"], **role_marker(declared))["VbrId"]
    def listed_active():
        found = world.api("DescribeVirtualBorderRouters", Filter=[{"Key": "VbrId", "Value": [vbr_id]}])
        return [v["VbrId"] for v in found["VirtualBorderRouterSet"]["VirtualBorderRouterType"] if v["Status"] == "active"]
    listed = eventually(listed_active, [vbr_id])
    assert listed == [vbr_id], "VBR %s was never listed as active" % vbr_id
    return vbr_id


@pytest.mark.slow
@full_only("the BGP cases below go through the same states, with these drifts too")
def test_role_check_mode_exact_nothing_complete_drifted_teardown(role):
    """One interconnect through every starting state: nothing, complete, drifted, complete (teardown), nothing."""
    role.check_then_apply("build from nothing", "present", True)
    role.assert_built()
    role.check_then_apply("build when complete", "present", False)

    # Drift: a route removed on the VPC side and the VBR's interface deactivated behind Ansible's back.
    _vbr, init, _acc = role.find()
    world = World(role.emulator)
    world.api("DeleteRouteEntry", RouteTableId=role.declared["vpc_route_table_id"],
              DestinationCidrBlock=role.declared["vpc_routes"][0])
    world.api("DeactivateRouterInterface", RouterInterfaceId=init["RouterInterfaceId"])
    role.check_then_apply("build when drifted", "present", True)
    role.assert_built()

    role.check_then_apply("teardown when complete", "absent", True)
    role.assert_empty()
    role.check_then_apply("teardown when nothing", "absent", False)


@pytest.mark.slow
def test_role_check_mode_exact_partial_builds(role):
    """Builds interrupted part-way: torn down (VBR + acceptor left), and resumed (VBR + initiator left)."""
    declared, variables = role.declared, role.declared["vars"]
    world = World(role.emulator)
    vbr_id = create_vbr_like_the_role(world, declared)
    world.acceptor("acc", declared["vpc_router_id"], vbr_id, name=variables["interconnect_name"] + "-acceptor",
                   **role_marker(declared))
    role.check_then_apply("teardown when partial", "absent", True)
    role.assert_empty()

    vbr_id = create_vbr_like_the_role(world, declared)
    world.api("CreateRouterInterface", RouterType="VBR", RouterId=vbr_id, Role="InitiatingSide",
              Spec=variables.get("interconnect_spec", "Large.2"), OppositeRegionId=REGION,
              OppositeRouterType="VRouter", OppositeRouterId=declared["vpc_router_id"], AccessPointId=ACCESS_POINT,
              Name=variables["interconnect_name"] + "-initiator", **role_marker(declared))
    role.check_then_apply("build when partial", "present", True)
    role.assert_built()


# ------------------------------------------------------------------------------------------------------------
# The role with BGP and a static route to the data centre
# ------------------------------------------------------------------------------------------------------------

def described_vbr(world, vbr_id):
    found = world.api("DescribeVirtualBorderRouters", Filter=[{"Key": "VbrId", "Value": [vbr_id]}])
    (vbr,) = found["VirtualBorderRouterSet"]["VirtualBorderRouterType"]
    return vbr


def data_centre_side_like_the_role(world, declared, vbr_id):
    """The VBR's route to its circuit, its BGP group and the advertised networks (no peer yet), as the role makes
    them."""
    bgp, vbr = declared["bgp"], described_vbr(world, vbr_id)
    for cidr in declared["idc_routes"]:
        world.route(vbr["RouteTableId"], cidr, vbr["VlanInterfaceId"])
    world.api("CreateBgpGroup", RouterId=vbr_id, Name=bgp["name"], PeerAsn=bgp["peer_asn"], LocalAsn=bgp["local_asn"],
              AuthKey=bgp["auth_key"], ClientToken="setup-group-" + vbr_id)
    for cidr in bgp["advertised_networks"]:
        world.api("AddBgpNetwork", RouterId=vbr_id, DstCidrBlock=cidr, ClientToken="setup-network-" + vbr_id + cidr)


@pytest.mark.slow
def test_role_with_bgp_check_mode_exact_nothing_complete_teardown(bgp_role):
    """Nothing, complete, complete (teardown), nothing."""
    role = bgp_role
    role.check_then_apply("build from nothing", "present", True)
    role.assert_built()
    role.check_then_apply("build when complete", "present", False)
    role.check_then_apply("teardown when complete", "absent", True)
    role.assert_empty()
    role.check_then_apply("teardown when nothing", "absent", False)


@pytest.mark.slow
def test_role_with_bgp_check_mode_exact_drifted(bgp_role):
    """Built, then changed by hand on both sides: the BGP peer, the route to the circuit and a VPC route deleted,
    the VBR's interface deactivated."""
    role = bgp_role
    _changed, _mutations, build = role.run("present", check=False)
    assert build.changed_tasks
    role.assert_built()
    vbr, init, _acc = role.find()
    (peer,) = lib.created_resources(role.emulator.state(), role.base)["bgp_peers"]
    world = World(role.emulator)
    world.api("DeleteBgpPeer", BgpPeerId=peer["BgpPeerId"])
    world.api("DeleteRouteEntry", RouteTableId=vbr["RouteTableId"], DestinationCidrBlock=role.declared["idc_routes"][0],
              NextHopId=vbr["VlanInterfaceId"])
    world.api("DeleteRouteEntry", RouteTableId=role.declared["vpc_route_table_id"],
              DestinationCidrBlock=role.declared["vpc_routes"][0])
    world.api("DeactivateRouterInterface", RouterInterfaceId=init["RouterInterfaceId"])
    role.check_then_apply("build when drifted", "present", True)
    role.assert_built()
    (rebuilt,) = lib.created_resources(role.emulator.state(), role.base)["bgp_peers"]
    assert rebuilt["BgpPeerId"] != peer["BgpPeerId"]


@pytest.mark.slow
def test_role_with_bgp_check_mode_exact_partial_build(bgp_role):
    """A build interrupted part-way and resumed: the VBR with its route to the circuit, its group and networks (no
    peer yet), and the initiator."""
    role = bgp_role
    declared, variables = role.declared, role.declared["vars"]
    world = World(role.emulator)
    vbr_id = create_vbr_like_the_role(world, declared)
    data_centre_side_like_the_role(world, declared, vbr_id)
    world.api("CreateRouterInterface", RouterType="VBR", RouterId=vbr_id, Role="InitiatingSide",
              Spec=variables.get("interconnect_spec", "Large.2"), OppositeRegionId=REGION,
              OppositeRouterType="VRouter", OppositeRouterId=declared["vpc_router_id"], AccessPointId=ACCESS_POINT,
              Name=variables["interconnect_name"] + "-initiator", **role_marker(declared))
    role.check_then_apply("build when partial", "present", True)
    role.assert_built()

"""SIGKILL ansible-playbook in the middle of the build and of the teardown, then run the same state again.

The kill is timed on the emulator's call log: the whole process group of ansible-playbook (and any detached
async job of it) is killed as soon as the k-th mutating call of a given action is logged, with a small latency
scale so that the step is still waiting for the cloud when it dies. Every re-run must converge, no logical
create may have made two resources, and nothing may be left after the final teardown.

The default test runs a *chain*: the build is killed at one step, the re-run is killed at a later step, and so
on, before a last re-run completes (same for the teardown). So each kill point is followed by a re-run that
must get past it. With RELIABILITY_FULL=1, every kill point is also run as its own case (kill, re-run, check).
The chain runs over the fullest topology (lib.LANDING_ZONE_VARS: two lines, BGP on one, into the second account's
VPC in another region, with the VPC owner's grant), killed at both lines' steps, the grant, the VPC side's creates and
deletes (by the second account) and around the grant's revoke; and with the data-centre side of one line (BGP and a
static route to the circuit), killed there at the BGP steps. RELIABILITY_FULL=1 adds the chain over the VPC side
alone of one line. Every check reads every account and region, the grants included.
"""

import time
import uuid

import pytest

import reliability_lib as lib
from support.playbook import AnsibleRunner
from support.long_runs import FULL, full_only

LATENCY_SCALE = 0.2

BUILD_POINTS = [
    ("CreateVirtualBorderRouter", 1),
    ("CreateRouterInterface", 2),     # the acceptor, right after its create
    ("ConnectRouterInterface", 1),    # both ends Connecting
    ("CreateRouteEntry", 1),          # first route Pending
]
TEARDOWN_POINTS = [                   # in the teardown's order: the deactivation starts first
    ("DeactivateRouterInterface", 1),  # one end Deactivating, the other still Active
    ("DeleteRouteEntry", 1),          # first route Deleting
    ("DeleteRouterInterface", 1),     # one interface Deleting
    ("DeleteVirtualBorderRouter", 1),  # the VBR deleting
]
# With BGP (lib.EMULATOR_BGP_VARS), at the BGP steps; the ones above are the same as without it.
BGP_BUILD_POINTS = [
    ("CreateBgpGroup", 1),            # the group Pending, the networks not yet advertised
    ("AddBgpNetwork", 1),             # the network Pending, no interface yet
    ("CreateBgpPeer", 1),             # the peer Pending, the interfaces created but not connected
]
BGP_TEARDOWN_POINTS = [
    ("DeleteBgpNetwork", 1),          # the network Deleting, the peer and the group still there
    ("DeleteBgpPeer", 1),             # the peer Deleting, so its group cannot go yet
    ("DeleteBgpGroup", 1),            # the group Deleting, so the VBR cannot go yet
]
# The landing zone (lib.LANDING_ZONE_VARS). A re-run counts its own calls: what an earlier run made is not made again.
LANDING_ZONE_BUILD_POINTS = [
    ("CreateVirtualBorderRouter", 2),  # the second line's VBR, the first one's already there
    ("GrantInstanceToVbr", 1),        # the VPC owner's grant of both VBRs, no interface yet
    ("CreateRouterInterface", 3),     # both initiators made, the first line's acceptor (by the VPC's owner) just now
    ("ConnectRouterInterface", 2),    # the second line's acceptor made, both lines connecting
    ("CreateRouteEntry", 3),          # both VBRs' routes to the VPC, the VPC's ECMP entry (by its owner) Pending
]
LANDING_ZONE_TEARDOWN_POINTS = [      # every step over both lines at once
    ("DeactivateRouterInterface", 1),  # the first line's pair deactivating, the second's still Active
    ("DeleteRouteEntry", 2),          # two of the VBRs' three routes deleting, the VPC's ECMP entry not yet
    ("DeleteRouterInterface", 3),     # both initiators deleting, the first line's acceptor (by the VPC's owner) too
    ("RevokeInstanceFromVbr", 1),     # both VBRs' grants revoked (one call), neither VBR deleted yet
    ("DeleteVirtualBorderRouter", 1),  # the first VBR deleting, the second not yet
    ("DeleteVirtualBorderRouter", 1),  # the second VBR deleting (the re-run counts its own calls)
]
# make test kills the landing zone at some of those points (the grant, the VPC owner's acceptor and ECMP entry; the
# routes' and the interfaces' deletes and the revoke); RELIABILITY_FULL=1 at all of them.
LANDING_ZONE_MAKE_TEST_POINTS = (
    [("GrantInstanceToVbr", 1), ("CreateRouterInterface", 3), ("CreateRouteEntry", 3)],
    [("DeleteRouteEntry", 2), ("DeleteRouterInterface", 3), ("RevokeInstanceFromVbr", 1)])
EXTRA_BUILD_POINTS = [("CreateRouterInterface", 1), ("ModifyRouterInterfaceAttribute", 1), ("CreateRouteEntry", 2)]
EXTRA_TEARDOWN_POINTS = [("DeactivateRouterInterface", 2), ("DeleteRouterInterface", 2), ("DeleteRouteEntry", 2)]


class Interrupter:
    def __init__(self, emulator, tmp_path, vars_file=lib.EMULATOR_VARS):
        self.emulator = emulator
        self.tmp_path = tmp_path
        self.runner = AnsibleRunner(tmp_path, emulator.env)
        self.vars_file = vars_file
        self.log = []

    def kill_at(self, state, point, timeout=300):
        """Start the playbook, SIGKILL its process group once `point` = (action, n) is logged in this run."""
        action, count = point
        start = lib.last_seq(self.emulator)
        playbook = lib.KillablePlaybook(self.runner, self.tmp_path, lib.playbook_args(state, self.vars_file),
                                        "%s-%s-%s" % (state, action, uuid.uuid4().hex[:8]))
        deadline = time.monotonic() + timeout
        reached = False
        while time.monotonic() < deadline:
            calls = [c for c in self.emulator.calls() if c["seq"] > start and c["action"] == action]
            if len(calls) >= count:
                reached = True
                break
            if playbook.process.poll() is not None:
                break
            time.sleep(0.02)
        still_running = playbook.process.poll() is None
        playbook.kill()
        self.log.append("%s killed at %s #%d (rc %s)" % (state, action, count, playbook.process.returncode))
        assert reached and still_running, (
            "%s: the playbook %s before %s #%d was logged, so it could not be killed there\n%s"
            % (state, "ended (rc %s)" % playbook.process.returncode if not still_running else "timed out", action,
               count, playbook.output[-4000:]))
        return playbook

    def run(self, state):
        run = self.runner.run_playbook(lib.PLAYBOOK, args=lib.playbook_args(state, self.vars_file))
        self.log.append("%s re-run: rc %s" % (state, run.rc))
        assert run.rc == 0, "%s re-run failed after %s: %s" % (state, self.log, lib.failure_summary(run))
        return run

    def leftovers(self, base, timeout=10):
        """Resources left beyond the baseline in any account and region, grants included; waits a little for ones
        still in a deleting transition."""
        deadline = time.monotonic() + timeout
        while True:
            left = lib.leftovers(lib.world_state(self.emulator), base)
            if not left or time.monotonic() > deadline:
                return left
            time.sleep(0.2)


@pytest.fixture
def interrupter(clean_emulator, tmp_path):
    clean_emulator.configure(latency_scale=LATENCY_SCALE)
    yield Interrupter(clean_emulator, tmp_path)
    clean_emulator.configure(latency_scale=0.0)


def assert_built(interrupter, base, epoch_start):
    emulator = interrupter.emulator
    declared = lib.declared_interconnect(interrupter.vars_file, fixtures=emulator.fixtures())
    problems = lib.check_built(lib.world_state(emulator), base, declared)
    assert not problems, "after %s: %s" % (interrupter.log, problems)
    creates = lib.analyse_creates(lib.calls_since(emulator, epoch_start))
    assert not creates["duplicates"], "after %s: duplicates %s" % (interrupter.log, creates["duplicates"])
    # Per line one VBR, two interfaces, its routes (with BGP: and the group, the peer, one network per advertised
    # CIDR), and the VPC's routes once: each made once, whatever the kills.
    assert creates["resources"] == creates["logical"] == lib.logical_creates(declared), creates


@pytest.mark.slow
@pytest.mark.parametrize("vars_file, build_points, teardown_points", [
    pytest.param(lib.EMULATOR_VARS, BUILD_POINTS, TEARDOWN_POINTS,
                 marks=full_only("the same kinds of kill point as landing-zone, over one line")),
    (lib.EMULATOR_BGP_VARS, BGP_BUILD_POINTS, BGP_TEARDOWN_POINTS),
    (lib.LANDING_ZONE_VARS,) + ((LANDING_ZONE_BUILD_POINTS, LANDING_ZONE_TEARDOWN_POINTS) if FULL
                                else LANDING_ZONE_MAKE_TEST_POINTS),
], ids=["vpc-side", "with-bgp", "landing-zone"])
def test_kill_chain_build_then_teardown_converges(interrupter, vars_file, build_points, teardown_points):
    interrupter.vars_file = vars_file
    emulator = interrupter.emulator
    base = lib.baseline(lib.world_state(emulator))

    epoch_start = lib.last_seq(emulator)
    for point in build_points:
        interrupter.kill_at("present", point)
    interrupter.run("present")
    assert_built(interrupter, base, epoch_start)

    for point in teardown_points:
        interrupter.kill_at("absent", point)
    interrupter.run("absent")
    left = interrupter.leftovers(base)
    assert not left, "after %s: left behind %s" % (interrupter.log, left)


@pytest.mark.slow
@full_only("one case per kill point")
@pytest.mark.parametrize("point", BUILD_POINTS + EXTRA_BUILD_POINTS, ids=lambda p: "%s-%d" % p)
def test_kill_during_build_then_rerun(interrupter, point):
    emulator = interrupter.emulator
    base = lib.baseline(lib.world_state(emulator))
    epoch_start = lib.last_seq(emulator)
    interrupter.kill_at("present", point)
    interrupter.run("present")
    assert_built(interrupter, base, epoch_start)
    interrupter.run("absent")
    assert not interrupter.leftovers(base)


@pytest.mark.slow
@full_only("one case per kill point")
@pytest.mark.parametrize("point", TEARDOWN_POINTS + EXTRA_TEARDOWN_POINTS, ids=lambda p: "%s-%d" % p)
def test_kill_during_teardown_then_rerun(interrupter, point):
    emulator = interrupter.emulator
    base = lib.baseline(lib.world_state(emulator))
    interrupter.run("present")
    interrupter.kill_at("absent", point)
    interrupter.run("absent")
    left = interrupter.leftovers(base)
    assert not left, "after %s: left behind %s" % (interrupter.log, left)

"""ali_ri_connection with another run working on the same pair (two runs at once), without an API: a fake cloud with
the emulator's rules for Modify/Connect/Deactivate, a fake clock, and a hook that lets "the other run" act just
before one of this run's calls. The module must follow the pair where the other run took it, never wait for a
status the pair has left, and say changed only for its own accepted calls."""

import pytest

from ansible_collections.aliyun.express_connect.plugins.module_utils.client import AlicloudApiError
from ansible_collections.aliyun.express_connect.plugins.module_utils.waiter import wait_for
from ansible_collections.aliyun.express_connect.plugins.modules import ali_ri_connection as mod

INIT, ACC, VBR, VRT = "ri-init", "ri-acc", "vbr-1", "vrt-1"
CONNECT_SECONDS, MODIFY_SECONDS, DEACTIVATE_SECONDS = 10.0, 1.0, 5.0


class FakeCloud:
    """Two router interfaces whose transitions end on the fake clock; before(action) lets the other run act first."""

    region = "cn-hangzhou"

    def __init__(self, clock, paired=True):
        self.clock = clock
        self.ris = {
            INIT: {"RouterInterfaceId": INIT, "Role": "InitiatingSide", "RouterId": VBR, "RouterType": "VBR",
                   "Status": "Idle", "OppositeInterfaceId": ACC if paired else "",
                   "OppositeRouterId": VRT if paired else "", "OppositeRouterType": "VRouter" if paired else ""},
            ACC: {"RouterInterfaceId": ACC, "Role": "AcceptingSide", "RouterId": VRT, "RouterType": "VRouter",
                  "Status": "Idle", "OppositeInterfaceId": INIT, "OppositeRouterId": VBR, "OppositeRouterType": "VBR"},
        }
        self.pending = []  # (at, ri_id, status, fields)
        self.calls = []  # this run's mutating calls: (action, accepted)
        self.hooks = {}

    # -- time ------------------------------------------------------------------------------------------------
    def settle(self):
        for entry in sorted(self.pending, key=lambda e: e[0]):
            at, ri_id, status, fields = entry
            if at <= self.clock.now:
                self.ris[ri_id].update(fields, Status=status)
                self.pending.remove(entry)

    def start(self, ri_id, transient, seconds, final, **fields):
        self.ris[ri_id]["Status"] = transient
        self.pending.append((self.clock.now + seconds, ri_id, final, fields))

    # -- the API ---------------------------------------------------------------------------------------------
    def act(self, action, params):
        """The emulator's rules, for this run and for the other one."""
        self.settle()
        ri = self.ris[params["RouterInterfaceId"]]
        if action == "ModifyRouterInterfaceAttribute":
            if ri["Status"] != "Idle":
                raise AlicloudApiError(action, "IncorrectStatus", "only when it's status is Idle")
            fields = dict((k, v) for k, v in params.items() if k != "RouterInterfaceId")
            self.start(ri["RouterInterfaceId"], "Modifying", MODIFY_SECONDS, "Idle", **fields)
        elif action == "ConnectRouterInterface":
            if ri["Status"] != "Idle" or self.ris[ACC]["Status"] != "Idle":
                raise AlicloudApiError(action, "IncorrectStatus", "only when it's status is Idle")
            self.start(INIT, "Connecting", CONNECT_SECONDS, "Active")
            self.start(ACC, "AcceptingConnecting", CONNECT_SECONDS, "Active")
        elif action == "DeactivateRouterInterface":
            if ri["Status"] != "Active":
                raise AlicloudApiError(action, "IncorrectStatus", "only when it's status is Active")
            self.start(ri["RouterInterfaceId"], "Deactivating", DEACTIVATE_SECONDS, "Inactive")
        elif action == "ActivateRouterInterface":
            if ri["Status"] != "Inactive":
                raise AlicloudApiError(action, "IncorrectStatus", "only when it's status is Inactive")
            self.start(ri["RouterInterfaceId"], "Activating", DEACTIVATE_SECONDS, "Active")
        return {"RequestId": "r"}

    def call(self, action, params=None, **options):
        hook = self.hooks.pop(action, None)
        if hook:
            hook(self)
        try:
            result = self.act(action, params)
        except AlicloudApiError:
            self.calls.append((action, False))
            raise
        self.calls.append((action, True))
        return result

    def paginate(self, action, params, items_path):
        self.settle()
        if action == "DescribeVirtualBorderRouters":
            return [{"VbrId": VBR, "Status": "active"}]
        filters = dict((f["Key"], f["Value"]) for f in params.get("Filter", []))
        return [dict(ri) for ri in self.ris.values()
                if all(ri.get(key) in values for key, values in filters.items())]


class FakeModule:
    def __init__(self, cloud, clock, state="present"):
        self.client = cloud
        self.clock = clock
        self.check_mode = False
        self.params = dict(router_interface_id=INIT, opposite_interface_id=ACC, state=state, wait=True,
                           wait_timeout=120)

    def wait(self, fetch, what, statuses=None, gone=False):
        return wait_for(fetch, what, statuses=statuses, gone=gone, timeout=self.params["wait_timeout"],
                        clock=self.clock.clock, sleep=self.clock.sleep)


def run(cloud, clock, state="present"):
    """What main() does without AnsibleModule: load, preflight, settle, converge, wait_final."""
    module = FakeModule(cloud, clock, state)
    initiator, acceptor = mod.load(module)
    mod.preflight(module, initiator, acceptor, state)
    initiator, acceptor = mod.settle(module, initiator, acceptor)
    changed, before, steps = mod.converge(module, state, initiator, acceptor, clock=clock.clock, sleep=clock.sleep,
                                          rand=lambda: 0.5)
    after = mod.wait_final(module, before, state) if steps else before
    return changed, [item["Status"] for item in after]


def other_run(*actions):
    """The other run's calls, made just before this run's call of the hooked action."""
    def hook(cloud):
        for action, ri_id in actions:
            cloud.act(action, {"RouterInterfaceId": ri_id})
    return hook


@pytest.fixture
def cloud(fake_clock):
    return FakeCloud(fake_clock)


def test_a_pair_already_connected_is_left_alone(cloud, fake_clock):
    cloud.ris[INIT]["Status"] = cloud.ris[ACC]["Status"] = "Active"
    assert run(cloud, fake_clock) == (False, ["Active", "Active"])
    assert cloud.calls == []


def test_a_pair_being_connected_is_waited_for_not_connected_again(cloud, fake_clock):
    cloud.act("ConnectRouterInterface", {"RouterInterfaceId": INIT})
    assert run(cloud, fake_clock) == (False, ["Active", "Active"])
    assert cloud.calls == []


def test_the_other_run_connects_first_so_this_connect_is_refused_and_the_pair_followed(cloud, fake_clock):
    cloud.hooks["ConnectRouterInterface"] = other_run(("ConnectRouterInterface", INIT))
    started = fake_clock.now
    assert run(cloud, fake_clock) == (False, ["Active", "Active"])
    assert cloud.calls == [("ConnectRouterInterface", False)]
    # Followed to Active: the connect's own duration and the polls' lateness, never the 120 s wait_timeout.
    assert fake_clock.now - started < CONNECT_SECONDS * 1.5


def test_the_other_run_connects_while_this_one_waits_for_its_pairing(fake_clock):
    cloud = FakeCloud(fake_clock, paired=False)

    def other_connects_once_paired(cloud):
        # Right after this run's modify is applied, the other run connects (its connect needs Idle and paired).
        cloud.settle()
        cloud.pending.append((fake_clock.now + MODIFY_SECONDS + 0.01, INIT, "Connecting", {}))
        cloud.pending.append((fake_clock.now + MODIFY_SECONDS + 0.01, ACC, "AcceptingConnecting", {}))
        cloud.pending.append((fake_clock.now + MODIFY_SECONDS + CONNECT_SECONDS, INIT, "Active", {}))
        cloud.pending.append((fake_clock.now + MODIFY_SECONDS + CONNECT_SECONDS, ACC, "Active", {}))
    cloud.hooks["ModifyRouterInterfaceAttribute"] = other_connects_once_paired
    started = fake_clock.now
    changed, statuses = run(cloud, fake_clock)
    assert (changed, statuses) == (True, ["Active", "Active"])  # its own modify was accepted
    assert cloud.calls == [("ModifyRouterInterfaceAttribute", True)]
    assert fake_clock.now - started < (MODIFY_SECONDS + CONNECT_SECONDS) * 1.5


def test_the_other_runs_modify_in_progress_then_its_connect(fake_clock):
    cloud = FakeCloud(fake_clock, paired=False)
    pairing = {"RouterInterfaceId": INIT, "OppositeInterfaceId": ACC, "OppositeRouterId": VRT,
               "OppositeRouterType": "VRouter"}

    def other_modifies(cloud):
        cloud.act("ModifyRouterInterfaceAttribute", pairing)
        # ...and connects as soon as its modify is applied, before this run's next look.
        cloud.hooks["ConnectRouterInterface"] = other_run(("ConnectRouterInterface", INIT))
    cloud.hooks["ModifyRouterInterfaceAttribute"] = other_modifies
    assert run(cloud, fake_clock) == (False, ["Active", "Active"])
    assert cloud.calls == [("ModifyRouterInterfaceAttribute", False), ("ConnectRouterInterface", False)]


def test_absent_follows_the_other_runs_deactivation(cloud, fake_clock):
    cloud.ris[INIT]["Status"] = cloud.ris[ACC]["Status"] = "Active"
    cloud.hooks["DeactivateRouterInterface"] = other_run(("DeactivateRouterInterface", INIT),
                                                         ("DeactivateRouterInterface", ACC))
    assert run(cloud, fake_clock, state="absent") == (False, ["Inactive", "Inactive"])
    assert cloud.calls == [("DeactivateRouterInterface", False)]


def test_a_refusal_that_does_not_end_fails_after_wait_timeout(cloud, fake_clock):
    def refuse(action, params):
        raise AlicloudApiError(action, "IncorrectStatus", "busy")
    cloud.act = refuse
    started = fake_clock.now
    with pytest.raises(AlicloudApiError):
        run(cloud, fake_clock)
    assert 100 <= fake_clock.now - started <= 120

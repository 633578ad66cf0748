"""ali_route_entry's plan and waves, without an API: what each item plans, the order of the mutating steps across
tables, and the shared wait that re-reads only the entries not yet at their target (fake clock, fake lookups)."""

import pytest

from ansible_collections.aliyun.express_connect.plugins.modules import ali_route_entry as mod
from ansible_collections.aliyun.express_connect.plugins.module_utils.errors import AlicloudError
from ansible_collections.aliyun.express_connect.plugins.module_utils.waiter import WaitTimeout, wait_for


class FakeModule:
    """What the plan and apply code uses of AlicloudModule: params, check_mode, warn and wait (no fail_json: the
    module's code raises AlicloudError, AlicloudModule.run fails with it)."""

    def __init__(self, clock=None, check_mode=False, **params):
        self.params = dict(state="present", replace=False, wait=True, wait_timeout=600)
        self.params.update(params)
        self.check_mode = check_mode
        self.clock = clock
        self.warnings = []

    def warn(self, msg):
        self.warnings.append(msg)

    def wait(self, fetch, what, statuses=None, gone=False):
        return wait_for(fetch, what, statuses=statuses, gone=gone, timeout=self.params["wait_timeout"],
                        clock=self.clock.clock, sleep=self.clock.sleep)


def entry(table_id, cidr, hop, route_entry_id, status="Available", type_="Custom"):
    return {"RouteEntryId": route_entry_id, "RouteTableId": table_id, "DestinationCidrBlock": cidr, "Status": status,
            "Type": type_, "NextHops": {"NextHop": [{"NextHopType": "RouterInterface", "NextHopId": hop}]}}


def item(table_id, cidr, hop="ri-1", index=0):
    spec = {"next_hop_type": "RouterInterface", "next_hop_id": hop, "name": None, "description": None}
    return mod.Item(spec, cidr, table_id=table_id, label="routes[%d]: " % index)


@pytest.fixture
def recorder(monkeypatch):
    """create, delete and wait_together replaced by recorders; a wait finishes each waiting item's wait step."""
    log = []

    def create(module, it):
        log.append(("create", it.cidr))
        it.current_id = "rte-" + it.cidr

    def delete(module, it, old):
        log.append(("delete", it.cidr))

    def wait_together(module, items):
        log.append(("wait", [(it.cidr, type(it.steps.pop(0)).__name__) for it in items]))

    monkeypatch.setattr(mod, "create", create)
    monkeypatch.setattr(mod, "delete", delete)
    monkeypatch.setattr(mod, "wait_together", wait_together)
    return log


def planned(module, it, before=None):
    it.before = before
    it.current_id = (before or {}).get("RouteEntryId")
    it.changed = (mod.plan_present if module.params["state"] == "present" else mod.plan_absent)(module, it)
    return it


def test_tables_side_by_side_and_one_table_in_sequence(recorder):
    module = FakeModule()
    items = [planned(module, item("vtb-a", "10.1.0.0/16")), planned(module, item("vtb-a", "10.2.0.0/16")),
             planned(module, item("vtb-b", "10.3.0.0/16")), planned(module, item("vtb-a", "10.4.0.0/16"))]
    mod.apply(module, items)
    assert recorder == [
        ("create", "10.1.0.0/16"), ("create", "10.3.0.0/16"),
        ("wait", [("10.1.0.0/16", "WaitAvailable"), ("10.3.0.0/16", "WaitAvailable")]),
        ("create", "10.2.0.0/16"), ("wait", [("10.2.0.0/16", "WaitAvailable")]),
        ("create", "10.4.0.0/16"), ("wait", [("10.4.0.0/16", "WaitAvailable")]),
    ]


def test_wait_false_starts_in_wave_order_and_never_waits(recorder):
    module = FakeModule(wait=False)
    items = [planned(module, item("vtb-a", "10.1.0.0/16")), planned(module, item("vtb-a", "10.2.0.0/16")),
             planned(module, item("vtb-b", "10.3.0.0/16"))]
    mod.apply(module, items)
    # The other table's create does not queue behind the busy table's second one.
    assert recorder == [("create", "10.1.0.0/16"), ("create", "10.3.0.0/16"), ("create", "10.2.0.0/16")]


def test_a_replace_and_a_create_share_their_waits(recorder):
    module = FakeModule(replace=True)
    old = entry("vtb-a", "10.1.0.0/16", "ri-old", "rte-old", status="Pending")
    items = [planned(module, item("vtb-a", "10.1.0.0/16", hop="ri-new"), before=old),
             planned(module, item("vtb-b", "10.3.0.0/16"))]
    assert [it.changed for it in items] == [True, True]
    mod.apply(module, items)
    assert recorder == [
        ("create", "10.3.0.0/16"),  # the Pending old entry is waited for before it can be deleted
        ("wait", [("10.1.0.0/16", "WaitAvailable"), ("10.3.0.0/16", "WaitAvailable")]),
        ("delete", "10.1.0.0/16"), ("wait", [("10.1.0.0/16", "WaitGone")]),
        ("create", "10.1.0.0/16"), ("wait", [("10.1.0.0/16", "WaitAvailable")]),
    ]


def test_no_change_items_make_no_step(recorder):
    module = FakeModule()
    same = entry("vtb-a", "10.1.0.0/16", "ri-1", "rte-1")
    items = [planned(module, item("vtb-a", "10.1.0.0/16"), before=same), planned(module, item("vtb-a", "10.2.0.0/16"))]
    mod.apply(module, items)
    assert [it.changed for it in items] == [False, True]
    assert recorder == [("create", "10.2.0.0/16"), ("wait", [("10.2.0.0/16", "WaitAvailable")])]


def test_check_mode_plans_no_step_and_predicts(recorder):
    module = FakeModule(check_mode=True, state="absent")
    there = entry("vtb-a", "10.1.0.0/16", "ri-1", "rte-1")
    elsewhere = entry("vtb-b", "10.2.0.0/16", "ri-other", "rte-2")
    items = [planned(module, item("vtb-a", "10.1.0.0/16"), before=there),
             planned(module, item("vtb-b", "10.2.0.0/16", index=1), before=elsewhere),
             planned(module, item("vtb-b", "10.3.0.0/16", index=2))]
    mod.apply(module, items)
    assert recorder == [] and [it.changed for it in items] == [True, False, False]
    assert [it.result()[0] for it in items] == ["rte-1", "rte-2", None]
    assert module.warnings == ["routes[1]: Route entry rte-2 for 10.2.0.0/16 in vtb-b points to RouterInterface "
                               "ri-other, not to ri-1; left alone"]


@pytest.mark.parametrize("state, before, message", [
    ("present", entry("vtb-a", "10.1.0.0/16", "ri-other", "rte-1"),
     "routes[3]: destination_cidr_block 10.1.0.0/16 in route table vtb-a already routes to RouterInterface ri-other"),
    ("absent", entry("vtb-a", "10.1.0.0/16", "ri-1", "rte-1", type_="System"),
     "routes[3]: destination_cidr_block 10.1.0.0/16 in route table vtb-a is a system route; it cannot be deleted"),
])
def test_a_bad_item_fails_in_the_plan(recorder, state, before, message):
    module = FakeModule(state=state)
    with pytest.raises(AlicloudError) as failed:
        planned(module, item("vtb-a", "10.1.0.0/16", index=3), before=before)
    assert str(failed.value).startswith(message)


class Lookups:
    """find() answers from a per-entry timeline [(from_time, status or None)] on the fake clock; counts reads."""

    def __init__(self, clock, timelines):
        self.clock = clock
        self.start = clock.now
        self.timelines = timelines
        self.reads = []

    def find(self, module, table_id, cidr, route_entry_id=None, include_deleting=True):
        self.reads.append((round(self.clock.now - self.start, 2), route_entry_id))
        timeline = self.timelines[route_entry_id]
        status = [s for t, s in timeline if self.clock.now - self.start >= t][-1]
        if status is None or (status == "Deleting" and not include_deleting):
            return None
        return entry(table_id, cidr, "ri-1", route_entry_id, status=status)


def waiting_item(table_id, cidr, route_entry_id, step):
    it = item(table_id, cidr)
    it.current_id = route_entry_id
    it.steps = [step]
    return it


def test_one_wait_reads_only_the_entries_still_on_their_way(monkeypatch, fake_clock):
    lookups = Lookups(fake_clock, {"rte-a": [(0, "Pending"), (1.0, "Available")],
                                   "rte-b": [(0, "Deleting"), (0.2, None)],
                                   "rte-c": [(0, "Pending"), (2.0, "Available")]})
    monkeypatch.setattr(mod, "find", lookups.find)
    module = FakeModule(clock=fake_clock)
    old_b = entry("vtb-b", "10.2.0.0/16", "ri-1", "rte-b", status="Deleting")
    items = [waiting_item("vtb-a", "10.1.0.0/16", "rte-a", mod.WaitAvailable()),
             waiting_item("vtb-b", "10.2.0.0/16", "rte-b", mod.WaitGone(old_b)),
             waiting_item("vtb-c", "10.3.0.0/16", "rte-c", mod.WaitAvailable())]
    mod.wait_together(module, items)
    per_poll = {}
    for at, route_entry_id in lookups.reads:
        per_poll.setdefault(at, []).append(route_entry_id)
    polls = [per_poll[at] for at in sorted(per_poll)]
    assert polls[0] == ["rte-a", "rte-b", "rte-c"]  # the first poll reads each entry once
    assert all(len(set(ids)) == len(ids) for ids in polls)
    assert "rte-b" not in sum(polls[1:], [])  # gone at the first poll: never read again
    assert polls[-1] == ["rte-c"]  # rte-a was seen Available before rte-c
    assert [it.steps for it in items] == [[], [], []]
    assert items[0].after["Status"] == "Available" and items[1].after is None and items[2].after["Status"] == "Available"


def test_one_wait_times_out_naming_what_is_left(monkeypatch, fake_clock):
    lookups = Lookups(fake_clock, {"rte-a": [(0, "Pending")], "rte-c": [(0, "Pending"), (0.5, "Available")]})
    monkeypatch.setattr(mod, "find", lookups.find)
    module = FakeModule(clock=fake_clock, wait_timeout=5)
    items = [waiting_item("vtb-a", "10.1.0.0/16", "rte-a", mod.WaitAvailable()),
             waiting_item("vtb-c", "10.3.0.0/16", "rte-c", mod.WaitAvailable())]
    with pytest.raises(WaitTimeout) as timeout:
        mod.wait_together(module, items)
    assert str(timeout.value) == ("Timeout waiting for route entries rte-a (10.1.0.0/16 in vtb-a) Available, rte-c "
                                  "(10.3.0.0/16 in vtb-c) Available to become Available (last seen rte-a Pending)")


def test_one_item_waits_as_the_single_entry_form(monkeypatch, fake_clock):
    lookups = Lookups(fake_clock, {"rte-a": [(0, "Pending")]})
    monkeypatch.setattr(mod, "find", lookups.find)
    module = FakeModule(clock=fake_clock, wait_timeout=2)
    with pytest.raises(WaitTimeout) as timeout:
        mod.wait_together(module, [waiting_item("vtb-a", "10.1.0.0/16", "rte-a", mod.WaitAvailable())])
    assert str(timeout.value) == ("Timeout waiting for route entry rte-a (10.1.0.0/16 in vtb-a) to become Available "
                                  "(last seen Pending)")


def test_one_item_waiting_for_gone_is_named_alone(monkeypatch, fake_clock):
    lookups = Lookups(fake_clock, {"rte-b": [(0, "Deleting")]})
    monkeypatch.setattr(mod, "find", lookups.find)
    module = FakeModule(clock=fake_clock, wait_timeout=2)
    old = entry("vtb-b", "10.2.0.0/16", "ri-1", "rte-b", status="Deleting")
    with pytest.raises(WaitTimeout) as timeout:
        mod.wait_together(module, [waiting_item("vtb-b", "10.2.0.0/16", None, mod.WaitGone(old))])
    assert str(timeout.value) == ("Timeout waiting for route entry rte-b (10.2.0.0/16 in vtb-b) to become gone "
                                  "(last seen Deleting)")


def test_the_plan_is_named_steps(recorder):
    module = FakeModule(replace=True)
    old = entry("vtb-a", "10.1.0.0/16", "ri-old", "rte-old", status="Pending")
    it = planned(module, item("vtb-a", "10.1.0.0/16", hop="ri-new"), before=old)
    assert it.steps == [mod.WaitAvailable(), mod.Delete(old), mod.WaitGone(old), mod.Create(), mod.WaitAvailable()]
    assert mod.Create() != mod.WaitAvailable() and mod.Delete(old) != mod.WaitGone(old)


@pytest.mark.parametrize("step", [("delete", {"RouteEntryId": "rte-1"}), "create", None])
def test_an_unknown_step_fails_loudly_and_deletes_nothing(recorder, step):
    it = item("vtb-a", "10.1.0.0/16")
    it.steps = [step]
    with pytest.raises(TypeError, match=r"routes\[0\]: not a step apply"):
        mod.apply(FakeModule(), [it])
    assert recorder == []


def test_a_wait_of_an_unknown_kind_fails_loudly(fake_clock):
    it = waiting_item("vtb-a", "10.1.0.0/16", "rte-a", ("wait_available",))
    with pytest.raises(TypeError, match="not a wait step"):
        mod.wait_together(FakeModule(clock=fake_clock), [it])

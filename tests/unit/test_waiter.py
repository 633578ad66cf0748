"""wait_for driven by a fake clock: nothing really sleeps."""

import math

import pytest

from ansible_collections.aliyun.express_connect.plugins.module_utils.waiter import WaitTimeout, wait_for


class Resource:
    """A resource whose status follows a timeline [(from_time, status or None)] on the fake clock."""

    def __init__(self, clock, timeline):
        self.clock = clock
        self.start = clock.now
        self.timeline = timeline
        self.polls = []

    def fetch(self):
        elapsed = self.clock.now - self.start
        self.polls.append(elapsed)
        status = [s for t, s in self.timeline if elapsed >= t][-1]
        return None if status is None else {"Status": status, "Id": "x-1"}


def wait(clock, resource, **kwargs):
    return wait_for(resource.fetch, "thing x-1", clock=clock.clock, sleep=clock.sleep, **kwargs)


def test_waits_for_a_status(fake_clock):
    res = Resource(fake_clock, [(0, "Connecting"), (10, "Active")])
    assert wait(fake_clock, res, statuses="Active") == {"Status": "Active", "Id": "x-1"}
    assert res.polls[-1] >= 10


def test_sleeps_before_the_first_poll(fake_clock):
    res = Resource(fake_clock, [(0, "Active")])
    wait(fake_clock, res, statuses="Active")
    assert fake_clock.sleeps == [0.45] and res.polls == [pytest.approx(0.45)]


def test_any_of_several_statuses(fake_clock):
    res = Resource(fake_clock, [(0, "Activating"), (3, "Inactive")])
    assert wait(fake_clock, res, statuses=["Active", "Inactive"])["Status"] == "Inactive"
    res = Resource(fake_clock, [(0, "Activating"), (3, "Active")])
    assert wait(fake_clock, res, statuses=("Active", "Inactive"))["Status"] == "Active"


def test_gone(fake_clock):
    res = Resource(fake_clock, [(0, "Deleting"), (5, None)])
    assert wait(fake_clock, res, gone=True) is None
    assert res.polls[-1] >= 5


def test_not_found_while_waiting_for_a_status_keeps_waiting(fake_clock):
    # Eventual consistency: a new resource is invisible for a while, then appears.
    res = Resource(fake_clock, [(0, None), (2, "Pending"), (4, "Available")])
    assert wait(fake_clock, res, statuses="Available")["Status"] == "Available"


def test_timeout_message_and_deadline(fake_clock):
    res = Resource(fake_clock, [(0, "Connecting")])
    start = fake_clock.now
    with pytest.raises(WaitTimeout) as err:
        wait(fake_clock, res, statuses="Active", timeout=100)
    assert str(err.value) == "Timeout waiting for thing x-1 to become Active (last seen Connecting)"
    assert fake_clock.now - start == pytest.approx(100)  # never slept past the deadline
    assert res.polls[-1] == pytest.approx(100)  # one last poll at the deadline
    assert (err.value.what, err.value.target, err.value.last_status) == ("thing x-1", "Active", "Connecting")


def test_timeout_messages_for_gone_and_not_found(fake_clock):
    with pytest.raises(WaitTimeout, match=r"^Timeout waiting for thing x-1 to become gone \(last seen Deleting\)$"):
        wait(fake_clock, Resource(fake_clock, [(0, "Deleting")]), gone=True, timeout=10)
    with pytest.raises(WaitTimeout, match=r"to become Active or Inactive \(last seen not found\)$"):
        wait(fake_clock, Resource(fake_clock, [(0, None)]), statuses=["Active", "Inactive"], timeout=10)


@pytest.mark.parametrize("timeout", [0.1, 1, 7.3, 600, 3600])
def test_never_sleeps_past_the_deadline(fake_clock, timeout):
    start = fake_clock.now
    with pytest.raises(WaitTimeout):
        wait(fake_clock, Resource(fake_clock, [(0, "Pending")]), statuses="Available", timeout=timeout)
    assert fake_clock.now - start == pytest.approx(timeout)
    assert max(fake_clock.sleeps) <= 30.0


@pytest.mark.parametrize("done_at", [0.3, 1, 2.5, 10, 37, 120, 299])
def test_detection_within_20_percent_plus_half_a_second(fake_clock, done_at):
    res = Resource(fake_clock, [(0, "Connecting"), (done_at, "Active")])
    wait(fake_clock, res, statuses="Active")
    assert res.polls[-1] <= done_at * 1.2 + 0.5


@pytest.mark.parametrize("done_at", [10, 60, 150])
def test_poll_count_is_logarithmic(fake_clock, done_at):
    res = Resource(fake_clock, [(0, "Connecting"), (done_at, "Active")])
    wait(fake_clock, res, statuses="Active")
    # Delay 0.45 s + 20% of the time waited: poll k comes at 2.25 * (1.2 ** k - 1) s, plus the one that sees it.
    assert len(res.polls) <= 1 + math.ceil(math.log(done_at / 2.25 + 1) / math.log(1.2))


def test_custom_status_key(fake_clock):
    res = Resource(fake_clock, [(0, "active")])

    def fetch():
        return {"State": res.fetch()["Status"]}
    assert wait_for(fetch, "x", statuses="active", status_key="State", clock=fake_clock.clock, sleep=fake_clock.sleep) == {"State": "active"}


def test_needs_a_target():
    with pytest.raises(ValueError):
        wait_for(lambda: None, "x")

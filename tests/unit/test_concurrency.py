"""module_utils/concurrency.py: the ClientToken derived from a create request, and the check of its answer."""

import pytest

from ansible_collections.aliyun.express_connect.plugins.module_utils import concurrency
from ansible_collections.aliyun.express_connect.plugins.module_utils.concurrency import (
    MAX_STALE_REPLAYS, VISIBILITY_WINDOW, create_once, request_token, wait_listed,
)

PARAMS = {"RouterType": "VBR", "RouterId": "vbr-1", "Role": "InitiatingSide", "Spec": "Large.2",
          "OppositeRouterId": "vrt-1", "Name": "x-initiator",
          "Tags": [{"Key": "ansible-interconnect", "Value": "x"}, {"Key": "env", "Value": "prod"}]}


# --- request_token -------------------------------------------------------------

def test_the_same_request_gets_the_same_token_whatever_the_order_of_its_parameters():
    reordered = dict(reversed(list(PARAMS.items())))
    assert request_token("CreateRouterInterface", PARAMS, "cn-hangzhou") == \
        request_token("CreateRouterInterface", reordered, "cn-hangzhou")


def test_the_token_is_short_ascii_and_prefixed():
    token = request_token("CreateRouterInterface", PARAMS, "cn-hangzhou")
    assert token.startswith("ansible-") and len(token) <= 64 and token.isascii()


def test_a_client_token_already_in_the_params_is_left_out():
    assert request_token("CreateRouterInterface", dict(PARAMS, ClientToken="whatever"), "cn-hangzhou") == \
        request_token("CreateRouterInterface", PARAMS, "cn-hangzhou")


@pytest.mark.parametrize("change", [
    {"RouterId": "vbr-2"},                          # a new VBR: a new build generation
    {"OppositeInterfaceId": "ri-9"},                # the acceptor of another initiator
    {"Spec": "Large.1"},
    {"Tags": [{"Key": "ansible-interconnect", "Value": "y"}]},
    {"Name": None, "Description": "x"},             # None is not sent (as client.flatten drops it)
])
def test_any_other_parameter_gives_another_token(change):
    assert request_token("CreateRouterInterface", dict(PARAMS, **change), "cn-hangzhou") != \
        request_token("CreateRouterInterface", PARAMS, "cn-hangzhou")


def test_the_action_region_and_stale_ids_are_part_of_the_token():
    token = request_token("CreateRouterInterface", PARAMS, "cn-hangzhou")
    assert request_token("CreateBgpGroup", PARAMS, "cn-hangzhou") != token
    assert request_token("CreateRouterInterface", PARAMS, "cn-beijing") != token
    once = request_token("CreateRouterInterface", PARAMS, "cn-hangzhou", ["ri-old"])
    assert once != token and request_token("CreateRouterInterface", PARAMS, "cn-hangzhou", ["ri-old"]) == once
    assert request_token("CreateRouterInterface", PARAMS, "cn-hangzhou", ["ri-old", "ri-older"]) not in (token, once)


def test_a_value_none_is_not_sent_so_it_does_not_count():
    assert request_token("CreateRouterInterface", dict(PARAMS, Description=None), "cn-hangzhou") == \
        request_token("CreateRouterInterface", PARAMS, "cn-hangzhou")


# --- create_once ---------------------------------------------------------------

class FakeCloud:
    """A create API with the documented token semantics, whose resources are listed `delay` seconds after their
    create; `deleted` IDs are never listed again, `deleting` ones are listed as Deleting."""

    region = "cn-hangzhou"

    def __init__(self, clock, delay=1.0):
        self.clock = clock
        self.delay = delay
        self.tokens = {}
        self.created = {}
        self.deleted = set()
        self.deleting = set()
        self.calls = []

    def call(self, action, params, client_token=False, **options):
        assert client_token and params["ClientToken"]
        self.calls.append((action, params["ClientToken"], options))
        if params["ClientToken"] not in self.tokens:
            new_id = "ri-%d" % (len(self.created) + 1)
            self.created[new_id] = self.clock.now
            self.tokens[params["ClientToken"]] = new_id
        return {"RouterInterfaceId": self.tokens[params["ClientToken"]], "RequestId": "r"}

    def fetch(self, ri_id):
        if ri_id in self.deleted or self.clock.now < self.created.get(ri_id, float("inf")) + self.delay:
            return None
        return {"RouterInterfaceId": ri_id, "Status": "Deleting" if ri_id in self.deleting else "Idle"}


def create(cloud, clock, **kwargs):
    return create_once(cloud, "CreateRouterInterface", PARAMS, "RouterInterfaceId", cloud.fetch,
                       gone_statuses=("Deleting", "Deleted"), waiter=dict(clock=clock.clock, sleep=clock.sleep),
                       **kwargs)


def test_a_create_returns_once_its_resource_is_listed(fake_clock):
    cloud = FakeCloud(fake_clock)
    response, item = create(cloud, fake_clock, blocked_timeout=7)
    assert item == {"RouterInterfaceId": "ri-1", "Status": "Idle"} and response["RouterInterfaceId"] == "ri-1"
    assert len(cloud.calls) == 1 and cloud.calls[0][2] == {"blocked_timeout": 7}
    assert cloud.calls[0][1] == request_token("CreateRouterInterface", PARAMS, "cn-hangzhou")
    assert 1.0 <= sum(fake_clock.sleeps) < 2.0


def test_two_runs_sending_the_same_create_get_one_resource(fake_clock):
    cloud = FakeCloud(fake_clock)
    first = create(cloud, fake_clock)[1]
    second = create(cloud, fake_clock)[1]
    assert first["RouterInterfaceId"] == second["RouterInterfaceId"] == "ri-1" and list(cloud.created) == ["ri-1"]


def test_a_stale_replay_is_sent_again_with_a_token_of_the_request_and_the_stale_id(fake_clock):
    cloud = FakeCloud(fake_clock)
    create(cloud, fake_clock)
    cloud.deleted.add("ri-1")  # deleted by hand, its parent kept: the same request replays it
    started = fake_clock.now
    response, item = create(cloud, fake_clock)
    assert item["RouterInterfaceId"] == "ri-2" and response["RouterInterfaceId"] == "ri-2"
    tokens = [token for _action, token, _options in cloud.calls[1:]]
    assert tokens == [request_token("CreateRouterInterface", PARAMS, "cn-hangzhou"),
                      request_token("CreateRouterInterface", PARAMS, "cn-hangzhou", ["ri-1"])]
    # The stale answer cost the visibility window, no more.
    assert VISIBILITY_WINDOW <= fake_clock.now - started < VISIBILITY_WINDOW + 3
    # A second run after it follows the same chain to the same interface.
    assert create(cloud, fake_clock)[1]["RouterInterfaceId"] == "ri-2" and len(cloud.created) == 2


def test_a_replay_listed_as_deleting_is_stale_at_once(fake_clock):
    cloud = FakeCloud(fake_clock)
    create(cloud, fake_clock)
    cloud.deleting.add("ri-1")
    started = fake_clock.now
    assert create(cloud, fake_clock)[1]["RouterInterfaceId"] == "ri-2"
    assert fake_clock.now - started < 3


def test_after_max_stale_replays_a_random_token_is_used_and_not_checked(fake_clock):
    cloud = FakeCloud(fake_clock)
    for _ in range(MAX_STALE_REPLAYS):
        created = create(cloud, fake_clock)[1]["RouterInterfaceId"]
        cloud.deleted.add(created)
    response, item = create(cloud, fake_clock)
    assert item is None and response["RouterInterfaceId"] == "ri-%d" % (MAX_STALE_REPLAYS + 1)
    last_token = cloud.calls[-1][1]
    assert not last_token.startswith(concurrency.TOKEN_PREFIX)


# --- wait_listed ---------------------------------------------------------------

def test_wait_listed_looks_first_when_asked(fake_clock):
    seen = []

    def fetch():
        seen.append(fake_clock.now)
        return {"Status": "Pending"}
    assert wait_listed(fetch, "thing", look_first=True, clock=fake_clock.clock, sleep=fake_clock.sleep) == \
        {"Status": "Pending"}
    assert fake_clock.sleeps == [] and len(seen) == 1


def test_wait_listed_gives_up_after_the_window(fake_clock):
    assert wait_listed(lambda: None, "thing", window=5, clock=fake_clock.clock, sleep=fake_clock.sleep) is None
    assert 5 <= sum(fake_clock.sleeps) <= 5.01

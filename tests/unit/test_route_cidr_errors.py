"""The role's up-front check of route destinations (filter aliyun.express_connect.route_cidr_errors)."""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.aliyun.express_connect.plugins.filter.route_cidr_errors import (
    FilterModule, route_cidr_errors,
)


def test_usable_lists_have_no_problems():
    assert route_cidr_errors({"vbr": ["172.16.0.0/12"], "vpc": ["192.168.0.0/16", "10.0.0.0/8"]}) == []


def test_nested_routes_on_one_side_are_allowed():
    assert route_cidr_errors({"vpc": ["10.0.0.0/8", "10.1.0.0/16"]}) == []


@pytest.mark.parametrize("value, rule", [
    ("192.168.0.0/33", "not a valid IPv4 or IPv6 CIDR block"),
    ("10.0.0.1/8", "host bits set; the network address is 10.0.0.0/8"),
    ("100.64.1.0/24", "inside 100.64.0.0/10"),
])
def test_each_bad_destination_names_the_option_and_the_rule(value, rule):
    (problem,) = route_cidr_errors({"interconnect_vpc_routes": [value]})
    assert problem.startswith("interconnect_vpc_routes: ") and rule in problem


def test_a_destination_listed_twice():
    assert route_cidr_errors({"vbr": ["10.1.0.0/16", "10.1.0.0/16"]}) == ["vbr: 10.1.0.0/16 is listed twice"]


@pytest.mark.parametrize("vbr_routes, vpc_routes", [
    (["0.0.0.0/0"], ["0.0.0.0/0"]),  # the tutorial's configuration
    (["172.16.0.0/12"], ["172.16.8.0/24"]),
    (["0.0.0.0/0"], ["::/0"]),
])
def test_sides_may_overlap_each_other(vbr_routes, vpc_routes):
    """Each list goes to its own table, which also routes toward the other end: the longest prefix wins."""
    assert route_cidr_errors({"interconnect_vbr_routes": vbr_routes, "interconnect_vpc_routes": vpc_routes}) == []


def test_a_repeat_is_found_in_its_own_list_only():
    assert route_cidr_errors({"vbr": ["10.0.0.0/8", "10.0.0.0/8"], "vpc": ["10.0.0.0/8"]}) == [
        "vbr: 10.0.0.0/8 is listed twice"]


def test_a_string_instead_of_a_list():
    assert route_cidr_errors({"vbr": "10.0.0.0/8"}) == ["vbr must be a list of CIDR blocks, got '10.0.0.0/8'"]


def test_input_must_be_a_dict():
    with pytest.raises(AnsibleFilterError):
        route_cidr_errors(["10.0.0.0/8"])


def test_registered_under_its_name():
    assert FilterModule().filters() == {"route_cidr_errors": route_cidr_errors}

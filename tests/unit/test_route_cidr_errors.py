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


def test_overlap_across_sides_names_both_options():
    (problem,) = route_cidr_errors({"interconnect_vbr_routes": ["172.16.0.0/12"],
                                    "interconnect_vpc_routes": ["172.16.8.0/24"]})
    assert problem.startswith("interconnect_vpc_routes: 172.16.8.0/24 overlaps 172.16.0.0/12 in interconnect_vbr_routes")


def test_ipv4_and_ipv6_never_overlap():
    assert route_cidr_errors({"vbr": ["0.0.0.0/0"], "vpc": ["::/0"]}) == []


def test_a_string_instead_of_a_list():
    assert route_cidr_errors({"vbr": "10.0.0.0/8"}) == ["vbr must be a list of CIDR blocks, got '10.0.0.0/8'"]


def test_input_must_be_a_dict():
    with pytest.raises(AnsibleFilterError):
        route_cidr_errors(["10.0.0.0/8"])


def test_registered_under_its_name():
    assert FilterModule().filters() == {"route_cidr_errors": route_cidr_errors}

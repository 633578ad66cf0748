"""The health check's rules of ali_router_interface (router_interface.health_check_errors), checked before any call."""

import pytest

from ansible_collections.aliyun.express_connect.plugins.module_utils import router_interface as ri

GOOD = {"health_check_source_ip": "172.16.255.10", "health_check_target_ip": "10.1.1.2"}


def errors(**params):
    return ri.health_check_errors(dict(GOOD, **params))


def test_a_good_check_and_its_tuning_pass():
    assert errors() == []
    assert errors(health_check_rate=2000, health_check_threshold=8) == []
    low_rate, high_rate = ri.HC_RATE_RANGE
    low_threshold, high_threshold = ri.HC_THRESHOLD_RANGE
    assert errors(health_check_rate=low_rate, health_check_threshold=high_threshold) == []
    assert errors(health_check_rate=high_rate, health_check_threshold=low_threshold) == []


def test_removal_is_both_empty():
    assert errors(health_check_source_ip="", health_check_target_ip="") == []


@pytest.mark.parametrize("params, message", [
    ({"health_check_target_ip": None}, "health_check_source_ip and health_check_target_ip must be given together"),
    ({"health_check_source_ip": None}, "health_check_source_ip and health_check_target_ip must be given together"),
    ({"health_check_source_ip": "172.16.0.300"}, "health_check_source_ip must be an IP address, an IPv4 one"),
    ({"health_check_target_ip": "2001:db8::1"}, "health_check_target_ip must be an IP address, an IPv4 one"),
    ({"health_check_source_ip": "8.8.8.8"}, "health_check_source_ip must be a private address of the local VPC"),
    ({"health_check_target_ip": "172.16.255.10"}, "health_check_target_ip must differ from health_check_source_ip"),
    ({"health_check_rate": 999}, "health_check_rate must be between 1000 and 5000 (got 999)"),
    ({"health_check_rate": 5001}, "health_check_rate must be between 1000 and 5000 (got 5001)"),
    ({"health_check_threshold": 2}, "health_check_threshold must be between 3 and 8 (got 2)"),
    ({"health_check_threshold": 9}, "health_check_threshold must be between 3 and 8 (got 9)"),
    ({"health_check_source_ip": "", "health_check_target_ip": "", "health_check_rate": 2000},
     "health_check_rate cannot be set while the health check is removed"),
])
def test_each_bad_value_names_the_option_and_the_rule(params, message):
    found = errors(**params)
    assert any(message in text for text in found), found


def test_the_module_validation_includes_the_health_check():
    assert any("health_check_threshold" in text for text in ri.validate(dict(GOOD, health_check_threshold=0)))

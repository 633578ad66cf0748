"""The interconnect role's check of its VPC-side variables (a VPC in another account or region), before any call."""

from ansible_collections.aliyun.express_connect.plugins.filter.interconnect_vpc_side_errors import (
    FilterModule, interconnect_vpc_side_errors,
)

KEYS = {"alicloud_access_key": "id", "alicloud_secret_key": "secret"}


def test_the_same_account_and_region_has_nothing_to_check():
    assert interconnect_vpc_side_errors({}, "", "", "") == []
    assert FilterModule().filters() == {"interconnect_vpc_side_errors": interconnect_vpc_side_errors}


def test_another_account_and_region_passes():
    assert interconnect_vpc_side_errors(dict(KEYS, alicloud_region="cn-shanghai"), "cn-hangzhou",
                                        "9876543210987654", "1234567890123456", "PrePaid") == []


def test_each_problem_names_its_variable():
    problems = interconnect_vpc_side_errors(dict(KEYS, alicloud_secret_key=" ", alicloud_profile=None), "",
                                            "98x", "98x", "PrePaid")
    assert problems == [
        "interconnect_vpc_connection.alicloud_profile: must not be empty",
        "interconnect_vpc_connection.alicloud_secret_key: must not be empty",
        "interconnect_region: required with interconnect_vpc_connection (the VBR's region, which the VPC's "
        "interface names)",
        "interconnect_vpc_owner_uid: '98x' is not an account UID (digits)",
        "interconnect_vbr_owner_uid: '98x' is not an account UID (digits)",
        "interconnect_vpc_owner_uid: the same as interconnect_vbr_owner_uid; leave both empty for one account",
        "interconnect_instance_charge_type: PrePaid is only possible with the VPC in another region "
        "(interconnect_vpc_connection.alicloud_region other than interconnect_region)",
    ]


def test_the_uids_go_together_and_need_the_vpc_side():
    assert interconnect_vpc_side_errors({}, "cn-hangzhou", "9876543210987654", "") == [
        "interconnect_vpc_owner_uid: needs interconnect_vpc_connection (the VPC account's credentials)",
        "interconnect_vpc_owner_uid and interconnect_vbr_owner_uid: give both (the VPC in another account) or "
        "neither",
    ]


def test_prepaid_in_one_region_is_refused():
    (problem,) = interconnect_vpc_side_errors({"alicloud_region": "cn-hangzhou"}, "cn-hangzhou", "", "", "PrePaid")
    assert problem.startswith("interconnect_instance_charge_type: PrePaid is only possible")

"""router_interface.validate for ends in another account or region and for PrePaid: pure rules, each message naming
the option."""

from ansible_collections.aliyun.express_connect.plugins.module_utils import router_interface as ri

REGION = "cn-hangzhou"
OTHER_REGION = "cn-shanghai"
OWNER = "1000000000000002"


def params(**given):
    base = dict(router_id="vbr-1", router_type="VBR", role="InitiatingSide", spec="Small.1",
                opposite_router_id="vrt-1", opposite_router_type="VRouter")
    base.update(given)
    return base


def test_a_same_account_same_region_end_passes():
    assert ri.validate(params(), REGION) == []


def test_an_owner_must_be_digits():
    errors = ri.validate(params(opposite_interface_owner_id="acct-b", opposite_region_id=REGION), REGION)
    assert errors == ["opposite_interface_owner_id must be the opposite account's UID, digits only (got 'acct-b')"]


def test_an_owner_needs_the_opposite_router_and_region():
    errors = ri.validate(params(opposite_interface_owner_id=OWNER, opposite_router_id=None, name="x1"), REGION)
    assert [e.split(" ")[0] for e in errors] == ["opposite_router_id", "opposite_region_id"]


def test_an_opposite_vbr_elsewhere_needs_its_access_point():
    acceptor = dict(router_id="vrt-1", router_type="VRouter", role="AcceptingSide", spec="Negative",
                    opposite_router_id="vbr-1", opposite_router_type="VBR")
    for other in (dict(opposite_interface_owner_id=OWNER, opposite_region_id=REGION),
                  dict(opposite_region_id=OTHER_REGION)):
        errors = ri.validate(dict(acceptor, **other), REGION)
        assert len(errors) == 1 and errors[0].startswith("opposite_access_point_id is required"), other
        assert ri.validate(dict(acceptor, opposite_access_point_id="ap-1", **other), REGION) == []
    assert ri.validate(dict(acceptor, opposite_region_id=REGION), REGION) == []


def test_an_existing_interface_by_id_needs_nothing_more_for_its_owner():
    assert ri.validate(dict(router_interface_id="ri-1", opposite_interface_owner_id=OWNER), REGION) == []


def test_a_deletion_by_natural_key_needs_nothing_more_for_its_owner():
    absent = params(opposite_interface_owner_id=OWNER, state="absent")
    assert ri.validate(absent, REGION) == []
    assert ri.validate(dict(absent, state="present"), REGION)[0].startswith("opposite_region_id is required")


def test_prepaid_needs_another_region_and_a_period():
    errors = ri.validate(params(instance_charge_type="PrePaid"), REGION)
    assert errors[0].startswith("opposite_region_id is required with instance_charge_type=PrePaid")
    assert errors[1].startswith("period is required with instance_charge_type=PrePaid")
    errors = ri.validate(params(instance_charge_type="PrePaid", opposite_region_id=REGION, period=1), REGION)
    assert errors == ["instance_charge_type=PrePaid needs an opposite_region_id other than the module's region "
                      "cn-hangzhou: both ends in one region are always PostPaid (free)"]
    assert ri.validate(params(instance_charge_type="PrePaid", opposite_region_id=OTHER_REGION, period=9), REGION) == []


def test_the_period_range_follows_the_pricing_cycle():
    prepaid = params(instance_charge_type="PrePaid", opposite_region_id=OTHER_REGION)
    assert ri.validate(dict(prepaid, period=10), REGION) == ["period must be 1 to 9 with pricing_cycle=Month (got 10)"]
    assert ri.validate(dict(prepaid, period=4, pricing_cycle="Year"), REGION) == [
        "period must be 1 to 3 with pricing_cycle=Year (got 4)"]
    assert ri.validate(dict(prepaid, period=0), REGION) == ["period must be 1 to 9 with pricing_cycle=Month (got 0)"]
    assert ri.validate(dict(prepaid, period=3, pricing_cycle="Year"), REGION) == []


def test_subscription_options_only_with_prepaid():
    for charge in (None, "PostPaid"):
        errors = ri.validate(params(instance_charge_type=charge, period=1, auto_renew=False), REGION)
        assert errors == ["period is only valid with instance_charge_type=PrePaid",
                          "auto_renew is only valid with instance_charge_type=PrePaid"]


def test_charge_type_read_back_spellings():
    assert ri.charge_type({"ChargeType": "Prepaid"}) == "PrePaid"
    assert ri.charge_type({"ChargeType": "PrePaid"}) == "PrePaid"
    assert ri.charge_type({"ChargeType": "AfterPay"}) == "PostPaid"
    assert ri.charge_type({}) == "PostPaid"

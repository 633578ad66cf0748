"""Charge types of router interfaces (topologies reference §3.2, T17–T20): PrePaid only across regions, with its
period, read back as "Prepaid" with its end time; a PrePaid interface cannot be deleted through the API."""

import calendar
import time

import pytest
from alibabacloud_vpc20160428 import models

from conftest import ACCESS_POINT, Api
from support.emulator import REGION
from support.fixture_ids import SECOND_REGION, VPC_ROUTER5
from support.tea import tea_client

ACROSS = dict(Spec="Mini.2", Role="InitiatingSide", RouterType="VBR", AccessPointId=ACCESS_POINT,
              OppositeRegionId=SECOND_REGION, OppositeRouterType="VRouter")
PREPAID = dict(InstanceChargeType="PrePaid", PricingCycle="Month", Period=1, AutoPay=True)


def months_later(stamp, months):
    """The same day and time `months` calendar months after an ISO stamp (the day clamped to the month's end)."""
    moment = time.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")
    year, month = divmod(moment.tm_mon - 1 + months, 12)
    year, month = moment.tm_year + year, month + 1
    day = min(moment.tm_mday, calendar.monthrange(year, month)[1])
    return "%04d-%02d-%02dT%02d:%02d:%02dZ" % (year, month, day, moment.tm_hour, moment.tm_min, moment.tm_sec)


@pytest.mark.parametrize("cycle, period, months", [("Month", 1, 1), ("Month", 9, 9), ("Year", 3, 36)])
def test_prepaid_across_regions_reads_back_with_its_end(api, cycle, period, months):
    answer = api.call("CreateRouterInterface", RouterId=api.vbr(),
                      **dict(ACROSS, **dict(PREPAID, PricingCycle=cycle, Period=period)))
    assert isinstance(answer["OrderId"], int) and answer["OrderId"] > 0
    item = api.describe_ri(answer["RouterInterfaceId"])
    assert item["ChargeType"] == "Prepaid"
    assert item["EndTime"] == months_later(item["CreationTime"], months)


def test_postpaid_is_the_default_and_has_no_order(api):
    answer = api.call("CreateRouterInterface", RouterId=api.vbr(), **ACROSS)
    assert "OrderId" not in answer
    item = api.describe_ri(answer["RouterInterfaceId"])
    assert (item["ChargeType"], item["EndTime"]) == ("AfterPay", "2999-09-08T16:00:00Z")


def test_prepaid_in_one_region_is_refused(api):  # T18
    api.expect("InvalidInstanceChargeType.ValueNotSupported", 400, "CreateRouterInterface", RouterId=api.vbr(),
               **dict(ACROSS, OppositeRegionId=REGION, **PREPAID))
    api.expect("InvalidInstanceChargeType.ValueNotSupported", 400, "CreateRouterInterface", RouterId=api.vbr(vlan=11),
               **dict(ACROSS, **dict(PREPAID, InstanceChargeType="Subscription")))
    assert api.call("DescribeRouterInterfaces")["TotalCount"] == 0


@pytest.mark.parametrize("change, code", [
    ({"PricingCycle": None}, "MissingParameter"),  # T19
    ({"Period": None}, "MissingParameter"),  # T19
    ({"PricingCycle": "Week"}, "InvalidParameter"),
    ({"Period": 10}, "InvalidParameter"),  # Month: 1-9
    ({"PricingCycle": "Year", "Period": 4}, "InvalidParameter"),  # Year: 1-3
    ({"Period": 0}, "InvalidParameter"),
    ({"AutoPay": None}, "InvalidParameter"),
    ({"AutoPay": False}, "InvalidParameter"),
    ({"AutoRenew": "sometimes"}, "InvalidParameter"),
], ids=["no-cycle", "no-period", "bad-cycle", "month-10", "year-4", "period-0", "no-autopay", "autopay-false",
        "bad-autorenew"])
def test_prepaid_period_rules(api, change, code):
    api.expect(code, 400, "CreateRouterInterface", RouterId=api.vbr(), **dict(ACROSS, **dict(PREPAID, **change)))


def test_a_prepaid_interface_cannot_be_deleted(api):  # T20
    prepaid = api.call("CreateRouterInterface", RouterId=api.vbr(), **dict(ACROSS, **PREPAID))["RouterInterfaceId"]
    postpaid = api.call("CreateRouterInterface", RouterId=api.vbr(vlan=11), **ACROSS)["RouterInterfaceId"]
    api.expect("InvalidRouterInterfaceChargeType.Malformed", 500, "DeleteRouterInterface", RouterInterfaceId=prepaid)
    api.call("DeleteRouterInterface", RouterInterfaceId=postpaid)
    assert api.describe_ri(prepaid)["Status"] == "Idle"


def test_the_acceptor_spec_stays_negative_across_regions(clean_emulator):  # T17
    there = Api(clean_emulator.url, region=SECOND_REGION)
    there.expect("InvalidSpec.ValudNotSupported", 400, "CreateRouterInterface", Spec="Mini.2", Role="AcceptingSide",
                 RouterType="VRouter", RouterId=VPC_ROUTER5, OppositeRegionId=REGION, OppositeRouterType="VBR",
                 OppositeAccessPointId=ACCESS_POINT)


def test_prepaid_through_the_tea_client(clean_emulator, api):
    vbr_id = api.vbr()
    client = tea_client(clean_emulator)
    created = client.create_router_interface(models.CreateRouterInterfaceRequest(
        region_id=REGION, router_type="VBR", router_id=vbr_id, role="InitiatingSide", spec="Mini.2",
        access_point_id=ACCESS_POINT, opposite_region_id=SECOND_REGION, opposite_router_type="VRouter",
        instance_charge_type="PrePaid", pricing_cycle="Year", period=1, auto_pay=True)).body
    assert created.order_id and created.router_interface_id
    found = client.describe_router_interfaces(models.DescribeRouterInterfacesRequest(
        region_id=REGION, filter=[models.DescribeRouterInterfacesRequestFilter(
            key="RouterInterfaceId", value=[created.router_interface_id])])).body
    (item,) = found.router_interface_set.router_interface_type
    assert (item.charge_type, item.end_time) == ("Prepaid", months_later(item.creation_time, 12))

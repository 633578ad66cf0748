"""Injected faults: seeded and reproducible, lost responses, eventual consistency and the per-key rate limit."""

import time

import pytest
from aliyunsdkcore.acs_exception.exceptions import ClientException, ServerException

from conftest import GATEWAYS, PC_ID

FAULTS = "throttle=0.2,unavailable=0.1,internal=0.1"


def fault_run(api, emulator, seed):
    emulator.reset()
    emulator.configure(faults=FAULTS, seed=seed)
    outcomes = []
    for _ in range(30):
        try:
            api.client.do_action_with_exception(api.request("DescribeVirtualBorderRouters"))
            outcomes.append(None)
        except ServerException as error:
            outcomes.append((error.get_error_code(), error.get_http_status()))
    assert [c["fault"] for c in emulator.calls()] == [
        {None: None, ("Throttling", 400): "throttle", ("ServiceUnavailable", 503): "unavailable",
         ("InternalError", 500): "internal"}[o] for o in outcomes]
    return outcomes


def test_faults_are_seeded_and_reproducible(api, clean_emulator):
    first = fault_run(api, clean_emulator, seed=7)
    assert fault_run(api, clean_emulator, seed=7) == first
    assert {o for o in first} == {None, ("Throttling", 400), ("ServiceUnavailable", 503), ("InternalError", 500)}
    assert fault_run(api, clean_emulator, seed=8) != first


def test_lost_response_still_creates_the_resource(api, clean_emulator):
    clean_emulator.configure(faults="lost=1.0")
    with pytest.raises(ClientException) as caught:
        api.client.do_action_with_exception(api.request(
            "CreateVirtualBorderRouter", PhysicalConnectionId=PC_ID, VlanId=90, **GATEWAYS))
    assert caught.value.get_error_code() == "SDK.HttpError"
    assert [v["VlanId"] for v in clean_emulator.state()["VirtualBorderRouters"]] == [90]
    assert clean_emulator.calls()[-1]["fault"] == "lost"
    clean_emulator.configure(faults="")
    api.expect("InvalidVlanId.Used", 400, "CreateVirtualBorderRouter", PhysicalConnectionId=PC_ID, VlanId=90,
               **GATEWAYS)


def test_lag_hides_new_resources_from_describe(api, clean_emulator):
    clean_emulator.configure(faults="lag=0.4")
    vbr_id = api.vbr()
    assert api.describe_vbr(vbr_id) is None
    assert [v["VbrId"] for v in clean_emulator.state()["VirtualBorderRouters"]] == [vbr_id]
    assert api.call("DescribeRouteTableList", RouterId=vbr_id)["TotalCount"] == 0
    time.sleep(0.45)
    assert api.describe_vbr(vbr_id)["Status"] == "active"


def test_rate_limit_per_access_key(api, clean_emulator):
    clean_emulator.configure(rate_limit=3)
    codes = []
    for _ in range(6):
        try:
            api.client.do_action_with_exception(api.request("DescribeVirtualBorderRouters"))
            codes.append(None)
        except ServerException as error:
            codes.append((error.get_error_code(), error.get_http_status()))
    assert codes[:3] == [None] * 3
    assert ("Throttling.User", 400) in codes[3:]
    assert "rate_limit" in [c["fault"] for c in clean_emulator.calls()]
    time.sleep(0.7)
    api.call("DescribeVirtualBorderRouters")

"""Asynchronous transitions with a short real latency profile (scale 0.05: connect takes 0.5 s).

The shortcuts run patient (they wait for creates to be listed, modifies to end and the opposite information to
propagate), as a client of the real cloud must; test_emulator_transitions.py checks each of those windows.
"""

import pytest

from conftest import VPC_TABLE
from support.wait import eventually

SCALE = 0.05


@pytest.fixture
def slow_api(api, clean_emulator):
    clean_emulator.configure(latency_scale=SCALE)
    api.patient = True
    return api


def status(item):
    return item["Status"] if item else None


def test_router_interface_transitions(slow_api):
    api = slow_api
    vbr_id = api.vbr()
    ri1, ri2 = api.pair(vbr_id)
    assert (status(api.describe_ri(ri1)), status(api.describe_ri(ri2))) == ("Connecting", "AcceptingConnecting")
    assert eventually(lambda: status(api.describe_ri(ri2)), "Active") == "Active"
    api.call("DeactivateRouterInterface", RouterInterfaceId=ri1)
    assert status(api.describe_ri(ri1)) == "Deactivating"
    assert eventually(lambda: status(api.describe_ri(ri1)), "Inactive") == "Inactive"
    api.call("ActivateRouterInterface", RouterInterfaceId=ri1)
    assert status(api.describe_ri(ri1)) == "Activating"
    assert eventually(lambda: status(api.describe_ri(ri1)), "Active") == "Active"
    api.call("ModifyRouterInterfaceSpec", RouterInterfaceId=ri1, Spec="Large.1")
    assert status(api.describe_ri(ri1)) == "Activating"
    assert eventually(lambda: status(api.describe_ri(ri1)), "Active") == "Active"
    api.call("DeactivateRouterInterface", RouterInterfaceId=ri1)
    eventually(lambda: status(api.describe_ri(ri1)), "Inactive")
    api.call("DeleteRouterInterface", RouterInterfaceId=ri1)
    assert status(api.describe_ri(ri1)) == "Deleting"
    assert eventually(lambda: api.describe_ri(ri1), None) is None
    assert api.describe_ri(ri2)["OppositeInterfaceStatus"] == "Deleted"


def test_route_entry_transitions_and_busy_table(slow_api):
    api = slow_api
    vbr_id = api.vbr()
    _, ri2 = api.pair(vbr_id)
    eventually(lambda: status(api.describe_ri(ri2)), "Active")
    entry_id = api.call("CreateRouteEntry", RouteTableId=VPC_TABLE, DestinationCidrBlock="172.31.0.0/16",
                        NextHopType="RouterInterface", NextHopId=ri2)["RouteEntryId"]

    def entry():
        items = api.call("DescribeRouteEntryList", RouteTableId=VPC_TABLE, RouteEntryId=entry_id)
        return items["RouteEntrys"]["RouteEntry"][0] if items["RouteEntrys"]["RouteEntry"] else None

    assert status(entry()) == "Pending"
    # Stricter than before: right after a create the router answers TaskConflict (route_task), and only then
    # IncorrectRouteEntryStatus while the entry is Pending; both for create and delete.
    another = dict(RouteTableId=VPC_TABLE, DestinationCidrBlock="192.168.0.0/16", NextHopType="RouterInterface",
                   NextHopId=ri2)
    busy = {"TaskConflict", "IncorrectRouteEntryStatus"}
    assert api.fail("CreateRouteEntry", **another).get_error_code() in busy
    assert api.fail("DeleteRouteEntry", RouteEntryId=entry_id).get_error_code() in busy
    assert eventually(lambda: status(entry()), "Available") == "Available"
    api.call("DeleteRouteEntry", RouteEntryId=entry_id)
    assert status(entry()) == "Deleting"
    assert api.fail("CreateRouteEntry", **another).get_error_code() in busy
    assert eventually(entry, None) is None


def test_vbr_transitions(slow_api):
    api = slow_api
    vbr_id = api.vbr()
    assert status(api.describe_vbr(vbr_id)) == "active"
    api.call("TerminateVirtualBorderRouter", VbrId=vbr_id)
    assert status(api.describe_vbr(vbr_id)) == "terminating"
    assert eventually(lambda: status(api.describe_vbr(vbr_id)), "terminated") == "terminated"
    api.call("RecoverVirtualBorderRouter", VbrId=vbr_id)
    assert status(api.describe_vbr(vbr_id)) == "recovering"
    api.expect("InvalidOperation.OperationNotAllowedInState", 400, "DeleteVirtualBorderRouter", VbrId=vbr_id)
    assert eventually(lambda: status(api.describe_vbr(vbr_id)), "active") == "active"
    api.call("DeleteVirtualBorderRouter", VbrId=vbr_id)
    assert status(api.describe_vbr(vbr_id)) == "deleting"
    api.expect("InvalidVlanId.Used", 400, "CreateVirtualBorderRouter", PhysicalConnectionId="pc-emu0001", VlanId=10,
               LocalGatewayIp="1.1.1.1", PeerGatewayIp="1.1.1.2", PeeringSubnetMask="255.255.255.0")
    assert eventually(lambda: api.describe_vbr(vbr_id), None) is None


def test_profile_reports_scale(clean_emulator):
    clean_emulator.configure(latency_scale=SCALE)
    profile = clean_emulator._admin("profile")
    assert profile["latency_scale"] == SCALE
    assert profile["profile"]["ri_connect"] == 10.0 and profile["profile"]["route_entry_create"] == 3.0

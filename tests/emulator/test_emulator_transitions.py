"""The transitions and races real clients meet (reference §4.1), with time in the world.

Each test builds what it needs at latency scale 0 (instant), then sets a small scale for the window it checks:
the refusal while the transition runs, and the success once it is over (polled, never slept blindly).
"""

import subprocess
import time
import urllib.error

import pytest

from aliyunsdkcore.acs_exception.exceptions import ServerException

from conftest import GATEWAYS, PC_ID, PC_OTHER, REGION, VPC_TABLE, VROUTER, Api
from support.paths import VENV_BIN
from support.wait import codes_until_accepted, eventually, first_seen, refused_until_accepted

BUSY = {"TaskConflict", "IncorrectRouteEntryStatus"}  # what a router answers while a route task runs
SCALE = 0.5  # creates, modifies and propagation: 0.5 s; the delete tail: 1 s
VBR_RI = dict(Spec="Large.2", Role="InitiatingSide", RouterType="VBR", OppositeRegionId=REGION,
              OppositeRouterType="VRouter", AccessPointId="ap-cn-hangzhou-xs-B")
VPC_RI = dict(Spec="Negative", Role="AcceptingSide", RouterType="VRouter", RouterId=VROUTER,
              OppositeRegionId=REGION, OppositeRouterType="VBR", OppositeAccessPointId="ap-cn-hangzhou-xs-B")


@pytest.fixture
def timed(api, clean_emulator):
    """`timed(scale)` puts time in the world from now on; what was built before is already settled."""
    def set_scale(scale=SCALE):
        clean_emulator.configure(latency_scale=scale)
    return set_scale


def status(item):
    return item["Status"] if item else None


def transitions(emulator, resource_id):
    return [(t["Transition"], t["Seconds"]) for t in emulator.state()["Transitions"] if t["ResourceId"] == resource_id]


# 1. Create visibility ---------------------------------------------------------------------------------------------
def test_new_vbr_is_not_found_until_its_create_takes_effect(api, clean_emulator, timed):
    timed()
    params = dict(PhysicalConnectionId=PC_ID, VlanId=10, ClientToken="vbr-window", **GATEWAYS)
    vbr_id = api.call("CreateVirtualBorderRouter", **params)["VbrId"]
    assert api.describe_vbr(vbr_id) is None
    assert api.call("DescribeRouteTableList", RouterId=vbr_id, RouterType="VBR")["TotalCount"] == 0
    api.expect("InvalidVbrId.NotFound", 404, "TerminateVirtualBorderRouter", VbrId=vbr_id)
    api.expect("InvalidVbrId.NotFound", 404, "DeleteVirtualBorderRouter", VbrId=vbr_id)
    api.expect("InvalidVbrId.NotFound", 400, "ModifyVirtualBorderRouterAttribute", VbrId=vbr_id, Name="later")
    api.expect("InvalidRouterId.NotFound", 404, "CreateRouterInterface", RouterId=vbr_id, **VBR_RI)
    api.expect("InvalidVlanId.Used", 400, "CreateVirtualBorderRouter", **dict(params, ClientToken="other"))
    assert api.call("CreateVirtualBorderRouter", **params)["VbrId"] == vbr_id  # the ClientToken replay
    state = clean_emulator.state()
    assert [(v["VbrId"], v["Status"]) for v in state["VirtualBorderRouters"]] == [(vbr_id, "active")]
    assert transitions(clean_emulator, vbr_id) == [("vbr_create", SCALE)]
    assert status(first_seen(lambda: api.describe_vbr(vbr_id))) == "active"  # the first status seen
    assert api.call("DescribeRouteTableList", RouterId=vbr_id, RouterType="VBR")["TotalCount"] == 1
    api.call("ModifyVirtualBorderRouterAttribute", VbrId=vbr_id, Name="later")


def test_new_router_interface_is_not_found_until_its_create_takes_effect(api, clean_emulator, timed):
    vbr_id = api.vbr()
    timed()
    params = dict(VBR_RI, RouterId=vbr_id, ClientToken="ri-window")
    ri = api.call("CreateRouterInterface", **params)["RouterInterfaceId"]
    assert api.describe_ri(ri) is None
    for action in ("ConnectRouterInterface", "DeleteRouterInterface", "ModifyRouterInterfaceAttribute",
                   "DeactivateRouterInterface"):
        api.expect("InvalidRouterInterfaceId.NotFound", 404, action, RouterInterfaceId=ri)
    api.expect("InvalidNextHopId.NotFound", 404, "CreateRouteEntry", RouteTableId=api.vbr_table(vbr_id),
               DestinationCidrBlock="10.0.0.0/8", NextHopType="RouterInterface", NextHopId=ri)
    assert api.call("CreateRouterInterface", **params)["RouterInterfaceId"] == ri
    assert len(clean_emulator.state()["RouterInterfaces"]) == 1
    assert status(first_seen(lambda: api.describe_ri(ri))) == "Idle"
    api.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=ri, Name="seen")


def test_lag_fault_comes_on_top_of_the_create(api, clean_emulator, timed):
    timed(0.2)
    clean_emulator.configure(faults="lag=0.4")
    vbr_id = api.vbr()
    assert api.describe_vbr(vbr_id) is None
    # Found by id once the create took effect, though still not listed (the lag hides it from Describe only).
    refused_until_accepted(lambda: api.call("ModifyVirtualBorderRouterAttribute", VbrId=vbr_id, Name="found"),
                           {"InvalidVbrId.NotFound"})
    assert api.describe_vbr(vbr_id) is None
    assert first_seen(lambda: api.describe_vbr(vbr_id))["Name"] == "found"


# 2. ModifyRouterInterfaceAttribute ---------------------------------------------------------------------------------
def test_modify_passes_through_modifying_and_shows_new_values_after(api, timed):
    vbr_id = api.vbr()
    ri = api.call("CreateRouterInterface", RouterId=vbr_id, Name="before", **VBR_RI)["RouterInterfaceId"]
    timed()
    api.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=ri, Name="after", HcRate=2000)
    seen = api.describe_ri(ri)
    assert (seen["Status"], seen["Name"], seen["HcRate"]) == ("Modifying", "before", 0)  # old values meanwhile
    error = api.expect("IncorrectStatus", 400, "ModifyRouterInterfaceAttribute", RouterInterfaceId=ri, Name="again")
    assert "Active, Idle or Inactive" in error.get_error_msg()
    api.expect("IncorrectStatus", 400, "ModifyRouterInterfaceSpec", RouterInterfaceId=ri, Spec="Large.1")
    api.expect("IncorrectStatus", 400, "ConnectRouterInterface", RouterInterfaceId=ri)
    api.expect("IncorrectStatus", 400, "DeleteRouterInterface", RouterInterfaceId=ri)
    assert eventually(lambda: status(api.describe_ri(ri)), "Idle") == "Idle"  # the status it had
    seen = api.describe_ri(ri)
    assert (seen["Name"], seen["HcRate"]) == ("after", 2000)
    api.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=ri, Name="again")


def test_modify_of_an_active_interface_returns_to_active(api, timed):
    vbr_id = api.vbr()
    ri1, ri2 = api.pair(vbr_id)
    timed()
    api.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=ri1, Description="Renamed link")
    assert status(api.describe_ri(ri1)) == "Modifying"
    assert api.describe_ri(ri2)["OppositeInterfaceStatus"] == "Modifying"
    api.expect("IncorrectStatus", 400, "DeactivateRouterInterface", RouterInterfaceId=ri1)
    # A route toward it waits too: it is not Active meanwhile (stricter).
    api.expect("IncorrectStatus.RouterInterface", 400, "CreateRouteEntry", RouteTableId=api.vbr_table(vbr_id),
               DestinationCidrBlock="10.0.0.0/8", NextHopType="RouterInterface", NextHopId=ri1)
    assert eventually(lambda: status(api.describe_ri(ri1)), "Active") == "Active"
    assert api.describe_ri(ri1)["Description"] == "Renamed link"


def test_opposite_information_takes_effect_for_connect_after_propagation(api, clean_emulator, timed):
    """Propagation is drawn on its own: here (as jitter may draw it) it outlasts Modifying."""
    clean_emulator.configure(profile={"ri_opposite_propagation": 3.0})
    vbr_id = api.vbr()
    ri1 = api.call("CreateRouterInterface", RouterId=vbr_id, **VBR_RI)["RouterInterfaceId"]
    # The acceptor names the initiator at create time: effective as soon as it is listed.
    ri2 = api.call("CreateRouterInterface", OppositeInterfaceId=ri1, OppositeRouterId=vbr_id,
                   **VPC_RI)["RouterInterfaceId"]
    timed()
    api.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=ri1, OppositeInterfaceId=ri2,
             OppositeRouterId=VROUTER, OppositeRouterType="VRouter")
    api.expect("IncorrectStatus", 400, "ConnectRouterInterface", RouterInterfaceId=ri1)  # still Modifying
    assert eventually(lambda: status(api.describe_ri(ri1)), "Idle") == "Idle"
    seen = api.describe_ri(ri1)
    assert (seen["OppositeInterfaceId"], seen["OppositeRouterId"]) == (ri2, VROUTER)
    # Describe shows Idle and the fields, but Connect does not see them yet.
    api.expect("IncorrectOppositeInterfaceInfo.NotSet", 400, "ConnectRouterInterface", RouterInterfaceId=ri1)
    _, refusals = refused_until_accepted(lambda: api.call("ConnectRouterInterface", RouterInterfaceId=ri1),
                                         {"IncorrectOppositeInterfaceInfo.NotSet"})
    assert refusals and set(refusals) == {"IncorrectOppositeInterfaceInfo.NotSet"}
    assert [name for name, _ in transitions(clean_emulator, ri1)][-3:] == [
        "ri_modify_attribute", "ri_opposite_propagation", "ri_connect"]
    assert (status(api.describe_ri(ri1)), status(api.describe_ri(ri2))) == ("Connecting", "AcceptingConnecting")


def test_connect_waits_for_the_acceptor_modified_last(api, clean_emulator, timed):
    clean_emulator.configure(profile={"ri_opposite_propagation": 3.0})
    vbr_id = api.vbr()
    ri1, ri2 = api.pair(vbr_id, connect=False)
    timed(0.2)
    api.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=ri2, OppositeRouterType="VBR")  # re-set
    api.expect("IncorrectStatus", 400, "ConnectRouterInterface", RouterInterfaceId=ri1)  # the acceptor: Modifying
    eventually(lambda: status(api.describe_ri(ri2)), "Idle")
    _, refusals = refused_until_accepted(lambda: api.call("ConnectRouterInterface", RouterInterfaceId=ri1),
                                         {"IncorrectOppositeInterfaceInfo.NotSet", "IncorrectStatus"})
    assert "IncorrectOppositeInterfaceInfo.NotSet" in refusals


# 3. Connect -------------------------------------------------------------------------------------------------------
def test_connect_needs_all_pairing_fields_on_both_ends(api):
    vbr_id = api.vbr()
    ri1 = api.call("CreateRouterInterface", RouterId=vbr_id, **VBR_RI)["RouterInterfaceId"]
    acceptor = {k: v for k, v in VPC_RI.items() if k not in ("OppositeRouterType", "OppositeAccessPointId")}
    ri2 = api.call("CreateRouterInterface", **acceptor)["RouterInterfaceId"]
    api.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=ri1, OppositeInterfaceId=ri2,
             OppositeRouterId=VROUTER)
    api.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=ri2, OppositeInterfaceId=ri1,
             OppositeRouterId=vbr_id)
    error = api.expect("IncorrectOppositeInterfaceInfo.NotSet", 400, "ConnectRouterInterface", RouterInterfaceId=ri1)
    assert "opposite router interface" in error.get_error_msg()  # the acceptor lacks OppositeRouterType
    api.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=ri2, OppositeRouterType="VBR")
    api.call("ConnectRouterInterface", RouterInterfaceId=ri1)


def test_without_jitter_the_pairing_is_in_effect_when_modifying_ends(api, clean_emulator, timed):
    """The default profile: a client that connects as soon as both ends are Idle again (the tutorial) succeeds."""
    vbr_id = api.vbr()
    ri1 = api.call("CreateRouterInterface", RouterId=vbr_id, **VBR_RI)["RouterInterfaceId"]
    ri2 = api.call("CreateRouterInterface", **VPC_RI)["RouterInterfaceId"]
    timed()
    api.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=ri1, OppositeInterfaceId=ri2,
             OppositeRouterId=VROUTER, OppositeRouterType="VRouter")
    api.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=ri2, OppositeInterfaceId=ri1,
             OppositeRouterId=vbr_id, OppositeRouterType="VBR")
    for ri in (ri1, ri2):
        assert eventually(lambda: status(api.describe_ri(ri)), "Idle") == "Idle"
    api.call("ConnectRouterInterface", RouterInterfaceId=ri1)
    assert [name for name, _ in transitions(clean_emulator, ri1)][-3:] == [
        "ri_modify_attribute", "ri_opposite_propagation", "ri_connect"]


def test_profile_overrides_through_config(clean_emulator):
    clean_emulator.configure(profile={"ri_create": 4.0})
    assert clean_emulator._admin("profile")["profile"]["ri_create"] == 4.0
    with pytest.raises(urllib.error.HTTPError):
        clean_emulator.configure(profile={"no_such_transition": 1.0})
    clean_emulator.configure(profile={})
    assert clean_emulator._admin("profile")["profile"]["ri_create"] == 1.0


def test_both_ends_become_active_after_the_connection(api, timed):
    ri1, ri2 = api.pair(api.vbr(), connect=False)
    timed(0.05)  # ri_connect: 0.5 s
    api.call("ConnectRouterInterface", RouterInterfaceId=ri1)
    assert (status(api.describe_ri(ri1)), status(api.describe_ri(ri2))) == ("Connecting", "AcceptingConnecting")
    api.expect("IncorrectStatus", 400, "ModifyRouterInterfaceAttribute", RouterInterfaceId=ri2, Name="busy")
    for ri in (ri1, ri2):
        assert eventually(lambda: status(api.describe_ri(ri)), "Active") == "Active"


# 4. Routes toward an unconnected interface ------------------------------------------------------------------------
def test_routes_need_an_active_next_hop_but_deletes_never_do(api, timed):
    vbr_id = api.vbr()
    vbr_table = api.vbr_table(vbr_id)
    ri1, ri2 = api.pair(vbr_id, connect=False)
    toward_vbr = dict(RouteTableId=VPC_TABLE, DestinationCidrBlock="192.168.0.0/16", NextHopType="RouterInterface",
                      NextHopId=ri2)
    toward_vpc = dict(RouteTableId=vbr_table, DestinationCidrBlock="10.0.0.0/8", NextHopType="RouterInterface",
                      NextHopId=ri1)
    error = api.expect("OperationDenied.VbrIdle", 400, "CreateRouteEntry", **toward_vbr)
    assert "idle" in error.get_error_msg()
    error = api.expect("IncorrectStatus.RouterInterface", 400, "CreateRouteEntry", **toward_vpc)
    assert error.get_error_msg() == "The specified RouterInterface status is invalid."
    timed(0.05)
    api.call("ConnectRouterInterface", RouterInterfaceId=ri1)
    api.expect("OperationDenied.VbrIdle", 400, "CreateRouteEntry", **toward_vbr)  # AcceptingConnecting
    api.expect("IncorrectStatus.RouterInterface", 400, "CreateRouteEntry", **toward_vpc)  # Connecting
    refused_until_accepted(lambda: api.call("CreateRouteEntry", **toward_vbr), {"OperationDenied.VbrIdle"})
    refused_until_accepted(lambda: api.call("CreateRouteEntry", **toward_vpc), {"IncorrectStatus.RouterInterface"})
    api.call("DeactivateRouterInterface", RouterInterfaceId=ri1)
    api.expect("IncorrectStatus.RouterInterface", 400, "CreateRouteEntry",
               **dict(toward_vpc, DestinationCidrBlock="10.1.0.0/16"))
    # The route toward the deactivating interface can still go.
    refused_until_accepted(lambda: api.call("DeleteRouteEntry", RouteTableId=vbr_table,
                                            DestinationCidrBlock="10.0.0.0/8", NextHopId=ri1), BUSY)
    assert status(api.describe_ri(ri1)) in ("Deactivating", "Inactive")


# 5. Route concurrency per router ----------------------------------------------------------------------------------
def test_route_tasks_are_serialised_per_router(api, timed):
    vbr_id = api.vbr()
    vbr_table = api.vbr_table(vbr_id)
    ri1, ri2 = api.pair(vbr_id)
    timed()  # route_task 0.5 s, route_entry_create 1.5 s
    first = api.call("CreateRouteEntry", RouteTableId=VPC_TABLE, DestinationCidrBlock="192.168.0.0/16",
                     NextHopType="RouterInterface", NextHopId=ri2)["RouteEntryId"]
    second = dict(RouteTableId=VPC_TABLE, DestinationCidrBlock="192.169.0.0/16", NextHopType="RouterInterface",
                  NextHopId=ri2)
    # Validation errors come first, then TaskConflict.
    api.expect("InvalidCidrBlock.Malformed", 400, "CreateRouteEntry", **dict(second, DestinationCidrBlock="x"))
    api.expect("InvalidCIDRBlock.Duplicate", 400, "CreateRouteEntry",
               **dict(second, DestinationCidrBlock="192.168.0.0/16"))
    api.expect("InvalidRouteEntry.NotFound", 400, "DeleteRouteEntry", RouteEntryId="rte-missing")
    error = api.expect("TaskConflict", 400, "CreateRouteEntry", **second)
    assert error.get_error_msg() == "The operation is too frequent, please wait a moment and try again."
    api.expect("TaskConflict", 400, "DeleteRouteEntry", RouteEntryId=first)
    # Another router is not held up.
    api.call("CreateRouteEntry", RouteTableId=vbr_table, DestinationCidrBlock="10.0.0.0/8",
             NextHopType="RouterInterface", NextHopId=ri1)
    # TaskConflict for a while, then NotStable while the first entry is Pending, then accepted.
    refusals = busy_refusals(lambda: api.call("CreateRouteEntry", **second))
    assert {m for c, m in refusals if c == "IncorrectRouteEntryStatus"} == {"The vpc has NotStable routeEntry status."}
    # The same on the VBR, with its own message, for a delete.
    timed(0.3)
    entry = codes_until_accepted(lambda: api.call(  # 10.0.0.0/8 may still be Pending
        "CreateRouteEntry", RouteTableId=vbr_table, DestinationCidrBlock="10.1.0.0/16", NextHopType="RouterInterface",
        NextHopId=ri1), BUSY)[0]["RouteEntryId"]
    refusals = busy_refusals(lambda: api.call("DeleteRouteEntry", RouteEntryId=entry))
    assert {m for c, m in refusals if c == "IncorrectRouteEntryStatus"} == {"VBR has NotStable route entry."}


def busy_refusals(attempt):
    """Retry while the router is busy; the refusals must be TaskConflict first, then IncorrectRouteEntryStatus."""
    _, refusals = codes_until_accepted(attempt, BUSY)
    codes = [code for code, _ in refusals]
    assert codes == sorted(codes, key=lambda c: c != "TaskConflict") and "IncorrectRouteEntryStatus" in codes
    return refusals


# 6. The interface deletion tail -----------------------------------------------------------------------------------
def test_vbr_delete_refused_a_while_after_its_interface_is_gone(api, timed):
    vbr_id = api.vbr()
    ri = api.call("CreateRouterInterface", RouterId=vbr_id, **VBR_RI)["RouterInterfaceId"]
    timed(0.3)  # ri_delete 0.9 s, then ri_delete_tail 0.6 s
    api.call("DeleteRouterInterface", RouterInterfaceId=ri)
    api.expect("InvalidOperation.RouterInterfaceNotDeleted", 400, "DeleteVirtualBorderRouter", VbrId=vbr_id)
    seen = []

    def delete_vbr():
        seen.append(api.describe_ri(ri))
        return api.call("DeleteVirtualBorderRouter", VbrId=vbr_id)

    _, refusals = refused_until_accepted(delete_vbr, {"InvalidOperation.RouterInterfaceNotDeleted",
                                                      "DependencyViolation.RouterInterface"})
    tail = refusals.index("DependencyViolation.RouterInterface")
    assert set(refusals[:tail]) == {"InvalidOperation.RouterInterfaceNotDeleted"}
    assert set(refusals[tail:]) == {"DependencyViolation.RouterInterface"}
    assert None not in seen[:tail] and seen[-1] is None  # NotDeleted while it existed; accepted once gone
    assert status(api.describe_vbr(vbr_id)) == "deleting"


# 7. Latency fuzzing -----------------------------------------------------------------------------------------------
def drawn(emulator, creates=8):
    """Seconds of the first `creates` VBR creates' transitions (each draws one)."""
    api = Api(emulator.url)
    for vlan in range(100, 100 + creates):
        api.vbr(vlan=vlan)
    return [t["Seconds"] for t in emulator.state()["Transitions"]]


def test_jitter_is_reproducible_from_the_seed(start_emulator):
    first = drawn(start_emulator(latency_scale=1.0, latency_jitter=0.5, seed=11))
    again = drawn(start_emulator(latency_scale=1.0, latency_jitter=0.5, seed=11))
    other = drawn(start_emulator(latency_scale=1.0, latency_jitter=0.5, seed=12))
    assert first == again
    assert other != first
    assert all(0.5 <= seconds <= 1.5 for seconds in first + other)  # vbr_create is 1.0 s
    assert len(set(first)) == len(first)


def test_jitter_factor_never_below_zero(start_emulator):
    seconds = drawn(start_emulator(latency_scale=1.0, latency_jitter=1.5, seed=3), creates=20)
    assert min(seconds) == 0.0 and max(seconds) <= 2.5


def test_jitter_through_config_and_profile(api, clean_emulator, start_emulator):
    try:
        config = clean_emulator.configure(latency_scale=1.0, latency_jitter=0.5, seed=11)
        assert config["latency_jitter"] == 0.5
        assert clean_emulator._admin("profile")["latency_jitter"] == 0.5
        # The same seed gives the same durations as a process started with it.
        reference = drawn(start_emulator(latency_scale=1.0, latency_jitter=0.5, seed=11))
        assert drawn(clean_emulator) == reference
    finally:
        clean_emulator.configure(latency_jitter=0, seed=1)


def test_jitter_does_not_shift_the_fault_sequence(start_emulator):
    def faults(jitter):
        emulator = start_emulator(latency_scale=1.0, latency_jitter=jitter, seed=5, faults="throttle=0.4")
        api = Api(emulator.url)
        for vlan in range(200, 212):
            try:
                api.vbr(vlan=vlan)
            except ServerException:  # a throttled create; the call log has the fault
                pass
        return [call["fault"] for call in emulator.calls()]

    plain = faults(0)
    assert "throttle" in plain and None in plain
    assert faults(0.9) == plain


def test_negative_jitter_is_refused(clean_emulator):
    with pytest.raises(urllib.error.HTTPError) as caught:
        clean_emulator.configure(latency_jitter=-0.1)
    assert caught.value.code == 400
    assert clean_emulator._admin("profile")["latency_jitter"] == 0.0


# 8. Response shapes -----------------------------------------------------------------------------------------------
def test_vbr_lists_its_physical_connection(api):
    vbr_id = api.vbr(vlan=30, CircuitCode="longtel001")
    item = api.describe_vbr(vbr_id)
    assert item["AssociatedPhysicalConnections"]["AssociatedPhysicalConnection"] == [{
        "CircuitCode": "longtel001", "EnableIpv6": False, "LocalGatewayIp": GATEWAYS["LocalGatewayIp"],
        "LocalIpv6GatewayIp": "", "PeerGatewayIp": GATEWAYS["PeerGatewayIp"], "PeerIpv6GatewayIp": "",
        "PeeringIpv6SubnetMask": "", "PeeringSubnetMask": GATEWAYS["PeeringSubnetMask"],
        "PhysicalConnectionBusinessStatus": "Normal", "PhysicalConnectionId": PC_ID,
        "PhysicalConnectionOwnerUid": item["PhysicalConnectionOwnerUid"], "PhysicalConnectionStatus": "Enabled",
        "Status": "active", "VlanId": "30", "VlanInterfaceId": item["VlanInterfaceId"]}]


def test_route_table_list_carries_code_message_success(api, clean_emulator):
    listed = api.call("DescribeRouteTableList", RouterId=VROUTER)
    assert (listed["Code"], listed["Message"], listed["Success"]) == ("200", "successful", True)
    # A success all the same: the call log keeps error codes only.
    (call,) = clean_emulator.calls()
    assert (call["http_status"], call["code"]) == (200, None)


def test_transitions_dump_names_each_drawn_duration_and_is_bounded(api, clean_emulator, timed):
    vbr_id = api.vbr()
    timed(0.1)
    before = time.time()
    ri = api.call("CreateRouterInterface", RouterId=vbr_id, **VBR_RI)["RouterInterfaceId"]
    entry = clean_emulator.state()["Transitions"][-1]
    assert (entry["ResourceId"], entry["Transition"], entry["Seconds"]) == (ri, "ri_create", 0.1)
    assert before + 0.1 <= entry["Until"] <= time.time() + 0.1
    timed(0)
    for n in range(210):  # each VBR create draws one duration
        api.vbr(vlan=1000 + n, pc=PC_OTHER)
    dumped = clean_emulator.state()["Transitions"]
    assert len(dumped) == 200 and dumped[-1]["Transition"] == "vbr_create"


def test_cli_rejects_negative_jitter():
    result = subprocess.run([str(VENV_BIN / "alicloud-vpc-emulator"), "--latency-jitter", "-0.5"],
                            capture_output=True)
    assert result.returncode == 2 and b"--latency-jitter" in result.stderr

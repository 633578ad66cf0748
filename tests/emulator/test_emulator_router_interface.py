"""Router interface APIs through the real SDK: happy paths and the documented rules."""

import pytest

from conftest import REGION, VROUTER

VBR_RI = dict(Spec="Large.2", Role="InitiatingSide", RouterType="VBR", OppositeRegionId=REGION,
              OppositeRouterType="VRouter", AccessPointId="ap-cn-hangzhou-xs-B")
VPC_RI = dict(Spec="Negative", Role="AcceptingSide", RouterType="VRouter", RouterId=VROUTER,
              OppositeRegionId=REGION, OppositeRouterType="VBR", OppositeAccessPointId="ap-cn-hangzhou-xs-B")


def test_pair_lifecycle_connect_deactivate_activate_delete(api):
    vbr_id = api.vbr()
    ri1, ri2 = api.pair(vbr_id, connect=False)
    one = api.describe_ri(ri1)
    assert (one["Status"], one["Role"], one["Spec"], one["Bandwidth"]) == ("Idle", "InitiatingSide", "Large.2", 2048)
    assert (one["OppositeInterfaceId"], one["OppositeRouterId"]) == (ri2, VROUTER)
    assert one["OppositeInterfaceStatus"] == "Idle"
    assert api.describe_ri(ri2)["VpcInstanceId"] == "vpc-emu0002"
    api.call("ConnectRouterInterface", RouterInterfaceId=ri1)
    assert api.describe_ri(ri1)["Status"] == api.describe_ri(ri2)["Status"] == "Active"
    api.call("DeactivateRouterInterface", RouterInterfaceId=ri1)
    assert (api.describe_ri(ri1)["Status"], api.describe_ri(ri2)["Status"]) == ("Inactive", "Active")
    api.call("ActivateRouterInterface", RouterInterfaceId=ri1)
    assert api.describe_ri(ri1)["Status"] == "Active"
    assert api.call("ModifyRouterInterfaceSpec", RouterInterfaceId=ri1, Spec="Middle.1")["Spec"] == "Middle.1"
    assert api.describe_ri(ri1)["Bandwidth"] == 100
    for ri in (ri1, ri2):
        api.call("DeactivateRouterInterface", RouterInterfaceId=ri)
        api.call("DeleteRouterInterface", RouterInterfaceId=ri)
    assert api.describe_ri(ri1) is None
    assert api.call("DescribeRouterInterfaces")["TotalCount"] == 0


def test_create_with_tags_and_health_check(api):
    vbr_id = api.vbr()
    ri = api.call("CreateRouterInterface", RouterId=vbr_id, Name="to-vpc", Description="Uplink to vpc",
                  HealthCheckSourceIp="10.0.0.1", HealthCheckTargetIp="10.0.0.2",
                  Tags=[{"Key": "env", "Value": "test"}], **VBR_RI)["RouterInterfaceId"]
    found = api.describe_ri(ri)
    assert found["Tags"] == {"Tags": [{"Key": "env", "Value": "test"}]}
    assert (found["Name"], found["HealthCheckTargetIp"]) == ("to-vpc", "10.0.0.2")
    api.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=ri, Name="renamed", DeleteHealthCheckIp=True,
             HcRate=2000, HcThreshold=8)
    found = api.describe_ri(ri)
    assert (found["Name"], found["HealthCheckSourceIp"], found["HcRate"]) == ("renamed", "", 2000)


@pytest.mark.parametrize("change, code", [
    ({"Spec": "Huge.9"}, "InvalidSpec.ValudNotSupported"),
    ({"Spec": "Negative"}, "InvalidSpec.ValudNotSupported"),
    ({"Role": "Observer"}, "InvalidRole.ValueNotSupported"),
    ({"Role": "AcceptingSide", "Spec": "Negative"}, "InvalidRole.ValueNotSupported"),  # a VBR only initiates
    ({"RouterType": "Switch"}, "InvalidRouterType.ValueNotSupported"),
    ({"Name": "9lives"}, "InvalidName.Malformed"),
])
def test_create_rules_on_vbr_side(api, change, code):
    api.expect(code, 400, "CreateRouterInterface", RouterId=api.vbr(), **dict(VBR_RI, **change))


def test_accepting_side_needs_negative_spec(api):
    api.expect("InvalidSpec.ValudNotSupported", 400, "CreateRouterInterface", **dict(VPC_RI, Spec="Large.2"))


def test_opposite_vbr_requires_accepting_side(api):
    api.expect("InvalidRole.ValueNotSupported", 400, "CreateRouterInterface",
               **dict(VPC_RI, Role="InitiatingSide", Spec="Large.1"))


def test_missing_access_points(api):
    vbr_ri = dict(VBR_RI)
    del vbr_ri["AccessPointId"]
    api.expect("MissingParameter", 400, "CreateRouterInterface", RouterId=api.vbr(), **vbr_ri)
    vpc_ri = dict(VPC_RI)
    del vpc_ri["OppositeAccessPointId"]
    api.expect("MissingParameter", 400, "CreateRouterInterface", **vpc_ri)


def test_router_must_exist_and_vbr_be_active(api):
    api.expect("InvalidRouterId.NotFound", 404, "CreateRouterInterface", RouterId="vbr-missing", **VBR_RI)
    api.expect("InvalidRouterId.NotFound", 404, "CreateRouterInterface", **dict(VPC_RI, RouterId="vrt-missing"))
    vbr_id = api.vbr()
    api.call("TerminateVirtualBorderRouter", VbrId=vbr_id)
    api.expect("InvalidVBRStatus", 400, "CreateRouterInterface", RouterId=vbr_id, **VBR_RI)


def test_at_most_five_interfaces_per_router(api):
    vbr_id = api.vbr()
    for _ in range(5):
        api.call("CreateRouterInterface", RouterId=vbr_id, **VBR_RI)
    api.expect("QuotaExceeded.RouterInterface", 400, "CreateRouterInterface", RouterId=vbr_id, **VBR_RI)


def test_only_one_connected_pair_between_two_routers(api):
    vbr_id = api.vbr()
    api.pair(vbr_id)
    ri3, _ = api.pair(vbr_id, connect=False)
    api.expect("Forbidden.OnlyOneConnection", 400, "ConnectRouterInterface", RouterInterfaceId=ri3)


def test_connect_rules(api):
    vbr_id = api.vbr()
    ri1 = api.call("CreateRouterInterface", RouterId=vbr_id, **VBR_RI)["RouterInterfaceId"]
    ri2 = api.call("CreateRouterInterface", **VPC_RI)["RouterInterfaceId"]
    api.expect("IncorrectOppositeInterfaceInfo.NotSet", 400, "ConnectRouterInterface", RouterInterfaceId=ri1)
    api.expect("IncorrectRole.NotInitiatingSide", 400, "ConnectRouterInterface", RouterInterfaceId=ri2)
    api.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=ri1, OppositeInterfaceId=ri2,
             OppositeRouterId=VROUTER, OppositeRouterType="VRouter")
    # The acceptor does not know the initiator yet.
    api.expect("IncorrectOppositeInterfaceInfo.NotSet", 400, "ConnectRouterInterface", RouterInterfaceId=ri1)
    api.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=ri2, OppositeInterfaceId=ri1,
             OppositeRouterId="vbr-someone-else", OppositeRouterType="VBR")
    api.expect("IncorrectOppositeInterfaceInfo", 400, "ConnectRouterInterface", RouterInterfaceId=ri1)
    api.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=ri2, OppositeRouterId=vbr_id)
    api.call("ConnectRouterInterface", RouterInterfaceId=ri1)
    api.expect("IncorrectStatus", 400, "ConnectRouterInterface", RouterInterfaceId=ri1)
    # Opposite information is frozen once the interface has left Idle.
    api.expect("IncorrectStatus", 400, "ModifyRouterInterfaceAttribute", RouterInterfaceId=ri1,
               OppositeInterfaceId="ri-other")
    api.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=ri1, Description="Still editable")


def test_state_rules_for_activate_deactivate_delete(api):
    ri1, ri2 = api.pair(api.vbr())
    api.expect("IncorrectStatus", 400, "ActivateRouterInterface", RouterInterfaceId=ri1)
    api.expect("IncorrectStatus", 400, "DeleteRouterInterface", RouterInterfaceId=ri1)
    api.call("DeactivateRouterInterface", RouterInterfaceId=ri1)
    api.expect("IncorrectStatus", 400, "DeactivateRouterInterface", RouterInterfaceId=ri1)


def test_delete_refused_while_a_route_points_at_it(api):
    vbr_id = api.vbr()
    ri1, _ = api.pair(vbr_id)
    api.call("CreateRouteEntry", RouteTableId=api.vbr_table(vbr_id), DestinationCidrBlock="10.0.0.0/8",
             NextHopType="RouterInterface", NextHopId=ri1)
    api.call("DeactivateRouterInterface", RouterInterfaceId=ri1)
    error = api.expect("DependencyViolation.RouterInterfaceReferedByRouteEntry", 400, "DeleteRouterInterface",
                       RouterInterfaceId=ri1)
    assert ri1 in error.get_error_msg()


def test_unknown_interface_ids(api):
    for action in ("ConnectRouterInterface", "ActivateRouterInterface", "DeactivateRouterInterface",
                   "DeleteRouterInterface", "ModifyRouterInterfaceAttribute"):
        api.expect("InvalidRouterInterfaceId.NotFound", 404, action, RouterInterfaceId="ri-missing")
    api.expect("InvalidRouterInterfaceId.NotFound", 404, "ModifyRouterInterfaceSpec", RouterInterfaceId="ri-missing",
               Spec="Large.1")


def test_describe_filters(api):
    vbr_id = api.vbr()
    ri1, ri2 = api.pair(vbr_id, connect=False)
    by_router = api.call("DescribeRouterInterfaces", Filter=[{"Key": "RouterId", "Value": [VROUTER]}])
    assert [r["RouterInterfaceId"] for r in by_router["RouterInterfaceSet"]["RouterInterfaceType"]] == [ri2]
    by_opposite = api.call("DescribeRouterInterfaces", Filter=[{"Key": "OppositeRouterId", "Value": [VROUTER]},
                                                               {"Key": "Status", "Value": ["Idle"]}])
    assert [r["RouterInterfaceId"] for r in by_opposite["RouterInterfaceSet"]["RouterInterfaceType"]] == [ri1]
    api.expect("InvalidFilterKey.ValueNotSupported", 404, "DescribeRouterInterfaces",
               Filter=[{"Key": "Spec", "Value": ["Large.2"]}])
    api.expect("InvalidParameter", 400, "DescribeRouterInterfaces", PageSize=100)


def test_client_token_on_create(api, clean_emulator):
    vbr_id = api.vbr()
    first = api.call("CreateRouterInterface", RouterId=vbr_id, ClientToken="ri-token", **VBR_RI)
    again = api.call("CreateRouterInterface", RouterId=vbr_id, ClientToken="ri-token", **VBR_RI)
    assert first["RouterInterfaceId"] == again["RouterInterfaceId"]
    assert len(clean_emulator.state()["RouterInterfaces"]) == 1
    api.expect("IdempotentParameterMismatch", 400, "CreateRouterInterface", RouterId=vbr_id, ClientToken="ri-token",
               **dict(VBR_RI, Spec="Large.1"))


def test_modify_attribute_formats(api):
    ri = api.call("CreateRouterInterface", RouterId=api.vbr(), **VBR_RI)["RouterInterfaceId"]
    api.expect("InvalidName.Malformd", 400, "ModifyRouterInterfaceAttribute", RouterInterfaceId=ri, Name="-bad")
    api.expect("InvalidOppositeRouterType.ValueNotSupported", 400, "ModifyRouterInterfaceAttribute",
               RouterInterfaceId=ri, OppositeRouterType="Gateway")
    api.expect("InvalidDescription.Malformed", 400, "ModifyRouterInterfaceAttribute", RouterInterfaceId=ri,
               Description="https://x")


def test_spec_change_only_on_the_initiator(api):
    _, ri2 = api.pair(api.vbr())
    api.expect("InvalidSpec.ValudNotSupported", 400, "ModifyRouterInterfaceSpec", RouterInterfaceId=ri2,
               Spec="Large.1")


def test_cannot_connect_on_the_same_router(api):
    initiator = dict(VPC_RI, Role="InitiatingSide", Spec="Small.1", OppositeRouterType="VRouter")
    del initiator["OppositeAccessPointId"]
    ri1 = api.call("CreateRouterInterface", **initiator)["RouterInterfaceId"]
    ri2 = api.call("CreateRouterInterface", **dict(initiator, Role="AcceptingSide", Spec="Negative"))[
        "RouterInterfaceId"]
    api.call("ModifyRouterInterfaceAttribute", RouterInterfaceId=ri1, OppositeInterfaceId=ri2,
             OppositeRouterId=VROUTER)
    error = api.expect("IncorrectOppositeInterfaceInfo", 400, "ConnectRouterInterface", RouterInterfaceId=ri1)
    assert error.get_error_msg() == "Cannot connect on the same router"


def test_prepaid_interface_returns_an_order(api):
    """PrePaid only across regions (test_emulator_charge_type.py), read back as "Prepaid" (topologies §3.2)."""
    other_region = dict(VBR_RI, OppositeRegionId="cn-shanghai")
    answer = api.call("CreateRouterInterface", RouterId=api.vbr(), InstanceChargeType="PrePaid",
                      PricingCycle="Month", Period=1, AutoPay=True, **other_region)
    assert answer["OrderId"]
    assert api.describe_ri(answer["RouterInterfaceId"])["ChargeType"] == "Prepaid"
    api.expect("MissingParameter", 400, "CreateRouterInterface", RouterId=api.vbr(vlan=11),
               InstanceChargeType="PrePaid", AutoPay=True, **other_region)

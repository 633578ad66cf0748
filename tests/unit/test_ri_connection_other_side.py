"""ali_ri_connection.other_side_errors: each end must name the region its opposite is read in and, across accounts,
the other's account; said before any change, naming the option to fix."""

from types import SimpleNamespace

from ansible_collections.aliyun.express_connect.plugins.modules import ali_ri_connection as mod


def module(region="cn-hangzhou"):
    return SimpleNamespace(client=SimpleNamespace(region=region),
                           params=dict(router_interface_id="ri-init", opposite_interface_id="ri-acc"))


def end(ri_id, opposite_region="cn-hangzhou", owner=""):
    return dict(RouterInterfaceId=ri_id, OppositeRegionId=opposite_region, OppositeInterfaceOwnerId=owner)


def test_ends_that_name_each_other_pass():
    assert mod.other_side_errors(module(), end("ri-init"), end("ri-acc")) == []
    assert mod.other_side_errors(module(), end("ri-init", owner="2"), end("ri-acc", owner="1")) == []


def test_a_wrong_opposite_region_is_named():
    (error,) = mod.other_side_errors(module(), end("ri-init", opposite_region="cn-shanghai"), end("ri-acc"))
    assert error.startswith("router_interface_id ri-init names opposite region cn-shanghai, but opposite_interface_id "
                            "ri-acc is in region cn-hangzhou (opposite_connection.alicloud_region)")
    (error,) = mod.other_side_errors(module(), end("ri-init"), end("ri-acc", opposite_region="cn-beijing"))
    assert error.startswith("opposite_interface_id ri-acc names opposite region cn-beijing, but router_interface_id "
                            "ri-init is in region cn-hangzhou (alicloud_region)")


def test_an_end_that_names_no_account_while_the_other_does():
    (error,) = mod.other_side_errors(module(), end("ri-init", owner="2"), end("ri-acc"))
    assert error.startswith("opposite_interface_id ri-acc names no opposite account while router_interface_id ri-init "
                            "names account 2")

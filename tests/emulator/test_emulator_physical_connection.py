"""DescribePhysicalConnections through the legacy SDK (aliyunsdkvpc) and the Tea SDK: every field of the Tea model,
the documented filters, paging, region scoping, tags, and fixtures that set their own values."""

import json

import pytest
from alibabacloud_vpc20160428 import models

from conftest import PC_DISABLED, PC_ID, PC_OTHER, Api, unset_model_fields
from support.emulator import REGION
from support.tea import tea_client

from alicloud_vpc_emulator import fixtures as fixture_file, physical_connection
from alicloud_vpc_emulator.fixtures import PC_KEYS, PC_OPTIONAL_KEYS

ACTION = "DescribePhysicalConnections"
ITEM_MODEL = models.DescribePhysicalConnectionsResponseBodyPhysicalConnectionSetPhysicalConnectionType
ALL = [PC_ID, PC_OTHER, PC_DISABLED]  # the default fixtures, in their order


def listed(api, **params):
    body = api.call(ACTION, **params)
    return body, body["PhysicalConnectionSet"]["PhysicalConnectionType"]


def ids(items):
    return [item["PhysicalConnectionId"] for item in items]


def model_field_names():
    """The API field names the Tea item model knows (to_map of a model with every attribute set)."""
    item = ITEM_MODEL()
    for attribute in vars(item):
        setattr(item, attribute, "x")
    item.tags = models.DescribePhysicalConnectionsResponseBodyPhysicalConnectionSetPhysicalConnectionTypeTags()
    item.macsec_keys = \
        models.DescribePhysicalConnectionsResponseBodyPhysicalConnectionSetPhysicalConnectionTypeMacsecKeys()
    return set(item.to_map())


def test_fixture_keys_are_the_tea_items_fields():
    """Required + optional fixture keys + the two nested lists = the model's fields; defaults cover the rest."""
    assert set(PC_KEYS) | set(PC_OPTIONAL_KEYS) | {"Tags", "MacsecKeys"} == model_field_names()
    assert set(physical_connection.DEFAULTS) | set(physical_connection.DERIVED) == set(PC_OPTIONAL_KEYS)
    for name, kind in PC_OPTIONAL_KEYS.items():
        if name in physical_connection.DEFAULTS:
            assert type(physical_connection.DEFAULTS[name]) is kind, name


def test_lists_every_field_of_the_tea_model_and_round_trips(api, clean_emulator):
    body, items = listed(api)
    assert ids(items) == ALL
    assert (body["TotalCount"], body["PageNumber"], body["PageSize"]) == (3, 1, 10)
    for item in items:
        assert set(item) == model_field_names()
    parsed = models.DescribePhysicalConnectionsResponseBody().from_map(body)
    assert unset_model_fields(parsed) == []  # every field the model names, nested ones included
    assert parsed.to_map() == body  # values and types survive
    first, _, disabled = items
    fixture = clean_emulator.fixtures()["physical_connections"][0]
    assert (first["AccessPointId"], first["Status"]) == (fixture["AccessPointId"], fixture["Status"])
    # Values from the default fixtures file, the emulator's defaults, and values derived from the status.
    assert (first["Name"], first["LineOperator"], first["Spec"], first["Bandwidth"], first["PortType"]) == \
        ("hangzhou-office-1", "CT", "1G", 1000, "1000Base-LX")
    assert (first["Type"], first["ProductType"], first["BusinessStatus"], first["AccessPointType"]) == \
        ("VPC", "PhysicalConnection", "Normal", "VPC")
    assert (first["LoaStatus"], disabled["LoaStatus"]) == ("Complete", "Completing")
    assert first["EnabledTime"] == first["CreationTime"] and first["CreationTime"].endswith("Z")
    assert disabled["EnabledTime"] == "" and disabled["Status"] == "Confirmed"
    assert first["Tags"] == {"tags": []} and first["MacsecKeys"] == {"MacsecKey": []}
    assert first["VirtualPhysicalConnectionCount"] == 0  # hosted connections on it (not VBRs): none emulated


@pytest.mark.parametrize("key, values, expected", [
    ("PhysicalConnectionId", [PC_DISABLED, PC_ID], [PC_ID, PC_DISABLED]),  # values OR, listed in fixture order
    ("PhysicalConnectionId", ["pc-typo01"], []),
    ("AccessPointId", ["ap-cn-hangzhou-xs-A"], [PC_OTHER]),
    ("Status", ["Enabled"], [PC_ID, PC_OTHER]),
    ("Status", ["Confirmed"], [PC_DISABLED]),
    ("Name", ["hangzhou-lab"], [PC_DISABLED]),
    ("Name", ["hangzhou"], []),  # exact, not a prefix
    ("LineOperator", ["CU", "CM"], [PC_OTHER, PC_DISABLED]),
    ("Spec", ["10G"], [PC_DISABLED]),
    ("Type", ["VPC"], ALL),
    ("ProductType", ["VirtualPhysicalConnection"], []),
])
def test_filters(api, key, values, expected):
    body, items = listed(api, Filter=[{"Key": key, "Value": values}])
    assert ids(items) == expected and body["TotalCount"] == len(expected)


def test_filters_combine_with_and(api):
    _, items = listed(api, Filter=[{"Key": "Status", "Value": ["Enabled"]},
                                   {"Key": "PhysicalConnectionId", "Value": [PC_OTHER, PC_DISABLED]}])
    assert ids(items) == [PC_OTHER]


@pytest.mark.parametrize("key", ["VbrId", "type", "BusinessStatus", "Colour"])
def test_unknown_filter_key_is_refused(api, key):
    error = api.expect("InvalidFilterKey.ValueNotSupported", 404, ACTION, Filter=[{"Key": key, "Value": ["x"]}])
    assert "Filter.1.key" in error.get_error_msg()


def test_paging(api):
    pages = [listed(api, PageSize=2, PageNumber=n) for n in (1, 2, 3)]
    assert [ids(items) for _, items in pages] == [[PC_ID, PC_OTHER], [PC_DISABLED], []]
    assert {(body["TotalCount"], body["PageSize"]) for body, _ in pages} == {(3, 2)}
    assert [body["PageNumber"] for body, _ in pages] == [1, 2, 3]
    api.expect("InvalidParameter", 400, ACTION, PageSize=51)
    api.expect("InvalidParameter", 400, ACTION, PageNumber=0)


def test_region_scoped(api):
    body, items = listed(api, RegionId="cn-beijing")
    assert (body["TotalCount"], items) == (0, [])
    api.expect("InvalidRegionId.NotFound", 404, ACTION, RegionId="xx-nowhere-1")


def test_tags_show_and_filter(api):
    api.call("TagResourcesForExpressConnect", ResourceType="PHYSICALCONNECTION", ResourceId=[PC_OTHER],
             Tag=[{"Key": "site", "Value": "hz"}, {"Key": "Team", "Value": "net"}])
    _, items = listed(api, Filter=[{"Key": "PhysicalConnectionId", "Value": [PC_OTHER]}])
    assert items[0]["Tags"] == {"tags": [{"Key": "site", "Value": "hz"}, {"Key": "Team", "Value": "net"}]}
    _, items = listed(api, Tags=[{"Key": "site", "Value": "hz"}])
    assert ids(items) == [PC_OTHER]
    _, items = listed(api, Tags=[{"Key": "site"}])  # a key alone matches any value
    assert ids(items) == [PC_OTHER]
    _, items = listed(api, Tags=[{"Key": "site", "Value": "bj"}])
    assert items == []


def test_other_parameters(api):
    """ClientToken and IncludeReservationData are accepted (there are no pending orders); ResourceGroupId filters."""
    _, items = listed(api, ClientToken="same-token", IncludeReservationData=True)
    assert ids(items) == ALL
    _, again = listed(api, ClientToken="same-token")
    assert ids(again) == ALL  # a read is answered afresh, never refused as a token replay
    assert listed(api, ResourceGroupId="rg-acfmzzzzzzzzzzz")[1] == []
    api.expect("InvalidParameter", 400, ACTION, IncludeReservationData="maybe")


def test_fixtures_set_their_own_values(start_emulator, tmp_path):
    """Any scalar Tea field in a fixture replaces the default; other regions see nothing; 60 items page as 50 + 10."""
    pcs = [{"PhysicalConnectionId": "pc-bj%03d" % n, "AccessPointId": "ap-cn-beijing-ft-A", "Status": "Enabled"}
           for n in range(60)]
    pcs[0].update(Name="beijing-1", LineOperator="Equinix", Spec="100G", Bandwidth=100000, ChargeType="PostPaid",
                  ResourceGroupId="rg-acfmbeijing0001", RedundantPhysicalConnectionId="pc-bj001",
                  CreationTime="2024-03-01T08:00:00Z", EnabledTime="2024-03-05T02:00:00Z")
    fixtures = {"region": "cn-beijing", "physical_connections": pcs,
                "vpcs": [{"VpcId": "vpc-bj", "VRouterId": "vrt-bj", "RouteTableId": "vtb-bj",
                          "CidrBlock": "192.168.0.0/16", "VSwitchCidrs": ["192.168.1.0/24"]}]}
    path = tmp_path / "fixtures.json"
    path.write_text(json.dumps(fixtures))
    api = Api(start_emulator(fixtures=path).url, region="cn-beijing")
    first_page, items = listed(api, PageSize=50)
    assert first_page["TotalCount"] == 60 and len(items) == 50
    item = items[0]
    assert {key: item[key] for key in pcs[0]} == pcs[0]
    assert item["LoaStatus"] == "Complete" and item["Type"] == "VPC"  # defaults for what the fixture left out
    assert ids(listed(api, PageSize=50, PageNumber=2)[1]) == ["pc-bj%03d" % n for n in range(50, 60)]
    assert ids(listed(api, ResourceGroupId="rg-acfmbeijing0001")[1]) == ["pc-bj000"]
    assert listed(api, RegionId=REGION)[0]["TotalCount"] == 0


@pytest.mark.parametrize("change, message", [
    ({"Colour": "red"}, "unknown keys Colour"),
    ({"Bandwidth": "1000"}, "Bandwidth must be an integer"),
    ({"Name": 7}, "Name must be a string"),
])
def test_bad_fixture_keys_fail_at_start_up(tmp_path, change, message):
    data = json.loads(fixture_file.DEFAULT_FILE.read_text())
    data["physical_connections"][0].update(change)
    path = tmp_path / "fixtures.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match=message):
        fixture_file.load(path)


@pytest.mark.parametrize("algorithm", [None, "v2"])
def test_tea_client(clean_emulator, algorithm):
    client = tea_client(clean_emulator, algorithm)
    request = models.DescribePhysicalConnectionsRequest(region_id=REGION, page_size=2, filter=[
        models.DescribePhysicalConnectionsRequestFilter(key="Status", value=["Enabled", "Confirmed"]),
        models.DescribePhysicalConnectionsRequestFilter(key="AccessPointId", value=["ap-cn-hangzhou-xs-B",
                                                                                  "ap-cn-hangzhou-xs-C"])])
    body = client.describe_physical_connections(request).body
    assert (body.total_count, body.page_size, body.page_number) == (2, 2, 1)
    first, third = body.physical_connection_set.physical_connection_type
    assert (first.physical_connection_id, first.name, first.bandwidth, first.status) == \
        (PC_ID, "hangzhou-office-1", 1000, "Enabled")
    assert (third.physical_connection_id, third.spec, third.loa_status) == (PC_DISABLED, "10G", "Completing")
    assert first.tags.tags == [] and first.macsec_keys.macsec_key == []

"""Pure helpers of module_utils/vbr.py: validation, change computation, normalisation."""

import pytest

from ansible_collections.aliyun.express_connect.plugins.module_utils import vbr

GOOD = dict(physical_connection_id="pc-1", vlan_id=10, local_gateway_ip="10.0.0.1", peer_gateway_ip="10.0.0.2",
            peering_subnet_mask="255.255.255.252", name="a-b.c_d", description="Some text")


def test_valid_params():
    assert vbr.validate_params(GOOD) == []
    assert vbr.validate_params(dict(GOOD, vlan_id=0)) == []
    assert vbr.validate_params(dict(GOOD, vlan_id=2999, peering_subnet_mask="255.255.255.0",
                                    peer_gateway_ip="10.0.0.254")) == []


@pytest.mark.parametrize("override, expected", [
    ({"vlan_id": 3000}, "vlan_id must be between 0 and 2999"),
    ({"peering_subnet_mask": "255.255.255.254"}, "peering_subnet_mask must be a dotted netmask"),
    ({"peering_subnet_mask": "30"}, "peering_subnet_mask must be a dotted netmask"),
    ({"peering_subnet_mask": "0.0.0.3"}, "peering_subnet_mask must be a dotted netmask"),
    ({"peering_subnet_mask": "255.0.255.0"}, "peering_subnet_mask must be a dotted netmask"),
    ({"peer_gateway_ip": "10.0.0.5"}, "same subnet"),
    ({"peer_gateway_ip": "10.0.0.3"}, "peer_gateway_ip 10.0.0.3 must be a host address"),
    ({"local_gateway_ip": "fe80::1"}, "local_gateway_ip must be an IPv4 address"),
    ({"local_gateway_ip": "nope"}, "local_gateway_ip must be a valid IPv4 address"),
    ({"name": "x"}, "name must be"),
    ({"name": "abc def"}, "name must be"),
    ({"description": "9lives"}, "description must be"),
    ({"description": "https://x"}, "description must be"),
    ({"min_rx_interval": 1001}, "min_rx_interval must be between 200 and 1000"),
    ({"detect_multiplier": 2}, "detect_multiplier must be between 3 and 10"),
    ({"bandwidth": 0}, "bandwidth must be a positive"),
    ({"vlan_id": None}, "vlan_id is required with physical_connection_id"),
])
def test_invalid_params(override, expected):
    errors = vbr.validate_params(dict(GOOD, **override))
    assert any(expected in error for error in errors), errors


def test_changes_compare_canonical_values():
    current = {"VbrId": "vbr-1", "VlanId": "10", "LocalGatewayIp": "10.0.0.1", "PeerGatewayIp": "10.0.0.2",
               "PeeringSubnetMask": "255.255.255.252", "Name": "a-b.c_d", "Description": "Some text",
               "DetectMultiplier": 3, "Mtu": 1500}
    assert vbr.attribute_changes(current, GOOD) == {}
    assert vbr.attribute_changes(current, dict(GOOD, mtu=1500, detect_multiplier=3)) == {}
    assert vbr.attribute_changes(current, dict(GOOD, description="Other", mtu=8500)) == {"Description": "Other", "Mtu": 8500}
    assert vbr.attribute_changes(current, {"name": None}) == {}


def test_merged_gateway_and_predict():
    current = {"VbrId": "vbr-1", "LocalGatewayIp": "10.0.0.1", "PeerGatewayIp": "10.0.0.2",
               "PeeringSubnetMask": "255.255.255.252"}
    wanted = {"PeerGatewayIp": "10.0.1.2"}
    assert vbr.gateway_errors(*vbr.merged_gateway(current, wanted))
    assert vbr.predict(current, wanted)["PeerGatewayIp"] == "10.0.1.2"


def test_create_params_and_prediction():
    params = dict(GOOD, detect_multiplier=5, circuit_code=None)
    request = vbr.create_params(params)
    assert request == {"PhysicalConnectionId": "pc-1", "VlanId": 10, "LocalGatewayIp": "10.0.0.1",
                       "PeerGatewayIp": "10.0.0.2", "PeeringSubnetMask": "255.255.255.252", "Name": "a-b.c_d",
                       "Description": "Some text"}
    predicted = vbr.normalize(vbr.predict_created(params))
    assert predicted["status"] == "active" and predicted["detect_multiplier"] == 5 and predicted["vbr_id"] is None


def test_missing_create_options():
    assert vbr.missing_create_options(GOOD) == []
    assert vbr.missing_create_options({"physical_connection_id": "pc", "vlan_id": 0}) == [
        "local_gateway_ip", "peer_gateway_ip", "peering_subnet_mask"]


def test_filter_items_and_diff_view():
    items = [{"VbrId": "a", "VlanId": 1, "PhysicalConnectionId": "pc-1", "Status": "active", "Name": "n"},
             {"VbrId": "b", "VlanId": "2", "PhysicalConnectionId": "pc-2", "Status": "terminated"}]
    assert [i["VbrId"] for i in vbr.filter_items(items, vlan_id=2)] == ["b"]
    assert [i["VbrId"] for i in vbr.filter_items(items, status="active", name="n")] == ["a"]
    assert vbr.diff_view(None) == {}
    view = vbr.diff_view(items[0])
    assert view["vbr_id"] == "a" and view["vlan_id"] == 1 and "status" not in view


class FakeClient:
    def __init__(self, items):
        self.items = items
        self.requests = []

    def paginate(self, action, params, path):
        self.requests.append((action, params))
        filters = dict((f["Key"], f["Value"]) for f in params.get("Filter", []))
        assert all(len(values) <= 5 for values in filters.values())
        return [i for i in self.items if "VbrId" not in filters or i["VbrId"] in filters["VbrId"]]


def test_describe_chunks_ids_and_find_by_key_skips_deleting():
    items = [{"VbrId": "vbr-%d" % n, "VlanId": n % 3, "PhysicalConnectionId": "pc-1",
              "Status": "deleting" if n == 3 else "active"} for n in range(12)]
    client = FakeClient(items)
    assert len(vbr.describe(client, vbr_ids=["vbr-%d" % n for n in range(12)])) == 12
    assert len(client.requests) == 3
    assert [i["VbrId"] for i in vbr.find_by_key(client, "pc-1", 0)] == ["vbr-0", "vbr-6", "vbr-9"]
    assert vbr.get(client, "vbr-3")["Status"] == "deleting"
    assert vbr.get(client, "vbr-99") is None

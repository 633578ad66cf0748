"""Pure helpers of module_utils/bgp.py: validation, comparison, prediction, normalisation, queries."""

import pytest

from ansible_collections.aliyun.express_connect.plugins.module_utils import bgp

GROUP = dict(router_id="vbr-1", name="idc-bgp", peer_asn=65001, local_asn=None, description=None, auth_key=None,
             is_fake_asn=None, route_limit=None, ip_version=None, bgp_group_id=None)
DESCRIBED = {"BgpGroupId": "bgpg-1", "RouterId": "vbr-1", "Name": "idc-bgp", "Description": "", "PeerAsn": "65001",
             "LocalAsn": "45104", "AuthKey": "s3cret-key", "IsFake": "false", "RouteLimit": "110", "IpVersion": "IPv4",
             "Hold": "30", "Keepalive": "10", "Status": "Available"}


# -- validation -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("asn", [45104, 64512, 65534, 65024, 65026, 4200000000, 4294967294])
def test_local_asn_allowed(asn):
    assert bgp.local_asn_error(asn) is None


@pytest.mark.parametrize("asn", [65025, 1, 45103, 64511, 65535, 4199999999, 4294967295, 0, -1])
def test_local_asn_refused(asn):
    error = bgp.local_asn_error(asn)
    assert error.startswith("local_asn must be 45104, 64512 to 65534 or 4200000000 to 4294967294")
    assert "65025" in error and str(asn) in error


@pytest.mark.parametrize("asn, rule", [(0, "from 1 to 4294967295"), (4294967296, "from 1 to 4294967295"),
                                       (45104, "must not be 45104")])
def test_peer_asn_refused(asn, rule):
    error = bgp.peer_asn_error(asn)
    assert error.startswith("peer_asn") and rule in error


@pytest.mark.parametrize("asn", [1, 65001, 45105, 4294967295])
def test_peer_asn_allowed(asn):
    assert bgp.peer_asn_error(asn) is None


@pytest.mark.parametrize("name, ok", [("ab", True), ("a" * 128, True), ("a.b_c-d9", True), ("a", False),
                                      ("a" * 129, False), ("1ab", False), ("ab c", False), ("_ab", False)])
def test_name(name, ok):
    error = bgp.name_error(name)
    assert (error is None) is ok
    if not ok:
        assert error.startswith("name must be 2 to 128 characters, start with a letter")


@pytest.mark.parametrize("text, ok", [("ab", True), ("A" + "x" * 255, True), ("a", False), ("A" + "x" * 256, False),
                                      ("9lives", False), ("http://x", False), ("https://x", False),
                                      ("Https://x", False), ("Links at http://x", True)])
def test_description(text, ok):
    error = bgp.description_error(text)
    assert (error is None) is ok
    if not ok:
        assert error.startswith("description must be 2 to 256 characters")


def test_validate_group_collects_every_error():
    errors = bgp.validate_group(dict(GROUP, local_asn=65025, peer_asn=45104, name="1x", description="http://a",
                                     route_limit=0))
    assert [error.split(" ")[0] for error in errors] == ["local_asn", "peer_asn", "name", "description", "route_limit"]
    assert bgp.validate_group(GROUP) == []
    assert bgp.validate_group(dict(GROUP, name=None)) == [
        "name is required when bgp_group_id is not given (a group is identified by router_id and name)"]
    assert bgp.validate_group(dict(GROUP, name=None, router_id=None, bgp_group_id="bgpg-1")) == []


def test_validate_peer():
    good = dict(bgp_peer_id=None, bgp_group_id="bgpg-1", peer_ip_address="10.0.0.2", enable_bfd=True,
                bfd_multi_hop=1, ip_version=None)
    assert bgp.validate_peer(good) == []
    assert bgp.validate_peer(dict(good, bfd_multi_hop=255)) == []
    cases = [
        ({"bfd_multi_hop": 0}, "bfd_multi_hop must be from 1 to 255, got 0"),
        ({"bfd_multi_hop": 256}, "bfd_multi_hop must be from 1 to 255, got 256"),
        ({"enable_bfd": None}, "bfd_multi_hop is only meaningful with BFD: set enable_bfd to true"),
        ({"enable_bfd": False}, "bfd_multi_hop is only meaningful with BFD"),
        ({"peer_ip_address": "10.0.0.300"}, "peer_ip_address must be an IP address, got '10.0.0.300'"),
        ({"peer_ip_address": "fe80::1"}, None),
        ({"peer_ip_address": "fe80::1", "ip_version": "IPv4"}, "peer_ip_address must be an IPv4 address"),
        ({"peer_ip_address": "10.0.0.2", "ip_version": "IPv6"}, "peer_ip_address must be an IPv6 address"),
        ({"peer_ip_address": None}, "peer_ip_address is required when bgp_peer_id is not given"),
        ({"peer_ip_address": None, "bgp_group_id": None},
         "bgp_group_id and peer_ip_address are required when bgp_peer_id is not given"),
        ({"peer_ip_address": None, "bgp_group_id": None, "bgp_peer_id": "bgp-1"}, None),
    ]
    for override, expected in cases:
        errors = bgp.validate_peer(dict(good, **override))
        if expected is None:
            assert errors == [], override
        else:
            assert any(error.startswith(expected) for error in errors), (override, errors)


def test_validate_networks_canonical_and_deduplicated():
    errors, blocks = bgp.validate_networks(["10.0.0.0/16", "172.16.0.0/12", "10.0.0.0/16", "2001:DB8::/32"])
    assert errors == [] and blocks == ["10.0.0.0/16", "172.16.0.0/12", "2001:db8::/32"]
    errors, blocks = bgp.validate_networks(["10.0.0.1/16", "nope", "10.0.0.0/33", "10.0.0.1", "192.168.0.0/24"],
                                           vpc_id="vbr-1")
    assert blocks == ["192.168.0.0/24"]
    assert errors == [
        "dst_cidr_blocks: '10.0.0.1/16' has host bits set; the network is 10.0.0.0/16",
        "dst_cidr_blocks: 'nope' is not a CIDR block such as 10.0.0.0/16",
        "dst_cidr_blocks: '10.0.0.0/33' is not a CIDR block such as 10.0.0.0/16",
        "dst_cidr_blocks: '10.0.0.1' must have a prefix length, such as 10.0.0.1/32",
        "vpc_id must be a VPC ID (vpc-...), got 'vbr-1'",
    ]


# -- comparison and prediction -----------------------------------------------------------------------------------
def test_group_changes_compare_typed_values():
    same = dict(GROUP, local_asn=45104, route_limit=110, is_fake_asn=False, auth_key="s3cret-key", description="")
    assert bgp.group_changes(DESCRIBED, same) == {}
    assert bgp.group_changes(dict(DESCRIBED, IsFake=False, RouteLimit=110, PeerAsn=65001), same) == {}
    wanted = bgp.group_changes(DESCRIBED, dict(GROUP, peer_asn=65002, local_asn=64600, is_fake_asn=True,
                                               route_limit=200, description="New text", auth_key="other"))
    assert wanted == {"PeerAsn": 65002, "LocalAsn": 64600, "IsFakeAsn": True, "RouteQuota": 200,
                      "Description": "New text", "AuthKey": "other"}


def test_group_auth_key_clear_only_when_set():
    assert bgp.group_changes(DESCRIBED, dict(GROUP, auth_key="")) == {"ClearAuthKey": True}
    assert bgp.group_changes(dict(DESCRIBED, AuthKey=""), dict(GROUP, auth_key="")) == {}
    assert bgp.group_changes(dict(DESCRIBED, AuthKey=None), dict(GROUP, auth_key="")) == {}
    predicted = bgp.predict_group(DESCRIBED, {"ClearAuthKey": True, "IsFakeAsn": True, "RouteQuota": 5})
    assert predicted["AuthKey"] == "" and predicted["IsFake"] is True and predicted["RouteLimit"] == 5
    assert "ClearAuthKey" not in predicted and "RouteQuota" not in predicted


def test_group_immutable_options():
    assert bgp.group_immutable_errors(DESCRIBED, dict(GROUP, ip_version="IPv4")) == []
    assert bgp.group_immutable_errors(dict(DESCRIBED, IpVersion="ipv4"), dict(GROUP, ip_version="IPv4")) == []
    assert bgp.group_immutable_errors(dict(DESCRIBED, IpVersion=""), dict(GROUP, ip_version="IPv4")) == []
    errors = bgp.group_immutable_errors(DESCRIBED, dict(GROUP, ip_version="IPv6", router_id="vbr-2"))
    assert errors == ["router_id cannot be changed after creation (BGP group bgpg-1 is on vbr-1, not vbr-2)",
                      "ip_version cannot be changed after creation (BGP group bgpg-1 is IPv4, not IPv6)"]


def test_group_create_params_and_prediction():
    params = dict(GROUP, auth_key="", route_limit=50, is_fake_asn=False)
    assert bgp.group_create_params(params) == {"RouterId": "vbr-1", "PeerAsn": 65001, "Name": "idc-bgp",
                                               "RouteQuota": 50, "IsFakeAsn": False}
    predicted = bgp.predict_created_group(params)
    assert predicted["LocalAsn"] == 45104 and predicted["RouteLimit"] == 50 and predicted["IpVersion"] == "IPv4"
    view = bgp.group_diff_view(predicted)
    assert view["auth_key_set"] is False and view["auth_key"] == "" and view["local_asn"] == 45104


def test_peer_changes_always_send_enable_bfd():
    off = {"BgpPeerId": "bgp-1", "EnableBfd": False, "BfdMultiHop": 0}
    on = {"BgpPeerId": "bgp-1", "EnableBfd": True, "BfdMultiHop": 1}
    assert bgp.peer_changes(off, {"enable_bfd": False}) == {}
    assert bgp.peer_changes(off, {}) == {}
    assert bgp.peer_changes(on, {"enable_bfd": True, "bfd_multi_hop": 1}) == {}
    assert bgp.peer_changes(on, {"enable_bfd": True}) == {}
    assert bgp.peer_changes(off, {"enable_bfd": True}) == {"EnableBfd": True, "BfdMultiHop": 255}
    assert bgp.peer_changes(off, {"enable_bfd": True, "bfd_multi_hop": 3}) == {"EnableBfd": True, "BfdMultiHop": 3}
    assert bgp.peer_changes(on, {"enable_bfd": True, "bfd_multi_hop": 9}) == {"EnableBfd": True, "BfdMultiHop": 9}
    assert bgp.peer_changes(on, {"enable_bfd": False}) == {"EnableBfd": False}
    assert bgp.peer_changes(dict(on, EnableBfd="true", BfdMultiHop="1"), {"enable_bfd": True, "bfd_multi_hop": 1}) == {}
    assert bgp.predict_peer(on, {"EnableBfd": False})["BfdMultiHop"] == 0
    assert bgp.predict_peer(off, {"EnableBfd": True, "BfdMultiHop": 255})["BfdMultiHop"] == 255


def test_peer_prediction_and_diff_view():
    group = {"RouterId": "vbr-1", "PeerAsn": "65001", "LocalAsn": "45104"}
    params = {"bgp_group_id": "bgpg-1", "peer_ip_address": "10.0.0.2", "enable_bfd": True, "bfd_multi_hop": None,
              "ip_version": None}
    predicted = bgp.predict_created_peer(params, group)
    assert predicted["BfdMultiHop"] == 255 and predicted["RouterId"] == "vbr-1" and predicted["Status"] == "Available"
    assert bgp.peer_create_params(params) == {"BgpGroupId": "bgpg-1", "PeerIpAddress": "10.0.0.2", "EnableBfd": True}
    view = bgp.peer_diff_view(predicted)
    assert view["enable_bfd"] is True and view["bfd_multi_hop"] == 255
    assert "bfd_multi_hop" not in bgp.peer_diff_view(dict(predicted, EnableBfd=False))


def test_same_ip():
    assert bgp.same_ip("10.0.0.2", "10.0.0.2") and bgp.same_ip("2001:DB8::1", "2001:db8:0::1")
    assert not bgp.same_ip("10.0.0.2", "10.0.0.3") and not bgp.same_ip("10.0.0.2", "")


# -- normalisation: the key never leaves ---------------------------------------------------------------------------
def test_normalize_types_and_drops_the_key():
    group = bgp.normalize(DESCRIBED)
    assert "auth_key" not in group and group["auth_key_set"] is True
    assert "s3cret-key" not in repr(group)
    assert group["peer_asn"] == 65001 and group["local_asn"] == 45104 and group["route_limit"] == 110
    assert group["is_fake"] is False and group["hold"] == 30 and group["bgp_group_id"] == "bgpg-1"
    assert bgp.normalize(dict(DESCRIBED, AuthKey=""))["auth_key_set"] is False
    peer = bgp.normalize({"BgpPeerId": "bgp-1", "AuthKey": "k", "EnableBfd": "true", "BfdMultiHop": "1",
                          "IsFake": True, "BgpStatus": "Idle", "PeerIpAddress": "10.0.0.2"})
    assert peer == {"bgp_peer_id": "bgp-1", "auth_key_set": True, "enable_bfd": True, "bfd_multi_hop": 1,
                    "is_fake": True, "bgp_status": "Idle", "peer_ip_address": "10.0.0.2"}
    assert bgp.normalize({"DstCidrBlock": "10.0.0.0/16", "RouterId": "vbr-1", "Status": "Available"}) == {
        "dst_cidr_block": "10.0.0.0/16", "router_id": "vbr-1", "status": "Available"}
    assert bgp.normalize(None) == {}


def test_group_diff_view_shows_the_key_only_as_set_changed_or_not():
    before = bgp.group_diff_view(DESCRIBED)
    after = bgp.group_diff_view(dict(DESCRIBED, AuthKey="new-key"), key_changed=True)
    assert before["auth_key"] == "<hidden>" and after["auth_key"] == "<hidden, changed>"
    assert "s3cret-key" not in repr(before) + repr(after) and "new-key" not in repr(after)
    assert bgp.group_diff_view(dict(DESCRIBED, AuthKey=""))["auth_key"] == ""
    assert bgp.group_diff_view(None) == {}
    assert bgp.secrets([DESCRIBED, {"AuthKey": ""}, {}]) == {"s3cret-key"}


def test_sorting_and_labels():
    assert bgp.sort_cidrs(["10.0.0.0/8", "2001:db8::/32", "9.0.0.0/8", "10.0.0.0/16"]) == [
        "9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/16", "2001:db8::/32"]
    assert bgp.network_key({"DstCidrBlock": "2001:DB8::/32"}) == "2001:db8::/32"
    message = bgp.vbr_dependencies_message("vbr-1", [dict(DESCRIBED)],
                                           [{"DstCidrBlock": "10.0.0.0/16", "Status": "Available"}])
    assert message.startswith("VBR vbr-1 still has BGP groups bgpg-1 (idc-bgp, Available) and advertised BGP "
                              "networks 10.0.0.0/16 (Available)")
    assert "s3cret-key" not in message


# -- queries ---------------------------------------------------------------------------------------------------
class FakeClient:
    """paginate() over canned items, recording the filters; the real pagination is tested in test_client.py."""

    def __init__(self, items):
        self.items = items
        self.calls = []

    def paginate(self, action, params, path):
        self.calls.append((action, params, path))
        return list(self.items)


def test_lookups_filter_client_side_and_skip_deleting():
    groups = [dict(DESCRIBED), dict(DESCRIBED, BgpGroupId="bgpg-2", Status="Deleting"),
              dict(DESCRIBED, BgpGroupId="bgpg-3", RouterId="vbr-2"), dict(DESCRIBED, BgpGroupId="bgpg-4", Name="x")]
    client = FakeClient(groups)
    assert [g["BgpGroupId"] for g in bgp.find_groups(client, "vbr-1", "idc-bgp")] == ["bgpg-1"]
    assert client.calls == [("DescribeBgpGroups", {"RouterId": "vbr-1"}, "BgpGroups.BgpGroup")]
    assert bgp.get_group(client, "bgpg-2")["Status"] == "Deleting"
    assert bgp.get_group(client, "bgpg-9") is None

    peers = [{"BgpPeerId": "bgp-1", "BgpGroupId": "bgpg-1", "PeerIpAddress": "10.0.0.2", "Status": "Available"},
             {"BgpPeerId": "bgp-2", "BgpGroupId": "bgpg-1", "PeerIpAddress": "10.0.0.2", "Status": "Deleted"},
             {"BgpPeerId": "bgp-3", "BgpGroupId": "bgpg-1", "PeerIpAddress": "", "Status": "Available"}]
    client = FakeClient(peers)
    assert [p["BgpPeerId"] for p in bgp.find_peers(client, "bgpg-1", "10.0.0.2")] == ["bgp-1"]
    assert client.calls[0][:2] == ("DescribeBgpPeers", {"BgpGroupId": "bgpg-1"})

    client = FakeClient([{"DstCidrBlock": "10.0.0.0/16", "RouterId": "vbr-1"},
                         {"DstCidrBlock": "10.1.0.0/16", "RouterId": "vbr-2"}])
    assert [n["DstCidrBlock"] for n in bgp.describe_networks(client, "vbr-1")] == ["10.0.0.0/16"]
    assert client.calls == [("DescribeBgpNetworks", {"RouterId": "vbr-1"}, "BgpNetworks.BgpNetwork")]

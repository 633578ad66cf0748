"""ali_bgp_info through ansible-playbook against the emulator."""

import pytest

from support.bgp import add_network, bgp_vbr, create_group, create_peer
from support.calls import mutating
from support.playbook import run

SECRET = "Info-Secret-Key-31337"
GROUPS = 55  # more than one page (50) of groups and of networks
NETWORKS = 55


@pytest.fixture(scope="module")
def bgp_world(emulator):
    emulator.reset()
    emulator.configure(latency_scale=0.0, latency_jitter=0.0, profile={}, faults="", rate_limit=0)
    vbr_id, peer_ip = bgp_vbr(emulator, 400)
    prefix = peer_ip.rsplit(".", 1)[0] + "."
    keyed = create_group(emulator, vbr_id, "keyed", AuthKey=SECRET)
    others = [create_group(emulator, vbr_id, "group-%02d" % n, peer_asn=65100 + n) for n in range(GROUPS - 1)]
    peer_ids = [create_peer(emulator, keyed, peer_ip, EnableBfd=True, BfdMultiHop=1),
                create_peer(emulator, keyed, prefix + "3")]
    other_peer = create_peer(emulator, others[0], prefix + "4")
    for n in range(NETWORKS):
        add_network(emulator, vbr_id, "10.%d.0.0/16" % (100 + n))
    # Another VBR's BGP objects are never listed.
    elsewhere, elsewhere_ip = bgp_vbr(emulator, 401)
    elsewhere_group = create_group(emulator, elsewhere, "keyed", AuthKey=SECRET)
    create_peer(emulator, elsewhere_group, elsewhere_ip)
    add_network(emulator, elsewhere, "192.168.0.0/24")
    yield dict(vbr_id=vbr_id, keyed=keyed, others=others, peer_ids=peer_ids, other_peer=other_peer, peer_ip=peer_ip)
    emulator.reset()


def info(ansible, emulator, args, check=False):
    result, calls = run(ansible, emulator, "ali_bgp_info", args, check=check)
    assert result["failed"] is False, result.get("msg", result)
    assert result["changed"] is False
    return result, calls


def pages(calls, action):
    return sorted(int(c["params"]["PageNumber"]) for c in calls if c["action"] == action)


def test_everything_on_the_vbr_every_page(emulator, ansible, bgp_world):
    result, calls = info(ansible, emulator, {"router_id": bgp_world["vbr_id"]})
    assert result["router_id"] == bgp_world["vbr_id"]
    assert sorted(g["bgp_group_id"] for g in result["bgp_groups"]) == sorted([bgp_world["keyed"]] + bgp_world["others"])
    assert sorted(p["bgp_peer_id"] for p in result["bgp_peers"]) == sorted(bgp_world["peer_ids"] + [bgp_world["other_peer"]])
    assert [n["dst_cidr_block"] for n in result["bgp_networks"]] == ["10.%d.0.0/16" % (100 + n) for n in range(NETWORKS)]
    assert pages(calls, "DescribeBgpGroups") == [1, 2] and pages(calls, "DescribeBgpNetworks") == [1, 2]
    assert pages(calls, "DescribeBgpPeers") == [1]
    assert {c["params"]["PageSize"] for c in calls} == {"50"}
    assert mutating(calls) == []

    keyed = next(g for g in result["bgp_groups"] if g["bgp_group_id"] == bgp_world["keyed"])
    assert keyed["auth_key_set"] is True and "auth_key" not in keyed
    assert keyed["name"] == "keyed" and keyed["peer_asn"] == 65001 and keyed["status"] == "Available"
    assert keyed["route_limit"] == 110 and keyed["is_fake"] is False
    assert all(g["auth_key_set"] is False for g in result["bgp_groups"] if g["bgp_group_id"] != bgp_world["keyed"])
    peer = next(p for p in result["bgp_peers"] if p["bgp_peer_id"] == bgp_world["peer_ids"][0])
    assert peer["peer_ip_address"] == bgp_world["peer_ip"] and peer["bgp_status"] == "Established"
    assert peer["enable_bfd"] is True and peer["bfd_multi_hop"] == 1 and peer["auth_key_set"] is True
    assert SECRET not in str(result)


@pytest.mark.lifecycle
def test_one_group_and_its_peers(emulator, ansible, bgp_world):
    for args in ({"router_id": bgp_world["vbr_id"], "bgp_group_id": bgp_world["keyed"]},
                 {"bgp_group_id": bgp_world["keyed"]}):
        for check in (False, True):
            result, calls = info(ansible, emulator, args, check=check)
            assert result["router_id"] == bgp_world["vbr_id"]
            assert [g["bgp_group_id"] for g in result["bgp_groups"]] == [bgp_world["keyed"]]
            assert sorted(p["bgp_peer_id"] for p in result["bgp_peers"]) == sorted(bgp_world["peer_ids"])
            assert len(result["bgp_networks"]) == NETWORKS  # the networks belong to the VBR
            assert mutating(calls) == [] and SECRET not in str(result)


def test_unknown_ids(emulator, ansible, bgp_world):
    result, calls = info(ansible, emulator, {"bgp_group_id": "bgpg-doesnotexist"})
    assert result["router_id"] is None
    assert result["bgp_groups"] == [] and result["bgp_peers"] == [] and result["bgp_networks"] == []
    assert [c["action"] for c in calls] == ["DescribeBgpGroups"]
    result, calls = run(ansible, emulator, "ali_bgp_info", {})
    assert result["failed"] is True and "router_id" in result["msg"] and "bgp_group_id" in result["msg"]
    assert calls == []

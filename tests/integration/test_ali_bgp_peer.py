"""ali_bgp_peer through ansible-playbook against the emulator."""

import pytest

from support.bgp import bgp_vbr, create_group, create_peer, peers, sent
from support.calls import mutating, mutating_actions
from support.playbook import assert_ok, run, run_many


def without_id(view):
    return {k: v for k, v in view.items() if k != "bgp_peer_id"}


def setup_group(emu, vlan_id):
    """A VBR and a group on it; returns (vbr_id, group_id, peer gateway IP, the subnet's prefix 10.1.x.)."""
    vbr_id, peer_ip = bgp_vbr(emu, vlan_id)
    group_id = create_group(emu, vbr_id, "idc-bgp", AuthKey="Peer-Test-Key")
    return vbr_id, group_id, peer_ip, peer_ip.rsplit(".", 1)[0] + "."


@pytest.mark.lifecycle
def test_lifecycle_check_apply_modify_absent(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id, group_id, peer_ip, _ = setup_group(emu, 200)
    args = dict(bgp_group_id=group_id, peer_ip_address=peer_ip, enable_bfd=True, bfd_multi_hop=1)

    # 1. check mode: would create; nothing mutating.
    predicted, calls = run(ansible, emu, "ali_bgp_peer", args, check=True, diff=True)
    assert_ok(predicted)
    assert predicted["changed"] is True and predicted["bgp_peer_id"] is None
    assert predicted["diff"]["before"] == {}
    assert predicted["diff"]["after"] == {"bgp_peer_id": None, "bgp_group_id": group_id, "router_id": vbr_id,
                                          "peer_ip_address": peer_ip, "ip_version": "IPv4", "enable_bfd": True,
                                          "bfd_multi_hop": 1}
    assert mutating_actions(calls) == [] and peers(emu) == []

    # 2. apply: one create with a ClientToken, waits for Available; the diff is the predicted one.
    result, calls = run(ansible, emu, "ali_bgp_peer", args, diff=True)
    assert_ok(result)
    assert result["changed"] is True
    peer = result["bgp_peer"]
    peer_id = result["bgp_peer_id"]
    assert peer_id.startswith("bgp-") and peer["bgp_peer_id"] == peer_id and peer["status"] == "Available"
    assert peer["enable_bfd"] is True and peer["bfd_multi_hop"] == 1 and peer["router_id"] == vbr_id
    assert peer["peer_asn"] == 65001 and peer["local_asn"] == 45104 and peer["auth_key_set"] is True
    assert "auth_key" not in peer and "Peer-Test-Key" not in str(result)
    assert without_id(result["diff"]["after"]) == without_id(predicted["diff"]["after"])
    assert mutating_actions(calls) == ["CreateBgpPeer"]
    create = mutating(calls)[0]
    assert create["params"]["ClientToken"]
    assert sent(create) == {"BgpGroupId": group_id, "PeerIpAddress": peer_ip, "EnableBfd": "True", "BfdMultiHop": "1"}

    # 3. check mode, 4. apply again (by key and by ID), the check mode of a modification: nothing mutating.
    bfd_off = dict(args, enable_bfd=False, bfd_multi_hop=None)
    bfd_off = {k: v for k, v in bfd_off.items() if v is not None}
    results, calls = run_many(ansible, emu, [
        ("ali_bgp_peer", args, {"check_mode": True}),
        ("ali_bgp_peer", args),
        ("ali_bgp_peer", {"bgp_peer_id": peer_id, "enable_bfd": True, "peer_ip_address": peer_ip,
                          "ip_version": "IPv4"}),
        ("ali_bgp_peer", {"bgp_group_id": group_id, "peer_ip_address": peer_ip}),
        ("ali_bgp_peer", bfd_off, {"check_mode": True, "diff": True}),
    ])
    for result in results[:4]:
        assert_ok(result)
        assert result["changed"] is False and result["bgp_peer_id"] == peer_id
    prediction = results[4]
    assert_ok(prediction)
    assert prediction["changed"] is True
    assert prediction["diff"]["before"]["enable_bfd"] is True and prediction["diff"]["after"]["enable_bfd"] is False
    assert "bfd_multi_hop" not in prediction["diff"]["after"]
    assert mutating_actions(calls) == []

    # 5. BFD off: one ModifyBgpPeerAttribute; diff as predicted.
    result, calls = run(ansible, emu, "ali_bgp_peer", bfd_off, diff=True)
    assert_ok(result)
    assert result["changed"] is True and result["diff"] == prediction["diff"]
    assert result["bgp_peer"]["enable_bfd"] is False and result["bgp_peer"]["bfd_multi_hop"] == 0
    assert [sent(c) for c in mutating(calls)] == [{"BgpPeerId": peer_id, "EnableBfd": "False"}]

    # 6. BFD on again without a hop count: the documented default 255 is sent, so the prediction is exact.
    bfd_on = {"bgp_peer_id": peer_id, "enable_bfd": True}
    results, calls = run_many(ansible, emu, [
        ("ali_bgp_peer", bfd_on, {"check_mode": True, "diff": True}),
        ("ali_bgp_peer", bfd_on, {"diff": True}),
        ("ali_bgp_peer", bfd_on),
    ])
    for result in results:
        assert_ok(result)
    assert results[0]["changed"] is True and results[0]["diff"] == results[1]["diff"]
    assert results[1]["changed"] is True and results[1]["bgp_peer"]["bfd_multi_hop"] == 255
    assert results[2]["changed"] is False
    assert [sent(c) for c in mutating(calls)] == [{"BgpPeerId": peer_id, "EnableBfd": "True",
                                                          "BfdMultiHop": "255"}]

    # 7. absent in check mode: would delete, nothing mutating; 8. absent: one delete, waits until gone.
    absent = {"bgp_group_id": group_id, "peer_ip_address": peer_ip, "state": "absent"}
    result, calls = run(ansible, emu, "ali_bgp_peer", absent, check=True, diff=True)
    assert_ok(result)
    assert result["changed"] is True and result["diff"]["after"] == {} and result["diff"]["before"]["bgp_peer_id"] == peer_id
    assert mutating_actions(calls) == [] and len(peers(emu)) == 1
    result, calls = run(ansible, emu, "ali_bgp_peer", absent)
    assert_ok(result)
    assert result["changed"] is True and result["bgp_peer_id"] == peer_id
    assert mutating_actions(calls) == ["DeleteBgpPeer"] and peers(emu) == []

    # 9. absent again (check mode, by key, by ID): nothing to do.
    results, calls = run_many(ansible, emu, [
        ("ali_bgp_peer", absent, {"check_mode": True}),
        ("ali_bgp_peer", absent),
        ("ali_bgp_peer", {"bgp_peer_id": peer_id, "state": "absent"}),
    ])
    for result in results:
        assert_ok(result)
        assert result["changed"] is False and result["bgp_peer"] == {}
    assert mutating_actions(calls) == []


BAD_INPUTS = [
    ({"bfd_multi_hop": 0}, "bfd_multi_hop", "from 1 to 255"),
    ({"bfd_multi_hop": 256}, "bfd_multi_hop", "from 1 to 255"),
    ({"enable_bfd": None}, "bfd_multi_hop", "set enable_bfd to true"),
    ({"enable_bfd": False}, "bfd_multi_hop", "only meaningful with BFD"),
    ({"peer_ip_address": "10.1.0.256"}, "peer_ip_address", "must be an IP address"),
    ({"peer_ip_address": "fe80::1", "ip_version": "IPv4"}, "peer_ip_address", "IPv4 address"),
    ({"peer_ip_address": None}, "peer_ip_address", "required when bgp_peer_id is not given"),
    ({"bgp_group_id": None}, "bgp_group_id", "bgp_peer_id"),
    ({"established_timeout": 0}, "established_timeout", "greater than 0"),
    ({"ip_version": "ipv9"}, "ip_version", "IPv4, IPv6"),
]


def test_bad_input_fails_before_any_call(clean_emulator, ansible):
    good = dict(bgp_group_id="bgpg-any", peer_ip_address="10.1.0.2", enable_bfd=True, bfd_multi_hop=1)
    cases = [{k: v for k, v in dict(good, **override).items() if v is not None} for override, _, _ in BAD_INPUTS]
    results = ansible.run_modules([("ali_bgp_peer", args) for args in cases])
    for (override, option, rule), result in zip(BAD_INPUTS, results):
        assert result["failed"] is True, override
        assert option in result["msg"] and rule in result["msg"], (override, result["msg"])
        assert "Traceback" not in result["msg"]
    assert clean_emulator.calls() == []


def test_new_address_is_a_new_peer_and_immutable_options(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id, group_id, peer_ip, prefix = setup_group(emu, 210)
    other_group = create_group(emu, vbr_id, "second-group", peer_asn=65002)
    peer_id = create_peer(emu, group_id, peer_ip)
    results, calls = run_many(ansible, emu, [
        ("ali_bgp_peer", {"bgp_peer_id": peer_id, "peer_ip_address": prefix + "3"}),
        ("ali_bgp_peer", {"bgp_peer_id": peer_id, "bgp_group_id": other_group}),
        ("ali_bgp_peer", {"bgp_peer_id": peer_id, "ip_version": "IPv6", "enable_bfd": True}, {"check_mode": True}),
        ("ali_bgp_peer", {"bgp_peer_id": "bgp-doesnotexist", "enable_bfd": True}),
        ("ali_bgp_peer", {"bgp_group_id": "bgpg-doesnotexist", "peer_ip_address": peer_ip}),
    ])
    assert results[0]["failed"] is True
    assert results[0]["msg"].startswith("peer_ip_address cannot be changed after creation (BGP peer %s has %s, not %s)"
                                        % (peer_id, peer_ip, prefix + "3")), results[0]["msg"]
    assert "a new address is a new peer" in results[0]["msg"]
    assert results[1]["failed"] is True and "bgp_group_id cannot be changed after creation" in results[1]["msg"]
    assert results[2]["failed"] is True and "ip_version cannot be changed after creation" in results[2]["msg"]
    assert results[3]["failed"] is True and "bgp-doesnotexist not found" in results[3]["msg"]
    assert results[4]["failed"] is True and "bgpg-doesnotexist: no such BGP group" in results[4]["msg"]
    assert mutating_actions(calls) == []

    # Without the ID, another address is another peer: a second one is created, the first is left alone.
    result, calls = run(ansible, emu, "ali_bgp_peer", {"bgp_group_id": group_id, "peer_ip_address": prefix + "3"})
    assert_ok(result)
    assert result["changed"] is True and result["bgp_peer_id"] != peer_id
    assert mutating_actions(calls) == ["CreateBgpPeer"]
    assert sorted(p["PeerIpAddress"] for p in peers(emu)) == sorted([peer_ip, prefix + "3"])


def test_wait_established(clean_emulator, ansible):
    emu = clean_emulator
    _, group_id, peer_ip, prefix = setup_group(emu, 220)
    # Time in the world: the session settles 3 s after the peer is Available.
    emu.configure(latency_scale=1.0)
    result, calls = run(ansible, emu, "ali_bgp_peer", {"bgp_group_id": group_id, "peer_ip_address": peer_ip,
                                                       "wait_established": True, "established_timeout": 60})
    assert_ok(result)
    assert result["changed"] is True
    assert result["bgp_peer"]["bgp_status"] == "Established" and result["bgp_peer"]["status"] == "Available"
    assert mutating_actions(calls) == ["CreateBgpPeer"]

    # An address where no router answers: the peer is made, the session stays Idle, the wait fails saying why.
    emu.configure(latency_scale=0.0)
    result, calls = run(ansible, emu, "ali_bgp_peer", {"bgp_group_id": group_id, "peer_ip_address": prefix + "5",
                                                       "wait_established": True, "established_timeout": 2})
    assert result["failed"] is True
    assert result["msg"].startswith("Timeout waiting for the BGP session of peer %s (%s) to become Established "
                                    "(last seen Idle)" % (result["bgp_peer_id"], prefix + "5")), result["msg"]
    assert "customer's router" in result["msg"] and "Peer-Test-Key" not in str(result)
    assert result["changed"] is True and result["bgp_peer"]["status"] == "Available"
    assert result["wait"]["last_status"] == "Idle"
    assert mutating_actions(calls) == ["CreateBgpPeer"]

    # Unchanged: nothing mutating; in check mode the Idle session is not waited for (it would time out).
    results, calls = run_many(ansible, emu, [
        ("ali_bgp_peer", {"bgp_group_id": group_id, "peer_ip_address": peer_ip, "wait_established": True}),
        ("ali_bgp_peer", {"bgp_group_id": group_id, "peer_ip_address": prefix + "5", "wait_established": True},
         {"check_mode": True}),
    ])
    for result in results:
        assert_ok(result)
        assert result["changed"] is False
    assert mutating_actions(calls) == []


def test_quota_of_eight_peers_per_vbr(clean_emulator, ansible):
    emu = clean_emulator
    _, group_id, _, prefix = setup_group(emu, 230)
    for host in range(3, 11):
        create_peer(emu, group_id, prefix + str(host))
    result, calls = run(ansible, emu, "ali_bgp_peer", {"bgp_group_id": group_id, "peer_ip_address": prefix + "11"})
    assert result["failed"] is True
    assert "QuotaExceeded.Bgp" in result["msg"] and "RequestId: " in result["msg"]
    assert result["error"]["code"] == "QuotaExceeded.Bgp"
    assert [(c["action"], c["code"]) for c in mutating(calls)] == [("CreateBgpPeer", "QuotaExceeded.Bgp")]
    assert len(peers(emu)) == 8

"""ali_bgp_group through ansible-playbook against the emulator."""

import pytest

from support.bgp import add_network, bgp_vbr, create_group, create_peer, groups, sent
from support.calls import mutating, mutating_actions
from support.faults import seed_with_draws
from support.playbook import assert_ok, run, run_many
from support.sdk import sdk_call

KEY = "Gr0up-Key+4711"


def args_for(vbr_id, **extra):
    return dict(dict(router_id=vbr_id, name="idc-bgp", description="BGP to the data centre", peer_asn=65001,
                     auth_key=KEY), **extra)


def without_id(view):
    return {k: v for k, v in view.items() if k != "bgp_group_id"}


@pytest.mark.lifecycle
def test_lifecycle_check_apply_modify_absent(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id, _ = bgp_vbr(emu, 100)
    args = args_for(vbr_id)

    # 1. check mode: would create; nothing mutating, nothing created.
    predicted, calls = run(ansible, emu, "ali_bgp_group", args, check=True, diff=True)
    assert_ok(predicted)
    assert predicted["changed"] is True and predicted["bgp_group_id"] is None
    assert predicted["diff"]["before"] == {}
    assert predicted["diff"]["after"]["name"] == "idc-bgp" and predicted["diff"]["after"]["auth_key"] == "<hidden>"
    assert mutating_actions(calls) == [] and groups(emu) == []

    # 2. apply: one create with a ClientToken, waits for Available; the diff is the one check mode predicted.
    result, calls = run(ansible, emu, "ali_bgp_group", args, diff=True)
    assert_ok(result)
    assert result["changed"] is True
    group = result["bgp_group"]
    group_id = result["bgp_group_id"]
    assert group_id.startswith("bgpg-") and group["bgp_group_id"] == group_id
    assert group["status"] == "Available" and group["router_id"] == vbr_id
    assert group["peer_asn"] == 65001 and group["local_asn"] == 45104 and group["route_limit"] == 110
    assert group["is_fake"] is False and group["ip_version"] == "IPv4" and group["auth_key_set"] is True
    assert "auth_key" not in group
    assert without_id(result["diff"]["after"]) == without_id(predicted["diff"]["after"])
    assert mutating_actions(calls) == ["CreateBgpGroup"]
    create = [c for c in calls if c["action"] == "CreateBgpGroup"][0]
    assert create["params"]["ClientToken"]
    assert {k: v for k, v in sent(create).items() if k != "AuthKey"} == {
        "RouterId": vbr_id, "Name": "idc-bgp", "Description": "BGP to the data centre", "PeerAsn": "65001"}

    # 3. check mode again, 4. apply again (by natural key and by ID), then the check mode of a modification:
    # nothing mutating across the whole playbook.
    modified = args_for(vbr_id, peer_asn=65002, local_asn=64600, route_limit=200, is_fake_asn=True,
                        description="Second description", auth_key="New-Key+0815")
    results, calls = run_many(ansible, emu, [
        ("ali_bgp_group", args, {"check_mode": True}),
        ("ali_bgp_group", args),
        ("ali_bgp_group", {"bgp_group_id": group_id, "peer_asn": 65001, "auth_key": KEY, "ip_version": "IPv4"}),
        ("ali_bgp_group", modified, {"check_mode": True, "diff": True}),
    ])
    for result in results[:3]:
        assert_ok(result)
        assert result["changed"] is False and result["bgp_group_id"] == group_id
    prediction = results[3]
    assert_ok(prediction)
    assert prediction["changed"] is True
    assert prediction["diff"]["before"]["peer_asn"] == 65001 and prediction["diff"]["after"]["peer_asn"] == 65002
    assert prediction["diff"]["before"]["auth_key"] == "<hidden>"
    assert prediction["diff"]["after"]["auth_key"] == "<hidden, changed>"
    assert mutating_actions(calls) == []
    assert groups(emu)[0]["PeerAsn"] == "65001"

    # 5. the modification: one ModifyBgpGroupAttribute with only the changed fields; diff as predicted.
    result, calls = run(ansible, emu, "ali_bgp_group", modified, diff=True)
    assert_ok(result)
    assert result["changed"] is True and result["diff"] == prediction["diff"]
    group = result["bgp_group"]
    assert (group["peer_asn"], group["local_asn"], group["route_limit"], group["is_fake"]) == (65002, 64600, 200, True)
    assert group["description"] == "Second description" and group["status"] == "Available"
    assert mutating_actions(calls) == ["ModifyBgpGroupAttribute"]
    modify = mutating_call(calls, "ModifyBgpGroupAttribute")
    assert sorted(sent(modify)) == ["AuthKey", "BgpGroupId", "Description", "IsFakeAsn", "LocalAsn", "PeerAsn",
                                    "RouteQuota"]
    assert groups(emu)[0]["AuthKey"] == "New-Key+0815"

    # 6. the key cleared with an empty string: ClearAuthKey; then unchanged.
    cleared = dict(modified, auth_key="")
    result, calls = run(ansible, emu, "ali_bgp_group", cleared, diff=True)
    assert_ok(result)
    assert result["changed"] is True and result["bgp_group"]["auth_key_set"] is False
    assert result["diff"]["before"]["auth_key"] == "<hidden>" and result["diff"]["after"]["auth_key"] == ""
    assert [sent(c) for c in mutating(calls)] == [{"BgpGroupId": group_id, "ClearAuthKey": "True"}]
    assert groups(emu)[0]["AuthKey"] == ""

    # 7. unchanged re-run; absent in check mode: would delete. Nothing mutating.
    results, calls = run_many(ansible, emu, [
        ("ali_bgp_group", cleared),
        ("ali_bgp_group", dict(args, state="absent"), {"check_mode": True, "diff": True}),
    ])
    assert_ok(results[0])
    assert results[0]["changed"] is False
    assert_ok(results[1])
    assert results[1]["changed"] is True and results[1]["bgp_group_id"] == group_id
    assert results[1]["diff"]["before"]["bgp_group_id"] == group_id and results[1]["diff"]["after"] == {}
    assert mutating_actions(calls) == [] and len(groups(emu)) == 1

    # 8. absent: one delete, waits until gone.
    result, calls = run(ansible, emu, "ali_bgp_group", dict(args, state="absent"))
    assert_ok(result)
    assert result["changed"] is True and result["bgp_group_id"] == group_id
    assert mutating_actions(calls) == ["DeleteBgpGroup"] and groups(emu) == []

    # 9. absent again (check mode, by key, by ID): nothing to do.
    results, calls = run_many(ansible, emu, [
        ("ali_bgp_group", dict(args, state="absent"), {"check_mode": True}),
        ("ali_bgp_group", dict(args, state="absent")),
        ("ali_bgp_group", {"bgp_group_id": group_id, "state": "absent"}),
    ])
    for result in results:
        assert_ok(result)
        assert result["changed"] is False and result["bgp_group"] == {}
    assert mutating_actions(calls) == []


def mutating_call(calls, action):
    return [c for c in mutating(calls) if c["action"] == action][0]


BAD_INPUTS = [
    ({"local_asn": 65025}, "local_asn", "not the reserved 65025"),
    ({"local_asn": 65535}, "local_asn", "64512 to 65534"),
    ({"local_asn": 100}, "local_asn", "4200000000 to 4294967294"),
    ({"peer_asn": 45104}, "peer_asn", "must not be 45104"),
    ({"peer_asn": 0}, "peer_asn", "from 1 to 4294967295"),
    ({"peer_asn": 4294967296}, "peer_asn", "from 1 to 4294967295"),
    ({"name": "1group"}, "name", "start with a letter"),
    ({"name": "g"}, "name", "2 to 128 characters"),
    ({"name": "a b"}, "name", "letters, digits"),
    ({"description": "https://example.com"}, "description", "http://"),
    ({"description": "x"}, "description", "2 to 256"),
    ({"route_limit": 0}, "route_limit", "1 or greater"),
    ({"name": None}, "name", "required when bgp_group_id is not given"),
    ({"router_id": None}, "router_id", "bgp_group_id"),
    ({"ip_version": "IPv5"}, "ip_version", "IPv4, IPv6"),
    ({"state": "absent", "local_asn": 65025}, "local_asn", "65025"),
]


def test_bad_input_fails_before_any_call(clean_emulator, ansible):
    cases = [{k: v for k, v in dict(args_for("vbr-any"), **override).items() if v is not None}
             for override, _, _ in BAD_INPUTS]
    results = ansible.run_modules([("ali_bgp_group", args) for args in cases])
    for (override, option, rule), result in zip(BAD_INPUTS, results):
        assert result["failed"] is True, override
        assert option in result["msg"] and rule in result["msg"], (override, result["msg"])
        assert "Traceback" not in result["msg"]
    assert clean_emulator.calls() == []


def test_delete_refused_while_peers_remain_naming_them(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id, peer_ip = bgp_vbr(emu, 110)
    group_id = create_group(emu, vbr_id, "idc-bgp")
    first = create_peer(emu, group_id, peer_ip)
    results, calls = run_many(ansible, emu, [
        ("ali_bgp_group", {"router_id": vbr_id, "name": "idc-bgp", "state": "absent"}, {"check_mode": True}),
        ("ali_bgp_group", {"router_id": vbr_id, "name": "idc-bgp", "state": "absent"}),
        ("ali_bgp_group", {"bgp_group_id": group_id, "state": "absent"}),
    ])
    for result in results:
        assert result["failed"] is True
        assert group_id in result["msg"] and first in result["msg"] and peer_ip in result["msg"], result["msg"]
        assert "delete it first" in result["msg"]
        assert result["bgp_peers"] == [{"bgp_peer_id": first, "peer_ip_address": peer_ip, "status": "Available"}]
    assert mutating_actions(calls) == []
    assert len(groups(emu)) == 1


def test_delete_waits_for_peers_being_deleted(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id, peer_ip = bgp_vbr(emu, 111)
    group_id = create_group(emu, vbr_id, "idc-bgp")
    peer_id = create_peer(emu, group_id, peer_ip)
    # Time in the world: the peer stays Deleting well past ansible-playbook's start while the group's delete is
    # refused.
    emu.configure(latency_scale=1.0, profile={"bgp_peer_delete": 8.0})
    sdk_call(emu, "DeleteBgpPeer", BgpPeerId=peer_id)
    result, calls = run(ansible, emu, "ali_bgp_group", {"bgp_group_id": group_id, "state": "absent"})
    assert_ok(result)
    assert result["changed"] is True
    deletes = [c for c in calls if c["action"] == "DeleteBgpGroup"]
    assert deletes[-1]["code"] is None and groups(emu) == []
    assert deletes[:-1] and {c["code"] for c in deletes[:-1]} == {"DependencyViolation.BgpPeer"}
    assert len({c["params"]["ClientToken"] for c in deletes}) == 1


def test_immutable_options_refused(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id, _ = bgp_vbr(emu, 120)
    other_vbr, _ = bgp_vbr(emu, 121)
    group_id = create_group(emu, vbr_id, "idc-bgp")
    results, calls = run_many(ansible, emu, [
        ("ali_bgp_group", {"router_id": vbr_id, "name": "idc-bgp", "ip_version": "IPv6"}),
        ("ali_bgp_group", {"bgp_group_id": group_id, "router_id": other_vbr}),
        ("ali_bgp_group", {"bgp_group_id": group_id, "ip_version": "IPv6", "peer_asn": 65009}, {"check_mode": True}),
        ("ali_bgp_group", {"bgp_group_id": "bgpg-doesnotexist", "peer_asn": 65009}),
        ("ali_bgp_group", {"router_id": vbr_id, "name": "new-group"}),
        ("ali_bgp_group", {"router_id": "vbr-doesnotexist", "name": "new-group", "peer_asn": 65001}),
    ])
    assert results[0]["failed"] is True
    assert results[0]["msg"] == ("ip_version cannot be changed after creation (BGP group %s is IPv4, not IPv6)"
                                 % group_id)
    assert results[1]["failed"] is True
    assert "router_id cannot be changed after creation" in results[1]["msg"] and other_vbr in results[1]["msg"]
    assert results[2]["failed"] is True and "ip_version cannot be changed after creation" in results[2]["msg"]
    assert results[3]["failed"] is True and "bgpg-doesnotexist not found" in results[3]["msg"]
    assert results[4]["failed"] is True and "peer_asn is required to create one" in results[4]["msg"]
    assert results[5]["failed"] is True and "router_id vbr-doesnotexist: no such VBR" in results[5]["msg"]
    assert mutating_actions(calls) == []
    assert groups(emu)[0]["IpVersion"] == "IPv4" and groups(emu)[0]["PeerAsn"] == "65001"


def test_name_change_by_id_and_duplicate_names(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id, _ = bgp_vbr(emu, 130)
    group_id = create_group(emu, vbr_id, "idc-bgp")
    result, calls = run(ansible, emu, "ali_bgp_group", {"bgp_group_id": group_id, "name": "renamed"})
    assert_ok(result)
    assert result["changed"] is True and result["bgp_group"]["name"] == "renamed"
    assert [sent(c) for c in mutating(calls)] == [{"BgpGroupId": group_id, "Name": "renamed"}]
    twin = create_group(emu, vbr_id, "renamed", peer_asn=65005)
    result, calls = run(ansible, emu, "ali_bgp_group", {"router_id": vbr_id, "name": "renamed", "peer_asn": 65001})
    assert result["failed"] is True
    assert "More than one BGP group" in result["msg"] and group_id in result["msg"] and twin in result["msg"]
    assert mutating_actions(calls) == []


def test_modifying_group_is_waited_for_before_comparing(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id, _ = bgp_vbr(emu, 140)
    group_id = create_group(emu, vbr_id, "idc-bgp")
    emu.configure(latency_scale=1.0, profile={"bgp_group_modify": 6.0})
    # Describe shows the old ASN while the change is Modifying: the module must compare with the new one.
    sdk_call(emu, "ModifyBgpGroupAttribute", BgpGroupId=group_id, PeerAsn=65002)
    result, calls = run(ansible, emu, "ali_bgp_group", {"bgp_group_id": group_id, "peer_asn": 65002})
    assert_ok(result)
    assert result["changed"] is False and result["bgp_group"]["peer_asn"] == 65002
    assert result["bgp_group"]["status"] == "Available"
    assert mutating_actions(calls) == [] and len(calls) > 1  # the lookup, then polls until Available


def test_auth_key_never_in_output(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id, peer_ip = bgp_vbr(emu, 150)
    secret = "Sup3r-Secret-Bgp-Key"
    args = args_for(vbr_id, auth_key=secret)
    tasks = [
        {"name": "create", "aliyun.express_connect.ali_bgp_group": args, "register": "group"},
        {"name": "again", "aliyun.express_connect.ali_bgp_group": args},
        {"name": "by id, no key given", "aliyun.express_connect.ali_bgp_group":
            {"bgp_group_id": "{{ group.bgp_group_id }}", "description": "Changed text"}},
        {"name": "peer", "aliyun.express_connect.ali_bgp_peer":
            {"bgp_group_id": "{{ group.bgp_group_id }}", "peer_ip_address": peer_ip}},
        {"name": "info", "aliyun.express_connect.ali_bgp_info": {"router_id": vbr_id}},
        {"name": "a failure", "aliyun.express_connect.ali_bgp_group":
            {"bgp_group_id": "{{ group.bgp_group_id }}", "ip_version": "IPv6"}, "ignore_errors": True},
        {"name": "absent refused", "aliyun.express_connect.ali_bgp_group":
            {"bgp_group_id": "{{ group.bgp_group_id }}", "state": "absent"}, "ignore_errors": True},
    ]
    run_ = ansible.run_tasks(tasks, diff=True, verbosity=4)
    assert run_.rc == 0, run_.stdout[-3000:] + run_.stderr[-3000:]
    assert run_.result("info")["bgp_groups"][0]["auth_key_set"] is True
    assert run_.result("peer")["bgp_peer"]["auth_key_set"] is True
    assert run_.result("a failure")["failed"] is True and run_.result("absent refused")["failed"] is True
    assert "ali_bgp_group" in run_.stdout and "bgp_group_id" in run_.stdout  # the output is the verbose one
    for text in (run_.stdout, run_.stderr, repr(run_.results)):
        assert secret not in text
    # The emulator did get it, and shows it in clear text (as the API does).
    assert groups(emu)[0]["AuthKey"] == secret


# -- ali_vbr state=absent with BGP objects on the VBR ----------------------------------------------------------
def test_vbr_delete_refused_naming_bgp_groups_and_networks(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id, _ = bgp_vbr(emu, 160)
    group_id = create_group(emu, vbr_id, "idc-bgp")
    add_network(emu, vbr_id, "172.16.0.0/16")
    result, calls = run(ansible, emu, "ali_vbr", {"vbr_id": vbr_id, "state": "absent"})
    assert result["failed"] is True
    assert result["msg"].startswith("VBR %s still has BGP groups %s (idc-bgp, Available) and advertised BGP networks "
                                    "172.16.0.0/16 (Available)" % (vbr_id, group_id)), result["msg"]
    assert result["bgp_group_ids"] == [group_id] and result["bgp_network_cidr_blocks"] == ["172.16.0.0/16"]
    assert [(c["action"], c["code"]) for c in mutating(calls)] == [
        ("DeleteVirtualBorderRouter", "DependencyViolation.BgpGroup")]
    # Networks alone are named too.
    sdk_call(emu, "DeleteBgpGroup", BgpGroupId=group_id)
    result, calls = run(ansible, emu, "ali_vbr", {"vbr_id": vbr_id, "state": "absent"})
    assert result["failed"] is True
    assert "advertised BGP networks 172.16.0.0/16 (Available)" in result["msg"] and "BGP groups" not in result["msg"]
    assert [(c["action"], c["code"]) for c in mutating(calls)] == [
        ("DeleteVirtualBorderRouter", "DependencyViolation.BgpNetwork")]
    assert len(emu.state()["VirtualBorderRouters"]) == 1


def test_vbr_delete_waits_for_bgp_groups_being_deleted(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id, _ = bgp_vbr(emu, 161)
    group_id = create_group(emu, vbr_id, "idc-bgp")
    emu.configure(latency_scale=1.0, profile={"bgp_group_delete": 8.0})
    sdk_call(emu, "DeleteBgpGroup", BgpGroupId=group_id)
    result, calls = run(ansible, emu, "ali_vbr", {"vbr_id": vbr_id, "state": "absent"})
    assert_ok(result)
    assert result["changed"] is True
    deletes = [c for c in calls if c["action"] == "DeleteVirtualBorderRouter"]
    assert deletes[-1]["code"] is None
    assert deletes[:-1] and {c["code"] for c in deletes[:-1]} == {"DependencyViolation.BgpGroup"}
    assert emu.state()["VirtualBorderRouters"] == [] and groups(emu) == []


@pytest.mark.lifecycle
def test_lost_create_response_is_retried_without_duplicate(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id, _ = bgp_vbr(emu, 170)
    # Draw order: the group lookup and the VBR read get through, the first create's answer is lost, the rest succeed.
    probability = 0.5
    emu.configure(faults="lost=%s" % probability, seed=seed_with_draws([False, False, True] + [False] * 8, probability))
    result, calls = run(ansible, emu, "ali_bgp_group", args_for(vbr_id))
    emu.configure(faults="")
    assert_ok(result)
    creates = [c for c in calls if c["action"] == "CreateBgpGroup"]
    assert [c["fault"] for c in creates] == ["lost", None], calls
    assert creates[0]["params"]["ClientToken"] == creates[1]["params"]["ClientToken"]
    assert [g["BgpGroupId"] for g in groups(emu)] == [result["bgp_group_id"]]

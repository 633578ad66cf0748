"""ali_bgp_network through ansible-playbook against the emulator."""

import pytest

from support.bgp import add_network, bgp_vbr, networks, sent
from support.calls import mutating, mutating_actions
from support.fixture_ids import VPC
from support.playbook import assert_ok, run, run_many

BLOCKS = ["172.16.0.0/16", "10.10.0.0/16"]


def advertised(emu, vbr_id):
    return sorted(n["DstCidrBlock"] for n in networks(emu) if n["RouterId"] == vbr_id)


def describes(calls):
    return [c for c in calls if c["action"] == "DescribeBgpNetworks"]


@pytest.mark.lifecycle
def test_lifecycle_check_apply_purge_absent(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id, _ = bgp_vbr(emu, 300)
    args = dict(router_id=vbr_id, dst_cidr_blocks=BLOCKS, vpc_id=VPC)

    # 1. check mode: would add both; nothing mutating.
    predicted, calls = run(ansible, emu, "ali_bgp_network", args, check=True, diff=True)
    assert_ok(predicted)
    assert predicted["changed"] is True and predicted["added"] == ["10.10.0.0/16", "172.16.0.0/16"]
    assert predicted["removed"] == [] and predicted["dst_cidr_blocks"] == ["10.10.0.0/16", "172.16.0.0/16"]
    assert predicted["diff"] == {"before": {"router_id": vbr_id, "dst_cidr_blocks": []},
                                 "after": {"router_id": vbr_id, "dst_cidr_blocks": ["10.10.0.0/16", "172.16.0.0/16"]}}
    assert mutating_actions(calls) == [] and networks(emu) == []

    # 2. apply: one AddBgpNetwork per block, then waits (one DescribeBgpNetworks per poll, PageSize 50).
    result, calls = run(ansible, emu, "ali_bgp_network", args, diff=True)
    assert_ok(result)
    assert result["changed"] is True and result["diff"] == predicted["diff"]
    assert result["added"] == predicted["added"] and result["router_id"] == vbr_id
    assert [n["status"] for n in result["bgp_networks"]] == ["Available", "Available"]
    assert result["bgp_networks"][0] == {"dst_cidr_block": "10.10.0.0/16", "router_id": vbr_id, "vpc_id": VPC,
                                         "status": "Available"}
    assert mutating_actions(calls) == ["AddBgpNetwork", "AddBgpNetwork"]
    assert [sent(c) for c in mutating(calls)] == [
        {"RouterId": vbr_id, "DstCidrBlock": block, "VpcId": VPC} for block in BLOCKS]
    assert all(c["params"]["ClientToken"] for c in mutating(calls))
    assert {(c["params"]["RouterId"], c["params"]["PageSize"]) for c in describes(calls)} == {(vbr_id, "50")}
    assert advertised(emu, vbr_id) == sorted(BLOCKS)

    # 3. check mode, 4. apply again, one block as a string (alias), a subset without purge, the check mode of a
    # purge: nothing mutating.
    results, calls = run_many(ansible, emu, [
        ("ali_bgp_network", args, {"check_mode": True}),
        ("ali_bgp_network", args),
        ("ali_bgp_network", {"router_id": vbr_id, "dst_cidr_block": "172.16.0.0/16"}),
        ("ali_bgp_network", {"router_id": vbr_id, "dst_cidr_blocks": ["10.10.0.0/16", "10.10.0.0/16"]}),
        ("ali_bgp_network", {"router_id": vbr_id, "dst_cidr_blocks": ["10.10.0.0/16"], "purge": True},
         {"check_mode": True, "diff": True}),
    ])
    for result in results[:4]:
        assert_ok(result)
        assert result["changed"] is False and result["added"] == [] and result["removed"] == []
        assert result["dst_cidr_blocks"] == ["10.10.0.0/16", "172.16.0.0/16"]
    purge = results[4]
    assert_ok(purge)
    assert purge["changed"] is True and purge["removed"] == ["172.16.0.0/16"] and purge["added"] == []
    assert purge["diff"]["after"]["dst_cidr_blocks"] == ["10.10.0.0/16"]
    assert mutating_actions(calls) == []

    # 5. purge: the block not listed is removed, and waited for until gone.
    result, calls = run(ansible, emu, "ali_bgp_network",
                        {"router_id": vbr_id, "dst_cidr_blocks": ["10.10.0.0/16"], "purge": True}, diff=True)
    assert_ok(result)
    assert result["changed"] is True and result["diff"] == purge["diff"] and result["removed"] == ["172.16.0.0/16"]
    assert [sent(c) for c in mutating(calls)] == [{"RouterId": vbr_id, "DstCidrBlock": "172.16.0.0/16"}]
    assert advertised(emu, vbr_id) == ["10.10.0.0/16"]

    # 6. absent in check mode (a block not advertised is no error), 7. absent, 8. absent again.
    absent = dict(args, state="absent")
    result, calls = run(ansible, emu, "ali_bgp_network", absent, check=True, diff=True)
    assert_ok(result)
    assert result["changed"] is True and result["removed"] == ["10.10.0.0/16"]
    assert result["diff"]["after"]["dst_cidr_blocks"] == []
    assert mutating_actions(calls) == []
    result, calls = run(ansible, emu, "ali_bgp_network", absent, diff=True)
    assert_ok(result)
    assert result["changed"] is True and result["removed"] == ["10.10.0.0/16"] and result["bgp_networks"] == []
    assert mutating_actions(calls) == ["DeleteBgpNetwork"] and networks(emu) == []
    results, calls = run_many(ansible, emu, [("ali_bgp_network", absent, {"check_mode": True}),
                                             ("ali_bgp_network", absent)])
    for result in results:
        assert_ok(result)
        assert result["changed"] is False and result["removed"] == []
    assert mutating_actions(calls) == []


def test_every_page_and_one_describe_per_poll(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id, _ = bgp_vbr(emu, 310)
    for index in range(60):
        add_network(emu, vbr_id, "10.%d.0.0/16" % (100 + index))
    # Time in the world: three new blocks are Pending for a while; each poll is one Describe (2 pages) for all.
    emu.configure(latency_scale=1.0, profile={"bgp_network_create": 3.0})
    new = ["192.168.%d.0/24" % n for n in range(3)]
    result, calls = run(ansible, emu, "ali_bgp_network",
                        {"router_id": vbr_id, "dst_cidr_blocks": ["10.100.0.0/16"] + new})
    assert_ok(result)
    assert result["changed"] is True and result["added"] == new and len(result["bgp_networks"]) == 63
    assert {n["status"] for n in result["bgp_networks"]} == {"Available"}
    assert mutating_actions(calls) == ["AddBgpNetwork"] * 3
    pages = [c["params"]["PageNumber"] for c in describes(calls)]
    assert pages[:2] == ["1", "2"] and pages == ["1", "2"] * (len(pages) // 2), pages
    assert {c["params"]["PageSize"] for c in describes(calls)} == {"50"}
    polls = len(pages) // 2 - 1
    assert 1 <= polls <= 10, pages  # one per poll for all three blocks, not one per block


def test_added_elsewhere_and_vpc_change(clean_emulator, ansible):
    emu = clean_emulator
    vbr_id, _ = bgp_vbr(emu, 320)
    add_network(emu, vbr_id, "172.16.0.0/16", vpc_id=VPC)
    results, calls = run_many(ansible, emu, [
        # Already advertised (added outside Ansible): nothing to do; the block is compared in canonical form.
        ("ali_bgp_network", {"router_id": vbr_id, "dst_cidr_blocks": ["172.16.0.0/16"], "vpc_id": VPC}),
        ("ali_bgp_network", {"router_id": vbr_id, "dst_cidr_blocks": ["172.16.0.0/16"], "vpc_id": "vpc-emu0002"}),
    ])
    assert_ok(results[0])
    assert results[0]["changed"] is False
    assert results[1]["failed"] is True
    assert results[1]["msg"] == ("vpc_id cannot be changed after creation: 172.16.0.0/16 is advertised by %s for %s, "
                                 "not vpc-emu0002" % (vbr_id, VPC))
    assert mutating_actions(calls) == []


def test_duplicate_network_not_yet_visible(clean_emulator, ansible):
    """Added by someone else just now (another run of the same play) and not listed yet: the add is refused as a
    duplicate, the module waits until the block is listed and takes it (its VPC checked like any listed one's)."""
    emu = clean_emulator
    vbr_id, _ = bgp_vbr(emu, 330)
    emu.configure(faults="lag=5")  # the module must look it up within the lag, also on a busy machine
    refusals = [("AddBgpNetwork", "InvalidParams.AlreadyExists")]
    add_network(emu, vbr_id, "172.17.0.0/16", vpc_id=VPC)  # exists, but not listed by Describe for 2 s
    refused, calls = run(ansible, emu, "ali_bgp_network", {"router_id": vbr_id, "dst_cidr_blocks": ["172.17.0.0/16"],
                                                           "vpc_id": "vpc-emu0002"})
    assert refused["failed"] is True
    assert refused["msg"] == ("vpc_id cannot be changed after creation: 172.17.0.0/16 is advertised by %s for %s, "
                              "not vpc-emu0002" % (vbr_id, VPC))
    assert [(c["action"], c["code"]) for c in mutating(calls)] == refusals

    add_network(emu, vbr_id, "172.16.0.0/16", vpc_id=VPC)
    result, calls = run(ansible, emu, "ali_bgp_network", {"router_id": vbr_id, "dst_cidr_blocks": ["172.16.0.0/16"],
                                                          "vpc_id": VPC})
    emu.configure(faults="")
    assert_ok(result)
    assert "172.16.0.0/16" in result["dst_cidr_blocks"]
    assert [(c["action"], c["code"]) for c in mutating(calls)] == refusals
    assert len(networks(emu)) == 2


def test_bad_input_fails_before_any_call(clean_emulator, ansible):
    cases = [
        ({"dst_cidr_blocks": ["10.0.0.1/16"]}, "dst_cidr_blocks: '10.0.0.1/16' has host bits set; the network is "
                                               "10.0.0.0/16"),
        ({"dst_cidr_blocks": ["10.0.0.0/33"]}, "dst_cidr_blocks: '10.0.0.0/33' is not a CIDR block"),
        ({"dst_cidr_blocks": ["not-a-cidr"]}, "is not a CIDR block such as 10.0.0.0/16"),
        ({"dst_cidr_blocks": ["10.0.0.1"]}, "must have a prefix length"),
        ({"vpc_id": "vbr-x"}, "vpc_id must be a VPC ID"),
        ({"router_id": ""}, "router_id must not be empty"),
        ({"dst_cidr_blocks": None}, "dst_cidr_blocks"),
    ]
    tasks = []
    for override, _ in cases:
        args = dict({"router_id": "vbr-any", "dst_cidr_blocks": ["10.0.0.0/16"]}, **override)
        tasks.append(("ali_bgp_network", {k: v for k, v in args.items() if v is not None}))
    results = ansible.run_modules(tasks)
    for (override, message), result in zip(cases, results):
        assert result["failed"] is True, override
        assert message in result["msg"], (override, result["msg"])
    assert clean_emulator.calls() == []

"""Admin endpoints and the command line contract."""

import json
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from conftest import Api, PC_ID
from support.fixture_ids import SECOND_ACCESS_KEY_ID, SECOND_ACCESS_KEY_SECRET
from support.paths import VENV_BIN


def test_fixtures_endpoint(clean_emulator):
    fixtures = clean_emulator.fixtures()
    assert fixtures["region"] == "cn-hangzhou"
    assert fixtures["physical_connections"][0] == {"PhysicalConnectionId": "pc-emu0001",
                                                   "AccessPointId": "ap-cn-hangzhou-xs-B", "Status": "Enabled"}
    assert [pc["Status"] == "Enabled" for pc in fixtures["physical_connections"]] == [True, True, False]
    assert fixtures["vpcs"][0] == {"VpcId": "vpc-emu0001", "VRouterId": "vrt-emu0001", "RouteTableId": "vtb-emu0001",
                                   "CidrBlock": "172.16.0.0/12", "VSwitchCidrs": ["172.16.0.0/24"]}
    assert fixtures["vpcs"][3]["CidrBlock"] == "10.4.0.0/16"


def test_state_calls_and_reset(api, clean_emulator):
    vbr_id = api.vbr(ClientToken="visible-token")
    api.fail("DescribeVirtualBorderRouters", PageSize=99)
    state = clean_emulator.state()
    assert set(state) == {"VirtualBorderRouters", "RouterInterfaces", "RouteTables", "RouteEntries", "BgpGroups",
                          "BgpPeers", "BgpNetworks", "Grants", "Transitions"}
    assert [(v["VbrId"], v["Status"]) for v in state["VirtualBorderRouters"]] == [(vbr_id, "active")]
    assert len(state["RouteTables"]) == 5 and len(state["RouteEntries"]) == 8  # 4 VPC tables + the VBR's
    calls = clean_emulator.calls()
    assert [(c["seq"], c["action"], c["http_status"], c["code"], c["mutating"]) for c in calls] == [
        (1, "CreateVirtualBorderRouter", 200, None, True),
        (2, "DescribeVirtualBorderRouters", 400, "InvalidParameter", False)]
    assert calls[0]["params"]["VlanId"] == "10" and calls[0]["params"]["ClientToken"] == "visible-token"
    assert calls[0]["request_id"] and calls[0]["fault"] is None and calls[0]["time"] > 0
    assert [c["access_key_id"] for c in calls] == ["test-access-key-id"] * 2
    text = json.dumps(calls)
    for secret in ("Signature", "test-access-key-secret", "AccessKeyId", "SignatureNonce"):
        assert secret not in text
    clean_emulator.reset()
    assert clean_emulator.state()["VirtualBorderRouters"] == [] and clean_emulator.calls() == []


def test_calls_name_the_callers_access_key_id(clean_emulator):
    """Each account's calls carry its AccessKeyId; a call whose signature fails names none (it proved nothing)."""
    second = Api(clean_emulator.url, key_id=SECOND_ACCESS_KEY_ID, secret=SECOND_ACCESS_KEY_SECRET)
    second.call("DescribeVirtualBorderRouters")
    Api(clean_emulator.url).call("DescribeVirtualBorderRouters")
    Api(clean_emulator.url, secret="not-the-secret").fail("DescribeVirtualBorderRouters")
    assert [c["access_key_id"] for c in clean_emulator.calls()] == [SECOND_ACCESS_KEY_ID, "test-access-key-id", None]


def test_config_endpoint(clean_emulator):
    config = clean_emulator.configure(latency_scale=0.5, faults="throttle=0.25,lag=2", rate_limit=4, seed=3)
    assert config == {"latency_scale": 0.5, "latency_jitter": 0.0, "profile": {},
                      "faults": {"throttle": 0.25, "lag": 2.0}, "rate_limit": 4.0, "seed": 3}
    with pytest.raises(urllib.error.HTTPError) as caught:
        clean_emulator.configure(faults="meteor=1")
    assert caught.value.code == 400


def test_unknown_admin_endpoint(clean_emulator):
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(clean_emulator.url + "/_emulator/nothing")
    assert caught.value.code == 404


def test_cli_credentials_fixtures_log_file_and_sigterm(tmp_path):
    fixtures = {"region": "cn-beijing",
                "physical_connections": [{"PhysicalConnectionId": "pc-own", "AccessPointId": "ap-bj-1",
                                          "Status": "Enabled"}],
                "vpcs": [{"VpcId": "vpc-own", "VRouterId": "vrt-own", "RouteTableId": "vtb-own",
                          "CidrBlock": "192.168.0.0/16", "VSwitchCidrs": ["192.168.1.0/24"]}]}
    (tmp_path / "fixtures.json").write_text(json.dumps(fixtures))
    ready, log = tmp_path / "ready.json", tmp_path / "calls.log"
    process = subprocess.Popen([str(VENV_BIN / "alicloud-vpc-emulator"), "--port", "0", "--ready-file", str(ready),
                                "--access-key-id", "my-id", "--access-key-secret", "my-secret", "--latency-scale",
                                "0", "--fixtures", str(tmp_path / "fixtures.json"), "--log-file", str(log)],
                               stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            if ready.exists() or process.poll() is not None:
                break
            time.sleep(0.05)
        info = json.loads(ready.read_text())
        assert info["pid"] == process.pid and info["url"] == "http://127.0.0.1:%d" % info["port"]
        api = Api(info["url"], key_id="my-id", secret="my-secret", region="cn-beijing")
        api.call("CreateVirtualBorderRouter", PhysicalConnectionId="pc-own", VlanId=1, LocalGatewayIp="10.0.0.1",
                 PeerGatewayIp="10.0.0.2", PeeringSubnetMask="255.255.255.252")
        api.expect("InvalidPhysicalConnectionId.NotFound", 400, "CreateVirtualBorderRouter",
                   PhysicalConnectionId=PC_ID, VlanId=1, LocalGatewayIp="10.0.0.1", PeerGatewayIp="10.0.0.2",
                   PeeringSubnetMask="255.255.255.252")
        Api(info["url"], region="cn-beijing").expect("InvalidAccessKeyId.NotFound", 400,
                                                     "DescribeVirtualBorderRouters")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=5) == 0
    finally:
        if process.poll() is None:
            process.kill()
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert [line["action"] for line in lines] == ["CreateVirtualBorderRouter"] * 2 + ["DescribeVirtualBorderRouters"]
    assert "my-secret" not in log.read_text() and "Signature" not in log.read_text()


def test_cli_rejects_bad_fault_spec():
    result = subprocess.run([str(VENV_BIN / "alicloud-vpc-emulator"), "--faults", "meteor=1"], capture_output=True)
    assert result.returncode == 2 and b"unknown fault" in result.stderr

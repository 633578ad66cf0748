"""Gate: credentials, region and endpoint reach the modules the ways users of other Alibaba Cloud tools set them.

Every run starts from an environment without ALICLOUD_*/ALIBABA_CLOUD_*/ALIYUN_* variables and with an empty HOME
(no ~/.aliyun/config.json), so the one source under test is the only one there is.
"""

import json

import pytest

from support.emulator import ACCESS_KEY_ID, ACCESS_KEY_SECRET, REGION  # REGION: where the emulator's fixtures live
from support.fixture_ids import PC
from support.playbook import AnsibleRunner

VLAN = 2901
OTHER_REGION = "cn-beijing"  # accepted by the emulator, no fixtures


@pytest.fixture
def runner(clean_emulator, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    # No base environment: only what each test passes (AnsibleRunner already drops the caller's credentials).
    return AnsibleRunner(tmp_path, {"HOME": str(home)}), home


def play(tasks, module_defaults=None):
    entry = {"name": "gate", "hosts": "localhost", "gather_facts": False, "tasks": tasks}
    if module_defaults:
        entry["module_defaults"] = module_defaults
    return [entry]


def run_play(ansible, tmp_path, plays, env=None):
    path = tmp_path / "gate-playbook.yml"
    path.write_text(json.dumps(plays, indent=2))
    run = ansible.run_playbook(path, env=env)
    assert run.rc == 0, "rc=%s\nstdout:\n%s\nstderr:\n%s" % (run.rc, run.stdout, run.stderr)
    return run


def regions_called(emulator):
    return {call["params"].get("RegionId") for call in emulator.calls()}


def vbr_tasks(vpc_endpoint=None):
    """Create a VBR, read it back, delete it (connection options left to the caller)."""
    extra = {"vpc_endpoint": vpc_endpoint} if vpc_endpoint else {}
    vbr = dict(physical_connection_id=PC, vlan_id=VLAN, local_gateway_ip="10.39.0.1", peer_gateway_ip="10.39.0.2",
               peering_subnet_mask="255.255.255.252", name="gate-credentials", **extra)
    return [
        {"name": "create", "aliyun.express_connect.ali_vbr": vbr, "register": "created"},
        {"name": "vbr info", "aliyun.express_connect.ali_vbr_info": dict(vbr_ids=["{{ created.vbr_id }}"], **extra)},
        {"name": "delete", "aliyun.express_connect.ali_vbr": dict(state="absent", vbr_id="{{ created.vbr_id }}",
                                                                  **extra)},
    ]


def check_vbr_run(run, emulator, regions=(REGION,)):
    assert run.result("create")["changed"] is True
    vbr_id = run.result("create")["vbr_id"]
    assert [v["vbr_id"] for v in run.result("vbr info")["vbrs"]] == [vbr_id]
    assert run.result("delete")["changed"] is True
    assert [v for v in emulator.state()["VirtualBorderRouters"] if v["VbrId"] == vbr_id
            and v.get("Status") not in ("deleting", "deleted")] == []
    if regions:
        assert regions_called(emulator) == set(regions)


def test_module_defaults_group_only(runner, clean_emulator, tmp_path):
    """Credentials, region and endpoint only in module_defaults; a second play proves the region comes from it."""
    ansible, _ = runner

    def defaults(region):
        return {"group/aliyun.express_connect.alicloud": {
            "alicloud_access_key": ACCESS_KEY_ID, "alicloud_secret_key": ACCESS_KEY_SECRET,
            "alicloud_region": region, "vpc_endpoint": clean_emulator.url}}

    other = [{"name": "other region vbr info", "aliyun.express_connect.ali_vbr_info": {}},
             {"name": "other region interfaces", "aliyun.express_connect.ali_router_interface_info": {}}]
    plays = play(vbr_tasks(), module_defaults=defaults(REGION)) + play(other, module_defaults=defaults(OTHER_REGION))
    run = run_play(ansible, tmp_path, plays)
    assert run.result("other region vbr info")["vbrs"] == []
    assert run.result("other region interfaces")["router_interfaces"] == []
    check_vbr_run(run, clean_emulator, regions=None)
    regions = [call["params"].get("RegionId") for call in clean_emulator.calls()]
    # The first play's calls in its region, then the second play's in the other one.
    split = regions.index(OTHER_REGION)
    assert set(regions[:split]) == {REGION} and set(regions[split:]) == {OTHER_REGION}, regions


FAMILIES = {
    "ALICLOUD_*": {"ALICLOUD_ACCESS_KEY": ACCESS_KEY_ID, "ALICLOUD_SECRET_KEY": ACCESS_KEY_SECRET,
                   "ALICLOUD_REGION": REGION},
    "ALIBABA_CLOUD_*": {"ALIBABA_CLOUD_ACCESS_KEY_ID": ACCESS_KEY_ID,
                        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": ACCESS_KEY_SECRET, "ALIBABA_CLOUD_REGION_ID": REGION},
}


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_environment_variable_family(runner, clean_emulator, tmp_path, family):
    ansible, _ = runner
    run = run_play(ansible, tmp_path, play(vbr_tasks(vpc_endpoint=clean_emulator.url)), env=FAMILIES[family])
    check_vbr_run(run, clean_emulator)


def write_cli_config(home, current):
    """~/.aliyun/config.json as `aliyun configure` writes it: a decoy profile and the emulator's one."""
    config = {"current": current, "meta_path": "", "profiles": [
        {"name": "default", "mode": "AK", "access_key_id": "decoy-key", "access_key_secret": "decoy-secret",
         "region_id": OTHER_REGION, "output_format": "json", "language": "en"},
        {"name": "emulator", "mode": "AK", "access_key_id": ACCESS_KEY_ID, "access_key_secret": ACCESS_KEY_SECRET,
         "region_id": REGION, "output_format": "json", "language": "en"},
    ]}
    path = home / ".aliyun" / "config.json"
    path.parent.mkdir()
    path.write_text(json.dumps(config, indent=2))
    path.chmod(0o600)


def test_aliyun_cli_current_profile(runner, clean_emulator, tmp_path):
    ansible, home = runner
    write_cli_config(home, current="emulator")
    run = run_play(ansible, tmp_path, play(vbr_tasks(vpc_endpoint=clean_emulator.url)))
    check_vbr_run(run, clean_emulator)


def test_aliyun_cli_profile_from_environment(runner, clean_emulator, tmp_path):
    ansible, home = runner
    write_cli_config(home, current="default")
    run = run_play(ansible, tmp_path, play(vbr_tasks(vpc_endpoint=clean_emulator.url)),
                   env={"ALIBABA_CLOUD_PROFILE": "emulator"})
    check_vbr_run(run, clean_emulator)

"""Secrets never leak: the modules and the role run at -vvvv, with failures among them, with a distinctive secret
key (a dedicated emulator started with --access-key-id/--access-key-secret) and with the emulator's STS
identities (secret + security token); none of the secrets or tokens may appear in ansible-playbook's stdout or
stderr, in the recorded task results, in the emulator's log file or in its call log. Nor may the role's BGP auth key
(which the cloud, and so the emulator's state dump, does hold).

Credentials reach the modules both ways a user gives them: from the environment (which Ansible's no_log
masking does not cover, so only the modules' own hygiene keeps them out) and as no_log module options.
"""

import json
import re
import uuid

import pytest
import yaml

import reliability_lib as lib
from support.emulator import EmulatorProcess
from support.fixture_ids import (
    ACCESS_POINT, ACCOUNT_UID, SECOND_ACCESS_KEY_ID, SECOND_ACCESS_KEY_SECRET, SECOND_ACCOUNT_UID, SECOND_REGION, VPC7,
    VPC_ROUTER7,
)
from support.playbook import AnsibleRunner

ACCESS_KEY_ID = "LTAI-reliability-secrets"
SECRET = "S3cret-%s-do-not-print" % uuid.uuid4().hex
STS = {"key": "STS.test-sts-key-id", "secret": "test-sts-secret", "token": "test-security-token"}
EXPIRED = {"key": "STS.test-expired-key-id", "secret": "test-expired-secret", "token": "test-expired-token"}
# The second account of the default fixtures (issue 23): its key pair and its STS identity.
SECOND_STS = {"key": "STS.test-second-sts-key-id", "secret": "test-second-sts-secret",
              "token": "test-second-security-token"}
FORBIDDEN = [SECRET, STS["secret"], STS["token"], EXPIRED["secret"], EXPIRED["token"], SECOND_ACCESS_KEY_SECRET,
             SECOND_STS["secret"], SECOND_STS["token"]]
BGP_AUTH_KEY = "Bgp-%s-do-not-print" % uuid.uuid4().hex[:16]


def sts_options(identity):
    return {"alicloud_access_key": identity["key"], "alicloud_secret_key": identity["secret"],
            "alicloud_security_token": identity["token"]}


def sts_env(identity):
    return {"ALICLOUD_ACCESS_KEY": identity["key"], "ALICLOUD_SECRET_KEY": identity["secret"],
            "ALICLOUD_SECURITY_TOKEN": identity["token"]}


@pytest.fixture(scope="module")
def secret_emulator(tmp_path_factory):
    log_file = tmp_path_factory.mktemp("secrets-emulator") / "emulator.log"
    process = EmulatorProcess(latency_scale=0.0, seed=3, log_file=log_file)
    process.args += ["--access-key-id", ACCESS_KEY_ID, "--access-key-secret", SECRET]
    with process:
        process.log_file = log_file
        yield process


@pytest.fixture
def runner(secret_emulator, tmp_path):
    env = dict(secret_emulator.env, ALICLOUD_ACCESS_KEY=ACCESS_KEY_ID, ALICLOUD_SECRET_KEY=SECRET)
    return AnsibleRunner(tmp_path, env)


def module_task(name, module, args, fail=False):
    return {"name": name, "aliyun.express_connect." + module: args, "register": re.sub(r"\W", "_", name),
            "ignore_errors": fail}


def assert_no_secret(where, text, secrets=FORBIDDEN):
    for secret in secrets:
        assert secret not in text, "a secret (%s...) leaked into %s:\n%s" % (
            secret[:6], where, text[max(0, text.find(secret) - 1500):text.find(secret) + 200])


def assert_clean(runs, emulator, tmp_path, held_by_the_cloud=()):
    """No secret in the runs' output and results, the emulator's log file and call log, its state dump; the
    secrets `held_by_the_cloud` (a BGP auth key: the API returns it) are allowed in the state dump only."""
    secrets = FORBIDDEN + list(held_by_the_cloud)
    for index, run in enumerate(runs):
        assert_no_secret("stdout of run %d" % index, run.stdout, secrets)
        assert_no_secret("stderr of run %d" % index, run.stderr, secrets)
        assert_no_secret("results of run %d" % index, json.dumps(run.results, default=str), secrets)
    for path in tmp_path.glob("results-*.jsonl"):
        assert_no_secret(str(path), path.read_text(), secrets)
    assert_no_secret("the emulator's log file", emulator.log_file.read_text(), secrets)
    assert_no_secret("/_emulator/calls", json.dumps(emulator.calls()), secrets)
    assert_no_secret("/_emulator/state", json.dumps(emulator.state()))


def failed_tasks(run):
    return {entry["task"] for entry in run.results if entry["status"] == "failed"}


@pytest.mark.slow
def test_modules_at_vvvv_never_print_secrets(secret_emulator, runner, tmp_path):
    secret_emulator.reset()
    tasks = [
        # Custom key from the environment.
        module_task("create vbr", "ali_vbr", {
            "physical_connection_id": "pc-emu0001", "vlan_id": 300, "local_gateway_ip": "10.254.30.1",
            "peer_gateway_ip": "10.254.30.2", "peering_subnet_mask": "255.255.255.252", "name": "secrets"}),
        module_task("create initiator", "ali_router_interface", {
            "router_id": "{{ create_vbr.vbr_id }}", "router_type": "VBR", "role": "InitiatingSide",
            "spec": "Small.1", "opposite_router_type": "VRouter", "opposite_router_id": "vrt-emu0002",
            "name": "secrets-initiator"}),
        module_task("delete vbr that still has an interface", "ali_vbr",
                    {"state": "absent", "vbr_id": "{{ create_vbr.vbr_id }}"}, fail=True),
        module_task("info in an unknown region", "ali_vbr_info", {"alicloud_region": "xx-nowhere-1"}, fail=True),
        module_task("route in an unknown table", "ali_route_entry", {
            "route_table_id": "vtb-doesnotexist", "destination_cidr_block": "192.168.5.0/24",
            "next_hop_id": "{{ create_initiator.router_interface_id }}"}, fail=True),
        # Custom key as no_log options.
        module_task("explicit secret, unknown region", "ali_route_table_info", {
            "alicloud_access_key": ACCESS_KEY_ID, "alicloud_secret_key": SECRET, "alicloud_region": "xx-nowhere-1",
            "router_id": "vrt-emu0002", "router_type": "VRouter"}, fail=True),
        module_task("explicit wrong secret", "ali_vbr_info", {
            "alicloud_access_key": ACCESS_KEY_ID, "alicloud_secret_key": SECRET + "-wrong"}, fail=True),
        # STS identities as options.
        module_task("sts info", "ali_router_interface_info", dict(sts_options(STS), router_id="vrt-emu0002")),
        module_task("sts delete in an unknown region", "ali_router_interface", dict(
            sts_options(STS), state="absent", router_interface_id="{{ create_initiator.router_interface_id }}",
            alicloud_region="xx-nowhere-1"), fail=True),
        module_task("expired sts token", "ali_vbr_info", sts_options(EXPIRED), fail=True),
        module_task("sts key with another token", "ali_vbr_info", dict(sts_options(STS), alicloud_security_token=
                                                                         EXPIRED["token"]), fail=True),
        # Clean up with the STS identity from module_defaults of the action group. (Not the task keyword
        # `environment:`: ansible-playbook itself prints that at -vvv, in its EXEC lines.)
        {"name": "clean up", "module_defaults": {"group/aliyun.express_connect.alicloud": sts_options(STS)},
         "block": [
             module_task("delete initiator", "ali_router_interface", {
                 "state": "absent", "router_interface_id": "{{ create_initiator.router_interface_id }}"}),
             module_task("delete vbr", "ali_vbr", {"state": "absent", "vbr_id": "{{ create_vbr.vbr_id }}"}),
         ]},
    ]
    run = runner.run_tasks(tasks, verbosity=4, diff=True)
    assert run.rc == 0, run.stdout[-4000:] + run.stderr[-3000:]
    expected_failures = {task["name"] for task in tasks if task.get("ignore_errors")}
    assert failed_tasks(run) == expected_failures, run.stdout[-4000:]
    # -vvvv really is verbose: module invocations (arguments) are printed.
    assert "module_args" in run.stdout
    assert_clean([run], secret_emulator, tmp_path)


@pytest.mark.slow
def test_role_at_vvvv_never_prints_secrets(secret_emulator, runner, tmp_path):
    secret_emulator.reset()
    vars_args = ["-e", "@%s" % lib.EMULATOR_VARS]
    build = runner.run_playbook(lib.PLAYBOOK, verbosity=4, env=sts_env(STS), args=vars_args)
    assert build.rc == 0, lib.failure_summary(build)
    failing = runner.run_playbook(lib.PLAYBOOK, verbosity=4, args=vars_args,
                                  extra_vars={"interconnect_region": "xx-nowhere-1"})
    assert failing.rc != 0
    teardown = runner.run_playbook(lib.PLAYBOOK, verbosity=4, args=vars_args,
                                   extra_vars={"interconnect_state": "absent"})
    assert teardown.rc == 0, lib.failure_summary(teardown)
    assert_clean([build, failing, teardown], secret_emulator, tmp_path)


@pytest.mark.slow
def test_role_with_bgp_at_vvvv_never_prints_the_auth_key(secret_emulator, runner, tmp_path):
    """The role with BGP and a distinctive auth key: built, re-run with a peer the API refuses (a failure after
    the key was given to the group task), torn down; all at -vvvv."""
    secret_emulator.reset()
    bgp = dict(yaml.safe_load(lib.EMULATOR_BGP_VARS[-1].read_text())["interconnect_bgp"], auth_key=BGP_AUTH_KEY)

    def args(state, **bgp_changes):
        """The key in a vars file of its own, as a user keeps it (ansible-playbook prints -e values at -vvvv)."""
        key_file = tmp_path / ("bgp-%s-%d.yml" % (state, len(bgp_changes)))
        key_file.write_text(yaml.safe_dump({"interconnect_bgp": dict(bgp, **bgp_changes)}))
        return lib.playbook_args(state, lib.EMULATOR_BGP_VARS + (key_file,))
    build = runner.run_playbook(lib.PLAYBOOK, verbosity=4, env=sts_env(STS), args=args("present"))
    assert build.rc == 0, lib.failure_summary(build)
    # The key really was set on the cloud's group (which shows it), and the build ran at -vvvv.
    (group,) = secret_emulator.state()["BgpGroups"]
    assert group["AuthKey"] == BGP_AUTH_KEY
    assert "module_args" in build.stdout and '"auth_key": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"' in build.stdout

    # 10.254.0.3 is the broadcast address of the VBR's /30 peering subnet.
    failing = runner.run_playbook(lib.PLAYBOOK, verbosity=4, args=args("present", peer_ip="10.254.0.3"))
    assert failing.rc != 0
    assert any(entry["status"] == "failed" and "BGP peer" in entry["task"] for entry in failing.results), \
        lib.failure_summary(failing)
    teardown = runner.run_playbook(lib.PLAYBOOK, verbosity=4, args=args("absent"))
    assert teardown.rc == 0, lib.failure_summary(teardown)
    assert secret_emulator.state()["BgpGroups"] == []
    assert_clean([build, failing, teardown], secret_emulator, tmp_path, held_by_the_cloud=[BGP_AUTH_KEY])


@pytest.mark.slow
def test_two_accounts_in_one_play_at_vvvv_never_print_either_secret(secret_emulator, runner, tmp_path):
    """The VBR's account from the environment, the VPC's account (cn-shanghai) as options and as
    ali_ri_connection's opposite_connection, with its key pair and its STS identity, failures among the tasks."""
    secret_emulator.reset()
    second = {"alicloud_access_key": SECOND_ACCESS_KEY_ID, "alicloud_secret_key": SECOND_ACCESS_KEY_SECRET,
              "alicloud_region": SECOND_REGION}
    second_sts = dict(sts_options(SECOND_STS), alicloud_region=SECOND_REGION)
    grant = {"instance_id": VPC7, "vbr_owner_uid": ACCOUNT_UID, "vbr_region_id": "cn-hangzhou"}
    pair = {"router_interface_id": "{{ create_initiator.router_interface_id }}",
            "opposite_interface_id": "{{ create_acceptor.router_interface_id }}"}
    tasks = [
        module_task("grant", "ali_vbr_grant", dict(second, **grant)),
        module_task("create vbr", "ali_vbr", {
            "physical_connection_id": "pc-emu0001", "vlan_id": 301, "local_gateway_ip": "10.254.31.1",
            "peer_gateway_ip": "10.254.31.2", "peering_subnet_mask": "255.255.255.252", "name": "two-accounts"}),
        module_task("create initiator", "ali_router_interface", {
            "router_id": "{{ create_vbr.vbr_id }}", "spec": "Small.1", "opposite_router_id": VPC_ROUTER7,
            "opposite_region_id": SECOND_REGION, "opposite_interface_owner_id": SECOND_ACCOUNT_UID,
            "name": "two-accounts-initiator"}),
        module_task("create acceptor", "ali_router_interface", dict(second_sts, **{
            "router_id": VPC_ROUTER7, "opposite_router_id": "{{ create_vbr.vbr_id }}", "opposite_region_id": "cn-hangzhou",
            "opposite_interface_owner_id": ACCOUNT_UID, "opposite_access_point_id": ACCESS_POINT,
            "name": "two-accounts-acceptor"})),
        module_task("connect", "ali_ri_connection", dict(pair, opposite_connection=second_sts)),
        module_task("acceptor in the wrong region", "ali_ri_connection",
                    dict(pair, opposite_connection=dict(second, alicloud_region="cn-hangzhou")), fail=True),
        module_task("acceptor with a wrong secret", "ali_ri_connection",
                    dict(pair, opposite_connection=dict(second, alicloud_secret_key=SECOND_ACCESS_KEY_SECRET + "-x")),
                    fail=True),
        module_task("disconnect", "ali_ri_connection", dict(pair, state="absent", opposite_connection=second)),
        module_task("delete acceptor", "ali_router_interface",
                    dict(second, state="absent", router_interface_id="{{ create_acceptor.router_interface_id }}")),
        module_task("delete initiator", "ali_router_interface",
                    {"state": "absent", "router_interface_id": "{{ create_initiator.router_interface_id }}"}),
        module_task("delete vbr", "ali_vbr", {"state": "absent", "vbr_id": "{{ create_vbr.vbr_id }}"}),
        module_task("revoke", "ali_vbr_grant", dict(second_sts, state="absent", **grant)),
    ]
    run = runner.run_tasks(tasks, verbosity=4, diff=True)
    assert run.rc == 0, run.stdout[-4000:] + run.stderr[-3000:]
    assert failed_tasks(run) == {"acceptor in the wrong region", "acceptor with a wrong secret"}, run.stdout[-4000:]
    assert "module_args" in run.stdout and "opposite_connection" in run.stdout
    assert_clean([run], secret_emulator, tmp_path)

"""A user's bad day (issue 20), through `ansible-playbook playbooks/interconnect.yml` exactly as users type it:
`-e name=` (an empty string), `-e flag=true` (a string), `name: null` in a vars file, a mistyped key on a
teardown, a mistyped vRouter, and previews with `--check --diff` under the default callback.

Each case asserts its outcome and, where the input is bad, that no mutating call was made. The concurrent runs
are in test_concurrent_runs.py, the wrong endpoint in tests/integration/test_wrong_endpoint.py.
"""

import json

import pytest

import reliability_lib as lib
from support.fixture_ids import PC2 as OTHER_PC
from support.playbook import AnsibleRunner

# An interconnect of the vars file's name on another physical connection: what an empty key part would reach.
OTHER = ["-e", "interconnect_physical_connection_id=%s" % OTHER_PC]
ABSENT = ["-e", "interconnect_state=absent"]


class Playbook:
    """playbooks/interconnect.yml with the emulator vars file and the given command-line arguments."""

    def __init__(self, emulator, tmp_path):
        self.emulator = emulator
        self.runner = AnsibleRunner(tmp_path, emulator.env)

    def run(self, *args, check=False, diff=False):
        start = lib.last_seq(self.emulator)
        run = self.runner.run_playbook(lib.PLAYBOOK, check=check, diff=diff,
                                       args=["-e", "@%s" % lib.EMULATOR_VARS] + list(args))
        run.calls = lib.calls_since(self.emulator, start)
        return run


def failure(run):
    return " / ".join(lib.failure_summary(run))


def assert_refused(run, *expected):
    """Failed, with every expected text in the message, and no mutating call."""
    assert run.rc != 0, "did not fail:\n%s" % run.stdout[-3000:]
    message = failure(run)
    for text in expected:
        assert text in message, "%r not in %r" % (text, message)
    assert "Traceback" not in run.stdout + run.stderr
    assert not lib.mutating(run.calls), lib.describe_calls(lib.mutating(run.calls))


def assert_ok(run):
    assert run.rc == 0, "rc %s: %s" % (run.rc, failure(run))


def other_interconnect(emulator):
    """The VBR and interfaces of the interconnect on OTHER_PC."""
    state = emulator.state()
    vbrs = [v for v in state["VirtualBorderRouters"] if v["PhysicalConnectionId"] == OTHER_PC]
    interfaces = [ri for ri in state["RouterInterfaces"] if vbrs and vbrs[0]["VbrId"] in
                  (ri["RouterId"], ri["OppositeRouterId"])]
    return vbrs, interfaces


@pytest.fixture(scope="module")
def world(emulator, tmp_path_factory):
    """The emulator with the vars file's interconnect built on OTHER_PC (VLAN 100), instant transitions."""
    emulator.reset()
    emulator.configure(latency_scale=0.0, latency_jitter=0.0, profile={}, faults="", rate_limit=0)
    playbook = Playbook(emulator, tmp_path_factory.mktemp("bad-day"))
    assert_ok(playbook.run(*OTHER))
    vbrs, interfaces = other_interconnect(emulator)
    assert len(vbrs) == 1 and len(interfaces) == 2
    yield playbook
    emulator.reset()


def assert_other_intact(emulator):
    vbrs, interfaces = other_interconnect(emulator)
    assert len(vbrs) == 1 and [ri["Status"] for ri in interfaces] == ["Active", "Active"]


@pytest.mark.parametrize("form", ["empty on the command line", "null in a vars file"])
def test_1_an_empty_physical_connection_never_tears_down_another_interconnect(world, tmp_path, form):
    if form == "empty on the command line":
        args = ABSENT + ["-e", "interconnect_physical_connection_id="]
    else:
        nulls = tmp_path / "nulls.yml"
        nulls.write_text("interconnect_physical_connection_id: null\n")
        args = ABSENT + ["-e", "@%s" % nulls]
    run = world.run(*args)
    assert_refused(run, "interconnect_physical_connection_id")
    assert not run.calls, "API calls before the variables were checked: %s" % lib.describe_calls(run.calls)
    assert_other_intact(world.emulator)


def test_2_an_empty_vrouter_creates_nothing(world):
    run = world.run("-e", "interconnect_vlan_id=101", "-e", "interconnect_vpc_router_id=")
    assert_refused(run, "interconnect_vpc_router_id is required and must not be empty or null")
    assert not run.calls


def test_4_a_mistyped_vlan_on_teardown_says_nothing_was_found_and_where_the_interconnect_is(world):
    run = world.run(*(ABSENT + OTHER + ["-e", "interconnect_vlan_id=101"]))
    assert_ok(run)
    assert not run.changed_tasks and not lib.mutating(run.calls)
    (message,) = [e["result"]["msg"] for e in run.results if e["task"].endswith("Say that there is nothing to tear down here")]
    vbr_id = other_interconnect(world.emulator)[0][0]["VbrId"]
    assert "Nothing to tear down: no VBR on physical connection %s VLAN 101" % OTHER_PC in message
    assert "VBR %s on physical connection %s VLAN 100" % (vbr_id, OTHER_PC) in message
    assert "check interconnect_physical_connection_id and interconnect_vlan_id" in message
    assert message in run.stdout.replace("\n", " ") or "Nothing to tear down" in run.stdout
    assert_other_intact(world.emulator)


def test_4_a_physical_connection_that_does_not_exist_fails_the_teardown(world):
    run = world.run(*(ABSENT + ["-e", "interconnect_physical_connection_id=pc-typo01"]))
    assert_refused(run, "interconnect_physical_connection_id: no physical connection pc-typo01 in this region")
    assert_other_intact(world.emulator)


@pytest.mark.parametrize("state", ["present", "absent"])
def test_10_a_mistyped_vrouter_names_the_one_the_interconnect_leads_to(world, state):
    run = world.run(*(OTHER + ["-e", "interconnect_state=%s" % state, "-e", "interconnect_vpc_router_id=vrt-emu0002"]))
    assert_refused(run, "leads to vRouter vrt-emu0001, not to interconnect_vpc_router_id vrt-emu0002",
                   "Nothing was changed")
    assert_other_intact(world.emulator)


@pytest.mark.parametrize("value", ["true", "no"])
def test_8_booleans_typed_on_the_command_line(world, value):
    run = world.run(*(OTHER + ["-e", "interconnect_adopt=%s" % value]))
    assert_ok(run)
    assert not run.changed_tasks and not lib.mutating(run.calls)


def test_8_a_boolean_that_is_not_one_names_the_variable(world):
    run = world.run(*(OTHER + ["-e", "interconnect_adopt=perhaps"]))
    assert_refused(run, "interconnect_adopt")
    assert not run.calls


def test_10_the_result_names_the_circuit_the_key_and_each_route_side_without_noise(world):
    run = world.run(*OTHER)
    assert_ok(run)
    result = [e for e in run.results if e["task"] == "Show the interconnect"][-1]["result"]["interconnect_result"]
    vbr = other_interconnect(world.emulator)[0][0]
    assert (result["physical_connection_id"], result["vlan_id"], result["vlan_interface_id"]) == (
        OTHER_PC, 100, vbr["VlanInterfaceId"])
    assert [(r["side"], r["via"], r["destination_cidr_block"], r["status"]) for r in result["routes"]] == [
        ("vbr", "initiator", "172.16.0.0/12", "Available"), ("vpc", "acceptor", "192.168.0.0/16", "Available")]
    # No duplicate mapping key (or any other) warning, and one include of the build, none of the teardown.
    assert "[WARNING]" not in run.stdout + run.stderr, (run.stdout + run.stderr)[-3000:]
    assert run.stdout.count("TASK [aliyun.express_connect.interconnect : Run the build]") == 1
    assert "Run the teardown" not in run.stdout


def default_callback_problems(run):
    """What the default callback prints when a result does not render, or a template fails."""
    text = run.stdout + run.stderr
    return [marker for marker in ("Failure using method", "splitlines", "is undefined", "[ERROR]", "Traceback")
            if marker in text]


@pytest.mark.parametrize("vars_files", [(), (lib.EMULATOR_BGP_VARS[1],)], ids=["vpc-side", "with-bgp"])
def test_9_previews_list_everything_the_real_run_does(world, vars_files):
    world.emulator.reset()
    extra = [arg for path in vars_files for arg in ("-e", "@%s" % path)]
    for state in ("present", "absent"):
        args = extra + ["-e", "interconnect_state=%s" % state]
        preview = world.run(*args, check=True, diff=True)
        assert_ok(preview)
        assert not default_callback_problems(preview), default_callback_problems(preview)
        assert not lib.mutating(preview.calls)
        real = world.run(*args, diff=True)
        assert_ok(real)
        assert not default_callback_problems(real), default_callback_problems(real)
        assert lib.changed_steps(preview) == lib.changed_steps(real), (state, sorted(lib.changed_steps(preview)),
                                                                       sorted(lib.changed_steps(real)))
        assert len(lib.changed_steps(real)) >= (5 if state == "present" else 4)
        if state == "present":
            shown = [e for e in preview.results if e["task"] == "Show the interconnect"][-1]["result"]
            assert set(shown["interconnect_result"]) >= {"vbr_id", "routes", "vlan_interface_id"}
            assert json.dumps(shown["interconnect_result"]).count("null") >= 3  # not created in check mode

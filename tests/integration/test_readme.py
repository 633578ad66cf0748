"""The READMEs' examples and commands run as written (issue 20, point 10), against one emulator at latency scale 0.

1. Every ```yaml block of README.md, roles/interconnect/README.md and emulator/README.md parses; the playbooks and
   task lists among them (a task list wrapped in a play) pass ansible-lint's production profile.
2. "The modules by example" runs against the emulator with its fixture IDs in place of the placeholders.
3. The role's command lines (``ansible-playbook ...``, ``.venv/bin/ansible-playbook ...`` and the ``-e`` forms
   the text names) run from the repository root, a user's own vars files replaced by the emulator's.
4. "Using the collection from your own playbooks": the build and install, ANSIBLE_COLLECTIONS_PATH and the run of a
   playbook of one's own from another directory, with HOME a scratch directory that holds the checkout as
   ``~/src/express_connect``. The playbooks run there are the README's first one and the role README's one.

Commands run with shell=False after shlex.split; a bare ``ansible-playbook`` (or ``.venv/bin/...``) is the toolchain's.
"""

import json
import os
import re
import shlex
import subprocess
import time
import urllib.request

import pytest
import yaml

from support.calls import mutating
from support.emulator import ACCESS_KEY_ID, ACCESS_KEY_SECRET, REGION, clean_env
from support.fixture_ids import PC, VPC_ROUTER
from support.paths import REPO_ROOT, VENV_BIN
from support.playbook import AnsibleRunner
from support.sdk import sdk_call

READMES = ("README.md", "roles/interconnect/README.md", "emulator/README.md")
# Placeholder IDs of the examples -> the emulator's fixtures (playbooks/vars/emulator.yml, /_emulator/fixtures).
PLACEHOLDERS = {"pc-bp1example": PC, "vrt-bp1example": VPC_ROUTER,
                "pc-bp1ciz7ekd2grn1as****": PC, "vrt-bp1lhl0taikrteen8****": VPC_ROUTER}
# A user's own vars files in the README's commands -> the emulator's ("playbooks/vars/emulator-bgp.yml is that
# example for the emulator", says the README of my-bgp.yml).
VARS_FILES = {"@my-interconnect.yml": "@playbooks/vars/emulator.yml", "@my-bgp.yml": "@playbooks/vars/emulator-bgp.yml"}
# The role's command lines in README.md, as written (comments dropped), and the -e forms its text names.
BUILD = "ansible-playbook playbooks/interconnect.yml -e @my-interconnect.yml"
TEARDOWN = "ansible-playbook playbooks/interconnect.yml -e @my-interconnect.yml -e interconnect_state=absent"
REHEARSAL = ".venv/bin/ansible-playbook playbooks/interconnect.yml -e @playbooks/vars/emulator.yml"
BGP = "ansible-playbook playbooks/interconnect.yml -e @my-interconnect.yml -e @my-bgp.yml"
REDUNDANT_VARS = "-e @playbooks/vars/emulator.yml -e @playbooks/vars/emulator-redundant.yml"
REDUNDANT = "ansible-playbook playbooks/interconnect.yml " + REDUNDANT_VARS
REDUNDANT_HEALTH = "ansible-playbook playbooks/interconnect-health.yml " + REDUNDANT_VARS
REDUNDANT_TEARDOWN = REDUNDANT + " -e interconnect_state=absent"
ADOPT = "-e interconnect_adopt=true"
# The VPC in another account, in another region (section "The VPC in another account or region").
ELSEWHERE = ["ansible-playbook playbooks/interconnect.yml -e @playbooks/vars/emulator.yml -e @playbooks/vars/%s" % name
             for name in ("emulator-cross-account.yml", "emulator-cross-region.yml")]
ELSEWHERE_TEARDOWN = [command + " -e interconnect_state=absent" for command in ELSEWHERE]
OWN_PLAYBOOKS_SECTION = "Using the collection from your own playbooks"
CHECKOUT = "~/src/express_connect"
MARKER = "ansible-interconnect"
TIMEOUT = 600


def readme(name="README.md"):
    return (REPO_ROOT / name).read_text()


def fenced_blocks(text, language=None):
    """(language, body) of every fenced block, in order; a block in a list item is dedented."""
    blocks = []
    for match in re.finditer(r"^( *)```(\w*)\n(.*?)^\1```", text, re.M | re.S):
        indent = len(match.group(1))
        body = "\n".join(line[indent:] for line in match.group(3).splitlines())
        if language is None or match.group(2) == language:
            blocks.append((match.group(2), body.strip("\n")))
    return blocks


def section(text, title):
    start = text.index("## " + title + "\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else len(text)]


def command_lines(text):
    """Every ansible-playbook command line of fenced blocks (yaml comments included), continuations joined."""
    lines = []
    for _language, body in fenced_blocks(text):
        for line in body.replace("\\\n", " ").splitlines():
            line = line.strip()
            if line.startswith("# "):
                line = line[2:]
            if "ansible-playbook" not in line:
                continue  # other lines need not be shell words (the diagram)
            words = shlex.split(line, comments=True)
            if words and words[0].endswith("ansible-playbook"):
                lines.append(" ".join(words))
    return lines


def substituted(text):
    for placeholder, fixture in PLACEHOLDERS.items():
        text = text.replace(placeholder, fixture)
    return text


def report(completed):
    return "rc=%s\nargs: %s\nstdout:\n%s\nstderr:\n%s" % (completed.returncode, completed.args,
                                                         completed.stdout[-6000:], completed.stderr[-3000:])


def yaml_examples():
    """(readme, index, body, data) of every ```yaml block of the three READMEs."""
    examples = []
    for name in READMES:
        text = readme(name)
        blocks = fenced_blocks(text, "yaml")
        assert len(blocks) == text.count("```yaml"), name  # none missed by the pattern
        examples += [(name, index, body, yaml.safe_load(body)) for index, (_lang, body) in enumerate(blocks)]
    return examples


def as_playbook(body, data):
    """A playbook's text as written, or a task list's indented under a play."""
    if "hosts" in data[0]:
        return body
    tasks = "\n".join(("    " + line) if line else "" for line in body.splitlines())
    return "- name: README task list\n  hosts: localhost\n  gather_facts: false\n  tasks:\n" + tasks


def role_readme_playbook():
    (body,) = [body for name, _i, body, data in yaml_examples()
               if name == "roles/interconnect/README.md" and isinstance(data, list)]
    return substituted(body)


def first_readme_playbook():
    return substituted(next(body for name, _i, body, data in yaml_examples()
                            if name == "README.md" and isinstance(data, list) and "hosts" in data[0]))


# 1. The YAML examples ---------------------------------------------------------------------------------------------
def test_every_yaml_example_parses_and_the_playbooks_pass_ansible_lint(tmp_path):
    examples = yaml_examples()
    kinds = [(name, type(data).__name__) for name, _i, _body, data in examples]
    # README: a playbook, the BGP vars, the modules' task list; the role's README: its result, a playbook.
    assert kinds == [("README.md", "list"), ("README.md", "dict"), ("README.md", "list"),
                     ("roles/interconnect/README.md", "dict"), ("roles/interconnect/README.md", "list")], kinds
    files = []
    for name, index, body, data in examples:
        if isinstance(data, list):
            path = tmp_path / ("%s-%d.yml" % (name.replace("/", "-").replace(".md", ""), index))
            path.write_text("---\n" + as_playbook(body, data) + "\n")
            files.append(path.name)
    env = dict(clean_env(), ANSIBLE_COLLECTIONS_PATH=str(REPO_ROOT / "collections"), NO_COLOR="1",
               HOME=str(tmp_path))
    env.pop("ANSIBLE_CONFIG", None)
    completed = subprocess.run([str(VENV_BIN / "ansible-lint"), "--nocolor", "--offline", "--profile", "production",
                                "--strict"] + files, cwd=tmp_path, env=env, capture_output=True, text=True,
                               timeout=TIMEOUT)
    assert completed.returncode == 0, report(completed)
    assert "Profile 'production' was required, and it passed" in completed.stdout + completed.stderr, \
        report(completed)


def test_the_role_variables_of_the_examples_are_the_roles():
    """The BGP vars example and the include_role vars of the playbooks name only variables (and BGP suboptions) that
    roles/interconnect/meta/argument_specs.yml declares."""
    spec = yaml.safe_load((REPO_ROOT / "roles/interconnect/meta/argument_specs.yml").read_text())
    options = spec["argument_specs"]["main"]["options"]
    declared = []
    for _name, _index, _body, data in yaml_examples():
        if isinstance(data, dict) and "interconnect_result" not in data:  # the role README's result is an output
            declared.append(data)
        elif isinstance(data, list) and "hosts" in data[0]:
            declared += [task["vars"] for task in data[0]["tasks"] if "ansible.builtin.include_role" in task]
    assert len(declared) == 3, declared
    for variables in declared:
        assert set(variables) <= set(options), sorted(set(variables) - set(options))
        assert set(variables.get("interconnect_bgp", {})) <= set(options["interconnect_bgp"]["options"])


# 2. The modules by example ----------------------------------------------------------------------------------------
def test_the_modules_example_runs_against_the_emulator(clean_emulator, tmp_path):
    text = section(readme(), "The modules by example")
    ((_lang, body),) = fenced_blocks(text, "yaml")
    data = yaml.safe_load(body)
    playbook = tmp_path / "modules-example.yml"
    playbook.write_text(substituted(as_playbook(body, data)))
    run = AnsibleRunner(tmp_path, clean_emulator.env).run_playbook(playbook)
    assert run.rc == 0, "stdout:\n%s\nstderr:\n%s" % (run.stdout, run.stderr)
    names = [task["name"] for task in data]
    assert [entry["task"] for entry in run.results] == names
    failed = [entry["task"] for entry in run.results if entry["result"].get("failed")]
    assert failed == []
    state = clean_emulator.state()
    assert [(v["PhysicalConnectionId"], v["VlanId"], v["Name"]) for v in state["VirtualBorderRouters"]] == \
        [(PC, 100, "dc1-uplink")]
    assert sorted(ri["Status"] for ri in state["RouterInterfaces"]) == ["Active", "Active"]
    routes = {(e["DestinationCidrBlock"], e["Status"]) for e in state["RouteEntries"] if e.get("Type") == "Custom"}
    assert routes == {("172.16.0.0/12", "Available"), ("192.168.0.0/16", "Available")}
    listed = run.result(names[-1])
    assert listed["failed"] is False
    clean_emulator.reset()


# 3. The role's command lines --------------------------------------------------------------------------------------
def role_commands():
    text = readme()
    own = section(text, OWN_PLAYBOOKS_SECTION)
    return [line for line in command_lines(text) if line not in command_lines(own)]


def test_the_readme_shows_these_role_commands():
    """The commands test_role_commands_* run are the README's, and the README shows no other."""
    assert sorted(role_commands()) == sorted([BUILD, TEARDOWN, BGP, REHEARSAL, REDUNDANT, REDUNDANT_HEALTH,
                                              REDUNDANT_TEARDOWN] + ELSEWHERE + ELSEWHERE_TEARDOWN)
    assert "`%s`" % ADOPT in readme()


def argv(command):
    words = shlex.split(command, comments=True)
    if words[0] in ("ansible-playbook", ".venv/bin/ansible-playbook"):
        words[0] = str(VENV_BIN / "ansible-playbook")
    return [VARS_FILES.get(word, word) for word in words]


def run_command(emulator, tmp_path, command):
    env = AnsibleRunner(tmp_path, emulator.env).environment()
    return subprocess.run(argv(command), cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT)


def assert_runs(emulator, tmp_path, command):
    completed = run_command(emulator, tmp_path, command)
    assert completed.returncode == 0, report(completed)
    return completed


def test_the_rehearsal_environment_is_the_emulators(emulator):
    """The README's `export` line for the emulator sets what the emulator's clients need, with its defaults."""
    block = next(body for _lang, body in fenced_blocks(section(readme(), "The emulator")) if REHEARSAL in body)
    exports = dict(word.split("=", 1) for word in shlex.split(block.replace("\\\n", " ").split("export", 1)[1]
                                                              .splitlines()[0]))
    assert set(exports) == set(emulator.env)
    assert exports["ALICLOUD_VPC_ENDPOINT"] == "http://127.0.0.1:8765"
    assert "--port 8765" in block
    assert {k: v for k, v in exports.items() if k != "ALICLOUD_VPC_ENDPOINT"} == \
        {k: v for k, v in emulator.env.items() if k != "ALICLOUD_VPC_ENDPOINT"}


def interconnect(state):
    return ([(v["VlanId"], v["Name"]) for v in state["VirtualBorderRouters"]],
            sorted(ri["Status"] for ri in state["RouterInterfaces"]))


def test_role_commands_build_rerun_bgp_teardown(clean_emulator, tmp_path):
    assert_runs(clean_emulator, tmp_path, BUILD)
    assert interconnect(clean_emulator.state()) == ([(100, "emulator-interconnect")], ["Active", "Active"])
    before = len(mutating(clean_emulator.calls()))
    completed = assert_runs(clean_emulator, tmp_path, REHEARSAL)  # the same interconnect again: nothing to do
    assert len(mutating(clean_emulator.calls())) == before, completed.stdout
    assert_runs(clean_emulator, tmp_path, BGP)
    state = clean_emulator.state()
    assert [(p["PeerIpAddress"], p["BgpStatus"]) for p in state["BgpPeers"]] == [("10.254.0.2", "Established")]
    assert_runs(clean_emulator, tmp_path, TEARDOWN)
    state = clean_emulator.state()
    assert state["VirtualBorderRouters"] == state["RouterInterfaces"] == state["BgpGroups"] == []


def test_role_commands_redundant_build_health_teardown(clean_emulator, tmp_path):
    assert_runs(clean_emulator, tmp_path, REDUNDANT)
    assert interconnect(clean_emulator.state()) == (
        [(100, "emulator-redundant-pc-emu0001-100"), (200, "emulator-redundant-pc-emu0002-200")], ["Active"] * 4)
    before = len(mutating(clean_emulator.calls()))
    health = assert_runs(clean_emulator, tmp_path, REDUNDANT_HEALTH)
    assert len(mutating(clean_emulator.calls())) == before
    assert health.stdout.count('"health_check_status": "Normal"') == 2, health.stdout
    assert_runs(clean_emulator, tmp_path, REDUNDANT_TEARDOWN)
    state = clean_emulator.state()
    assert state["VirtualBorderRouters"] == state["RouterInterfaces"] == []


@pytest.mark.parametrize("build,teardown", list(zip(ELSEWHERE, ELSEWHERE_TEARDOWN)),
                         ids=["another-account", "another-region"])
def test_role_commands_vpc_elsewhere(clean_emulator, tmp_path, build, teardown):
    """The README's commands build the interconnect to the VPC in the second account, or in cn-shanghai, and tear
    it down leaving nothing in any account or region."""
    assert_runs(clean_emulator, tmp_path, build)
    everything = clean_emulator.state(account="all", region="all")
    assert interconnect(everything) == ([(100, "emulator-interconnect")], ["Active", "Active"])
    assert_runs(clean_emulator, tmp_path, teardown)
    everything = clean_emulator.state(account="all", region="all")
    assert everything["VirtualBorderRouters"] == everything["RouterInterfaces"] == []


def unmarked_vbr(emulator):
    """A VBR on the emulator vars' natural key (pc-emu0001, VLAN 100) without the role's marker."""
    return sdk_call(emulator, "CreateVirtualBorderRouter", PhysicalConnectionId=PC, VlanId=100,
                    LocalGatewayIp="10.254.0.1", PeerGatewayIp="10.254.0.2", PeeringSubnetMask="255.255.255.252",
                    Name="built-by-hand")["VbrId"]


def test_role_commands_adopt(clean_emulator, tmp_path):
    """`-e interconnect_adopt=true` with the build takes over an unmarked VBR; with the teardown removes one."""
    vbr_id = unmarked_vbr(clean_emulator)
    refused = run_command(clean_emulator, tmp_path, BUILD)  # what the README says happens without it
    assert refused.returncode != 0 and vbr_id in refused.stdout and "interconnect_adopt" in refused.stdout, \
        report(refused)
    assert_runs(clean_emulator, tmp_path, BUILD + " " + ADOPT)
    (vbr,) = clean_emulator.state()["VirtualBorderRouters"]
    assert (vbr["VbrId"], vbr["Name"]) == (vbr_id, "emulator-interconnect")
    assert {"Key": MARKER, "Value": "emulator-interconnect"} in vbr["Tags"]["Tags"]
    assert_runs(clean_emulator, tmp_path, TEARDOWN)
    assert clean_emulator.state()["VirtualBorderRouters"] == []

    vbr_id = unmarked_vbr(clean_emulator)
    assert_runs(clean_emulator, tmp_path, TEARDOWN + " " + ADOPT)
    assert clean_emulator.state()["VirtualBorderRouters"] == []


def test_the_emulator_readme_command_starts_the_emulator(tmp_path):
    """emulator/README.md's command line (its ready file put in tmp_path) serves and stops cleanly on SIGTERM."""
    (block,) = [body for _lang, body in fenced_blocks(readme("emulator/README.md"), "")
                if "alicloud-vpc-emulator" in body]
    (line,) = [line for line in block.splitlines() if line.startswith(".venv/bin/alicloud-vpc-emulator")]
    words = shlex.split(line, comments=True)
    ready = tmp_path / "emu.json"
    words = [str(VENV_BIN / "alicloud-vpc-emulator")] + [str(ready) if w == "/tmp/emu.json" else w for w in words[1:]]
    process = subprocess.Popen(words, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not ready.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready.exists(), process.stderr.read() if process.poll() is not None else "no ready file in 30 s"
        url = json.loads(ready.read_text())["url"]
        with urllib.request.urlopen(url + "/_emulator/profile", timeout=10) as response:
            assert json.loads(response.read())["latency_scale"] == 0
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
        process.stderr.close()


# 4. A playbook of one's own, outside the checkout -----------------------------------------------------------------
class Shell:
    """Runs a README block's lines one by one as a user's shell would for these forms: `cd DIR`, `export K=V ...`,
    `COMMAND ... &` (the emulator: the fixture's stands in for it), other commands (shell=False). `~` is HOME."""

    def __init__(self, home, env, emulator_url):
        self.home, self.cwd, self.env, self.emulator_url = home, home, env, emulator_url

    def expand(self, word):
        return str(self.home) + word[1:] if word == "~" or word.startswith("~/") else word

    def run(self, block):
        results = []
        for line in block.replace("\\\n", " ").splitlines():
            words = [self.expand(word) for word in shlex.split(line, comments=True)]
            if not words:
                continue
            if words[0] == "cd":
                self.cwd = self.cwd / words[1]
                assert self.cwd.is_dir(), line
            elif words[0] == "export":
                for assignment in words[1:]:
                    name, value = assignment.split("=", 1)
                    self.env[name] = self.expand(value)
                if "ALICLOUD_VPC_ENDPOINT" in self.env:
                    self.env["ALICLOUD_VPC_ENDPOINT"] = self.emulator_url
            elif words[-1] == "&":
                assert os.access(words[0], os.X_OK) and words[0].endswith("alicloud-vpc-emulator"), line
            else:
                completed = subprocess.run(words, cwd=self.cwd, env=self.env, capture_output=True, text=True,
                                           timeout=TIMEOUT)
                assert completed.returncode == 0, report(completed)
                results.append(completed)
        return results


@pytest.fixture
def own_home(tmp_path):
    """A scratch HOME with the checkout at ~/src/express_connect and a directory of one's own playbooks."""
    home = tmp_path / "home"
    (home / "src").mkdir(parents=True)
    (home / "src" / "express_connect").symlink_to(REPO_ROOT)
    (home / "my-playbooks").mkdir()
    tarballs = set(REPO_ROOT.glob("aliyun-express_connect-*.tar.gz"))
    yield home
    for built in set(REPO_ROOT.glob("aliyun-express_connect-*.tar.gz")) - tarballs:
        built.unlink()


def test_own_playbook_with_the_installed_collection_and_with_the_checkout(clean_emulator, own_home):
    text = section(readme(), OWN_PLAYBOOKS_SECTION)
    install, checkout_path, run = [body for _lang, body in fenced_blocks(text)]
    env = {k: v for k, v in clean_env().items() if not k.startswith("ANSIBLE_")}
    env.update(HOME=str(own_home), ANSIBLE_NOCOLOR="1")
    run_lines = run.splitlines()
    assert run_lines[-1] == CHECKOUT + "/.venv/bin/ansible-playbook site.yml"
    setup_lines, playbook_line = "\n".join(run_lines[:-1]), run_lines[-1]

    # Build and install into ~/.ansible/collections, then run the README's first playbook as ~/my-playbooks/site.yml.
    Shell(own_home, env, clean_emulator.url).run(install)
    installed = own_home / ".ansible" / "collections" / "ansible_collections" / "aliyun" / "express_connect"
    assert json.loads((installed / "MANIFEST.json").read_text())["collection_info"]["name"] == "express_connect"
    (own_home / "my-playbooks" / "site.yml").write_text(first_readme_playbook())
    shell = Shell(own_home, dict(env), clean_emulator.url)
    shell.run(setup_lines)
    assert shell.cwd == own_home / "my-playbooks"
    assert {k: shell.env[k] for k in clean_emulator.env} == clean_emulator.env
    shell.run(playbook_line)  # no ansible.cfg there: only ~/.ansible/collections holds the collection
    assert interconnect(clean_emulator.state()) == ([(100, MARKER)], ["Active", "Active"])

    # The checkout through ANSIBLE_COLLECTIONS_PATH (the installed copy gone): the role README's playbook, the same
    # interconnect, is a run with nothing to do. It names the aliyun CLI profile `production` in module_defaults,
    # which then comes before the environment's key pair: the user's CLI config has it (here the emulator's keys).
    (own_home / ".ansible" / "collections").rename(own_home / "collections-installed")
    (own_home / ".aliyun").mkdir()
    (own_home / ".aliyun" / "config.json").write_text(json.dumps({"current": "default", "profiles": [
        {"name": "production", "mode": "AK", "access_key_id": ACCESS_KEY_ID, "access_key_secret": ACCESS_KEY_SECRET,
         "region_id": REGION}]}))
    shell = Shell(own_home, dict(env), clean_emulator.url)
    shell.run(checkout_path)
    assert shell.env["ANSIBLE_COLLECTIONS_PATH"] == str(own_home / "src" / "express_connect" / "collections")
    shell.run(setup_lines)
    (own_home / "my-playbooks" / "site.yml").write_text(role_readme_playbook())
    before = len(mutating(clean_emulator.calls()))
    (completed,) = shell.run(playbook_line)
    assert len(mutating(clean_emulator.calls())) == before, completed.stdout
    assert "interconnect_result" in completed.stdout
    clean_emulator.reset()

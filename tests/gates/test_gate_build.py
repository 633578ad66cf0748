"""Gate: `ansible-galaxy collection build` ships only collection content; the tarball installs into an empty path
and a playbook outside the repository uses it by FQCN."""

import json
import tarfile
from fnmatch import fnmatch

import pytest

from gatelib import OLDEST_END, gates, report, run
from support.paths import REPO_ROOT

# Nothing of the development tree may ship: tools, caches, tests, the emulator, benchmark output.
FORBIDDEN = [".venv*", ".cache", ".git", ".gitignore", ".ci", ".ansible", ".ansible-lint", ".yamllint",
             ".pytest_cache", "collections", "emulator", "tests", "benchmarks", "benchmark-results", "scripts",
             "molecule", "Makefile", "ansible.cfg", "pytest.ini", "requirements-dev.txt",
             "changelogs/.plugin-cache.yaml", "*.tar.gz", "*.pyc", "__pycache__", "*.egg-info", "build", "dist",
             "*.log", "*.jsonl", "context"]
REQUIRED = ["MANIFEST.json", "FILES.json", "README.md", "CHANGELOG.rst", "changelogs/changelog.yaml",
            "changelogs/config.yaml", "meta/runtime.yml", "meta/execution-environment.yml", "requirements.txt",
            "plugins/doc_fragments/alicloud.py", "roles/interconnect/meta/argument_specs.yml",
            "roles/interconnect/tasks/main.yml", "playbooks/interconnect.yml"]


@pytest.fixture(scope="module")
def members(collection_tarball):
    with tarfile.open(collection_tarball) as archive:
        return [member.name[2:] if member.name.startswith("./") else member.name for member in archive.getmembers()]


def test_tarball_holds_only_collection_content(members):
    leaked = sorted(name for name in members for pattern in FORBIDDEN
                    if any(fnmatch(part, pattern) for part in name.split("/"))
                    or fnmatch(name, pattern) or name.startswith(pattern + "/"))
    assert leaked == [], leaked
    top = {name.split("/")[0] for name in members}
    assert top <= {"MANIFEST.json", "FILES.json", "README.md", "CHANGELOG.rst", "LICENSE", "COPYING", "changelogs",
                   "docs", "meta", "plugins", "roles", "playbooks", "requirements.txt"}, sorted(top)


def test_tarball_has_the_collection(members):
    missing = [name for name in REQUIRED if name not in members]
    assert missing == [], missing
    modules = sorted(path.name for path in (REPO_ROOT / "plugins" / "modules").glob("ali_*.py"))
    shipped = sorted(name.split("/")[-1] for name in members if fnmatch(name, "plugins/modules/ali_*.py"))
    assert shipped == modules and len(modules) == 13, shipped


def test_installs_into_an_empty_path_and_runs_by_fqcn(collection_tarball, emulator, tmp_path):
    """Install the tarball with ansible-galaxy into an empty path and use it from a playbook outside the repo."""
    emulator.reset()
    collections = tmp_path / "collections"
    env = gates.isolated_ansible_env(tmp_path, ANSIBLE_COLLECTIONS_PATH=str(collections))
    install = run([OLDEST_END.tool("ansible-galaxy"), "collection", "install", collection_tarball, "-p", collections],
                  cwd=tmp_path, env=env)
    assert install.returncode == 0, report(install)
    installed = collections / "ansible_collections" / "aliyun" / "express_connect"
    manifest = json.loads((installed / "MANIFEST.json").read_text())
    assert manifest["collection_info"]["version"] == gates.galaxy_version()

    playbook = tmp_path / "site.yml"
    playbook.write_text(json.dumps([{
        "name": "use the installed collection", "hosts": "localhost", "gather_facts": False,
        "module_defaults": {"group/aliyun.express_connect.alicloud": {"vpc_endpoint": emulator.url}},
        "tasks": [
            {"name": "list VBRs", "aliyun.express_connect.ali_vbr_info": {}, "register": "vbrs"},
            {"name": "route tables", "aliyun.express_connect.ali_route_table_info": {
                "route_table_id": "vtb-emu0001"}, "register": "tables"},
            {"name": "check", "ansible.builtin.assert": {"that": [
                "vbrs.vbrs == []", "tables.route_tables | length == 1"]}},
        ]}]))
    credentials = {k: v for k, v in emulator.env.items() if k != "ALICLOUD_VPC_ENDPOINT"}
    env = dict(OLDEST_END.env(**env), HOME=str(tmp_path), **credentials)
    play = run([OLDEST_END.tool("ansible-playbook"), "-vvv", playbook.name], cwd=tmp_path, env=env)
    assert play.returncode == 0, report(play)
    assert "ok=3" in play.stdout and "failed=0" in play.stdout, report(play)
    # The modules came from the installed copy, not from the repository.
    assert str(installed / "plugins" / "modules") in play.stdout, report(play)
    assert str(REPO_ROOT / "plugins") not in play.stdout, report(play)

"""Gate: the ansible-core range in meta/runtime.yml (requires_ansible) is tested at both ends.

The oldest end here is the newest ansible-core that installs on Python 3.11 (.venv), the newest end the newest
ansible-core on Python 3.12 (.cache/venv-2.21, `make toolchain-newest`). Sanity runs on both (test_gate_sanity.py); the
module integration tests run on .venv with the rest of the suite and here again on the newest toolchain, through
ANSIBLE_TOOLCHAIN_BIN (tests/support/paths.py).
"""

import os
import re
import subprocess
import sys

import pytest
import yaml
from packaging.specifiers import SpecifierSet

from gatelib import NEWEST_END, OLDEST_END, TOOLCHAINS, report, run
from support.long_runs import FULL
from support.paths import REPO_ROOT

INTEGRATION = sorted(str(path.relative_to(REPO_ROOT))
                     for path in (REPO_ROOT / "tests" / "integration").glob("test_ali_*.py"))


def core_version(toolchain):
    completed = run([toolchain.tool("python"), "-c",
                     "import sys, ansible.release as r; print(r.__version__, '%d.%d' % sys.version_info[:2])"])
    assert completed.returncode == 0, report(completed)
    core, python = completed.stdout.split()
    return core, python


@pytest.mark.parametrize("toolchain", TOOLCHAINS, ids=[t.name for t in TOOLCHAINS])
def test_toolchain_within_requires_ansible(toolchain):
    toolchain.require()
    core, python = core_version(toolchain)
    assert python == toolchain.python_version
    requires = yaml.safe_load((REPO_ROOT / "meta" / "runtime.yml").read_text())["requires_ansible"]
    assert core in SpecifierSet(requires), "ansible-core %s outside requires_ansible %s" % (core, requires)


def test_requires_ansible_starts_at_the_tested_end():
    """The stated range must not promise ansible-core releases older than the oldest tested one (2.19)."""
    requires = yaml.safe_load((REPO_ROOT / "meta" / "runtime.yml").read_text())["requires_ansible"]
    oldest, _ = core_version(OLDEST_END.require())
    series = ".".join(oldest.split(".")[:2])
    lower = [spec.version for spec in SpecifierSet(requires) if spec.operator in (">=", ">")]
    assert lower and all(v.startswith(series + ".") or v == series for v in lower), \
        "requires_ansible %r: its lower bound should be %s.0, the oldest ansible-core tested" % (requires, series)


def test_toolchains_are_the_two_ends():
    oldest, _ = core_version(OLDEST_END.require())
    newest, _ = core_version(NEWEST_END.require())
    assert re.match(r"2\.19\.", oldest) and re.match(r"2\.21\.", newest), (oldest, newest)


# `make test` runs the tests marked `lifecycle` on the newest core (each module's lifecycle, paging and lost-response
# cases; the same files run in full on the oldest core with the rest of the suite). RELIABILITY_FULL=1 or
# GATES_NEWEST_CORE_INTEGRATION=full runs every module integration test on the newest core too.
def newest_core_selection():
    return [] if os.environ.get("GATES_NEWEST_CORE_INTEGRATION", "full" if FULL else "lifecycle") == "full" \
        else ["-m", "lifecycle"]


def test_every_module_test_file_has_a_lifecycle_case():
    unmarked = [path for path in INTEGRATION if "@pytest.mark.lifecycle" not in (REPO_ROOT / path).read_text()]
    assert not unmarked, "no test marked lifecycle (so none runs on the newest core in make test): %s" % unmarked


def shards(paths, count=2):
    """Split the test files into `count` groups of similar size (bytes as a proxy for run time)."""
    groups = [[] for _ in range(count)]
    sizes = [0] * count
    for path in sorted(paths, key=lambda p: -(REPO_ROOT / p).stat().st_size):
        smallest = sizes.index(min(sizes))
        groups[smallest].append(path)
        sizes[smallest] += (REPO_ROOT / path).stat().st_size
    return [group for group in groups if group]


@pytest.mark.timeout(1800)
def test_integration_on_newest_core(tmp_path):
    """tests/integration/test_ali_*.py (each module's lifecycle; all of it with RELIABILITY_FULL=1) with the newest
    toolchain's ansible-playbook and emulator, in two pytest processes at once (each with its own emulator)."""
    NEWEST_END.require()
    assert INTEGRATION, "no module integration tests found"
    env = dict(os.environ, ANSIBLE_TOOLCHAIN_BIN=str(NEWEST_END.bin))
    probe = run([sys.executable, "-c", "from support.paths import VENV_BIN; print(VENV_BIN)"], cwd=REPO_ROOT,
                env=dict(env, PYTHONPATH=str(REPO_ROOT / "tests")))
    assert probe.stdout.strip() == str(NEWEST_END.bin), report(probe)
    select = newest_core_selection()
    processes = []
    for index, group in enumerate(shards(INTEGRATION)):
        log = (tmp_path / ("shard-%d.log" % index)).open("w+")
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--basetemp",
                   str(tmp_path / ("t%d" % index))] + select + group
        processes.append((subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT),
                          log, group))
    failures = []
    for process, log, group in processes:
        rc = process.wait(timeout=1700)
        log.seek(0)
        output = log.read()
        log.close()
        if rc == 5 and select:
            continue  # no lifecycle case in this shard's files
        if rc != 0 or not re.search(r"\d+ passed", output):
            failures.append("%s: rc=%s\n%s" % (" ".join(group), rc, output[-15000:]))
    assert not failures, "\n\n".join(failures)

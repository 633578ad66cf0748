"""Gate: the ansible-core range in meta/runtime.yml (requires_ansible) is tested at both ends.

The oldest end here is the newest ansible-core that installs on Python 3.11 (.venv), the newest end the newest
ansible-core on Python 3.12 (.cache/venv-2.21, `make toolchain-newest`). Sanity runs on both (test_sanity.py); the
module integration tests run on .venv with the rest of the suite and here again on the newest toolchain, through
ANSIBLE_TOOLCHAIN_BIN (tests/support/paths.py).
"""

import os
import re
import sys

import pytest
import yaml
from packaging.specifiers import SpecifierSet

from conftest import NEWEST_END, OLDEST_END, TOOLCHAINS, report, run
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


def test_toolchains_are_the_two_ends():
    oldest, _ = core_version(OLDEST_END.require())
    newest, _ = core_version(NEWEST_END.require())
    assert re.match(r"2\.19\.", oldest) and re.match(r"2\.21\.", newest), (oldest, newest)


@pytest.mark.timeout(1800)
def test_integration_on_newest_core(tmp_path):
    """tests/integration/test_ali_*.py with the newest toolchain's ansible-playbook and emulator."""
    NEWEST_END.require()
    assert INTEGRATION, "no module integration tests found"
    env = dict(os.environ, ANSIBLE_TOOLCHAIN_BIN=str(NEWEST_END.bin))
    probe = run([sys.executable, "-c", "from support.paths import VENV_BIN; print(VENV_BIN)"], cwd=REPO_ROOT,
                env=dict(env, PYTHONPATH=str(REPO_ROOT / "tests")))
    assert probe.stdout.strip() == str(NEWEST_END.bin), report(probe)
    completed = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--basetemp", tmp_path / "t"]
                    + INTEGRATION, cwd=REPO_ROOT, env=env, timeout=1700)
    assert completed.returncode == 0, report(completed)
    assert re.search(r"\d+ passed", completed.stdout), report(completed)

"""Gate: `ansible-test sanity` on the collection as shipped (the tarball's content + tests/config.yml), with no
ignore entries, at both ends of the supported ansible-core range.

ansible-test creates a virtual environment per sanity test and bootstraps pip in it from a URL this machine can't
reach, with an environment stripped of pip settings: HOME points at ~/.cache/aliyun.express_connect/ansible-test-home
(gatelib.ANSIBLE_TEST_HOME), prepared by scripts/gates/toolchain.py (a get-pip stand-in and this machine's pip
settings). The virtual environments are cached there for every clone, so only the machine's first run installs the
sanity requirements.
"""

import fcntl
import re
import subprocess

import pytest

from gatelib import ANSIBLE_TEST_HOME, TOOLCHAINS, gates
from support.paths import REPO_ROOT

pytestmark = pytest.mark.timeout(1800)


def test_no_sanity_ignore_entries():
    ignores = sorted((REPO_ROOT / "tests" / "sanity").glob("ignore-*.txt"))
    entries = {path.name: [line for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]
               for path in ignores}
    assert not any(entries.values()), entries


@pytest.fixture(scope="module")
def sanity_runs(tmp_path_factory):
    """Start ansible-test sanity for every toolchain at hand at once (they overlap well on 2 cores); name → Popen.
    A missing toolchain is reported by its own test (require), without holding up the other end."""
    toolchains = [toolchain for toolchain in TOOLCHAINS if toolchain.ready]
    ANSIBLE_TEST_HOME.mkdir(parents=True, exist_ok=True)
    # Another clone's sanity run may be creating the same venvs: one run at a time in this HOME.
    lock = (ANSIBLE_TEST_HOME / ".lock").open("w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    gates.make_ansible_test_home(ANSIBLE_TEST_HOME, [toolchain.tool("python") for toolchain in toolchains])
    runs = {}
    for toolchain in toolchains:
        dest = tmp_path_factory.mktemp("sanity")
        root = gates.build_tree(dest, toolchain.tool("ansible-galaxy"))
        log = (dest / "sanity.log").open("w+")
        command = [toolchain.tool("ansible-test"), "sanity", "--local", "--python", toolchain.python_version,
                   "--color", "no"]
        process = subprocess.Popen(command, cwd=root, stdout=log, stderr=subprocess.STDOUT,
                                   env=toolchain.env(HOME=str(ANSIBLE_TEST_HOME)))
        runs[toolchain.name] = (process, log)
    yield runs
    for process, log in runs.values():
        if process.poll() is None:
            process.kill()
            process.wait()
        log.close()
    lock.close()


@pytest.mark.parametrize("toolchain", TOOLCHAINS, ids=[toolchain.name for toolchain in TOOLCHAINS])
def test_ansible_test_sanity(sanity_runs, toolchain):
    name = toolchain.require().name
    process, log = sanity_runs[name]
    rc = process.wait(timeout=1700)
    log.seek(0)
    output = log.read()
    problems = [line for line in output.splitlines() if re.match(r"^(ERROR|FATAL):", line)]
    assert rc == 0, "ansible-test sanity failed on %s:\n%s\n--- full output (tail)\n%s" % (
        name, "\n".join(problems), output[-8000:])
    assert "Running sanity test" in output, output[-4000:]

"""Shared pieces of the community gates: the two ansible-core toolchains, helpers to run tools."""

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from support.paths import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "scripts" / "gates"))
import toolchain as gates  # noqa: E402,F401  pylint: disable=unused-import  (scripts/gates/toolchain.py)

# HOME of ansible-test: its sanity venvs are keyed by their pinned requirements, so they are kept per user, not per
# clone; a fresh clone's sanity run then skips installing them (about 2 of its 3 minutes on 2 cores).
ANSIBLE_TEST_HOME = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "aliyun.express_connect" / \
    "ansible-test-home"


@dataclass(frozen=True)
class Toolchain:
    """An ansible-core installation in a virtual environment, at one end of the supported range."""
    name: str
    venv: Path
    python_version: str

    @property
    def bin(self):
        return self.venv / "bin"

    def tool(self, name):
        return str(self.bin / name)

    def env(self, **extra):
        env = dict(os.environ)
        env["PATH"] = str(self.bin) + os.pathsep + env.get("PATH", "")
        env["ANSIBLE_NOCOLOR"] = "1"
        env.pop("VIRTUAL_ENV", None)
        env.update(extra)
        return env

    @property
    def ready(self):
        return (self.bin / "ansible-playbook").exists()

    def require(self):
        """This toolchain, ready to use. On a machine without its Python this end can't be tested: skip and say so
        (`make test` repeats the reason as its last line). Where that Python exists, a missing toolchain fails."""
        if not self.ready:
            if gates.find_python(self.python_version) is None:
                pytest.skip("%s not tested: %s" % (self.name, gates.no_python_found(self.python_version)))
            pytest.fail("toolchain %s missing: run `make toolchain-newest` (scripts/gates/make-toolchain.sh)"
                        % self.name)
        return self


# The oldest Python the supported range is tested on carries the newest ansible-core that installs there (.venv,
# requirements-dev.txt); the newest one is made by `make toolchain-newest` (in .cache, which git and the
# collection build ignore).
OLDEST_END = Toolchain("ansible-core 2.19 / Python 3.11", REPO_ROOT / ".venv", "3.11")
NEWEST_END = Toolchain("ansible-core 2.21 / Python 3.12", REPO_ROOT / ".cache" / "venv-2.21", "3.12")
TOOLCHAINS = [OLDEST_END, NEWEST_END]


def run(command, **kwargs):
    """Run a command, capture its output as text, never raise on failure."""
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("text", True)
    kwargs.setdefault("timeout", 600)
    return subprocess.run([str(part) for part in command], check=False, **kwargs)


def report(completed):
    return "rc=%s\n--- stdout\n%s\n--- stderr\n%s" % (completed.returncode, completed.stdout[-20000:],
                                                      completed.stderr[-20000:])

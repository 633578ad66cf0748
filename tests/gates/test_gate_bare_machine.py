"""Gate: a bare machine. A fresh clone of HEAD runs `make demo` with the system python3, git and make only: PATH is
/usr/bin:/bin, no pyenv, no virtualenv, an empty HOME. It must set up .venv on that python3 (never looking for
Python 3.12), build and tear down the interconnect against its own emulator, and leave nothing behind. A python3
that is too old gets one clear line before anything is created.

pip keeps this machine's index settings (PIP_* and its config, written into the new HOME) and its cache, so the
fresh .venv installs as on CI, from the cache where it can.
"""

import os
import re
from pathlib import Path

import pytest

from gatelib import OLDEST_END, gates, report, run
from support.paths import REPO_ROOT

SYSTEM_PYTHON = "/usr/bin/python3"
BARE_PATH = "/usr/bin:/bin"
# Inherited settings that would point the clone at this repository's interpreters or tools.
DROPPED = ("PYENV", "VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "ANSIBLE_", "MAKEFLAGS", "MFLAGS", "MAKELEVEL",
           "MAKEOVERRIDES")


def version_of(python):
    completed = run([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"])
    return tuple(int(part) for part in completed.stdout.split(".")) if completed.returncode == 0 else None


def pip_cache_dir():
    completed = run([OLDEST_END.tool("pip"), "cache", "dir"])
    return completed.stdout.strip() if completed.returncode == 0 else None


def bare_env(home):
    env = {key: value for key, value in os.environ.items() if not key.startswith(DROPPED)}
    env.update(PATH=BARE_PATH, HOME=str(home))
    cache = pip_cache_dir()
    if cache:
        env.setdefault("PIP_CACHE_DIR", cache)
    conf = home / ".config" / "pip" / "pip.conf"
    conf.parent.mkdir(parents=True)
    conf.write_text(gates.pip_conf(gates.pip_options()))
    return env


@pytest.fixture
def fresh_clone(tmp_path):
    clone = tmp_path / "clone"
    completed = run(["git", "clone", "--quiet", REPO_ROOT, clone])
    assert completed.returncode == 0, report(completed)
    home = tmp_path / "home"
    home.mkdir()
    return clone, bare_env(home)


def emulators_running_from(venv):
    """PIDs of processes started from this venv's emulator script."""
    script = str(venv / "bin" / "alicloud-vpc-emulator").encode()
    pids = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if script in cmdline.read_bytes():
                pids.append(cmdline.parent.name)
        except OSError:
            pass  # the process ended while we looked
    return pids


@pytest.mark.timeout(1200)
def test_make_demo_on_a_fresh_clone_with_only_the_system_python(fresh_clone):
    if (version_of(SYSTEM_PYTHON) or (0,)) < (3, 11):
        pytest.skip("%s is missing or older than 3.11: this machine is not one `make demo` supports" % SYSTEM_PYTHON)
    clone, env = fresh_clone
    demo = run(["make", "demo"], cwd=clone, env=env, timeout=1100)
    assert demo.returncode == 0, report(demo)
    assert "Nothing left: no VBR, no router interface, no custom route." in demo.stdout, report(demo)
    assert demo.stdout.rstrip().endswith("the emulator is stopped."), report(demo)
    assert emulators_running_from(clone / ".venv") == [], report(demo)
    # .venv is the system python3's, and nothing looked for or built the newest-core toolchain.
    assert (clone / ".venv" / "bin" / "python").resolve() == Path(SYSTEM_PYTHON).resolve()
    assert not (clone / ".cache").exists(), report(demo)


def test_make_setup_with_a_too_old_python_says_which_version_is_needed(fresh_clone):
    old = next(filter(None, (gates.find_python(version) for version in ("3.10", "3.9", "3.8"))), None)
    if old is None:
        pytest.skip("no Python older than 3.11 (3.10, 3.9, 3.8) on this machine to try `make setup` with")
    clone, env = fresh_clone
    setup = run(["make", "setup", "PYTHON=" + old], cwd=clone, env=env, timeout=120)
    assert setup.returncode != 0, report(setup)
    lines = [line for line in setup.stderr.splitlines() if not line.startswith("make: ***")]
    assert len(lines) == 1, report(setup)
    assert re.match(r"make setup needs Python >= 3\.11 .*PYTHON=%s is Python 3\.([0-9]|10)\." % re.escape(old),
                    lines[0]), report(setup)
    assert not (clone / ".venv").exists(), report(setup)

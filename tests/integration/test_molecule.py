"""`molecule test` of the interconnect role's default scenario, as the suite's proof that it passes."""

import os
import subprocess

import pytest

from support.emulator import clean_env
from support.paths import REPO_ROOT, VENV_BIN


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_molecule_default_scenario(tmp_path):
    env = clean_env()  # the scenario starts its own emulator and sets its own connection settings
    env.update({
        "PATH": str(VENV_BIN) + os.pathsep + os.environ.get("PATH", ""),
        "ANSIBLE_NOCOLOR": "1",
        "NO_COLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        # Keep molecule's ephemeral state (ready file, logs, inventory) out of the user's home directory.
        "MOLECULE_EPHEMERAL_DIRECTORY": str(tmp_path / "molecule"),
    })
    completed = subprocess.run([str(VENV_BIN / "molecule"), "test", "--scenario-name", "default"],
                               cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=880)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output[-12000:]
    for action in ("create", "converge", "idempotence", "verify", "side_effect", "cleanup", "destroy"):
        assert "%s: Executed: Successful" % action in output or "➜ %s: Executed: Successful" % action in output, action

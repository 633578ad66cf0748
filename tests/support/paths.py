"""Locations the test suite, scripts and benchmarks share."""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
# ANSIBLE_TOOLCHAIN_BIN runs the tests with another toolchain's ansible-playbook and emulator (e.g. .venv-2.21/bin).
VENV_BIN = Path(os.environ.get("ANSIBLE_TOOLCHAIN_BIN") or REPO_ROOT / ".venv" / "bin").absolute()

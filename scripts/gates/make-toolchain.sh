#!/usr/bin/env bash
# Create a virtual environment with another ansible-core toolchain for the gates:
#   scripts/gates/make-toolchain.sh VENV_DIR PYTHON_VERSION ANSIBLE_CORE_VERSION
# e.g. scripts/gates/make-toolchain.sh .cache/venv-2.21 3.12 2.21.5
# It gets ansible-core, the collection's runtime requirements and the emulator (the integration tests run both
# from the toolchain's bin directory when ANSIBLE_TOOLCHAIN_BIN points at it); the emulator editable, so that a
# change to its source is what the gates test.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=$1 version=$2 core=$3
finder=${FIND_PYTHON:-python3}
python=$("$finder" scripts/gates/toolchain.py find-python "$version")
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/pip" install --quiet --upgrade pip
"$venv/bin/pip" install --quiet "ansible-core==$core" -r requirements.txt --editable ./emulator
touch "$venv/.installed"

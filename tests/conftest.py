"""Shared fixtures: a real emulator process and a runner for real ansible-playbook processes."""

import sys

import pytest

from support.emulator import EmulatorProcess
from support.paths import REPO_ROOT
from support.playbook import AnsibleRunner

# Unit tests import the collection as ansible_collections.aliyun.express_connect.
sys.path.insert(0, str(REPO_ROOT / "collections"))


@pytest.fixture(scope="session")
def emulator():
    with EmulatorProcess(latency_scale=0.0, seed=1) as process:
        yield process


@pytest.fixture
def clean_emulator(emulator):
    emulator.reset()
    emulator.configure(latency_scale=0.0, latency_jitter=0.0, profile={}, faults="", rate_limit=0)
    return emulator


@pytest.fixture
def ansible(emulator, tmp_path):
    return AnsibleRunner(tmp_path, emulator.env)

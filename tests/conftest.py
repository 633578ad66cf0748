"""Shared fixtures: a real emulator process and a runner for real ansible-playbook processes."""

import sys

import pytest

from support.emulator import EmulatorProcess
from support.paths import REPO_ROOT
from support.playbook import AnsibleRunner

# Unit tests import the collection as ansible_collections.aliyun.express_connect.
sys.path.insert(0, str(REPO_ROOT / "collections"))

# The longest files first (by `--durations` of a whole run): `make test` hands whole files to its two workers in
# collection order (--dist loadfile --no-loadscope-reorder), so a long file handed out last would leave one worker
# running it alone at the end. The rest keep their order.
LONGEST_FIRST = (
    "tests/integration/test_interconnect_role.py",
    "tests/reliability/test_check_mode_exact.py",
    "tests/gates/test_gate_sanity.py",  # its ansible-test runs start in the background with its first test
    "tests/gates/test_gate_core_range.py",
    "tests/integration/test_interconnect_other_account.py",
    "tests/integration/test_interconnect_redundant.py",
    "tests/reliability/test_interruptions.py",
    "tests/integration/test_readme.py",
    "tests/integration/test_ali_route_entry.py",
    "tests/integration/test_ali_router_interface.py",
    "tests/reliability/test_bad_day.py",
    "tests/integration/test_ali_vbr.py",
    "tests/reliability/test_concurrent_runs.py",
    "tests/integration/test_ali_bgp_group.py",
    "tests/integration/test_ali_route_entry_ecmp.py",
    "tests/integration/test_other_account_and_region.py",
    "tests/reliability/test_soak.py",
    "tests/reliability/test_bad_input.py",
    "tests/integration/test_molecule.py",
)


def pytest_collection_modifyitems(items):
    rank = dict((path, index) for index, path in enumerate(LONGEST_FIRST))
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))


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

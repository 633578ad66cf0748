"""What must stay in step across files: the version in the User-Agent and galaxy.yml, the role's per-module region
defaults and meta/runtime.yml's action group."""

import importlib.util

import yaml

from ansible_collections.aliyun.express_connect.plugins.module_utils.client import COLLECTION_VERSION
from support.paths import REPO_ROOT

GROUP = "aliyun.express_connect.alicloud"


def test_the_user_agent_carries_galaxy_yml_version():
    assert COLLECTION_VERSION == yaml.safe_load((REPO_ROOT / "galaxy.yml").read_text())["version"]


def test_the_role_gives_its_region_to_every_module_of_the_action_group():
    group = yaml.safe_load((REPO_ROOT / "meta" / "runtime.yml").read_text())["action_groups"]["alicloud"]
    (block,) = [task for task in yaml.safe_load((REPO_ROOT / "roles" / "interconnect" / "tasks" / "main.yml").read_text())
                if "module_defaults" in task]
    defaults = block["module_defaults"]
    assert sorted(defaults) == sorted("aliyun.express_connect." + name for name in group)
    assert set(defaults.values()) == {"{{ __interconnect_region_defaults }}"}
    assert sorted(group) == sorted(p.stem for p in (REPO_ROOT / "plugins" / "modules").glob("ali_*.py"))


def test_the_longest_first_order_names_only_test_files_that_exist():
    # tests/conftest.py (not this directory's conftest): a renamed or removed file would silently drop out of it.
    spec = importlib.util.spec_from_file_location("suite_conftest", REPO_ROOT / "tests" / "conftest.py")
    suite_conftest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(suite_conftest)
    missing = [path for path in suite_conftest.LONGEST_FIRST if not (REPO_ROOT / path).is_file()]
    assert not missing, missing

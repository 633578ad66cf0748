"""What must stay in step across files: the version in the User-Agent and galaxy.yml, the role's per-module region
defaults and meta/runtime.yml's action group."""

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

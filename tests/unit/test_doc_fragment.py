"""The doc fragment documents exactly the argument spec the modules get."""

import ast

import yaml

from ansible_collections.aliyun.express_connect.plugins.doc_fragments.alicloud import ModuleDocFragment
from ansible_collections.aliyun.express_connect.plugins.doc_fragments.tags import ModuleDocFragment as TagsDocFragment
from ansible_collections.aliyun.express_connect.plugins.module_utils import tagging
from ansible_collections.aliyun.express_connect.plugins.module_utils.client import connection_argument_spec
from ansible_collections.aliyun.express_connect.plugins.module_utils.module import wait_argument_spec
from support.paths import REPO_ROOT


def assert_documents(doc, spec):
    options = yaml.safe_load(doc)["options"]
    assert set(options) == set(spec)
    for name, arg in spec.items():
        documented = options[name]
        assert documented["type"] == arg["type"], name
        assert documented.get("default") == arg.get("default"), name
        assert documented.get("aliases", []) == arg.get("aliases", []), name
        assert documented["description"], name


def test_connection_options_match_the_spec():
    assert_documents(ModuleDocFragment.DOCUMENTATION, connection_argument_spec())


def test_wait_options_match_the_spec():
    assert_documents(ModuleDocFragment.WAIT, wait_argument_spec())


def test_secret_options_are_no_log():
    spec = connection_argument_spec()
    assert spec["alicloud_secret_key"]["no_log"] is True
    assert spec["alicloud_security_token"]["no_log"] is True
    assert spec["alicloud_access_key"]["no_log"] is False


def test_requirements_and_env_documented():
    doc = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)
    assert any("aliyun-python-sdk-core" in r for r in doc["requirements"])
    assert any("aliyun-python-sdk-vpc" in r for r in doc["requirements"])
    notes = " ".join(doc["notes"])
    for env in ("ALICLOUD_ACCESS_KEY", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_REGION", "ALIBABA_CLOUD_REGION_ID", "ALICLOUD_VPC_ENDPOINT"):
        assert env in notes


def test_tag_options_match_the_spec():
    assert_documents(TagsDocFragment.DOCUMENTATION, tagging.argument_spec())


def test_tag_filter_matches_the_spec():
    assert_documents(TagsDocFragment.FILTER, tagging.filter_argument_spec())


def test_every_module_declares_its_attributes_through_one_fragment():
    # Modules that change things claim full check and diff mode, the _info modules full check mode and no diff.
    modules = sorted((REPO_ROOT / "plugins" / "modules").glob("ali_*.py"))
    assert len(modules) == 13
    for path in modules:
        doc = yaml.safe_load(ast.literal_eval(next(
            node.value for node in ast.parse(path.read_text()).body
            if isinstance(node, ast.Assign) and node.targets[0].id == "DOCUMENTATION")))
        fragment = "INFO_ATTRIBUTES" if path.stem.endswith("_info") else "ATTRIBUTES"
        assert "attributes" not in doc, path.name
        assert "aliyun.express_connect.alicloud.%s" % fragment in doc["extends_documentation_fragment"], path.name
    assert yaml.safe_load(ModuleDocFragment.ATTRIBUTES)["attributes"]["diff_mode"]["support"] == "full"
    assert yaml.safe_load(ModuleDocFragment.INFO_ATTRIBUTES)["attributes"]["diff_mode"]["support"] == "none"

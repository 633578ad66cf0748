"""The doc fragment documents exactly the argument spec the modules get."""

import yaml

from ansible_collections.aliyun.express_connect.plugins.doc_fragments.alicloud import ModuleDocFragment
from ansible_collections.aliyun.express_connect.plugins.doc_fragments.tags import ModuleDocFragment as TagsDocFragment
from ansible_collections.aliyun.express_connect.plugins.module_utils import tagging
from ansible_collections.aliyun.express_connect.plugins.module_utils.client import connection_argument_spec
from ansible_collections.aliyun.express_connect.plugins.module_utils.module import wait_argument_spec


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

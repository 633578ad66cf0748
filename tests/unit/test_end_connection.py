"""The other end's connection settings (ali_ri_connection's opposite_connection): client.end_params and the
credential chain without the environment. Two sets of credentials never mix."""

import json

import pytest

from ansible_collections.aliyun.express_connect.plugins.module_utils.client import (
    END_OPTIONS, VpcClient, connection_argument_spec, end_connection_argument_spec, end_params,
)
from ansible_collections.aliyun.express_connect.plugins.module_utils.credentials import (
    CredentialError, resolve_credentials,
)

MODULE = dict((name, None) for name in connection_argument_spec())
MODULE.update(alicloud_access_key="a-id", alicloud_secret_key="a-secret", alicloud_assume_role_arn="acs:ram::1:role/a",
              validate_certs=True, connect_timeout=5, read_timeout=10)


def test_the_suboptions_are_the_connection_options_without_defaults():
    spec = end_connection_argument_spec()
    assert sorted(spec) == sorted(END_OPTIONS)
    assert all("default" not in option for option in spec.values())
    assert spec["alicloud_secret_key"]["no_log"] is True and spec["alicloud_security_token"]["no_log"] is True


def test_a_credential_source_replaces_every_credential_option_of_the_module():
    params, environment = end_params(MODULE, dict(alicloud_access_key="b-id", alicloud_secret_key="b-secret",
                                                  alicloud_region="cn-shanghai"), "cn-hangzhou")
    assert environment is False
    assert (params["alicloud_access_key"], params["alicloud_secret_key"]) == ("b-id", "b-secret")
    assert params["alicloud_assume_role_arn"] is None and params["alicloud_region"] == "cn-shanghai"
    assert params["connect_timeout"] == 5  # the transport options stay the module's
    params, environment = end_params(MODULE, dict(alicloud_profile="b"), "cn-hangzhou")
    assert params["alicloud_access_key"] is None and params["alicloud_secret_key"] is None
    assert params["alicloud_profile"] == "b" and environment is False


def test_without_a_source_the_module_credentials_with_the_given_role_and_region():
    params, environment = end_params(MODULE, dict(alicloud_region="cn-shanghai", alicloud_access_key=None), "cn-hangzhou")
    assert environment is True
    assert params["alicloud_access_key"] == "a-id" and params["alicloud_assume_role_arn"] == "acs:ram::1:role/a"
    assert params["alicloud_region"] == "cn-shanghai"
    params, _ = end_params(MODULE, dict(alicloud_assume_role_arn="acs:ram::2:role/b"), "cn-hangzhou")
    assert params["alicloud_assume_role_arn"] == "acs:ram::2:role/b" and params["alicloud_region"] == "cn-hangzhou"
    assert params["alicloud_access_key"] == "a-id"


def test_settings_with_their_own_source_never_read_the_environment(clean_env, tmp_path):
    clean_env.setenv("ALICLOUD_ACCESS_KEY", "a-env-id")
    clean_env.setenv("ALICLOUD_SECRET_KEY", "a-env-secret")
    config = tmp_path / "home" / ".aliyun" / "config.json"
    config.parent.mkdir(parents=True)
    config.write_text(json.dumps({"current": "a", "profiles": [
        {"name": "a", "mode": "AK", "access_key_id": "a-profile-id", "access_key_secret": "a-profile-secret"}]}))
    # An incomplete pair is an error, not completed from the environment or the current profile.
    with pytest.raises(CredentialError, match="must be given together"):
        resolve_credentials(dict(alicloud_access_key="b-id", alicloud_region="cn-shanghai"), environment=False)
    with pytest.raises(CredentialError) as failure:
        resolve_credentials(dict(ecs_role_name=None, alicloud_region="cn-shanghai"), environment=False)
    assert "a-env" not in str(failure.value) and "a-profile" not in str(failure.value)
    creds = resolve_credentials(dict(alicloud_access_key="b-id", alicloud_secret_key="b-secret",
                                     alicloud_region="cn-shanghai"), environment=False)
    assert (creds.access_key, creds.secret_key, creds.region) == ("b-id", "b-secret", "cn-shanghai")
    # The module itself still reads them.
    assert resolve_credentials(dict(alicloud_region="cn-hangzhou")).access_key == "a-env-id"


def test_two_clients_keep_their_own_secrets(clean_env):
    a = VpcClient.from_params(dict(MODULE, alicloud_assume_role_arn=None, alicloud_region="cn-hangzhou"))
    params, environment = end_params(MODULE, dict(alicloud_access_key="b-id", alicloud_secret_key="b-secret",
                                                  alicloud_security_token="b-token", alicloud_region="cn-shanghai"),
                                     a.region)
    b = VpcClient.from_params(params, environment=environment)
    assert a.secrets == ("a-secret",) and b.secrets == ("b-secret", "b-token")
    assert (a.region, b.region) == ("cn-hangzhou", "cn-shanghai")

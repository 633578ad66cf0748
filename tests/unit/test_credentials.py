"""Credential chain: options → ALICLOUD_* → ALIBABA_CLOUD_* → aliyun CLI profile → ECS RAM role."""

import json

import pytest
from aliyunsdkcore.auth.credentials import (
    AccessKeyCredential, EcsRamRoleCredential, RamRoleArnCredential, StsTokenCredential,
)

from ansible_collections.aliyun.express_connect.plugins.module_utils.credentials import (
    CredentialError, resolve_credentials,
)

OPTS = {"alicloud_access_key": "opt-id", "alicloud_secret_key": "opt-secret-value", "alicloud_region": "cn-hangzhou"}


def set_env(env, **values):
    for name, value in values.items():
        env.setenv(name, value)


def write_config(path, profiles, current="default"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"current": current, "profiles": profiles}))
    return str(path)


def test_options_win_over_everything(clean_env):
    set_env(clean_env, ALICLOUD_ACCESS_KEY="env-id", ALICLOUD_SECRET_KEY="env-secret", ALICLOUD_REGION="cn-beijing")
    creds = resolve_credentials(OPTS)
    assert (creds.kind, creds.access_key, creds.secret_key, creds.region) == ("AccessKey", "opt-id", "opt-secret-value", "cn-hangzhou")
    assert isinstance(creds.credential, AccessKeyCredential)
    assert creds.credential.access_key_secret == "opt-secret-value"


def test_options_with_token_make_sts_credential(clean_env):
    creds = resolve_credentials(dict(OPTS, alicloud_security_token="opt-token-value"))
    assert creds.kind == "StsToken"
    assert isinstance(creds.credential, StsTokenCredential)
    assert creds.credential.sts_token == "opt-token-value"


@pytest.mark.parametrize("params, fragment", [
    ({"alicloud_access_key": "id"}, "must be given together"),
    ({"alicloud_secret_key": "s"}, "must be given together"),
    ({"alicloud_security_token": "t"}, "needs alicloud_access_key"),
])
def test_incomplete_options_fail_clearly(clean_env, params, fragment):
    with pytest.raises(CredentialError, match=fragment):
        resolve_credentials(dict(params, alicloud_region="cn-hangzhou"))


def test_alicloud_env_family_before_alibaba_cloud_family(clean_env):
    set_env(clean_env, ALICLOUD_ACCESS_KEY="a-id", ALICLOUD_SECRET_KEY="a-secret", ALICLOUD_SECURITY_TOKEN="a-token",
            ALIBABA_CLOUD_ACCESS_KEY_ID="b-id", ALIBABA_CLOUD_ACCESS_KEY_SECRET="b-secret", ALICLOUD_REGION="cn-beijing")
    creds = resolve_credentials({})
    assert (creds.kind, creds.access_key, creds.security_token, creds.region) == ("StsToken", "a-id", "a-token", "cn-beijing")


def test_alibaba_cloud_env_family(clean_env):
    set_env(clean_env, ALIBABA_CLOUD_ACCESS_KEY_ID="b-id", ALIBABA_CLOUD_ACCESS_KEY_SECRET="b-secret",
            ALIBABA_CLOUD_SECURITY_TOKEN="b-token", ALIBABA_CLOUD_REGION_ID="ap-southeast-1")
    creds = resolve_credentials({})
    assert (creds.kind, creds.access_key, creds.secret_key, creds.security_token) == ("StsToken", "b-id", "b-secret", "b-token")
    assert creds.region == "ap-southeast-1"


def test_half_an_env_family_is_skipped(clean_env):
    set_env(clean_env, ALICLOUD_ACCESS_KEY="a-id", ALIBABA_CLOUD_ACCESS_KEY_ID="b-id",
            ALIBABA_CLOUD_ACCESS_KEY_SECRET="b-secret", ALICLOUD_REGION="cn-hangzhou")
    assert resolve_credentials({}).access_key == "b-id"


def test_region_env_order(clean_env):
    set_env(clean_env, ALICLOUD_REGION="cn-shanghai", ALIBABA_CLOUD_REGION_ID="cn-beijing")
    params = {"alicloud_access_key": "id", "alicloud_secret_key": "s"}
    assert resolve_credentials(params).region == "cn-shanghai"
    clean_env.delenv("ALICLOUD_REGION")
    assert resolve_credentials(params).region == "cn-beijing"


def test_missing_region_is_a_clear_error(clean_env):
    with pytest.raises(CredentialError, match="No Alibaba Cloud region.*alicloud_region.*ALICLOUD_REGION.*ALIBABA_CLOUD_REGION_ID"):
        resolve_credentials({"alicloud_access_key": "id", "alicloud_secret_key": "s"})


def test_bad_region_is_rejected(clean_env):
    with pytest.raises(CredentialError, match="not a region id"):
        resolve_credentials(dict(OPTS, alicloud_region="cn hangzhou/x"))


def test_nothing_found_lists_what_was_tried_without_secrets(clean_env, tmp_path):
    set_env(clean_env, ALICLOUD_SECRET_KEY="half-secret-value")
    with pytest.raises(CredentialError) as err:
        resolve_credentials({"alicloud_region": "cn-hangzhou"})
    message = str(err.value)
    for tried in ("options alicloud_access_key/alicloud_secret_key", "env ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY",
                  "env ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET",
                  "aliyun CLI config file %s" % (tmp_path / "home" / ".aliyun" / "config.json"), "option ecs_role_name"):
        assert tried in message
    assert message.index("options") < message.index("ALICLOUD_ACCESS_KEY") < message.index("ALIBABA_CLOUD") < message.index("CLI")
    assert "half-secret-value" not in message


PROFILES = [
    {"name": "ak", "mode": "AK", "access_key_id": "p-id", "access_key_secret": "p-secret", "region_id": "cn-beijing"},
    {"name": "sts", "mode": "StsToken", "access_key_id": "STS.p-id", "access_key_secret": "p-secret",
     "sts_token": "p-token", "region_id": "cn-shanghai"},
    {"name": "role", "mode": "RamRoleArn", "access_key_id": "p-id", "access_key_secret": "p-secret",
     "ram_role_arn": "acs:ram::1:role/r", "ram_session_name": "sess", "expired_seconds": 1800, "region_id": "cn-hangzhou"},
    {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "ecs-role", "region_id": "cn-zhangjiakou"},
    {"name": "sso", "mode": "CloudSSO", "region_id": "cn-hangzhou"},
    {"name": "broken", "mode": "AK", "access_key_id": "p-id", "region_id": "cn-hangzhou"},
]


@pytest.mark.parametrize("profile, kind, sdk_class, region", [
    ("ak", "AccessKey", AccessKeyCredential, "cn-beijing"),
    ("sts", "StsToken", StsTokenCredential, "cn-shanghai"),
    ("role", "RamRoleArn", RamRoleArnCredential, "cn-hangzhou"),
    ("ecs", "EcsRamRole", EcsRamRoleCredential, "cn-zhangjiakou"),
])
def test_cli_profile_modes(clean_env, tmp_path, profile, kind, sdk_class, region):
    path = write_config(tmp_path / "config.json", PROFILES)
    creds = resolve_credentials({"alicloud_config_file": path, "alicloud_profile": profile})
    assert (creds.kind, creds.region) == (kind, region)
    assert isinstance(creds.credential, sdk_class)
    assert "profile %s in %s" % (profile, path) == creds.source


def test_ram_role_profile_details(clean_env, tmp_path):
    path = write_config(tmp_path / "config.json", PROFILES)
    creds = resolve_credentials({"alicloud_config_file": path, "alicloud_profile": "role"})
    cred = creds.credential
    assert (cred.sts_access_key_id, cred.role_arn, cred.session_role_name) == ("p-id", "acs:ram::1:role/r", "sess")
    assert creds.session_expiration == 1800


def test_default_config_file_and_current_profile(clean_env, tmp_path):
    write_config(tmp_path / "home" / ".aliyun" / "config.json", PROFILES, current="sts")
    creds = resolve_credentials({})
    assert (creds.kind, creds.access_key, creds.region) == ("StsToken", "STS.p-id", "cn-shanghai")


@pytest.mark.parametrize("env_name", ["ALICLOUD_PROFILE", "ALIBABA_CLOUD_PROFILE"])
def test_profile_from_env(clean_env, tmp_path, env_name):
    write_config(tmp_path / "home" / ".aliyun" / "config.json", PROFILES, current="sts")
    clean_env.setenv(env_name, "ecs")
    assert resolve_credentials({}).role_name == "ecs-role"


def test_env_beats_profile_but_profile_gives_region(clean_env, tmp_path):
    write_config(tmp_path / "home" / ".aliyun" / "config.json", PROFILES, current="ak")
    set_env(clean_env, ALICLOUD_ACCESS_KEY="env-id", ALICLOUD_SECRET_KEY="env-secret")
    creds = resolve_credentials({})
    assert (creds.access_key, creds.region) == ("env-id", "cn-beijing")


@pytest.mark.parametrize("params", [{"alicloud_profile": "sts"}, {"alicloud_config_file": "{config}"}])
def test_a_profile_named_by_options_beats_env(clean_env, tmp_path, params):
    """The profile that the module's options name is theirs: the environment (another account's, perhaps) must not
    win over it."""
    path = write_config(tmp_path / "home" / ".aliyun" / "config.json", PROFILES, current="sts")
    set_env(clean_env, ALICLOUD_ACCESS_KEY="env-id", ALICLOUD_SECRET_KEY="env-secret")
    creds = resolve_credentials(dict((k, v.format(config=path)) for k, v in params.items()))
    assert (creds.access_key, creds.source) == ("STS.p-id", "profile sts in %s" % path)


@pytest.mark.parametrize("params, fragment", [
    ({"alicloud_profile": "nope"}, "profile 'nope' not found"),
    ({"alicloud_profile": "sso"}, "mode CloudSSO is not supported"),
    ({"alicloud_profile": "broken"}, "mode AK needs access_key_secret"),
])
def test_profile_errors(clean_env, tmp_path, params, fragment):
    path = write_config(tmp_path / "config.json", PROFILES)
    with pytest.raises(CredentialError, match=fragment):
        resolve_credentials(dict(params, alicloud_config_file=path))


def test_explicit_missing_config_file(clean_env, tmp_path):
    with pytest.raises(CredentialError, match="not found"):
        resolve_credentials({"alicloud_config_file": str(tmp_path / "missing.json"), "alicloud_region": "cn-hangzhou"})


def test_unreadable_config_file_does_not_quote_it(clean_env, tmp_path):
    path = tmp_path / "config.json"
    path.write_text('{"profiles": [{"access_key_secret": "leaky-secret", ')
    with pytest.raises(CredentialError) as err:
        resolve_credentials({"alicloud_config_file": str(path), "alicloud_region": "cn-hangzhou"})
    assert "leaky-secret" not in str(err.value)


def test_ecs_role_is_last(clean_env):
    creds = resolve_credentials({"ecs_role_name": "my-role", "alicloud_region": "cn-hangzhou"})
    assert (creds.kind, creds.role_name) == ("EcsRamRole", "my-role")
    assert isinstance(creds.credential, EcsRamRoleCredential)
    assert resolve_credentials(dict(OPTS, ecs_role_name="my-role")).kind == "AccessKey"


def test_assume_role_wraps_found_access_key(clean_env):
    set_env(clean_env, ALICLOUD_ACCESS_KEY="env-id", ALICLOUD_SECRET_KEY="env-secret", ALICLOUD_REGION="cn-hangzhou")
    creds = resolve_credentials({"alicloud_assume_role_arn": "acs:ram::1:role/net", "alicloud_assume_role_session_expiration": 900})
    cred = creds.credential
    assert isinstance(cred, RamRoleArnCredential)
    assert (cred.sts_access_key_id, cred.sts_access_key_secret, cred.role_arn) == ("env-id", "env-secret", "acs:ram::1:role/net")
    assert cred.session_role_name == "ansible-aliyun-express-connect"
    assert creds.session_expiration == 900


def test_assume_role_needs_an_access_key_pair(clean_env):
    with pytest.raises(CredentialError, match="only be assumed with an AccessKey pair"):
        resolve_credentials(dict(OPTS, alicloud_security_token="tok", alicloud_assume_role_arn="acs:ram::1:role/net"))


def test_repr_has_no_secrets(clean_env):
    creds = resolve_credentials(dict(OPTS, alicloud_security_token="opt-token-value"))
    assert "opt-secret-value" not in repr(creds) and "opt-token-value" not in repr(creds)
    assert set(creds.secrets) == {"opt-secret-value", "opt-token-value"}

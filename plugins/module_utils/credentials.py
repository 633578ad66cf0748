# -*- coding: utf-8 -*-
# Copyright: (c) 2025, aliyun.express_connect contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Find the credentials and region to call the API with.

First match wins: the key pair options, then a profile that the options name (alicloud_profile or
alicloud_config_file), then the ALICLOUD_* and ALIBABA_CLOUD_* environment variables, then a profile of the aliyun CLI
config file, then an ECS RAM role.
Nothing here may ever put a secret into a message.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re

from ansible_collections.aliyun.express_connect.plugins.module_utils.errors import CredentialError

try:
    from aliyunsdkcore.auth.credentials import (
        AccessKeyCredential, EcsRamRoleCredential, RamRoleArnCredential, StsTokenCredential,
    )
except ImportError:
    # module.AlicloudModule reports the missing SDK with missing_required_lib before we get here.
    AccessKeyCredential = EcsRamRoleCredential = RamRoleArnCredential = StsTokenCredential = None

DEFAULT_CONFIG_FILE = "~/.aliyun/config.json"
DEFAULT_SESSION_NAME = "ansible-aliyun-express-connect"
REGION_PATTERN = re.compile(r"^[a-zA-Z0-9_-]+$")

# (access key, secret, token) variable names, in the order they are tried.
ENV_FAMILIES = (
    ("ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN"),
    ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN"),
)
REGION_ENV = ("ALICLOUD_REGION", "ALIBABA_CLOUD_REGION_ID")
PROFILE_ENV = ("ALICLOUD_PROFILE", "ALIBABA_CLOUD_PROFILE")


class Credentials:
    """What resolve_credentials found. repr() is safe to log: it names the source, not the secrets."""

    def __init__(self, kind, source, region, access_key=None, secret_key=None, security_token=None,
                 role_arn=None, session_name=None, session_expiration=None, role_name=None):
        self.kind = kind  # AccessKey, StsToken, RamRoleArn or EcsRamRole
        self.source = source
        self.region = region
        self.access_key = access_key
        self.secret_key = secret_key
        self.security_token = security_token
        self.role_arn = role_arn
        self.session_name = session_name
        self.session_expiration = session_expiration
        self.role_name = role_name

    @property
    def credential(self):
        """The SDK credential object for AcsClient(credential=...)."""
        if self.kind == "StsToken":
            return StsTokenCredential(self.access_key, self.secret_key, self.security_token)
        if self.kind == "RamRoleArn":
            return RamRoleArnCredential(self.access_key, self.secret_key, self.role_arn, self.session_name)
        if self.kind == "EcsRamRole":
            return EcsRamRoleCredential(self.role_name)
        return AccessKeyCredential(self.access_key, self.secret_key)

    @property
    def secrets(self):
        """Values that must be masked wherever they could show up."""
        return tuple(s for s in (self.secret_key, self.security_token) if s)

    def __repr__(self):
        return "Credentials(kind=%r, source=%r, region=%r)" % (self.kind, self.source, self.region)


def _key_pair(source, access_key, secret_key, token):
    kind = "StsToken" if token else "AccessKey"
    return Credentials(kind, source, None, access_key=access_key, secret_key=secret_key, security_token=token)


def _from_options(params, tried):
    access_key = params.get("alicloud_access_key")
    secret_key = params.get("alicloud_secret_key")
    token = params.get("alicloud_security_token")
    if access_key and secret_key:
        return _key_pair("options", access_key, secret_key, token)
    if access_key or secret_key:
        raise CredentialError("alicloud_access_key and alicloud_secret_key must be given together")
    if token:
        raise CredentialError("alicloud_security_token needs alicloud_access_key and alicloud_secret_key")
    tried.append("options alicloud_access_key/alicloud_secret_key (not set)")
    return None


def _from_env(tried):
    for key_var, secret_var, token_var in ENV_FAMILIES:
        access_key, secret_key = os.environ.get(key_var), os.environ.get(secret_var)
        if access_key and secret_key:
            return _key_pair("env %s" % key_var, access_key, secret_key, os.environ.get(token_var))
        missing = [name for name in (key_var, secret_var) if not os.environ.get(name)]
        tried.append("env %s/%s (%s not set)" % (key_var, secret_var, ", ".join(missing)))
    return None


class _ConfigFile:
    """The aliyun CLI config file, read only when credentials or region are still missing."""

    def __init__(self, params, environment=True):
        self.explicit_path = params.get("alicloud_config_file")
        self.path = os.path.expanduser(self.explicit_path or DEFAULT_CONFIG_FILE)
        self.profile_name = params.get("alicloud_profile") or (_first_env(PROFILE_ENV) if environment else None)
        self._profile = None
        self._loaded = False

    def profile(self):
        """The selected profile dict, or None when there is no config file to read."""
        if not self._loaded:
            self._profile = self._load()
            self._loaded = True
        return self._profile

    def _load(self):
        if not os.path.isfile(self.path):
            if self.explicit_path or self.profile_name:
                raise CredentialError("aliyun CLI config file %s not found (alicloud_config_file/alicloud_profile)" % self.path)
            return None
        try:
            with open(self.path) as config_file:
                config = json.load(config_file)
            profiles = dict((p["name"], p) for p in config.get("profiles", []))
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            # Only the exception type: a parse error message could quote file content.
            raise CredentialError("cannot read aliyun CLI config file %s (%s)" % (self.path, type(exc).__name__))
        name = self.profile_name or config.get("current") or "default"
        if name not in profiles:
            raise CredentialError("profile %r not found in aliyun CLI config file %s" % (name, self.path))
        profile = dict(profiles[name])
        profile["name"] = name
        return profile


def _from_profile(config, params, tried):
    profile = config.profile()
    if profile is None:
        tried.append("aliyun CLI config file %s (not found)" % config.path)
        return None
    source = "profile %s in %s" % (profile["name"], config.path)
    mode = profile.get("mode") or "AK"
    fields = {
        "AK": ("access_key_id", "access_key_secret"),
        "StsToken": ("access_key_id", "access_key_secret", "sts_token"),
        "RamRoleArn": ("access_key_id", "access_key_secret", "ram_role_arn"),
        "EcsRamRole": ("ram_role_name",),
    }
    if mode not in fields:
        raise CredentialError("%s: mode %s is not supported (use AK, StsToken, RamRoleArn or EcsRamRole)" % (source, mode))
    missing = [f for f in fields[mode] if not profile.get(f)]
    if missing:
        raise CredentialError("%s: mode %s needs %s" % (source, mode, ", ".join(missing)))
    if mode == "EcsRamRole":
        return Credentials("EcsRamRole", source, None, role_name=profile["ram_role_name"])
    creds = _key_pair(source, profile["access_key_id"], profile["access_key_secret"],
                      profile.get("sts_token") if mode == "StsToken" else None)
    if mode == "RamRoleArn":
        _assume_role(creds, profile["ram_role_arn"], profile.get("ram_session_name") or params.get("alicloud_assume_role_session_name"),
                     profile.get("expired_seconds") or params.get("alicloud_assume_role_session_expiration"))
    return creds


def _from_ecs_role(params, tried):
    role_name = params.get("ecs_role_name")
    if role_name:
        return Credentials("EcsRamRole", "option ecs_role_name", None, role_name=role_name)
    tried.append("option ecs_role_name (not set)")
    return None


def _assume_role(creds, role_arn, session_name, expiration):
    """Turn an AccessKey pair into a RAM role that the SDK assumes through STS."""
    if creds.kind != "AccessKey":
        raise CredentialError("a RAM role can only be assumed with an AccessKey pair; %s gave %s credentials" % (creds.source, creds.kind))
    creds.kind = "RamRoleArn"
    creds.role_arn = role_arn
    creds.session_name = session_name or DEFAULT_SESSION_NAME
    creds.session_expiration = int(expiration) if expiration else None


def _first_env(names):
    for name in names:
        if os.environ.get(name):
            return os.environ[name]
    return None


def _region(params, config, environment=True):
    region = params.get("alicloud_region") or (_first_env(REGION_ENV) if environment else None)
    if not region:
        try:
            profile = config.profile()
        except CredentialError:
            profile = None  # the file only mattered for the region; report the region as missing
        region = profile.get("region_id") if profile else None
    if not region:
        raise CredentialError("No Alibaba Cloud region: set alicloud_region, env ALICLOUD_REGION or ALIBABA_CLOUD_REGION_ID, "
                              "or region_id in the aliyun CLI profile")
    if not REGION_PATTERN.match(region):
        raise CredentialError("alicloud_region %r is not a region id (letters, digits, '-' and '_')" % region)
    return region


def _not_from_env(tried):
    tried.append("the environment (not read for connection settings that name their own credentials)")
    return None


def _not_from_profile(config, params, tried):
    tried.append("aliyun CLI config file (read only when alicloud_profile or alicloud_config_file is given)")
    return None


def resolve_credentials(params, environment=True):
    """Return Credentials (with .region) for the module params, or raise CredentialError.

    environment=False: the environment variables are not read (the other end's settings of ali_ri_connection, which
    name their own credentials: the play's environment and CLI profile belong to the play's account)."""
    tried = []
    config = _ConfigFile(params, environment)
    from_env = _from_env if environment else _not_from_env
    named_profile = params.get("alicloud_profile") or params.get("alicloud_config_file")
    from_profile = _from_profile if environment or named_profile else _not_from_profile
    creds = _from_options(params, tried)
    if creds is None and named_profile:
        # A profile named by the module's options is one of them: the environment (another account's, perhaps,
        # such as the play's next to the role's VPC side) must not win over it.
        creds = _from_profile(config, params, tried)
    creds = creds or from_env(tried) or from_profile(config, params, tried) or _from_ecs_role(params, tried)
    if creds is None:
        raise CredentialError("No Alibaba Cloud credentials found. Tried: %s." % "; ".join(tried))
    if params.get("alicloud_assume_role_arn"):
        _assume_role(creds, params["alicloud_assume_role_arn"], params.get("alicloud_assume_role_session_name"),
                     params.get("alicloud_assume_role_session_expiration"))
    creds.region = _region(params, config, environment)
    return creds

# -*- coding: utf-8 -*-
# Copyright: (c) 2025, aliyun.express_connect contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Connection options: the argument spec is plugins/module_utils/client.py connection_argument_spec().
    DOCUMENTATION = r"""
options:
  alicloud_access_key:
    description:
      - Alibaba Cloud AccessKey ID.
      - If not set, the environment variables E(ALICLOUD_ACCESS_KEY) and then E(ALIBABA_CLOUD_ACCESS_KEY_ID) are used,
        each together with its family's secret and token variables.
    type: str
    aliases: [access_key]
  alicloud_secret_key:
    description:
      - Alibaba Cloud AccessKey secret. Must be given together with O(alicloud_access_key).
      - If not set, E(ALICLOUD_SECRET_KEY) and then E(ALIBABA_CLOUD_ACCESS_KEY_SECRET) are used.
    type: str
    aliases: [secret_key]
  alicloud_security_token:
    description:
      - STS security token, for temporary AccessKey pairs (their ID starts with C(STS.)).
      - If not set, E(ALICLOUD_SECURITY_TOKEN) or E(ALIBABA_CLOUD_SECURITY_TOKEN) is used with the key pair from the same variable family.
    type: str
    aliases: [security_token]
  alicloud_region:
    description:
      - Region ID, for example V(cn-hangzhou).
      - If not set, E(ALICLOUD_REGION), then E(ALIBABA_CLOUD_REGION_ID), then the C(region_id) of the aliyun CLI profile is used.
    type: str
    aliases: [region]
  alicloud_profile:
    description:
      - Name of the aliyun CLI profile to read credentials and region from.
      - If not set, E(ALICLOUD_PROFILE), then E(ALIBABA_CLOUD_PROFILE), then the file's C(current) profile is used.
      - Supported profile modes are C(AK), C(StsToken), C(RamRoleArn) and C(EcsRamRole).
    type: str
  alicloud_config_file:
    description:
      - Path of the aliyun CLI configuration file.
      - If not set, C(~/.aliyun/config.json) is read when it exists.
    type: path
  alicloud_assume_role_arn:
    description:
      - ARN of a RAM role to assume through STS with the AccessKey pair that was found, for example C(acs:ram::123456789012:role/network-admin).
    type: str
  alicloud_assume_role_session_name:
    description:
      - Session name of the assumed role. Defaults to C(ansible-aliyun-express-connect).
    type: str
  alicloud_assume_role_session_expiration:
    description:
      - Lifetime of the assumed role's session in seconds, between 900 and 3600. Defaults to 3600.
    type: int
  ecs_role_name:
    description:
      - RAM role of the ECS instance this runs on; its credentials come from the instance metadata service.
      - Used only when no other credentials are found.
    type: str
  vpc_endpoint:
    description:
      - URL that replaces the regional VPC API endpoint, with scheme C(http) or C(https), a host, an optional port and no path,
        for example V(http://127.0.0.1:8765) for a local emulator.
      - If not set, E(ALICLOUD_VPC_ENDPOINT) is used; without either the SDK's regional endpoint is called over HTTPS.
    type: str
  validate_certs:
    description:
      - Whether to verify the TLS certificate of HTTPS endpoints.
    type: bool
    default: true
  ca_bundle:
    description:
      - Path of a CA bundle to verify HTTPS endpoints with, instead of the default trust store.
      - Ignored when O(validate_certs=false).
      - The file must exist and hold CA certificates in PEM form (or be a directory of hashed CA certificates); the
        module checks it before any call.
    type: path
  connect_timeout:
    description:
      - Seconds to wait for a connection to the API endpoint.
    type: int
    default: 5
  read_timeout:
    description:
      - Seconds to wait for an API response.
    type: int
    default: 10
requirements:
  - aliyun-python-sdk-core >= 2.16.0
  - aliyun-python-sdk-vpc >= 3.0.40
notes:
  - >-
    Credentials are looked up in this order, the first complete set wins: the module options O(alicloud_access_key),
    O(alicloud_secret_key), O(alicloud_security_token); the aliyun CLI profile that O(alicloud_profile) or
    O(alicloud_config_file) names; the environment variables
    E(ALICLOUD_ACCESS_KEY), E(ALICLOUD_SECRET_KEY), E(ALICLOUD_SECURITY_TOKEN); the environment variables
    E(ALIBABA_CLOUD_ACCESS_KEY_ID), E(ALIBABA_CLOUD_ACCESS_KEY_SECRET), E(ALIBABA_CLOUD_SECURITY_TOKEN);
    the aliyun CLI profile (E(ALICLOUD_PROFILE) or the C(current) one of C(~/.aliyun/config.json)); O(ecs_role_name).
  - >-
    Environment variables read: E(ALICLOUD_ACCESS_KEY), E(ALICLOUD_SECRET_KEY), E(ALICLOUD_SECURITY_TOKEN), E(ALICLOUD_REGION),
    E(ALICLOUD_PROFILE), E(ALICLOUD_VPC_ENDPOINT), E(ALIBABA_CLOUD_ACCESS_KEY_ID), E(ALIBABA_CLOUD_ACCESS_KEY_SECRET),
    E(ALIBABA_CLOUD_SECURITY_TOKEN), E(ALIBABA_CLOUD_REGION_ID), E(ALIBABA_CLOUD_PROFILE).
  - >-
    Transient API errors (throttling, service unavailable, internal errors, resource locks, network errors)
    are retried with capped, jittered exponential backoff for up to 8 attempts or 120 seconds.
  - >-
    Failures that no retry mends fail at once, naming the endpoint: a refused connection on a local endpoint, a host
    name that does not resolve, a TLS certificate that fails verification, a O(ca_bundle) that does not exist or holds
    no CA certificate (checked before any call), and an answer that is not the VPC API's (not JSON, no RequestId, a
    Describe without its item set), so that an endpoint that is not the VPC API never reads as an empty account.
  - Set these options once for all modules of the collection with C(module_defaults) and the action group C(group/aliyun.express_connect.alicloud).
"""

    WAIT = r"""
options:
  wait:
    description:
      - Whether to wait until the resource reaches the state the task asks for.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait when O(wait=true). Must be greater than 0.
      - Also how long a request refused only because the resource is in a transition that ends by itself (for
        example a route create while another entry of the same VPC is Pending, or a connect while the opposite
        information is still being applied) is retried, whatever O(wait) is.
    type: int
    default: 600
"""

    # The attributes of every module that changes things: check and diff mode both predict the real run exactly.
    ATTRIBUTES = r"""
attributes:
  check_mode:
    description: Can run in check mode and returns the predicted result and changed status without making changes.
    support: full
  diff_mode:
    description: Returns the managed attributes before and after the change when run with C(--diff).
    support: full
"""

    # The attributes of the _info modules, which only read.
    INFO_ATTRIBUTES = r"""
attributes:
  check_mode:
    description: Only reads, so it runs the same in check mode.
    support: full
  diff_mode:
    description: Never changes anything, so there is nothing to diff.
    support: none
"""

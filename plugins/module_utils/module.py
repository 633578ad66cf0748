# -*- coding: utf-8 -*-
# Copyright: (c) 2025, aliyun.express_connect contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""AnsibleModule with the connection options, a lazy API client and clean failures."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import traceback

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.aliyun.express_connect.plugins.module_utils.client import (
    AlicloudApiError, VpcClient, ca_bundle_problem, connection_argument_spec, parse_endpoint,
)
from ansible_collections.aliyun.express_connect.plugins.module_utils.credentials import CredentialError
from ansible_collections.aliyun.express_connect.plugins.module_utils.inputs import empty_errors, requirement_errors
from ansible_collections.aliyun.express_connect.plugins.module_utils.waiter import WaitTimeout, wait_for

try:
    import aliyunsdkcore  # noqa: F401 pylint: disable=unused-import
    import aliyunsdkvpc  # noqa: F401 pylint: disable=unused-import
    SDK_IMPORT_ERROR = None
except ImportError:
    SDK_IMPORT_ERROR = traceback.format_exc()

SDK_REQUIREMENT = "aliyun-python-sdk-core and aliyun-python-sdk-vpc"


def wait_argument_spec():
    """The options documented by the aliyun.express_connect.alicloud.WAIT doc fragment."""
    return dict(
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=600),
    )


class AlicloudModule(AnsibleModule):
    """AnsibleModule for this collection's modules; module.client is built on first use."""

    def __init__(self, argument_spec, supports_check_mode=True, wait=True, not_empty=(), filters=(), **kwargs):
        """``not_empty``: options (``"opt.sub"`` for a suboption of a list of dicts) whose value must not be an empty
        string, list or dict, nor contain an empty element; required options are checked too. ``filters``: the same,
        and an explicit null is refused as well (info modules). See module_utils/inputs.py."""
        spec = connection_argument_spec()
        if wait:
            spec.update(wait_argument_spec())
        spec.update(argument_spec)
        super(AlicloudModule, self).__init__(argument_spec=spec, supports_check_mode=supports_check_mode, **kwargs)
        if SDK_IMPORT_ERROR:
            self.fail_json(msg=missing_required_lib(SDK_REQUIREMENT), exception=SDK_IMPORT_ERROR)
        errors = empty_errors(spec, self.params, self._given, not_empty, filters) + requirement_errors(
            spec, self.params, self._given, *[kwargs.get(rule) for rule in (
                "required_one_of", "required_together", "required_if", "required_by")])
        if errors:
            self.fail_json(msg="; ".join(errors))
        self._validate_connection_options()
        self._client = None

    def _load_params(self):
        super(AlicloudModule, self)._load_params()
        # The task's arguments as given (before validation): an option given as null is here, an omitted one is not.
        self._given = dict(self.params)

    def _validate_connection_options(self):
        """Rules the argument spec cannot express, checked before any credential lookup or API call."""
        params = self.params
        for name in ("connect_timeout", "read_timeout", "wait_timeout"):
            if params.get(name) is not None and params[name] <= 0:
                self.fail_json(msg="%s must be greater than 0, got %s" % (name, params[name]))
        expiration = params.get("alicloud_assume_role_session_expiration")
        if expiration is not None and not 900 <= expiration <= 3600:
            self.fail_json(msg="alicloud_assume_role_session_expiration must be between 900 and 3600 seconds, got %s" % expiration)
        if params.get("vpc_endpoint"):
            try:
                parse_endpoint(params["vpc_endpoint"])
            except ValueError as exc:
                self.fail_json(msg=str(exc))
        if params.get("ca_bundle") and params.get("validate_certs", True):
            problem = ca_bundle_problem(params["ca_bundle"])
            if problem:
                self.fail_json(msg="ca_bundle %s %s: it must be a PEM file of the CA certificates that signed the "
                                   "endpoint's certificate" % (params["ca_bundle"], problem))

    @property
    def client(self):
        """The VpcClient, built (credentials resolved) on first use."""
        if self._client is None:
            try:
                self._client = VpcClient.from_params(self.params)
            except (CredentialError, ValueError) as exc:
                self.fail_json(msg=str(exc))
            # Secrets found in env or the CLI config are not module params: mask them too.
            self.no_log_values.update(self._client.secrets)
        return self._client

    def fail_api(self, err, **kwargs):
        """Fail with the API error's code, message and RequestId attached."""
        self.fail_json(msg=str(err), error=dict(code=err.code, message=err.message, request_id=err.request_id,
                                                http_status=err.http_status, action=err.action), **kwargs)

    def run(self, main_fn):
        """Call main_fn() and turn the collection's errors into fail_json (never a traceback)."""
        try:
            main_fn()
        except AlicloudApiError as err:
            self.fail_api(err)
        except WaitTimeout as err:
            self.fail_json(msg=str(err), wait=dict(what=err.what, target=err.target, last_status=err.last_status))
        except CredentialError as err:
            self.fail_json(msg=str(err))

    def wait(self, fetch, what, statuses=None, gone=False):
        """wait_for with this module's wait_timeout; the module decides whether to wait at all (params['wait'])."""
        return wait_for(fetch, what, statuses=statuses, gone=gone, timeout=self.params.get("wait_timeout") or 600)

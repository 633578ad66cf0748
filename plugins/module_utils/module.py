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
    VpcClient, ca_bundle_problem, connection_argument_spec, end_params, parse_endpoint,
)
from ansible_collections.aliyun.express_connect.plugins.module_utils.errors import AlicloudError, raise_if
from ansible_collections.aliyun.express_connect.plugins.module_utils.inputs import empty_errors, requirement_errors
from ansible_collections.aliyun.express_connect.plugins.module_utils.waiter import wait_for

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
    """AnsibleModule for this collection's modules; module.client is built on first use.

    How a module ends: ``main`` builds the module and calls ``module.run(fn)``; ``fn`` returns the result dict, or
    raises AlicloudError (module_utils/errors.py). run() makes the one exit_json or the one fail_json (fail()).
    """

    def __init__(self, argument_spec, supports_check_mode=True, wait=True, not_empty=(), filters=(), **kwargs):
        """``not_empty``: options (``"opt.sub"`` for a suboption of a list of dicts) whose value must not be an empty
        string, list or dict, nor contain an empty element; required options are checked too. ``filters``: the same,
        and an explicit null is refused as well (info modules). See module_utils/inputs.py."""
        spec = connection_argument_spec()
        if wait:
            spec.update(wait_argument_spec())
        spec.update(argument_spec)
        super(AlicloudModule, self).__init__(argument_spec=spec, supports_check_mode=supports_check_mode, **kwargs)
        self._client = None
        self._end_client = None
        try:
            self._check_inputs(spec, not_empty, filters, kwargs)
        except AlicloudError as err:
            self.fail(err)

    def _load_params(self):
        super(AlicloudModule, self)._load_params()
        # The task's arguments as given (before validation): an option given as null is here, an omitted one is not.
        self._given = dict(self.params)

    def _check_inputs(self, spec, not_empty, filters, rules):
        """What the argument spec cannot express, checked before any credential lookup or API call."""
        if SDK_IMPORT_ERROR:
            raise AlicloudError(missing_required_lib(SDK_REQUIREMENT), exception=SDK_IMPORT_ERROR)
        raise_if(empty_errors(spec, self.params, self._given, not_empty, filters) + requirement_errors(
            spec, self.params, self._given, *[rules.get(rule) for rule in (
                "required_one_of", "required_together", "required_if", "required_by")]))
        self._validate_connection_options()

    def _validate_connection_options(self):
        params = self.params
        for name in ("connect_timeout", "read_timeout", "wait_timeout"):
            if params.get(name) is not None and params[name] <= 0:
                raise AlicloudError("%s must be greater than 0, got %s" % (name, params[name]))
        expiration = params.get("alicloud_assume_role_session_expiration")
        if expiration is not None and not 900 <= expiration <= 3600:
            raise AlicloudError("alicloud_assume_role_session_expiration must be between 900 and 3600 seconds, got %s"
                                % expiration)
        if params.get("vpc_endpoint"):
            try:
                parse_endpoint(params["vpc_endpoint"])
            except ValueError as exc:
                raise AlicloudError(str(exc)) from None
        if params.get("ca_bundle") and params.get("validate_certs", True):
            problem = ca_bundle_problem(params["ca_bundle"])
            if problem:
                raise AlicloudError("ca_bundle %s %s: it must be a PEM file of the CA certificates that signed the "
                                    "endpoint's certificate" % (params["ca_bundle"], problem))

    @property
    def client(self):
        """The VpcClient, built (credentials resolved) on first use; raises CredentialError (an AlicloudError)."""
        if self._client is None:
            try:
                self._client = VpcClient.from_params(self.params)
            except ValueError as exc:  # ALICLOUD_VPC_ENDPOINT that is not a URL
                raise AlicloudError(str(exc)) from None
            # Secrets found in env or the CLI config are not module params: mask them too.
            self.no_log_values.update(self._client.secrets)
        return self._client

    def end_client(self, option):
        """The VpcClient of the other end of a pair, from the connection settings in the dict option ``option`` (see
        client.end_params), built once; its secrets are masked like the module's. Failures name the option."""
        if self._end_client is None:
            params, environment = end_params(self.params, self.params[option], self.client.region)
            expiration = params.get("alicloud_assume_role_session_expiration")
            if expiration is not None and not 900 <= expiration <= 3600:
                raise AlicloudError("%s.alicloud_assume_role_session_expiration must be between 900 and 3600 "
                                    "seconds, got %s" % (option, expiration))
            try:
                self._end_client = VpcClient.from_params(params, environment=environment)
            except (ValueError, AlicloudError) as exc:  # a vpc_endpoint that is not a URL; CredentialError
                raise AlicloudError("%s: %s" % (option, exc)) from None
            self.no_log_values.update(self._end_client.secrets)
        return self._end_client

    def fail(self, err):
        """The one fail_json of the collection: an AlicloudError's message and result keys (``error`` for an API
        error, ``wait`` for a timeout, whatever else the raiser attached)."""
        self.fail_json(**err.fail_result())

    def run(self, main_fn):
        """Call main_fn(), which returns the result dict, and exit with it; an AlicloudError fails the module
        instead (never a traceback). Exactly one exit_json or fail_json either way."""
        try:
            result = main_fn()
        except AlicloudError as err:
            self.fail(err)
        else:
            if not isinstance(result, dict):
                raise TypeError("main_fn must return the module's result dict, got %r" % (result,))
            self.exit_json(**result)

    def wait(self, fetch, what, statuses=None, gone=False):
        """wait_for with this module's wait_timeout; the module decides whether to wait at all (params['wait'])."""
        return wait_for(fetch, what, statuses=statuses, gone=gone, timeout=self.params.get("wait_timeout") or 600)

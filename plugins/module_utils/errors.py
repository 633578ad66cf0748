# -*- coding: utf-8 -*-
# Copyright: (c) 2025, aliyun.express_connect contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The collection's one error type and how a failure travels.

Shared code and module helpers never call ``fail_json``: they raise AlicloudError (or a subclass), with the message
and any extra keys of the failed result. ``AlicloudModule.run`` turns it into the module's one ``fail_json``; a
successful ``main_fn`` returns the result dict instead, for the module's one ``exit_json``.

An API error (AlicloudApiError) reaches the result as ``error`` (code, message, request_id, http_status, action),
built by api_error_details() alone, whether the API error is raised as it is or carried by another message
(``AlicloudError(msg, api_error=err)``).

Pure value parsers (a CIDR block, an endpoint URL) raise ValueError naming the option, as ``ipaddress`` does, so that
the role's filter plugins can use them too; the module code that calls them turns it into an AlicloudError.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class AlicloudError(Exception):
    """A failure of a module of this collection: ``msg``, plus the extra keys of the failed result (``result``) and
    the API error it comes from (``api_error``), if any."""

    def __init__(self, msg, api_error=None, **result):
        super(AlicloudError, self).__init__(msg)
        self.api_error = api_error
        self.result = result

    @property
    def msg(self):
        return str(self)

    def fail_result(self):
        """The keyword arguments of fail_json for this error."""
        result = dict(self.result, msg=self.msg)
        if self.api_error is not None:
            result["error"] = api_error_details(self.api_error)
        return result


class AlicloudApiError(AlicloudError):
    """Every failed API call, whatever the layer that failed (server, SDK, transport)."""

    def __init__(self, action, code, message, request_id=None, http_status=None):
        self.action = action
        self.code = code
        self.message = message
        self.request_id = request_id
        self.http_status = http_status
        super(AlicloudApiError, self).__init__(str(self))
        self.api_error = self

    def __str__(self):
        text = "%s failed: %s: %s" % (self.action, self.code, self.message)
        if self.request_id:
            text += " (RequestId: %s)" % self.request_id
        return text


class WaitTimeout(AlicloudError):
    """The deadline passed before the resource reached the target; the result says what was waited for."""

    def __init__(self, what, target, last_status):
        self.what = what
        self.target = target
        self.last_status = last_status
        super(WaitTimeout, self).__init__("Timeout waiting for %s to become %s (last seen %s)"
                                          % (what, target, last_status),
                                          wait=dict(what=what, target=target, last_status=last_status))


class CredentialError(AlicloudError):
    """No usable credentials or region; the message says what was tried (never a secret)."""


def api_error_details(err):
    """The ``error`` key of a failed result for an AlicloudApiError: the one place it is built."""
    return dict(code=err.code, message=err.message, request_id=err.request_id, http_status=err.http_status,
                action=err.action)


def raise_if(messages, **result):
    """Raise one AlicloudError of the validation messages (joined by "; ") when there are any."""
    if messages:
        raise AlicloudError("; ".join(messages), **result)

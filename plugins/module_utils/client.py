# -*- coding: utf-8 -*-
# Copyright: (c) 2025, aliyun.express_connect contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one path every VPC API request takes: sign with the SDK, retry, map errors, paginate."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import ipaddress
import json
import logging
import os
import random
import re
import ssl
import time
import uuid

from urllib.parse import quote, urlparse

from ansible.module_utils.ansible_release import __version__ as ANSIBLE_VERSION

from ansible_collections.aliyun.express_connect.plugins.module_utils.credentials import resolve_credentials
from ansible_collections.aliyun.express_connect.plugins.module_utils.errors import AlicloudApiError
from ansible_collections.aliyun.express_connect.plugins.module_utils.retry import (
    backoff_delay, blocked_delay, classify_transport_error, is_retryable, may_have_taken_effect, CONNECTION_REFUSED,
    HOST_NOT_FOUND, INVALID_RESPONSE, TRANSPORT_ERROR, UNKNOWN_SERVER_ERROR,
)

try:
    from aliyunsdkcore.acs_exception.exceptions import ClientException, ServerException
    from aliyunsdkcore.client import AcsClient
    from aliyunsdkcore.http import protocol_type
except ImportError:
    # module.AlicloudModule reports the missing SDK with missing_required_lib before we get here.
    ClientException = ServerException = AcsClient = protocol_type = None

COLLECTION_NAME = "aliyun.express_connect"
COLLECTION_VERSION = "0.4.0"  # galaxy.yml's version (tests/unit/test_collection_consistency.py)
REQUEST_MODULE = "aliyunsdkvpc.request.v20160428.%sRequest"
ENDPOINT_ENV = "ALICLOUD_VPC_ENDPOINT"
PAGE_SIZE = 50
MAX_RESULT = 100
MAX_ATTEMPTS = 8
MAX_RETRY_TIME = 120.0
MAX_MESSAGE = 500
MAX_BODY_SHOWN = 120
ACTION_PATTERN = re.compile(r"^[A-Z][A-Za-z0-9]+$")
# Signed query strings and string-to-sign dumps (SignatureDoesNotMatch) carry the STS token.
SECRET_PARAM = re.compile(r"((?:SecurityToken|Signature|AccessKeySecret)(?:=|%3D|%253D))[^&\s'\"]*?(?=&|%26|%2526|[\s'\"]|$)")
QUERY_STRING = re.compile(r"/\?[^\s'\"]*")


# The SDK logs failed requests with their signed URL (and so the STS token) at ERROR level,
# which would reach stderr through logging's last-resort handler: keep its logs to itself.
logging.getLogger("aliyunsdkcore").addHandler(logging.NullHandler())
logging.getLogger("aliyunsdkcore").propagate = False


def connection_argument_spec():
    """The connection options of every module; plugins/doc_fragments/alicloud.py documents exactly these."""
    return dict(
        alicloud_access_key=dict(type="str", aliases=["access_key"], no_log=False),
        alicloud_secret_key=dict(type="str", aliases=["secret_key"], no_log=True),
        alicloud_security_token=dict(type="str", aliases=["security_token"], no_log=True),
        alicloud_region=dict(type="str", aliases=["region"]),
        alicloud_profile=dict(type="str"),
        alicloud_config_file=dict(type="path"),
        alicloud_assume_role_arn=dict(type="str"),
        alicloud_assume_role_session_name=dict(type="str"),
        alicloud_assume_role_session_expiration=dict(type="int"),
        ecs_role_name=dict(type="str"),
        vpc_endpoint=dict(type="str"),
        validate_certs=dict(type="bool", default=True),
        ca_bundle=dict(type="path"),
        connect_timeout=dict(type="int", default=5),
        read_timeout=dict(type="int", default=10),
    )


# Where a set of credentials comes from, and the role assumed with it: the connection options of the other end of a
# pair (ali_ri_connection's opposite_connection) give either a whole source or none; the two sets never mix.
CREDENTIAL_SOURCES = ("alicloud_access_key", "alicloud_secret_key", "alicloud_security_token", "alicloud_profile",
                      "alicloud_config_file", "ecs_role_name")
ROLE_OPTIONS = ("alicloud_assume_role_arn", "alicloud_assume_role_session_name",
                "alicloud_assume_role_session_expiration")
END_OPTIONS = CREDENTIAL_SOURCES + ROLE_OPTIONS + ("alicloud_region", "vpc_endpoint")


def end_connection_argument_spec():
    """The suboptions of another end's connection settings: the connection options that name an account, a role,
    a region and an endpoint, without defaults (an option not given is the module's own, see end_params)."""
    spec = connection_argument_spec()
    return dict((name, dict((k, v) for k, v in spec[name].items() if k != "default")) for name in END_OPTIONS)


def end_params(params, settings, region):
    """(the connection params of another end, whether its credentials may come from the environment).

    ``params`` are the module's, ``settings`` the other end's options, ``region`` the module's resolved region.
    Settings that name a credential source replace every credential option of the module, and the environment and
    the CLI's current profile are not read for them (they belong to the module's account); settings without one keep
    the module's credentials (the same account in another region, or another account's role assumed with them).
    Role options given replace the module's; the region is the module's unless given.
    """
    given = dict((name, value) for name, value in settings.items() if value is not None)
    merged = dict(params, alicloud_region=region)
    own_source = any(name in given for name in CREDENTIAL_SOURCES)
    dropped = CREDENTIAL_SOURCES + ROLE_OPTIONS if own_source else (
        ROLE_OPTIONS if any(name in given for name in ROLE_OPTIONS) else ())
    merged.update((name, None) for name in dropped)
    merged.update(given)
    return merged, not own_source


def parse_endpoint(value):
    """Normalise a vpc_endpoint URL to scheme://host[:port]; ValueError naming the option if it is not one."""
    try:
        url = urlparse(value)
        # url.port raises ValueError for a port that is not a number in range.
        valid = (url.scheme in ("http", "https") and bool(url.hostname) and (url.port or 0) >= 0
                 and not (url.username or url.password or url.query or url.fragment or url.params)
                 and url.path in ("", "/"))
    except ValueError:
        valid = False
    if not valid:
        raise ValueError("vpc_endpoint must be a URL such as http://127.0.0.1:8765 or https://vpc.example.com "
                         "(scheme http or https, a host, no path), got %r" % value)
    return "%s://%s" % (url.scheme, url.netloc)


def ca_bundle_problem(path):
    """Why ca_bundle cannot verify anything (a sentence to follow its name), or None: checked before any call."""
    if not os.path.exists(path):
        return "does not exist"
    if os.path.isdir(path):
        # The TLS library also takes a directory of hashed CA certificates (c_rehash).
        return None if os.access(path, os.R_OK | os.X_OK) else "is a directory that cannot be read"
    try:
        with open(path, "rb"):
            pass
        ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_verify_locations(cafile=path)
    except ssl.SSLError:  # an OSError too: first
        return "holds no CA certificate in PEM form"
    except (IOError, OSError) as exc:
        return "cannot be read (%s)" % (exc.strerror or exc)
    return None


def flatten(params, prefix=""):
    """RPC repeat style: {"Filter": [{"Key": "K", "Value": ["v"]}]} -> [("Filter.1.Key", "K"), ("Filter.1.Value.1", "v")].

    None values are dropped; scalars (bools included) are left for the SDK to stringify as it always does.
    """
    pairs = []
    if isinstance(params, dict):
        items = params.items()
    else:
        items = ((str(index), value) for index, value in enumerate(params, 1))
    for key, value in items:
        name = "%s.%s" % (prefix, key) if prefix else key
        if value is None:
            continue
        if isinstance(value, (dict, list, tuple)):
            pairs.extend(flatten(value, name))
        else:
            pairs.append((name, value))
    return pairs


def dig(response, path):
    """response["A"]["B"] for path "A.B"; [] when any level is missing."""
    node = response
    for key in path.split("."):
        if not isinstance(node, dict) or node.get(key) is None:
            return []
        node = node[key]
    return node


def is_local_host(host):
    """True for this machine's own (loopback) addresses, where a refused connection means nothing listens."""
    host = (host or "").strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def body_preview(body):
    """The start of an answer's body for a message: text, at most MAX_BODY_SHOWN characters."""
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    body = str(body)
    return repr(body[:MAX_BODY_SHOWN] + ("..." if len(body) > MAX_BODY_SHOWN else ""))


def redact(text, secrets=()):
    """Strip secrets (raw or percent-encoded once/twice) and signed query strings from a message."""
    text = QUERY_STRING.sub("/?<redacted>", SECRET_PARAM.sub(r"\1<redacted>", text))
    for secret in secrets:
        once = quote(secret, safe="")
        for form in (secret, once, quote(once, safe="")):
            text = text.replace(form, "<redacted>")
    return text


class VpcClient:
    """AcsClient wrapper; from_params() builds it from the module's connection options."""

    def __init__(self, acs_client, region, endpoint=None, secrets=(), sleep=time.sleep, clock=time.monotonic,
                 rand=random.random, max_attempts=MAX_ATTEMPTS, max_retry_time=MAX_RETRY_TIME):
        self.acs = acs_client
        self.region = region
        self.endpoint = endpoint
        self.secrets = tuple(secrets)
        self._sleep = sleep
        self._clock = clock
        self._rand = rand
        self.max_attempts = max_attempts
        self.max_retry_time = max_retry_time
        self._regional_host = None

    @classmethod
    def from_params(cls, params, environment=True, **kwargs):
        """Resolve credentials, region and endpoint from module params (raises CredentialError/ValueError);
        environment=False: credentials not from the environment (see end_params)."""
        endpoint = params.get("vpc_endpoint") or os.environ.get(ENDPOINT_ENV)
        endpoint = parse_endpoint(endpoint) if endpoint else None
        creds = resolve_credentials(params, environment)
        verify = params.get("validate_certs", True)
        if verify and params.get("ca_bundle"):
            verify = params["ca_bundle"]
        # auto_retry=False: call() is the only retry layer (the SDK's would retry underneath ours).
        acs = AcsClient(region_id=creds.region, credential=creds.credential, auto_retry=False, verify=verify,
                        connect_timeout=params.get("connect_timeout") or None, timeout=params.get("read_timeout") or None)
        acs.append_user_agent(COLLECTION_NAME, COLLECTION_VERSION)
        acs.append_user_agent("ansible", ANSIBLE_VERSION)
        if creds.session_expiration:
            # The SDK's RamRoleArnSigner reads its AssumeRole DurationSeconds from this attribute only.
            acs._signer._SESSION_PERIOD = creds.session_expiration  # pylint: disable=protected-access
        return cls(acs, creds.region, endpoint=endpoint, secrets=creds.secrets, **kwargs)

    def build_request(self, action, params=None):
        """The SDK's own request class for the action, with params set and the endpoint chosen."""
        if not ACTION_PATTERN.match(action or ""):
            raise AlicloudApiError(action, "SDK.InvalidAction", "not an API action name")
        try:
            module = importlib.import_module(REQUEST_MODULE % action)
        except ImportError:
            raise AlicloudApiError(action, "SDK.InvalidAction", "aliyun-python-sdk-vpc has no request class for this action") from None
        request = getattr(module, action + "Request")()
        for key, value in flatten(params or {}):
            request.add_query_param(key, value)
        if self.endpoint:
            request.set_endpoint(self.endpoint)
            scheme = protocol_type.HTTPS if self.endpoint.startswith("https://") else protocol_type.HTTP
        else:
            scheme = protocol_type.HTTPS
        # The SDK tests `protocol is HTTPS`: only the module's own constant turns TLS on.
        request.set_protocol_type(scheme)
        return request

    @property
    def endpoint_url(self):
        """The endpoint requests go to, for messages: vpc_endpoint, else the SDK's regional endpoint once resolved."""
        if self.endpoint:
            return self.endpoint
        if self._regional_host:
            return "https://%s" % self._regional_host
        return "the endpoint lookup (location service) for region %s" % self.region

    def _endpoint_hint(self):
        if self.endpoint:
            return "check vpc_endpoint / %s" % ENDPOINT_ENV
        return "check alicloud_region, and any proxy (HTTPS_PROXY) in the way"

    def _not_the_api(self, action, what, request_id=None):
        """The error for a 2xx answer that is not the API's shape: names the endpoint, never retried."""
        return self._error(action, INVALID_RESPONSE, "%s answered %s: not the Alibaba Cloud VPC API (%s)"
                           % (self.endpoint_url, what, self._endpoint_hint()), request_id, http_status=200)

    def _transport_error(self, action, text):
        """SDK.HttpError in plain words naming the endpoint; the failures no retry mends get their own codes."""
        host = urlparse(self.endpoint).hostname if self.endpoint else self._regional_host
        code, reason = classify_transport_error(text, local=is_local_host(host))
        message = "%s: %s" % (self.endpoint_url, reason)
        if code in (CONNECTION_REFUSED, HOST_NOT_FOUND):
            message += " (%s)" % self._endpoint_hint()
        return self._error(action, code, message)

    def _attempt(self, action, params):
        """One signed request; returns the parsed JSON or raises AlicloudApiError."""
        request = self.build_request(action, params)
        try:
            if not request.endpoint:
                # What the SDK resolves inside the call, resolved here so that a failure names the host.
                self._regional_host = None
                self._regional_host = self.acs._resolve_endpoint(request)  # pylint: disable=protected-access
                request.set_endpoint(self._regional_host)
            body = self.acs.do_action_with_exception(request)
        except ServerException as exc:
            code, message, status = exc.get_error_code(), exc.get_error_msg(), exc.get_http_status()
            if code == UNKNOWN_SERVER_ERROR:
                # An error status whose body is not the API's (a gateway's page, another service's 404).
                message = "%s answered HTTP %s with a body that is not an API error: %s" % (
                    self.endpoint_url, status, body_preview(re.sub(r"^ServerResponseBody: ", "", message or "")))
            raise self._error(action, code, message, exc.get_request_id(), status) from None
        except ClientException as exc:
            if exc.get_error_code() == TRANSPORT_ERROR:
                raise self._transport_error(action, exc.get_error_msg()) from None
            raise self._error(action, exc.get_error_code(), exc.get_error_msg()) from None
        except (IOError, OSError) as exc:
            # Raised outside the SDK's own transport guard, e.g. while fetching ECS RAM role credentials.
            raise self._error(action, TRANSPORT_ERROR, "%s: %s" % (type(exc).__name__, exc)) from None
        try:
            response = json.loads(body.decode("utf-8") if isinstance(body, bytes) else body)
        except (ValueError, UnicodeDecodeError):
            response = None
        if not isinstance(response, dict):
            raise self._not_the_api(action, "with a body that is not a JSON object (%s)" % body_preview(body))
        # Every answer of the API carries a RequestId (vpc-api-reference §2); {} from a web server does not.
        if not response.get("RequestId"):
            raise self._not_the_api(action, "without a RequestId (%s)" % body_preview(body))
        return response

    def _items(self, action, response, items_path):
        """The items of one Describe page; an answer without the item set is not the API's (dig alone reads it as [])."""
        top = items_path.split(".")[0]
        if top not in response:
            raise self._not_the_api(action, "%s without %s" % (action, top), response.get("RequestId"))
        return dig(response, items_path)

    def _error(self, action, code, message, request_id=None, http_status=None):
        message = redact(str(message), self.secrets)
        if len(message) > MAX_MESSAGE:
            message = message[:MAX_MESSAGE] + "..."
        return AlicloudApiError(action, code, message, request_id, http_status)

    def call(self, action, params=None, client_token=False, retry_codes=(), done_codes=(), blocked_codes=(),
             blocked_timeout=0):
        """Run one API action with retries; see the contract in the collection's docs for the semantics.

        blocked_codes are refused while a transition runs: they are retried until blocked_timeout seconds have
        passed since the first attempt, whatever the number of attempts (transient errors stay bounded).
        """
        params = dict(params or {})
        if client_token and not params.get("ClientToken"):
            # One token for every attempt: a retried create after a lost answer must not create twice.
            params["ClientToken"] = str(uuid.uuid4())
        start = self._clock()
        maybe_done = False
        attempt = 0
        while True:
            try:
                return self._attempt(action, params)
            except AlicloudApiError as err:
                if maybe_done and err.code in done_codes:
                    return {"RequestId": err.request_id}
                if err.code in blocked_codes:
                    blocked_for = self._clock() - start
                    delay = blocked_delay(blocked_for, self._rand)
                    if blocked_for + delay > blocked_timeout:
                        raise
                    self._sleep(delay)
                    continue
                attempt += 1
                if not is_retryable(err.code, err.http_status, retry_codes) or attempt >= self.max_attempts:
                    raise
                delay = backoff_delay(attempt - 1, self._rand)
                if self._clock() + delay - start > self.max_retry_time:
                    raise
                maybe_done = maybe_done or may_have_taken_effect(err.code, err.http_status)
                self._sleep(delay)

    def paginate(self, action, params, items_path):
        """All items of a PageNumber/PageSize Describe call."""
        items = []
        page = 1
        while True:
            response = self.call(action, dict(params or {}, PageNumber=page, PageSize=PAGE_SIZE))
            batch = self._items(action, response, items_path)
            items.extend(batch)
            total = response.get("TotalCount")
            if len(batch) < PAGE_SIZE or (total is not None and len(items) >= int(total)):
                return items
            page += 1

    def paginate_token(self, action, params, items_path):
        """All items of a NextToken/MaxResult Describe call."""
        items = []
        request = dict(params or {}, MaxResult=MAX_RESULT)
        while True:
            response = self.call(action, request)
            items.extend(self._items(action, response, items_path))
            token = response.get("NextToken")
            if not token:
                return items
            request["NextToken"] = token

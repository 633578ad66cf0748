# -*- coding: utf-8 -*-
# Copyright (c) aliyun.express_connect contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Tags on VBRs and router interfaces: conversions, validation, comparison and the two tag calls.

The API carries tags as a list of ``{"Key": k, "Value": v}`` (``Tags.Tags[]`` in Describe output, ``Tags.N`` on
create and as a Describe filter); modules and users see a plain ``{key: value}`` dict.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible.module_utils.common.text.converters import to_text

from ansible_collections.aliyun.express_connect.plugins.module_utils.errors import AlicloudError

VIRTUAL_BORDER_ROUTER = "VIRTUALBORDERROUTER"
ROUTER_INTERFACE = "ROUTERINTERFACE"

MAX_TAGS = 20
MAX_KEY_LENGTH = 128
MAX_VALUE_LENGTH = 128
# Tags whose key starts with these belong to the cloud: never sent, never purged.
SYSTEM_PREFIXES = ("aliyun", "acs:")
FORBIDDEN_SUBSTRINGS = ("http://", "https://")


def argument_spec():
    """The options documented by the aliyun.express_connect.tags doc fragment."""
    return dict(
        tags=dict(type="dict"),
        purge_tags=dict(type="bool", default=True),
    )


def filter_argument_spec():
    """The option documented by the aliyun.express_connect.tags.FILTER doc fragment."""
    return dict(tags=dict(type="dict"))


# ---------------------------------------------------------------------------------------------------------------
# Conversions
# ---------------------------------------------------------------------------------------------------------------
def from_api(tags):
    """``{"Tags": [{"Key": k, "Value": v}]}`` (Describe) or the bare list -> ``{k: v}``; ``{}`` for None."""
    if isinstance(tags, dict):
        tags = tags.get("Tags")
    return dict((tag.get("Key"), tag.get("Value") or "") for tag in tags or () if tag.get("Key"))


def to_api(tags):
    """``{k: v}`` -> ``[{"Key": k, "Value": v}]`` in key order: the create parameter and Describe filter."""
    return [{"Key": key, "Value": value} for key, value in sorted((tags or {}).items())]


def from_option(tags):
    """The ``tags`` option with every value as text (YAML turns ``cost: 100`` into an int); None stays None."""
    if tags is None:
        return None
    return dict((to_text(key), "" if value is None else to_text(value)) for key, value in tags.items())


def item_tags(item):
    """The tags of a Describe item (API field names) as a dict."""
    return from_api((item or {}).get("Tags"))


def with_tags(item, tags):
    """A copy of a Describe item (API field names) carrying these tags, in the API's own shape."""
    return dict(item, Tags={"Tags": to_api(tags)})


def normalize(item):
    """A Describe item in snake_case, with ``tags`` a ``{key: value}`` dict whose keys are kept as they are."""
    snake = camel_dict_to_snake_dict(dict((k, v) for k, v in item.items() if k != "Tags"))
    snake["tags"] = item_tags(item)
    return snake


# ---------------------------------------------------------------------------------------------------------------
# Validation (pure; messages name the option and the rule)
# ---------------------------------------------------------------------------------------------------------------
def is_system(key):
    return key.startswith(SYSTEM_PREFIXES)


def _text_errors(what, text):
    errors = []
    if text.startswith(SYSTEM_PREFIXES):
        errors.append("tags: %s must not start with 'aliyun' or 'acs:' (reserved for system tags)" % what)
    if any(banned in text for banned in FORBIDDEN_SUBSTRINGS):
        errors.append("tags: %s must not contain 'http://' or 'https://'" % what)
    return errors


def validate(tags, option="tags"):
    """Error messages for a ``tags`` dict (after from_option()); empty when valid or None."""
    if tags is None:
        return []
    errors = []
    if len(tags) > MAX_TAGS:
        errors.append("%s: at most %d tags per resource, got %d" % (option, MAX_TAGS, len(tags)))
    for key, value in sorted(tags.items()):
        if not key:
            errors.append("%s: a key must not be empty" % option)
            continue
        if len(key) > MAX_KEY_LENGTH:
            errors.append("%s: key %r must be at most %d characters, got %d" % (option, key, MAX_KEY_LENGTH, len(key)))
        if len(value) > MAX_VALUE_LENGTH:
            errors.append("%s: the value of %r must be at most %d characters, got %d"
                          % (option, key, MAX_VALUE_LENGTH, len(value)))
        errors.extend(_text_errors("key %r" % key, key))
        errors.extend(_text_errors("the value of %r (%r)" % (key, value), value))
    return errors


# ---------------------------------------------------------------------------------------------------------------
# Comparison and prediction
# ---------------------------------------------------------------------------------------------------------------
def compare(current, wanted, purge=True):
    """(to_set, to_unset): the tags to add or overwrite, and the keys to remove, to go from current to wanted.

    ``wanted`` None means the user did not give tags: nothing changes. System keys are never removed.
    """
    if wanted is None:
        return {}, []
    current = current or {}
    to_set = dict((key, value) for key, value in wanted.items() if current.get(key) != value)
    to_unset = []
    if purge:
        to_unset = sorted(key for key in current if key not in wanted and not is_system(key))
    return to_set, to_unset


def predict(current, to_set, to_unset):
    """The tags a resource has after apply(to_set, to_unset)."""
    result = dict((key, value) for key, value in (current or {}).items() if key not in to_unset)
    result.update(to_set)
    return result


def count_error(tags):
    """The message when a resource would end up with too many tags (purge_tags=false keeps the others)."""
    user = [key for key in tags if not is_system(key)]
    if len(user) > MAX_TAGS:
        return ("tags: at most %d tags per resource; with the tags it already has (purge_tags=false) it would have %d"
                % (MAX_TAGS, len(user)))
    return None


def changes(module, item):
    """(to_set, to_unset, the tags after them) for the module's tags/purge_tags options and a Describe item.

    Raises AlicloudError, before any change, when the resource would carry too many tags.
    """
    current = item_tags(item)
    to_set, to_unset = compare(current, module.params["tags"], module.params["purge_tags"])
    after = predict(current, to_set, to_unset)
    error = count_error(after)
    if error:
        raise AlicloudError(error)
    return to_set, to_unset, after


def matches(item, wanted):
    """Whether a Describe item carries every given tag (a lenient server may ignore the Tags.N filter)."""
    tags = item_tags(item)
    return all(key in tags and tags[key] == value for key, value in (wanted or {}).items())


# ---------------------------------------------------------------------------------------------------------------
# The tag calls
# ---------------------------------------------------------------------------------------------------------------
def apply(client, resource_type, resource_id, to_set, to_unset):
    """Remove to_unset, then add or overwrite to_set (Terraform's order); the SDK adds RegionId.

    Untagging first keeps a resource under the 20-tag limit while keys are being replaced.
    """
    if to_unset:
        client.call("UntagResourcesForExpressConnect", {"ResourceType": resource_type, "ResourceId": [resource_id],
                                                        "TagKey": list(to_unset)})
    if to_set:
        client.call("TagResourcesForExpressConnect", {"ResourceType": resource_type, "ResourceId": [resource_id],
                                                      "Tag": to_api(to_set)})

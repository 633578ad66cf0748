# -*- coding: utf-8 -*-
# Copyright (c) aliyun.express_connect contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Physical connections (Express Connect circuits): the read-only query and its normalisation."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible_collections.aliyun.express_connect.plugins.module_utils import lookup

# [DOC] DescribePhysicalConnections, Status filter values.
STATUSES = ("Initial", "Approved", "Allocating", "Allocated", "Confirmed", "Enabled", "Rejected", "Canceled",
            "Allocation Failed", "Terminating", "Terminated")


def describe(client, physical_connection_ids=None, status=None, name=None):
    """Every physical connection of the region matching the filters, following every page.

    ``physical_connection_ids`` None: no ID filter; otherwise queried five at a time. The filters are applied by the
    API and again here (a lenient server must not widen the result); the order is the API's, chunk by chunk.
    """
    found = lookup.physical_connections(client, ids=physical_connection_ids, Status=status, Name=name)
    return [item for item in found
            if (status is None or item.get("Status") == status) and (name is None or item.get("Name") == name)]


def secrets(items):
    """The MACsec CAKs of the items (secrets: never returned, masked should anything print them)."""
    return set(key.get("Cak") for item in items for key in _macsec_keys(item) if key.get("Cak"))


def _macsec_keys(item):
    keys = item.get("MacsecKeys")
    if isinstance(keys, dict):
        keys = keys.get("MacsecKey")
    return [key for key in keys or () if isinstance(key, dict)]


def _tags(item):
    """``{"tags": [{"Key", "Value"}]}`` (the API's spelling here; ``Tags`` accepted too) -> ``{key: value}``."""
    tags = item.get("Tags")
    if isinstance(tags, dict):
        tags = tags.get("tags", tags.get("Tags"))
    return dict((tag.get("Key"), tag.get("Value") or "") for tag in tags or ()
                if isinstance(tag, dict) and tag.get("Key"))


def normalize(item):
    """A Describe item in snake_case: ``tags`` a ``{key: value}`` dict (keys as they are), the MACsec keys without
    their CAK."""
    fields = dict((key, value) for key, value in item.items() if key not in ("Tags", "MacsecKeys"))
    snake = camel_dict_to_snake_dict(fields)
    snake["tags"] = _tags(item)
    snake["macsec_keys"] = {"macsec_key": [camel_dict_to_snake_dict(dict((k, v) for k, v in key.items() if k != "Cak"))
                                           for key in _macsec_keys(item)]}
    return snake

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Split what a lookup found by the owner's marker tag: the role touches only what carries its own."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence


def _check(items, key):
    if not is_sequence(items) or isinstance(items, str):
        raise AnsibleFilterError("owned_by / not_owned_by expect a list of resources, got %r" % (items,))
    if not key:
        raise AnsibleFilterError("owned_by / not_owned_by need the marker tag's key")


def _marked(item, key, value):
    tags = item.get("tags") if isinstance(item, dict) else None
    return isinstance(tags, dict) and key in tags and tags[key] == value


def owned_by(items, key, value):
    """The resources (as the _info modules return them, with a `tags` dict) whose tag `key` is `value`."""
    _check(items, key)
    return [item for item in items if _marked(item, key, value)]


def not_owned_by(items, key, value):
    """The resources whose tag `key` is missing or is not `value` (another owner's, or nobody's)."""
    _check(items, key)
    return [item for item in items if not _marked(item, key, value)]


class FilterModule(object):
    def filters(self):
        return {"owned_by": owned_by, "not_owned_by": not_owned_by}

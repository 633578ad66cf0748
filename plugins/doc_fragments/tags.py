# -*- coding: utf-8 -*-
# Copyright: (c) 2025, aliyun.express_connect contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Tag options: the argument specs are plugins/module_utils/tagging.py argument_spec() and filter_argument_spec().
    DOCUMENTATION = r"""
options:
  tags:
    description:
      - A dictionary of tags to set on the resource, tag key to tag value.
      - If O(tags) is not given, the tags of the resource are left as they are.
      - Tags are set on creation and changed in place on an existing resource (keys are removed first, then
        tags added or changed).
      - At most 20 tags. A key is 1 to 128 characters, a value 0 to 128; neither may start with C(aliyun) or
        C(acs:) or contain C(http://) or C(https://). Values are sent as strings. Checked before any API call.
    type: dict
  purge_tags:
    description:
      - If V(true) and O(tags) is given, tags of the resource whose key is not in O(tags) are removed.
      - If O(tags) is not given, tags are not changed, whatever O(purge_tags) is.
      - Tag keys starting with C(aliyun) or C(acs:) belong to Alibaba Cloud; they are never removed.
    type: bool
    default: true
"""

    FILTER = r"""
options:
  tags:
    description:
      - Only resources that carry every one of these tags (same key, same value).
      - Sent to the API as its tag filter, and checked again on the results.
    type: dict
"""

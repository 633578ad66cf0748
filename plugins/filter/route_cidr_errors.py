# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Check route destinations before anything is built: bad ones would fail half-way through a build."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence

from ansible_collections.aliyun.express_connect.plugins.module_utils.route_table import normalize_cidr


def route_cidr_errors(routes_by_option):
    """Messages for malformed destinations and for destinations listed twice in one list.

    Destinations of different lists may overlap, even be equal (the tutorial routes 0.0.0.0/0 on both sides):
    each list goes to its own route table, and that table also holds the routes toward the other end (static or
    BGP), so the longest prefix decides and nothing loops.
    """
    if not isinstance(routes_by_option, dict):
        raise AnsibleFilterError("route_cidr_errors expects a dict of option name to list of CIDR blocks")
    errors = []
    for option, cidrs in routes_by_option.items():
        if cidrs is None:
            continue
        if isinstance(cidrs, str) or not is_sequence(cidrs):
            errors.append("%s must be a list of CIDR blocks, got %r" % (option, cidrs))
            continue
        seen = set()
        for value in cidrs:
            try:
                network = ipaddress.ip_network(normalize_cidr(value, option))
            except ValueError as exc:
                errors.append(str(exc))
                continue
            if network in seen:
                errors.append("%s: %s is listed twice" % (option, network))
            seen.add(network)
    return errors


class FilterModule(object):
    def filters(self):
        return {"route_cidr_errors": route_cidr_errors}

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
    """Messages for malformed destinations, repeats within a list, and overlaps between lists.

    Overlaps inside one list are allowed (a more specific route to the same next hop is harmless);
    across lists they send part of one side's traffic back where it came from.
    """
    if not isinstance(routes_by_option, dict):
        raise AnsibleFilterError("route_cidr_errors expects a dict of option name to list of CIDR blocks")
    errors = []
    accepted = []  # (option, network) pairs already checked
    for option, cidrs in routes_by_option.items():
        if cidrs is None:
            continue
        if isinstance(cidrs, str) or not is_sequence(cidrs):
            errors.append("%s must be a list of CIDR blocks, got %r" % (option, cidrs))
            continue
        for value in cidrs:
            try:
                network = ipaddress.ip_network(normalize_cidr(value, option))
            except ValueError as exc:
                errors.append(str(exc))
                continue
            for other_option, other in accepted:
                if network.version != other.version:
                    continue
                if other_option == option and network == other:
                    errors.append("%s: %s is listed twice" % (option, network))
                elif other_option != option and network.overlaps(other):
                    errors.append("%s: %s overlaps %s in %s; traffic would loop between the two sides"
                                  % (option, network, other, other_option))
            accepted.append((option, network))
    return errors


class FilterModule(object):
    def filters(self):
        return {"route_cidr_errors": route_cidr_errors}

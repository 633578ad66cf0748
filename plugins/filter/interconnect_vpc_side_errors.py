# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Check the interconnect role's VPC-side variables (a VPC in another account or region) before any API call."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def _empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


def interconnect_vpc_side_errors(connection, region, vpc_owner_uid, vbr_owner_uid, charge_type="PostPaid"):
    """The problems of interconnect_vpc_connection (keys already checked by the role's argument spec),
    interconnect_vpc_owner_uid, interconnect_vbr_owner_uid and interconnect_instance_charge_type, each naming the
    variable; [] when there are none."""
    connection = connection or {}
    problems = ["interconnect_vpc_connection.%s: must not be empty" % key
                for key in sorted(connection) if _empty(connection[key])]
    if connection and _empty(region):
        problems.append("interconnect_region: required with interconnect_vpc_connection (the VBR's region, which the "
                        "VPC's interface names)")
    for name, uid in (("interconnect_vpc_owner_uid", vpc_owner_uid), ("interconnect_vbr_owner_uid", vbr_owner_uid)):
        if uid and not str(uid).isdigit():
            problems.append("%s: %r is not an account UID (digits)" % (name, uid))
    if vpc_owner_uid and not connection:
        problems.append("interconnect_vpc_owner_uid: needs interconnect_vpc_connection (the VPC account's "
                        "credentials)")
    if bool(vpc_owner_uid) != bool(vbr_owner_uid):
        problems.append("interconnect_vpc_owner_uid and interconnect_vbr_owner_uid: give both (the VPC in another "
                        "account) or neither")
    elif vpc_owner_uid and str(vpc_owner_uid) == str(vbr_owner_uid):
        problems.append("interconnect_vpc_owner_uid: the same as interconnect_vbr_owner_uid; leave both empty for "
                        "one account")
    vpc_region = connection.get("alicloud_region") or region
    if charge_type == "PrePaid" and (not vpc_region or vpc_region == region):
        problems.append("interconnect_instance_charge_type: PrePaid is only possible with the VPC in another region "
                        "(interconnect_vpc_connection.alicloud_region other than interconnect_region)")
    return problems


class FilterModule(object):
    def filters(self):
        return {"interconnect_vpc_side_errors": interconnect_vpc_side_errors}

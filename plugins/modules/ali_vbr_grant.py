#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the aliyun.express_connect collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: ali_vbr_grant
short_description: Allow the VBRs of another Alibaba Cloud account to connect to a VPC (GrantInstanceToVbr)
version_added: 0.4.0
description:
  - Run by the VPC's owner, in the VPC's region. Grants the account O(vbr_owner_uid) the right to connect its virtual
    border routers (VBRs) in region O(vbr_region_id) to the VPC O(instance_id) (GrantInstanceToVbr), or takes that
    right back (RevokeInstanceFromVbr).
  - The grant is the VPC side's step of a connection across accounts; the VBR's owner then creates and connects its
    router interface with M(aliyun.express_connect.ali_router_interface) and
    M(aliyun.express_connect.ali_ri_connection).
  - The grant is found with DescribeEcGrantRelation; a grant that is already there is left alone (C(changed=false),
    no call that changes anything).
  - Input is validated before any API call.
author:
  - Express Connect collection maintainers (@aliyun)
options:
  state:
    description:
      - V(present) makes the grant; V(absent) revokes it.
    type: str
    choices: [present, absent]
    default: present
  instance_id:
    description:
      - ID of the VPC (C(vpc-...)) in the module's region, owned by the account the module runs as.
    type: str
    required: true
    aliases: [vpc_id]
  vbr_owner_uid:
    description:
      - UID (digits) of the Alibaba Cloud main account that owns the VBRs. It cannot be the VPC's own account.
    type: str
    required: true
  vbr_region_id:
    description:
      - Region of the VBRs (C(VbrRegionNo)), for example V(cn-shanghai).
    type: str
    required: true
  grant_type:
    description:
      - V(All) grants every VBR of that account in that region, also the ones created later.
      - V(Specify) grants only the VBRs of O(vbr_instance_ids). With O(state=present) the ones not granted yet are
        added (grants of other VBRs are kept); with O(state=absent) those of the list are revoked.
      - Defaults to V(Specify) when O(vbr_instance_ids) is given, else V(All).
    type: str
    choices: [All, Specify]
  vbr_instance_ids:
    description:
      - IDs of the VBRs (C(vbr-...)) of the other account, for O(grant_type=Specify); refused with V(All).
    type: list
    elements: str
notes:
  - Connecting a VBR to a VPC of another account also needs Proof of Affiliation (both accounts belong to one
    enterprise), which is applied for through the account manager or Quota Center; no API grants it.
  - O(wait) waits until DescribeEcGrantRelation shows the grant (or no longer shows it, after a revoke).
  - The RAM permissions the VPC's account needs are C(vpc:GrantInstanceToVbr), C(vpc:RevokeInstanceFromVbr) and
    C(vpc:DescribeEcGrantRelation) on the VPC.
seealso:
  - module: aliyun.express_connect.ali_router_interface
  - module: aliyun.express_connect.ali_ri_connection
extends_documentation_fragment:
  - aliyun.express_connect.alicloud
  - aliyun.express_connect.alicloud.WAIT
  - aliyun.express_connect.alicloud.ATTRIBUTES
"""

EXAMPLES = r"""
- name: Let account 1234567890123456 connect its VBRs in cn-shanghai to this VPC (run as the VPC's owner)
  aliyun.express_connect.ali_vbr_grant:
    alicloud_region: cn-hangzhou
    instance_id: vpc-bp1example
    vbr_owner_uid: "1234567890123456"
    vbr_region_id: cn-shanghai

- name: Only one VBR of that account
  aliyun.express_connect.ali_vbr_grant:
    instance_id: vpc-bp1example
    vbr_owner_uid: "1234567890123456"
    vbr_region_id: cn-shanghai
    vbr_instance_ids: [vbr-uf6example]

- name: Take the grant back
  aliyun.express_connect.ali_vbr_grant:
    instance_id: vpc-bp1example
    vbr_owner_uid: "1234567890123456"
    vbr_region_id: cn-shanghai
    state: absent
"""

RETURN = r"""
grant:
  description:
    - The grant this task manages, as it is after the task (predicted in check mode); empty when there is none.
  returned: always
  type: dict
  contains:
    instance_id:
      description: The VPC.
      type: str
      sample: vpc-bp1example
    vbr_owner_uid:
      description: The account the VPC is granted to.
      type: str
      sample: "1234567890123456"
    vbr_region_id:
      description: The region of that account's VBRs.
      type: str
      sample: cn-shanghai
    grant_type:
      description: C(All) or C(Specify).
      type: str
      sample: All
    vbr_instance_ids:
      description: The granted VBRs of a C(Specify) grant (empty for C(All)).
      type: list
      elements: str
      sample: []
grants:
  description:
    - Every grant of the VPC as DescribeEcGrantRelation shows it after the task, keys in snake_case (in check mode,
      as before the task).
  returned: always
  type: list
  elements: dict
  sample:
    - ali_uid: "1000000000000001"
      instance_id: vpc-bp1example
      vbr_owner_uid: 1234567890123456
      vbr_region_no: cn-shanghai
      grant_type: All
      vbr_instance_id: ""
      status: Created
"""

import re

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.aliyun.express_connect.plugins.module_utils import lookup
from ansible_collections.aliyun.express_connect.plugins.module_utils.errors import AlicloudApiError, AlicloudError, raise_if
from ansible_collections.aliyun.express_connect.plugins.module_utils.module import AlicloudModule

UID = re.compile(r"^[0-9]+$")
# How the API answers a VPC that is not the caller's in the region, and a grant to an owner or region it refuses.
NOT_FOUND = "Instance.NotExist"
ILLEGAL = "Parameter.Illegal"
REGION = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def validate(params):
    """Rules the argument spec cannot express; each message names the option."""
    errors = []
    if not UID.match(params["vbr_owner_uid"]):
        errors.append("vbr_owner_uid must be the UID of the VBRs' main account, digits only (got %r)"
                      % params["vbr_owner_uid"])
    if not REGION.match(params["vbr_region_id"]):
        errors.append("vbr_region_id must be a region ID such as cn-shanghai (got %r)" % params["vbr_region_id"])
    if not params["instance_id"].startswith("vpc-"):
        errors.append("instance_id must be a VPC ID (vpc-...), got %r" % params["instance_id"])
    ids = params["vbr_instance_ids"] or []
    if params["grant_type"] == "All" and ids:
        errors.append("vbr_instance_ids is only valid with grant_type=Specify (All grants every VBR)")
    if params["grant_type"] == "Specify" and not ids:
        errors.append("vbr_instance_ids is required with grant_type=Specify")
    errors.extend("vbr_instance_ids: %r is not a VBR ID (vbr-...)" % i for i in ids if not i.startswith("vbr-"))
    return errors


def relations(module):
    """Every live grant of the VPC (any owner, any region)."""
    try:
        found = lookup.ec_grant_relations(module.client, InstanceType="VPC", InstanceId=module.params["instance_id"])
    except AlicloudApiError as err:
        if err.code != NOT_FOUND:
            raise
        raise AlicloudError("instance_id %s: no such VPC of this account in region %s (the grant is made by the VPC's "
                            "owner, in the VPC's region)" % (module.params["instance_id"], module.client.region),
                            api_error=err) from None
    return lookup.live(lookup.EC_GRANT_RELATION, found)


def granted(module, found):
    """(whether an All grant exists, the VBRs of Specify grants) for this task's owner and region."""
    p = module.params
    mine = [r for r in found if str(r.get("VbrOwnerUid")) == p["vbr_owner_uid"]
            and r.get("VbrRegionNo") == p["vbr_region_id"]]
    whole = any((r.get("GrantType") or "").lower() == "all" for r in mine)
    vbrs = [r["VbrInstanceId"] for r in mine if (r.get("GrantType") or "").lower() == "specify" and r.get("VbrInstanceId")]
    return whole, vbrs


def grant_view(module, whole, vbrs):
    """The managed grant as a result dict ({} when there is none)."""
    p = module.params
    if p["grant_type"] == "All" and not whole or p["grant_type"] == "Specify" and not vbrs:
        return {}
    return dict(instance_id=p["instance_id"], vbr_owner_uid=p["vbr_owner_uid"], vbr_region_id=p["vbr_region_id"],
                grant_type=p["grant_type"], vbr_instance_ids=sorted(vbrs) if p["grant_type"] == "Specify" else [])


def plan(module, whole, vbrs):
    """(the action to call or None, its VBR IDs, the grant after: whether All, the Specify VBRs)."""
    p = module.params
    wanted = list(dict.fromkeys(p["vbr_instance_ids"] or []))
    present = p["state"] == "present"
    if p["grant_type"] == "All":
        if whole == present:
            return None, [], (whole, vbrs)
        return ("GrantInstanceToVbr" if present else "RevokeInstanceFromVbr"), [], (present, vbrs)
    if present:
        todo = [v for v in wanted if v not in vbrs]
        return ("GrantInstanceToVbr" if todo else None), todo, (whole, vbrs + todo)
    todo = [v for v in wanted if v in vbrs]
    return ("RevokeInstanceFromVbr" if todo else None), todo, (whole, [v for v in vbrs if v not in todo])


def reads_as(module, found, after):
    """Whether the VPC's grants `found` are as `after` (plan's third value) says."""
    whole, vbrs = granted(module, found)
    return (whole, sorted(vbrs)) == (after[0], sorted(after[1]))


def wait_done(module, after):
    """Poll until the grant reads back as planned; returns the VPC's grants then."""
    latest = []

    def fetch():
        latest[:] = relations(module)
        return {"Status": "done" if reads_as(module, latest, after) else "pending"}
    module.wait(fetch, "the grant of %s to account %s" % (module.params["instance_id"], module.params["vbr_owner_uid"]),
                statuses="done")
    return latest


def run(module):
    """The module's result; raises AlicloudError to fail it."""
    p = module.params
    p["grant_type"] = p["grant_type"] or ("Specify" if p["vbr_instance_ids"] else "All")
    raise_if(validate(p))
    found = relations(module)
    whole, vbrs = granted(module, found)
    action, ids, after = plan(module, whole, vbrs)
    before_view = grant_view(module, whole, vbrs)
    after_view = grant_view(module, *after)
    if action and not module.check_mode:
        params = dict(InstanceId=p["instance_id"], VbrOwnerUid=p["vbr_owner_uid"], VbrRegionNo=p["vbr_region_id"],
                      GrantType=p["grant_type"])
        if ids:
            params["VbrInstanceIds"] = ids
        try:
            module.client.call(action, params)
        except AlicloudApiError as err:
            if err.code == ILLEGAL:
                raise AlicloudError("vbr_owner_uid %s and vbr_region_id %s refused by %s (%s): the UID must be "
                                    "another existing account's main account, not the VPC owner's own, and the region "
                                    "one the API serves" % (p["vbr_owner_uid"], p["vbr_region_id"], action, err.code),
                                    api_error=err) from None
            # A revoke answers Instance.NotExist for what is not granted: so does its retry after a first attempt
            # whose answer was lost, or one made after another run revoked it. Done, if the grants read as planned.
            if not (err.code == NOT_FOUND and action == "RevokeInstanceFromVbr"
                    and reads_as(module, relations(module), after)):
                raise
        found = wait_done(module, after) if p["wait"] else relations(module)
    return dict(changed=bool(action), grant=after_view, grants=[camel_dict_to_snake_dict(r) for r in found],
                diff=dict(before=before_view, after=after_view))


def main():
    module = AlicloudModule(
        argument_spec=dict(
            state=dict(type="str", default="present", choices=["present", "absent"]),
            instance_id=dict(type="str", required=True, aliases=["vpc_id"]),
            vbr_owner_uid=dict(type="str", required=True),
            vbr_region_id=dict(type="str", required=True),
            grant_type=dict(type="str", choices=["All", "Specify"]),
            vbr_instance_ids=dict(type="list", elements="str"),
        ),
        supports_check_mode=True,
        wait=True,
        not_empty=("instance_id", "vbr_owner_uid", "vbr_region_id", "grant_type", "vbr_instance_ids"),
    )
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()

"""A VPC owner's grants to another account's VBRs: GrantInstanceToVbr, RevokeInstanceFromVbr,
DescribeEcGrantRelation (topologies reference §2.1), and the check that a cross-account pair is granted.

A grant is one relation per (VPC, VBR owner, VBR region) for GrantType All, and one per named VBR for Specify,
with the Tea model's field names (DescribeEcGrantRelationResponseBodyEcGrantRelations).
"""

import json

from .errors import ApiError, bad_request, missing
from .params import paginate
from .regions import REGIONS
from .store import iso

# "ALL" is the spelling of RevokeInstanceFromVbr's doc, "All" the one of GrantInstanceToVbr's: both are accepted.
GRANT_TYPES = {"All": "All", "ALL": "All", "Specify": "Specify"}
INSTANCE_TYPES = ("VPC", "VBR")


def _illegal(message):
    return bad_request("Parameter.Illegal", message)


def _not_exist(what):
    return ApiError(404, "Instance.NotExist", "The specified %s does not exist." % what)


def vbr_ids(p):
    """VbrInstanceIds in its three wire forms: the legacy SDK's `VbrInstanceIds.N`, the Tea SDK's one comma-joined
    value, and the doc example's JSON array (whose strings may be comma-joined too)."""
    values = p.repeat("VbrInstanceIds")
    single = p.get("VbrInstanceIds")
    if single is not None and single.lstrip().startswith("["):
        try:
            values = json.loads(single)
        except ValueError:
            raise _illegal("VbrInstanceIds is not a valid JSON array.")
        if not all(isinstance(value, str) for value in values):
            raise _illegal("VbrInstanceIds must hold VBR IDs.")
    elif single is not None:
        values = [single]
    ids = [item.strip() for value in values for item in value.split(",") if item.strip()]
    return list(dict.fromkeys(ids))  # in order, each once


def _target(ctx, p):
    """The caller's VPC and the checked (VbrOwnerUid, VbrRegionNo, GrantType) of a grant or revoke."""
    vpc = ctx.lookup(ctx.store.vpcs, p.required("InstanceId"))
    owner, region = p.required("VbrOwnerUid"), p.required("VbrRegionNo")
    grant_type = GRANT_TYPES.get(p.required("GrantType"))
    if owner == ctx.account:  # T12
        raise _illegal("VbrOwnerUid must not be the caller's own account.")
    if owner not in ctx.store.account_uids:
        raise _illegal("VbrOwnerUid is not a valid Alibaba Cloud account ID.")  # [UNCONFIRMED] code
    if region not in REGIONS:
        raise _illegal("VbrRegionNo is not a valid region.")  # [UNCONFIRMED] code
    if grant_type is None:
        raise _illegal("GrantType must be All or Specify.")  # [UNCONFIRMED] code
    if vpc is None:
        raise _not_exist("VPC")  # [UNCONFIRMED] for the VPC: the documented not-found code of this action
    ids = vbr_ids(p) if grant_type == "Specify" else []
    if grant_type == "Specify" and not ids:
        raise bad_request("InvalidParam.NotNull", "VbrInstanceIds must not be null when GrantType is Specify.")
    return vpc, owner, region, grant_type, ids


def _relations(store, vpc, owner, region):
    return [g for g in store.grants
            if (g["InstanceId"], str(g["VbrOwnerUid"]), g["VbrRegionNo"]) == (vpc["VpcId"], owner, region)]


def grant_to_vbr(ctx, p):
    vpc, owner, region, grant_type, ids = _target(ctx, p)
    for vbr_id in ids:  # T13: Specify names VBRs that exist in that account and region
        if ctx.store.lookup(ctx.store.vbrs, vbr_id, region, owner, ctx.now) is None:
            raise _not_exist("VBR %s" % vbr_id)
    have = {(g["GrantType"], g["VbrInstanceId"]) for g in _relations(ctx.store, vpc, owner, region)}
    for vbr_id in ids or [""]:
        if (grant_type, vbr_id) not in have:  # [UNCONFIRMED] granting again changes nothing
            ctx.store.grants.append({
                "AliUid": int(ctx.account), "GmtCreate": iso(ctx.now), "GrantType": grant_type,
                "InstanceId": vpc["VpcId"], "InstanceName": "", "InstanceRouterId": vpc["VRouterId"],
                "RegionNo": vpc["_region"], "Status": "Created", "VbrInstanceId": vbr_id, "VbrOwnerUid": int(owner),
                "VbrRegionNo": region})
    return {}


def revoke_from_vbr(ctx, p):
    """All revokes every relation of that VBR owner and region; Specify the named VBRs' own relations. Revoking
    what was not granted is refused ([UNCONFIRMED], the stricter choice): nothing is revoked then."""
    vpc, owner, region, grant_type, ids = _target(ctx, p)
    relations = _relations(ctx.store, vpc, owner, region)
    if grant_type == "Specify":
        granted = {g["VbrInstanceId"]: g for g in relations if g["GrantType"] == "Specify"}
        absent = [vbr_id for vbr_id in ids if vbr_id not in granted]
        if absent:
            raise _not_exist("grant to VBR %s" % ", ".join(absent))
        relations = [granted[vbr_id] for vbr_id in ids]
    elif not relations:
        raise _not_exist("grant")
    gone = {id(g) for g in relations}
    ctx.store.grants = [g for g in ctx.store.grants if id(g) not in gone]
    return {}


def describe(ctx, p):
    """InstanceType VPC: the grants from the caller's VPC (any region). VBR: the grants that reach the caller's VBR
    in VbrRegionNo (All grants to its account and region, and Specify grants naming it)."""
    instance_type, instance_id = p.required("InstanceType"), p.required("InstanceId")
    number, size = p.page()
    if instance_type not in INSTANCE_TYPES:
        raise _illegal("InstanceType must be VPC or VBR.")  # [UNCONFIRMED] code
    if instance_type == "VPC":
        vpc = ctx.store.vpcs.get(instance_id)
        if vpc is None or vpc["_owner"] != ctx.account:
            raise _not_exist("VPC")
        found = [g for g in ctx.store.grants if g["InstanceId"] == instance_id]
    else:
        region = p.get("VbrRegionNo")
        if region is None:
            raise missing("VbrRegionNo")
        if ctx.store.lookup(ctx.store.vbrs, instance_id, region, ctx.account, ctx.now) is None:
            raise _not_exist("VBR")
        found = [g for g in ctx.store.grants
                 if (str(g["VbrOwnerUid"]), g["VbrRegionNo"]) == (ctx.account, region)
                 and g["VbrInstanceId"] in ("", instance_id)]
    page = [dict(g) for g in paginate(found, number, size)]
    return {"EcGrantRelations": page, "Count": len(page), "Page": number, "PageSize": size, "TotalCount": len(found)}


def require(store, vpc_end, vbr_end):
    """Refuse unless the VPC of `vpc_end` is granted to the VBR of `vbr_end`; each end is (router ID, owner UID,
    region). A vRouter that is not that owner's in that region has no grant either."""
    (vrouter_id, vpc_owner, vpc_region), (vbr_id, vbr_owner, vbr_region) = vpc_end, vbr_end
    vpc = store.vrouters.get(vrouter_id)
    granted = vpc is not None and (vpc["_owner"], vpc["_region"]) == (vpc_owner, vpc_region) and any(
        g["InstanceId"] == vpc["VpcId"] and (str(g["VbrOwnerUid"]), g["VbrRegionNo"]) == (vbr_owner, vbr_region)
        and g["VbrInstanceId"] in ("", vbr_id) for g in store.grants)
    if not granted:
        raise bad_request("Forbidden.VpcNotGranted",  # [UNCONFIRMED] code, README "Grants"
                          "The VPC of router %s is not granted to VBR %s of account %s in %s (GrantInstanceToVbr)."
                          % (vrouter_id, vbr_id, vbr_owner, vbr_region))

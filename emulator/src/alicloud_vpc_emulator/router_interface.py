"""Router interfaces: create, describe, modify attribute/spec, connect, activate, deactivate, delete.

The two ends may belong to two accounts and live in two regions (topologies reference §2, §3): each end names the
other's owner, router, region and interface, and a VBR end and a VPC end of two accounts need the VPC owner's grant
(grant.py).
"""

import calendar
import time

from . import grant, health, health_check, tags, validate
from .errors import ApiError, bad_request, invalid_param, missing, not_found
from .params import paginate
from .regions import REGIONS
from .store import iso, settled_status

# Mbps per spec; the doc's example gives 2048 for Large.2, hence binary thousands above Middle.
SPECS = {"Mini.2": 2, "Mini.5": 5, "Small.1": 10, "Small.2": 20, "Small.5": 50, "Middle.1": 100, "Middle.2": 200,
         "Middle.5": 500, "Large.1": 1024, "Large.2": 2048, "Large.5": 5120, "Xlarge.1": 10240}
FILTER_KEYS = ("RouterInterfaceId", "RouterId", "RouterType", "RouterInterfaceOwnerId", "OppositeInterfaceId",
               "OppositeRouterType", "OppositeRouterId", "OppositeInterfaceOwnerId", "Status", "Name")
ROUTER_TYPES = ("VRouter", "VBR")
ROLES = ("InitiatingSide", "AcceptingSide")
MAX_PER_ROUTER = 5
PAIRED = ("Connecting", "AcceptingConnecting", "Active", "Activating", "Deactivating", "Inactive")
STEADY = ("Active", "Idle", "Inactive")  # the statuses a state-changing action may start from
OPPOSITE_FIELDS = ("OppositeInterfaceId", "OppositeRouterId", "OppositeRouterType", "OppositeInterfaceOwnerId")
PAIRING_FIELDS = OPPOSITE_FIELDS[:3]  # what Connect needs on both ends (and the owner, across accounts)
PAY_AS_YOU_GO_END = "2999-09-08T16:00:00Z"
MAX_PERIOD = {"Month": 9, "Year": 3}  # [META] CreateRouterInterface Period


# Where the reference names an owner refusal for an interface of another account in the request's region
# (vpc-api-reference §3.2); the other actions answer such an id as not found.
FOREIGN = {
    "modify": ("Forbbiden", "The Router instance owener error"),  # the API's own spellings
    "spec": ("InvalidInstanceOwner.Error", "The router interface belongs to another account."),
    "delete": ("IllegalParam.InstanceOwner", "The router interface belongs to another account."),
}


def find(ctx, ri_id, action=None):
    """An interface of the caller's, in the request's region, whose create has taken effect; before that it is not
    found, as on the cloud. `action`: the FOREIGN refusal for another account's interface, if any."""
    ri = ctx.lookup(ctx.store.ris, ri_id)
    if ri is None:
        other = ctx.store.ris.get(ri_id)
        if action in FOREIGN and other is not None and other["_region"] == ctx.region \
                and ctx.store.exists(other, ctx.now):
            raise bad_request(*FOREIGN[action])
        raise not_found("InvalidRouterInterfaceId.NotFound", "RouterInterfaceId")
    return ri


def _refuse_while_modifying(ri):
    if ri["Status"] == "Modifying":
        raise _incorrect_status("Active, Idle or Inactive")


def _bad_spec(message="The specified Spec is not supported."):
    return bad_request("InvalidSpec.ValudNotSupported", message)  # the API's own spelling


def _check_router(ctx, router_type, router_id):
    """The router must exist; a VBR must be active."""
    if router_type == "VBR":
        vbr = ctx.lookup(ctx.store.vbrs, router_id)
        if vbr is None:
            raise not_found("InvalidRouterId.NotFound", "RouterId")  # [UNCONFIRMED] code
        if vbr["Status"] != "active":
            raise bad_request("InvalidVBRStatus", "The specified VBR is not active.")
        return vbr
    vpc = ctx.lookup(ctx.store.vrouters, router_id)
    if vpc is None:
        raise not_found("InvalidRouterId.NotFound", "RouterId")  # [UNCONFIRMED] code
    return vpc


def create(ctx, p):
    router_type, router_id = p.required("RouterType"), p.required("RouterId")
    role, spec = p.required("Role"), p.required("Spec")
    opposite_region = p.required("OppositeRegionId")
    opposite_type = p.get("OppositeRouterType")
    if router_type not in ROUTER_TYPES:
        raise bad_request("InvalidRouterType.ValueNotSupported", "The specified RouterType is not supported.")
    if opposite_type is not None and opposite_type not in ROUTER_TYPES:
        raise bad_request("InvalidOppositeRouterType.ValueNotSupported",
                          "The specified OppositeRouterType is not supported.")
    if role not in ROLES:
        raise bad_request("InvalidRole.ValueNotSupported", "The specified Role is not supported.")
    if router_type == "VBR" and role != "InitiatingSide":
        raise bad_request("InvalidRole.ValueNotSupported", "A VBR router interface can only be the InitiatingSide.")
    if opposite_type == "VBR" and role != "AcceptingSide":
        raise bad_request("InvalidRole.ValueNotSupported",
                          "A router interface whose opposite router is a VBR must be the AcceptingSide.")
    if role == "AcceptingSide" and spec != "Negative":
        raise _bad_spec("The Spec of an AcceptingSide router interface must be Negative.")
    if role == "InitiatingSide" and spec not in SPECS:
        raise _bad_spec()
    if opposite_region not in REGIONS:
        raise bad_request("InvalidOppositeRegionId.NotFound", "The specified OppositeRegionId does not exist.")
    _check_owner(ctx, p)
    if router_type == "VBR" and not p.has("AccessPointId"):
        raise missing("AccessPointId")
    if opposite_type == "VBR" and not p.has("OppositeAccessPointId"):
        raise missing("OppositeAccessPointId")
    charge = p.get("InstanceChargeType", "PostPaid")
    if charge not in ("PrePaid", "PostPaid"):
        raise bad_request("InvalidInstanceChargeType.ValueNotSupported", "The InstanceChargeType is not supported.")
    end_time = _prepaid_end(ctx, p, opposite_region) if charge == "PrePaid" else PAY_AS_YOU_GO_END
    validate.name(p.get("Name"))
    validate.description(p.get("Description"))
    bound = tags.parse(p, "Tags")
    router = _check_router(ctx, router_type, router_id)
    # HcRate / HcThreshold are no parameters of this action (T11): ignored like any unknown one, so they read 0.
    source, target = health_check.addresses(router if router_type == "VRouter" else None,
                                            p.get("HealthCheckSourceIp"), p.get("HealthCheckTargetIp"))
    if router_type == "VBR" and p.get("AccessPointId") != router["AccessPointId"]:
        raise bad_request("InvalidAccessPointId.NotMatch",  # [UNCONFIRMED] code
                          "The AccessPointId does not match the access point of the VBR.")
    _check_grant_at_create(ctx, p, router_type, opposite_type, router_id, opposite_region)
    if sum(1 for ri in ctx.store.ris.values() if ri["RouterId"] == router_id) >= MAX_PER_ROUTER:
        raise bad_request("QuotaExceeded.RouterInterface",  # [UNCONFIRMED] code
                          "A router can have at most %d router interfaces." % MAX_PER_ROUTER)
    store, now = ctx.store, ctx.now
    ri_id = store.new_id("ri")
    ready_at = store.draw(ri_id, "ri_create", now)  # neither listed nor found by id until then
    store.ris[ri_id] = ctx.new_record(
        ready_at, _opposite_at=ready_at,  # opposite fields given at create: effective when listed
        RouterInterfaceId=ri_id, Name=p.get("Name", ""), Description=p.get("Description", ""),
        Role=role, Spec=spec, Bandwidth=SPECS.get(spec, 0), Status="Idle", RouterId=router_id,
        RouterType=router_type, VpcInstanceId=router["VpcId"] if router_type == "VRouter" else "",
        AccessPointId=p.get("AccessPointId", ""), BusinessStatus="Normal",
        # [UNCONFIRMED] §3.2: the live API most likely spells subscription "Prepaid" (Terraform matches that).
        ChargeType="Prepaid" if charge == "PrePaid" else "AfterPay", CreationTime=iso(now), ConnectedTime="",
        EndTime=end_time, CrossBorder=False, HasReservationData="false",
        HcRate=0, HcThreshold=0, HealthCheckSourceIp=source, HealthCheckTargetIp=target,
        OppositeAccessPointId=p.get("OppositeAccessPointId", ""),
        OppositeInterfaceId=p.get("OppositeInterfaceId", ""),
        OppositeInterfaceOwnerId=p.get("OppositeInterfaceOwnerId", ""),
        OppositeRegionId=opposite_region, OppositeRouterId=p.get("OppositeRouterId", ""),
        OppositeRouterType=opposite_type or "", ResourceGroupId=p.get("ResourceGroupId", ""),
        FastLinkMode=p.bool("FastLinkMode"), _modified=now,
        Tags=bound)  # bound with the create: a resource carries its tags from its first moment
    answer = {"RouterInterfaceId": ri_id}
    if charge == "PrePaid":
        answer["OrderId"] = int(now * 1000) % 10 ** 12
    return answer


# Fields of the Tea item for features the emulator does not model (IPv6 on the interface, renewal orders).
UNMODELLED_FIELDS = {"Ipv6Status": "", "ReservationActiveTime": "", "ReservationBandwidth": "",
                     "ReservationInternetChargeType": "", "ReservationOrderType": ""}


def _check_owner(ctx, p):
    """T16: an OppositeInterfaceOwnerId must name an existing account (a main-account UID)."""
    owner = p.get("OppositeInterfaceOwnerId")
    if owner is not None and owner not in ctx.store.account_uids:
        raise bad_request("InvalidAliuid", "Invalid Aliuid.")


def _prepaid_end(ctx, p, opposite_region):
    """T18/T19 and §3.2: subscription only across regions, with its period; the interface ends when it runs out."""
    if opposite_region == ctx.region:
        raise bad_request("InvalidInstanceChargeType.ValueNotSupported",  # [UNCONFIRMED] code
                          "PrePaid is supported only when the two ends are in different regions.")
    cycle = p.required("PricingCycle")
    period = p.int("Period")
    if period is None:
        raise missing("Period")
    if cycle not in MAX_PERIOD:
        raise invalid_param("PricingCycle", "must be Month or Year")
    if not 1 <= period <= MAX_PERIOD[cycle]:
        raise invalid_param("Period", "must be from 1 to %d when PricingCycle is %s" % (MAX_PERIOD[cycle], cycle))
    p.bool("AutoRenew")
    if not p.bool("AutoPay"):  # the emulator has no Order Center where an unpaid order could be paid later
        raise invalid_param("AutoPay", "must be true for PrePaid")
    return iso(_add_months(ctx.now, period * (12 if cycle == "Year" else 1)))


def _add_months(ts, months):
    moment = time.gmtime(ts)
    year, month = divmod(moment.tm_mon - 1 + months, 12)
    year, month = moment.tm_year + year, month + 1
    day = min(moment.tm_mday, calendar.monthrange(year, month)[1])
    return calendar.timegm((year, month, day) + tuple(moment)[3:6])


def _check_grant_at_create(ctx, p, router_type, opposite_type, router_id, opposite_region):
    """An end that names the other account's router of a VBR-VPC pair needs the VPC owner's grant already
    (the stricter reading of §5: README "Grants")."""
    owner, opposite_router = p.get("OppositeInterfaceOwnerId"), p.get("OppositeRouterId")
    if owner in (None, ctx.account) or opposite_router is None or {router_type, opposite_type} != {"VBR", "VRouter"}:
        return
    here = (router_id, ctx.account, ctx.region)
    there = (opposite_router, owner, opposite_region)
    vpc_end, vbr_end = (here, there) if router_type == "VRouter" else (there, here)
    grant.require(ctx.store, vpc_end, vbr_end)


def render(store, ri):
    """A DescribeRouterInterfaces item (and the state dump's)."""
    item = dict(UNMODELLED_FIELDS, **{k: v for k, v in ri.items() if not k.startswith("_") and k != "Tags"})
    item["Tags"] = {"Tags": [dict(tag) for tag in ri["Tags"]]}
    opposite = store.ris.get(ri["OppositeInterfaceId"])
    deleted = ri["OppositeInterfaceId"] in store.gone_ris
    item.update(
        OppositeInterfaceStatus=opposite["Status"] if opposite else ("Deleted" if deleted else ""),
        OppositeInterfaceSpec=opposite["Spec"] if opposite else "",
        OppositeBandwidth=opposite["Bandwidth"] if opposite else 0,
        OppositeInterfaceBusinessStatus=opposite["BusinessStatus"] if opposite else "",
        OppositeVpcInstanceId=opposite["VpcInstanceId"] if opposite else "")
    return item


def describe_attribute(ctx, p):
    """DescribeRouterInterfaceAttribute: one interface's fields, flat, with its HealthCheckStatus (reference §1.5).

    An id that is not listed (unknown, another region, not yet created) answers 200 with an empty RouterInterfaceId,
    as Terraform reads the live API (§1.8), rather than a 404.
    """
    ri = ctx.lookup(ctx.store.ris, p.required("InstanceId"))
    answer = {"Code": "200", "Message": "successful", "Success": True}
    if ri is None or not ctx.store.visible(ri, ctx.now):
        return dict(answer, RouterInterfaceId="")
    item = render(ctx.store, ri)
    del item["Ipv6Status"]  # not in this model
    item.update(answer, FastLinkMode="true" if ri["FastLinkMode"] else "false",  # a string in this model
                GmtModified=iso(ri["_modified"]), HealthCheckStatus=health.check_status(ctx.store, ri))
    return item


def _matches(ri, filters):
    fields = dict(ri, RouterInterfaceOwnerId=ri["_owner"])
    return all(str(fields.get(key, "")) in values for key, values in filters.items())


def describe(ctx, p):
    filters = p.filters(FILTER_KEYS)
    wanted = tags.wanted(p, "Tags")
    number, size = p.page()
    p.bool("IncludeReservationData")
    found = [ri for ri in ctx.owned(ctx.store.ris)
             if ctx.store.visible(ri, ctx.now) and _matches(ri, filters)
             and tags.matches(ri["Tags"], wanted)]
    items = [render(ctx.store, ri) for ri in paginate(found, number, size)]
    return {"PageNumber": number, "PageSize": size, "TotalCount": len(found),
            "RouterInterfaceSet": {"RouterInterfaceType": items}}


def modify_attribute(ctx, p):
    """Modifying for a while, then back to the previous status; Describe shows the new values only then."""
    ri = find(ctx, p.required("RouterInterfaceId"), "modify")
    validate.name(p.get("Name"), code="InvalidName.Malformd")  # the API's own spelling
    validate.description(p.get("Description"))
    if p.has("OppositeRouterType") and p.get("OppositeRouterType") not in ROUTER_TYPES:
        raise bad_request("InvalidOppositeRouterType.ValueNotSupported",
                          "The specified OppositeRouterType is not supported.")
    _check_owner(ctx, p)
    if ri["Status"] not in STEADY:
        raise _incorrect_status("Active, Idle or Inactive")
    opposite_changed = any(p.has(name) for name in OPPOSITE_FIELDS)
    if opposite_changed and ri["Status"] != "Idle":
        raise _incorrect_status("Idle")
    changes = health_check.modify_changes(p, ri, ctx.store.vrouters.get(ri["RouterId"]))
    changes.update({name: p.get(name) for name in ("Name", "Description") + OPPOSITE_FIELDS if p.has(name)},
                   _modified=ctx.now)
    ctx.store.start(ri, "Modifying", "ri_modify_attribute", ri["Status"], ctx.now, apply=changes)
    if opposite_changed:
        # Its own draw from the call: mostly in effect when Modifying ends (the tutorial, which connects right after
        # Idle, works), sometimes later (Terraform waits for Idle, then still retries Connect on ...NotSet).
        ri["_opposite_at"] = ctx.store.draw(ri["RouterInterfaceId"], "ri_opposite_propagation", ctx.now)
    return {}


def _incorrect_status(allowed):
    return bad_request("IncorrectStatus",
                       "RouterInterface can be operated by this action only when it's status is %s." % allowed)


def modify_spec(ctx, p):
    ri = find(ctx, p.required("RouterInterfaceId"), "spec")
    spec = p.required("Spec")
    if spec not in SPECS or ri["Role"] != "InitiatingSide":
        raise _bad_spec("The specified Spec is not supported for this router interface.")
    _refuse_while_modifying(ri)
    if ri["Status"] not in ("Idle", "Active", "Inactive"):
        raise bad_request("InvalidInstance.StatusError", "The router interface is in a transitional state.")
    ri.update(Spec=spec, Bandwidth=SPECS[spec], _modified=ctx.now)
    if ri["Status"] == "Active":
        ctx.store.start(ri, "Activating", "ri_modify_spec", "Active", ctx.now)
    return {"Spec": spec}


def connect(ctx, p):
    ri = find(ctx, p.required("RouterInterfaceId"))
    if ri["Role"] != "InitiatingSide":
        raise bad_request("IncorrectRole.NotInitiatingSide", "Only the InitiatingSide router interface can connect.")
    if ri["Status"] != "Idle":
        raise _incorrect_status("Idle")
    opposite = _opposite_of(ctx, ri)
    routers = {ri["RouterId"], opposite["RouterId"]}
    for other in ctx.store.ris.values():
        if settled_status(other) in PAIRED and {other["RouterId"], other["OppositeRouterId"]} == routers:
            raise bad_request("Forbidden.OnlyOneConnection",
                              "Only one connected router interface pair is allowed between two routers.")
    if ri["RouterType"] == "VBR" and ctx.store.vbrs[ri["RouterId"]]["Status"] != "active":
        raise bad_request("InvalidVBRStatus", "The specified VBR is not active.")
    _check_grant_at_connect(ctx, ri, opposite)
    # Each end draws its own duration: the acceptor may turn Active before or after the initiator.
    for end, transient in ((ri, "Connecting"), (opposite, "AcceptingConnecting")):
        ctx.store.start(end, transient, "ri_connect", "Active", ctx.now)
        end["ConnectedTime"] = iso(ctx.now)
    return {}


def _check_grant_at_connect(ctx, ri, opposite):
    """A VBR end and a VPC end of two accounts connect only with the VPC owner's grant to the VBR."""
    if ri["_owner"] == opposite["_owner"] or {ri["RouterType"], opposite["RouterType"]} != {"VBR", "VRouter"}:
        return
    vpc_ri, vbr_ri = (ri, opposite) if ri["RouterType"] == "VRouter" else (opposite, ri)
    grant.require(ctx.store, *((end["RouterId"], end["_owner"], end["_region"]) for end in (vpc_ri, vbr_ri)))


def _named_owner(ri):
    """The account an interface names for its peer; "" names its own."""
    return ri["OppositeInterfaceOwnerId"] or ri["_owner"]


def _opposite_of(ctx, ri):
    """Both ends must name each other (ids, routers and router types, owners and regions), and the names must have
    propagated."""
    _check_pairing_set(ctx, ri, "router interface")
    if ri["OppositeRouterId"] == ri["RouterId"]:
        raise bad_request("IncorrectOppositeInterfaceInfo", "Cannot connect on the same router")
    _check_owner_set(ctx, ri, ctx.store.ris.get(ri["OppositeInterfaceId"]), "router interface")
    opposite = ctx.store.lookup(ctx.store.ris, ri["OppositeInterfaceId"], ri["OppositeRegionId"], _named_owner(ri),
                                ctx.now)
    if opposite is None:
        raise bad_request("IncorrectOppositeInterfaceInfo", "The opposite router interface does not exist.")
    if opposite["Status"] != "Idle":  # e.g. still Modifying: a state error before its fields are looked at
        raise bad_request("IncorrectStatus", "The opposite router interface must be Idle.")
    _check_pairing_set(ctx, opposite, "opposite router interface")
    _check_owner_set(ctx, opposite, ri, "opposite router interface")
    if (opposite["RouterId"] != ri["OppositeRouterId"] or opposite["OppositeInterfaceId"] != ri["RouterInterfaceId"]
            or opposite["OppositeRouterId"] != ri["RouterId"]
            or ri["OppositeRouterType"] != opposite["RouterType"]
            or opposite["OppositeRouterType"] != ri["RouterType"]
            or _named_owner(opposite) != ri["_owner"] or opposite["OppositeRegionId"] != ri["_region"]):
        raise bad_request("IncorrectOppositeInterfaceInfo",
                          "The opposite interface information of the two router interfaces does not match.")
    if opposite["Role"] != "AcceptingSide":
        raise bad_request("IncorrectOppositeInterfaceInfo", "The opposite router interface must be the AcceptingSide.")
    return opposite


def _check_pairing_set(ctx, ri, which):
    """NotSet while a pairing field is empty, or was set so recently that it has not taken effect."""
    if not all(ri[name] for name in PAIRING_FIELDS) or ctx.now < ri["_opposite_at"]:
        raise _not_set("The opposite interface information of the %s is not set." % which)


def _check_owner_set(ctx, ri, peer, which):
    """T14: across accounts the owner is a fourth pairing field; "" would name the interface's own account."""
    if peer is not None and peer["_owner"] != ri["_owner"] and not ri["OppositeInterfaceOwnerId"]:
        raise _not_set("The opposite interface owner of the %s is not set." % which)


def _not_set(message):
    return bad_request("IncorrectOppositeInterfaceInfo.NotSet", message)


def activate(ctx, p):
    ri = find(ctx, p.required("RouterInterfaceId"), "modify")
    if ri["Status"] != "Inactive":
        raise _incorrect_status("Inactive")
    ctx.store.start(ri, "Activating", "ri_activate", "Active", ctx.now)
    return {}


def deactivate(ctx, p):
    ri = find(ctx, p.required("RouterInterfaceId"))
    if ri["Status"] != "Active":
        raise _incorrect_status("Active")
    ctx.store.start(ri, "Deactivating", "ri_deactivate", "Inactive", ctx.now)
    return {}


def delete(ctx, p):
    ri = find(ctx, p.required("RouterInterfaceId"), "delete")
    if ri["ChargeType"] == "Prepaid":  # T20: a subscription is refunded (BSS RefundInstance), not deleted
        raise ApiError(500, "InvalidRouterInterfaceChargeType.Malformed",
                       "A PrePaid (subscription) router interface cannot be deleted.")
    if ri["Status"] not in ("Idle", "Inactive"):  # Modifying and Deleting included
        raise bad_request("IncorrectStatus", "Deleting a router interface is allowed only when its status is "
                                             "Idle or Inactive.")
    for entry in ctx.store.entries.values():
        if any(hop["NextHopId"] == ri["RouterInterfaceId"] for hop in entry["_next_hops"]):
            raise ApiError(400, "DependencyViolation.RouterInterfaceReferedByRouteEntry",
                           "The router interface %s is referred by route entry %s (%s)."
                           % (ri["RouterInterfaceId"], entry["RouteEntryId"], entry["DestinationCidrBlock"]))
    gone = ctx.store.start(ri, "Deleting", "ri_delete", None, ctx.now)
    if ri["RouterType"] == "VBR":
        # After the interface is gone its VBR still refuses deletion for a while (drawn now, counted from then).
        tail = ctx.store.draw(ri["RouterId"], "ri_delete_tail", gone)
        ctx.store.vbr_tails[ri["RouterId"]] = max(tail, ctx.store.vbr_tails.get(ri["RouterId"], 0))
    return {}

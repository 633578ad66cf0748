"""The Express Connect tag actions: Tag / Untag / ListTagResources / DescribeTagKeys ...ForExpressConnect.

Tag changes take effect at once (no transition). Region-scoped: a resource of another region is not found.
"""

from . import tags
from .errors import ApiError, bad_request, invalid_param, missing
from .params import token_page

# ResourceType (exact upper case) -> (store collection, id field). The emulator has no QoS policies, so
# TRAFFICQOS is a valid type with no resources: every id of it is not found, every listing empty.
RESOURCE_TYPES = {"PHYSICALCONNECTION": ("pcs", "PhysicalConnectionId"), "VIRTUALBORDERROUTER": ("vbrs", "VbrId"),
                  "ROUTERINTERFACE": ("ris", "RouterInterfaceId"), "TRAFFICQOS": (None, None)}
DELETING = ("deleting", "Deleting")  # a VBR's and a router interface's spelling
MAX_PER_CALL = 20


def _resource_type(p):
    resource_type = p.required("ResourceType")
    if resource_type not in RESOURCE_TYPES:
        raise bad_request("InvalidResourceType.ValueNotSupported",  # [UNCONFIRMED] code
                          "The specified ResourceType %r is not supported." % resource_type)
    return resource_type


def _listed(p, name, required=False):
    """A RepeatList of plain values (`ResourceId.N`, `TagKey.N`), at most 20, duplicates dropped."""
    values = list(dict.fromkeys(p.repeat(name)))
    if required and not values:
        raise missing("%s.N" % name)
    if len(values) > MAX_PER_CALL:
        raise invalid_param(name, "must have at most %d items" % MAX_PER_CALL)
    return values


def _every(ctx, resource_type):
    """Every resource of the type in the region whose create has taken effect, oldest first."""
    collection = RESOURCE_TYPES[resource_type][0]
    if collection is None:
        return []
    store = ctx.store
    return [r for r in ctx.owned(getattr(store, collection)) if store.exists(r, ctx.now)]


def _found(ctx, resource_type, ids):
    """The named resources; an unknown id (or one whose create has not taken effect) is refused."""
    collection = RESOURCE_TYPES[resource_type][0]
    records = []
    for resource_id in ids:
        record = None if collection is None else ctx.lookup(getattr(ctx.store, collection), resource_id)
        if record is None:
            raise ApiError(404, "InvalidResourceId.NotFound",  # [UNCONFIRMED] code
                           "The specified resource %s of type %s does not exist." % (resource_id, resource_type))
        records.append(record)
    return records


def _changeable(ctx, p):
    """The resources a Tag / Untag call names; all must exist and none be deleting, else nothing changes."""
    resource_type = _resource_type(p)
    records = _found(ctx, resource_type, _listed(p, "ResourceId", required=True))
    for record in records:
        if record.get("Status") in DELETING:
            raise bad_request("IncorrectStatus",  # [UNCONFIRMED] code
                              "The specified resource %s is being deleted."
                              % record[RESOURCE_TYPES[resource_type][1]])
    return records


def tag(ctx, p):
    """Adds the tags, overwriting the values of keys a resource already has."""
    records = _changeable(ctx, p)
    new = tags.parse(p, "Tag")
    if not new:
        raise missing("Tag.N.Key")
    tags.bind(records, new)
    return {}


def untag(ctx, p):
    """Removes the given keys (an absent one is no error), or every tag with All=true."""
    records = _changeable(ctx, p)
    everything = p.bool("All")
    keys = _listed(p, "TagKey")
    if not keys and not everything:
        raise missing("TagKey.N")
    for record in records:
        record["Tags"] = [] if everything else [t for t in record["Tags"] if t["Key"] not in keys]
    return {}


def list_resources(ctx, p):
    """One row per (resource, tag); with Tag.N only resources matching every pair, and only those keys' rows."""
    resource_type = _resource_type(p)
    ids = _listed(p, "ResourceId")
    pairs = tags.wanted(p, "Tag")
    if not ids and not pairs:
        raise missing("ResourceId.N or Tag.N")
    offset, limit = p.token_window("MaxResults", 20)
    keys = {key for key, _ in pairs}
    id_field = RESOURCE_TYPES[resource_type][1]
    records = _found(ctx, resource_type, ids) if ids else _every(ctx, resource_type)
    rows = [{"ResourceId": r[id_field], "ResourceType": resource_type, "TagKey": t["Key"], "TagValue": t["Value"]}
            for r in records if tags.matches(r["Tags"], pairs)
            for t in r["Tags"] if not keys or t["Key"] in keys]
    page, token = token_page(rows, offset, limit)
    return {"NextToken": token, "TagResources": {"TagResource": page}}


def describe_keys(ctx, p):
    """The distinct keys on the resources (all of the type, or the named ones), sorted; Keyword: a substring."""
    resource_type = _resource_type(p)
    ids = _listed(p, "ResourceId")
    offset, limit = p.token_window("MaxResult", 20)
    keyword = (p.get("Keyword") or "").lower()
    records = _found(ctx, resource_type, ids) if ids else _every(ctx, resource_type)
    keys = sorted({t["Key"] for r in records for t in r["Tags"] if keyword in t["Key"].lower()})
    page, token = token_page([{"TagKey": key, "Type": "Custom"} for key in keys], offset, limit)
    return {"NextToken": token, "TagKeys": {"TagKey": page}}

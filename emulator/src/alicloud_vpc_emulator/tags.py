"""Tag rules shared by the create calls, the Describe tag filter and the *ForExpressConnect actions.

A taggable record keeps its tags as `Tags` = [{"Key", "Value"}] in the order they were first bound.
"""

from .errors import bad_request, invalid_param, missing

MAX_TAGS = 20  # per resource; a call cannot bring more either
MAX_LENGTH = 128  # [TEA] and the current doc (older pages said 64 for keys)
BANNED_PREFIXES = ("aliyun", "acs:")  # case-sensitive, as the doc writes them
BANNED_PARTS = ("http://", "https://")


def _check(text, code, what):
    if len(text) > MAX_LENGTH or text.startswith(BANNED_PREFIXES) or any(part in text for part in BANNED_PARTS):
        raise bad_request(code, "The tag %s %r is malformed: at most %d characters, not starting with aliyun or "
                                "acs:, not containing http:// or https://." % (what, text, MAX_LENGTH))


def _too_many(detail):
    return bad_request("QuotaExceeded.TagNum",  # [UNCONFIRMED] code
                       "A resource can have at most %d tags: %s." % (MAX_TAGS, detail))


def parse(p, prefix):
    """`Prefix.N.Key` / `Prefix.N.Value` to bind -> [{Key, Value}]: each checked, keys unique, at most 20."""
    tags = []
    for item in p.repeat(prefix, keep_empty=True):
        key, value = item.get("Key", ""), item.get("Value", "")
        if not key:
            raise bad_request("InvalidTagKey.Malformed", "The tag key must not be empty.")
        _check(key, "InvalidTagKey.Malformed", "key")
        _check(value, "InvalidTagValue.Malformed", "value")
        if any(tag["Key"] == key for tag in tags):
            raise bad_request("DuplicatedTagKey", "The tag key %r is given more than once." % key)
        tags.append({"Key": key, "Value": value})
    if len(tags) > MAX_TAGS:
        raise _too_many("%d given" % len(tags))
    return tags


def bind(records, tags):
    """Add `tags` to every record, overwriting the values of keys it has; refused for all if any would pass 20."""
    merged = [_merge(record["Tags"], tags) for record in records]
    for result in merged:
        if len(result) > MAX_TAGS:
            raise _too_many("this would make %d" % len(result))
    for record, result in zip(records, merged):
        record["Tags"] = result


def _merge(current, tags):
    values = dict((tag["Key"], tag["Value"]) for tag in current)
    values.update((tag["Key"], tag["Value"]) for tag in tags)
    return [{"Key": key, "Value": value} for key, value in values.items()]  # dicts keep first-bound order


def wanted(p, prefix):
    """A tag filter `Prefix.N.Key` (+ `Value`) -> [(key, value or None)]; a value without its key is an error."""
    pairs = []
    for item in p.repeat(prefix, keep_empty=True):
        if not item.get("Key"):
            raise missing("%s.N.Key" % prefix)
        pairs.append((item["Key"], item.get("Value") or None))
    if len(pairs) > MAX_TAGS:
        raise invalid_param(prefix, "must have at most %d items" % MAX_TAGS)
    return pairs


def matches(tags, pairs):
    """Every pair must match (AND); a pair without a value matches any value of its key."""
    return all(any(tag["Key"] == key and (value is None or tag["Value"] == value) for tag in tags)
               for key, value in pairs)

"""Typed access to the flat RPC parameters (RepeatList style `Prefix.N.Sub`, `Filter.N.Value.M`)."""

import re

from .errors import ApiError, invalid_param, missing

MAX_PAGE_SIZE = 50


class Params:
    def __init__(self, raw):
        self.raw = raw

    def get(self, name, default=None):
        value = self.raw.get(name)
        return default if value in (None, "") else value

    def has(self, name):
        return self.get(name) is not None

    def required(self, name):
        value = self.get(name)
        if value is None:
            raise missing(name)
        return value

    def int(self, name, default=None, error=None):
        value = self.get(name)
        if value is None:
            return default
        try:
            return int(value)
        except ValueError:
            raise error or invalid_param(name)

    def bool(self, name, default=False):
        value = self.get(name)
        if value is None:
            return default
        if value.lower() not in ("true", "false"):
            raise invalid_param(name)
        return value.lower() == "true"

    def repeat(self, prefix, keep_empty=False):
        """`Prefix.N.Sub=v` -> [{Sub: v}, ...] ordered by N; `Prefix.N=v` -> [v, ...].

        Empty values are dropped unless `keep_empty` (tags: an empty key is an error, an empty value a value).
        """
        items = {}
        pattern = re.compile(r"^%s\.(\d+)(?:\.(\w+))?$" % re.escape(prefix))
        for key, value in self.raw.items():
            match = pattern.match(key)
            if match and (keep_empty or value != ""):
                n, sub = int(match.group(1)), match.group(2)
                if sub is None:
                    items[n] = value
                else:
                    items.setdefault(n, {})[sub] = value
        return [items[n] for n in sorted(items)]

    def filters(self, allowed):
        """`Filter.N.Key` / `Filter.N.Value.M` -> {key: [values]}; values OR, keys AND."""
        result = {}
        pattern = re.compile(r"^Filter\.(\d+)\.Key$")
        for key, name in self.raw.items():
            match = pattern.match(key)
            if not match:
                continue
            n = match.group(1)
            if name not in allowed:
                raise ApiError(404, "InvalidFilterKey.ValueNotSupported",
                               "Specified filter key is not supported: Filter.%s.key" % n)
            values = [v for k, v in self.raw.items() if re.match(r"^Filter\.%s\.Value\.\d+$" % n, k)]
            result.setdefault(name, []).extend(values)
        return result

    def page(self):
        number = self.int("PageNumber", 1)
        size = self.int("PageSize", 10)
        if number < 1:
            raise invalid_param("PageNumber", "must be 1 or greater")
        if not 1 <= size <= MAX_PAGE_SIZE:
            raise invalid_param("PageSize", "must be from 1 to %d" % MAX_PAGE_SIZE)
        return number, size

    def token_window(self, limit_name, default):
        """`MaxResult(s)` 1–100 and `NextToken` (the offset of the next page) -> (offset, limit)."""
        limit = self.int(limit_name, default)
        if not 1 <= limit <= 100:
            raise invalid_param(limit_name, "must be from 1 to 100")
        start = self.get("NextToken", "0")
        if not start.isdigit():
            raise invalid_param("NextToken")
        return int(start), limit


def paginate(items, number, size):
    return items[(number - 1) * size:number * size]


def token_page(items, offset, limit):
    """One page of a NextToken listing and the token of the next page ("" on the last one)."""
    more = offset + limit < len(items)
    return items[offset:offset + limit], str(offset + limit) if more else ""

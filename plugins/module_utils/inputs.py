# -*- coding: utf-8 -*-
# Copyright: (c) 2025, aliyun.express_connect contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Empty and null values of the options that identify something, refused before any API call.

Ansible's own checks count an option as given as soon as its key is in the task's arguments: ``required: true``
accepts ``""`` (and turns a null string into ``""``), and ``required_one_of``, ``required_together``,
``required_if`` and ``required_by`` are satisfied by ``option: null``. A lookup that then skips an empty key part
widens to every resource (a VBR found by VLAN alone, on any physical connection). AlicloudModule therefore checks,
after Ansible's validation and before anything else:

- ``not_empty`` options, and every ``required`` option: a string that is empty or blank, an empty list or dict, and
  an empty element of a list are refused. ``"opt.sub"`` names a suboption of a list of dicts (``routes[2].sub``).
- ``filters`` (the options of the info modules): the same, and an explicit ``null`` is refused too, where it would
  silently drop the filter.
- the requirement rules again, with null counting as not given.

Every message names the option and the rule, for example ``physical_connection_id must not be empty``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.common.validation import (
    check_required_by, check_required_if, check_required_one_of, check_required_together,
)

CHECKED_TYPES = ("str", "list", "dict", "raw", "path")


def required_names(argument_spec):
    """Names of the required options and of the required suboptions ("opt.sub") of this spec."""
    names = []
    for name, spec in argument_spec.items():
        if spec.get("required") and spec.get("type", "str") in CHECKED_TYPES:
            names.append(name)
        for sub, sub_spec in (spec.get("options") or {}).items():
            if sub_spec.get("required") and sub_spec.get("type", "str") in CHECKED_TYPES:
                names.append("%s.%s" % (name, sub))
    return names


def given_as_null(argument_spec, raw, name):
    """Whether the task's arguments (``raw``, before validation) carry this option, by name or alias, as null."""
    keys = [name] + list((argument_spec.get(name) or {}).get("aliases") or [])
    return any(key in raw and raw[key] is None for key in keys)


def _blank(value):
    return isinstance(value, str) and not value.strip()


def value_errors(label, value, null_given=False, null_refused=False):
    """The messages for one option's value (empty when the value is acceptable)."""
    if value is None:
        return ["%s must not be null" % label] if null_given and null_refused else []
    if isinstance(value, str):
        if value.strip():
            return []
        if null_given:  # a null required string arrives as "" after validation
            return ["%s must not be null" % label]
        return ["%s must not be empty" % label if not value else "%s must not be blank, got %r" % (label, value)]
    if isinstance(value, (list, tuple)):
        if not value:
            return ["%s must not be an empty list" % label]
        return ["%s[%d] must not be empty" % (label, index) for index, element in enumerate(value)
                if element is None or _blank(element)]
    if isinstance(value, dict) and not value:
        return ["%s must not be empty" % label]
    return []


def empty_errors(argument_spec, params, raw, not_empty=(), filters=()):
    """Messages for every empty value of the checked options (see the module docstring); ``raw`` is the task's
    arguments before validation, ``params`` after it."""
    errors = []
    names = list(not_empty) + list(filters) + required_names(argument_spec)
    for name in sorted(set(names), key=names.index):
        option, _dot, sub = name.partition(".")
        if not sub:
            errors.extend(value_errors(name, params.get(name), given_as_null(argument_spec, raw, name),
                                       null_refused=name in filters))
            continue
        items, given = params.get(option), _raw_value(argument_spec, raw, option)
        if isinstance(items, dict):
            items, given, labels = [items], [given], [name]
        else:
            items = items or []
            labels = ["%s[%d].%s" % (option, index, sub) for index in range(len(items))]
        given = given if isinstance(given, list) and len(given) == len(items) else [{}] * len(items)
        sub_spec = ((argument_spec.get(option) or {}).get("options")) or {}
        for item, raw_item, label in zip(items, given, labels):
            if isinstance(item, dict):
                null_given = isinstance(raw_item, dict) and given_as_null(sub_spec, raw_item, sub)
                errors.extend(value_errors(label, item.get(sub), null_given))
    return errors


def _raw_value(argument_spec, raw, name):
    for key in [name] + list((argument_spec.get(name) or {}).get("aliases") or []):
        if key in raw:
            return raw[key]
    return None


def _rules(required_one_of, required_together, required_if, required_by):
    for terms in required_one_of or ():
        yield check_required_one_of, [terms], terms
    for terms in required_together or ():
        yield check_required_together, [terms], terms
    for rule in required_if or ():
        yield check_required_if, [rule], [rule[0]] + list(rule[2])
    for key, value in (required_by or {}).items():
        yield check_required_by, {key: value}, [key] + ([value] if isinstance(value, str) else list(value))


def requirement_errors(argument_spec, params, raw, required_one_of=None, required_together=None, required_if=None,
                       required_by=None):
    """The requirement rules checked again with null counting as not given (Ansible counts a null as given)."""
    given = dict((key, value) for key, value in params.items() if value is not None)
    errors = []
    for check, rule, terms in _rules(required_one_of, required_together, required_if, required_by):
        try:
            check(rule, given)
        except TypeError as exc:
            nulls = [term for term in terms if given_as_null(argument_spec, raw, term)]
            errors.append("%s (%s %s null, which counts as not given)"
                          % (exc, ", ".join(nulls), "is" if len(nulls) == 1 else "are") if nulls else str(exc))
    return errors

# -*- coding: utf-8 -*-
# Copyright: Contributors to the aliyun.express_connect collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Creates that two runs at once make once (README "Two runs at once").

Router interfaces and BGP groups and peers have no uniqueness in the API, and a new resource is not listed at once:
two runs that look the same natural key up at the same moment both find nothing and both create. Their create
requests are the same, though, so a ClientToken derived from the request makes them one: the API answers the
second with the first one's result ("the same token returns the same result", reference section 2).

The catch is a replay after the resource was deleted (by hand, or by a teardown stopped half-way, its parent kept):
the token answers the deleted ID. So the answer is confirmed: the resource must be listed within VISIBILITY_WINDOW
seconds; when it is not, the answer was stale and the create is sent again with a token derived from the request
and the stale IDs (still the same for every run, so two runs still converge on one resource).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import functools
import hashlib
import json
import uuid

from ansible_collections.aliyun.express_connect.plugins.module_utils.client import flatten
from ansible_collections.aliyun.express_connect.plugins.module_utils.waiter import WaitTimeout, wait_for

# How long a created resource may stay unlisted before its ID is taken for a stale replay. The emulator lists a new
# interface after 1 s (profile ri_create, 0-2 s with full jitter), the tutorial waits 15 s for a new interface to be
# Idle; a slower cloud only makes a run wait longer here (it never creates twice within the window).
VISIBILITY_WINDOW = 30
# Stale answers followed before the create falls back to a random token (each one cost VISIBILITY_WINDOW seconds;
# the chain only grows when the resource of the previous answer was deleted too, so a fourth is not expected).
MAX_STALE_REPLAYS = 3
TOKEN_PREFIX = "ansible-"
MAX_TOKEN = 64  # the API's limit: at most 64 ASCII characters
LISTED, GONE = "listed", "gone"


def request_token(action, params, region=None, stale_ids=()):
    """The ClientToken of a create request: a digest of the action, the region and the sorted request parameters
    (ClientToken itself left out), and of the IDs earlier answers gave that turned out stale. The same request
    gets the same token whoever sends it; any other parameter gives another token."""
    pairs = sorted((str(key), str(value)) for key, value in flatten(params or {}) if key != "ClientToken")
    canonical = json.dumps([action, region or "", pairs, list(stale_ids)], separators=(",", ":"), sort_keys=True)
    token = TOKEN_PREFIX + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:48]
    return token[:MAX_TOKEN]


def wait_listed(fetch, what, gone_statuses=(), window=VISIBILITY_WINDOW, look_first=False, **waiter_options):
    """The resource fetch() returns once it is listed, or None when it is not listed within `window` seconds or is
    listed as being deleted (one of gone_statuses): the answer that named it was stale.

    look_first: read once before the first sleep (for resources listed from their create on, such as BGP groups)."""
    def probe():
        item = fetch()
        if item is None:
            return None
        return {"Status": GONE if item.get("Status") in gone_statuses else LISTED, "item": item}
    found = probe() if look_first else None
    if found is None:
        try:
            found = wait_for(probe, what, statuses=(LISTED, GONE), timeout=window, **waiter_options)
        except WaitTimeout:
            return None
    return found["item"] if found["Status"] == LISTED else None


def create_once(client, action, params, id_field, fetch, gone_statuses=(), window=VISIBILITY_WINDOW,
                look_first=False, waiter=None, **call_options):
    """Send a create with the request's own ClientToken and return (response, item): the answer and the resource as
    first listed. fetch(resource_id) returns the resource (a Describe item) or None; look_first as in wait_listed;
    waiter: options of waiter.wait_for (clock, sleep); call_options: those of client.call.

    A stale answer (not listed within `window`, or listed as being deleted) is followed by the create again with a
    token that also covers the stale IDs; after MAX_STALE_REPLAYS of them, by one with a random token, which cannot
    be a replay: its resource is returned as None (not listed yet), for the caller's own wait.
    """
    stale = []
    while True:
        if len(stale) >= MAX_STALE_REPLAYS:
            return client.call(action, dict(params, ClientToken=str(uuid.uuid4())), client_token=True,
                               **call_options), None
        token = request_token(action, params, client.region, stale)
        response = client.call(action, dict(params, ClientToken=token), client_token=True, **call_options)
        resource_id = response[id_field]
        item = wait_listed(functools.partial(fetch, resource_id), "%s answer %s to be listed" % (action, resource_id),
                           gone_statuses, window, look_first, **(waiter or {}))
        if item is not None:
            return response, item
        stale.append(resource_id)

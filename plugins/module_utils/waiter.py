# -*- coding: utf-8 -*-
# Copyright: (c) 2025, aliyun.express_connect contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Poll a Describe until a resource reaches a status, or is gone, within a deadline."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.aliyun.express_connect.plugins.module_utils.errors import WaitTimeout

# The contract: a finished transition is noticed within 20% of its duration + 0.5 s. The loosest schedule that
# keeps it is delay = 0.5 s + 20% of the time waited so far (the transition ended after the previous poll, so
# after that much waiting); 0.05 s of the 0.5 s is left for the poll's own round trip. Polls grow logarithmically.
MIN_DELAY = 0.45
DELAY_RATIO = 0.2
MAX_DELAY = 30.0


def _targets(statuses):
    if statuses is None:
        return ()
    if isinstance(statuses, str):
        return (statuses,)
    return tuple(statuses)


def wait_for(fetch, what, statuses=None, gone=False, timeout=600, status_key="Status", clock=time.monotonic, sleep=time.sleep):
    """Return the first fetched item whose status is in statuses (None when gone=True and it vanished).

    fetch() returns the resource dict, or None when not found. Unless gone=True, None means
    "not visible yet" (eventual consistency after a create) and the wait goes on.
    """
    targets = _targets(statuses)
    if not targets and not gone:
        raise ValueError("wait_for needs statuses or gone=True")
    target = " or ".join(targets + (("gone",) if gone else ()))
    start = clock()
    deadline = start + timeout
    while True:
        now = clock()
        # Sleep first: the caller has just started the transition.
        delay = min(MAX_DELAY, MIN_DELAY + DELAY_RATIO * (now - start))
        sleep(max(0.0, min(delay, deadline - now)))
        item = fetch()
        if item is None:
            if gone:
                return None
            last_status = "not found"
        else:
            last_status = item.get(status_key)
            if last_status in targets:
                return item
        if clock() >= deadline:
            raise WaitTimeout(what, target, last_status)

# -*- coding: utf-8 -*-
# Copyright (c) aliyun.express_connect contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What ali_bgp_group and ali_bgp_peer share: a BGP object found by its ID or by its natural key, waited for,
created or modified with the same calls, and the skeleton of state=present."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.aliyun.express_connect.plugins.module_utils import bgp
from ansible_collections.aliyun.express_connect.plugins.module_utils import concurrency
from ansible_collections.aliyun.express_connect.plugins.module_utils.errors import AlicloudError
from ansible_collections.aliyun.express_connect.plugins.module_utils.retry import BGP_BLOCKED


class BgpObjectManager:
    """Base of the group and peer managers.

    A subclass names its object with the class attributes below and provides describe_by_id(object_id),
    find_by_natural_key() and the module's own create(), update(current) and absent(), which return the module's
    result (present() too); failures are raised as AlicloudError.
    """

    kind = None  # "group" or "peer", as the messages say it
    id_option = None  # the option that gives the object's ID
    id_field = None  # the ID's field in Describe items and requests
    natural_key = ()  # the options that identify the object when its ID is not given

    def __init__(self, module):
        self.module = module
        self.params = module.params

    @property
    def client(self):
        return self.module.client

    def hide(self, items):
        """Groups show their key and peers repeat it: it is masked in whatever the module prints, like auth_key."""
        self.module.no_log_values.update(bgp.secrets(items))
        return items

    def what(self, object_id):
        return "BGP %s %s" % (self.kind, object_id)

    # -- lookup ---------------------------------------------------------------------------------------------
    def get(self, object_id):
        item = self.describe_by_id(object_id)
        self.hide([item] if item else [])
        return item

    def fetch(self, object_id):
        return lambda: self.get(object_id)

    def fetch_until_gone(self, object_id):
        """What a wait for the deletion polls; a subclass whose objects linger in a last status overrides it."""
        return self.fetch(object_id)

    def find(self):
        """The object of the ID option, else the one live object with the natural key (None when there is none)."""
        if self.params[self.id_option]:
            return self.get(self.params[self.id_option])
        matches, matched_by = self.find_by_natural_key()
        self.hide(matches)
        if len(matches) > 1:
            raise AlicloudError("More than one BGP %s %s: %s; give %s"
                                % (self.kind, matched_by, ", ".join(item[self.id_field] for item in matches),
                                   self.id_option))
        return matches[0] if matches else None

    def wait_available(self, object_id):
        return self.module.wait(self.fetch(object_id), self.what(object_id), statuses=bgp.AVAILABLE)

    def wait_gone(self, object_id):
        self.module.wait(self.fetch_until_gone(object_id), self.what(object_id), gone=True)

    def settled(self, current):
        """``current``, or what it becomes once a change in progress is applied (Describe shows the old values
        until then), so that the options are compared with that."""
        if current.get("Status") == "Modifying":
            return self.wait_available(current[self.id_field])
        return current

    # -- writes ---------------------------------------------------------------------------------------------
    def call(self, action, request, **options):
        """A write: one client token for all its attempts, retried while the object is blocked, up to wait_timeout."""
        options.setdefault("blocked_codes", BGP_BLOCKED)
        return self.client.call(action, request, client_token=True, blocked_timeout=self.params["wait_timeout"],
                                **options)

    def create_and_describe(self, action, request, predicted):
        """Creates the object; returns it once Available (wait=true), else as described now or, when not visible
        yet, as ``predicted`` with its new ID and Pending.

        The create's ClientToken is derived from the request (concurrency.create_once): a run creating the same
        object at the same moment (whose lookup found nothing either) gets this one, and a token replayed after its
        object was deleted is recognised by the object not being listed, and sent again with another token."""
        options = dict(blocked_codes=BGP_BLOCKED, blocked_timeout=self.params["wait_timeout"])
        response, item = concurrency.create_once(self.client, action, request, self.id_field, self.get,
                                                 gone_statuses=bgp.GONE, look_first=True, **options)
        object_id = response[self.id_field]
        if self.params["wait"]:
            if item is not None and item.get("Status") == bgp.AVAILABLE:
                return item
            return self.wait_available(object_id)
        return item or dict(predicted, **{self.id_field: object_id, "Status": "Pending"})

    def modify_and_describe(self, action, object_id, wanted, predicted):
        """Sends the changes ``wanted``; returns the object once Available (wait=true), else ``predicted``."""
        self.call(action, dict(wanted, **{self.id_field: object_id}))
        return self.wait_available(object_id) if self.params["wait"] else predicted

    # -- present --------------------------------------------------------------------------------------------
    def present(self):
        """The module's result for state=present."""
        current = self.find()
        if current is not None and current.get("Status") in bgp.GONE:
            raise AlicloudError("%s is %s and cannot be updated" % (self.what(current[self.id_field]),
                                                                    current["Status"]))
        if current is not None:
            return self.update(current)
        if self.params[self.id_option]:
            raise AlicloudError("%s not found; to create a %s give %s instead of %s"
                                % (self.what(self.params[self.id_option]), self.kind,
                                   " and ".join(self.natural_key), self.id_option))
        return self.create()

"""The role's ownership split (filters aliyun.express_connect.owned_by / not_owned_by)."""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.aliyun.express_connect.plugins.filter.owned_by import FilterModule, not_owned_by, owned_by

OURS = {"vbr_id": "vbr-1", "tags": {"ansible-interconnect": "dc1", "team": "net"}}
OTHER = {"vbr_id": "vbr-2", "tags": {"ansible-interconnect": "dc2"}}
UNTAGGED = {"vbr_id": "vbr-3", "tags": {}}
NO_TAGS_KEY = {"vbr_id": "vbr-4"}


def test_split_by_marker():
    found = [OURS, OTHER, UNTAGGED, NO_TAGS_KEY]
    assert owned_by(found, "ansible-interconnect", "dc1") == [OURS]
    assert not_owned_by(found, "ansible-interconnect", "dc1") == [OTHER, UNTAGGED, NO_TAGS_KEY]


def test_the_value_must_match_exactly():
    assert owned_by([OURS], "ansible-interconnect", "DC1") == []
    assert owned_by([{"tags": {"ansible-interconnect": ""}}], "ansible-interconnect", "") == [
        {"tags": {"ansible-interconnect": ""}}]


@pytest.mark.parametrize("items, key", [("vbr-1", "k"), ({"a": 1}, "k"), ([OURS], "")])
def test_bad_input(items, key):
    with pytest.raises(AnsibleFilterError):
        owned_by(items, key, "dc1")


def test_registered_under_their_names():
    assert FilterModule().filters() == {"owned_by": owned_by, "not_owned_by": not_owned_by}

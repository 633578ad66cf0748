"""Fixtures of the community gates: the collection as `ansible-galaxy collection build` makes it."""

import pytest

from gatelib import OLDEST_END, gates


@pytest.fixture(scope="session")
def collection_tarball(tmp_path_factory):
    """The collection as `ansible-galaxy collection build` makes it (oldest toolchain)."""
    return gates.build_tarball(tmp_path_factory.mktemp("build"), OLDEST_END.tool("ansible-galaxy"))


@pytest.fixture(scope="session")
def collection_tree(tmp_path_factory, collection_tarball):
    """DEST/ansible_collections/aliyun/express_connect extracted from the tarball (read-only use)."""
    root = tmp_path_factory.mktemp("tree") / "ansible_collections" / "aliyun" / "express_connect"
    root.mkdir(parents=True)
    gates.extract(collection_tarball, root)
    return root

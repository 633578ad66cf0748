"""Gates: ansible-lint (production profile), antsibull-docs lint-collection-docs, ansible-doc for every plugin."""

import json
import re

import pytest

from gatelib import OLDEST_END, report, run
from support.paths import REPO_ROOT

MODULES = sorted(path.stem for path in (REPO_ROOT / "plugins" / "modules").glob("ali_*.py"))
ROLES = sorted(path.name for path in (REPO_ROOT / "roles").iterdir() if path.is_dir())


def test_ansible_lint_production_profile():
    """Roles, playbooks and molecule files (what .ansible-lint doesn't exclude), production profile, no warnings."""
    completed = run([OLDEST_END.tool("ansible-lint"), "--nocolor", "--profile", "production", "--strict"],
                    cwd=REPO_ROOT, env=OLDEST_END.env(NO_COLOR="1"))
    assert completed.returncode == 0, report(completed)
    assert "Profile 'production' was required, and it passed" in completed.stdout + completed.stderr, \
        report(completed)
    for path in ("roles/interconnect", "playbooks/interconnect.yml", "molecule/default"):
        assert (REPO_ROOT / path).exists(), path


def test_antsibull_docs_lint(collection_tree):
    """The shipped content's docs: schema, markup and references (plugins and the role), plus RST generation."""
    completed = run([OLDEST_END.tool("antsibull-docs"), "lint-collection-docs", "--plugin-docs",
                     "--validate-collection-refs", "all", "--disallow-unknown-collection-refs", collection_tree],
                    env=OLDEST_END.env())
    assert completed.returncode == 0, report(completed)
    assert completed.stdout.strip() == "", report(completed)


@pytest.fixture(scope="module")
def metadata_dump(collection_tree):
    """ansible-doc --metadata-dump of the collection as installed from the tarball."""
    completed = run([OLDEST_END.tool("ansible-doc"), "--metadata-dump", "--no-fail-on-errors",
                     "aliyun.express_connect"],
                    env=OLDEST_END.env(ANSIBLE_COLLECTIONS_PATH=str(collection_tree.parents[2]),
                                       ANSIBLE_CONFIG=str(collection_tree.parents[2] / "none.cfg")))
    assert completed.returncode == 0, report(completed)
    return json.loads(completed.stdout)


def test_every_module_documented(metadata_dump):
    assert MODULES, "no modules found"
    modules = metadata_dump["all"]["module"]
    assert sorted(modules) == ["aliyun.express_connect." + name for name in MODULES]
    for name, data in modules.items():
        assert "error" not in data, (name, data)
        doc = data["doc"]
        assert doc["short_description"] and doc["description"] and doc["author"], name
        assert data["examples"] and data["return"], name
        assert "alicloud_access_key" in doc["options"], name


def test_role_documented(metadata_dump):
    roles = metadata_dump["all"]["role"]
    assert sorted(roles) == ["aliyun.express_connect." + name for name in ROLES]
    for name, data in roles.items():
        assert "main" in data["entry_points"], name


@pytest.mark.parametrize("plugin", ["module:" + name for name in MODULES] + ["role:" + name for name in ROLES])
def test_ansible_doc_renders(collection_tree, plugin):
    kind, name = plugin.split(":")
    completed = run([OLDEST_END.tool("ansible-doc"), "-t", kind, "aliyun.express_connect." + name],
                    env=OLDEST_END.env(ANSIBLE_COLLECTIONS_PATH=str(collection_tree.parents[2]),
                                       ANSIBLE_CONFIG=str(collection_tree.parents[2] / "none.cfg"), PAGER="cat"))
    assert completed.returncode == 0, report(completed)
    assert "[WARNING]" not in completed.stderr and "ERROR" not in completed.stderr, report(completed)
    # ansible-doc marks names up (ANSI bold, or *name* without colour): drop both.
    text = re.sub(r"\x1b\[[0-9;]*m|\*", "", completed.stdout)
    assert ("aliyun.express_connect." + name) in text, report(completed)
    assert ("EXAMPLES" if kind == "module" else "ENTRY POINT: main") in text, report(completed)

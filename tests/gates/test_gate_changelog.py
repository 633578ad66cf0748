"""Gate: the changelog (antsibull-changelog) is valid, covers every module and role, and CHANGELOG.rst is current."""

import shutil

import yaml

from gatelib import OLDEST_END, gates, report, run
from support.paths import REPO_ROOT


def antsibull_changelog(*args, cwd=REPO_ROOT):
    return run([OLDEST_END.tool("antsibull-changelog")] + list(args), cwd=cwd, env=OLDEST_END.env())


def test_lint():
    completed = antsibull_changelog("lint")
    assert completed.returncode == 0 and completed.stdout.strip() == "", report(completed)
    completed = antsibull_changelog("lint-changelog-yaml", "changelogs/changelog.yaml")
    assert completed.returncode == 0 and completed.stdout.strip() == "", report(completed)


def test_released_version_matches_galaxy():
    changelog = yaml.safe_load((REPO_ROOT / "changelogs" / "changelog.yaml").read_text())
    version = gates.galaxy_version()
    assert version in changelog["releases"], sorted(changelog["releases"])
    assert changelog["releases"][version]["changes"]["release_summary"]


def test_every_module_and_role_is_announced():
    changelog = yaml.safe_load((REPO_ROOT / "changelogs" / "changelog.yaml").read_text())
    modules = {m["name"] for release in changelog["releases"].values() for m in release.get("modules", [])}
    roles = {r["name"] for release in changelog["releases"].values()
             for r in release.get("objects", {}).get("role", [])}
    assert modules == {p.stem for p in (REPO_ROOT / "plugins" / "modules").glob("ali_*.py")}
    assert roles == {p.name for p in (REPO_ROOT / "roles").iterdir() if p.is_dir()}


def test_changelog_rst_is_generated_from_changelog_yaml(tmp_path):
    for name in ("galaxy.yml", "CHANGELOG.rst"):
        shutil.copy2(REPO_ROOT / name, tmp_path / name)
    shutil.copytree(REPO_ROOT / "changelogs", tmp_path / "changelogs",
                    ignore=shutil.ignore_patterns(".plugin-cache.yaml"))
    completed = antsibull_changelog("generate", cwd=tmp_path)
    assert completed.returncode == 0, report(completed)
    assert (tmp_path / "CHANGELOG.rst").read_text() == (REPO_ROOT / "CHANGELOG.rst").read_text(), \
        "CHANGELOG.rst is stale: run `antsibull-changelog generate`"

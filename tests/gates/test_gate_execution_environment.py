"""Gate: ansible-builder (schema 3) makes a build context for an execution environment with the built collection,
and the collection's Python requirements (meta/execution-environment.yml → requirements.txt) reach the image.

No container engine here: `ansible-builder create` writes the context; the galaxy and builder stages are replayed
locally (install the tarball from the context, run the context's own introspect.py on it).
"""

import yaml

from gatelib import OLDEST_END, gates, report, run
from support.paths import REPO_ROOT


def requirement_lines(text):
    return sorted(line.split("#")[0].strip() for line in text.splitlines() if line.split("#")[0].strip())


def test_meta_execution_environment():
    meta = yaml.safe_load((REPO_ROOT / "meta" / "execution-environment.yml").read_text())
    assert meta["version"] == 3
    assert meta["dependencies"]["python"] == "requirements.txt"
    assert (REPO_ROOT / "requirements.txt").is_file()


def test_ansible_builder_create(collection_tarball, tmp_path):
    local_copy = (tmp_path / collection_tarball.name)
    local_copy.write_bytes(collection_tarball.read_bytes())
    spec = {
        "version": 3,
        "images": {"base_image": {"name": "quay.io/ansible/ansible-runner:latest"}},
        "dependencies": {
            "ansible_core": {"package_pip": "ansible-core>=2.16"},
            "ansible_runner": {"package_pip": "ansible-runner"},
            "galaxy": {"collections": [{"name": "/build/collections/" + collection_tarball.name, "type": "file"}]},
        },
        "additional_build_files": [{"src": collection_tarball.name, "dest": "collections"}],
    }
    (tmp_path / "execution-environment.yml").write_text(yaml.safe_dump(spec, sort_keys=False))
    created = run([OLDEST_END.tool("ansible-builder"), "create", "--file", "execution-environment.yml",
                   "--context", "context", "--output-filename", "Containerfile"], cwd=tmp_path, env=OLDEST_END.env())
    assert created.returncode == 0, report(created)
    context = tmp_path / "context"
    containerfile = (context / "Containerfile").read_text()
    assert "ansible-galaxy collection install" in containerfile and "-r requirements.yml" in containerfile
    assert "introspect.py introspect" in containerfile, containerfile
    galaxy = yaml.safe_load((context / "_build" / "requirements.yml").read_text())
    assert galaxy["collections"] == spec["dependencies"]["galaxy"]["collections"]
    shipped = context / "_build" / "collections" / collection_tarball.name
    assert shipped.read_bytes() == collection_tarball.read_bytes()

    # Galaxy stage: install the collection from the context; builder stage: introspect it.
    collections = tmp_path / "usr-share-ansible" / "collections"
    install = run([OLDEST_END.tool("ansible-galaxy"), "collection", "install", shipped, "-p", collections],
                  cwd=tmp_path, env=gates.isolated_ansible_env(tmp_path))
    assert install.returncode == 0, report(install)
    pip_out = tmp_path / "requirements.txt"
    introspect = run([OLDEST_END.tool("python"), context / "_build" / "scripts" / "introspect.py", "introspect",
                      "--write-pip", pip_out, collections], cwd=tmp_path, env=OLDEST_END.env())
    assert introspect.returncode == 0, report(introspect)
    expected = requirement_lines((REPO_ROOT / "requirements.txt").read_text())
    assert expected and all(name.startswith("aliyun-python-sdk-") for name in expected), expected
    found = [line.split("#")[0].strip() for line in pip_out.read_text().splitlines()]
    for requirement in expected:
        assert requirement in found, (requirement, pip_out.read_text(), introspect.stdout)
    # introspect names the collection each requirement comes from.
    assert "# from collection aliyun.express_connect" in pip_out.read_text(), pip_out.read_text()

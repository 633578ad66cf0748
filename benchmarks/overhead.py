"""The role's costs that are not waiting for the cloud: Ansible's per-task overhead and a module's start-up."""

import json
import os
import re
import statistics
import subprocess
import time

from harness import REPO_ROOT, VENV_BIN, timed_playbook

MODULES = sorted(p.stem for p in (REPO_ROOT / "plugins" / "modules").glob("ali_*.py"))

# Runs in a fresh interpreter: import the module (and so module_utils and the SDK), then build a client.
STARTUP_PROBE = """
import json, time
t0 = time.perf_counter()
import ansible.module_utils.basic
t1 = time.perf_counter()
import ansible_collections.aliyun.express_connect.plugins.modules.%s
t2 = time.perf_counter()
from ansible_collections.aliyun.express_connect.plugins.module_utils.client import VpcClient, connection_argument_spec
params = dict.fromkeys(connection_argument_spec())
params.update(alicloud_access_key="k", alicloud_secret_key="s", alicloud_region="cn-hangzhou",
              vpc_endpoint="http://127.0.0.1:9")
VpcClient.from_params(params)
t3 = time.perf_counter()
print(json.dumps({"ansible_basic": t1 - t0, "module_import": t2 - t1, "client": t3 - t2}))
"""


def noop_playbook(path, tasks):
    """A localhost playbook of `tasks` ansible.builtin.ping tasks: Ansible's cost of running a module task."""
    play = {"hosts": "localhost", "connection": "local", "gather_facts": False,
            "tasks": [{"name": "no-op %d" % i, "ansible.builtin.ping": {}} for i in range(tasks)]}
    path.write_text(json.dumps([play]))
    return path


def task_overhead(runner, workdir, task_counts, repeat):
    """Wall time of no-op playbooks with 0 tasks and with the role's task counts (best of `repeat`), and the
    straight line through them: playbook start-up + per-task cost."""
    walls = {}
    for count in sorted({0, *task_counts}):
        path = noop_playbook(workdir / ("noop-%d.yml" % count), count)
        walls[count] = min(timed_playbook(runner, path)[0] for _ in range(repeat))
    fit = statistics.linear_regression(list(walls), list(walls.values()))
    return {"playbook_start": round(fit.intercept, 3), "per_task": round(fit.slope, 3),
            "wall_by_tasks": {str(k): round(v, 3) for k, v in walls.items()}}


def module_startup(repeat):
    """Per-module import and client-creation seconds (best of `repeat` fresh interpreters), plus bare start-up."""
    python = str(VENV_BIN / "python")
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT / "collections"))
    bare = min(_wall([python, "-c", "pass"]) for _ in range(repeat))
    result = {"python_start": round(bare, 3), "modules": {}}
    for module in MODULES:
        runs = [json.loads(subprocess.run([python, "-c", STARTUP_PROBE % module], env=env, check=True,
                                          capture_output=True, text=True).stdout) for _ in range(repeat)]
        result["modules"][module] = {key: round(min(r[key] for r in runs), 3) for key in runs[0]}
    result["top_imports"] = top_imports(python, env, MODULES[0])
    return result


def top_imports(python, env, module, count=6):
    """The heaviest packages one module pulls in (python -X importtime; cumulative ms of each package's first
    import, so a package imported inside another counts in both)."""
    probe = "import ansible_collections.aliyun.express_connect.plugins.modules." + module
    stderr = subprocess.run([python, "-X", "importtime", "-c", probe], env=env, check=True,
                            capture_output=True, text=True).stderr
    packages = {}
    for line in stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|\s*(\S+)", line)
        if match and not match.group(2).startswith("ansible_collections"):
            root = match.group(2).split(".")[0]
            packages[root] = max(packages.get(root, 0), int(match.group(1)))
    ranked = sorted(packages.items(), key=lambda item: -item[1])[:count]
    return [{"package": name, "ms": round(us / 1000, 1)} for name, us in ranked]


def _wall(command):
    start = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - start

"""Run real ansible-playbook processes against the emulator and collect structured task results."""

import json
import os
import subprocess
from pathlib import Path

from .calls import new_calls
from .emulator import clean_env
from .paths import REPO_ROOT, VENV_BIN

CALLBACK_DIR = Path(__file__).resolve().parents[1] / "callback_plugins"


class PlaybookRun:
    def __init__(self, completed, results):
        self.rc = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        self.results = results

    def result(self, task_name):
        """The result of the last run of the task with this name."""
        matches = [entry["result"] for entry in self.results if entry["task"] == task_name]
        if not matches:
            raise KeyError("no result for task %r; tasks seen: %s" % (task_name, [e["task"] for e in self.results]))
        return matches[-1]

    @property
    def changed_tasks(self):
        return [entry["task"] for entry in self.results if entry["result"].get("changed")]


class AnsibleRunner:
    """Writes a playbook of the given tasks for localhost and runs it from the repository root."""

    def __init__(self, workdir, base_env):
        self.workdir = Path(workdir)
        self.base_env = base_env
        self._count = 0

    def environment(self, extra=None):
        env = clean_env()
        env.update(self.base_env)
        env.update({
            "ANSIBLE_CONFIG": str(REPO_ROOT / "ansible.cfg"),
            "ANSIBLE_CALLBACK_PLUGINS": str(CALLBACK_DIR),
            "ANSIBLE_CALLBACKS_ENABLED": "result_recorder",
            "ANSIBLE_LOCALHOST_WARNING": "false",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
            "ANSIBLE_NOCOLOR": "1",
            "PATH": str(VENV_BIN) + os.pathsep + os.environ.get("PATH", ""),
        })
        env.update(extra or {})
        return env

    def run_playbook(self, playbook, check=False, diff=False, extra_vars=None, env=None, verbosity=0, args=()):
        self._count += 1
        recorder = self.workdir / ("results-%d.jsonl" % self._count)
        command = [str(VENV_BIN / "ansible-playbook"), str(playbook)] + list(args)
        if check:
            command.append("--check")
        if diff:
            command.append("--diff")
        if extra_vars:
            command += ["-e", json.dumps(extra_vars)]
        if verbosity:
            command.append("-" + "v" * verbosity)
        run_env = self.environment(env)
        run_env["RESULT_RECORDER_FILE"] = str(recorder)
        completed = subprocess.run(command, cwd=REPO_ROOT, env=run_env, capture_output=True, text=True, timeout=900)
        results = []
        if recorder.exists():
            results = [json.loads(line) for line in recorder.read_text().splitlines() if line.strip()]
        return PlaybookRun(completed, results)

    def run_tasks(self, tasks, check=False, diff=False, extra_vars=None, env=None, verbosity=0):
        playbook = {"hosts": "localhost", "gather_facts": False, "tasks": tasks}
        path = self.workdir / ("playbook-%d.yml" % (self._count + 1))
        path.write_text(json.dumps([playbook], indent=2))
        return self.run_playbook(path, check=check, diff=diff, extra_vars=extra_vars, env=env, verbosity=verbosity)

    def run_module(self, module, args, check=False, diff=False, env=None, verbosity=0):
        """Run one task of aliyun.express_connect.<module> (failures don't abort) and return its result."""
        task = {"name": "module under test", "aliyun.express_connect." + module: args, "register": "module_result",
                "ignore_errors": True}
        run = self.run_tasks([task], check=check, diff=diff, env=env, verbosity=verbosity)
        try:
            return run.result("module under test")
        except KeyError:
            raise AssertionError("ansible-playbook produced no result (rc=%s)\nstdout:\n%s\nstderr:\n%s"
                                 % (run.rc, run.stdout, run.stderr))

    def run_modules(self, specs, check=False, diff=False, env=None, verbosity=0):
        """Run one playbook of (module, args[, task keywords]) tasks of aliyun.express_connect (failures don't
        abort) and return their results in order.

        Task keywords such as ``{"check_mode": True, "diff": True}`` apply to that task only.
        """
        tasks = []
        for index, spec in enumerate(specs):
            module, args, keywords = (tuple(spec) + ({},))[:3]
            task = {"name": "task %d" % index, "aliyun.express_connect." + module: args, "ignore_errors": True}
            task.update(keywords)
            tasks.append(task)
        run = self.run_tasks(tasks, check=check, diff=diff, env=env, verbosity=verbosity)
        try:
            return [run.result(task["name"]) for task in tasks]
        except KeyError as missing:
            raise AssertionError("ansible-playbook produced no result: %s (rc=%s)\nstdout:\n%s\nstderr:\n%s"
                                 % (missing, run.rc, run.stdout, run.stderr))


def run(ansible, emulator, module, args, check=False, diff=False, env=None, verbosity=0):
    """One task of aliyun.express_connect.<module> (AnsibleRunner.run_module); returns (result, the API calls it
    made)."""
    since = len(emulator.calls())
    result = ansible.run_module(module, args, check=check, diff=diff, env=env, verbosity=verbosity)
    return result, new_calls(emulator, since)


def run_many(ansible, emulator, tasks, check=False, env=None):
    """Several tasks in one playbook (AnsibleRunner.run_modules); returns (results, the API calls they made
    together)."""
    since = len(emulator.calls())
    results = ansible.run_modules(tasks, check=check, env=env)
    return results, new_calls(emulator, since)


def assert_ok(result):
    """The recorded task result did not fail (the recorder sets ``failed`` on every result)."""
    assert result["failed"] is False, result.get("msg", result)

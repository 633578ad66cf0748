"""Run many independent cases (module tasks or role includes) in one ansible-playbook run, and attribute the
emulator's API calls to the case that made them.

Each case is preceded by a ``set_fact`` marker task that records the controller's clock; the emulator's call
log carries the time of every call, so a call belongs to the case whose window [its marker, the next marker)
holds it. Both clocks are the same machine's wall clock.
"""

import json

MARK_FACT = "__reliability_mark"
COLLECTION = "aliyun.express_connect."
ROLE = "aliyun.express_connect.interconnect"


def _marker(case_id):
    return {"name": "begin %s" % case_id,
            "ansible.builtin.set_fact": {MARK_FACT: "{{ lookup('ansible.builtin.pipe', 'date +%s.%N') }}"}}


def module_tasks(case_id, module, args, check_mode=None):
    task = {"name": "case %s" % case_id, COLLECTION + module: args, "ignore_errors": True}
    if check_mode is not None:
        task["check_mode"] = check_mode
    return [_marker(case_id), task]


def role_tasks(case_id, role_vars, check_mode=None):
    """include_role inside block/rescue: the rescue records the failure under "case <id>", a success under
    "case <id> succeeded"."""
    include = {"name": "include %s" % case_id,
               "ansible.builtin.include_role": {"name": ROLE}, "vars": role_vars}
    block = {
        "name": "block %s" % case_id,
        "block": [include, {"name": "case %s succeeded" % case_id, "ansible.builtin.debug": {"msg": "succeeded"}}],
        "rescue": [{"name": "case %s" % case_id, "ansible.builtin.debug": {
            "msg": {"failed_task": "{{ ansible_failed_task.name }}", "result": "{{ ansible_failed_result }}"}}}],
    }
    if check_mode is not None:
        block["check_mode"] = check_mode
    return [_marker(case_id), block]


def marks(run):
    """[(case_id, start_time)] in run order."""
    found = []
    for entry in run.results:
        if entry["task"].startswith("begin "):
            value = entry["result"].get("ansible_facts", {}).get(MARK_FACT)
            found.append((entry["task"][len("begin "):], float(value)))
    return found


def _windows(run):
    found = marks(run)
    ends = [start for _case, start in found[1:]] + [float("inf")]
    return [(case_id, start, end) for (case_id, start), end in zip(found, ends)]


def _scalars(value):
    if isinstance(value, dict):
        return set().union(*[_scalars(v) for v in value.values()]) if value else set()
    if isinstance(value, (list, tuple)):
        return set().union(*[_scalars(v) for v in value]) if value else set()
    return {str(value)}


def attribute_calls(runs, calls, case_args=None):
    """{case_id: [calls made while that case ran]}.

    ``runs`` is one PlaybookRun or several that ran at the same time. A call made while cases of parallel runs
    were all running goes to the case(s) whose arguments (``case_args``: {case_id: args}) share the most values
    with the call's parameters.
    """
    if not isinstance(runs, (list, tuple)):
        runs = [runs]
    windows = [window for run in runs for window in _windows(run)]
    attributed = {case_id: [] for case_id, _start, _end in windows}
    for call in calls:
        owners = [case_id for case_id, start, end in windows if start - 0.005 <= call["time"] < end]
        if len(owners) > 1 and case_args:
            values = _scalars(call.get("params") or {})
            scores = {owner: len(values & _scalars(case_args.get(owner, {}))) for owner in owners}
            best = max(scores.values())
            owners = [owner for owner in owners if scores[owner] == best]
        for owner in owners:
            attributed[owner].append(call)
    return attributed


def entry(run, task_name):
    """The last recorded entry (task, status, result) of the task with this name."""
    matches = [e for e in run.results if e["task"] == task_name]
    if not matches:
        raise KeyError("no result for task %r (rc %s)\n%s\n%s" % (task_name, run.rc, run.stdout[-3000:],
                                                                 run.stderr[-2000:]))
    return matches[-1]


def role_case_result(run, case_id):
    """(failed, result dict) of a role case: the failed task's result, or the success marker."""
    names = {entry["task"] for entry in run.results}
    if "case %s" % case_id in names:
        message = run.result("case %s" % case_id).get("msg") or {}
        if isinstance(message, str):
            try:
                message = json.loads(message)
            except ValueError:
                message = {"result": {"msg": message}}
        result = dict(message.get("result") or {})
        result["failed_task"] = message.get("failed_task")
        return True, result
    if "case %s succeeded" % case_id in names:
        return False, run.result("case %s succeeded" % case_id)
    return None, {}

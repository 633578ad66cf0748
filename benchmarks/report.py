"""Targets of issues 6 and 22 (PASS/GAP) and the markdown report of a benchmark run."""

MIN_DELAY, DELAY_RATIO, MAX_DELAY = 0.5, 0.2, 30.0  # the waiter's schedule in the team contract


def contract_polls(duration):
    """Polls the contract's schedule needs to reach `duration` (sleep first, delay = 0.2 x elapsed, >= 0.5 s)."""
    elapsed, polls = 0.0, 0
    while True:
        elapsed += min(MAX_DELAY, max(MIN_DELAY, DELAY_RATIO * elapsed))
        polls += 1
        if elapsed >= duration:
            return polls


def targets(scale, result, task_overhead):
    """[(name, verdict, detail)] for one latency scale."""
    tutorial, role, rerun, floor = result["tutorial"], result["role"], result["rerun"], result["floor"]
    checks = []
    if scale == 1.0:
        ratio = _total(role) / _total(tutorial)
        checks.append(("role wall <= 0.6 x tutorial", ratio <= 0.6, "%.2f x" % ratio))
        checks.append(("role API calls <= tutorial", role["calls"]["total"] <= tutorial["calls"]["total"],
                       "%d vs %d" % (role["calls"]["total"], tutorial["calls"]["total"])))
    for phase in ("build", "teardown"):
        fixed = task_overhead["playbook_start"] + task_overhead["per_task"] * role["tasks"][phase]
        limit = 1.3 * floor[phase]["seconds"] + fixed
        checks.append(("role %s <= 1.3 x floor + fixed overhead" % phase, role[phase] <= limit,
                       "%.1f s vs limit %.1f s (floor %.1f, overhead %.1f)"
                       % (role[phase], limit, floor[phase]["seconds"], fixed)))
    checks.append(_no_op_check("no-op re-run", rerun))
    waited = [w for w in role["waits"] if w["waited"]]
    not_waited = len(role["waits"]) - len(waited)
    late = [w for w in waited if w["late"] > 0.2 * w["duration"] + 0.5]
    checks.append(("waiter notices within 20% + 0.5 s", not late and bool(waited),
                   "worst %s%s" % (_worst(waited), "; %d transitions not waited for" % not_waited if not_waited else "")))
    many = [w for w in waited if w["polls"] > contract_polls(w["duration"]) + 1]
    checks.append(("waiter polls O(log) (<= contract schedule + 1)", not many and bool(waited),
                   "max %d polls" % max((w["polls"] for w in waited), default=0)))
    checks += _two_line_checks(role, result["two_lines"], result["two_lines_rerun"])
    return [{"target": name, "verdict": "PASS" if ok else "GAP", "detail": detail} for name, ok, detail in checks]


def _no_op_check(name, rerun):
    return ("%s: zero mutating calls" % name, rerun["calls"]["mutating"] == 0 and not rerun["changed_tasks"],
            "%d mutating, %d changed tasks" % (rerun["calls"]["mutating"], rerun["changed_tasks"]))


def _two_line_checks(role, two, rerun):
    """Issue 22: two lines against one, in the same run."""
    ratio = _total(two) / _total(role)
    calls = two["calls"]["total"] / role["calls"]["total"]
    return [("two lines build + teardown wall <= 1.25 x one line", ratio <= 1.25,
             "%.2f x (%.1f s vs %.1f s)" % (ratio, _total(two), _total(role))),
            ("two lines API calls <= 2.1 x one line", calls <= 2.1,
             "%.2f x (%d vs %d)" % (calls, two["calls"]["total"], role["calls"]["total"])),
            _no_op_check("two lines no-op re-run", rerun),
            ("two lines no-op re-run: <= 1 describe per resource", rerun["describes_per_resource"] <= 1,
             "%d describes for %d resources (%.1f)"
             % (rerun["calls"]["describe"], rerun["resources"], rerun["describes_per_resource"]))]


def _total(contender):
    return contender["build"] + contender["teardown"]


def _worst(waits):
    if not waits:
        return "(no waits seen)"
    worst = max(waits, key=lambda w: w["late"] - 0.2 * w["duration"])
    return "%s %.2f s late on a %.1f s transition" % (worst["action"], worst["late"], worst["duration"])


def markdown(results):
    m = results["machine"]
    lines = ["Machine: %d CPUs (%s), %.1f GiB RAM, Python %s, ansible-core %s; load average %.1f at the start; "
             "commit %s" % (m["nproc"], m["cpu"], m["memory_gib"], m["python"], m["ansible_core"], m["load_average"],
                            m["commit"]), ""]
    for scale, r in results["scales"].items():
        lines += _scale_section(scale, r, results["overhead"])
    o, s = results["overhead"], results["startup"]
    lines += ["### Fixed costs", "",
              "- ansible-playbook start-up (empty playbook): %.2f s; per no-op module task: %.3f s (%s)"
              % (o["playbook_start"], o["per_task"], ", ".join("%s tasks %.1f s" % kv for kv in o["wall_by_tasks"].items())),
              "- module start-up in a fresh interpreter (python itself %.3f s): " % s["python_start"]
              + ", ".join("%s import %.3f s + client %.3f s" % (name, v["module_import"], v["client"])
                          for name, v in s["modules"].items()),
              "- heaviest imports of one module: " + ", ".join("%s %.0f ms" % (i["package"], i["ms"])
                                                              for i in s["top_imports"]), ""]
    return "\n".join(lines)


def _scale_section(scale, r, task_overhead):
    t, role, rerun, f = r["tutorial"], r["role"], r["rerun"], r["floor"]
    two, two_rerun = r["two_lines"], r["two_lines_rerun"]
    fb, ft = f["build"]["seconds"], f["teardown"]["seconds"]
    lines = ["### Latency scale %s" % scale, "",
             "| contender | build s (waiting) | teardown s (waiting) | total s | API calls (build + teardown) "
             "| mutating | describe |",
             "|---|---:|---:|---:|---:|---:|---:|",
             _row("tutorial SDK script", t), _row("role (ansible-playbook)", role),
             _row("role, two lines (ECMP, health checks)", two),
             "| floor (critical path, one line) | %.1f | %.1f | %.1f | | | |" % (fb, ft, fb + ft),
             _rerun_row("role no-op re-run", rerun), _rerun_row("role, two lines, no-op re-run", two_rerun),
             "",
             "Ratios: role/tutorial %.2f (build %.2f, teardown %.2f); role/floor build %.2f, teardown %.2f. "
             "Role tasks run: build %d, teardown %d. Re-run: %.1f describe calls per resource (%d resources)."
             % (_total(role) / _total(t), role["build"] / t["build"], role["teardown"] / t["teardown"],
                role["build"] / fb if fb else 0, role["teardown"] / ft if ft else 0,
                role["tasks"]["build"], role["tasks"]["teardown"], rerun["describes_per_resource"],
                rerun["resources"]),
             "",
             "Two lines / one line: wall %.2f (build %.2f, teardown %.2f), API calls %.2f (mutating %d vs %d). "
             "Two-line tasks run: build %d, teardown %d. Two-line re-run: %.1f describe calls per resource "
             "(%d resources: per line the VBR, its 2 interfaces and its VBR's routes; the VPC's routes, one ECMP entry "
             "per destination; a health check is a field of its acceptor, not counted)."
             % (_total(two) / _total(role), two["build"] / role["build"], two["teardown"] / role["teardown"],
                two["calls"]["total"] / role["calls"]["total"], two["calls"]["mutating"], role["calls"]["mutating"],
                two["tasks"]["build"], two["tasks"]["teardown"], two_rerun["describes_per_resource"],
                two_rerun["resources"]),
             "",
             "Floor paths: build %s; teardown %s." % (" → ".join(f["build"]["path"]), " → ".join(f["teardown"]["path"])),
             ""]
    start = task_overhead["playbook_start"]
    lines += ["Role time not spent waiting, less the playbook start-up (%.1f s), per task run: build %.2f s, "
              "teardown %.2f s (a no-op task costs %.2f s)."
              % (start, (role["build"] - role["build_waiting"] - start) / role["tasks"]["build"],
                 (role["teardown"] - role["teardown_waiting"] - start) / role["tasks"]["teardown"],
                 task_overhead["per_task"]), ""]
    columns = [t["calls"], role["calls"], two["calls"], rerun["calls"], two_rerun["calls"]]
    lines += ["| action | tutorial | role | two lines | role re-run | two lines re-run |",
              "|---|---:|---:|---:|---:|---:|"]
    actions = sorted(set().union(*(c["per_action"] for c in columns)))
    lines += ["| %s | %s |" % (a, " | ".join(str(c["per_action"].get(a, 0)) for c in columns)) for a in actions]
    lines += ["", "| wait | duration s | tutorial polls / late s | role polls / late s |", "|---|---:|---:|---:|"]
    for tw, rw in _pair_waits(t["waits"], role["waits"]):
        w = tw or rw
        lines.append("| %s | %.1f | %s | %s |" % (w["action"], w["duration"], _poll(tw), _poll(rw)))
    lines += ["", "| target | verdict | detail |", "|---|---|---|"]
    lines += ["| %s | **%s** | %s |" % (c["target"], c["verdict"], c["detail"]) for c in r["targets"]]
    return lines + [""]


def _row(name, c):
    return "| %s | %.1f (%.1f) | %.1f (%.1f) | %.1f | %d (%d + %d) | %d | %d |" % (
        name, c["build"], c["build_waiting"], c["teardown"], c["teardown_waiting"], c["build"] + c["teardown"],
        c["calls"]["total"], c["build_calls"], c["teardown_calls"], c["calls"]["mutating"], c["calls"]["describe"])


def _rerun_row(name, rerun):
    return "| %s | %.1f | | | %d | %d | %d |" % (
        name, rerun["wall"], rerun["calls"]["total"], rerun["calls"]["mutating"], rerun["calls"]["describe"])


def _poll(wait):
    if not wait:
        return "–"
    return "%d / %.2f%s" % (wait["polls"], wait["late"], "" if wait["waited"] else " (not waited for)")


def _pair_waits(tutorial, role):
    """Line the two contenders' waits up by action, in the order they happened."""
    pairs = []
    for action in dict.fromkeys(w["action"] for w in tutorial + role):
        tw = [w for w in tutorial if w["action"] == action]
        rw = [w for w in role if w["action"] == action]
        pairs += [(tw[i] if i < len(tw) else None, rw[i] if i < len(rw) else None)
                  for i in range(max(len(tw), len(rw)))]
    return pairs

# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only callback: appends every task result as one JSON line to $RESULT_RECORDER_FILE,
so that tests assert on structured results instead of parsing human output."""

from __future__ import annotations

import json
import os

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
name: result_recorder
type: aggregate
short_description: Record task results as JSON lines for the test suite
description: Writes one JSON object per task result to the file named by RESULT_RECORDER_FILE.
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "result_recorder"
    CALLBACK_NEEDS_ENABLED = True

    def _record(self, result, status):
        path = os.environ.get("RESULT_RECORDER_FILE")
        if not path:
            return
        # ansible-core 2.19 leaves "failed" out of the result callbacks see (the event says it),
        # so it is put back here once for every test that reads results.
        outcome = dict(result.result, failed=status == "failed")
        entry = {
            "task": result.task_name,
            "host": result.host.get_name(),
            "status": status,
            "result": outcome,
        }
        with open(path, "a", encoding="utf-8") as stream:
            stream.write(json.dumps(entry, default=str) + "\n")

    def v2_runner_on_ok(self, result):
        self._record(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, "failed")

    def v2_runner_on_skipped(self, result):
        self._record(result, "skipped")

    def v2_runner_on_unreachable(self, result):
        self._record(result, "unreachable")

"""Action plugin: the pre-connection gate for one unit, in one call to the netwarden core."""

from __future__ import annotations

import os
import sys
from typing import Any

sys.path.insert(0, os.path.dirname(__file__))
from _netwarden_common import Outcome, ReportAction


class ActionModule(ReportAction):
    def report(self, args: dict[str, Any], inventory: str, task_vars: dict[str, Any]) -> Outcome:
        return self.core.preconnect(args["unit"], inventory, set(args["skip"] or []), args["lab_workdir"],
                                    baseline=args["baseline"], **self.core_opts(args))

    def extra(self, report: Any, args: dict[str, Any]) -> dict[str, Any]:
        verdict = report.verdict
        return {"changed": False, "verdict": verdict, "stages": report.extra["stages"],
                "msg": f"unit {args['unit']}: {verdict}"}

    def failed(self, rc: int, args: dict[str, Any]) -> bool:
        """The gate passes or the task fails: incomplete (a skipped stage) is not a pass."""
        return rc != 0

"""Action plugin: netwarden apply over the play's hosts in one call to the netwarden core."""

from __future__ import annotations

import os
import sys
from typing import Any

sys.path.insert(0, os.path.dirname(__file__))
from _netwarden_common import Outcome, ReportAction


class ActionModule(ReportAction):
    def report(self, args: dict[str, Any], inventory: str, task_vars: dict[str, Any]) -> Outcome:
        from netwarden.ops import service

        report = service.run("apply", inventory, limit=self.play_hosts(args["hosts"], task_vars),
                             workers=args["workers"], lab_workdir=args["lab_workdir"],
                             commit=not self._task.check_mode and bool(args["commit"]),
                             confirm_timeout=int(args["confirm_timeout"]), progress=False,
                             baseline=args["baseline"], **self.core_opts(args))
        changed = report.extra.get("changed", [])
        extra: dict[str, Any] = {"changed": bool(changed), "changed_devices": changed}
        if self._task.diff and report.diffs:
            extra["diff"] = [{"before_header": f"{h} running", "after_header": f"{h} intended", "prepared": d}
                             for h, d in sorted(report.diffs.items())]
        return report, service.exit_code(report), extra

    def failed(self, rc: int, args: dict[str, Any]) -> bool:
        """Only an error fails: 2 is a dry run with changes pending, the answer to --check."""
        return rc == 1

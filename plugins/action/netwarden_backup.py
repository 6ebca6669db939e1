"""Action plugin: netwarden backup over the play's hosts in one call to the netwarden core."""

from __future__ import annotations

import os
import sys
from typing import Any

sys.path.insert(0, os.path.dirname(__file__))
from _netwarden_common import Outcome, ReportAction


class ActionModule(ReportAction):
    def report(self, args: dict[str, Any], inventory: str, task_vars: dict[str, Any]) -> Outcome:
        from pathlib import Path

        from netwarden.ops import service

        report = service.run("backup", inventory, limit=self.play_hosts(args["hosts"], task_vars),
                             workers=args["workers"], lab_workdir=args["lab_workdir"],
                             targets=[Path(p) for p in args["to"]], progress=False,
                             baseline=args["baseline"], **self.core_opts(args))
        return report, service.exit_code(report), {"changed": bool(report.extra.get("commits"))}

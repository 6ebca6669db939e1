"""Action plugin: netwarden apply over the play's hosts in one call to the netwarden core."""

from __future__ import annotations

import os
import sys
from typing import Any

sys.path.insert(0, os.path.dirname(__file__))
from _netwarden_common import OpsAction


class ActionModule(OpsAction):
    JOB = "apply"

    def job_options(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"commit": not self._task.check_mode and bool(args["commit"]),
                "confirm_timeout": int(args["confirm_timeout"])}

    def extra(self, report: Any, args: dict[str, Any]) -> dict[str, Any]:
        changed = report.changed
        extra: dict[str, Any] = {"changed": bool(changed), "changed_devices": changed}
        if self._task.diff and report.diffs:
            extra["diff"] = [{"before_header": f"{h} running", "after_header": f"{h} intended", "prepared": d}
                             for h, d in sorted(report.diffs.items())]
        return extra

    def failed(self, rc: int, args: dict[str, Any]) -> bool:
        """Only an error fails: 2 is a dry run with changes pending, the answer to --check."""
        return rc == 1

"""Action plugin: netwarden backup over the play's hosts in one call to the netwarden core."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, os.path.dirname(__file__))
from _netwarden_common import OpsAction


class ActionModule(OpsAction):
    JOB = "backup"

    def job_options(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"targets": [Path(p) for p in args["to"]]}

    def extra(self, report: Any, args: dict[str, Any]) -> dict[str, Any]:
        return {"changed": bool(report.commits)}

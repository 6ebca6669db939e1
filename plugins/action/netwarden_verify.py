"""Action plugin: netwarden verify over the play's hosts in one call to the netwarden core."""

from __future__ import annotations

import os
import sys
from typing import Any

sys.path.insert(0, os.path.dirname(__file__))
from _netwarden_common import Outcome, ReportAction


class ActionModule(ReportAction):
    def report(self, args: dict[str, Any], inventory: str, task_vars: dict[str, Any]) -> Outcome:
        return self.core.verify(inventory, args["configs"], limit=self.play_hosts(args["hosts"], task_vars),
                                baseline=args["baseline"], **self.core_opts(args))

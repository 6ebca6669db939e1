"""Action plugin: netwarden verify over the play's hosts in one call to the netwarden core."""

from __future__ import annotations

import os
import sys
from typing import Any

sys.path.insert(0, os.path.dirname(__file__))
from _netwarden_common import load_opts, report_action_base


class ActionModule(report_action_base()):  # type: ignore[misc]
    FAIL_ON_FINDINGS = True

    def _job(self, inventory: str, hosts: Any, args: dict[str, Any]) -> tuple[Any, int, dict[str, Any]]:
        from netwarden import api

        report = api.verify(inventory, args.get("configs"), limit=hosts, **load_opts(args))
        return report, report.exit_code(), {"changed": False}

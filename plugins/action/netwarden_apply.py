"""Action plugin: netwarden apply over the play's hosts in one call to the netwarden core."""

from __future__ import annotations

import os
import sys
from typing import Any

sys.path.insert(0, os.path.dirname(__file__))
from _netwarden_common import load_opts, report_action_base


class ActionModule(report_action_base()):  # type: ignore[misc]
    FAIL_ON_FINDINGS = False

    def _job(self, inventory: str, hosts: Any, args: dict[str, Any]) -> tuple[Any, int, dict[str, Any]]:
        from netwarden.ops import service

        check = bool(self._task.check_mode)
        report = service.run("apply", inventory, limit=hosts, workers=args.get("workers"),
                             lab_workdir=args.get("lab_workdir"), commit=not check and bool(args.get("commit", True)),
                             confirm_timeout=int(args.get("confirm_timeout", 120)), progress=False,
                             **load_opts(args))
        changed = report.extra.get("changed", [])
        extra: dict[str, Any] = {"changed": bool(changed), "changed_devices": changed}
        if self._task.diff and report.diffs:
            extra["diff"] = [{"before_header": f"{h} running", "after_header": f"{h} intended", "prepared": d}
                             for h, d in sorted(report.diffs.items())]
        return report, service.exit_code(report), extra

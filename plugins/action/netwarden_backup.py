"""Action plugin: netwarden backup over the play's hosts in one call to the netwarden core."""

from __future__ import annotations

import os
import sys
from typing import Any

from ansible.plugins.action import ActionBase

sys.path.insert(0, os.path.dirname(__file__))
from _netwarden_common import inventory_source, load_opts, report_result


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False
    FAIL_ON_FINDINGS = True

    def run(self, tmp: str | None = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        from netwarden.errors import InputError, NetwardenError

        result = super().run(tmp, task_vars)
        task_vars = task_vars or {}
        args = dict(self._task.args)
        hosts = args.get("hosts") or task_vars.get("ansible_play_hosts_all") or None
        inventory = inventory_source(task_vars, args.get("inventory"))
        try:
            report, rc, extra = self._job(inventory, hosts, args)
        except InputError as e:
            return {**result, "failed": True, "msg": e.render()}
        except (NetwardenError, ValueError) as e:
            return {**result, "failed": True, "msg": f"netwarden: {e}"}
        out = {**result, **report_result(report, rc, args), **extra}
        out["failed"] = rc == 1 or (rc == 2 and bool(args.get("fail_on_findings", True)) and self.FAIL_ON_FINDINGS)
        out["msg"] = out["summary"]
        return out

    def _job(self, inventory: str, hosts: Any, args: dict[str, Any]) -> tuple[Any, int, dict[str, Any]]:
        from pathlib import Path

        from netwarden.ops import service

        report = service.run("backup", inventory, limit=hosts, workers=args.get("workers"),
                             lab_workdir=args.get("lab_workdir"), targets=[Path(p) for p in args["to"]],
                             progress=False, **load_opts(args))
        return report, service.exit_code(report), {"changed": bool(report.extra.get("commits"))}

"""Action plugin: the pre-connection gate for one unit, in one call to the netwarden core."""

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

    def run(self, tmp: str | None = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        from netwarden.errors import InputError, NetwardenError
        from netwarden.gate.preconnect import exit_code, preconnect

        result = super().run(tmp, task_vars)
        task_vars = task_vars or {}
        args = dict(self._task.args)
        try:
            skip = set(args.get("skip") or [])
            report = preconnect(args["unit"], inventory_source(task_vars, args.get("inventory")), skip,
                                args.get("lab_workdir"), **load_opts(args))
        except InputError as e:
            return {**result, "failed": True, "msg": e.render()}
        except (NetwardenError, ValueError, KeyError) as e:
            return {**result, "failed": True, "msg": f"netwarden: {e}"}
        rc = exit_code(report)
        out = {**result, **report_result(report, rc, args), "changed": False,
               "verdict": report.extra.get("verdict"), "stages": report.extra.get("stages")}
        out["failed"] = rc != 0
        out["msg"] = f"unit {args['unit']}: {report.extra.get('verdict')}"
        return out

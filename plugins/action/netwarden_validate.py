"""Action plugin: validate the whole inventory in one call to the netwarden core."""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import Any

from ansible.plugins.action import ActionBase

sys.path.insert(0, os.path.dirname(__file__))
from _netwarden_common import inventory_source, vault_file


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp: str | None = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        from netwarden import api
        from netwarden.errors import InputError, NetwardenError

        result = super().run(tmp, task_vars)
        task_vars = task_vars or {}
        args = self._task.args
        try:
            today = dt.date.fromisoformat(args["today"]) if args.get("today") else None
            s = api.validate(inventory_source(task_vars, args.get("inventory")),
                             vault_password_file=vault_file(args.get("vault_password_file")), today=today,
                             baseline=args.get("baseline"))
        except InputError as e:
            return {**result, "failed": True, "msg": e.render(), "problems": [str(p) for p in e.problems]}
        except (NetwardenError, ValueError) as e:
            return {**result, "failed": True, "msg": f"netwarden: {e}"}
        return {**result, "changed": False, "summary": s, "msg": f"valid: {s['devices']} devices"}

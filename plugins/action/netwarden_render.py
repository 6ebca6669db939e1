"""Action plugin: render every play host's config in one call to the netwarden core."""

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
            hosts = args.get("hosts") or task_vars.get("ansible_play_hosts_all") or None
            r = api.render(
                inventory_source(task_vars, args.get("inventory")),
                args["output"],
                limit=hosts,
                vault_password_file=vault_file(args.get("vault_password_file")),
                today=today,
                baseline=args.get("baseline"),
            )
        except InputError as e:
            return {**result, "failed": True, "msg": e.render()}
        except (NetwardenError, ValueError, KeyError) as e:
            return {**result, "failed": True, "msg": f"netwarden: {e}"}
        return {**result, "changed": True, "output": r.output, "devices": r.devices,
                "baseline_version": r.baseline_version,
                "msg": f"rendered {len(r.devices)} configs to {r.output}"}

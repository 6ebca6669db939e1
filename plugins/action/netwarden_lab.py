"""Action plugin: build, inspect, probe or remove the inventory's namespace lab (netwarden core)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import Any

from ansible.plugins.action import ActionBase

sys.path.insert(0, os.path.dirname(__file__))
from _netwarden_common import inventory_source, vault_file

STATES = ("up", "down", "status", "probe")


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp: str | None = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        from netwarden.errors import InputError, NetwardenError
        from netwarden.lab import service

        result = super().run(tmp, task_vars)
        task_vars = task_vars or {}
        args = self._task.args
        state = args.get("state", "status")
        if state not in STATES:
            return {**result, "failed": True, "msg": f"netwarden: state must be one of {', '.join(STATES)}"}
        try:
            today = dt.date.fromisoformat(args["today"]) if args.get("today") else None
            kw: dict[str, Any] = {"workdir": args.get("workdir") or None, "name": args.get("name") or "nw",
                                  "vault_password_file": vault_file(args.get("vault_password_file")),
                                  "today": today}
            inventory = inventory_source(task_vars, args.get("inventory"))
            if state == "up":
                spec, before = service.lab_status(inventory, **kw)
                spec, health = service.lab_up(inventory, wait=float(args.get("wait") or 60), **kw)
                out = {"changed": not before.ok, "healthy": health.ok, "lab": health.to_dict(spec),
                       "msg": f"lab {spec.name}: {'healthy' if health.ok else 'NOT healthy'} "
                              f"after {health.elapsed:.1f}s"}
                if not health.ok:
                    out.update(failed=True, msg=out["msg"] + ": " + "; ".join(health.problems()))
            elif state == "down":
                workdir = service.lab_down(inventory, **kw)
                out = {"changed": True, "workdir": str(workdir), "msg": f"lab removed ({workdir})"}
            elif state == "status":
                spec, health = service.lab_status(inventory, **kw)
                out = {"changed": False, "healthy": health.ok, "lab": health.to_dict(spec),
                       "msg": f"lab {spec.name}: {'healthy' if health.ok else 'NOT healthy'}"}
            else:
                report = service.lab_probe(inventory, **kw)
                bad = len(report.unexpected)
                out = {"changed": False, "report": report.to_dict(),
                       "msg": f"{len(report.results)} probes, {bad} unexpected"}
                if bad and args.get("fail_on_unexpected", True):
                    out.update(failed=True, msg=out["msg"] + ": " + "; ".join(
                        f"{r.flow.name} {r.flow.src}->{r.flow.dst} must {r.flow.expected}" for r in report.unexpected))
        except InputError as e:
            return {**result, "failed": True, "msg": e.render()}
        except (NetwardenError, ValueError, KeyError) as e:
            return {**result, "failed": True, "msg": f"netwarden: {e}"}
        return {**result, **out}

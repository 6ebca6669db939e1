"""Action plugin: build, inspect, probe or remove the inventory's namespace lab (netwarden core)."""

from __future__ import annotations

import os
import sys
from typing import Any

sys.path.insert(0, os.path.dirname(__file__))
from _netwarden_common import NetwardenAction


class ActionModule(NetwardenAction):
    def job(self, args: dict[str, Any], inventory: str, task_vars: dict[str, Any]) -> dict[str, Any]:
        kw: dict[str, Any] = {"workdir": args["workdir"] or None, "name": args["name"] or "nw", **self.core_opts(args)}
        state = args["state"]
        if state == "up":
            spec, before = self.core.lab("status", inventory, **kw)
            spec, health = self.core.lab("up", inventory, wait=float(args["wait"] or 60), **kw)
            out = {"changed": not before.ok, "healthy": health.ok, "lab": health.to_dict(spec),
                   "msg": f"lab {spec.name}: {'healthy' if health.ok else 'NOT healthy'} after {health.elapsed:.1f}s"}
            if not health.ok:
                out.update(failed=True, msg=out["msg"] + ": " + "; ".join(health.problems()))
            return out
        if state == "down":
            workdir = self.core.lab("down", inventory, **kw)
            return {"changed": True, "workdir": str(workdir), "msg": f"lab removed ({workdir})"}
        if state == "status":
            spec, health = self.core.lab("status", inventory, **kw)
            return {"changed": False, "healthy": health.ok, "lab": health.to_dict(spec),
                    "msg": f"lab {spec.name}: {'healthy' if health.ok else 'NOT healthy'}"}
        report = self.core.lab("probe", inventory, **kw)
        bad = report.unexpected
        out = {"changed": False, "report": report.to_dict(),
               "msg": f"{len(report.results)} probes, {len(bad)} unexpected"}
        if bad and args["fail_on_unexpected"]:
            out.update(failed=True, msg=out["msg"] + ": " + "; ".join(
                f"{r.flow.name} {r.flow.src}->{r.flow.dst} must {r.flow.expected}" for r in bad))
        return out

"""Action plugin: render every play host's config in one call to the netwarden core."""

from __future__ import annotations

import os
import sys
from typing import Any

sys.path.insert(0, os.path.dirname(__file__))
from _netwarden_common import NetwardenAction


class ActionModule(NetwardenAction):
    def job(self, args: dict[str, Any], inventory: str, task_vars: dict[str, Any]) -> dict[str, Any]:
        r = self.core.render(inventory, args["output"], limit=self.play_hosts(args["hosts"], task_vars),
                             baseline=args["baseline"], **self.core_opts(args))
        return {"changed": True, "output": r.output, "devices": r.devices, "baseline_version": r.baseline_version,
                "msg": f"rendered {len(r.devices)} configs to {r.output}"}

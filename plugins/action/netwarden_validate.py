"""Action plugin: validate the whole inventory in one call to the netwarden core."""

from __future__ import annotations

import os
import sys
from typing import Any

sys.path.insert(0, os.path.dirname(__file__))
from _netwarden_common import NetwardenAction


class ActionModule(NetwardenAction):
    def job(self, args: dict[str, Any], inventory: str, task_vars: dict[str, Any]) -> dict[str, Any]:
        s = self.core.validate(inventory, baseline=args["baseline"], **self.core_opts(args))
        return {"changed": False, "summary": s, "msg": f"valid: {s['devices']} devices"}

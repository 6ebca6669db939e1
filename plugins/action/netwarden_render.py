"""Action plugin: render every play host's config in one call to the netwarden core.

changed only when a device's config differs from the output's manifest (sha256); under --check the render
goes to a private temporary directory (proving the configs render and round-trip) and the output is not
touched."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from typing import Any

sys.path.insert(0, os.path.dirname(__file__))
from _netwarden_common import NetwardenAction


class ActionModule(NetwardenAction):
    def job(self, args: dict[str, Any], inventory: str, task_vars: dict[str, Any]) -> dict[str, Any]:
        before = self.core.manifest_digests(args["output"])
        check = bool(self._task.check_mode)
        scratch = tempfile.mkdtemp(prefix="netwarden-check-") if check else None
        try:
            r = self.core.render(
                inventory,
                os.path.join(scratch, "configs") if scratch else args["output"],
                limit=self.play_hosts(args["hosts"], task_vars),
                baseline=args["baseline"],
                **self.core_opts(args),
            )
        finally:
            if scratch:
                shutil.rmtree(scratch, ignore_errors=True)
        changed = sorted(d["device"] for d in r.devices if before.get(d["device"]) != d["sha256"])
        what = "would render" if check else "rendered"
        return {
            "changed": bool(changed),
            "changed_devices": changed,
            "output": args["output"],
            "devices": r.devices,
            "baseline_version": r.baseline_version,
            "msg": f"{what} {len(r.devices)} configs to {args['output']} ({len(changed)} changed)",
        }

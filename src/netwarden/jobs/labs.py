"""`netwarden lab up|down|status|probe`: the inventory's namespace lab (docs/lab.md), as a job whose result
owns its exit code: 0 healthy / every probe as expected, 2 a probe observed what the policy forbids or
missed what it allows, 1 not healthy (and errors)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from netwarden.jobs.base import Inputs
from netwarden.verify.findings import Exit


@dataclass(frozen=True)
class LabRequest(Inputs):
    action: Literal["up", "down", "status", "probe"] = "status"
    workdir: str | Path | None = None
    name: str = "nw"
    wait: float = 60.0


@dataclass
class LabResult:
    action: str
    spec: Any = None  # LabSpec (up, status)
    health: Any = None  # LabHealth (up, status)
    probes: Any = None  # ProbeReport (probe)
    workdir: str = ""  # down: what was removed

    def exit_code(self) -> Exit:
        if self.action == "probe":
            return Exit.CLEAN if self.probes.ok else Exit.FINDINGS
        if self.action == "down":
            return Exit.CLEAN
        return Exit.CLEAN if self.health.ok else Exit.ERROR


def lab(req: LabRequest) -> LabResult:
    from netwarden.lab import service

    kw: dict[str, Any] = {"workdir": req.workdir, "name": req.name, "vault_password_file": req.vault_password_file,
                          "today": req.today, "loader": req.loader}
    if req.action == "up":
        spec, health = service.lab_up(req.inventory, wait=req.wait, **kw)
        return LabResult("up", spec, health)
    if req.action == "status":
        spec, health = service.lab_status(req.inventory, **kw)
        return LabResult("status", spec, health)
    if req.action == "probe":
        return LabResult("probe", probes=service.lab_probe(req.inventory, **kw))
    return LabResult("down", workdir=str(service.lab_down(req.inventory, **kw)))

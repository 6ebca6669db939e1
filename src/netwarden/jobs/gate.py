"""`netwarden preconnect UNIT`: the inventory, static, live and data-plane stages in order, and a verdict
with every failed check mapped to its rule and article. A skipped stage never counts as passed: the
verdict is then "incomplete", which is not a pass. The inventory is loaded once and the intended configs
rendered once, for the static stage (the whole network) and the live stage (the unit's devices)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from netwarden.errors import NetwardenError
from netwarden.gate import preconnect as stages_mod
from netwarden.gate.preconnect import STAGES
from netwarden.jobs.base import Inputs, expired_approval, load
from netwarden.jobs.intent import Intended
from netwarden.jobs.recorded import recorded
from netwarden.progress import phase
from netwarden.report.meta import stamped
from netwarden.verify.context import unit_info
from netwarden.verify.findings import GateReport, Stage


@dataclass(frozen=True)
class PreconnectRequest(Inputs):
    unit: str = ""
    skip: frozenset[str] = field(default_factory=frozenset)  # stages not to run (never counted as passed)
    lab_workdir: str | Path | None = None


@recorded("preconnect")
@stamped
def preconnect(req: PreconnectRequest) -> GateReport:
    bad = set(req.skip) - set(STAGES)
    if bad:
        raise NetwardenError(f"--skip: unknown stage {', '.join(sorted(bad))} (stages: {', '.join(STAGES)})")
    with phase(f"preconnect: loading {req.inventory}"):
        ld = load(req, tolerate=expired_approval)  # the unit's own expiries are UNIT-002 findings
    net, baseline, unit = ld.network, ld.baseline, req.unit
    if unit not in net.units:
        raise NetwardenError(f"unit {unit!r} is not in the inventory (units: {', '.join(sorted(net.units))})")
    u = net.units[unit]
    devices = sorted(h for h, d in net.devices.items() if d.unit == unit)
    report = GateReport("preconnect", baseline.version, f"{u.name} ({unit})")
    report.units[unit] = unit_info(net, unit)
    for h in devices:
        report.devices[h] = unit
    stages = [Stage(n) for n in STAGES]
    by = {s.stage: s for s in stages}
    rendered: list[Intended] = []

    def intended() -> Intended:  # rendered once, when the first stage that needs it runs
        if not rendered:
            rendered.append(Intended.render(ld, sorted(net.devices)))
        return rendered[0]

    def run(stage: Stage, fn: Callable[[Stage], None]) -> None:
        if stage.stage in req.skip:
            stage.status, stage.detail = "skipped", "skipped on request (--skip): not checked"
            return
        before = len(report.failures)
        try:
            with phase(f"preconnect {unit}: {stage.stage} stage"):
                fn(stage)
        except NetwardenError as e:
            stage.status, stage.detail = "error", str(e)
            return
        if stage.status == "pending":
            new = len(report.failures) - before
            stage.status = "failed" if new else "passed"
            stage.detail = stage.detail or (f"{new} finding(s)" if new else "all checks passed")

    run(by["inventory"], lambda s: stages_mod.inventory_stage(net, baseline, unit, devices, list(ld.tolerated),
                                                              report, s))
    run(by["static"], lambda s: stages_mod.static_stage(net, baseline, devices, intended().texts, report, s))
    run(by["live"], lambda s: stages_mod.live_stage(req.inventory, net, baseline, devices, intended(),
                                                    req.lab_workdir, report, s))
    run(by["dataplane"], lambda s: stages_mod.dataplane_stage(req.inventory, net, baseline, unit, req.lab_workdir,
                                                              report, s))

    statuses = [s.status for s in stages]
    if "error" in statuses:
        report.verdict = "error"
        report.errors += [f"stage {s.stage}: {s.detail}" for s in stages if s.status == "error"]
    elif "failed" in statuses:
        report.verdict = "fail"
    elif "skipped" in statuses:
        report.verdict = "incomplete"
    else:
        report.verdict = "pass"
    report.stages = stages
    report.unit = {"id": unit, "name": u.name, "level": u.level, "contact": report.units[unit].contact,
                   "devices": devices, "date": (req.today or dt.date.today()).isoformat()}
    report.sort()
    return report

"""The operations the CLI and Ansible call: drift, apply, backup over a whole inventory."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from netwarden.baseline import Baseline
from netwarden.errors import NetwardenError
from netwarden.model.types import Device, Network
from netwarden.ops import apply as apply_mod
from netwarden.ops import backup as backup_mod
from netwarden.ops.drift import drift_device
from netwarden.ops.run import DeviceResult, run_parallel
from netwarden.render.engine import Renderer
from netwarden.verify.context import contexts, unit_info
from netwarden.verify.findings import Evidence, Report, make_finding

Connections = dict[str, dict[str, Any]]
FAULTS = ("unreachable", "auth", "timeout", "error")


def _report(kind: str, net: Network, baseline: Baseline, hosts: list[str]) -> Report:
    r = Report(kind, baseline.version, net.name)
    for h in hosts:
        r.devices[h] = net.devices[h].unit
        uid = net.devices[h].unit
        r.units[uid] = unit_info(net, uid)
    return r


def _record(report: Report, res: DeviceResult) -> None:
    report.device_status[res.host] = res.status
    report.device_messages[res.host] = res.message
    if res.diff:
        report.diffs[res.host] = res.diff
    if res.status in FAULTS or res.status == "rolled_back":
        report.errors.append(f"{res.host}: {res.status}: {res.message}")


def drift(net: Network, baseline: Baseline, hosts: list[str], connections: Connections | None = None,
          workers: int = 8, progress: bool | None = None) -> Report:
    intended = {r.hostname: r.text for r in Renderer(baseline).render_network(net, hosts)}
    secrets = net.secret_values()
    conns = connections or {}

    def one(h: str) -> DeviceResult:
        return drift_device(net, net.devices[h], intended[h], conns.get(h), secrets)

    results = run_parallel(hosts, one, workers, progress, "drift")
    report = _report("drift", net, baseline, hosts)
    ctxs = contexts(net, baseline)
    for h, res in results.items():
        _record(report, res)
        report.checks += 1
        if res.status != "drift":
            continue
        for ln in res.data.get("lines", []):
            rule = baseline.rule(ln["rule"] or "DRIFT-001")
            what = "missing from the device" if ln["op"] == "+" else "on the device but not intended"
            report.findings.append(make_finding(rule, h, ctxs[h].unit, f"drift ({what}): {ln['text'].strip()}",
                                                (Evidence(f"{h} running-config", (), (ln["text"],)),)))
    report.sort()
    return report


def static_gate(net: Network, baseline: Baseline, hosts: list[str]) -> Report:
    """Verification of the intended configs: apply refuses to run while it finds anything."""
    from netwarden.verify.engine import verify_network

    texts = {r.hostname: (r.text, f"{r.hostname} (intended)") for r in Renderer(baseline).render_network(net, hosts)}
    return verify_network(net, baseline, texts, hosts=hosts)


def live_invariants(net: Network, baseline: Baseline) -> apply_mod.PostCheck:
    """Post-check after a commit: the running config still keeps isolation, the exit and management rules."""
    from netwarden.parsers import parse
    from netwarden.verify.engine import check_device

    ctxs = contexts(net, baseline)
    keep = [r for r in baseline.rules if r.scope == "device" and r.id.startswith(("ISO-", "EXIT-", "MGMT-002"))]

    def check(device: Device, running: str) -> list[str]:
        cfg = parse(running, device.platform.value, f"{device.hostname} running")
        rep = Report("post-check", baseline.version, device.hostname)
        for rule in keep:
            check_device(rule, ctxs[device.hostname], cfg, rep)
        return [f"{f.rule_id}: {f.message}" for f in rep.failures]

    return check


def apply(net: Network, baseline: Baseline, hosts: list[str], commit: bool, confirm_timeout: int = 120,
          connections: Connections | None = None, workers: int = 4, progress: bool | None = None,
          skip_gate: bool = False) -> Report:
    if not skip_gate:
        gate = static_gate(net, baseline, hosts)
        if gate.failures or gate.errors:
            lines = [f"{f.device}: {f.rule_id} {f.message}" for f in gate.failures[:20]] + gate.errors
            raise NetwardenError("static verification of the intended configs has findings; nothing is pushed "
                                 "while it does:\n  " + "\n  ".join(lines))
    intended = {r.hostname: r.text for r in Renderer(baseline).render_network(net, hosts)}
    conns = connections or {}
    post = live_invariants(net, baseline)

    def one(h: str) -> DeviceResult:
        return apply_mod.apply_device(net, net.devices[h], intended[h], commit=commit,
                                      confirm_timeout=confirm_timeout, post_check=post, override=conns.get(h))

    results = run_parallel(hosts, one, workers, progress, "apply")
    report = _report("apply" if commit else "apply (dry run)", net, baseline, hosts)
    for res in results.values():
        _record(report, res)
        report.checks += 1
    report.extra["changed"] = sorted(h for h, r in results.items() if r.status in ("changed", "would_change"))
    report.extra["sha256"] = {h: hashlib.sha256(intended[h].encode()).hexdigest() for h in report.extra["changed"]}
    return report


def backup(net: Network, baseline: Baseline, hosts: list[str], targets: list[Path],
           connections: Connections | None = None, workers: int = 8, progress: bool | None = None) -> Report:
    if len(targets) < 2:
        raise NetwardenError("backup needs two --to directories far apart: the emergency support centre and the "
                             "data disaster backup centre (Art. 10)")
    if len({p.resolve() for p in targets}) != len(targets):
        raise NetwardenError("backup --to directories must be different places")
    conns = connections or {}
    results = run_parallel(hosts, lambda h: backup_mod.fetch(net, net.devices[h], conns.get(h)), workers, progress,
                           "backup")
    report = _report("backup", net, baseline, hosts)
    for res in results.values():
        _record(report, res)
    from netwarden import audit

    report.extra.update(backup_mod.write_backups(targets, results, net.name, audit.current_anchor()))
    for h, why in report.extra["suspect"].items():  # stored, but not as a good backup
        report.device_status[h] = "suspect"
        report.device_messages[h] = why
        report.errors.append(f"{h}: suspect: {why}")
    return report


def connections_for(inventory: str | Path, net: Network, workdir: str | Path | None = None) -> Connections | None:
    """Driver arguments for lab devices when the inventory is a lab (None: use the inventory's own)."""
    if not any(d.lab for d in net.devices.values()):
        return None
    from netwarden.lab import service as lab_service

    conns: Connections | None = lab_service.lab_connections(inventory, workdir)
    if conns is None:
        # never fall back to the inventory's addresses: without the lab bridge they would be routed
        # out of this machine
        raise NetwardenError(f"{inventory} is a lab inventory and its lab is not up "
                             f"(netwarden lab up -i {inventory}{' --workdir ' + str(workdir) if workdir else ''})")
    return conns


def run(job: str, inventory: str | Path, *, limit: Any = None, workers: int | None = None,
        lab_workdir: str | Path | None = None, commit: bool = False, confirm_timeout: int = 120,
        targets: list[Path] | None = None, progress: bool | None = None, **load_opts: Any) -> Report:
    """One entry point for the CLI and the Ansible action plugins: drift, apply or backup."""
    from netwarden import api

    ld = api.load(inventory, **load_opts)
    hosts = api.select_hosts(ld.network, limit)
    conns = connections_for(inventory, ld.network, lab_workdir)
    if job == "drift":
        return drift(ld.network, ld.baseline, hosts, conns, workers or 16, progress)
    if job == "apply":
        return apply(ld.network, ld.baseline, hosts, commit, confirm_timeout, conns, workers or 4, progress)
    if job == "backup":
        return backup(ld.network, ld.baseline, hosts, targets or [], conns, workers or 16, progress)
    raise NetwardenError(f"unknown job {job!r}")


def exit_code(report: Report) -> int:
    """apply: 1 on any device error; a dry run with pending changes 2 (like `terraform plan
    -detailed-exitcode`); a commit that went through 0."""
    if report.kind.startswith("apply"):
        if report.errors:
            return 1
        return 2 if report.kind == "apply (dry run)" and report.extra.get("changed") else 0
    return report.exit_code()

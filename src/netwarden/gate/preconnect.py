"""`netwarden preconnect UNIT`: inventory, static, live and data-plane stages, in order, and a
verdict with every failed check mapped to its rule and article. A skipped stage never counts
as passed: the verdict is then "incomplete", which is not a pass."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netwarden.baseline import Baseline, load_baseline
from netwarden.errors import InputError, NetwardenError, Problem
from netwarden.model import load_inventory
from netwarden.model.build import build_network
from netwarden.model.types import Network, Zone
from netwarden.verify.context import contexts, unit_info
from netwarden.verify.findings import Evidence, Finding, Report, make_finding

STAGES = ("inventory", "static", "live", "dataplane")


@dataclass
class Stage:
    name: str
    status: str = "pending"  # passed, failed, skipped, error
    detail: str = ""
    checks: list[str] = field(default_factory=list)


def _load(inventory: str | Path, unit: str, opts: dict[str, Any]) -> tuple[Network, Baseline, list[Problem]]:
    """Load; the unit's own allow-list expiries are the gate's findings, not input errors."""
    data = load_inventory(inventory, opts.get("vault_password_file"), opts.get("loader", "auto"))
    net, problems = build_network(data, opts.get("today"))
    mine = [p for p in problems if p.key.startswith("netwarden_internet_allowlist") and "expired" in p.message]
    others = [p for p in problems if p not in mine]
    if others or net is None:
        raise InputError(others or [Problem(str(inventory), "", "", "inventory could not be read")])
    return net, load_baseline(opts.get("baseline")), mine


def preconnect(unit: str, inventory: str | Path, skip: set[str] | None = None,
               lab_workdir: str | Path | None = None, **opts: Any) -> Report:
    skip = skip or set()
    bad = skip - set(STAGES)
    if bad:
        raise NetwardenError(f"--skip: unknown stage {', '.join(sorted(bad))} (stages: {', '.join(STAGES)})")
    net, baseline, expired = _load(inventory, unit, opts)
    if unit not in net.units:
        raise NetwardenError(f"unit {unit!r} is not in the inventory (units: {', '.join(sorted(net.units))})")
    u = net.units[unit]
    devices = sorted(h for h, d in net.devices.items() if d.unit == unit)
    report = Report("preconnect", baseline.version, f"{u.name} ({unit})")
    report.units[unit] = unit_info(net, unit)
    for h in devices:
        report.devices[h] = unit
    stages = [Stage(n) for n in STAGES]
    by = {s.name: s for s in stages}

    def run(stage: Stage, fn: Any) -> None:
        if stage.name in skip:
            stage.status, stage.detail = "skipped", "skipped on request (--skip): not checked"
            return
        before = len(report.failures)
        try:
            fn(stage)
        except NetwardenError as e:
            stage.status, stage.detail = "error", str(e)
            return
        if stage.status == "pending":
            new = len(report.failures) - before
            stage.status = "failed" if new else "passed"
            stage.detail = stage.detail or (f"{new} finding(s)" if new else "all checks passed")

    run(by["inventory"], lambda s: _inventory_stage(net, baseline, unit, devices, expired, report, s))
    run(by["static"], lambda s: _static_stage(net, baseline, devices, report, s))
    run(by["live"], lambda s: _live_stage(inventory, net, baseline, devices, lab_workdir, report, s))
    run(by["dataplane"], lambda s: _dataplane_stage(inventory, net, baseline, unit, lab_workdir, report, s))

    statuses = [s.status for s in stages]
    if "error" in statuses:
        verdict = "error"
        report.errors += [f"stage {s.name}: {s.detail}" for s in stages if s.status == "error"]
    elif "failed" in statuses:
        verdict = "fail"
    elif "skipped" in statuses:
        verdict = "incomplete"
    else:
        verdict = "pass"
    report.extra["verdict"] = verdict
    report.extra["stages"] = [{"stage": s.name, "status": s.status, "detail": s.detail, "checks": s.checks}
                              for s in stages]
    report.extra["unit"] = {"id": unit, "name": u.name, "level": u.level, "contact": report.units[unit].contact,
                            "devices": devices, "date": (opts.get("today") or dt.date.today()).isoformat()}
    report.sort()
    return report


def exit_code(report: Report) -> int:
    v = report.extra.get("verdict")
    return {"pass": 0, "error": 1}.get(str(v), 2)


def _inventory_stage(net: Network, baseline: Baseline, unit: str, devices: list[str], expired: list[Problem],
                     report: Report, st: Stage) -> None:
    from netwarden.gate.checks import unit_001, unit_002

    ui = report.units[unit]
    st.checks += ["unit declared", "protection level", "responsible contact", "prefixes in the extranet plan",
                  "allow-list entries current"]
    for msg, _ev in unit_001(net, unit, devices):
        report.findings.append(make_finding(baseline.rule("UNIT-001"), "-", ui, msg))
    for msg, key in unit_002(net, unit, expired):
        file = next((p.file for p in expired if p.key == key and p.file), "") or net.inventory
        report.findings.append(make_finding(baseline.rule("UNIT-002"), "-", ui, msg, (Evidence(file, (), (key,)),)))


def _static_stage(net: Network, baseline: Baseline, devices: list[str], report: Report, st: Stage) -> None:
    from netwarden.render.engine import Renderer
    from netwarden.verify.engine import verify_network

    texts = {r.hostname: (r.text, f"{r.hostname}.cfg (intended)") for r in Renderer(baseline).render_network(net)}
    full = verify_network(net, baseline, texts)
    st.checks.append(f"intended configs of {', '.join(devices) or 'no device'} verified ({full.checks} checks "
                     "over the whole network, findings kept for this unit)")
    report.checks += full.checks
    report.findings += [f for f in full.findings if f.device in devices and f.status == "fail"]
    report.findings += [f for f in full.findings if f.device in devices and f.status != "fail"]


def _live_stage(inventory: str | Path, net: Network, baseline: Baseline, devices: list[str],
                lab_workdir: str | Path | None, report: Report, st: Stage) -> None:
    from netwarden.ops.service import connections_for
    from netwarden.render.engine import Renderer

    conns = connections_for(inventory, net, lab_workdir) or {}
    intended = {r.hostname: r.text for r in Renderer(baseline).render_network(net, devices)}
    ctxs = contexts(net, baseline)
    for h in devices:
        findings, error = live_checks(net, baseline, h, intended[h], conns.get(h), ctxs[h].unit)
        report.checks += 7  # drift, ISO-006, TOPO-001, ISO-007, EXIT-007, PKI-001, MON-001
        report.findings += findings
        if error:
            report.errors.append(f"{h}: {error}")
            report.device_status[h] = "unreachable"
            report.device_messages[h] = error
            st.status, st.detail = "error", f"{h}: {error}: the live stage could not check it"
        else:
            report.device_status[h] = "drift" if any(f.rule_id.startswith("DRIFT") for f in findings) else "checked"
    st.checks += ["reachable", "running config matches intended (drift)", "LLDP neighbours = inventory links, "
                  "none in the intranet", "no intranet prefix in the routing table", "default route towards the "
                  "extranet upstream", "provincial CA trusted", "logging to the monitoring servers"]


def live_checks(net: Network, baseline: Baseline, host: str, intended: str, override: dict[str, Any] | None,
                unit: Any) -> tuple[list[Finding], str]:
    """The live checks on one device: (findings, error text or "")."""
    from netwarden.gate import checks
    from netwarden.ops.connect import DeviceFault, connected
    from netwarden.ops.drift import classify_diff, device_diff
    from netwarden.parsers import parse
    from netwarden.verify.engine import check_device

    d = net.devices[host]
    out: list[Finding] = []

    def add(rule_id: str, msg: str, ev: str = "") -> None:
        out.append(make_finding(baseline.rule(rule_id), host, unit, msg,
                                (Evidence(f"{host} (live)", (), (ev,)),) if ev else ()))

    try:
        with connected(d, override) as drv:
            running = drv.get_config(retrieve="running")["running"]
            diff, _rem = device_diff(drv, d, intended, net.secret_values(), running)
            lldp = drv.get_lldp_neighbors()
            intra = net.zone_prefixes.get(Zone.INTRANET, ())
            routes: dict[str, Any] = {}
            for p in intra:
                try:
                    routes[str(p)] = drv.get_route_to(destination=str(p), longer=True)
                except TypeError:
                    routes[str(p)] = drv.get_route_to(destination=str(p))
            default = drv.get_route_to(destination="0.0.0.0/0")
    except DeviceFault as e:
        return [], f"{e.kind}: {e}"
    except Exception as e:  # a fault stays with its device
        from netwarden.ops.connect import classify

        f = classify(e)
        return [], f"{f.kind}: {f}"

    for ln in classify_diff(diff):  # drift
        rid = ln.rule or "DRIFT-001"
        if rid == "DRIFT-001":
            out.append(make_finding(baseline.rule(rid), host, unit, f"drift: {ln.op}{ln.text.strip()}"))
        else:
            add(rid, f"drift ({'missing' if ln.op == '+' else 'unexpected'}): {ln.text.strip()}", ln.text)
    for rid, fails in (("ISO-006", checks.iso_006(net, host, lldp)),
                       ("TOPO-001", checks.topo_001(net, host, lldp)),
                       ("ISO-007", checks.iso_007(net, host, routes)),
                       ("EXIT-007", checks.exit_007(net, host, default))):
        for msg, ev in fails:
            add(rid, msg, ev)
    # CA trust and logging, from the running config
    cfg = parse(running, d.platform.value, f"{host} running-config")
    ctx = contexts(net, baseline)[host]
    tmp = Report("live", baseline.version, host)
    for rid in ("PKI-001", "MON-001"):
        check_device(baseline.rule(rid), ctx, cfg, tmp)
    out += tmp.failures
    return out, ""


def _dataplane_stage(inventory: str | Path, net: Network, baseline: Baseline, unit: str,
                     lab_workdir: str | Path | None, report: Report, st: Stage) -> None:
    hosts = [h for h in net.lab_hosts if h.unit == unit]
    if not hosts:
        st.status, st.detail = "skipped", "no lab host node for this unit: the data plane was not probed"
        return
    from netwarden.lab import service as lab_service

    results = lab_service.unit_probes(inventory, unit, lab_workdir)
    ui = report.units[unit]
    for r in results:
        st.checks.append(f"{r['name']}: expected {r['expected']}, observed {r['observed']}")
        if not r["ok"]:
            report.findings.append(make_finding(baseline.rule(str(r["rule"])), r.get("device", "-"), ui,
                                                f"probe {r['name']}: expected {r['expected']}, observed "
                                                f"{r['observed']}", (Evidence("probe", (), (r.get("evidence", ""),)),)))

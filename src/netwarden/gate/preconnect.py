"""The stages of `netwarden preconnect UNIT` (run in order by ``jobs/gate.py``): inventory, static, live and
data plane, each adding findings mapped to their rule and article."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from netwarden.baseline import Baseline
from netwarden.errors import Problem
from netwarden.model.types import Network, Zone
from netwarden.verify.context import contexts
from netwarden.verify.findings import Evidence, Finding, Report, Stage, make_finding

if TYPE_CHECKING:
    from netwarden.jobs.intent import Intended

STAGES = ("inventory", "static", "live", "dataplane")


def inventory_stage(net: Network, baseline: Baseline, unit: str, devices: list[str], expired: list[Problem],
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


def static_stage(net: Network, baseline: Baseline, devices: list[str], intended: dict[str, str], report: Report,
                 st: Stage) -> None:
    """``intended``: every device's intended config (the network-wide rules see the whole network)."""
    from netwarden.verify.engine import verify_network

    full = verify_network(net, baseline, {h: (t, f"{h}.cfg (intended)") for h, t in intended.items()},
                          roundtrip=True)
    st.checks.append(f"intended configs of {', '.join(devices) or 'no device'} verified ({full.checks} checks "
                     "over the whole network, findings kept for this unit; each config proven by the round trip, "
                     "CFG-003)")
    report.checks += full.checks
    report.merge_checked(full, devices)
    report.findings += [f for f in full.findings if f.device in devices and f.status == "fail"]
    report.findings += [f for f in full.findings if f.device in devices and f.status != "fail"]
    if full.errors:  # a config that is not what was asked for (or not readable), anywhere: the verdict stands on all
        shown = full.errors[:10] + ([f"... and {len(full.errors) - 10} more"] if len(full.errors) > 10 else [])
        st.status, st.detail = "error", "the intended configs are not all what the inventory and baseline asked " \
                                        "for: " + "; ".join(shown)


def live_stage(inventory: str | Path, net: Network, baseline: Baseline, devices: list[str], intended: Intended,
               lab_workdir: str | Path | None, report: Report, st: Stage) -> None:
    """The unit's running devices: drift as the nightly drift judges it (one path: the rule catalog on each
    device's effective state, and its diff against the intended config), then the checks only a running device
    answers (LLDP neighbours, routing table, default route)."""
    from netwarden.jobs.base import Loaded
    from netwarden.jobs.live import FAULTS, drift_hosts
    from netwarden.ops.connect import connections_for

    conns = connections_for(inventory, net, lab_workdir) or {}
    drift = drift_hosts(Loaded(net, baseline), devices, conns, workers=8, progress=False,
                        intended=intended)
    report.checks += drift.checks
    report.merge_checked(drift)
    report.diffs.update(drift.diffs)
    report.remediation.update(drift.remediation)
    ctxs = contexts(net, baseline)
    for h in devices:
        status = drift.device_status.get(h, "error")
        error = f"{status}: {drift.device_messages.get(h, '')}" if status in FAULTS else ""
        findings: list[Finding] = []
        if not error:
            report.findings += [f for f in drift.findings if f.device == h]
            findings, error = live_checks(net, baseline, h, conns.get(h), ctxs[h].unit)
            report.count(h, "ISO-006", "TOPO-001", "ISO-007", "EXIT-007")
        report.findings += findings
        if error:
            report.errors.append(f"{h}: {error}")
            report.device_status[h] = error.split(":", 1)[0]
            report.device_messages[h] = error
            st.status, st.detail = "error", f"{h}: {error}: the live stage could not check it"
        else:
            report.device_status[h] = "drift" if status == "drift" else "checked"
            report.device_messages[h] = drift.device_messages.get(h, "")
    st.checks += ["reachable", "the rule catalog on the effective state, and its diff against the intended config "
                  "(drift)", "LLDP neighbours = inventory links, none in the intranet", "no intranet prefix in the "
                  "routing table", "default route towards the extranet upstream"]


def live_checks(net: Network, baseline: Baseline, host: str, override: dict[str, Any] | None,
                unit: Any) -> tuple[list[Finding], str]:
    """The checks only a running device answers, on one device: (findings, error text or "")."""
    from netwarden.gate import checks
    from netwarden.ops.connect import DeviceFault, connected

    d = net.devices[host]
    out: list[Finding] = []

    def add(rule_id: str, msg: str, ev: str = "") -> None:
        out.append(make_finding(baseline.rule(rule_id), host, unit, msg,
                                (Evidence(f"{host} (live)", (), (ev,)),) if ev else ()))

    try:
        with connected(d, override) as drv:
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

    for rid, fails in (("ISO-006", checks.iso_006(net, host, lldp)),
                       ("TOPO-001", checks.topo_001(net, host, lldp)),
                       ("ISO-007", checks.iso_007(net, host, routes)),
                       ("EXIT-007", checks.exit_007(net, host, default))):
        for msg, ev in fails:
            add(rid, msg, ev)
    return out, ""


def dataplane_stage(inventory: str | Path, net: Network, baseline: Baseline, unit: str,
                     lab_workdir: str | Path | None, report: Report, st: Stage) -> None:
    hosts = [h for h in net.lab_hosts if h.unit == unit]
    if not hosts:
        st.status, st.detail = "skipped", "no lab host node for this unit: the data plane was not probed"
        return
    from netwarden.lab import service as lab_service

    results = lab_service.unit_probes(inventory, unit, lab_workdir, network=net)
    ui = report.units[unit]
    for r in results:
        st.checks.append(f"{r['name']}: expected {r['expected']}, observed {r['observed']}")
        if not r["ok"]:
            report.findings.append(make_finding(baseline.rule(str(r["rule"])), r.get("device", "-"), ui,
                                                f"probe {r['name']}: expected {r['expected']}, observed "
                                                f"{r['observed']}", (Evidence("probe", (), (r.get("evidence", ""),)),)))

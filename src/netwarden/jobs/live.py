"""Jobs on running devices: drift, apply, backup. Each loads the inventory once, renders the intended
configs once (an :class:`~netwarden.jobs.intent.Intended`), and keeps a device's fault with that device."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from netwarden.baseline import Baseline
from netwarden.errors import NetwardenError
from netwarden.jobs.base import Inputs, Loaded, load, select_hosts
from netwarden.jobs.intent import Intended
from netwarden.jobs.recorded import recorded
from netwarden.model.types import Device, Network
from netwarden.ops import apply as apply_mod
from netwarden.ops import backup as backup_mod
from netwarden.ops.connect import Connections, connections_for
from netwarden.ops.drift import DriftLine, drift_device
from netwarden.ops.run import DeviceResult, run_parallel
from netwarden.report.meta import stamped
from netwarden.verify.context import contexts, unit_info
from netwarden.verify.findings import ApplyReport, BackupReport, Evidence, Report, make_finding

FAULTS = ("unreachable", "auth", "timeout", "error")


@dataclass(frozen=True)
class LiveRequest(Inputs):
    limit: Iterable[str] | str | None = None
    workers: int | None = None  # devices handled in parallel (default per job)
    lab_workdir: str | Path | None = None  # lab inventories: the lab's working directory
    progress: bool | None = None


@dataclass(frozen=True)
class DriftRequest(LiveRequest):
    pass


@dataclass(frozen=True)
class ApplyRequest(LiveRequest):
    commit: bool = False
    confirm_timeout: int = 120


@dataclass(frozen=True)
class BackupRequest(LiveRequest):
    targets: tuple[Path, ...] = field(default_factory=tuple)


def _start(report: Report, net: Network, hosts: list[str]) -> Report:
    for h in hosts:
        uid = net.devices[h].unit
        report.devices[h] = uid
        report.units[uid] = unit_info(net, uid)
    return report


def _record(report: Report, res: DeviceResult) -> None:
    report.device_status[res.host] = res.status
    report.device_messages[res.host] = res.message
    if res.diff:
        report.diffs[res.host] = res.diff
    if res.status in FAULTS or res.status == "rolled_back":
        report.errors.append(f"{res.host}: {res.status}: {res.message}")


def _prepare(req: LiveRequest) -> tuple[Loaded, list[str], Connections]:
    ld = load(req)
    hosts = select_hosts(ld.network, req.limit)
    return ld, hosts, connections_for(req.inventory, ld.network, req.lab_workdir) or {}


@recorded("drift")
@stamped
def drift(req: DriftRequest) -> Report:
    ld, hosts, conns = _prepare(req)
    return drift_hosts(ld, hosts, conns, req.workers or 16, req.progress)


def drift_hosts(ld: Loaded, hosts: list[str], conns: Connections | None = None, workers: int = 16,
                progress: bool | None = None, intended: Intended | None = None) -> Report:
    """Drift of ``hosts`` of a loaded inventory (``intended``: the configs already rendered, else rendered here).

    Each device's effective state is judged by the rule catalog as verify judges intended configs (device rules,
    and the network rules over every device read): a finding names the rule the running state breaks. A line
    that differs from the intended config without a broken rule to show for it is DRIFT-001 (low). Network
    verdicts that would need a device that could not be read are skipped (incomplete), never passed."""
    net, baseline = ld.network, ld.baseline
    intended = intended or Intended.render(ld, hosts)
    conns = conns or {}
    secrets = net.secret_values()

    def one(h: str) -> DeviceResult:
        return drift_device(net, net.devices[h], intended.texts[h], conns.get(h), secrets, baseline)

    results = run_parallel(hosts, one, workers, progress, "drift")
    report = _start(Report("drift", baseline.version, net.name), net, hosts)
    running: dict[str, tuple[str, str]] = {}
    for h, res in results.items():
        effective = res.data.pop("effective", None)  # not masked: judged here, never kept
        if res.data.get("remediation"):
            report.remediation[h] = res.data["remediation"]
        if effective is not None:
            running[h] = (effective, f"{h} running state")
        _record(report, res)
    judged = _judge_running(ld, hosts, running, intended)
    report.errors += judged.errors
    report.checks += judged.checks
    report.merge_checked(judged)
    report.findings += judged.findings
    broken: dict[str, set[str]] = {}
    for f in judged.failures:
        broken.setdefault(f.device, set()).add(f.rule_id)
    quoted = {(f.device, t.strip()) for f in judged.failures for e in f.evidence for t in e.text}
    units = {h: report.units[net.devices[h].unit] for h in hosts}
    for h, res in results.items():
        lines = res.data.get("lines", [])
        if res.status in ("clean", "drift"):
            report.count(h, "DRIFT-001")
        for ln in lines:
            # covered when a broken rule quotes the line, or the rule this kind of line is about is broken on the
            # device: the rule decides, the line's kind only links it
            hint = ln["rule"]
            if (h, ln["text"].strip()) in quoted or (hint and hint in broken.get(h, ())):
                continue
            what = "missing from the device" if ln["op"] == "+" else "on the device but not intended"
            shown = DriftLine(**ln).shown
            report.findings.append(make_finding(
                baseline.rule("DRIFT-001"), h, units[h], f"drift ({what}), no rule broken by it: {shown}",
                (Evidence(f"{h} running-config", (), (ln["text"],)),)))
        rules = sorted(broken.get(h, ()))
        if rules and res.status in ("clean", "drift"):
            report.device_status[h] = "drift"
            report.device_messages[h] = (f"the running state breaks {', '.join(rules)}"
                                         + (f"; {len(lines)} line(s) differ from the intended config" if lines else
                                            " (its own files match the intended config)"))
        elif res.status == "drift":
            report.device_messages[h] = f"{len(lines)} line(s) differ from the intended config; no rule broken"
    report.findings = [dataclasses.replace(f, evidence=tuple(e.masked(secrets) for e in f.evidence))
                       if f.evidence else f for f in report.findings]
    report.sort()
    return report


def _judge_running(ld: Loaded, hosts: list[str], running: dict[str, tuple[str, str]],
                   intended: Intended | None = None) -> Report:
    """The rule catalog on running states: device rules on each one read, network rules over the province with
    the running states in place of the intended configs (the devices outside the limit taken as intended). A
    network rule that would need a device of the limit that could not be read is skipped for it: incomplete,
    never a pass. Findings are kept for the devices of the limit."""
    from netwarden.verify.engine import verify_network

    net, baseline = ld.network, ld.baseline
    texts = dict(running)
    others = sorted(set(net.devices) - set(hosts))
    have = intended.texts if intended is not None else {}
    missing = [h for h in others if h not in have]  # rendered once: what the job rendered already is reused
    rest = {h: have[h] for h in others if h in have} | (Intended.render(ld, missing).texts if missing else {})
    texts.update({h: (t, f"{h} (intended: outside the limit)") for h, t in rest.items()})
    judged = verify_network(net, baseline, texts, kind="drift", missing_is_error=False, hosts=sorted(texts))
    if others:
        keep = set(hosts)
        judged.findings = [f for f in judged.findings if f.device in keep]
        judged.errors = [e for e in judged.errors if e.split(":", 1)[0] in keep]
        judged.checked = {d: r for d, r in judged.checked.items() if d in keep}
        judged.checks = sum(len(r) for r in judged.checked.values())
    unread = sorted(set(hosts) - set(running))
    if unread:
        ctxs = contexts(net, baseline)
        for rule in baseline.rules:
            if rule.scope == "network":
                for h in unread:
                    judged.findings.append(make_finding(
                        rule, h, ctxs[h].unit, "not judged: the running state of this device could not be read",
                        status="skipped"))
    return judged


def static_gate(ld: Loaded, hosts: list[str], intended: Intended) -> Report:
    """Verification of the intended configs, each proven by the round trip (CFG-003, errors for its host): apply
    refuses to push while it finds anything."""
    from netwarden.verify.engine import verify_network

    return verify_network(ld.network, ld.baseline, intended.sources(), hosts=hosts, roundtrip=True)


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


@recorded("apply")
@stamped
def apply(req: ApplyRequest) -> ApplyReport:
    ld, hosts, conns = _prepare(req)
    return apply_hosts(ld, hosts, req.commit, req.confirm_timeout, conns, req.workers or 4, req.progress)


def apply_hosts(ld: Loaded, hosts: list[str], commit: bool, confirm_timeout: int = 120,
                conns: Connections | None = None, workers: int = 4, progress: bool | None = None,
                skip_gate: bool = False, intended: Intended | None = None) -> ApplyReport:
    """Verify the intended configs, then push exactly them (rendered once, here unless given) to ``hosts``. With
    ``skip_gate`` the baseline's rules are not run, the round trip (CFG-003) still is: nothing is pushed that is not
    what the inventory and baseline asked for."""
    from netwarden.verify.roundtrip import check_texts, refusal

    net, baseline = ld.network, ld.baseline
    intended = intended or Intended.render(ld, hosts)
    if not skip_gate:
        gate = static_gate(ld, hosts, intended)
        if gate.failures or gate.errors:
            lines = gate.errors + [f"{f.device}: {f.rule_id} {f.message}" for f in gate.failures[:20]]
            raise NetwardenError("static verification of the intended configs has findings or errors; nothing is "
                                 "pushed while it does:\n  " + "\n  ".join(lines))
    else:
        failed = check_texts(net, baseline, {h: intended.texts[h] for h in hosts})
        if failed:
            raise NetwardenError(refusal(failed, "apply", "nothing is pushed"))
    conns = conns or {}
    post = live_invariants(net, baseline)

    def one(h: str) -> DeviceResult:
        return apply_mod.apply_device(net, net.devices[h], intended.texts[h], commit=commit,
                                      confirm_timeout=confirm_timeout, post_check=post, override=conns.get(h))

    results = run_parallel(hosts, one, workers, progress, "apply")
    report = ApplyReport("apply" if commit else "apply (dry run)", baseline.version, net.name, commit=commit)
    _start(report, net, hosts)
    for res in results.values():
        _record(report, res)
        report.checks += 1
    report.changed = sorted(h for h, r in results.items() if r.status in ("changed", "would_change"))
    report.sha256 = {h: intended.sha256[h] for h in report.changed}
    if commit:
        _after_push(ld, results, conns, workers, intended, report)
    report.sort()
    return report


AFTER_PUSH = ("after the push the effective state still breaks it: something netwarden does not own overrides the "
              "intended configuration (a file beside netwarden's, another nftables table, a change made at run time). "
              "netwarden removes only what it wrote; remove it by hand, or declare it in the inventory: ")


def _after_push(ld: Loaded, results: dict[str, DeviceResult], conns: Connections, workers: int, intended: Intended,
                report: ApplyReport) -> None:
    """The pushed devices judged as drift judges them: a rule the effective state still breaks after a confirmed
    push is a finding of the apply (exit 2), named with what netwarden cannot do about it."""
    pushed = sorted(h for h, r in results.items() if r.status in ("changed", "unchanged"))
    if not pushed:
        return
    after = drift_hosts(ld, pushed, conns, workers, False, intended)
    report.checks += after.checks
    for h in pushed:
        if after.device_status.get(h) in FAULTS:
            report.errors.append(f"{h}: after the push: {after.device_status[h]}: {after.device_messages.get(h, '')}")
    for f in after.failures:
        report.findings.append(dataclasses.replace(f, message=AFTER_PUSH + f.message))
    report.remediation.update(after.remediation)


@recorded("backup")
@stamped
def backup(req: BackupRequest) -> BackupReport:
    ld, hosts, conns = _prepare(req)
    return backup_hosts(ld, hosts, list(req.targets), conns, req.workers or 16, req.progress)


def backup_hosts(ld: Loaded, hosts: list[str], targets: list[Path], conns: Connections | None = None,
                 workers: int = 16, progress: bool | None = None) -> BackupReport:
    if len(targets) < 2:
        raise NetwardenError("backup needs two --to directories far apart: the emergency support centre and the "
                             "data disaster backup centre (Art. 10)")
    if len({p.resolve() for p in targets}) != len(targets):
        raise NetwardenError("backup --to directories must be different places")
    net = ld.network
    conns = conns or {}
    results = run_parallel(hosts, lambda h: backup_mod.fetch(net, net.devices[h], conns.get(h)), workers, progress,
                           "backup")
    report = BackupReport("backup", ld.baseline.version, net.name)
    _start(report, net, hosts)
    for res in results.values():
        _record(report, res)
    from netwarden import audit

    stored = backup_mod.write_backups(targets, results, net.name, audit.current_anchor())
    report.suspect = dict(stored.pop("suspect", {}))
    report.stored = stored
    for h, why in report.suspect.items():  # stored, but not as a good backup
        report.device_status[h] = "suspect"
        report.device_messages[h] = why
        report.errors.append(f"{h}: suspect: {why}")
    return report

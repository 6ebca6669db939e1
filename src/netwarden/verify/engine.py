"""Run the baseline over parsed configs: per-device rules and network-wide invariants."""

from __future__ import annotations

import dataclasses
import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

from netwarden.baseline import Baseline, Rule
from netwarden.errors import NetwardenError
from netwarden.model.types import Network
from netwarden.parsers.model import ParsedConfig
from netwarden.services.pool import fork_map, workers
from netwarden.verify.catalog import of_kind
from netwarden.verify.context import CheckContext, contexts, unit_info
from netwarden.verify.findings import Evidence, Report, Status, Topology, UnitInfo, make_finding
from netwarden.verify.intake import Unreadable, read_config
from netwarden.verify.rules import DEVICE_RULES, Outcome


def _evidence(cfg: ParsedConfig, lines: list[int]) -> tuple[Evidence, ...]:
    lines = sorted({n for n in lines if n})
    if not lines:
        return (Evidence(cfg.source),)
    return (Evidence(cfg.source, tuple(lines), tuple(cfg.line(n) for n in lines)),)


def check_device(rule: Rule, ctx: CheckContext, cfg: ParsedConfig, report: Report) -> None:
    fn = DEVICE_RULES.get(rule.id)
    if fn is None:  # load_baseline refuses such a baseline; a Rule made in code gets no silent pass either
        report.findings.append(make_finding(rule, ctx.device, ctx.unit, "netwarden has no implementation of this "
                                            "rule: not checked", status="skipped"))
        return
    if not rule.applies_to(ctx.role, ctx.zone, ctx.level):
        return
    if rule.platforms is not None and ctx.platform not in rule.platforms:
        report.findings.append(make_finding(rule, ctx.device, ctx.unit, f"{ctx.platform} has no such feature",
                                            status="not_applicable"))
        return
    report.count(ctx.device, rule.id)
    out: Outcome = fn(ctx, cfg)
    if out.status == "not_applicable":
        report.findings.append(make_finding(rule, ctx.device, ctx.unit, out.reason, status="not_applicable"))
    elif out.status == "skipped":
        report.findings.append(make_finding(rule, ctx.device, ctx.unit, out.reason, status="skipped"))
    for msg, lines in out.fails:
        report.findings.append(make_finding(rule, ctx.device, ctx.unit, msg, _evidence(cfg, lines)))


def _slim(cfg: ParsedConfig) -> ParsedConfig:
    """What the network-wide checks need: ParsedConfig.slim(), with what the data-plane proof reads besides
    (filters, prefix lists, route maps, and the lines they came from for evidence)."""
    keep = (cfg.acls, cfg.prefix_lists, cfg.route_maps)
    nos = [e.line for a in cfg.acls.values() for e in a.entries] + [a.line for a in cfg.acls.values()]
    nos += [e.line for rm in cfg.route_maps.values() for e in rm] + [e.line for pl in cfg.prefix_lists.values()
                                                                      for e in pl]
    lines = {n: cfg.line(n) for n in nos if n}
    cfg.slim()
    cfg.acls, cfg.prefix_lists, cfg.route_maps = keep
    cfg.line_texts.update(lines)
    return cfg


TextSource = dict[str, tuple[str, str]] | Callable[[str], tuple[str, str]]


def verify_network(net: Network, baseline: Baseline, texts: TextSource, kind: str = "verify",
                   missing_is_error: bool = True, hosts: list[str] | None = None, roundtrip: bool = False) -> Report:
    """Verify every device's (or the `hosts`') config text against the baseline: `texts` maps a
    host to (text, source file), or is a function giving it (then called in the worker processes,
    e.g. rendering the intended config there). Network-wide invariants see the whole inventory and
    the configs given. `roundtrip`: the texts are the intended configs, and each parsed one must also
    be exactly what the inventory and baseline asked for (CFG-003; an error for its host otherwise)."""
    report = Report(kind, baseline.version, net.name)
    report.topology = Topology({h: d.zone.value for h, d in net.devices.items()},
                               [(lk.a, lk.b) for lk in net.links], list(net.exit.devices))
    ctxs = contexts(net, baseline)
    for u in {net.devices[h].unit for h in (hosts if hosts is not None else net.devices)}:
        report.units[u] = unit_info(net, u)
    todo: list[str] = []
    for host in sorted(hosts if hosts is not None else net.devices):
        d = net.devices[host]
        report.devices[host] = d.unit
        if not callable(texts) and host not in texts:
            if missing_is_error:
                report.errors.append(f"{host}: no configuration to check")
            continue
        todo.append(host)

    if roundtrip:
        from netwarden.render.context import device_context
        from netwarden.verify import roundtrip as rt

    def work(chunk: list[str]) -> list[tuple[str, ParsedConfig | None, list[str], Report]]:
        out: list[tuple[str, ParsedConfig | None, list[str], Report]] = []
        for host in chunk:
            text, source = texts(host) if callable(texts) else texts[host]
            part = Report(kind, baseline.version, net.name)
            platform = net.devices[host].platform.value
            cfg = read_config(text, platform, source)
            if isinstance(cfg, Unreadable):
                out.append((host, None, [f"{host}: {cfg.message(source, platform)}"], part))
                continue
            errs: list[str] = []
            if roundtrip:  # before the rules: they may not need the text, the round trip does
                part.count(host, "CFG-003")
                errs = rt.errors(host, rt.extras(device_context(net, net.devices[host], baseline), cfg))
            for rule in baseline.rules:
                if rule.scope == "device":
                    check_device(rule, ctxs[host], cfg, part)
            out.append((host, _slim(cfg) if len(chunk) > 1 else cfg, errs, part))
        return out

    n = workers(len(todo), 200)
    chunks = [todo[i::n] for i in range(n)] if n > 1 else [todo]
    cfgs: dict[str, ParsedConfig] = {}
    for res in fork_map(work, chunks):
        for host, cfg, errs, part in res:
            report.errors += errs
            if cfg is None:
                continue
            cfgs[host] = cfg
            report.findings += part.findings
            report.checks += part.checks
            report.merge_checked(part)
    network_rules = of_kind("network")
    for rule in baseline.rules:
        fn = network_rules.get(rule.id)
        if rule.scope != "network" or fn is None:
            continue
        for host in cfgs:
            report.count(host, rule.id)
        for hit in fn(net, cfgs):
            host, msg, lines = hit[0], hit[1], hit[2]
            unit = ctxs[host].unit if host in ctxs else UnitInfo("", "", None, "")
            ev = _evidence(cfgs[host], lines) if host in cfgs else ()
            if len(hit) > 3 and hit[3]:  # the data-plane proof's witness: one packet and its path
                ev = (*ev, Evidence("witness", (), tuple(hit[3])))
            status: Status = "skipped" if len(hit) > 4 and hit[4] == "skipped" else "fail"  # the proof could not run
            report.findings.append(make_finding(rule, host, unit, msg, ev, status=status))
    secrets = net.secret_values()  # evidence quotes config text: the inventory's secret values never leave
    report.findings = [dataclasses.replace(f, evidence=tuple(e.masked(secrets) for e in f.evidence))
                       if f.evidence else f for f in report.findings]
    report.sort()
    return report


def read_config_dir(net: Network, directory: Path) -> dict[str, tuple[str, str]]:
    """{host: (text, file)} from DIR/<host>.cfg (or <host>.conf / <host>.txt / <host>)."""
    if not directory.is_dir():
        raise NetwardenError(f"--configs: {directory} is not a directory")
    out = {}
    refused = []
    dfd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for host in net.devices:
            for name in (f"{host}.cfg", f"{host}.conf", f"{host}.txt", host):
                if "/" in name or name in (".", ".."):  # host names are RFC 1123 labels: never a path
                    continue
                try:  # only a regular file in the directory itself: no link out of it is followed
                    fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=dfd)
                except FileNotFoundError:
                    continue
                except OSError as e:
                    refused.append(f"{directory / name}: {'a symbolic link' if e.errno == errno.ELOOP else e.strerror}")
                    break
                with os.fdopen(fd, "rb") as f:
                    if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                        refused.append(f"{directory / name}: not a regular file")
                        break
                    out[host] = (f.read().decode("utf-8", errors="replace"), str(directory / name))
                break
    finally:
        os.close(dfd)
    if refused:
        raise NetwardenError("--configs: only regular files inside the directory are read; refused: "
                             + "; ".join(sorted(refused)))
    return out


def check_config(text: str, source: str, platform: str, role: str, level: int, baseline: Baseline,
                 zone: str | None = None) -> Report:
    """One device's config against the baseline for its role, without an inventory: rules that
    need the inventory's address plan or allow-list are reported as skipped."""
    from netwarden.model.types import ROLE_ZONE, Role

    try:
        r = Role(role)
    except ValueError:
        raise NetwardenError(f"--role: unknown role {role!r} (expected {', '.join(x.value for x in Role)})") from None
    if level not in (2, 3, 4):
        raise NetwardenError(f"--level: protection level {level} is outside 2-4")
    report = Report("check-config", baseline.version, source)
    cfg = read_config(text, platform, source)
    if isinstance(cfg, Unreadable):
        raise NetwardenError(cfg.message(source, platform))
    host = cfg.hostname or Path(source).stem
    unit = UnitInfo("-", "(no inventory)", level, "")
    report.units["-"] = unit
    report.devices[host] = "-"
    ctx = CheckContext(device=host, platform=platform, role=r.value, zone=zone or ROLE_ZONE[r].value, level=level,
                       lv=baseline.level(level), unit=unit)
    for rule in baseline.rules:
        if rule.scope == "device":
            check_device(rule, ctx, cfg, report)
    report.sort()
    return report

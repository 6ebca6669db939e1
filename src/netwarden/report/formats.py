"""Report formats. Every format groups by unit (Art. 12) and cites the article (and clause)."""

from __future__ import annotations

import html as _html
from collections import defaultdict
from xml.etree import ElementTree as ET

from netwarden.verify.findings import ApplyReport, Finding, GateReport, Report


def _by_unit(report: Report) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        out[f.unit].append(f)
    return out


def _summary(report: Report) -> str:
    fails = report.failures
    na = sum(1 for f in report.findings if f.status == "not_applicable")
    sk = sum(1 for f in report.findings if f.status == "skipped")
    changes = ""
    if isinstance(report, ApplyReport):
        n, names = len(report.changed), ", ".join(report.changed[:20]) + (" ..." if len(report.changed) > 20 else "")
        changes = (f"{n} device(s) {'changed' if report.commit else 'would change'}" + (f" ({names})" if n else "")
                   + "; ")
    return (f"{report.result_word.upper()}: {changes}{len(fails)} finding(s) on "
            f"{len({f.device for f in fails})} device(s); {report.checks} checks on {len(report.devices)} device(s); "
            f"{na} not applicable, {sk} skipped, {len(report.errors)} error(s)")


def _gate(report: Report) -> GateReport | None:
    return report if isinstance(report, GateReport) else None


VERDICT = {"pass": "PASS", "fail": "FAIL", "incomplete": "INCOMPLETE (not passed: a stage was not checked)",
           "error": "ERROR"}


def text(report: Report) -> str:
    lines = [f"netwarden {report.kind}: {report.subject} (baseline {report.baseline_version})"]
    gate = _gate(report)
    if gate is not None:
        lines.append(f"VERDICT: {VERDICT[gate.verdict]}")
        for s in gate.stages:
            lines.append(f"  {s.stage:10} {s.status.upper():8} {s.detail}")
    for e in report.errors:
        lines.append(f"ERROR {e}")
    if report.device_status:
        lines.append("")
        for d, st in sorted(report.device_status.items()):
            lines.append(f"  {st.upper():12} {d}: {report.device_messages.get(d, '')}")
            for dl in report.diffs.get(d, "").splitlines():
                lines.append(f"      {dl}")
            if report.remediation.get(d):
                lines.append("      remediation (what apply would send):")
                lines += [f"        {rl}" for rl in report.remediation[d].splitlines()]
    for uid, fs in sorted(_by_unit(report).items()):
        fails = [f for f in fs if f.status == "fail"]
        if not fails:
            continue
        u = report.units.get(uid)
        lines.append("")
        lines.append(f"== {uid}: {u.name if u else ''}" + (f" (level {u.level}; contact {u.contact})" if u else ""))
        for f in fails:
            lines.append(f"  {f.severity.upper():8} {f.rule_id:9} {f.device}: {f.message} [{f.cite}]")
            for w, t in _ev_lines(f):
                lines.append(f"           {w}: {t.strip()}")
            lines.append(f"           fix: {f.fix}")
    skipped = sorted({(f.rule_id, f.message) for f in report.findings if f.status == "skipped"})
    if skipped:
        lines.append("")
        lines.append("not checked:")
        lines += [f"  {r}: {m}" for r, m in skipped]
    lines.append("")
    lines.append(_summary(report))
    return "\n".join(lines) + "\n"


def markdown(report: Report) -> str:
    out = [f"# netwarden {report.kind}: {report.subject}", "",
           f"Baseline {report.baseline_version}. **{_summary(report)}**", ""]
    gate = _gate(report)
    if gate is not None:
        gu = gate.unit
        out += [f"**Verdict: {VERDICT[gate.verdict]}**", "",
                f"Unit {gu.get('name', '')} (`{gu.get('id', '')}`), protection level {gu.get('level', '')}, "
                f"responsible contact {gu.get('contact', '')}; devices {', '.join(gu.get('devices', []))}; "
                f"date {gu.get('date', '')}. Record for the unit's yearly filing (Art. 4).", "",
                "| stage | status | detail |", "|---|---|---|"]
        out += [f"| {s.stage} | **{s.status}** | {_md(s.detail)} |" for s in gate.stages]
        out.append("")
    if report.errors:
        out += ["## Errors", ""] + [f"- {_md(e)}" for e in report.errors] + [""]
    if report.device_status:
        out += ["## Devices", "", "| device | unit | status | |", "|---|---|---|---|"]
        out += [f"| {d} | {report.devices.get(d, '')} | **{st}** | {_md(report.device_messages.get(d, ''))} |"
                for d, st in sorted(report.device_status.items())]
        out.append("")
        for d, diff in sorted(report.diffs.items()):
            out += [f"<details><summary>{d}: diff</summary>", "", "```diff", diff, "```", "</details>", ""]
            if report.remediation.get(d):
                out += [f"<details><summary>{d}: remediation (what apply would send)</summary>", "", "```",
                        report.remediation[d], "```", "</details>", ""]
    groups = _by_unit(report)
    for uid in sorted(report.units):
        u = report.units[uid]
        fs = groups.get(uid, [])
        fails = [f for f in fs if f.status == "fail"]
        devs = sorted(d for d, x in report.devices.items() if x == uid)
        if not devs and not fs:
            continue
        out += [f"## {_md(u.name)} (`{uid}`)", "",
                f"Protection level {u.level}; responsible contact: {_md(u.contact) or '-'}; devices: "
                f"{', '.join(devs) or '-'}; result: **{'non-compliant' if fails else 'compliant'}**", ""]
        if fails:
            out += ["| severity | rule | article | device | finding | evidence |", "|---|---|---|---|---|---|"]
            for f in sorted(fails, key=lambda f: (f.article, f.rule_id, f.device)):
                ev = "<br>".join(f"`{w}` `{_md(t.strip())}`" for w, t in _ev_lines(f))
                out.append(f"| {f.severity} | {f.rule_id} | {f.cite} | {f.device} | {_md(f.message)} | {ev} |")
            out.append("")
        na = [f for f in fs if f.status != "fail"]
        if na:
            out += ["Not applicable / not checked: " + "; ".join(
                sorted({f"{f.rule_id} ({f.status.replace('_', ' ')}: {_md(f.message)})" for f in na})), ""]
    return "\n".join(out) + "\n"


def _md(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def junit(report: Report) -> str:
    suites = ET.Element("testsuites", name=f"netwarden {report.kind}")
    by_dev: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        by_dev[f.device].append(f)
    for dev in sorted(report.devices):
        fs = by_dev.get(dev, [])
        fails = [f for f in fs if f.status == "fail"]
        st = report.device_status.get(dev)
        bad = st in ("unreachable", "auth", "timeout", "error", "rolled_back")
        suite = ET.SubElement(suites, "testsuite", name=dev, tests=str(max(len(fs), 1)), failures=str(len(fails)),
                              errors=str(int(bad)), skipped=str(len(fs) - len(fails)))
        if not fs:
            tc = ET.SubElement(suite, "testcase", classname=dev, name=st or "baseline")
            if bad:
                ET.SubElement(tc, "error", message=f"{st}: {report.device_messages.get(dev, '')}")
        for f in fs:
            tc = ET.SubElement(suite, "testcase", classname=f"{f.unit}.{dev}", name=f"{f.rule_id} {f.title}")
            if f.status == "fail":
                el = ET.SubElement(tc, "failure", message=f.message, type=f.severity)
                el.text = "\n".join([f"{f.cite}", *(f"{e.file}:{n}: {t}" for e in f.evidence
                                                     for n, t in zip(e.lines, e.text, strict=False)),
                                     f"fix: {f.fix}"])
            else:
                ET.SubElement(tc, "skipped", message=f"{f.status}: {f.message}")
    for e in report.errors:
        suite = ET.SubElement(suites, "testsuite", name="errors", tests="1", failures="0", errors="1")
        tc = ET.SubElement(suite, "testcase", classname="netwarden", name=e.split(":")[0])
        ET.SubElement(tc, "error", message=e)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1d2430;max-width:75rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:2px solid #dde3ea;padding-bottom:.3rem}
h3{font-size:1rem;margin:1.2rem 0 .4rem}.meta{color:#5b6675}.badge{display:inline-block;padding:.1rem .5rem;
border-radius:.6rem;font-size:.8rem;font-weight:600}.clean{background:#dff3e4;color:#17663a}
.findings{background:#fde2e1;color:#a4161a}.error{background:#fff1c2;color:#7a5900}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem}th,td{text-align:left;padding:.35rem .5rem;
border-bottom:1px solid #e6eaef;vertical-align:top;font-size:.9rem}th{background:#f4f6f8}
.sev-critical{color:#a4161a;font-weight:700}.sev-high{color:#c2410c;font-weight:600}.sev-medium{color:#a16207}
.sev-low{color:#3f6212}code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.82rem}
pre{background:#f6f8fa;padding:.3rem .5rem;margin:.2rem 0;white-space:pre-wrap}
nav a{margin-right:.8rem}.na{color:#5b6675;font-size:.85rem}
"""


def _e(s: object) -> str:
    return _html.escape(str(s))


def _ev_lines(f: Finding) -> list[tuple[str, str]]:
    """(where, text) for each piece of evidence: file:line when known, else the file alone."""
    out = []
    for e in f.evidence:
        if e.lines:
            out += [(f"{e.file}:{n}", t) for n, t in zip(e.lines, e.text, strict=False)]
        else:
            out += [(e.file, t) for t in e.text if t]
    return out


def html(report: Report) -> str:
    code = report.exit_code()
    cls = code.word
    groups = _by_unit(report)
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>netwarden {_e(report.kind)}: {_e(report.subject)}</title>", f"<style>{CSS}</style></head><body>",
        f"<h1>netwarden {_e(report.kind)}: {_e(report.subject)} "
        f'<span class="badge {cls}">{_e(report.result_word.upper())}</span></h1>',
        f'<p class="meta">Baseline {_e(report.baseline_version)}. {_e(_summary(report))}</p>',
    ]
    gate = _gate(report)
    if gate is not None:
        v = gate.verdict
        vc = {"pass": "clean", "fail": "findings"}.get(v, "error")
        gu = gate.unit
        parts.append(f'<h2>Verdict <span class="badge {vc}">{_e(VERDICT[v])}</span></h2>')
        parts.append(f'<p class="meta">{_e(gu.get("name", ""))} ({_e(gu.get("id", ""))}), protection level '
                     f'{_e(gu.get("level", ""))}, contact {_e(gu.get("contact", ""))}, date {_e(gu.get("date", ""))}. '
                     "Record for the unit's yearly filing (Art. 4).</p>")
        parts.append("<table><tr><th>stage</th><th>status</th><th>detail</th><th>checks</th></tr>")
        for s in gate.stages:
            sc = {"passed": "clean", "failed": "findings"}.get(s.status, "error")
            parts.append(f'<tr><td>{_e(s.stage)}</td><td><span class="badge {sc}">{_e(s.status)}</span></td>'
                         f'<td>{_e(s.detail)}</td><td>{"<br>".join(_e(c) for c in s.checks)}</td></tr>')
        parts.append("</table>")
    units = [u for u in sorted(report.units) if groups.get(u) or any(x == u for x in report.devices.values())]
    parts.append("<nav>" + "".join(
        f'<a href="#u-{_e(u)}">{_e(u)}{" ✗" if any(f.status == "fail" for f in groups.get(u, [])) else ""}</a>'
        for u in units) + "</nav>")
    if report.errors:
        parts.append('<h2>Errors</h2><ul>' + "".join(f"<li>{_e(e)}</li>" for e in report.errors) + "</ul>")
    if report.device_status:
        parts.append("<h2>Devices</h2><table><tr><th>device</th><th>unit</th><th>status</th><th></th></tr>")
        for d, st in sorted(report.device_status.items()):
            c = "clean" if st in ("clean", "unchanged", "changed", "ok", "checked") else \
                "findings" if st in ("drift",) else "error"
            diff = report.diffs.get(d, "")
            det = f"<details><summary>diff</summary><pre>{_e(diff)}</pre></details>" if diff else ""
            parts.append(f"<tr><td>{_e(d)}</td><td>{_e(report.devices.get(d, ''))}</td>"
                         f'<td><span class="badge {c}">{_e(st)}</span></td>'
                         f"<td>{_e(report.device_messages.get(d, ''))}{det}</td></tr>")
        parts.append("</table>")
    for uid in units:
        u = report.units[uid]
        fs = groups.get(uid, [])
        fails = [f for f in fs if f.status == "fail"]
        devs = sorted(d for d, x in report.devices.items() if x == uid)
        badge = '<span class="badge findings">non-compliant</span>' if fails else \
            '<span class="badge clean">compliant</span>'
        parts.append(f'<h2 id="u-{_e(uid)}">{_e(u.name)} <code>{_e(uid)}</code> {badge}</h2>')
        parts.append(f'<p class="meta">Protection level {_e(u.level)} &middot; responsible contact: '
                     f'{_e(u.contact or "-")} &middot; devices: {_e(", ".join(devs) or "-")}</p>')
        by_article: dict[int, list[Finding]] = defaultdict(list)
        for f in fails:
            by_article[f.article].append(f)
        for art in sorted(by_article):
            parts.append(f"<h3>Article {art}</h3><table><tr><th>severity</th><th>rule</th><th>device</th>"
                         "<th>finding</th><th>evidence</th><th>fix</th></tr>")
            for f in sorted(by_article[art], key=lambda f: (f.rule_id, f.device)):
                ev = "".join(f"<pre>{_e(w)}: {_e(t.strip())}</pre>" for w, t in _ev_lines(f))
                parts.append(f'<tr><td class="sev-{_e(f.severity)}">{_e(f.severity)}</td>'
                             f"<td><b>{_e(f.rule_id)}</b><br>{_e(f.title)}<br><small>{_e(f.cite)}</small></td>"
                             f"<td>{_e(f.device)}</td><td>{_e(f.message)}</td><td>{ev}</td><td>{_e(f.fix)}</td></tr>")
            parts.append("</table>")
        other = sorted({(f.rule_id, f.status, f.message) for f in fs if f.status != "fail"})
        if other:
            parts.append('<p class="na">Not applicable / not checked: ' + "; ".join(
                f"{_e(r)} ({_e(s.replace('_', ' '))}: {_e(m)})" for r, s, m in other) + "</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"

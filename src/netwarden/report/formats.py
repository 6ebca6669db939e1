"""Report formats. Every format groups by unit (Art. 12), cites the article (and clause), and says what run
made it (schema version, start and duration, tool and baseline versions, the inventory's commit, the command).
``lang``: the labels, rule titles and fixes in that language (``netwarden.report.i18n``)."""

from __future__ import annotations

import html as _html
from collections import Counter, defaultdict
from xml.etree import ElementTree as ET

from netwarden.report import diagram
from netwarden.report.i18n import Lang
from netwarden.verify.findings import SCHEMA_VERSION, SEVERITY_ORDER, ApplyReport, Finding, GateReport, Report

EN = Lang()
# HTML at province scale: the rows and evidence lines one file shows (the JSON report has everything)
MAX_ROWS = 2000
MAX_EVIDENCE = 8
MAX_CHARS = 240


def _by_unit(report: Report) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        out[f.unit].append(f)
    return out


def _summary(report: Report, t: Lang = EN) -> str:
    fails = report.failures
    na = sum(1 for f in report.findings if f.status == "not_applicable")
    sk = sum(1 for f in report.findings if f.status == "skipped")
    changes = ""
    if isinstance(report, ApplyReport):
        n, names = len(report.changed), ", ".join(report.changed[:20]) + (" ..." if len(report.changed) > 20 else "")
        changes = t("changed" if report.commit else "would change", n=n) + (f" ({names})" if n else "") + "; "
    return t("summary", result=t.word(report.result_word).upper(), changes=changes, failures=len(fails),
             devices_with=len({f.device for f in fails}), checks=report.checks, devices=len(report.devices), na=na,
             skipped=sk, errors=len(report.errors))


def _gate(report: Report) -> GateReport | None:
    return report if isinstance(report, GateReport) else None


def _verdict(v: str, t: Lang) -> str:
    return t(f"verdict.{v}")


VERDICT = {v: EN(f"verdict.{v}") for v in ("pass", "fail", "incomplete", "error")}


def cite(f: Finding, t: Lang = EN) -> str:
    """The article (and clause) in the report's language: 'Art. 8, GB/T 22239-2019 8.1.4.2'."""
    if t.code == "en":
        return f.cite
    return t("article_n", n=f.article) + (t("clause_n", clause=f.clause) if f.clause else "")


def _zone_labels(t: Lang) -> dict[str, str]:
    return {z: t(f"zone.{z}") for z in diagram.COLUMNS}


def run_lines(report: Report, t: Lang = EN) -> list[str]:
    """What run made the report, one fact a line ('label: value')."""
    r = report.run
    commit = (r.inventory_commit + (f" ({t('uncommitted changes')})" if r.inventory_dirty else "")
              if r.inventory_commit else t("not a git work tree"))
    return [f"{t('schema')}: {SCHEMA_VERSION}", f"{t('started')}: {r.started or '-'}",
            f"{t('duration')}: {r.duration_s:.3f} s", f"{t('tool')}: netwarden {r.tool_version or '-'}",
            f"{t('baseline')}: {report.baseline_version} sha256 {r.baseline_sha256 or '-'}",
            f"{t('inventory commit')}: {commit}", f"{t('command')}: {r.command or '-'}"]


def text(report: Report, t: Lang = EN) -> str:
    lines = [f"netwarden {report.kind}: {report.subject} ({t('baseline')} {report.baseline_version})"]
    lines += [f"  {x}" for x in run_lines(report, t)]
    gate = _gate(report)
    if gate is not None:
        lines.append(f"{t('verdict').upper()}: {_verdict(gate.verdict, t)}")
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
                lines.append(f"      {t('remediation')}:")
                lines += [f"        {rl}" for rl in report.remediation[d].splitlines()]
    for uid, fs in sorted(_by_unit(report).items()):
        fails = [f for f in fs if f.status == "fail"]
        if not fails:
            continue
        u = report.units.get(uid)
        lines.append("")
        head = t("unit_head", level=u.level, contact=u.contact) if u else ""
        lines.append(f"== {uid}: {u.name if u else ''}{head}")
        for f in fails:
            lines.append(f"  {t.severity(f.severity).upper():8} {f.rule_id:9} {f.device}: {f.message} [{cite(f, t)}]")
            if t.code != "en":
                lines.append(f"           {t('rule')}: {t.title(f.rule_id, f.title)}")
            for w, tx in _ev_lines(f):
                lines.append(f"           {w}: {tx.strip()}")
            lines.append(f"           {t('fix')}: {t.fix(f.rule_id, f.fix)}")
    skipped = sorted({(f.rule_id, f.message) for f in report.findings if f.status == "skipped"})
    if skipped:
        lines.append("")
        lines.append(f"{t('not checked')}:")
        lines += [f"  {r}: {m}" for r, m in skipped]
    lines.append("")
    lines.append(_summary(report, t))
    return "\n".join(lines) + "\n"


def markdown(report: Report, t: Lang = EN) -> str:
    out = [f"# netwarden {report.kind}: {report.subject}", "",
           f"{t('baseline').capitalize()} {report.baseline_version}. **{_md(_summary(report, t))}**", ""]
    out += [f"- {_md(x)}" for x in run_lines(report, t)] + [""]
    mm = diagram.mermaid(report, _zone_labels(t))
    if mm:
        out += [f"## {t('zones')}", "", mm, ""]
    gate = _gate(report)
    if gate is not None:
        gu = gate.unit
        out += [f"**{t('verdict')}: {_verdict(gate.verdict, t)}**", "",
                t("unit_line", name=gu.get("name", ""), id=f"`{gu.get('id', '')}`", level=gu.get("level", ""),
                  contact=gu.get("contact", ""), date=gu.get("date", ""))
                + f" {t('devices')}: {', '.join(gu.get('devices', []))}.", "",
                f"| {t('stage')} | {t('status')} | {t('detail')} |", "|---|---|---|"]
        out += [f"| {s.stage} | **{s.status}** | {_md(s.detail)} |" for s in gate.stages]
        out.append("")
    if report.errors:
        out += [f"## {t('errors')}", ""] + [f"- {_md(e)}" for e in report.errors] + [""]
    if report.device_status:
        out += [f"## {t('devices')}", "", f"| {t('device')} | {t('unit')} | {t('status')} | |", "|---|---|---|---|"]
        out += [f"| {d} | {report.devices.get(d, '')} | **{t.word(st)}** | {_md(report.device_messages.get(d, ''))} |"
                for d, st in sorted(report.device_status.items())]
        out.append("")
        for d, diff in sorted(report.diffs.items()):
            out += [f"<details><summary>{d}: {t('diff')}</summary>", "", "```diff", diff, "```", "</details>", ""]
            if report.remediation.get(d):
                out += [f"<details><summary>{d}: {t('remediation')}</summary>", "", "```",
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
                t("unit_meta", level=u.level, contact=_md(u.contact) or "-", devices=", ".join(devs) or "-")
                + f"; **{t('non-compliant' if fails else 'compliant')}**", ""]
        if fails:
            out += [f"| {t('severity')} | {t('rule')} | {t('article')} | {t('device')} | {t('finding')} | "
                    f"{t('evidence')} | {t('fix')} |", "|---|---|---|---|---|---|---|"]
            for f in sorted(fails, key=lambda f: (f.article, f.rule_id, f.device)):
                ev = "<br>".join(f"`{w}` `{_md(x.strip())}`" for w, x in _ev_lines(f))
                out.append(f"| {t.severity(f.severity)} | {f.rule_id} {_md(t.title(f.rule_id, f.title))} | "
                           f"{cite(f, t)} | {f.device} | {_md(f.message)} | {ev} | {_md(t.fix(f.rule_id, f.fix))} |")
            out.append("")
        na = [f for f in fs if f.status != "fail"]
        if na:
            out += [t("not applicable / not checked") + ": " + "; ".join(
                sorted({f"{f.rule_id} ({t.word(f.status.replace('_', ' '))}: {_md(f.message)})" for f in na})), ""]
    return "\n".join(out) + "\n"


def _md(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


_BAD = ("unreachable", "auth", "timeout", "error", "rolled_back")


def junit(report: Report, t: Lang = EN) -> str:
    """One test case per device and rule evaluated on it (classname the device, name the rule id): unique, and
    the same names and counts on every run of the same inputs. A device that could not be checked is one case
    named ``device`` with its error."""
    suites = ET.Element("testsuites", name=f"netwarden {report.kind}")
    props = ET.SubElement(suites, "properties")
    r = report.run
    for k, v in (("schema_version", SCHEMA_VERSION), ("started", r.started), ("duration_s", f"{r.duration_s:.3f}"),
                 ("tool_version", r.tool_version), ("baseline_version", report.baseline_version),
                 ("baseline_sha256", r.baseline_sha256), ("inventory_commit", r.inventory_commit or ""),
                 ("inventory_dirty", "" if r.inventory_dirty is None else str(r.inventory_dirty).lower()),
                 ("command", r.command), ("lang", t.code)):
        ET.SubElement(props, "property", name=k, value=v)
    by_dev: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for f in report.findings:
        by_dev[f.device][f.rule_id].append(f)
    errors_by: dict[str, list[str]] = defaultdict(list)
    for e in report.errors:
        head = e.split(":", 1)[0]
        errors_by[head if head in report.devices else "netwarden"].append(e)
    totals = Counter[str]()
    for dev in sorted(report.devices):
        rules = sorted(report.checked.get(dev, set()) | set(by_dev[dev]))
        st = report.device_status.get(dev)
        suite = ET.SubElement(suites, "testsuite", name=dev)
        n = Counter[str]()
        if st in _BAD or dev in errors_by or not rules:
            tc = ET.SubElement(suite, "testcase", classname=dev, name="device")
            n["tests"] += 1
            if st in _BAD or dev in errors_by:
                msgs = ([f"{st}: {report.device_messages.get(dev, '')}"] if st in _BAD else []) + errors_by.get(dev, [])
                ET.SubElement(tc, "error", message=msgs[0]).text = "\n".join(msgs)
                n["errors"] += 1
        for rid in rules:
            fs = by_dev[dev].get(rid, [])
            fails = [f for f in fs if f.status == "fail"]
            first: Finding | None = (fails or fs)[0] if fs else None
            tc = ET.SubElement(suite, "testcase", classname=dev, name=rid)
            n["tests"] += 1
            if first is not None:
                tc.set("file", first.unit)
            if fails:
                f = fails[0]
                el = ET.SubElement(tc, "failure", message="; ".join(x.message for x in fails)[:1000],
                                   type=f.severity)
                el.text = "\n".join([f"{t.title(rid, f.title)} [{cite(f, t)}]",
                                     *(f"{x.message}\n" + "\n".join(f"  {w}: {tx}" for w, tx in _ev_lines(x))
                                       for x in fails), f"{t('fix')}: {t.fix(rid, f.fix)}"])
                n["failures"] += 1
            elif first is not None:
                ET.SubElement(tc, "skipped", message=f"{first.status}: {first.message}")
                n["skipped"] += 1
        for k in ("tests", "failures", "errors", "skipped"):
            suite.set(k, str(n[k]))
            totals[k] += n[k]
    if errors_by.get("netwarden"):
        suite = ET.SubElement(suites, "testsuite", name="netwarden", tests="1", failures="0", errors="1",
                              skipped="0")
        tc = ET.SubElement(suite, "testcase", classname="netwarden", name="inputs")
        msgs = errors_by["netwarden"]
        ET.SubElement(tc, "error", message=msgs[0]).text = "\n".join(msgs)
        totals["tests"] += 1
        totals["errors"] += 1
    for k in ("tests", "failures", "errors", "skipped"):
        suites.set(k, str(totals[k]))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5rem;
color:#1d2430;max-width:80rem}h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.2rem;margin-top:1.6rem;
border-bottom:2px solid #dde3ea;padding-bottom:.3rem}h3{font-size:1rem;margin:1rem 0 .4rem}.meta{color:#5b6675}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:.6rem;font-size:.8rem;font-weight:600}
.clean{background:#dff3e4;color:#17663a}.findings{background:#fde2e1;color:#a4161a}
.error{background:#fff1c2;color:#7a5900}.verdict{font-size:1.15rem;padding:.6rem .8rem;border-radius:.4rem;
margin:.6rem 0}table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem}th,td{text-align:left;
padding:.3rem .5rem;border-bottom:1px solid #e6eaef;vertical-align:top;font-size:.88rem}th{background:#f4f6f8}
.sum{display:flex;flex-wrap:wrap;gap:1.2rem}.sum table{width:auto;min-width:16rem}
.sev-critical{color:#a4161a;font-weight:700}.sev-high{color:#c2410c;font-weight:600}.sev-medium{color:#a16207}
.sev-low{color:#3f6212}code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8rem}
pre{background:#f6f8fa;padding:.2rem .4rem;margin:.1rem 0;white-space:pre-wrap}.ln{color:#8a94a3}
.na{color:#5b6675;font-size:.85rem}.run{font-size:.8rem;color:#5b6675;margin:.2rem 0}
#filter{position:sticky;top:0;background:#fff;padding:.4rem 0;border-bottom:1px solid #e6eaef;z-index:1}
#filter input,#filter select{margin-right:.5rem;font-size:.85rem}
@media print{#filter{display:none}details{display:block}}
"""

# The filter: hide finding rows that do not match, and the unit sections left without a row (no network)
JS = """
(function(){var f=document.getElementById('filter');if(!f)return;var q=f.querySelectorAll('[data-k]');
function go(){var v={};q.forEach(function(e){v[e.dataset.k]=e.value.trim().toLowerCase();});var shown=0;
document.querySelectorAll('tr.f').forEach(function(r){var ok=true;for(var k in v){if(v[k]&&
(r.dataset[k]||'').toLowerCase().indexOf(v[k])<0)ok=false;}r.style.display=ok?'':'none';
if(ok)shown++;});document.querySelectorAll('section.unit').forEach(function(s){
s.style.display=s.querySelector('tr.f:not([style*="none"])')?'':'none';});
document.getElementById('shown').textContent=shown;}q.forEach(function(e){e.addEventListener('input',go);});})();
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


def _ev_html(f: Finding) -> str:
    """Evidence as the device's lines, each with its line number; long evidence cut to MAX_EVIDENCE lines."""
    out = []
    for e in f.evidence:
        nums = list(e.lines) + [None] * (len(e.text) - len(e.lines))
        out.append(f"<small>{_e(e.file)}</small>")
        body = [f'<span class="ln">{n:>5}</span> {_e(x[:MAX_CHARS])}' if n is not None else _e(x[:MAX_CHARS])
                for n, x in zip(nums, e.text, strict=False)]
        more = len(body) - MAX_EVIDENCE
        out.append("<pre>" + "\n".join(body[:MAX_EVIDENCE]) + (f"\n… +{more}" if more > 0 else "") + "</pre>")
    return "".join(out)


def _unit_order(report: Report, groups: dict[str, list[Finding]]) -> tuple[list[str], list[str]]:
    """(non-compliant units, worst first: by critical, high, ... findings then their number; compliant units)."""
    units = [u for u in sorted(report.units) if groups.get(u) or any(x == u for x in report.devices.values())]
    bad = [u for u in units if any(f.status == "fail" for f in groups.get(u, []))]

    def weight(u: str) -> tuple[int, ...]:
        c = Counter(f.severity for f in groups[u] if f.status == "fail")
        return (*(-c[s] for s in SEVERITY_ORDER), -sum(c.values()))

    return sorted(bad, key=lambda u: (weight(u), u)), [u for u in units if u not in set(bad)]


def _summary_html(report: Report, groups: dict[str, list[Finding]], bad: list[str], good: list[str], t: Lang) -> str:
    fails = report.failures
    sev = Counter(f.severity for f in fails)
    sev_dev: dict[str, set[str]] = defaultdict(set)
    art: dict[int, list[Finding]] = defaultdict(list)
    for f in fails:
        sev_dev[f.severity].add(f.device)
        art[f.article].append(f)
    rows = [f'<tr><td class="sev-{s}">{_e(t.severity(s))}</td><td>{sev[s]}</td><td>{len(sev_dev[s])}</td></tr>'
            for s in SEVERITY_ORDER]
    a_rows = [f"<tr><td>{_e(t('article_n', n=a))}</td><td>{len(fs)}</td><td>{len({f.unit for f in fs})}</td>"
              f"<td>{_e(', '.join(sorted({f.rule_id for f in fs})))}</td></tr>" for a, fs in sorted(art.items())]
    w_rows = []
    for u in bad[:10]:
        c = Counter(f.severity for f in groups[u] if f.status == "fail")
        info = report.units[u]
        w_rows.append(f'<tr><td><a href="#u-{_e(u)}">{_e(u)}</a></td><td>{_e(info.name)}</td><td>{_e(info.level)}</td>'
                      f"<td>{sum(c.values())}</td><td>" + " ".join(
                          f'<span class="sev-{s}">{c[s]} {_e(t.severity(s))}</span>' for s in SEVERITY_ORDER if c[s])
                      + "</td></tr>")
    return ('<div class="sum">'
            f"<table><tr><th>{_e(t('by severity'))}</th><th>{_e(t('finding'))}</th><th>{_e(t('devices'))}</th></tr>"
            + "".join(rows) + "</table>"
            f"<table><tr><th>{_e(t('by article'))}</th><th>{_e(t('finding'))}</th><th>{_e(t('units'))}</th>"
            f"<th>{_e(t('rule'))}</th></tr>" + "".join(a_rows) + "</table>"
            f"<table><tr><th>{_e(t('by unit'))}</th><th></th></tr>"
            f"<tr><td>{_e(t('non-compliant units'))}</td><td>{len(bad)}</td></tr>"
            f"<tr><td>{_e(t('compliant units'))}</td><td>{len(good)}</td></tr>"
            f"<tr><td>{_e(t('devices'))}</td><td>{len(report.devices)}</td></tr></table></div>"
            + (f"<h3>{_e(t('worst units'))}</h3><table><tr><th>{_e(t('unit'))}</th><th></th><th>{_e(t('level'))}</th>"
               f"<th>{_e(t('finding'))}</th><th>{_e(t('severity'))}</th></tr>" + "".join(w_rows) + "</table>"
               if w_rows else ""))


def html(report: Report, t: Lang = EN) -> str:
    """One self-contained page (no network), bounded in size at province scale: the verdict and the counts by
    severity, article and unit first; the non-compliant units worst first; the compliant ones collapsed; a
    filter by unit, rule, severity and device."""
    code = report.exit_code()
    cls = code.word
    groups = _by_unit(report)
    bad, good = _unit_order(report, groups)
    lang = "zh-CN" if t.code == "zh-CN" else "en"
    parts = [
        "<!DOCTYPE html>", f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>netwarden {_e(report.kind)}: {_e(report.subject)}</title>", f"<style>{CSS}</style></head><body>",
        f"<h1>netwarden {_e(report.kind)}: {_e(report.subject)}</h1>",
        f'<div class="verdict {cls}" id="verdict"><b>{_e(_summary(report, t))}</b></div>',
        '<p class="run">' + " &middot; ".join(_e(x) for x in run_lines(report, t)) + "</p>",
    ]
    gate = _gate(report)
    if gate is not None:
        v = gate.verdict
        vc = {"pass": "clean", "fail": "findings"}.get(v, "error")
        gu = gate.unit
        parts.append(f'<h2>{_e(t("verdict"))} <span class="badge {vc}">{_e(_verdict(v, t))}</span></h2>')
        parts.append('<p class="meta">' + _e(t("unit_line", name=gu.get("name", ""), id=gu.get("id", ""),
                                                level=gu.get("level", ""), contact=gu.get("contact", ""),
                                                date=gu.get("date", ""))) + "</p>")
        parts.append(f"<table><tr><th>{_e(t('stage'))}</th><th>{_e(t('status'))}</th><th>{_e(t('detail'))}</th>"
                     f"<th>{_e(t('checks'))}</th></tr>")
        for s in gate.stages:
            sc = {"passed": "clean", "failed": "findings"}.get(s.status, "error")
            parts.append(f'<tr><td>{_e(s.stage)}</td><td><span class="badge {sc}">{_e(s.status)}</span></td>'
                         f'<td>{_e(s.detail)}</td><td>{"<br>".join(_e(c) for c in s.checks)}</td></tr>')
        parts.append("</table>")
    parts.append(_summary_html(report, groups, bad, good, t))
    zones = diagram.svg(report, _zone_labels(t))
    if zones:
        parts.append(f"<details open><summary><b>{_e(t('zones'))}</b></summary>{zones}</details>")
    if report.errors:
        shown = report.errors[:MAX_ROWS // 10]
        parts.append(f"<h2>{_e(t('errors'))}</h2><ul>" + "".join(f"<li>{_e(e)}</li>" for e in shown) + "</ul>"
                     + (f'<p class="na">{_e(t("more", n=len(report.errors) - len(shown)))}</p>'
                        if len(report.errors) > len(shown) else ""))
    if report.device_status:
        parts.append(_devices_html(report, t))
    sevs = "".join(f'<option value="{s}">{_e(t.severity(s))}</option>' for s in SEVERITY_ORDER)
    parts.append(f'<div id="filter">{_e(t("filter"))}: '
                 f'<input data-k="u" placeholder="{_e(t("unit"))}" size="12">'
                 f'<input data-k="r" placeholder="{_e(t("rule"))}" size="9">'
                 f'<select data-k="s"><option value="">{_e(t("severity"))}: {_e(t("all"))}</option>{sevs}</select>'
                 f'<input data-k="d" placeholder="{_e(t("device"))}" size="14"> '
                 f'<span class="na">{_e(t("shown"))}: <span id="shown"></span> {_e(t("rows"))}</span></div>')
    budget = MAX_ROWS
    left_out = 0
    for uid in bad:
        u = report.units[uid]
        fs = groups.get(uid, [])
        fails = [f for f in fs if f.status == "fail"]
        devs = sorted(d for d, x in report.devices.items() if x == uid)
        parts.append(f'<section class="unit" id="u-{_e(uid)}"><h2>{_e(u.name)} <code>{_e(uid)}</code> '
                     f'<span class="badge findings">{_e(t("non-compliant"))}</span></h2>')
        parts.append('<p class="meta">' + _e(t("unit_meta", level=u.level, contact=u.contact or "-",
                                                devices=_few(devs))) + "</p>")
        parts.append(f"<table><tr><th>{_e(t('severity'))}</th><th>{_e(t('rule'))}</th><th>{_e(t('device'))}</th>"
                     f"<th>{_e(t('finding'))}</th><th>{_e(t('evidence'))}</th><th>{_e(t('fix'))}</th></tr>")
        for f in sorted(fails, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.article, f.rule_id, f.device)):
            if budget <= 0:
                left_out += 1
                continue
            budget -= 1
            parts.append(f'<tr class="f" data-u="{_e(uid)}" data-r="{_e(f.rule_id)}" data-s="{_e(f.severity)}" '
                         f'data-d="{_e(f.device)}"><td class="sev-{_e(f.severity)}">{_e(t.severity(f.severity))}</td>'
                         f"<td><b>{_e(f.rule_id)}</b><br>{_e(t.title(f.rule_id, f.title))}<br>"
                         f"<small>{_e(cite(f, t))}</small></td><td>{_e(f.device)}</td><td>{_e(f.message)}</td>"
                         f"<td>{_ev_html(f)}</td><td>{_e(t.fix(f.rule_id, f.fix))}</td></tr>")
        parts.append("</table>")
        parts.append(_other(fs, t))
        parts.append("</section>")
    if left_out:
        parts.append(f'<p class="na"><b>{_e(t("more", n=left_out))}</b></p>')
    if good:
        parts.append(f"<details><summary><b>{_e(t('compliant units'))} ({len(good)})</b></summary>"
                     f"<table><tr><th>{_e(t('unit'))}</th><th></th><th>{_e(t('level'))}</th>"
                     f"<th>{_e(t('devices'))}</th><th></th></tr>")
        for uid in good:
            u = report.units[uid]
            devs = sorted(d for d, x in report.devices.items() if x == uid)
            parts.append(f'<tr id="u-{_e(uid)}"><td><code>{_e(uid)}</code></td><td>{_e(u.name)}</td>'
                         f"<td>{_e(u.level)}</td><td>{_e(_few(devs))}</td>"
                         f"<td>{_other(groups.get(uid, []), t)}</td></tr>")
        parts.append("</table></details>")
    parts.append(f"<script>{JS}</script></body></html>")
    return "\n".join(parts) + "\n"


def _few(names: list[str], n: int = 8) -> str:
    return ", ".join(names[:n]) + (f" … (+{len(names) - n})" if len(names) > n else "") if names else "-"


def _other(fs: list[Finding], t: Lang) -> str:
    other = sorted({(f.rule_id, f.status, f.message) for f in fs if f.status != "fail"})
    if not other:
        return ""
    return (f'<p class="na">{_e(t("not applicable / not checked"))}: ' + "; ".join(
        f"{_e(r)} ({_e(t.word(s.replace('_', ' ')))}: {_e(m)})" for r, s, m in other) + "</p>")


def _devices_html(report: Report, t: Lang) -> str:
    """Live runs: the devices that need attention first, in the open; the others collapsed."""
    ok = ("clean", "unchanged", "changed", "ok", "checked", "would_change")
    rows: dict[bool, list[str]] = {True: [], False: []}
    for d, st in sorted(report.device_status.items(), key=lambda x: (x[1] in ok, x[1] != "drift", x[0])):
        c = "clean" if st in ok else "findings" if st == "drift" else "error"
        diff = report.diffs.get(d, "")
        det = f"<details><summary>{_e(t('diff'))}</summary><pre>{_e(diff)}</pre></details>" if diff else ""
        rows[st in ok].append(f"<tr><td>{_e(d)}</td><td>{_e(report.devices.get(d, ''))}</td>"
                              f'<td><span class="badge {c}">{_e(t.word(st))}</span></td>'
                              f"<td>{_e(report.device_messages.get(d, ''))}{det}</td></tr>")
    head = (f"<tr><th>{_e(t('device'))}</th><th>{_e(t('unit'))}</th><th>{_e(t('status'))}</th><th></th></tr>")
    out = f"<h2>{_e(t('devices'))}</h2>"
    if rows[False]:
        out += "<table>" + head + "".join(rows[False]) + "</table>"
    if rows[True]:
        out += (f"<details{' open' if not rows[False] and len(rows[True]) <= 50 else ''}><summary>"
                f"{_e(t('clean'))} ({len(rows[True])})</summary><table>" + head + "".join(rows[True])
                + "</table></details>")
    return out

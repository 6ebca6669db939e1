"""The yearly record of a unit's security work (Art. 4: each unit files its measures yearly), from the results
store and the audit log: the checks run over the unit's devices, the findings opened and closed, the drift
incidents, the pre-connection verdicts, the backups taken and the changes pushed. Markdown or one
self-contained HTML file, in English or Chinese (``zh-CN``).

Years are calendar years in UTC. A unit's devices are those the store has recorded under it; a finding
"opened" in the year first stood in a run of the year, one "closed" cleared in one (``timeline``)."""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netwarden.errors import NetwardenError
from netwarden.history.record import FAULTS
from netwarden.history.timeline import Interval, intervals

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Yearly security record",
        "unit": "Unit",
        "level": "Protection level",
        "contact": "Contact",
        "year": "Year",
        "generated": "Generated (UTC)",
        "tool": "netwarden version",
        "store": "Results store",
        "audit": "Audit log",
        "basis": "Filed under Art. 4 (each unit files its security measures yearly).",
        "summary": "Summary",
        "checks": "Checks run",
        "opened": "Findings opened",
        "closed": "Findings closed",
        "standing": "Findings standing at year end",
        "drift": "Drift incidents",
        "preconnect": "Pre-connection verdicts",
        "backups": "Backups taken",
        "pushes": "Changes pushed",
        "command": "Command",
        "runs": "Runs",
        "clean": "Clean",
        "with_findings": "With findings",
        "not_checked": "Not checked",
        "first": "First",
        "last": "Last",
        "rule": "Rule",
        "article": "Article",
        "severity": "Severity",
        "device": "Device",
        "since": "Opened",
        "cleared": "Closed",
        "still": "standing",
        "message": "What",
        "date": "Date",
        "verdict": "Verdict",
        "stages": "Stages",
        "failed_rules": "Failed rules",
        "stored": "Stored",
        "suspect": "Suspect",
        "failed": "Failed",
        "user": "User",
        "devices": "Devices",
        "result": "Result",
        "none": "None recorded in this year.",
        "no_runs": "No check of this unit's devices was recorded in this year: the record is incomplete.",
        "chain_ok": "chain intact",
        "chain_bad": "problem(s): run netwarden audit verify",
        "no_audit": "no audit log",
    },
    "zh-CN": {
        "title": "年度安全工作记录",
        "unit": "单位",
        "level": "安全保护等级",
        "contact": "联系人",
        "year": "年度",
        "generated": "生成时间 (UTC)",
        "tool": "netwarden 版本",
        "store": "结果库",
        "audit": "审计日志",
        "basis": "依据第四条报送（各单位每年报送安全保护措施）。",  # noqa: RUF001
        "summary": "概要",
        "checks": "已执行检查",
        "opened": "新发现问题",
        "closed": "已整改问题",
        "standing": "年末未整改问题",
        "drift": "配置漂移事件",
        "preconnect": "接入前检查结论",
        "backups": "配置备份",
        "pushes": "已下发变更",
        "command": "命令",
        "runs": "次数",
        "clean": "合规",
        "with_findings": "有问题",
        "not_checked": "未能检查",
        "first": "首次",
        "last": "最近",
        "rule": "规则",
        "article": "条款",
        "severity": "严重程度",
        "device": "设备",
        "since": "发现时间",
        "cleared": "整改时间",
        "still": "未整改",
        "message": "内容",
        "date": "日期",
        "verdict": "结论",
        "stages": "阶段",
        "failed_rules": "未通过规则",
        "stored": "已备份",
        "suspect": "可疑",
        "failed": "失败",
        "user": "用户",
        "devices": "设备",
        "result": "结果",
        "none": "本年度无记录。",
        "no_runs": "本年度未记录对该单位设备的任何检查：记录不完整。",  # noqa: RUF001
        "chain_ok": "哈希链完整",
        "chain_bad": "个问题：请运行 netwarden audit verify",  # noqa: RUF001
        "no_audit": "无审计日志",
    },
}


@dataclass
class UnitYear:
    unit: str
    year: int
    name: str = ""
    level: int | None = None
    contact: str = ""
    devices: list[str] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)  # per command: runs, clean, findings, not checked
    opened: list[Interval] = field(default_factory=list)
    closed: list[Interval] = field(default_factory=list)
    standing: list[Interval] = field(default_factory=list)
    drift: list[Interval] = field(default_factory=list)
    preconnect: list[dict[str, Any]] = field(default_factory=list)
    backups: list[dict[str, Any]] = field(default_factory=list)
    pushes: list[dict[str, Any]] = field(default_factory=list)
    store: str = ""
    audit: str = ""
    generated: str = ""
    tool_version: str = ""


def _in_year(t: str | None, year: int) -> bool:
    return bool(t) and f"{year:04d}-01-01" <= str(t) < f"{year + 1:04d}-01-01"


def collect(store: Any, unit: str, year: int, audit_log: Path | None = None, where: str = "") -> UnitYear:
    from netwarden import __version__, audit
    from netwarden.history.store import safe_url

    start, end = f"{year:04d}-01-01", f"{year + 1:04d}-01-01"
    info = store.query(
        "SELECT u.name, u.level, u.contact FROM run_units u JOIN runs r ON r.run_id = u.run_id WHERE u.unit = ? "
        "ORDER BY (r.started >= ? AND r.started < ?) DESC, r.started DESC LIMIT 1",
        (unit, start, end),
    )
    devices = sorted(
        {r["device"] for r in store.query("SELECT DISTINCT device FROM run_devices WHERE unit = ?", (unit,))}
    )
    if not info and not devices:
        raise NetwardenError(f"unit {unit!r}: no run recorded in the results store {safe_url(where)}")
    uy = UnitYear(
        unit,
        year,
        devices=devices,
        store=safe_url(where),
        tool_version=__version__,
        generated=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )
    if info:
        uy.name, uy.level, uy.contact = info[0]["name"], info[0]["level"], info[0]["contact"]
    rows = store.query(
        "SELECT r.run_id, r.command, r.scope, r.started, r.verdict, r.details, d.device, d.status FROM run_devices d "
        "JOIN runs r ON r.run_id = d.run_id WHERE d.unit = ? AND r.started >= ? AND r.started < ? "
        "ORDER BY r.started, r.run_id",
        (unit, start, end),
    )
    failing = {
        (f["run_id"], f["rule_id"])
        for f in store.query(
            "SELECT f.run_id, f.rule_id FROM findings f JOIN runs r ON r.run_id = f.run_id WHERE f.unit = ? "
            "AND f.status = 'fail' AND r.started >= ? AND r.started < ?",
            (unit, start, end),
        )
    }
    runs: dict[str, dict[str, Any]] = {}
    for r in rows:
        run = runs.setdefault(r["run_id"], {**r, "statuses": {}})
        run["statuses"][r["device"]] = r["status"]
    per: dict[str, dict[str, Any]] = {}
    for run in runs.values():
        label = run["command"] + (f" ({run['scope']})" if run["scope"] else "")
        c = per.setdefault(
            label,
            {
                "command": label,
                "runs": 0,
                "clean": 0,
                "findings": 0,
                "not_checked": 0,
                "first": run["started"],
                "last": run["started"],
            },
        )
        c["runs"] += 1
        c["last"] = run["started"]
        rules = sorted(rule for rid, rule in failing if rid == run["run_id"])
        statuses = run["statuses"].values()
        if any(s in FAULTS for s in statuses):
            c["not_checked"] += 1
        elif rules or "drift" in statuses:
            c["findings"] += 1
        else:
            c["clean"] += 1
        details = json.loads(run["details"])
        if run["command"] == "preconnect" and details.get("unit") == unit:
            uy.preconnect.append(
                {"date": run["started"], "verdict": run["verdict"], "stages": details.get("stages", {}), "rules": rules}
            )
        if run["command"] == "backup":
            st = list(run["statuses"].values())
            uy.backups.append(
                {
                    "date": run["started"],
                    "stored": sum(1 for s in st if s not in FAULTS and s != "suspect"),
                    "suspect": st.count("suspect"),
                    "failed": sum(1 for s in st if s in FAULTS),
                }
            )
    uy.checks = sorted(per.values(), key=lambda c: c["command"])
    for iv in intervals(store, unit=unit):
        if iv.kind == "drift":
            if iv.since < end and (iv.cleared is None or iv.cleared >= start):
                uy.drift.append(iv)
            continue
        if _in_year(iv.since, year):
            uy.opened.append(iv)
        if _in_year(iv.cleared, year):
            uy.closed.append(iv)
        if iv.since < end and (iv.cleared is None or iv.cleared >= end):
            uy.standing.append(iv)
    log = audit_log or audit.default_path()
    if log.exists():
        problems = audit.verify(log)
        uy.audit = f"{log}: " + ("chain_ok" if not problems else f"{len(problems)} chain_bad")
        mine = set(devices)
        for rec in audit.records(log):
            det = rec.get("details") or {}
            if rec.get("action") != "apply" or det.get("mode") != "push" or not _in_year(rec.get("time"), year):
                continue
            pushed = sorted(set(rec.get("sha256") or {}) & mine)
            if pushed:
                uy.pushes.append(
                    {
                        "date": rec["time"],
                        "user": rec.get("user", ""),
                        "devices": pushed,
                        "result": rec.get("result", ""),
                        "sha256": {d: rec["sha256"][d] for d in pushed},
                    }
                )
    else:
        uy.audit = f"{log}: no_audit"
    return uy


def _day(t: str | None) -> str:
    return str(t)[:16].replace("T", " ") if t else ""


def _tables(uy: UnitYear, lang: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """(section title, header, rows) for each section, labelled in ``lang``."""
    L = LABELS[lang]
    finding_header = [L["rule"], L["article"], L["severity"], L["device"], L["since"], L["cleared"], L["message"]]

    def frow(i: Interval) -> list[str]:
        return [
            i.rule_id,
            f"Art. {i.article}" if i.article is not None else "",
            i.severity,
            i.device,
            _day(i.since),
            _day(i.cleared) if i.cleared else L["still"],
            i.message,
        ]

    return [
        (
            L["checks"],
            [L["command"], L["runs"], L["clean"], L["with_findings"], L["not_checked"], L["first"], L["last"]],
            [
                [
                    c["command"],
                    str(c["runs"]),
                    str(c["clean"]),
                    str(c["findings"]),
                    str(c["not_checked"]),
                    _day(c["first"]),
                    _day(c["last"]),
                ]
                for c in uy.checks
            ],
        ),
        (L["opened"], finding_header, [frow(i) for i in uy.opened]),
        (L["closed"], finding_header, [frow(i) for i in uy.closed]),
        (L["standing"], finding_header, [frow(i) for i in uy.standing]),
        (
            L["drift"],
            [L["device"], L["since"], L["cleared"], L["runs"], L["command"]],
            [
                [i.device, _day(i.since), _day(i.cleared) if i.cleared else L["still"], str(i.runs), i.series]
                for i in uy.drift
            ],
        ),
        (
            L["preconnect"],
            [L["date"], L["verdict"], L["stages"], L["failed_rules"]],
            [
                [
                    _day(p["date"]),
                    p["verdict"],
                    ", ".join(f"{k}: {v}" for k, v in p["stages"].items()),
                    ", ".join(p["rules"]),
                ]
                for p in uy.preconnect
            ],
        ),
        (
            L["backups"],
            [L["date"], L["stored"], L["suspect"], L["failed"]],
            [[_day(b["date"]), str(b["stored"]), str(b["suspect"]), str(b["failed"])] for b in uy.backups],
        ),
        (
            L["pushes"],
            [L["date"], L["user"], L["devices"], L["result"]],
            [[_day(p["date"]), p["user"], ", ".join(p["devices"]), p["result"]] for p in uy.pushes],
        ),
    ]


def _facts(uy: UnitYear, lang: str) -> list[tuple[str, str]]:
    L = LABELS[lang]
    audit = uy.audit
    for key in ("chain_ok", "chain_bad", "no_audit"):
        audit = audit.replace(key, L[key])
    return [
        (L["unit"], f"{uy.name} ({uy.unit})" if uy.name else uy.unit),
        (L["level"], str(uy.level) if uy.level is not None else ""),
        (L["contact"], uy.contact),
        (L["year"], str(uy.year)),
        (L["devices"], ", ".join(uy.devices)),
        (L["generated"], uy.generated),
        (L["tool"], uy.tool_version),
        (L["store"], uy.store),
        (L["audit"], audit),
    ]


def _summary(uy: UnitYear, lang: str) -> list[tuple[str, int]]:
    L = LABELS[lang]
    return [
        (L["checks"], sum(c["runs"] for c in uy.checks)),
        (L["opened"], len(uy.opened)),
        (L["closed"], len(uy.closed)),
        (L["standing"], len(uy.standing)),
        (L["drift"], len(uy.drift)),
        (L["preconnect"], len(uy.preconnect)),
        (L["backups"], len(uy.backups)),
        (L["pushes"], len(uy.pushes)),
    ]


def _md_cell(s: str) -> str:
    """A value as Markdown text: no table break, no HTML (a renderer passes raw HTML through)."""
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def markdown(uy: UnitYear, lang: str = "en") -> str:
    L = LABELS[lang]
    out = [f"# {L['title']}: {_md_cell(uy.name or uy.unit)} ({_md_cell(uy.unit)}), {uy.year}", "", L["basis"], ""]
    out += [f"- **{k}**: {_md_cell(v)}" for k, v in _facts(uy, lang)]
    if not uy.checks:
        out += ["", f"**{L['no_runs']}**"]
    out += ["", f"## {L['summary']}", "", f"| {L['summary']} | # |", "| --- | ---: |"]
    out += [f"| {k} | {n} |" for k, n in _summary(uy, lang)]
    for title, header, rows in _tables(uy, lang):
        out += ["", f"## {title}", ""]
        if not rows:
            out.append(L["none"])
            continue
        out += ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
        out += ["| " + " | ".join(_md_cell(c) for c in r) + " |" for r in rows]
    return "\n".join(out) + "\n"


CSS = (
    "body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0}"
    "td,th{border:1px solid #bbb;padding:.2em .5em;text-align:left;vertical-align:top}th{background:#eee}"
    ".warn{color:#a00;font-weight:bold}dt{font-weight:bold;float:left;clear:left;width:14em}dd{margin-left:15em}"
)


def html_report(uy: UnitYear, lang: str = "en") -> str:
    L = LABELS[lang]
    e = html.escape
    out = [
        f'<!DOCTYPE html>\n<html lang="{e(lang)}"><head><meta charset="utf-8">',
        f"<title>{e(L['title'])}: {e(uy.unit)} {uy.year}</title><style>{CSS}</style></head><body>",
        f"<h1>{e(L['title'])}: {e(uy.name or uy.unit)} ({e(uy.unit)}), {uy.year}</h1>",
        f"<p>{e(L['basis'])}</p>",
        "<dl>" + "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in _facts(uy, lang)) + "</dl>",
    ]
    if not uy.checks:
        out.append(f'<p class="warn">{e(L["no_runs"])}</p>')
    out.append(
        f"<h2>{e(L['summary'])}</h2><table>"
        + "".join(f"<tr><th>{e(k)}</th><td>{n}</td></tr>" for k, n in _summary(uy, lang))
        + "</table>"
    )
    for title, header, rows in _tables(uy, lang):
        out.append(f"<h2>{e(title)}</h2>")
        if not rows:
            out.append(f"<p>{e(L['none'])}</p>")
            continue
        out.append(
            "<table><tr>"
            + "".join(f"<th>{e(h)}</th>" for h in header)
            + "</tr>"
            + "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows)
            + "</table>"
        )
    out.append("</body></html>\n")
    return "\n".join(out)


def render(uy: UnitYear, fmt: str = "markdown", lang: str = "en") -> str:
    if lang not in LABELS:
        raise NetwardenError(f"--lang {lang}: not one of {', '.join(LABELS)}")
    return html_report(uy, lang) if fmt == "html" else markdown(uy, lang)

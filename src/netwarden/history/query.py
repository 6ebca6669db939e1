"""Reading the store: the runs (newest first), and a device's or a unit's intervals, as text or JSON data."""

from __future__ import annotations

import json
from typing import Any

from netwarden.history.timeline import Interval

RUN_COLUMNS = (
    "run_id, command, scope, subject, inventory, started, finished, duration, verdict, exit_code, checks, findings, "
    "errors, baseline_version, tool_version, user_name, host, details"
)


def runs(
    store: Any, last: int = 20, command: str | None = None, device: str | None = None, unit: str | None = None
) -> list[dict[str, Any]]:
    """The last ``last`` runs (0: all), newest first; only those that covered ``device`` or ``unit``, if given."""
    where, params = [], []
    if command:
        where.append("r.command = ?")
        params.append(command)
    for col, value in (("device", device), ("unit", unit)):
        if value is not None:
            where.append(f"r.run_id IN (SELECT run_id FROM run_devices WHERE {col} = ?)")
            params.append(value)
    sql = f"SELECT {', '.join('r.' + c.strip() for c in RUN_COLUMNS.split(','))} FROM runs r"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY r.started DESC, r.run_id DESC"
    if last:
        sql += f" LIMIT {int(last)}"
    out = store.query(sql, params)
    for r in out:
        r["errors"] = json.loads(r["errors"])
        r["details"] = json.loads(r["details"])
    return out


def _short(t: str | None) -> str:
    return t[:19].replace("T", " ") if t else ""


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines) + "\n"


def runs_text(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "no runs recorded\n"
    header = ["started (UTC)", "command", "verdict", "exit", "findings", "errors", "duration", "subject", "run"]
    body = [
        [
            _short(r["started"]),
            r["command"] + (f" ({r['scope']})" if r["scope"] else ""),
            r["verdict"],
            str(r["exit_code"]),
            str(r["findings"]),
            str(len(r["errors"])),
            f"{r['duration']:.1f}s",
            r["subject"],
            r["run_id"][:12],
        ]
        for r in rows
    ]
    return _table(header, body)


def intervals_text(what: str, ivs: list[Interval]) -> str:
    if not ivs:
        return f"{what}: no finding or drift recorded\n"
    standing = sum(1 for i in ivs if i.standing)
    header = ["since (UTC)", "cleared (UTC)", "runs", "device", "rule", "severity", "in", "what"]
    body = [
        [
            _short(i.since),
            _short(i.cleared) if i.cleared else "standing",
            str(i.runs),
            i.device,
            i.rule_id or "drift",
            i.severity,
            i.series,
            (i.message[:80] + "...") if len(i.message) > 83 else i.message,
        ]
        for i in ivs
    ]
    return (f"{what}: {standing} standing, {len(ivs) - standing} cleared\n") + _table(header, body)

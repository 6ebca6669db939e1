"""One run as the store keeps it, made from a job's request and its result (or the error that ended it).

Recording never changes a job's verdict or exit code and never stops it: :func:`record` turns any failure of
the store into one warning on stderr. What is stored is masked on the way in (``secrets.mask``, every
platform's secret forms): findings' messages and evidence, device messages, errors."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import socket
import sys
import uuid
from dataclasses import dataclass, field
from typing import Any

from netwarden.secrets import mask

FAULTS = ("unreachable", "auth", "timeout", "error", "rolled_back", "skipped")  # a device that was not checked
DETAIL_FIELDS = ("inventory", "configs", "limit", "unit", "commit", "skip", "targets", "loader", "today")


@dataclass
class Run:
    run_id: str
    command: str
    scope: str  # verify: intended | configs; apply: push | dry-run; else ""
    subject: str
    inventory: str
    started: str
    finished: str
    duration: float
    verdict: str
    exit_code: int
    checks: int = 0
    errors: list[str] = field(default_factory=list)
    baseline_version: str = ""
    tool_version: str = ""
    user_name: str = ""
    host: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    units: list[tuple[str, str, int | None, str]] = field(default_factory=list)  # unit, name, level, contact
    devices: list[tuple[str, str, str, str]] = field(default_factory=list)  # device, unit, status, message
    findings: list[dict[str, Any]] = field(default_factory=list)


def iso(t: dt.datetime) -> str:
    """One fixed width (microseconds, +00:00) so that times sort as text."""
    return t.astimezone(dt.UTC).isoformat(timespec="microseconds")


def mask_message(text: str) -> str:
    """``secrets.mask`` for a message that quotes a config line after a label ("drift (...): <line>"): the
    secret-line patterns are anchored at a line's start, so every tail after ": " is masked as a line too."""
    head, sep, tail = text.partition(": ")
    if not sep:
        return mask(text)
    # the head alone (a label that reads like a secret keyword must not swallow the line after it), and the
    # whole once more: what the head's own patterns would have masked across the separator
    return mask(mask(head) + sep + mask_message(tail))


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


def _jsonable(v: Any) -> Any:
    if isinstance(v, str | int | float | bool) or v is None:
        return v
    if isinstance(v, frozenset | set):
        return sorted(str(x) for x in v)
    if isinstance(v, list | tuple):
        return [_jsonable(x) for x in v]
    return str(v)


def _scope(command: str, req: Any) -> str:
    if command == "verify":
        return "configs" if getattr(req, "configs", None) else "intended"
    if command == "apply":
        return "push" if getattr(req, "commit", False) else "dry-run"
    if command == "preconnect" and getattr(req, "skip", None):  # a skipped stage's findings are not absent
        return "skip " + ",".join(sorted(req.skip))
    return ""


def verdict_of(result: Any) -> str:
    """The result's word: a gate's verdict, else the report's headline word (clean, findings, incomplete, error,
    changes pending, applied)."""
    if getattr(result, "verdict", None):
        return str(result.verdict)
    word = getattr(result, "result_word", None)
    return str(word) if word else result.exit_code().word


def device_status(report: Any, device: str) -> str:
    status = report.device_status.get(device)
    if status:
        return str(status)
    return "error" if any(e.startswith(f"{device}:") for e in report.errors) else "checked"


def make_run(
    command: str, req: Any, result: Any, error: BaseException | None, started: dt.datetime, duration: float
) -> Run:
    from netwarden import __version__

    finished = started + dt.timedelta(seconds=duration)
    details = {k: _jsonable(getattr(req, k)) for k in DETAIL_FIELDS if getattr(req, k, None) not in (None, "", ())}
    run = Run(
        uuid.uuid4().hex,
        command,
        _scope(command, req),
        "",
        str(getattr(req, "inventory", "")),
        iso(started),
        iso(finished),
        round(duration, 6),
        "error",
        1,
        tool_version=__version__,
        user_name=_user(),
        host=socket.gethostname(),
        details=details,
    )
    if error is not None:
        text = (
            "interrupted"
            if isinstance(error, KeyboardInterrupt)
            else (error.render() if hasattr(error, "render") else f"{type(error).__name__}: {error}")
        )
        run.errors = [mask_message(text)[:4000]]
        return run
    run.exit_code = int(result.exit_code())
    run.verdict = verdict_of(result)
    run.baseline_version = str(getattr(result, "baseline_version", "") or "")
    if command == "validate":
        run.subject = str(getattr(result, "inventory", ""))
        run.checks = 1
        return run
    report = result
    run.subject = str(report.subject)
    run.checks = int(report.checks)
    run.errors = [mask_message(e) for e in report.errors]
    run.units = [(u.id, u.name, u.level, u.contact) for u in sorted(report.units.values(), key=lambda u: u.id)]
    run.devices = [
        (d, uid, device_status(report, d), mask_message(report.device_messages.get(d, "")))
        for d, uid in sorted(report.devices.items())
    ]
    run.findings = [
        {
            "rule_id": f.rule_id,
            "article": f.article,
            "clause": f.clause,
            "severity": f.severity,
            "status": f.status,
            "device": f.device,
            "unit": f.unit,
            "message": mask_message(f.message),
            "evidence": [
                {"file": e.file, "lines": list(e.lines), "text": [mask(t) for t in e.text]} for e in f.evidence
            ],
        }
        for f in report.findings
    ]
    if command == "preconnect":
        run.details["stages"] = {s.stage: s.status for s in report.stages}
    if command == "apply":
        run.details["changed"] = list(report.changed)
    if command == "backup":
        run.details["suspect"] = sorted(report.suspect)
    return run


def write(store: Any, run: Run) -> None:
    """The run, its units, devices and findings, in one transaction."""
    try:
        store.execute(
            "INSERT INTO runs (run_id, command, scope, subject, inventory, started, finished, duration, verdict, "
            "exit_code, checks, findings, errors, baseline_version, tool_version, user_name, host, details) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                run.run_id,
                run.command,
                run.scope,
                run.subject,
                run.inventory,
                run.started,
                run.finished,
                run.duration,
                run.verdict,
                run.exit_code,
                run.checks,
                sum(1 for f in run.findings if f["status"] == "fail"),
                json.dumps(run.errors),
                run.baseline_version,
                run.tool_version,
                run.user_name,
                run.host,
                json.dumps(run.details, sort_keys=True),
            ),
        )
        store.executemany(
            "INSERT INTO run_units (run_id, unit, name, level, contact) VALUES (?, ?, ?, ?, ?)",
            [(run.run_id, *u) for u in run.units],
        )
        store.executemany(
            "INSERT INTO run_devices (run_id, device, unit, status, message) VALUES (?, ?, ?, ?, ?)",
            [(run.run_id, *d) for d in run.devices],
        )
        store.executemany(
            "INSERT INTO findings (run_id, n, rule_id, article, clause, severity, status, device, unit, message, "
            "evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    run.run_id,
                    n,
                    f["rule_id"],
                    f["article"],
                    f["clause"],
                    f["severity"],
                    f["status"],
                    f["device"],
                    f["unit"],
                    f["message"],
                    json.dumps(f["evidence"]),
                )
                for n, f in enumerate(run.findings)
            ],
        )
        store.commit()
    except BaseException:
        store.rollback()
        raise


def record(
    where: str | None,
    command: str,
    req: Any,
    result: Any,
    error: BaseException | None,
    started: dt.datetime,
    duration: float,
) -> Run | None:
    """Record one run at ``where`` (None: off). Never raises: a failure is a warning on stderr."""
    if where is None:
        return None
    from netwarden.history.store import connect, safe_url

    try:
        run = make_run(command, req, result, error, started, duration)
        with connect(where) as store:
            write(store, run)
        return run
    except Exception as e:  # the store's fault never becomes the job's
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        print(f"warning: history not recorded in {safe_url(where)}: {mask_message(safe_url(reason))}", file=sys.stderr)
        return None

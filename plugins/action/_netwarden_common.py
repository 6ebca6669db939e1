"""Shared glue for netwarden's action plugins: arguments -> core call -> result dict."""

from __future__ import annotations

import os
from typing import Any


def inventory_source(task_vars: dict[str, Any], explicit: str | None) -> str:
    if explicit:
        return explicit
    sources = task_vars.get("ansible_inventory_sources") or []
    if len(sources) != 1:
        raise ValueError("netwarden needs exactly one inventory source (pass inventory=...)")
    return str(sources[0])


def vault_file(explicit: str | None) -> str | None:
    return explicit or os.environ.get("NETWARDEN_VAULT_PASSWORD_FILE") or os.environ.get(
        "ANSIBLE_VAULT_PASSWORD_FILE") or None


def report_result(report: Any, rc: int, args: dict[str, Any]) -> dict[str, Any]:
    """The task result for a netwarden report; writes it to `report_file` when asked."""
    from netwarden.report import render_report

    out: dict[str, Any] = {"rc": rc, "result": {0: "clean", 1: "error", 2: "findings"}.get(rc, str(rc)),
                           "findings": len(report.failures), "errors": report.errors,
                           "devices": report.device_status or {d: "checked" for d in report.devices}}
    if args.get("report_file"):
        from netwarden.api import write_atomic

        write_atomic(args["report_file"], render_report(report, args.get("report_format", "json")))
        out["report_file"] = args["report_file"]
    out["summary"] = render_report(report, "text").splitlines()[-1]
    return out


def load_opts(args: dict[str, Any]) -> dict[str, Any]:
    import datetime as dt

    return {"vault_password_file": vault_file(args.get("vault_password_file")),
            "today": dt.date.fromisoformat(args["today"]) if args.get("today") else None,
            "baseline": args.get("baseline")}

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


def report_action_base() -> type:
    """The base of the report-producing action plugins (verify, drift, apply, backup): one `run`,
    each plugin only says how its job is called (`_job`)."""
    from ansible.plugins.action import ActionBase

    class ReportAction(ActionBase):  # type: ignore[misc]
        TRANSFERS_FILES = False
        _requires_connection = False
        FAIL_ON_FINDINGS = True

        def run(self, tmp: str | None = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
            from netwarden.errors import InputError, NetwardenError

            result = super().run(tmp, task_vars)
            task_vars = task_vars or {}
            args = dict(self._task.args)
            hosts = args.get("hosts") or task_vars.get("ansible_play_hosts_all") or None
            try:
                report, rc, extra = self._job(inventory_source(task_vars, args.get("inventory")), hosts, args)
            except InputError as e:
                return {**result, "failed": True, "msg": e.render()}
            except (NetwardenError, ValueError, KeyError) as e:
                return {**result, "failed": True, "msg": f"netwarden: {e}"}
            out = {**result, **report_result(report, rc, args), **extra}
            out["failed"] = rc == 1 or (rc == 2 and bool(args.get("fail_on_findings", True))
                                        and self.FAIL_ON_FINDINGS)
            out["msg"] = out["summary"]
            return out

        def _job(self, inventory: str, hosts: Any, args: dict[str, Any]) -> tuple[Any, int, dict[str, Any]]:
            raise NotImplementedError

    return ReportAction

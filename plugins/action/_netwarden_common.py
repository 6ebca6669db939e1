"""The one base of netwarden's action plugins: validated arguments -> one core call -> the task result.

A plugin says only what differs: `job` (its call into the netwarden core and its result) or, for the
report-producing jobs, `report` and `failed` (how the report maps to the task's failure). Its argument
spec is its module's documentation (plugins/modules/<name>.py merged with plugins/doc_fragments), checked
here once with Ansible's ArgumentSpecValidator: a documented option is an accepted one and nothing else is.
Plugins read the checked arguments as ``args["name"]`` (tests/unit/test_module_docs.py holds them to the
documentation).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from abc import abstractmethod
from pathlib import Path
from typing import Any

from ansible.plugins.action import ActionBase

PLUGINS = Path(__file__).resolve().parent.parent
# What ArgumentSpecValidator reads from a documented option; the rest (description...) is prose.
SPEC_KEYS = ("type", "elements", "default", "choices", "required", "aliases", "no_log")
# What a report job gives back: the netwarden Report, its exit code (0/2/1), extra task result keys.
Outcome = tuple[Any, int, dict[str, Any]]


@functools.cache
def module_doc(name: str) -> dict[str, Any]:
    """The merged DOCUMENTATION of plugins/modules/<name>.py (its fragments resolved), as ansible-doc shows it."""
    from ansible.plugins.loader import fragment_loader
    from ansible.utils.plugin_docs import get_docstring

    fragment_loader.add_directory(str(PLUGINS / "doc_fragments"))
    doc: dict[str, Any] = get_docstring(str(PLUGINS / "modules" / f"{name}.py"), fragment_loader, is_module=True)[0]
    return doc


def argument_spec(options: dict[str, Any]) -> dict[str, Any]:
    """Documented options -> an ArgumentSpecValidator spec (suboptions -> options)."""
    spec: dict[str, Any] = {}
    for name, opt in options.items():
        spec[name] = {k: opt[k] for k in SPEC_KEYS if k in opt}
        if "suboptions" in opt:
            spec[name]["options"] = argument_spec(opt["suboptions"])
    return spec


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


class NetwardenAction(ActionBase):  # type: ignore[misc]
    """run() for every netwarden action plugin: check the arguments, call `job`, turn core errors into
    a failed task (an inventory problem lists every problem)."""

    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp: str | None = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        from netwarden.errors import InputError, NetwardenError

        result = super().run(tmp, task_vars)
        task_vars = task_vars or {}
        _, args = self.validate_argument_spec(argument_spec=argument_spec(module_doc(self.module_name())["options"]))
        try:
            out = self.job(args, inventory_source(task_vars, args["inventory"]), task_vars)
        except InputError as e:
            return {**result, "failed": True, "msg": e.render(), "problems": [str(p) for p in e.problems]}
        except (NetwardenError, ValueError, KeyError) as e:
            return {**result, "failed": True, "msg": f"netwarden: {e}"}
        return {**result, **out}

    @classmethod
    def module_name(cls) -> str:
        """The module this plugin acts for: the plugin file's name (plugins/action/<name>.py)."""
        return Path(sys.modules[cls.__module__].__file__ or "").stem

    @abstractmethod
    def job(self, args: dict[str, Any], inventory: str, task_vars: dict[str, Any]) -> dict[str, Any]:
        """The plugin's call into the core; returns the task result (changed, msg and the rest)."""

    def core_opts(self, args: dict[str, Any]) -> dict[str, Any]:
        """How every core call loads the inventory: the vault password file and the expiry date."""
        return {"vault_password_file": vault_file(args["vault_password_file"]),
                "today": dt.date.fromisoformat(args["today"]) if args["today"] else None}

    @staticmethod
    def play_hosts(hosts: list[str] | None, task_vars: dict[str, Any]) -> Any:
        """The hosts asked for, else the play's hosts (so --limit applies), else all."""
        return hosts or task_vars.get("ansible_play_hosts_all") or None


class ReportAction(NetwardenAction):
    """A job that returns a netwarden report (verify, drift, apply, backup, preconnect): rc, findings,
    per-device status and the report file, like the CLI's exit codes and --format/-o."""

    def job(self, args: dict[str, Any], inventory: str, task_vars: dict[str, Any]) -> dict[str, Any]:
        from netwarden.report import render_report

        report, rc, extra = self.report(args, inventory, task_vars)
        out: dict[str, Any] = {"rc": rc, "result": {0: "clean", 1: "error", 2: "findings"}.get(rc, str(rc)),
                               "findings": len(report.failures), "errors": report.errors,
                               "devices": report.device_status or {d: "checked" for d in report.devices}}
        if args["report_file"]:
            from netwarden.api import write_atomic

            write_atomic(args["report_file"], render_report(report, args["report_format"]))
            out["report_file"] = args["report_file"]
        out["summary"] = render_report(report, "text").splitlines()[-1]
        out = {**out, **extra}
        out["failed"] = self.failed(rc, args)
        out.setdefault("msg", out["summary"])
        return out

    @abstractmethod
    def report(self, args: dict[str, Any], inventory: str, task_vars: dict[str, Any]) -> Outcome:
        """The plugin's call into the core: (report, exit code, extra task result keys)."""

    def failed(self, rc: int, args: dict[str, Any]) -> bool:
        """An error always fails the task; findings or drift (2) unless fail_on_findings is false."""
        return rc == 1 or (rc == 2 and bool(args["fail_on_findings"]))

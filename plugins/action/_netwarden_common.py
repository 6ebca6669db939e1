"""The one base of netwarden's action plugins: validated arguments -> one core call -> the task result.

A plugin says only what differs: `job` (its call into the netwarden core and its result) or, for the
report-producing jobs, `report` (the core call), `extra` (its own task result keys) and `failed` (how the
exit status maps to the task's failure); the netwarden.ops jobs (drift, apply, backup) name only their `JOB`.
Its argument spec is its module's documentation (plugins/modules/<name>.py merged with plugins/doc_fragments),
checked here once with Ansible's ArgumentSpecValidator: a documented option is an accepted one and nothing
else is. Plugins read the checked arguments as ``args["name"]`` (tests/unit/test_module_docs.py holds them to
the documentation). Every call into the netwarden core goes through `Core`, and nothing else here imports it.
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
# What a report job's core call gives back: the netwarden Report and its exit code (0 clean, 2 findings, 1 error).
Outcome = tuple[Any, int]


class Core:
    """The netwarden core as the plugins call it, in this one place: retargeting the plugins to another core
    layout is an edit of this class alone. Imports are lazy, so loading a plugin needs no netwarden."""

    @staticmethod
    def errors() -> tuple[Any, Any]:
        """(InputError, NetwardenError): a bad input (every problem listed) and any other core failure."""
        from netwarden.errors import InputError, NetwardenError

        return InputError, NetwardenError

    @staticmethod
    def inventory_data(task_vars: dict[str, Any]) -> Any:
        """The inventory as this Ansible run has it (hostvars of every host, group_names, the sources), for
        the core to build its model from; or, when the result is the same, the fast loader's (`same_as_fast`)."""
        from netwarden.model.ansible_inventory import from_hostvars

        fast = Core.same_as_fast(task_vars)
        if fast is not None:
            return fast
        return from_hostvars(task_vars["hostvars"], task_vars["groups"]["all"],
                             task_vars.get("ansible_inventory_sources") or [])

    @staticmethod
    def same_as_fast(task_vars: dict[str, Any]) -> Any:
        """The fast loader's reading of the play's inventory, with Ansible's vault secret, when it gives what
        hostvars would (tests/unit/test_hostvars_inventory.py proves them equal): one static YAML source, no
        extra vars, replace hash behaviour, no vars plugin but host_group_vars, at most one vault secret.
        Otherwise None: reading hostvars costs Ansible's variable manager once per host (about 25 ms each)."""
        from ansible import constants as C
        from ansible.parsing.vault import VaultSecretsContext

        from netwarden.errors import InputError
        from netwarden.model.inventory import ANSIBLE_KEYS, is_static_inventory, load_static
        from netwarden.model.vault import VaultDecrypter

        sources = task_vars.get("ansible_inventory_sources") or []
        if len(sources) != 1 or not is_static_inventory(Path(sources[0])):
            return None
        extra = getattr(getattr(task_vars.get("hostvars"), "_variable_manager", None), "extra_vars", None)
        if extra is None or any(str(k).startswith("netwarden_") or k in ANSIBLE_KEYS for k in extra):
            return None  # extra vars that are netwarden's (or cannot be told): Ansible's reading
        vars_plugins = {str(p).removeprefix("ansible.builtin.") for p in C.VARIABLE_PLUGINS_ENABLED}
        if C.DEFAULT_HASH_BEHAVIOUR != "replace" or vars_plugins != {"host_group_vars"}:
            return None
        ctx = VaultSecretsContext.current(optional=True)
        secrets = list(ctx.secrets) if ctx is not None and ctx.secrets else []
        if not secrets:  # the play's loader holds the secrets of --vault-password-file, --vault-id ...
            vault = getattr(getattr(task_vars.get("hostvars"), "_loader", None), "_vault", None)
            secrets = list(getattr(vault, "secrets", None) or [])
        if len(secrets) > 1:
            return None
        password = secrets[0][1].bytes.decode() if secrets else None
        try:
            data = load_static(Path(sources[0]), VaultDecrypter(password))
        except InputError:
            return None  # Ansible's reading reports it in its own words
        if data.problems:
            return None  # e.g. a vault value it could not decrypt: Ansible's reading decides
        av = data.all_vars  # a host's copy of a group_vars/all value is the same object: scanned once
        if _templated(av) or any(_templated(v) for h in data.hosts.values() for k, v in h.vars.items()
                                 if av.get(k) is not v):
            return None  # a Jinja template in a value: only Ansible's templating reads it
        return data

    @staticmethod
    def validate(inventory: str, **opts: Any) -> dict[str, Any]:
        from dataclasses import asdict

        from netwarden import jobs

        return asdict(jobs.validate(jobs.ValidateRequest(inventory, **opts)))

    @staticmethod
    def render(inventory: str, output: str, **opts: Any) -> Any:
        from netwarden import jobs

        return jobs.render(jobs.RenderRequest(inventory, output=output, **opts))

    @staticmethod
    def verify(inventory: str, configs: str | None, **opts: Any) -> Outcome:
        from netwarden import jobs

        report = jobs.verify(jobs.VerifyRequest(inventory, configs=configs, **opts))
        return report, int(report.exit_code())

    @staticmethod
    def ops(job: str, inventory: str, **opts: Any) -> Outcome:
        """drift, apply or backup, as the CLI runs them (without its progress display)."""
        from netwarden import jobs

        if "targets" in opts:
            opts["targets"] = tuple(opts["targets"])
        req = {"drift": jobs.DriftRequest, "apply": jobs.ApplyRequest, "backup": jobs.BackupRequest}[job]
        report = jobs.run(req(inventory, progress=False, **opts))
        return report, int(report.exit_code())

    @staticmethod
    def preconnect(unit: str, inventory: str, skip: set[str], lab_workdir: str | None, **opts: Any) -> Outcome:
        from netwarden import jobs

        report = jobs.preconnect(jobs.PreconnectRequest(inventory, unit=unit, skip=frozenset(skip),
                                                        lab_workdir=lab_workdir, **opts))
        return report, int(report.exit_code())

    @staticmethod
    def lab(state: str, inventory: str, **opts: Any) -> Any:
        """`netwarden lab <state>`: up -> (spec, health), status -> (spec, health), down -> workdir, probe -> report."""
        from netwarden import jobs

        res = jobs.lab(jobs.LabRequest(inventory, action=state, **opts))  # type: ignore[arg-type]
        return {"up": (res.spec, res.health), "status": (res.spec, res.health), "down": res.workdir,
                "probe": res.probes}[state]

    @staticmethod
    def manifest_digests(output: str) -> dict[str, str]:
        """device -> sha256 of its config file as it is in ``output`` now, for the devices the manifest there
        lists ({} when there is none; a file gone or unreadable: "")."""
        import hashlib
        from pathlib import Path

        from netwarden.render.engine import read_manifest

        man = read_manifest(Path(output)) if os.path.isdir(output) else None
        out: dict[str, str] = {}
        for e in (man or {}).get("devices", []):
            try:
                with open(os.path.join(output, e["file"]), "rb") as f:
                    out[e["device"]] = hashlib.sha256(f.read()).hexdigest()
            except OSError:
                out[e["device"]] = ""
        return out

    @staticmethod
    def render_report(report: Any, fmt: str) -> str:
        from netwarden.report import render_report

        return render_report(report, fmt)

    @staticmethod
    def write_atomic(path: str, text: str) -> None:
        from netwarden.services.atomic import write_atomic

        write_atomic(path, text)


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


def _templated(v: Any) -> bool:
    """A value holding a Jinja template anywhere (the fast loader does not template)."""
    if isinstance(v, str):
        return "{{" in v or "{%" in v
    if isinstance(v, dict):
        return any(_templated(x) for x in v.values())
    if isinstance(v, (list, tuple)):
        return any(_templated(x) for x in v)
    return False


def inventory_source(task_vars: dict[str, Any], explicit: str | None) -> str:
    """The inventory named in messages (and where a lab keeps its state): inventory=..., else the play's first."""
    if explicit:
        return explicit
    sources = task_vars.get("ansible_inventory_sources") or []
    if not sources:
        raise ValueError("the play has no inventory source (pass inventory=...)")
    return str(sources[0])


def vault_file(explicit: str | None) -> str | None:
    return explicit or os.environ.get("NETWARDEN_VAULT_PASSWORD_FILE") or os.environ.get(
        "ANSIBLE_VAULT_PASSWORD_FILE") or None


class NetwardenAction(ActionBase):  # type: ignore[misc]
    """run() for every netwarden action plugin: check the arguments, call `job`, turn core errors into
    a failed task (an inventory problem lists every problem)."""

    TRANSFERS_FILES = False
    _requires_connection = False
    core = Core
    hostvars: Any = None  # the core's InventoryData built from this run's hostvars (None: inventory=... given)

    def run(self, tmp: str | None = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        input_error, netwarden_error = self.core.errors()

        result = super().run(tmp, task_vars)
        task_vars = task_vars or {}
        _, args = self.validate_argument_spec(argument_spec=argument_spec(module_doc(self.module_name())["options"]))
        try:
            # Ansible's own inventory (its vault, extra vars, sources and plugins) unless inventory=... names one
            self.hostvars = None if args["inventory"] else self.core.inventory_data(task_vars)
            out = self.job(args, inventory_source(task_vars, args["inventory"]), task_vars)
        except input_error as e:
            return {**result, "failed": True, "msg": e.render(), "problems": [str(p) for p in e.problems]}
        except (netwarden_error, ValueError, KeyError) as e:
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
        """How every core call loads the inventory: as Ansible loaded it, or (inventory=...) from that path with
        the vault password file; the expiry date; and where its run is recorded."""
        return {"vault_password_file": vault_file(args["vault_password_file"]), "hostvars": self.hostvars,
                "today": dt.date.fromisoformat(args["today"]) if args["today"] else None,
                "history": args["history"]}

    @staticmethod
    def play_hosts(hosts: list[str] | None, task_vars: dict[str, Any]) -> Any:
        """The hosts asked for, else the play's hosts (so --limit applies), else all."""
        return hosts or task_vars.get("ansible_play_hosts_all") or None


class ReportAction(NetwardenAction):
    """A job that returns a netwarden report (verify, drift, apply, backup, preconnect): rc, findings,
    per-device status and the report file, like the CLI's exit codes and --format/-o."""

    def job(self, args: dict[str, Any], inventory: str, task_vars: dict[str, Any]) -> dict[str, Any]:
        report, rc = self.report(args, inventory, task_vars)
        extra = self.extra(report, args)
        out: dict[str, Any] = {"rc": rc, "result": {0: "clean", 1: "error", 2: "findings"}.get(rc, str(rc)),
                               "findings": len(report.failures), "errors": report.errors,
                               "devices": report.device_status or {d: "checked" for d in report.devices}}
        if args["report_file"]:
            self.core.write_atomic(args["report_file"], self.core.render_report(report, args["report_format"]))
            out["report_file"] = args["report_file"]
        out["summary"] = self.core.render_report(report, "text").splitlines()[-1]
        out = {**out, **extra}
        out["failed"] = self.failed(rc, args)
        out.setdefault("msg", out["summary"])
        return out

    @abstractmethod
    def report(self, args: dict[str, Any], inventory: str, task_vars: dict[str, Any]) -> Outcome:
        """The plugin's call into the core (through `self.core`): (report, exit code)."""

    def extra(self, report: Any, args: dict[str, Any]) -> dict[str, Any]:
        """The plugin's own task result keys (a `msg` here replaces the report's summary line)."""
        return {"changed": False}

    def failed(self, rc: int, args: dict[str, Any]) -> bool:
        """An error always fails the task; findings or drift (2) unless fail_on_findings is false."""
        return rc == 1 or (rc == 2 and bool(args["fail_on_findings"]))


class OpsAction(ReportAction):
    """A netwarden.ops job (drift, apply, backup) over the play's hosts: the plugin names its `JOB` and adds
    its own core arguments (`job_options`)."""

    JOB: str

    def report(self, args: dict[str, Any], inventory: str, task_vars: dict[str, Any]) -> Outcome:
        return self.core.ops(self.JOB, inventory, limit=self.play_hosts(args["hosts"], task_vars),
                             workers=args["workers"], lab_workdir=args["lab_workdir"], baseline=args["baseline"],
                             **self.job_options(args), **self.core_opts(args))

    def job_options(self, args: dict[str, Any]) -> dict[str, Any]:
        """The job's own core arguments (apply: commit, confirm_timeout; backup: targets)."""
        return {}

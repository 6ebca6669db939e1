"""The netwarden command line: every subcommand calls the core and nothing else.

Exit codes follow `terraform plan -detailed-exitcode`: 0 clean, 2 findings or drift,
1 error (bad input, or a device that could not be checked)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from netwarden import __version__, platforms
from netwarden.errors import InputError, NetwardenError

if TYPE_CHECKING:
    from netwarden.verify.findings import Report

EXIT_OK, EXIT_ERROR, EXIT_FINDINGS = 0, 1, 2


def _date(s: str) -> dt.date:
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {s!r}") from None


def _inventory_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("-i", "--inventory", required=True, help="Ansible inventory (directory or file)")
    p.add_argument("--vault-password-file", help="ansible-vault password file "
                   "(default: $NETWARDEN_VAULT_PASSWORD_FILE or $ANSIBLE_VAULT_PASSWORD_FILE)")
    p.add_argument("--baseline", help="baseline file or directory (default: the repository's baseline/)")
    p.add_argument("--today", type=_date, help="evaluate allow-list expiry as of this date (YYYY-MM-DD)")
    p.add_argument("--loader", choices=("auto", "fast", "ansible"), default="auto",
                   help="inventory reader: fast static-YAML path, Ansible's inventory API, or auto")


def _common(args: argparse.Namespace) -> dict[str, object]:
    return {"vault_password_file": args.vault_password_file, "today": args.today, "loader": args.loader,
            "baseline": args.baseline}


def cmd_validate(args: argparse.Namespace) -> int:
    from netwarden import api

    s = api.validate(args.inventory, **_common(args))  # type: ignore[arg-type]
    print(f"{args.inventory}: valid ({s['devices']} devices, {s['units']} units, {s['links']} links, "
          f"exit site {s['exit_site']})")
    return EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    from netwarden import api

    r = api.render(args.inventory, args.output, args.limit, **_common(args))  # type: ignore[arg-type]
    args.audit_devices = [d["device"] for d in r.devices]
    args.audit_details = {"output": str(args.output), "sha256": {d["device"]: d["sha256"] for d in r.devices}}
    print(f"rendered {len(r.devices)} configs to {args.output} (baseline {r.baseline_version})")
    return EXIT_OK


def _report_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("text", "json", "junit", "markdown", "html"), default="text",
                   help="report format (default: readable text)")
    p.add_argument("-o", "--output", help="write the report to this file instead of standard output")


def emit_report(report: Report, args: argparse.Namespace) -> int:
    from netwarden.report import render_report
    from netwarden.services.atomic import write_atomic

    args.audit_devices = sorted(report.devices)
    args.audit_details = {"findings": len(report.failures), "errors": len(report.errors),
                          "rules": sorted({f.rule_id for f in report.failures})}

    text = render_report(report, args.format)
    if args.output:
        write_atomic(args.output, text)
        print(f"{report.kind}: report written to {args.output} ({len(report.failures)} finding(s), "
              f"{len(report.errors)} error(s))", file=sys.stderr)
    else:
        sys.stdout.write(text)
    rc: int = report.exit_code()
    return rc


def cmd_verify(args: argparse.Namespace) -> int:
    from netwarden import api

    report = api.verify(args.inventory, args.configs, limit=args.limit, **_common(args))  # type: ignore[arg-type]
    return emit_report(report, args)


def cmd_check_config(args: argparse.Namespace) -> int:
    from netwarden import api

    report = api.check_config(args.file, args.platform, args.role, args.level, args.baseline)
    return emit_report(report, args)


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from netwarden import audit

    path = Path(args.log) if args.log else audit.default_path()
    if not path.exists() and audit.read_anchor(path) is None:
        raise NetwardenError(f"{path}: no audit log")
    problems = audit.verify(path, [Path(a) for a in args.anchor or []])
    for p in problems:
        print(p)
    n = sum(1 for line in path.read_bytes().splitlines() if line.strip()) if path.exists() else 0
    print(f"{path}: {n} record(s), " + ("chain intact" if not problems else f"{len(problems)} problem(s)"))
    return EXIT_FINDINGS if problems else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="netwarden", description=__doc__.splitlines()[0] if __doc__ else "")
    p.add_argument("--version", action="version", version=f"netwarden {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    sp = sub.add_parser("validate", help="check an inventory: every problem at once")
    _inventory_args(sp)
    sp.set_defaults(func=cmd_validate)

    sp = sub.add_parser("render", help="render every device's intended config and a manifest")
    _inventory_args(sp)
    sp.add_argument("-o", "--output", required=True,
                    help="output directory: one render created, or one holding its manifest.json")
    sp.add_argument("-l", "--limit", help="comma-separated host names or patterns")
    sp.set_defaults(func=cmd_render)

    sp = sub.add_parser("verify", help="prove isolation, the single exit and the baseline from the configs")
    _inventory_args(sp)
    sp.add_argument("--configs", help="directory of configs to check (<host>.cfg); default: the intended configs")
    sp.add_argument("-l", "--limit", help="comma-separated host names or patterns")
    _report_args(sp)
    sp.set_defaults(func=cmd_verify)

    sp = sub.add_parser("audit", help="the tool's own audit trail (Art. 14)")
    asub = sp.add_subparsers(dest="audit_command", required=True)
    av = asub.add_parser("verify", help="check the hash chain: exit 0 intact, 2 tampered")
    av.add_argument("--log", help="audit log (default: $NETWARDEN_AUDIT_LOG or ~/.local/state/netwarden/audit.jsonl)")
    av.add_argument("--anchor", action="append", metavar="FILE",
                    help="a copy of the anchor kept elsewhere (a backup repository's audit-anchor.json); repeatable")
    av.set_defaults(func=cmd_audit_verify, no_audit=True)

    sp = sub.add_parser("check-config", help="check one device's config against the baseline, no inventory")
    sp.add_argument("file")
    sp.add_argument("--platform", required=True, choices=platforms.names())
    sp.add_argument("--role", required=True)
    sp.add_argument("--level", required=True, type=int, choices=(2, 3, 4))
    sp.add_argument("--baseline", help="baseline file or directory")
    _report_args(sp)
    sp.set_defaults(func=cmd_check_config)

    import importlib

    for mod in SUBCOMMANDS:
        importlib.import_module(mod).register(sub)
    return p


# Modules that add subcommands: each has register(subparsers).
SUBCOMMANDS: list[str] = ["netwarden.ops.cli", "netwarden.lab.cli", "netwarden.gate.cli"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    rc = EXIT_ERROR
    error = ""
    try:
        rc = args.func(args)
        return rc
    except InputError as e:
        error = e.render()
        print(error, file=sys.stderr)
        return EXIT_ERROR
    except NetwardenError as e:
        error = f"error: {e}"
        print(error, file=sys.stderr)
        return EXIT_ERROR
    except OSError as e:  # e.g. an unwritable -o path: the file and the reason, never a traceback
        where = e.filename if e.filename is not None else ""
        error = f"error: {where}: {e.strerror}" if where else f"error: {e.strerror or e}"
        print(error, file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        error = "interrupted"
        print("interrupted", file=sys.stderr)
        return EXIT_ERROR
    finally:
        if not getattr(args, "no_audit", False):
            _audit(args, rc, error)


def _audit(args: argparse.Namespace, rc: int, error: str) -> None:
    """Every command leaves a chained record in the audit log (Art. 14)."""
    from netwarden import audit

    action = " ".join(str(x) for x in (args.command, getattr(args, "lab_command", None),
                                      getattr(args, "audit_command", None)) if x)
    details = dict(getattr(args, "audit_details", {}) or {})
    for k in ("inventory", "configs", "output", "limit", "file"):
        if getattr(args, k, None):
            details.setdefault(k, str(getattr(args, k)))
    if error:
        details["error"] = error.splitlines()[0][:300]
    try:
        rec = audit.append(action, devices=getattr(args, "audit_devices", []) or [],
                           result={0: "ok", 1: "error", 2: "findings"}.get(rc, str(rc)), details=details,
                           sha256=getattr(args, "audit_sha256", None))
    except (OSError, ValueError) as e:
        print(f"warning: audit log not written: {e}", file=sys.stderr)
        return
    if rec.get("damage"):
        print(f"warning: the audit log is damaged ({rec['damage']}): this record notes it and the chain goes on; "
              "run netwarden audit verify", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())

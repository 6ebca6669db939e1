"""CLI for the operations: drift, apply, backup."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from netwarden.cli import _common, _inventory_args, _report_args, emit_report


def _run(job: str, args: argparse.Namespace, **kw: Any) -> int:
    from netwarden.ops import service

    opts: dict[str, Any] = {**kw, **_common(args)}
    report = service.run(job, args.inventory, limit=args.limit, workers=args.workers, lab_workdir=args.lab_workdir,
                         **opts)
    emit_report(report, args)
    if job == "apply":  # what was pushed (or would be): the audit record says which mode and which configs
        args.audit_details["mode"] = "push" if kw.get("commit") else "dry-run"
        args.audit_sha256 = report.extra.get("sha256", {})
    return service.exit_code(report)


def cmd_drift(args: argparse.Namespace) -> int:
    return _run("drift", args)


def cmd_apply(args: argparse.Namespace) -> int:
    return _run("apply", args, commit=args.commit, confirm_timeout=args.confirm_timeout)


def cmd_backup(args: argparse.Namespace) -> int:
    return _run("backup", args, targets=[Path(p) for p in args.to])


def _live_args(p: argparse.ArgumentParser, workers: int) -> None:
    _inventory_args(p)
    p.add_argument("-l", "--limit", help="comma-separated host names or patterns")
    p.add_argument("--workers", type=int, default=workers, help=f"devices handled in parallel (default {workers})")
    p.add_argument("--lab-workdir", help="lab working directory (lab inventories; default: the lab's own)")


def register(sub: Any) -> None:
    sp = sub.add_parser("drift", help="running vs intended config on every device (nightly)")
    _live_args(sp, 16)
    _report_args(sp)
    sp.set_defaults(func=cmd_drift)

    sp = sub.add_parser("apply", help="push intended configs with commit-confirm (dry run unless --commit)")
    _live_args(sp, 4)
    sp.add_argument("--commit", action="store_true", help="really push (default: show the diffs only)")
    sp.add_argument("--confirm-timeout", type=int, default=120,
                    help="seconds before an unconfirmed commit rolls back by itself (default 120)")
    _report_args(sp)
    sp.set_defaults(func=cmd_apply)

    sp = sub.add_parser("backup", help="running configs to two git repositories far apart (Art. 10)")
    _live_args(sp, 16)
    sp.add_argument("--to", action="append", required=True, metavar="DIR",
                    help="backup repository (give it twice: emergency support centre, disaster backup centre)")
    _report_args(sp)
    sp.set_defaults(func=cmd_backup)

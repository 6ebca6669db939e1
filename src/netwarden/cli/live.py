"""drift, apply, backup: the jobs on running devices."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from netwarden import jobs
from netwarden.cli.common import emit_report, inputs, inventory_args, limit_arg, report_args
from netwarden.verify.findings import Exit


def _live(args: argparse.Namespace) -> dict[str, Any]:
    return {**inputs(args), "limit": args.limit, "workers": args.workers, "lab_workdir": args.lab_workdir}


def cmd_drift(args: argparse.Namespace) -> Exit:
    return emit_report(jobs.drift(jobs.DriftRequest(**_live(args))), args)


def cmd_apply(args: argparse.Namespace) -> Exit:
    report = jobs.apply(jobs.ApplyRequest(**_live(args), commit=args.commit, confirm_timeout=args.confirm_timeout))
    code = emit_report(report, args)
    # what was pushed (or would be): the audit record says which mode and which configs
    args.audit_details["mode"] = "push" if args.commit else "dry-run"
    args.audit_sha256 = report.sha256
    return code


def cmd_backup(args: argparse.Namespace) -> Exit:
    return emit_report(jobs.backup(jobs.BackupRequest(**_live(args), targets=tuple(Path(p) for p in args.to))), args)


def _live_args(p: argparse.ArgumentParser, workers: int) -> None:
    inventory_args(p)
    limit_arg(p)
    p.add_argument("--workers", type=int, default=workers, help=f"devices handled in parallel (default {workers})")
    p.add_argument("--lab-workdir", help="lab working directory (lab inventories; default: the lab's own)")


def register(sub: Any) -> None:
    sp = sub.add_parser("drift", help="running vs intended config on every device (nightly)")
    _live_args(sp, 16)
    report_args(sp)
    sp.set_defaults(func=cmd_drift)

    sp = sub.add_parser("apply", help="push intended configs with commit-confirm (dry run unless --commit)")
    _live_args(sp, 4)
    sp.add_argument("--commit", action="store_true", help="really push (default: show the diffs only)")
    sp.add_argument("--confirm-timeout", type=int, default=120,
                    help="seconds before an unconfirmed commit rolls back by itself (default 120)")
    report_args(sp)
    sp.set_defaults(func=cmd_apply)

    sp = sub.add_parser("backup", help="running configs to two git repositories far apart (Art. 10)")
    _live_args(sp, 16)
    sp.add_argument("--to", action="append", required=True, metavar="DIR",
                    help="backup repository (give it twice: emergency support centre, disaster backup centre)")
    report_args(sp)
    sp.set_defaults(func=cmd_backup)

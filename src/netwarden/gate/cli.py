"""CLI: netwarden preconnect UNIT -i INVENTORY [--skip live,dataplane]."""

from __future__ import annotations

import argparse
from typing import Any

from netwarden.cli import _common, _inventory_args, _report_args, emit_report


def cmd_preconnect(args: argparse.Namespace) -> int:
    from netwarden.gate.preconnect import exit_code, preconnect

    skip = {s.strip() for s in (args.skip or "").split(",") if s.strip()}
    report = preconnect(args.unit, args.inventory, skip, args.lab_workdir, **_common(args))
    emit_report(report, args)
    args.audit_details = {"unit": args.unit, "verdict": report.extra.get("verdict"),
                          "rules": sorted({f.rule_id for f in report.failures})}
    return exit_code(report)


def register(sub: Any) -> None:
    sp = sub.add_parser("preconnect", help="the pre-connection gate: may this unit join the extranet? (Art. 11)")
    sp.add_argument("unit", help="unit id (netwarden_units key)")
    _inventory_args(sp)
    sp.add_argument("--skip", help="comma-separated stages not to run: inventory, static, live, dataplane "
                    "(a skipped stage never counts as passed)")
    sp.add_argument("--lab-workdir", help="lab working directory (lab inventories)")
    _report_args(sp)
    sp.set_defaults(func=cmd_preconnect)

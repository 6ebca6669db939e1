"""preconnect UNIT: the pre-connection gate (Art. 11)."""

from __future__ import annotations

import argparse
from typing import Any

from netwarden import jobs
from netwarden.cli.common import emit_report, inputs, inventory_args, report_args
from netwarden.verify.findings import Exit


def cmd_preconnect(args: argparse.Namespace) -> Exit:
    skip = frozenset(s.strip() for s in (args.skip or "").split(",") if s.strip())
    report = jobs.preconnect(jobs.PreconnectRequest(**inputs(args), unit=args.unit, skip=skip,
                                                    lab_workdir=args.lab_workdir))
    code = emit_report(report, args)
    args.audit_details = {"unit": args.unit, "verdict": report.verdict,
                          "rules": sorted({f.rule_id for f in report.failures})}
    return code


def register(sub: Any) -> None:
    sp = sub.add_parser("preconnect", help="the pre-connection gate: may this unit join the extranet? (Art. 11)")
    sp.add_argument("unit", help="unit id (netwarden_units key)")
    inventory_args(sp)
    sp.add_argument("--skip", help="comma-separated stages not to run: inventory, static, live, dataplane "
                    "(a skipped stage never counts as passed)")
    sp.add_argument("--lab-workdir", help="lab working directory (lab inventories)")
    report_args(sp)
    sp.set_defaults(func=cmd_preconnect)

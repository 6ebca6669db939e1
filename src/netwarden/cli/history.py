"""history, report unit: reading the results store (every recorded run) and the yearly record per unit."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from netwarden.errors import NetwardenError
from netwarden.verify.findings import Exit


def _store(args: argparse.Namespace) -> Any:
    from netwarden.history.store import connect, resolve

    where = resolve(args.history)
    if where is None:
        raise NetwardenError("--no-history / history off: no results store to read")
    return connect(where, create=False)


def cmd_history(args: argparse.Namespace) -> Exit:
    from netwarden.history import query, timeline

    if args.device and args.unit:
        raise NetwardenError("history: --device or --unit, not both")
    with _store(args) as store:
        if args.device or args.unit:
            what = f"device {args.device}" if args.device else f"unit {args.unit}"
            ivs = timeline.intervals(store, device=args.device, unit=args.unit)
            if args.format == "json":
                out = {
                    "device" if args.device else "unit": args.device or args.unit,
                    "intervals": [i.to_dict() for i in ivs],
                }
                sys.stdout.write(json.dumps(out, indent=2) + "\n")
            else:
                sys.stdout.write(query.intervals_text(what, ivs))
            return Exit.CLEAN
        rows = query.runs(store, args.last, args.command)
    if args.format == "json":
        sys.stdout.write(json.dumps({"runs": rows}, indent=2) + "\n")
    else:
        sys.stdout.write(query.runs_text(rows))
    return Exit.CLEAN


def cmd_report_unit(args: argparse.Namespace) -> Exit:
    from pathlib import Path

    from netwarden.history import yearly
    from netwarden.history.store import resolve
    from netwarden.services.atomic import write_atomic

    with _store(args) as store:
        uy = yearly.collect(
            store, args.unit, args.year, Path(args.audit_log) if args.audit_log else None, resolve(args.history) or ""
        )
    text = yearly.render(uy, args.format, args.lang)
    args.audit_details = {"unit": args.unit, "year": args.year, "format": args.format}
    if args.output:
        write_atomic(args.output, text)
        print(f"report unit {args.unit} {args.year}: written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return Exit.CLEAN


def _count(s: str) -> int:
    if not s.isdigit():
        raise argparse.ArgumentTypeError(f"not a number of runs (0 or more): {s!r}")
    return int(s)


def _year(s: str) -> int:
    if not (s.isdigit() and len(s) == 4):
        raise argparse.ArgumentTypeError(f"not a year (YYYY): {s!r}")
    return int(s)


def register(sub: Any) -> None:
    sp = sub.add_parser("history", help="recorded runs; per device or unit, since when findings and drift stand")
    sp.add_argument("--device", help="since when each finding or drift of this device has stood, when it cleared")
    sp.add_argument("--unit", help="the same for every device of this unit")
    sp.add_argument("-n", "--last", type=_count, default=20, help="runs shown, newest first (default 20; 0: all)")
    sp.add_argument(
        "--command",
        choices=("validate", "verify", "drift", "apply", "backup", "preconnect"),
        help="only runs of this command",
    )
    sp.add_argument("--format", choices=("text", "json"), default="text")
    sp.set_defaults(func=cmd_history)

    sp = sub.add_parser("report", help="records built from the results store and the audit log")
    rsub = sp.add_subparsers(dest="report_command", required=True)
    ru = rsub.add_parser("unit", help="a unit's yearly record of its security work (Art. 4)")
    ru.add_argument("unit", help="unit id (netwarden_units key)")
    ru.add_argument("--year", type=_year, required=True, help="calendar year (UTC), YYYY")
    ru.add_argument("--format", choices=("markdown", "html"), default="markdown")
    ru.add_argument("--lang", choices=("en", "zh-CN"), default="en", help="labels in English or Chinese")
    ru.add_argument(
        "--audit-log",
        help="audit log the changes pushed are read from "
        "(default: $NETWARDEN_AUDIT_LOG or ~/.local/state/netwarden/audit.jsonl)",
    )
    ru.add_argument("-o", "--output", help="write the record to this file instead of standard output")
    ru.set_defaults(func=cmd_report_unit)

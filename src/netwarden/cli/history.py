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


def register(sub: Any) -> None:
    sp = sub.add_parser("history", help="recorded runs; per device or unit, since when findings and drift stand")
    sp.add_argument("--device", help="since when each finding or drift of this device has stood, when it cleared")
    sp.add_argument("--unit", help="the same for every device of this unit")
    sp.add_argument("-n", "--last", type=int, default=20, help="runs shown, newest first (default 20; 0: all)")
    sp.add_argument(
        "--command",
        choices=("validate", "verify", "drift", "apply", "backup", "preconnect"),
        help="only runs of this command",
    )
    sp.add_argument("--format", choices=("text", "json"), default="text")
    sp.set_defaults(func=cmd_history)

"""``netwarden lab up|down|status|probe``: the inventory's lab (docs/lab.md).

Exit codes as the rest of the CLI: 0 ok (healthy; every probe as expected), 2 findings
(a probe observed something the policy forbids or missed what it allows), 1 error
(bad input, lab not up / not healthy, teardown incomplete)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from netwarden.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, _inventory_args


def _kw(args: argparse.Namespace) -> dict[str, Any]:
    return {"workdir": args.workdir, "name": args.name, "vault_password_file": args.vault_password_file,
            "today": args.today, "loader": args.loader}  # fmt: skip


def cmd_up(args: argparse.Namespace) -> int:
    from netwarden.lab import service

    spec, health = service.lab_up(args.inventory, wait=args.wait, **_kw(args))
    if args.format == "json":
        print(json.dumps(health.to_dict(spec), indent=2))
    else:
        print(health.to_text(spec))
        print(f"lab {spec.name}: daemons up in {health.status.elapsed:.1f}s, "
              f"{'healthy' if health.ok else 'NOT healthy'} after {health.elapsed:.1f}s")
    return EXIT_OK if health.ok else EXIT_ERROR


def cmd_down(args: argparse.Namespace) -> int:
    from netwarden.lab import service

    workdir = service.lab_down(args.inventory, **_kw(args))
    print(f"lab removed ({workdir})")
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    from netwarden.lab import service

    spec, health = service.lab_status(args.inventory, **_kw(args))
    print(json.dumps(health.to_dict(spec), indent=2) if args.format == "json" else health.to_text(spec))
    return EXIT_OK if health.ok else EXIT_ERROR


def cmd_probe(args: argparse.Namespace) -> int:
    from netwarden.lab import service

    report = service.lab_probe(args.inventory, **_kw(args))
    print(report.to_json() if args.format == "json" else report.to_text())
    return EXIT_OK if report.ok else EXIT_FINDINGS


def register(sub: argparse._SubParsersAction) -> None:
    lab = sub.add_parser("lab", help="build, inspect, probe and remove the inventory's namespace lab (root)")
    lsub = lab.add_subparsers(dest="lab_command", required=True)
    for name, func, help_ in (
        ("up", cmd_up, "build the lab from the inventory's lab devices and hosts (idempotent)"),
        ("down", cmd_down, "remove everything the lab created (also after a crashed up)"),
        ("status", cmd_status, "devices and health; exit 0 when healthy, else 1"),
        ("probe", cmd_probe, "data-plane probes of the declared flows (Art. 5, 7); exit 2 when any is unexpected"),
    ):
        sp = lsub.add_parser(name, help=help_)
        _inventory_args(sp)
        sp.add_argument("--workdir", help="lab directory (default /var/tmp/netwarden-lab/<inventory name>)")
        sp.add_argument("--name", default="nw", help="lab name: prefix of namespaces and the bridge (default nw)")
        if name != "down":
            sp.add_argument("--format", choices=("text", "json"), default="text")
        if name == "up":
            sp.add_argument("--wait", type=float, default=60.0, help="seconds to wait for the daemons (default 60)")
        sp.set_defaults(func=func)

"""``netwarden lab up|down|status|probe``: the inventory's lab (docs/lab.md).

Exit codes as the rest of the CLI: 0 ok (healthy; every probe as expected), 2 findings
(a probe observed something the policy forbids or missed what it allows), 1 error
(bad input, lab not up / not healthy, teardown incomplete)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from netwarden import jobs
from netwarden.cli.common import inputs, inventory_args
from netwarden.verify.findings import Exit


def cmd_lab(args: argparse.Namespace) -> Exit:
    req = jobs.LabRequest(**inputs(args), action=args.lab_command, workdir=args.workdir, name=args.name,
                          wait=getattr(args, "wait", 60.0))
    res = jobs.lab(req)
    fmt = getattr(args, "format", "text")
    if res.action == "down":
        print(f"lab removed ({res.workdir})")
    elif res.action == "probe":
        print(res.probes.to_json() if fmt == "json" else res.probes.to_text())
    elif fmt == "json":
        print(json.dumps(res.health.to_dict(res.spec), indent=2))
    else:
        print(res.health.to_text(res.spec))
        if res.action == "up":
            print(f"lab {res.spec.name}: daemons up in {res.health.status.elapsed:.1f}s, "
                  f"{'healthy' if res.health.ok else 'NOT healthy'} after {res.health.elapsed:.1f}s")
    return res.exit_code()


def register(sub: Any) -> None:
    lab = sub.add_parser("lab", help="build, inspect, probe and remove the inventory's namespace lab (root)")
    lsub = lab.add_subparsers(dest="lab_command", required=True)
    for name, help_ in (
        ("up", "build the lab from the inventory's lab devices and hosts (idempotent)"),
        ("down", "remove everything the lab created (also after a crashed up)"),
        ("status", "devices and health; exit 0 when healthy, else 1"),
        ("probe", "data-plane probes of the declared flows (Art. 5, 7); exit 2 when any is unexpected"),
    ):
        sp = lsub.add_parser(name, help=help_)
        inventory_args(sp)
        sp.add_argument("--workdir", help="lab directory (default /var/tmp/netwarden-lab/<inventory name>)")
        sp.add_argument("--name", default="nw", help="lab name: prefix of namespaces and the bridge (default nw)")
        if name != "down":
            sp.add_argument("--format", choices=("text", "json"), default="text")
        if name == "up":
            sp.add_argument("--wait", type=float, default=60.0, help="seconds to wait for the daemons (default 60)")
        sp.set_defaults(func=cmd_lab)

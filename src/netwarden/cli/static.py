"""validate, render, verify, check-config, audit verify."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from netwarden import jobs, platforms
from netwarden.cli.common import emit_report, inputs, inventory_args, limit_arg, report_args
from netwarden.errors import NetwardenError
from netwarden.verify.findings import Exit


def cmd_validate(args: argparse.Namespace) -> Exit:
    s = jobs.validate(jobs.ValidateRequest(**inputs(args)))
    print(f"{args.inventory}: valid ({s.devices} devices, {s.units} units, {s.links} links, "
          f"exit site {s.exit_site})")
    return s.exit_code()


def cmd_render(args: argparse.Namespace) -> Exit:
    r = jobs.render(jobs.RenderRequest(**inputs(args), output=args.output, limit=args.limit))
    args.audit_devices = [d["device"] for d in r.devices]
    args.audit_details = {"output": str(args.output), "sha256": {d["device"]: d["sha256"] for d in r.devices}}
    print(f"rendered {len(r.devices)} configs to {args.output} (baseline {r.baseline_version})")
    return r.exit_code()


def cmd_verify(args: argparse.Namespace) -> Exit:
    return emit_report(jobs.verify(jobs.VerifyRequest(**inputs(args), configs=args.configs, limit=args.limit)), args)


def cmd_check_config(args: argparse.Namespace) -> Exit:
    req = jobs.CheckConfigRequest(args.file, args.platform, args.role, args.level, args.baseline)
    return emit_report(jobs.check_config(req), args)


def cmd_audit_verify(args: argparse.Namespace) -> Exit:
    """Chain, MACs and every anchor it can find: the anchor files given, the anchors committed in the
    backup repositories the inventory declares (netwarden_backup_repos). Never "intact" unless an anchor
    kept off this machine was read and agrees: INCOMPLETE (exit 2) when none could be."""
    from netwarden import audit

    path = Path(args.log) if args.log else audit.default_path()
    if not path.exists() and audit.read_anchor(path) is None:
        raise NetwardenError(f"{path}: no audit log")
    files = [Path(a) for a in args.anchor or []]
    copies: list[tuple[str, dict[str, Any] | None]] = []
    unread: list[str] = []
    for f in files:
        if audit.read_anchor(path=f) is None:
            unread.append(f"{f}: not readable as an audit anchor")
    files = [f for f in files if audit.read_anchor(path=f) is not None]
    if args.inventory:
        from netwarden.ops.backup import committed_anchor

        net = jobs.load(jobs.Inputs(args.inventory, args.vault_password_file)).network
        if not net.backup_repos:
            unread.append(f"{args.inventory}: declares no backup repositories (netwarden_backup_repos)")
        for site, repo in sorted(net.backup_repos.items()):
            a, why = committed_anchor(Path(repo))
            if a is None:
                unread.append(f"{site}: {why}")
            else:
                copies.append((f"{site}: {repo} (audit-anchor.json as committed)", a))
    problems = audit.verify(path, files, copies)
    for p in problems:
        print(p)
    checked = [str(f) for f in files] + [w for w, _ in copies]
    for c in checked:
        print(f"anchor checked: {c}")
    for u in unread:
        print(f"anchor not read: {u}")
    n = sum(1 for line in path.read_bytes().splitlines() if line.strip()) if path.exists() else 0
    if problems:
        print(f"{path}: {n} record(s), {len(problems)} problem(s)")
        return Exit.FINDINGS
    if not checked:
        print(f"{path}: {n} record(s), INCOMPLETE: the local chain is consistent, but no anchor kept off this "
              "machine could be read (give -i INVENTORY with netwarden_backup_repos, or --anchor FILE)")
        return Exit.FINDINGS
    if unread:
        print(f"{path}: {n} record(s), INCOMPLETE: chain intact against {len(checked)} anchor(s), "
              f"{len(unread)} could not be read")
        return Exit.FINDINGS
    print(f"{path}: {n} record(s), chain intact (anchored in {len(checked)} place(s) off the log)")
    return Exit.CLEAN


def register(sub: Any) -> None:
    sp = sub.add_parser("validate", help="check an inventory: every problem at once")
    inventory_args(sp)
    sp.set_defaults(func=cmd_validate)

    sp = sub.add_parser("render", help="render every device's intended config and a manifest")
    inventory_args(sp)
    sp.add_argument("-o", "--output", required=True,
                    help="output directory: one render created, or one holding its manifest.json")
    limit_arg(sp)
    sp.set_defaults(func=cmd_render)

    sp = sub.add_parser("verify", help="prove isolation, the single exit and the baseline from the configs")
    inventory_args(sp)
    sp.add_argument("--configs", help="directory of configs to check (<host>.cfg); default: the intended configs")
    limit_arg(sp)
    report_args(sp)
    sp.set_defaults(func=cmd_verify)

    sp = sub.add_parser("audit", help="the tool's own audit trail (Art. 14)")
    asub = sp.add_subparsers(dest="audit_command", required=True)
    av = asub.add_parser("verify", help="check the hash chain: exit 0 intact, 2 tampered")
    av.add_argument("--log", help="audit log (default: $NETWARDEN_AUDIT_LOG or ~/.local/state/netwarden/audit.jsonl)")
    av.add_argument("-i", "--inventory", help="inventory: the anchors committed in its backup repositories "
                    "(netwarden_backup_repos) are checked too")
    av.add_argument("--vault-password-file", help="ansible-vault password file for the inventory")
    av.add_argument("--anchor", action="append", metavar="FILE",
                    help="a copy of the anchor kept elsewhere (a backup repository's audit-anchor.json); repeatable")
    av.set_defaults(func=cmd_audit_verify, no_audit=True)

    sp = sub.add_parser("check-config", help="check one device's config against the baseline, no inventory")
    sp.add_argument("file")
    sp.add_argument("--platform", required=True, choices=platforms.names())
    sp.add_argument("--role", required=True)
    sp.add_argument("--level", required=True, type=int, choices=(2, 3, 4))
    sp.add_argument("--baseline", help="baseline file or directory")
    report_args(sp)
    sp.set_defaults(func=cmd_check_config)

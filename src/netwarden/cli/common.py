"""What every subcommand shares: the inventory options, the report options, writing a report, the audit
details a command leaves (Art. 14)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from netwarden.errors import NetwardenError
from netwarden.jobs import Inputs
from netwarden.report.i18n import LANGS
from netwarden.verify.findings import Exit, Report


def _date(s: str) -> dt.date:
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {s!r}") from None


def inventory_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("-i", "--inventory", action="append", metavar="INVENTORY",
                   help="Ansible inventory (directory or file); repeatable, merged as Ansible merges several -i "
                   "(default: ANSIBLE_INVENTORY, else the inventory of ansible.cfg as Ansible finds it)")
    p.add_argument("--vault-password-file", help="ansible-vault password file "
                   "(default: $NETWARDEN_VAULT_PASSWORD_FILE or $ANSIBLE_VAULT_PASSWORD_FILE)")
    p.add_argument("--baseline", help="baseline file or directory (default: the repository's baseline/)")
    p.add_argument("--today", type=_date, help="evaluate allow-list expiry as of this date (YYYY-MM-DD)")
    p.add_argument("--loader", choices=("auto", "fast", "ansible"), default="auto",
                   help="inventory reader: fast static-YAML path, Ansible's inventory API, or auto")


def default_inventories() -> list[str]:
    """Ansible's own default inventory: ANSIBLE_INVENTORY, else ``inventory`` of the ansible.cfg Ansible would
    read (ANSIBLE_CONFIG, ./ansible.cfg, ~/.ansible.cfg, /etc/ansible/ansible.cfg), relative paths resolved
    against that file as Ansible resolves them."""
    from ansible.config.manager import ConfigManager

    value, origin = ConfigManager().get_config_value_and_origin("DEFAULT_HOST_LIST")
    if origin == "default" or not value:
        raise NetwardenError("no inventory: pass -i INVENTORY, or set ANSIBLE_INVENTORY or inventory in ansible.cfg")
    return [str(v) for v in value]


def resolve_inventory(args: argparse.Namespace) -> None:
    """args.inventories: the -i sources given, else Ansible's default; args.inventory: them, for messages."""
    if not hasattr(args, "loader"):  # a subcommand without the inventory options
        return
    args.inventories = list(args.inventory or default_inventories())
    args.inventory = ", ".join(args.inventories)


def inputs(args: argparse.Namespace) -> dict[str, Any]:
    """The :class:`~netwarden.jobs.Inputs` fields from the inventory options, for a request's constructor."""
    first, *more = args.inventories
    return {"inventory": first, "more_inventories": tuple(more), "vault_password_file": args.vault_password_file,
            "today": args.today, "loader": args.loader, "baseline": args.baseline,
            "history": getattr(args, "history", None)}


def report_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("text", "json", "junit", "markdown", "html"), default="text",
                   help="report format (default: readable text)")
    p.add_argument("-o", "--output", help="write the report to this file instead of standard output")
    p.add_argument("--lang", choices=LANGS, default=None,
                   help="report language: labels, rule titles and fixes (default: $NETWARDEN_LANG, else en)")


def limit_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("-l", "--limit", help="Ansible host patterns: hosts, groups, globs, ~regex, &group, !group, "
                   "comma- or colon-separated (as ansible-playbook --limit)")


def emit_report(report: Report, args: argparse.Namespace) -> Exit:
    """Write the report (stdout or -o FILE) and note what the audit record says; the report's exit code."""
    from netwarden.report import render_report
    from netwarden.services.atomic import write_atomic

    args.audit_devices = sorted(report.devices)
    args.audit_details = {"findings": len(report.failures), "errors": len(report.errors),
                          "rules": sorted({f.rule_id for f in report.failures})}
    text = render_report(report, args.format, getattr(args, "lang", None))
    if args.output:
        write_atomic(args.output, text)
        print(f"{report.kind}: report written to {args.output} ({len(report.failures)} finding(s), "
              f"{len(report.errors)} error(s))", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return report.exit_code()


__all__ = ["Inputs", "emit_report", "inputs", "inventory_args", "limit_arg", "report_args", "resolve_inventory"]

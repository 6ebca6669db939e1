"""The netwarden command line: every subcommand calls the core and nothing else.

Exit codes follow `terraform plan -detailed-exitcode`: 0 clean, 2 findings or drift,
1 error (bad input, or a device that could not be checked)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence

from netwarden import __version__
from netwarden.errors import InputError, NetwardenError

EXIT_OK, EXIT_ERROR, EXIT_FINDINGS = 0, 1, 2


def _date(s: str) -> dt.date:
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {s!r}") from None


def _inventory_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("-i", "--inventory", required=True, help="Ansible inventory (directory or file)")
    p.add_argument("--vault-password-file", help="ansible-vault password file "
                   "(default: $NETWARDEN_VAULT_PASSWORD_FILE or $ANSIBLE_VAULT_PASSWORD_FILE)")
    p.add_argument("--baseline", help="baseline file or directory (default: the repository's baseline/)")
    p.add_argument("--today", type=_date, help="evaluate allow-list expiry as of this date (YYYY-MM-DD)")
    p.add_argument("--loader", choices=("auto", "fast", "ansible"), default="auto",
                   help="inventory reader: fast static-YAML path, Ansible's inventory API, or auto")


def _common(args: argparse.Namespace) -> dict[str, object]:
    return {"vault_password_file": args.vault_password_file, "today": args.today, "loader": args.loader,
            "baseline": args.baseline}


def cmd_validate(args: argparse.Namespace) -> int:
    from netwarden import api

    s = api.validate(args.inventory, **_common(args))  # type: ignore[arg-type]
    print(f"{args.inventory}: valid ({s['devices']} devices, {s['units']} units, {s['links']} links, "
          f"exit site {s['exit_site']})")
    return EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    from netwarden import api

    r = api.render(args.inventory, args.output, args.limit, **_common(args))  # type: ignore[arg-type]
    print(f"rendered {len(r.devices)} configs to {args.output} (baseline {r.baseline_version})")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="netwarden", description=__doc__.splitlines()[0] if __doc__ else "")
    p.add_argument("--version", action="version", version=f"netwarden {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    sp = sub.add_parser("validate", help="check an inventory: every problem at once")
    _inventory_args(sp)
    sp.set_defaults(func=cmd_validate)

    sp = sub.add_parser("render", help="render every device's intended config and a manifest")
    _inventory_args(sp)
    sp.add_argument("-o", "--output", required=True, help="output directory (replaced atomically)")
    sp.add_argument("-l", "--limit", help="comma-separated host names or patterns")
    sp.set_defaults(func=cmd_render)

    import importlib

    for mod in SUBCOMMANDS:
        importlib.import_module(mod).register(sub)
    return p


# Modules that add subcommands: each has register(subparsers).
SUBCOMMANDS: list[str] = []


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        rc: int = args.func(args)
        return rc
    except InputError as e:
        print(e.render(), file=sys.stderr)
        return EXIT_ERROR
    except NetwardenError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())

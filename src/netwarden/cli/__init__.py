"""The netwarden command line: every subcommand builds a job request, calls the jobs layer
(``netwarden.jobs``) and prints its result; nothing else.

Exit codes follow `terraform plan -detailed-exitcode`: 0 clean, 2 findings or drift,
1 error (bad input, or a device that could not be checked)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from netwarden import __version__
from netwarden.cli import gate, history, lab, live, static
from netwarden.cli.common import resolve_inventory
from netwarden.errors import InputError, NetwardenError
from netwarden.verify.findings import Exit

# the audit log's words for the exit codes (its records say "ok" where reports say "clean")
_AUDIT_RESULT: dict[int, str] = {Exit.CLEAN: "ok", Exit.ERROR: "error", Exit.FINDINGS: "findings"}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="netwarden", description=__doc__.splitlines()[0] if __doc__ else "")
    p.add_argument("--version", action="version", version=f"netwarden {__version__}")
    h = p.add_mutually_exclusive_group()
    h.add_argument("--history", metavar="URL", help="results store every run is recorded in: a SQLite file or a "
                   "postgresql:// URL (default: $NETWARDEN_HISTORY, else ~/.local/state/netwarden/history.sqlite)")
    h.add_argument("--no-history", dest="history", action="store_const", const="off",
                   help="record nothing in the results store")
    sub = p.add_subparsers(dest="command", required=True)
    for mod in (static, live, lab, gate, history):
        mod.register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    from netwarden.report.meta import COMMAND, command_line

    parser = build_parser()
    args = parser.parse_args(argv)
    COMMAND.set(command_line(sys.argv[1:] if argv is None else argv))  # what every report names as its command
    rc: int = Exit.ERROR
    error = ""
    try:
        resolve_inventory(args)
        rc = int(args.func(args))
        return rc
    except InputError as e:
        error = e.render()
        print(error, file=sys.stderr)
        return Exit.ERROR
    except NetwardenError as e:
        error = f"error: {e}"
        print(error, file=sys.stderr)
        return Exit.ERROR
    except OSError as e:  # e.g. an unwritable -o path: the file and the reason, never a traceback
        where = e.filename if e.filename is not None else ""
        error = f"error: {where}: {e.strerror}" if where else f"error: {e.strerror or e}"
        print(error, file=sys.stderr)
        return Exit.ERROR
    except KeyboardInterrupt:
        error = "interrupted"
        print("interrupted", file=sys.stderr)
        return Exit.ERROR
    finally:
        if not getattr(args, "no_audit", False):
            _audit(args, rc, error)


def _audit(args: argparse.Namespace, rc: int, error: str) -> None:
    """Every command leaves a chained record in the audit log (Art. 14)."""
    from netwarden import audit

    action = " ".join(str(x) for x in (args.command, getattr(args, "lab_command", None),
                                      getattr(args, "audit_command", None)) if x)
    details = dict(getattr(args, "audit_details", {}) or {})
    for k in ("inventory", "configs", "output", "limit", "file"):
        if getattr(args, k, None):
            details.setdefault(k, str(getattr(args, k)))
    if error:
        details["error"] = error.splitlines()[0][:300]
    try:
        rec = audit.append(action, devices=getattr(args, "audit_devices", []) or [],
                           result=_AUDIT_RESULT.get(rc, str(rc)), details=details,
                           sha256=getattr(args, "audit_sha256", None))
    except (OSError, ValueError) as e:
        print(f"warning: audit log not written: {e}", file=sys.stderr)
        return
    if rec.get("damage"):
        print(f"warning: the audit log is damaged ({rec['damage']}): this record notes it and the chain goes on; "
              "run netwarden audit verify", file=sys.stderr)


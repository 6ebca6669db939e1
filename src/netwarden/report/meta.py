"""What every report says about its run: when it started and how long it took, the tool's version, the
baseline's version and sha256, the inventory's git commit and the command (issue 16 item 1)."""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import os
import shlex
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from netwarden import __version__
from netwarden.verify.findings import Report, RunInfo

# The command line a report names: the CLI sets it; otherwise the process's own (ansible-playbook's under Ansible)
COMMAND: contextvars.ContextVar[str | None] = contextvars.ContextVar("netwarden_command", default=None)


def command_line(argv: Sequence[str]) -> str:
    return shlex.join(["netwarden", *argv])


_VALUE_OPTS = ("-e", "--extra-vars", "--vault-password", "--become-password", "--connection-password")


def process_command(argv: Sequence[str]) -> str:
    """The process's own command line (ansible-playbook's under Ansible) with the values that may carry secrets
    (extra vars, passwords) redacted: a report never carries them."""
    out: list[str] = []
    hide = False
    for a in argv:
        if hide:
            out.append("<redacted>")
            hide = False
            continue
        opt = a.split("=", 1)[0]
        if opt in _VALUE_OPTS or (opt.startswith("-e") and not opt.startswith("--") and len(opt) > 2):
            if "=" in a and opt.startswith("--"):
                out.append(f"{opt}=<redacted>")
            elif a in _VALUE_OPTS:
                out.append(a)
                hide = True
            else:
                out.append("-e<redacted>")
            continue
        out.append(a)
    return shlex.join(out)


def _git(where: Path, *args: str) -> str | None:
    """One read-only git command in `where`; None when git is missing, fails, or takes over 5 s. The
    repository's fsmonitor hook is disabled: reading a commit runs nothing the repository configures."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        p = subprocess.run(["git", "-c", "core.fsmonitor=false", "-C", str(where), *args], capture_output=True,
                           text=True, timeout=5, stdin=subprocess.DEVNULL, env=env, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return p.stdout if p.returncode == 0 else None


def inventory_commit(inventory: str | Path | None) -> tuple[str | None, bool | None]:
    """(HEAD commit, whether the inventory has uncommitted changes) when the inventory is in a git work tree,
    else (None, None). Never fails."""
    if inventory is None:
        return None, None
    p = Path(inventory)
    where = p if p.is_dir() else p.parent
    if not where.is_dir():
        return None, None
    head = _git(where, "rev-parse", "--verify", "-q", "HEAD")
    if not head or len(head.strip()) not in (40, 64):
        return None, None
    status = _git(where, "status", "--porcelain", "--untracked-files=no", "--", ".")
    return head.strip(), (bool(status.strip()) if status is not None else None)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def stamp(report: Report, baseline_sha256: str, inventory: str | Path | None, started: dt.datetime,
          duration_s: float) -> Report:
    commit, dirty = inventory_commit(inventory)
    cmd = COMMAND.get()
    report.run = RunInfo(started=started.isoformat().replace("+00:00", "Z"), duration_s=round(duration_s, 3),
                         tool_version=__version__, baseline_sha256=baseline_sha256, inventory_commit=commit,
                         inventory_dirty=dirty, command=cmd if cmd is not None else process_command(sys.argv))
    return report


R = TypeVar("R", bound=Report)


def stamped(job: Callable[[Any], R]) -> Callable[[Any], R]:
    """A report job whose report carries its run (start, duration, versions, inventory commit, command)."""

    @functools.wraps(job)
    def run(req: Any) -> R:
        from netwarden.baseline import load_baseline

        started, t0 = _now(), time.monotonic()
        report = job(req)
        sha = load_baseline(getattr(req, "baseline", None)).sha256  # cached: the job's own baseline
        stamp(report, sha, getattr(req, "inventory", None), started, time.monotonic() - t0)
        return report

    return run

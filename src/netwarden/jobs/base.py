"""What every job starts from: its inputs (inventory, vault, baseline, date, loader), loaded once."""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from netwarden.baseline import Baseline, load_baseline
from netwarden.errors import NetwardenError, Problem
from netwarden.model.types import Network


@dataclass(frozen=True)
class Inputs:
    """The inventory and baseline a job reads, and how."""

    inventory: str | Path
    vault_password_file: str | None = None
    today: dt.date | None = None
    loader: str = "auto"  # auto, fast (static YAML), ansible (Ansible's inventory API)
    baseline: str | None = None
    history: str | None = None  # results store: a SQLite path or postgresql:// URL, "off"; None: the default


@dataclass
class Loaded:
    network: Network
    baseline: Baseline
    tolerated: tuple[Problem, ...] = ()  # input problems the job reports as findings instead


def expired_approval(p: Problem) -> bool:
    """An allow-list entry whose approval expired: a finding of the jobs that judge the province (verify's
    EXIT-005, the gate's UNIT-002), an input error for the jobs that change devices."""
    return p.key.startswith("netwarden_internet_allowlist") and p.key.endswith(".expires") and "expired" in p.message


def load(inputs: Inputs, tolerate: Callable[[Problem], bool] | None = None) -> Loaded:
    """Load, build and validate the inventory and the baseline (once per job). ``tolerate``: input problems
    that are the job's findings rather than errors (the gate's own unit's expired approvals)."""
    from netwarden.model import load_tolerant

    net, kept = load_tolerant(inputs.inventory, inputs.vault_password_file, inputs.today, inputs.loader, tolerate)
    from netwarden import audit

    site = net.monitoring.get(net.audit_syslog.monitoring)  # the audit head goes to these (Art. 14)
    audit.set_syslog_targets((str(a), net.audit_syslog.port, net.audit_syslog.transport)
                             for a in (site.syslog if site else ()))
    return Loaded(net, load_baseline(inputs.baseline), tuple(kept))


def select_hosts(net: Network, patterns: Iterable[str] | str | None) -> list[str]:
    """Devices matching comma-separated names/glob patterns (all when None); unknown ones are an error."""
    if not patterns:
        return sorted(net.devices)
    pats = patterns.split(",") if isinstance(patterns, str) else list(patterns)
    want: set[str] = set()
    unknown = []
    for pat in pats:
        pat = pat.strip()
        if not any(c in pat for c in "*?["):  # a plain name: no scan of every device
            if pat in net.devices:
                want.add(pat)
            else:
                unknown.append(pat)
            continue
        match = [h for h in net.devices if fnmatch.fnmatch(h, pat)]
        if not match:
            unknown.append(pat)
        want.update(match)
    if unknown:
        raise NetwardenError(f"--limit: no device matches {', '.join(unknown)}")
    return sorted(want)

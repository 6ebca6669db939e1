"""What every job starts from: its inputs (inventory, vault, baseline, date, loader), loaded once."""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from netwarden.baseline import Baseline, load_baseline
from netwarden.errors import NetwardenError, Problem
from netwarden.model import Source
from netwarden.model.inventory import InventoryData
from netwarden.model.types import Network


@dataclass(frozen=True)
class Inputs:
    """The inventory and baseline a job reads, and how."""

    inventory: str | Path  # the (first) inventory source: named in messages, where a lab's state is kept
    vault_password_file: str | None = None
    today: dt.date | None = None
    loader: str = "auto"  # auto, fast (static YAML), ansible (Ansible's inventory API)
    baseline: str | None = None
    history: str | None = None  # results store: a SQLite path or postgresql:// URL, "off"; None: the default
    more_inventories: tuple[str, ...] = ()  # further sources (several -i), read as Ansible merges them
    # the inventory as a running Ansible has it (the action plugins: model.ansible_inventory.from_hostvars);
    # when given, nothing is read from disk
    hostvars: InventoryData | None = None

    def source(self) -> Source:
        """What the model is built from."""
        if self.hostvars is not None:
            return self.hostvars
        return (str(self.inventory), *self.more_inventories) if self.more_inventories else self.inventory


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

    net, kept = load_tolerant(inputs.source(), inputs.vault_password_file, inputs.today, inputs.loader, tolerate)
    from netwarden import audit

    site = net.monitoring.get(net.audit_syslog.monitoring)  # the audit head goes to these (Art. 14)
    audit.set_syslog_targets((str(a), net.audit_syslog.port, net.audit_syslog.transport)
                             for a in (site.syslog if site else ()))
    return Loaded(net, load_baseline(inputs.baseline), tuple(kept))


def split_patterns(patterns: Iterable[str] | str) -> list[str]:
    """Ansible's host-pattern list: comma-separated, else colon-separated (device names hold no colon, so
    Ansible's IPv6 and range handling is not needed); each item of a list is split too."""
    items = [patterns] if isinstance(patterns, str) else list(patterns)
    out: list[str] = []
    for item in items:
        parts = item.split(",") if "," in item else re.split(r":(?![^\[]*\])", item)  # not inside [...]
        out += [p.strip() for p in parts if p.strip()]
    return out


def _match_list(names: Iterable[str], pattern: str) -> list[str]:
    """Ansible's InventoryManager._match_list: ~regex (re.match), else a shell glob."""
    try:
        rx = re.compile(pattern[1:]) if pattern[0] == "~" else re.compile(fnmatch.translate(pattern))
    except re.error as e:
        raise NetwardenError(f"--limit: invalid pattern {pattern!r}: {e}") from None
    return [n for n in names if rx.match(n)]


def select_hosts(net: Network, patterns: Iterable[str] | str | None) -> list[str]:
    """Devices matching Ansible host patterns, as ``ansible-playbook --limit`` reads them (all when None):
    host and group names, globs and ``~regex`` over both, ``all``, ``&group`` (and also in), ``!group``
    (except), in a comma- or colon-separated list, unions first, then intersections, then exclusions
    (Ansible's order_patterns). A pattern that matches nothing is an error (Ansible only warns: a mistyped
    ``!group`` would otherwise exclude nothing); subscripts (``group[0:2]``) are refused."""
    if not patterns:
        return sorted(net.devices)
    pats = split_patterns(patterns)
    groups: dict[str, list[str]] = {"all": sorted(net.devices)}
    for name in sorted(net.devices):
        for g in net.devices[name].groups:
            groups.setdefault(g, []).append(name)
    ordered = ([p for p in pats if p[0] not in "&!"] + [p for p in pats if p[0] == "&"]
               + [p for p in pats if p[0] == "!"])
    want: set[str] = set()
    unknown: list[str] = []
    for p in ordered:
        pat = p[1:] if p[0] in "&!" else p
        if not pat:
            unknown.append(p)
            continue
        if pat[0] != "~" and re.search(r"\[-?\d*:?-?\d*\]$", pat):
            raise NetwardenError(f"--limit: subscripts are not supported ({p})")
        if pat in net.devices:
            that = {pat}
        else:
            matching_groups = _match_list(groups, pat)
            that = {h for g in matching_groups for h in groups[g]}
            if not matching_groups or pat[0] == "~" or any(c in pat for c in ".?*["):
                that.update(_match_list(net.devices, pat))
        if not that:
            unknown.append(p)
        if p[0] == "!":
            want -= that
        elif p[0] == "&":
            want &= that
        else:
            want |= that
    if unknown:
        raise NetwardenError(f"--limit: no device matches {', '.join(unknown)}")
    if not want:
        raise NetwardenError(f"--limit {','.join(pats)}: no device left")
    return sorted(want)

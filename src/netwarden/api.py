"""The public API the CLI and the Ansible plugins both call: one function per job."""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netwarden.baseline import Baseline, load_baseline
from netwarden.errors import NetwardenError
from netwarden.model import load_network
from netwarden.model.types import Network


@dataclass
class Loaded:
    network: Network
    baseline: Baseline


def load(inventory: str | Path, vault_password_file: str | None = None, today: dt.date | None = None,
         loader: str = "auto", baseline: str | None = None) -> Loaded:
    net = load_network(inventory, vault_password_file, today, loader)
    return Loaded(net, load_baseline(baseline))


def select_hosts(net: Network, patterns: Iterable[str] | str | None) -> list[str]:
    """Devices matching comma-separated names/glob patterns (all when None); unknown ones are an error."""
    if not patterns:
        return sorted(net.devices)
    pats = patterns.split(",") if isinstance(patterns, str) else list(patterns)
    want: list[str] = []
    unknown = []
    for pat in pats:
        pat = pat.strip()
        match = sorted(h for h in net.devices if fnmatch.fnmatch(h, pat))
        if not match:
            unknown.append(pat)
        want += [h for h in match if h not in want]
    if unknown:
        raise NetwardenError(f"--limit: no device matches {', '.join(unknown)}")
    return sorted(want)


@dataclass
class RenderResult:
    output: str
    devices: list[dict[str, Any]] = field(default_factory=list)
    baseline_version: str = ""


def render(inventory: str | Path, output: str | Path, limit: Iterable[str] | str | None = None,
           vault_password_file: str | None = None, today: dt.date | None = None, loader: str = "auto",
           baseline: str | None = None) -> RenderResult:
    """Render the intended config of every (selected) device and the manifest, atomically."""
    from netwarden.render.engine import Renderer, manifest, write_output

    ld = load(inventory, vault_password_file, today, loader, baseline)
    hosts = select_hosts(ld.network, limit)
    rendered = Renderer(ld.baseline).render_network(ld.network, hosts)
    man = manifest(rendered, ld.baseline, ld.network)
    write_output(Path(output), rendered, man)
    return RenderResult(str(output), man["devices"], ld.baseline.version)


def validate(inventory: str | Path, vault_password_file: str | None = None, today: dt.date | None = None,
             loader: str = "auto", baseline: str | None = None) -> dict[str, Any]:
    ld = load(inventory, vault_password_file, today, loader, baseline)
    net = ld.network
    return {"devices": len(net.devices), "units": len(net.units), "links": len(net.links),
            "exit_site": net.exit.site, "baseline_version": ld.baseline.version}

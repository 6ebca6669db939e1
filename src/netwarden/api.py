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
from netwarden.services.atomic import write_atomic as write_atomic  # re-exported for the Ansible plugins


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


@dataclass
class RenderResult:
    output: str
    devices: list[dict[str, Any]] = field(default_factory=list)
    baseline_version: str = ""


def render(inventory: str | Path, output: str | Path, limit: Iterable[str] | str | None = None,
           vault_password_file: str | None = None, today: dt.date | None = None, loader: str = "auto",
           baseline: str | None = None) -> RenderResult:
    """Render the intended config of every (selected) device and the manifest, atomically.

    Large inventories are rendered by one worker process per core, each writing its own files."""
    from netwarden.render.engine import Renderer, finish_output, manifest, output_dir

    ld = load(inventory, vault_password_file, today, loader, baseline)
    names = None if limit is None or isinstance(limit, str) else list(limit)
    if names and all(isinstance(h, str) and h in ld.network.devices and not any(c in h for c in "*?[")
                     for h in names):
        hosts = sorted(set(names))  # plain host names (the action plugin's play hosts): no pattern matching
    else:
        hosts = select_hosts(ld.network, limit)
    with output_dir(Path(output), Path(inventory), keep_others=limit is not None) as out:
        rendered = Renderer(ld.baseline).render_to_dir(ld.network, hosts, out.staging)
        man = manifest(rendered, ld.baseline, ld.network)
        finish_output(out, man)
    return RenderResult(str(output), man["devices"], ld.baseline.version)


def validate(inventory: str | Path, vault_password_file: str | None = None, today: dt.date | None = None,
             loader: str = "auto", baseline: str | None = None) -> dict[str, Any]:
    ld = load(inventory, vault_password_file, today, loader, baseline)
    net = ld.network
    return {"devices": len(net.devices), "units": len(net.units), "links": len(net.links),
            "exit_site": net.exit.site, "baseline_version": ld.baseline.version}


def verify(inventory: str | Path, configs: str | Path | None = None, vault_password_file: str | None = None,
           today: dt.date | None = None, loader: str = "auto", baseline: str | None = None,
           limit: Iterable[str] | str | None = None) -> Any:
    """Verify the intended configs (rendered in memory) or the configs in a directory."""
    from netwarden.render.engine import Renderer
    from netwarden.verify.engine import read_config_dir, verify_network

    ld = load(inventory, vault_password_file, today, loader, baseline)
    hosts = select_hosts(ld.network, limit)
    if configs is None:
        renderer = Renderer(ld.baseline)

        def intended(host: str) -> tuple[str, str]:  # rendered in the worker that verifies it
            return renderer.render_device(ld.network, ld.network.devices[host]).text, f"{host}.cfg"

        return verify_network(ld.network, ld.baseline, intended, hosts=hosts)
    texts = read_config_dir(ld.network, Path(configs))
    return verify_network(ld.network, ld.baseline, {h: t for h, t in texts.items() if h in set(hosts)}, hosts=hosts)


def check_config(path: str | Path, platform: str, role: str, level: int, baseline: str | None = None) -> Any:
    from netwarden.verify.engine import check_config as _check

    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise NetwardenError(f"{path}: {e.strerror}") from None
    try:
        if b"\0" in data:
            raise ValueError
        text = data.decode("utf-8")
    except ValueError:
        raise NetwardenError(f"{path}: not a text configuration (binary data): nothing checked") from None
    return _check(text, str(path), platform, role, level, load_baseline(baseline))

"""Jobs that read files only: validate, render, verify, check-config."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netwarden.baseline import load_baseline
from netwarden.errors import NetwardenError
from netwarden.jobs.base import Inputs, Loaded, expired_approval, load, select_hosts
from netwarden.jobs.recorded import recorded
from netwarden.progress import phase
from netwarden.report.meta import stamped
from netwarden.verify.findings import Exit, Report


@dataclass(frozen=True)
class ValidateRequest(Inputs):
    pass


@dataclass
class ValidateResult:
    inventory: str
    devices: int
    units: int
    links: int
    exit_site: str
    baseline_version: str

    def exit_code(self) -> Exit:
        return Exit.CLEAN  # an invalid inventory raises InputError (exit 1) with every problem


@recorded("validate")
def validate(req: ValidateRequest) -> ValidateResult:
    ld = load(req)
    net = ld.network
    return ValidateResult(str(req.inventory), len(net.devices), len(net.units), len(net.links), net.exit.site,
                          ld.baseline.version)


@dataclass(frozen=True)
class RenderRequest(Inputs):
    output: str | Path = ""
    limit: Iterable[str] | str | None = None  # names or patterns; a limited render keeps the others' files


@dataclass
class RenderResult:
    output: str
    devices: list[dict[str, Any]] = field(default_factory=list)  # the manifest's entries
    baseline_version: str = ""

    def exit_code(self) -> Exit:
        return Exit.CLEAN


def render(req: RenderRequest) -> RenderResult:
    """Render the intended config of every (selected) device and the manifest, atomically.

    Large inventories are rendered by one worker process per core, each writing its own files. Each config is
    parsed back in the worker that rendered it and must be what the inventory and baseline asked for (CFG-003,
    the round trip): a render with any config that is not is refused, and nothing is written."""
    from netwarden.render.engine import Renderer, finish_output, manifest, output_dir
    from netwarden.verify.roundtrip import check_text, refusal

    if not str(req.output):
        raise NetwardenError("render: no output directory (-o DIR)")
    with phase(f"render: loading {req.inventory}"):
        ld = load(req)
    limit = req.limit
    names = None if limit is None or isinstance(limit, str) else list(limit)
    if names and all(isinstance(h, str) and h in ld.network.devices and not any(c in h for c in "*?[")
                     for h in names):
        hosts = sorted(set(names))  # plain host names (the action plugin's play hosts): no pattern matching
    else:
        hosts = select_hosts(ld.network, limit)
    with output_dir(Path(req.output), Path(req.inventory), keep_others=limit is not None) as out:
        with phase(f"render: rendering and parsing back {len(hosts)} config(s)"):
            rendered = Renderer(ld.baseline).render_to_dir(ld.network, hosts, out.staging, check=check_text)
        failed = {r.hostname: list(r.problems) for r in rendered if r.problems}
        if failed:
            raise NetwardenError(refusal(failed, "render", f"nothing was written to {req.output}"))
        man = manifest(rendered, ld.baseline, ld.network)
        finish_output(out, man)
    return RenderResult(str(req.output), man["devices"], ld.baseline.version)


@dataclass(frozen=True)
class VerifyRequest(Inputs):
    configs: str | Path | None = None  # a directory of <host>.cfg; None: the intended configs
    limit: Iterable[str] | str | None = None


@recorded("verify")
@stamped
def verify(req: VerifyRequest) -> Report:
    """Verify the intended configs (rendered in the workers that verify them, each also proven by the round trip,
    CFG-003: an error for its host) or the configs in a directory (running configs: no round trip, they may
    legitimately differ)."""
    with phase(f"verify: loading {req.inventory}"):
        ld = load(req, tolerate=expired_approval)  # an expired approval is EXIT-005's finding; the rest is checked
    hosts = select_hosts(ld.network, req.limit)
    with phase(f"verify: checking {len(hosts)} device(s)"):
        return _verify(req, ld, hosts)


def _verify(req: VerifyRequest, ld: Loaded, hosts: list[str]) -> Report:
    from netwarden.render.engine import Renderer
    from netwarden.verify.engine import read_config_dir, verify_network

    if req.configs is None:
        renderer = Renderer(ld.baseline)

        def intended(host: str) -> tuple[str, str]:  # rendered in the worker that verifies it
            return renderer.render_device(ld.network, ld.network.devices[host]).text, f"{host}.cfg"

        return verify_network(ld.network, ld.baseline, intended, hosts=hosts, roundtrip=True)
    texts = read_config_dir(ld.network, Path(req.configs))
    wanted = set(hosts)
    return verify_network(ld.network, ld.baseline, {h: t for h, t in texts.items() if h in wanted}, hosts=hosts)


@dataclass(frozen=True)
class CheckConfigRequest:
    file: str | Path
    platform: str
    role: str
    level: int
    baseline: str | None = None


@stamped
def check_config(req: CheckConfigRequest) -> Report:
    """One config file against the baseline for its role, without an inventory."""
    from netwarden.verify.engine import check_config as _check

    p = Path(req.file)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise NetwardenError(f"{req.file}: {e.strerror}") from None
    try:
        if b"\0" in data:
            raise ValueError
        text = data.decode("utf-8")
    except ValueError:
        raise NetwardenError(f"{req.file}: not a text configuration (binary data): nothing checked") from None
    return _check(text, str(req.file), req.platform, req.role, req.level, load_baseline(req.baseline))

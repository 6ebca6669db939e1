"""Stage two of rendering: structured config -> text, one compiled template per section.

Templates are compiled once (and kept in Jinja's bytecode cache between runs) and reused for
every device. Large inventories are rendered by one forked worker per core, over interleaved
chunks of hosts; each worker writes its own files. The output does not depend on the number
of workers."""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from netwarden import platforms
from netwarden.baseline import Baseline
from netwarden.model.inventory import cache_dir, fork_map, private_dir, workers
from netwarden.model.types import Device, Network
from netwarden.platforms.document import marker
from netwarden.render.context import DeviceCtx, FlowRule, device_context

RENDER_PARALLEL_MIN = 200  # fewer devices than this are rendered in one process
ZONE_PREFIX_LIST = "NW-OTHER-ZONE"
ZONE_ROUTE_MAP = "NW-NO-OTHER-ZONE"


def _wildcard(net: Any) -> str:
    n = ipaddress.IPv4Network(str(net))
    return str(n.hostmask)


def _netmask(net: Any) -> str:
    return str(ipaddress.IPv4Network(str(net), strict=False).netmask)


def _network(net: Any) -> str:
    return str(ipaddress.IPv4Network(str(net), strict=False).network_address)


def _pool_range(net: Any) -> str:
    n = ipaddress.IPv4Network(str(net))
    hosts = list(n.hosts()) if n.prefixlen < 31 else list(n)
    return f"{hosts[0]}-{hosts[-1]}"


def _pool_first(net: Any) -> str:
    return _pool_range(net).split("-")[0]


def _pool_last(net: Any) -> str:
    return _pool_range(net).split("-")[1]


def _nft_match(r: FlowRule) -> str:
    if r.proto == "icmp":
        return "ip protocol icmp"
    ports = ", ".join(str(lo) if lo == hi else f"{lo}-{hi}" for lo, hi in r.ports)
    return f"{r.proto} dport {{ {ports} }}"


def _rsyslog_severity(s: str) -> str:
    return {"informational": "info", "warnings": "warning", "errors": "err"}.get(s, s)


def _quote_names(names: Iterable[str]) -> list[str]:
    return [f'"{n}"' for n in names]


@dataclass(frozen=True)
class Rendered:
    hostname: str
    platform: str
    role: str
    unit: str
    text: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()


@dataclass(frozen=True)
class RenderedFile:
    """A config a worker wrote to disk: what the manifest needs, without the text."""

    hostname: str
    platform: str
    role: str
    unit: str
    sha256: str


ENV_OPTIONS: dict[str, Any] = {"trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True,
                               "autoescape": False}


def _bytecode_cache(templates: str) -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs, per Jinja version, options and template directory (Jinja checks
    each template's source checksum itself)."""
    base = cache_dir()
    if base is None:
        return None
    ident = f"{jinja2.__version__}\0{sorted(ENV_OPTIONS.items())}\0{templates}"
    d = base / "jinja" / hashlib.sha256(ident.encode()).hexdigest()[:16]
    return jinja2.FileSystemBytecodeCache(str(d)) if private_dir(d) else None


def _write_file(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)  # configs carry device secrets
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


class Renderer:
    def __init__(self, baseline: Baseline) -> None:
        self.baseline = baseline
        # `<platform>/<section>.j2`, each platform's templates from its own package
        specs = platforms.registry().values()
        self.env = jinja2.Environment(
            loader=jinja2.PrefixLoader({s.name: jinja2.FileSystemLoader(str(s.templates)) for s in specs}),
            undefined=jinja2.StrictUndefined,
            bytecode_cache=_bytecode_cache("\0".join(str(s.templates.resolve()) for s in specs)),
            **ENV_OPTIONS,
        )
        self.env.filters.update(
            wildcard=_wildcard, netmask=_netmask, network=_network, pool_range=_pool_range,
            pool_first=_pool_first, pool_last=_pool_last, nft_match=_nft_match,
            rsyslog_severity=_rsyslog_severity,
        )
        self._compiled: dict[tuple[str, str], jinja2.Template] = {}

    def template(self, platform: str, section: str) -> jinja2.Template:
        key = (platform, section)
        t = self._compiled.get(key)
        if t is None:
            t = self._compiled[key] = self.env.get_template(f"{platform}/{section}.j2")
        return t

    def extra_vars(self, ctx: DeviceCtx) -> dict[str, Any]:
        by = {f: [i.name for i in ctx.interfaces if i.faces == f] for f in ("extranet", "internet", "dmz", "lan")}
        return {
            "d": ctx,
            "zone_pl": ZONE_PREFIX_LIST,
            "rm": ZONE_ROUTE_MAP,
            "extranet_ifs": _quote_names(by["extranet"] + by["lan"]),
            "internet_ifs": _quote_names(by["internet"]),
            "dmz_ifs": _quote_names(by["dmz"]),
        }

    def render_device(self, net: Network, device: Device) -> Rendered:
        platform = device.platform.value
        spec = platforms.get(platform)
        ctx = device_context(net, device, self.baseline)
        v = self.extra_vars(ctx)
        parts: list[str] = []
        if spec.files is not None:  # a multi-file document: a header, then each file behind its marker
            parts.append(f"# netwarden {platform} config for {device.hostname} (baseline {self.baseline.version}, "
                         f"level {ctx.level}); layout: docs/config-layout.md")
            for section in spec.sections:
                parts.append(marker(section, spec.files[section]))
                parts.append(self.template(platform, section).render(v).rstrip("\n"))
            text = "\n".join(parts) + "\n"
        else:
            for section in spec.sections:
                body = self.template(platform, section).render(v).rstrip("\n")
                if body:
                    parts.append(body)
            text = "\n".join(parts) + "\n"
        return Rendered(device.hostname, platform, device.role.value, device.unit, text)

    def _chunks(self, net: Network, names: list[str]) -> list[list[str]]:
        """Interleaved chunks of ``names``, one per worker; templates compiled before forking."""
        n = workers(len(names), RENDER_PARALLEL_MIN)
        if n > 1:
            for platform in {net.devices[h].platform.value for h in names}:
                for section in platforms.get(platform).sections:
                    self.template(platform, section)
        return [names[i::n] for i in range(n)]

    def render_network(self, net: Network, hosts: Iterable[str] | None = None) -> list[Rendered]:
        names = sorted(net.devices) if hosts is None else sorted(hosts)
        chunks = self._chunks(net, names)
        parts = fork_map(lambda c: [self.render_device(net, net.devices[h]) for h in c], chunks)
        return _interleave(parts)

    def render_to_dir(self, net: Network, hosts: Iterable[str], directory: Path) -> list[RenderedFile]:
        """Render ``hosts`` and write ``<host>.cfg`` (mode 0600) into ``directory``; in sorted host order."""

        def work(chunk: list[str]) -> list[RenderedFile]:
            out = []
            for h in chunk:
                r = self.render_device(net, net.devices[h])
                data = r.text.encode("utf-8")
                _write_file(directory / f"{r.hostname}.cfg", data)
                out.append(RenderedFile(r.hostname, r.platform, r.role, r.unit, hashlib.sha256(data).hexdigest()))
            return out

        return _interleave(fork_map(work, self._chunks(net, sorted(hosts))))


def _interleave(parts: list[list[Any]]) -> list[Any]:
    """Undo ``names[i::n]`` chunking."""
    out: list[Any] = []
    for i in range(max((len(p) for p in parts), default=0)):
        out.extend(p[i] for p in parts if i < len(p))
    return out


def manifest(rendered: Sequence[Rendered | RenderedFile], baseline: Baseline, net: Network) -> dict[str, Any]:
    return {
        "netwarden_manifest": 1,
        "inventory": net.name,
        "baseline_version": baseline.version,
        "baseline_sha256": baseline.sha256,
        "devices": [
            {"device": r.hostname, "platform": r.platform, "role": r.role, "unit": r.unit,
             "file": f"{r.hostname}.cfg", "baseline_version": baseline.version, "sha256": r.sha256}
            for r in rendered
        ],
    }


def write_output(outdir: Path, rendered: list[Rendered], man: dict[str, Any]) -> None:
    """Write every config and the manifest to a temp dir, then swap it in: all or nothing."""
    with output_dir(outdir) as tmp:
        for r in rendered:
            _write_file(tmp / f"{r.hostname}.cfg", r.text.encode("utf-8"))
        finish_output(tmp, man)


@contextlib.contextmanager
def output_dir(outdir: Path) -> Iterator[Path]:
    """``with output_dir(out) as tmp:`` write into ``tmp`` and call :func:`finish_output`; on leaving, ``tmp``
    replaces ``out`` (all or nothing); on an error it is removed and ``out`` is left as it was."""
    outdir = outdir.resolve()
    outdir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.tmp-", dir=outdir.parent))
    try:
        yield tmp
        old = None
        if outdir.exists():
            old = outdir.parent / f".{outdir.name}.old-{os.getpid()}"
            os.rename(outdir, old)
        os.rename(tmp, outdir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def finish_output(tmp: Path, man: dict[str, Any]) -> None:
    (tmp / "manifest.json").write_text(json.dumps(man, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    os.chmod(tmp, 0o755)

"""Stage two of rendering: structured config -> text, one compiled template per section.

Templates are compiled once (and kept in Jinja's bytecode cache between runs) and reused for
every device. Large inventories are rendered by one forked worker per core, over interleaved
chunks of hosts; each worker writes its own files. The output does not depend on the number
of workers."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import ipaddress
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from netwarden import platforms
from netwarden.baseline import Baseline
from netwarden.model.intent import FlowRule, intents
from netwarden.model.types import Device, Network
from netwarden.platforms.document import marker
from netwarden.render.context import DeviceCtx, device_context
from netwarden.services.cache import cache_dir, private_dir
from netwarden.services.pool import fork_map, workers

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


def _nft_string(s: Any) -> str:
    """Text inside an nftables double-quoted string: nft strings have no escapes, so a double quote (it would
    end the string) becomes a single one and a backslash a slash; the rest stays as written."""
    return str(s).replace('"', "'").replace("\\", "/")


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
    """A config a worker wrote to disk: what the manifest needs, without the text (and, when a check ran in
    the worker, what it found: then the file is not written)."""

    hostname: str
    platform: str
    role: str
    unit: str
    sha256: str
    problems: tuple[str, ...] = ()


Check = Callable[[DeviceCtx, str], list[str]]  # (the device's context, its rendered text) -> problems


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
            rsyslog_severity=_rsyslog_severity, nft_string=_nft_string,
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

    def render_device(self, net: Network, device: Device, ctx: DeviceCtx | None = None) -> Rendered:
        platform = device.platform.value
        spec = platforms.get(platform)
        ctx = ctx or device_context(net, device, self.baseline)
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
        intents(net, self.baseline)  # computed once, before the workers fork: they share it
        parts = fork_map(lambda c: [self.render_device(net, net.devices[h]) for h in c], chunks)
        return _interleave(parts)

    def render_to_dir(self, net: Network, hosts: Iterable[str], directory: Path,
                      check: Check | None = None) -> list[RenderedFile]:
        """Render ``hosts`` and write ``<host>.cfg`` (mode 0600) into ``directory``; in sorted host order.
        ``check``: run on each rendered text in the worker that rendered it; a text it finds problems in is
        not written (the caller refuses the render)."""

        def work(chunk: list[str]) -> list[RenderedFile]:
            out = []
            for h in chunk:
                d = net.devices[h]
                ctx = device_context(net, d, self.baseline)
                r = self.render_device(net, d, ctx)
                problems = tuple(check(ctx, r.text)) if check is not None else ()
                data = r.text.encode("utf-8")
                if not problems:
                    _write_file(directory / f"{r.hostname}.cfg", data)
                out.append(RenderedFile(r.hostname, r.platform, r.role, r.unit, hashlib.sha256(data).hexdigest(),
                                        problems))
            return out

        intents(net, self.baseline)  # computed once, before the workers fork: they share it
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


MANIFEST = "manifest.json"
LOCK = ".netwarden.lock"
STAGING_PREFIX = ".netwarden-tmp-"


def write_output(outdir: Path, rendered: list[Rendered], man: dict[str, Any]) -> None:
    """Write every config and the manifest (see :func:`output_dir`)."""
    with output_dir(outdir) as out:
        for r in rendered:
            _write_file(out.staging / f"{r.hostname}.cfg", r.text.encode("utf-8"))
        finish_output(out, man)


@dataclass
class Output:
    """An output directory being written: files go to ``staging`` (inside ``dir``) until :func:`finish_output`."""

    dir: Path
    staging: Path
    previous: dict[str, Any] | None  # the manifest netwarden left there before
    keep_others: bool  # a limited render: other devices' files and manifest entries stay


def _own_file(name: Any) -> bool:
    """A file name a manifest may list: a plain name in the directory, never a path."""
    return isinstance(name, str) and name not in ("", ".", "..") and "/" not in name and "\0" not in name


def read_manifest(directory: Path) -> dict[str, Any] | None:
    """The netwarden manifest in ``directory`` (a regular file, not a link), or None."""
    try:
        fd = os.open(directory / MANIFEST, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                return None
            data = json.loads(f.read(64 << 20))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("netwarden_manifest") != 1 or not isinstance(data.get("devices"), list):
        return None
    data["devices"] = [e for e in data["devices"] if isinstance(e, dict) and _own_file(e.get("file"))
                       and isinstance(e.get("device"), str)]
    return data


def _foreign_entries(directory: Path) -> list[str]:
    return sorted(n for n in os.listdir(directory) if n != LOCK and not n.startswith(STAGING_PREFIX))


def _is_within(a: Path, b: Path) -> bool:
    return a == b or b in a.parents


def _check_output(outdir: Path, inventory: Path | None) -> None:
    """Refuse a directory netwarden must not write into (nothing is created or changed before)."""
    from netwarden.errors import NetwardenError

    if outdir.is_symlink():
        raise NetwardenError(f"{outdir}: is a symbolic link: render writes only into a real directory")
    real = outdir.resolve()
    if inventory is not None:
        inv = inventory.resolve()
        base = inv if inv.is_dir() else inv.parent
        if _is_within(real, base) or _is_within(base, real):
            raise NetwardenError(f"{outdir}: is inside (or holds) the inventory {inventory}: render never writes "
                                 "into its input")
    if not real.exists():
        return
    if not real.is_dir():
        raise NetwardenError(f"{outdir}: exists and is not a directory")
    if read_manifest(real) is not None:
        return
    if real == Path.cwd().resolve():
        raise NetwardenError(f"{outdir}: is the current directory and holds no netwarden manifest.json: render "
                             "writes only into a directory it created or one with its own manifest (nothing was "
                             "changed)")
    if _foreign_entries(real):
        raise NetwardenError(f"{outdir}: is not empty and holds no netwarden manifest.json: render writes only "
                             "into a directory it created or one with its own manifest (nothing was changed)")


@contextlib.contextmanager
def locked(directory: Path) -> Iterator[None]:
    """An exclusive lock on ``directory`` (fcntl on ``.netwarden.lock``, removed again while still held)."""
    path = directory / LOCK
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                same = os.path.samestat(os.fstat(fd), os.lstat(path))
            except FileNotFoundError:
                same = False  # the holder before us removed it: lock the new one
        except BaseException:
            os.close(fd)
            raise
        if same:
            break
        os.close(fd)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)


_STAGING_RE = re.compile(re.escape(STAGING_PREFIX) + r"[a-z0-9_]{8}")


def _remove_stale_staging(directory: Path) -> None:
    """Remove what a killed render left (called under the lock, so no render is staging now): directories
    named as tempfile names netwarden's staging directories, real directories only (never a link)."""
    for name in os.listdir(directory):
        p = directory / name
        if _STAGING_RE.fullmatch(name) and stat.S_ISDIR(os.lstat(p).st_mode):
            shutil.rmtree(p, ignore_errors=True)


@contextlib.contextmanager
def output_dir(outdir: Path, inventory: Path | None = None, keep_others: bool = False) -> Iterator[Output]:
    """``with output_dir(out) as o:`` write configs into ``o.staging`` and call :func:`finish_output`.

    ``out`` must be a directory netwarden created, or one holding its own manifest (an empty directory other
    than the current one is taken too); never the inventory, never a symbolic link. Renders into the same
    directory are serialised by a lock. On an error the staging directory is removed and ``out`` is left as it
    was (removed again if this call created it, with the parent directories it created); nothing else is
    ever deleted: only files the previous manifest lists are replaced or removed."""
    outdir = Path(os.path.abspath(outdir))
    _check_output(outdir, inventory)
    made: list[Path] = []  # the directories this call created (removed again on an error when empty)
    try:
        for p in [*reversed(outdir.parents), outdir]:
            if p.is_dir():
                continue
            if p.exists():
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(p))
            with contextlib.suppress(FileExistsError):  # made meanwhile by another render
                os.mkdir(p, 0o755)
                made.append(p)
        created = outdir in made
        with locked(outdir):
            if not created:
                _check_output(outdir, inventory)  # again, under the lock
            _remove_stale_staging(outdir)
            staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=outdir))
            try:
                yield Output(outdir, staging, read_manifest(outdir), keep_others)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except BaseException:
        for p in reversed(made):
            with contextlib.suppress(OSError):
                os.rmdir(p)  # only when still empty
        raise


def _unchanged(directory: Path, entry: dict[str, Any]) -> bool:
    """The file a manifest entry lists is still what netwarden wrote: a regular file in ``directory`` (not a
    link) whose sha256 is the one recorded. A forged entry, or a file edited or put there by someone, is
    not ours to delete."""
    want = entry.get("sha256")
    if not isinstance(want, str):
        return False
    try:
        fd = os.open(directory / entry["file"], os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return False
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            return False
        h = hashlib.sha256()
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest() == want


def finish_output(out: Output, man: dict[str, Any]) -> dict[str, Any]:
    """Move the staged configs into place and write the manifest (last); returns the manifest written.

    A limited render keeps the other devices' files and manifest entries; a full one removes the files of
    devices its previous manifest listed and this one does not, when they are still what it wrote (the
    recorded sha256: a forged entry or an edited file stays). A file in the way that the previous manifest
    does not list (or that is not a regular file) is refused: nothing is moved then."""
    from netwarden.errors import NetwardenError

    prev = out.previous or {"devices": []}
    prev_files = {e["file"] for e in prev["devices"]}
    new = {e["device"]: e for e in man["devices"]}
    kept = [e for e in prev["devices"] if e["device"] not in new] if out.keep_others else []
    stale = [] if out.keep_others else [e for e in prev["devices"] if e["device"] not in new]
    refused = []
    for e in man["devices"]:
        try:
            st = os.lstat(out.dir / e["file"])
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(st.st_mode):
            refused.append(f"{e['file']} is not a regular file")
        elif e["file"] not in prev_files:
            refused.append(f"{e['file']} was not written by netwarden")
    if refused:
        raise NetwardenError(f"{out.dir}: {'; '.join(refused)}: not replaced (nothing was changed)")
    final = dict(man)
    final["devices"] = sorted([*man["devices"], *kept], key=lambda e: e["device"])
    for e in man["devices"]:
        os.replace(out.staging / e["file"], out.dir / e["file"])
    written = {e["file"] for e in man["devices"]}
    for e in stale:
        if e["file"] not in written and _unchanged(out.dir, e):
            with contextlib.suppress(OSError):
                os.unlink(out.dir / e["file"])
    _write_file(out.staging / MANIFEST, (json.dumps(final, indent=2, sort_keys=False) + "\n").encode("utf-8"))
    os.chmod(out.staging / MANIFEST, 0o644)
    os.replace(out.staging / MANIFEST, out.dir / MANIFEST)
    return final

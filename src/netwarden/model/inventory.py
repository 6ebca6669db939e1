"""Reading Ansible inventories into per-host variables.

Two paths give the same result:

* :func:`load_static` reads static YAML inventories (``hosts.yml``, ``group_vars/``,
  ``host_vars/``) itself, following Ansible's rules: group depth/priority/name order,
  ``all`` then groups then hosts, inventory-file vars below ``group_vars``/``host_vars``
  files, top-level keys replaced (``hash_behaviour = replace``), ``!vault`` values
  decrypted with Ansible's own vault code. It is about 50x faster than Ansible's
  inventory API (see docs/benchmarks.md). Parsed files are kept in a parse cache
  (:class:`ParseCache`, ``$NETWARDEN_CACHE_DIR`` or ``$XDG_CACHE_HOME/netwarden``) while
  their mtime/size/inode/ctime are unchanged, vault values still encrypted; files not in
  the cache are parsed by one forked worker per core when there are many.
* :func:`load_with_ansible` uses Ansible's ``InventoryManager`` and ``VariableManager``;
  it is the path for dynamic inventories (scripts, inventory plugins).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import signal
import stat
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from netwarden.errors import InputError, NetwardenError, Problem
from netwarden.model.yamlload import Unbounded, VaultText, check_aliases, load_yaml, max_file_size

VARS_EXTENSIONS = ("", ".yml", ".yaml", ".json")
# the Ansible variables netwarden reads besides its own netwarden_* ones
ANSIBLE_KEYS = ("ansible_host", "ansible_user", "ansible_password", "ansible_ssh_private_key_file", "ansible_port")
INVENTORY_EXTENSIONS = (".yml", ".yaml")


@dataclass
class HostRecord:
    name: str
    vars: dict[str, Any]
    groups: list[str]
    sources: list[str] = field(default_factory=list)  # files that set its variables
    origins: dict[str, str] = field(default_factory=dict)  # top-level key -> file that set it
    broken: bool = False  # a file its variables come from could not be read

    @property
    def source(self) -> str:
        return self.sources[-1] if self.sources else ""


@dataclass
class InventoryData:
    path: str
    hosts: dict[str, HostRecord]
    all_vars: dict[str, Any]  # the `all` group's merged variables (province-level data)
    all_sources: list[str]
    problems: list[Problem]
    all_origins: dict[str, str] = field(default_factory=dict)
    all_broken: bool = False  # a group_vars/all file could not be read


@dataclass
class _Group:
    name: str
    vars: dict[str, Any] = field(default_factory=dict)
    children: list[str] = field(default_factory=list)
    parents: set[str] = field(default_factory=set)
    hosts: list[str] = field(default_factory=list)
    source: str = ""
    depth: int = 0
    host_set: set[str] = field(default_factory=set)  # = set(hosts), for membership tests


def is_static_inventory(path: Path) -> bool:
    """True when every source in ``path`` is a static YAML inventory the fast path reads."""
    files = _inventory_files(path)
    if not files:
        return False
    for f in files:
        if os.access(f, os.X_OK) and not f.suffix:
            return False
        with open(f, "rb") as fh:
            head = fh.read(4096).decode("utf-8", errors="replace")
        if "\nplugin:" in "\n" + head:
            return False
    return True


def _inventory_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        return []
    return sorted(
        p
        for p in path.iterdir()
        if p.is_file() and p.suffix in INVENTORY_EXTENSIONS and not p.name.startswith(".")
    )


_REL: dict[tuple[str, str], str] = {}


def _rel(p: Path | str) -> str:
    """``p`` relative to the working directory (memoised: os.path.relpath is slow and paths repeat)."""
    key = (os.fspath(p), os.getcwd())
    r = _REL.get(key)
    if r is None:
        if len(_REL) > 200_000:
            _REL.clear()
        try:
            r = os.path.relpath(key[0])
        except ValueError:  # pragma: no cover - other drive
            r = key[0]
        _REL[key] = r
    return r


def _read_yaml(path: Path, problems: list[Problem], vault: VaultDecrypter | None) -> Any:
    """Read and parse one YAML file (no cache); problems are appended, None when it failed."""
    src = _rel(path)
    return _finish(_parse_file(str(path), src), src, problems, vault)


# A parsed file: (kind, data, duplicate keys as (key, line), error line or 0, message).
# kind: "ok" (parsed; cacheable), "yaml" (invalid YAML; cacheable), "read" (cannot read), "vault" (a whole
# vault-encrypted file: `data` is its ciphertext, decrypted by the caller and never cached).
Parsed = tuple[str, Any, tuple[tuple[str, int], ...], int, str]


def _too_big(limit: int) -> str:
    return f"file is larger than {limit} bytes: refused (NETWARDEN_MAX_FILE_SIZE)"


def _parse_file(path: str, src: str) -> Parsed:
    limit = max_file_size()
    try:
        with open(path, encoding="utf-8") as f:
            size = os.fstat(f.fileno()).st_size
            text = f.read(limit + 1) if size <= limit else ""
    except (OSError, UnicodeDecodeError) as e:
        return ("read", None, (), 0, f"cannot read: {e}")
    if size > limit or len(text.encode("utf-8", "surrogatepass")) > limit:
        return ("read", None, (), 0, _too_big(limit))
    if text.startswith("$ANSIBLE_VAULT;"):
        return ("vault", text, (), 0, "")
    return _parse_text(text, src)


def _parse_text(text: str, src: str) -> Parsed:
    try:
        data, dups = load_yaml(text, src)
    except Unbounded as e:
        return ("yaml", None, (), 0, str(e))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        return ("yaml", None, (), mark.line + 1 if mark is not None else 0,
                f"invalid YAML: {getattr(e, 'problem', None) or e}")
    return ("ok", data, tuple((dk.key, dk.line) for dk in dups), 0, "")


def _finish(parsed: Parsed, src: str, problems: list[Problem], vault: VaultDecrypter | None) -> Any:
    kind, data, dups, line, msg = parsed
    if kind == "vault":
        if vault is None:
            problems.append(Problem(src, "", "", "file is vault-encrypted and no vault password was given"))
            return None
        try:
            text = vault.decrypt(data, src)
        except ValueError as e:
            problems.append(Problem(src, "", "", str(e)))
            return None
        kind, data, dups, line, msg = _parse_text(text, src)
    if kind == "read":
        problems.append(Problem(src, "", "", msg))
        return None
    if kind == "yaml":
        problems.append(Problem(f"{src}:{line}" if line else src, "", "", msg))
        return None
    for key, ln in dups:
        problems.append(Problem(f"{src}:{ln}", "", key, "duplicate key (YAML keeps only the last)"))
    return data


# ---------------------------------------------------------------------------------------------------------------
# Parse cache and parallel parsing. YAML parsing is the largest cost of loading an inventory (PERF_NOTES: about
# 2.4 ms per host with the C loader); the parsed data of every plain YAML file is kept in one pickle per
# inventory, keyed by the file's (path, mtime_ns, size, inode, ctime_ns). Inline `!vault` values are kept as
# VaultText (still encrypted); whole vault-encrypted files are never cached: they are decrypted and parsed on
# every run. Misses are parsed in forked workers when there are many of them.

CACHE_FORMAT = 1
PARALLEL_MIN_FILES = 300  # below this, forking costs more than it saves
RACY_NS = 2_000_000_000  # files changed this recently are not cached (same-tick rewrites would go unseen)


def cache_dir() -> Path | None:
    """$NETWARDEN_CACHE_DIR, else $XDG_CACHE_HOME/netwarden (~/.cache/netwarden); None when disabled
    (NETWARDEN_CACHE_DIR set to "", "0" or "off")."""
    env = os.environ.get("NETWARDEN_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "0", "off", "none", "false") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "netwarden"


def private_dir(d: Path) -> bool:
    """Create ``d`` (mode 0700) if needed; True when it is a directory only this user can write."""
    try:
        d.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.stat(d)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o022


def workers(n_items: int, min_items: int) -> int:
    """How many processes to use for ``n_items`` (NETWARDEN_WORKERS overrides; 1 = no forking)."""
    if not hasattr(os, "fork"):  # pragma: no cover - not POSIX
        return 1
    env = os.environ.get("NETWARDEN_WORKERS", "")
    if env.isdigit() and int(env) > 0:  # explicit: used whatever the size (tests force the parallel path)
        return max(1, min(int(env), n_items))
    if n_items < min_items:
        return 1
    try:
        w = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        w = os.cpu_count() or 1
    return max(1, min(w, 8, n_items))


T = TypeVar("T")
R = TypeVar("R")


def fork_map(func: Callable[[list[T]], R], chunks: list[list[T]]) -> list[R]:
    """``[func(c) for c in chunks]``, the first chunk in this process and each other one in a forked child
    (results come back pickled through a pipe). A child's exception is raised here."""
    if len(chunks) <= 1:
        return [func(c) for c in chunks]
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    children: list[tuple[int, int]] = []
    gc.freeze()  # the children share the parent's objects: keep their collector off those pages (copy-on-write)
    try:
        for c in chunks[1:]:
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the child
                os.close(r)
                code = 0
                try:
                    try:
                        payload = pickle.dumps((True, func(c)), protocol=pickle.HIGHEST_PROTOCOL)
                    except BaseException as e:
                        code = 1
                        try:
                            payload = pickle.dumps((False, e), protocol=pickle.HIGHEST_PROTOCOL)
                        except Exception:
                            payload = pickle.dumps((False, NetwardenError(f"worker failed: {e!r}")))
                    with os.fdopen(w, "wb") as f:
                        f.write(payload)
                finally:
                    os._exit(code)
            os.close(w)
            children.append((pid, r))
        out = [func(chunks[0])]
        for pid, r in children:
            with os.fdopen(r, "rb") as f:
                blob = f.read()
            os.waitpid(pid, 0)
            if not blob:
                raise NetwardenError("a worker process died")
            ok, value = pickle.loads(blob)
            if not ok:
                raise value
            out.append(value)
        children = []
        return out
    finally:
        for pid, r in children:  # an error above: do not leave children behind
            with contextlib.suppress(OSError):
                os.close(r)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)
        gc.unfreeze()


def _parse_many(items: list[tuple[str, str]]) -> list[Parsed]:
    gc_was = gc.isenabled()
    gc.disable()  # YAML builds many small containers; the collector would rescan them again and again
    try:
        return [_parse_file(p, src) for p, src in items]
    finally:
        if gc_was:
            gc.enable()


_SAFE_GLOBALS = {
    ("datetime", "date"), ("datetime", "datetime"), ("datetime", "time"), ("datetime", "timedelta"),
    ("datetime", "timezone"), ("netwarden.model.yamlload", "VaultText"), ("builtins", "set"),
    ("builtins", "frozenset"), ("copyreg", "_reconstructor"), ("builtins", "object"),
}


class _CacheUnpickler(pickle.Unpickler):
    """Only the types YAML's safe loader produces (and VaultText) may come out of the cache."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _SAFE_GLOBALS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the parse cache")


class ParseCache:
    """Parsed YAML files of one inventory, reused while a file's (mtime_ns, size, inode, ctime_ns) is unchanged."""

    def __init__(self, inventory: Path, directory: Path | None) -> None:
        self.path: Path | None = None
        self.entries: dict[str, tuple[tuple[int, int, int, int], str, Parsed]] = {}
        self.dirty = False
        if directory is None:
            return
        d = directory / "parse"
        if not private_dir(d):
            return
        ident = f"{CACHE_FORMAT}\0{sys.version}\0{yaml.__version__}\0{os.path.abspath(inventory)}"
        self.path = d / (hashlib.sha256(ident.encode()).hexdigest()[:24] + ".pickle")
        try:
            with open(self.path, "rb") as f:
                st = os.fstat(f.fileno())
                if st.st_uid != os.getuid() or st.st_mode & 0o077:
                    return  # not ours, or readable by others: ignore it
                data = _CacheUnpickler(f).load()
            if isinstance(data, dict) and data.get("format") == CACHE_FORMAT:
                self.entries = data["files"]
        except FileNotFoundError:
            pass
        except Exception:  # a corrupt or foreign cache is ignored and rewritten
            self.entries = {}
            self.dirty = True

    def save(self, used: dict[str, tuple[tuple[int, int, int, int], str, Parsed]]) -> None:
        """Keep exactly ``used`` (the files this load read); written atomically, mode 0600."""
        if self.path is None or (not self.dirty and used.keys() == self.entries.keys()):
            return
        tmp = f"{self.path}.{os.getpid()}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as f:
                pickle.dump({"format": CACHE_FORMAT, "files": used}, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
        except (OSError, pickle.PicklingError):
            with contextlib.suppress(OSError):
                os.unlink(tmp)


class FileReader:
    """Reads the YAML files of one inventory load: from the parse cache when unchanged, else parsed (in
    parallel for many files). ``read`` turns a parsed file into data and problems, like :func:`_read_yaml`."""

    def __init__(self, inventory: Path, vault: VaultDecrypter | None, cache: Path | None) -> None:
        self.vault = vault
        self.cache = ParseCache(inventory, cache)
        self.parsed: dict[str, Parsed] = {}
        self.used: dict[str, tuple[tuple[int, int, int, int], str, Parsed]] = {}
        self.hits = 0
        self.misses = 0

    def prefetch(self, paths: Iterable[Path]) -> None:
        now = time.time_ns()
        todo: list[tuple[str, str, tuple[int, int, int, int] | None]] = []
        for p in paths:
            ap = os.path.abspath(p)
            if ap in self.parsed:
                continue
            src = _rel(p)
            try:
                st = os.stat(ap)
                key: tuple[int, int, int, int] | None = (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)
            except OSError:
                key = None
            hit = self.cache.entries.get(ap)
            if key is not None and hit is not None and hit[0] == key and hit[1] == src:
                self.parsed[ap] = hit[2]
                self.used[ap] = hit
                self.hits += 1
                continue
            if key is not None and now - max(key[0], key[3]) < RACY_NS:
                key = None  # too fresh to trust its timestamp: parse it, do not cache it
            todo.append((ap, src, key))
        if not todo:
            return
        self.misses += len(todo)
        self.cache.dirty = True
        n = workers(len(todo), PARALLEL_MIN_FILES)
        items = [(ap, src) for ap, src, _ in todo]
        chunks = [items[i::n] for i in range(n)]
        results = fork_map(_parse_many, chunks)
        for i, (ap, src, key) in enumerate(todo):
            parsed = results[i % n][i // n]
            self.parsed[ap] = parsed
            if key is not None and parsed[0] in ("ok", "yaml"):
                self.used[ap] = (key, src, parsed)

    def read(self, path: Path, problems: list[Problem]) -> Any:
        ap = os.path.abspath(path)
        if ap not in self.parsed:
            self.prefetch([path])
        return _finish(self.parsed[ap], _rel(path), problems, self.vault)

    def save(self) -> None:
        self.cache.save(self.used)


class VaultDecrypter:
    """Decrypts vault data with Ansible's own VaultLib."""

    def __init__(self, password: str | None) -> None:
        self._password = password
        self._lib: Any = None

    def decrypt(self, ciphertext: str, source: str) -> str:
        if self._password is None:
            raise ValueError("vault-encrypted value and no vault password given "
                             "(--vault-password-file or NETWARDEN_VAULT_PASSWORD_FILE)")
        if self._lib is None:
            from ansible.parsing.vault import VaultLib, VaultSecret

            self._lib = VaultLib([("default", VaultSecret(self._password.encode()))])
        try:
            return str(self._lib.decrypt(ciphertext.encode()).decode("utf-8"))
        except Exception as e:  # ansible raises AnsibleError subclasses
            raise ValueError(f"cannot decrypt vault data: {e}") from None

    @classmethod
    def from_options(cls, password_file: str | None) -> VaultDecrypter:
        pf = password_file or os.environ.get("NETWARDEN_VAULT_PASSWORD_FILE") or os.environ.get(
            "ANSIBLE_VAULT_PASSWORD_FILE"
        )
        if not pf:
            return cls(None)
        try:
            return cls(Path(pf).read_text(encoding="utf-8").strip())
        except OSError as e:
            raise InputError([Problem(pf, "", "", f"cannot read vault password file: {e}")]) from None


def _vars_files(base: Path, name: str) -> list[Path]:
    """Ansible's DataLoader.find_vars_files: first of <name>/, <name>, <name>.yml|.yaml|.json."""
    for ext in VARS_EXTENSIONS:
        p = base / f"{name}{ext}"
        if p.exists():
            if p.is_dir():
                return _dir_vars_files(p)
            return [p]
    return []


def _dir_vars_files(d: Path) -> list[Path]:
    out: list[Path] = []
    for p in sorted(d.iterdir(), key=lambda x: x.name):
        if p.name.startswith(".") or p.name.endswith("~"):
            continue
        if p.is_dir() and not p.suffix:
            out.extend(_dir_vars_files(p))
        elif p.is_file() and p.suffix in VARS_EXTENSIONS:
            out.append(p)
    return out


def _merge(dst: dict[str, Any], src: Any, where: str, problems: list[Problem], host: str = "") -> None:
    if src is None:
        return
    if not isinstance(src, dict):
        problems.append(Problem(where, host, "", "variables must be a mapping"))
        return
    dst.update(src)  # hash_behaviour = replace: top-level keys replace


def load_static(path: Path, vault: VaultDecrypter | None = None, cache: Path | bool | None = True) -> InventoryData:
    """Read a static YAML inventory (file or directory) following Ansible's rules.

    ``cache``: True for the default parse cache (:func:`cache_dir`), a directory, or None/False for none."""
    cdir = cache_dir() if cache is True else (cache or None)
    reader = FileReader(path, vault, cdir)
    gc_was = gc.isenabled()
    gc.disable()  # loading creates many objects and frees almost none: collecting would only cost time
    try:
        data = _load_static(path, vault, reader)
    finally:
        if gc_was:
            gc.enable()
    reader.save()
    return data


def _load_static(path: Path, vault: VaultDecrypter | None, reader: FileReader) -> InventoryData:
    problems: list[Problem] = []
    groups: dict[str, _Group] = {"all": _Group("all"), "ungrouped": _Group("ungrouped")}
    host_inline: dict[str, dict[str, Any]] = {}
    host_src: dict[str, list[str]] = {}
    host_order: list[str] = []
    files = _inventory_files(path)
    broken_files = 0
    if not files:
        raise InputError([Problem(_rel(path), "", "", "no inventory found (expected a YAML file or a "
                                  "directory with hosts.yml)")])
    reader.prefetch(files)
    for f in files:
        n = len(problems)
        data = reader.read(f, problems)
        if data is None:
            broken_files += int(len(problems) > n)
            continue
        src = _rel(f)
        if not isinstance(data, dict):
            problems.append(Problem(src, "", "", "an inventory must be a mapping of groups"))
            continue
        for gname, gdata in data.items():
            _parse_group(str(gname), gdata, None, src, groups, host_inline, host_src, host_order, problems)
    _ensure_all_children(groups)
    _compute_depths(groups, problems)

    base = path if path.is_dir() else path.parent
    gv_dir = _VarsDir(base / "group_vars")
    hv_dir = _VarsDir(base / "host_vars")
    host_files = {h: hv_dir.files(h) for h in host_order}
    reader.prefetch([f for g in groups for f in gv_dir.files(g)] + [f for fs in host_files.values() for f in fs])

    gv_cache: dict[str, tuple[dict[str, Any], list[str]]] = {}
    gv_origins: dict[str, dict[str, str]] = {}
    broken_groups: set[str] = set()

    def group_file_vars(gname: str) -> tuple[dict[str, Any], list[str]]:
        if gname not in gv_cache:
            merged: dict[str, Any] = {}
            srcs: list[str] = []
            origins: dict[str, str] = {}
            for f in gv_dir.files(gname):
                n = len(problems)
                d = reader.read(f, problems)
                if d is None and len(problems) > n:
                    broken_groups.add(gname)
                _merge(merged, d, _rel(f), problems)
                if isinstance(d, dict):
                    origins.update(dict.fromkeys(d, _rel(f)))
                srcs.append(_rel(f))
            gv_cache[gname] = (merged, srcs)
            gv_origins[gname] = origins
        return gv_cache[gname]

    all_vars: dict[str, Any] = dict(groups["all"].vars)
    gvars_all, all_sources = group_file_vars("all")
    all_vars.update(gvars_all)
    all_origins = {k: groups["all"].source for k in groups["all"].vars}
    all_origins.update({k: o for k, o in gv_origins["all"].items()})

    # Hosts in the same groups share everything up to their own variables: merge that once per group set.
    direct: dict[str, set[str]] = {}
    for g in groups.values():
        for h in g.hosts:
            direct.setdefault(h, set()).add(g.name)
    by_groups: dict[frozenset[str], tuple[set[str], dict[str, Any], dict[str, str], list[str]]] = {}

    def group_part(h: str) -> tuple[set[str], dict[str, Any], dict[str, str], list[str]]:
        key = frozenset(direct.get(h, ()))
        part = by_groups.get(key)
        if part is None:
            hgroups = _host_groups(h, groups, key)
            ordered = sorted((groups[g] for g in hgroups if g != "all"),
                             key=lambda g: (g.depth, _priority(g), g.name))
            merged: dict[str, Any] = dict(groups["all"].vars)
            origin: dict[str, str] = {k: groups["all"].source for k in groups["all"].vars}
            for g in ordered:  # groups_inventory
                merged.update(g.vars)
                origin.update(dict.fromkeys(g.vars, g.source))
            merged.update(gvars_all)  # all_plugins_inventory
            origin.update(gv_origins["all"])
            srcs = list(all_sources)
            for g in ordered:  # groups_plugins_inventory
                gv, gs = group_file_vars(g.name)
                merged.update(gv)
                origin.update(gv_origins[g.name])
                srcs.extend(gs)
            part = by_groups[key] = (hgroups, merged, origin, srcs)
        return part

    hosts: dict[str, HostRecord] = {}
    for h in host_order:
        hgroups, gmerged, gorigin, gsrcs = group_part(h)
        merged = dict(gmerged)
        origin = dict(gorigin)
        srcs = list(gsrcs)
        inline = host_inline.get(h, {})
        merged.update(inline)
        if inline:
            origin.update(dict.fromkeys(inline, host_src[h][-1]))
        srcs.extend(host_src.get(h, []))
        broken = bool(broken_groups & hgroups)
        for f in host_files[h]:
            n = len(problems)
            d = reader.read(f, problems)
            broken = broken or (d is None and len(problems) > n)
            _merge(merged, d, _rel(f), problems, h)
            if isinstance(d, dict):
                origin.update(dict.fromkeys(d, _rel(f)))
            srcs.append(_rel(f))
        hosts[h] = HostRecord(h, merged, sorted(hgroups - {"all"}), srcs, origin, broken)

    _check_orphan_vars(base, hosts, groups, problems)
    data = InventoryData(_rel(path), hosts, all_vars, all_sources, problems, all_origins,
                         "all" in broken_groups or broken_files > 0)
    decrypt_tree(data, vault)
    return data


class _VarsDir:
    """``group_vars/`` or ``host_vars/``, listed once: Ansible's find_vars_files without a stat per candidate."""

    def __init__(self, d: Path) -> None:
        self.dir = d
        try:
            self.names: set[str] | None = {e.name for e in os.scandir(d)}
        except OSError:
            self.names = set() if not d.exists() else None

    def files(self, name: str) -> list[Path]:
        if os.sep in name or (os.altsep and os.altsep in name) or name in ("", ".", ".."):
            return []  # a host or group name is never a path (validation refuses the name itself)
        if self.names is None:
            return _vars_files(self.dir, name)
        for ext in VARS_EXTENSIONS:
            if f"{name}{ext}" in self.names:
                p = self.dir / f"{name}{ext}"
                if p.exists():
                    return _dir_vars_files(p) if p.is_dir() else [p]
        return []


def _priority(g: _Group) -> int:
    try:
        return int(g.vars.get("ansible_group_priority", 1))
    except (TypeError, ValueError):
        return 1


def _parse_group(
    name: str, gdata: Any, parent: str | None, src: str, groups: dict[str, _Group],
    host_inline: dict[str, dict[str, Any]], host_src: dict[str, list[str]], host_order: list[str],
    problems: list[Problem],
) -> None:
    g = groups.setdefault(name, _Group(name, source=src))
    if parent is not None and parent != name:
        if name not in groups[parent].children:
            groups[parent].children.append(name)
        g.parents.add(parent)
    if gdata is None:
        return
    if not isinstance(gdata, dict):
        problems.append(Problem(src, "", name, "a group must be a mapping with hosts, vars or children"))
        return
    for key in gdata:
        if key not in ("hosts", "vars", "children"):
            problems.append(Problem(src, "", f"{name}.{key}", "unknown group key (expected hosts, vars, "
                                    "children)"))
    gv = gdata.get("vars") or {}
    if not isinstance(gv, dict):
        problems.append(Problem(src, "", f"{name}.vars", "must be a mapping"))
    else:
        g.vars.update(gv)
    hosts = gdata.get("hosts") or {}
    if not isinstance(hosts, dict):
        problems.append(Problem(src, "", f"{name}.hosts", "must be a mapping of host names"))
        hosts = {}
    for hname, hvars in hosts.items():
        h = str(hname)
        if h not in host_inline:
            host_inline[h] = {}
            host_order.append(h)
        if hvars:
            if isinstance(hvars, dict):
                host_inline[h].update(hvars)
                host_src.setdefault(h, []).append(src)
            else:
                problems.append(Problem(src, h, f"{name}.hosts.{h}", "host variables must be a mapping"))
        if h not in g.host_set:
            g.host_set.add(h)
            g.hosts.append(h)
    children = gdata.get("children") or {}
    if not isinstance(children, dict):
        problems.append(Problem(src, "", f"{name}.children", "must be a mapping of groups"))
        children = {}
    for cname, cdata in children.items():
        _parse_group(str(cname), cdata, name, src, groups, host_inline, host_src, host_order, problems)


def _ensure_all_children(groups: dict[str, _Group]) -> None:
    for g in groups.values():
        if g.name != "all" and not g.parents:
            g.parents.add("all")
            groups["all"].children.append(g.name)


def _compute_depths(groups: dict[str, _Group], problems: list[Problem]) -> None:
    def depth(name: str, seen: tuple[str, ...]) -> int:
        if name in seen:
            problems.append(Problem(groups[name].source, "", name, "group is its own ancestor"))
            return 0
        g = groups[name]
        if name == "all":
            return 0
        return max(depth(p, (*seen, name)) for p in g.parents) + 1

    for g in groups.values():
        g.depth = depth(g.name, ())


def _host_groups(host: str, groups: dict[str, _Group], direct_groups: Iterable[str] | None = None) -> set[str]:
    direct = set(direct_groups) if direct_groups is not None else {g.name for g in groups.values() if host in g.hosts}
    if not direct:
        direct = {"ungrouped"}
    out: set[str] = set()
    todo = list(direct)
    while todo:
        n = todo.pop()
        if n in out:
            continue
        out.add(n)
        todo.extend(groups[n].parents)
    out.add("all")
    return out


def _check_orphan_vars(base: Path, hosts: dict[str, HostRecord], groups: dict[str, _Group],
                       problems: list[Problem]) -> None:
    """A host_vars file for a host the inventory does not have is almost always a typo."""
    hv = base / "host_vars"
    if hv.is_dir():
        for p in sorted(hv.iterdir()):
            name = p.name if p.is_dir() else p.stem
            if name.startswith("."):
                continue
            if name not in hosts:
                problems.append(Problem(_rel(p), name, "", "host_vars for a host that is not in the "
                                        "inventory"))
    gv = base / "group_vars"
    if gv.is_dir():
        for p in sorted(gv.iterdir()):
            name = p.name if p.is_dir() else p.stem
            if not name.startswith(".") and name not in groups:
                problems.append(Problem(_rel(p), "", name, "group_vars for a group that is not in the "
                                        "inventory"))


def decrypt_tree(data: InventoryData, vault: VaultDecrypter | None) -> None:
    """Replace every VaultText in the loaded variables by its plaintext.

    Hosts share most of their values (every host's variables hold the ``all`` group's
    province-wide data), so each container is walked once: a container without vault values
    is returned as is, one with them is copied once and the copy is shared the same way the
    original was. A vault value is decrypted (or reported) once, at its first occurrence."""
    memo: dict[int, Any] = {}
    keep: list[Any] = []  # originals stay alive while their id() is a memo key
    scalars = (str, int, float, bool, type(None))

    def key_of(path: tuple[Any, ...]) -> str:
        parts: list[Any] = []
        while path:
            path, k = path
            parts.append(k)
        out = ""
        for k in reversed(parts):
            if isinstance(k, int):
                out += f"[{k}]"
            else:
                out += f".{k}" if out else str(k)
        return out

    def walk(v: Any, host: str, path: tuple[Any, ...]) -> Any:
        if isinstance(v, scalars):
            return v
        r = memo.get(id(v), memo)
        if r is not memo:
            return r
        keep.append(v)
        if isinstance(v, VaultText):
            if vault is None:
                data.problems.append(Problem(v.source, host, key_of(path), "vault-encrypted value and no vault "
                                             "password given (--vault-password-file)"))
                r = ""
            else:
                try:
                    r = vault.decrypt(v.ciphertext, v.source)
                except ValueError as e:
                    data.problems.append(Problem(v.source, host, key_of(path), str(e)))
                    r = ""
        elif isinstance(v, dict):
            changed = False
            out: dict[Any, Any] = {}
            for k, x in v.items():
                y = out[k] = walk(x, host, (path, k))
                changed = changed or y is not x
            r = out if changed else v
        elif isinstance(v, list):
            lst = [walk(x, host, (path, i)) for i, x in enumerate(v)]
            r = lst if any(y is not x for x, y in zip(lst, v, strict=True)) else v
        else:
            r = v
        memo[id(v)] = r
        return r

    data.all_vars = walk(data.all_vars, "", ())
    for h in data.hosts.values():
        h.vars = walk(h.vars, h.name, ())


def load_with_ansible(path: Path, vault_password: str | None = None) -> InventoryData:
    """Read any inventory Ansible can read (dynamic scripts, plugins) through its own API."""
    from ansible.inventory.manager import InventoryManager
    from ansible.parsing.dataloader import DataLoader
    from ansible.parsing.vault import VaultSecret, VaultSecretsContext
    from ansible.vars.manager import VariableManager
    from ansible.vars.plugins import get_vars_from_inventory_sources

    bounded_sources(path)  # Ansible's own loader has no bounds: check what it will read first
    loader = DataLoader()
    secrets = [("default", VaultSecret(vault_password.encode()))] if vault_password is not None else []
    loader.set_vault_secrets(secrets)
    # Ansible 2.19 decrypts lazily through a process-wide context, set once per process.
    if VaultSecretsContext.current(optional=True) is None:
        VaultSecretsContext.initialize(VaultSecretsContext(secrets))
    else:
        VaultSecretsContext.current().secrets = secrets
    try:
        inv = InventoryManager(loader=loader, sources=[str(path)])
        vm = VariableManager(loader=loader, inventory=inv)
        problems: list[Problem] = []
        hosts: dict[str, HostRecord] = {}
        for host in inv.get_hosts():
            v = vm.get_vars(host=host, include_hostvars=False)
            clean = {k: _plain(x) for k, x in v.items() if k.startswith("netwarden_") or k in ANSIBLE_KEYS}
            groups = sorted(g.name for g in host.get_groups() if g.name != "all")
            hosts[host.name] = HostRecord(host.name, clean, groups, [_rel(path)])
        all_group = inv.groups["all"]
        all_vars = dict(all_group.get_vars())
        all_vars.update(get_vars_from_inventory_sources(loader, inv._sources, [all_group], "all"))
        all_vars = {k: _plain(x) for k, x in all_vars.items() if k.startswith("netwarden_")}
    except InputError:
        raise
    except Exception as e:  # Ansible's errors: one problem naming the inventory
        raise InputError([Problem(_rel(path), "", "", f"ansible could not read the inventory: {e}")]) from None
    return InventoryData(_rel(path), hosts, all_vars, [_rel(path)], problems)


def bounded_sources(path: Path) -> None:
    """The YAML files Ansible will read for ``path`` (YAML inventory sources, group_vars/ and host_vars/
    beside it) within the size limit and without alias bombs; raises InputError naming every bad file.
    An inventory script's output is not covered (Ansible reads it itself)."""
    base = path if path.is_dir() else path.parent
    files = [f for f in _inventory_files(path) if not (os.access(f, os.X_OK) and not f.suffix)]
    for d in (base / "group_vars", base / "host_vars"):
        if d.is_dir():
            files += sorted(p for p in d.rglob("*") if p.is_file() and p.suffix in VARS_EXTENSIONS
                            and not p.name.startswith("."))
    problems: list[Problem] = []
    for f in files:
        kind, _, _, _, msg = _bounded(str(f))
        if kind != "ok":
            problems.append(Problem(_rel(f), "", "", msg))
    if problems:
        raise InputError(problems)


def _bounded(path: str) -> Parsed:
    limit = max_file_size()
    try:
        with open(path, "rb") as f:
            if os.fstat(f.fileno()).st_size > limit:
                return ("read", None, (), 0, _too_big(limit))
            text = f.read(limit + 1).decode("utf-8", errors="replace")
    except OSError as e:
        return ("read", None, (), 0, f"cannot read: {e}")
    if text.startswith("$ANSIBLE_VAULT;"):
        return ("ok", None, (), 0, "")  # decrypted by Ansible: its plaintext is no larger
    try:
        check_aliases(text)
    except Unbounded as e:
        return ("yaml", None, (), 0, str(e))
    except yaml.YAMLError:
        pass  # Ansible reports its own syntax errors
    return ("ok", None, (), 0, "")


def _plain(v: Any) -> Any:
    """Ansible's tagged/vaulted values to plain Python (decrypts vault values)."""
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, str):
        return str(v)[:] if type(v) is str else "".join(str(v))
    if isinstance(v, bool) or v is None or isinstance(v, (int, float)):
        return v
    try:
        from ansible.parsing.vault import EncryptedString

        if isinstance(v, EncryptedString):
            return "".join(str(v))
    except ImportError:  # pragma: no cover
        pass
    return v


def iter_host_files(data: InventoryData) -> Iterable[str]:
    for h in data.hosts.values():
        yield from h.sources

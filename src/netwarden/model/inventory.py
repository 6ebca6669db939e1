"""Reading Ansible inventories into per-host variables.

Two paths give the same result:

* :func:`load_static` reads static YAML inventories (``hosts.yml``, ``group_vars/``,
  ``host_vars/``) itself, following Ansible's rules: group depth/priority/name order,
  ``all`` then groups then hosts, inventory-file vars below ``group_vars``/``host_vars``
  files, top-level keys replaced (``hash_behaviour = replace``), ``!vault`` values
  decrypted with Ansible's own vault code. It is about 50x faster than Ansible's
  inventory API (see docs/benchmarks.md). Parsed files are kept in a parse cache
  (:class:`netwarden.services.cache.ParseCache`, ``$NETWARDEN_CACHE_DIR`` or ``$XDG_CACHE_HOME/netwarden``) while
  their mtime/size/inode/ctime are unchanged, vault values still encrypted; files not in
  the cache are parsed by one forked worker per core when there are many.
* :func:`netwarden.model.ansible_inventory.load_with_ansible` uses Ansible's ``InventoryManager``
  and ``VariableManager``; it is the path for dynamic inventories (scripts, inventory plugins).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netwarden.errors import InputError, Problem
from netwarden.model.vault import VaultDecrypter, decrypt_tree
from netwarden.model.yamlfiles import FileReader, rel
from netwarden.services.cache import cache_dir

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
    files = inventory_files(path)
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


def inventory_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        return []
    return sorted(
        p
        for p in path.iterdir()
        if p.is_file() and p.suffix in INVENTORY_EXTENSIONS and not p.name.startswith(".")
    )


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
    bad = [k for k in src if not isinstance(k, str)]
    for k in bad:  # YAML's `?`, `1:`, `true:` or `null:` as a key: no variable is named so
        problems.append(Problem(where, host, "null" if k is None else str(k), "a variable's name must be text, not "
                                f"{'null' if k is None else type(k).__name__}"))
    dst.update({k: v for k, v in src.items() if isinstance(k, str)} if bad else src)  # replace: keys replace


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
    files = inventory_files(path)
    broken_files = 0
    if not files:
        raise InputError([Problem(rel(path), "", "", "no inventory found (expected a YAML file or a "
                                  "directory with hosts.yml)")])
    reader.prefetch(files)
    for f in files:
        n = len(problems)
        data = reader.read(f, problems)
        if data is None:
            broken_files += int(len(problems) > n)
            continue
        src = rel(f)
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
                _merge(merged, d, rel(f), problems)
                if isinstance(d, dict):
                    origins.update(dict.fromkeys(d, rel(f)))
                srcs.append(rel(f))
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
            _merge(merged, d, rel(f), problems, h)
            if isinstance(d, dict):
                origin.update(dict.fromkeys(d, rel(f)))
            srcs.append(rel(f))
        hosts[h] = HostRecord(h, merged, sorted(hgroups - {"all"}), srcs, origin, broken)

    _check_orphan_vars(base, hosts, groups, problems)
    data = InventoryData(rel(path), hosts, all_vars, all_sources, problems, all_origins,
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
                problems.append(Problem(rel(p), name, "", "host_vars for a host that is not in the "
                                        "inventory"))
    gv = base / "group_vars"
    if gv.is_dir():
        for p in sorted(gv.iterdir()):
            name = p.name if p.is_dir() else p.stem
            if not name.startswith(".") and name not in groups:
                problems.append(Problem(rel(p), "", name, "group_vars for a group that is not in the "
                                        "inventory"))


def iter_host_files(data: InventoryData) -> Iterable[str]:
    for h in data.hosts.values():
        yield from h.sources

"""Reading Ansible inventories into per-host variables.

Two paths give the same result:

* :func:`load_static` reads static YAML inventories (``hosts.yml``, ``group_vars/``,
  ``host_vars/``) itself, following Ansible's rules: group depth/priority/name order,
  ``all`` then groups then hosts, inventory-file vars below ``group_vars``/``host_vars``
  files, top-level keys replaced (``hash_behaviour = replace``), ``!vault`` values
  decrypted with Ansible's own vault code. It is about 50x faster than Ansible's
  inventory API (see docs/benchmarks.md).
* :func:`load_with_ansible` uses Ansible's ``InventoryManager`` and ``VariableManager``;
  it is the path for dynamic inventories (scripts, inventory plugins).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from netwarden.errors import InputError, Problem
from netwarden.model.yamlload import VaultText, load_yaml

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


def is_static_inventory(path: Path) -> bool:
    """True when every source in ``path`` is a static YAML inventory the fast path reads."""
    files = _inventory_files(path)
    if not files:
        return False
    for f in files:
        if os.access(f, os.X_OK) and not f.suffix:
            return False
        head = f.read_text(encoding="utf-8", errors="replace")[:4096]
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


def _rel(p: Path | str) -> str:
    try:
        return os.path.relpath(p)
    except ValueError:  # pragma: no cover - other drive
        return str(p)


def _read_yaml(path: Path, problems: list[Problem], vault: VaultDecrypter | None) -> Any:
    src = _rel(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        problems.append(Problem(src, "", "", f"cannot read: {e}"))
        return None
    if text.startswith("$ANSIBLE_VAULT;"):
        if vault is None:
            problems.append(Problem(src, "", "", "file is vault-encrypted and no vault password was given"))
            return None
        try:
            text = vault.decrypt(text, src)
        except ValueError as e:
            problems.append(Problem(src, "", "", str(e)))
            return None
    try:
        data, dups = load_yaml(text, src)
        for dk in dups:
            problems.append(Problem(f"{src}:{dk.line}", "", dk.key, "duplicate key (YAML keeps only the last)"))
        return data
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{src}:{mark.line + 1}" if mark is not None else src
        problems.append(Problem(where, "", "", f"invalid YAML: {getattr(e, 'problem', None) or e}"))
    return None


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


def load_static(path: Path, vault: VaultDecrypter | None = None) -> InventoryData:
    """Read a static YAML inventory (file or directory) following Ansible's rules."""
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
    for f in files:
        n = len(problems)
        data = _read_yaml(f, problems, vault)
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
    gv_cache: dict[str, tuple[dict[str, Any], list[str]]] = {}
    gv_origins: dict[str, dict[str, str]] = {}
    broken_groups: set[str] = set()

    def group_file_vars(gname: str) -> tuple[dict[str, Any], list[str]]:
        if gname not in gv_cache:
            merged: dict[str, Any] = {}
            srcs: list[str] = []
            origins: dict[str, str] = {}
            for f in _vars_files(base / "group_vars", gname):
                n = len(problems)
                d = _read_yaml(f, problems, vault)
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

    hosts: dict[str, HostRecord] = {}
    for h in host_order:
        hgroups = _host_groups(h, groups)
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
        inline = host_inline.get(h, {})
        merged.update(inline)
        if inline:
            origin.update(dict.fromkeys(inline, host_src[h][-1]))
        srcs.extend(host_src.get(h, []))
        broken = bool(broken_groups & hgroups)
        for f in _vars_files(base / "host_vars", h):
            n = len(problems)
            d = _read_yaml(f, problems, vault)
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
        if h not in g.hosts:
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


def _host_groups(host: str, groups: dict[str, _Group]) -> set[str]:
    direct = {g.name for g in groups.values() if host in g.hosts}
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
    """Replace every VaultText in the loaded variables by its plaintext (in place)."""
    memo: dict[int, str] = {}

    def walk(v: Any, host: str, key: str) -> Any:
        if isinstance(v, VaultText):
            if id(v) in memo:
                return memo[id(v)]
            if vault is None:
                data.problems.append(Problem(v.source, host, key, "vault-encrypted value and no vault "
                                             "password given (--vault-password-file)"))
                memo[id(v)] = ""
                return ""
            try:
                memo[id(v)] = vault.decrypt(v.ciphertext, v.source)
            except ValueError as e:
                data.problems.append(Problem(v.source, host, key, str(e)))
                memo[id(v)] = ""
            return memo[id(v)]
        if isinstance(v, dict):
            return {k: walk(x, host, f"{key}.{k}" if key else str(k)) for k, x in v.items()}
        if isinstance(v, list):
            return [walk(x, host, f"{key}[{i}]") for i, x in enumerate(v)]
        return v

    data.all_vars = walk(data.all_vars, "", "")
    for h in data.hosts.values():
        h.vars = walk(h.vars, h.name, "")


def load_with_ansible(path: Path, vault_password: str | None = None) -> InventoryData:
    """Read any inventory Ansible can read (dynamic scripts, plugins) through its own API."""
    from ansible.inventory.manager import InventoryManager
    from ansible.parsing.dataloader import DataLoader
    from ansible.parsing.vault import VaultSecret, VaultSecretsContext
    from ansible.vars.manager import VariableManager
    from ansible.vars.plugins import get_vars_from_inventory_sources

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

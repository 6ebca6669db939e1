"""Any inventory Ansible can read (dynamic scripts, inventory plugins), through Ansible's own API, with the
YAML files it will read checked for size and alias bombs first."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from netwarden.errors import InputError, Problem
from netwarden.model.build import PROVINCE_KEYS
from netwarden.model.inventory import ANSIBLE_KEYS, VARS_EXTENSIONS, HostRecord, InventoryData, inventory_files
from netwarden.model.vault import VaultDecrypter
from netwarden.model.yamlfiles import Parsed, rel, too_big
from netwarden.model.yamlload import Unbounded, check_aliases, max_file_size


def load_with_ansible(path: Path | Sequence[Path], vault_password: str | None = None) -> InventoryData:
    """Read any inventory Ansible can read (dynamic scripts, plugins; several sources, merged as Ansible merges
    them) through its own API."""
    from ansible.inventory.manager import InventoryManager
    from ansible.parsing.dataloader import DataLoader
    from ansible.parsing.vault import VaultSecret, VaultSecretsContext
    from ansible.vars.manager import VariableManager
    from ansible.vars.plugins import get_vars_from_inventory_sources

    paths = [path] if isinstance(path, Path) else list(path)
    path = paths[0]
    for p in paths:
        bounded_sources(p, vault_password)  # Ansible's own loader has no bounds: check what it will read first
    loader = DataLoader()
    secrets = [("default", VaultSecret(vault_password.encode()))] if vault_password is not None else []
    loader.set_vault_secrets(secrets)
    # Ansible 2.19 decrypts lazily through a process-wide context, set once per process.
    if VaultSecretsContext.current(optional=True) is None:
        VaultSecretsContext.initialize(VaultSecretsContext(secrets))
    else:
        VaultSecretsContext.current().secrets = secrets
    try:
        inv = InventoryManager(loader=loader, sources=[str(p) for p in paths])
        vm = VariableManager(loader=loader, inventory=inv)
        problems: list[Problem] = []
        hosts: dict[str, HostRecord] = {}
        for host in inv.get_hosts():
            v = vm.get_vars(host=host, include_hostvars=False)
            clean = {k: _plain(x) for k, x in v.items() if k.startswith("netwarden_") or k in ANSIBLE_KEYS}
            groups = sorted(g.name for g in host.get_groups() if g.name != "all")
            hosts[host.name] = HostRecord(host.name, clean, groups, [rel(paths[-1])])
        all_group = inv.groups["all"]
        all_vars = dict(all_group.get_vars())
        all_vars.update(get_vars_from_inventory_sources(loader, inv._sources, [all_group], "all"))
        all_vars = {k: _plain(x) for k, x in all_vars.items() if k.startswith("netwarden_")}
    except InputError:
        raise
    except Exception as e:  # Ansible's errors: one problem naming the inventory
        raise InputError(
            [Problem(", ".join(rel(p) for p in paths), "", "", f"ansible could not read the inventory: {e}")]
        ) from None
    return InventoryData(rel(path), hosts, all_vars, [rel(p) for p in paths], problems)


def from_hostvars(
    hostvars: Mapping[str, Mapping[str, Any]], hosts: Iterable[str], sources: Sequence[str]
) -> InventoryData:
    """The inventory as a running Ansible has it (an action plugin's ``hostvars``, ``groups.all`` and
    ``ansible_inventory_sources``): whatever Ansible read it from (several sources, inventory plugins), with
    its extra vars, and its vault secrets by whichever of Ansible's mechanisms they were given.

    Each host's ``netwarden_*`` and connection variables, and its ``group_names``, are read through Ansible's
    own templating (``hostvars[host][key]``). A province-level variable (``group_vars/all``) must be the same
    on every host: one that differs is a problem naming the host and key (the static loader reads it from
    ``group_vars/all`` alone)."""
    src = list(sources) or ["ansible"]
    where = ", ".join(rel(Path(s)) for s in src)
    records: dict[str, HostRecord] = {}
    problems: list[Problem] = []
    all_vars: dict[str, Any] = {}
    first: dict[str, tuple[str, Any]] = {}  # province key -> (the first host that has it, its raw value)
    for name in hosts:
        hv = hostvars[name]
        raw = getattr(hv, "_vars", None) or {}  # Ansible's HostVarsVars: the values before templating
        v: dict[str, Any] = {}
        for k in hv:
            if not (k.startswith("netwarden_") or k in ANSIBLE_KEYS):
                continue
            if k in PROVINCE_KEYS and k in first:
                owner, value = first[k]
                # group_vars/all gives every host the same object: templated (a large province: seconds) once
                if (k not in raw or raw[k] is not value) and _plain(hv[k]) != all_vars[k]:
                    problems.append(
                        Problem(
                            where,
                            str(name),
                            k,
                            f"differs from host {owner}'s: a province-level "
                            "variable must be the same for every host (set it in group_vars/all)",
                        )
                    )
                continue
            v[k] = _plain(hv[k])
            if k in PROVINCE_KEYS:
                first[k] = (str(name), raw.get(k, v[k]))
                all_vars[k] = v[k]
        for k, (owner, _) in first.items():
            if k not in hv:
                problems.append(
                    Problem(
                        where,
                        str(name),
                        k,
                        f"not set, but set for host {owner}: a province-level "
                        "variable must be the same for every host (set it in group_vars/all)",
                    )
                )
        groups = sorted(str(g) for g in hv.get("group_names", ()) if g != "all")
        records[str(name)] = HostRecord(str(name), v, groups, [where])
    return InventoryData(rel(Path(src[0])), records, all_vars, [where], problems)


def bounded_sources(path: Path, vault_password: str | None = None) -> None:
    """The YAML files Ansible will read for ``path`` (YAML inventory sources, group_vars/ and host_vars/
    beside it) within the size limit and without alias bombs; raises InputError naming every bad file.
    An inventory script's output is not covered (Ansible reads it itself)."""
    base = path if path.is_dir() else path.parent
    files = [f for f in inventory_files(path) if not (os.access(f, os.X_OK) and not f.suffix)]
    for d in (base / "group_vars", base / "host_vars"):
        if d.is_dir():
            files += sorted(
                p for p in d.rglob("*") if p.is_file() and p.suffix in VARS_EXTENSIONS and not p.name.startswith(".")
            )
    problems: list[Problem] = []
    for f in files:
        kind, _, _, _, msg = _bounded(str(f), vault_password)
        if kind != "ok":
            problems.append(Problem(rel(f), "", "", msg))
    if problems:
        raise InputError(problems)


def _bounded(path: str, vault_password: str | None = None) -> Parsed:
    limit = max_file_size()
    try:
        with open(path, "rb") as f:
            if os.fstat(f.fileno()).st_size > limit:
                return ("read", None, (), 0, too_big(limit))
            text = f.read(limit + 1).decode("utf-8", errors="replace")
    except OSError as e:
        return ("read", None, (), 0, f"cannot read: {e}")
    if text.startswith("$ANSIBLE_VAULT;"):  # its plaintext is no larger, but may hold an alias bomb
        if vault_password is None:
            return ("ok", None, (), 0, "")  # Ansible cannot decrypt it either: it reports that itself
        try:
            text = VaultDecrypter(vault_password).decrypt(text, path)
        except ValueError:
            return ("ok", None, (), 0, "")  # a wrong password: Ansible says so

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

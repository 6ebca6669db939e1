"""The inventory model: loading, building and validating."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Sequence
from pathlib import Path

from netwarden.errors import InputError, Problem
from netwarden.model.ansible_inventory import load_with_ansible
from netwarden.model.build import build_network
from netwarden.model.inventory import (
    InventoryData,
    is_static_inventory,
    load_static,
)
from netwarden.model.types import Device, Network, Platform, Role, Zone
from netwarden.model.vault import VaultDecrypter

__all__ = ["Device", "Network", "Platform", "Role", "Zone", "load_inventory", "load_network", "load_tolerant"]


# What an inventory is given as: a path, several paths (read as Ansible merges them), or the inventory
# as a running Ansible has it (model.ansible_inventory.from_hostvars, the action plugins').
Source = str | Path | Sequence[str | Path] | InventoryData


def load_inventory(path: Source, vault_password_file: str | None = None, loader: str = "auto") -> InventoryData:
    """Read an inventory: ``loader`` is ``auto`` (fast path for one static YAML inventory, Ansible's API
    otherwise: dynamic inventories, several sources), ``fast`` or ``ansible``."""
    if isinstance(path, InventoryData):
        return path
    paths = [Path(path)] if isinstance(path, (str, Path)) else [Path(p) for p in path]
    missing = [Problem(str(p), "", "", "no such inventory") for p in paths if not p.exists()]
    if missing or not paths:
        raise InputError(missing or [Problem("", "", "", "no inventory given")])
    vault = VaultDecrypter.from_options(vault_password_file)
    if len(paths) == 1 and (loader == "fast" or (loader == "auto" and is_static_inventory(paths[0]))):
        return load_static(paths[0], vault)
    if loader == "fast":
        raise InputError([Problem(", ".join(map(str, paths)), "", "", "the fast loader reads one inventory: "
                                  "several are read with Ansible's (--loader auto or ansible)")])
    return load_with_ansible(paths, vault._password)


def load_network(path: Source, vault_password_file: str | None = None, today: dt.date | None = None,
                 loader: str = "auto") -> Network:
    """Load, build and validate; raises InputError with every problem found."""
    return load_tolerant(path, vault_password_file, today, loader)[0]


def load_tolerant(path: Source, vault_password_file: str | None = None, today: dt.date | None = None,
                  loader: str = "auto", tolerate: Callable[[Problem], bool] | None = None,
                  ) -> tuple[Network, list[Problem]]:
    """load_network, except that the problems ``tolerate`` accepts are returned instead of raised
    (the gate reports its own unit's expired approvals as findings)."""
    gc_was = gc.isenabled()
    gc.disable()  # a large inventory is millions of long-lived objects: collections would rescan them for nothing
    try:
        data = load_inventory(path, vault_password_file, loader)
        net, problems = build_network(data, today)
    finally:
        if gc_was:
            gc.enable()
    kept = [p for p in problems if tolerate is not None and tolerate(p)]
    others = [p for p in problems if p not in kept]
    if others or net is None:
        raise InputError(others or [Problem(data.path, "", "", "inventory could not be read")])
    return net, kept

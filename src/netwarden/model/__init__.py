"""The inventory model: loading, building and validating."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable
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


def load_inventory(path: str | Path, vault_password_file: str | None = None,
                   loader: str = "auto") -> InventoryData:
    """Read an inventory: ``loader`` is ``auto`` (fast path for static YAML, Ansible's API
    otherwise), ``fast`` or ``ansible``."""
    p = Path(path)
    if not p.exists():
        raise InputError([Problem(str(path), "", "", "no such inventory")])
    vault = VaultDecrypter.from_options(vault_password_file)
    if loader == "fast" or (loader == "auto" and is_static_inventory(p)):
        return load_static(p, vault)
    return load_with_ansible(p, vault._password)


def load_network(path: str | Path, vault_password_file: str | None = None, today: dt.date | None = None,
                 loader: str = "auto") -> Network:
    """Load, build and validate; raises InputError with every problem found."""
    return load_tolerant(path, vault_password_file, today, loader)[0]


def load_tolerant(path: str | Path, vault_password_file: str | None = None, today: dt.date | None = None,
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
        raise InputError(others or [Problem(str(path), "", "", "inventory could not be read")])
    return net, kept

"""Shared glue for netwarden's action plugins: arguments -> core call -> result dict."""

from __future__ import annotations

import os
from typing import Any


def inventory_source(task_vars: dict[str, Any], explicit: str | None) -> str:
    if explicit:
        return explicit
    sources = task_vars.get("ansible_inventory_sources") or []
    if len(sources) != 1:
        raise ValueError("netwarden needs exactly one inventory source (pass inventory=...)")
    return str(sources[0])


def vault_file(explicit: str | None) -> str | None:
    return explicit or os.environ.get("NETWARDEN_VAULT_PASSWORD_FILE") or os.environ.get(
        "ANSIBLE_VAULT_PASSWORD_FILE") or None

"""NAPALM drivers netwarden owns, registered by platform name."""

from __future__ import annotations

from typing import Any

DRIVERS = {"linux_frr": "netwarden.drivers.linux_frr:LinuxFRRDriver"}


def get_driver(platform: str) -> Any:
    """The driver class for a platform we own, else napalm's own lookup."""
    if platform in DRIVERS:
        import importlib

        mod, cls = DRIVERS[platform].split(":")
        return getattr(importlib.import_module(mod), cls)
    import napalm

    return napalm.get_network_driver(platform)

"""From an inventory device to an open NAPALM driver, with faults classified."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from netwarden import platforms
from netwarden.model.types import Device


def get_driver(name: str) -> Any:
    """A NAPALM driver class: one we own ("module:Class", see the platform's spec) or napalm's own by name."""
    return platforms.load_driver(name)


class DeviceFault(Exception):
    """A device could not be reached or handled; `kind` says how (for the report)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind  # unreachable, auth, timeout, error


def driver_kwargs(device: Device, override: dict[str, Any] | None = None) -> dict[str, Any]:
    if override is not None:
        return dict(override)
    c = device.connection
    opt = dict(c.optional_args)
    if c.key_file:
        opt.setdefault("key_file", c.key_file)
    if c.port:
        opt.setdefault("port", c.port)
    return {"hostname": str(device.mgmt_address), "username": c.username or "", "password": c.password or "",
            "timeout": c.timeout, "optional_args": opt}


def classify(exc: BaseException) -> DeviceFault:
    """Map driver/transport exceptions to a fault kind, without leaking secrets in the text."""
    if isinstance(exc, DeviceFault):
        return exc
    name = type(exc).__name__
    text = str(exc).splitlines()[0][:300] if str(exc) else name
    low = f"{name} {text}".lower()
    if "auth" in low or "permission denied" in low:
        return DeviceFault("auth", f"authentication failed ({name})")
    if isinstance(exc, (TimeoutError, socket.timeout)) or "timed out" in low or "timeout" in low:
        return DeviceFault("timeout", f"timed out ({text})")
    if isinstance(exc, (ConnectionError, OSError)) or "connection" in low or "unreachable" in low or \
            "no route" in low or "refused" in low or "eof" in low:
        return DeviceFault("unreachable", f"unreachable ({text})")
    return DeviceFault("error", f"{name}: {text}")


def allowed_networks() -> list[ipaddress.IPv4Network] | None:
    """$NETWARDEN_ALLOWED_NETWORKS (comma-separated prefixes) fences where netwarden may connect:
    tests and labs set it so that nothing is ever sent anywhere else."""
    env = os.environ.get("NETWARDEN_ALLOWED_NETWORKS")
    if not env:
        return None
    return [ipaddress.IPv4Network(x.strip()) for x in env.split(",") if x.strip()]


@contextmanager
def connected(device: Device, override: dict[str, Any] | None = None) -> Iterator[Any]:
    """An open driver for the device; every failure becomes a DeviceFault."""
    cls = get_driver(platforms.get(device.platform.value).napalm_driver)
    kw = driver_kwargs(device, override)
    fence = allowed_networks()
    if fence is not None:
        try:
            addr = ipaddress.IPv4Address(kw["hostname"])
        except ValueError:
            raise DeviceFault("error", f"{kw['hostname']} is not an address in NETWARDEN_ALLOWED_NETWORKS") from None
        if not any(addr in n for n in fence):
            raise DeviceFault("error", f"{addr} is outside NETWARDEN_ALLOWED_NETWORKS: not contacted")
    try:
        drv = cls(**kw)
        drv.open()
    except Exception as e:
        raise classify(e) from None
    try:
        yield drv
    finally:
        with suppress(Exception):  # closing a dead session must not mask the real result
            drv.close()

"""From an inventory device to an open NAPALM driver, with faults classified."""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from netwarden import platforms
from netwarden.errors import NetwardenError
from netwarden.model.types import Device, Network


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


_UNREACHABLE_ERRNOS = {errno.ECONNREFUSED, errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN, errno.ENETDOWN}


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and what it was raised from or during (netmiko wraps a refused connection in its
    timeout exception): the cause is named for what happened, not for the wrapper."""
    out: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and e not in out and len(out) < 8:
        out.append(e)
        errors = getattr(e, "errors", None)  # paramiko's NoValidConnectionsError: {address: exception}
        if isinstance(errors, dict):
            out += [x for x in errors.values() if isinstance(x, BaseException)][:4]
        e = e.__cause__ or e.__context__
    return out


def classify(exc: BaseException) -> DeviceFault:
    """Map driver/transport exceptions to a fault kind, without leaking secrets in the text: unreachable
    (refused, no route: nothing answers), auth, timeout (something answered too slowly, or nothing did
    before the deadline), error."""
    if isinstance(exc, DeviceFault):
        return exc
    name = type(exc).__name__
    text = str(exc).splitlines()[0][:300] if str(exc) else name
    low = f"{name} {text}".lower()
    for e in _chain(exc):
        el = f"{type(e).__name__} {e}".lower()
        if (isinstance(e, OSError) and e.errno in _UNREACHABLE_ERRNOS) or isinstance(e, ConnectionRefusedError) \
                or "connection refused" in el or "no route to host" in el or "network is unreachable" in el:
            why = os.strerror(e.errno) if isinstance(e, OSError) and e.errno else str(e).splitlines()[0][:200]
            return DeviceFault("unreachable", f"unreachable ({why.lower() or type(e).__name__})")
    if "auth" in low or "permission denied" in low:
        return DeviceFault("auth", f"authentication failed ({name})")
    if isinstance(exc, (TimeoutError, socket.timeout)) or "timed out" in low or "timeout" in low:
        return DeviceFault("timeout", f"timed out ({text})")
    if isinstance(exc, (ConnectionError, OSError)) or "connection" in low or "unreachable" in low or \
            "no route" in low or "refused" in low or "eof" in low:
        return DeviceFault("unreachable", f"unreachable ({text})")
    return DeviceFault("error", f"{name}: {text}")


def allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network] | None:
    """$NETWARDEN_ALLOWED_NETWORKS (comma-separated IPv4/IPv6 prefixes) fences where netwarden may connect:
    tests and labs set it so that nothing is ever sent anywhere else."""
    env = os.environ.get("NETWARDEN_ALLOWED_NETWORKS")
    if not env:
        return None
    try:
        return [ipaddress.ip_network(x.strip()) for x in env.split(",") if x.strip()]
    except ValueError as e:
        raise DeviceFault("error", f"NETWARDEN_ALLOWED_NETWORKS: {e}: nothing is contacted") from None


def fenced_address(host: str, port: int = 0) -> str:
    """``host`` when no fence is set; else the one address netwarden will connect to, after checking every
    address the name resolves to (IPv4 and IPv6) is inside the fence. Raises DeviceFault otherwise."""
    fence = allowed_networks()
    if fence is None:
        return host
    try:
        infos = socket.getaddrinfo(host, port or None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as e:
        raise DeviceFault("unreachable", f"{host}: cannot be resolved ({e})") from None
    addrs = []
    for info in infos:
        a = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if isinstance(a, ipaddress.IPv6Address) and a.ipv4_mapped is not None:
            a = a.ipv4_mapped
        if not any(a.version == n.version and a in n for n in fence):
            raise DeviceFault("error", f"{host} ({a}) is outside NETWARDEN_ALLOWED_NETWORKS: not contacted")
        addrs.append(str(a))
    if not addrs:
        raise DeviceFault("unreachable", f"{host}: no address")
    return addrs[0]  # connect to the address checked, not to a name that might resolve elsewhere later


@contextmanager
def connected(device: Device, override: dict[str, Any] | None = None) -> Iterator[Any]:
    """An open driver for the device; every failure becomes a DeviceFault."""
    cls = get_driver(platforms.get(device.platform.value).napalm_driver)
    kw = driver_kwargs(device, override)
    # options from the inventory are allow-listed (netwarden.model.connopts) again here; every address the
    # session goes to is checked against the fence
    from netwarden.model.connopts import option_problems

    bad = option_problems(device.connection.optional_args) if override is None else []
    if bad:
        raise DeviceFault("error", "; ".join(f"netwarden_napalm_args.{k}: {why}" for k, why in bad))
    kw["hostname"] = fenced_address(str(kw["hostname"]), int(kw.get("optional_args", {}).get("port") or 0))
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


Connections = dict[str, dict[str, Any]]


def connections_for(inventory: str | Path, net: Network, workdir: str | Path | None = None) -> Connections | None:
    """Driver arguments for lab devices when the inventory is a lab (None: use the inventory's own)."""
    if not any(d.lab for d in net.devices.values()):
        return None
    from netwarden.lab import service as lab_service

    conns: Connections | None = lab_service.lab_connections(inventory, workdir, network=net)
    if conns is None:
        # never fall back to the inventory's addresses: without the lab bridge they would be routed
        # out of this machine
        raise NetwardenError(f"{inventory} is a lab inventory and its lab is not up "
                             f"(netwarden lab up -i {inventory}{' --workdir ' + str(workdir) if workdir else ''})")
    return conns

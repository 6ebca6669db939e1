"""Stage one of rendering: the model -> a per-device structured config (plain data).

All decisions live here, in Python; templates only lay the data out in each platform's
syntax. The structured config is also what verification compares parsed configs with."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any

from netwarden.baseline import Baseline
from netwarden.model.types import Device, Network, Role, Zone

IPNet = ipaddress.IPv4Network


@dataclass(frozen=True)
class FlowRule:
    """One permitted flow at the exit (from the allow-list or the dmz rules)."""

    name: str
    reference: str  # approval reference
    expires: str
    sources: tuple[IPNet, ...]
    destinations: tuple[IPNet, ...]
    proto: str  # tcp, udp, icmp
    ports: tuple[tuple[int, int], ...]  # (lo, hi); empty for icmp


@dataclass
class IfCtx:
    name: str
    address: ipaddress.IPv4Interface | None
    faces: str
    description: str
    ospf: bool
    nat_outside: bool
    nat_inside: bool
    zone_filter: bool  # apply the other-zone deny filter
    shutdown: bool
    peer: str


@dataclass
class DeviceCtx:
    hostname: str
    platform: str
    role: str
    zone: str
    unit: dict[str, Any]
    site: str
    level: int
    lv: Any  # baseline Level
    settings: dict[str, Any]
    baseline_version: str
    is_exit: bool
    mgmt_address: ipaddress.IPv4Address
    mgmt_prefixes: tuple[IPNet, ...]
    loopback: ipaddress.IPv4Interface | None
    interfaces: list[IfCtx]
    other_zone_prefixes: tuple[IPNet, ...]  # what this device must never route or permit
    own_zone_prefixes: tuple[IPNet, ...]
    static: list[Any]
    ospf: Any
    bgp: Any
    syslog: tuple[ipaddress.IPv4Address, ...]
    ntp: tuple[ipaddress.IPv4Address, ...]
    snmp_managers: tuple[ipaddress.IPv4Address, ...]
    tacacs: tuple[ipaddress.IPv4Address, ...]
    ca: Any
    secrets: Any
    exit_rules: list[FlowRule] = field(default_factory=list)
    dmz_rules: list[FlowRule] = field(default_factory=list)
    nat_pool: IPNet | None = None
    nat_sources: tuple[IPNet, ...] = ()
    dmz_prefixes: tuple[IPNet, ...] = ()
    extranet_prefixes: tuple[IPNet, ...] = ()


def _ports(spec: str) -> tuple[str, tuple[int, int] | None]:
    if spec == "icmp":
        return "icmp", None
    proto, _, rng = spec.partition("/")
    lo, _, hi = rng.partition("-")
    return proto, (int(lo), int(hi or lo))


def _flows(name: str, ref: str, expires: str, sources: tuple[IPNet, ...], dests: tuple[IPNet, ...],
           ports: tuple[str, ...]) -> list[FlowRule]:
    by_proto: dict[str, list[tuple[int, int]]] = {}
    for p in ports:
        proto, rng = _ports(p)
        lst = by_proto.setdefault(proto, [])
        if rng is not None and rng not in lst:
            lst.append(rng)
    out = []
    for proto in sorted(by_proto):
        out.append(FlowRule(name, ref, expires, sources, dests, proto, tuple(sorted(by_proto[proto]))))
    return out


def device_context(net: Network, d: Device, baseline: Baseline) -> DeviceCtx:
    unit = net.units[d.unit]
    level = unit.level
    site = net.monitoring[unit.monitoring]
    zp = net.zone_prefixes
    other = zp.get(Zone.INTRANET, ()) if d.zone == Zone.EXTRANET else zp.get(Zone.EXTRANET, ()) + zp.get(
        Zone.DMZ, ())
    is_exit = d.role == Role.INTERNET_EXIT
    ifs = []
    for i in d.interfaces:
        data_plane = i.faces != "mgmt"
        ifs.append(IfCtx(
            name=i.name,
            address=i.address,
            faces=i.faces,
            description=i.description or (f"to {i.peer_device}:{i.peer_interface}" if i.peer_device else ""),
            ospf=i.ospf or (d.routing.ospf is not None and i.name in d.routing.ospf.interfaces),
            nat_outside=i.nat_outside,
            nat_inside=is_exit and i.faces in ("extranet", "dmz"),
            zone_filter=data_plane,
            shutdown=i.shutdown,
            peer=f"{i.peer_device}:{i.peer_interface}" if i.peer_device else "",
        ))
    ctx = DeviceCtx(
        hostname=d.hostname,
        platform=d.platform.value,
        role=d.role.value,
        zone=d.zone.value,
        unit={"id": unit.id, "name": unit.name, "contact": unit.contact.name},
        site=d.site,
        level=level,
        lv=baseline.level(level),
        settings=baseline.settings,
        baseline_version=baseline.version,
        is_exit=is_exit,
        mgmt_address=d.mgmt_address,
        mgmt_prefixes=net.mgmt_prefixes_of(d),
        loopback=d.loopback,
        interfaces=ifs,
        other_zone_prefixes=other,
        own_zone_prefixes=zp.get(d.zone, ()),
        static=list(d.routing.static),
        ospf=d.routing.ospf,
        bgp=d.routing.bgp,
        syslog=site.syslog,
        ntp=site.ntp,
        snmp_managers=site.snmp_managers,
        tacacs=site.tacacs,
        ca=net.ca,
        secrets=net.secrets,
        dmz_prefixes=zp.get(Zone.DMZ, ()),
        extranet_prefixes=zp.get(Zone.EXTRANET, ()),
    )
    if is_exit:
        for e in net.active_allowlist():
            ctx.exit_rules += _flows(e.system, e.approval, e.expires.isoformat(), e.sources, e.destinations, e.ports)
        for r in net.dmz_rules:
            ctx.dmz_rules += _flows(r.name, r.approval, "", r.sources, r.destinations, r.ports)
        ctx.nat_pool = net.exit.nat_pool
        srcs: list[IPNet] = []
        for e in net.active_allowlist():
            srcs += [s for s in e.sources if s not in srcs]
        ctx.nat_sources = tuple(srcs)
    return ctx

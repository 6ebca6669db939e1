"""Stage one of rendering: the model -> a per-device structured config (plain data).

All decisions live here and in the per-device intent (``model/intent.py``), in Python; templates only lay
the data out in each platform's syntax. Verification reads the same intent."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any

from netwarden.baseline import Baseline
from netwarden.model.intent import FlowRule, Intent, intents
from netwarden.model.types import BGP, Device, Network

IPNet = ipaddress.IPv4Network


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
    monitoring: str = ""  # the unit's monitoring site (the key of syslog, ntp, snmp_managers, tacacs)


def _trimmed(x: Any) -> Any:
    """A route or BGP neighbour with its description stripped: a blank one is no description (a template would
    otherwise write `description` with nothing after it, a statement the device refuses or misreads)."""
    return x if x.description == x.description.strip() else x.model_copy(update={"description": x.description.strip()})


def _bgp(b: BGP | None) -> BGP | None:
    if b is None or all(n.description == n.description.strip() for n in b.neighbors):
        return b
    return b.model_copy(update={"neighbors": tuple(_trimmed(n) for n in b.neighbors)})


def device_context(net: Network, d: Device, baseline: Baseline, intent: Intent | None = None) -> DeviceCtx:
    it = intent or intents(net, baseline)[d.hostname]
    unit = it.unit
    site = it.site
    is_exit = it.is_exit
    ifs = []
    for i in d.interfaces:
        data_plane = i.faces != "mgmt"
        ifs.append(IfCtx(
            name=i.name,
            address=i.address,
            faces=i.faces,
            description=i.description.strip() or (f"to {i.peer_device}:{i.peer_interface}" if i.peer_device else ""),
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
        level=it.level,
        lv=it.lv,
        settings=baseline.settings,
        baseline_version=baseline.version,
        is_exit=is_exit,
        mgmt_address=d.mgmt_address,
        mgmt_prefixes=it.mgmt_prefixes,
        loopback=d.loopback,
        interfaces=ifs,
        other_zone_prefixes=it.other_zone,
        own_zone_prefixes=it.own_zone,
        static=[_trimmed(r) for r in d.routing.static],
        ospf=d.routing.ospf,
        bgp=_bgp(d.routing.bgp),
        syslog=site.syslog,
        ntp=site.ntp,
        snmp_managers=site.snmp_managers,
        tacacs=site.tacacs,
        ca=net.ca,
        secrets=net.secrets,
        dmz_prefixes=it.dmz_prefixes,
        extranet_prefixes=it.extranet_prefixes,
        monitoring=unit.monitoring,
    )
    if is_exit:
        ctx.exit_rules = list(it.allow)
        ctx.dmz_rules = list(it.dmz_rules)
        ctx.nat_pool = net.exit.nat_pool
        ctx.nat_sources = it.nat_sources
    return ctx

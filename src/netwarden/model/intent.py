"""The per-device intent: what the inventory and the baseline mean for one device, computed once from the
model and read both by rendering (``render/context.py``, the templates' context) and by verification
(``verify/context.py``, the rules' context): the zone it must never reach, its management prefixes, its
monitoring site, and at the exit the allow-listed, expired and dmz flows."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any

from netwarden.baseline import Baseline, Level
from netwarden.model.types import Device, Network, Role, Unit, Zone

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

    @property
    def comment(self) -> str:
        """What the rule's comment says on a platform that writes one (nftables)."""
        return f"{self.name} {self.reference}" + (f" until {self.expires}" if self.expires else "")


def _ports(spec: str) -> tuple[str, tuple[int, int] | None]:
    if spec == "icmp":
        return "icmp", None
    proto, _, rng = spec.partition("/")
    lo, _, hi = rng.partition("-")
    return proto, (int(lo), int(hi or lo))


def flows(name: str, ref: str, expires: str, sources: tuple[IPNet, ...], dests: tuple[IPNet, ...],
          ports: tuple[str, ...]) -> list[FlowRule]:
    """An allow-list entry or dmz rule as flows, one per protocol, port ranges merged."""
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


@dataclass(frozen=True)
class Intent:
    device: Device
    unit: Unit
    level: int
    lv: Level
    site: Any  # the unit's monitoring site (syslog, ntp, snmp, tacacs)
    is_exit: bool
    other_zone: tuple[IPNet, ...]  # what this device must never route or permit
    own_zone: tuple[IPNet, ...]
    mgmt_prefixes: tuple[IPNet, ...]
    dmz_prefixes: tuple[IPNet, ...]
    extranet_prefixes: tuple[IPNet, ...]
    allow: tuple[FlowRule, ...] = ()  # exit: the active allow-list's flows
    expired: tuple[FlowRule, ...] = ()  # exit: flows whose approval expired
    dmz_rules: tuple[FlowRule, ...] = ()
    nat_sources: tuple[IPNet, ...] = ()  # exit: the allow-listed sources, in allow-list order


def other_zone(net: Network, zone: Zone) -> tuple[IPNet, ...]:
    """The address space a device of ``zone`` must never route to or permit (Art. 5)."""
    zp = net.zone_prefixes
    if zone == Zone.EXTRANET:
        return zp.get(Zone.INTRANET, ())
    return zp.get(Zone.EXTRANET, ()) + zp.get(Zone.DMZ, ())


def intent_of(net: Network, d: Device, baseline: Baseline) -> Intent:
    unit = net.units[d.unit]
    zp = net.zone_prefixes
    is_exit = d.role == Role.INTERNET_EXIT
    allow: list[FlowRule] = []
    expired: list[FlowRule] = []
    dmz: list[FlowRule] = []
    srcs: list[IPNet] = []
    if is_exit:
        for e in net.allowlist:
            fl = flows(e.system, e.approval, e.expires.isoformat(), e.sources, e.destinations, e.ports)
            if e.expired(net.today):
                expired += fl
            else:
                allow += fl
                srcs += [s for s in e.sources if s not in srcs]
        for r in net.dmz_rules:
            dmz += flows(r.name, r.approval, "", r.sources, r.destinations, r.ports)
    return Intent(
        device=d, unit=unit, level=unit.level, lv=baseline.level(unit.level), site=net.monitoring[unit.monitoring],
        is_exit=is_exit, other_zone=other_zone(net, d.zone), own_zone=zp.get(d.zone, ()),
        mgmt_prefixes=net.mgmt_prefixes_of(d), dmz_prefixes=zp.get(Zone.DMZ, ()),
        extranet_prefixes=zp.get(Zone.EXTRANET, ()), allow=tuple(allow), expired=tuple(expired),
        dmz_rules=tuple(dmz), nat_sources=tuple(srcs),
    )


_MEMO: dict[tuple[int, str], tuple[Network, dict[str, Intent]]] = {}


def intents(net: Network, baseline: Baseline) -> dict[str, Intent]:
    """Every device's intent, computed once per (network, baseline) and shared by rendering and verification."""
    key = (id(net), baseline.sha256 + baseline.version)
    hit = _MEMO.get(key)
    if hit is not None and hit[0] is net:
        return hit[1]
    out = {h: intent_of(net, d, baseline) for h, d in net.devices.items()}
    if len(_MEMO) >= 4:
        _MEMO.clear()
    _MEMO[key] = (net, out)  # the network is kept alive with its key: id() stays its own
    return out

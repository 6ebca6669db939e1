"""What the rules need to know about a device besides its configuration text."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from netwarden.baseline import Baseline, Level
from netwarden.model.intent import FlowRule, intents
from netwarden.model.types import Network, Role
from netwarden.verify.findings import UnitInfo

Net = ipaddress.IPv4Network
Addr = ipaddress.IPv4Address


@dataclass
class CheckContext:
    device: str
    platform: str
    role: str
    zone: str
    level: int
    lv: Level
    unit: UnitInfo
    site: str = ""
    # None: unknown (checking one file without an inventory): the rule is skipped, never passed
    other_zone: tuple[Net, ...] | None = None
    own_zone: tuple[Net, ...] | None = None
    mgmt_prefixes: tuple[Net, ...] | None = None
    syslog: tuple[Addr, ...] | None = None
    ntp: tuple[Addr, ...] | None = None
    ca_key: str | None = None
    ca_fingerprint: str | None = None
    data_interfaces: list[str] | None = None  # None: every addressed interface
    internet_interfaces: list[str] | None = None
    inside_interfaces: list[str] | None = None  # exit: interfaces facing the extranet/dmz
    dmz_interfaces: list[str] | None = None
    allow: list[FlowRule] = field(default_factory=list)
    expired: list[FlowRule] = field(default_factory=list)
    dmz_rules: list[FlowRule] = field(default_factory=list)
    dmz_prefixes: tuple[Net, ...] = ()

    @property
    def is_exit(self) -> bool:
        return self.role == Role.INTERNET_EXIT.value


def unit_info(net: Network, unit_id: str) -> UnitInfo:
    u = net.units.get(unit_id)
    if u is None:
        return UnitInfo(unit_id, unit_id, None, "")
    c = u.contact
    return UnitInfo(u.id, u.name, u.level, ", ".join(x for x in (c.name, c.phone, c.email) if x))


def contexts(net: Network, baseline: Baseline) -> dict[str, CheckContext]:
    out = {}
    for h, it in intents(net, baseline).items():
        d = it.device
        out[h] = CheckContext(
            device=h, platform=d.platform.value, role=d.role.value, zone=d.zone.value, level=it.level,
            lv=it.lv, unit=unit_info(net, d.unit), site=d.site,
            other_zone=it.other_zone, own_zone=it.own_zone, mgmt_prefixes=it.mgmt_prefixes,
            syslog=it.site.syslog, ntp=it.site.ntp, ca_key=net.ca.ssh_user_ca_key,
            ca_fingerprint=net.ca.fingerprint_sha256,
            data_interfaces=[i.name for i in d.interfaces if i.faces != "mgmt"],
            internet_interfaces=[i.name for i in d.interfaces if i.faces == "internet"],
            inside_interfaces=[i.name for i in d.interfaces if i.faces in ("extranet", "lan", "dmz")],
            dmz_interfaces=[i.name for i in d.interfaces if i.faces == "dmz"],
            dmz_prefixes=it.dmz_prefixes, allow=list(it.allow), expired=list(it.expired),
            dmz_rules=list(it.dmz_rules),
        )
    return out

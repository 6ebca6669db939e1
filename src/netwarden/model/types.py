"""The typed network model that every netwarden capability works on.

Built from an Ansible inventory by :mod:`netwarden.model.build`; immutable once built."""

from __future__ import annotations

import datetime as dt
import ipaddress
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from netwarden import platforms

IPNet = ipaddress.IPv4Network
IPIf = ipaddress.IPv4Interface
IPAddr = ipaddress.IPv4Address


class Zone(StrEnum):
    INTRANET = "intranet"
    EXTRANET = "extranet"
    INTERNET = "internet"
    DMZ = "dmz"


class Role(StrEnum):
    INTRANET_CORE = "intranet_core"
    INTRANET_BORDER = "intranet_border"
    EXTRANET_CORE = "extranet_core"
    MUNICIPAL_CORE = "municipal_core"
    UNIT_BORDER = "unit_border"
    INTERNET_EXIT = "internet_exit"


ROLE_ZONE: dict[Role, Zone] = {
    Role.INTRANET_CORE: Zone.INTRANET,
    Role.INTRANET_BORDER: Zone.INTRANET,
    Role.EXTRANET_CORE: Zone.EXTRANET,
    Role.MUNICIPAL_CORE: Zone.EXTRANET,
    Role.UNIT_BORDER: Zone.EXTRANET,
    Role.INTERNET_EXIT: Zone.EXTRANET,
}


# The registered platforms (netwarden.platforms): a platform without a package is refused by validate.
Platform = StrEnum("Platform", [(n.upper(), n) for n in platforms.names()])  # type: ignore[misc]


# What an interface faces: a zone, a unit LAN inside the device's own zone, or management.
Faces = Literal["intranet", "extranet", "internet", "dmz", "lan", "mgmt"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Contact(_Frozen):
    name: str
    phone: str = ""
    email: str = ""


class Unit(_Frozen):
    id: str
    name: str
    kind: Literal["province", "department", "municipality", "bureau", "centre"]
    level: int = Field(ge=2, le=4)
    contact: Contact
    parent: str | None = None  # municipality id for a municipal bureau
    prefixes: tuple[IPNet, ...] = ()
    monitoring: str = "provincial"  # key into Network.monitoring


class MonitoringSite(_Frozen):
    syslog: tuple[IPAddr, ...]
    snmp_managers: tuple[IPAddr, ...] = ()
    ntp: tuple[IPAddr, ...] = ()
    tacacs: tuple[IPAddr, ...] = ()  # AAA accounting servers (Art. 14)


class CA(_Frozen):
    name: str
    url: str = ""
    fingerprint_sha256: str
    ssh_user_ca_key: str  # public key line, for sshd TrustedUserCAKeys


class Secrets(_Frozen):
    """Values that must never appear in reports, diffs, backups, logs or audit records."""

    snmp_auth: str
    snmp_priv: str
    enable_secret: str = ""
    local_admin_password: str = ""
    tacacs_key: str = ""

    def values(self) -> list[str]:
        return [v for v in self.model_dump().values() if v]


class AllowEntry(_Frozen):
    system: str
    unit: str
    sources: tuple[IPNet, ...]
    destinations: tuple[IPNet, ...]
    ports: tuple[str, ...]  # "tcp/443", "udp/53", "tcp/8000-8080"
    approval: str
    expires: dt.date
    contact: str = ""

    def expired(self, today: dt.date) -> bool:
        return self.expires < today


class DmzRule(_Frozen):
    name: str
    sources: tuple[IPNet, ...]  # dmz web servers
    destinations: tuple[IPNet, ...]  # extranet services
    ports: tuple[str, ...]
    approval: str


class Interface(_Frozen):
    name: str
    address: IPIf | None = None
    faces: Faces
    description: str = ""
    peer_device: str | None = None
    peer_interface: str | None = None
    nat_outside: bool = False
    ospf: bool = False
    shutdown: bool = False


class StaticRoute(_Frozen):
    prefix: IPNet
    next_hop: IPAddr | None = None
    interface: str | None = None
    description: str = ""


class OSPF(_Frozen):
    router_id: IPAddr
    area: str = "0.0.0.0"
    interfaces: tuple[str, ...] = ()
    passive: tuple[str, ...] = ()
    hello: int | None = None
    dead: int | None = None
    redistribute: tuple[Literal["static", "connected"], ...] = ()
    default_originate: bool = False  # only the exit may originate a default route (Art. 7)


class BGPNeighbor(_Frozen):
    address: IPAddr
    remote_as: int
    description: str = ""


class BGP(_Frozen):
    asn: int
    router_id: IPAddr
    neighbors: tuple[BGPNeighbor, ...] = ()
    networks: tuple[IPNet, ...] = ()
    default_originate_to: tuple[IPAddr, ...] = ()


class Routing(_Frozen):
    static: tuple[StaticRoute, ...] = ()
    ospf: OSPF | None = None
    bgp: BGP | None = None


class Connection(_Frozen):
    """How NAPALM reaches the device (Ansible's own variables; the password is a secret)."""

    username: str | None = None
    password: str | None = None
    key_file: str | None = None
    port: int | None = None
    optional_args: dict[str, Any] = {}
    timeout: int = 30


class Device(_Frozen):
    hostname: str
    platform: Platform
    role: Role
    zone: Zone
    unit: str
    site: str
    mgmt_address: IPAddr
    loopback: IPIf | None = None
    interfaces: tuple[Interface, ...]
    routing: Routing = Routing()
    lab: bool = False
    connection: Connection = Connection()
    source: str = ""  # file the host's data came from, for messages

    @property
    def level(self) -> int:  # filled in through Network.level_of
        raise AttributeError("use Network.level_of(device)")

    def interface(self, name: str) -> Interface | None:
        for i in self.interfaces:
            if i.name == name:
                return i
        return None


class Link(_Frozen):
    a: str
    a_if: str
    b: str
    b_if: str


class LabHost(_Frozen):
    name: str
    zone: Zone
    unit: str | None = None
    address: IPIf
    gateway: IPAddr
    attach: str  # device the host's LAN is on
    attach_interface: str
    system: str | None = None  # allow-list system it stands for


class Exit(_Frozen):
    site: str
    devices: tuple[str, ...]
    public_prefixes: tuple[IPNet, ...]
    nat_pool: IPNet


class Network(_Frozen):
    """One province's network: everything netwarden knows from the inventory."""

    name: str
    inventory: str
    zone_prefixes: dict[Zone, tuple[IPNet, ...]]
    management_prefixes: dict[Zone, tuple[IPNet, ...]]  # per zone: the intranet is managed apart
    units: dict[str, Unit]
    devices: dict[str, Device]
    links: tuple[Link, ...]
    exit: Exit
    allowlist: tuple[AllowEntry, ...]
    dmz_rules: tuple[DmzRule, ...] = ()
    monitoring: dict[str, MonitoringSite]
    backup_sites: dict[str, str]  # name -> description/address (Art. 10)
    ca: CA
    secrets: Secrets
    lab_hosts: tuple[LabHost, ...] = ()
    today: dt.date

    def unit_of(self, device: Device) -> Unit:
        return self.units[device.unit]

    def level_of(self, device: Device) -> int:
        return self.units[device.unit].level

    def active_allowlist(self) -> tuple[AllowEntry, ...]:
        return tuple(e for e in self.allowlist if not e.expired(self.today))

    def secret_values(self) -> list[str]:
        """Every secret the inventory holds (for masking), device passwords included."""
        out = self.secrets.values()
        out += [d.connection.password for d in self.devices.values() if d.connection.password]
        return sorted(set(out))

    def mgmt_prefixes_of(self, device: Device) -> tuple[IPNet, ...]:
        return self.management_prefixes.get(device.zone, ())

    def is_exit(self, device: Device) -> bool:
        return device.hostname in self.exit.devices

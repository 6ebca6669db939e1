"""The typed network model that every netwarden capability works on.

Built from an Ansible inventory by :mod:`netwarden.model.build`; immutable once built."""

from __future__ import annotations

import datetime as dt
import ipaddress
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from netwarden import platforms
from netwarden.model.text import (
    Area,
    Email,
    Fingerprint,
    HostName,
    Ident,
    LoginSecret,
    Name,
    Path_,
    Phone,
    Port,
    Secret,
    SshKey,
    Text,
    Url,
    UserName,
)


def _address_text(v: Any) -> Any:
    """Addresses are written as text: pydantic would take the integer 1 (or YAML's ``true``) as 0.0.0.1."""
    if isinstance(v, (bool, int, float)):
        raise ValueError("must be an IPv4 address or prefix written as text (198.18.40.1, 198.18.40.0/24), "
                         "not a number")
    return v


IPNet = Annotated[ipaddress.IPv4Network, BeforeValidator(_address_text)]
IPIf = Annotated[ipaddress.IPv4Interface, BeforeValidator(_address_text)]
IPAddr = Annotated[ipaddress.IPv4Address, BeforeValidator(_address_text)]


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
    name: Name
    phone: Phone = ""
    email: Email = ""


class Unit(_Frozen):
    id: Ident
    name: Name
    kind: Literal["province", "department", "municipality", "bureau", "centre"]
    level: int = Field(ge=2, le=4)
    contact: Contact
    parent: Ident | None = None  # municipality id for a municipal bureau
    prefixes: tuple[IPNet, ...] = ()
    monitoring: Ident = "provincial"  # key into Network.monitoring


class MonitoringSite(_Frozen):
    syslog: tuple[IPAddr, ...]
    snmp_managers: tuple[IPAddr, ...] = ()
    ntp: tuple[IPAddr, ...] = ()
    tacacs: tuple[IPAddr, ...] = ()  # AAA accounting servers (Art. 14)


class AuditSyslog(_Frozen):
    """Where the audit log's head goes as a syslog record (Art. 14): the syslog servers of this monitoring
    site, over UDP or TCP (RFC 6587 octet counting) to this port."""

    monitoring: Ident = "provincial"
    transport: Literal["udp", "tcp"] = "udp"
    port: int = Field(default=514, ge=1, le=65535)


class CA(_Frozen):
    name: Name
    url: Url = ""
    fingerprint_sha256: Fingerprint
    ssh_user_ca_key: SshKey  # public key line, for sshd TrustedUserCAKeys


class Secrets(_Frozen):
    """Values that must never appear in reports, diffs, backups, logs or audit records."""

    snmp_auth: Secret
    snmp_priv: Secret
    enable_secret: Secret = ""
    local_admin_password: Secret = ""
    tacacs_key: Secret = ""

    def values(self) -> list[str]:
        return [v for v in self.model_dump().values() if v]


class AllowEntry(_Frozen):
    system: Ident
    unit: Ident
    sources: tuple[IPNet, ...]
    destinations: tuple[IPNet, ...]
    ports: tuple[Port, ...]  # "tcp/443", "udp/53", "tcp/8000-8080"
    approval: Name
    expires: dt.date
    contact: Name = ""

    def expired(self, today: dt.date) -> bool:
        return self.expires < today


class DmzRule(_Frozen):
    name: Ident
    sources: tuple[IPNet, ...]  # dmz web servers
    destinations: tuple[IPNet, ...]  # extranet services
    ports: tuple[Port, ...]
    approval: Name


class Interface(_Frozen):
    name: Ident
    address: IPIf | None = None
    faces: Faces
    description: Text = ""
    peer_device: HostName | None = None
    peer_interface: Ident | None = None
    nat_outside: bool = False
    ospf: bool = False
    shutdown: bool = False


class StaticRoute(_Frozen):
    prefix: IPNet
    next_hop: IPAddr | None = None
    interface: Ident | None = None
    description: Text = ""


class OSPF(_Frozen):
    router_id: IPAddr
    area: Area = "0.0.0.0"
    interfaces: tuple[Ident, ...] = ()
    passive: tuple[Ident, ...] = ()
    hello: int | None = Field(default=None, ge=1, le=65535)
    dead: int | None = Field(default=None, ge=1, le=65535)
    redistribute: tuple[Literal["static", "connected"], ...] = ()
    default_originate: bool = False  # only the exit may originate a default route (Art. 7)

    @model_validator(mode="after")
    def _timers(self) -> OSPF:
        if self.hello is not None and self.dead is not None and self.dead <= self.hello:
            raise ValueError(f"dead interval {self.dead} must be longer than the hello interval {self.hello}")
        if "." not in self.area and int(self.area) > 4294967295:
            raise ValueError(f"area {self.area} is outside 0-4294967295")
        return self


class BGPNeighbor(_Frozen):
    address: IPAddr
    remote_as: int = Field(ge=1, le=4294967295)
    description: Text = ""


class BGP(_Frozen):
    asn: int = Field(ge=1, le=4294967295)
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

    username: UserName | None = None
    password: LoginSecret | None = None
    key_file: Path_ | None = None
    port: int | None = Field(default=None, ge=1, le=65535)
    optional_args: dict[str, Any] = {}  # allow-listed: netwarden.model.connopts
    timeout: int = Field(default=30, ge=1, le=3600)


class Device(_Frozen):
    hostname: HostName
    platform: Platform
    role: Role
    zone: Zone
    unit: Ident
    site: Name
    mgmt_address: IPAddr
    loopback: IPIf | None = None
    interfaces: tuple[Interface, ...]
    routing: Routing = Routing()
    lab: bool = False
    connection: Connection = Connection()
    source: str = ""  # file the host's data came from, for messages
    groups: tuple[str, ...] = ()  # its Ansible groups (all but `all`), for host patterns (-l)

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
    name: HostName
    zone: Zone
    unit: Ident | None = None
    address: IPIf
    gateway: IPAddr
    attach: HostName  # device the host's LAN is on
    attach_interface: Ident
    system: Ident | None = None  # allow-list system it stands for


class Exit(_Frozen):
    site: Name
    devices: tuple[HostName, ...]
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
    backup_repos: dict[str, str] = {}  # site name -> the backup repository's absolute path (audit anchors)
    audit_syslog: AuditSyslog = AuditSyslog()
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
        out += [str(d.connection.optional_args["secret"]) for d in self.devices.values()
                if d.connection.optional_args.get("secret")]
        return sorted(set(out))

    def mgmt_prefixes_of(self, device: Device) -> tuple[IPNet, ...]:
        return self.management_prefixes.get(device.zone, ())

    def is_exit(self, device: Device) -> bool:
        return device.hostname in self.exit.devices

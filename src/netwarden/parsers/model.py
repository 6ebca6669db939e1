"""The normalised model of a parsed device configuration, the same for every platform.

Every element keeps the 1-based line numbers it came from (`lines`), so findings can quote
the evidence. Unknown or absent is `None`; an empty list means "parsed, none there"."""

from __future__ import annotations

import copyreg
import ipaddress
from dataclasses import dataclass, field
from typing import Literal

Net = ipaddress.IPv4Network
Addr = ipaddress.IPv4Address
IfAddr = ipaddress.IPv4Interface
ANY = ipaddress.IPv4Network("0.0.0.0/0")


# Parsed configs travel between worker processes: pickle addresses as integers, not as strings
# that every unpickling parses again (the default reduction is str(); this is several times faster).
def _addr_reduce(a: Addr) -> tuple[type[Addr], tuple[int]]:
    return Addr, (int(a),)


def _net_reduce(n: Net) -> tuple[type[Net], tuple[tuple[int, int]]]:
    return Net, ((int(n.network_address), n.prefixlen),)


def _ifaddr_reduce(i: IfAddr) -> tuple[type[IfAddr], tuple[tuple[int, int]]]:
    return IfAddr, ((int(i.ip), i.network.prefixlen),)


copyreg.pickle(Addr, _addr_reduce)
copyreg.pickle(Net, _net_reduce)
copyreg.pickle(IfAddr, _ifaddr_reduce)


@dataclass
class PInterface:
    name: str
    addresses: list[IfAddr] = field(default_factory=list)
    description: str = ""
    acl_in: list[str] = field(default_factory=list)  # filter names applied inbound
    acl_out: list[str] = field(default_factory=list)
    nat: Literal["inside", "outside"] | None = None
    ospf_area: str | None = None
    ospf_cost: int | None = None  # `ip ospf cost N` / `ospf cost N`; None: the platform's default
    ospf_passive: bool | None = None  # FRR `ip ospf passive` / `no ip ospf passive`; None: as the process says
    shutdown: bool = False
    lines: list[int] = field(default_factory=list)


@dataclass
class PStaticRoute:
    prefix: Net
    next_hop: Addr | None
    interface: str | None
    line: int


@dataclass
class PRedistribute:
    source: str  # static, connected, ospf, bgp, ...
    route_map: str | None
    line: int


@dataclass
class POspf:
    process: str
    router_id: Addr | None = None
    networks: list[tuple[Net, str]] = field(default_factory=list)  # (prefix, area)
    default_originate: bool = False
    redistribute: list[PRedistribute] = field(default_factory=list)
    passive_default: bool = False
    # `passive-interface X` / VRP, Comware `silent-interface X` (True), `no passive-interface X` /
    # `undo silent-interface X` (False), by the interface's full name; an interface not named: passive_default
    passive: dict[str, bool] = field(default_factory=dict)
    lines: list[int] = field(default_factory=list)


@dataclass
class PBgpNeighbor:
    address: Addr
    remote_as: int | None = None
    route_map_in: str | None = None
    route_map_out: str | None = None
    prefix_list_in: str | None = None
    prefix_list_out: str | None = None
    default_originate: bool = False
    line: int = 0


@dataclass
class PBgp:
    asn: int
    router_id: Addr | None = None
    neighbors: list[PBgpNeighbor] = field(default_factory=list)
    networks: list[tuple[Net, int]] = field(default_factory=list)  # (prefix, line)
    redistribute: list[PRedistribute] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


@dataclass
class AclEntry:
    """One filter rule, normalised. `src`/`dst` are lists of prefixes (ANY for any).

    For nftables, `chain` is the base chain's hook (input/forward/output) and `iif`/`oif`
    the interface-name matches; for ACLs, the ACL is bound to interfaces elsewhere."""

    action: Literal["permit", "deny"]
    proto: str = "ip"  # ip, tcp, udp, icmp, ospf, ...
    src: list[Net] = field(default_factory=lambda: [ANY])
    dst: list[Net] = field(default_factory=lambda: [ANY])
    dports: list[tuple[int, int]] = field(default_factory=list)  # empty: any
    sports: list[tuple[int, int]] = field(default_factory=list)  # source ports; empty: any (added by parsers)
    established: bool = False  # matches only return traffic (ct state / established)
    iif: list[str] = field(default_factory=list)
    oif: list[str] = field(default_factory=list)
    log: bool = False
    remark: str = ""
    line: int = 0
    text: str = ""


@dataclass
class Acl:
    name: str
    kind: Literal["standard", "extended", "nft-chain"]
    entries: list[AclEntry] = field(default_factory=list)
    default_action: Literal["permit", "deny"] = "deny"  # ACLs end in an implicit deny; nft chains by policy
    hook: str | None = None  # nftables: input, forward, output, postrouting...
    line: int = 0


@dataclass
class PrefixListEntry:
    action: Literal["permit", "deny"]
    prefix: Net
    ge: int | None
    le: int | None
    line: int


@dataclass
class RouteMapEntry:
    action: Literal["permit", "deny"]
    seq: int
    match_prefix_lists: list[str]
    line: int
    match_acls: list[str] = field(default_factory=list)  # `match ip address ACL` / VRP `if-match acl N`
    other_matches: list[str] = field(default_factory=list)  # any other match clause, verbatim


@dataclass
class NatRule:
    """Source NAT. `sources` are the translated source prefixes (from the ACL or match);
    `pool` the translated-to addresses; `out_interfaces` where it applies (empty: any)."""

    sources: list[Net]
    pool: list[Addr]
    out_interfaces: list[str]
    masquerade: bool = False
    line: int = 0
    text: str = ""
    kind: Literal["source", "destination"] = "source"  # destination: nft dnat / IOS `ip nat outside source` etc.


@dataclass
class Management:
    ssh_enabled: bool | None = None
    ssh_v2_only: bool | None = None
    telnet_enabled: bool | None = None
    http_enabled: bool | None = None
    vty_acl: str | None = None  # ACL restricting management lines (IOS access-class / VRP acl inbound)
    allowed_from: list[Net] | None = None  # resolved management sources (sshd AllowUsers / nft mgmt / ACL)
    exec_timeout_min: float | None = None
    login_attempts: int | None = None
    lockout_min: float | None = None
    banner: bool | None = None
    root_login: bool | None = None
    password_auth: bool | None = None
    auth_retries: int | None = None  # per-connection tries (sshd MaxAuthTries, ip ssh authentication-retries)
    lines: dict[str, int] = field(default_factory=dict)  # setting -> line


@dataclass
class Logging:
    syslog_hosts: list[Addr] = field(default_factory=list)
    aaa_servers: list[Addr] = field(default_factory=list)  # TACACS+/RADIUS servers (authentication, accounting)
    config_change_logging: bool | None = None
    login_logging: bool | None = None  # logins and failures recorded
    aaa_accounting: bool | None = None  # exec/commands accounted (or verbose sshd logging)
    deny_logging: bool | None = None  # boundary denies logged
    lines: dict[str, int] = field(default_factory=dict)


@dataclass
class Snmp:
    v3_users: list[tuple[str, bool, bool]] = field(default_factory=list)  # (user, auth, priv)
    communities: list[str] = field(default_factory=list)  # v1/v2c: must be empty
    trap_hosts: list[Addr] = field(default_factory=list)
    # the ACL each community or group line names for its requests (None: the line names none, any source)
    access_acls: list[str | None] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)


@dataclass
class Trust:
    trustpoints: list[tuple[str, str]] = field(default_factory=list)  # (name, fingerprint or "")
    ssh_user_ca_keys: list[str] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)


@dataclass
class PUser:
    """A local account the configuration defines, or an SSH user bound to one (one per line naming it)."""

    name: str
    line: int


@dataclass
class PSection:
    """One file of a multi-file document (its marker line `#@netwarden section=NAME path=PATH`)."""

    name: str
    path: str
    line: int


@dataclass
class ParsedConfig:
    platform: str
    hostname: str | None = None
    source: str = ""  # file name for evidence
    text_lines: list[str] = field(default_factory=list)
    interfaces: dict[str, PInterface] = field(default_factory=dict)
    users: list[PUser] = field(default_factory=list)
    static_routes: list[PStaticRoute] = field(default_factory=list)
    ospf: list[POspf] = field(default_factory=list)
    bgp: PBgp | None = None
    acls: dict[str, Acl] = field(default_factory=dict)
    prefix_lists: dict[str, list[PrefixListEntry]] = field(default_factory=dict)
    route_maps: dict[str, list[RouteMapEntry]] = field(default_factory=dict)
    rib_filter: str | None = None  # FRR `ip protocol any route-map X`: routes to the kernel filtered
    nat: list[NatRule] = field(default_factory=list)
    mgmt: Management = field(default_factory=Management)
    logging: Logging = field(default_factory=Logging)
    snmp: Snmp = field(default_factory=Snmp)
    ntp_servers: list[Addr] = field(default_factory=list)
    trust: Trust = field(default_factory=Trust)
    av_profile: bool | None = None  # None: the platform has no AV/IPS (not applicable)
    warnings: list[str] = field(default_factory=list)  # lines the parser could not understand
    sections: list[PSection] = field(default_factory=list)  # multi-file documents: the files, as marked
    line_texts: dict[int, str] = field(default_factory=dict)  # kept lines, once text_lines is dropped

    def line(self, no: int) -> str:
        if self.text_lines:
            return self.text_lines[no - 1] if 0 < no <= len(self.text_lines) else ""
        return self.line_texts.get(no, "")

    def slim(self) -> ParsedConfig:
        """What the network-wide checks need, cheap to pass between processes: the full text and the
        filters are dropped (per-device rules have seen them), the lines the checks quote are kept."""
        keep: set[int] = set()
        for itf in self.interfaces.values():
            keep.update(itf.lines[:2])
        keep.update(r.line for r in self.static_routes)
        keep.update(n.line for n in self.nat)
        keep.update(u.line for u in self.users)
        for o in self.ospf:
            keep.update(o.lines[:1])
        if self.bgp:
            keep.update(nb.line for nb in self.bgp.neighbors)
        self.line_texts = {n: self.line(n) for n in keep if n}
        self.text_lines = []
        # per-device rules have run: the network-wide ones need interfaces, routes, NAT and routing only
        self.acls, self.prefix_lists, self.route_maps = {}, {}, {}
        self.warnings = []
        return self

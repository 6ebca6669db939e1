"""Helpers shared by the platform parsers: addresses, ports, protocols, ACL semantics."""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable, Iterable

from netwarden.parsers.model import ANY, Acl, AclEntry, Addr, Net, ParsedConfig

MAX_EXPAND = 1024  # most /32s a non-contiguous wildcard or an address pool is expanded into

# Well-known port names (Cisco IOS keywords, VRP keywords, /etc/services names nft may print).
PORT_NAMES: dict[str, int] = {
    "echo": 7, "discard": 9, "daytime": 13, "chargen": 19, "ftp-data": 20, "ftp": 21, "ssh": 22, "telnet": 23,
    "smtp": 25, "time": 37, "nameserver": 42, "whois": 43, "tacacs": 49, "tacacs-ds": 65, "domain": 53,
    "dns": 53, "bootps": 67, "bootpc": 68, "tftp": 69, "gopher": 70, "finger": 79, "www": 80, "http": 80,
    "hostname": 101, "pop2": 109, "pop3": 110, "sunrpc": 111, "ident": 113, "nntp": 119, "ntp": 123,
    "netbios-ns": 137, "netbios-dgm": 138, "netbios-ssn": 139, "netbios-ss": 139, "imap": 143, "imap4": 143,
    "snmp": 161, "snmptrap": 162, "snmp-trap": 162, "xdmcp": 177, "bgp": 179, "irc": 194, "dnsix": 195,
    "ldap": 389, "mobile-ip": 434, "https": 443, "microsoft-ds": 445, "pim-auto-rp": 496, "isakmp": 500,
    "exec": 512, "biff": 512, "login": 513, "who": 513, "cmd": 514, "syslog": 514, "lpd": 515, "talk": 517,
    "rip": 520, "uucp": 540, "klogin": 543, "kshell": 544, "ldaps": 636, "kerberos": 88, "radius": 1812,
    "radius-acct": 1813, "non500-isakmp": 4500, "mysql": 3306, "rdp": 3389, "ms-wbt-server": 3389,
    "drip": 3949, "lsp-ping": 3503, "bfd": 3784, "gtp": 2152, "h323": 1720, "sip": 5060, "pptp": 1723,
    "zephyr": 2104, "onep-plain": 15001, "onep-tls": 15002, "pop3s": 995, "imaps": 993, "submission": 587,
    "smtps": 465, "nfs": 2049, "rtsp": 554, "telnets": 992, "ftps": 990, "ftps-data": 989,
}

PROTO_NUMBERS: dict[int, str] = {
    1: "icmp", 2: "igmp", 4: "ipinip", 6: "tcp", 17: "udp", 47: "gre", 50: "esp", 51: "ahp", 88: "eigrp",
    89: "ospf", 94: "nos", 103: "pim", 108: "pcp", 112: "vrrp", 132: "sctp",
}
PROTO_ALIASES = {"ah": "ahp", "ipip": "ipinip", "ipv4": "ip", "any": "ip", "ospfigp": "ospf", "icmpv4": "icmp"}


def norm_proto(p: str) -> str:
    p = p.lower()
    if p.isdigit():
        n = int(p)
        return "ip" if n == 0 else PROTO_NUMBERS.get(n, p)
    return PROTO_ALIASES.get(p, p)


def port_number(s: str) -> int | None:
    s = s.lower()
    if s.isdigit():
        n = int(s)
        return n if 0 <= n <= 65535 else None
    return PORT_NAMES.get(s)


def complement_ports(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    lo = 0
    for a, b in sorted(ranges):
        if a > lo:
            out.append((lo, a - 1))
        lo = max(lo, b + 1)
    if lo <= 65535:
        out.append((lo, 65535))
    return out


def port_ranges(op: str, ports: list[int]) -> list[tuple[int, int]]:
    """The port ranges an ACL's `OP PORT...` matches: eq (each port), neq (every other one), gt and lt
    (than the first); [] for another operator."""
    if op == "eq":
        return [(p, p) for p in ports]
    if op == "neq":
        return complement_ports([(p, p) for p in ports])
    if op == "gt":
        return [(ports[0] + 1, 65535)]
    if op == "lt":
        return [(0, ports[0] - 1)]
    return []


def port_range(lo: str, hi: str) -> list[tuple[int, int]]:
    """An ACL's `range LO HI` ([] when a port is not understood)."""
    a, b = port_number(lo), port_number(hi)
    return [(a, b)] if a is not None and b is not None else []


@functools.lru_cache(maxsize=65536)
def to_addr(s: str) -> Addr | None:
    try:
        return ipaddress.IPv4Address(s)
    except ValueError:
        return None


@functools.lru_cache(maxsize=65536)  # addresses repeat across a province's configs; the objects are immutable
def to_net(s: str) -> Net | None:
    """A prefix, an address (-> /32) or None. Host bits are masked off (`10.1.1.1/24` -> 10.1.1.0/24)."""
    try:
        return ipaddress.IPv4Network(s, strict=False)
    except ValueError:
        return None


@functools.lru_cache(maxsize=65536)
def mask_net(addr: str, mask: str) -> Net | None:
    """`A M` with a netmask (or a prefix length, as VRP allows) -> network."""
    try:
        return ipaddress.IPv4Network(f"{addr}/{mask}", strict=False)
    except ValueError:
        return None


def mask_iface(addr: str, mask: str) -> ipaddress.IPv4Interface | None:
    try:
        return ipaddress.IPv4Interface(f"{addr}/{mask}")
    except ValueError:
        return None


def wildcard_nets(addr: str, wildcard: str) -> tuple[list[Net], str | None]:
    """Address + wildcard mask -> prefixes. A contiguous wildcard is one prefix; a non-contiguous
    one is expanded into /32s (or over-approximated by its covering prefix when too large), with
    a warning text."""
    a = to_addr(addr)
    if a is None:
        return [], f"bad address {addr!r}"
    if wildcard == "0":  # VRP: `source A 0` is a host
        wildcard = "0.0.0.0"
    w = to_addr(wildcard)
    if w is None:
        return [], f"bad wildcard {wildcard!r}"
    wi = int(w)
    base = int(a) & ~wi & 0xFFFFFFFF
    if (wi + 1) & wi == 0:  # contiguous low bits
        plen = 32 - wi.bit_length()
        return [ipaddress.IPv4Network((base, plen))], None
    bits = [i for i in range(32) if wi >> i & 1]
    if 2 ** len(bits) <= MAX_EXPAND:
        nets = []
        for k in range(2 ** len(bits)):
            v = base
            for j, b in enumerate(bits):
                if k >> j & 1:
                    v |= 1 << b
            nets.append(ipaddress.IPv4Network((v, 32)))
        return list(ipaddress.collapse_addresses(nets)), None
    top = max(bits) + 1
    cover = ipaddress.IPv4Network((base >> top << top, 32 - top))
    return [cover], f"non-contiguous wildcard {addr} {wildcard} over-approximated as {cover}"


def range_nets(lo: str, hi: str) -> list[Net]:
    a, b = to_addr(lo), to_addr(hi)
    if a is None or b is None or a > b:
        return []
    return list(ipaddress.summarize_address_range(a, b))


def range_addrs(lo: Addr, hi: Addr) -> list[Addr]:
    if hi < lo:
        return []
    n = int(hi) - int(lo) + 1
    if n > MAX_EXPAND:
        return [lo, hi]
    return [ipaddress.IPv4Address(int(lo) + i) for i in range(n)]


def net_addrs(n: Net) -> list[Addr]:
    if n.num_addresses > MAX_EXPAND:
        return [n.network_address, n.broadcast_address]
    return list(n)


def complement(nets: Iterable[Net]) -> list[Net]:
    """0.0.0.0/0 minus the given prefixes."""
    return subtract([ANY], nets)


def subtract(nets: Iterable[Net], minus: Iterable[Net]) -> list[Net]:
    """The addresses of `nets` that are in none of `minus`, as collapsed prefixes."""
    out = list(ipaddress.collapse_addresses(list(nets)))
    for m in ipaddress.collapse_addresses(list(minus)):
        new: list[Net] = []
        for r in out:
            if m.subnet_of(r):
                new.extend(r.address_exclude(m))
            elif not r.subnet_of(m):
                new.append(r)
        out = new
    return sorted(ipaddress.collapse_addresses(out))


def intersect_nets(a: list[Net], b: list[Net]) -> list[Net]:
    out: list[Net] = []
    for x in a:
        for y in b:
            if x.subnet_of(y):
                out.append(x)
            elif y.subnet_of(x):
                out.append(y)
    return sorted(ipaddress.collapse_addresses(out))


def permitted_sources(acl: Acl) -> list[Net]:
    """The source prefixes an ACL permits (first match: earlier source-only denies carved out).

    Used to resolve NAT `list ACL` and management access-classes."""
    denied: list[Net] = []
    out: list[Net] = []
    for e in acl.entries:
        if e.action == "deny":
            if ANY in e.dst and e.proto in ("ip", "any") and not e.dports and not e.sports:
                denied.extend(e.src)
            continue
        out.extend(subtract(e.src, denied))
    if acl.default_action == "permit":
        out.extend(subtract([ANY], denied))
    return sorted(ipaddress.collapse_addresses(out))


def deny_logging(cfg: ParsedConfig, names: Iterable[str]) -> bool | None:
    """True when every explicit deny of the named (bound, non-standard) filters logs."""
    seen = False
    for name in names:
        acl = cfg.acls.get(name)
        if acl is None or acl.kind == "standard":
            continue
        for e in acl.entries:
            if e.action == "deny":
                seen = True
                if not e.log:
                    return False
    return True if seen else None


def entry_text(e: AclEntry) -> str:  # for debugging and warnings
    return e.text or f"{e.action} {e.proto} {e.src} {e.dst}"


class Node:
    """One configuration line and the more-indented lines under it."""

    __slots__ = ("children", "indent", "line", "text", "words")

    def __init__(self, text: str, line: int, indent: int) -> None:
        self.text = text
        self.line = line
        self.indent = indent
        self.words = text.split()
        self.children: list[Node] = []

    def walk(self) -> Iterable[Node]:
        for c in self.children:
            yield c
            yield from c.walk()

    def __repr__(self) -> str:
        return f"Node({self.line}: {self.text!r}, {len(self.children)} children)"


def build_tree(lines: list[tuple[int, str]], separators: tuple[str, ...] = ("!",),
               normalize: Callable[[str, str, int], str] | None = None) -> list[Node]:
    """Indentation tree. A separator line (`!` on IOS, `#` on VRP) at column 0 closes every open
    block, so VRP's one-space-indented global commands after `#` are top-level nodes. `normalize`
    rewrites each statement as the device reads it, given its text, the enclosing view's command (as
    rewritten; "" at the top) and its line number (abbreviated keywords written out); line numbers
    and the original text stay for evidence."""
    roots: list[Node] = []
    stack: list[Node] = []
    for no, raw in lines:
        line = raw.rstrip().replace("\t", " ")
        text = line.strip()
        if not text:
            continue
        indent = len(line) - len(line.lstrip())
        if text in separators or (text[0] in separators and indent == 0):
            if indent == 0:
                stack = []
            continue
        if text[0] in separators:  # an indented comment line
            continue
        while stack and stack[-1].indent >= indent:
            stack.pop()
        node = Node(normalize(text, stack[-1].text if stack else "", no) if normalize else text, no, indent)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots

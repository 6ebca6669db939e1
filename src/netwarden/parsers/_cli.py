"""The base of the CLI-style parsers (IOS-style and VRP/Comware-style): one line tree walked by a
platform's parser, which declares its keywords as tables and keeps only what its syntax does
differently. Shared here: the walk itself (abbreviations written out by the platform's spec),
BGP neighbours and peer groups, OSPF interface networks, the management-ACL resolution, warnings."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import ClassVar

from netwarden.parsers._common import Node, build_tree, mask_iface, permitted_sources, to_addr
from netwarden.parsers.model import ANY, Addr, Net, ParsedConfig, PBgp, PBgpNeighbor, PInterface, POspf
from netwarden.platforms.spec import PlatformSpec


@dataclass(frozen=True)
class BgpWords:
    """The BGP neighbour keywords of a syntax family."""

    remote_as: str  # remote-as / as-number
    group: str  # peer-group / group
    policy: str  # route-map / route-policy
    prefix_filter: str  # prefix-list / ip-prefix
    inbound: str  # in / import
    outbound: str  # out / export
    default_originate: str  # default-originate / default-route-advertise


def as_number(word: str) -> int:
    """An AS number, plain or asdot (`65000.10`)."""
    try:
        return int(word)
    except ValueError:
        hi, _, lo = word.partition(".")
        return int(hi) * 65536 + int(lo or 0)


def after(w: list[str], key: str) -> str | None:
    """The word after `key` in `w`, if any."""
    try:
        return w[w.index(key) + 1]
    except (ValueError, IndexError):
        return None


def dotted_area(a: str) -> str:
    """An OSPF area in dotted form (`0` -> `0.0.0.0`)."""
    return str(ipaddress.IPv4Address(int(a))) if a.isdigit() else a


def inherit(nb: PBgpNeighbor, pg: PBgpNeighbor) -> None:
    """A neighbour takes what it does not set itself from its peer group."""
    nb.remote_as = nb.remote_as if nb.remote_as is not None else pg.remote_as
    nb.route_map_in = nb.route_map_in or pg.route_map_in
    nb.route_map_out = nb.route_map_out or pg.route_map_out
    nb.prefix_list_in = nb.prefix_list_in or pg.prefix_list_in
    nb.prefix_list_out = nb.prefix_list_out or pg.prefix_list_out
    nb.default_originate = nb.default_originate or pg.default_originate


def flatten_globals(text: str) -> str:
    """VRP/Comware text as hier_config must read it: global commands sit one space in between `#` lines,
    and hier_config would nest them under the view before; they lose the indent (a `#` closes every
    view, a column-0 line opens one)."""
    out: list[str] = []
    in_view = False
    for ln in text.splitlines():
        if ln.strip() == "#":
            in_view = False
        elif ln[:1] not in (" ", ""):
            in_view = True
        elif not in_view:
            ln = ln.lstrip()
        out.append(ln)
    return "\n".join(out)


class CliParser:
    spec: ClassVar[PlatformSpec]
    separators: ClassVar[tuple[str, ...]] = ("!",)
    bgp_words: ClassVar[BgpWords]

    def __init__(self, text: str, source: str) -> None:
        self.cfg = ParsedConfig(platform=self.spec.name, source=source, text_lines=text.splitlines())
        self.peer_groups: dict[str, PBgpNeighbor] = {}
        self.pg_members: dict[Addr, str] = {}
        self.ospf_ifaces: list[tuple[PInterface, str, str]] = []  # (interface, process, area)

    def warn(self, no: int, msg: str) -> None:
        self.cfg.warnings.append(f"line {no}: {msg}")

    # --- the walk ------------------------------------------------------------------------------
    def preprocess(self, text_lines: list[str]) -> list[tuple[int, str]]:
        """The numbered lines the tree is built from (banners and headers taken out by subclasses)."""
        return list(enumerate(text_lines, start=1))

    def top(self, n: Node) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        self.ospf_interface_networks()
        self.inherit_peer_groups()

    def run(self) -> ParsedConfig:
        lines = self.preprocess(self.cfg.text_lines)
        for node in build_tree(lines, separators=self.separators, normalize=self.spec.expand_keywords):
            try:
                self.top(node)
            except (ValueError, IndexError) as e:  # a malformed line never stops the parse
                self.warn(node.line, f"not understood ({e}): {node.text}")
        self.finish()
        return self.cfg

    # --- interfaces ----------------------------------------------------------------------------
    def open_interface(self, n: Node) -> PInterface:
        """The interface an `interface NAME` view configures (its name in the platform's full form)."""
        name = self.spec.canonical_interface(n.words[1])
        itf = self.cfg.interfaces.setdefault(name, PInterface(name))
        itf.lines.append(n.line)
        return itf

    def interface_address(self, itf: PInterface, c: Node) -> bool:
        """`ip address A MASK|LEN [sub|secondary]` in an interface view; True when the line was one."""
        w = c.words
        if not (w[:2] == ["ip", "address"] and len(w) >= 4):
            return False
        a = mask_iface(w[2], w[3])
        if a is None:
            self.warn(c.line, f"address not understood: {c.text}")
        else:
            itf.addresses.append(a)
            itf.lines.append(c.line)
        return True

    # --- BGP -----------------------------------------------------------------------------------
    def bgp_process(self, n: Node, asn_word: str, commands: Callable[[PBgp, list[Node]], None]) -> None:
        cfg = self.cfg
        if cfg.bgp is None:
            cfg.bgp = PBgp(as_number(asn_word))
        cfg.bgp.lines.append(n.line)
        commands(cfg.bgp, n.children)

    def neighbor(self, b: PBgp, c: Node, peer: str, w: list[str]) -> None:
        """`neighbor|peer PEER <w...>`: one neighbour (or peer group) setting."""
        kw = self.bgp_words
        addr = to_addr(peer)
        if addr is None:
            if ":" in peer:
                return  # IPv6 neighbor
            nb = self.peer_groups.setdefault(peer, PBgpNeighbor(ipaddress.IPv4Address(0), line=c.line))
        else:
            found = next((x for x in b.neighbors if x.address == addr), None)
            if found is None:
                found = PBgpNeighbor(addr, line=c.line)
                b.neighbors.append(found)
            nb = found
        k = w[0]
        if k == kw.remote_as and len(w) > 1:
            hi = w[1].partition(".")[0]
            nb.remote_as = as_number(w[1]) if hi.isdigit() else None
        elif k == kw.group and addr is not None and len(w) > 1:
            self.pg_members[addr] = w[1]
        elif k == kw.policy and len(w) > 2:
            if w[2] == kw.inbound:
                nb.route_map_in = w[1]
            elif w[2] == kw.outbound:
                nb.route_map_out = w[1]
        elif k == kw.prefix_filter and len(w) > 2:
            if w[2] == kw.inbound:
                nb.prefix_list_in = w[1]
            elif w[2] == kw.outbound:
                nb.prefix_list_out = w[1]
        elif k == kw.default_originate:
            nb.default_originate = True

    def inherit_peer_groups(self) -> None:
        if self.cfg.bgp is None:
            return
        for nb in self.cfg.bgp.neighbors:
            pg = self.peer_groups.get(self.pg_members.get(nb.address, ""))
            if pg is not None:
                inherit(nb, pg)

    # --- OSPF ----------------------------------------------------------------------------------
    def ospf_interface_networks(self) -> None:
        """Interfaces that join OSPF in their own view add their connected prefixes to the process."""
        cfg = self.cfg
        for itf, proc, ar in self.ospf_ifaces:
            o = next((x for x in cfg.ospf if x.process == proc), None)
            if o is None:
                o = POspf(proc)
                cfg.ospf.append(o)
            for a in itf.addresses:
                if (a.network, ar) not in o.networks:
                    o.networks.append((a.network, ar))

    # --- management ----------------------------------------------------------------------------
    def management_sources(self, acls: list[tuple[str | None, int]], only_permits: bool = False) -> None:
        """mgmt.vty_acl / allowed_from from the ACLs on the reachable vty lines (None: no ACL, any source).
        `only_permits`: what the ACL permits counts, not what it forwards by default (VRP's filters
        forward unmatched traffic, a vty ACL does not)."""
        m = self.cfg.mgmt
        if not acls:
            return
        m.vty_acl = next((a for a, _ in acls if a), None)
        m.lines["vty_acl"] = next((ln for a, ln in acls if a), acls[0][1])
        nets: list[Net] = []
        resolved = True
        for name, _ln in acls:
            if name is None:
                nets.append(ANY)
            elif name in self.cfg.acls:
                acl = self.cfg.acls[name]
                nets += permitted_sources(replace(acl, default_action="deny") if only_permits else acl)
            else:
                resolved = False
        m.allowed_from = sorted(ipaddress.collapse_addresses(nets)) if resolved else None

    def worst_timeout(self, timeouts: list[tuple[float, int]]) -> None:
        """The session time-out of the most permissive reachable line (0: never)."""
        if timeouts:
            never = [t for t in timeouts if t[0] == 0]
            self.cfg.mgmt.exec_timeout_min, self.cfg.mgmt.lines["timeout"] = never[0] if never else max(timeouts)

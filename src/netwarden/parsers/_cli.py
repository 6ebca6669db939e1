"""The base of the CLI-style parsers (IOS-style and VRP/Comware-style): one line tree walked by a
platform's parser, which declares its keywords as tables and keeps only what its syntax does
differently. Shared here: the walk itself (abbreviations written out by the platform's spec), the
interface view (addresses, description, shutdown, joining OSPF), static routes, the BGP process
(router-id, neighbours and peer groups, networks, redistribution), OSPF processes and interface
networks, NTP servers, AAA servers, HTTP servers, the management-ACL resolution, warnings."""

from __future__ import annotations

import bisect
import ipaddress
from dataclasses import dataclass, replace
from typing import ClassVar

from netwarden.parsers._common import Node, build_tree, mask_iface, mask_net, permitted_sources, to_addr, wildcard_nets
from netwarden.parsers.model import (
    ANY,
    Acl,
    AclEntry,
    Addr,
    Net,
    ParsedConfig,
    PBgp,
    PBgpNeighbor,
    PInterface,
    POspf,
    PRedistribute,
    PStaticRoute,
)
from netwarden.platforms.document import device_lines
from netwarden.platforms.spec import PlatformSpec


@dataclass(frozen=True)
class BgpWords:
    """The BGP keywords of a syntax family."""

    router_id: tuple[str, ...]  # bgp router-id / router-id
    peer: str  # neighbor / peer
    redistribute: str  # redistribute / import-route (OSPF's too)
    remote_as: str  # remote-as / as-number
    group: str  # peer-group / group
    policy: str  # route-map / route-policy (also after a redistribution)
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


def classful(a: Addr) -> Net:
    """The classful network of an address (a BGP `network A` without a mask or length)."""
    first = int(a) >> 24
    plen = 8 if first < 128 else 16 if first < 192 else 24
    return ipaddress.IPv4Network(f"{a}/{plen}", strict=False)


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
    for ln in device_lines(text):
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
    negation: ClassVar[str] = "no"  # what turns a command off: `no shutdown` / `undo shutdown`
    ospf_cost_words: ClassVar[tuple[str, ...]] = ("ip", "ospf", "cost")  # an interface's OSPF cost: these, then N
    hostname_command: ClassVar[str] = "hostname"  # hostname / sysname
    bgp_words: ClassVar[BgpWords]
    http_commands: ClassVar[tuple[str, ...]] = ()  # the commands that turn an HTTP(S) server on
    static_options: ClassVar[tuple[str, ...]] = ()  # the words after which a static route has no next hop
    static_distance_ends: ClassVar[bool] = False  # a number (the distance) ends a static route's next hop

    def __init__(self, text: str, source: str) -> None:
        self.cfg = ParsedConfig(platform=self.spec.name, source=source, text_lines=device_lines(text))
        self.peer_groups: dict[str, PBgpNeighbor] = {}
        self.pg_members: dict[Addr, str] = {}
        self.ospf_ifaces: list[tuple[PInterface, str, str]] = []  # (interface, process, area)
        self.http: dict[str, bool] = {}  # HTTP(S) server command -> on
        self.acl_seqs: dict[str, list[int]] = {}  # ACL name -> its entries' sequence numbers (entries' order)
        self.secondary: set[tuple[str, str]] = set()  # (interface, address) added as secondary / sub

    def warn(self, no: int, msg: str) -> None:
        self.cfg.warnings.append(f"line {no}: {msg}")

    # --- the walk ------------------------------------------------------------------------------
    def written_out(self, raw: str, n: int) -> str:
        """A top-level line with its first `n` words' keywords written out and the rest as written (a
        banner's delimiter and text: `ban mo ^C`, VRP's `he lo inf "..."` are banners too)."""
        kw = self.spec.keywords
        body = raw.lstrip()
        parts = body.split(None, n)
        if kw is None or not body[:1].isalpha():
            return raw
        return raw[: len(raw) - len(body)] + " ".join(kw.expand(parts[:n], "").words + parts[n:])

    def read_keywords(self, text: str, parent: str, no: int) -> str:
        """A command as the device reads it: its abbreviated keywords written out by the platform's
        vocabulary (platforms/keywords.py); a word that begins several keywords is a warning, as the
        device refuses the command."""
        kw = self.spec.keywords
        if kw is None:
            return text
        got = kw.expand(text.split(), parent)
        if got.problem:
            self.warn(no, f"{got.problem} (the device refuses it): {text}")
        return " ".join(got.words)

    def preprocess(self, text_lines: list[str]) -> list[tuple[int, str]]:
        """The numbered lines the tree is built from (banners and headers taken out by subclasses)."""
        return list(enumerate(text_lines, start=1))

    def shared_top(self, n: Node) -> bool:
        """The top-level commands every CLI here writes alike (the host name, interface views, HTTP
        servers); True when the line was one (else the platform's `top` reads it)."""
        w = n.words
        if w[0] == self.hostname_command and len(w) > 1:
            self.cfg.hostname = w[1]
        elif w[0] == "interface" and len(w) > 1:
            self.interface(n)
        else:
            return self.http_server(n)
        return True

    def top(self, n: Node) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        self.ospf_interface_networks()
        self.inherit_peer_groups()
        if self.http:
            self.cfg.mgmt.http_enabled = any(self.http.values())

    def run(self) -> ParsedConfig:
        lines = self.preprocess(self.cfg.text_lines)
        for node in build_tree(lines, separators=self.spec.comment_prefixes, normalize=self.read_keywords):
            try:
                if not self.shared_top(node):
                    self.top(node)
            except (ValueError, IndexError) as e:  # a malformed line never stops the parse
                self.warn(node.line, f"not understood ({e}): {node.text}")
        self.finish()
        return self.cfg

    # --- interfaces ----------------------------------------------------------------------------
    def interface(self, n: Node) -> None:
        """An `interface NAME` view: addresses, joining OSPF (in the platform's words), description and
        shutdown; the platform's own commands (filters, NAT) by its `interface_line`."""
        itf = self.open_interface(n)
        for c in n.children:
            w = c.words
            if self.interface_address(itf, c):
                continue
            if self.interface_line(itf, c):
                itf.lines.append(c.line)
                continue
            process, area = self.interface_ospf(w), after(w, "area")
            k = len(self.ospf_cost_words)
            if w[:k] == list(self.ospf_cost_words) and len(w) > k and w[k].isdigit():
                itf.ospf_cost = int(w[k])
                itf.lines.append(c.line)
            elif w[: k + 1] == [self.negation, *self.ospf_cost_words]:
                itf.ospf_cost = None
            elif process is not None and area is not None:
                self.join_ospf(itf, c, process, area)
            elif w[0] == "description":
                itf.description = c.text.split(None, 1)[1] if len(w) > 1 else ""
            elif w == [self.negation, "description"]:
                itf.description = ""
            elif w[:3] == [self.negation, "ip", "address"]:
                self.remove_address(itf, w[3:])
            elif w == ["shutdown"]:
                itf.shutdown = True
                itf.lines.append(c.line)
            elif w == [self.negation, "shutdown"]:
                itf.shutdown = False

    def interface_line(self, itf: PInterface, c: Node) -> bool:
        """One of the platform's own commands in an interface view (filters, NAT); True when the line
        was one and is the interface's evidence."""
        return False

    def interface_ospf(self, w: list[str]) -> str | None:
        """The OSPF process of an interface command that runs OSPF on the interface (in the area after
        `area`), else None."""
        return None

    def join_ospf(self, itf: PInterface, c: Node, process: str, area: str) -> None:
        """The interface runs OSPF `process` in `area` (its connected prefixes join the process at the end)."""
        itf.ospf_area = dotted = dotted_area(area)
        self.ospf_ifaces.append((itf, process, dotted))
        itf.lines.append(c.line)

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
        elif len(w) > 4 and w[4] in ("secondary", "sub"):
            self.secondary.add((itf.name, str(a)))
            if a not in itf.addresses:
                itf.addresses.append(a)
            itf.lines.append(c.line)
        else:  # the primary address: it replaces the one set before (a re-entered view, a second line)
            itf.addresses = [x for x in itf.addresses if (itf.name, str(x)) in self.secondary and x != a]
            itf.addresses.insert(0, a)
            itf.lines.append(c.line)
        return True

    def remove_address(self, itf: PInterface, w: list[str]) -> None:
        """`no|undo ip address [A M [sub|secondary]]`: that address, or (without one) every address."""
        a = mask_iface(w[0], w[1]) if len(w) >= 2 else None
        itf.addresses = [x for x in itf.addresses if a is not None and x != a]

    @staticmethod
    def bind(bound: list[str], name: str | None) -> None:
        """An interface takes one filter per direction: `name` replaces what was bound (None: unbinds)."""
        bound[:] = [name] if name is not None else []

    # --- ACL entries, by sequence number -------------------------------------------------------
    def acl_add(self, acl: Acl, seq: int | None, e: AclEntry, step: int, replace_same: bool) -> None:
        """Add an entry as the device orders it: by sequence number (entries without one after the
        highest, at the next multiple of `step`). An existing number is replaced when `replace_same`
        (VRP, Comware: the rule is re-specified) or else refused, as IOS refuses a duplicate."""
        seqs = self.acl_seqs.setdefault(acl.name, [])
        if seq is None:
            seq = (seqs[-1] // step + 1) * step if seqs else step
        i = bisect.bisect_left(seqs, seq)
        if i < len(seqs) and seqs[i] == seq:
            if not replace_same:
                self.warn(e.line, f"ACL {acl.name}: duplicate sequence number {seq}, not added (as the device)")
                return
            acl.entries[i] = e
            return
        seqs.insert(i, seq)
        acl.entries.insert(i, e)

    def acl_remove(self, acl: Acl, seq: int) -> bool:
        """Remove the entry numbered `seq` (False when there is none)."""
        seqs = self.acl_seqs.get(acl.name, [])
        i = bisect.bisect_left(seqs, seq)
        if i < len(seqs) and seqs[i] == seq:
            del seqs[i], acl.entries[i]
            return True
        return False

    def acl_drop(self, name: str) -> None:
        """`no ip access-list ...` / `undo acl ...`: the whole ACL is gone."""
        self.cfg.acls.pop(name, None)
        self.acl_seqs.pop(name, None)

    # --- static routes -------------------------------------------------------------------------
    def static_route(self, n: Node, w: list[str]) -> None:
        """`A MASK|LEN [next hop] [interface] [options]`: the words of a static route after its VRF."""
        net = mask_net(w[0], w[1]) if len(w) >= 2 else None
        if net is None:
            self.warn(n.line, f"static route not understood: {n.text}")
            return
        nh: Addr | None = None
        ifname: str | None = None
        for x in w[2:]:
            if x in self.static_options or (self.static_distance_ends and x.isdigit()):
                break
            a = to_addr(x)
            if a is not None:
                if nh is None:
                    nh = a
            elif ifname is None and not x.isdigit():
                ifname = x
        self.cfg.static_routes.append(PStaticRoute(net, nh, ifname, n.line))

    # --- BGP -----------------------------------------------------------------------------------
    def bgp_process(self, n: Node, asn_word: str) -> None:
        cfg = self.cfg
        if cfg.bgp is None:
            cfg.bgp = PBgp(as_number(asn_word))
        cfg.bgp.lines.append(n.line)
        self.bgp_cmds(cfg.bgp, n.children)

    def bgp_cmds(self, b: PBgp, nodes: list[Node]) -> None:
        """The commands of a BGP view (or of its IPv4 unicast family, which `bgp_line` walks into)."""
        kw = self.bgp_words
        rid = list(kw.router_id)
        for c in nodes:
            w = c.words
            if self.bgp_line(b, c):
                continue
            if w[: len(rid)] == rid and len(w) > len(rid):
                b.router_id = to_addr(w[len(rid)])
            elif w[0] == kw.peer and len(w) >= 3:
                self.neighbor(b, c, w[1], w[2:])
            elif w[0] == "network" and len(w) > 1:
                net = self.bgp_network(w)
                if net is None:
                    self.warn(c.line, f"network not understood: {c.text}")
                else:
                    b.networks.append((net, c.line))
            elif w[0] == kw.redistribute and len(w) > 1:
                b.redistribute.append(self.redistribution(c))

    def bgp_line(self, b: PBgp, c: Node) -> bool:
        """One of the platform's own BGP commands (address families, groups); True when the line was one."""
        return False

    def bgp_network(self, w: list[str]) -> Net | None:
        """The prefix of a BGP `network ...` line, or None."""
        raise NotImplementedError

    def redistribution(self, c: Node) -> PRedistribute:
        """`redistribute|import-route SOURCE [... route-map|route-policy POLICY]` (BGP or OSPF)."""
        return PRedistribute(c.words[1], after(c.words, self.bgp_words.policy), c.line)

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
    def ospf_process(self, proc: str) -> POspf:
        """The OSPF process numbered `proc` (created when first named)."""
        o = next((x for x in self.cfg.ospf if x.process == proc), None)
        if o is None:
            o = POspf(proc)
            self.cfg.ospf.append(o)
        return o

    def ospf_network(self, o: POspf, c: Node, area: str) -> None:
        """`network A WILDCARD ...` (in the process view or its area's): the prefixes join `area`."""
        nets, msg = wildcard_nets(c.words[1], c.words[2])
        if msg:
            self.warn(c.line, msg)
        o.networks += [(x, area) for x in nets]
        o.lines.append(c.line)

    def ospf_passive(self, o: POspf, w: list[str], keyword: str) -> bool:
        """`KEYWORD default|all|NAME` and its negation in an OSPF process view (IOS and FRR `passive-interface`,
        VRP and Comware `silent-interface`); True when the line was one."""
        neg = w[0] == self.negation
        rest = w[1:] if neg else w
        if len(rest) != 2 or rest[0] != keyword:
            return False
        if rest[1] in ("default", "all"):
            o.passive_default = not neg
        else:
            o.passive[self.spec.canonical_interface(rest[1])] = not neg
        return True

    def ospf_interface_networks(self) -> None:
        """Interfaces that join OSPF in their own view add their connected prefixes to the process."""
        for itf, proc, ar in self.ospf_ifaces:
            o = self.ospf_process(proc)
            for a in itf.addresses:
                if (a.network, ar) not in o.networks:
                    o.networks.append((a.network, ar))

    # --- services and management ---------------------------------------------------------------
    def ntp_server(self, n: Node, args: list[str]) -> None:
        """An NTP server or peer: `args` start with its address."""
        a = to_addr(args[0]) if args else None
        if a is None:
            self.warn(n.line, f"NTP server is not an IPv4 address: {n.text}")
        elif a not in self.cfg.ntp_servers:
            self.cfg.ntp_servers.append(a)

    def aaa_server(self, n: Node, word: str) -> None:
        """A TACACS+/RADIUS server (authentication, authorisation or accounting): `word` is its address."""
        a = to_addr(word)
        if a is None:
            self.warn(n.line, f"AAA server is not an IPv4 address: {n.text}")
        elif a not in self.cfg.logging.aaa_servers:
            self.cfg.logging.aaa_servers.append(a)

    def http_server(self, n: Node) -> bool:
        """One of `http_commands` (an HTTP(S) server on) or its negation (off); True when the line was one."""
        on = n.text in self.http_commands
        command = n.text.removeprefix(self.negation + " ")
        if not on and not (command != n.text and command in self.http_commands):
            return False
        self.http[command] = on
        if on:
            self.cfg.mgmt.lines["http"] = n.line
        else:
            self.cfg.mgmt.lines.setdefault("http", n.line)
        return True

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

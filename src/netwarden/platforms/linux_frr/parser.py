"""linux_frr: the multi-section document (docs/config-layout.md) -> ParsedConfig.

Sections: `frr` (FRRouting running-config syntax), `nftables` (`nft -f` / `nft -s list ruleset`),
`sshd`, `ssh_ca`, `banner`, `faillock`, `syslog` (rsyslog), `chrony`, `snmpd`. Line numbers are
lines of the whole document.

Conventions (documented because verification relies on them):
- mgmt.ssh_enabled is True when an sshd section is present; telnet_enabled is False (a Linux router
  built by netwarden runs no telnet daemon; nothing in the document can enable one) and
  http_enabled False, unless the nftables input chain permits tcp/23 (telnet) or tcp/80 (http).
- mgmt.allowed_from: sshd `AllowUsers user@CIDR` sources; a pattern without `@host` allows any
  source (0.0.0.0/0). Without AllowUsers, the sources the nftables input chains accept on tcp/22.
- mgmt.exec_timeout_min: the smaller of ClientAliveInterval x ClientAliveCountMax and the
  `ChannelTimeout session` value; 0 means never. The FRR `line vty` exec-timeout only covers vtysh
  and is used only when sshd sets neither.
- sshd keeps the *first* value of a keyword (as sshd does); `Match` blocks are conditional and
  reported as warnings.
- OSPF networks include the connected prefix of every interface with `ip ospf area`.
"""

from __future__ import annotations

import ipaddress
import re
import shlex

from netwarden.parsers._common import deny_logging, mask_iface, to_addr, to_net
from netwarden.parsers.model import (
    ANY,
    Acl,
    AclEntry,
    Net,
    ParsedConfig,
    PBgp,
    PBgpNeighbor,
    PInterface,
    POspf,
    PRedistribute,
    PrefixListEntry,
    PStaticRoute,
    RouteMapEntry,
)
from netwarden.platforms.linux_frr.layout import LayoutError, Section, split_sections
from netwarden.platforms.linux_frr.nft import parse_nft

__all__ = ["parse_linux_frr"]


def _split(line: str, comments: bool = False) -> list[str]:
    """shlex.split, with the (common) plain case done by str.split."""
    if '"' in line or "'" in line or "\\" in line or (comments and "#" in line):
        return shlex.split(line, comments=comments)
    return line.split()


def parse_linux_frr(text: str, source: str = "") -> ParsedConfig:
    cfg = ParsedConfig(platform="linux_frr", source=source, text_lines=text.splitlines())
    try:
        sections = split_sections(text)
    except LayoutError as e:
        cfg.warnings.append(f"layout: {e}")
        sections = {}
    if not sections:
        cfg.warnings.append("no '#@netwarden section=' markers: the whole text is read as an FRR configuration")
        sections = {"frr": Section("frr", "/etc/frr/frr.conf", text, 1)}
    known = {"frr", "nftables", "sshd", "ssh_ca", "banner", "faillock", "syslog", "chrony", "snmpd"}
    for name in sections:
        if name not in known:
            cfg.warnings.append(f"line {sections[name].first_line - 1}: unknown section {name!r} ignored")
    frr = _Frr(cfg, sections["frr"]) if "frr" in sections else None
    if frr is not None:
        frr.run()
    if "nftables" in sections:
        s = sections["nftables"]
        res = parse_nft(s.body, s.first_line, cfg.text_lines)
        for acl in res.acls:
            cfg.acls[acl.name] = acl
        cfg.nat += res.nat
        cfg.warnings += res.warnings
        for n in res.nat:
            for ifname in n.out_interfaces:
                itf = cfg.interfaces.get(ifname)
                if itf is not None and n.kind == "source":
                    itf.nat = "outside"
    _sshd(cfg, sections)
    if "faillock" in sections:
        _faillock(cfg, sections["faillock"])
    if "banner" in sections:
        s = sections["banner"]
        if cfg.mgmt.banner is None:
            cfg.mgmt.banner = bool(s.body.strip())
        cfg.mgmt.lines.setdefault("banner", s.first_line)
    if "syslog" in sections:
        _syslog(cfg, sections["syslog"])
    if "chrony" in sections:
        _chrony(cfg, sections["chrony"])
    if "snmpd" in sections:
        _snmpd(cfg, sections["snmpd"])
    _nft_mgmt(cfg)
    if cfg.mgmt.exec_timeout_min is None and frr is not None and frr.vty_timeout is not None:
        cfg.mgmt.exec_timeout_min = frr.vty_timeout
        cfg.mgmt.lines["timeout"] = cfg.mgmt.lines.get("frr_vty_timeout", 0)
    chains = [a.name for a in cfg.acls.values() if a.kind == "nft-chain" and a.hook in ("input", "forward")]
    cfg.logging.deny_logging = deny_logging(cfg, chains)
    return cfg


def _body(s: Section) -> list[tuple[int, str]]:
    return [(s.first_line + i, ln) for i, ln in enumerate(s.body.splitlines())]


# --- FRR --------------------------------------------------------------------------------------

BLOCK_HEADS = ("interface", "router", "route-map", "line", "key", "vrf", "segment-routing", "bfd", "mpls",
               "pseudowire", "nexthop-group", "pbr-map", "rpki", "debug")


class _Frr:
    def __init__(self, cfg: ParsedConfig, s: Section) -> None:
        self.cfg = cfg
        self.s = s
        self.iface: PInterface | None = None
        self.ospf: POspf | None = None
        self.bgp: PBgp | None = None
        self.rmap: RouteMapEntry | None = None
        self.block = ""  # the current block kind
        self.af = ""  # bgp address-family
        self.peer_groups: dict[str, PBgpNeighbor] = {}
        self.pg_members: dict[ipaddress.IPv4Address, str] = {}
        self.ospf_ifaces: list[tuple[PInterface, str]] = []
        self.vty_timeout: float | None = None

    def warn(self, no: int, msg: str) -> None:
        self.cfg.warnings.append(f"line {no}: frr: {msg}")

    def run(self) -> None:
        for no, raw in _body(self.s):
            line = raw.rstrip()
            stripped = line.strip()
            if not stripped or stripped.startswith("!"):
                continue  # older FRR closes blocks with '!': the block stays open until the next head
            words = stripped.split()
            indented = raw[0] in " \t"
            if not indented:
                if words[0] == "exit":
                    self.close()
                    continue
                if words[0] == "end":
                    self.close()
                    break
                if words[0] in BLOCK_HEADS:
                    self.close()
                    self.open_block(no, words)
                    continue
                self.close()
                self.top(no, words, stripped)
                continue
            self.sub(no, words, stripped)
        self.close()
        self.finish()

    def close(self) -> None:
        self.block, self.af = "", ""
        self.iface = None
        self.rmap = None

    # -- block heads --
    def open_block(self, no: int, w: list[str]) -> None:
        cfg = self.cfg
        if w[0] == "interface" and len(w) > 1:
            self.block = "interface"
            self.iface = cfg.interfaces.setdefault(w[1], PInterface(w[1]))
            self.iface.lines.append(no)
            if "vrf" in w:
                self.warn(no, f"interface {w[1]} in vrf {w[w.index('vrf') + 1] if w[-1] != 'vrf' else ''}")
        elif w[:2] == ["router", "ospf"]:
            self.block = "ospf"
            proc = w[2] if len(w) > 2 and w[2].isdigit() else "0"
            self.ospf = next((o for o in cfg.ospf if o.process == proc), None)
            if self.ospf is None:
                self.ospf = POspf(proc)
                cfg.ospf.append(self.ospf)
            self.ospf.lines.append(no)
            if "vrf" in w:
                self.warn(no, "OSPF in a VRF")
        elif w[:2] == ["router", "bgp"] and len(w) > 2:
            self.block = "bgp"
            try:
                asn = int(w[2])
            except ValueError:
                asn = _asdot(w[2])
            if cfg.bgp is None:
                cfg.bgp = PBgp(asn)
            elif cfg.bgp.asn != asn:
                self.warn(no, f"second BGP instance {w[2]} (vrf?) merged into AS {cfg.bgp.asn}")
            cfg.bgp.lines.append(no)
            self.bgp = cfg.bgp
        elif w[0] == "route-map" and len(w) >= 4 and w[2] in ("permit", "deny"):
            self.block = "route-map"
            try:
                seq = int(w[3])
            except ValueError:
                seq = 0
            self.rmap = RouteMapEntry("permit" if w[2] == "permit" else "deny", seq, [], no)
            cfg.route_maps.setdefault(w[1], []).append(self.rmap)
        elif w[:2] == ["line", "vty"]:
            self.block = "vty"
        else:
            self.block = "other"
            if w[0] == "router":
                self.warn(no, f"routing protocol not modelled: {' '.join(w)}")

    # -- top-level commands --
    def top(self, no: int, w: list[str], text: str) -> None:
        cfg = self.cfg
        k = w[0]
        if k == "hostname" and len(w) > 1:
            cfg.hostname = w[1]
        elif k == "ip" and len(w) > 1 and w[1] == "route":
            self.static(no, w[2:])
        elif k == "ip" and len(w) > 2 and w[1] == "prefix-list":
            self.prefix_list(no, w[2:])
        elif k == "ip" and len(w) > 2 and w[1] == "protocol":
            if len(w) >= 5 and w[2] == "any" and w[3] == "route-map":
                cfg.rib_filter = w[4]
            else:
                self.warn(no, f"per-protocol RIB filter not modelled as rib_filter: {text}")
        elif k == "access-list" and len(w) >= 3:
            self.access_list(no, w[1:], text)
        elif k == "log" and len(w) > 1:
            if w[1] == "commands":
                cfg.logging.config_change_logging = True
                cfg.logging.lines["config_change"] = no
            elif w[1] in ("syslog", "file", "stdout", "monitor", "facility", "timestamp", "record-priority"):
                cfg.logging.lines.setdefault(f"frr_log_{w[1]}", no)
        elif k == "no" and w[1:3] == ["log", "commands"]:
            cfg.logging.config_change_logging = False
            cfg.logging.lines["config_change"] = no
        elif k in ("frr", "service", "password", "enable", "agentx", "fpm", "zebra", "allow-external-route-update",
                   "hostname", "domainname", "banner", "no", "username", "ipv6", "mpls", "bgp", "end"):
            pass
        else:
            self.warn(no, f"not understood: {text}")

    def static(self, no: int, w: list[str]) -> None:
        if not w:
            return
        if w[0] == "vrf" and len(w) > 2:
            w = w[2:]
        n = to_net(w[0]) if "/" in w[0] else None
        rest = w[1:]
        if n is None and len(w) > 1 and "/" not in w[0]:  # `ip route A M NH`
            m = mask_iface(w[0], w[1])
            n = m.network if m is not None else None
            rest = w[2:]
        if n is None:
            self.warn(no, f"static route not understood: ip route {' '.join(w)}")
            return
        nh = None
        ifname = None
        for x in rest:
            a = to_addr(x)
            if a is not None and nh is None:
                nh = a
            elif x.isdigit() or x in ("tag", "label", "table", "vrf", "nexthop-vrf", "onlink", "color", "bfd",
                                      "segments"):
                break
            elif ifname is None:
                ifname = x
        self.cfg.static_routes.append(PStaticRoute(n, nh, ifname, no))

    def prefix_list(self, no: int, w: list[str]) -> None:
        name = w[0]
        rest = w[1:]
        if rest and rest[0] in ("description", "seq-number"):
            return
        if len(rest) >= 2 and rest[0] == "seq":
            rest = rest[2:]
        if len(rest) < 2 or rest[0] not in ("permit", "deny"):
            self.warn(no, f"prefix-list not understood: {' '.join(w)}")
            return
        p = ANY if rest[1] == "any" else to_net(rest[1])
        if p is None:
            if ":" not in rest[1]:
                self.warn(no, f"prefix-list prefix not understood: {rest[1]}")
            return
        ge = le = None
        if rest[1] == "any":
            le = 32
        for i, x in enumerate(rest[2:-1], start=2):
            if x == "ge":
                ge = int(rest[i + 1])
            elif x == "le":
                le = int(rest[i + 1])
        self.cfg.prefix_lists.setdefault(name, []).append(
            PrefixListEntry("permit" if rest[0] == "permit" else "deny", p, ge, le, no))

    def access_list(self, no: int, w: list[str], text: str) -> None:
        name = w[0]
        rest = w[1:]
        if rest and rest[0] == "seq" and len(rest) > 1:
            rest = rest[2:]
        if not rest or rest[0] == "remark":
            return
        if rest[0] not in ("permit", "deny") or len(rest) < 2:
            self.warn(no, f"access-list not understood: {text}")
            return
        acl = self.cfg.acls.setdefault(name, Acl(name, "standard", line=no))
        if rest[1] == "any":
            src = [ANY]
        elif rest[1] == "host" and len(rest) > 2:
            a = to_net(rest[2])
            src = [a] if a else []
        else:
            a = to_net(rest[1])
            src = [a] if a else []
        if not src:
            self.warn(no, f"access-list address not understood: {text}")
            return
        acl.entries.append(AclEntry("permit" if rest[0] == "permit" else "deny", src=src, line=no, text=text,
                                    log="log" in rest))

    # -- block sub-commands --
    def sub(self, no: int, w: list[str], text: str) -> None:
        if self.block == "interface" and self.iface is not None:
            self.interface_cmd(no, w, text)
        elif self.block == "ospf" and self.ospf is not None:
            self.ospf_cmd(no, w, text)
        elif self.block == "bgp" and self.bgp is not None:
            self.bgp_cmd(no, w, text)
        elif self.block == "route-map" and self.rmap is not None:
            self.rmap_cmd(w, text)
        elif self.block == "vty":
            if w[0] == "exec-timeout" and len(w) > 1:
                try:
                    self.vty_timeout = int(w[1]) + (int(w[2]) / 60 if len(w) > 2 else 0)
                except ValueError:
                    self.warn(no, f"exec-timeout not understood: {text}")
                self.cfg.mgmt.lines.setdefault("frr_vty_timeout", no)
            elif w[0] == "access-class":
                self.cfg.mgmt.lines.setdefault("frr_vty_acl", no)
        elif self.block == "":
            self.warn(no, f"indented line outside any block: {text}")

    def interface_cmd(self, no: int, w: list[str], text: str) -> None:
        itf = self.iface
        assert itf is not None
        if w[:2] == ["ip", "address"] and len(w) > 2:
            try:
                itf.addresses.append(ipaddress.IPv4Interface(w[2]))
                itf.lines.append(no)
            except ValueError:
                self.warn(no, f"address not understood: {text}")
        elif w[:2] == ["ip", "ospf"] and "area" in w:
            i = w.index("area")
            if i + 1 < len(w):
                itf.ospf_area = _area(w[i + 1])
                proc = w[2] if w[2].isdigit() else "0"
                self.ospf_ifaces.append((itf, proc))
                itf.lines.append(no)
        elif w[0] == "description":
            itf.description = text.split(None, 1)[1] if len(w) > 1 else ""
        elif w[0] == "shutdown":
            itf.shutdown = True
            itf.lines.append(no)
        elif w[:2] == ["no", "shutdown"]:
            itf.shutdown = False

    def ospf_cmd(self, no: int, w: list[str], text: str) -> None:
        o = self.ospf
        assert o is not None
        if w[0] in ("ospf", "router-id") and "router-id" in w:
            o.router_id = to_addr(w[-1])
        elif w[0] == "network" and len(w) >= 4 and w[2] == "area":
            n = to_net(w[1])
            if n is not None:
                o.networks.append((n, _area(w[3])))
                o.lines.append(no)
        elif w[0] == "redistribute" and len(w) > 1:
            rm = w[w.index("route-map") + 1] if "route-map" in w and w.index("route-map") + 1 < len(w) else None
            o.redistribute.append(PRedistribute(w[1], rm, no))
        elif w[:2] == ["default-information", "originate"]:
            o.default_originate = True
            o.lines.append(no)
        elif w[:2] == ["passive-interface", "default"]:
            o.passive_default = True

    def bgp_cmd(self, no: int, w: list[str], text: str) -> None:
        b = self.bgp
        assert b is not None
        if w[0] == "address-family":
            self.af = " ".join(w[1:3])
            return
        if w[0] == "exit-address-family":
            self.af = ""
            return
        if self.af and self.af not in ("ipv4 unicast", "ipv4"):
            return  # other address families: not the IPv4 unicast routing
        if w[:2] == ["bgp", "router-id"] and len(w) > 2:
            b.router_id = to_addr(w[2])
        elif w[0] == "neighbor" and len(w) >= 3:
            self.neighbor(no, w[1], w[2:], text)
        elif w[0] == "network" and len(w) > 1:
            n = to_net(w[1]) if "/" in w[1] else None
            if n is None and len(w) > 3 and w[2] == "mask":
                m = mask_iface(w[1], w[3])
                n = m.network if m else None
            if n is None:
                self.warn(no, f"network not understood: {text}")
            else:
                b.networks.append((n, no))
        elif w[0] == "redistribute" and len(w) > 1:
            rm = w[w.index("route-map") + 1] if "route-map" in w and w.index("route-map") + 1 < len(w) else None
            b.redistribute.append(PRedistribute(w[1], rm, no))

    def neighbor(self, no: int, peer: str, w: list[str], text: str) -> None:
        b = self.bgp
        assert b is not None
        addr = to_addr(peer)
        if addr is None:
            nb = self.peer_groups.setdefault(peer, PBgpNeighbor(ipaddress.IPv4Address(0), line=no))
        else:
            nb_opt = next((n for n in b.neighbors if n.address == addr), None)
            if nb_opt is None:
                nb_opt = PBgpNeighbor(addr, line=no)
                b.neighbors.append(nb_opt)
            nb = nb_opt
        k = w[0]
        if k == "remote-as" and len(w) > 1:
            nb.remote_as = b.asn if w[1] == "internal" else (int(w[1]) if w[1].isdigit() else None)
        elif k == "peer-group" and addr is not None and len(w) > 1:
            self.pg_members[addr] = w[1]
        elif k == "route-map" and len(w) > 2:
            if w[2] == "in":
                nb.route_map_in = w[1]
            elif w[2] == "out":
                nb.route_map_out = w[1]
        elif k == "prefix-list" and len(w) > 2:
            if w[2] == "in":
                nb.prefix_list_in = w[1]
            elif w[2] == "out":
                nb.prefix_list_out = w[1]
        elif k == "default-originate":
            nb.default_originate = True

    def rmap_cmd(self, w: list[str], text: str) -> None:
        e = self.rmap
        assert e is not None
        if w[0] != "match":
            return
        if w[1:4] == ["ip", "address", "prefix-list"] and len(w) > 4:
            e.match_prefix_lists.append(w[4])
        elif w[1:3] == ["ip", "address"] and len(w) > 3:
            e.match_acls.append(w[3])
        else:
            e.other_matches.append(text)

    def finish(self) -> None:
        cfg = self.cfg
        # interfaces with `ip ospf area` run OSPF on their connected prefixes
        for itf, proc in self.ospf_ifaces:
            o = next((x for x in cfg.ospf if x.process == proc), None)
            if o is None:
                o = next(iter(cfg.ospf), None)
            if o is None:
                o = POspf(proc)
                cfg.ospf.append(o)
                self.warn(itf.lines[0] if itf.lines else 0, f"{itf.name} has ip ospf area but no router ospf")
            for a in itf.addresses:
                entry = (a.network, itf.ospf_area or "0.0.0.0")
                if entry not in o.networks:
                    o.networks.append(entry)
        if cfg.bgp is not None:
            for nb in cfg.bgp.neighbors:
                pg = self.peer_groups.get(self.pg_members.get(nb.address, ""))
                if pg is not None:
                    _inherit(nb, pg)


def _inherit(nb: PBgpNeighbor, pg: PBgpNeighbor) -> None:
    nb.remote_as = nb.remote_as if nb.remote_as is not None else pg.remote_as
    nb.route_map_in = nb.route_map_in or pg.route_map_in
    nb.route_map_out = nb.route_map_out or pg.route_map_out
    nb.prefix_list_in = nb.prefix_list_in or pg.prefix_list_in
    nb.prefix_list_out = nb.prefix_list_out or pg.prefix_list_out
    nb.default_originate = nb.default_originate or pg.default_originate


def _asdot(s: str) -> int:
    hi, _, lo = s.partition(".")
    try:
        return int(hi) * 65536 + int(lo or 0)
    except ValueError:
        return 0


def _area(a: str) -> str:
    if a.isdigit():
        return str(ipaddress.IPv4Address(int(a)))
    return a


# --- sshd, ssh_ca, faillock --------------------------------------------------------------------

_TIME_RE = re.compile(r"(\d+)([smhdwSMHDW]?)")


def _seconds(s: str) -> int | None:
    """sshd time format: 600, 10m, 1h30m."""
    total = 0
    pos = 0
    if not s:
        return None
    while pos < len(s):
        m = _TIME_RE.match(s, pos)
        if m is None:
            return None
        total += int(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}[m.group(2).lower()]
        pos = m.end()
    return total


def _sshd(cfg: ParsedConfig, sections: dict[str, Section]) -> None:
    m, lg = cfg.mgmt, cfg.logging
    if "sshd" not in sections:
        return
    s = sections["sshd"]
    m.ssh_enabled = True
    m.ssh_v2_only = True  # OpenSSH >= 7.4 speaks protocol 2 only
    m.telnet_enabled = False
    m.http_enabled = False
    m.lines["ssh"] = s.first_line
    opts: dict[str, tuple[list[str], int]] = {}
    in_match = False
    for no, raw in _body(s):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            words = _split(line, comments=True)
        except ValueError:
            words = line.split()
        if not words:
            continue
        key = words[0].lower()
        if "=" in key:  # Keyword=value
            key, _, first = words[0].partition("=")
            key = key.lower()
            words = [key, first, *words[1:]]
        if key == "match":
            in_match = True
            cfg.warnings.append(f"line {no}: sshd: Match block: its settings are conditional and not modelled")
            continue
        if in_match:
            continue
        if key == "include":
            cfg.warnings.append(f"line {no}: sshd: Include not followed")
            continue
        if key in ("allowusers", "denyusers", "allowgroups", "denygroups"):
            prev = opts.get(key)
            opts[key] = ((prev[0] if prev else []) + words[1:], prev[1] if prev else no)
            continue
        opts.setdefault(key, (words[1:], no))  # first value wins

    def val(k: str) -> str | None:
        v = opts.get(k)
        return v[0][0].lower() if v and v[0] else None

    def line_of(k: str) -> int:
        return opts[k][1] if k in opts else 0

    if (v := val("permitrootlogin")) is not None:
        m.root_login = v != "no"
        m.lines["root_login"] = line_of("permitrootlogin")
    pw = val("passwordauthentication")
    kbd = val("kbdinteractiveauthentication") or val("challengeresponseauthentication")
    if pw is not None or kbd is not None:
        m.password_auth = pw == "yes" or kbd == "yes" or (pw is None and kbd != "no")
        m.lines["password_auth"] = line_of("passwordauthentication") or line_of("kbdinteractiveauthentication")
    if (v := val("protocol")) is not None:
        m.ssh_v2_only = v == "2"
        m.lines["ssh_version"] = line_of("protocol")
    if (v := val("maxauthtries")) is not None and v.isdigit():
        m.auth_retries = int(v)
        m.lines["auth_retries"] = line_of("maxauthtries")
    if "allowusers" in opts:
        nets: list[Net] = []
        for pat in opts["allowusers"][0]:
            _, at, host = pat.partition("@")
            if not at or host in ("*", ""):
                nets.append(ANY)
                continue
            n = to_net(host)
            if n is None:
                cfg.warnings.append(f"line {line_of('allowusers')}: sshd: AllowUsers host {host!r} is not an address "
                                    "or CIDR (not modelled)")
                continue
            nets.append(n)
        m.allowed_from = sorted(ipaddress.collapse_addresses(nets))
        m.lines["allow"] = line_of("allowusers")
        m.lines.setdefault("vty_acl", line_of("allowusers"))
    timeouts: list[tuple[float, int]] = []
    ivl, cnt = val("clientaliveinterval"), val("clientalivecountmax")
    if ivl is not None:
        secs = _seconds(ivl)
        count = int(cnt) if cnt is not None and cnt.isdigit() else 3
        if secs is not None:
            timeouts.append((secs * count / 60 if secs else 0.0, line_of("clientalivecountmax") or
                             line_of("clientaliveinterval")))
    if "channeltimeout" in opts:
        for spec in opts["channeltimeout"][0]:
            typ, _, t = spec.partition("=")
            if typ.lower() in ("session", "session:*", "global", "session:shell") or typ.lower().startswith("session"):
                secs = _seconds(t) if t else None
                if secs is not None:
                    timeouts.append((secs / 60, line_of("channeltimeout")))
    real = [t for t in timeouts if t[0] > 0]
    if real:
        best = min(real)
        m.exec_timeout_min, m.lines["timeout"] = best[0], best[1]
    elif timeouts:
        m.exec_timeout_min, m.lines["timeout"] = 0.0, timeouts[0][1]
    if (v := val("loglevel")) is not None:
        lg.login_logging = v not in ("quiet", "fatal", "error")
        lg.aaa_accounting = v in ("verbose", "debug", "debug1", "debug2", "debug3")
        lg.lines["login"] = lg.lines["accounting"] = line_of("loglevel")
    # certificate trust
    if (v := val("trustedusercakeys")) is not None:
        path = opts["trustedusercakeys"][0][0]
        cfg.trust.lines["TrustedUserCAKeys"] = line_of("trustedusercakeys")
        ca = sections.get("ssh_ca")
        if path.lower() == "none":
            pass
        elif ca is not None and ca.path == path:
            for no, raw in _body(ca):
                k = raw.strip()
                if k and not k.startswith("#"):
                    cfg.trust.ssh_user_ca_keys.append(k)
                    cfg.trust.lines.setdefault("ssh_ca", no)
        else:
            cfg.warnings.append(f"line {line_of('trustedusercakeys')}: sshd: TrustedUserCAKeys {path} is not in "
                                "the document")
    elif "ssh_ca" in sections:
        cfg.warnings.append(f"line {sections['ssh_ca'].first_line}: ssh_ca: a CA key is present but sshd does "
                            "not trust it (no TrustedUserCAKeys)")
    if (v := val("banner")) is not None:
        path = opts["banner"][0][0]
        b = sections.get("banner")
        m.lines["banner"] = line_of("banner")
        if v == "none":
            m.banner = False
        elif b is not None and b.path == path:
            m.banner = bool(b.body.strip())
        else:
            m.banner = None
            cfg.warnings.append(f"line {line_of('banner')}: sshd: Banner {path} is not in the document")
    elif "banner" in sections:
        m.banner = False  # the file exists but sshd does not show it
        m.lines["banner"] = sections["banner"].first_line


def _faillock(cfg: ParsedConfig, s: Section) -> None:
    m = cfg.mgmt
    vals: dict[str, tuple[str, int]] = {}
    for no, raw in _body(s):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        k, eq, v = line.partition("=")
        vals[k.strip()] = (v.strip() if eq else "", no)
    if "deny" in vals and vals["deny"][0].isdigit():
        n = int(vals["deny"][0])
        m.login_attempts = n if n > 0 else None  # deny = 0: no lock-out
        m.lines["lockout"] = vals["deny"][1]
    else:
        m.login_attempts = 3  # pam_faillock default
    if "unlock_time" in vals:
        v = vals["unlock_time"][0]
        if v == "never":
            m.lockout_min = float(10 ** 6)
        elif v.isdigit():
            m.lockout_min = int(v) / 60 if int(v) else float(10 ** 6)  # 0: never unlocks by itself
        m.lines.setdefault("lockout", vals["unlock_time"][1])
    else:
        m.lockout_min = 10.0  # pam_faillock default: 600 s
    m.lines.setdefault("lockout", s.first_line)


# --- syslog, chrony, snmpd ---------------------------------------------------------------------

_OMFWD_RE = re.compile(r'type\s*=\s*"omfwd"')
_TARGET_RE = re.compile(r'target\s*=\s*"([^"]+)"')
_LEGACY_FWD_RE = re.compile(r"^\S+\s+@{1,2}(?:\([^)]*\))?\[?([0-9.]+|[A-Za-z0-9.-]+)\]?(?::\d+)?")


def _syslog(cfg: ParsedConfig, s: Section) -> None:
    lg = cfg.logging
    for no, raw in _body(s):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        hosts: list[str] = []
        if _OMFWD_RE.search(line):
            hosts += _TARGET_RE.findall(line)
        else:
            m = _LEGACY_FWD_RE.match(line)
            if m:
                hosts.append(m.group(1))
        for h in hosts:
            a = to_addr(h)
            if a is None:
                cfg.warnings.append(f"line {no}: syslog: target {h!r} is not an address (not modelled)")
            elif a not in lg.syslog_hosts:
                lg.syslog_hosts.append(a)
                lg.lines.setdefault("syslog", no)
    lg.lines.setdefault("syslog", s.first_line)


def _chrony(cfg: ParsedConfig, s: Section) -> None:
    for no, raw in _body(s):
        w = raw.split("#", 1)[0].split()
        if len(w) >= 2 and w[0] in ("server", "pool", "peer"):
            a = to_addr(w[1])
            if a is None:
                cfg.warnings.append(f"line {no}: chrony: {w[0]} {w[1]} is not an address (not modelled)")
            elif a not in cfg.ntp_servers:
                cfg.ntp_servers.append(a)


def _snmpd(cfg: ParsedConfig, s: Section) -> None:
    sn = cfg.snmp
    created: dict[str, tuple[bool, bool, int]] = {}
    access: dict[str, str] = {}  # user -> minimum level (noauth/auth/priv)
    for no, raw in _body(s):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            w = _split(line)
        except ValueError:
            w = line.split()
        k = w[0]
        if k == "createUser" and len(w) >= 2:
            args = w[1:]
            if args[0] == "-e" and len(args) > 2:
                args = args[2:]
            user = args[0]
            auth = len(args) >= 3 and args[1].upper() in ("MD5", "SHA", "SHA-1", "SHA-224", "SHA-256", "SHA-384",
                                                           "SHA-512")
            priv = auth and len(args) >= 4 and args[3].upper().startswith(("AES", "DES"))
            created[user] = (auth, priv, no)
        elif k in ("rouser", "rwuser") and len(w) >= 2:
            args = w[1:]
            while args and args[0].startswith("-"):
                args = args[2:] if args[0] in ("-s", "-V") else args[1:]
            if args:
                level = args[1] if len(args) > 1 and args[1] in ("noauth", "auth", "priv", "authnopriv",
                                                                  "authpriv") else "auth"
                access[args[0]] = {"authnopriv": "auth", "authpriv": "priv"}.get(level, level)
                sn.lines.setdefault(f"access:{args[0]}", no)
        elif k in ("rocommunity", "rwcommunity", "rocommunity6", "rwcommunity6", "com2sec", "com2sec6",
                   "trap2sink", "trapsink", "informsink"):
            if k.startswith("com2sec"):
                args = [x for x in w[1:] if not x.startswith("-")]
                comm = args[2] if len(args) >= 3 else None
            elif k.endswith("sink"):
                comm = w[2] if len(w) >= 3 else "public"
                a = to_addr(w[1].split(":")[0]) if len(w) > 1 else None
                if a is not None:
                    sn.trap_hosts.append(a)
            else:
                comm = w[1] if len(w) >= 2 else None
            if comm is not None:
                sn.communities.append(comm)
                sn.lines.setdefault("community", no)
        elif k == "trapsess" and len(w) >= 2:
            host = w[-1]
            if host.startswith(("udp:", "tcp:")):
                host = host[4:]
            host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
            a = to_addr(host)
            if a is not None:
                sn.trap_hosts.append(a)
            if "-c" in w or ("-v" in w and w[w.index("-v") + 1] in ("1", "2c")):
                c = w[w.index("-c") + 1] if "-c" in w and w.index("-c") + 1 < len(w) else "public"
                sn.communities.append(c)
                sn.lines.setdefault("community", no)
        elif k in ("agentAddress", "sysLocation", "sysContact", "view", "group", "access", "master",
                   "agentSecName", "iquerySecName", "defaultMonitors", "linkUpDownNotifications", "engineID",
                   "sysServices", "sysName", "authtrapenable", "dontLogTCPWrappersConnects", "includeDir",
                   "includeFile", "disk", "load", "proc"):
            pass
        else:
            cfg.warnings.append(f"line {no}: snmpd: {k} not modelled")
    for user, (auth, priv, no) in created.items():
        lvl = access.get(user)
        if lvl is None:
            eff_auth, eff_priv = auth, priv  # no access: cannot query; only traps use it
        else:
            eff_auth = auth and lvl in ("auth", "priv")
            eff_priv = priv and lvl == "priv"
        sn.v3_users.append((user, eff_auth, eff_priv))
        sn.lines.setdefault("user", no)


def _nft_mgmt(cfg: ParsedConfig) -> None:
    """Management facts visible in the nftables input chains."""
    m = cfg.mgmt
    inputs = [a for a in cfg.acls.values() if a.kind == "nft-chain" and a.hook == "input"]
    if not inputs:
        return

    def permitted(port: int) -> list[AclEntry]:
        out = []
        for a in inputs:
            for e in a.entries:
                if e.action == "permit" and not e.established and e.proto in ("tcp", "ip") and (
                        not e.dports or any(lo <= port <= hi for lo, hi in e.dports)) and e.iif != ["lo"]:
                    out.append(e)
        return out

    if m.allowed_from is None:
        ssh = permitted(22)
        if ssh:
            m.allowed_from = sorted(ipaddress.collapse_addresses([n for e in ssh for n in e.src]))
            m.lines["allow"] = ssh[0].line
        elif all(a.default_action == "permit" for a in inputs):
            m.allowed_from = [ANY]
    for port, attr in ((23, "telnet"), (80, "http")):
        # only explicit port permits count: a catch-all accept does not start a daemon
        explicit = [e for e in permitted(port) if e.dports]
        if explicit:
            cfg.warnings.append(f"line {explicit[0].line}: nftables input accepts tcp/{port} ({attr})")
            if attr == "telnet":
                m.telnet_enabled = True
            else:
                m.http_enabled = True
            m.lines[attr] = explicit[0].line

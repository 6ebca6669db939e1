"""Huawei VRP `display current-configuration` -> ParsedConfig.

VRP views are blocks: a column-0 line opens a view, more-indented lines belong to it and `#`
closes every view (global commands sit one space in, between `#` lines).

Conventions (documented because verification relies on them):
- ACLs are stored under their name (`acl name X 3001` -> "X", `acl number 3000` -> "3000"); a
  reference by number to a named ACL is resolved to the name. VRP filters forward what matches no
  rule, so ACLs get default_action "permit" (traffic-filter semantics); for vty `acl N inbound`,
  NAT `nat outbound N` and SNMP, only what a permit rule matches counts (allowed_from, NAT sources).
- `source A 0` is a host; `source any` / no source is 0.0.0.0/0; a rule without a protocol (basic
  ACL) is "ip".
- Interface `nat outbound ACL address-group G` -> NatRule(sources from ACL, pool from
  `nat address-group G A B`, out_interfaces=[interface]); without address-group (Easy IP) ->
  masquerade with the interface's addresses. `nat server` -> kind "destination".
- Management: telnet_enabled needs the telnet server on (explicit `telnet server enable`, or not
  configured at all - older VRP default, with a warning) and a vty range accepting telnet
  (`protocol inbound telnet|all`, or no protocol line); ssh likewise with `stelnet server enable`.
  idle-timeout defaults to 10 min; `idle-timeout 0 0` is 0 (never). Lock-out from
  `local-aaa-user wrong-password retry-interval I retry-time T block-time B` (T attempts, B min).
- Logging: config_change_logging from `cmd recording-scheme` (command records to a server) or, as
  VRP logs configuration changes to the information centre, from an enabled info-center with a
  loghost; aaa_accounting needs an accounting-scheme (mode not none) applied in a domain and
  command recording; login_logging from applied accounting or an info-center loghost.
- OSPF networks include the connected prefixes of interfaces with `ospf enable P area A`.
"""

from __future__ import annotations

import ipaddress
from dataclasses import replace
from typing import ClassVar

from netwarden.parsers._cli import BgpWords, CliParser, after, classful, dotted_area
from netwarden.parsers._common import (
    Node,
    deny_logging,
    mask_net,
    permitted_sources,
    range_addrs,
    to_addr,
)
from netwarden.parsers.model import (
    ANY,
    Acl,
    Addr,
    NatRule,
    Net,
    ParsedConfig,
    PBgp,
    PBgpNeighbor,
    PInterface,
    PrefixListEntry,
    PUser,
    RouteMapEntry,
)
from netwarden.platforms.huawei_vrp import SPEC
from netwarden.platforms.huawei_vrp.acl import parse_vrp_rule

__all__ = ["parse_huawei_vrp"]


def parse_huawei_vrp(text: str, source: str = "") -> ParsedConfig:
    return _Vrp(text, source).run()


class _Vrp(CliParser):
    spec = SPEC  # the platform's facts (a subclass for another VRP-style platform sets its own)
    negation = "undo"
    ospf_cost_words = ("ospf", "cost")
    hostname_command = "sysname"
    bgp_words = BgpWords(router_id=("router-id",), peer="peer", redistribute="import-route",
                         remote_as="as-number", group="group", policy="route-policy", prefix_filter="ip-prefix",
                         inbound="import", outbound="export", default_originate="default-route-advertise")
    http_commands: ClassVar[tuple[str, ...]] = ("http server enable", "http secure-server enable")
    static_options = ("preference", "tag", "description", "track", "bfd", "permanent", "inherit-cost", "no-advertise")

    def __init__(self, text: str, source: str) -> None:
        super().__init__(text, source)
        self.alias: dict[str, str] = {}  # ACL number -> name
        self.acl_step: dict[str, int] = {}  # ACL name -> its `step` (rule numbers given without one)
        self.groups: dict[str, tuple[list[Addr], int]] = {}
        self.nat_nodes: list[tuple[PInterface, Node]] = []
        self.vty: list[Node] = []
        self.telnet_server: bool | None = None
        self.stelnet_server: bool | None = None
        self.ssh1x = False
        self.info_center = True
        self.acct_schemes: dict[str, bool] = {}
        self.domain_acct: list[tuple[str, int]] = []
        self.rec_schemes: dict[str, bool] = {}
        self.cmd_recording: tuple[str, int] | None = None
        self.snmp_users: dict[str, dict[str, object]] = {}
        self.snmp_groups: dict[str, str] = {}

    def preprocess(self, text_lines: list[str]) -> list[tuple[int, str]]:
        """Take `header login|shell information "..."` (possibly multi-line) out."""
        out: list[tuple[int, str]] = []
        i = 0
        m = self.cfg.mgmt
        while i < len(text_lines):
            raw = text_lines[i]
            head = self.written_out(raw, 3)  # `header login information` as the device reads it
            w = head.split()
            hdr = self.header_start(w, head)
            if hdr is not None:
                is_banner, rest = hdr
                start = i
                content = ""
                if rest:
                    delim = rest[0]
                    body = rest[1:]
                    while delim not in body and i + 1 < len(text_lines):
                        i += 1
                        body += "\n" + text_lines[i]
                    content = body.split(delim, 1)[0]
                if is_banner:
                    m.banner = bool(m.banner) or bool(content.strip())
                    m.lines.setdefault("banner", start + 1)
                i += 1
                continue
            if len(w) >= 3 and w[0] == "header" and w[2] == "file":
                m.banner = True
                m.lines.setdefault("banner", i + 1)
            out.append((i + 1, raw))
            i += 1
        if m.banner is None:
            m.banner = False
        return out

    def header_start(self, w: list[str], raw: str) -> tuple[bool, str] | None:
        """A `header` line: (whether it is a login banner, the text after the keyword), else None."""
        if len(w) >= 3 and w[0] == "header" and w[2] == "information":
            return w[1] in ("login", "shell"), raw.split("information", 1)[1].strip()
        return None

    # ------------------------------------------------------------------------------------
    def top(self, n: Node) -> None:
        w = n.words
        k = w[0]
        cfg = self.cfg
        t = n.text
        if k == "acl" and len(w) >= 2:
            self.acl(n)
        elif w[:2] == ["undo", "acl"] and len(w) > 2 and w[2] not in ("ipv6", "mac", "user-defined"):
            self.acl_drop(self.alias.get(w[-1], w[-1]))  # `undo acl [number|name|advanced|basic] [name] X`
        elif k == "ospf":
            self.ospf(n)
        elif k == "bgp" and len(w) > 1:
            self.bgp_process(n, w[1])
        elif w[:2] == ["ip", "ip-prefix"] and len(w) > 3:
            self.ip_prefix(n)
        elif k == "route-policy" and len(w) >= 3:
            self.route_policy(n)
        elif w[:2] == ["ip", "route-static"]:
            self.static(n)
        elif w[:2] == ["nat", "address-group"] and len(w) >= 3:
            self.address_group(n)
        elif k == "user-interface" and len(w) > 1 and w[1] == "vty":
            self.vty.append(n)
        elif t == "telnet server enable" or t == "telnet ipv4 server enable":
            self.telnet_server = True
            cfg.mgmt.lines["telnet"] = n.line
        elif t in ("undo telnet server enable", "undo telnet ipv4 server enable"):
            self.telnet_server = False
            cfg.mgmt.lines["telnet"] = n.line
        elif t in ("stelnet server enable", "stelnet ipv4 server enable"):
            self.stelnet_server = True
            cfg.mgmt.lines["ssh"] = n.line
        elif t in ("undo stelnet server enable", "undo stelnet ipv4 server enable"):
            self.stelnet_server = False
            cfg.mgmt.lines["ssh"] = n.line
        elif t == "ssh server compatible-ssh1x enable":
            self.ssh1x = True
            cfg.mgmt.lines["ssh_version"] = n.line
        elif w[:3] == ["ssh", "server", "authentication-retries"] and len(w) > 3:
            cfg.mgmt.auth_retries = int(w[3])
        elif k == "aaa":
            self.aaa(n)
        elif w[:2] == ["ssh", "user"] and len(w) > 2:
            cfg.users.append(PUser(w[2], n.line))
        elif k in ("hwtacacs-server", "radius-server") and w[1:2] == ["template"]:
            for c in n.children:  # `hwtacacs-server accounting|authentication|authorization A [secondary]`
                cw = c.words
                if cw[0] == k and len(cw) > 2 and cw[1] in ("accounting", "authentication", "authorization"):
                    self.aaa_server(c, cw[2])
        elif w[:2] == ["info-center", "loghost"] and len(w) > 2:
            self.loghost(n)
        elif t == "undo info-center enable":
            self.info_center = False
            cfg.logging.lines["syslog"] = n.line
        elif k == "snmp-agent" and len(w) > 1:
            self.snmp(n)
        elif k in ("ntp-service", "ntp") and len(w) > 2 and w[1] in ("unicast-server", "unicast-peer"):
            args = w[2:]
            if args[0] in ("ipv4",):
                args = args[1:]
            self.ntp_server(n, args)
        elif k == "pki" and len(w) > 2 and w[1] == "realm":
            fp = ""
            for c in n.children:
                if c.words[0] == "fingerprint" and len(c.words) > 1:
                    fp = c.words[-1]
            cfg.trust.trustpoints.append((w[2], fp))
            cfg.trust.lines.setdefault("trustpoint", n.line)
        elif k in ("rip", "isis", "ripng", "ospfv3") or (k == "nat" and len(w) > 1 and w[1] != "alg"):
            self.warn(n.line, f"not modelled: {t}")

    # ------------------------------------------------------------------------------------
    def interface_line(self, itf: PInterface, c: Node) -> bool:
        w = c.words
        if w[0] == "traffic-filter" and len(w) >= 4 and w[1] in ("inbound", "outbound") and w[2] == "acl":
            ref = w[4] if w[3] == "name" and len(w) > 4 else w[3]
            if ref == "ipv6":
                return False  # an IPv6 filter: nothing else reads the line
            self.bind(itf.acl_in if w[1] == "inbound" else itf.acl_out, ref)
        elif w[:2] == ["undo", "traffic-filter"] and len(w) > 2 and w[2] in ("inbound", "outbound"):
            if "ipv6" not in w:
                self.bind(itf.acl_in if w[2] == "inbound" else itf.acl_out, None)
        elif w[:2] == ["nat", "outbound"] or w[:2] == ["nat", "server"] or w[:2] == ["nat", "static"]:
            self.nat_nodes.append((itf, c))
            if w[1] == "outbound":
                itf.nat = "outside"
        else:
            return False
        return True

    def interface_ospf(self, w: list[str]) -> str | None:
        """`ospf enable [PROCESS] area AREA`."""
        if w[:2] != ["ospf", "enable"]:
            return None
        return w[2] if len(w) > 2 and w[2].isdigit() else "1"

    # --- ACLs ------------------------------------------------------------------------------
    def acl(self, n: Node) -> None:
        w = n.words
        number: str | None = None
        name: str
        kind = "extended"
        if w[1] == "ipv6":
            return
        if w[1] == "number" and len(w) > 2:
            name = number = w[2]
        elif w[1] == "name" and len(w) > 2:
            name = w[2]
            if len(w) > 3:
                if w[3].isdigit():
                    number = w[3]
                elif w[3] == "basic":
                    kind = "standard"
        elif w[1].isdigit():
            name = number = w[1]
        else:
            self.warn(n.line, f"ACL not understood: {n.text}")
            return
        if number is not None:
            num = int(number)
            if 2000 <= num <= 2999:
                kind = "standard"
            elif not 3000 <= num <= 3999:
                self.warn(n.line, f"ACL {name} ({number}): layer-2/user ACLs not modelled")
                return
            if number != name:
                self.alias[number] = name
        acl = self.cfg.acls.setdefault(name, Acl(name, "standard" if kind == "standard" else "extended",
                                                 default_action="permit", line=n.line))
        self.acl_rules(acl, n.children)

    def acl_rules(self, acl: Acl, nodes: list[Node]) -> None:
        name = acl.name
        remarks: dict[str, str] = {}  # `rule N description TEXT`: the remark of rule N
        for c in nodes:
            cw = c.words
            if cw[0] == "step" and len(cw) > 1 and cw[1].isdigit():
                self.acl_step[name] = int(cw[1])
                continue
            if cw[0] in ("description", "step", "match-order"):
                continue
            if cw[:2] == ["undo", "rule"] and len(cw) > 2 and cw[2].isdigit():
                if not self.acl_remove(acl, int(cw[2])):
                    self.warn(c.line, f"ACL {name}: {c.text}: no such rule")
                continue
            if cw[0] != "rule":
                self.warn(c.line, f"ACL {name}: not understood: {c.text}")
                continue
            rw = cw[1:]
            seq: int | None = None
            if rw and rw[0].isdigit():
                if rw[1:2] == ["description"]:
                    remarks[rw[0]] = c.text.split(None, 3)[3] if len(cw) > 3 else ""
                    continue
                seq = int(rw[0])
                rw = rw[1:]
            if not rw or rw[0] not in ("permit", "deny"):
                self.warn(c.line, f"ACL {name}: not understood: {c.text}")
                continue
            e, msgs = parse_vrp_rule(rw, acl.kind == "standard")
            for m in msgs:
                self.warn(c.line, f"ACL {name}: {m}")
            if e is not None:
                e.line, e.text = c.line, c.text
                self.acl_add(acl, seq, e, step=self.acl_step.get(name, 5), replace_same=True)
        for e in acl.entries:
            rid = e.text.split()[1] if len(e.text.split()) > 1 else ""
            if rid in remarks:
                e.remark = remarks[rid]

    def ref(self, name: str) -> str:
        return self.alias.get(name, name)

    # --- routing ---------------------------------------------------------------------------
    def ospf(self, n: Node) -> None:
        w = n.words
        proc = w[1] if len(w) > 1 and w[1].isdigit() else "1"
        o = self.ospf_process(proc)
        o.lines.append(n.line)
        if "router-id" in w:
            o.router_id = to_addr(w[w.index("router-id") + 1])
        if "vpn-instance" in w:
            self.warn(n.line, f"OSPF {proc} in a VPN instance")
        for c in n.children:
            cw = c.words
            if cw[0] == "import-route" and len(cw) > 1:
                o.redistribute.append(self.redistribution(c))
            elif cw[0] == "default-route-advertise":
                o.default_originate = True
                o.lines.append(c.line)
            elif self.ospf_passive(o, cw, "silent-interface"):
                o.lines.append(c.line)
            elif cw[0] == "area" and len(cw) > 1:
                area = dotted_area(cw[1])
                for cc in c.children:
                    if cc.words[0] == "network" and len(cc.words) >= 3:
                        self.ospf_network(o, cc, area)

    def bgp_line(self, b: PBgp, c: Node) -> bool:
        w = c.words
        if w[0] == "ipv4-family":
            if len(w) == 1 or w[1] == "unicast":
                self.bgp_cmds(b, c.children)
            else:
                self.warn(c.line, f"BGP {c.text}: not modelled")
        elif w[0] == "group" and len(w) > 1:
            self.peer_groups.setdefault(w[1], PBgpNeighbor(ipaddress.IPv4Address(0), line=c.line))
        else:
            return w[0] in ("ipv6-family", "l2vpn-family", "evpn")
        return True

    def bgp_network(self, w: list[str]) -> Net | None:
        """`network A MASK|LEN`, or a classful `network A` (either may name a route-policy)."""
        net = mask_net(w[1], w[2]) if len(w) > 2 and w[2] != "route-policy" else None
        if net is None:
            a = to_addr(w[1])
            net = classful(a) if a else None
        return net

    def ip_prefix(self, n: Node) -> None:
        w = n.words[2:]
        name, rest = w[0], w[1:]
        if rest and rest[0] == "description":
            return
        if len(rest) >= 2 and rest[0] == "index":
            rest = rest[2:]
        if len(rest) < 3 or rest[0] not in ("permit", "deny"):
            self.warn(n.line, f"ip-prefix not understood: {n.text}")
            return
        p = mask_net(rest[1], rest[2])
        if p is None:
            self.warn(n.line, f"ip-prefix prefix not understood: {n.text}")
            return
        ge_s, le_s = after(rest, "greater-equal"), after(rest, "less-equal")
        ge = int(ge_s) if ge_s else None
        le = int(le_s) if le_s else None
        if ge is not None and ge == p.prefixlen and le is None:
            le = 32
        self.cfg.prefix_lists.setdefault(name, []).append(
            PrefixListEntry("permit" if rest[0] == "permit" else "deny", p, ge, le, n.line))

    def route_policy(self, n: Node) -> None:
        w = n.words
        action = w[2] if w[2] in ("permit", "deny") else "permit"
        node = int(after(w, "node") or 0)
        e = RouteMapEntry("permit" if action == "permit" else "deny", node, [], n.line)
        for c in n.children:
            cw = c.words
            if cw[0] != "if-match":
                continue
            if cw[1:2] == ["ip-prefix"] and len(cw) > 2:
                e.match_prefix_lists.append(cw[2])
            elif cw[1:2] == ["acl"] and len(cw) > 2:
                e.match_acls.append(cw[2])
            else:
                e.other_matches.append(c.text)
        self.cfg.route_maps.setdefault(w[1], []).append(e)

    def static(self, n: Node) -> None:
        w = n.words[2:]
        if w and w[0] == "vpn-instance" and len(w) > 2:
            self.warn(n.line, f"static route in vpn-instance {w[1]}")
            w = w[2:]
        self.static_route(n, w)

    # --- NAT -------------------------------------------------------------------------------
    def address_group(self, n: Node) -> None:
        w = n.words
        gid = w[2]
        addrs: list[Addr] = []
        if len(w) >= 5:
            lo, hi = to_addr(w[3]), to_addr(w[4])
            if lo and hi:
                addrs = range_addrs(lo, hi)
        for c in n.children:
            rng = self.pool_range(c.words)
            if rng is not None:
                lo, hi = to_addr(rng[0]), to_addr(rng[1])
                if lo and hi:
                    addrs += range_addrs(lo, hi)
        if not addrs:
            self.warn(n.line, f"NAT address-group not understood: {n.text}")
        self.groups[gid] = (addrs, n.line)

    def pool_range(self, w: list[str]) -> tuple[str, str] | None:
        """(first, last) address of an address-group line: `section N A B`."""
        return (w[2], w[3]) if w[0] == "section" and len(w) >= 4 else None

    def resolve_nat(self) -> None:
        for itf, c in self.nat_nodes:
            w = c.words
            if w[1] == "outbound" and len(w) > 2:
                ref = self.ref(w[2])
                acl = self.cfg.acls.get(ref)
                if acl is None:
                    self.warn(c.line, f"NAT ACL {w[2]} is not defined")
                    sources: list[Net] = [ANY] if w[2] == "address-group" else []
                else:
                    sources = permitted_sources(replace(acl, default_action="deny"))
                gid = after(w, "address-group")
                if gid is not None:
                    pool = self.groups.get(gid, ([], 0))[0]
                    if gid not in self.groups:
                        self.warn(c.line, f"NAT address-group {gid} is not defined")
                    masq = False
                else:
                    pool = [a.ip for a in itf.addresses]
                    masq = True
                self.cfg.nat.append(NatRule(sources, pool, [itf.name], masquerade=masq, line=c.line, text=c.text))
            elif w[1] in ("server", "static"):
                glob = after(w, "global")
                inside = after(w, "inside")
                ga = to_addr(glob) if glob else None
                ia = to_addr(inside) if inside else None
                if ia is None:
                    self.warn(c.line, f"NAT not understood: {c.text}")
                    continue
                self.cfg.nat.append(NatRule([ipaddress.IPv4Network(ia)], [ga] if ga else [], [itf.name],
                                            line=c.line, text=c.text,
                                            kind="destination" if w[1] == "server" else "source"))

    # --- management, logging, snmp ------------------------------------------------------------
    def aaa(self, n: Node) -> None:
        m = self.cfg.mgmt
        for c in n.children:
            w = c.words
            if w[:2] == ["local-aaa-user", "wrong-password"]:
                t = after(w, "retry-time")
                b = after(w, "block-time")
                if t:
                    m.login_attempts = int(t)
                if b:
                    m.lockout_min = float(b)
                m.lines["lockout"] = c.line
            elif w[0] == "local-user" and len(w) > 1:
                m.lines.setdefault(f"user:{w[1]}", c.line)
                self.cfg.users.append(PUser(w[1], c.line))
            elif w[0] == "accounting-scheme" and len(w) > 1:
                mode = next((cc.words[1] for cc in c.children if cc.words[0] == "accounting-mode"
                             and len(cc.words) > 1), "none")
                self.acct_schemes[w[1]] = mode != "none"
            elif w[0] == "recording-scheme" and len(w) > 1:
                self.rec_schemes[w[1]] = any(cc.words[0] == "recording-mode" for cc in c.children)
            elif w[:2] == ["cmd", "recording-scheme"] and len(w) > 2:
                self.cmd_recording = (w[2], c.line)
            elif w[0] == "domain":
                for cc in c.children:
                    if cc.words[0] == "accounting-scheme" and len(cc.words) > 1:
                        self.domain_acct.append((cc.words[1], cc.line))

    def loghost(self, n: Node) -> None:
        w = n.words[2:]
        if w and w[0] in ("source", "ipv6"):
            return
        if w and w[0] == "vpn-instance" and len(w) > 2:
            w = w[2:]
        a = to_addr(w[0]) if w else None
        if a is None:
            self.warn(n.line, f"loghost not understood: {n.text}")
            return
        lg = self.cfg.logging
        if a not in lg.syslog_hosts:
            lg.syslog_hosts.append(a)
        lg.lines.setdefault("syslog", n.line)

    def snmp(self, n: Node) -> None:
        w = n.words
        sn = self.cfg.snmp
        if w[1] in ("community", "group"):  # who may ask: `... acl N|NAME` (a user's own ACL only narrows its group's)
            sn.access_acls.append(self.ref(after(w, "acl") or "") or None)
            sn.lines.setdefault("access", n.line)
        if w[1] == "community" and len(w) > 3:
            name = w[4] if w[3] == "cipher" and len(w) > 4 else w[3]
            sn.communities.append(name)
            sn.lines.setdefault("community", n.line)
        elif w[1:3] == ["usm-user", "v3"] and len(w) > 3:
            u = self.snmp_users.setdefault(w[3], {"auth": False, "priv": False, "group": None, "line": n.line})
            rest = w[4:]
            if rest and rest[0] not in ("group", "authentication-mode", "privacy-mode", "acl", "cipher"):
                u["group"] = rest[0]
            if "group" in rest:
                u["group"] = after(rest, "group")
            if "authentication-mode" in rest:
                u["auth"] = True
            if "privacy-mode" in rest:
                u["priv"] = True
        elif w[1:3] == ["group", "v3"] and len(w) > 4:
            self.snmp_groups[w[3]] = w[4]
        elif w[1] == "target-host" and "address" in w:
            i = w.index("address")
            host = w[i + 2] if len(w) > i + 2 and w[i + 1] == "udp-domain" else w[i + 1]
            a = to_addr(host)
            if a is not None and a not in sn.trap_hosts:
                sn.trap_hosts.append(a)
            if "v1" in w or "v2c" in w:
                secname = after(w, "securityname")
                if secname:
                    sn.communities.append(secname)
                    sn.lines.setdefault("community", n.line)

    def vty_settings(self) -> None:
        m = self.cfg.mgmt
        telnet = ssh = False
        if not self.vty:
            m.telnet_enabled = bool(self.telnet_server)
            m.ssh_enabled = bool(self.stelnet_server)
            return
        timeouts: list[tuple[float, int]] = []
        acls: list[tuple[str | None, int]] = []
        for v in self.vty:
            proto: str | None = None
            timeout: tuple[float, int] | None = None
            acl: tuple[str | None, int] = (None, v.line)
            for c in v.children:
                w = c.words
                if w[:2] == ["protocol", "inbound"] and len(w) > 2:
                    proto = w[2]
                    m.lines.setdefault("transport", c.line)
                    if proto in ("telnet", "all"):
                        m.lines.setdefault("telnet", c.line)
                elif w[0] == "idle-timeout" and len(w) > 1:
                    timeout = (int(w[1]) + (int(w[2]) / 60 if len(w) > 2 else 0), c.line)
                elif w[0] == "acl" and len(w) > 2 and w[-1] == "inbound" and w[1] != "ipv6":
                    acl = (self.ref(w[1] if w[1] != "name" else w[2]), c.line)
            allowed = {"ssh", "telnet"} if proto in (None, "all") else {proto}
            telnet = telnet or "telnet" in allowed
            ssh = ssh or "ssh" in allowed
            timeouts.append(timeout if timeout is not None else (10.0, v.line))
            acls.append(acl)
        if self.telnet_server is None and telnet:
            self.warn(self.vty[0].line, "telnet server not configured either way (older VRP default: enabled): "
                      "telnet assumed")
        m.telnet_enabled = telnet and self.telnet_server is not False
        m.ssh_enabled = ssh and self.stelnet_server is True  # VRP's stelnet server is off unless enabled
        m.ssh_v2_only = not self.ssh1x
        self.worst_timeout(timeouts)
        self.management_sources(acls, only_permits=True)

    def finish(self) -> None:
        cfg = self.cfg
        lg = cfg.logging
        for itf in cfg.interfaces.values():
            itf.acl_in = [self.ref(a) for a in itf.acl_in]
            itf.acl_out = [self.ref(a) for a in itf.acl_out]
        for rms in cfg.route_maps.values():
            for e in rms:
                e.match_acls = [self.ref(a) for a in e.match_acls]
        super().finish()
        self.resolve_nat()
        self.vty_settings()
        if not self.info_center:
            if lg.syslog_hosts:
                self.warn(lg.lines.get("syslog", 0), "undo info-center enable: loghosts receive nothing")
            lg.syslog_hosts = []
        has_loghost = bool(lg.syslog_hosts)
        cmd_rec = self.cmd_recording is not None and self.rec_schemes.get(self.cmd_recording[0], False)
        applied_acct = [(s, ln) for s, ln in self.domain_acct if self.acct_schemes.get(s)]
        if cmd_rec and self.cmd_recording is not None:
            lg.config_change_logging = True
            lg.lines["config_change"] = self.cmd_recording[1]
        else:
            lg.config_change_logging = has_loghost
            if has_loghost:
                lg.lines["config_change"] = lg.lines.get("syslog", 0)
        lg.aaa_accounting = bool(applied_acct) and cmd_rec
        if applied_acct:
            lg.lines["accounting"] = applied_acct[0][1]
        lg.login_logging = bool(applied_acct) or has_loghost
        bound = [a for i in cfg.interfaces.values() for a in i.acl_in + i.acl_out]
        lg.deny_logging = deny_logging(cfg, bound)
        for user, u in self.snmp_users.items():
            auth, priv = bool(u["auth"]), bool(u["priv"])
            level = self.snmp_groups.get(str(u["group"])) if u["group"] else None
            if level == "noauthentication":
                auth = priv = False
            elif level == "authentication":
                priv = False
            cfg.snmp.v3_users.append((user, auth, priv))
            line = u["line"]
            cfg.snmp.lines.setdefault("user", line if isinstance(line, int) else 0)



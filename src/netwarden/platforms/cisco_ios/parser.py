"""Cisco IOS / IOS-XE running-config -> ParsedConfig (a hand-written block parser over IOS indentation).

Conventions (documented because verification relies on them):
- ACLs end in an implicit deny (default_action "deny"); wildcard masks become prefixes (a
  non-contiguous wildcard is expanded into /32s, or over-approximated with a warning); `host X`
  is X/32, `any` 0.0.0.0/0; `eq a b c` becomes one range per port.
- `ip nat inside source list ACL pool P` -> NatRule(sources = what ACL permits (earlier denies carved
  out), pool = the `ip nat pool` addresses, out_interfaces = the `ip nat outside` interfaces);
  `... interface IF overload` -> masquerade on IF; `static` -> one-address rules; `route-map RM`
  resolved through the route-map's `match ip address` ACLs. `ip nat outside source` -> kind
  "destination" (it rewrites outside hosts, not ours).
- Management: vty `transport input` decides ssh/telnet; a vty range without `transport input`
  is taken as telnet-capable (older IOS defaults to `all`) with a warning. exec-timeout defaults to
  10 min when absent (IOS default); `exec-timeout 0 0` is 0 (never); the longest over vty ranges is
  reported. allowed_from = sources the vty access-class ACLs permit; a reachable vty range without
  access-class adds 0.0.0.0/0; an access-class naming an undefined ACL leaves it None.
- Logging: config_change_logging needs `archive` / `log config` / `logging enable`; aaa_accounting
  needs `aaa new-model` with accounting for exec and commands (method not `none`); login_logging
  comes from `login on-failure log` + `login on-success log` or exec accounting. Absent in a full
  running-config means False.
- SNMP: IOS hides `snmp-server user` lines; a `snmp-server host A version 3 priv USER` shows a v3
  user with auth and priv. Communities include those used by v1/v2c trap hosts.
- OSPF networks include the connected prefixes of interfaces with `ip ospf N area A`.
"""

from __future__ import annotations

import ipaddress
import re

from netwarden.parsers._cli import BgpWords, CliParser, after, classful, dotted_area
from netwarden.parsers._common import (
    Node,
    deny_logging,
    mask_net,
    net_addrs,
    permitted_sources,
    range_addrs,
    to_addr,
    to_net,
)
from netwarden.parsers.model import (
    Acl,
    Addr,
    NatRule,
    Net,
    ParsedConfig,
    PBgp,
    PInterface,
    PrefixListEntry,
    PUser,
    RouteMapEntry,
)
from netwarden.platforms.cisco_ios import SPEC
from netwarden.platforms.cisco_ios.acl import parse_ios_acl_entry

__all__ = ["parse_cisco_ios", "parse_ios_acl_entry"]

_BANNER_RE = re.compile(r"^banner\s+(\S+)\s*(.*)$")
# top-level commands that bear on routing or filtering: reported when not understood (everything
# else the model does not need - spanning-tree, QoS, voice... - is skipped silently)
_RELEVANT_TOP = ("router ", "ip route", "ip nat", "access-list", "ip access-list", "ip prefix-list", "route-map",
                 "aaa accounting")


def parse_cisco_ios(text: str, source: str = "") -> ParsedConfig:
    return _Ios(text, source).run()


class _Ios(CliParser):
    spec = SPEC
    bgp_words = BgpWords(router_id=("bgp", "router-id"), peer="neighbor", redistribute="redistribute",
                         remote_as="remote-as", group="peer-group", policy="route-map", prefix_filter="prefix-list",
                         inbound="in", outbound="out", default_originate="default-originate")
    http_commands = ("ip http server", "ip http secure-server")
    static_options = ("name", "tag", "track", "permanent", "multicast", "dhcp", "global")
    static_distance_ends = True

    def __init__(self, text: str, source: str) -> None:
        super().__init__(text, source)
        self.pools: dict[str, tuple[list[Addr], int]] = {}
        self.nat_lines: list[Node] = []
        self.vty: list[Node] = []
        self.aaa_new_model = False
        self.accounting: dict[str, int] = {}
        self.login_failure = self.login_success = False
        self.no_logging_on = 0
        self.v3_groups: dict[str, str] = {}
        self.v3_users: dict[str, tuple[str, bool, bool, int]] = {}
        self.v3_hosts: dict[str, int] = {}
        self.ssh_cmds = 0

    def preprocess(self, text_lines: list[str]) -> list[tuple[int, str]]:
        """Take banners out (their text may look like anything); return the remaining lines."""
        out: list[tuple[int, str]] = []
        i = 0
        while i < len(text_lines):
            raw = text_lines[i]
            m = _BANNER_RE.match(self.written_out(raw, 2))
            if not m or m.group(1) in ("slip-ppp",):
                out.append((i + 1, raw))
                i += 1
                continue
            kind, rest = m.group(1), m.group(2)
            if not rest:
                i += 1
                continue
            delim = "^C" if rest.startswith("^C") else rest[0]
            body = rest[len(delim):]
            start = i
            content: list[str] = []
            if delim in body:
                content.append(body.split(delim, 1)[0])
            else:
                content.append(body)
                i += 1
                while i < len(text_lines) and delim not in text_lines[i]:
                    content.append(text_lines[i])
                    i += 1
                if i < len(text_lines):
                    content.append(text_lines[i].split(delim, 1)[0])
                else:
                    self.warn(start + 1, f"banner {kind}: no closing delimiter {delim!r}")
            i += 1
            if kind in ("login", "motd"):
                has_text = any(c.strip() for c in content)
                self.cfg.mgmt.banner = bool(self.cfg.mgmt.banner) or has_text
                self.cfg.mgmt.lines.setdefault("banner", start + 1)
        if self.cfg.mgmt.banner is None:
            self.cfg.mgmt.banner = False
        return out

    # ------------------------------------------------------------------------------------
    def top(self, n: Node) -> None:
        w = n.words
        cfg = self.cfg
        t = n.text
        k = w[0]
        if k == "router" and len(w) > 1 and w[1] == "ospf":
            self.ospf(n)
        elif k == "router" and len(w) > 2 and w[1] == "bgp":
            self.bgp_process(n, w[2])
        elif t.startswith("ip route ") or t.startswith("ip route vrf "):
            self.static(n)
        elif t.startswith("ip prefix-list "):
            self.prefix_list(n)
        elif k == "route-map" and len(w) >= 2:
            self.route_map(n)
        elif k == "access-list" and len(w) >= 3:
            self.numbered_acl(n)
        elif t.startswith("ip access-list ") and len(w) >= 3:
            self.named_acl(n)
        elif t.startswith("ip nat "):
            self.nat(n)
        elif k == "line" and len(w) > 1 and w[1] == "vty":
            self.vty.append(n)
        elif k == "username" and len(w) > 1:
            cfg.mgmt.lines[f"user:{w[1]}"] = n.line
            cfg.users.append(PUser(w[1], n.line))
        elif k in ("tacacs", "radius") and len(w) > 2 and w[1] == "server":
            for c in n.children:  # `address ipv4 A`
                if c.words[:2] == ["address", "ipv4"] and len(c.words) > 2:
                    self.aaa_server(c, c.words[2])
        elif k in ("tacacs-server", "radius-server") and len(w) > 2 and w[1] == "host":
            self.aaa_server(n, w[2])
        elif t.startswith("login block-for ") and "attempts" in w:
            cfg.mgmt.lockout_min = int(w[2]) / 60
            cfg.mgmt.login_attempts = int(w[w.index("attempts") + 1])
            cfg.mgmt.lines["lockout"] = n.line
        elif t.startswith("login on-failure") and "log" in w:
            self.login_failure = True
            cfg.logging.lines.setdefault("login", n.line)
        elif t.startswith("login on-success") and "log" in w:
            self.login_success = True
            cfg.logging.lines.setdefault("login", n.line)
        elif t == "aaa new-model":
            self.aaa_new_model = True
        elif t.startswith("aaa accounting ") and len(w) > 2:
            self.aaa_accounting(n)
        elif k == "archive":
            self.archive(n)
        elif k == "logging":
            self.logging(n)
        elif t == "no logging on":
            self.no_logging_on = n.line
        elif k == "snmp-server":
            self.snmp(n)
        elif k in ("ntp", "sntp") and len(w) > 2 and w[1] in ("server", "peer"):
            args = w[2:]
            if args[0] == "vrf" and len(args) > 2:
                args = args[2:]
            if args and args[0] in ("ip", "ipv6") and len(args) > 1:
                args = args[1:]
            self.ntp_server(n, args)
        elif t.startswith(("crypto pki trustpoint ", "crypto ca trustpoint ")) and len(w) > 3:
            fp = ""
            for c in n.children:
                if c.words[0] == "fingerprint" and len(c.words) > 1:
                    fp = c.words[1]
            cfg.trust.trustpoints.append((w[3], fp))
            cfg.trust.lines.setdefault("trustpoint", n.line)
        elif t.startswith("ip ssh "):
            self.ssh_cmds += 1
            if w[2:4] == ["version", "2"]:
                cfg.mgmt.ssh_v2_only = True
                cfg.mgmt.lines["ssh_version"] = n.line
            elif w[2:4] == ["version", "1"]:
                cfg.mgmt.ssh_v2_only = False
                cfg.mgmt.lines["ssh_version"] = n.line
            elif w[2] == "authentication-retries" and len(w) > 3:
                cfg.mgmt.auth_retries = int(w[3])
        elif t.startswith(("no ip access-list standard ", "no ip access-list extended ")) and len(w) > 4:
            self.acl_drop(w[4])
        elif t.startswith("no access-list ") and len(w) > 2:
            self.acl_drop(w[2])
        elif t.startswith(_RELEVANT_TOP):
            self.warn(n.line, f"not modelled: {t}")

    # ------------------------------------------------------------------------------------
    def interface_line(self, itf: PInterface, c: Node) -> bool:
        w = c.words
        if w[:2] == ["ip", "access-group"] and len(w) >= 3:  # (no direction: IOS binds inbound)
            self.bind(itf.acl_out if w[3:4] == ["out"] else itf.acl_in, w[2])
        elif w[:3] == ["no", "ip", "access-group"]:  # `no ip access-group [NAME] [in|out]`
            self.bind(itf.acl_out if "out" in w[3:] else itf.acl_in, None)
        elif w[:2] == ["ip", "nat"] and len(w) > 2 and w[2] in ("inside", "outside"):
            itf.nat = "inside" if w[2] == "inside" else "outside"
        else:
            return False
        return True

    def interface_ospf(self, w: list[str]) -> str | None:
        """`ip ospf PROCESS area AREA`."""
        return w[2] if w[:2] == ["ip", "ospf"] else None

    def ospf(self, n: Node) -> None:
        proc = n.words[2] if len(n.words) > 2 else "1"
        o = self.ospf_process(proc)
        o.lines.append(n.line)
        if "vrf" in n.words:
            self.warn(n.line, f"OSPF process {proc} runs in a VRF")
        for c in n.children:
            w = c.words
            if w[0] == "router-id" and len(w) > 1:
                o.router_id = to_addr(w[1])
            elif w[0] == "network" and len(w) >= 5 and w[3] == "area":
                self.ospf_network(o, c, dotted_area(w[4]))
            elif w[0] == "redistribute" and len(w) > 1:
                o.redistribute.append(self.redistribution(c))
            elif w[:2] == ["default-information", "originate"]:
                o.default_originate = True
                o.lines.append(c.line)
            elif self.ospf_passive(o, w, "passive-interface"):
                o.lines.append(c.line)

    def bgp_line(self, b: PBgp, c: Node) -> bool:
        w = c.words
        if w[0] != "address-family":
            return False
        if len(w) >= 2 and w[1] == "ipv4" and "vrf" not in w and (len(w) == 2 or w[2] == "unicast"):
            self.bgp_cmds(b, c.children)
        elif "vrf" in w and w[1] == "ipv4":
            self.warn(c.line, f"BGP {c.text}: VRF routes not modelled")
        return True

    def bgp_network(self, w: list[str]) -> Net | None:
        """`network A mask M`, or a classful `network A`."""
        if "mask" in w:
            return mask_net(w[1], after(w, "mask") or "")
        a = to_addr(w[1])
        return classful(a) if a is not None else None

    def static(self, n: Node) -> None:
        w = n.words[2:]
        if w and w[0] == "vrf" and len(w) > 2:
            self.warn(n.line, f"static route in vrf {w[1]}")
            w = w[2:]
        if w and w[0] == "profile":
            return
        self.static_route(n, w)

    def prefix_list(self, n: Node) -> None:
        w = n.words[2:]
        if len(w) < 2:
            return
        name, rest = w[0], w[1:]
        if rest[0] in ("description", "sequence-number"):
            return
        if rest[0] == "seq" and len(rest) > 2:
            rest = rest[2:]
        if len(rest) < 2 or rest[0] not in ("permit", "deny"):
            self.warn(n.line, f"prefix-list not understood: {n.text}")
            return
        p = to_net(rest[1]) if "/" in rest[1] else None
        if p is None:
            self.warn(n.line, f"prefix-list prefix not understood: {n.text}")
            return
        ge = int(after(rest, "ge") or 0) or None
        le = int(after(rest, "le") or 0) or None
        self.cfg.prefix_lists.setdefault(name, []).append(
            PrefixListEntry("permit" if rest[0] == "permit" else "deny", p, ge, le, n.line))

    def route_map(self, n: Node) -> None:
        w = n.words
        action = w[2] if len(w) > 2 and w[2] in ("permit", "deny") else "permit"
        seq = int(w[3]) if len(w) > 3 and w[3].isdigit() else (int(w[2]) if len(w) > 2 and w[2].isdigit() else 10)
        e = RouteMapEntry("permit" if action == "permit" else "deny", seq, [], n.line)
        for c in n.children:
            cw = c.words
            if cw[0] != "match":
                continue
            if cw[1:4] == ["ip", "address", "prefix-list"]:
                e.match_prefix_lists += cw[4:]
            elif cw[1:3] == ["ip", "address"]:
                e.match_acls += cw[3:]
            else:
                e.other_matches.append(c.text)
        self.cfg.route_maps.setdefault(w[1], []).append(e)

    # --- ACLs ------------------------------------------------------------------------------
    def numbered_acl(self, n: Node) -> None:
        w = n.words
        name = w[1]
        if not name.isdigit():
            if name not in ("compiled",):
                self.warn(n.line, f"access-list not understood: {n.text}")
            return
        num = int(name)
        standard = 1 <= num <= 99 or 1300 <= num <= 1999
        if not (standard or 100 <= num <= 199 or 2000 <= num <= 2699):
            return  # MAC / other numbered lists
        acl = self.cfg.acls.setdefault(name, Acl(name, "standard" if standard else "extended", line=n.line))
        self.acl_entry(acl, None, w[2:], n)

    def named_acl(self, n: Node) -> None:
        w = n.words
        if w[2] in ("standard", "extended") and len(w) > 3:
            kind, name = w[2], w[3]
        elif w[2] in ("resequence", "logging", "log-update", "role-based", "match-local-traffic"):
            return
        else:
            kind, name = "extended", w[2]
        acl = self.cfg.acls.setdefault(name, Acl(name, "standard" if kind == "standard" else "extended",
                                                 line=n.line))
        for c in n.children:
            cw = c.words
            if cw[0] == "no" and len(cw) > 1:
                self.remove_entry(acl, cw[1:], c)
                continue
            seq = int(cw[0]) if cw[0].isdigit() else None
            self.acl_entry(acl, seq, cw[1:] if seq is not None else cw, c)

    def remove_entry(self, acl: Acl, w: list[str], n: Node) -> None:
        """`no SEQ` or `no ENTRY` in an ACL's view: the entry numbered so, or written so, is removed."""
        if w[0].isdigit() and len(w) == 1:
            found = self.acl_remove(acl, int(w[0]))
        else:
            same = [i for i, e in enumerate(acl.entries) if self._entry_words(e.text) == w]
            found = bool(same) and self.acl_remove(acl, self.acl_seqs[acl.name][same[0]])
        if not found:
            self.warn(n.line, f"ACL {acl.name}: {n.text}: no such entry")

    @staticmethod
    def _entry_words(text: str) -> list[str]:
        w = text.split()
        return w[1:] if w and w[0].isdigit() else w

    def acl_entry(self, acl: Acl, seq: int | None, w: list[str], n: Node) -> None:
        if not w or w[0] in ("remark", "description", "statistics"):
            return
        if w[0] not in ("permit", "deny"):
            if w[0] not in ("dynamic", "evaluate"):
                self.warn(n.line, f"ACL {acl.name}: not understood: {n.text}")
            else:
                self.warn(n.line, f"ACL {acl.name}: {w[0]} entries not modelled")
            return
        e, msgs = parse_ios_acl_entry(w, acl.kind == "standard")
        for m in msgs:
            self.warn(n.line, f"ACL {acl.name}: {m}")
        if e is None:
            return
        e.line, e.text = n.line, n.text
        self.acl_add(acl, seq, e, step=10, replace_same=False)

    # --- NAT -------------------------------------------------------------------------------
    def nat(self, n: Node) -> None:
        w = n.words
        if w[2] == "pool" and len(w) >= 5:
            lo, hi = to_addr(w[4]), to_addr(w[5]) if len(w) > 5 else None
            if lo is None or hi is None:
                self.warn(n.line, f"NAT pool not understood: {n.text}")
                return
            self.pools[w[3]] = (range_addrs(lo, hi), n.line)
        elif w[2] in ("inside", "outside") and len(w) > 3 and w[3] in ("source", "destination"):
            self.nat_lines.append(n)
        elif w[2] in ("translation", "log", "service", "settings", "create"):
            return
        else:
            self.warn(n.line, f"NAT statement not modelled: {n.text}")

    def resolve_nat(self) -> None:
        cfg = self.cfg
        outside = [i.name for i in cfg.interfaces.values() if i.nat == "outside"]
        for n in self.nat_lines:
            w = n.words
            kind: str = "source" if w[2] == "inside" and w[3] == "source" else "destination"
            rest = w[4:]
            if rest and rest[0] == "static":
                rest = rest[1:]
                if rest and rest[0] in ("tcp", "udp"):
                    rest = [rest[1], rest[3]] if len(rest) >= 4 else []
                elif rest and rest[0] == "network" and len(rest) >= 4:
                    plen = rest[3].lstrip("/")
                    local, glob = mask_net(rest[1], plen), mask_net(rest[2], plen)
                    if local is None or glob is None:
                        self.warn(n.line, f"NAT not understood: {n.text}")
                        continue
                    cfg.nat.append(NatRule([local], net_addrs(glob), outside, line=n.line, text=n.text,
                                           kind="source" if kind == "source" else "destination"))
                    continue
                local_a, glob_a = (to_addr(rest[0]), to_addr(rest[1])) if len(rest) >= 2 else (None, None)
                if local_a is None:
                    self.warn(n.line, f"NAT not understood: {n.text}")
                    continue
                if glob_a is None and len(rest) >= 3 and rest[1] == "interface":
                    itf = cfg.interfaces.get(SPEC.canonical_interface(rest[2]))
                    pool = [a.ip for a in itf.addresses] if itf else []
                else:
                    pool = [glob_a] if glob_a else []
                cfg.nat.append(NatRule([ipaddress.IPv4Network(local_a)], pool, outside, line=n.line, text=n.text,
                                       kind="source" if kind == "source" else "destination"))
                continue
            sources: list[Net] = []
            if rest[:1] == ["list"] and len(rest) > 1:
                sources = self.acl_sources(rest[1], n)
            elif rest[:1] == ["route-map"] and len(rest) > 1:
                for e in cfg.route_maps.get(rest[1], []):
                    if e.action == "permit":
                        for a in e.match_acls:
                            sources += self.acl_sources(a, n)
                if rest[1] not in cfg.route_maps:
                    self.warn(n.line, f"NAT route-map {rest[1]} is not defined")
            else:
                self.warn(n.line, f"NAT not understood: {n.text}")
                continue
            pool_addrs: list[Addr] = []
            outs = list(outside)
            masq = False
            if "pool" in rest:
                pname = after(rest, "pool") or ""
                if pname in self.pools:
                    pool_addrs = self.pools[pname][0]
                else:
                    self.warn(n.line, f"NAT pool {pname} is not defined")
            elif "interface" in rest:
                ifname = SPEC.canonical_interface(after(rest, "interface") or "")
                itf = cfg.interfaces.get(ifname)
                pool_addrs = [a.ip for a in itf.addresses] if itf else []
                outs = [ifname]
                masq = True
            cfg.nat.append(NatRule(sorted(ipaddress.collapse_addresses(sources)), pool_addrs, outs, masquerade=masq,
                                   line=n.line, text=n.text, kind="source" if kind == "source" else "destination"))

    def acl_sources(self, name: str, n: Node) -> list[Net]:
        acl = self.cfg.acls.get(name)
        if acl is None:
            self.warn(n.line, f"NAT ACL {name} is not defined (matches nothing)")
            return []
        return permitted_sources(acl)

    # --- management and logging -------------------------------------------------------------
    def aaa_accounting(self, n: Node) -> None:
        w = n.words
        what = w[2]
        if what == "commands" and len(w) > 3:
            what = f"commands {w[3]}"
        if w[-1] == "none" or "none" == w[-2:-1] == ["none"]:
            return
        self.accounting[what] = n.line

    def archive(self, n: Node) -> None:
        for c in n.children:
            if c.words[:2] == ["log", "config"]:
                for cc in c.children:
                    if cc.words == ["logging", "enable"]:
                        self.cfg.logging.config_change_logging = True
                        self.cfg.logging.lines["config_change"] = cc.line

    def logging(self, n: Node) -> None:
        w = n.words
        args = w[1:]
        if args and args[0] == "host":
            args = args[1:]
            if args and args[0] in ("ipv4",):
                args = args[1:]
            if args and args[0] == "vrf" and len(args) > 2:
                args = args[2:]
        elif not (args and to_addr(args[0]) is not None):
            if args and args[0] == "on":
                self.no_logging_on = 0
            return
        a = to_addr(args[0]) if args else None
        if a is None:
            if args and ":" not in args[0] and args[0] != "ipv6":
                self.warn(n.line, f"syslog host is not an IPv4 address: {n.text}")
            return
        if a not in self.cfg.logging.syslog_hosts:
            self.cfg.logging.syslog_hosts.append(a)
        self.cfg.logging.lines.setdefault("syslog", n.line)

    def snmp(self, n: Node) -> None:
        w = n.words
        sn = self.cfg.snmp
        if len(w) < 3:
            return
        if w[1] in ("community", "group"):  # who may ask: `... access ACL` (a community: its last word; a user's
            # own ACL only narrows its group's)
            last = w[-1] if w[1] == "community" and len(w) > 3 and w[-1].upper() not in ("RO", "RW") else None
            acl = after(w, "access") or last
            sn.access_acls.append(acl)
            sn.lines.setdefault("access", n.line)
        if w[1] == "community":
            sn.communities.append(w[2])
            sn.lines.setdefault("community", n.line)
        elif w[1] == "group" and len(w) >= 5 and w[3] == "v3":
            self.v3_groups[w[2]] = w[4]
        elif w[1] == "user" and len(w) >= 5:
            if w[4] == "v3":
                auth = "auth" in w
                priv = "priv" in w
                self.v3_users[w[2]] = (w[3], auth, priv, n.line)
            elif w[4] in ("v1", "v2c"):
                sn.communities.append(w[2])
                sn.lines.setdefault("community", n.line)
        elif w[1] == "host" and len(w) >= 4:
            a = to_addr(w[2])
            args = w[3:]
            if a is None and w[2] == "vrf":
                a = None
            if a is not None and a not in sn.trap_hosts:
                sn.trap_hosts.append(a)
            while args and args[0] in ("traps", "informs"):
                args = args[1:]
            version = "1"
            if args[:1] == ["version"] and len(args) > 1:
                version = args[1]
                args = args[2:]
            if version == "3":
                level = args[0] if args and args[0] in ("auth", "noauth", "priv") else "noauth"
                user = args[1] if len(args) > 1 else ""
                if level == "priv" and user:
                    self.v3_hosts.setdefault(user, n.line)
            elif args:
                sn.communities.append(args[0])
                sn.lines.setdefault("community", n.line)

    def vty_settings(self) -> None:
        m = self.cfg.mgmt
        if not self.vty:
            return
        timeouts: list[tuple[float, int]] = []
        acls: list[tuple[str | None, int]] = []
        telnet = ssh = False
        for v in self.vty:
            transport: list[str] | None = None
            timeout: tuple[float, int] | None = None
            acl: tuple[str | None, int] = (None, v.line)
            no_exec = False
            for c in v.children:
                w = c.words
                if w[:2] == ["transport", "input"]:
                    transport = w[2:]
                    m.lines.setdefault("transport", c.line)
                    if "telnet" in transport or "all" in transport:
                        m.lines["telnet"] = c.line
                    if "ssh" in transport or "all" in transport:
                        m.lines.setdefault("ssh", c.line)
                elif w[0] == "exec-timeout" and len(w) > 1:
                    mins = int(w[1]) + (int(w[2]) / 60 if len(w) > 2 else 0)
                    timeout = (mins, c.line)
                elif w[0] == "access-class" and len(w) > 2 and w[2] == "in":
                    acl = (w[1], c.line)
                elif w == ["no", "exec"]:
                    no_exec = True
            if transport is None:
                self.warn(v.line, f"{v.text}: no `transport input` (older IOS default: all): telnet assumed")
                transport = ["all"]
                m.lines.setdefault("telnet", v.line)
            reachable = not (transport == ["none"] or no_exec)
            if "telnet" in transport or "all" in transport:
                telnet = telnet or reachable
            if "ssh" in transport or "all" in transport:
                ssh = ssh or reachable
            if reachable:
                timeouts.append(timeout if timeout is not None else (10.0, v.line))
                acls.append(acl)
        m.telnet_enabled = telnet
        m.ssh_enabled = ssh
        self.worst_timeout(timeouts)
        self.management_sources(acls)

    def finish(self) -> None:
        super().finish()
        cfg = self.cfg
        m, lg = cfg.mgmt, cfg.logging
        self.resolve_nat()
        self.vty_settings()
        if self.ssh_cmds and m.ssh_enabled is None:
            m.ssh_enabled = True
        # logging
        if lg.config_change_logging is None:
            lg.config_change_logging = False
        exec_acct = "exec" in self.accounting and self.aaa_new_model
        cmd_acct = any(k.startswith("commands") for k in self.accounting) and self.aaa_new_model
        lg.aaa_accounting = exec_acct and cmd_acct
        if self.accounting:
            lg.lines["accounting"] = min(self.accounting.values())
        lg.login_logging = (self.login_failure and self.login_success) or exec_acct
        if self.no_logging_on:
            self.warn(self.no_logging_on, "no logging on: syslog is disabled; syslog hosts dropped")
            lg.syslog_hosts = []
            lg.lines["syslog"] = self.no_logging_on
        bound = [a for i in cfg.interfaces.values() for a in i.acl_in + i.acl_out]
        lg.deny_logging = deny_logging(cfg, bound)
        # SNMPv3 users (with their group's security level)
        sn = cfg.snmp
        for user, (group, auth, priv, line) in self.v3_users.items():
            level = self.v3_groups.get(group)
            if level == "noauth":
                auth = priv = False
            elif level == "auth":
                priv = False
            sn.v3_users.append((user, auth, priv))
            sn.lines.setdefault("user", line)
        for user, line in self.v3_hosts.items():
            if user not in self.v3_users:
                sn.v3_users.append((user, True, True))
                sn.lines.setdefault("user", line)


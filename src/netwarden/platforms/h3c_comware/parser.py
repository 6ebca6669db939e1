"""H3C Comware 7 `display current-configuration` -> ParsedConfig.

Comware descends from the same CLI as Huawei VRP (views opened at column 0, `#` closing every
view, one-space-indented global commands between `#` lines, `undo` to negate), so this parser is
the VRP parser (`netwarden.platforms.huawei_vrp.parser._Vrp`) with the Comware forms overridden:

- ACLs: `acl advanced|basic NUMBER`, `acl advanced|basic name NAME`, the older
  `acl number N [name NAME]` (stored under the name when there is one; a reference by number is
  resolved to it), `rule N comment TEXT` (the rule's remark). Interfaces bind them with
  `packet-filter [name] ACL inbound|outbound`; what matches no rule is forwarded unless
  `packet-filter default deny` is configured (default_action "permit", else "deny").
- Interfaces join OSPF with `ospf PROCESS area AREA`.
- Routing policy: `ip prefix-list NAME index N permit|deny A LEN [greater-equal G] [less-equal L]`,
  `route-policy NAME permit|deny node N` with `if-match ip address prefix-list|acl X`; BGP
  address families are `address-family ipv4 [unicast]`; `peer X prefix-list NAME import|export`.
- NAT: `nat address-group G` with `address A B` lines (the one-line Comware 5 form
  `nat address-group G A B` too); interface `nat outbound ACL address-group G` as on VRP.
- Management: `ssh server enable` (off by default) and `telnet server enable` (off by default on
  Comware 7: not configured means off, without the VRP warning); `line vty A B` with
  `protocol inbound`, `idle-timeout M S` (default 10 min); which addresses may log in comes from
  `ssh server acl N` / `telnet server acl N` (global, not in the vty view); `ip http|https enable`
  (absent: off).
  Lock-out from `password-control enable` + `password-control login-attempt N exceed
  lock-time M | lock | unlock` (enabled without a login-attempt line: the documented default of
  3 attempts, 1 minute; `exceed lock` locks until an administrator unlocks: infinite).
  `header login|motd|legal <d>text<d>` is a login banner.
- Accounting: `hwtacacs scheme|radius scheme S` with `primary|secondary accounting A`; the
  default ISP domain (`domain default enable D`, else `system`) with `accounting command
  hwtacacs-scheme S` and `accounting login hwtacacs-scheme|radius-scheme S`; command accounting
  needs `command accounting` in the vty view too. aaa_accounting = login and command accounting
  to a server; config_change_logging from command accounting or (as on VRP: the configuration
  module logs changes to the information centre) a loghost; login_logging from login accounting or
  a loghost.
- Trust: `pki domain D` with `root-certificate fingerprint ALG HEX`.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import math
from dataclasses import replace

from netwarden.parsers._cli import after
from netwarden.parsers._common import Node, permitted_sources
from netwarden.parsers.model import ANY, Acl, Net, ParsedConfig, PBgp, PUser
from netwarden.platforms.h3c_comware import SPEC
from netwarden.platforms.huawei_vrp.parser import _Vrp

__all__ = ["parse_h3c_comware"]

BANNER_KINDS = ("login", "motd", "legal")  # shown before the login prompt
HEADER_KINDS = (*BANNER_KINDS, "shell", "incoming")
DEFAULT_LOGIN_ATTEMPTS = 3  # `password-control login-attempt` default when password control is enabled
DEFAULT_LOCK_MIN = 1.0


def parse_h3c_comware(text: str, source: str = "") -> ParsedConfig:
    return _Comware(text, source).run()


class _Comware(_Vrp):
    spec = SPEC
    bgp_words = dataclasses.replace(_Vrp.bgp_words, prefix_filter="prefix-list")  # `peer X prefix-list N import`
    http_commands = ("ip http enable", "ip https enable", *_Vrp.http_commands)  # (VRP's forms read as on VRP)

    def __init__(self, text: str, source: str) -> None:
        super().__init__(text, source)
        self.telnet_server = False  # Comware 7: the telnet server is off unless enabled
        self.login_acls: dict[str, tuple[str, int]] = {}  # "ssh"/"telnet" -> (ACL, line)
        self.pf_default_deny = False
        self.pw_control: int | None = None  # line of `password-control enable`
        self.pw_attempts: tuple[int, float, int] | None = None
        self.acct_servers: dict[str, bool] = {}  # hwtacacs/radius scheme -> has an accounting server
        self.domains: dict[str, list[tuple[str, str, int]]] = {}  # domain -> [(login|command, scheme, line)]
        self.default_domain = "system"

    # --- dispatch ---------------------------------------------------------------------------
    def top(self, n: Node) -> None:
        w, t = n.words, n.text
        k = w[0]
        cfg, m = self.cfg, self.cfg.mgmt
        if k == "line" and w[1:2] == ["vty"]:
            self.vty.append(n)
        elif t in ("ssh server enable", "undo ssh server enable"):
            self.stelnet_server = k != "undo"
            m.lines["ssh"] = n.line
        elif w[:2] in (["ssh", "server"], ["telnet", "server"]) and w[2:3] == ["acl"] and len(w) > 3:
            args = w[3:]
            if args[0] not in ("mac", "ipv6"):
                self.login_acls[w[0]] = (args[1] if args[0] == "name" and len(args) > 1 else args[0], n.line)
        elif k == "local-user" and len(w) > 1:
            m.lines.setdefault(f"user:{w[1]}", n.line)
            cfg.users.append(PUser(w[1], n.line))
        elif k == "password-control":
            self.password_control(n)
        elif k in ("hwtacacs", "radius") and w[1:2] == ["scheme"] and len(w) > 2:
            self.acct_servers[w[2]] = any(c.words[0] in ("primary", "secondary") and c.words[1:2] == ["accounting"]
                                          for c in n.children)
            for c in n.children:  # `primary|secondary accounting|authentication|authorization A`
                cw = c.words
                if cw[0] in ("primary", "secondary") and len(cw) > 2 and \
                        cw[1] in ("accounting", "authentication", "authorization"):
                    self.aaa_server(c, cw[2])
        elif k == "domain" and len(w) > 1:
            self.domain(n)
        elif w[:2] == ["ip", "prefix-list"] and len(w) > 3:
            self.ip_prefix(n)  # same operands as VRP's `ip ip-prefix`
        elif k == "route-policy" and len(w) >= 3:
            self.route_policy(n)
        elif w[:2] == ["nat", "address-group"] and len(w) >= 3:
            self.address_group(n)
        elif k == "acl" and len(w) >= 2:
            self.acl(n)
        elif t == "packet-filter default deny":
            self.pf_default_deny = True
        elif k == "pki" and w[1:2] == ["domain"] and len(w) > 2:
            fp = ""
            for c in n.children:
                if c.words[:2] == ["root-certificate", "fingerprint"] and len(c.words) > 2:
                    fp = c.words[-1]
            cfg.trust.trustpoints.append((w[2], fp))
            cfg.trust.lines.setdefault("trustpoint", n.line)
        elif k == "snmp-agent" and w[1:2] == ["community"] and len(w) > 4 and w[3] in ("simple", "cipher"):
            cfg.snmp.communities.append(w[4])
            cfg.snmp.access_acls.append(self.ref(after(w, "acl") or "") or None)
            cfg.snmp.lines.setdefault("access", n.line)
            cfg.snmp.lines.setdefault("community", n.line)
        elif k == "pki":
            return
        else:
            super().top(n)

    def header_start(self, w: list[str], raw: str) -> tuple[bool, str] | None:
        """`header login|motd|legal|shell|incoming <d>text<d>` (no `information` keyword as on VRP)."""
        if len(w) >= 2 and w[0] == "header" and w[1] in HEADER_KINDS:
            return w[1] in BANNER_KINDS, raw.split(w[1], 1)[1].strip()
        return None

    # --- interfaces and filters ---------------------------------------------------------------
    def interface(self, n: Node) -> None:
        super().interface(n)  # addresses, description, shutdown, nat
        itf = self.cfg.interfaces[self.spec.canonical_interface(n.words[1])]
        for c in n.children:
            w = c.words
            if w[0] == "packet-filter" and len(w) >= 3 and ("inbound" in w or "outbound" in w):
                args = w[1:]
                if args[0] in ("ipv6", "mac", "user-defined"):
                    continue
                ref = args[1] if args[0] == "name" else args[0]
                self.bind(itf.acl_in if "inbound" in w else itf.acl_out, ref)
                itf.lines.append(c.line)
            elif w[:2] == ["undo", "packet-filter"] and ("inbound" in w or "outbound" in w):
                if not set(w[2:3]) & {"ipv6", "mac", "user-defined"}:
                    self.bind(itf.acl_in if "inbound" in w else itf.acl_out, None)
            elif w[0] == "ospf" and len(w) >= 4 and w[1].isdigit() and w[2] == "area":
                self.join_ospf(itf, c, w[1], w[3])

    def acl(self, n: Node) -> None:
        w = n.words
        if w[1] in ("ipv6", "mac", "user-defined"):
            return
        number: str | None = None
        kind = "extended"
        if w[1] in ("advanced", "basic") and len(w) > 2:
            kind = "extended" if w[1] == "advanced" else "standard"
            if w[2] == "name" and len(w) > 3:
                name = w[3]
            else:
                name = number = w[2]
        elif w[1] == "number" and len(w) > 2:
            number = w[2]
            name = after(w, "name") or number
        elif w[1] == "name" and len(w) > 2:
            name = w[2]
        else:
            self.warn(n.line, f"ACL not understood: {n.text}")
            return
        if number is not None:
            if not number.isdigit() or not 2000 <= int(number) <= 3999:
                self.warn(n.line, f"ACL {name} ({number}): layer-2/user-defined ACLs not modelled")
                return
            kind = "standard" if int(number) < 3000 else "extended"
            if number != name:
                self.alias[number] = name
        acl = self.cfg.acls.setdefault(name, Acl(name, "standard" if kind == "standard" else "extended",
                                                 default_action="permit", line=n.line))
        rules = [c for c in n.children if c.words[2:3] != ["comment"]]
        self.acl_rules(acl, rules)
        remarks = {c.words[1]: c.text.split(None, 3)[3] for c in n.children
                   if c.words[2:3] == ["comment"] and len(c.words) > 3}
        for e in acl.entries:
            rid = e.text.split()[1] if len(e.text.split()) > 1 else ""
            if rid in remarks:
                e.remark = remarks[rid]

    # --- routing ----------------------------------------------------------------------------
    def route_policy(self, n: Node) -> None:
        super().route_policy(n)
        e = self.cfg.route_maps[n.words[1]][-1]
        rest = []
        for text in e.other_matches:
            cw = text.split()
            if cw[1:3] == ["ip", "address"] and len(cw) > 4 and cw[3] in ("prefix-list", "acl"):
                (e.match_prefix_lists if cw[3] == "prefix-list" else e.match_acls).append(cw[4])
            else:
                rest.append(text)
        e.other_matches = rest

    def bgp_line(self, b: PBgp, c: Node) -> bool:
        w = c.words
        if w[0] != "address-family":
            return super().bgp_line(b, c)
        if w[1:2] == ["ipv4"] and (len(w) == 2 or w[2] == "unicast"):
            self.bgp_cmds(b, c.children)
        elif w[1:2] == ["ipv4"]:
            self.warn(c.line, f"BGP {c.text}: not modelled")
        return True

    # --- NAT --------------------------------------------------------------------------------
    def pool_range(self, w: list[str]) -> tuple[str, str] | None:
        """`address A B` in a `nat address-group G` view."""
        return (w[1], w[2]) if w[0] == "address" and len(w) >= 3 else None

    # --- management and accounting ------------------------------------------------------------
    def password_control(self, n: Node) -> None:
        w = n.words
        m = self.cfg.mgmt
        if w[1:] == ["enable"]:
            self.pw_control = n.line
        elif w[1] == "login-attempt" and len(w) > 2:
            attempts = int(w[2])
            lock = DEFAULT_LOCK_MIN
            if w[3:5] == ["exceed", "lock-time"] and len(w) > 5:
                lock = float(w[5])
            elif w[3:5] == ["exceed", "lock"]:
                lock = math.inf
            elif w[3:5] == ["exceed", "unlock"]:
                lock = 0.0
            self.pw_attempts = (attempts, lock, n.line)
            m.lines["lockout"] = n.line

    def domain(self, n: Node) -> None:
        w = n.words
        if w[1:3] == ["default", "enable"] and len(w) > 3:
            self.default_domain = w[3]
            return
        acct = self.domains.setdefault(w[1], [])
        for c in n.children:
            cw = c.words
            if cw[0] == "accounting" and len(cw) > 3 and cw[1] in ("login", "command") and \
                    cw[2] in ("hwtacacs-scheme", "radius-scheme"):
                acct.append((cw[1], cw[3], c.line))

    def vty_settings(self) -> None:
        super().vty_settings()
        m = self.cfg.mgmt
        if not m.ssh_enabled and not m.telnet_enabled:
            m.vty_acl, m.allowed_from = None, []
            return
        used = [s for s, on in (("ssh", m.ssh_enabled), ("telnet", m.telnet_enabled)) if on]
        refs = [self.login_acls.get(s) for s in used]
        named = [r for r in refs if r is not None]
        m.vty_acl = self.ref(named[0][0]) if named else None
        if named:
            m.lines["vty_acl"] = named[0][1]
        nets: list[Net] = []
        for r in refs:
            acl = self.cfg.acls.get(self.ref(r[0])) if r is not None else None
            if r is None or acl is None or not acl.entries:  # Comware: a missing or empty ACL filters nothing
                nets.append(ANY)
            else:
                nets += permitted_sources(replace(acl, default_action="deny"))
        m.allowed_from = sorted(ipaddress.collapse_addresses(nets))

    def finish(self) -> None:
        m = self.cfg.mgmt
        if self.pf_default_deny:
            for itf in self.cfg.interfaces.values():
                for ref in itf.acl_in + itf.acl_out:
                    acl = self.cfg.acls.get(self.ref(ref))
                    if acl is not None:
                        acl.default_action = "deny"
        if self.pw_control is not None:
            attempts, lock, line = self.pw_attempts or (DEFAULT_LOGIN_ATTEMPTS, DEFAULT_LOCK_MIN, self.pw_control)
            m.login_attempts, m.lockout_min = attempts, lock
            m.lines.setdefault("lockout", line)
        elif self.pw_attempts is not None:
            self.warn(self.pw_attempts[2], "password-control login-attempt without `password-control enable`: "
                                           "no lock-out")
        super().finish()
        if m.http_enabled is None:  # `ip http|https enable` are shown when on; absent means off
            m.http_enabled = False
        lg = self.cfg.logging
        applied = [(kind, ln) for kind, scheme, ln in self.domains.get(self.default_domain, [])
                   if self.acct_servers.get(scheme)]
        vty_cmd = [c.line for v in self.vty for c in v.children if c.words == ["command", "accounting"]]
        login = [ln for kind, ln in applied if kind == "login"]
        cmd = [ln for kind, ln in applied if kind == "command"] if vty_cmd else []
        lg.aaa_accounting = bool(login) and bool(cmd)
        if login or cmd:
            lg.lines["accounting"] = (login or cmd)[0]
        if cmd:
            lg.config_change_logging = True
            lg.lines["config_change"] = cmd[0]
        lg.login_logging = bool(login) or bool(lg.syslog_hosts)

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

from netwarden.parsers._common import deny_logging, to_addr, to_net
from netwarden.parsers.model import (
    ANY,
    AclEntry,
    Net,
    ParsedConfig,
    PSection,
)
from netwarden.platforms.document import device_lines
from netwarden.platforms.document import numbered as _body
from netwarden.platforms.linux_frr.frr import _Frr
from netwarden.platforms.linux_frr.layout import LayoutError, Section, split_sections
from netwarden.platforms.linux_frr.nft import parse_nft

__all__ = ["parse_linux_frr"]


def _split(line: str, comments: bool = False) -> list[str]:
    """shlex.split, with the (common) plain case done by str.split."""
    if '"' in line or "'" in line or "\\" in line or (comments and "#" in line):
        return shlex.split(line, comments=comments)
    return line.split()


def parse_linux_frr(text: str, source: str = "") -> ParsedConfig:
    cfg = ParsedConfig(platform="linux_frr", source=source, text_lines=device_lines(text))
    try:
        sections = split_sections(text)
    except LayoutError as e:
        cfg.warnings.append(f"layout: {e}")
        sections = {}
    if not sections:
        cfg.warnings.append("no '#@netwarden section=' markers: the whole text is read as an FRR configuration")
        sections = {"frr": Section("frr", "/etc/frr/frr.conf", text, 1)}
    else:
        cfg.sections = [PSection(s.name, s.path, s.first_line - 1) for s in sections.values()]
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

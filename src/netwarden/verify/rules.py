"""Per-device baseline rules: pure functions (context, parsed config) -> outcome.

A rule that cannot be checked says so ("skipped" when the input lacks what it needs,
"not applicable" when the platform has no such feature): it never passes by default."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from netwarden import platforms
from netwarden.model.intent import FlowRule
from netwarden.parsers.model import ANY, Acl, AclEntry, ParsedConfig
from netwarden.verify.acl import evaluate, nft_chains
from netwarden.verify.catalog import implements
from netwarden.verify.context import CheckContext

Net = ipaddress.IPv4Network
DEFAULT_ACCOUNTS = {"admin", "cisco", "root", "huawei", "super", "test", "guest", "user"}


@dataclass
class Outcome:
    status: Literal["checked", "not_applicable", "skipped"] = "checked"
    reason: str = ""
    fails: list[tuple[str, list[int]]] = field(default_factory=list)

    def fail(self, message: str, *lines: int) -> None:
        self.fails.append((message, [n for n in lines if n]))


def na(reason: str) -> Outcome:
    return Outcome("not_applicable", reason)


def skipped(reason: str) -> Outcome:
    return Outcome("skipped", reason)


RuleFn = Callable[[CheckContext, ParsedConfig], Outcome]
DEVICE_RULES: dict[str, RuleFn] = {}


def rule(rule_id: str) -> Callable[[RuleFn], RuleFn]:
    """Register a device rule in the catalog (and in DEVICE_RULES, the per-device fast lookup)."""

    def deco(fn: RuleFn) -> RuleFn:
        DEVICE_RULES[rule_id] = implements(rule_id, "device")(fn)
        return fn

    return deco


def _data_ifs(ctx: CheckContext, cfg: ParsedConfig) -> list[str]:
    if ctx.data_interfaces is not None:
        return [i for i in ctx.data_interfaces if i in cfg.interfaces] + [
            i for i in ctx.data_interfaces if i not in cfg.interfaces]
    return sorted(n for n, i in cfg.interfaces.items() if i.addresses and not n.lower().startswith(("lo", "mgmt")))


def _nft(cfg: ParsedConfig) -> bool:
    """Filtering by hook chains (input/forward/output with interface matches) rather than per-interface ACLs."""
    return platforms.get(cfg.platform).filtering == "nftables"


def _filters(cfg: ParsedConfig, ifname: str, direction: Literal["in", "out"]) -> list[tuple[Acl | None, str | None]]:
    """The filters traffic entering (in) or leaving (out) an interface meets, with the name used."""
    if _nft(cfg):
        hooks = ("input", "forward") if direction == "in" else ("forward", "output")
        out: list[tuple[Acl | None, str | None]] = []
        for h in hooks:
            chains = nft_chains(cfg, h)
            out += [(c, c.name) for c in chains] if chains else [(None, f"nftables {h} chain")]
        return out
    itf = cfg.interfaces.get(ifname)
    names = (itf.acl_in if direction == "in" else itf.acl_out) if itf else []
    if not names:
        return [(None, None)]
    return [(cfg.acls.get(n), n) for n in names]


def _kw(cfg: ParsedConfig, ifname: str, direction: str) -> dict[str, str]:
    if not _nft(cfg):
        return {}
    return {"iif": ifname} if direction == "in" else {"oif": ifname}


# --- Art. 5 -----------------------------------------------------------------------------


def _zone_filter_verdicts(ctx: CheckContext, cfg: ParsedConfig) -> Iterator[tuple[str, Any, Any, Any, Any]]:
    assert ctx.other_zone is not None
    for ifname in _data_ifs(ctx, cfg):
        if ifname not in cfg.interfaces:
            yield ifname, None, None, None, "missing"
            continue
        for direction, fld in (("in", "src"), ("out", "dst")):
            for acl, name in _filters(cfg, ifname, direction):  # type: ignore[arg-type]
                for p in ctx.other_zone:
                    if acl is None:
                        yield ifname, direction, p, name, None
                        continue
                    v = evaluate(acl, p, fld, **_kw(cfg, ifname, direction))  # type: ignore[arg-type]
                    yield ifname, direction, p, name, v


@rule("CFG-001")
def cfg_001(ctx: CheckContext, cfg: ParsedConfig) -> Outcome:
    o = Outcome()
    if cfg.hostname and cfg.hostname != ctx.device:
        o.fail(f"the configuration is for {cfg.hostname!r}, not {ctx.device!r}")
    return o


@rule("CFG-004")
def cfg_004(ctx: CheckContext, cfg: ParsedConfig) -> Outcome:
    """The parser's warnings: statements the device executes that the model does not represent. The rules
    judged the rest; what these lines do was judged by none (a finding, never a silent pass)."""
    o = Outcome()
    for w in cfg.warnings:
        head, _, rest = w.partition(": ")
        if head.startswith("line ") and head[5:].isdigit():
            o.fail(f"not read: {rest}", int(head[5:]))
        else:
            o.fail(f"not read: {w}")
    return o


@rule("ISO-003")
def iso_003(ctx: CheckContext, cfg: ParsedConfig) -> Outcome:
    if ctx.zone != "extranet":
        return na("applies to extranet devices")
    if ctx.other_zone is None:
        return skipped("needs the inventory's address plan (run verify with -i)")
    o = Outcome()
    seen: set[tuple[str, str | None]] = set()
    for ifname, direction, p, name, v in _zone_filter_verdicts(ctx, cfg):
        if v == "missing":
            o.fail(f"interface {ifname} (in the inventory) is not in the configuration")
        elif v is None:
            if (ifname, direction) not in seen:
                what = name or "no filter"
                o.fail(f"{ifname} {direction}bound: {what} applied, so intranet space {p} is not denied",
                       *cfg.interfaces[ifname].lines[:1])
                seen.add((ifname, direction))
        elif v.action == "permit" and not v.specific:
            o.fail(f"{ifname} {direction}bound: {name} lets intranet space {p} through"
                   + (f" (line {v.entry.line}: {v.entry.text.strip()})" if v.entry else " (default permit)"),
                   *(cfg.interfaces[ifname].lines[:1] + ([v.entry.line] if v.entry else [])))
    return o


@rule("ISO-005")
def iso_005(ctx: CheckContext, cfg: ParsedConfig) -> Outcome:
    if ctx.other_zone is None:
        return skipped("needs the inventory's address plan (run verify with -i)")
    o = Outcome()
    zone = "intranet" if ctx.zone == "extranet" else "extranet"
    reported: set[int] = set()
    for ifname, _direction, p, name, v in _zone_filter_verdicts(ctx, cfg):
        if isinstance(v, str) or v is None or v.entry is None:
            continue
        if v.action == "permit" and v.specific and v.entry.line not in reported:
            reported.add(v.entry.line)
            o.fail(f"{name} permits {zone} space {p} on {ifname}: {v.entry.text.strip()}", v.entry.line)
    for acl in cfg.acls.values():  # permits of the other zone anywhere, even where not applied
        for e in acl.entries:
            if e.action != "permit" or e.line in reported:
                continue
            for p in ctx.other_zone:
                if any(n.subnet_of(p) or (p.subnet_of(n) and n.prefixlen > 0) for n in e.src + e.dst):
                    reported.add(e.line)
                    o.fail(f"{acl.name} permits {zone} space {p}: {e.text.strip()}", e.line)
                    break
    for n in cfg.nat:
        for p in ctx.other_zone:
            if any(s.overlaps(p) and s.prefixlen > 0 for s in n.sources):
                o.fail(f"NAT translates {zone} space {p}: {n.text.strip()}", n.line)
    return o


@rule("ISO-002")
def iso_002(ctx: CheckContext, cfg: ParsedConfig) -> Outcome:
    if ctx.other_zone is None:
        return skipped("needs the inventory's address plan (run verify with -i)")
    o = Outcome()
    zone = "intranet" if ctx.zone == "extranet" else "extranet"
    for r in cfg.static_routes:
        for p in ctx.other_zone:
            if r.prefix.prefixlen > 0 and r.prefix.overlaps(p):
                o.fail(f"static route to {r.prefix} carries {zone} space {p}", r.line)
    if cfg.bgp:
        for net, line in cfg.bgp.networks:
            for p in ctx.other_zone:
                if net.prefixlen > 0 and net.overlaps(p):
                    o.fail(f"BGP announces {net} ({zone} space {p})", line)
        for nb in cfg.bgp.neighbors:
            for direction, rm, pl in (("in", nb.route_map_in, nb.prefix_list_in),
                                      ("out", nb.route_map_out, nb.prefix_list_out)):
                if not all(_policy_denies(cfg, rm, pl, p) for p in ctx.other_zone):
                    o.fail(f"BGP neighbor {nb.address} has no {direction}bound policy denying {zone} space",
                           nb.line)
    for ospf in cfg.ospf:
        for net, _area in ospf.networks:
            for p in ctx.other_zone:
                if net.prefixlen > 0 and net.subnet_of(p):
                    o.fail(f"OSPF runs on {net} ({zone} space {p})", *ospf.lines[:1])
    redists = [rd for ospf in cfg.ospf for rd in ospf.redistribute] + (cfg.bgp.redistribute if cfg.bgp else [])
    for rd in redists:
        if not all(_policy_denies(cfg, rd.route_map, None, p) for p in ctx.other_zone):
            o.fail(f"redistribute {rd.source} without a route-map denying {zone} space", rd.line)
    return o


def _policy_denies(cfg: ParsedConfig, route_map: str | None, prefix_list: str | None, p: Net) -> bool:
    if prefix_list:
        return _prefix_list_result(cfg, prefix_list, p) == "deny"
    if not route_map or route_map not in cfg.route_maps:
        return False
    for e in sorted(cfg.route_maps[route_map], key=lambda x: x.seq):
        if not e.match_prefix_lists and not e.match_acls and not e.other_matches:
            return e.action == "deny"  # matches everything
        if e.match_prefix_lists and any(_prefix_list_result(cfg, pl, p) == "permit" for pl in e.match_prefix_lists):
            return e.action == "deny"
    return True  # route-maps end in an implicit deny


def _prefix_list_result(cfg: ParsedConfig, name: str, p: Net) -> str:
    for e in cfg.prefix_lists.get(name, []):
        le = e.le if e.le is not None else (32 if e.ge is not None else e.prefix.prefixlen)
        ge = e.ge if e.ge is not None else e.prefix.prefixlen
        if p.subnet_of(e.prefix) and ge <= p.prefixlen <= le:
            return e.action
    return "deny"


@rule("ISO-004")
def iso_004(ctx: CheckContext, cfg: ParsedConfig) -> Outcome:
    if ctx.other_zone is None:
        return skipped("needs the inventory's address plan (run verify with -i)")
    o = Outcome()
    zone = "intranet" if ctx.zone == "extranet" else "extranet"
    for itf in cfg.interfaces.values():
        for a in itf.addresses:
            for p in ctx.other_zone:
                if a.network.overlaps(p):
                    o.fail(f"{itf.name} is addressed {a} in {zone} space {p}", *itf.lines[:2])
    return o


# --- Art. 7 -----------------------------------------------------------------------------


@rule("EXIT-003")
def exit_003(ctx: CheckContext, cfg: ParsedConfig) -> Outcome:
    if ctx.zone != "extranet":
        return na("applies to extranet devices")
    o = Outcome()
    if ctx.is_exit:
        return o
    for n in cfg.nat:
        o.fail(f"NAT on a device that is not the provincial exit: {n.text.strip()}", n.line)
    for itf in cfg.interfaces.values():
        if itf.nat == "outside":
            o.fail(f"{itf.name} is a NAT outside interface", *itf.lines[:1])
    return o


def _within(n: Net, pool: tuple[Net, ...] | list[Net]) -> bool:
    """n lies inside the union of pool (adjacent prefixes merged, as nftables prints sets)."""
    return any(n.subnet_of(c) for c in ipaddress.collapse_addresses(pool))


def _flow_covers(allowed: list[FlowRule], e: AclEntry) -> FlowRule | None:
    """The allowed flow that covers a permit entry entirely, if any."""
    for f in allowed:
        if e.proto not in (f.proto,) and not (f.proto == "icmp" and e.proto == "icmp"):
            continue
        if not all(_within(s, f.sources) for s in e.src):
            continue
        if not all(_within(d, f.destinations) for d in e.dst):
            continue
        if f.proto != "icmp":
            if not e.dports:
                continue
            if not all(any(a_lo <= lo and hi <= a_hi for a_lo, a_hi in f.ports) for lo, hi in e.dports):
                continue
        return f
    return None


LINK_LOCAL_MCAST = ipaddress.IPv4Network("224.0.0.0/24")


def _internet_bound(e: AclEntry, gov: list[Any]) -> bool:
    """Whether a rule's destinations can be on the Internet: not all in government space, and not all
    link-local multicast (OSPF hellos and the like are never forwarded)."""
    if all(any(d.subnet_of(g) for g in gov) for d in e.dst) and ANY not in e.dst:
        return False
    return not all(d.subnet_of(LINK_LOCAL_MCAST) for d in e.dst)


def _internet_permits(ctx: CheckContext, cfg: ParsedConfig) -> tuple[list[AclEntry], list[str], list[int]]:
    """Permit entries that can let new extranet traffic out to the Internet, and problems."""
    problems: list[str] = []
    lines: list[int] = []
    inet = set(ctx.internet_interfaces or [])
    inside = set(ctx.inside_interfaces or [])
    gov = list((ctx.own_zone or ()) + (ctx.other_zone or ()) + ctx.dmz_prefixes)
    permits: list[AclEntry] = []
    if _nft(cfg):
        chains = nft_chains(cfg, "forward")
        if not chains:
            return [], ["no nftables forward chain: everything is forwarded to the Internet"], []
        for ch in chains:
            closed = False
            for e in ch.entries:
                if e.established:
                    continue
                to_inet = (not e.oif or bool(inet & set(e.oif))) and (not e.iif or bool(set(e.iif) - inet))
                if not to_inet:
                    continue
                if not _internet_bound(e, gov):
                    continue
                if e.action == "deny":
                    if ANY in e.src and ANY in e.dst and e.proto in ("ip", "any") and not e.dports:
                        closed = True
                        break
                    continue
                permits.append(e)
            if not closed and ch.default_action == "permit":
                problems.append(f"{ch.name} ends without denying other Internet-bound traffic (policy accept)")
                lines.append(ch.line)
        return permits, problems, lines
    for ifname in sorted(inside):
        itf = cfg.interfaces.get(ifname)
        if itf is None:
            continue
        if not itf.acl_in:
            problems.append(f"{ifname} has no inbound exit policy: every source may reach the Internet")
            lines += itf.lines[:1]
            continue
        for name in itf.acl_in:
            acl = cfg.acls.get(name)
            if acl is None:
                problems.append(f"{ifname}: ACL {name} is applied but not defined")
                continue
            closed = False
            for e in acl.entries:
                if e.established:
                    continue
                if not _internet_bound(e, gov):
                    continue
                if e.action == "deny":
                    if ANY in e.dst and ANY in e.src and e.proto in ("ip", "any"):
                        closed = True
                        break
                    continue
                if e not in permits:
                    permits.append(e)
            if not closed and acl.default_action == "permit":
                problems.append(f"{name} does not end in a deny")
    return permits, problems, lines


@rule("EXIT-004")
def exit_004(ctx: CheckContext, cfg: ParsedConfig) -> Outcome:
    if not ctx.is_exit:
        return na("applies to the provincial exit")
    if ctx.internet_interfaces is None:
        return skipped("needs the inventory's allow-list (run verify with -i)")
    o = Outcome()
    permits, problems, lines = _internet_permits(ctx, cfg)
    for p in problems:
        o.fail(p, *lines)
    covered = set()
    for e in permits:
        f = _flow_covers(ctx.allow, e)
        if f is not None:
            covered.add(id(f))
            continue
        if _flow_covers(ctx.expired, e) is not None:
            continue  # EXIT-005
        o.fail(f"permits Internet traffic that no allow-list entry authorises: {e.text.strip()}", e.line)
    for f in ctx.allow:
        if id(f) not in covered and not _flow_permitted(f, permits):
            o.fail(f"allow-listed flow {f.name} ({f.reference}: {', '.join(map(str, f.sources))} -> "
                   f"{', '.join(map(str, f.destinations))} {f.proto} {_ports(f.ports)}) is not permitted")
    return o


def _ports(ports: tuple[tuple[int, int], ...]) -> str:
    return ",".join(str(lo) if lo == hi else f"{lo}-{hi}" for lo, hi in ports)


def _flow_permitted(f: FlowRule, permits: list[AclEntry]) -> bool:
    for s in f.sources:
        for d in f.destinations:
            ok = False
            for e in permits:
                if e.proto != f.proto:
                    continue
                inside = _within(s, e.src) and _within(d, e.dst)
                if inside and (f.proto == "icmp" or
                               all(any(lo <= a and b <= hi for lo, hi in e.dports) for a, b in f.ports)):
                    ok = True
                    break
            if not ok:
                return False
    return True


@rule("EXIT-005")
def exit_005(ctx: CheckContext, cfg: ParsedConfig) -> Outcome:
    if not ctx.is_exit:
        return na("applies to the provincial exit")
    if ctx.internet_interfaces is None:
        return skipped("needs the inventory's allow-list (run verify with -i)")
    o = Outcome()
    seen: set[tuple[str, str, str]] = set()
    for x in ctx.expired:  # the inventory still lists it: renew or remove, whatever the config does
        if (x.name, x.reference, x.expires) not in seen:
            seen.add((x.name, x.reference, x.expires))
            o.fail(f"the allow-list still lists {x.name} ({x.reference}), whose approval expired on {x.expires}: "
                   "renew the approval or remove the entry")
    permits, _p, _l = _internet_permits(ctx, cfg)
    for e in permits:
        if _flow_covers(ctx.allow, e) is None:
            f = _flow_covers(ctx.expired, e)
            if f is not None:
                o.fail(f"permits {f.name} ({f.reference}), whose approval expired on {f.expires}: "
                       f"{e.text.strip()}", e.line)
    return o


@rule("EXIT-006")
def exit_006(ctx: CheckContext, cfg: ParsedConfig) -> Outcome:
    if not ctx.is_exit:
        return na("applies to the provincial exit")
    if ctx.internet_interfaces is None:
        return skipped("needs the inventory (run verify with -i)")
    if not ctx.dmz_prefixes:
        return na("the province has no dmz")
    o = Outcome()
    extranet = list(ctx.own_zone or ())
    nft = _nft(cfg)
    for acl in cfg.acls.values():
        for e in acl.entries:
            if e.action != "permit" or e.established:
                continue
            if nft and e.iif and not set(e.iif) & set(ctx.dmz_interfaces or []):
                continue
            from_dmz = all(any(s.subnet_of(d) for d in ctx.dmz_prefixes) for s in e.src) and ANY not in e.src
            if nft and set(e.iif) & set(ctx.dmz_interfaces or []):
                from_dmz = True
            if not from_dmz:
                continue
            to_ext = any(d.overlaps(x) for d in e.dst for x in extranet)
            if to_ext and _flow_covers(ctx.dmz_rules, e) is None:
                o.fail(f"{acl.name} lets the dmz reach the extranet beyond the approved dmz rules: {e.text.strip()}",
                       e.line)
    return o


# --- Art. 8, 9 --------------------------------------------------------------------------


@rule("PKI-001")
def pki_001(ctx: CheckContext, cfg: ParsedConfig) -> Outcome:
    o = Outcome()
    if platforms.get(cfg.platform).trust == "ssh_user_ca":
        if not cfg.trust.ssh_user_ca_keys:
            o.fail("sshd trusts no user CA (TrustedUserCAKeys) for certificate logins")
        elif ctx.ca_key is not None:
            want = " ".join(ctx.ca_key.split()[:2])
            if not any(" ".join(k.split()[:2]) == want for k in cfg.trust.ssh_user_ca_keys):
                o.fail("the trusted user CA is not the provincial e-government CA",
                       cfg.trust.lines.get("ssh_ca", 0))
        return o
    if not cfg.trust.trustpoints:
        o.fail("no PKI trustpoint/realm for the provincial e-government CA")
    elif ctx.ca_fingerprint is not None:
        fps = [fp.lower().replace(":", "") for _n, fp in cfg.trust.trustpoints]
        if ctx.ca_fingerprint.lower() not in fps:
            o.fail("no trustpoint pins the provincial CA's fingerprint", cfg.trust.lines.get("trustpoint", 0))
    return o


@rule("MON-001")
def mon_001(ctx: CheckContext, cfg: ParsedConfig) -> Outcome:
    o = Outcome()
    hosts = cfg.logging.syslog_hosts
    line = cfg.logging.lines.get("syslog", 0)
    if len(hosts) < ctx.lv.min_syslog_servers:
        o.fail(f"{len(hosts)} syslog server(s) configured; protection level {ctx.level} needs "
               f"{ctx.lv.min_syslog_servers}", line)
    if ctx.syslog is not None:
        missing = [str(a) for a in ctx.syslog if a not in hosts]
        if missing:
            o.fail(f"logs do not go to the monitoring servers {', '.join(missing)}", line)
    return o


@rule("MON-002")
def mon_002(ctx: CheckContext, cfg: ParsedConfig) -> Outcome:
    o = Outcome()
    line = cfg.snmp.lines.get("community", 0)
    for c in cfg.snmp.communities:
        o.fail(f"SNMP v1/v2c community {'*' * min(len(c), 8)} configured (cleartext, no authentication)", line)
    if not any(a and p for _u, a, p in cfg.snmp.v3_users):
        o.fail("no SNMPv3 user with authentication and privacy", cfg.snmp.lines.get("user", 0))
    return o


@rule("MON-003")
def mon_003(ctx: CheckContext, cfg: ParsedConfig) -> Outcome:
    o = Outcome()
    if len(cfg.ntp_servers) < ctx.lv.min_ntp_servers:
        o.fail(f"{len(cfg.ntp_servers)} NTP server(s); protection level {ctx.level} needs {ctx.lv.min_ntp_servers}")
    if ctx.ntp is not None:
        missing = [str(a) for a in ctx.ntp if a not in cfg.ntp_servers]
        if missing:
            o.fail(f"time is not taken from the provincial NTP servers {', '.join(missing)}")
    return o


# --- Art. 11, 13 --------------------------------------------------------------------------


@rule("MGMT-001")
def mgmt_001(ctx: CheckContext, cfg: ParsedConfig) -> Outcome:
    o = Outcome()
    m = cfg.mgmt
    if m.telnet_enabled:
        o.fail("telnet is enabled (cleartext management)", m.lines.get("telnet", 0))
    if m.http_enabled:
        o.fail("the HTTP management server is enabled", m.lines.get("http", 0))
    if m.ssh_enabled is False:
        o.fail("SSH is not enabled for management", m.lines.get("ssh", 0))
    if m.ssh_v2_only is False:
        o.fail("SSH version 1 is allowed", m.lines.get("ssh_version", 0))
    return o


@rule("MGMT-002")
def mgmt_002(ctx: CheckContext, cfg: ParsedConfig) -> Outcome:
    o = Outcome()
    m = cfg.mgmt
    if m.allowed_from is None:
        o.fail("management access is not restricted to management prefixes"
               + (f" (ACL {m.vty_acl} is not defined)" if m.vty_acl else ""), m.lines.get("vty_acl", 0))
        return o
    if ctx.mgmt_prefixes is None:
        if any(n.prefixlen == 0 for n in m.allowed_from):
            o.fail("management access is allowed from anywhere", m.lines.get("vty_acl", 0))
        return o
    for n in m.allowed_from:
        if not any(n.subnet_of(p) for p in ctx.mgmt_prefixes):
            o.fail(f"management access allowed from {n}, outside the {ctx.zone} management prefixes "
                   f"({', '.join(map(str, ctx.mgmt_prefixes))})", m.lines.get("vty_acl", m.lines.get("allow", 0)))
    return o


@rule("MGMT-003")
def mgmt_003(ctx: CheckContext, cfg: ParsedConfig) -> Outcome:
    o = Outcome()
    t = cfg.mgmt.exec_timeout_min
    want = ctx.lv.session_timeout_min
    line = cfg.mgmt.lines.get("timeout", 0)
    if t is None or t == 0:
        o.fail(f"idle management sessions never time out (level {ctx.level}: {want} min)", line)
    elif t > want:
        o.fail(f"idle time-out {t:g} min is longer than {want} min (level {ctx.level})", line)
    return o


@rule("MGMT-004")
def mgmt_004(ctx: CheckContext, cfg: ParsedConfig) -> Outcome:
    o = Outcome()
    m = cfg.mgmt
    line = m.lines.get("lockout", 0)
    if m.login_attempts is None or m.lockout_min is None:
        o.fail(f"no login-failure lock-out (level {ctx.level}: {ctx.lv.login_attempts} attempts, "
               f"{ctx.lv.lockout_min} min)", line)
        return o
    if m.login_attempts > ctx.lv.login_attempts:
        o.fail(f"lock-out after {m.login_attempts} failures; level {ctx.level} allows {ctx.lv.login_attempts}", line)
    if m.lockout_min < ctx.lv.lockout_min:
        o.fail(f"lock-out lasts {m.lockout_min:g} min; level {ctx.level} needs {ctx.lv.lockout_min}", line)
    return o


@rule("MGMT-005")
def mgmt_005(ctx: CheckContext, cfg: ParsedConfig) -> Outcome:
    o = Outcome()
    if not cfg.mgmt.banner:
        o.fail("no login banner")
    return o


@rule("MGMT-006")
def mgmt_006(ctx: CheckContext, cfg: ParsedConfig) -> Outcome:
    o = Outcome()
    m = cfg.mgmt
    if m.root_login:
        o.fail("root may log in remotely", m.lines.get("root_login", 0))
    if m.password_auth:
        o.fail("password logins are allowed; management logins use CA-signed certificates (Art. 8)",
               m.lines.get("password_auth", 0))
    for name, line in m.lines.items():
        if name.startswith("user:") and name[5:].lower() in DEFAULT_ACCOUNTS:
            o.fail(f"default account {name[5:]!r} is configured", line)
    return o


# --- Art. 14, 15 --------------------------------------------------------------------------


@rule("AUD-001")
def aud_001(ctx: CheckContext, cfg: ParsedConfig) -> Outcome:
    o = Outcome()
    lg = cfg.logging
    if not lg.aaa_accounting:
        o.fail("management sessions and commands are not accounted (AAA accounting / verbose sshd logging)",
               lg.lines.get("accounting", 0))
    if lg.login_logging is False:
        o.fail("logins and login failures are not logged", lg.lines.get("login", 0))
    return o


@rule("AUD-002")
def aud_002(ctx: CheckContext, cfg: ParsedConfig) -> Outcome:
    o = Outcome()
    if not cfg.logging.config_change_logging:
        o.fail("configuration changes are not logged", cfg.logging.lines.get("config_change", 0))
    return o


@rule("AUD-003")
def aud_003(ctx: CheckContext, cfg: ParsedConfig) -> Outcome:
    if ctx.zone != "extranet":
        return na("applies to extranet devices")
    o = Outcome()
    if cfg.logging.deny_logging is False:
        o.fail("boundary deny rules do not log", cfg.logging.lines.get("deny_log", 0))
    elif cfg.logging.deny_logging is None:
        unlogged = [e for a in cfg.acls.values() for e in a.entries
                    if e.action == "deny" and not e.log and a.kind != "standard"]
        denies = [e for a in cfg.acls.values() for e in a.entries if e.action == "deny"]
        if not denies:
            o.fail("no boundary deny rules to log")
        for e in unlogged[:5]:
            o.fail(f"deny without logging: {e.text.strip()}", e.line)
    return o


@rule("AV-001")
def av_001(ctx: CheckContext, cfg: ParsedConfig) -> Outcome:
    if not ctx.is_exit:
        return na("applies to the provincial exit")
    if cfg.av_profile is None:
        return na(f"{cfg.platform} has no anti-virus/IPS engine")
    o = Outcome()
    if not cfg.av_profile:
        o.fail("Internet-facing policy has no AV/IPS profile")
    return o

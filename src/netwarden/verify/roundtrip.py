"""CFG-003, the round trip: every rendered configuration is parsed back and must be what the inventory and
the baseline asked for, element by element, and nothing more.

:func:`extras` compares one device's parsed rendered config with its context (``render/context.py``, the
per-device intent): local accounts, interfaces (addresses, descriptions, state, OSPF, NAT side, filters
bound), static routes, OSPF and BGP, NAT, filters (names, and their entries as atoms: action, protocol,
source, destination, ports, interfaces), routing filters, trust anchors, syslog / NTP / SNMP / AAA targets,
SNMP users and communities, a document's file sections; the parser's warnings; and every statement of no
form the platform declares (``parsers/vocabulary.py``: "not modelled"). What was asked for is derived from
the inventory, the intent and the baseline, never by rendering again: the templates are what is checked.

Only the intended configs are checked so (render, verify without ``--configs``, apply's static gate, the
pre-connection gate's static stage): a running config legitimately differs (that is drift, DRIFT-001)."""

from __future__ import annotations

import ipaddress
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from netwarden import platforms
from netwarden.model.intent import FlowRule
from netwarden.parsers._cli import dotted_area
from netwarden.parsers.model import ANY, Acl, AclEntry, ParsedConfig
from netwarden.parsers.vocabulary import Vocabulary
from netwarden.render.context import DeviceCtx
from netwarden.render.engine import ZONE_PREFIX_LIST, ZONE_ROUTE_MAP
from netwarden.secrets import mask
from netwarden.verify.catalog import implements
from netwarden.verify.intake import Unreadable, read_config

if TYPE_CHECKING:
    from netwarden.baseline import Baseline
    from netwarden.model.types import Network

Net = ipaddress.IPv4Network
Port = tuple[int, int] | None
# one filter atom: (action, protocol, source, destination, destination port, source port, established, in, out)
Atom = tuple[str, str, Net, Net, Port, Port, bool, frozenset[str], frozenset[str]]
NONE: frozenset[str] = frozenset()
OSPF_GROUPS = (Net("224.0.0.5/32"), Net("224.0.0.6/32"))


@implements("CFG-003", "render")
def extras(ctx: DeviceCtx, cfg: ParsedConfig) -> list[str]:
    """One line per element of the parsed rendered config that was not asked for (and, where that is
    exact, per element asked for and missing), naming the element and its value; [] when the round trip
    holds. Lines quoting the configuration are masked (the inventory's secrets, every platform's forms)."""
    voc = platforms.vocabulary(ctx.platform)
    out: list[str] = [f"parser: {w}" for w in cfg.warnings]
    out += [f"not modelled (line {s.line}): {mask(s.text)}" for s in voc.unmodelled(cfg.text_lines)]
    if cfg.hostname != ctx.hostname:
        out.append(f"hostname {cfg.hostname!r}: the inventory's is {ctx.hostname!r}")
    for element in ELEMENTS:
        element(ctx, cfg, voc, out)
    secrets = ctx.secrets.values()
    return [mask(m, secrets) for m in out]


def _ifname(ctx: DeviceCtx, name: str) -> str:
    return platforms.get(ctx.platform).canonical_interface(name)


def _names(xs: Iterable[Any]) -> str:
    return ", ".join(map(str, xs)) or "none"


# --- accounts, interfaces, routes ----------------------------------------------------------------

def _users(ctx: DeviceCtx, cfg: ParsedConfig, voc: Vocabulary, out: list[str]) -> None:
    want = {ctx.settings["aaa"]["local_admin"]} if voc.local_admin else set()
    seen: dict[str, int] = {}
    for u in cfg.users:
        seen.setdefault(u.name, u.line)
    for name, line in seen.items():
        if name not in want:
            why = (f"the baseline asks only for {', '.join(map(repr, sorted(want)))}" if want
                   else f"the baseline asks for no local account on {ctx.platform}")
            out.append(f"local user {name!r} (line {line}): {why}")
    out += [f"local user {name!r}: asked for by the baseline, not in the configuration"
            for name in sorted(want - seen.keys())]


def _norm(text: str) -> str:
    return " ".join(text.split())


def _interfaces(ctx: DeviceCtx, cfg: ParsedConfig, voc: Vocabulary, out: list[str]) -> None:
    names = voc.filter_names(ctx.settings)
    want = {_ifname(ctx, i.name): i for i in ctx.interfaces}
    area = dotted_area(ctx.ospf.area) if ctx.ospf is not None else None
    loopback = None
    if ctx.loopback is not None:
        loopback = next((n for n, p in cfg.interfaces.items() if n not in want and p.addresses == [ctx.loopback]), None)
        if loopback is None:
            out.append(f"loopback {ctx.loopback}: in the inventory, no interface of the configuration holds it")
    for name, p in cfg.interfaces.items():
        line = p.lines[0] if p.lines else 0
        at = f"interface {name} (line {line})"
        if name == loopback:
            if p.ospf_area != area:
                out.append(f"{at}, the loopback: OSPF area {p.ospf_area or 'none'}, the inventory's is "
                           f"{area or 'none'}")
            if p.acl_in or p.acl_out or p.nat:
                out.append(f"{at}, the loopback: filtered or translated, the inventory asks for neither")
            continue
        i = want.get(name)
        if i is None:
            out.append(f"{at}: not in the inventory")
            continue
        exp = [i.address] if i.address is not None else []
        if sorted(p.addresses) != sorted(exp):
            out.append(f"{at}: address {_names(p.addresses)}, the inventory's is {_names(exp)}")
        if _norm(p.description) != _norm(i.description):
            out.append(f"{at}: description {p.description!r}, the inventory's is {i.description!r}")
        if p.shutdown != i.shutdown:
            out.append(f"{at}: {'shut down' if p.shutdown else 'up'}, the inventory has it "
                       f"{'shut down' if i.shutdown else 'up'}")
        exp_area = area if i.ospf else None
        if p.ospf_area != exp_area:
            out.append(f"{at}: OSPF area {p.ospf_area or 'none'}, the inventory's is {exp_area or 'none'}")
        allowed = set()
        if ctx.is_exit and (i.nat_outside or i.faces == "internet"):
            allowed.add("outside")
        if ctx.is_exit and i.nat_inside:
            allowed.add("inside")
        if p.nat is not None and p.nat not in allowed:
            out.append(f"{at}: NAT {p.nat}, the inventory's interface is not the exit's NAT {p.nat}")
        if platforms.get(ctx.platform).filtering == "interface_acl":
            fin, fout = _bound(ctx, i.faces, i.nat_inside, i.zone_filter, names)
            if p.acl_in != fin or p.acl_out != fout:
                out.append(f"{at}: filters in {_names(p.acl_in)}, out {_names(p.acl_out)}; the inventory's "
                           f"interface takes in {_names(fin)}, out {_names(fout)}")
        elif p.acl_in or p.acl_out:
            out.append(f"{at}: filters {_names(p.acl_in + p.acl_out)} bound, the platform filters by chains")
    out += [f"interface {name}: in the inventory, not in the configuration" for name in want
            if name not in cfg.interfaces]


def _bound(ctx: DeviceCtx, faces: str, nat_inside: bool, zone_filter: bool,
           names: dict[str, str] | Any) -> tuple[list[str], list[str]]:
    """The filters an interface of the inventory takes inbound and outbound (interface ACLs)."""
    if not zone_filter:
        return [], []
    if ctx.is_exit and faces == "internet":
        return [names["internet"]], [names["zone"]]
    if ctx.is_exit and nat_inside:
        return [names["exit"]], [names["zone"]]
    return [names["zone"]], [names["zone"]]


def _static(ctx: DeviceCtx, cfg: ParsedConfig, voc: Vocabulary, out: list[str]) -> None:
    want = {(r.prefix, r.next_hop): r for r in ctx.static}
    seen = set()
    for r in cfg.static_routes:
        w = want.get((r.prefix, r.next_hop))
        via = r.next_hop if r.next_hop is not None else r.interface
        at = f"static route {r.prefix} via {via} (line {r.line})"
        if w is None:
            out.append(f"{at}: not in the inventory")
            continue
        seen.add((r.prefix, r.next_hop))
        if r.interface is not None and (w.interface is None or _ifname(ctx, r.interface) != _ifname(ctx, w.interface)):
            out.append(f"{at}: out of {r.interface}, the inventory's goes out of {w.interface or 'its next hop'}")
    out += [f"static route {p} via {nh if nh is not None else r.interface}: in the inventory, not in the "
            "configuration" for (p, nh), r in want.items() if (p, nh) not in seen]


def _ospf(ctx: DeviceCtx, cfg: ParsedConfig, voc: Vocabulary, out: list[str]) -> None:
    o = ctx.ospf
    if o is None:
        out += [f"OSPF process {p.process} (line {p.lines[0] if p.lines else 0}): the inventory runs no OSPF on "
                "this device" for p in cfg.ospf]
        return
    if not cfg.ospf:
        out.append(f"OSPF router-id {o.router_id}: in the inventory, not in the configuration")
        return
    p, *more = cfg.ospf
    out += [f"OSPF process {x.process} (line {x.lines[0] if x.lines else 0}): a second process, the inventory "
            "asks for one" for x in more]
    at = f"OSPF process {p.process} (line {p.lines[0] if p.lines else 0})"
    if p.router_id != o.router_id:
        out.append(f"{at}: router-id {p.router_id}, the inventory's is {o.router_id}")
    area = dotted_area(o.area)
    want = {(i.address.network, area) for i in ctx.interfaces if i.ospf and i.address is not None}
    if ctx.loopback is not None:
        want.add((ctx.loopback.network, area))
    got = set(p.networks)
    out += [f"OSPF network {n} area {a}: not an OSPF interface of the inventory" for n, a in sorted(got - want)]
    out += [f"OSPF network {n} area {a}: in the inventory, not in the configuration" for n, a in sorted(want - got)]
    if p.default_originate != o.default_originate:
        out.append(f"{at}: {'originates' if p.default_originate else 'does not originate'} a default route, the "
                   f"inventory {'asks for it' if o.default_originate else 'does not'}")
    got_r = {voc.protocol_names.get(r.source, r.source): r for r in p.redistribute}
    out += [f"OSPF redistribute {s} (line {r.line}): not in the inventory" for s, r in got_r.items()
            if s not in o.redistribute]
    out += [f"OSPF redistribute {s}: in the inventory, not in the configuration" for s in o.redistribute
            if s not in got_r]
    out += [f"OSPF redistribute {s} (line {r.line}): route-map {r.route_map}, not {ZONE_ROUTE_MAP}"
            for s, r in got_r.items() if r.route_map != ZONE_ROUTE_MAP]


def _bgp(ctx: DeviceCtx, cfg: ParsedConfig, voc: Vocabulary, out: list[str]) -> None:
    b, p = ctx.bgp, cfg.bgp
    if b is None:
        if p is not None:
            out.append(f"BGP AS {p.asn} (line {p.lines[0] if p.lines else 0}): the inventory runs no BGP on this "
                       "device")
        return
    if p is None:
        out.append(f"BGP AS {b.asn}: in the inventory, not in the configuration")
        return
    at = f"BGP AS {p.asn} (line {p.lines[0] if p.lines else 0})"
    if p.asn != b.asn:
        out.append(f"{at}: the inventory's AS is {b.asn}")
    if p.router_id != b.router_id:
        out.append(f"{at}: router-id {p.router_id}, the inventory's is {b.router_id}")
    want = {n.address: n.remote_as for n in b.neighbors}
    for nb in p.neighbors:
        na = f"BGP neighbour {nb.address} remote-as {nb.remote_as} (line {nb.line})"
        if want.get(nb.address, -1) != nb.remote_as:
            out.append(f"{na}: not a neighbour of the inventory" if nb.address not in want else
                       f"{na}: the inventory's remote AS is {want[nb.address]}")
            continue
        if nb.default_originate != (nb.address in b.default_originate_to):
            out.append(f"{na}: default-originate {'on' if nb.default_originate else 'off'}, the inventory's is "
                       f"{'on' if nb.address in b.default_originate_to else 'off'}")
        if nb.route_map_in != ZONE_ROUTE_MAP or nb.route_map_out != ZONE_ROUTE_MAP:
            out.append(f"{na}: policies in {nb.route_map_in}, out {nb.route_map_out}, not {ZONE_ROUTE_MAP} both ways")
    got = {nb.address for nb in p.neighbors}
    out += [f"BGP neighbour {a} remote-as {r}: in the inventory, not in the configuration" for a, r in want.items()
            if a not in got]
    nets = {n for n, _ in p.networks}
    out += [f"BGP network {n} (line {line}): not announced by the inventory" for n, line in p.networks
            if n not in b.networks]
    out += [f"BGP network {n}: in the inventory, not in the configuration" for n in b.networks if n not in nets]
    out += [f"BGP redistribute {r.source} (line {r.line}): the inventory redistributes nothing into BGP"
            for r in p.redistribute]


def _pool(net: Net) -> list[ipaddress.IPv4Address]:
    return list(net.hosts()) if net.prefixlen < 31 else list(net)


def _nat(ctx: DeviceCtx, cfg: ParsedConfig, voc: Vocabulary, out: list[str]) -> None:
    if not (ctx.is_exit and ctx.nat_pool is not None and ctx.nat_sources):
        out += [f"NAT rule (line {n.line}: {n.text.strip()}): the inventory asks for no NAT on this device"
                for n in cfg.nat]
        return
    pool = _pool(ctx.nat_pool)
    sources = sorted(ipaddress.collapse_addresses(ctx.nat_sources))
    outside = {_ifname(ctx, i.name) for i in ctx.interfaces if i.nat_outside or i.faces == "internet"}
    good = 0
    for n in cfg.nat:
        why = []
        if n.kind != "source" or n.masquerade:
            why.append(f"{'masquerade' if n.masquerade else n.kind} NAT, the inventory's is source NAT to a pool")
        got = sorted(ipaddress.collapse_addresses(n.sources))
        if got != sources:
            why.append(f"translates {_names(got)}, the allow-listed sources are {_names(sources)}")
        if sorted(set(n.pool)) != pool:
            rng = f"{min(n.pool)}-{max(n.pool)}" if n.pool else "nothing"
            why.append(f"to {rng}, the exit's pool is {pool[0]}-{pool[-1]}")
        if not n.out_interfaces or not set(n.out_interfaces) <= outside:
            why.append(f"out of {_names(n.out_interfaces)}, the exit's Internet side is {_names(sorted(outside))}")
        if why:
            out.append(f"NAT rule (line {n.line}: {n.text.strip()}): " + "; ".join(why))
        else:
            good += 1
    if not good:
        out.append(f"NAT of the allow-listed sources to the exit's pool {ctx.nat_pool}: asked for, not in the "
                   "configuration")


# --- filters ----------------------------------------------------------------------------------------

def _atom(action: str, proto: str = "ip", src: Net = ANY, dst: Net = ANY, dport: Port = None, sport: Port = None,
          established: bool = False, iif: Iterable[str] = (), oif: Iterable[str] = ()) -> Atom:
    return (action, proto, src, dst, dport, sport, established, frozenset(iif), frozenset(oif))


def _atoms(e: AclEntry, dst_alias: Net | None = None) -> list[Atom]:
    """An entry as atoms (one per source, destination and port range); ``dst_alias`` counts as any destination."""
    iif, oif = frozenset(e.iif), frozenset(e.oif)
    dports: list[Port] = [*e.dports] or [None]
    sports: list[Port] = [*e.sports] or [None]
    out: list[Atom] = []
    for s in e.src:
        for d in e.dst:
            d = ANY if d == dst_alias else d
            out += [(e.action, e.proto, s, d, dp, sp, e.established, iif, oif) for dp in dports for sp in sports]
    return out


def _describe(a: Atom, nft: bool) -> str:
    action, proto, src, dst, dp, sp, est, iif, oif = a
    word = {"permit": "accept", "deny": "drop"}[action] if nft else action
    parts = [word, proto, f"{src} -> {dst}"]
    parts += [f"sport {sp[0]}" + (f"-{sp[1]}" if sp[1] != sp[0] else "")] if sp else []
    parts += [f"dport {dp[0]}" + (f"-{dp[1]}" if dp[1] != dp[0] else "")] if dp else []
    parts += ["established"] if est else []
    parts += [f"in {','.join(sorted(iif))}"] if iif else []
    parts += [f"out {','.join(sorted(oif))}"] if oif else []
    return " ".join(parts)


Wants = list[tuple[Atom, str]]


def _flows(rules: Sequence[FlowRule], what: str, iif: Iterable[str] = (), oif: Iterable[str] = ()) -> Wants:
    out: Wants = []
    for r in rules:
        label = f"{what} {r.name} ({r.reference})"
        for s in r.sources:
            for t in r.destinations:
                if r.proto == "icmp":
                    out.append((_atom("permit", "icmp", s, t, iif=iif, oif=oif), label))
                else:
                    out += [(_atom("permit", r.proto, s, t, dport=p, iif=iif, oif=oif), label) for p in r.ports]
    return out


def _zone_denies(ctx: DeviceCtx, dst_too: bool = True) -> Wants:
    out: Wants = []
    for p in ctx.other_zone_prefixes:
        out.append((_atom("deny", src=p), "the other zone's space"))
        if dst_too:
            out.append((_atom("deny", dst=p), "the other zone's space"))
    return out


def _faces(ctx: DeviceCtx, *faces: str) -> list[str]:
    return [i.name for i in ctx.interfaces if i.faces in faces]


def _cli_filters(ctx: DeviceCtx) -> dict[str, tuple[Wants, set[Atom], str]]:
    """Role -> (the entries asked for, entries asked for in any number, why an entry is not one of them)."""
    rest = "the final entry"
    out: dict[str, tuple[Wants, set[Atom], str]] = {
        "mgmt": ([*[(_atom("permit", src=p), "a management prefix") for p in ctx.mgmt_prefixes],
                  (_atom("deny"), rest)], set(), "not a permit of a management prefix of the zone, nor the final deny"),
        "snmp": ([*[(_atom("permit", src=Net(m)), "an SNMP manager") for m in ctx.snmp_managers],
                  (_atom("deny"), rest)], set(),
                 f"not a permit of an SNMP manager of site {ctx.monitoring}, nor the final deny"),
        "zone": ([*_zone_denies(ctx), (_atom("permit"), rest)], set(),
                 "not a deny of the other zone's space, nor the final permit"),
    }
    if not ctx.is_exit:
        return out
    dmz_ifs = _faces(ctx, "dmz")
    inet = [i for i in ctx.interfaces if i.faces == "internet"]
    inside: Wants = []
    for p in ctx.dmz_prefixes:
        if dmz_ifs:
            inside.append((_atom("permit", "tcp", src=p, established=True), "replies of the dmz"))
        inside.append((_atom("deny", src=p), "the dmz reaches nothing else"))
    stay = list(ctx.own_zone_prefixes) + (list(ctx.dmz_prefixes) if dmz_ifs else []) + list(ctx.mgmt_prefixes)
    exit_wants = (_zone_denies(ctx) + _flows(ctx.dmz_rules, "dmz rule") + inside
                  + _flows(ctx.exit_rules, "allow-listed flow")
                  + [(_atom("permit", dst=p), "traffic that stays inside") for p in stay]
                  + ([(_atom("permit", "ospf", dst=g), "OSPF") for g in OSPF_GROUPS] if ctx.ospf else [])
                  + [(_atom("deny"), rest)])
    out["exit"] = (exit_wants, set(), "not an allow-listed or dmz flow of the inventory, nor traffic that stays "
                                      "inside the extranet")
    internet: Wants = _zone_denies(ctx)
    internet += [(_atom("deny", src=p), "our own space from the Internet")
                 for p in list(ctx.own_zone_prefixes) + list(ctx.mgmt_prefixes)]
    for n in ctx.bgp.neighbors if ctx.bgp else ():
        for i in inet:
            if i.address is not None and n.address in i.address.network:
                internet += [(_atom("permit", "tcp", src=Net(n.address), dport=(179, 179)), "a BGP neighbour"),
                             (_atom("permit", "tcp", src=Net(n.address), sport=(179, 179)), "a BGP neighbour")]
    tolerated: set[Atom] = set()
    if ctx.exit_rules:
        for r in ctx.exit_rules:
            label = f"replies of allow-listed flow {r.name} ({r.reference})"
            for t in r.destinations:
                if r.proto == "icmp":
                    internet.append((_atom("permit", "icmp", src=t), label))
                else:
                    internet += [(_atom("permit", r.proto, src=t, sport=p, established=r.proto == "tcp"), label)
                                 for p in r.ports]
        tolerated.add(_atom("permit", "icmp"))  # ICMP errors for the translated flows (each platform its types)
    if dmz_ifs:
        internet += [(_atom("permit", "tcp", dst=p, dport=(port, port)), "web service of the dmz")
                     for p in ctx.dmz_prefixes for port in (80, 443)]
    internet.append((_atom("deny"), rest))
    out["internet"] = (internet, tolerated, "not a deny of the other zone's or our own space, a BGP neighbour, a "
                                             "reply of an allow-listed flow, nor web traffic to the dmz")
    if ctx.nat_pool is not None and ctx.nat_sources:
        out["nat_sources"] = ([(_atom("permit", src=s), "an allow-listed source") for s in ctx.nat_sources], set(),
                              "not an allow-listed source")
    return out


def _nft_filters(ctx: DeviceCtx) -> dict[str, tuple[Wants, set[Atom], str]]:
    rest = "the final rule"
    inp: Wants = [(_atom("permit", iif=["lo"]), "loopback"), *_zone_denies(ctx, dst_too=False),
                  (_atom("permit", established=True), "replies")]
    inp += [(_atom("permit", "tcp", src=p, dport=(22, 22)), "SSH from a management prefix") for p in ctx.mgmt_prefixes]
    inp += [(_atom("permit", "udp", src=Net(m), dport=(161, 161)), "an SNMP manager") for m in ctx.snmp_managers]
    inp += [(_atom("permit", "ospf"), "OSPF")] if ctx.ospf else []
    for n in ctx.bgp.neighbors if ctx.bgp else ():
        inp += [(_atom("permit", "tcp", src=Net(n.address), dport=(179, 179)), "a BGP neighbour"),
                (_atom("permit", "tcp", src=Net(n.address), sport=(179, 179)), "a BGP neighbour")]
    inp += [(_atom("permit", "icmp"), "ICMP"), (_atom("deny"), rest)]
    fwd: Wants = [(_atom("deny", src=p), "the other zone's space") for p in ctx.other_zone_prefixes]
    fwd += [(_atom("deny", dst=p), "the other zone's space") for p in ctx.other_zone_prefixes]
    if not ctx.is_exit:
        fwd.append((_atom("permit"), rest))
    else:
        ext, inet, dmz = _faces(ctx, "extranet", "lan"), _faces(ctx, "internet"), _faces(ctx, "dmz")
        fwd.append((_atom("permit", established=True), "replies"))
        fwd += _flows(ctx.exit_rules, "allow-listed flow", ext, inet)
        fwd += [(_atom("deny", iif=ext, oif=inet), "the rest to the Internet")] if ext else []
        fwd += _flows(ctx.dmz_rules, "dmz rule", dmz, ext)
        if dmz:
            fwd += [(_atom("deny", iif=dmz), "the dmz reaches nothing else")]
            fwd += [(_atom("permit", "tcp", dport=(p, p), iif=inet, oif=dmz), "web service of the dmz")
                    for p in (80, 443)]
        fwd.append((_atom("deny", iif=inet), "the rest from the Internet"))
        fwd += [(_atom("permit", iif=ext, oif=ext), "traffic that stays inside")] if ext else []
        fwd += [(_atom("permit", iif=ext, oif=dmz), "traffic to the dmz")] if dmz else []
        fwd.append((_atom("deny"), rest))
    outp: Wants = [(_atom("deny", dst=p), "the other zone's space") for p in ctx.other_zone_prefixes]
    fwd_why = ("not an allow-listed or dmz flow of the inventory, nor traffic that stays inside the extranet"
               if ctx.is_exit else "not a drop of the other zone's space, nor the final accept")
    return {"input": (inp, set(), "not the management, monitoring or routing traffic the inventory asks for"),
            "forward": (fwd, set(), fwd_why), "output": (outp, set(), "not a drop of the other zone's space")}


_NFT_POLICY = {"input": "deny", "forward": "deny", "output": "permit"}


def _filters(ctx: DeviceCtx, cfg: ParsedConfig, voc: Vocabulary, out: list[str]) -> None:
    filtering = platforms.get(ctx.platform).filtering
    nft = filtering == "nftables"
    if filtering == "interface_acl":
        roles = _cli_filters(ctx)
    elif nft:
        roles = _nft_filters(ctx)
    else:
        out.append(f"filters: the round trip knows no {filtering} filtering (not modelled)")
        return
    names = voc.filter_names(ctx.settings)
    what = "nftables chain" if nft else "filter"
    wanted = {names[r]: r for r in roles}
    for name, acl in cfg.acls.items():
        role = wanted.get(name)
        if role is None:
            out.append(f"{what} {name} (line {acl.line}): not one netwarden renders for this device")
            continue
        wants, tolerated, why = roles[role]
        if nft and acl.default_action != _NFT_POLICY[role]:
            words = {"permit": "accept", "deny": "drop"}
            out.append(f"{what} {name} (line {acl.line}): policy {words[acl.default_action]}, the baseline's is "
                       f"{words[_NFT_POLICY[role]]}")
        alias = ctx.nat_pool if role == "internet" else None
        _compare(out, f"{what} {name}", acl, wants, tolerated, why, nft, alias)
    out += [f"{what} {name} ({role}): asked for, not in the configuration" for name, role in wanted.items()
            if name not in cfg.acls]


def _compare(out: list[str], at: str, acl: Acl, wants: Wants, tolerated: set[Atom], why: str, nft: bool,
             alias: Net | None) -> None:
    need = Counter(a for a, _ in wants)
    labels = dict(wants)
    extra: dict[int, str] = {}
    for e in acl.entries:
        for a in _atoms(e, alias):
            if need[a] > 0:
                need[a] -= 1
            elif a not in tolerated:
                extra.setdefault(e.line, e.text.strip())
    out += [f"{at}, line {line} ({text}): {why}" for line, text in sorted(extra.items())]
    out += [f"{at}: {_describe(a, nft)} ({labels[a]}): asked for, not in the configuration"
            for a, k in need.items() if k > 0]


def _routing_filters(ctx: DeviceCtx, cfg: ParsedConfig, voc: Vocabulary, out: list[str]) -> None:
    """The prefix list of the other zone's space and the route map denying it (the routing policies' filter)."""
    want = [(p, p.prefixlen, 32) for p in ctx.other_zone_prefixes]
    for name, entries in cfg.prefix_lists.items():
        if name != ZONE_PREFIX_LIST:
            out.append(f"prefix list {name} (line {entries[0].line if entries else 0}): not one netwarden renders")
            continue
        for e in entries:
            le = e.le if e.le is not None else (32 if e.ge is not None else e.prefix.prefixlen)
            got = (e.prefix, e.ge if e.ge is not None else e.prefix.prefixlen, le)
            if e.action != "permit" or got not in want:
                out.append(f"prefix list {name} (line {e.line}): {e.action} {e.prefix} ge {got[1]} le {got[2]}: not "
                           "the other zone's space")
        got_p = {e.prefix for e in entries}
        out += [f"prefix list {name}: {p}: the other zone's space, not in the configuration"
                for p, _ge, _le in want if p not in got_p]
    if want and ZONE_PREFIX_LIST not in cfg.prefix_lists:
        out.append(f"prefix list {ZONE_PREFIX_LIST}: the other zone's space, not in the configuration")
    for name, rm in cfg.route_maps.items():
        if name != ZONE_ROUTE_MAP:
            out.append(f"route map {name} (line {rm[0].line if rm else 0}): not one netwarden renders")
            continue
        for r in rm:
            ok = (r.action, r.seq, r.match_prefix_lists, r.match_acls, r.other_matches) in (
                ("deny", 10, [ZONE_PREFIX_LIST], [], []), ("permit", 100, [], [], []))
            if not ok:
                out.append(f"route map {name} (line {r.line}): {r.action} {r.seq}: not the other zone's deny, nor "
                           "the final permit")
        if not any(r.action == "permit" and r.seq == 100 for r in rm) or (
                want and not any(r.action == "deny" and r.seq == 10 for r in rm)):
            out.append(f"route map {name}: its deny of the other zone or its final permit is not in the configuration")
    if ZONE_ROUTE_MAP not in cfg.route_maps:
        out.append(f"route map {ZONE_ROUTE_MAP}: asked for, not in the configuration")
    if cfg.rib_filter not in (None, ZONE_ROUTE_MAP):
        out.append(f"routing table filter {cfg.rib_filter}: not {ZONE_ROUTE_MAP}")


# --- trust, targets, SNMP, files ---------------------------------------------------------------------

def _trust(ctx: DeviceCtx, cfg: ParsedConfig, voc: Vocabulary, out: list[str]) -> None:
    t = cfg.trust
    if platforms.get(ctx.platform).trust == "pki":
        fp = ctx.ca.fingerprint_sha256.lower().replace(":", "")
        line = t.lines.get("trustpoint", 0)
        for name, got in t.trustpoints:
            if got.lower().replace(":", "") != fp:
                out.append(f"trust anchor {name} (line {line}): fingerprint {got or 'none'}, not the provincial CA's")
        if not any(got.lower().replace(":", "") == fp for _n, got in t.trustpoints):
            out.append("trust anchor of the provincial CA: asked for, not in the configuration")
        elif len(t.trustpoints) > 1:
            out.append(f"trust anchors {_names(n for n, _ in t.trustpoints)} (line {line}): the inventory has one CA")
        out += [f"trusted user CA key {' '.join(k.split()[:2])[:48]}: the platform trusts the CA by PKI"
                for k in t.ssh_user_ca_keys]
        return
    want = _norm(ctx.ca.ssh_user_ca_key)
    line = t.lines.get("ssh_ca", 0)
    keys = [_norm(k) for k in t.ssh_user_ca_keys]
    for k in keys:
        if k != want:
            at = next((n for n, x in enumerate(cfg.text_lines, start=1) if _norm(x) == k), line)
            out.append(f"trusted user CA key {' '.join(k.split()[:2])[:48]} (line {at}): not the provincial CA's")
    if want not in keys:
        out.append("trusted user CA key of the provincial CA: asked for, not in the configuration")
    out += [f"trust anchor {n}: the platform trusts the CA by its SSH user key" for n, _fp in t.trustpoints]


def _targets(ctx: DeviceCtx, cfg: ParsedConfig, voc: Vocabulary, out: list[str]) -> None:
    site = f"site {ctx.monitoring}"
    lists: list[tuple[str, Sequence[Any], Sequence[Any], str]] = [
        ("syslog target", cfg.logging.syslog_hosts, ctx.syslog, f"a monitoring server of {site}"),
        ("NTP server", cfg.ntp_servers, ctx.ntp, f"an NTP server of {site}"),
        ("SNMP trap target", cfg.snmp.trap_hosts, ctx.snmp_managers, f"an SNMP manager of {site}"),
        ("AAA server", cfg.logging.aaa_servers, ctx.tacacs if voc.aaa_servers else (),
         f"a TACACS+ server of {site}" if voc.aaa_servers else f"rendered on {ctx.platform}"),
    ]
    for what, got, want, role in lists:
        out += [f"{what} {a}: not {role}" for a in dict.fromkeys(got) if a not in want]
        out += [f"{what} {a}: {role}, not in the configuration" for a in want if a not in got]


def _snmp(ctx: DeviceCtx, cfg: ParsedConfig, voc: Vocabulary, out: list[str]) -> None:
    user = ctx.settings["snmp"]["user"]
    for name, auth, priv in cfg.snmp.v3_users:
        line = next((n for n, x in enumerate(cfg.text_lines, start=1) if name in x.split()),
                    cfg.snmp.lines.get("user", 0))
        if name != user:
            out.append(f"SNMPv3 user {name!r} (line {line}): the baseline asks only for {user!r}")
        elif not (auth and priv):
            out.append(f"SNMPv3 user {name!r} (line {line}): without authentication and privacy")
    if user not in {u for u, _a, _p in cfg.snmp.v3_users}:
        out.append(f"SNMPv3 user {user!r}: asked for by the baseline, not in the configuration")
    if cfg.snmp.communities:
        out.append(f"SNMP v1/v2c communities ({len(cfg.snmp.communities)}, line "
                   f"{cfg.snmp.lines.get('community', 0)}): the baseline asks for SNMPv3 only")


def _sections(ctx: DeviceCtx, cfg: ParsedConfig, voc: Vocabulary, out: list[str]) -> None:
    files = platforms.get(ctx.platform).files
    if files is None:
        out += [f"file section {s.name} (line {s.line}): {ctx.platform} is one text" for s in cfg.sections]
        return
    seen = set()
    for s in cfg.sections:
        at = f"file section {s.name} (line {s.line}, {s.path})"
        if s.name not in files:
            out.append(f"{at}: not a file of the {ctx.platform} layout")
        elif s.path != files[s.name]:
            out.append(f"{at}: the layout's file is {files[s.name]}")
        elif s.name in seen:
            out.append(f"{at}: a second time")
        seen.add(s.name)
    out += [f"file section {name} ({path}): in the {ctx.platform} layout, not in the document"
            for name, path in files.items() if name not in seen]


# every element's check, in the order its extras are listed
ELEMENTS: tuple[Callable[[DeviceCtx, ParsedConfig, Vocabulary, list[str]], None], ...] = (
    _users, _interfaces, _static, _ospf, _bgp, _nat, _filters, _routing_filters, _trust, _targets, _snmp, _sections)


# --- where it is enforced -----------------------------------------------------------------------------

Check = Callable[[DeviceCtx, str], list[str]]


def check_text(ctx: DeviceCtx, text: str) -> list[str]:
    """The round trip of one rendered text (parsed here): its extras."""
    source = f"{ctx.hostname} (rendered)"
    cfg = read_config(text, ctx.platform, source)
    if isinstance(cfg, Unreadable):
        return [f"the rendered configuration is not readable: {cfg.message(source, ctx.platform)}"]
    return extras(ctx, cfg)


def check_texts(net: Network, baseline: Baseline, texts: Mapping[str, str]) -> dict[str, list[str]]:
    """The round trip of intended texts (parsed here, by one worker per core for many): ``{host: extras}`` of
    those that fail it."""
    from netwarden.render.context import device_context
    from netwarden.services.pool import fork_map, workers

    names = sorted(texts)
    n = workers(len(names), 200)

    def work(chunk: list[str]) -> list[tuple[str, list[str]]]:
        return [(h, check_text(device_context(net, net.devices[h], baseline), texts[h])) for h in chunk]

    return {h: x for part in fork_map(work, [names[i::n] for i in range(n)]) for h, x in part if x}


SHOWN = 40  # elements a refusal lists, at most (the rest counted)
PER_HOST = 20  # elements a host's verify errors list, at most


def _capped(items: list[str], n: int) -> list[str]:
    return items[:n] + ([f"... and {len(items) - n} more"] if len(items) > n else [])


def refusal(failed: dict[str, list[str]], job: str, consequence: str) -> str:
    """A job's refusal of rendered configs that fail the round trip: one line per host and element."""
    n = len(failed)
    lines = _capped([f"{h}: {x}" for h in sorted(failed) for x in failed[h]], SHOWN)
    return (f"{job}: the round trip (CFG-003) refused {n} rendered configuration{'s' if n != 1 else ''}, not what the "
            f"inventory and baseline asked for; {consequence}:\n  " + "\n  ".join(lines))


def errors(host: str, found: list[str]) -> list[str]:
    """A host's round-trip extras as a report's errors (one per element, at most PER_HOST)."""
    return [f"{host}: CFG-003 {x}" for x in _capped(found, PER_HOST)]

"""The province's questions, answered by the data-plane proof (network rules DP-001..DP-007).

Packets are injected where they can come from: each device itself (its own addresses), and each edge
interface, one whose subnet no other modelled device shares: an Internet line (sources outside government space;
the inventory's ``faces: internet``, or an interface addressed outside government space), a dmz (its subnet),
or a LAN (its subnet). Each rule pushes the packets its question is about through the model
(:mod:`~netwarden.dataplane.reach`) and reports what arrives where it must not, with one witness packet and its
path per source device and place reached. A finding is a hit ``(device, message, lines, witness)``.

Not checked here: services published to society (Art. 6): the inventory declares none, so every new
connection from the Internet into the extranet is a finding; replies (connection state established) are taken
as replies to flows the extranet opened."""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal

from netwarden.dataplane import hs
from netwarden.dataplane.model import Model, build
from netwarden.dataplane.reach import Outcome, apply_filter, propagate, witness
from netwarden.model.intent import flows
from netwarden.model.types import Network, Zone
from netwarden.parsers.model import ParsedConfig
from netwarden.verify.catalog import implements

Hit = tuple[str, str, list[int], list[str]] | tuple[str, str, list[int], list[str], Literal["skipped"]]
Source = tuple[str, str | None, hs.Cube]
NEW_ONLY: hs.Ivs = ((hs.NEW, hs.NEW),)

_MEMO: dict[int, tuple[dict[str, ParsedConfig], Network, Model]] = {}


def model_of(net: Network, cfgs: dict[str, ParsedConfig]) -> Model:
    """One model per (network, configs): every DP rule of a run reads the same."""
    hit = _MEMO.get(id(cfgs))
    if hit is not None and hit[0] is cfgs and hit[1] is net:
        return hit[2]
    m = build(net, cfgs)
    _MEMO.clear()
    _MEMO[id(cfgs)] = (cfgs, net, m)
    return m


def whole(fn: Callable[[Network, dict[str, ParsedConfig]], list[Hit]]) -> Callable[..., list[Hit]]:
    """The proof needs every device's configuration: with some missing (a run over some hosts) the rule cannot
    run, and says so (skipped: the report is incomplete), never passes."""

    @functools.wraps(fn)
    def run(net: Network, cfgs: dict[str, ParsedConfig]) -> list[Hit]:
        missing = sorted(set(net.devices) - set(cfgs))
        if missing and cfgs:
            more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
            return [
                (
                    min(cfgs),
                    f"the data-plane proof needs every device's configuration; missing: {', '.join(missing[:3])}{more}",
                    [],
                    [],
                    "skipped",
                )
            ]
        return fn(net, cfgs)

    return run


def _gov(net: Network) -> hs.Ivs:
    return hs.prefixes(
        [p for ps in net.zone_prefixes.values() for p in ps]
        + [p for ps in net.management_prefixes.values() for p in ps]
    )


def _zone_space(net: Network, *zones: Zone) -> hs.Ivs:
    return hs.prefixes([p for z in zones for p in net.zone_prefixes.get(z, ())])


def _zone(net: Network, host: str) -> Zone | None:
    d = net.devices.get(host)
    return d.zone if d else None


def _is_exit(net: Network, host: str) -> bool:
    return host in net.exit.devices


def edges(net: Network, m: Model) -> list[tuple[str, str, str, hs.Ivs]]:
    """(device, interface, kind, sources) for every edge interface: internet, dmz or lan."""
    gov = _gov(net)
    out = []
    for h, d in m.devices.items():
        inv = net.devices.get(h)
        for ifn, addrs in d.addrs.items():
            nets = [a.network for a in addrs if a.network.prefixlen < 32]
            if not nets:
                continue
            i = inv.interface(ifn) if inv else None
            if m.segments.get((h, ifn)) and (i is None or i.faces not in ("internet", "dmz", "lan")):
                continue  # a link to another modelled device (an HA pair's shared LAN or dmz is an edge still)
            inside = all(hs.iv_sub(hs.prefixes([n]), gov) == () for n in nets)
            if (i is not None and i.faces == "internet") or (not inside and (i is None or i.faces != "dmz")):
                out.append((h, ifn, "internet", hs.iv_sub(hs.full(hs.SRC), gov)))
            elif i is not None and i.faces == "dmz":
                out.append((h, ifn, "dmz", hs.prefixes(nets)))
            else:
                out.append((h, ifn, "lan", hs.prefixes(nets)))
    return out


def _own(m: Model, host: str) -> hs.Ivs:
    return m.devices[host].local


def _hits(bad: dict[tuple[str, str], tuple[str, Outcome]]) -> list[Hit]:
    out: list[Hit] = []
    for (src, _where), (msg, o) in sorted(bad.items()):
        out.append((src, msg, [], witness(o)))
    return out


def _attempts(m: Model, srcs: list[Source], found: dict[Any, Any], **kw: Any) -> Iterator[list[Outcome]]:
    """The outcomes to judge: first with flows merged (fast); if the rule found anything, again without merging,
    for every source's own finding and witness."""
    yield propagate(m, srcs, merge=True, **kw)
    if found:
        found.clear()
        yield propagate(m, srcs, **kw)


def _reached(o: Outcome) -> bool:
    return o.kind in ("local", "segment", "exits")


@implements("DP-001", "network")
@whole
def dp_001(net: Network, cfgs: dict[str, ParsedConfig]) -> list[Hit]:
    """No packet from intranet devices or space reaches an extranet device, and the reverse (NAT included)."""
    m = model_of(net, cfgs)
    found: dict[tuple[str, str], tuple[str, Outcome]] = {}
    lans = edges(net, m)
    for here, there in ((Zone.INTRANET, Zone.EXTRANET), (Zone.EXTRANET, Zone.INTRANET)):
        targets = {h for h in m.devices if _zone(net, h) == there}
        dst = hs.iv_or(
            _zone_space(net, there, *((Zone.DMZ,) if there == Zone.EXTRANET else ())),
            hs.norm(r for h in targets for r in _own(m, h)),
        )
        if here == Zone.INTRANET:  # anything the intranet sends must stay in it
            dst = hs.iv_sub(hs.full(hs.DST), _zone_space(net, Zone.INTRANET))
        srcs: list[Source] = [(h, None, hs.cube(src=_own(m, h), dst=dst)) for h in m.devices if _zone(net, h) == here]
        srcs += [(h, i, hs.cube(src=s, dst=dst)) for h, i, k, s in lans if _zone(net, h) == here and k == "lan"]
        part: dict[tuple[str, str], tuple[str, Outcome]] = {}
        for outcomes in _attempts(m, srcs, part):
            for o in outcomes:
                # a device of the other zone forwarded it, or it was delivered there (a drop at its ingress is not)
                passed = o.flow.path if _reached(o) else o.flow.path[:-1]
                hit = next((hp for hp in passed if _zone(net, hp.device) == there), None)
                if hit is None:
                    continue
                at = hit.device
                src = o.flow.path[0].device
                part.setdefault((src, at), (f"a packet from the {here.value} reaches {there.value} device {at}", o))
        found.update(part)
    return _hits(found)


@implements("DP-002", "network")
@whole
def dp_002(net: Network, cfgs: dict[str, ParsedConfig]) -> list[Hit]:
    """Extranet to non-government space: only out of the exit's Internet interfaces, only allow-listed."""
    m = model_of(net, cfgs)
    gov = _gov(net)
    dst = hs.iv_sub(hs.full(hs.DST), gov)
    exit_ifs = {
        (h, i.name)
        for h in net.exit.devices
        if h in net.devices
        for i in net.devices[h].interfaces
        if i.faces == "internet"
    }
    allow = hs.HeaderSet.of(*_flow_cubes(net, expired=False))
    expired = hs.HeaderSet.of(*_flow_cubes(net, expired=True))
    srcs: list[Source] = [
        (h, None, hs.cube(src=_own(m, h), dst=dst, ct=NEW_ONLY))
        for h in m.devices
        if _zone(net, h) == Zone.EXTRANET and not _is_exit(net, h)
    ]
    srcs += [
        (h, i, hs.cube(src=s, dst=dst, ct=NEW_ONLY))
        for h, i, k, s in edges(net, m)
        if _zone(net, h) == Zone.EXTRANET and k == "lan"
    ]
    found: dict[tuple[str, str], tuple[str, Outcome]] = {}
    for outcomes in _attempts(m, srcs, found):
        for o in outcomes:
            if o.kind not in ("segment", "exits"):
                continue
            src = o.flow.path[0].device
            where = f"{o.device} {o.interface}"
            if (o.device, o.interface) not in exit_ifs:
                found.setdefault(
                    (src, where),
                    (f"traffic to non-government space leaves through {where}, not the exit's Internet interfaces", o),
                )
                continue
            rest = hs.HeaderSet([o.flow.orig]) - allow
            if not rest:
                continue
            narrowed = (
                o.flow.cut(rest.cubes[0])
                if not o.flow.rewritten
                else type(o.flow)(o.flow.cur, rest.cubes[0], o.flow.rewritten, o.flow.path)
            )
            ex = rest & expired
            why = "an expired allow-list entry" if ex else "no active allow-list entry"
            if ex:
                narrowed = type(o.flow)(o.flow.cur, ex.cubes[0], o.flow.rewritten, o.flow.path)
            found.setdefault(
                (src, where),
                (
                    f"traffic to the Internet passes the exit without an approval ({why})",
                    Outcome(o.kind, o.device, o.interface, narrowed, o.detail),
                ),
            )
    return _hits(found)


def _flow_cubes(net: Network, expired: bool) -> list[hs.Cube]:
    out = []
    for e in net.allowlist:
        if e.expired(net.today) != expired:
            continue
        for f in flows(e.system, e.approval, "", e.sources, e.destinations, e.ports):
            out.append(_fcube(f.sources, f.destinations, f.proto, f.ports))
    return out


def _fcube(
    srcs: Iterable[ipaddress.IPv4Network],
    dsts: Iterable[ipaddress.IPv4Network],
    proto: str,
    ports: tuple[tuple[int, int], ...],
) -> hs.Cube:
    p = hs.PROTOCOLS[proto]
    return hs.cube(
        src=hs.prefixes(srcs),
        dst=hs.prefixes(dsts),
        proto=((p, p),),
        dport=hs.norm(ports) if ports else hs.full(hs.DPORT),
    )


def _inbound(net: Network, m: Model, kind: str) -> list[Outcome]:
    """New connections from edges of ``kind`` (internet, dmz) towards extranet space and devices, and where they
    end up beyond the exit itself."""
    ext = [h for h in m.devices if _zone(net, h) == Zone.EXTRANET]
    dst = hs.iv_or(_zone_space(net, Zone.EXTRANET), hs.norm(r for h in ext if not _is_exit(net, h) for r in _own(m, h)))
    # and the exit's public addresses: a port forward (DNAT) there leads inside
    dst = hs.iv_or(dst, hs.prefixes([*net.exit.public_prefixes, net.exit.nat_pool]))
    srcs: list[Source] = [(h, i, hs.cube(src=s, dst=dst, ct=NEW_ONLY)) for h, i, k, s in edges(net, m) if k == kind]
    found: dict[int, Outcome] = {}
    for outcomes in _attempts(m, srcs, found):
        for o in outcomes:
            if (
                _reached(o)
                and _zone(net, o.device) == Zone.EXTRANET
                and not (o.kind == "local" and _is_exit(net, o.device))
            ):
                found[len(found)] = o
    return list(found.values())


@implements("DP-003", "network")
@whole
def dp_003(net: Network, cfgs: dict[str, ParsedConfig]) -> list[Hit]:
    """Nothing from the Internet reaches the extranet but replies (no published services are declared)."""
    m = model_of(net, cfgs)
    found: dict[tuple[str, str], tuple[str, Outcome]] = {}
    for o in _inbound(net, m, "internet"):
        src = o.flow.path[0].device
        where = f"{o.device} {o.interface}"
        found.setdefault(
            (src, where + (" nat" if o.flow.rewritten else "")),
            (
                f"a new connection from the Internet (in at {src} {o.flow.path[0].in_if}) reaches the extranet at "
                f"{where}" + (" through NAT" if o.flow.rewritten else ""),
                o,
            ),
        )
    return _hits(found)


@implements("DP-004", "network")
@whole
def dp_004(net: Network, cfgs: dict[str, ParsedConfig]) -> list[Hit]:
    """The dmz reaches the extranet only as the exit's explicit rules (the inventory's dmz rules) allow."""
    m = model_of(net, cfgs)
    rules = hs.HeaderSet.of(
        *[
            _fcube(f.sources, f.destinations, f.proto, f.ports)
            for r in net.dmz_rules
            for f in flows(r.name, r.approval, "", r.sources, r.destinations, r.ports)
        ]
    )
    found: dict[tuple[str, str], tuple[str, Outcome]] = {}
    for o in _inbound(net, m, "dmz"):
        rest = hs.HeaderSet([o.flow.orig]) - rules
        through_exit = any(_is_exit(net, hp.device) for hp in o.flow.path)
        if not rest and through_exit:
            continue
        fl = type(o.flow)(o.flow.cur, rest.cubes[0], o.flow.rewritten, o.flow.path) if rest else o.flow
        src = o.flow.path[0].device
        where = f"{o.device} {o.interface}"
        msg = "not through the exit" if not through_exit else "beyond the exit's dmz rules"
        found.setdefault(
            (src, where),
            (
                f"a dmz packet reaches the extranet at {where} {msg}",
                Outcome(o.kind, o.device, o.interface, fl, o.detail),
            ),
        )
    return _hits(found)


@implements("DP-005", "network")
@whole
def dp_005(net: Network, cfgs: dict[str, ParsedConfig]) -> list[Hit]:
    """Every extranet device's traffic to non-government space is routed to the exit (forwarding tables only)."""
    m = model_of(net, cfgs)
    dst = hs.iv_sub(hs.full(hs.DST), _gov(net))
    exits = frozenset(h for h in net.exit.devices if h in m.devices)
    if not exits:
        first = next((h for h in sorted(m.devices) if _zone(net, h) == Zone.EXTRANET), None)
        lines: list[int] = []
        return (
            []
            if first is None
            else [(first, "no exit device's configuration is given: the path to the exit cannot be proved", lines, [])]
        )
    srcs: list[Source] = [
        (h, None, hs.cube(src=_own(m, h), dst=dst, ct=NEW_ONLY))
        for h in m.devices
        if _zone(net, h) == Zone.EXTRANET and h not in exits and m.devices[h].local
    ]
    found: dict[tuple[str, str], tuple[str, Outcome]] = {}
    for outcomes in _attempts(m, srcs, found, routing_only=True, stop_at=exits):
        for o in outcomes:
            if o.kind == "arrived":
                continue
            src = o.flow.path[0].device
            what = {
                "drop": f"is dropped at {o.device} ({o.detail})",
                "loop": f"loops at {o.device}",
                "local": f"ends at {o.device}",
                "segment": f"leaves {o.device} {o.interface} onto its subnet",
                "exits": f"leaves {o.device} {o.interface} {o.detail}",
            }[o.kind]
            found.setdefault(
                (src, f"{o.kind} {o.device}"), (f"traffic to non-government space {what}, not at the exit", o)
            )
    return _hits(found)


@implements("DP-006", "network")
@whole
def dp_006(net: Network, cfgs: dict[str, ParsedConfig]) -> list[Hit]:
    """What the configs hold that the data-plane model cannot represent: the proof does not cover it."""
    m = model_of(net, cfgs)
    seen: set[tuple[str, int, str]] = set()
    out: list[Hit] = []
    for h, line, what in m.not_modelled:
        if (h, line, what) in seen:
            continue
        seen.add((h, line, what))
        out.append((h, f"not modelled: {what}", [line] if line else [], []))
    return out


MGMT_SERVICES: tuple[tuple[str, str, int], ...] = (
    ("ssh", "tcp", 22),
    ("telnet", "tcp", 23),
    ("netconf", "tcp", 830),
    ("snmp", "udp", 161),
)


def _allowed(net: Network, host: str, snmp: bool) -> hs.Ivs:
    """The sources management may come from: the zone's management prefixes (and for SNMP the unit's monitoring
    site's SNMP managers)."""
    d = net.devices.get(host)
    if d is None:
        return ()
    nets = list(net.mgmt_prefixes_of(d))
    unit = net.units.get(d.unit)
    if snmp and unit is not None and unit.monitoring in net.monitoring:
        nets += [ipaddress.IPv4Network(a) for a in net.monitoring[unit.monitoring].snmp_managers]
    return hs.prefixes(nets)


def _service_cubes(src: hs.Ivs, dst: hs.Ivs) -> list[hs.Cube]:
    """New connections from ``src`` to ``dst`` on the management services' ports, one cube per protocol."""
    out = []
    for proto in sorted({p for _n, p, _port in MGMT_SERVICES}):
        n = hs.PROTOCOLS[proto]
        ports = hs.norm((port, port) for _n, p, port in MGMT_SERVICES if p == proto)
        out.append(hs.cube(src=src, dst=dst, proto=((n, n),), dport=ports, ct=NEW_ONLY))
    return out


@implements("DP-007", "network")
@whole
def dp_007(net: Network, cfgs: dict[str, ParsedConfig]) -> list[Hit]:
    """Management services (SSH, telnet, NETCONF, SNMP) on the devices' addresses are reachable only from the
    zone's management prefixes (SNMP also from the monitoring site's managers): from every edge (Internet, dmz,
    LAN) and every device, through filters, routes and NAT, and on interface-ACL platforms the management
    plane's own filters (vty access classes, SNMP agent ACLs)."""
    m = model_of(net, cfgs)
    lans = edges(net, m)
    found: dict[tuple[str, str], tuple[str, Outcome]] = {}
    for zone in Zone:
        targets = [h for h in m.devices if _zone(net, h) == zone and m.devices[h].local]
        if not targets:
            continue
        dst = hs.norm(r for h in targets for r in _own(m, h))
        mgmt = hs.prefixes(net.management_prefixes.get(zone, ()))
        srcs: list[Source] = []
        for h, d in m.devices.items():
            srcs += [(h, None, c) for c in _service_cubes(hs.iv_sub(d.local, mgmt), dst) if c[hs.SRC]]
        for h, i, _k, s in lans:
            srcs += [(h, i, c) for c in _service_cubes(hs.iv_sub(s, mgmt), dst) if c[hs.SRC]]
        part: dict[tuple[str, str], tuple[str, Outcome]] = {}
        for outcomes in _attempts(m, srcs, part):
            for o in outcomes:
                if o.kind != "local" or _zone(net, o.device) != zone:
                    continue
                for name, hit in _mgmt_admitted(net, m, o):
                    src = o.flow.path[0].device
                    part.setdefault(
                        (src, f"{o.device} {name}"),
                        (
                            f"{name} on {o.device} is reachable from outside the {zone.value}'s management "
                            f"prefixes (in at {src} {o.flow.path[0].in_if or '(itself)'})",
                            hit,
                        ),
                    )
        found.update(part)
    return _hits(found)


def _mgmt_admitted(net: Network, m: Model, o: Outcome) -> Iterator[tuple[str, Outcome]]:
    """The management services of a delivery the device admits from sources it must not (per service, the
    delivery narrowed to them): past the management plane's own filter on interface-ACL platforms."""
    dev = m.devices[o.device]
    last = o.flow.path[-1]
    for name, proto, port in MGMT_SERVICES:
        n = hs.PROTOCOLS[proto]
        c = hs.c_and(o.flow.cur, hs.cube(proto=((n, n),), dport=((port, port),)))
        if c is None:
            continue
        flow = o.flow.cut(c)
        f = dev.mgmt.get("snmp" if name == "snmp" else "vty") if dev.filtering == "interface_acl" else None
        admitted = [(flow, last)]
        if f is not None:
            admitted = [(fl, hp) for fl, hp, ok in apply_filter(f, flow, last, o.interface, None) if ok]
        for fl, hp in admitted:
            rest = hs.iv_sub(fl.orig[hs.SRC], _allowed(net, o.device, name == "snmp"))
            if rest:
                narrowed = type(fl)(fl.cur, (rest, *fl.orig[1:]), fl.rewritten, (*fl.path[:-1], hp))
                yield name, Outcome(o.kind, o.device, o.interface, narrowed, o.detail)
                break

"""Network-wide invariants over all parsed configs together (DOMAIN.md invariants 1 and 2)."""

from __future__ import annotations

import ipaddress
from collections import deque

from netwarden.model.types import Network, Role, Zone
from netwarden.parsers.model import ParsedConfig
from netwarden.verify.catalog import implements

Net = ipaddress.IPv4Network
# (device, message, lines)
Hit = tuple[str, str, list[int]]


def _gov_space(net: Network) -> list[Net]:
    out: list[Net] = []
    for pool in net.zone_prefixes.values():
        out += pool
    for pool in net.management_prefixes.values():
        out += pool
    return out


@implements("ISO-001", "network")
def iso_001(net: Network, cfgs: dict[str, ParsedConfig]) -> list[Hit]:
    """No link joins the intranet and the extranet: in the inventory, or by shared subnets in the configs."""
    hits: list[Hit] = []
    for lk in net.links:
        a, b = net.devices[lk.a], net.devices[lk.b]
        if {a.zone, b.zone} == {Zone.INTRANET, Zone.EXTRANET}:
            hits.append((lk.a, f"inventory link {lk.a}:{lk.a_if} -- {lk.b}:{lk.b_if} joins the intranet to the "
                               "extranet", []))
    subnets: dict[Net, list[tuple[str, str, int]]] = {}
    for host, cfg in cfgs.items():
        for itf in cfg.interfaces.values():
            for addr in itf.addresses:
                if addr.network.prefixlen < 32:
                    subnets.setdefault(addr.network, []).append((host, itf.name, itf.lines[0] if itf.lines else 0))
    for sn, members in sorted(subnets.items(), key=lambda x: str(x[0])):
        zones = {net.devices[h].zone for h, _i, _l in members if h in net.devices}
        if {Zone.INTRANET, Zone.EXTRANET} <= zones:
            for h, ifn, line in members:
                others = ", ".join(f"{o}:{oi}" for o, oi, _ in members if o != h)
                hits.append((h, f"{ifn} shares subnet {sn} with {others}: the intranet and the extranet are "
                                "connected", [line]))
    return hits


def _internet_evidence(net: Network, host: str, cfg: ParsedConfig) -> list[tuple[str, int]]:
    gov = _gov_space(net)
    ev: list[tuple[str, int]] = []
    d = net.devices[host]
    for i in d.interfaces:
        if i.faces == "internet":
            ev.append((f"{i.name} faces the Internet (inventory)", 0))
    for itf in cfg.interfaces.values():
        if itf.nat == "outside":
            ev.append((f"{itf.name} is a NAT outside interface", itf.lines[0] if itf.lines else 0))
    for r in cfg.static_routes:
        if r.next_hop is not None and not any(r.next_hop in g for g in gov):
            ev.append((f"route {r.prefix} via {r.next_hop}, an address outside government space", r.line))
    for n in cfg.nat:
        if any(not any(a in g for g in gov) for a in n.pool):
            ev.append((f"NAT to public addresses: {n.text.strip()}", n.line))
    return ev


@implements("EXIT-001", "network")
def exit_001(net: Network, cfgs: dict[str, ParsedConfig]) -> list[Hit]:
    hits: list[Hit] = []
    sites: dict[str, list[str]] = {}
    for host, cfg in cfgs.items():
        d = net.devices.get(host)
        if d is None or d.zone != Zone.EXTRANET:
            continue
        ev = _internet_evidence(net, host, cfg)
        if not ev:
            continue
        sites.setdefault(d.site, []).append(host)
        if d.role != Role.INTERNET_EXIT:
            for msg, line in ev:
                hits.append((host, f"an Internet line outside the provincial exit: {msg}", [line]))
    if len(sites) > 1:
        for site, hosts in sorted(sites.items()):
            if site != net.exit.site:
                for h in hosts:
                    hits.append((h, f"site {site} is a second Internet exit (the province's exit is "
                                    f"{net.exit.site})", []))
    if net.exit.site not in sites and any(h in cfgs for h in net.exit.devices):
        for h in net.exit.devices:
            if h in cfgs:
                hits.append((h, "the provincial exit shows no Internet-facing interface, NAT or route", []))
    return hits


def distances(net: Network) -> dict[str, int]:
    """Hops from each device to the nearest exit device over the inventory's links."""
    adj: dict[str, set[str]] = {h: set() for h in net.devices}
    for lk in net.links:
        adj[lk.a].add(lk.b)
        adj[lk.b].add(lk.a)
    dist = {h: 0 for h in net.exit.devices if h in adj}
    q = deque(dist)
    while q:
        h = q.popleft()
        for n in adj[h]:
            if n not in dist:
                dist[n] = dist[h] + 1
                q.append(n)
    return dist


@implements("EXIT-002", "network")
def exit_002(net: Network, cfgs: dict[str, ParsedConfig]) -> list[Hit]:
    hits: list[Hit] = []
    owner: dict[ipaddress.IPv4Address, str] = {}
    for host, cfg in cfgs.items():
        for itf in cfg.interfaces.values():
            for a in itf.addresses:
                owner[a.ip] = host
    for host, dev in net.devices.items():
        for i in dev.interfaces:
            if i.address is not None:
                owner.setdefault(i.address.ip, host)
    dist = distances(net)
    for host, cfg in cfgs.items():
        d = net.devices.get(host)
        if d is None or d.zone != Zone.EXTRANET or d.role == Role.INTERNET_EXIT:
            continue
        for ospf in cfg.ospf:
            if ospf.default_originate:
                hits.append((host, "originates a default route into OSPF; only the exit may", ospf.lines[:1]))
        if cfg.bgp:
            for nb in cfg.bgp.neighbors:
                if nb.default_originate:
                    hits.append((host, f"originates a default route to BGP neighbor {nb.address}; only the exit may",
                                 [nb.line]))
        for r in cfg.static_routes:
            if r.prefix.prefixlen != 0:
                continue
            if r.next_hop is None:
                hits.append((host, f"default route out of interface {r.interface}, not towards the exit", [r.line]))
                continue
            nh = owner.get(r.next_hop)
            if nh is None:
                hits.append((host, f"default route via {r.next_hop}, which is no device of the inventory", [r.line]))
            elif host not in dist or nh not in dist:
                hits.append((host, f"default route via {nh} ({r.next_hop}), which has no path to the exit", [r.line]))
            elif dist[nh] >= dist[host]:
                hits.append((host, f"default route via {nh} ({r.next_hop}) leads away from the exit "
                                   f"({dist[nh]} hops from it; this device {dist[host]})", [r.line]))
    return hits


NETWORK_RULES = {"ISO-001": iso_001, "EXIT-001": exit_001, "EXIT-002": exit_002}  # the network kind of the catalog

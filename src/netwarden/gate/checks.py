"""The gate's own rules: the unit's inventory entry (gate kind) and the checks over a running device's
getter output (live kind): LLDP neighbours and the routing table. Each returns its failures as
``(message, evidence text)``; the stages in ``preconnect.py`` turn them into findings."""

from __future__ import annotations

import ipaddress
from typing import Any

from netwarden.errors import Problem
from netwarden.model.types import Network, Zone
from netwarden.verify.catalog import implements

Fails = list[tuple[str, str]]


@implements("UNIT-001", "gate")
def unit_001(net: Network, unit: str, devices: list[str]) -> Fails:
    u = net.units[unit]
    out: Fails = []
    if not devices:
        out.append(("the unit has no device in the inventory", ""))
    if not (u.contact.name and (u.contact.phone or u.contact.email)):
        out.append(("no responsible contact with phone or e-mail (Art. 12)", ""))
    if not u.prefixes:
        out.append(("the unit declares no prefixes", ""))
    ext = net.zone_prefixes.get(Zone.EXTRANET, ())
    for p in u.prefixes:
        if not any(p.subnet_of(x) for x in ext):
            out.append((f"prefix {p} is outside the extranet address plan", ""))
    return out


@implements("UNIT-002", "gate")
def unit_002(net: Network, unit: str, expired: list[Problem]) -> Fails:
    """The unit's own allow-list entries whose approval expired (the inventory loader's problems)."""
    out: Fails = []
    for prob in expired:
        e = _allow_entry(net, prob.key)
        if e is not None and e.unit == unit:
            out.append((prob.message, prob.key))
    return out


def _allow_entry(net: Network, key: str) -> Any:
    try:
        return net.allowlist[int(key.split("[")[1].split("]")[0])]
    except (IndexError, ValueError):
        return None


def _expected_links(net: Network, host: str) -> dict[str, str]:
    expected = {}
    for lk in net.links:
        if lk.a == host:
            expected[lk.a_if] = lk.b
        elif lk.b == host:
            expected[lk.b_if] = lk.a
    return expected


def _neighbours(lldp: dict[str, Any] | None) -> list[tuple[str, str]]:
    return [(port, str(n.get("hostname", "")).split(".")[0]) for port, neigh in (lldp or {}).items() for n in neigh]


@implements("ISO-006", "live")
def iso_006(net: Network, host: str, lldp: dict[str, Any] | None) -> Fails:
    """No LLDP neighbour of an extranet device is an intranet device."""
    out: Fails = []
    for port, name in _neighbours(lldp):
        peer = net.devices.get(name)
        if peer is not None and peer.zone == Zone.INTRANET:
            out.append((f"LLDP: {port} sees intranet device {name}: the networks are connected", f"{port} {name}"))
    return out


@implements("TOPO-001", "live")
def topo_001(net: Network, host: str, lldp: dict[str, Any] | None) -> Fails:
    """The LLDP neighbours are exactly the inventory's links (intranet neighbours are ISO-006's)."""
    d = net.devices[host]
    expected = _expected_links(net, host)
    hosts_on = {(lh.attach_interface, lh.name) for lh in net.lab_hosts if lh.attach == host}
    out: Fails = []
    seen: dict[str, str] = {}
    for port, name in _neighbours(lldp):
        itf = d.interface(port)
        faces = itf.faces if itf is not None else ""
        seen[port] = name
        peer = net.devices.get(name)
        if peer is not None and peer.zone == Zone.INTRANET:
            continue
        if expected.get(port) == name or (port, name) in hosts_on:
            continue
        if peer is None and faces in ("lan", "dmz", "internet"):
            continue  # end systems on a LAN are not network links
        out.append((f"LLDP: {port} sees {name or 'an unknown device'}, the inventory says "
                    f"{expected.get(port) or 'nothing'}", f"{port} {name}"))
    for port, name in expected.items():
        if port not in seen:
            out.append((f"LLDP: no neighbour on {port}; the inventory links it to {name}", ""))
    return out


def _overlaps(k: str, p: ipaddress.IPv4Network) -> bool:
    try:
        n = ipaddress.IPv4Network(k, strict=False)
    except ValueError:
        return False
    return n.prefixlen > 0 and n.overlaps(p)


@implements("ISO-007", "live")
def iso_007(net: Network, host: str, routes: dict[str, Any]) -> Fails:
    """``routes``: the getter's routes towards each intranet prefix (``get_route_to(prefix, longer=True)``)."""
    out: Fails = []
    for ps, r in routes.items():
        pref = ipaddress.IPv4Network(ps)
        for k in (k for k in (r or {}) if _overlaps(k, pref)):
            out.append((f"the routing table has {k}, intranet space {ps}", k))
    return out


def _next_hops(route: dict[str, Any]) -> list[str]:
    out = []
    for entries in (route or {}).values():
        for e in entries:
            nh = e.get("next_hop")
            if nh:
                out.append(str(nh))
    return sorted(set(out))


def _upstream_addresses(net: Network, host: str) -> set[str]:
    """Addresses of linked extranet neighbours closer to the exit than this device."""
    from netwarden.verify.network import distances

    dist = distances(net)
    out = set()
    for lk in net.links:
        for me, peer, peer_if in ((lk.a, lk.b, lk.b_if), (lk.b, lk.a, lk.a_if)):
            if me != host or net.devices[peer].zone != Zone.EXTRANET:
                continue
            if dist.get(peer, 10**6) < dist.get(host, 10**6):
                i = net.devices[peer].interface(peer_if)
                if i is not None and i.address is not None:
                    out.add(str(i.address.ip))
    return out


@implements("EXIT-007", "live")
def exit_007(net: Network, host: str, default: dict[str, Any]) -> Fails:
    """``default``: the getter's route to 0.0.0.0/0; its next hops must be the extranet upstream."""
    nh = _next_hops(default)
    ups = _upstream_addresses(net, host)
    out: Fails = []
    if not nh:
        out.append(("no default route: Internet-bound traffic has no way towards the exit", ""))
    for a in nh:
        if a not in ups:
            out.append((f"the default route points to {a}, not the extranet upstream "
                        f"({', '.join(sorted(ups)) or 'none in the inventory'})", a))
    return out

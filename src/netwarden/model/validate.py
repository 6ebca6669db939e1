"""Whole-inventory checks: the invariants DOMAIN.md asks of the inventory itself."""

from __future__ import annotations

import bisect
import ipaddress
import re
from collections.abc import Callable

from netwarden.errors import Problem
from netwarden.model.types import ROLE_ZONE, Device, Network, Role, Zone

IPNet = ipaddress.IPv4Network


def _in_any(net: IPNet, pool: tuple[IPNet, ...]) -> bool:
    return any(net.subnet_of(p) for p in pool)


def _routes_into(route: IPNet, pool: tuple[IPNet, ...]) -> IPNet | None:
    """The pool prefix a route would carry traffic to; a default route is not one."""
    if route.prefixlen == 0:
        return None
    return _overlaps(route, pool)


def _overlaps(net: IPNet, pool: tuple[IPNet, ...]) -> IPNet | None:
    for p in pool:
        if net.overlaps(p):
            return p
    return None


class _PrefixIndex:
    """Prefixes added so far; ``overlapping(p)`` gives those that overlap ``p`` in the order they were added,
    in O(prefix length + matches) instead of a scan of every prefix (quadratic for a province's units)."""

    def __init__(self) -> None:
        self.items: list[tuple[ipaddress._BaseNetwork, str]] = []
        self.by_net: dict[tuple[int, int, int], list[int]] = {}  # (version, prefixlen, network) -> indices
        self.starts: dict[int, list[tuple[int, int, int]]] = {}  # version -> sorted (first, last, index)

    def add(self, p: ipaddress._BaseNetwork, owner: str) -> None:
        i = len(self.items)
        self.items.append((p, owner))
        self.by_net.setdefault((p.version, p.prefixlen, int(p.network_address)), []).append(i)
        bisect.insort(self.starts.setdefault(p.version, []),
                      (int(p.network_address), int(p.broadcast_address), i))

    def overlapping(self, p: ipaddress._BaseNetwork) -> list[tuple[ipaddress._BaseNetwork, str]]:
        # two prefixes overlap exactly when one contains the other
        first, last = int(p.network_address), int(p.broadcast_address)
        hits: set[int] = set()
        for plen in range(p.prefixlen + 1):  # the ones containing p (p itself included)
            all_ones = (1 << (32 if p.version == 4 else 128)) - 1
            mask = (all_ones >> plen) ^ all_ones
            hits.update(self.by_net.get((p.version, plen, first & mask), ()))
        starts = self.starts.get(p.version, [])
        k = bisect.bisect_left(starts, (first, -1, -1))
        while k < len(starts) and starts[k][0] <= last:  # the ones inside p
            if starts[k][1] <= last:
                hits.add(starts[k][2])
            k += 1
        return [self.items[i] for i in sorted(hits)]


def check_network(net: Network, failed_units: set[str] | frozenset[str] = frozenset(),
                  allow_expired: bool = False,
                  failed_devices: set[str] | frozenset[str] = frozenset()) -> list[Problem]:
    """Every inventory-level problem; `failed_units` and `failed_devices` did not parse (reported already)."""
    probs: list[Problem] = []
    add = probs.append
    inv = net.inventory
    zp = net.zone_prefixes
    intra = zp.get(Zone.INTRANET, ())
    extra = zp.get(Zone.EXTRANET, ())
    dmz = zp.get(Zone.DMZ, ())

    # zone address plans (Art. 5)
    for n, p in enumerate(intra):
        o = _overlaps(p, extra)
        if o is not None:
            add(Problem(inv, "", f"netwarden_zones.intranet[{n}]",
                        f"intranet prefix {p} overlaps extranet prefix {o}: the two networks are physically "
                        "isolated and must not share address space (Art. 5)"))
    for n, p in enumerate(dmz):
        o = _overlaps(p, intra)
        if o is not None:
            add(Problem(inv, "", f"netwarden_zones.dmz[{n}]", f"dmz prefix {p} overlaps intranet prefix {o} "
                        "(Art. 5)"))

    for n, p in enumerate(net.management_prefixes.get(Zone.EXTRANET, ())):
        o = _overlaps(p, intra + net.management_prefixes.get(Zone.INTRANET, ()))
        if o is not None:
            add(Problem(inv, "", f"netwarden_management_prefixes.extranet[{n}]",
                        f"{p} overlaps intranet space {o}: the intranet is managed apart (Art. 5)"))

    # units (Art. 11, 12)
    owner = _PrefixIndex()
    for u in net.units.values():
        key = f"netwarden_units.{u.id}"
        if u.parent and u.parent not in net.units:
            add(Problem(inv, "", f"{key}.parent", f"unknown parent unit {u.parent!r}"))
        if u.monitoring not in net.monitoring:
            add(Problem(inv, "", f"{key}.monitoring", f"unknown monitoring site {u.monitoring!r} (expected one of "
                        f"{', '.join(sorted(net.monitoring)) or 'none defined'})"))
        if not u.contact.name or not (u.contact.phone or u.contact.email):
            add(Problem(inv, "", f"{key}.contact", "a responsible contact needs a name and a phone or e-mail "
                        "(Art. 12)"))
        for j, p in enumerate(u.prefixes):
            in_zone = [z for z, pool in zp.items() if _in_any(p, pool)]
            if not in_zone:
                add(Problem(inv, "", f"{key}.prefixes[{j}]", f"{p} is outside every zone's address plan"))
            for q, other in owner.overlapping(p):
                add(Problem(inv, "", f"{key}.prefixes[{j}]", f"{p} overlaps {q} of unit {other}"))
            owner.add(p, u.id)

    # monitoring and backups (Art. 9, 10)
    if len(net.backup_sites) < 2:
        add(Problem(inv, "", "netwarden_backup_sites", "two backup sites far apart are required: the emergency "
                    "support centre and the data disaster backup centre (Art. 10)"))

    # devices
    lower: dict[str, str] = {}
    mgmt_seen: dict[str, str] = {}
    addr_seen: dict[str, str] = {}
    for d in net.devices.values():
        src, h = d.source, d.hostname
        if h.lower() in lower:
            add(Problem(src, h, "hostname", f"duplicate hostname: {lower[h.lower()]} differs only in case"))
        lower[h.lower()] = h
        unit = net.units.get(d.unit)
        if unit is None and d.unit not in failed_units:
            add(Problem(src, h, "netwarden_unit", f"unknown unit {d.unit!r} (not in netwarden_units)"))
        if not d.site.strip():
            add(Problem(src, h, "netwarden_site", "no site: the configuration names it (SNMP location)"))
        if d.zone != ROLE_ZONE[d.role]:
            add(Problem(src, h, "netwarden_zone", f"role {d.role.value} belongs to zone {ROLE_ZONE[d.role].value} "
                        f"but the device is placed in zone {d.zone.value}: a device is in one zone only (Art. 5)"))
        m = str(d.mgmt_address)
        if m in mgmt_seen:
            add(Problem(src, h, "ansible_host", f"duplicate management address {m} (also {mgmt_seen[m]})"))
        mgmt_seen[m] = h
        if not any(d.mgmt_address in p for p in net.mgmt_prefixes_of(d)):
            add(Problem(src, h, "ansible_host", f"management address {m} is outside the {d.zone.value} "
                        "management prefixes (Art. 13)"))
        _check_charset(d, add)
        names: set[str] = set()
        for idx, itf in enumerate(d.interfaces):
            key = f"netwarden_interfaces[{idx}]"
            if itf.name in names:
                add(Problem(src, h, f"{key}.name", f"duplicate interface {itf.name}"))
            names.add(itf.name)
            _check_interface_zone(net, d, idx, probs)
            if itf.address is not None:
                a = str(itf.address.ip)
                if a in addr_seen:
                    add(Problem(src, h, f"{key}.address", f"duplicate address {a} (also {addr_seen[a]})"))
                addr_seen[a] = f"{h}:{itf.name}"
        if d.loopback is not None:
            a = str(d.loopback.ip)
            if a in addr_seen:
                add(Problem(src, h, "netwarden_loopback", f"duplicate address {a} (also {addr_seen[a]})"))
            addr_seen[a] = f"{h}:loopback"
            if not _in_any(d.loopback.network, zp.get(d.zone, ())):
                add(Problem(src, h, "netwarden_loopback", f"{d.loopback} is outside the {d.zone.value} address plan"))
        _check_routing(net, d, probs)

    # links (Art. 5): never intranet <-> extranet
    for lk in net.links:
        da, db = net.devices[lk.a], net.devices[lk.b]
        if {da.zone, db.zone} == {Zone.INTRANET, Zone.EXTRANET}:
            add(Problem(da.source, da.hostname, f"netwarden_interfaces[{_idx(da, lk.a_if)}].peer",
                        f"link {lk.a}:{lk.a_if} -- {lk.b}:{lk.b_if} joins the intranet to the extranet: they must "
                        "be physically isolated (Art. 5)"))

    # the single exit (Art. 7)
    exits = [d for d in net.devices.values() if d.role == Role.INTERNET_EXIT]
    sites = sorted({d.site for d in exits})
    if not exits:
        add(Problem(inv, "", "netwarden_exit", "no internet_exit device: the province has one managed Internet "
                    "exit (Art. 7)"))
    elif len(sites) > 1:
        add(Problem(inv, "", "netwarden_exit", f"more than one exit site ({', '.join(sites)}): the province has "
                    "exactly one managed Internet exit (an HA pair counts as one site) (Art. 7)"))
    for d in net.devices.values():
        if d.role == Role.INTERNET_EXIT:
            if not any(x.faces == "internet" for x in d.interfaces):
                add(Problem(d.source, d.hostname, "netwarden_interfaces", "the exit has no Internet-facing "
                            "interface"))
            continue
        for idx, itf in enumerate(d.interfaces):
            if itf.faces == "internet":
                add(Problem(d.source, d.hostname, f"netwarden_interfaces[{idx}].faces",
                            "only the provincial exit may have Internet-facing interfaces (Art. 7)"))
            if itf.nat_outside:
                add(Problem(d.source, d.hostname, f"netwarden_interfaces[{idx}].nat_outside",
                            "NAT to public addresses only at the provincial exit (Art. 7)"))
    for j, p in enumerate(net.exit.public_prefixes):
        o = _overlaps(p, intra + extra)
        if o is not None:
            add(Problem(inv, "", f"netwarden_exit.public_prefixes[{j}]", f"{p} overlaps government prefix {o}"))
    if not any(net.exit.nat_pool.subnet_of(p) for p in net.exit.public_prefixes):
        add(Problem(inv, "", "netwarden_exit.nat_pool", f"{net.exit.nat_pool} is not inside the exit's public "
                    "prefixes"))

    # the allow-list (Art. 7, 12)
    systems: set[str] = set()
    for k, e in enumerate(net.allowlist):
        key = f"netwarden_internet_allowlist[{k}]"
        if e.system in systems:
            add(Problem(inv, "", f"{key}.system", f"duplicate allow-list system {e.system!r}"))
        systems.add(e.system)
        if not e.approval.strip():
            add(Problem(inv, "", f"{key}.approval", f"allow-list entry {e.system!r} has no approval reference: "
                        "no Internet access without authorisation (Art. 7)"))
        if e.expired(net.today) and not allow_expired:
            add(Problem(inv, "", f"{key}.expires", f"allow-list entry {e.system!r} expired on {e.expires} "
                        f"(today is {net.today}): renew the approval or remove the entry (Art. 7)"))
        if e.unit not in net.units and e.unit not in failed_units:
            add(Problem(inv, "", f"{key}.unit", f"unknown unit {e.unit!r}"))
        for s, p in enumerate(e.sources):
            if not _in_any(p, extra + dmz):
                add(Problem(inv, "", f"{key}.sources[{s}]", f"{p} is not extranet address space"))
            if _overlaps(p, intra):
                add(Problem(inv, "", f"{key}.sources[{s}]", f"{p} is intranet space: the intranet never reaches "
                            "the Internet through the extranet (Art. 5)"))
        for s, p in enumerate(e.destinations):
            if _overlaps(p, intra + extra):
                add(Problem(inv, "", f"{key}.destinations[{s}]", f"{p} is government address space, not the "
                            "Internet"))
        for s, port in enumerate(e.ports):
            if not _valid_port(port):
                add(Problem(inv, "", f"{key}.ports[{s}]", f"bad port {port!r} (expected tcp/443, udp/53, "
                            "tcp/8000-8080 or icmp)"))
    exits_without_dmz = [d.hostname for d in net.devices.values()
                         if d.role == Role.INTERNET_EXIT and not any(i.faces == "dmz" for i in d.interfaces)]
    for k, r in enumerate(net.dmz_rules):
        key = f"netwarden_dmz_rules[{k}]"
        if not r.approval.strip():
            add(Problem(inv, "", f"{key}.approval", "dmz rule without approval (Art. 7)"))
        for h in exits_without_dmz:  # the exit's filter would name no interface it comes in on
            add(Problem(inv, "", key, f"dmz rule {r.name!r}: the exit {h} has no interface facing the dmz "
                        "(faces: dmz) to apply it on"))
        for s, p in enumerate(r.sources):
            if not _in_any(p, dmz):
                add(Problem(inv, "", f"{key}.sources[{s}]", f"{p} is not dmz address space (netwarden_zones.dmz)"))
        for s, p in enumerate(r.destinations):
            if not _in_any(p, extra):
                add(Problem(inv, "", f"{key}.destinations[{s}]", f"{p} is not extranet address space"))
        for s, port in enumerate(r.ports):
            if not _valid_port(port):
                add(Problem(inv, "", f"{key}.ports[{s}]", f"bad port {port!r} (expected tcp/443, udp/53, "
                            "tcp/8000-8080 or icmp)"))
    _check_comments(net, inv, add)

    # lab hosts
    for lh in net.lab_hosts:
        dev = net.devices.get(lh.attach)
        if lh.attach in failed_devices:
            continue
        if dev is None or dev.interface(lh.attach_interface) is None:
            add(Problem(inv, lh.name, "netwarden_lab_host.attach", f"no such device interface "
                        f"{lh.attach}:{lh.attach_interface}"))
        elif dev.zone != lh.zone and lh.zone not in (Zone.INTERNET, Zone.DMZ):
            add(Problem(inv, lh.name, "netwarden_lab_host.zone", f"host in zone {lh.zone.value} attached to a "
                        f"{dev.zone.value} device"))
    return probs


def _idx(d: Device, ifname: str) -> int:
    for n, i in enumerate(d.interfaces):
        if i.name == ifname:
            return n
    return -1


def _valid_port(p: str) -> bool:
    if p == "icmp":
        return True
    proto, _, rng = p.partition("/")
    if proto not in ("tcp", "udp") or not rng:
        return False
    lo, _, hi = rng.partition("-")
    if not (lo.isascii() and lo.isdigit()) or (hi and not (hi.isascii() and hi.isdigit())):
        return False  # int() would take " 443" or "443\n"
    a = int(lo)
    b = int(hi) if hi else a
    return 0 < a <= b <= 65535


def _check_charset(d: Device, add: Callable[[Problem], None]) -> None:
    """The device's free text that becomes commands, in the character set its platform declares."""
    from netwarden import platforms

    chars = platforms.get(d.platform.value).text_chars
    if chars is None:
        return
    cls, words = chars
    texts = [("netwarden_site", d.site)]
    texts += [(f"netwarden_interfaces[{k}].description", i.description) for k, i in enumerate(d.interfaces)]
    texts += [(f"netwarden_routing.static[{k}].description", r.description) for k, r in enumerate(d.routing.static)]
    if d.routing.bgp is not None:
        texts += [(f"netwarden_routing.bgp.neighbors[{k}].description", n.description)
                  for k, n in enumerate(d.routing.bgp.neighbors)]
    bad = re.compile(f"(?!{cls}).")
    for key, text in texts:
        m = bad.search(text)
        if m:
            add(Problem(d.source, d.hostname, key, f"character U+{ord(m.group()):04X} is not allowed on "
                        f"{d.platform.value}: {words}"))


def _check_comments(net: Network, inv: str, add: Callable[[Problem], None]) -> None:
    """An exit's filter rule carries its allow-list entry or dmz rule in a comment where the platform writes
    one: a comment longer than the platform takes would make the device refuse the whole filter."""
    from netwarden import platforms
    from netwarden.model.intent import flows

    exits = [d for d in net.devices.values() if d.role == Role.INTERNET_EXIT]
    entries = [(f"netwarden_internet_allowlist[{k}]", "allow-list entry", e.system, e.approval, e.expires.isoformat())
               for k, e in enumerate(net.allowlist)]
    entries += [(f"netwarden_dmz_rules[{k}]", "dmz rule", r.name, r.approval, "") for k, r in enumerate(net.dmz_rules)]
    for d in exits:
        spec = platforms.get(d.platform.value)
        for key, what, name, ref, expires in entries:  # the CLI platforms' remarks (templates: filters.j2)
            kind = "NW-ALLOW" if what == "allow-list entry" else "NW-DMZ"
            remark = f"{kind} {name} ref {ref}" + (f" expires {expires}" if expires else "")
            if spec.remark_max_chars is not None and len(remark) > spec.remark_max_chars:
                add(Problem(inv, "", f"{key}.approval", f"the filter remark of {what} {name!r} on {d.hostname} "
                            f"would be {len(remark)} characters: {d.platform.value} takes at most "
                            f"{spec.remark_max_chars} (shorten the approval reference)"))
            m = re.search(f"(?!{spec.text_chars[0]}).", ref) if spec.text_chars else None
            if m and spec.text_chars:
                add(Problem(inv, "", f"{key}.approval", f"character U+{ord(m.group()):04X} is not allowed in the "
                            f"filter remark on {d.hostname} ({d.platform.value}): {spec.text_chars[1]}"))
        limit = spec.comment_max_bytes
        for key, what, name, ref, expires in entries:
            n = len(flows(name, ref, expires, (), (), ("icmp",))[0].comment.encode())
            if limit is not None and n > limit:
                add(Problem(inv, "", f"{key}.approval", f"the filter comment of {what} {name!r} on {d.hostname} "
                            f"would be {n} bytes: {d.platform.value} takes at most {limit} (shorten the approval "
                            "reference)"))


def _check_interface_zone(net: Network, d: Device, idx: int, probs: list[Problem]) -> None:
    i = d.interfaces[idx]
    key = f"netwarden_interfaces[{idx}]"
    zp = net.zone_prefixes
    if d.zone == Zone.INTRANET and i.faces in ("extranet", "internet", "dmz"):
        probs.append(Problem(d.source, d.hostname, f"{key}.faces", f"an intranet device cannot face the "
                             f"{i.faces} (Art. 5)"))
    if d.zone == Zone.EXTRANET and i.faces == "intranet":
        probs.append(Problem(d.source, d.hostname, f"{key}.faces", "an extranet device cannot face the intranet "
                             "(Art. 5)"))
    if i.address is None:
        return
    net_ = i.address.network
    if i.faces == "mgmt":
        if not any(i.address.ip in p for p in net.mgmt_prefixes_of(d)):
            probs.append(Problem(d.source, d.hostname, f"{key}.address", f"{i.address} is outside the management "
                                 "prefixes"))
        return
    if i.faces == "internet":
        bad = _overlaps(net_, zp.get(Zone.INTRANET, ()) + zp.get(Zone.EXTRANET, ()))
        if bad is not None:
            probs.append(Problem(d.source, d.hostname, f"{key}.address", f"Internet-facing {i.address} is in "
                                 f"government space {bad}"))
        return
    zone = Zone.DMZ if i.faces == "dmz" else d.zone
    if not _in_any(net_, zp.get(zone, ())):
        other = [z.value for z, pool in zp.items() if _overlaps(net_, pool) is not None]
        extra = f" (it is {', '.join(other)} space)" if other else ""
        art = " (Art. 5)" if {Zone.INTRANET.value, Zone.EXTRANET.value} & set(other) else ""
        probs.append(Problem(d.source, d.hostname, f"{key}.address", f"{i.address} is outside the {zone.value} "
                             f"address plan{extra}{art}"))


def _check_routing(net: Network, d: Device, probs: list[Problem]) -> None:
    r = d.routing
    names = {i.name for i in d.interfaces}
    if r.ospf:
        for n, ifn in enumerate(r.ospf.interfaces):
            if ifn not in names:
                probs.append(Problem(d.source, d.hostname, f"netwarden_routing.ospf.interfaces[{n}]",
                                     f"no interface {ifn}"))
    for n, s in enumerate(r.static):
        if s.next_hop is None and s.interface is None:
            probs.append(Problem(d.source, d.hostname, f"netwarden_routing.static[{n}]",
                                 "a static route needs next_hop or interface"))
        if d.zone == Zone.EXTRANET and _routes_into(s.prefix, net.zone_prefixes.get(Zone.INTRANET, ())):
            probs.append(Problem(d.source, d.hostname, f"netwarden_routing.static[{n}].prefix",
                                 f"an extranet device routes intranet prefix {s.prefix} (Art. 5)"))
        if d.zone == Zone.INTRANET and _routes_into(s.prefix, net.zone_prefixes.get(Zone.EXTRANET, ())):
            probs.append(Problem(d.source, d.hostname, f"netwarden_routing.static[{n}].prefix",
                                 f"an intranet device routes extranet prefix {s.prefix} (Art. 5)"))
    if r.bgp:
        for n, p in enumerate(r.bgp.networks):
            if d.zone == Zone.EXTRANET and _routes_into(p, net.zone_prefixes.get(Zone.INTRANET, ())):
                probs.append(Problem(d.source, d.hostname, f"netwarden_routing.bgp.networks[{n}]",
                                     f"an extranet device announces intranet prefix {p} (Art. 5)"))

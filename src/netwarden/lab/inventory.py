"""Build a lab spec from the inventory model: one lab device per ``lab: true`` device.

Devices come up with their *factory* configuration: interface addresses and routing
(static routes, OSPF with the inventory's timers, BGP) but no filtering and no hardening.
The baseline (``netwarden render``) is pushed later by netwarden itself (docs/lab.md).
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from pathlib import Path

from netwarden import platforms
from netwarden.lab.manager import LabError
from netwarden.lab.spec import FORBIDDEN_RANGES, LAB_RANGE, LabInterface, LabLink, LabNode, LabSpec
from netwarden.model.types import Device, Network

#: interface of a lab host node (its only data-plane interface)
HOST_IF = "eth0"


def bridge_name(name: str) -> str:
    return f"{name}br"


def _check_range(what: str, addr: IPv4Address | IPv4Network) -> None:
    net = addr if isinstance(addr, IPv4Network) else IPv4Network(addr)
    if not net.subnet_of(LAB_RANGE) or any(net.overlaps(bad) for bad in FORBIDDEN_RANGES):
        raise LabError(f"{what} {addr} is outside the lab range {LAB_RANGE}")


def lab_devices(net: Network) -> list[Device]:
    """The inventory's lab devices (``lab: true``), sorted; refuses platforms the lab cannot run."""
    devs = [d for _, d in sorted(net.devices.items()) if d.lab]
    if not devs:
        raise LabError(f"inventory {net.inventory}: no device has lab: true")
    bad = [f"{d.hostname} ({d.platform})" for d in devs if not platforms.get(d.platform.value).lab]
    if bad:
        can = ", ".join(n for n, s in platforms.registry().items() if s.lab)
        raise LabError(
            f"only {can} devices can be built in the lab; refusing: " + ", ".join(bad)
            + " (set lab: false on them)"
        )
    return devs


def ospf_interfaces(dev: Device) -> list[str]:
    """Interfaces OSPF runs on (``ospf: true`` on the interface or listed under routing.ospf)."""
    ospf = dev.routing.ospf
    if ospf is None:
        return []
    return [i.name for i in dev.interfaces if i.faces != "mgmt" and (i.ospf or i.name in ospf.interfaces)]


def factory_frr(dev: Device) -> str:
    """FRR text the lab device starts with: addresses and routing, no filters, no hardening."""
    r = dev.routing
    ospf = r.ospf
    on_ospf = set(ospf_interfaces(dev))
    out = ["frr defaults traditional", f"hostname {dev.hostname}", "service integrated-vtysh-config", "!"]
    for itf in dev.interfaces:
        if itf.faces == "mgmt":
            continue
        out.append(f"interface {itf.name}")
        if itf.address is not None:
            out.append(f" ip address {itf.address}")
        if ospf is not None and itf.name in on_ospf:
            out.append(f" ip ospf area {ospf.area}")
            if ospf.hello:
                out.append(f" ip ospf hello-interval {ospf.hello}")
            if ospf.dead:
                out.append(f" ip ospf dead-interval {ospf.dead}")
            if itf.name in ospf.passive:
                out.append(" ip ospf passive")
        if itf.shutdown:
            out.append(" shutdown")
        out += ["exit", "!"]
    if dev.loopback is not None:
        out += ["interface lo", f" ip address {dev.loopback}"]
        if ospf is not None:
            out += [f" ip ospf area {ospf.area}", " ip ospf passive"]
        out += ["exit", "!"]
    for s in r.static:
        via = " ".join(str(x) for x in (s.next_hop, s.interface) if x is not None) or "Null0"
        out.append(f"ip route {s.prefix} {via}")
    if r.static:
        out.append("!")
    if ospf is not None:
        out += ["router ospf", f" ospf router-id {ospf.router_id}"]
        out += [f" redistribute {what}" for what in ospf.redistribute]
        if ospf.default_originate:
            out.append(" default-information originate always")
        out += ["exit", "!"]
    if r.bgp is not None:
        b = r.bgp
        out += [f"router bgp {b.asn}", f" bgp router-id {b.router_id}", " no bgp ebgp-requires-policy"]
        out += [f" neighbor {n.address} remote-as {n.remote_as}" for n in b.neighbors]
        out.append(" address-family ipv4 unicast")
        out += [f"  network {p}" for p in b.networks]
        out += [f"  neighbor {a} default-originate" for a in b.default_originate_to]
        out += [" exit-address-family", "exit", "!"]
    return "\n".join(out) + "\n"


def frr_daemons(dev: Device) -> tuple[str, ...]:
    out = ["staticd"]
    if dev.routing.ospf is not None:
        out.append("ospfd")
    if dev.routing.bgp is not None:
        out.append("bgpd")
    return tuple(out)


def _mgmt_prefix(net: Network, dev: Device) -> IPv4Network:
    """The management prefix a device's management address is in (its zone's first)."""
    zone_first = list(net.mgmt_prefixes_of(dev))
    others = [p for z, ps in sorted(net.management_prefixes.items()) for p in ps if p not in zone_first]
    for p in zone_first + others:
        if dev.mgmt_address in p:
            return p
    raise LabError(
        f"device {dev.hostname}: mgmt_address {dev.mgmt_address} is in none of the inventory's "
        f"management prefixes ({', '.join(str(p) for ps in net.management_prefixes.values() for p in ps)})"
    )


def _bridge_addresses(prefixes: list[IPv4Network], used: set[IPv4Address]) -> list[IPv4Interface]:
    """One bridge address per management prefix: its first host address no device uses."""
    out = []
    for p in prefixes:
        free = next((h for h in p.hosts() if h not in used), None)
        if free is None:
            raise LabError(f"management prefix {p} has no free address for the lab bridge")
        out.append(IPv4Interface(f"{free}/{p.prefixlen}"))
    return out


def spec_from_network(net: Network, workdir: Path, name: str = "nw") -> LabSpec:
    """The lab spec of an inventory: lab devices, their links, the lab hosts and their LANs.

    The management bridge gets one address per management prefix in use, so that the root
    namespace reaches each device from inside its zone's management prefix (the rendered
    sshd ``AllowUsers`` and nftables ``set mgmt`` only accept those)."""
    devs = lab_devices(net)
    names = {d.hostname for d in devs}
    nodes: list[LabNode] = []
    mgmt_prefixes: list[IPv4Network] = []
    used_mgmt: set[IPv4Address] = set()
    for d in devs:
        prefix = _mgmt_prefix(net, d)
        _check_range(f"device {d.hostname}: management prefix", prefix)
        if prefix not in mgmt_prefixes:
            mgmt_prefixes.append(prefix)
        used_mgmt.add(d.mgmt_address)
        itfs = []
        for i in d.interfaces:
            if i.faces == "mgmt":
                continue
            if i.address is not None:
                _check_range(f"device {d.hostname}: interface {i.name}", i.address.network)
            itfs.append(LabInterface(i.name, i.address))
        if d.loopback is not None:
            _check_range(f"device {d.hostname}: loopback", d.loopback.network)
        for s in d.routing.static:
            if s.next_hop is not None:
                _check_range(f"device {d.hostname}: static route {s.prefix} next hop", s.next_hop)
        nodes.append(LabNode(
            name=d.hostname, kind="device",
            mgmt_address=IPv4Interface(f"{d.mgmt_address}/{prefix.prefixlen}"),
            interfaces=tuple(itfs), frr_daemons=frr_daemons(d), factory_frr=factory_frr(d),
        ))  # fmt: skip
    links: list[LabLink] = []
    linked: dict[tuple[str, str], str] = {}
    for ln in net.links:
        if ln.a in names and ln.b in names:  # a link to a non-lab device leaves a stub LAN
            links.append(LabLink(ln.a, ln.a_if, ln.b, ln.b_if))
            linked[(ln.a, ln.a_if)] = linked[(ln.b, ln.b_if)] = f"{ln.b}:{ln.b_if} / {ln.a}:{ln.a_if}"
    for h in sorted(net.lab_hosts, key=lambda h: h.name):
        if h.name in names:
            raise LabError(f"lab host {h.name} has the name of a device")
        if h.attach not in names:
            raise LabError(f"lab host {h.name}: attach device {h.attach} is not a lab device")
        dev = net.devices[h.attach]
        itf = dev.interface(h.attach_interface)
        if itf is None or itf.faces == "mgmt":
            raise LabError(f"lab host {h.name}: {h.attach} has no data interface {h.attach_interface}")
        if (h.attach, h.attach_interface) in linked:
            other = linked[h.attach, h.attach_interface]
            raise LabError(f"lab host {h.name}: {h.attach}:{h.attach_interface} is already linked ({other})")
        if itf.address is not None and h.address.ip not in itf.address.network:
            raise LabError(f"lab host {h.name}: {h.address} is not in {h.attach}:{itf.name} {itf.address.network}")
        _check_range(f"lab host {h.name}: address", h.address.network)
        linked[(h.attach, h.attach_interface)] = h.name
        nodes.append(LabNode(name=h.name, kind="host", interfaces=(LabInterface(HOST_IF, h.address),),
                             frr_daemons=(), default_gateway=h.gateway))  # fmt: skip
        links.append(LabLink(h.attach, h.attach_interface, h.name, HOST_IF))
    bridge = _bridge_addresses(mgmt_prefixes, used_mgmt)
    return LabSpec(
        name=name, workdir=workdir, mgmt_bridge=bridge_name(name), mgmt_network=bridge[0],
        nodes=tuple(nodes), links=tuple(links), mgmt_extra=tuple(bridge[1:]),
    )  # fmt: skip

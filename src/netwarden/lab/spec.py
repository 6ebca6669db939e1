"""Plain-data description of a lab: nodes, interfaces, links (frozen dataclasses).

Everything the lab manager builds is derived from a :class:`LabSpec`; names of
namespaces, FRR pathspaces and host-side interfaces are computed here so that the
manager, the driver arguments and the documentation agree (see docs/lab.md).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from pathlib import Path
from typing import Literal

#: every lab address (management and data plane) must be inside this range (RFC 2544 benchmarking)
LAB_RANGE = IPv4Network("198.18.0.0/15")
#: never used by a lab: this machine's own network in the CI environment (and TEST-NET-1)
FORBIDDEN_RANGES = (IPv4Network("192.0.2.0/24"),)

KNOWN_FRR_DAEMONS = (
    "bgpd", "ospfd", "ospf6d", "ripd", "ripngd", "isisd", "pimd", "ldpd", "nhrpd",
    "eigrpd", "babeld", "sharpd", "pbrd", "bfdd", "fabricd", "vrrpd", "pathd", "staticd",
)  # fmt: skip

_NAME_RE = re.compile(r"^[a-z][a-z0-9-]{0,30}$")
_LAB_NAME_RE = re.compile(r"^[a-z][a-z0-9]{0,11}$")
_IFNAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,14}$")

NodeKind = Literal["device", "host"]


@dataclass(frozen=True)
class LabInterface:
    name: str
    address: IPv4Interface | None = None


@dataclass(frozen=True)
class LabLink:
    """A veth pair between interface ``a_if`` of node ``a`` and ``b_if`` of node ``b``."""

    a: str
    a_if: str
    b: str
    b_if: str


@dataclass(frozen=True)
class LabNode:
    name: str
    kind: NodeKind = "device"
    mgmt_address: IPv4Interface | None = None  # devices only
    interfaces: tuple[LabInterface, ...] = ()
    frr_daemons: tuple[str, ...] = ("staticd",)  # zebra and watchfrr are implied
    factory_frr: str = ""  # FRR config text the device starts with
    default_gateway: IPv4Address | None = None  # hosts only

    def interface(self, name: str) -> LabInterface:
        for itf in self.interfaces:
            if itf.name == name:
                return itf
        raise KeyError(name)


@dataclass(frozen=True)
class LabSpec:
    name: str
    workdir: Path
    mgmt_bridge: str
    mgmt_network: IPv4Interface  # the bridge's own address, e.g. 198.18.0.1/24
    nodes: tuple[LabNode, ...] = ()
    links: tuple[LabLink, ...] = ()
    #: prefix of network namespace / FRR pathspace names; None means "<lab name>-"
    ns_prefix: str | None = field(default=None)
    #: further addresses of the bridge, one per further management network (e.g. one per zone's
    #: management prefix, so the root namespace talks to each device from inside its zone's prefix)
    mgmt_extra: tuple[IPv4Interface, ...] = ()

    @property
    def mgmt_networks(self) -> tuple[IPv4Interface, ...]:
        """Every address of the bridge: ``mgmt_network`` first, then ``mgmt_extra``."""
        return (self.mgmt_network, *self.mgmt_extra)

    # -- derived names -------------------------------------------------------------
    def node(self, name: str) -> LabNode:
        for n in self.nodes:
            if n.name == name:
                return n
        raise KeyError(f"lab {self.name!r} has no node {name!r}")

    def netns(self, node: str) -> str:
        """Network namespace name == FRR pathspace (vtysh -N) == /etc/netns/<name>."""
        prefix = f"{self.name}-" if self.ns_prefix is None else self.ns_prefix
        return f"{prefix}{node}"

    @property
    def stub_netns(self) -> str:
        """Namespace that holds the far ends of stub-LAN veths (never a node name: has '_')."""
        prefix = f"{self.name}-" if self.ns_prefix is None else self.ns_prefix
        return f"{prefix}_stubs"

    def mgmt_veth(self, node: str) -> str:
        """Host-side (root namespace) end of a device's management veth (<= 15 chars)."""
        digest = hashlib.sha1(f"{self.name}/{node}".encode()).hexdigest()[:10]
        return f"nwm{digest}"

    def node_dir(self, node: str) -> Path:
        return self.workdir / node

    def config_root(self, node: str) -> Path:
        """The device's config root: prefix of every path in docs/config-layout.md."""
        return self.workdir / node / "root"

    @property
    def devices(self) -> tuple[LabNode, ...]:
        return tuple(n for n in self.nodes if n.kind == "device")


def spec_addresses(spec: LabSpec) -> list[tuple[str, IPv4Interface | IPv4Address]]:
    """Every address/network of the spec with a label, for the safety checks."""
    out: list[tuple[str, IPv4Interface | IPv4Address]] = [
        (f"mgmt_network of lab {spec.name}", spec.mgmt_network)
    ]
    out += [(f"mgmt_extra of lab {spec.name}", extra) for extra in spec.mgmt_extra]
    for n in spec.nodes:
        if n.mgmt_address is not None:
            out.append((f"{n.name} mgmt_address", n.mgmt_address))
        for itf in n.interfaces:
            if itf.address is not None:
                out.append((f"{n.name}:{itf.name}", itf.address))
        if n.default_gateway is not None:
            out.append((f"{n.name} default_gateway", n.default_gateway))
    return out


def validate_spec(spec: LabSpec) -> list[str]:
    """Return a list of problems (empty when the spec is usable)."""
    errs: list[str] = []
    if not _LAB_NAME_RE.match(spec.name):
        errs.append(f"lab name {spec.name!r} must match {_LAB_NAME_RE.pattern}")
    if not _IFNAME_RE.match(spec.mgmt_bridge):
        errs.append(f"mgmt_bridge {spec.mgmt_bridge!r} is not a valid interface name (<= 15 chars)")
    if not spec.workdir.is_absolute():
        errs.append(f"workdir {spec.workdir} must be absolute")
    for label, addr in spec_addresses(spec):
        net = addr.network if isinstance(addr, IPv4Interface) else IPv4Network(addr)
        if not net.subnet_of(LAB_RANGE):
            errs.append(f"{label} {addr} is outside the lab range {LAB_RANGE}")
        for bad in FORBIDDEN_RANGES:
            if net.overlaps(bad):
                errs.append(f"{label} {addr} overlaps the forbidden range {bad}")
    bridge_nets: list[IPv4Network] = []
    for addr in spec.mgmt_networks:
        if addr.ip == addr.network.network_address:
            errs.append(f"mgmt_network {addr} must be the bridge's host address")
        for other in bridge_nets:
            if addr.network.overlaps(other):
                errs.append(f"bridge address {addr} overlaps the bridge's other network {other}")
        bridge_nets.append(addr.network)
    names: set[str] = set()
    mgmt_seen: dict[IPv4Address, str] = {a.ip: "the bridge" for a in spec.mgmt_networks}
    for n in spec.nodes:
        if not _NAME_RE.match(n.name):
            errs.append(f"node name {n.name!r} must match {_NAME_RE.pattern}")
        if n.name in names:
            errs.append(f"node {n.name!r} appears twice")
        names.add(n.name)
        if len(spec.netns(n.name)) > 40:
            errs.append(f"namespace name {spec.netns(n.name)!r} is too long")
        if n.kind not in ("device", "host"):
            errs.append(f"node {n.name}: kind must be 'device' or 'host', not {n.kind!r}")
        if n.kind == "device":
            if n.mgmt_address is None:
                errs.append(f"device {n.name} has no mgmt_address")
            else:
                if n.mgmt_address.network not in bridge_nets:
                    errs.append(
                        f"device {n.name} mgmt_address {n.mgmt_address} is not in "
                        + " or ".join(str(net) for net in bridge_nets)
                    )
                if n.mgmt_address.ip in mgmt_seen:
                    errs.append(
                        f"device {n.name} mgmt_address {n.mgmt_address.ip} is also used by "
                        f"{mgmt_seen[n.mgmt_address.ip]}"
                    )
                mgmt_seen[n.mgmt_address.ip] = n.name
            if n.default_gateway is not None:
                errs.append(f"device {n.name}: default_gateway is for hosts (use FRR static routes)")
            for d in n.frr_daemons:
                if d not in KNOWN_FRR_DAEMONS:
                    errs.append(f"device {n.name}: unknown FRR daemon {d!r}")
        else:
            if n.mgmt_address is not None:
                errs.append(f"host {n.name} must not have a mgmt_address")
        ifnames: set[str] = set()
        for itf in n.interfaces:
            if not _IFNAME_RE.match(itf.name) or itf.name in ("lo", "mgmt0"):
                errs.append(f"node {n.name}: bad interface name {itf.name!r}")
            if itf.name in ifnames:
                errs.append(f"node {n.name}: interface {itf.name} appears twice")
            ifnames.add(itf.name)
    used: set[tuple[str, str]] = set()
    for link in spec.links:
        for node, ifname in ((link.a, link.a_if), (link.b, link.b_if)):
            if node not in names:
                errs.append(f"link {link}: unknown node {node!r}")
                continue
            try:
                spec.node(node).interface(ifname)
            except KeyError:
                errs.append(f"link {link}: node {node} has no interface {ifname!r}")
            if (node, ifname) in used:
                errs.append(f"link {link}: {node}:{ifname} is already linked")
            used.add((node, ifname))
        if link.a == link.b:
            errs.append(f"link {link}: both ends on the same node")
    return errs

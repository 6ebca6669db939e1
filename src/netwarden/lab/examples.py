"""Small hand-written lab specs used by the tests and as examples (docs/lab.md)."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Interface
from pathlib import Path

from netwarden.lab.spec import LabInterface, LabLink, LabNode, LabSpec


def _ospf(rid: str, ifaces: tuple[str, ...], nets: tuple[str, ...]) -> str:
    lines = ["frr defaults traditional"]
    for i in ifaces:  # fast hellos: the lab converges in a few seconds
        lines += [f"interface {i}", " ip ospf hello-interval 1", " ip ospf dead-interval 3", "exit"]
    lines += ["router ospf", f" ospf router-id {rid}"]
    lines += [f" network {n} area 0" for n in nets]
    lines += ["exit"]
    return "\n".join(lines) + "\n"


def three_router_spec(workdir: Path, name: str = "nwt", third_octet: int = 250) -> LabSpec:
    """r1 - r2 - r3 in a line, OSPF area 0, a host h1 behind r3, a stub LAN on r1.

    Management 198.18.<third_octet>.0/24 (bridge .1, routers .11-.13); data plane in
    198.19.0.0/16."""
    m = f"198.18.{third_octet}"
    return LabSpec(
        name=name,
        workdir=workdir,
        mgmt_bridge=f"{name}br",
        mgmt_network=IPv4Interface(f"{m}.1/24"),
        nodes=(
            LabNode("r1", "device", IPv4Interface(f"{m}.11/24"),
                    (LabInterface("eth1", IPv4Interface("198.19.0.1/30")),
                     LabInterface("eth2", IPv4Interface("198.19.1.1/24"))),
                    ("staticd", "ospfd"),
                    _ospf("198.19.255.1", ("eth1",), ("198.19.0.0/30", "198.19.1.0/24"))),
            LabNode("r2", "device", IPv4Interface(f"{m}.12/24"),
                    (LabInterface("eth1", IPv4Interface("198.19.0.2/30")),
                     LabInterface("eth2", IPv4Interface("198.19.0.5/30"))),
                    ("staticd", "ospfd"),
                    _ospf("198.19.255.2", ("eth1", "eth2"), ("198.19.0.0/30", "198.19.0.4/30"))),
            LabNode("r3", "device", IPv4Interface(f"{m}.13/24"),
                    (LabInterface("eth1", IPv4Interface("198.19.0.6/30")),
                     LabInterface("eth2", IPv4Interface("198.19.2.1/24"))),
                    ("staticd", "ospfd"),
                    _ospf("198.19.255.3", ("eth1",), ("198.19.0.4/30", "198.19.2.0/24"))),
            LabNode("h1", "host", None, (LabInterface("eth0", IPv4Interface("198.19.2.10/24")),),
                    default_gateway=IPv4Address("198.19.2.1")),
        ),
        links=(
            LabLink("r1", "eth1", "r2", "eth1"),
            LabLink("r2", "eth2", "r3", "eth1"),
            LabLink("r3", "eth2", "h1", "eth0"),
        ),
    )  # fmt: skip

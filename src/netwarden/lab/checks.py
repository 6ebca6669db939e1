"""Safety checks before a lab is built: host address conflicts, prerequisites, the workdir."""

from __future__ import annotations

import os
import shutil
from ipaddress import IPv4Interface, IPv4Network
from pathlib import Path

from netwarden.lab.spec import LabSpec, spec_addresses
from netwarden.lab.status import LabError
from netwarden.lab.system import FRR_LIBDIR, _ip_json

REQUIRED_BINARIES = (
    "ip", "nsenter", "unshare", "sshd", "ssh-keygen", "vtysh", "nft", "lldpd", "lldpcli",
    "sudo", "ping", "traceroute", "useradd", "chpasswd", "visudo",
)  # fmt: skip


def _host_conflicts(spec: LabSpec) -> list[str]:
    """Spec addresses that overlap an address or route of the root namespace."""
    ours_bridge = spec.mgmt_bridge
    taken: list[tuple[str, IPv4Network]] = []
    for link in _ip_json("addr", "show"):
        for a in link.get("addr_info", []):
            if a.get("family") != "inet":
                continue
            if link.get("ifname") == ours_bridge and f"{a['local']}/{a['prefixlen']}" in {
                str(m) for m in spec.mgmt_networks
            }:
                continue
            net = IPv4Network(f"{a['local']}/{a['prefixlen']}", strict=False)
            taken.append((f"address {a['local']}/{a['prefixlen']} on {link.get('ifname')}", net))
    for r in _ip_json("route", "show", "table", "all"):
        dst = r.get("dst", "")
        if dst in ("default", "") or ":" in dst or r.get("dev") == ours_bridge:
            continue
        try:
            rnet = IPv4Network(dst, strict=False)
        except ValueError:
            continue
        if rnet.prefixlen == 0:
            continue
        taken.append((f"route {dst} dev {r.get('dev')}", rnet))
    problems = []
    for label, addr in spec_addresses(spec):
        net = addr.network if isinstance(addr, IPv4Interface) else IPv4Network(addr)
        for what, other in taken:
            if net.overlaps(other):
                problems.append(f"{label} {addr} overlaps host {what}")
                break  # one reason per spec address is enough
    return problems


def _check_prereqs() -> None:
    if os.geteuid() != 0:
        raise LabError("the lab needs root (network namespaces, veths, sshd)")
    missing = [b for b in REQUIRED_BINARIES if shutil.which(b) is None]
    if not (FRR_LIBDIR / "frrinit.sh").exists():
        missing.append(str(FRR_LIBDIR / "frrinit.sh"))
    if missing:
        raise LabError(
            "missing lab packages/binaries: " + ", ".join(missing) + " (run ./scripts/setup.sh --lab; "
            "packages frr frr-pythontools nftables openssh-server lldpd iputils-ping traceroute sudo)"
        )


def _check_workdir(workdir: Path) -> None:
    """The ops user must reach <workdir>/<node>/root/var/lib/netwarden: every parent o+x."""
    p = workdir.parent
    while True:
        try:
            st = p.stat()
        except OSError:
            break
        if not st.st_mode & 0o001:
            raise LabError(
                f"lab workdir {workdir}: parent {p} is not world-searchable (mode {oct(st.st_mode & 0o777)});"
                f" the lab users must reach their config root"
            )
        if p == p.parent:
            break
        p = p.parent
    sock = workdir / ("x" * 31) / "lldpd.sock"
    if len(str(sock)) > 100:
        raise LabError(f"lab workdir {workdir} is too long for unix socket paths")

"""Data-plane probe primitives: everything is sent from inside a lab node's namespaces."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address

from netwarden.lab.manager import Lab
from netwarden.lab.spec import LabSpec


@dataclass(frozen=True)
class PingResult:
    src: str
    dst: str
    sent: int
    received: int
    rtt_avg_ms: float | None
    output: str

    @property
    def ok(self) -> bool:
        return self.received > 0


@dataclass(frozen=True)
class Hop:
    ttl: int
    address: str | None  # None: no answer ("*")
    rtt_ms: float | None


def run_in(
    spec: LabSpec, node: str, argv: Sequence[str], timeout: float = 10.0, check: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` as root inside ``node``'s UTS + network namespaces."""
    return Lab(spec).run_in(node, argv, timeout=timeout, check=check)


def ping(
    spec: LabSpec, src_node: str, dst_ip: str | IPv4Address, count: int = 1, timeout: float = 1.0,
    source: str | None = None,
) -> PingResult:  # fmt: skip
    """ICMP echo from ``src_node`` (optionally from address/interface ``source``)."""
    dst = str(dst_ip)
    argv = ["ping", "-n", "-q", "-c", str(count), "-W", str(timeout), "-i", "0.2"]
    if source:
        argv += ["-I", source]
    cp = run_in(spec, src_node, [*argv, dst], timeout=count * (timeout + 0.5) + 5)
    out = cp.stdout + cp.stderr
    m = re.search(r"(\d+) packets transmitted, (\d+) (?:packets )?received", out)
    sent, rcvd = (int(m[1]), int(m[2])) if m else (count, 0)
    rtt = re.search(r"= [\d.]+/([\d.]+)/", out)
    return PingResult(src_node, dst, sent, rcvd, float(rtt[1]) if rtt else None, out)


def traceroute(
    spec: LabSpec, src_node: str, dst_ip: str | IPv4Address, max_hops: int = 16, wait: float = 1.0
) -> list[Hop]:
    """UDP traceroute from ``src_node``; one probe per hop, numeric."""
    argv = ["traceroute", "-n", "-q", "1", "-w", str(wait), "-m", str(max_hops), str(dst_ip)]
    cp = run_in(spec, src_node, argv, timeout=max_hops * (wait + 0.5) + 5)
    return parse_traceroute(cp.stdout)


def parse_traceroute(text: str) -> list[Hop]:
    hops = []
    for line in text.splitlines():
        m = re.match(r"^\s*(\d+)\s+(\S+)(?:\s+([\d.]+) ms)?", line)
        if not m:
            continue
        addr = None if m[2] == "*" else m[2]
        hops.append(Hop(int(m[1]), addr, float(m[3]) if m[3] else None))
    return hops

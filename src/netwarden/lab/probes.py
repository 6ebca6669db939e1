"""Data-plane probes: flows the inventory declares must (not) pass, tried in a running lab.

* Art. 5: an intranet host never reaches an extranet host (nor the reverse), nor the Internet.
* Art. 7: an extranet host reaches an Internet host only when an active allow-list entry covers
  its system, address and port, and then only through the provincial exit; the Internet never
  reaches an extranet host unsolicited.

Every packet is sent from inside a lab namespace (``Lab.run_in``); the root namespace
sends nothing. A TCP probe starts a small listener in the destination host's namespace
(pidfile in the node's directory) and stops it by that PID.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from ipaddress import IPv4Address
from pathlib import Path
from typing import Any, Literal

from netwarden.lab.manager import Lab, LabError
from netwarden.lab.probe import Hop, parse_traceroute, ping
from netwarden.lab.spec import LabSpec
from netwarden.model.types import AllowEntry, LabHost, Network, Zone
from netwarden.verify.catalog import implements

PYTHON = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else "python3"
Expect = Literal["fail", "succeed"]

_CONNECT = (
    "import socket,sys\n"
    "try:\n"
    "    s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=float(sys.argv[3]))\n"
    "except OSError as e:\n"
    "    print(f'{type(e).__name__}: {e}'); sys.exit(1)\n"
    "s.settimeout(2)\n"
    "try:\n"
    "    seen = s.recv(64).decode() or '?'\n"
    "except OSError:\n"
    "    seen = '?'\n"
    "print(f'connected from {s.getsockname()[0]}, the listener saw {seen}'); s.close()\n"
)

# a TCP listener that accepts and closes (no name lookups: http.server would ask DNS first)
_LISTEN = (
    "import socket,sys\n"
    "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
    "s.bind((sys.argv[1], int(sys.argv[2]))); s.listen(16)\n"
    "while True:\n"
    "    c, a = s.accept()\n"
    "    try:\n"
    "        c.sendall(a[0].encode())\n"
    "    except OSError:\n"
    "        pass\n"
    "    c.close()\n"
)
LISTENER_TAG = "netwarden-lab-listener"


@dataclass(frozen=True)
class Flow:
    """One declared flow: from a lab host to another's address, with the verdict the policy wants."""

    name: str
    src: str
    dst: str
    dst_ip: IPv4Address
    proto: Literal["icmp", "tcp"]
    expected: Expect
    article: str
    port: int | None = None
    via_exit: bool = False  # when it must succeed: the path must cross an exit device
    reason: str = ""
    rule: str = ""  # the probe rule the flow evidences (ISO-008 isolation, EXIT-008 the exit)
    device: str = ""  # the device whose policy decides the flow (attach device, or the exit)


@dataclass(frozen=True)
class ProbeResult:
    flow: Flow
    observed: Literal["fail", "succeed"]
    evidence: str
    path_ok: bool | None = None  # via_exit flows: a hop was an exit address (None: not checked)

    @property
    def as_expected(self) -> bool:
        return not observed_as_declared(self)

    def to_dict(self) -> dict[str, Any]:
        f = self.flow
        return {
            "name": f.name, "from": f.src, "to": f.dst, "to_address": str(f.dst_ip),
            "protocol": f.proto if f.port is None else f"{f.proto}/{f.port}",
            "expected": f.expected, "observed": self.observed, "as_expected": self.as_expected,
            "path_via_exit": self.path_ok, "evidence": self.evidence, "article": f.article, "reason": f.reason,
            "ok": self.as_expected, "rule": f.rule, "device": f.device,
        }  # fmt: skip


@implements("ISO-008", "probe")
@implements("EXIT-008", "probe")
def observed_as_declared(result: ProbeResult) -> str:
    """Why an observed probe breaks its rule ("" when it went as declared): a forbidden packet delivered,
    an allowed one lost, or an allowed one that did not cross the exit."""
    f = result.flow
    if result.observed != f.expected:
        return f"expected {f.expected}, observed {result.observed}"
    if result.path_ok is False:
        return "delivered, but not through the exit"
    return ""


@dataclass
class ProbeReport:
    lab: str
    inventory: str
    results: list[ProbeResult] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return all(r.as_expected for r in self.results)

    @property
    def unexpected(self) -> list[ProbeResult]:
        return [r for r in self.results if not r.as_expected]

    def to_dict(self) -> dict[str, Any]:
        return {
            "lab": self.lab, "inventory": self.inventory, "ok": self.ok, "elapsed": round(self.elapsed, 2),
            "summary": {"probes": len(self.results), "unexpected": len(self.unexpected)},
            "probes": [r.to_dict() for r in self.results],
        }  # fmt: skip

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    def to_text(self) -> str:
        lines = [f"data-plane probes, lab {self.lab} ({self.inventory})"]
        for r in self.results:
            f = r.flow
            proto = f.proto if f.port is None else f"{f.proto}/{f.port}"
            verdict = "ok        " if r.as_expected else "UNEXPECTED"
            lines.append(
                f"{verdict} {f.article:<7} {f.name}: {f.src} -> {f.dst} ({f.dst_ip} {proto}) "
                f"must {f.expected}, observed {r.observed}"
            )
            lines.append(f"           evidence: {r.evidence}")
        n, bad = len(self.results), len(self.unexpected)
        lines.append(f"{n} probes, {n - bad} as expected, {bad} unexpected ({self.elapsed:.1f}s)")
        return "\n".join(lines)


# --------------------------------------------------------------------------------------
# the declared flows


def _tcp_ports(entry: AllowEntry) -> list[int]:
    out = []
    for p in entry.ports:
        proto, _, rng = p.partition("/")
        if proto == "tcp" and rng:
            out.append(int(rng.split("-")[0]))
    return out


def covering_entry(net: Network, host: LabHost, dst: LabHost) -> AllowEntry | None:
    """The active allow-list entry that lets ``host`` (by its system) reach ``dst``, if any."""
    if not host.system:
        return None
    for e in net.active_allowlist():
        if e.system != host.system:
            continue
        if any(host.address.ip in s for s in e.sources) and any(dst.address.ip in d for d in e.destinations):
            return e
    return None


def declared_flows(net: Network) -> list[Flow]:
    hosts = sorted(net.lab_hosts, key=lambda h: h.name)
    intra = [h for h in hosts if h.zone == Zone.INTRANET]
    extra = [h for h in hosts if h.zone == Zone.EXTRANET]
    inet = [h for h in hosts if h.zone == Zone.INTERNET]
    flows: list[Flow] = []
    exit_dev = net.exit.devices[0] if net.exit.devices else ""
    for i in intra:
        for e in extra:
            for a, b in ((i, e), (e, i)):
                flows.append(Flow(f"isolation {a.zone}->{b.zone}", a.name, b.name, b.address.ip, "icmp", "fail",
                                  "Art. 5", reason="intranet and extranet are physically isolated",
                                  rule="ISO-008", device=a.attach))  # fmt: skip
        for t in inet:
            flows.append(Flow("isolation intranet->internet", i.name, t.name, t.address.ip, "icmp", "fail",
                              "Art. 5", reason="the intranet has no path to the Internet",
                              rule="ISO-008", device=i.attach))  # fmt: skip
    # TCP ports the allow-list opens towards each Internet host: a non-listed host must not use them
    for t in inet:
        listed_ports = sorted({p for e in net.active_allowlist() if any(t.address.ip in d for d in e.destinations)
                               for p in _tcp_ports(e)})  # fmt: skip
        for e in extra:
            entry = covering_entry(net, e, t)
            if entry is None:
                why = (f"system {e.system} has no active allow-list entry covering {e.address.ip} -> {t.address.ip}"
                       if e.system else "no allow-listed system")  # fmt: skip
                flows.append(Flow("exit denies non-allow-listed", e.name, t.name, t.address.ip, "icmp", "fail",
                                  "Art. 7", reason=why, rule="EXIT-008", device=exit_dev))  # fmt: skip
                flows += [Flow("exit denies non-allow-listed", e.name, t.name, t.address.ip, "tcp", "fail",
                               "Art. 7", port=p, reason=why, rule="EXIT-008", device=exit_dev)
                          for p in listed_ports[:1]]  # fmt: skip
                continue
            why = f"allow-list {entry.system} {entry.approval} until {entry.expires}"
            if "icmp" in entry.ports:
                flows.append(Flow("exit permits allow-listed", e.name, t.name, t.address.ip, "icmp", "succeed",
                                  "Art. 7", via_exit=True, reason=why, rule="EXIT-008", device=exit_dev))  # fmt: skip
            flows += [Flow("exit permits allow-listed", e.name, t.name, t.address.ip, "tcp", "succeed", "Art. 7",
                           port=p, via_exit="icmp" not in entry.ports, reason=why, rule="EXIT-008", device=exit_dev)
                      for p in _tcp_ports(entry)[:1]]  # fmt: skip
        for e in extra:
            flows.append(Flow("no unsolicited inbound", t.name, e.name, e.address.ip, "icmp", "fail", "Art. 7",
                              reason="the Internet reaches the extranet only as replies through the exit",
                              rule="EXIT-008", device=exit_dev))
    return flows


# --------------------------------------------------------------------------------------
# running them


def exit_addresses(net: Network) -> set[str]:
    out: set[str] = set()
    for name in net.exit.devices:
        d = net.devices.get(name)
        if d is None:
            continue
        out |= {str(i.address.ip) for i in d.interfaces if i.address is not None}
        if d.loopback is not None:
            out.add(str(d.loopback.ip))
    return out


class _Listener:
    """A tiny TCP listener (python, accept and close) in a lab node, stopped by its PID."""

    def __init__(self, spec: LabSpec, node: str, ip: IPv4Address, port: int) -> None:
        self.lab, self.node, self.ip, self.port = Lab(spec), node, ip, port
        self.pidfile = spec.node_dir(node) / f"listener-{port}.pid"
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> _Listener:
        argv = [*self.lab.ns_argv(self.node), PYTHON, "-c", _LISTEN, str(self.ip), str(self.port), LISTENER_TAG]
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     stdin=subprocess.DEVNULL, cwd=self.pidfile.parent)  # fmt: skip
        self.pidfile.write_text(f"{self.proc.pid}\n")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:  # listening? (asked inside the node's namespace)
            cp = self.lab.run_in(self.node, ["ss", "-Hltn", f"sport = :{self.port}"], timeout=5)
            if cp.stdout.strip():
                return self
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        self.__exit__(None, None, None)
        raise LabError(f"cannot start a listener on {self.node} {self.ip}:{self.port}")

    def __exit__(self, *exc: object) -> None:
        pid = int(self.pidfile.read_text()) if self.pidfile.exists() else None
        if pid and LISTENER_TAG in _cmdline(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        if self.proc is not None:
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.pidfile.unlink(missing_ok=True)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _hops_text(hops: list[Hop]) -> str:
    return " ".join(h.address or "*" for h in hops) or "no hops"


def _path_check(spec: LabSpec, flow: Flow, exits: set[str]) -> tuple[bool, str]:
    """traceroute (ICMP, or TCP SYN to the allowed port) from the source: does a hop belong to the exit?"""
    method = ["-I"] if flow.proto == "icmp" else ["-T", "-p", str(flow.port)]
    argv = ["traceroute", "-n", "-q", "1", "-w", "1", "-m", "12", *method, str(flow.dst_ip)]
    cp = Lab(spec).run_in(flow.src, argv, timeout=30)
    hops = parse_traceroute(cp.stdout)
    hit = [h for h in hops if h.address in exits]
    if hit:
        return True, f"path {_hops_text(hops)} (hop {hit[0].ttl} {hit[0].address} is the exit)"
    return False, f"path {_hops_text(hops)} has no exit address ({', '.join(sorted(exits))})"


def run_flow(spec: LabSpec, flow: Flow, exits: set[str]) -> ProbeResult:
    lab = Lab(spec)
    count = 3 if flow.expected == "succeed" else 2
    if flow.proto == "icmp":
        pr = ping(spec, flow.src, flow.dst_ip, count=count, timeout=1.0)
        observed: Literal["fail", "succeed"] = "succeed" if pr.ok else "fail"
        evidence = f"ping {pr.received}/{pr.sent} replies" + (f", rtt {pr.rtt_avg_ms} ms" if pr.ok else "")
    else:
        assert flow.port is not None
        with _Listener(spec, flow.dst, flow.dst_ip, flow.port):
            cp = lab.run_in(flow.src, [PYTHON, "-c", _CONNECT, str(flow.dst_ip), str(flow.port), "2"], timeout=15)
            if cp.returncode != 0 and flow.expected == "succeed":  # one retry (ARP, conntrack warm-up)
                cp = lab.run_in(flow.src, [PYTHON, "-c", _CONNECT, str(flow.dst_ip), str(flow.port), "2"],
                                timeout=15)  # fmt: skip
        observed = "succeed" if cp.returncode == 0 else "fail"
        evidence = f"tcp connect: {(cp.stdout or cp.stderr).strip() or cp.returncode}"
    path_ok = None
    if flow.via_exit and observed == "succeed":
        path_ok, path = _path_check(spec, flow, exits)
        evidence += f"; {path}"
    return ProbeResult(flow, observed, evidence, path_ok)


def run_probes(net: Network, spec: LabSpec, flows: list[Flow] | None = None) -> ProbeReport:
    """Run every declared flow (in sequence: listeners share ports) and report."""
    t0 = time.monotonic()
    exits = exit_addresses(net)
    report = ProbeReport(spec.name, net.inventory)
    for flow in declared_flows(net) if flows is None else flows:
        report.results.append(run_flow(spec, flow, exits))
    report.elapsed = time.monotonic() - t0
    return report

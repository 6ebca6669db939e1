"""IOS access-list entries (numbered, named, standard and extended) -> AclEntry."""

from __future__ import annotations

import ipaddress

from netwarden.parsers._common import (
    norm_proto,
    port_number,
    port_range,
    port_ranges,
    to_addr,
    to_net,
    wildcard_nets,
)
from netwarden.parsers.model import (
    ANY,
    AclEntry,
    Net,
)


def _addr_spec(w: list[str], i: int) -> tuple[list[Net] | None, int, str | None]:
    if i >= len(w):
        return None, i, "address missing"
    x = w[i]
    if x == "any":
        return [ANY], i + 1, None
    if x == "host" and i + 1 < len(w):
        a = to_addr(w[i + 1])
        return ([ipaddress.IPv4Network(a)] if a else None), i + 2, None if a else f"bad host {w[i + 1]}"
    if x in ("object-group", "addrgroup") and i + 1 < len(w):
        return [ANY], i + 2, f"{x} {w[i + 1]} not resolved: taken as any"
    if "/" in x:
        n = to_net(x)
        return ([n] if n else None), i + 1, None if n else f"bad prefix {x}"
    if to_addr(x) is not None:
        if i + 1 < len(w) and to_addr(w[i + 1]) is not None:
            nets, msg = wildcard_nets(x, w[i + 1])
            return nets, i + 2, msg
        return [ipaddress.IPv4Network(x)], i + 1, None
    return None, i, f"address not understood: {x}"


def _port_spec(w: list[str], i: int) -> tuple[list[tuple[int, int]], int, str | None]:
    if i >= len(w) or w[i] not in ("eq", "neq", "gt", "lt", "range"):
        return [], i, None
    op = w[i]
    i += 1
    if op == "range" and i + 1 < len(w):
        ranges = port_range(w[i], w[i + 1])
        return ranges, i + 2, None if ranges else f"port range not understood: {w[i]} {w[i + 1]}"
    ports: list[int] = []
    while i < len(w):
        p = port_number(w[i])
        if p is None:
            break
        ports.append(p)
        i += 1
        if op != "eq" and op != "neq":
            break
    if not ports:
        return [], i, f"port not understood after {op}"
    return port_ranges("lt" if op == "range" else op, ports), i, None  # a cut-off `range P`: below P


_IGNORED_OPTS = {"log", "log-input", "established", "fragments", "dscp", "precedence", "tos", "ttl", "time-range",
                 "option", "reflect", "packet-length", "match-all", "match-any", "ack", "fin", "psh", "rst", "syn",
                 "urg", "echo", "echo-reply", "unreachable", "time-exceeded", "packet-too-big", "redirect",
                 "parameter-problem", "source-quench", "timestamp-request", "timestamp-reply", "host-unreachable",
                 "port-unreachable", "net-unreachable", "ttl-exceeded", "administratively-prohibited"}


def parse_ios_acl_entry(w: list[str], standard: bool) -> tuple[AclEntry | None, list[str]]:
    """`permit|deny ...` words (sequence number removed) -> AclEntry, warnings."""
    msgs: list[str] = []
    action = "permit" if w[0] == "permit" else "deny"
    log = "log" in w or "log-input" in w
    if standard:
        src, _i, msg = _addr_spec(w, 1)
        if msg:
            msgs.append(msg)
        if src is None:
            return None, msgs
        return AclEntry("permit" if action == "permit" else "deny", "ip", src=src, log=log), msgs
    if len(w) < 4:
        return None, [f"entry too short: {' '.join(w)}"]
    proto = norm_proto(w[1])
    if proto in ("object-group",):
        return None, [f"protocol object-group not modelled: {' '.join(w)}"]
    src, i, msg = _addr_spec(w, 2)
    if msg:
        msgs.append(msg)
    sports, i, msg = _port_spec(w, i)
    if msg:
        msgs.append(msg)
    dst, i, msg = _addr_spec(w, i)
    if msg:
        msgs.append(msg)
    dports, i, msg = _port_spec(w, i)
    if msg:
        msgs.append(msg)
    if src is None or dst is None:
        return None, msgs
    rest = w[i:]
    unknown = [x for x in rest if x not in _IGNORED_OPTS and not x.isdigit() and not x.startswith("(")]
    if unknown and proto not in ("icmp", "igmp"):
        msgs.append(f"options not modelled: {' '.join(unknown)}")
    e = AclEntry("permit" if action == "permit" else "deny", proto, src=src, dst=dst, dports=dports, sports=sports,
                 established="established" in rest, log=log)
    return e, msgs

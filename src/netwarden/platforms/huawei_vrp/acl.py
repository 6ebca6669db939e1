"""VRP ACL rules (`rule [N] permit|deny ...`, basic and advanced) -> AclEntry."""

from __future__ import annotations

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


def parse_vrp_rule(w: list[str], basic: bool) -> tuple[AclEntry | None, list[str]]:
    """`permit|deny [proto] [source A W|any] [source-port OP ..] [destination ..] [destination-port ..] [logging]`."""
    msgs: list[str] = []
    action = "permit" if w[0] == "permit" else "deny"
    i = 1
    proto = "ip"
    if not basic and i < len(w) and w[i] not in ("source", "destination", "logging", "source-port",
                                                  "destination-port", "vpn-instance", "time-range", "fragment"):
        proto = norm_proto(w[i])
        i += 1
    src: list[Net] = [ANY]
    dst: list[Net] = [ANY]
    sports: list[tuple[int, int]] = []
    dports: list[tuple[int, int]] = []
    established = False
    log = False
    while i < len(w):
        k = w[i]
        if k in ("source", "destination") and i + 1 < len(w):
            if w[i + 1] == "any":
                nets, i = [ANY], i + 2
            elif "/" in w[i + 1] or i + 2 >= len(w) or (to_addr(w[i + 2]) is None and w[i + 2] != "0"):
                n = to_net(w[i + 1])
                nets, i = ([n] if n else []), i + 2
                if n is None:
                    msgs.append(f"address not understood: {w[i - 1]}")
            else:
                nets, msg = wildcard_nets(w[i + 1], w[i + 2])
                if msg:
                    msgs.append(msg)
                i += 3
            if k == "source":
                src = nets
            else:
                dst = nets
        elif k in ("source-port", "destination-port") and i + 2 < len(w):
            op = w[i + 1]
            ports: list[tuple[int, int]] = []
            if op == "range" and i + 3 < len(w):
                ports = port_range(w[i + 2], w[i + 3])
                i += 4
            else:
                p = port_number(w[i + 2])
                if p is not None and op in ("eq", "gt", "lt"):  # (VRP has no neq)
                    ports = port_ranges(op, [p])
                i += 3
            if not ports:
                msgs.append(f"{k} not understood")
            if k == "source-port":
                sports = ports
            else:
                dports = ports
        elif k == "logging":
            log = True
            i += 1
        elif k == "tcp-flag" and i + 1 < len(w):
            established = w[i + 1] in ("established", "ack")
            i += 2
        elif k == "established":
            established = True
            i += 1
        elif k in ("time-range", "vpn-instance", "icmp-type", "dscp", "precedence", "tos", "ttl-expired"):
            if k in ("time-range", "vpn-instance"):
                msgs.append(f"{k} not modelled")
            i += 2 if k != "ttl-expired" else 1
        elif k in ("fragment", "none-first-fragment", "counting"):
            i += 1
        else:
            msgs.append(f"option {k!r} not understood")
            i += 1
    return AclEntry("permit" if action == "permit" else "deny", proto, src=src, dst=dst, dports=dports,
                    sports=sports, established=established, log=log), msgs

"""Header space: sets of packets as unions of cubes, a cube being one interval set per header field.

An interval set is a sorted tuple of disjoint, non-adjacent inclusive ``(lo, hi)`` ranges. A cube is a tuple of
interval sets, one per field of :data:`FIELDS`; it holds every packet whose fields each lie in their set (an
empty field makes the cube empty). A :class:`HeaderSet` is a list of pairwise disjoint cubes: intersection and
difference with a cube keep it disjoint (the difference splits a cube field by field, as header-space analysis
does), so emptiness is "no cube" and one packet of the set is any cube's lowest corner."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Ivs = tuple[tuple[int, int], ...]
Cube = tuple[Ivs, ...]

FIELDS = ("src", "dst", "proto", "sport", "dport", "ct")
SRC, DST, PROTO, SPORT, DPORT, CT = range(6)
MAX = (2**32 - 1, 2**32 - 1, 255, 65535, 65535, 1)
NEW, ESTABLISHED = 0, 1  # connection state: a new connection, or a packet of one already open (a reply)
PROTOCOLS = {
    "icmp": 1,
    "igmp": 2,
    "tcp": 6,
    "udp": 17,
    "gre": 47,
    "esp": 50,
    "ah": 51,
    "ospf": 89,
    "vrrp": 112,
    "sctp": 132,
}
PROTO_NAMES = {v: k for k, v in PROTOCOLS.items()}
EMPTY: Ivs = ()


_FULL: tuple[Ivs, ...] = tuple(((0, m),) for m in MAX)


def full(i: int) -> Ivs:
    return _FULL[i]  # one object per field: cubes compare their full fields by identity


def norm(ranges: Iterable[tuple[int, int]]) -> Ivs:
    """Sorted, disjoint and merged (adjacent ranges joined)."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(r for r in ranges if r[0] <= r[1]):
        if out and lo <= out[-1][1] + 1:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return tuple(out)


def iv_and(a: Ivs, b: Ivs) -> Ivs:
    if not a or not b:
        return EMPTY
    if len(a) == 1 and len(b) == 1:
        (alo, ahi), (blo, bhi) = a[0], b[0]
        lo = alo if alo > blo else blo
        hi = ahi if ahi < bhi else bhi
        if lo > hi:
            return EMPTY
        return a if (lo, hi) == a[0] else b if (lo, hi) == b[0] else ((lo, hi),)
    out = []
    i = j = 0
    while i < len(a) and j < len(b):
        lo = a[i][0] if a[i][0] > b[j][0] else b[j][0]
        hi = a[i][1] if a[i][1] < b[j][1] else b[j][1]
        if lo <= hi:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return tuple(out)


def iv_sub(a: Ivs, b: Ivs) -> Ivs:
    if not a or not b:
        return a
    out = []
    j = 0
    for lo, hi in a:
        cur = lo
        while j < len(b) and b[j][1] < cur:
            j += 1
        k = j
        while k < len(b) and b[k][0] <= hi:
            if b[k][0] > cur:
                out.append((cur, b[k][0] - 1))
            cur = max(cur, b[k][1] + 1)
            if cur > hi:
                break
            k += 1
        if cur <= hi:
            out.append((cur, hi))
    return tuple(out)


def iv_or(a: Ivs, b: Ivs) -> Ivs:
    return norm(a + b)


def iv_size(a: Ivs) -> int:
    return sum(hi - lo + 1 for lo, hi in a)


def prefixes(nets: Iterable[ipaddress.IPv4Network]) -> Ivs:
    return norm((int(n.network_address), int(n.broadcast_address)) for n in nets)


def to_prefixes(a: Ivs) -> list[ipaddress.IPv4Network]:
    """The interval set of addresses as the fewest prefixes."""
    out: list[ipaddress.IPv4Network] = []
    for lo, hi in a:
        out += ipaddress.summarize_address_range(ipaddress.IPv4Address(lo), ipaddress.IPv4Address(hi))
    return out


ALL: Cube = tuple(full(i) for i in range(len(FIELDS)))


def cube(**fields: Ivs) -> Cube:
    """A cube from named fields; a field not named is anything."""
    c = list(ALL)
    for k, v in fields.items():
        c[FIELDS.index(k)] = v
    return tuple(c)


def c_and(a: Cube, b: Cube) -> Cube | None:
    out = []
    for x, y in zip(a, b, strict=True):
        if x is y or x == y:
            z = x
        else:
            z = iv_and(x, y)
            if not z:
                return None
        out.append(z)
    return tuple(out)


def c_sub(a: Cube, b: Cube) -> list[Cube]:
    """``a`` minus ``b`` as disjoint cubes: field by field, the part of ``a`` outside ``b`` in that field with the
    earlier fields already inside ``b``."""
    inter = c_and(a, b)
    if inter is None:
        return [a]
    out = []
    pre = list(a)
    for i in range(len(a)):
        rest = iv_sub(a[i], b[i])
        if rest:
            piece = list(pre)
            piece[i] = rest
            out.append(tuple(piece))
        pre[i] = inter[i]
    return out


def c_contains(c: Cube, pkt: Sequence[int]) -> bool:
    return all(any(lo <= v <= hi for lo, hi in ivs) for ivs, v in zip(c, pkt, strict=True))


def sample(c: Cube) -> tuple[int, ...]:
    """One concrete packet of the cube: a host address rather than a network's own where there is one."""
    out = []
    for i, ivs in enumerate(c):
        lo, hi = ivs[0]
        if i in (SRC, DST) and hi > lo + 1:
            lo += 1
        pick = {PROTO: PROTOCOLS["tcp"], SPORT: 49152}.get(i)  # a TCP packet from an ephemeral port, where it may be
        if pick is not None and any(a <= pick <= b for a, b in ivs):
            lo = pick
        out.append(lo)
    return tuple(out)


@dataclass
class HeaderSet:
    """A union of pairwise disjoint cubes."""

    cubes: list[Cube]

    @classmethod
    def of(cls, *cubes: Cube) -> HeaderSet:
        hs = cls([])
        for c in cubes:
            hs = hs | HeaderSet([c])
        return hs

    def __bool__(self) -> bool:
        return bool(self.cubes)

    def __and__(self, other: HeaderSet | Cube) -> HeaderSet:
        others = other.cubes if isinstance(other, HeaderSet) else [other]
        out = []
        for a in self.cubes:
            for b in others:
                c = c_and(a, b)
                if c is not None:
                    out.append(c)
        return HeaderSet(out)

    def __sub__(self, other: HeaderSet | Cube) -> HeaderSet:
        cur = self.cubes
        for b in other.cubes if isinstance(other, HeaderSet) else [other]:
            nxt: list[Cube] = []
            for a in cur:
                nxt += c_sub(a, b)
            cur = nxt
        return HeaderSet(cur)

    def __or__(self, other: HeaderSet) -> HeaderSet:
        return HeaderSet(self.cubes + (other - self).cubes)

    def __contains__(self, pkt: Sequence[int]) -> bool:
        return any(c_contains(c, pkt) for c in self.cubes)

    def size(self) -> int:
        n = 0
        for c in self.cubes:
            k = 1
            for ivs in c:
                k *= iv_size(ivs)
            n += k
        return n

    def sample(self) -> tuple[int, ...] | None:
        return sample(self.cubes[0]) if self.cubes else None


def show_packet(pkt: Sequence[int]) -> str:
    proto = PROTO_NAMES.get(pkt[PROTO], f"protocol {pkt[PROTO]}")
    ports = f" sport {pkt[SPORT]} dport {pkt[DPORT]}" if pkt[PROTO] in (6, 17) else ""
    state = "new" if pkt[CT] == NEW else "established"
    return f"{ipaddress.IPv4Address(pkt[SRC])} -> {ipaddress.IPv4Address(pkt[DST])} {proto}{ports} ({state})"

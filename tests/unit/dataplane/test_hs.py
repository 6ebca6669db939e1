"""The header-space algebra against brute force over small universes (hypothesis)."""

from __future__ import annotations

import ipaddress

from hypothesis import given, settings
from hypothesis import strategies as st

from netwarden.dataplane import hs

U = 40  # values 0..U-1 per field in these tests

rng = st.tuples(st.integers(0, U - 1), st.integers(0, U - 1)).map(lambda t: (min(t), max(t)))
ivs = st.lists(rng, max_size=4).map(hs.norm)


def members(a: hs.Ivs) -> set[int]:
    return {v for lo, hi in a for v in range(lo, hi + 1)}


@given(ivs, ivs)
def test_interval_algebra(a: hs.Ivs, b: hs.Ivs) -> None:
    assert members(hs.iv_and(a, b)) == members(a) & members(b)
    assert members(hs.iv_sub(a, b)) == members(a) - members(b)
    assert members(hs.iv_or(a, b)) == members(a) | members(b)
    for x in (hs.iv_and(a, b), hs.iv_sub(a, b), hs.iv_or(a, b)):
        assert x == hs.norm(x)  # canonical: sorted, disjoint, merged
    assert hs.iv_size(a) == len(members(a))


# cubes over two small fields (the others full): enough to exercise the field-by-field split
small = st.tuples(ivs.filter(bool), ivs.filter(bool)).map(lambda t: hs.cube(src=t[0], dport=t[1]))
points = st.tuples(st.integers(0, U - 1), st.integers(0, U - 1)).map(lambda t: (t[0], 0, 6, 0, t[1], 0))


@settings(max_examples=200)
@given(st.lists(small, min_size=1, max_size=3), st.lists(small, min_size=1, max_size=3), st.lists(points, max_size=30))
def test_headerset_algebra(xs: list[hs.Cube], ys: list[hs.Cube], pts: list[tuple[int, ...]]) -> None:
    a, b = hs.HeaderSet.of(*xs), hs.HeaderSet.of(*ys)
    for p in pts:
        assert (p in a & b) == (p in a and p in b)
        assert (p in a - b) == (p in a and p not in b)
        assert (p in a | b) == (p in a or p in b)
    d = a - b
    for i, c in enumerate(d.cubes):  # the difference stays a disjoint union
        for c2 in d.cubes[i + 1 :]:
            assert hs.c_and(c, c2) is None
    s = d.sample()
    assert (s is None) == (not d)
    if s is not None:
        assert s in d and s not in b


def test_prefixes_round_trip() -> None:
    nets = [
        ipaddress.IPv4Network("10.0.0.0/12"),
        ipaddress.IPv4Network("10.16.0.0/12"),
        ipaddress.IPv4Network("192.0.2.0/24"),
    ]
    got = hs.prefixes(nets)
    assert got == (
        (int(ipaddress.IPv4Address("10.0.0.0")), int(ipaddress.IPv4Address("10.31.255.255"))),
        (int(ipaddress.IPv4Address("192.0.2.0")), int(ipaddress.IPv4Address("192.0.2.255"))),
    )
    assert [str(n) for n in hs.to_prefixes(got)] == ["10.0.0.0/11", "192.0.2.0/24"]


def test_show_packet() -> None:
    c = hs.cube(src=hs.prefixes([ipaddress.IPv4Network("10.64.0.0/24")]), proto=((6, 6),), dport=((443, 443),))
    pkt = hs.sample(c)
    assert hs.show_packet(pkt) == "10.64.0.1 -> 0.0.0.1 tcp sport 49152 dport 443 (new)"


def test_sample_is_a_member_and_prefers_tcp_from_an_ephemeral_port() -> None:
    c = hs.cube(proto=((1, 17),), sport=((0, 100), (40000, 60000)))
    assert hs.sample(c) == (1, 1, 6, 49152, 0, 0)
    udp_only = hs.cube(proto=((17, 17),), sport=((53, 53),))
    assert hs.sample(udp_only)[2:4] == (17, 53)
    assert hs.show_packet((1, 2, 47, 0, 0, 1)) == "0.0.0.1 -> 0.0.0.2 gre (established)"
    assert hs.show_packet((1, 2, 0, 0, 0, 0)) == "0.0.0.1 -> 0.0.0.2 protocol 0 (new)"

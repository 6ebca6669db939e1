"""Filter semantics: what a first-match ACL or nftables chain does to traffic of a prefix."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Literal

from netwarden.parsers.model import ANY, Acl, AclEntry, ParsedConfig

Net = ipaddress.IPv4Network


def _overlaps_any(nets: list[Net], p: Net) -> bool:
    return any(n.overlaps(p) for n in nets)


def _covers(nets: list[Net], p: Net) -> bool:
    return any(p.subnet_of(n) for n in nets)


@dataclass(frozen=True)
class Verdict:
    """How a filter treats new connections whose source (or destination) lies in a prefix.

    action: what the first entry touching the prefix does; `entry` is that entry (None when the
    filter's default decides); `specific` is True when that entry targets the prefix itself
    rather than everything (a `permit ip 10.0.0.0 ...` rather than `permit ip any any`)."""

    action: Literal["permit", "deny"]
    entry: AclEntry | None
    specific: bool


def evaluate(acl: Acl, prefix: Net, field: Literal["src", "dst"], iif: str | None = None,
             oif: str | None = None) -> Verdict:
    """First match for new traffic with `field` inside `prefix` (other fields anything)."""
    for e in acl.entries:
        if e.established:
            continue  # return traffic only: a new connection never matches
        if iif is not None and e.iif and iif not in e.iif:
            continue
        if oif is not None and e.oif and oif not in e.oif:
            continue
        if iif is None and e.iif:
            continue  # interface-specific rule: not for "any interface" questions
        if oif is None and e.oif:
            continue
        nets = e.src if field == "src" else e.dst
        if not _overlaps_any(nets, prefix):
            continue
        other = e.dst if field == "src" else e.src
        unconstrained = e.proto in ("ip", "any") and not e.dports and not e.sports and ANY in other
        if e.action == "deny":
            if _covers(nets, prefix) and unconstrained:
                return Verdict("deny", e, ANY not in nets)
            continue  # a partial or narrower deny: traffic may still reach a later permit
        return Verdict("permit", e, ANY not in nets and not _covers([ANY], prefix) and
                       all(n.prefixlen > 0 for n in nets))
    return Verdict(acl.default_action, None, False)


def acl_by_name(cfg: ParsedConfig, name: str) -> Acl | None:
    return cfg.acls.get(name)


def nft_chains(cfg: ParsedConfig, hook: str) -> list[Acl]:
    return [a for a in cfg.acls.values() if a.kind == "nft-chain" and a.hook == hook]


def permits(acl: Acl, include_established: bool = False) -> list[AclEntry]:
    return [e for e in acl.entries if e.action == "permit" and (include_established or not e.established)]

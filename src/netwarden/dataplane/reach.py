"""Header-space reachability over the :mod:`~netwarden.dataplane.model`: packet sets pushed hop by hop.

At each device a flow (a cube of headers, with the cube it started as, before NAT) meets, in the device's order:
destination NAT of its in interface; the in interface's ACLs (interface-ACL platforms); then either local
delivery (nftables: the input chain) or the forwarding table, split by longest prefix match and each next hop of
an equal-cost route; the forward chain (nftables; the output chain for what the device sends itself), source
NAT and the out interface's ACLs (IOS order: NAT before the outbound ACL; nftables: postrouting after the
forward chain). Every filter splits the flow by first match. A flow ends delivered to the device (``local``),
to a host on an attached subnet (``segment``), leaving towards a next hop no modelled device owns (``exits``),
dropped (``drop``: a filter or no route), or in a loop (``loop``: a device and interface reached again with
the same headers, or more than :data:`MAX_HOPS` hops). Each outcome carries its path: the witness."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from netwarden.dataplane import hs
from netwarden.dataplane.model import Dev, Filter, Model

MAX_HOPS = 64


@dataclass(frozen=True)
class Hop:
    device: str
    in_if: str | None
    out_if: str | None = None
    route: str = ""
    rules: tuple[str, ...] = ()  # filter entries matched (name, line, text)
    nat: tuple[str, ...] = ()


@dataclass(frozen=True)
class Flow:
    cur: hs.Cube
    orig: hs.Cube
    rewritten: frozenset[int]
    path: tuple[Hop, ...]

    def cut(self, piece: hs.Cube) -> Flow:
        """The flow narrowed to ``piece`` (a part of ``cur``): the original narrowed alike where not rewritten."""
        orig = tuple(self.orig[i] if i in self.rewritten else piece[i] for i in range(len(piece)))
        return Flow(piece, orig, self.rewritten, self.path)


@dataclass(frozen=True)
class Outcome:
    kind: str  # local, segment, exits, drop, loop
    device: str
    interface: str | None
    flow: Flow
    detail: str = ""


def _note(
    hop: Hop, *, rule: str | None = None, nat: str | None = None, out_if: str | None = None, route: str | None = None
) -> Hop:
    return Hop(
        hop.device,
        hop.in_if,
        out_if if out_if is not None else hop.out_if,
        route if route is not None else hop.route,
        hop.rules + ((rule,) if rule else ()),
        hop.nat + ((nat,) if nat else ()),
    )


def apply_filter(f: Filter, flow: Flow, hop: Hop, iif: str | None, oif: str | None) -> list[tuple[Flow, Hop, bool]]:
    """First match: each part of the flow with the entry that decided it (permit True/False)."""
    out: list[tuple[Flow, Hop, bool]] = []
    rest = [flow.cur]
    for r in f.rules:
        if (r.iif and (iif is None or iif not in r.iif)) or (r.oif and (oif is None or oif not in r.oif)):
            continue
        nxt: list[hs.Cube] = []
        for c in rest:
            m = hs.c_and(c, r.cube)
            if m is None:
                nxt.append(c)
                continue
            out.append((flow.cut(m), _note(hop, rule=f"{f.name} line {r.line}: {r.text}"), r.permit))
            nxt += hs.c_sub(c, r.cube)
        rest = nxt
        if not rest:
            break
    for c in rest:
        out.append(
            (
                flow.cut(c),
                _note(hop, rule=f"{f.name}: default {'permit' if f.default_permit else 'deny'}"),
                f.default_permit,
            )
        )
    return out


def _filters(dev: Dev, names: list[str]) -> list[Filter]:
    return [dev.filters[n] for n in names if n in dev.filters]


def _through(
    dev: Dev,
    filters: list[Filter],
    items: list[tuple[Flow, Hop]],
    iif: str | None,
    oif: str | None,
    drops: list[Outcome],
) -> list[tuple[Flow, Hop]]:
    for f in filters:
        nxt = []
        for flow, hop in items:
            for fl, hp, ok in apply_filter(f, flow, hop, iif, oif):
                if ok:
                    nxt.append((fl, hp))
                else:
                    drops.append(Outcome("drop", dev.name, oif or iif, _close(fl, hp), f"denied by {f.name}"))
        items = nxt
    return items


def _close(flow: Flow, hop: Hop) -> Flow:
    return Flow(flow.cur, flow.orig, flow.rewritten, (*flow.path, hop))


def _nat(dev: Dev, kind: str, items: list[tuple[Flow, Hop]], iface: str | None) -> list[tuple[Flow, Hop]]:
    field = hs.SRC if kind == "snat" else hs.DST
    for n in dev.nat:
        if n.kind != kind or (n.interfaces and iface not in n.interfaces):
            continue
        nxt = []
        for flow, hop in items:
            m = hs.iv_and(flow.cur[field], n.match)
            if not m:
                nxt.append((flow, hop))
                continue
            to = n.to or hs.norm((int(a.ip), int(a.ip)) for a in dev.addrs.get(iface or "", []))
            hit = list(flow.cur)
            hit[field] = m
            f_hit = flow.cut(tuple(hit))
            new = list(f_hit.cur)
            new[field] = to
            nxt.append(
                (
                    Flow(tuple(new), f_hit.orig, flow.rewritten | {field}, flow.path),
                    _note(hop, nat=f"{kind} line {n.line}: {n.text}"),
                )
            )
            rest = hs.iv_sub(flow.cur[field], n.match)
            if rest:
                r = list(flow.cur)
                r[field] = rest
                nxt.append((flow.cut(tuple(r)), hop))
        items = nxt
    return items


def propagate(
    model: Model,
    sources: list[tuple[str, str | None, hs.Cube]],
    routing_only: bool = False,
    stop_at: frozenset[str] = frozenset(),
    merge: bool = False,
) -> list[Outcome]:
    """Every outcome of the packets of each source (device, in interface or None for the device's own, headers).
    ``routing_only``: forwarding tables alone (no filter, no NAT); ``stop_at``: devices where a flow ends on
    arrival (outcome ``arrived``). ``merge``: flows reaching the same device and interface in the same step with
    headers that differ in the source only are pushed on as one (what happens next depends on the headers and
    the place alone), each outcome's path then being one of theirs: the answer "is there such a packet" is the
    same, its witness path may be another source's (the rules ask again without merging for their witnesses)."""
    out: list[Outcome] = []
    todo: deque[tuple[str, str | None, Flow]] = deque()
    for start, first_if, c in sources:
        todo.append((start, first_if, Flow(c, c, frozenset(), ())))
    while todo:
        if merge:
            todo = _merged(todo)
        step, todo = todo, deque()
        while step:
            name, iif, flow = step.popleft()
            dev = model.devices[name]
            if flow.path and name in stop_at:
                out.append(Outcome("arrived", name, iif, flow))
                continue
            if any(h.device == name and h.in_if == iif for h in flow.path):
                out.append(Outcome("loop", name, iif, flow, "the packet comes back to this device and interface"))
                continue
            if len(flow.path) >= MAX_HOPS:
                out.append(Outcome("loop", name, iif, flow, f"more than {MAX_HOPS} hops"))
                continue
            hop = Hop(name, iif)
            items = [(flow, hop)]
            if not routing_only and iif is not None:
                items = _nat(dev, "dnat", items, iif)
                if dev.filtering == "interface_acl":
                    items = _through(dev, _filters(dev, dev.acl_in.get(iif, [])), items, iif, None, out)
            for fl, hp in items:
                _forward(model, dev, fl, hp, iif, routing_only, out, todo)
    return out


def _merged(todo: deque[tuple[str, str | None, Flow]]) -> deque[tuple[str, str | None, Flow]]:
    groups: dict[tuple[object, ...], list[tuple[str, str | None, Flow]]] = {}
    for item in todo:
        name, iif, f = item
        groups.setdefault((name, iif, f.rewritten, f.cur[1:], f.orig[1:]), []).append(item)
    out: deque[tuple[str, str | None, Flow]] = deque()
    for items in groups.values():
        if len(items) == 1:
            out.append(items[0])
            continue
        name, iif, f = items[0]
        cur_src = hs.norm(r for _n, _i, x in items for r in x.cur[hs.SRC])
        orig_src = hs.norm(r for _n, _i, x in items for r in x.orig[hs.SRC])
        out.append((name, iif, Flow((cur_src, *f.cur[1:]), (orig_src, *f.orig[1:]), f.rewritten, f.path)))
    return out


def _forward(
    model: Model,
    dev: Dev,
    flow: Flow,
    hop: Hop,
    iif: str | None,
    routing_only: bool,
    out: list[Outcome],
    todo: deque[tuple[str, str | None, Flow]],
) -> None:
    dst = flow.cur[hs.DST]
    local = hs.iv_and(dst, dev.local)
    if local and iif is not None:
        c = list(flow.cur)
        c[hs.DST] = local
        items = [(flow.cut(tuple(c)), hop)]
        if not routing_only and dev.filtering == "nftables" and "input" in dev.filters:
            items = _through(dev, [dev.filters["input"]], items, iif, None, out)
        for fl, hp in items:
            out.append(Outcome("local", dev.name, iif, _close(fl, hp)))
    rest = hs.iv_sub(dst, dev.local) if local else dst
    for part, route in model.lookup(dev, rest):
        c = list(flow.cur)
        c[hs.DST] = part
        f = flow.cut(tuple(c))
        if route is None:
            out.append(Outcome("drop", dev.name, iif, _close(f, hop), "no route"))
            continue
        for oif, nh in route.hops:
            h = _note(hop, out_if=oif, route=route.why)
            items = [(f, h)]
            if not routing_only:
                if dev.filtering == "nftables":
                    chain = "forward" if iif is not None else "output"
                    if chain in dev.filters:
                        items = _through(dev, [dev.filters[chain]], items, iif, oif, out)
                    items = _nat(dev, "snat", items, oif)
                else:
                    items = _nat(dev, "snat", items, oif)
                    items = _through(dev, _filters(dev, dev.acl_out.get(oif, [])), items, iif, oif, out)
            for fl, hp in items:
                _next(model, dev, fl, hp, oif, nh, out, todo)


def _next(
    model: Model,
    dev: Dev,
    flow: Flow,
    hop: Hop,
    oif: str,
    nh: object,
    out: list[Outcome],
    todo: deque[tuple[str, str | None, Flow]],
) -> None:
    done = _close(flow, hop)
    if nh is None:  # on the link: another device of the subnet, or a host on it
        rest = flow.cur[hs.DST]
        for oh, oi in model.segments.get((dev.name, oif), []):
            theirs = hs.norm((int(a.ip), int(a.ip)) for a in model.devices[oh].addrs.get(oi, []))
            m = hs.iv_and(rest, theirs)
            if m:
                c = list(flow.cur)
                c[hs.DST] = m
                todo.append((oh, oi, _close(flow.cut(tuple(c)), hop)))
                rest = hs.iv_sub(rest, m)
        if rest:
            c = list(flow.cur)
            c[hs.DST] = rest
            out.append(Outcome("segment", dev.name, oif, _close(flow.cut(tuple(c)), hop)))
        return
    owner = model.owner.get(int(nh))  # type: ignore[call-overload]
    if owner is None:
        out.append(Outcome("exits", dev.name, oif, done, f"to next hop {nh}, no device of the model"))
        return
    todo.append((owner[0], owner[1], done))


def witness(o: Outcome) -> list[str]:
    """The witness of an outcome: one concrete packet (as it started) and its path."""
    pkt = hs.sample(o.flow.orig)
    lines = [f"packet: {hs.show_packet(pkt)}"]
    for i, h in enumerate(o.flow.path, 1):
        parts = [f"{i}. {h.device}", f"in {h.in_if or '(itself)'}"]
        if h.out_if:
            parts.append(f"out {h.out_if}")
        if h.route:
            parts.append(f"route: {h.route}")
        parts += [f"filter: {r}" for r in h.rules]
        parts += [f"NAT: {n}" for n in h.nat]
        lines.append("; ".join(parts))
    end = {
        "local": f"delivered to {o.device} itself",
        "segment": f"delivered to a host on {o.device} {o.interface}",
        "exits": f"leaves {o.device} {o.interface} {o.detail}",
        "drop": f"dropped at {o.device}: {o.detail}",
        "loop": f"loops at {o.device}: {o.detail}",
        "arrived": f"arrives at {o.device}",
    }[o.kind]
    if o.flow.rewritten:
        end += f" (as {hs.show_packet(hs.sample(o.flow.cur))})"
    lines.append(f"end: {end}")
    return lines

"""The zone diagram of a verify report (issue 16 item 2): the intranet, the extranet (and dmz), the exit and the
Internet, the units in them and the links between units, non-compliant units and links that join the intranet to
the extranet marked. Drawn as inline SVG (HTML) and as Mermaid (Markdown), from the inventory's model.

At province scale it stays readable and bounded: every non-compliant unit and the exit's units are drawn, then
the best-linked others up to MAX_UNITS; the rest of each zone is one node ('N more units')."""

from __future__ import annotations

import html as _html
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from netwarden.verify.findings import Report

MAX_UNITS = 40
COLUMNS = ("intranet", "extranet", "dmz", "exit", "internet")


@dataclass
class Graph:
    nodes: dict[str, tuple[str, str, bool]] = field(default_factory=dict)  # id -> (zone, label, non-compliant)
    edges: dict[tuple[str, str], tuple[int, bool]] = field(default_factory=dict)  # (a, b) -> (links, violation)


def graph(report: Report) -> Graph | None:
    topo = report.topology
    if topo is None or not report.devices:
        return None
    bad = {f.unit for f in report.failures}
    exit_units = {report.devices.get(d, "") for d in topo.exit_devices} - {""}
    dev_unit = {d: u for d, u in report.devices.items()}
    zones: dict[str, Counter[str]] = defaultdict(Counter)
    for d, u in dev_unit.items():
        zones[u][topo.zone.get(d, "extranet")] += 1
    unit_zone = {u: ("exit" if u in exit_units else c.most_common(1)[0][0]) for u, c in zones.items()}
    degree: Counter[str] = Counter()
    for a, b in topo.links:
        ua, ub = dev_unit.get(a), dev_unit.get(b)
        if ua and ub and ua != ub:
            degree[ua] += 1
            degree[ub] += 1
    fails = Counter(f.unit for f in report.failures)
    shown = sorted(exit_units) + sorted(bad - exit_units, key=lambda u: (-fails[u], u))[:MAX_UNITS]
    rest = sorted((u for u in unit_zone if u not in set(shown) and u not in bad), key=lambda u: (-degree[u], u))
    shown += rest[:max(0, MAX_UNITS - len(shown))]
    shown_set = set(shown)
    g = Graph()
    for u in shown:
        info = report.units.get(u)
        g.nodes[u] = (unit_zone[u], f"{u}: {info.name}" if info else u, u in bad)
    hidden: dict[str, list[str]] = defaultdict(list)
    for u in sorted(unit_zone):
        if u not in shown_set:
            hidden[unit_zone[u]].append(u)
    for z, us in hidden.items():
        nbad = sum(1 for u in us if u in bad)
        g.nodes[f"more-{z}"] = (z, f"+{len(us)} unit(s)" + (f", {nbad} non-compliant" if nbad else ""), nbad > 0)

    def node(d: str) -> str | None:
        u = dev_unit.get(d)
        if u is None:
            return None
        return u if u in shown_set else f"more-{unit_zone[u]}"

    edges: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for a, b in topo.links:
        na, nb = node(a), node(b)
        if na is None or nb is None or na == nb:
            continue
        za, zb = topo.zone.get(a), topo.zone.get(b)
        key = (min(na, nb), max(na, nb))
        edges[key][0] += 1
        edges[key][1] |= int({za, zb} == {"intranet", "extranet"})  # ISO-001: physical isolation broken
    if exit_units:
        g.nodes["internet"] = ("internet", "Internet", False)
        for u in sorted(exit_units):
            edges[(u, "internet")][0] += 1
    g.edges = {k: (n, bool(v)) for k, (n, v) in sorted(edges.items())}
    return g


def _column(z: str) -> int:
    return COLUMNS.index(z) if z in COLUMNS else 1


def svg(report: Report, zone_label: dict[str, str] | None = None) -> str:
    """The diagram as inline SVG: one column per zone; red: a non-compliant unit or an intranet-extranet link."""
    g = graph(report)
    if g is None:
        return ""
    label = zone_label or {}
    cols: dict[int, list[str]] = defaultdict(list)
    for n, (z, _, _) in g.nodes.items():
        cols[_column(z)].append(n)
    used = sorted(cols)
    x_of = {c: 10 + i * 250 for i, c in enumerate(used)}
    pos: dict[str, tuple[int, int]] = {}
    for c in used:
        for i, n in enumerate(cols[c]):
            pos[n] = (x_of[c], 40 + i * 30)
    width = 10 + len(used) * 250
    height = 50 + max(len(v) for v in cols.values()) * 30
    out = [f'<svg role="img" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" class="zones" font-size="11" font-family="sans-serif">']
    for c in used:
        z = COLUMNS[c]
        out.append(f'<rect x="{x_of[c] - 5}" y="5" width="235" height="{height - 10}" rx="8" fill="#f4f6f8" '
                   f'stroke="#dde3ea"/><text x="{x_of[c] + 5}" y="24" font-weight="700">'
                   f"{_html.escape(label.get(z, z))}</text>")
    for (a, b), (nlinks, bad) in g.edges.items():
        (xa, ya), (xb, yb) = pos[a], pos[b]
        colour, w = ("#a4161a", 3) if bad else ("#8a94a3", 1)
        out.append(f'<line x1="{xa + 110}" y1="{ya + 10}" x2="{xb + 110}" y2="{yb + 10}" stroke="{colour}" '
                   f'stroke-width="{w}" stroke-opacity="0.6"><title>{nlinks} link(s)</title></line>')
    for n, (_, text, bad) in g.nodes.items():
        x, y = pos[n]
        fill, stroke = ("#fde2e1", "#a4161a") if bad else ("#ffffff", "#8a94a3")
        short = text if len(text) <= 36 else text[:35] + "…"
        out.append(f'<g data-unit="{_html.escape(n)}"><rect x="{x}" y="{y}" width="220" height="22" rx="4" '
                   f'fill="{fill}" stroke="{stroke}"/><text x="{x + 6}" y="{y + 15}">{_html.escape(short)}</text>'
                   f"<title>{_html.escape(text)}</title></g>")
    out.append("</svg>")
    return "".join(out)


def _mm(s: str) -> str:
    return s.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def mermaid(report: Report, zone_label: dict[str, str] | None = None) -> str:
    """The diagram as a Mermaid flowchart (Markdown): zones as subgraphs; non-compliant units and links that join
    the intranet to the extranet in red."""
    g = graph(report)
    if g is None:
        return ""
    label = zone_label or {}
    ids = {n: f"n{i}" for i, n in enumerate(g.nodes)}
    out = ["```mermaid", "flowchart LR"]
    by_zone: dict[str, list[str]] = defaultdict(list)
    for n, (z, _, _) in g.nodes.items():
        by_zone[z].append(n)
    for z in sorted(by_zone, key=_column):
        out.append(f'  subgraph z_{z}["{_mm(label.get(z, z))}"]')
        for n in by_zone[z]:
            _, text, bad = g.nodes[n]
            out.append(f'    {ids[n]}["{_mm(text)}"]' + (":::bad" if bad else ""))
        out.append("  end")
    red = []
    for i, ((a, b), (nlinks, bad)) in enumerate(g.edges.items()):
        out.append(f"  {ids[a]} ---|{nlinks}| {ids[b]}" if nlinks > 1 else f"  {ids[a]} --- {ids[b]}")
        if bad:
            red.append(str(i))
    out.append("  classDef bad fill:#fde2e1,stroke:#a4161a,color:#a4161a")
    if red:
        out.append(f"  linkStyle {','.join(red)} stroke:#a4161a,stroke-width:3px")
    out.append("```")
    return "\n".join(out)

"""The zone diagram (issue 16 item 2): zones, units and links drawn from the model as inline SVG (HTML) and
Mermaid (Markdown), non-compliant units and intranet-extranet links marked, bounded at province scale."""

from __future__ import annotations

import re
from pathlib import Path

from netwarden.baseline import load_baseline
from netwarden.report import diagram, render_report
from netwarden.verify.findings import Report, Topology, UnitInfo, make_finding
from tests.conftest import lab_configs, lab_report
from tests.unit.test_report_html_scale import province


def small(join_zones: bool) -> Report:
    b = load_baseline(None)
    rep = Report("verify", b.version, "p")
    for uid in ("office", "nmc", "fin"):
        rep.units[uid] = UnitInfo(uid, f"{uid} unit", 3, "c")
    rep.devices = {"intra1": "office", "core1": "nmc", "exit1": "nmc", "fin1": "fin"}
    links = [("core1", "exit1"), ("core1", "fin1")] + ([("fin1", "intra1")] if join_zones else [])
    rep.topology = Topology({"intra1": "intranet", "core1": "extranet", "exit1": "extranet", "fin1": "extranet"},
                            links, ["exit1"])
    if join_zones:
        rep.findings.append(make_finding(b.rule("ISO-001"), "fin1", rep.units["fin"], "fin1 is linked to intra1"))
    return rep


def test_zones_units_links_and_violations() -> None:
    clean = diagram.mermaid(small(False))
    assert 'subgraph z_intranet["intranet"]' in clean and 'subgraph z_exit["exit"]' in clean
    assert 'n3["Internet"]' in clean or '["Internet"]' in clean
    assert ":::bad" not in clean and "linkStyle" not in clean
    bad = diagram.mermaid(small(True))
    assert re.search(r'\["fin: fin unit"\]:::bad', bad)
    assert re.search(r"linkStyle \d+ stroke:#a4161a", bad)  # the intranet-extranet link in red
    svg = diagram.svg(small(True))
    assert svg.startswith("<svg") and 'stroke="#a4161a" stroke-width="3"' in svg
    assert 'data-unit="fin"><rect' in svg and "http" not in svg


def test_lab_reports_carry_the_diagram(tmp_path: Path) -> None:
    configs = lab_configs(tmp_path, lambda text: text.replace("PermitRootLogin no", "PermitRootLogin yes"))
    md = lab_report(configs, "markdown", tmp_path)
    assert "```mermaid" in md and '["prov-finance: Provincial Department of Finance"]:::bad' in md
    page = lab_report(configs, "html", tmp_path)
    assert '<svg role="img"' in page and 'data-unit="prov-finance"><rect x="' in page
    assert page.index("<svg") < page.index('<section class="unit"')  # the picture before the details


def test_diagram_is_bounded_at_province_scale() -> None:
    rep = province()
    g = diagram.graph(rep)
    assert g is not None
    assert len(g.nodes) <= 2 * diagram.MAX_UNITS + len(diagram.COLUMNS) + 5
    assert any(n.startswith("more-") and "non-compliant" in label for n, (_, label, _) in g.nodes.items())
    page = render_report(rep, "html")
    assert len(diagram.svg(rep)) < 100_000 and '<svg role="img"' in page[:60_000]


def test_zone_names_in_chinese() -> None:
    from netwarden.report import i18n

    t = i18n.load("zh-CN")
    mm = diagram.mermaid(small(False), {z: t(f"zone.{z}") for z in diagram.COLUMNS})
    assert '["电子政务内网"]' in mm and '["统一出口"]' in mm and '["互联网"]' in mm

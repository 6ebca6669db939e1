"""The HTML report at province scale (issue 16 item 2): verdict and counts first, non-compliant units first and
worst first, compliant units collapsed, a filter, evidence with line numbers, one self-contained file of bounded
size, for a synthetic 2,000-device province (netwarden.synth)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from netwarden import synth
from netwarden.baseline import load_baseline
from netwarden.report import render_report
from netwarden.report.formats import MAX_ROWS
from netwarden.verify.findings import Evidence, Report, Topology, UnitInfo, make_finding

FAILING = ("MON-002", "AUD-001", "AUD-003", "MGMT-004", "MGMT-005")  # none critical


def province(n: int = 2000, every: int = 2) -> Report:
    """A verify report of a synthetic province: every device of every `every`-th unit fails one to four rules
    (with evidence), the other units are compliant; every device has every device and network rule evaluated;
    one unit has a critical finding on each of its devices."""
    _, units, hosts = synth.generate(n)
    b = load_baseline(None)
    rep = Report("verify", b.version, f"synthetic province ({n} devices)")
    for uid, u in units.items():
        c = u["contact"]
        rep.units[uid] = UnitInfo(uid, u["name"], u["level"], f"{c['name']}, {c['phone']}, {c['email']}")
    rules = [r for r in b.rules if r.scope in ("device", "network")]
    worst = hosts[-1].unit
    failing = set(sorted(units)[::every])
    for i, h in enumerate(hosts):
        rep.devices[h.name] = h.unit
        rep.count(h.name, *(r.id for r in rules))
        unit = rep.units[h.unit]
        fail = [FAILING[(i + j) % len(FAILING)] for j in range(1 + i % 4)] if h.unit in failing else []
        if h.unit == worst:
            fail.append("ISO-001")
        for rid in dict.fromkeys(fail):
            ev = (Evidence(f"{h.name}.cfg", tuple(range(40, 52)), tuple(f"line {k} of {h.name}" for k in range(12))),)
            rep.findings.append(make_finding(b.rule(rid), h.name, unit, f"{rid} fails on {h.name}", ev))
    rep.topology = Topology({h.name: h.zone for h in hosts},
                            sorted({tuple(sorted((h.name, i["peer"].split(":")[0]))) for h in hosts  # type: ignore[misc]
                                    for i in h.interfaces if i.get("peer")}),
                            [h.name for h in hosts if h.group == "internet_exit"])
    rep.sort()
    return rep


@pytest.fixture(scope="module")
def big() -> Report:
    return province()


def test_size_is_bounded_and_the_verdict_comes_first(big: Report) -> None:
    page = render_report(big, "html")
    fails = len(big.failures)
    assert fails > MAX_ROWS  # more findings than one page shows
    assert len(page.encode()) < 8_000_000, len(page)
    head = page[:20_000]  # the first part: the verdict, the counts, the worst units
    assert 'id="verdict"' in head and f"FINDINGS: {fails} finding(s)" in head
    assert "By severity" in head and "By article" in head and "Worst units" in head
    assert "<script src" not in page and "http://" not in page and "https://" not in page
    assert "<link" not in page  # one file: no style sheet, script or font from anywhere
    # the worst unit (a critical finding on each device) is the first unit section and the first worst unit
    worst = {f.unit for f in big.failures if f.severity == "critical"}.pop()
    first_section = re.search(r'<section class="unit" id="u-([^"]+)"', page)
    assert first_section and first_section.group(1) == worst
    assert head.index(f'href="#u-{worst}"') < head.index("</table>", head.index("Worst units"))
    # rows past the budget are counted, never silently dropped
    shown = page.count('<tr class="f"')
    assert shown == MAX_ROWS and f"{fails - shown} more not shown" in page


def test_non_compliant_first_compliant_collapsed(big: Report) -> None:
    page = render_report(big, "html")
    bad = {f.unit for f in big.failures}
    good = [u for u in big.units if u not in bad and any(x == u for x in big.devices.values())]
    assert good and bad
    details = page.index("<details><summary><b>Compliant units")
    assert all(page.index(f'id="u-{u}"') > details for u in good)
    assert all(page.index(f'id="u-{u}"') < details for u in bad)
    assert f"Compliant units ({len(good)})" in page


def test_filter_and_evidence_line_numbers() -> None:
    page = render_report(province(60, every=3), "html")
    assert '<div id="filter">' in page and 'data-k="u"' in page and 'data-k="r"' in page
    assert 'data-k="s"' in page and 'data-k="d"' in page
    row = re.search(r'<tr class="f" data-u="[^"]+" data-r="(\w+-\d+)" data-s="(\w+)" data-d="([^"]+)">', page)
    assert row
    assert '<span class="ln">   40</span> line 0 of' in page  # each evidence line with its number
    assert "… +4" in page  # twelve lines of evidence: eight shown and the rest counted


def test_a_small_report_shows_every_row() -> None:
    rep = province(60, every=3)
    page = render_report(rep, "html")
    assert page.count('<tr class="f"') == len(rep.failures) and "more not shown" not in page


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install chromium)")
def test_screenshot_shows_the_verdict(big: Report, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render_report(big, "html"))
    shot = tmp_path / "shot.png"
    assert CHROMIUM is not None
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--window-size=1280,900", f"--screenshot={shot}", page.as_uri()], check=True, timeout=120,
                   capture_output=True)
    assert shot.stat().st_size > 10_000  # a rendered page, not a blank one

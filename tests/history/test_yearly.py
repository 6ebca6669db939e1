"""`netwarden report unit UNIT --year YYYY`: the yearly record of a unit's security work (Art. 4), from the results
store and the audit log, in Markdown and HTML, English and Chinese."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from netwarden import audit, jobs
from netwarden.cli import main
from netwarden.history import store as store_mod
from netwarden.history import yearly
from netwarden.history.record import make_run, write
from netwarden.verify.findings import BackupReport, Finding, GateReport, Report, Stage, UnitInfo

Y = dt.datetime.now(dt.UTC).year  # the audit log's records carry the time they are written
UNITS = {"u1": UnitInfo("u1", "Finance <Bureau>", 3, "ops@u1"), "u2": UnitInfo("u2", "Tax", 2, "ops@u2")}
DEVICES = {"r1": "u1", "r2": "u1", "r3": "u2"}


def _at(month: int, day: int, year: int = Y) -> dt.datetime:
    return dt.datetime(year, month, day, 2, 0, tzinfo=dt.UTC)


def _f(rule: str, device: str, msg: str) -> Finding:
    u = DEVICES[device]
    return Finding(rule, "t", "high", 7, "", device, u, UNITS[u].name, "c", "fail", msg, "fix")


def _put(url: str, command: str, req: object, rep: Report, when: dt.datetime) -> None:
    with store_mod.connect(url) as st:
        write(st, make_run(command, req, rep, None, when, 2.0))


def _verify(url: str, when: dt.datetime, findings: list[Finding]) -> None:
    rep = Report("verify", "1", "Net", devices=dict(DEVICES), units=dict(UNITS), findings=list(findings))
    _put(url, "verify", jobs.VerifyRequest("inv"), rep, when)


OLD = _f("MGMT-001", "r1", "telnet enabled")
NEW = _f("ISO-002", "r2", "route to the other zone")
OTHER = _f("ISO-002", "r3", "route to the other zone")


@pytest.fixture()
def filled(store_url: str, tmp_path: Path) -> tuple[str, Path]:
    _verify(store_url, _at(12, 30, Y - 1), [OLD])  # opened the year before
    _verify(store_url, _at(2, 1), [OTHER])  # OLD closed in the year
    _verify(store_url, _at(3, 1), [NEW, OTHER])  # NEW opened, still standing
    _verify(store_url, _at(1, 5, Y + 1), [NEW, OTHER])  # the next year: not in this record
    for day, status in ((1, "drift"), (2, "drift"), (3, "clean")):
        rep = Report("drift", "1", "Net", devices=dict(DEVICES), units=dict(UNITS))
        rep.device_status = {"r1": status, "r2": "clean", "r3": "unreachable"}
        _put(store_url, "drift", jobs.DriftRequest("inv"), rep, _at(4, day))
    gate = GateReport(
        "preconnect",
        "1",
        "Finance (u1)",
        devices={"r1": "u1", "r2": "u1"},
        units={"u1": UNITS["u1"]},
        verdict="fail",
        stages=[Stage("inventory", "failed"), Stage("static", "passed")],
        findings=[_f("UNIT-002", "r1", "approval expired")],
    )
    _put(store_url, "preconnect", jobs.PreconnectRequest("inv", unit="u1"), gate, _at(5, 1))
    backup = BackupReport("backup", "1", "Net", devices=dict(DEVICES), units=dict(UNITS))
    backup.device_status = {"r1": "ok", "r2": "suspect", "r3": "timeout"}
    _put(store_url, "backup", jobs.BackupRequest("inv"), backup, _at(6, 1))
    log = tmp_path / "audit.jsonl"
    audit.append(
        "apply",
        devices=["r1", "r2", "r3"],
        result="ok",
        details={"mode": "push"},
        path=log,
        sha256={"r1": "a" * 64, "r3": "b" * 64},
    )
    audit.append(
        "apply", devices=["r2"], result="findings", details={"mode": "dry-run"}, path=log, sha256={"r2": "c" * 64}
    )
    audit.append("apply", devices=["r3"], result="ok", details={"mode": "push"}, path=log, sha256={"r3": "d" * 64})
    return store_url, log


def test_the_record_counts_the_years_work(filled: tuple[str, Path]) -> None:
    url, log = filled
    with store_mod.connect(url) as st:
        uy = yearly.collect(st, "u1", Y, log, url)
    assert (uy.name, uy.level, uy.contact, uy.devices) == ("Finance <Bureau>", 3, "ops@u1", ["r1", "r2"])
    assert {c["command"]: (c["runs"], c["clean"], c["findings"], c["not_checked"]) for c in uy.checks} == {
        "verify (intended)": (2, 1, 1, 0),  # Feb: u1 clean (only u2 had one); March: NEW
        "drift": (3, 1, 2, 0),
        "preconnect": (1, 0, 1, 0),
        "backup": (1, 1, 0, 0),
    }
    assert [(i.rule_id, i.device) for i in uy.opened] == [("ISO-002", "r2"), ("UNIT-002", "r1")]
    assert [(i.rule_id, i.device, i.since[:4]) for i in uy.closed] == [("MGMT-001", "r1", str(Y - 1))]
    assert [(i.rule_id, i.standing) for i in uy.standing] == [("ISO-002", True), ("UNIT-002", True)]
    assert [(i.device, i.since[:10], (i.cleared or "")[:10]) for i in uy.drift] == [("r1", f"{Y}-04-01", f"{Y}-04-03")]
    assert [(p["verdict"], p["rules"]) for p in uy.preconnect] == [("fail", ["UNIT-002"])]
    assert [(b["stored"], b["suspect"], b["failed"]) for b in uy.backups] == [(1, 1, 0)]
    assert [(p["devices"], p["sha256"]) for p in uy.pushes] == [(["r1"], {"r1": "a" * 64})]
    assert uy.audit == f"{log}: chain_ok"


def test_markdown_and_html_in_english_and_chinese(
    filled: tuple[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, log = filled
    args = ["--history", url, "report", "unit", "u1", "--year", str(Y), "--audit-log", str(log)]
    assert main(args) == 0
    md = capsys.readouterr().out
    assert md.startswith(f"# Yearly security record: Finance &lt;Bureau&gt; (u1), {Y}\n")
    assert "<Bureau>" not in md  # no raw HTML in the Markdown
    assert "Art. 4" in md and "| Findings opened | 2 |" in md and "| Changes pushed | 1 |" in md
    assert "| ISO-002 | Art. 7 | high | r2 |" in md and "| MON" not in md
    assert "chain intact" in md
    out = tmp_path / "u1.html"
    assert main([*args, "--format", "html", "--lang", "zh-CN", "-o", str(out)]) == 0
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in page
    assert "年度安全工作记录" in page and "已下发变更" in page and "Finance &lt;Bureau&gt;" in page
    assert "<Bureau>" not in page  # every value escaped
    assert "http" not in page.lower().replace("netwarden", "")  # self-contained: no link, no script


def test_a_year_without_checks_says_the_record_is_incomplete(
    filled: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    url, log = filled
    assert main(["--history", url, "report", "unit", "u1", "--year", str(Y - 5), "--audit-log", str(log)]) == 0
    assert "No check of this unit's devices was recorded in this year: the record is incomplete." in (
        capsys.readouterr().out
    )


def test_an_unknown_unit_or_year_is_an_error(filled: tuple[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    url, _ = filled
    assert main(["--history", url, "report", "unit", "nope", "--year", str(Y)]) == 1
    assert "error: unit 'nope': no run recorded in the results store" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--history", url, "report", "unit", "u1", "--year", "26"])
    assert "not a year (YYYY): '26'" in capsys.readouterr().err

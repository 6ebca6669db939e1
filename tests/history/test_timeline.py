"""Since when a finding or drift has stood and when it cleared, from consecutive runs; `netwarden history`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from netwarden import jobs
from netwarden.cli import main
from netwarden.history import store as store_mod
from netwarden.history.record import make_run, write
from netwarden.history.timeline import intervals
from netwarden.verify.findings import Finding, Report, UnitInfo
from tests.conftest import lab_configs

T0 = dt.datetime(2026, 3, 1, 2, 0, tzinfo=dt.UTC)
UNITS = {"u1": UnitInfo("u1", "Unit One", 3, "ops@u1"), "u2": UnitInfo("u2", "Unit Two", 2, "ops@u2")}


def _finding(rule: str, device: str, unit: str, message: str) -> Finding:
    return Finding(rule, "title", "high", 5, "8.1.3.1", device, unit, UNITS[unit].name, "c", "fail", message, "fix")


def _drift_run(url: str, day: int, status: dict[str, str], findings: list[Finding]) -> None:
    rep = Report("drift", "1", "Net", devices={"r1": "u1", "r2": "u1", "r3": "u2"}, units=dict(UNITS))
    rep.device_status = dict(status)
    rep.findings = list(findings)
    run = make_run("drift", jobs.DriftRequest("inv"), rep, None, T0 + dt.timedelta(days=day), 1.0)
    with store_mod.connect(url) as st:
        write(st, run)


ISO = _finding("ISO-001", "r1", "u1", "drift (on the device but not intended): ip route 0.0.0.0/0 203.0.113.1")


def test_a_finding_stands_from_its_first_run_and_clears_at_the_first_run_without_it(store_url: str) -> None:
    _drift_run(store_url, 0, {"r1": "clean", "r2": "clean", "r3": "clean"}, [])
    _drift_run(store_url, 1, {"r1": "drift", "r2": "clean", "r3": "clean"}, [ISO])
    _drift_run(store_url, 2, {"r1": "drift", "r2": "clean", "r3": "clean"}, [ISO])
    _drift_run(store_url, 3, {"r1": "unreachable", "r2": "clean", "r3": "clean"}, [])  # not checked: still stands
    _drift_run(store_url, 4, {"r1": "drift", "r2": "clean", "r3": "drift"}, [ISO])
    _drift_run(store_url, 5, {"r1": "clean", "r2": "clean", "r3": "drift"}, [])  # r1 cleared
    with store_mod.connect(store_url) as st:
        r1 = intervals(st, device="r1")
        u1 = intervals(st, unit="u1")
        u2 = intervals(st, unit="u2")
    day = lambda n: (T0 + dt.timedelta(days=n)).isoformat(timespec="microseconds")  # noqa: E731
    assert [(i.kind, i.rule_id, i.since, i.last_seen, i.cleared, i.runs) for i in r1] == [
        ("drift", "", day(1), day(4), day(5), 3),
        ("finding", "ISO-001", day(1), day(4), day(5), 3),
    ]
    assert [i.to_dict() for i in u1] == [i.to_dict() for i in r1]  # r2 never drifted
    assert [(i.device, i.kind, i.since, i.standing) for i in u2] == [("r3", "drift", day(4), True)]


def test_runs_of_another_series_neither_open_nor_clear(store_url: str) -> None:
    """A verify of the intended configs that finds r1 clean says nothing about its running config's drift."""
    _drift_run(store_url, 0, {"r1": "drift", "r2": "clean", "r3": "clean"}, [ISO])
    rep = Report("verify", "1", "Net", devices={"r1": "u1"}, units={"u1": UNITS["u1"]})
    with store_mod.connect(store_url) as st:
        write(st, make_run("verify", jobs.VerifyRequest("inv"), rep, None, T0 + dt.timedelta(days=1), 1.0))
        assert [(i.kind, i.standing) for i in intervals(st, device="r1")] == [("drift", True), ("finding", True)]


def test_history_cli_shows_runs_and_since_when_with_real_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "h.sqlite")
    bad = lab_configs(
        tmp_path,
        lambda t: t.replace(
            "ip route 0.0.0.0/0 198.18.32.9", "ip route 0.0.0.0/0 198.18.32.9\nip route 198.18.16.0/24 198.18.32.9"
        ),
    )
    good = tmp_path / "good"
    assert main(["render", "-i", "inventories/lab", "-o", str(good)]) == 0
    for cfg, rc in ((bad, 2), (bad, 2), (good, 0)):
        assert (
            main(
                [
                    "--history",
                    db,
                    "verify",
                    "-i",
                    "inventories/lab",
                    "--configs",
                    str(cfg),
                    "-o",
                    str(tmp_path / "r.txt"),
                ]
            )
            == rc
        )
    capsys.readouterr()
    assert main(["--history", db, "history", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["runs"]
    assert [(r["command"], r["scope"], r["exit_code"]) for r in rows] == [("verify", "configs", 0)] + [
        ("verify", "configs", 2)
    ] * 2
    assert rows[0]["started"] > rows[1]["started"] > rows[2]["started"]  # newest first
    assert main(["--history", db, "history", "--device", "ub-fin", "--format", "json"]) == 0
    ivs = json.loads(capsys.readouterr().out)["intervals"]
    assert ivs and all(i["device"] == "ub-fin" and i["kind"] == "finding" for i in ivs)
    assert {i["since"] for i in ivs} == {rows[2]["started"]} and {i["cleared"] for i in ivs} == {rows[0]["started"]}
    assert all(i["runs"] == 2 and not i["standing"] for i in ivs)
    assert main(["--history", db, "history", "--unit", ivs[0]["unit"]]) == 0
    text = capsys.readouterr().out
    assert text.startswith(f"unit {ivs[0]['unit']}: 0 standing, {len(ivs)} cleared\n")
    assert ivs[0]["rule_id"] in text and "verify (configs) Lab Province" in text
    assert main(["--history", db, "history", "-n", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].startswith("started (UTC)") and " verify (configs) " in lines[1]


def test_history_of_a_store_that_does_not_exist_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "none.sqlite"
    assert main(["--history", str(db), "history"]) == 1
    assert f"history store {db}: no such file (no run recorded yet?)" in capsys.readouterr().err
    assert not db.exists()


def test_history_refuses_a_negative_count(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["history", "-n", "-1"])
    assert "not a number of runs (0 or more): '-1'" in capsys.readouterr().err

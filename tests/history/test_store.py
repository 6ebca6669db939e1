"""The results store on both backends: every recorded job leaves its run (verdict, exit code, findings with
rule, article, device, unit and severity, device statuses, timings), masked; the schema is versioned and
migrated; and a store that fails never changes a job's verdict or exit code, nor stops it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from netwarden import jobs
from netwarden.cli import main
from netwarden.history import store as store_mod
from netwarden.history.record import make_run, write
from netwarden.verify.findings import Evidence, Finding, Report, UnitInfo
from tests.conftest import TODAY, lab_configs

LEAK = "Lab-Leak-Community-77"


def _leak(text: str) -> str:
    marker = next(ln for ln in text.splitlines() if ln.startswith("#@netwarden section=snmpd"))
    return text.replace(marker, f"{marker}\nrocommunity {LEAK} 198.18.0.0/15")


def _all_text(url: str) -> str:
    with store_mod.connect(url) as st:
        return json.dumps([st.query(f"SELECT * FROM {t}") for t in ("runs", "run_units", "run_devices", "findings")])


def _runs(url: str) -> list[dict[str, Any]]:
    with store_mod.connect(url) as st:
        return st.query("SELECT * FROM runs ORDER BY started")


def test_a_verify_run_is_recorded_with_its_findings_and_devices(store_url: str, tmp_path: Path) -> None:
    cfg = lab_configs(tmp_path, _leak)
    report = jobs.verify(jobs.VerifyRequest("inventories/lab", configs=cfg, today=TODAY, history=store_url))
    (run,) = _runs(store_url)
    assert (run["command"], run["scope"], run["subject"]) == ("verify", "configs", report.subject)
    assert run["exit_code"] == int(report.exit_code()) == 2 and run["verdict"] == report.result_word == "findings"
    assert run["findings"] == len(report.failures) > 0 and run["checks"] == report.checks
    assert run["duration"] > 0 and run["started"] < run["finished"]
    assert run["baseline_version"] == report.baseline_version
    with store_mod.connect(store_url) as st:
        devices = {r["device"]: (r["unit"], r["status"]) for r in st.query("SELECT * FROM run_devices")}
        findings = st.query("SELECT * FROM findings WHERE status = 'fail' ORDER BY n")
    assert devices == {d: (u, "checked") for d, u in report.devices.items()}
    got = [(f["rule_id"], f["article"], f["device"], f["unit"], f["severity"], f["message"]) for f in findings]
    assert got == [(f.rule_id, f.article, f.device, f.unit, f.severity, f.message) for f in report.failures]
    mon = next(f for f in findings if f["rule_id"] == "MON-002")
    assert "rocommunity" in mon["evidence"]
    assert LEAK not in _all_text(store_url)  # the secret in the evidence is stored masked only
    if not store_mod.is_postgres(store_url):
        assert LEAK.encode() not in Path(store_url).read_bytes()


def test_history_masks_what_it_stores_itself(store_url: str) -> None:
    """A finding whose message quotes a secret-bearing line is masked on the way into the store, whatever the
    report did (the masking path, secrets.mask)."""
    rep = Report("verify", "1", "Net", devices={"d1": "u1"}, units={"u1": UnitInfo("u1", "Unit", 3, "c")})
    ev = Evidence("d1.cfg", (3,))
    object.__setattr__(ev, "text", (f"rocommunity {LEAK} 10.0.0.0/8",))  # as if it had bypassed Evidence's mask
    rep.findings.append(
        Finding(
            "MON-002", "t", "high", 9, "", "d1", "u1", "Unit", "c", "fail", f"line: rocommunity {LEAK}", "fix", (ev,)
        )
    )
    run = make_run("verify", jobs.VerifyRequest("inv"), rep, None, dt.datetime.now(dt.UTC), 0.5)
    with store_mod.connect(store_url) as st:
        write(st, run)
    text = _all_text(store_url)
    assert "rocommunity" in text and LEAK not in text


def test_jobs_that_fail_are_recorded_as_errors_and_still_raise(store_url: str) -> None:
    from netwarden.errors import NetwardenError

    with pytest.raises(NetwardenError, match="not in the inventory"):
        jobs.preconnect(jobs.PreconnectRequest("inventories/lab", unit="nope", today=TODAY, history=store_url))
    (run,) = _runs(store_url)
    assert (run["command"], run["verdict"], run["exit_code"]) == ("preconnect", "error", 1)
    assert "not in the inventory" in json.loads(run["errors"])[0]


def test_validate_and_every_job_through_run_record(store_url: str) -> None:
    jobs.run(jobs.ValidateRequest("inventories/lab", today=TODAY, history=store_url))
    jobs.run(jobs.VerifyRequest("inventories/lab", today=TODAY, history=store_url))
    assert [(r["command"], r["scope"], r["verdict"], r["exit_code"]) for r in _runs(store_url)] == [
        ("validate", "", "clean", 0),
        ("verify", "intended", "clean", 0),
    ]


def test_the_ansible_plugins_record_through_the_jobs_layer(store_url: str) -> None:
    import sys

    sys.path.insert(0, str(Path("plugins/action").resolve()))
    try:
        from _netwarden_common import Core
    finally:
        sys.path.pop(0)
    _report, rc = Core.verify("inventories/lab", None, today=TODAY, history=store_url)
    (run,) = _runs(store_url)
    assert (run["command"], run["exit_code"]) == ("verify", rc)


def test_history_off_records_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "h.sqlite"
    monkeypatch.setenv("NETWARDEN_HISTORY", str(db))
    assert main(["--no-history", "validate", "-i", "inventories/lab"]) == 0
    assert not db.exists()
    monkeypatch.setenv("NETWARDEN_HISTORY", "off")
    assert main(["validate", "-i", "inventories/lab"]) == 0
    assert not db.exists()
    assert main(["--history", str(db), "validate", "-i", "inventories/lab"]) == 0
    assert [r["command"] for r in _runs(str(db))] == ["validate"]


def test_default_store_is_in_the_users_state_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NETWARDEN_HISTORY")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert store_mod.resolve() == str(tmp_path / "state/netwarden/history.sqlite")
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert store_mod.resolve() == str(tmp_path / "home/.local/state/netwarden/history.sqlite")
    assert store_mod.resolve("off") is None and store_mod.resolve("postgresql://h/db") == "postgresql://h/db"


@pytest.mark.parametrize("broken", ["directory", "newer-schema", "unreachable-postgres"])
def test_a_failing_store_is_a_warning_and_never_changes_the_exit_code(
    broken: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = lab_configs(tmp_path, _leak)
    if broken == "directory":
        where = str(tmp_path)  # a directory is no SQLite file
    elif broken == "newer-schema":
        where = str(tmp_path / "h.sqlite")
        with store_mod.connect(where) as st:
            st.execute(f"UPDATE {store_mod.SCHEMA_TABLE} SET version = 999")
            st.commit()
    else:
        where = "postgresql://nw:Sekr1t-Pass@127.0.0.1:1/db?connect_timeout=2"  # nothing listens on port 1
    capsys.readouterr()
    assert main(["--history", where, "verify", "-i", "inventories/lab", "--configs", str(cfg)]) == 2
    err = capsys.readouterr().err
    assert "warning: history not recorded in" in err
    assert "Sekr1t-Pass" not in err  # the URL's password is never printed
    if broken == "newer-schema":
        assert "schema version 999, newer than this netwarden's" in err
        assert _count_runs(where) == 0


def _count_runs(where: str) -> int:
    import sqlite3

    with sqlite3.connect(where) as c:
        return int(c.execute("SELECT count(*) FROM runs").fetchone()[0])


def test_schema_is_versioned_and_migrated_forward(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with store_mod.connect(store_url) as st:
        assert st.version() == store_mod.current_version() == 1
    jobs.validate(jobs.ValidateRequest("inventories/lab", today=TODAY, history=store_url))
    # a later netwarden adds a column: opening the version-1 store migrates it, keeping its runs
    monkeypatch.setattr(
        store_mod, "MIGRATIONS", [*store_mod.MIGRATIONS, (2, ["ALTER TABLE runs ADD COLUMN ticket TEXT"])]
    )
    with store_mod.connect(store_url) as st:
        assert st.version() == 2
        rows = st.query("SELECT command, ticket FROM runs")
    assert rows == [{"command": "validate", "ticket": None}]


def test_safe_url_hides_passwords() -> None:
    assert store_mod.safe_url("postgresql://nw:pw@db.example/h") == "postgresql://nw:***@db.example/h"
    assert store_mod.safe_url("postgresql:///h?host=/run&password=pw") == "postgresql:///h?host=/run&password=***"

"""Every kind of report matches docs/report.schema.json (the conftest fixture validates each JSON rendering):
drift, apply and backup (fake devices), and the pre-connection gate."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from netwarden.cli import main
from netwarden.jobs import live
from netwarden.jobs.base import Loaded
from netwarden.report import render_report
from netwarden.report.meta import stamp
from tests.unit.test_ops import FakeDriver, lab  # noqa: F401 (the fixture)


def _json(rep: object, net: object) -> dict:  # type: ignore[type-arg]
    stamp(rep, "0" * 64, "inventories/lab", dt.datetime(2026, 11, 24, tzinfo=dt.UTC), 1.5)  # type: ignore[arg-type]
    out: dict = json.loads(render_report(rep, "json"))  # type: ignore[arg-type,type-arg]
    return out


def test_live_reports_match_the_schema(lab, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    net, base, intended, conns = lab
    FakeDriver.devices["core1"]["running"] = intended["core1"].replace("log commands\n", "")
    FakeDriver.devices["city1"]["down"] = True
    d = _json(live.drift_hosts(Loaded(net, base), sorted(net.devices), conns, workers=2, progress=False), net)
    assert d["devices"]["core1"]["status"] == "drift" and d["devices"]["city1"]["status"] == "unreachable"
    FakeDriver.devices["city1"]["down"] = False
    FakeDriver.devices["ub-fin"]["running"] = "hostname ub-fin\n"
    a = _json(live.apply_hosts(Loaded(net, base), ["ub-fin"], commit=False, conns=conns, progress=False), net)
    assert a["extra"]["changed"] == ["ub-fin"]
    b = _json(live.backup_hosts(Loaded(net, base), ["exit1"], [tmp_path / "a", tmp_path / "b"], conns,
                                progress=False), net)
    assert b["kind"] == "backup"


def test_gate_report_matches_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["preconnect", "-i", "inventories/lab", "prov-finance", "--skip", "live,dataplane", "--format", "json"])
    d = json.loads(capsys.readouterr().out)
    assert rc == 2 and d["extra"]["verdict"] == "incomplete"  # stages skipped: never a pass
    assert d["run"]["command"].startswith("netwarden preconnect ")

"""Recording holds where it matters: an Ansible playbook records through the jobs layer like the CLI, and
several processes (AWX nodes) opening one new store at once migrate it once and all record."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from netwarden.history import store as store_mod
from tests.integration.test_ansible_playbooks import _playbook


@pytest.mark.ansible
def test_a_playbook_run_is_recorded(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "h.sqlite"
    monkeypatch.setenv("NETWARDEN_HISTORY", str(db))
    r = _playbook(root, "playbooks/verify.yml", "-i", "inventories/lab")
    assert r.returncode == 0, r.stdout + r.stderr
    with store_mod.connect(str(db)) as st:
        runs = st.query("SELECT command, scope, exit_code, verdict FROM runs")
        devices = st.query("SELECT device FROM run_devices ORDER BY device")
    assert runs == [{"command": "verify", "scope": "intended", "exit_code": 0, "verdict": "clean"}]
    assert [d["device"] for d in devices] == ["city1", "core1", "exit1", "intra1", "ub-fin", "ub-lhtax"]


WRITER = """
import datetime as dt, sys, time
from netwarden import jobs
from netwarden.history.record import record
from netwarden.verify.findings import Report
time.sleep(max(0.0, float(sys.argv[3]) - time.time()))  # all at once, imports done
rep = Report("verify", "1", "Net", devices={"d%s" % sys.argv[2]: "u1"})
assert record(sys.argv[1], "verify", jobs.VerifyRequest("inv"), rep, None, dt.datetime.now(dt.UTC), 0.1)
"""


def test_processes_opening_one_new_store_at_once_migrate_it_once(store_url: str) -> None:
    import time

    at = str(time.time() + 8)
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, store_url, str(n), at], stderr=subprocess.PIPE, text=True)
        for n in range(4)
    ]
    errs = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errs
    assert not any("warning" in e for e in errs), errs
    with store_mod.connect(store_url) as st:
        assert st.query(f"SELECT version FROM {store_mod.SCHEMA_TABLE}") == [{"version": 1}]
        assert sorted(r["device"] for r in st.query("SELECT device FROM run_devices")) == ["d0", "d1", "d2", "d3"]
        assert json.loads(st.query("SELECT errors FROM runs LIMIT 1")[0]["errors"]) == []

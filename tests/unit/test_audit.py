from __future__ import annotations

import json
from pathlib import Path

import pytest

from netwarden import audit
from netwarden.cli import main


def _log(tmp_path: Path, n: int = 4) -> Path:
    p = tmp_path / "audit.jsonl"
    for i in range(n):
        audit.append(f"action-{i}", devices=[f"r{i}"], result="ok", configs={f"r{i}": f"hostname r{i}\n"}, path=p)
    return p


def test_intact_chain_verifies(tmp_path: Path) -> None:
    p = _log(tmp_path)
    assert audit.verify(p) == []
    recs = [json.loads(x) for x in p.read_text().splitlines()]
    assert [r["seq"] for r in recs] == [0, 1, 2, 3]
    assert recs[1]["prev"] == recs[0]["hash"]
    assert "hostname" not in p.read_text()  # configs are kept as hashes only
    assert len(recs[0]["sha256"]["r0"]) == 64


def test_edited_line_is_detected(tmp_path: Path) -> None:
    p = _log(tmp_path)
    lines = p.read_text().splitlines()
    lines[1] = lines[1].replace('"result": "ok"', '"result": "changed"')
    p.write_text("\n".join(lines) + "\n")
    assert any("edited" in x and ":2:" in x for x in audit.verify(p))


def test_removed_line_is_detected(tmp_path: Path) -> None:
    p = _log(tmp_path)
    lines = p.read_text().splitlines()
    del lines[1]
    p.write_text("\n".join(lines) + "\n")
    assert any("removed" in x for x in audit.verify(p))


def test_reordered_lines_are_detected(tmp_path: Path) -> None:
    p = _log(tmp_path)
    lines = p.read_text().splitlines()
    lines[1], lines[2] = lines[2], lines[1]
    p.write_text("\n".join(lines) + "\n")
    assert audit.verify(p) != []


def test_secret_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        audit.append("x", details={"oops": "lab-snmp-auth-2026"}, path=tmp_path / "a.jsonl",
                     secrets=["lab-snmp-auth-2026"])


def test_every_command_is_audited_and_cli_verify(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "audit.jsonl"
    monkeypatch.setenv("NETWARDEN_AUDIT_LOG", str(log))
    assert main(["validate", "-i", "inventories/lab"]) == 0
    assert main(["render", "-i", "inventories/lab", "-o", str(tmp_path / "out")]) == 0
    assert main(["validate", "-i", str(tmp_path / "nope")]) == 1
    recs = [json.loads(x) for x in log.read_text().splitlines()]
    assert [r["action"] for r in recs] == ["validate", "render", "validate"]
    assert [r["result"] for r in recs] == ["ok", "ok", "error"]
    assert set(recs[1]["details"]["sha256"]) == {"exit1", "core1", "city1", "ub-fin", "ub-lhtax", "intra1"}
    assert "lab-snmp" not in log.read_text()
    capsys.readouterr()
    assert main(["audit", "verify"]) == 2  # consistent, but nothing off the machine says so
    assert "INCOMPLETE: the local chain is consistent, but no anchor kept off this machine could be read" in \
        capsys.readouterr().out
    assert main(["audit", "verify", "--anchor", str(audit.anchor_path(log))]) == 0
    assert "chain intact (anchored in 1 place(s) off the log)" in capsys.readouterr().out
    log.write_text(log.read_text().replace('"render"', '"r3nder"'))
    assert main(["audit", "verify"]) == 2

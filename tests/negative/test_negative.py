"""Bad inventories: each case edits a copy of the lab inventory and expects the exact error
text, exit status 1, and nothing written by `render`."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from netwarden.cli import main

CASES = sorted((Path(__file__).parent / "cases").glob("*.yml"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_bad_inventory(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                       monkeypatch: pytest.MonkeyPatch) -> None:
    spec = yaml.safe_load(case.read_text())
    root = Path(__file__).resolve().parents[2]
    inv = tmp_path / "inv"
    shutil.copytree(root / "inventories" / spec.get("base", "lab"), inv)
    for e in spec["edits"]:
        p = inv / e["file"]
        if "write" in e:
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(e["write"])
            continue
        if e.get("delete"):
            p.unlink()
            continue
        text = p.read_text()
        old, new = e["replace"]
        assert old in text, f"{case.name}: {old!r} not in {e['file']}"
        p.write_text(text.replace(old, new))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NETWARDEN_VAULT_PASSWORD_FILE", raising=False)
    monkeypatch.delenv("ANSIBLE_VAULT_PASSWORD_FILE", raising=False)
    args = ["-i", "inv", "--today", "2026-11-24"]
    assert main(["validate", *args]) == 1
    err = capsys.readouterr().err
    assert err == spec["expect"], err
    assert "Traceback" not in err
    assert main(["render", *args, "-o", "out"]) == 1
    capsys.readouterr()
    assert not (tmp_path / "out").exists()
    assert [p for p in os.listdir(tmp_path) if p != "inv"] == []

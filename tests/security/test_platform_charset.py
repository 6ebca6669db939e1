"""Free text a platform cannot carry is refused by validate, naming file, host and key: IOS keeps printable
ASCII only (a no-break space or Chinese in a description would be changed or refused by the device)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from netwarden.cli import main

ROOT = Path(__file__).resolve().parents[2]
WHY = "printable ASCII (IOS keeps no other character in its configuration)"


def _example(tmp_path: Path, edits: dict[str, tuple[str, str]]) -> Path:
    inv = tmp_path / "inv"
    shutil.copytree(ROOT / "inventories" / "example", inv)
    for name, (old, new) in edits.items():
        p = inv / "host_vars" / name
        text = p.read_text()
        assert old in text
        p.write_text(text.replace(old, new))
    return inv


def test_ios_refuses_non_ascii_free_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    _example(tmp_path, {
        "by-tax-br01.yml": ("description: towards the provincial exit}", 'description: "towards the\\u00a0exit"}'),
        "prov-core-rt01.yml": ("description: Provincial Department of Finance}", "description: 省财政厅}"),
    })
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "-i", "inv", "--today", "2026-11-24"]) == 1
    assert capsys.readouterr().err == (
        "error: 2 problems in the input:\n"
        "  inv/host_vars/by-tax-br01.yml: host by-tax-br01: netwarden_routing.static[0].description: character "
        f"U+00A0 is not allowed on cisco_ios: {WHY}\n"
        "  inv/host_vars/prov-core-rt01.yml: host prov-core-rt01: netwarden_interfaces[3].description: character "
        f"U+7701 is not allowed on cisco_ios: {WHY}\n")
    assert main(["render", "-i", "inv", "--today", "2026-11-24", "-o", "out"]) == 1
    assert not (tmp_path / "out").exists()


def test_other_platforms_keep_chinese_descriptions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inv = _example(tmp_path, {"by-edu-br01.yml": ("description: towards the provincial exit}",
                                                  "description: 通往省出口}")})
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "-i", str(inv), "--today", "2026-11-24"]) == 0

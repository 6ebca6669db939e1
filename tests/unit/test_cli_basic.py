from __future__ import annotations

import json
from pathlib import Path

from netwarden.cli import main


def test_validate_lab_inventory(capsys):
    assert main(["validate", "-i", "inventories/lab"]) == 0
    assert "valid (6 devices" in capsys.readouterr().out


def test_render_lab_writes_manifest(tmp_path: Path):
    out = tmp_path / "out"
    assert main(["render", "-i", "inventories/lab", "-o", str(out)]) == 0
    man = json.loads((out / "manifest.json").read_text())
    assert [d["device"] for d in man["devices"]] == sorted(d["device"] for d in man["devices"])
    assert {d["device"] for d in man["devices"]} == {"exit1", "core1", "city1", "ub-fin", "ub-lhtax", "intra1"}
    for d in man["devices"]:
        assert (out / d["file"]).is_file()

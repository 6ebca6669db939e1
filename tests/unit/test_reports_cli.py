"""verify / check-config from the command line: formats, exit codes, evidence, no secrets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from netwarden.cli import main
from tests.conftest import lab_configs, lab_report


@pytest.fixture()
def bad_configs(tmp_path: Path) -> Path:
    return lab_configs(tmp_path, lambda text: text.replace(
        "ip route 0.0.0.0/0 198.18.32.9", "ip route 0.0.0.0/0 198.18.32.9\nip route 198.18.16.0/24 198.18.32.9"))


def test_verify_intended_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "-i", "inventories/lab"]) == 0
    assert "CLEAN" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "markdown", "html"])
def test_verify_configs_dir_reports_findings(fmt: str, bad_configs: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    text = lab_report(bad_configs, fmt, tmp_path)
    assert "ISO-002" in text and "ub-fin" in text
    assert "lab-snmp-auth-2026" not in text
    if fmt == "json":
        d = json.loads(text)
        assert d["result"] == "findings"
        f = next(x for x in d["findings"] if x["rule_id"] == "ISO-002")
        assert f["article"] == 5 and f["unit"] == "prov-finance" and f["cite"].startswith("Art. 5")
        assert f["evidence"][0]["text"] == ["ip route 198.18.16.0/24 198.18.32.9"]
    if fmt == "junit":
        root = ET.fromstring(text)
        assert root.tag == "testsuites"
        assert any(tc.find("failure") is not None for tc in root.iter("testcase"))
    if fmt == "html":
        assert text.startswith("<!DOCTYPE html>") and "http://" not in text and "https://" not in text
        assert "Article 5" in text


def test_verify_missing_config_is_an_error(bad_configs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (bad_configs / "city1.cfg").unlink()
    assert main(["verify", "-i", "inventories/lab", "--configs", str(bad_configs)]) == 1
    assert "city1: no configuration to check" in capsys.readouterr().out


def test_check_config_without_inventory(bad_configs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = bad_configs / "ub-fin.cfg"
    # every rule it can run passes, the isolation rules cannot run without the inventory: INCOMPLETE, exit 2
    assert main(["check-config", str(p), "--platform", "linux_frr", "--role", "unit_border", "--level", "3"]) == 2
    out = capsys.readouterr().out
    assert "not checked:" in out and "ISO-002: needs the inventory" in out  # skipped, never passed
    assert out.splitlines()[-1].startswith("INCOMPLETE: 0 finding(s) on 0 device(s); ")
    p.write_text(p.read_text().replace("PermitRootLogin no", "PermitRootLogin yes"))
    assert main(["check-config", str(p), "--platform", "linux_frr", "--role", "unit_border", "--level", "3",
                 "--format", "json"]) == 2
    d = json.loads(capsys.readouterr().out)
    assert [f["rule_id"] for f in d["findings"] if f["status"] == "fail"] == ["MGMT-006"]


def test_check_config_bad_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-config", str(tmp_path / "nope.cfg"), "--platform", "linux_frr", "--role", "unit_border",
                 "--level", "3"]) == 1
    assert "nope.cfg" in capsys.readouterr().err
    shutil.copy("tests/golden/lab/ub-fin.cfg", tmp_path / "x.cfg")
    assert main(["check-config", str(tmp_path / "x.cfg"), "--platform", "linux_frr", "--role", "router",
                 "--level", "3"]) == 1
    assert "unknown role 'router'" in capsys.readouterr().err

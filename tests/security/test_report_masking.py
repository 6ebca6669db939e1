"""Secrets never reach a report: evidence lines quoting secret-bearing config lines are masked, in
every format and on stdout (issue: evidence lines were not masked)."""

from __future__ import annotations

from pathlib import Path

import pytest

from netwarden.cli import main
from tests.conftest import lab_configs, lab_report

LEAK = "Lab-Leak-Community-77"


def _leak(text: str) -> str:
    marker = next(ln for ln in text.splitlines() if ln.startswith("#@netwarden section=snmpd"))
    return text.replace(marker, f"{marker}\nrocommunity {LEAK} 198.18.0.0/15")


@pytest.fixture()
def leaky_configs(tmp_path: Path) -> Path:
    return lab_configs(tmp_path, _leak)


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "markdown", "html"])
def test_evidence_is_masked_in_every_format(fmt: str, leaky_configs: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    text = lab_report(leaky_configs, fmt, tmp_path)
    assert "MON-002" in text  # the community is a finding, quoted as evidence...
    assert "rocommunity" in text and LEAK not in text  # ...with its secret masked
    assert LEAK not in capsys.readouterr().out


def test_evidence_is_masked_on_stdout(leaky_configs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "-i", "inventories/lab", "--configs", str(leaky_configs)]) == 2
    out = capsys.readouterr().out
    assert "MON-002" in out and LEAK not in out


def test_check_config_masks_evidence(leaky_configs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-config", str(leaky_configs / "ub-fin.cfg"), "--platform", "linux_frr", "--role",
                 "unit_border", "--level", "3", "--format", "json"]) == 2
    out = capsys.readouterr().out
    assert "MON-002" in out and LEAK not in out

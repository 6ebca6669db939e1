"""No traceback for any input: check-config on an empty, binary or wrong-platform file is an error (exit 1)
with a clear message, not findings; an unwritable output is a clear error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from netwarden.cli import main

CISCO = "tests/golden/example/prov-core-rt01.cfg"
FRR = "tests/golden/lab/core1.cfg"
VRP = "tests/golden/example/prov-edu-br01.cfg"
COMWARE = "tests/golden/example/prov-hc-br01.cfg"


def _check(path: Path | str, platform: str, *extra: str) -> int:
    return main(["check-config", str(path), "--platform", platform, "--role", "extranet_core", "--level", "3",
                 *extra])


@pytest.mark.parametrize(("content", "message"), [
    (b"", "is empty: there is no configuration to check"),
    (b"  \n\n\t\n", "is empty: there is no configuration to check"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00binary", "not a text configuration (binary data): nothing checked"),
    (b"hostname r1\n\xff\xfe\n", "not a text configuration (binary data): nothing checked"),
    (b"just some notes\n", "not a cisco_ios configuration (no hostname line): nothing checked"),
])
def test_check_config_unusable_file_is_an_error(tmp_path: Path, content: bytes, message: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "r1.cfg"
    f.write_bytes(content)
    assert _check(f, "cisco_ios") == 1
    cap = capsys.readouterr()
    assert cap.err == f"error: {f}: {message}\n"
    assert cap.out == ""


@pytest.mark.parametrize(("path", "platform", "why"), [
    (CISCO, "huawei_vrp", "no sysname line"),
    (CISCO, "linux_frr", "no netwarden section markers (#@netwarden section=...)"),
    (FRR, "cisco_ios", "it is a linux_frr document (netwarden section markers)"),
    (VRP, "h3c_comware", "it looks like a huawei_vrp configuration: user-interface vty, traffic-filter, "
                         "pki realm"),
    (COMWARE, "huawei_vrp", "it looks like a h3c_comware configuration: line vty, packet-filter, pki domain"),
])
def test_check_config_wrong_platform_is_an_error(path: str, platform: str, why: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert _check(path, platform) == 1
    assert capsys.readouterr().err == f"error: {path}: not a {platform} configuration ({why}): nothing checked\n"


@pytest.mark.parametrize(("path", "platform"), [(CISCO, "cisco_ios"), (VRP, "huawei_vrp"),
                                                (COMWARE, "h3c_comware")])
def test_check_config_right_platform_still_checks(path: str, platform: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-config", path, "--platform", platform, "--role", "unit_border", "--level", "3"]) in (0, 2)
    assert "error" not in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_unwritable_report_output_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ro = tmp_path / "ro"
    ro.mkdir(mode=0o500)
    assert _check(CISCO, "cisco_ios", "-o", str(ro / "report.txt")) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {ro}") and "Permission denied" in err and "Traceback" not in err


@pytest.mark.parametrize("target", ["file", "dir"])
def test_output_path_under_a_file_is_a_clear_error(tmp_path: Path, target: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a directory\n")
    if target == "file":
        rc = _check(CISCO, "cisco_ios", "-o", str(blocker / "report.txt"))
    else:
        rc = main(["render", "-i", "inventories/lab", "--today", "2026-11-24", "-o", str(blocker / "out")])
    assert rc == 1
    assert capsys.readouterr().err == f"error: {blocker}: File exists\n"
    assert blocker.read_text() == "a file, not a directory\n"

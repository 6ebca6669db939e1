"""Backups: no commit when nothing changed, owner-only files and repositories, a config that shrinks sharply
against the last backup is flagged, never silently stored as good."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
from pathlib import Path

from netwarden.ops.backup import write_backups
from netwarden.ops.run import DeviceResult
from tests.unit.test_ops import FakeDriver, lab  # noqa: F401  (the fixture)


def _res(host: str, text: str) -> DeviceResult:
    return DeviceResult(host, "ok", "", data={"text": text, "sha256": hashlib.sha256(text.encode()).hexdigest()})


def _commits(repo: Path) -> int:
    out = subprocess.run(["git", "-C", str(repo), "rev-list", "--count", "HEAD"], capture_output=True, text=True)
    return int(out.stdout.strip() or 0)


CFG = "".join(f"line {i}\n" for i in range(40))


def test_no_commit_when_nothing_changed(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    res = {"r1": _res("r1", CFG), "r2": _res("r2", CFG + "x\n")}
    first = write_backups([a, b], res, "lab")
    assert _commits(a) == _commits(b) == 1 and all(first["changed"].values())
    second = write_backups([a, b], res, "lab")
    assert _commits(a) == _commits(b) == 1  # no empty commit
    assert not any(second["changed"].values()) and second["commits"] == first["commits"]
    write_backups([a, b], {**res, "r2": _res("r2", CFG + "y\n")}, "lab")
    assert _commits(a) == _commits(b) == 2


def test_backup_files_and_repositories_are_owner_only(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    b.mkdir(mode=0o755)  # an existing directory is made private too
    write_backups([a, b], {"r1": _res("r1", CFG)}, "lab", anchor={"seq": 3, "hash": "0" * 64})
    for repo in (a, b):
        assert stat.S_IMODE(os.stat(repo).st_mode) == 0o700
        for p in [repo / "r1.cfg", repo / "manifest.json", repo / "audit-anchor.json"]:
            assert stat.S_IMODE(os.stat(p).st_mode) == 0o600, p
        for p in (repo / ".git" / "objects").rglob("*"):
            mode = stat.S_IMODE(os.stat(p).st_mode)
            assert mode & 0o077 == 0, (p, oct(mode))


def test_sharp_shrink_is_flagged(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    write_backups([a, b], {"r1": _res("r1", CFG), "r2": _res("r2", CFG)}, "lab")
    out = write_backups([a, b], {"r1": _res("r1", CFG[: len(CFG) // 3]), "r2": _res("r2", CFG[:-8])}, "lab")
    assert set(out["suspect"]) == {"r1"}  # r2 lost one line of 40: fine
    assert out["suspect"]["r1"].startswith("running config shrank from 40 to 15 lines (below 50% of the last backup)")
    assert '"suspect"' in (a / "manifest.json").read_text()


def test_service_reports_a_shrunk_config_as_an_error(lab, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from netwarden.jobs import live
    from netwarden.jobs.base import Loaded

    net, base, intended, conns = lab
    a, b = tmp_path / "esc", tmp_path / "ddbc"
    n = len(intended["core1"].splitlines())
    FakeDriver.devices["core1"]["running"] = intended["core1"] + "# padding\n" * (2 * n)  # whole, three times longer
    assert live.backup_hosts(Loaded(net, base), ["core1"], [a, b], conns, progress=False).exit_code() == 0
    FakeDriver.devices["core1"]["running"] = intended["core1"]  # whole too, by every structural check: a third
    rep = live.backup_hosts(Loaded(net, base), ["core1"], [a, b], conns, progress=False)
    assert rep.exit_code() == 1
    assert rep.device_status["core1"] == "suspect"
    assert any(e.startswith("core1: suspect: running config shrank from ") for e in rep.errors)

"""Device faults in the lab, each staying with its device: wrong credentials, a command that
hangs past the timeout, and the connection cut between commit and confirm (the device rolls
back by itself). The other devices finish; the report and exit status say what happened."""

from __future__ import annotations

import os
import signal
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from netwarden.jobs import base as jobs_base
from netwarden.jobs import live
from netwarden.lab import Lab
from netwarden.lab.service import Loaded, down, lab_connections, lab_up, load
from netwarden.platforms.linux_frr.driver import LinuxFRRDriver
from netwarden.render.engine import Renderer

from .conftest import lab_skip_reason

pytestmark = pytest.mark.lab
INV = str(Path(__file__).resolve().parents[2] / "inventories" / "lab")


@pytest.fixture(scope="module")
def lab(request: pytest.FixtureRequest) -> Iterator[tuple[Loaded, dict[str, dict[str, Any]]]]:
    reason = lab_skip_reason()
    if reason:
        pytest.skip(reason)
    workdir = Path(tempfile.mkdtemp(prefix="nwlab-flt-", dir="/tmp"))
    os.chmod(workdir, 0o755)
    ld = load(INV, workdir, f"f{os.getpid() % 10000}")
    request.addfinalizer(lambda: down(ld.spec))
    lab_up(INV, workdir, ld.spec.name)
    conns = lab_connections(INV, workdir)
    assert conns is not None
    rep = live.apply_hosts(jobs_base.Loaded(ld.network, _baseline()), sorted(ld.network.devices), True, 60, conns,
                           progress=False)
    assert rep.exit_code() == 0, rep.errors
    yield ld, conns


def _baseline():  # type: ignore[no-untyped-def]
    from netwarden.baseline import load_baseline

    return load_baseline()


def test_wrong_credentials_stay_with_their_device(lab) -> None:  # type: ignore[no-untyped-def]
    ld, conns = lab
    bad = {h: dict(c) for h, c in conns.items()}
    bad["city1"] = {**bad["city1"], "username": "nwintruder", "password": "wrong"}
    rep = live.drift_hosts(jobs_base.Loaded(ld.network, _baseline()), sorted(ld.network.devices), bad, progress=False)
    assert rep.device_status["city1"] == "auth", rep.device_messages["city1"]
    assert {s for h, s in rep.device_status.items() if h != "city1"} == {"clean"}
    assert rep.exit_code() == 1
    assert "wrong" not in str(rep.to_dict()).replace("wrong-", "")


def test_a_hanging_command_times_out(lab) -> None:  # type: ignore[no-untyped-def]
    ld, conns = lab
    pids = [int(p.read_text()) for p in (Path("/var/run/frr") / ld.spec.netns("core1")).glob("*.pid")]
    assert pids
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)  # vtysh now waits for daemons that never answer
    try:
        slow = {h: dict(c) for h, c in conns.items()}
        slow["core1"] = {**slow["core1"], "optional_args": {**slow["core1"]["optional_args"], "command_timeout": 5}}
        t0 = time.monotonic()
        rep = live.drift_hosts(jobs_base.Loaded(ld.network, _baseline()), sorted(ld.network.devices), slow,
                               progress=False)
        took = time.monotonic() - t0
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGCONT)
    assert rep.device_status["core1"] in ("timeout", "error"), rep.device_messages["core1"]
    assert {s for h, s in rep.device_status.items() if h != "core1"} == {"clean"}
    assert rep.exit_code() == 1
    assert took < 60


def test_connection_cut_between_commit_and_confirm_rolls_back(lab, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    ld, conns = lab
    base = _baseline()
    lab_ = Lab(ld.spec)
    # a change to push: the rendered config with one more NTP server is not valid input, so
    # instead make the device differ from intended by hand first (remove a syslog target)
    drv = LinuxFRRDriver(**conns["ub-fin"])
    drv.open()
    root = ld.spec.config_root("ub-fin")
    syslog = root / "etc/rsyslog.d/50-netwarden.conf"
    before = syslog.read_text()
    syslog.write_text(before.splitlines()[0] + "\n")
    drv.close()
    real_commit = LinuxFRRDriver.commit_config

    def commit_then_cut(self: LinuxFRRDriver, message: str = "", revert_in: int | None = None) -> None:
        real_commit(self, message, revert_in)
        if self.hostname == conns["ub-fin"]["hostname"]:
            os.kill(int(lab_.sshd_pidfile("ub-fin").read_text()), signal.SIGTERM)  # the link goes down

    monkeypatch.setattr(LinuxFRRDriver, "commit_config", commit_then_cut)
    rep = live.apply_hosts(jobs_base.Loaded(ld.network, base), ["ub-fin", "ub-lhtax"], True, 10, conns, progress=False)
    assert rep.device_status["ub-fin"] == "rolled_back", rep.device_messages
    assert "rolls back by itself" in rep.device_messages["ub-fin"]
    assert rep.device_status["ub-lhtax"] == "unchanged"  # the others finish
    assert rep.exit_code() == 1
    assert syslog.read_text() == Renderer(base).render_device(ld.network, ld.network.devices["ub-fin"]).text.split(
        "path=/etc/rsyslog.d/50-netwarden.conf\n")[1].split("#@netwarden")[0]  # the commit had landed
    deadline = time.monotonic() + 40
    while syslog.read_text() != before.splitlines()[0] + "\n" and time.monotonic() < deadline:
        time.sleep(1)  # nobody confirms: the device's own timer restores the snapshot
    assert syslog.read_text() == before.splitlines()[0] + "\n"

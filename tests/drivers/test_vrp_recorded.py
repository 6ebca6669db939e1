"""netwarden's drift and apply against the community `huawei_vrp` driver (napalm-huawei-vrp 1.2.0),
replaying recorded VRP V200R010 output (napalm_fakes.py; recordings in mocked_data/huawei_vrp/).

What the driver supports (read from its source): get_config (`display current-configuration`),
load_merge_candidate + commit_config (system-view line by line, `commit`, `save`) and rollback to
a saved file.  load_replace_candidate is a no-op (`pass`), so compare_config() after it is always
"", and commit_config(message="") takes no revert_in: no commit-confirm.  netwarden therefore
drifts VRP devices offline and refuses to push to them."""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path
from typing import Any

import napalm
import pytest

from netwarden.baseline import load_baseline
from netwarden.jobs import live
from netwarden.jobs.base import Loaded
from netwarden.model import load_network
from netwarden.ops.drift import drift_device
from netwarden.render.engine import Renderer
from tests.conftest import TODAY

from . import napalm_fakes as nf

HOST = "qs-core-rt01"  # huawei_vrp, municipal core, in inventories/example
READ_ONLY = ["display current-configuration"]
CIPHERS = [r"%\^%#", r"\$1c\$"]  # device-side forms of secrets


@pytest.fixture(scope="module")
def example() -> tuple[Any, Any, str]:
    net = load_network("inventories/example", today=TODAY)
    base = load_baseline()
    return net, base, Renderer(base).render_network(net, [HOST])[0].text


@pytest.fixture()
def replay(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NETWARDEN_STATE_DIR", str(tmp_path / "state"))

    def play(case: str) -> nf.FakeBox:
        return nf.install(monkeypatch, {HOST: ("huawei_vrp", nf.VRP / case)})[HOST]

    return play


def _no_secrets(blob: str, net: Any) -> None:
    assert all(s not in blob for s in net.secret_values())
    for pat in CIPHERS:
        assert not re.search(pat, blob), f"device-side secret form {pat!r} in the report"


def test_driver_capabilities() -> None:
    """Pin what netwarden relies on: if a new release grows commit-confirm, revisit apply."""
    cls = napalm.get_network_driver("huawei_vrp")
    assert "revert_in" not in inspect.signature(cls.commit_config).parameters
    assert "confirm_commit" not in cls.__dict__ and "has_pending_commit" not in cls.__dict__  # napalm's stubs
    drv = cls("127.0.0.1", "u", "p")
    drv.load_replace_candidate(config="sysname x\n")  # a no-op: nothing loaded ...
    assert drv.loaded is False and drv.compare_config() == ""  # ... so "no differences", whatever the device


def test_drift_in_sync_device_is_clean(example, replay) -> None:  # type: ignore[no-untyped-def]
    """`!Software Version`, `!Last configuration was updated`, `snmp-agent local-engineid`, `#`,
    `return` and the cipher forms of secrets are not drift."""
    net, base, _i = example
    box = replay("drift/clean")
    rep = live.drift_hosts(Loaded(net, base), [HOST], {HOST: nf.override(HOST)}, progress=False)
    assert rep.device_status[HOST] == "clean", rep.diffs.get(HOST)
    assert box.sent == READ_ONLY


def test_drift_hand_changed_lines_are_classified(example, replay) -> None:  # type: ignore[no-untyped-def]
    net, base, _i = example
    box = replay("drift/changed")
    rep = live.drift_hosts(Loaded(net, base), [HOST], {HOST: nf.override(HOST)}, progress=False)
    assert rep.device_status[HOST] == "drift"
    found = {(f.rule_id, f.message) for f in rep.failures}
    assert found == {
        ("MON-001", "drift (missing from the device): info-center loghost 10.64.16.11 facility local6"),
        ("ISO-002", "drift (on the device but not intended): ip route-static 10.8.0.0 255.255.0.0 10.126.0.90"),
        ("MGMT-001", "drift (on the device but not intended): protocol inbound all"),
        ("MGMT-001", "drift (missing from the device): protocol inbound ssh"),
    }, found
    assert "Last configuration" not in rep.diffs[HOST]
    assert "undo ip route-static 10.8.0.0 255.255.0.0 10.126.0.90" in \
        drift_device(net, net.devices[HOST], _i, nf.override(HOST)).data["remediation"]
    _no_secrets(json.dumps(rep.to_dict()), net)
    assert set(box.sent) == set(READ_ONLY)


def test_apply_dry_run_diffs_offline(example, replay) -> None:  # type: ignore[no-untyped-def]
    """The driver cannot compare a replace candidate; the dry run diffs the running config
    offline instead of reporting the device as unchanged."""
    net, base, _i = example
    box = replay("apply/changed")
    rep = live.apply_hosts(Loaded(net, base), [HOST], commit=False, conns={HOST: nf.override(HOST)}, progress=False)
    assert rep.device_status[HOST] == "would_change", rep.device_messages
    diff = rep.diffs[HOST]
    assert "+ info-center loghost 10.64.16.11 facility local6" in diff
    assert "-ip route-static 10.8.0.0 255.255.0.0 10.126.0.90" in diff
    assert box.sent == READ_ONLY
    _no_secrets(json.dumps(rep.to_dict()), net)


def test_apply_dry_run_in_sync_is_unchanged(example, replay) -> None:  # type: ignore[no-untyped-def]
    net, base, _i = example
    box = replay("drift/clean")
    rep = live.apply_hosts(Loaded(net, base), [HOST], commit=False, conns={HOST: nf.override(HOST)}, progress=False)
    assert rep.device_status[HOST] == "unchanged"
    assert box.sent == READ_ONLY


def test_apply_commit_refuses_and_commits_nothing(example, replay) -> None:  # type: ignore[no-untyped-def]
    net, base, _i = example
    box = replay("apply/changed")
    rep = live.apply_hosts(Loaded(net, base), [HOST], commit=True, conns={HOST: nf.override(HOST)}, progress=False)
    assert rep.device_status[HOST] == "error"
    assert "refusing to push without automatic rollback" in rep.device_messages[HOST]
    assert rep.exit_code() == 1
    # nothing but the read: no system-view, commit, save, rollback, file upload or delete
    assert box.sent == READ_ONLY and box.sessions == 1 and not box.files
    assert "-ip route-static 10.8.0.0" in rep.diffs[HOST]  # the operator still sees what would change
    _no_secrets(json.dumps(rep.to_dict()), net)


def test_recorded_running_config_follows_the_templates(example) -> None:
    """Re-record with `python -m tests.drivers.napalm_fakes` when the templates change."""
    _n, _b, intended = example
    assert (nf.VRP / "common" / "display_current-configuration.txt").read_text() == nf.vrp_running(intended)

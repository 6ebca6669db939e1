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
from typing import Any

import napalm

from netwarden.ops.drift import drift_device

from . import napalm_fakes as nf

HOST = "qs-core-rt01"  # huawei_vrp, municipal core, in inventories/example
DRIVER, RECORDINGS = "huawei_vrp", nf.VRP  # the `example` and `replay` fixtures (conftest.py)
READ_ONLY = ["display current-configuration"]
CIPHERS = [r"%\^%#", r"\$1c\$"]  # device-side forms of secrets


def _no_secrets(blob: str, net: Any) -> None:
    nf.no_secrets(blob, net, CIPHERS)


def test_driver_capabilities() -> None:
    """Pin what netwarden relies on: if a new release grows commit-confirm, revisit apply."""
    cls = napalm.get_network_driver("huawei_vrp")
    assert "revert_in" not in inspect.signature(cls.commit_config).parameters
    assert "confirm_commit" not in cls.__dict__ and "has_pending_commit" not in cls.__dict__  # napalm's stubs
    drv = cls("127.0.0.1", "u", "p")
    drv.load_replace_candidate(config="sysname x\n")  # a no-op: nothing loaded ...
    assert drv.loaded is False and drv.compare_config() == ""  # ... so "no differences", whatever the device


def test_drift_in_sync_device_is_clean(drifted) -> None:  # type: ignore[no-untyped-def]
    """`!Software Version`, `!Last configuration was updated`, `snmp-agent local-engineid`, `#`,
    `return` and the cipher forms of secrets are not drift."""
    rep, box = drifted("drift/clean")
    assert rep.device_status[HOST] == "clean", rep.diffs.get(HOST)
    assert box.sent == READ_ONLY


def test_drift_hand_changed_lines_are_classified(example, drifted) -> None:  # type: ignore[no-untyped-def]
    net, _b, intended = example
    rep, box = drifted("drift/changed")
    assert rep.device_status[HOST] == "drift"
    # judged by the rules on the running config (issue 14). `protocol inbound all` on the VTYs breaks no rule while
    # the telnet server stays off (`undo telnet server enable`): drift, low, not MGMT-001
    assert nf.failures(rep) == {
        ("MON-001", "logs do not go to the monitoring servers 10.64.16.11"),
        ("MON-001", "1 syslog server(s) configured; protection level 3 needs 2"),
        ("ISO-002", "static route to 10.8.0.0/16 carries intranet space 10.0.0.0/12"),
        ("DRIFT-001", "drift (on the device but not intended), no rule broken by it: protocol inbound all"),
        ("DRIFT-001", "drift (missing from the device), no rule broken by it: protocol inbound ssh"),
    }, nf.failures(rep)
    assert "Last configuration" not in rep.diffs[HOST]
    assert "undo ip route-static 10.8.0.0 255.255.0.0 10.126.0.90" in \
        drift_device(net, net.devices[HOST], intended, nf.override(HOST)).data["remediation"]
    _no_secrets(json.dumps(rep.to_dict()), net)
    assert set(box.sent) == set(READ_ONLY)


def test_apply_dry_run_diffs_offline(example, replay) -> None:  # type: ignore[no-untyped-def]
    """The driver cannot compare a replace candidate; the dry run diffs the running config
    offline instead of reporting the device as unchanged."""
    net, base, _i = example
    box = replay("apply/changed")
    rep = nf.apply(net, base, HOST, commit=False)
    assert rep.device_status[HOST] == "would_change", rep.device_messages
    diff = rep.diffs[HOST]
    assert "+ info-center loghost 10.64.16.11 facility local6" in diff
    assert "-ip route-static 10.8.0.0 255.255.0.0 10.126.0.90" in diff
    assert box.sent == READ_ONLY
    _no_secrets(json.dumps(rep.to_dict()), net)


def test_apply_dry_run_in_sync_is_unchanged(example, replay) -> None:  # type: ignore[no-untyped-def]
    net, base, _i = example
    box = replay("drift/clean")
    rep = nf.apply(net, base, HOST, commit=False)
    assert rep.device_status[HOST] == "unchanged"
    assert box.sent == READ_ONLY


def test_apply_commit_refuses_and_commits_nothing(example, replay) -> None:  # type: ignore[no-untyped-def]
    net, base, _i = example
    box = replay("apply/changed")
    rep = nf.apply(net, base, HOST, commit=True)
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

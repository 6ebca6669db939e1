"""netwarden's drift and apply against the real NAPALM `ios` driver, replaying recorded IOS-XE 17.9
output (napalm_fakes.py; recordings in mocked_data/ios/).  No socket is ever opened."""

from __future__ import annotations

import json
from typing import Any

import pytest

from netwarden import platforms
from netwarden.jobs import live
from netwarden.ops import apply as apply_mod

from . import napalm_fakes as nf

HOST = "prov-core-rt01"  # cisco_ios, extranet core, in inventories/example
DRIVER, RECORDINGS = "ios", nf.IOS  # the `example` and `replay` fixtures (conftest.py)
CANDIDATE = "bootflash:/candidate_config.txt"
DIFF_CMD = f"show archive config differences system:/running-config {CANDIDATE}"
HASHES = [r"\$9\$", r"key 7 [0-9A-F]{6,}", "0804541A0409"]  # device-side forms of secrets (type 7 reverses)


def _no_secrets(blob: str, net: Any) -> None:
    nf.no_secrets(blob, net, HASHES)


def test_type7_in_the_recording_is_the_vault_secret(example) -> None:  # type: ignore[no-untyped-def]
    """Why HASHES matter: the recorded `key 7 ...` is the TACACS key, trivially reversible."""
    net, _b, _i = example
    xlat = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87"
    enc = "0804541A040909125F1F0D072B28376566377B43"
    seed, pairs = int(enc[:2]), [int(enc[i:i + 2], 16) for i in range(2, len(enc), 2)]
    plain = "".join(chr(b ^ ord(xlat[(seed + i) % len(xlat)])) for i, b in enumerate(pairs))
    assert plain in net.secret_values()
    assert f"key 7 {enc}" in (nf.IOS / "common" / "show_running-config.txt").read_text()


# --- drift -------------------------------------------------------------------------------

def test_drift_in_sync_device_is_clean(drifted) -> None:  # type: ignore[no-untyped-def]
    """Header lines, `version`, boot markers, `ntp clock-period`, `license udi`, the template's own
    `!` comments, hashed/type-7 secrets and the hidden SNMPv3 user are not drift."""
    rep, box = drifted("drift/clean")
    assert rep.device_status[HOST] == "clean", rep.diffs.get(HOST)
    assert not rep.failures and rep.exit_code() == 0
    assert box.sent == ["show running-config"]  # read-only: nothing else is sent
    assert box.configure_commands() == [] and not box.files


def test_drift_hand_changed_lines_are_classified(example, drifted) -> None:  # type: ignore[no-untyped-def]
    net = example[0]
    rep, box = drifted("drift/changed")
    assert rep.device_status[HOST] == "drift"
    # judged by the rules on the running config (issue 14): each finding in the rule's own words
    assert nf.failures(rep) == {
        ("MON-001", "logs do not go to the monitoring servers 10.125.250.11"),
        ("MON-001", "1 syslog server(s) configured; protection level 3 needs 2"),
        ("ISO-002", "static route to 10.8.0.0/16 carries intranet space 10.0.0.0/12"),
        ("MGMT-001", "telnet is enabled (cleartext management)"),
    }, nf.failures(rep)
    assert rep.device_messages[HOST].startswith("the running state breaks ISO-002, MGMT-001, MON-001; ")
    diff = rep.diffs[HOST]
    # the timestamp and ntp clock-period changed too: noise, never in the diff
    assert "Last configuration change" not in diff and "clock-period" not in diff and "Building" not in diff
    blob = json.dumps(rep.to_dict())
    _no_secrets(blob, net)
    assert box.configure_commands() == []


def test_drift_remediation_is_masked(example, replay, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from netwarden.ops.drift import drift_device

    net, _b, intended = example
    replay("drift/changed")
    res = drift_device(net, net.devices[HOST], intended, nf.override(HOST))
    rem = res.data["remediation"]
    assert "no ip route 10.8.0.0 255.255.0.0 10.126.0.1 name temp-intranet" in rem
    assert "logging host 10.125.250.11" in rem
    _no_secrets(rem + res.diff, net)


# --- apply -------------------------------------------------------------------------------

def test_apply_dry_run_sends_no_configure_command(example, replay) -> None:  # type: ignore[no-untyped-def]
    net, base, intended = example
    box = replay("apply/dry_run")
    rep = nf.apply(net, base, HOST, commit=False)
    assert rep.device_status[HOST] == "would_change", rep.device_messages
    assert rep.exit_code() == 2
    assert box.configure_commands() == []
    assert not any(c in box.sent for c in ("write mem", "configure confirm", "show archive"))
    # the candidate went to the device as rendered, and was discarded afterwards
    assert box.files[CANDIDATE] == intended
    assert box.sent[-3:] == ["copy running-config bootflash:/candidate_config.txt",
                             "copy null: bootflash:/merge_config.txt", "(config) no file prompt quiet"]
    diff = rep.diffs[HOST]
    assert "+logging host 10.125.250.11" in diff and " +transport input ssh" in diff
    assert "-ip route 10.8.0.0 255.255.0.0 10.126.0.1 name temp-intranet" in diff
    assert "-enable secret <redacted>" in diff and " -key 7 <redacted>" in diff
    _no_secrets(json.dumps(rep.to_dict()), net)


def test_apply_refuses_without_archive_path(example, replay) -> None:  # type: ignore[no-untyped-def]
    """A device whose running config has no `archive path` yet cannot arm a revert timer: napalm
    raises CommitConfirmException and netwarden refuses; nothing is replaced."""
    net, base, _i = example
    box = replay("apply/no_archive")
    rep = nf.apply(net, base, HOST, commit=True)
    assert rep.device_status[HOST] == "error"
    msg = rep.device_messages[HOST]
    assert "refusing to push without automatic rollback" in msg and "archive" in msg
    assert box.configure_commands() == [] and "write mem" not in box.sent
    assert "copy running-config bootflash:/candidate_config.txt" in box.sent  # the candidate is discarded
    assert rep.exit_code() == 1


def _apply(net: Any, base: Any, intended: str, commit: bool = True, timeout: int = 120):  # type: ignore[no-untyped-def]
    # the device-level path of `netwarden apply`, with its real post-checks (live invariants)
    return apply_mod.apply_device(net, net.devices[HOST], nf.with_archive_path(intended), commit=commit,
                                  confirm_timeout=timeout, post_check=live.live_invariants(net, base),
                                  override=nf.override(HOST))


@pytest.mark.parametrize("timeout", [120, 61, 90])
def test_apply_commits_with_revert_timer_then_confirms(example, replay, timeout: int) -> None:  # type: ignore[no-untyped-def]
    net, base, intended = example
    box = replay("apply/commit_confirm")
    res = _apply(net, base, intended, timeout=timeout)
    assert res.status == "changed", res.message
    # IOS counts whole minutes: 61 s and 90 s arm a 2-minute timer, never a shorter one
    assert box.configure_commands() == [
        f"configure replace {CANDIDATE} force revert trigger error timer 2",
        "configure confirm",
    ]
    replace_at = box.sent.index(f"configure replace {CANDIDATE} force revert trigger error timer 2")
    confirm_at = box.sent.index("configure confirm")
    # between the two: a new session re-compares and reads the running config (the post-checks)
    assert box.sessions == 2
    between = box.sent[replace_at:confirm_at]
    assert DIFF_CMD in between and "show running-config" in between
    assert box.sent.index("copy running-config bootflash:/rollback_config.txt") < replace_at
    assert box.sent[confirm_at + 1] == "write mem"  # saved only once confirmed
    assert "write mem" not in box.sent[:confirm_at]
    assert "configure revert now" not in box.sent
    _no_secrets(res.diff + res.message, net)


def test_apply_rolls_back_when_post_checks_fail(example, replay) -> None:  # type: ignore[no-untyped-def]
    """After the commit the device still routes intranet space (and differs from the intended
    config): `configure revert now`, never `configure confirm`."""
    net, base, intended = example
    box = replay("apply/commit_rollback")
    res = _apply(net, base, intended)
    assert res.status == "rolled_back"
    assert "does not match the intended config" in res.message
    assert "ISO-002" in res.message and "10.8.0.0/16" in res.message
    assert box.configure_commands() == [f"configure replace {CANDIDATE} force revert trigger error timer 2",
                                        "configure revert now"]
    assert "configure confirm" not in box.sent
    assert box.sent[box.sent.index("configure revert now") + 1] == "write mem"
    _no_secrets(res.diff + res.message, net)


def test_apply_lost_device_after_commit_is_never_confirmed(example, replay) -> None:  # type: ignore[no-untyped-def]
    net, base, intended = example
    box = replay("apply/commit_confirm")
    box.down_from_session = 2
    res = _apply(net, base, intended, timeout=90)
    assert res.status == "rolled_back"
    assert "rolls back by itself within 120 s" in res.message  # the timer IOS really armed
    assert box.configure_commands() == [f"configure replace {CANDIDATE} force revert trigger error timer 2"]


def test_revert_timer_rounding() -> None:
    ios, frr = platforms.get("cisco_ios").commit, platforms.get("linux_frr").commit
    assert [ios.revert_timer(s) for s in (1, 60, 61, 120, 150, 7200, 9000)] == [60, 60, 120, 120, 180, 7200, 7200]
    assert frr.revert_timer(90) == 90


def test_recorded_running_config_follows_the_templates(example) -> None:
    """The recordings are the device's view of the rendered config (napalm_fakes.ios_running); when
    the templates change, re-record with `python -m tests.drivers.napalm_fakes`."""
    _n, _b, intended = example
    assert (nf.IOS / "common" / "show_running-config.txt").read_text() == nf.ios_running(intended)


def test_every_recorded_command_is_used(example, replay) -> None:  # type: ignore[no-untyped-def]
    """The recordings carry nothing the tests never ask for (stale answers hide driver changes)."""
    net, base, intended = example
    for case, run in [
        ("apply/dry_run", lambda: nf.apply(net, base, HOST, commit=False)),
        ("apply/commit_confirm", lambda: _apply(net, base, intended)),
        ("apply/commit_rollback", lambda: _apply(net, base, intended)),
    ]:
        box = replay(case)
        run()
        assert set(box.answers) <= set(box.sent), (case, set(box.answers) - set(box.sent))


def test_replay_never_opens_a_socket(replay) -> None:  # type: ignore[no-untyped-def]
    import socket

    replay("drift/clean")
    with pytest.raises(AssertionError, match="tried to connect"), socket.socket() as s:
        s.connect(("192.0.2.1", 22))

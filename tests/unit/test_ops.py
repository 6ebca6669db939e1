"""apply / drift / backup logic against a fake NAPALM driver (no network at all)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any, ClassVar

import pytest
from napalm.base.exceptions import ConnectionException

from netwarden.baseline import load_baseline
from netwarden.jobs import live
from netwarden.jobs.base import Loaded
from netwarden.model import load_network
from netwarden.ops import apply as apply_mod
from netwarden.ops.connect import DeviceFault
from netwarden.render.engine import Renderer
from tests.conftest import TODAY


class FakeDriver:
    """Plays a device: `state` is shared per host across sessions (like a real box)."""

    devices: ClassVar[dict[str, dict[str, Any]]] = {}
    calls: ClassVar[list[tuple[str, str]]] = []

    def __init__(self, hostname: str, username: str, password: str, timeout: int = 30,
                 optional_args: dict[str, Any] | None = None) -> None:
        self.host = (optional_args or {})["name"]
        self.dev = self.devices[self.host]
        self.candidate: str | None = None

    def open(self) -> None:
        self.calls.append((self.host, "open"))
        if self.dev.get("down"):
            raise ConnectionException(f"Cannot connect to {self.host}")
        if self.dev.get("down_after_commit") and self.dev.get("committed"):
            raise ConnectionException("connection lost")

    def close(self) -> None:
        pass

    def get_config(self, retrieve: str = "all", **_: Any) -> dict[str, str]:
        return {"running": self.dev["running"], "startup": "", "candidate": ""}

    def load_replace_candidate(self, filename: str | None = None, config: str | None = None) -> None:
        self.candidate = config

    def compare_config(self) -> str:
        assert self.candidate is not None
        if self.candidate == self.dev["running"]:
            return ""
        cand, run = self.candidate.splitlines(), self.dev["running"].splitlines()
        return "\n".join([f"+{x}" for x in cand if x not in run] + [f"-{x}" for x in run if x not in cand])

    def discard_config(self) -> None:
        self.calls.append((self.host, "discard"))
        self.candidate = None

    def commit_config(self, message: str = "", revert_in: int | None = None) -> None:
        if self.dev.get("no_confirm"):
            raise NotImplementedError
        self.calls.append((self.host, f"commit revert_in={revert_in}"))
        self.dev["before"] = self.dev["running"]
        self.dev["running"] = self.dev.get("commit_result", self.candidate)
        self.dev["committed"] = True

    def confirm_commit(self) -> None:
        self.calls.append((self.host, "confirm"))

    def rollback(self) -> None:
        self.calls.append((self.host, "rollback"))
        self.dev["running"] = self.dev["before"]


@pytest.fixture()
def lab(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("netwarden.ops.connect.get_driver", lambda name: FakeDriver)
    monkeypatch.setenv("NETWARDEN_STATE_DIR", str(tmp_path / "state"))
    net = load_network("inventories/lab", today=TODAY)
    base = load_baseline()
    intended = {r.hostname: r.text for r in Renderer(base).render_network(net)}
    FakeDriver.devices = {h: {"running": t} for h, t in intended.items()}
    FakeDriver.calls = []
    conns = {h: {"hostname": "127.0.0.1", "username": "u", "password": "p", "optional_args": {"name": h}}
             for h in net.devices}
    return net, base, intended, conns


def test_drift_clean_drifted_and_unreachable(lab) -> None:  # type: ignore[no-untyped-def]
    net, base, intended, conns = lab
    FakeDriver.devices["ub-fin"]["running"] = intended["ub-fin"].replace(
        "ip route 0.0.0.0/0 198.18.32.9", "ip route 0.0.0.0/0 198.18.32.9\nip route 198.18.16.0/24 198.18.32.9")
    # the fake diff shows lines the candidate has and the device lacks: remove one to make drift
    FakeDriver.devices["core1"]["running"] = intended["core1"].replace("log commands\n", "")
    FakeDriver.devices["city1"]["down"] = True
    rep = live.drift_hosts(Loaded(net, base), sorted(net.devices), conns, workers=3, progress=False)
    assert rep.device_status["exit1"] == "clean"
    assert rep.device_status["core1"] == "drift"
    assert rep.device_status["city1"] == "unreachable"
    assert rep.exit_code() == 1  # a device could not be checked
    rules = {(f.device, f.rule_id) for f in rep.failures}
    assert ("core1", "AUD-002") in rules  # config-change logging removed: security drift
    assert ("ub-fin", "ISO-002") in rules  # a route into the intranet appeared
    assert not any(f.device == "city1" for f in rep.failures)  # unreachable is never "clean" nor drift


def test_drift_diff_never_carries_secrets(lab) -> None:  # type: ignore[no-untyped-def]
    net, base, intended, conns = lab
    FakeDriver.devices["exit1"]["running"] = intended["exit1"].replace("createUser", "#createUser")
    rep = live.drift_hosts(Loaded(net, base), ["exit1"], conns, progress=False)
    blob = json.dumps(rep.to_dict())
    assert rep.device_status["exit1"] == "drift"
    assert all(s not in blob for s in net.secret_values())
    assert "<redacted>" in rep.diffs["exit1"]


def test_apply_dry_run_commits_nothing(lab) -> None:  # type: ignore[no-untyped-def]
    net, base, _intended, conns = lab
    FakeDriver.devices["ub-fin"]["running"] = "hostname ub-fin\n"
    rep = live.apply_hosts(Loaded(net, base), ["ub-fin", "core1"], commit=False, conns=conns, progress=False)
    assert rep.device_status == {"ub-fin": "would_change", "core1": "unchanged"}
    assert not any("commit" in c for _h, c in FakeDriver.calls)
    assert rep.exit_code() == 2
    from netwarden.report import render_report

    assert render_report(rep, "text").splitlines()[-1].startswith(
        "CHANGES PENDING: 1 device(s) would change (ub-fin); 0 finding(s) on 0 device(s); ")


def test_apply_commit_confirms_after_post_checks(lab) -> None:  # type: ignore[no-untyped-def]
    net, base, _intended, conns = lab
    FakeDriver.devices["ub-fin"]["running"] = "hostname ub-fin\n"
    rep = live.apply_hosts(Loaded(net, base), ["ub-fin"], commit=True, confirm_timeout=90, conns=conns, progress=False)
    assert rep.device_status["ub-fin"] == "changed"
    assert ("ub-fin", "commit revert_in=90") in FakeDriver.calls
    pushed = FakeDriver.calls[:FakeDriver.calls.index(("ub-fin", "confirm")) + 1]
    assert pushed.index(("ub-fin", "commit revert_in=90")) < len(pushed) - 1  # confirmed after the commit
    assert all(c in (("ub-fin", "open"), ("ub-fin", "discard")) for c in FakeDriver.calls[len(pushed):])  # drift
    from netwarden.report import render_report

    assert rep.exit_code() == 0
    assert render_report(rep, "text").splitlines()[-1].startswith("APPLIED: 1 device(s) changed (ub-fin); ")


def test_apply_rolls_back_when_the_result_breaks_isolation(lab) -> None:  # type: ignore[no-untyped-def]
    net, base, intended, conns = lab
    dev = FakeDriver.devices["ub-fin"]
    dev["running"] = "hostname ub-fin\n"
    # the device ends up with a route into the intranet (and not the intended config)
    dev["commit_result"] = intended["ub-fin"].replace(
        "ip route 0.0.0.0/0 198.18.32.9", "ip route 0.0.0.0/0 198.18.32.9\nip route 198.18.16.0/24 198.18.32.9")
    rep = live.apply_hosts(Loaded(net, base), ["ub-fin"], commit=True, conns=conns, progress=False)
    assert rep.device_status["ub-fin"] == "rolled_back"
    assert ("ub-fin", "rollback") in FakeDriver.calls
    assert ("ub-fin", "confirm") not in FakeDriver.calls
    assert rep.exit_code() == 1


def test_apply_connection_lost_after_commit_is_never_confirmed(lab) -> None:  # type: ignore[no-untyped-def]
    net, base, _intended, conns = lab
    FakeDriver.devices["ub-fin"].update(running="hostname ub-fin\n", down_after_commit=True)
    rep = live.apply_hosts(Loaded(net, base), ["ub-fin", "core1"], commit=True, conns=conns, progress=False)
    assert rep.device_status["ub-fin"] == "rolled_back"
    assert "rolls back by itself" in rep.device_messages["ub-fin"]
    assert ("ub-fin", "confirm") not in FakeDriver.calls
    assert rep.device_status["core1"] == "unchanged"  # the others finish


def test_apply_refuses_a_driver_without_commit_confirm(lab) -> None:  # type: ignore[no-untyped-def]
    net, base, _intended, conns = lab
    FakeDriver.devices["ub-fin"].update(running="hostname ub-fin\n", no_confirm=True)
    rep = live.apply_hosts(Loaded(net, base), ["ub-fin"], commit=True, conns=conns, progress=False)
    assert rep.device_status["ub-fin"] == "error"
    assert "refusing" in rep.device_messages["ub-fin"]


def test_one_run_at_a_time_per_device(lab) -> None:  # type: ignore[no-untyped-def]
    with apply_mod.device_lock("ub-fin"), pytest.raises(DeviceFault, match="lock"), apply_mod.device_lock("ub-fin"):
        pass


def test_backup_two_git_repositories_masked_and_identical(lab, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    net, base, _intended, conns = lab
    FakeDriver.devices["city1"]["running"] = ""  # empty: an error, never a success
    a, b = tmp_path / "esc", tmp_path / "ddbc"
    rep = live.backup_hosts(Loaded(net, base), sorted(net.devices), [a, b], conns, progress=False)
    assert rep.device_status["city1"] == "error" and "empty" in rep.device_messages["city1"]
    assert rep.exit_code() == 1
    for repo in (a, b):
        log = subprocess.run(["git", "-C", str(repo), "log", "--oneline"], capture_output=True, text=True).stdout
        assert len(log.splitlines()) == 1
        assert not (repo / "city1.cfg").exists()
        text = (repo / "exit1.cfg").read_text()
        assert all(s not in text for s in net.secret_values())
    assert (a / "exit1.cfg").read_bytes() == (b / "exit1.cfg").read_bytes()
    live.backup_hosts(Loaded(net, base), ["exit1"], [a, b], conns, progress=False)
    log = subprocess.run(["git", "-C", str(a), "log", "--oneline"], capture_output=True, text=True).stdout
    assert len(log.splitlines()) == 2  # one commit per run


def test_backup_needs_two_places(lab, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from netwarden.errors import NetwardenError

    net, base, _i, conns = lab
    with pytest.raises(NetwardenError, match="two"):
        live.backup_hosts(Loaded(net, base), ["exit1"], [tmp_path / "a"], conns, progress=False)


def test_drift_is_judged_by_the_rules_on_the_running_state(lab) -> None:  # type: ignore[no-untyped-def]
    """A second default route is the single exit's rule (EXIT-002), not isolation; a route inside the unit's own
    prefix breaks no rule: DRIFT-001 (low), not a critical Art. 5 finding (issue 14)."""
    net, base, intended, conns = lab
    FakeDriver.devices["ub-fin"]["running"] = intended["ub-fin"].replace(
        "ip route 0.0.0.0/0 198.18.32.9", "ip route 0.0.0.0/0 198.18.32.9\nip route 198.18.40.128/25 198.18.40.2")
    FakeDriver.devices["ub-lhtax"]["running"] = intended["ub-lhtax"].replace(
        "ip route 0.0.0.0/0 ", "ip route 0.0.0.0/0 198.18.44.254\nip route 0.0.0.0/0 ", 1)
    rep = live.drift_hosts(Loaded(net, base), sorted(net.devices), conns, workers=3, progress=False)
    got = {(f.device, f.rule_id, f.severity) for f in rep.failures}
    # the data-plane proof on the running states sees it too: a way out besides the exit (DP-002, DP-005)
    assert got == {("ub-fin", "DRIFT-001", "low"), ("ub-lhtax", "EXIT-002", "high"), ("ub-lhtax", "DP-002", "critical"),
                   ("ub-lhtax", "DP-005", "high")}
    exit2 = next(f for f in rep.failures if f.rule_id == "EXIT-002")
    assert exit2.evidence[0].file == "ub-lhtax running state"
    assert exit2.evidence[0].text == ("ip route 0.0.0.0/0 198.18.44.254",)
    assert rep.device_messages["ub-lhtax"] == ("the running state breaks DP-002, DP-005, EXIT-002; 1 line(s) differ "
                                               "from the intended config")
    assert rep.device_messages["ub-fin"] == "1 line(s) differ from the intended config; no rule broken"
    assert rep.exit_code() == 2


class EffectiveDriver(FakeDriver):
    """A device whose own files match the intended config while its effective state (a foreign drop-in) differs."""

    def get_effective_config(self) -> str:
        return str(self.dev.get("effective", self.dev["running"]))


def test_drift_reads_the_effective_state_not_only_our_files(lab, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    net, base, intended, conns = lab
    monkeypatch.setattr("netwarden.ops.connect.get_driver", lambda name: EffectiveDriver)
    FakeDriver.devices["ub-fin"]["effective"] = intended["ub-fin"].replace(
        "PasswordAuthentication no", "passwordauthentication yes")  # as `sshd -T` prints a foreign drop-in's value
    rep = live.drift_hosts(Loaded(net, base), ["exit1", "ub-fin"], conns, workers=2, progress=False)
    assert rep.device_status == {"exit1": "clean", "ub-fin": "drift"}
    assert rep.device_messages["ub-fin"] == ("the running state breaks MGMT-006 (its own files match the intended "
                                             "config)")
    (f,) = rep.failures
    assert (f.device, f.rule_id) == ("ub-fin", "MGMT-006")
    assert f.evidence[0].text == ("passwordauthentication yes",)
    assert "ub-fin" not in rep.diffs  # nothing of ours differs: the finding is the rule's
    assert rep.exit_code() == 2


def test_drift_network_rules_incomplete_for_an_unread_device(lab) -> None:  # type: ignore[no-untyped-def]
    net, base, _intended, conns = lab
    FakeDriver.devices["city1"]["down"] = True
    rep = live.drift_hosts(Loaded(net, base), sorted(net.devices), conns, workers=3, progress=False)
    skipped = {(f.device, f.rule_id) for f in rep.findings if f.status == "skipped"}
    network = {r.id for r in base.rules if r.scope == "network"}
    assert {("city1", r) for r in network} <= skipped  # every network verdict on it is incomplete
    assert {r for _d, r in skipped} == network  # and only network verdicts (the proof over the province too)
    assert not rep.failures and rep.incomplete and rep.exit_code() == 1  # and never clean


class LiveDriver(EffectiveDriver):
    """Also answers the gate's live getters: LLDP as the inventory's links, no intranet route, the default towards
    the upstream the inventory names."""

    def get_lldp_neighbors(self) -> dict[str, list[dict[str, str]]]:
        return self.dev.get("lldp", {})

    def get_route_to(self, destination: str = "", protocol: str = "", longer: bool = False) -> dict[str, Any]:
        return {}


def test_gate_live_stage_judges_the_effective_state_as_drift_does(lab, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """One path for drift and the pre-connection gate: a foreign sshd drop-in that turns password logins back on
    fails the unit's live stage with MGMT-006 (the gate used to check only PKI-001 and MON-001 on the running
    config, and classify the diff's lines by pattern)."""
    from netwarden.jobs import gate

    _net, _base, intended, conns = lab
    monkeypatch.setattr("netwarden.ops.connect.get_driver", lambda name: LiveDriver)
    monkeypatch.setattr("netwarden.ops.connect.connections_for", lambda *a, **k: conns)
    FakeDriver.devices["ub-lhtax"]["effective"] = intended["ub-lhtax"].replace(
        "PasswordAuthentication no", "passwordauthentication yes")
    req = gate.PreconnectRequest(inventory="inventories/lab", unit="lh-tax", today=TODAY,
                                 skip=frozenset({"dataplane"}))
    rep = gate.preconnect(req)
    live_stage = next(s for s in rep.stages if s.stage == "live")
    got = {(f.device, f.rule_id) for f in rep.failures}
    assert ("ub-lhtax", "MGMT-006") in got, got
    assert live_stage.status == "failed" and rep.verdict == "fail"
    assert rep.device_status["ub-lhtax"] == "drift"
    FakeDriver.devices["ub-lhtax"]["down"] = True
    rep = gate.preconnect(req)
    assert rep.verdict == "error" and rep.device_status["ub-lhtax"] == "unreachable"


def test_apply_says_what_it_cannot_fix_after_the_push(lab, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A foreign sshd drop-in survives the push (netwarden removes only what it wrote): apply --commit names the
    rule the effective state still breaks and why, and exits 2, not 0 (issue 14)."""
    net, base, intended, conns = lab
    monkeypatch.setattr("netwarden.ops.connect.get_driver", lambda name: EffectiveDriver)
    FakeDriver.devices["ub-fin"]["running"] = "hostname ub-fin\n"
    FakeDriver.devices["ub-fin"]["effective"] = intended["ub-fin"].replace(
        "PasswordAuthentication no", "passwordauthentication yes")
    rep = live.apply_hosts(Loaded(net, base), ["ub-fin", "core1"], commit=True, conns=conns, progress=False)
    assert rep.device_status == {"ub-fin": "changed", "core1": "unchanged"}
    (f,) = rep.failures
    assert (f.device, f.rule_id) == ("ub-fin", "MGMT-006")
    assert f.message.startswith("after the push the effective state still breaks it: something netwarden does not "
                                "own overrides the intended configuration")
    assert rep.exit_code() == 2 and rep.result_word == "findings"
    del FakeDriver.devices["ub-fin"]["effective"]  # the foreign file removed: the same push is clean
    rep = live.apply_hosts(Loaded(net, base), ["ub-fin"], commit=True, conns=conns, progress=False)
    assert not rep.failures and rep.exit_code() == 0

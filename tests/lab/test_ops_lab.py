"""Operations and the pre-connection gate, end to end on the bundled lab (marker `lab`, root):
apply with commit-confirm from the factory config, drift clean, hand-made changes caught with
the right rule and device, a stopped device reported unreachable (exit 1) while the others are
checked, backups in two places with no secret, the audit log, remediation, and the gate passing
a clean unit then failing it for a route into the intranet, a removed CA trust and a cross-link
to an intranet device. Teardown always runs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from netwarden import audit
from netwarden.cli import main
from netwarden.lab import Lab
from netwarden.lab.service import Loaded, down, lab_up, load

from .conftest import lab_pids, lab_skip_reason, leftovers

pytestmark = pytest.mark.lab
INV = str(Path(__file__).resolve().parents[2] / "inventories" / "lab")
SECRETS = ["lab-snmp-auth-2026", "lab-snmp-priv-2026", "lab-enable-2026", "lab-admin-2026"]


@pytest.fixture(scope="module")
def lab(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Loaded, str]]:
    reason = lab_skip_reason()
    if reason:
        pytest.skip(reason)
    workdir = Path(tempfile.mkdtemp(prefix="nwlab-ops-", dir="/tmp"))
    os.chmod(workdir, 0o755)
    ld = load(INV, workdir, f"o{os.getpid() % 10000}")
    request.addfinalizer(lambda: down(ld.spec))  # always, whatever the tests did
    lab_up(INV, workdir, ld.spec.name)
    yield ld, str(workdir)


def nw(args: list[str], workdir: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:  # type: ignore[type-arg]
    capsys.readouterr()
    rc = main([*args, "-i", INV, "--lab-workdir", workdir, "--format", "json"])
    out = capsys.readouterr().out
    return rc, json.loads(out) if out.strip().startswith("{") else {}


def sh(ld: Loaded, node: str, *argv: str) -> str:
    cp = Lab(ld.spec).run_in(node, list(argv), timeout=30)
    assert cp.returncode == 0, (node, argv, cp.stdout, cp.stderr)
    return cp.stdout


def vtysh(ld: Loaded, node: str, *cmds: str) -> None:
    args = ["vtysh", "-N", ld.spec.netns(node)]
    for c in ("configure terminal", *cmds):
        args += ["-c", c]
    sh(ld, node, *args)


def test_a_apply_dry_run_then_commit(lab, capsys) -> None:  # type: ignore[no-untyped-def]
    ld, wd = lab
    rc, rep = nw(["apply"], wd, capsys)
    assert rc == 2 and rep["kind"] == "apply (dry run)"
    assert set(rep["devices"]) == {d.name for d in ld.spec.devices}
    assert all(v["status"] == "would_change" for v in rep["devices"].values())
    assert all(s not in json.dumps(rep) for s in SECRETS)
    t0 = time.monotonic()
    rc, rep = nw(["apply", "--commit", "--confirm-timeout", "60"], wd, capsys)
    assert rc == 0, rep
    assert all(v["status"] == "changed" for v in rep["devices"].values()), rep["devices"]
    print(f"apply --commit on {len(rep['devices'])} devices: {time.monotonic() - t0:.1f}s")
    rc, rep = nw(["apply"], wd, capsys)
    assert rc == 0 and all(v["status"] == "unchanged" for v in rep["devices"].values())


def test_b_drift_clean_after_apply(lab, capsys) -> None:  # type: ignore[no-untyped-def]
    _ld, wd = lab
    rc, rep = nw(["drift"], wd, capsys)
    assert rc == 0, ([f for f in rep["findings"] if f["status"] != "pass"], rep["devices"], rep.get("errors"))
    assert set(v["status"] for v in rep["devices"].values()) == {"clean"}


def test_c_hand_changes_are_drift_with_the_right_rule(lab, capsys) -> None:  # type: ignore[no-untyped-def]
    ld, wd = lab
    vtysh(ld, "ub-fin", "ip route 198.18.16.0/24 198.18.32.9")
    sh(ld, "core1", "nft", "insert", "rule", "inet", "netwarden", "forward", "ip", "saddr", "198.18.16.0/24",
       "accept")
    conf = ld.spec.config_root("city1") / "etc/ssh/sshd_config.d/50-netwarden.conf"
    conf.write_text(conf.read_text().replace("PermitRootLogin no", "PermitRootLogin yes"))
    rc, rep = nw(["drift"], wd, capsys)
    assert rc == 2
    st = {d: v["status"] for d, v in rep["devices"].items()}
    assert st == {"exit1": "clean", "core1": "drift", "city1": "drift", "ub-fin": "drift", "ub-lhtax": "clean",
                  "intra1": "clean"}
    got = {(f["device"], f["rule_id"]) for f in rep["findings"]}
    assert ("ub-fin", "ISO-002") in got
    assert any(d == "core1" and r.startswith("ISO-") for d, r in got)
    assert ("city1", "MGMT-006") in got
    assert all(s not in json.dumps(rep) for s in SECRETS)


def test_d_a_stopped_device_is_unreachable_and_the_rest_are_checked(lab, capsys) -> None:  # type: ignore[no-untyped-def]
    ld, wd = lab
    pid = int(Lab(ld.spec).sshd_pidfile("ub-lhtax").read_text())
    os.kill(pid, signal.SIGTERM)
    time.sleep(0.5)
    rc, rep = nw(["drift"], wd, capsys)
    assert rc == 1
    assert rep["devices"]["ub-lhtax"]["status"] == "unreachable", rep["devices"]["ub-lhtax"]  # sshd stopped: refused
    assert rep["devices"]["exit1"]["status"] == "clean" and rep["devices"]["ub-fin"]["status"] == "drift"
    assert not any(f["device"] == "ub-lhtax" and f["status"] != "skipped" for f in rep["findings"])  # never clean
    assert any(f["device"] == "ub-lhtax" and f["status"] == "skipped" for f in rep["findings"])  # incomplete
    # backups: two git repositories, the unreachable device an error, no secret anywhere
    b1, b2 = Path(wd) / "esc", Path(wd) / "ddbc"
    rc, rep = nw(["backup", "--to", str(b1), "--to", str(b2)], wd, capsys)
    assert rc == 1 and rep["devices"]["ub-lhtax"]["status"] == "unreachable"
    for repo in (b1, b2):
        files = sorted(p.name for p in repo.glob("*.cfg"))
        assert files == ["city1.cfg", "core1.cfg", "exit1.cfg", "intra1.cfg", "ub-fin.cfg"]
        blob = "".join(p.read_text() for p in repo.glob("*.cfg"))
        assert all(s not in blob for s in SECRETS) and "<redacted>" in blob
        assert subprocess.run(["git", "-C", str(repo), "status", "--porcelain"], capture_output=True,
                              text=True).stdout == ""
    assert (b1 / "exit1.cfg").read_bytes() == (b2 / "exit1.cfg").read_bytes()


def test_e_remediate_and_audit(lab, capsys) -> None:  # type: ignore[no-untyped-def]
    ld, wd = lab
    lab_up(INV, wd, ld.spec.name)  # up is idempotent: restarts the stopped sshd
    rc, rep = nw(["apply", "--commit", "--confirm-timeout", "60"], wd, capsys)
    assert rc == 0, rep
    rc, rep = nw(["drift"], wd, capsys)
    assert rc == 0, rep
    log = Path(os.environ["NETWARDEN_AUDIT_LOG"])
    assert audit.verify(log) == []
    text = log.read_text()
    assert '"action": "apply"' in text and '"action": "drift"' in text
    assert all(s not in text for s in SECRETS)


def test_e2_out_of_band_changes_in_files_netwarden_does_not_own(lab, capsys) -> None:  # type: ignore[no-untyped-def]
    """Drift judges the effective state: a foreign sshd drop-in that turns password logins back on (sshd reads it
    first), a foreign rsyslog file, a vtysh change; each caught on its device by the rule it breaks (issue 14)."""
    ld, wd = lab
    dropin = ld.spec.config_root("ub-fin") / "etc/ssh/sshd_config.d/10-vendor.conf"
    dropin.write_text("PasswordAuthentication yes\n")
    rsyslog = ld.spec.config_root("core1") / "etc/rsyslog.d/10-vendor.conf"
    rsyslog.parent.mkdir(parents=True, exist_ok=True)
    rsyslog.write_text("*.* @@198.19.250.9:514\n")
    vtysh(ld, "city1", "ip route 0.0.0.0/0 198.18.99.77")
    try:
        rc, rep = nw(["drift"], wd, capsys)
        assert rc == 2, rep
        st = {d: v["status"] for d, v in rep["devices"].items()}
        assert st["ub-fin"] == "drift" and st["city1"] == "drift" and st["exit1"] == "clean", rep["devices"]
        got = {(f["device"], f["rule_id"]) for f in rep["findings"] if f["status"] == "fail"}
        assert ("ub-fin", "MGMT-006") in got, got  # password logins on again, though our own file says no
        assert "its own files match" in rep["devices"]["ub-fin"]["message"]
        assert ("city1", "EXIT-002") in got, got  # a second default route: the single exit, not isolation
        assert not any(d == "city1" and r.startswith("ISO-") for d, r in got), got
        ev = [e for f in rep["findings"] if f["device"] == "ub-fin" and f["rule_id"] == "MGMT-006"
              for e in f["evidence"]]
        assert any("passwordauthentication yes" in t for e in ev for t in e["text"]), ev
        # apply --commit cannot remove a file it did not write: it says so, and exits 2
        rc, rep = nw(["apply", "--commit", "--confirm-timeout", "60", "-l", "ub-fin,city1"], wd, capsys)
        assert rc == 2, rep
        left = {(f["device"], f["rule_id"]) for f in rep["findings"] if f["status"] == "fail"}
        assert left == {("ub-fin", "MGMT-006")}, left  # city1's hand-made route is gone, the foreign file is not
        assert "netwarden does not own" in next(f["message"] for f in rep["findings"] if f["status"] == "fail")
    finally:
        dropin.unlink()
        rsyslog.unlink()
        vtysh(ld, "city1", "no ip route 0.0.0.0/0 198.18.99.77")
    rc, rep = nw(["drift"], wd, capsys)
    assert rc == 0, [f for f in rep["findings"] if f["status"] != "pass"]


def test_f_preconnect_pass_then_fail(lab, capsys) -> None:  # type: ignore[no-untyped-def]
    ld, wd = lab
    rc, rep = nw(["preconnect", "lh-tax"], wd, capsys)
    assert rc == 0, rep
    assert rep["extra"]["verdict"] == "pass"
    assert [s["status"] for s in rep["extra"]["stages"]] == ["passed"] * 4
    # skipped is never passed
    rc, rep = nw(["preconnect", "lh-tax", "--skip", "live"], wd, capsys)
    assert rc == 2 and rep["extra"]["verdict"] == "incomplete"
    # a route into the intranet, the CA trust removed, a cross-link to the intranet device
    vtysh(ld, "ub-lhtax", "ip route 198.18.16.0/24 198.18.32.13")
    ca = ld.spec.config_root("ub-lhtax") / "etc/ssh/sshd_config.d/50-netwarden.conf"
    ca.write_text(ca.read_text().replace("TrustedUserCAKeys /etc/ssh/netwarden_user_ca.pub\n", ""))
    a, b = ld.spec.netns("ub-lhtax"), ld.spec.netns("intra1")
    subprocess.run(["ip", "link", "add", "xl0", "netns", a, "type", "veth", "peer", "name", "xl1", "netns", b],
                   check=True)
    subprocess.run(["ip", "-n", a, "link", "set", "xl0", "up"], check=True)
    subprocess.run(["ip", "-n", b, "link", "set", "xl1", "up"], check=True)
    deadline = time.monotonic() + 30
    while True:
        rc, rep = nw(["preconnect", "lh-tax", "--skip", "dataplane"], wd, capsys)
        got = {f["rule_id"] for f in rep["findings"] if f["status"] == "fail"}
        if "ISO-006" in got or time.monotonic() > deadline:
            break
        time.sleep(2)
    assert rc == 2 and rep["extra"]["verdict"] == "fail"
    assert {"ISO-006", "ISO-007", "PKI-001"} <= got, got  # LLDP sees intra1; its routes arrive; CA removed
    iso = next(f for f in rep["findings"] if f["rule_id"] == "ISO-006")
    assert iso["device"] == "ub-lhtax" and "intra1" in iso["message"] and iso["article"] == 5


def test_g_down_leaves_nothing(lab) -> None:  # type: ignore[no-untyped-def]
    ld, _ = lab
    pids = lab_pids(ld.spec)
    down(ld.spec)
    assert leftovers(ld.spec, pids) == []

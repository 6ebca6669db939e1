"""The anchored audit log: the tamper matrix (edit, delete middle, delete tail, truncate, reorder, re-chain
after edit, forged append, undecodable byte) is detected; a damaged log never stops a command; records say
who, what (dry run or push), which devices and the sha256 pushed; the head goes to the anchor file, each
backup commit and syslog (RFC 5424 over UDP, to a listener of this test only)."""

from __future__ import annotations

import hashlib
import json
import socket
from pathlib import Path

import pytest

from netwarden import audit
from netwarden.cli import main
from tests.unit.test_ops import FakeDriver, lab  # noqa: F401  (the fixture)


@pytest.fixture()
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    p = tmp_path / "state" / "audit.jsonl"
    monkeypatch.setenv("NETWARDEN_AUDIT_LOG", str(p))
    monkeypatch.setenv("NETWARDEN_AUDIT_SYSLOG", "off")
    for i in range(5):
        audit.append(f"action-{i}", devices=[f"r{i}"], result="ok", configs={f"r{i}": f"hostname r{i}\n"})
    assert audit.verify(p) == []
    return p


def _lines(p: Path) -> list[str]:
    return p.read_text().splitlines()


def _write(p: Path, lines: list[str]) -> None:
    p.write_text("\n".join(lines) + "\n")


def _rehash(rec: dict[str, object]) -> dict[str, object]:
    rec["hash"] = audit._digest(rec)
    return rec


def test_files_beside_the_log(log: Path) -> None:
    anchor = json.loads(audit.anchor_path(log).read_text())
    last = json.loads(_lines(log)[-1])
    assert (anchor["seq"], anchor["hash"]) == (4, last["hash"])
    assert audit.key_path(log).stat().st_mode & 0o077 == 0 and audit.anchor_path(log).stat().st_mode & 0o077 == 0
    assert audit.key_path(log).read_text().strip() not in log.read_text()


def test_edit(log: Path) -> None:
    ls = _lines(log)
    ls[1] = ls[1].replace('"result": "ok"', '"result": "changed"')
    _write(log, ls)
    assert any(":2: content does not match its hash" in x for x in audit.verify(log))


def test_delete_middle(log: Path) -> None:
    ls = _lines(log)
    del ls[2]
    _write(log, ls)
    assert any(":3: sequence 3 where 2 was expected" in x for x in audit.verify(log))


def test_delete_tail(log: Path) -> None:
    _write(log, _lines(log)[:-2])  # a clean cut at a line end: the chain alone would look intact
    probs = audit.verify(log)
    assert probs == [f"{audit.anchor_path(log)}: the anchored head (seq 4) is not in the log: records were removed, "
                     "the log was truncated, edited or replaced"]


@pytest.mark.parametrize("keep", [0, 100, -40])
def test_truncate(log: Path, keep: int) -> None:
    data = log.read_bytes()
    log.write_bytes(data[:keep])
    probs = audit.verify(log)
    assert any("the anchored head (seq 4) is not in the log" in x for x in probs), probs
    if keep:
        assert any("partial last line" in x for x in probs)


def test_reorder(log: Path) -> None:
    ls = _lines(log)
    ls[1], ls[2] = ls[2], ls[1]
    _write(log, ls)
    probs = audit.verify(log)
    assert any("sequence 2 where 1 was expected" in x for x in probs)


def test_rechain_after_edit(log: Path) -> None:
    """Edit a record and recompute every hash and link after it: the chain is consistent again, the MACs
    (keyed, the key is not in the log) and the anchor are not."""
    recs = [json.loads(x) for x in _lines(log)]
    recs[1]["result"] = "error"
    for i in range(1, len(recs)):
        recs[i]["prev"] = recs[i - 1]["hash"]
        _rehash(recs[i])
    _write(log, [json.dumps(r, sort_keys=True) for r in recs])
    probs = audit.verify(log)
    assert not any("does not chain" in x or "does not match its hash" in x for x in probs)  # a clean re-chain
    assert any(":2: MAC does not match" in x for x in probs)
    assert any("the anchored head (seq 4) is not in the log" in x for x in probs)


@pytest.mark.parametrize("mac", ["none", "guessed"])
def test_forged_append(log: Path, mac: str) -> None:
    last = json.loads(_lines(log)[-1])
    rec = {"time": last["time"], "user": "mallory", "uid": 0, "host": "x", "action": "apply", "devices": ["r1"],
           "result": "ok", "seq": 5, "prev": last["hash"]}
    _rehash(rec)
    if mac == "guessed":
        rec["mac"] = hashlib.sha256(b"no key").hexdigest()
    log.write_text(log.read_text() + json.dumps(rec, sort_keys=True) + "\n")
    probs = audit.verify(log)
    assert any("1 record(s) after the anchored head (seq 4)" in x for x in probs), probs
    assert any(":6: no MAC" in x for x in probs) if mac == "none" else any(":6: MAC does not match" in x for x in probs)


def test_forged_anchor_is_detected(log: Path) -> None:
    ls = _lines(log)
    _write(log, ls[:-1])
    a = json.loads(audit.anchor_path(log).read_text())
    a["seq"], a["hash"] = 3, json.loads(ls[-2])["hash"]  # moved back to the new tail, without the key
    audit.anchor_path(log).write_text(json.dumps(a))
    assert any("the anchor's MAC does not match" in x for x in audit.verify(log))


def test_removed_anchor_is_detected(log: Path) -> None:
    audit.anchor_path(log).unlink()
    assert any("missing: this log has a key, so it had an anchor" in x for x in audit.verify(log))


def test_undecodable_byte(log: Path) -> None:
    data = bytearray(log.read_bytes())
    at = data.index(b"action-2") + 2
    data[at] = 0xFF
    log.write_bytes(bytes(data))
    probs = audit.verify(log)
    assert any(":3: undecodable bytes (not UTF-8)" in x for x in probs), probs


def test_damaged_log_never_stops_a_command(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log.write_bytes(log.read_bytes() + b'{"seq": 5, "partial \xff')  # undecodable, and no newline
    assert main(["validate", "-i", "inventories/lab"]) == 0
    err = capsys.readouterr().err
    assert "warning: the audit log is damaged (line 6: partial last line (no newline); line 6: undecodable " \
           "bytes): this record notes it and the chain goes on" in err
    last = json.loads(log.read_bytes().splitlines()[-1])
    assert last["action"] == "validate" and last["seq"] == 6 and "damage" in last
    assert main(["validate", "-i", "inventories/lab"]) == 0
    assert "damaged" not in capsys.readouterr().err  # the tail is whole again
    probs = audit.verify(log)
    assert len(probs) == 1 and ":6: undecodable bytes" in probs[0]  # the damage stays visible
    assert main(["audit", "verify"]) == 2


def test_syslog_anchor_to_a_local_listener(log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as srv:
        srv.bind(("127.0.0.1", 0))
        srv.settimeout(5)
        monkeypatch.setenv("NETWARDEN_AUDIT_SYSLOG", f"127.0.0.1:{srv.getsockname()[1]}")
        rec = audit.append("render", devices=["r1"], result="ok")
        msg = srv.recv(8192).decode()
    assert msg.startswith("<109>1 ")
    pri_version, ts, _host, app, procid, msgid, rest = msg.split(" ", 6)
    assert (pri_version, app, msgid) == ("<109>1", "netwarden", "audit") and ts.endswith("Z") and procid.isdigit()
    assert rest.startswith(f'[netwarden-audit@32473 seq="5" hash="{rec["hash"]}" action="render" result="ok" ')
    assert rest.endswith(f"] audit head seq=5 hash={rec['hash']}")


def test_syslog_outside_the_fence_is_not_sent(log: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NETWARDEN_AUDIT_SYSLOG", "192.0.2.1:514")
    audit.append("render")
    assert "warning: audit anchor not sent to syslog 192.0.2.1:514/udp: 192.0.2.1 (192.0.2.1) is outside " \
           "NETWARDEN_ALLOWED_NETWORKS" in capsys.readouterr().err


def test_apply_records_who_mode_and_pushed_hashes(lab, log: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _net, _base, intended, conns = lab
    monkeypatch.setattr("netwarden.jobs.live.connections_for", lambda *a, **k: conns)
    FakeDriver.devices["core1"]["running"] = intended["core1"].replace("log commands\n", "")
    args = ["apply", "-i", "inventories/lab", "--today", "2026-11-24", "-l", "core1,ub-fin"]
    assert main(args) == 2
    rec = json.loads(_lines(log)[-1])
    assert rec["action"] == "apply" and rec["details"]["mode"] == "dry-run" and rec["user"] and "uid" in rec
    assert rec["devices"] == ["core1", "ub-fin"]
    assert rec["sha256"] == {"core1": hashlib.sha256(intended["core1"].encode()).hexdigest()}
    assert main([*args, "--commit"]) == 0
    rec = json.loads(_lines(log)[-1])
    assert rec["details"]["mode"] == "push" and set(rec["sha256"]) == {"core1"}
    assert audit.verify(log) == []


def test_backup_commits_the_anchor(lab, log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from netwarden.jobs import live
    from netwarden.jobs.base import Loaded

    net, base, _intended, conns = lab
    a, b = tmp_path / "esc", tmp_path / "ddbc"
    live.backup_hosts(Loaded(net, base), ["core1"], [a, b], conns, progress=False)
    head = json.loads(audit.anchor_path(log).read_text())
    for repo in (a, b):
        assert json.loads((repo / "audit-anchor.json").read_text()) == head
    audit.append("later")
    assert main(["audit", "verify", "--anchor", str(a / "audit-anchor.json")]) == 0
    # someone with this machine's rights rewrites the whole log, key and anchor: only the copy at the
    # backup sites tells
    for p in (log, audit.anchor_path(log), audit.key_path(log)):
        p.unlink()
    for i in range(7):
        audit.append(f"innocent-{i}")
    assert audit.verify(log) == []
    capsys.readouterr()
    assert main(["audit", "verify", "--anchor", str(a / "audit-anchor.json")]) == 2
    assert f"{a / 'audit-anchor.json'}: the head anchored there (seq 4) is not in the log" in capsys.readouterr().out


def test_removed_key_and_anchor_are_detected(log: Path) -> None:
    """Deleting the key and the anchor beside the log (no key needed) does not make a shortened log intact:
    the records carry MACs, and the next record notes the missing key."""
    lines = log.read_bytes().splitlines(keepends=True)
    log.write_bytes(b"".join(lines[:2]))  # the tail deleted
    audit.key_path(log).unlink()
    audit.anchor_path(log).unlink()
    assert any("the log's records carry MACs" in p for p in audit.verify(log))
    audit.append("validate", path=log)  # the next command re-keys, and says so
    assert any("was missing (removed?): a new key starts here" in p for p in audit.verify(log))


def test_a_damaged_key_never_stops_a_command(log: Path) -> None:
    audit.key_path(log).write_text("{}\n")
    rec = audit.append("validate", path=log)
    assert "mac" not in rec and "is unreadable: this record has no MAC" in rec["damage"]
    assert any("is unreadable: this record has no MAC" in p for p in audit.verify(log))


def _inventory_with_repos(tmp_path: Path, esc: Path, ddbc: Path) -> Path:
    import shutil

    inv = tmp_path / "inv"
    shutil.copytree("inventories/lab", inv)
    with (inv / "group_vars/all/province.yml").open("a") as f:
        f.write(f"netwarden_backup_repos:\n  emergency_support_centre: {esc}\n  data_disaster_backup_centre: {ddbc}\n")
    return inv


def test_verify_reads_the_anchors_in_the_inventorys_backup_repositories(  # type: ignore[no-untyped-def]
        lab, log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    """`audit verify -i INV` finds the anchors committed in the backup repositories the inventory declares,
    without --anchor, says which it checked and which it could not read, and is never intact without one."""
    from netwarden.jobs import live
    from netwarden.jobs.base import Loaded

    net, base, _intended, conns = lab
    a, b = tmp_path / "esc", tmp_path / "ddbc"
    inv = _inventory_with_repos(tmp_path, a, b)
    capsys.readouterr()
    assert main(["audit", "verify", "-i", str(inv)]) == 2  # no backup yet: nothing to compare with
    out = capsys.readouterr().out
    assert f"anchor not read: emergency_support_centre: {a}: no such backup repository" in out
    assert "INCOMPLETE: the local chain is consistent, but no anchor kept off this machine could be read" in out
    live.backup_hosts(Loaded(net, base), ["core1"], [a, b], conns, progress=False)
    audit.append("later")
    assert main(["audit", "verify", "-i", str(inv)]) == 0
    out = capsys.readouterr().out
    assert f"anchor checked: emergency_support_centre: {a} (audit-anchor.json as committed)" in out
    assert f"anchor checked: data_disaster_backup_centre: {b} (audit-anchor.json as committed)" in out
    assert "chain intact (anchored in 2 place(s) off the log)" in out
    # the work tree's file edited: the committed anchor is what counts
    (a / "audit-anchor.json").write_text("{}")
    assert main(["audit", "verify", "-i", str(inv)]) == 0
    capsys.readouterr()
    # log, key and anchor rewritten consistently by someone with this machine's rights
    for p in (log, audit.anchor_path(log), audit.key_path(log)):
        p.unlink()
    for i in range(7):
        audit.append(f"innocent-{i}")
    assert main(["audit", "verify", "-i", str(inv)]) == 2
    out = capsys.readouterr().out
    assert f"emergency_support_centre: {a} (audit-anchor.json as committed): the head anchored there (seq 4) is " \
           "not in the log" in out
    assert f"data_disaster_backup_centre: {b} (audit-anchor.json as committed): the head anchored there" in out


def test_verify_with_one_repository_unreadable_is_incomplete(  # type: ignore[no-untyped-def]
        lab, log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    import shutil

    from netwarden.jobs import live
    from netwarden.jobs.base import Loaded

    net, base, _intended, conns = lab
    a, b = tmp_path / "esc", tmp_path / "ddbc"
    inv = _inventory_with_repos(tmp_path, a, b)
    live.backup_hosts(Loaded(net, base), ["core1"], [a, b], conns, progress=False)
    shutil.rmtree(b)
    capsys.readouterr()
    assert main(["audit", "verify", "-i", str(inv)]) == 2
    out = capsys.readouterr().out
    assert f"anchor checked: emergency_support_centre: {a}" in out
    assert f"anchor not read: data_disaster_backup_centre: {b}: no such backup repository" in out
    assert "INCOMPLETE: chain intact against 1 anchor(s), 1 could not be read" in out


@pytest.mark.parametrize("transport", ["udp", "tcp"])
def test_syslog_anchor_goes_to_the_inventorys_monitoring_servers(
        log: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        transport: str) -> None:
    """The head goes to the syslog servers of the monitoring site netwarden_audit_syslog names (Art. 14), over
    the transport and port it declares, fenced: here 127.0.0.1 (a listener of this test that stops by
    itself) and 192.0.2.1 (outside the fence: not sent, said)."""
    import shutil
    import threading

    monkeypatch.delenv("NETWARDEN_AUDIT_SYSLOG")
    monkeypatch.setattr(audit, "_TARGETS", [])
    kind = socket.SOCK_STREAM if transport == "tcp" else socket.SOCK_DGRAM
    got: list[bytes] = []
    with socket.socket(socket.AF_INET, kind) as srv:
        srv.bind(("127.0.0.1", 0))
        srv.settimeout(10)
        port = srv.getsockname()[1]
        if transport == "tcp":
            srv.listen(1)

        def serve() -> None:
            try:
                if transport == "tcp":
                    conn, _ = srv.accept()
                    with conn:
                        conn.settimeout(10)
                        data = b""
                        while chunk := conn.recv(8192):
                            data += chunk
                        got.append(data)
                else:
                    got.append(srv.recv(8192))
            except OSError:
                pass

        t = threading.Thread(target=serve, daemon=True)
        t.start()
        inv = tmp_path / "inv"
        shutil.copytree("inventories/lab", inv)
        p = inv / "group_vars/all/province.yml"
        p.write_text(p.read_text().replace("syslog: [198.18.62.10, 198.18.62.11]", "syslog: [127.0.0.1, 192.0.2.1]")
                     + f"netwarden_audit_syslog:\n  monitoring: provincial\n  transport: {transport}\n  port: {port}\n")
        assert main(["validate", "-i", str(inv)]) == 0
        t.join(15)
    rec = json.loads(_lines(log)[-1])
    assert len(got) == 1
    msg = got[0].decode()
    if transport == "tcp":  # RFC 6587 octet counting
        n, _, msg = msg.partition(" ")
        assert int(n) == len(msg.encode())
    assert msg.startswith("<109>1 ") and msg.endswith(f"] audit head seq={rec['seq']} hash={rec['hash']}")
    assert f"warning: audit anchor not sent to syslog 192.0.2.1:{port}/{transport}: 192.0.2.1 (192.0.2.1) is " \
           "outside NETWARDEN_ALLOWED_NETWORKS" in capsys.readouterr().err


def test_audit_syslog_site_must_exist(tmp_path: Path) -> None:
    import shutil

    from netwarden.errors import InputError
    from netwarden.model import load_network

    inv = tmp_path / "inv"
    shutil.copytree("inventories/lab", inv)
    with (inv / "group_vars/all/province.yml").open("a") as f:
        f.write("netwarden_audit_syslog:\n  monitoring: nowhere\n")
    with pytest.raises(InputError) as e:
        load_network(inv)
    text = e.value.render()
    assert "netwarden_audit_syslog.monitoring: unknown monitoring site 'nowhere' (expected one of intranet, " \
           "linhai, provincial)" in text


@pytest.mark.parametrize("change", ["delete middle", "reorder", "delete tail"])
def test_rechain_after_delete_or_reorder(log: Path, change: str) -> None:
    """Delete or move records, then renumber and re-chain every record after the change (seq, prev, hash):
    the chain is consistent again; the MACs (over the old hashes) and the anchor are not."""
    recs = [json.loads(x) for x in _lines(log)]
    if change == "delete middle":
        del recs[2]
    elif change == "reorder":
        recs[1], recs[2] = recs[2], recs[1]
    else:
        del recs[-2:]
    for i in range(1, len(recs)):
        recs[i]["seq"], recs[i]["prev"] = i, recs[i - 1]["hash"]
        _rehash(recs[i])
    _write(log, [json.dumps(r, sort_keys=True) for r in recs])
    probs = audit.verify(log)
    assert not any("does not chain" in x or "does not match its hash" in x or "sequence" in x for x in probs)
    if change != "delete tail":
        assert any("MAC does not match" in x for x in probs), probs
    assert any("is not in the log" in x for x in probs), probs

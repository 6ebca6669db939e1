"""The tool's own audit trail (Art. 14): an append-only JSON-lines log, each record chained
to the one before by SHA-256, so an edited, removed or reordered line is detected.

Records carry who, when, what, which devices, the result and the sha256 of every config
pushed or read; never a config or a secret.

The chain alone cannot tell a truncated log, or one re-chained or extended by someone who can
write it, from a genuine one. So (threat model in docs/audit.md):

* every record carries an HMAC-SHA256 of its hash under a key kept beside the log
  (``<log>.key``, 0600, or $NETWARDEN_AUDIT_KEY), separate from the log file;
* the head (sequence number and hash, HMAC'd) is anchored outside the log: in an anchor file
  (``<log>.anchor.json`` or $NETWARDEN_AUDIT_ANCHOR) rewritten on every append, committed as
  ``audit-anchor.json`` with every backup commit (two sites far apart, Art. 10), and sent as an
  RFC 5424 syslog record to the monitoring servers the inventory names (netwarden_audit_syslog: a
  monitoring site's syslog servers, UDP or TCP), $NETWARDEN_AUDIT_SYSLOG (host[:port],...) overriding them;
* ``netwarden audit verify [--anchor FILE]`` checks chain, MACs and anchors.

A damaged log (undecodable bytes, a partial last line) never stops a command: the next record
is appended on a line of its own and notes the damage; verify keeps reporting the damaged line."""

from __future__ import annotations

import datetime as dt
import fcntl
import getpass
import hashlib
import hmac
import json
import os
import socket
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from netwarden.services.atomic import write_private

GENESIS = "0" * 64
SYSLOG_PORT = 514
SD_ID = "netwarden-audit@32473"  # 32473: the private enterprise number RFC 5612 reserves for examples


def default_path() -> Path:
    env = os.environ.get("NETWARDEN_AUDIT_LOG")
    if env:
        return Path(env)
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(state) / "netwarden" / "audit.jsonl"


def anchor_path(log: Path) -> Path:
    env = os.environ.get("NETWARDEN_AUDIT_ANCHOR")
    return Path(env) if env else log.with_name(log.name + ".anchor.json")


def key_path(log: Path) -> Path:
    env = os.environ.get("NETWARDEN_AUDIT_KEY")
    return Path(env) if env else log.with_name(log.name + ".key")


def _digest(record: dict[str, Any]) -> str:
    body = {k: v for k, v in record.items() if k not in ("hash", "mac")}
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _mac(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def _read_key(log: Path, create: bool) -> bytes | None:
    p = key_path(log)
    try:
        return bytes.fromhex(p.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        if not create:
            return None
    except (OSError, ValueError):
        return None
    p.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:  # another process made it first
        return _read_key(log, False)
    key = os.urandom(32)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(key.hex() + "\n")
    return key


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


def _who() -> dict[str, Any]:
    who: dict[str, Any] = {"user": _user(), "uid": os.getuid()}
    if os.environ.get("SUDO_USER"):
        who["sudo_user"] = os.environ["SUDO_USER"]
    return who


def _tail_state(data: bytes) -> tuple[str, int, str]:
    """(prev hash, next seq, damage) from the log's bytes: the last line that is a record gives the chain;
    damaged lines after it (undecodable, not JSON, partial) are chained over and noted."""
    lines = data.split(b"\n")
    partial = lines[-1] != b""
    lines = [ln for ln in lines if ln.strip()]
    if not lines:
        return GENESIS, 0, ""
    damage = []
    for back, raw in enumerate(reversed(lines)):
        try:
            rec = json.loads(raw.decode("utf-8"))
            if not isinstance(rec, dict) or not isinstance(rec.get("seq"), int) or not isinstance(rec.get("hash"), str):
                raise ValueError("not a record")
        except ValueError as e:
            kind = "undecodable bytes" if isinstance(e, UnicodeDecodeError) else "not a record"
            damage.append(f"line {len(lines) - back}: {kind}")
            continue
        if back == 0 and not partial:
            return rec["hash"], rec["seq"] + 1, ""
        prev = rec["hash"] if back == 0 else hashlib.sha256(lines[-1]).hexdigest()
        if partial:
            damage.append(f"line {len(lines)}: partial last line (no newline)")
        return prev, rec["seq"] + 1 + back, "; ".join(sorted(set(damage)))
    if partial:
        damage.append(f"line {len(lines)}: partial last line (no newline)")
    return hashlib.sha256(lines[-1]).hexdigest(), len(lines), "; ".join(sorted(set(damage)))


def append(action: str, *, devices: Iterable[str] = (), result: str = "", details: dict[str, Any] | None = None,
           configs: dict[str, str] | None = None, path: Path | None = None,
           secrets: Iterable[str] = (), sha256: dict[str, str] | None = None) -> dict[str, Any]:
    """Append one record and move the anchors; `configs` maps device -> config text (only its sha256 is
    kept), `sha256` gives such hashes directly. A record noting damage carries ``damage``."""
    p = path or default_path()
    p.parent.mkdir(parents=True, exist_ok=True)
    record: dict[str, Any] = {
        "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
        **_who(),
        "host": socket.gethostname(),
        "action": action,
        "devices": sorted(devices),
        "result": result,
    }
    if details:
        record["details"] = details
    hashes = dict(sha256 or {})
    hashes.update({d: hashlib.sha256(t.encode()).hexdigest() for d, t in (configs or {}).items()})
    if hashes:
        record["sha256"] = dict(sorted(hashes.items()))
    text = json.dumps(record, sort_keys=True)
    for s in secrets:
        if s and len(s) >= 4 and s in text:
            raise ValueError("refusing to write a secret into the audit log")
    had_key = key_path(p).exists()
    key = _read_key(p, create=True)
    fd = os.open(p, os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "r+b") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            f.seek(0)
            data = f.read()
            prev, seq, damage = _tail_state(data)
            notes = [damage] if damage else []
            if key is None:  # a damaged key never stops the command: the record says so, without a MAC
                notes.append(f"the key file {key_path(p)} is unreadable: this record has no MAC")
            elif not had_key and data.strip():
                notes.append(f"the key file {key_path(p)} was missing (removed?): a new key starts here")
            if notes:
                record["damage"] = "; ".join(notes)
            record["seq"] = seq
            record["prev"] = prev
            record["hash"] = _digest(record)
            if key is not None:
                record["mac"] = _mac(key, record["hash"])
            lead = b"\n" if data and not data.endswith(b"\n") else b""
            f.write(lead + json.dumps(record, sort_keys=True).encode("utf-8") + b"\n")
            f.flush()
            os.fsync(f.fileno())
            if key is not None:
                anchor = _anchor_of(p, key, seq, record["hash"], _mac_since(p, key, seq))
                write_private(anchor_path(p), json.dumps(anchor, indent=2, sort_keys=True) + "\n", fsync=True)
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)
    _send_syslog(record)
    return record


def _anchor_of(log: Path, key: bytes, seq: int, digest: str, mac_since: int) -> dict[str, Any]:
    a = {"log": str(log.resolve()), "seq": seq, "hash": digest, "mac_since": mac_since,
         "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    a["mac"] = _mac(key, f"{seq}:{digest}:{mac_since}")
    return a


def _mac_since(log: Path, key: bytes, seq: int) -> int:
    """The first sequence number whose record carries a MAC (kept in the anchor)."""
    old = read_anchor(log)
    if old is not None and isinstance(old.get("mac_since"), int) and hmac.compare_digest(
            str(old.get("mac", "")), _mac(key, f"{old.get('seq')}:{old.get('hash')}:{old['mac_since']}")):
        return int(old["mac_since"])
    return seq


def read_anchor(log: Path | None = None, path: Path | None = None) -> dict[str, Any] | None:
    p = path or anchor_path(log or default_path())
    try:
        a = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return a if isinstance(a, dict) else None


def current_anchor(log: Path | None = None) -> dict[str, Any] | None:
    """The anchor as it stands (what backups commit as audit-anchor.json), or None without a log."""
    return read_anchor(log)


_TARGETS: list[tuple[str, int, str]] = []  # (address, port, udp|tcp): the inventory's, set by the job that loaded it


def set_syslog_targets(targets: Iterable[tuple[str, int, str]]) -> None:
    """The monitoring servers the audit head goes to (the inventory's, set when a job loads it)."""
    _TARGETS[:] = list(targets)


def _destinations() -> list[tuple[str, int, str]]:
    """$NETWARDEN_AUDIT_SYSLOG (host[:port],... over UDP; empty or `off`: none) overrides the inventory's."""
    env = os.environ.get("NETWARDEN_AUDIT_SYSLOG")
    if env is None:
        return list(_TARGETS)
    out = []
    for item in env.split(","):
        item = item.strip()
        if not item or item == "off":
            continue
        if item.startswith("["):  # [2001:db8::1]:514
            host, _, rest = item[1:].partition("]")
            port = rest.lstrip(":")
        elif item.count(":") == 1:
            host, port = item.split(":")
        else:
            host, port = item, ""
        out.append((host, int(port) if port.isdigit() else SYSLOG_PORT, "udp"))
    return out


def _sd(v: Any) -> str:
    return str(v).replace("\\", "\\\\").replace('"', '\\"').replace("]", "\\]")


def syslog_message(record: dict[str, Any]) -> bytes:
    """An RFC 5424 message (facility log audit, severity notice) carrying the head of the chain."""
    host = socket.gethostname() or "-"
    params = " ".join(f'{k}="{_sd(record.get(k, ""))}"' for k in ("seq", "hash", "action", "result", "user"))
    msg = (f"<109>1 {record['time'].replace('+00:00', 'Z')} {host[:255]} netwarden {os.getpid()} audit "
           f"[{SD_ID} {params}] audit head seq={record['seq']} hash={record['hash']}")
    return msg.encode("utf-8")


def _send_syslog(record: dict[str, Any]) -> None:
    dests = _destinations()
    if not dests:
        return
    from netwarden.ops.connect import DeviceFault, fenced_address

    msg = syslog_message(record)
    for host, port, transport in dests:
        try:
            addr = fenced_address(host, port)
            fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
            if transport == "tcp":  # RFC 6587 octet counting
                with socket.create_connection((addr, port), timeout=3) as s:
                    s.sendall(f"{len(msg)} ".encode() + msg)
            else:
                with socket.socket(fam, socket.SOCK_DGRAM) as s:
                    s.sendto(msg, (addr, port))
        except (OSError, DeviceFault) as e:
            print(f"warning: audit anchor not sent to syslog {host}:{port}/{transport}: {e}", file=sys.stderr)


def records(path: Path | None = None) -> list[dict[str, Any]]:
    """The log's records as written, in order (damaged lines skipped: ``verify`` reports them)."""
    p = path or default_path()
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        return []
    out = []
    for raw in data.split(b"\n"):
        try:
            rec = json.loads(raw.decode("utf-8")) if raw.strip() else None
        except ValueError:
            continue
        if isinstance(rec, dict) and isinstance(rec.get("seq"), int):
            out.append(rec)
    return out


def verify(path: Path | None = None, anchors: Iterable[Path] = (),
           copies: Iterable[tuple[str, dict[str, Any] | None]] = ()) -> list[str]:
    """Problems in the chain ([] when intact): edited, removed, inserted, reordered, re-chained or forged
    lines, a truncated or damaged log, a head that is not the anchored one; ``anchors`` are copies of the
    anchor kept elsewhere (e.g. a backup repository's audit-anchor.json), ``copies`` such anchors already read
    (where, anchor)."""
    p = path or default_path()
    key = _read_key(p, create=False)
    anchor = read_anchor(p)
    problems: list[str] = []
    if not p.exists():
        if anchor is not None:
            return [f"{p}: no audit log, but its anchor says {anchor.get('seq', '?')} + 1 record(s): the log was "
                    "removed"]
        return [f"{p}: no audit log"]
    data = p.read_bytes()
    raw_lines = data.split(b"\n")
    if raw_lines[-1]:
        problems.append(f"{p}:{len(raw_lines)}: partial last line (no newline): the log was truncated or a write "
                        "was cut")
    else:
        raw_lines = raw_lines[:-1]
    mac_since = anchor.get("mac_since") if anchor is not None and isinstance(anchor.get("mac_since"), int) else None
    if anchor is not None:
        if key is None:
            problems.append(f"{anchor_path(p)}: an anchor but no key ({key_path(p)}): MACs cannot be checked")
        elif not hmac.compare_digest(str(anchor.get("mac", "")), _mac(
                key, f"{anchor.get('seq')}:{anchor.get('hash')}:{anchor.get('mac_since')}")):
            problems.append(f"{anchor_path(p)}: the anchor's MAC does not match: it was not written by netwarden")
            mac_since = None
    elif key is not None and data.strip():
        problems.append(f"{anchor_path(p)}: missing: this log has a key, so it had an anchor (removed?)")
    prev = GENESIS
    expect_seq = 0
    macs = False  # a record carries a MAC
    seen: dict[int, str] = {}
    last_seq: int | None = None
    for n, raw in enumerate(raw_lines, start=1):
        if not raw.strip():
            problems.append(f"{p}:{n}: empty line")
            continue
        try:
            rec = json.loads(raw.decode("utf-8"))
            if not isinstance(rec, dict):
                raise ValueError
        except UnicodeDecodeError:
            rec = None
            problems.append(f"{p}:{n}: undecodable bytes (not UTF-8): the line was damaged or tampered with")
        except ValueError:
            rec = None
            problems.append(f"{p}:{n}: not JSON")
        if rec is None:
            prev = hashlib.sha256(raw).hexdigest()
            expect_seq += 1
            continue
        seq = rec.get("seq")
        if seq != expect_seq:
            problems.append(f"{p}:{n}: sequence {seq} where {expect_seq} was expected "
                            "(a line was removed, inserted or moved)")
        if rec.get("prev") != prev:
            problems.append(f"{p}:{n}: does not chain to the line before (removed or reordered lines)")
        if rec.get("hash") != _digest(rec):
            problems.append(f"{p}:{n}: content does not match its hash (the line was edited)")
        if key is not None and "mac" in rec:
            if not hmac.compare_digest(str(rec["mac"]), _mac(key, str(rec.get("hash")))):
                problems.append(f"{p}:{n}: MAC does not match: written without the key (forged, or re-chained "
                                "after an edit)")
        elif key is not None and mac_since is not None and isinstance(seq, int) and seq >= mac_since:
            problems.append(f"{p}:{n}: no MAC: records from {mac_since} on carry one (forged or stripped)")
        macs = macs or "mac" in rec
        if isinstance(rec.get("damage"), str) and "key file" in rec["damage"]:
            problems.append(f"{p}:{n}: the record notes: {rec['damage']}")
        prev = rec.get("hash", "")
        if isinstance(seq, int):
            seen[seq] = str(prev)
            last_seq = seq
        expect_seq = (seq if isinstance(seq, int) else expect_seq) + 1
    if key is None and macs:
        problems.append(f"{key_path(p)}: missing or unreadable, but the log's records carry MACs: the key was "
                        "removed or damaged (MACs cannot be checked)")
    if anchor is not None:
        a_seq, a_hash = anchor.get("seq"), anchor.get("hash")
        if seen.get(a_seq) != a_hash:  # type: ignore[arg-type]
            problems.append(f"{anchor_path(p)}: the anchored head (seq {a_seq}) is not in the log: records were "
                            "removed, the log was truncated, edited or replaced")
        elif last_seq is not None and isinstance(a_seq, int) and last_seq > a_seq:
            problems.append(f"{p}: {last_seq - a_seq} record(s) after the anchored head (seq {a_seq}): appended "
                            "without updating the anchor (forged?)")
    for where, ext in [*((str(ap), read_anchor(path=ap)) for ap in anchors), *copies]:
        ap = where
        if ext is None:
            problems.append(f"{ap}: not an audit anchor")
        elif seen.get(ext.get("seq")) != ext.get("hash"):  # type: ignore[arg-type]
            problems.append(f"{ap}: the head anchored there (seq {ext.get('seq')}) is not in the log: it was "
                            "changed after that anchor was taken")
    return problems

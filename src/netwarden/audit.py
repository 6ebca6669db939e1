"""The tool's own audit trail (Art. 14): an append-only JSON-lines log, each record chained
to the one before by SHA-256, so an edited, removed or reordered line is detected.

Records carry who, when, what, which devices, the result and the sha256 of every config
pushed or read; never a config or a secret."""

from __future__ import annotations

import datetime as dt
import fcntl
import getpass
import hashlib
import json
import os
import socket
from collections.abc import Iterable
from pathlib import Path
from typing import Any

GENESIS = "0" * 64


def default_path() -> Path:
    env = os.environ.get("NETWARDEN_AUDIT_LOG")
    if env:
        return Path(env)
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(state) / "netwarden" / "audit.jsonl"


def _digest(record: dict[str, Any]) -> str:
    body = {k: v for k, v in record.items() if k != "hash"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


def append(action: str, *, devices: Iterable[str] = (), result: str = "", details: dict[str, Any] | None = None,
           configs: dict[str, str] | None = None, path: Path | None = None,
           secrets: Iterable[str] = ()) -> dict[str, Any]:
    """Append one record; `configs` maps device -> config text (only its sha256 is kept)."""
    p = path or default_path()
    p.parent.mkdir(parents=True, exist_ok=True)
    record: dict[str, Any] = {
        "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
        "user": _user(),
        "host": socket.gethostname(),
        "action": action,
        "devices": sorted(devices),
        "result": result,
    }
    if details:
        record["details"] = details
    if configs:
        record["sha256"] = {d: hashlib.sha256(t.encode()).hexdigest() for d, t in sorted(configs.items())}
    text = json.dumps(record, sort_keys=True)
    for s in secrets:
        if s and len(s) >= 4 and s in text:
            raise ValueError("refusing to write a secret into the audit log")
    with open(p, "a+", encoding="utf-8") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            f.seek(0)
            prev = GENESIS
            seq = 0
            for line in f:
                if line.strip():
                    try:
                        last = json.loads(line)
                        prev = last.get("hash", prev)
                        seq = int(last.get("seq", seq)) + 1
                    except (ValueError, TypeError):
                        prev, seq = hashlib.sha256(line.encode()).hexdigest(), seq + 1
            record["seq"] = seq
            record["prev"] = prev
            record["hash"] = _digest(record)
            f.seek(0, os.SEEK_END)
            f.write(json.dumps(record, sort_keys=True) + "\n")
            f.flush()
            os.fsync(f.fileno())
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)
    return record


def verify(path: Path | None = None) -> list[str]:
    """Problems in the chain ([] when intact): edited, removed, inserted or reordered lines."""
    p = path or default_path()
    problems: list[str] = []
    if not p.exists():
        return [f"{p}: no audit log"]
    prev = GENESIS
    expect_seq = 0
    with open(p, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                problems.append(f"{p}:{n}: empty line")
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                problems.append(f"{p}:{n}: not JSON")
                prev = hashlib.sha256(line.encode()).hexdigest()
                expect_seq += 1
                continue
            if rec.get("seq") != expect_seq:
                problems.append(f"{p}:{n}: sequence {rec.get('seq')} where {expect_seq} was expected "
                                "(a line was removed, inserted or moved)")
            if rec.get("prev") != prev:
                problems.append(f"{p}:{n}: does not chain to the line before (removed or reordered lines)")
            if rec.get("hash") != _digest(rec):
                problems.append(f"{p}:{n}: content does not match its hash (the line was edited)")
            prev = rec.get("hash", "")
            expect_seq = (rec.get("seq") if isinstance(rec.get("seq"), int) else expect_seq) + 1
    return problems

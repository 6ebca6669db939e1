"""Host helpers of the lab: commands, ``ip -j``, processes and their namespaces, files, SSH banners."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from netwarden.lab.status import LabError

FRR_LIBDIR = Path("/usr/lib/frr")


def _run(
    argv: Sequence[str], *, check: bool = True, timeout: float = 30, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    try:
        cp = subprocess.run(
            list(argv), capture_output=True, text=True, timeout=timeout, input=input, check=False
        )
    except FileNotFoundError as exc:
        raise LabError(f"command not found: {argv[0]}") from exc
    except subprocess.TimeoutExpired as exc:
        raise LabError(f"timed out after {timeout}s: {' '.join(argv)}") from exc
    if check and cp.returncode != 0:
        raise LabError(f"{' '.join(argv)} failed ({cp.returncode}): {(cp.stderr or cp.stdout).strip()}")
    return cp


def _ip_json(*args: str, ns: str | None = None) -> list[dict[str, Any]]:
    argv = ["ip", "-j"] + (["-n", ns] if ns else []) + list(args)
    cp = _run(argv, check=False)
    if cp.returncode != 0 or not cp.stdout.strip():
        return []
    return json.loads(cp.stdout)


def _netns_list() -> set[str]:
    return {e["name"] for e in _ip_json("netns", "list")}


def _link_exists(name: str, ns: str | None = None) -> bool:
    return bool(_ip_json("link", "show", "dev", name, ns=ns))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie is not alive
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _ns_inode(ns: str) -> int | None:
    try:
        return os.stat(f"/run/netns/{ns}").st_ino
    except OSError:
        return None


def _proc_ns_inode(pid: int) -> int | None:
    try:
        return os.stat(f"/proc/{pid}/ns/net").st_ino
    except OSError:
        return None


def _proc_cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _pids_in_netns(inode: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and _proc_ns_inode(int(entry)) == inode:
            out.append(int(entry))
    return out


def _kill_and_wait(pids: Iterable[int], sig: int = signal.SIGTERM, wait: float = 3.0) -> None:
    pids = [p for p in pids if p > 1 and p != os.getpid()]
    for p in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(p, sig)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        pids = [p for p in pids if _pid_alive(p)]
        if not pids:
            return
        time.sleep(0.05)
    for p in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(p, signal.SIGKILL)
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline and any(_pid_alive(p) for p in pids):
        time.sleep(0.05)


def _write(path: Path, text: str, mode: int = 0o644, owner: str | None = None, group: str | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text)
    os.chmod(tmp, mode)
    if owner is not None and group is not None:
        shutil.chown(tmp, owner, group)
    os.replace(tmp, path)


def ssh_banner(host: str, port: int = 22, timeout: float = 1.0) -> bool:
    """True when something answers with an SSH banner (from the root namespace)."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as s:
            s.settimeout(timeout)
            return s.recv(64).startswith(b"SSH-")
    except OSError:
        return False


def _is_mountpoint(path: Path) -> bool:
    try:
        with open("/proc/self/mountinfo") as fh:
            return any(line.split()[4] == str(path) for line in fh)
    except OSError:
        return False


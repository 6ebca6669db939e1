"""Lab teardown: stop FRR and the pidfile processes, remove every resource recorded in the state file."""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from netwarden.lab.state import STATE_NAME
from netwarden.lab.system import (
    _is_mountpoint,
    _kill_and_wait,
    _link_exists,
    _netns_list,
    _ns_inode,
    _pid_alive,
    _pids_in_netns,
    _proc_cmdline,
    _proc_ns_inode,
    _read_pid,
    _run,
)


def _stop_frr_rundir(rundir: Path, ns: str) -> None:
    """SIGINT watchfrr first (so it does not restart daemons), then the daemons."""
    if not rundir.is_dir():
        return
    inode = _ns_inode(ns)
    pids: dict[str, int] = {}
    for pf in rundir.glob("*.pid"):
        pid = _read_pid(pf)
        if pid and _pid_alive(pid):
            ours = (inode is not None and _proc_ns_inode(pid) == inode) or f"-N {ns}" in _proc_cmdline(pid)
            if ours:
                pids[pf.stem] = pid
    if "watchfrr" in pids:
        _kill_and_wait([pids.pop("watchfrr")], signal.SIGINT, wait=3)
    _kill_and_wait(pids.values(), signal.SIGINT, wait=3)


def _teardown(workdir: Path, extra: list[dict[str, Any]] | None = None) -> list[str]:
    """Remove every resource recorded in workdir/state.json (plus ``extra``). Returns problems."""
    problems: list[str] = []
    state_path = workdir / STATE_NAME
    resources: list[dict[str, Any]] = []
    if state_path.exists():
        try:
            resources = json.loads(state_path.read_text()).get("resources", [])
        except (OSError, ValueError) as exc:
            problems.append(f"unreadable state file {state_path}: {exc}")
    for r in extra or []:
        if r not in resources:
            resources.append(r)
    kinds: dict[str, list[dict[str, Any]]] = {}
    for r in resources:
        kinds.setdefault(r["kind"], []).append(r)
    netns_names = [r["name"] for r in kinds.get("netns", [])]
    inodes = {ns: _ns_inode(ns) for ns in netns_names}

    # 1. processes: FRR (watchfrr first), then pidfiles (sshd, lldpd), then anything left in our netns
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(lambda r: _stop_frr_rundir(Path(r["rundir"]), r["name"]), kinds.get("frr", [])))

    def stop_pidfile(r: dict[str, Any]) -> None:
        pid = _read_pid(Path(r["path"]))
        if not pid or not _pid_alive(pid):
            return
        inode = inodes.get(r.get("netns", ""))
        if (inode is not None and _proc_ns_inode(pid) == inode) or r.get("marker", "\0") in _proc_cmdline(pid):
            _kill_and_wait([pid], signal.SIGTERM, wait=3)
        else:
            problems.append(f"pid {pid} from {r['path']} is not a lab process: left alone")

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(stop_pidfile, kinds.get("pidfile", [])))
    leftovers = [p for ino in inodes.values() if ino is not None for p in _pids_in_netns(ino)]
    if leftovers:  # e.g. SSH sessions and revert timers started by the driver
        _kill_and_wait(leftovers, signal.SIGTERM, wait=2)

    # 2. links in the root namespace, then namespaces (their veths go with them), then the bridge
    for r in kinds.get("link", []):
        if _link_exists(r["name"]):
            cp = _run(["ip", "link", "del", r["name"]], check=False)
            if cp.returncode != 0 and _link_exists(r["name"]):
                problems.append(f"cannot delete link {r['name']}: {cp.stderr.strip()}")
    for ns in netns_names:
        if ns in _netns_list() or Path(f"/run/netns/{ns}").exists():
            cp = _run(["ip", "netns", "del", ns], check=False)
            if cp.returncode != 0:
                problems.append(f"cannot delete netns {ns}: {cp.stderr.strip()}")
    for r in kinds.get("bridge", []):
        if _link_exists(r["name"]):
            _run(["ip", "link", "del", r["name"]], check=False)
    # 3. UTS bind mounts, then files and directories (the workdir itself last)
    for r in kinds.get("uts", []):
        p = Path(r["path"])
        if _is_mountpoint(p):
            cp = _run(["umount", str(p)], check=False)
            if cp.returncode != 0:
                _run(["umount", "-l", str(p)], check=False)
    paths = [r for r in kinds.get("path", []) if not r.get("last")]
    paths += [r for r in kinds.get("path", []) if r.get("last")]
    for r in paths:
        p = Path(r["path"])
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)
        if p.exists():
            problems.append(f"cannot remove {p}")
    # 4. wait until the kernel has really freed the veths (namespace deletion is asynchronous)
    deadline = time.monotonic() + 5
    names = [r["name"] for r in kinds.get("link", []) + kinds.get("bridge", [])]
    while time.monotonic() < deadline and any(_link_exists(n) for n in names):
        time.sleep(0.05)
    problems += [f"link {n} still present" for n in names if _link_exists(n)]
    # ospfd writes its graceful-restart state outside its pathspace; remove it when no ospfd is left
    if kinds.get("frr") and not any("ospfd" in _proc_cmdline(int(p)) for p in os.listdir("/proc")
                                     if p.isdigit() and _pid_alive(int(p))):  # fmt: skip
        Path("/var/run/frr/ospfd-gr.json").unlink(missing_ok=True)
    return problems

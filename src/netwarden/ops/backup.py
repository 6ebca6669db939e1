"""Backups of running configs to two places far apart (Art. 10), each a git repository with
one commit per run; secrets masked; empty or truncated configs are errors."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
from pathlib import Path
from typing import Any

from netwarden import platforms
from netwarden.errors import NetwardenError
from netwarden.model.types import Device, Network
from netwarden.ops.connect import connected
from netwarden.ops.run import DeviceResult
from netwarden.secrets import mask

GIT = ["git", "-c", "user.name=netwarden", "-c", "user.email=netwarden@localhost", "-c", "commit.gpgsign=false"]


def complete(platform: str, text: str) -> str | None:
    """Why a running config looks empty or truncated (None when it looks whole), by the platform's structure."""
    if not text.strip():
        return "empty running config"
    return platforms.get(platform).completeness(text)


def fetch(net: Network, device: Device, override: dict[str, Any] | None = None) -> DeviceResult:
    with connected(device, override) as drv:
        running = drv.get_config(retrieve="running")["running"]
    why = complete(device.platform.value, running or "")
    if why:
        return DeviceResult(device.hostname, "error", why)
    text = mask(running, net.secret_values())
    return DeviceResult(device.hostname, "ok", f"{len(text.splitlines())} lines",
                        data={"text": text, "sha256": hashlib.sha256(text.encode()).hexdigest()})


def _git(repo: Path, *args: str) -> str:
    r = subprocess.run([*GIT, "-C", str(repo), *args], capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise NetwardenError(f"git {' '.join(args)} in {repo}: {r.stderr.strip()}")
    return r.stdout


def write_backups(targets: list[Path], results: dict[str, DeviceResult], label: str) -> dict[str, Any]:
    """Write the successful configs to every target repository, one commit each; verify the copies."""
    good = {h: r for h, r in results.items() if r.status == "ok"}
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    commits = {}
    for repo in targets:
        repo.mkdir(parents=True, exist_ok=True)
        if not (repo / ".git").exists():
            _git(repo, "init", "-q")
        for h, r in good.items():
            tmp = repo / f".{h}.cfg.tmp"
            tmp.write_text(r.data["text"], encoding="utf-8")
            os.replace(tmp, repo / f"{h}.cfg")
        manifest = {"backup": label, "time": stamp,
                    "devices": {h: r.data["sha256"] for h, r in sorted(good.items())},
                    "failed": {h: f"{r.status}: {r.message}" for h, r in sorted(results.items()) if r.status != "ok"}}
        (repo / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "--allow-empty", "-m",
             f"netwarden backup {stamp}: {len(good)} device(s), {len(results) - len(good)} failed")
        commits[str(repo)] = _git(repo, "rev-parse", "HEAD").strip()
    # both copies identical, file by file
    mismatch = []
    for h, r in good.items():
        for repo in targets:
            got = hashlib.sha256((repo / f"{h}.cfg").read_bytes()).hexdigest()
            if got != r.data["sha256"]:
                mismatch.append(f"{repo}/{h}.cfg")
    if mismatch:
        raise NetwardenError(f"backup copies differ: {', '.join(mismatch)}")
    return {"commits": commits, "devices": len(good), "time": stamp}

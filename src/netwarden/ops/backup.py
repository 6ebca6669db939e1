"""Backups of running configs to two places far apart (Art. 10), each a git repository with
one commit per run; secrets masked; empty or truncated configs are errors."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import subprocess
from pathlib import Path
from typing import Any

from netwarden import platforms
from netwarden.errors import NetwardenError
from netwarden.model.types import Device, Network
from netwarden.ops.connect import connected
from netwarden.ops.run import DeviceResult
from netwarden.secrets import mask
from netwarden.services.atomic import write_private

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


def _git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    r = subprocess.run([*GIT, "-C", str(repo), *args], capture_output=True, text=True, timeout=120)
    if check and r.returncode != 0:
        raise NetwardenError(f"git {' '.join(args)} in {repo}: {r.stderr.strip()}")
    return r


def committed_anchor(repo: Path) -> tuple[dict[str, Any] | None, str]:
    """The audit anchor a backup repository holds: `audit-anchor.json` as of its last commit (the file in
    the work tree when it is no git repository); (None, why) when it cannot be read."""
    if not repo.is_dir():
        return None, f"{repo}: no such backup repository"
    if (repo / ".git").exists():
        r = _git(repo, "show", "HEAD:audit-anchor.json", check=False)
        if r.returncode != 0:
            return None, f"{repo}: no audit-anchor.json committed ({r.stderr.strip() or 'no commit'})"
        text = r.stdout
    else:
        try:
            text = (repo / "audit-anchor.json").read_text(encoding="utf-8")
        except OSError as e:
            return None, f"{repo}/audit-anchor.json: {e.strerror}"
    try:
        a = json.loads(text)
    except ValueError:
        return None, f"{repo}: audit-anchor.json is not JSON"
    return (a, "") if isinstance(a, dict) else (None, f"{repo}: audit-anchor.json is not an anchor")


SHRINK = 0.5  # a config with fewer lines than this share of its last backup is suspect


def shrunk(previous: Path, text: str) -> str:
    """Why ``text`` looks cut short against the last backup of the same device ("" when it does not)."""
    try:
        if not stat.S_ISREG(os.lstat(previous).st_mode):
            return ""
        before = len(previous.read_text(encoding="utf-8", errors="replace").splitlines())
    except OSError:
        return ""
    now = len(text.splitlines())
    if before and now < before * SHRINK:
        return (f"running config shrank from {before} to {now} lines (below {SHRINK:.0%} of the last backup): "
                "stored, but check the device before trusting it")
    return ""


def _private_repo(repo: Path) -> None:
    """The repository directory 0700 and git told to create every file 0600 / directory 0700."""
    repo.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(repo, 0o700)
    if not (repo / ".git").exists():
        _git(repo, "init", "-q", "--shared=0600")
    else:
        _git(repo, "config", "core.sharedRepository", "0600")


def write_backups(targets: list[Path], results: dict[str, DeviceResult], label: str,
                  anchor: dict[str, Any] | None = None) -> dict[str, Any]:
    """Write the successful configs to every target repository and commit when something changed (no
    empty commits); verify the copies. Files 0600, repositories 0700. A config much shorter than the last
    backup of the same device is stored but reported in ``suspect``. ``anchor`` (the audit log's head) is
    committed with every backup commit as ``audit-anchor.json``."""
    good = {h: r for h, r in results.items() if r.status == "ok"}
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    suspect = {h: why for h, r in sorted(good.items()) if (why := shrunk(targets[0] / f"{h}.cfg", r.data["text"]))}
    commits: dict[str, str] = {}
    changed: dict[str, bool] = {}
    for repo in targets:
        _private_repo(repo)
        for h, r in good.items():
            write_private(repo / f"{h}.cfg", r.data["text"])
        manifest = {"backup": label,
                    "devices": {h: r.data["sha256"] for h, r in sorted(good.items())},
                    "failed": {h: f"{r.status}: {r.message}" for h, r in sorted(results.items()) if r.status != "ok"}}
        if suspect:
            manifest["suspect"] = suspect
        write_private(repo / "manifest.json", json.dumps(manifest, indent=2) + "\n")
        _git(repo, "add", "-A")
        changed[str(repo)] = _git(repo, "diff", "--cached", "--quiet", check=False).returncode != 0
        if changed[str(repo)]:
            if anchor is not None:
                write_private(repo / "audit-anchor.json", json.dumps(anchor, indent=2, sort_keys=True) + "\n")
                _git(repo, "add", "audit-anchor.json")
            _git(repo, "commit", "-q", "-m",
                 f"netwarden backup {stamp}: {len(good)} device(s), {len(results) - len(good)} failed")
        head = _git(repo, "rev-parse", "-q", "--verify", "HEAD", check=False)
        commits[str(repo)] = head.stdout.strip()
    # both copies identical, file by file
    mismatch = []
    for h, r in good.items():
        for repo in targets:
            got = hashlib.sha256((repo / f"{h}.cfg").read_bytes()).hexdigest()
            if got != r.data["sha256"]:
                mismatch.append(f"{repo}/{h}.cfg")
    if mismatch:
        raise NetwardenError(f"backup copies differ: {', '.join(mismatch)}")
    return {"commits": commits, "changed": changed, "devices": len(good), "time": stamp, "suspect": suspect}

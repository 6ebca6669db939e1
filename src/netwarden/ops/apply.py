"""Apply intended configs with commit-confirm: dry-run by default; on --commit each device
is committed with an automatic revert timer, checked (reachable again, config matches, live
invariants hold) and only then confirmed. Anything else and the device rolls back."""

from __future__ import annotations

import fcntl
import inspect
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from napalm.base.exceptions import CommitConfirmException

from netwarden import platforms
from netwarden.model.types import Device, Network
from netwarden.ops.connect import DeviceFault, classify, connected
from netwarden.ops.drift import mask_diff, offline_diff
from netwarden.ops.run import DeviceResult
from netwarden.secrets import mask

PostCheck = Callable[[Device, str], list[str]]  # (device, running config) -> problems


def lock_dir() -> Path:
    d = Path(os.environ.get("NETWARDEN_STATE_DIR", os.path.join(os.path.expanduser("~"), ".local", "state",
                                                                  "netwarden"))) / "locks"
    d.mkdir(parents=True, exist_ok=True)
    return d


@contextmanager
def device_lock(host: str) -> Iterator[None]:
    """One run at a time per device (across processes)."""
    p = lock_dir() / f"{host}.lock"
    with open(p, "a+") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DeviceFault("error", "another netwarden run holds this device's lock") from None
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def has_commit_confirm(drv: Any) -> bool:
    return "revert_in" in inspect.signature(drv.commit_config).parameters


def verifiable_changes(diff: str, secrets: list[str]) -> list[str]:
    """Changed lines of a device diff a text compare can judge: secret-bearing lines never read back
    as written (IOS shows type 9/7 forms, hides SNMPv3 users), so they always differ; left out."""
    out = []
    for ln in diff.splitlines():
        body = ln.lstrip()
        if body[:1] in ("+", "-") and body[1:].strip() and mask(body[1:], secrets) == body[1:]:
            out.append(ln)
    return out


def apply_device(net: Network, device: Device, intended: str, *, commit: bool, confirm_timeout: int = 120,
                 post_check: PostCheck | None = None, override: dict[str, Any] | None = None) -> DeviceResult:
    h = device.hostname
    secrets = net.secret_values()
    spec = platforms.get(device.platform.value)
    revert_in = spec.commit.revert_timer(confirm_timeout)
    with device_lock(h):
        with connected(device, override) as drv:
            if not (spec.commit.confirm and has_commit_confirm(drv)):
                # e.g. napalm-huawei-vrp: no replace candidate (compare_config() is always ""), no timer.
                # The diff is computed offline; nothing is loaded onto the device.
                running = drv.get_config(retrieve="running")["running"]
                diff = offline_diff(device.platform.value, running, intended, h, secrets)[0]
                if not diff:
                    return DeviceResult(h, "unchanged", "already matches the intended config")
                masked = mask_diff(diff, secrets)
                if not commit:
                    return DeviceResult(h, "would_change", "dry run (offline diff): not committed", diff=masked)
                return DeviceResult(h, "error", f"{device.platform.value}: the driver has no commit-confirm; "
                                    "refusing to push without automatic rollback", diff=masked)
            drv.load_replace_candidate(config=intended)
            try:
                diff = drv.compare_config()
            except Exception:
                drv.discard_config()
                raise
            if not diff.strip():
                drv.discard_config()
                return DeviceResult(h, "unchanged", "already matches the intended config")
            masked = mask_diff(diff, secrets)
            if not commit:
                drv.discard_config()
                return DeviceResult(h, "would_change", "dry run: not committed", diff=masked)
            # napalm's ios (and most drivers) raise NotImplementedError on a commit message
            msg = {"message": "netwarden apply"} if type(drv).__module__.startswith("netwarden.") else {}
            try:
                drv.commit_config(revert_in=revert_in, **msg)
            except (NotImplementedError, CommitConfirmException) as e:  # e.g. IOS without `archive path`
                drv.discard_config()
                why = f" ({str(e).splitlines()[0]})" if str(e) else ""
                return DeviceResult(h, "error", f"{device.platform.value}: the driver has no commit-confirm{why}; "
                                    "refusing to push without automatic rollback", diff=masked)
        # A new session: proves the device is still reachable after the change.
        problems: list[str] = []
        try:
            with connected(device, override) as drv:
                drv.load_replace_candidate(config=intended)
                after = drv.compare_config()
                drv.discard_config()
                if verifiable_changes(after, secrets) if spec.secrets_hashed_on_device else after.strip():
                    problems.append("the running config does not match the intended config after the commit")
                running = drv.get_config(retrieve="running")["running"]
                if post_check is not None:
                    problems += post_check(device, running)
                if problems:
                    drv.rollback()
                    return DeviceResult(h, "rolled_back", "post-checks failed, rolled back: " + "; ".join(problems),
                                        diff=masked)
                drv.confirm_commit()
        except Exception as e:
            f = classify(e)
            return DeviceResult(h, "rolled_back", f"lost the device after the commit ({f}); not confirmed: it "
                                f"rolls back by itself within {revert_in} s", diff=masked)
        return DeviceResult(h, "changed", "committed, checked and confirmed", diff=masked)

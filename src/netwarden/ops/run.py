"""Bounded parallelism over devices; one device's fault never stops the others."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

from netwarden.ops.connect import classify


@dataclass
class DeviceResult:
    host: str
    status: str  # clean, drift, changed, unchanged, rolled_back, unreachable, auth, timeout, error, skipped
    message: str = ""
    diff: str = ""  # masked
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.status in ("unreachable", "auth", "timeout", "error", "rolled_back")


def run_parallel(hosts: Iterable[str], fn: Callable[[str], DeviceResult], workers: int = 8,
                 progress: bool | None = None, label: str = "devices") -> dict[str, DeviceResult]:
    hosts = list(hosts)
    results: dict[str, DeviceResult] = {}
    show = sys.stderr.isatty() if progress is None else progress

    def safe(h: str) -> DeviceResult:
        try:
            return fn(h)
        except Exception as e:  # a fault stays with its device
            f = classify(e)
            return DeviceResult(h, f.kind, str(f))

    if not hosts:
        return results
    bar: Any = None
    task: Any = None
    if show:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                       transient=True, console=None)
        bar.start()
        task = bar.add_task(label, total=len(hosts))
    try:
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(hosts)))) as pool:
            futs = {pool.submit(safe, h): h for h in hosts}
            for fut in as_completed(futs):
                r = fut.result()
                results[r.host] = r
                if bar is not None:
                    bar.advance(task)
    finally:
        if bar is not None:
            bar.stop()
    return {h: results[h] for h in hosts}

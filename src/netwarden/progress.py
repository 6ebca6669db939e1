"""Progress on long jobs (issue 16 item 7): a rich spinner with the phase and its elapsed time on standard
error, only when standard error is a terminal (never in a pipe, a log, CI or under Ansible). The live jobs'
per-device bars are ``netwarden.ops.run.run_parallel``'s."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_current: list[Any] = []  # the status shown, so nested phases update it instead of stacking


def enabled(progress: bool | None = None) -> bool:
    return sys.stderr.isatty() if progress is None else progress


@contextmanager
def phase(text: str, progress: bool | None = None) -> Iterator[None]:
    """Show `text` while the block runs (transient: nothing stays on the screen)."""
    if not enabled(progress):
        yield
        return
    if _current:
        status = _current[-1]
        before = status.status
        status.update(text)
        try:
            yield
        finally:
            status.update(before)
        return
    from rich.console import Console

    console = Console(stderr=True, force_terminal=True if progress else None)
    status = console.status(text, spinner="dots")
    status.start()
    _current.append(status)
    try:
        yield
    finally:
        _current.pop()
        status.stop()

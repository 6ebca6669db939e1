"""The worker pool: items split over forked processes, results pickled back (POSIX fork, copy-on-write)."""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import TypeVar

from netwarden.errors import NetwardenError


def workers(n_items: int, min_items: int) -> int:
    """How many processes to use for ``n_items`` (NETWARDEN_WORKERS overrides; 1 = no forking)."""
    if not hasattr(os, "fork"):  # pragma: no cover - not POSIX
        return 1
    env = os.environ.get("NETWARDEN_WORKERS", "")
    if env.isdigit() and int(env) > 0:  # explicit: used whatever the size (tests force the parallel path)
        return max(1, min(int(env), n_items))
    if n_items < min_items:
        return 1
    try:
        w = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        w = os.cpu_count() or 1
    return max(1, min(w, 8, n_items))


T = TypeVar("T")
R = TypeVar("R")


def fork_map(func: Callable[[list[T]], R], chunks: list[list[T]]) -> list[R]:
    """``[func(c) for c in chunks]``, the first chunk in this process and each other one in a forked child
    (results come back pickled through a pipe). A child's exception is raised here."""
    if len(chunks) <= 1:
        return [func(c) for c in chunks]
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    children: list[tuple[int, int]] = []
    gc.freeze()  # the children share the parent's objects: keep their collector off those pages (copy-on-write)
    try:
        for c in chunks[1:]:
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the child
                os.close(r)
                code = 0
                try:
                    try:
                        payload = pickle.dumps((True, func(c)), protocol=pickle.HIGHEST_PROTOCOL)
                    except BaseException as e:
                        code = 1
                        try:
                            payload = pickle.dumps((False, e), protocol=pickle.HIGHEST_PROTOCOL)
                        except Exception:
                            payload = pickle.dumps((False, NetwardenError(f"worker failed: {e!r}")))
                    with os.fdopen(w, "wb") as f:
                        f.write(payload)
                finally:
                    os._exit(code)
            os.close(w)
            children.append((pid, r))
        out = [func(chunks[0])]
        for pid, r in children:
            with os.fdopen(r, "rb") as f:
                blob = f.read()
            os.waitpid(pid, 0)
            if not blob:
                raise NetwardenError("a worker process died")
            ok, value = pickle.loads(blob)
            if not ok:
                raise value
            out.append(value)
        children = []
        return out
    finally:
        for pid, r in children:  # an error above: do not leave children behind
            with contextlib.suppress(OSError):
                os.close(r)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)
        gc.unfreeze()

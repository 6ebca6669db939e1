"""The one hook that records a job's run in the results store (``netwarden.history``): every job that judges
or changes the province (validate, verify, drift, apply, backup, preconnect) is wrapped here, so the CLI and
the Ansible plugins record alike. The job's result, exit code and exceptions pass through unchanged; a
store's failure is a warning on stderr. A job run inside another recorded job is part of that run."""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import time
from collections.abc import Callable
from typing import Any, TypeVar

Req = TypeVar("Req")
Res = TypeVar("Res")

_inside = contextvars.ContextVar("netwarden_recorded_job", default=False)


def recorded(command: str) -> Callable[[Callable[[Req], Res]], Callable[[Req], Res]]:
    def wrap(job: Callable[[Req], Res]) -> Callable[[Req], Res]:
        @functools.wraps(job)
        def run(req: Req) -> Res:
            if _inside.get():
                return job(req)
            from netwarden.history.record import record
            from netwarden.history.store import resolve

            where = resolve(getattr(req, "history", None))
            started = dt.datetime.now(dt.UTC)
            t0 = time.perf_counter()
            token = _inside.set(True)
            result: Any = None
            try:
                result = job(req)
            except BaseException as e:
                _inside.reset(token)
                record(where, command, req, None, e, started, time.perf_counter() - t0)
                raise
            _inside.reset(token)
            record(where, command, req, result, None, started, time.perf_counter() - t0)
            return result

        return run

    return wrap

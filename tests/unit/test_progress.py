"""Progress on long jobs (issue 16 item 7): shown on a terminal's standard error, never in a pipe or a file."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest

from netwarden import progress
from netwarden.cli import main


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "-i", "inventories/lab"]) == 0
    err = capsys.readouterr().err
    assert "verify: checking" not in err and "\x1b[" not in err  # nothing but what the run says


def test_phases_nest_and_restore(capsys: pytest.CaptureFixture[str]) -> None:
    with progress.phase("outer", progress=True):
        status = progress._current[-1]
        with progress.phase("inner", progress=True):
            assert status.status == "inner"
        assert status.status == "outer"
    assert not progress._current
    with progress.phase("off", progress=False):
        assert not progress._current


def test_progress_on_a_terminal() -> None:
    """verify under a pseudo-terminal: the phase is drawn on standard error, and the report on stdout unchanged."""
    primary, secondary = pty.openpty()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "COLUMNS": "120", "TERM": "xterm"}
    code = ("import time, netwarden.progress as p\n"
            "with p.phase('verify: checking 6 device(s)'):\n    time.sleep(0.5)\n")
    proc = subprocess.run([sys.executable, "-c", code], stderr=secondary, stdout=subprocess.PIPE, env=env,
                          timeout=60, check=True)
    os.close(secondary)
    out = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(primary)
    assert b"verify: checking 6 device(s)" in out
    assert proc.stdout == b""

"""Replay recorded linux_frr command output through a fake netmiko connection."""

from __future__ import annotations

import json
import re
from collections import defaultdict, deque
from pathlib import Path
from typing import Any

MOCKED = Path(__file__).parent / "mocked_data"
_WRAP_RE = re.compile(
    r"^printf '%s_%s\\n' __NW BEGIN; \{ (?P<cmd>.*) ; \} 2>&1; printf '\\n%s_RC=%s\\n' __NW \$\?$", re.S
)


def driver_args() -> dict[str, Any]:
    return json.loads((MOCKED / "driver_args.json").read_text())  # type: ignore[no-any-return]


class FakeSFTP:
    def __init__(self, conn: FakeConnection) -> None:
        self.conn = conn

    def putfo(self, fh: Any, path: str) -> None:
        self.conn.uploads[path] = fh.read().decode()

    def close(self) -> None:
        pass


class _Pre:
    def __init__(self, conn: FakeConnection) -> None:
        self.conn = conn

    def open_sftp(self) -> FakeSFTP:
        return FakeSFTP(self.conn)


class FakeConnection:
    """Answers send_command() from a recorded case directory (commands.json + outputs)."""

    def __init__(self, case_dir: Path) -> None:
        self.answers: dict[str, deque[tuple[int, str]]] = defaultdict(deque)
        for entry in json.loads((case_dir / "commands.json").read_text()):
            out = (case_dir / entry["output_file"]).read_text()
            self.answers[entry["cmd"]].append((entry["rc"], out))
        self.sent: list[str] = []
        self.uploads: dict[str, str] = {}
        self.remote_conn_pre = _Pre(self)

    def send_command(self, command_string: str, **_: Any) -> str:
        m = _WRAP_RE.match(command_string)
        assert m, f"command not wrapped by the driver: {command_string!r}"
        cmd = m["cmd"]
        self.sent.append(cmd)
        queue = self.answers.get(cmd)
        if not queue:
            raise AssertionError(f"no recorded answer for: {cmd}")
        rc, out = queue.popleft() if len(queue) > 1 else queue[0]
        return f"nwops@r1:~$ __NW_BEGIN\n{out}\n__NW_RC={rc}\n"

    def is_alive(self) -> bool:
        return True

    def disconnect(self) -> None:
        pass


def replay_driver(case_dir: Path) -> tuple[Any, FakeConnection]:
    """A LinuxFRRDriver whose connection answers from ``case_dir`` (already 'open')."""
    from netwarden.platforms.linux_frr.driver import LinuxFRRDriver

    args = driver_args()
    drv = LinuxFRRDriver(**args)
    conn = FakeConnection(case_dir)
    drv.device = conn
    drv._prepare_session()
    return drv, conn

"""A throwaway PostgreSQL server for the tests, from Debian's packages (``postgresql``, installed by
scripts/setup.sh): initdb into a temporary directory, listening on a unix socket in that directory only (no
TCP), trust authentication for its own socket. PostgreSQL refuses to run as root, so as root the server runs
as the ``postgres`` user (else ``nobody``) through runuser.

It stops by itself: :meth:`PgServer.stop` (the fixture's teardown), and a watchdog process that sends the
postmaster (its pid from ``postmaster.pid``) a fast shutdown and removes the directory once the test process
is gone, however it ended. Servers a killed run left behind are stopped at the next start (``owner.pid``)."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

PREFIX = "nw-pgtest-"


def binaries() -> Path | None:
    """The newest installed server's bin directory (Debian: /usr/lib/postgresql/<major>/bin)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0,
    )
    return Path(found[-1]).parent if found else None


def _run_as() -> str | None:
    """The user the server runs as: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root and neither a postgres nor a nobody user exists")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _postmaster_pid(data: Path) -> int | None:
    try:
        return int((data / "postmaster.pid").read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return None


def reap_stale() -> None:
    """Stop and remove servers whose test process is gone (a run killed before its teardown)."""
    for d in Path(tempfile.gettempdir()).glob(PREFIX + "*"):
        try:
            owner = int((d / "owner.pid").read_text())
        except (OSError, ValueError):
            continue
        if _alive(owner):
            continue
        pid = _postmaster_pid(d / "data")
        if pid and _alive(pid):
            os.kill(pid, signal.SIGINT)
        shutil.rmtree(d, ignore_errors=True)


class PgServer:
    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.user = _run_as()
        self.dir = Path(tempfile.mkdtemp(prefix=PREFIX))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self.watchdog: subprocess.Popen[bytes] | None = None

    def _cmd(self, *argv: str) -> list[str]:
        return ["runuser", "-u", self.user, "--", *argv] if self.user else list(argv)

    @property
    def url(self) -> str:
        """A libpq URL through the socket directory (host= a path) as the server's superuser."""
        return f"postgresql:///postgres?host={self.dir}&user={self.superuser}&port=5432"

    @property
    def superuser(self) -> str:
        return self.user or pwd.getpwuid(os.geteuid()).pw_name

    def start(self) -> PgServer:
        (self.dir / "owner.pid").write_text(str(os.getpid()))
        if self.user:
            pw = pwd.getpwnam(self.user)
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        os.chmod(self.dir, 0o755)
        subprocess.run(
            self._cmd(
                str(self.bindir / "initdb"),
                "-D",
                str(self.data),
                "-A",
                "trust",
                "-U",
                self.superuser,
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C",
            ),
            check=True,
            capture_output=True,
        )
        subprocess.run(
            self._cmd(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.log),
                "-w",
                "-t",
                "60",
                "-o",
                f"-c listen_addresses='' -c unix_socket_directories='{self.dir}' -c fsync=off -c port=5432",
                "start",
            ),
            check=True,
            capture_output=True,
        )
        pid = _postmaster_pid(self.data)
        assert pid, f"no postmaster.pid in {self.data}"
        # the watchdog: when this process is gone, a fast shutdown and the directory removed
        script = (
            f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 1; done; kill -INT {pid} 2>/dev/null; "
            f"for i in $(seq 30); do kill -0 {pid} 2>/dev/null || break; sleep 1; done; rm -rf '{self.dir}'"
        )
        self.watchdog = subprocess.Popen(
            ["sh", "-c", script],
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return self

    def stop(self) -> None:
        pid = _postmaster_pid(self.data)
        if pid and _alive(pid):
            os.kill(pid, signal.SIGINT)  # fast shutdown
            for _ in range(300):
                if not _alive(pid):
                    break
                time.sleep(0.1)
        if self.watchdog is not None:
            self.watchdog.kill()
            self.watchdog.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

"""The results store: SQLite (stdlib ``sqlite3``) in the user's state directory by default, PostgreSQL
(``psycopg``) by URL for a team or AWX nodes that share one. One schema for both, versioned: a store is
migrated forward on open (under a lock, so two nodes opening one store at once migrate it once), and a
store newer than this netwarden is refused rather than written.

Where: ``--history URL`` (CLI) / the ``history`` option (Ansible) > ``$NETWARDEN_HISTORY`` >
``$XDG_STATE_HOME/netwarden/history.sqlite`` (``~/.local/state`` without it). ``off`` (``--no-history``)
records nothing. A URL is ``postgresql://...`` (or ``postgres://``); anything else is a SQLite file
(``sqlite:`` prefix allowed). Times are stored as ISO 8601 UTC text of one fixed width, so they sort as
text alike in both databases."""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netwarden.errors import NetwardenError

OFF = ("off", "none", "no")
SCHEMA_TABLE = "nw_schema"

# (version, statements): applied in order from the store's version; {real} is the float type of the backend.
MIGRATIONS: list[tuple[int, list[str]]] = [
    (
        1,
        [
            """CREATE TABLE runs (
            run_id TEXT PRIMARY KEY, command TEXT NOT NULL, scope TEXT NOT NULL, subject TEXT NOT NULL,
            inventory TEXT NOT NULL, started TEXT NOT NULL, finished TEXT NOT NULL, duration {real} NOT NULL,
            verdict TEXT NOT NULL, exit_code INTEGER NOT NULL, checks INTEGER NOT NULL, findings INTEGER NOT NULL,
            errors TEXT NOT NULL, baseline_version TEXT NOT NULL, tool_version TEXT NOT NULL,
            user_name TEXT NOT NULL, host TEXT NOT NULL, details TEXT NOT NULL)""",
            "CREATE INDEX runs_started ON runs (started)",
            """CREATE TABLE run_units (
            run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE, unit TEXT NOT NULL, name TEXT NOT NULL,
            level INTEGER, contact TEXT NOT NULL, PRIMARY KEY (run_id, unit))""",
            """CREATE TABLE run_devices (
            run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE, device TEXT NOT NULL,
            unit TEXT NOT NULL, status TEXT NOT NULL, message TEXT NOT NULL, PRIMARY KEY (run_id, device))""",
            "CREATE INDEX run_devices_device ON run_devices (device)",
            "CREATE INDEX run_devices_unit ON run_devices (unit)",
            """CREATE TABLE findings (
            run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE, n INTEGER NOT NULL,
            rule_id TEXT NOT NULL, article INTEGER NOT NULL, clause TEXT NOT NULL, severity TEXT NOT NULL,
            status TEXT NOT NULL, device TEXT NOT NULL, unit TEXT NOT NULL, message TEXT NOT NULL,
            evidence TEXT NOT NULL, PRIMARY KEY (run_id, n))""",
            "CREATE INDEX findings_device ON findings (device)",
            "CREATE INDEX findings_unit ON findings (unit)",
        ],
    ),
]


def default_path() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(state) / "netwarden" / "history.sqlite"


def resolve(explicit: str | None = None) -> str | None:
    """The store's location (a URL or a SQLite path), or None when recording is off."""
    where = explicit if explicit is not None else os.environ.get("NETWARDEN_HISTORY")
    if where is None or not where.strip():
        return str(default_path())
    where = where.strip()
    return None if where.lower() in OFF else where


def is_postgres(where: str) -> bool:
    return where.startswith(("postgresql://", "postgres://"))


def safe_url(where: str) -> str:
    """The location as it may be printed: a URL's password replaced (secrets never in any output)."""
    where = re.sub(r"(://[^/:@]*:)[^/@]*@", r"\1***@", where)
    return re.sub(r"(password=)[^&\s]*", r"\1***", where)


def sqlite_path(where: str) -> Path:
    if where.startswith("sqlite:"):
        where = where[len("sqlite:") :]
        if where.startswith("//"):  # sqlite:///abs/path
            where = where[2:]
    if "://" in where:
        raise NetwardenError(f"history store {safe_url(where)}: not a postgresql:// URL nor a SQLite file path")
    return Path(where).expanduser()


@dataclass
class Store:
    """An open store: ``execute``/``query`` take ``?`` placeholders on both backends."""

    where: str
    conn: Any
    postgres: bool

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.postgres else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        cur = self.conn.cursor()
        try:
            cur.execute(self._sql(sql), tuple(params))
        finally:
            cur.close()

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = [tuple(r) for r in rows]
        if not rows:
            return
        cur = self.conn.cursor()
        try:
            cur.executemany(self._sql(sql), rows)
        finally:
            cur.close()

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self.conn.cursor()
        try:
            cur.execute(self._sql(sql), tuple(params))
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
        finally:
            cur.close()

    def commit(self) -> None:
        self.conn.commit()

    def rollback(self) -> None:
        self.conn.rollback()

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def version(self) -> int:
        return _version(self)


def _version(store: Store) -> int:
    if store.postgres:
        have = store.query("SELECT to_regclass(?) AS t", (SCHEMA_TABLE,))[0]["t"] is not None
    else:
        have = bool(store.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", (SCHEMA_TABLE,)))
    if not have:
        return 0
    rows = store.query(f"SELECT version FROM {SCHEMA_TABLE}")
    return int(rows[0]["version"]) if rows else 0


def current_version() -> int:
    return MIGRATIONS[-1][0]


def migrate(store: Store) -> int:
    """Bring the store to the current schema (in one transaction, under a lock); its version after."""
    if store.postgres:
        store.execute("SELECT pg_advisory_xact_lock(?)", (0x6E77_6869,))  # 'nwhi': one migrator at a time
    else:
        store.execute("BEGIN IMMEDIATE")
    try:
        have = _version(store)
        latest = current_version()
        if have > latest:
            raise NetwardenError(
                f"history store {safe_url(store.where)} has schema version {have}, newer than this "
                f"netwarden's {latest}: upgrade netwarden (nothing written)"
            )
        real = "DOUBLE PRECISION" if store.postgres else "REAL"
        if have == 0:
            store.execute(f"CREATE TABLE {SCHEMA_TABLE} (version INTEGER NOT NULL)")
            store.execute(f"INSERT INTO {SCHEMA_TABLE} (version) VALUES (0)")
        for version, statements in MIGRATIONS:
            if version <= have:
                continue
            for sql in statements:
                store.execute(sql.replace("{real}", real))
            store.execute(f"UPDATE {SCHEMA_TABLE} SET version = ?", (version,))
        store.commit()
        return latest
    except BaseException:
        store.rollback()
        raise


def connect(where: str, create: bool = True) -> Store:
    """Open (and migrate) the store at ``where``. ``create=False``: a missing SQLite file is an error, for the
    commands that only read."""
    if is_postgres(where):
        try:
            import psycopg
        except ImportError:
            raise NetwardenError(
                "history store is PostgreSQL but psycopg is not installed (pip install 'psycopg[binary]')"
            ) from None
        store = Store(where, psycopg.connect(where, connect_timeout=10), True)
    else:
        path = sqlite_path(where)
        if not create and not path.exists():
            raise NetwardenError(f"history store {path}: no such file (no run recorded yet?)")
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = not path.exists()
        lite = sqlite3.connect(path, timeout=30)
        if fresh:
            os.chmod(path, 0o600)  # findings name devices and units: the user's own
        lite.execute("PRAGMA foreign_keys = ON")
        store = Store(str(path), lite, False)
    try:
        migrate(store)
    except BaseException:
        store.close()
        raise
    return store

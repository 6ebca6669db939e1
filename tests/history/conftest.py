"""Results-store fixtures: every store test runs against SQLite and against a real PostgreSQL server that the
tests start themselves (tests/pgserver.py)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pgserver import PgServer, binaries, reap_stale


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    bindir = binaries()
    why = ""
    if bindir is None:
        why = "PostgreSQL server binaries not installed (/usr/lib/postgresql/*/bin; scripts/setup.sh installs them)"
    else:
        try:
            import psycopg  # noqa: F401
        except ImportError:
            why = "psycopg not installed (a netwarden dependency: pip install -e .)"
    if why:
        if os.environ.get("CI"):
            pytest.fail(f"CI must test the PostgreSQL store: {why}")
        pytest.skip(why)
    assert bindir is not None
    reap_stale()
    server = PgServer(bindir).start()
    try:
        yield server
    finally:
        server.stop()


def new_database(server: PgServer) -> str:
    import psycopg

    name = "nw_" + uuid.uuid4().hex[:12]
    with psycopg.connect(server.url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server.url.replace("postgresql:///postgres?", f"postgresql:///{name}?")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty store's location on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "history.sqlite")
    return new_database(request.getfixturevalue("pg_server"))

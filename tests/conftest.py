from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INVENTORIES = ROOT / "inventories"
# Tests only ever contact lab devices (198.18.0.0/15) and loopback.
os.environ["NETWARDEN_ALLOWED_NETWORKS"] = "198.18.0.0/15,127.0.0.0/8"
# Tests never write to the user's cache or audit log.
os.environ.setdefault("NETWARDEN_CACHE_DIR", tempfile.mkdtemp(prefix="nw-cache-"))
os.environ["NETWARDEN_AUDIT_LOG"] = os.path.join(tempfile.mkdtemp(prefix="nw-audit-"), "audit.jsonl")
os.environ.setdefault("NETWARDEN_VAULT_PASSWORD_FILE", str(ROOT / "docs/examples/example-vault-password.txt"))
# Goldens and date-dependent checks are evaluated as of this day.
TODAY = dt.date(2026, 11, 24)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the templates")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(autouse=True)
def _chdir_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def is_root() -> bool:
    return os.geteuid() == 0


def have(cmd: str) -> bool:
    return shutil.which(cmd) is not None or Path(cmd).exists()

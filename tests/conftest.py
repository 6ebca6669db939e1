from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from netwarden.baseline import Baseline
    from netwarden.model.types import Network
    from netwarden.verify.findings import Report

ROOT = Path(__file__).resolve().parent.parent
INVENTORIES = ROOT / "inventories"
# Tests only ever contact lab devices (198.18.0.0/15) and loopback.
os.environ["NETWARDEN_ALLOWED_NETWORKS"] = "198.18.0.0/15,127.0.0.0/8"
# Tests never write to the user's cache or audit log.
os.environ.setdefault("NETWARDEN_CACHE_DIR", tempfile.mkdtemp(prefix="nw-cache-"))
# ... nor send its head to an inventory's monitoring servers (tests that do set their own listener)
os.environ["NETWARDEN_AUDIT_SYSLOG"] = "off"
os.environ["NETWARDEN_AUDIT_LOG"] = os.path.join(tempfile.mkdtemp(prefix="nw-audit-"), "audit.jsonl")
# ... nor to the user's results store (every recorded job writes a run there).
os.environ["NETWARDEN_HISTORY"] = os.path.join(tempfile.mkdtemp(prefix="nw-history-"), "history.sqlite")
os.environ.setdefault("NETWARDEN_VAULT_PASSWORD_FILE", str(ROOT / "docs/examples/example-vault-password.txt"))
# Reports are in English unless a test asks for another language.
os.environ.pop("NETWARDEN_LANG", None)
# Goldens and date-dependent checks are evaluated as of this day.
TODAY = dt.date(2026, 11, 24)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the templates")


REPORT_SCHEMA = ROOT / "docs" / "report.schema.json"


def report_validator() -> Any:
    """A validator of the JSON report against its published schema (docs/report.schema.json)."""
    import json

    import jsonschema

    schema = json.loads(REPORT_SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture(autouse=True)
def _json_reports_match_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every JSON report any test renders is validated against docs/report.schema.json (issue 16 item 1)."""
    import json

    from netwarden import report

    validator = report_validator()
    plain = report.FORMATS["json"]

    def checked(rep: Any, lang: Any) -> str:
        out = plain(rep, lang)
        errors = sorted(validator.iter_errors(json.loads(out)), key=lambda e: list(e.absolute_path))
        assert not errors, "JSON report does not match docs/report.schema.json: " + "; ".join(
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5])
        return out

    monkeypatch.setitem(report.FORMATS, "json", checked)


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


# --- helpers shared by test modules ------------------------------------------------------------

def model_dump(net: Any) -> dict[str, Any]:
    """A network model as JSON data, without what depends on where it was read from (to compare loaders)."""
    d: dict[str, Any] = net.model_dump(mode="json")
    d.pop("inventory")
    for dev in d["devices"].values():
        dev.pop("source")
    return d


def intended(inventory: str) -> tuple[Network, Baseline, dict[str, str]]:
    """An inventory's network, the baseline and every device's rendered config."""
    from netwarden.baseline import load_baseline
    from netwarden.model import load_network
    from netwarden.render.engine import Renderer

    net = load_network(inventory, today=TODAY)
    base = load_baseline()
    return net, base, {r.hostname: r.text for r in Renderer(base).render_network(net)}


def verify_edited(net: Network, base: Baseline, texts: dict[str, str], device: str | None = None,
                  edits: list[tuple[str, str]] | None = None, count: int = -1) -> Report:
    """verify over `texts` with `device`'s config changed by hand: each (old, new) must be there and is
    replaced `count` times (-1: everywhere)."""
    from netwarden.verify.engine import verify_network

    configs = {h: (t, f"{h}.cfg") for h, t in texts.items()}
    if device:
        text = texts[device]
        for old, new in edits or []:
            assert old in text, f"{old!r} not in {device}"
            text = text.replace(old, new, count)
        configs[device] = (text, f"{device}.cfg")
    return verify_network(net, base, configs)


def lab_configs(tmp_path: Path, edit: Callable[[str], str]) -> Path:
    """The lab inventory rendered into tmp_path/cfg, with ub-fin.cfg changed by `edit`."""
    from netwarden.cli import main

    out = tmp_path / "cfg"
    assert main(["render", "-i", "inventories/lab", "-o", str(out)]) == 0
    p = out / "ub-fin.cfg"
    p.write_text(edit(p.read_text()))
    return out


def lab_report(configs: Path, fmt: str, tmp_path: Path) -> str:
    """The `verify` report of the lab against `configs` in format `fmt` (with findings: exit code 2)."""
    from netwarden.cli import main

    out = tmp_path / f"report.{fmt}"
    assert main(["verify", "-i", "inventories/lab", "--configs", str(configs), "--format", fmt,
                 "-o", str(out)]) == 2
    return out.read_text()

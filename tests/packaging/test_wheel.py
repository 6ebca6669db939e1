"""The built wheel works outside the repository, and every declared dependency is used."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# distribution -> how src/ uses it (an import, or the NAPALM driver name a platform declares)
USES = {
    "ansible-core": r"(from|import) ansible\b",
    "jinja2": r"(from|import) jinja2\b",
    "pyyaml": r"import yaml\b",
    "pydantic": r"(from|import) pydantic\b",
    "napalm": r"(from|import) napalm\b",
    "napalm-huawei-vrp": r'napalm_driver="huawei_vrp"',
    "netmiko": r"(from|import) netmiko\b",
    "hier-config": r"(from|import) hier_config\b",
    "netutils": r"(from|import) netutils\b",
    "rich": r"(from|import) rich\b",
    "psycopg": r"(from|import) psycopg\b",  # the results store on PostgreSQL (history/store.py)
}


def _project() -> dict:  # type: ignore[type-arg]
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_every_declared_dependency_is_used() -> None:
    src = "\n".join(p.read_text() for p in (ROOT / "src").rglob("*.py"))
    names = [re.split(r"[<>=!~;\[ ]", d, maxsplit=1)[0].lower() for d in _project()["dependencies"]]
    assert sorted(names) == sorted(USES), "a dependency was added or dropped: say here how src/ uses it"
    unused = [n for n in names if not re.search(USES[n], src)]
    assert unused == []


def test_python_range() -> None:
    assert _project()["requires-python"] == ">=3.11,<3.14"


def test_wheel_carries_the_baseline_and_loads_it_outside_the_repository(tmp_path: Path) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if r.returncode != 0 and "hatchling" in r.stderr and "No matching distribution" in r.stderr:
        pytest.skip("hatchling (the build backend) cannot be fetched here")
    assert r.returncode == 0, r.stderr
    (whl,) = tmp_path.glob("netwarden-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(whl) as z:
        assert "netwarden/data/baseline.yml" in z.namelist()
        assert z.read("netwarden/data/baseline.yml") == (ROOT / "baseline" / "baseline.yml").read_bytes()
        z.extractall(site)
    env = {k: v for k, v in os.environ.items() if k not in ("NETWARDEN_BASELINE", "PYTHONPATH")}
    env["PYTHONPATH"] = str(site)
    code = "import netwarden.baseline as b; p = b.default_path(); print(p); print(len(b.load_baseline(str(p)).rules))"
    r = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    path, rules = r.stdout.split()
    assert Path(path) == site / "netwarden" / "data" / "baseline.yml"
    assert int(rules) > 10

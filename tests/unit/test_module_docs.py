"""The documentation-only module files carry valid Ansible documentation (YAML), one per action plugin."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

MODULES = sorted(Path("plugins/modules").glob("netwarden_*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[p.stem for p in MODULES])
def test_module_documentation_is_valid(path: Path) -> None:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    doc = yaml.safe_load(mod.DOCUMENTATION)
    assert doc["module"] == path.stem and doc["options"]
    yaml.safe_load(mod.EXAMPLES)
    yaml.safe_load(mod.RETURN)
    assert (Path("plugins/action") / path.name).is_file()

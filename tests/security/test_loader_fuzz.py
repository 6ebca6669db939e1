"""No traceback for any input, on every loading path: any YAML value in place of any inventory file (the
hosts file, a group's or a host's variables), any value under any key of them, and arbitrary bytes, give
`validate` exit 0 or 1 with problems naming the file, never an exception."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netwarden.cli import main

ROOT = Path(__file__).resolve().parents[2]
FILES = ["hosts.yml", "group_vars/all/province.yml", "group_vars/all/units.yml", "group_vars/all/allowlist.yml",
         "group_vars/unit_border.yml", "host_vars/ub-fin.yml", "host_vars/exit1.yml", "host_vars/h-fin.yml"]
SCALARS = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
           | st.floats(allow_nan=True) | st.dates(min_value=dt.date(1, 1, 1))
           | st.text(max_size=12) | st.sampled_from(["", "eth1", "0.0.0.0/0", "198.18.40.1/24", "tcp/443",
                                                     "prov-finance", "linux_frr", "unit_border", "!vault"]))
VALUES = st.recursive(SCALARS, lambda c: st.lists(c, max_size=3) | st.dictionaries(
    st.sampled_from(["name", "address", "faces", "netwarden_interfaces", "netwarden_unit", "hosts", "children",
                     "vars", "prefix", "ports", "all", "ub-fin"]) | st.text(max_size=6), c, max_size=3), max_leaves=8)


@pytest.fixture(scope="module")
def inv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("fuzz") / "inv"
    shutil.copytree(ROOT / "inventories/lab", d)
    return d


def _validate(inv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["validate", "-i", str(inv), "--today", "2026-11-24"])
    out, err = capsys.readouterr()
    assert rc in (0, 1) and "Traceback" not in err + out, (rc, err)
    if rc == 1:
        assert err.startswith("error: "), err


def _tree(inv: Path, name: str) -> Any:
    return yaml.safe_load((ROOT / "inventories/lab" / name).read_text())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(FILES), value=VALUES)
def test_any_yaml_in_place_of_a_file(inv: Path, capsys: pytest.CaptureFixture[str], name: str, value: Any) -> None:
    p = inv / name
    try:
        p.write_text(yaml.safe_dump(value, allow_unicode=True))
        _validate(inv, capsys)
    finally:
        shutil.copy(ROOT / "inventories/lab" / name, p)


def _paths(v: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if path else []
    if isinstance(v, dict):
        for k, x in v.items():
            out += _paths(x, (*path, k))
    elif isinstance(v, list):
        for i, x in enumerate(v):
            out += _paths(x, (*path, i))
    return out


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(FILES), data=st.data(), value=VALUES)
def test_any_yaml_under_any_key(inv: Path, capsys: pytest.CaptureFixture[str], name: str, data: st.DataObject,
                                value: Any) -> None:
    tree = _tree(inv, name)
    path = data.draw(st.sampled_from(_paths(tree)))
    node = tree
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value
    p = inv / name
    try:
        p.write_text(yaml.safe_dump(tree, allow_unicode=True))
        _validate(inv, capsys)
    finally:
        shutil.copy(ROOT / "inventories/lab" / name, p)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(FILES), raw=st.binary(max_size=64)
       | st.sampled_from([b"\xff\xfe", b"a: &x [*x]", b"a: !!python/object:os.system x", b"? [a, b]\n: 1",
                          b"<<: 1", b"a: 1\na: 2", b"--- 1\n--- 2", b"\x00", b"a: !vault |\n  xx"]))
def test_any_bytes_in_place_of_a_file(inv: Path, capsys: pytest.CaptureFixture[str], name: str, raw: bytes) -> None:
    p = inv / name
    try:
        p.write_bytes(raw)
        _validate(inv, capsys)
    finally:
        shutil.copy(ROOT / "inventories/lab" / name, p)

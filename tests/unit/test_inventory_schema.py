"""docs/inventory.schema.json is generated from the typed model, kept current, and describes the bundled
inventories; docs/inventory.md names every variable netwarden reads."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from netwarden.model.build import CONNECTION_KEYS, HOST_KEYS, LAB_HOST_KEY, PROVINCE_KEYS
from netwarden.model.inventory import load_static
from netwarden.model.schema import inventory_schema
from netwarden.model.vault import VaultDecrypter

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "docs" / "inventory.schema.json"


def _render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_schema_file_is_current(request: pytest.FixtureRequest) -> None:
    text = _render(inventory_schema())
    if request.config.getoption("--update-golden"):
        SCHEMA.write_text(text)
    assert SCHEMA.read_text() == text, "regenerate: pytest tests/unit/test_inventory_schema.py --update-golden"


def _validator() -> jsonschema.Draft202012Validator:
    schema = inventory_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _messages(v: jsonschema.Draft202012Validator, instance: Any) -> list[str]:
    """Every error's message, those inside anyOf branches too."""
    out: list[str] = []
    todo = list(v.iter_errors(instance))
    while todo:
        e = todo.pop()
        out.append(e.message)
        todo += e.context or []
    return sorted(out)


def _plain(v: Any) -> Any:
    return json.loads(json.dumps(v, default=str))


def _data(inv: str) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    vault = VaultDecrypter.from_options(None)
    data = load_static(ROOT / "inventories" / inv, vault, cache=None)
    return _plain(data.all_vars), {h: _plain(r.vars) for h, r in data.hosts.items()}


@pytest.mark.parametrize("inv", ["example", "lab"])
def test_bundled_inventories_match_the_schema(inv: str) -> None:
    v = _validator()
    province, hosts = _data(inv)
    assert [e.message for e in v.iter_errors({"province": province})] == []
    for h, hv in hosts.items():
        assert [e.message for e in v.iter_errors({"host": hv})] == [], h


def test_schema_refuses_what_validate_refuses() -> None:
    v = _validator()
    province, hosts = _data("lab")
    host = copy.deepcopy(hosts["core1"])
    host["netwarden_interfaces"][0]["faces"] = "outside"
    host["netwarden_interfaces"][0]["peer"] = "no-colon"
    host["netwarden_routing"]["ospf"]["router_id"] = "10.0.0.300"
    host["netwarden_interfaces"][0]["description"] = "line\u2028break"
    msgs = _messages(v, {"host": host})
    assert any("'outside' is not one of" in m for m in msgs), msgs
    assert any("'no-colon' does not match" in m for m in msgs), msgs
    assert any("'10.0.0.300' is not a 'ipv4'" in m for m in msgs), msgs
    assert any("does not match" in m and "break" in m for m in msgs), msgs
    province["netwarden_units"]["prov-finance"]["level"] = 5
    province["netwarden_secrets"]["snmp_auth"] = {"file": "x"}
    msgs = _messages(v, {"province": province})
    assert "5 is greater than the maximum of 4" in msgs, msgs
    assert "Additional properties are not allowed ('file' was unexpected)" in msgs, msgs


def test_inventory_page_names_every_variable() -> None:
    page = (ROOT / "docs" / "inventory.md").read_text()
    keys = {*HOST_KEYS, *PROVINCE_KEYS, *CONNECTION_KEYS, LAB_HOST_KEY, "ansible_host"}
    assert sorted(k for k in keys if f"`{k}`" not in page) == []
    schema_keys = {
        *inventory_schema()["$defs"]["HostVars"]["properties"],
        *inventory_schema()["$defs"]["ProvinceVars"]["properties"],
    }
    assert schema_keys == keys

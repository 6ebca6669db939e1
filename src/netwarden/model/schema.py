"""A JSON Schema of the inventory's variables, generated from the typed model (model/types.py).

The schema says what each ``netwarden_*`` variable (and each Ansible variable netwarden reads) holds, as the
inventory spells it: a host's variables (``host``) and the province's, set in ``group_vars/all``
(``province``). Where the inventory's spelling differs from the model's, the model's schema is adjusted in
one place here: a unit's id is its key in ``netwarden_units``, an interface's peer and a lab host's attachment
are one ``device:interface`` string, the exit's devices and site default to the internet_exit hosts, and a
secret may be ``{env: VARIABLE}``. docs/inventory.schema.json is this function's output
(tests/unit/test_inventory_schema.py keeps it current); ``netwarden validate`` checks more than a schema can
(references between hosts and units, addresses, the rules of the province).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, create_model

from netwarden.model.build import CONNECTION_KEYS, HOST_KEYS, LAB_HOST_KEY, PROVINCE_KEYS
from netwarden.model.text import Name
from netwarden.model.types import (
    CA,
    AllowEntry,
    Connection,
    Device,
    DmzRule,
    Exit,
    Interface,
    IPAddr,
    LabHost,
    MonitoringSite,
    Network,
    Secrets,
    Unit,
)

SCHEMA_ID = "https://netwarden.invalid/inventory.schema.json"
_DEVICE_IF = r"^[^:\s]+:\S+$"  # device:interface


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")  # the inventory holds other variables too


class _Province(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name


def _field(model: type[BaseModel], name: str) -> tuple[Any, Any]:
    """A model field as an optional variable: its type and constraints, its default where it has one."""
    fi = copy.copy(model.model_fields[name])
    if fi.is_required():
        fi.default = None
    return fi.annotation, fi


def _models() -> tuple[type[BaseModel], type[BaseModel]]:
    host: dict[str, Any] = {key: _field(Device, f) for key, f in HOST_KEYS.items()}
    host["netwarden_interfaces"] = (list[Interface], None)
    host["ansible_host"] = (IPAddr, None)
    host.update({key: _field(Connection, f) for key, f in CONNECTION_KEYS.items()})
    host[LAB_HOST_KEY] = (LabHost, None)
    province: dict[str, Any] = {
        "netwarden_province": (_Province, None),
        "netwarden_zones": _field(Network, "zone_prefixes"),
        "netwarden_management_prefixes": _field(Network, "management_prefixes"),
        "netwarden_units": (dict[str, Unit], None),
        "netwarden_monitoring": (dict[str, MonitoringSite], None),
        "netwarden_backup_sites": _field(Network, "backup_sites"),
        "netwarden_backup_repos": _field(Network, "backup_repos"),
        "netwarden_audit_syslog": _field(Network, "audit_syslog"),
        "netwarden_ca": (CA, None),
        "netwarden_exit": (Exit, None),
        "netwarden_internet_allowlist": (list[AllowEntry], None),
        "netwarden_dmz_rules": (list[DmzRule], None),
        "netwarden_secrets": (Secrets, None),
        "netwarden_today": (dt.date, None),
    }
    assert set(province) == PROVINCE_KEYS, "a province variable without its schema"
    return (create_model("HostVars", __base__=_Open, **host), create_model("ProvinceVars", __base__=_Open, **province))


def _drop(d: dict[str, Any], *names: str) -> None:
    for n in names:
        d["properties"].pop(n, None)
        if n in d.get("required", []):
            d["required"].remove(n)
    if not d.get("required"):
        d.pop("required", None)


def _ecma_patterns(node: Any) -> None:
    """pydantic's patterns are Rust regex; JSON Schema's are ECMA-262: \\x{2028} is \\u2028 there."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "pattern" and isinstance(v, str):
                node[k] = re.sub(r"\\x\{([0-9A-Fa-f]{4})\}", r"\\u\1", v)
            else:
                _ecma_patterns(v)
    elif isinstance(node, list):
        for v in node:
            _ecma_patterns(v)


def inventory_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a host's and the province's variables."""
    from pydantic.json_schema import models_json_schema

    host, province = _models()
    (_, defs) = models_json_schema([(host, "validation"), (province, "validation")], ref_template="#/$defs/{model}")
    d = defs["$defs"]
    _drop(d["Unit"], "id")  # the key in netwarden_units
    iface = d["Interface"]
    _drop(iface, "peer_device", "peer_interface")
    iface["properties"]["peer"] = {
        "type": "string",
        "pattern": _DEVICE_IF,
        "maxLength": 318,
        "description": "the device and interface at the other end: device:interface",
    }
    lab = d["LabHost"]
    _drop(lab, "name", "attach_interface")  # the host's inventory name; attach holds both
    lab["properties"]["attach"] = {
        "type": "string",
        "pattern": _DEVICE_IF,
        "maxLength": 318,
        "description": "the device and interface the host's LAN is on: device:interface",
    }
    _drop(d["Exit"], "devices", "site")  # default: the internet_exit hosts and their site
    for k, p in d["Secrets"]["properties"].items():
        d["Secrets"]["properties"][k] = {
            "anyOf": [
                p,
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["env"],
                    "properties": {"env": {"type": "string"}},
                },
            ],
            "description": "vault-encrypted value, or {env: VARIABLE}",
        }
    d["_Province"]["title"] = "Province"
    _ecma_patterns(d)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "netwarden inventory variables",
        "description": "host: a host's variables (host_vars, groups); province: group_vars/all.",
        "type": "object",
        "properties": {"host": {"$ref": "#/$defs/HostVars"}, "province": {"$ref": "#/$defs/ProvinceVars"}},
        "$defs": d,
    }

"""Tagged JSON for netwarden's per-device render context (the baseline playbook's host vars).

`encode` turns a :class:`netwarden.render.context.DeviceCtx` (dataclasses, pydantic models,
ipaddress objects, tuples, dates, enums) into plain JSON data; `decode` rebuilds the same
objects, so the baseline playbook renders netwarden's own templates with the same context."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import importlib
import ipaddress
from typing import Any

from pydantic import BaseModel

IP_TYPES = {c.__name__: c for c in (ipaddress.IPv4Address, ipaddress.IPv4Network, ipaddress.IPv4Interface,
                                    ipaddress.IPv6Address, ipaddress.IPv6Network, ipaddress.IPv6Interface)}


def _cls(v: Any) -> str:
    return f"{type(v).__module__}:{type(v).__qualname__}"


def encode(v: Any) -> Any:
    if isinstance(v, enum.Enum):
        return {"__enum": _cls(v), "v": v.value}
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if type(v).__name__ in IP_TYPES:
        return {"__ip": type(v).__name__, "v": str(v)}
    if isinstance(v, dt.date):
        return {"__date": v.isoformat()}
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {"__dc": _cls(v), "f": {f.name: encode(getattr(v, f.name)) for f in dataclasses.fields(v)}}
    if isinstance(v, BaseModel):
        return {"__pm": _cls(v), "f": {k: encode(getattr(v, k)) for k in type(v).model_fields}}
    if isinstance(v, tuple):
        return {"__tuple": [encode(x) for x in v]}
    if isinstance(v, list):
        return [encode(x) for x in v]
    if isinstance(v, dict):
        if all(type(k) is str and not k.startswith("__") for k in v):
            return {k: encode(x) for k, x in v.items()}
        return {"__dict": [[encode(k), encode(x)] for k, x in v.items()]}
    raise TypeError(f"cannot encode {type(v)!r}")


def _load(name: str) -> Any:
    mod, _, qual = name.partition(":")
    obj: Any = importlib.import_module(mod)
    for part in qual.split("."):
        obj = getattr(obj, part)
    return obj


def decode(v: Any) -> Any:
    if isinstance(v, list):
        return [decode(x) for x in v]
    if not isinstance(v, dict):
        return str(v) if isinstance(v, str) else v  # Ansible hands over tagged str subclasses
    if "__enum" in v:
        return _load(v["__enum"])(v["v"])
    if "__ip" in v:
        return IP_TYPES[v["__ip"]](v["v"])
    if "__date" in v:
        return dt.date.fromisoformat(v["__date"])
    if "__dc" in v:
        return _load(v["__dc"])(**{k: decode(x) for k, x in v["f"].items()})
    if "__pm" in v:
        return _load(v["__pm"]).model_construct(**{k: decode(x) for k, x in v["f"].items()})
    if "__tuple" in v:
        return tuple(decode(x) for x in v["__tuple"])
    if "__dict" in v:
        return {decode(k): decode(x) for k, x in v["__dict"]}
    return {str(k): decode(x) for k, x in v.items()}

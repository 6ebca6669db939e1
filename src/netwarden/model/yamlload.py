"""Fast YAML loading for Ansible inventories: the C loader, duplicate-key detection, and
Ansible's tags (`!vault`, `!unsafe`)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import yaml

try:
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Base = yaml.SafeLoader


@dataclass(frozen=True)
class VaultText:
    """An inline `!vault` value, kept encrypted until the model needs it."""

    ciphertext: str
    source: str

    def __repr__(self) -> str:  # never print the ciphertext either
        return "VaultText(<encrypted>)"


class DuplicateKey(yaml.YAMLError):
    def __init__(self, key: str, line: int) -> None:
        super().__init__(f"duplicate key {key!r} at line {line}")
        self.key = key
        self.line = line


class _Loader(_Base):
    source = ""
    duplicates: list[DuplicateKey]


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, (str, int, float, bool)) and key is not None:  # `? [a, b]`: not a key of ours
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value (a list or mapping as a key is not allowed)",
                key_node.start_mark)
        if key in out:  # reported, and like YAML the last one stands
            loader.duplicates.append(DuplicateKey(str(key), key_node.start_mark.line + 1))
        out[key] = loader.construct_object(value_node, deep=deep)
    return out


def _construct_vault(loader: _Loader, node: yaml.Node) -> VaultText:
    return VaultText(str(loader.construct_scalar(node)), loader.source)


def _construct_unsafe(loader: _Loader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return _construct_mapping(loader, node, deep=True)  # type: ignore[arg-type]


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    """A date-shaped value that is no date (`2026-13-45`) stays text, for validation to name; PyYAML would
    raise ValueError from inside the parser."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor("!vault", _construct_vault)
_Loader.add_constructor("!unsafe", _construct_unsafe)


DEFAULT_MAX_FILE_SIZE = 16 << 20
DEFAULT_MAX_ALIAS_NODES = 100_000


def _env_size(name: str, default: int) -> int:
    v = os.environ.get(name, "").strip().upper()
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(v[-1:], 1) if v else 1
    num = v[:-1] if v[-1:] in ("K", "M", "G") else v
    return int(num) * mult if num.isdigit() and int(num) > 0 else default


def max_file_size() -> int:
    """Largest inventory file read, in bytes ($NETWARDEN_MAX_FILE_SIZE, e.g. 16M; default 16 MiB)."""
    return _env_size("NETWARDEN_MAX_FILE_SIZE", DEFAULT_MAX_FILE_SIZE)


def max_alias_nodes() -> int:
    """How many nodes YAML aliases may add to a document ($NETWARDEN_YAML_MAX_ALIAS_NODES)."""
    return _env_size("NETWARDEN_YAML_MAX_ALIAS_NODES", DEFAULT_MAX_ALIAS_NODES)


class Unbounded(yaml.YAMLError):
    """A document that would grow without bound when its aliases are expanded (a "billion laughs")."""


def check_aliases(text: str) -> None:
    """Refuse a document whose aliases expand to more than :func:`max_alias_nodes` nodes, from the parser's
    events alone (nothing is built). Documents without an anchor (``&``) cost nothing."""
    if "&" not in text:
        return
    limit = max_alias_nodes()
    sizes: dict[str, int] = {}
    stack: list[list[Any]] = [[0, None]]
    added = 0
    for ev in yaml.parse(text, Loader=_Base):
        if isinstance(ev, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            stack.append([1, ev.anchor])
            continue
        if isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            n, anchor = stack.pop()
        elif isinstance(ev, yaml.ScalarEvent):
            n, anchor = 1, ev.anchor
        elif isinstance(ev, yaml.AliasEvent):
            if any(a == ev.anchor for _, a in stack):  # inside the node it names: a structure without end
                raise Unbounded(f"YAML alias *{ev.anchor} refers to a node that contains it (a recursive "
                                "structure): refused")
            n, anchor = sizes.get(ev.anchor or "", 1), None
            added += n
            if added > limit:
                raise Unbounded(f"YAML aliases expand this document by more than {limit} nodes (an alias bomb?): "
                                "refused (NETWARDEN_YAML_MAX_ALIAS_NODES)")
        else:
            continue
        if anchor:
            sizes[anchor] = n
        stack[-1][0] += n


def load_yaml(text: str, source: str) -> tuple[Any, list[DuplicateKey]]:
    """Parse one document; returns the data and the duplicate keys found in it."""
    check_aliases(text)
    loader = _Loader(text)
    loader.source = source
    loader.duplicates = []
    try:
        return loader.get_single_data(), loader.duplicates
    finally:
        loader.dispose()

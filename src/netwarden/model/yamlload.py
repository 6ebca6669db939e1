"""Fast YAML loading for Ansible inventories: the C loader, duplicate-key detection, and
Ansible's tags (`!vault`, `!unsafe`)."""

from __future__ import annotations

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


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor("!vault", _construct_vault)
_Loader.add_constructor("!unsafe", _construct_unsafe)


def load_yaml(text: str, source: str) -> tuple[Any, list[DuplicateKey]]:
    """Parse one document; returns the data and the duplicate keys found in it."""
    loader = _Loader(text)
    loader.source = source
    loader.duplicates = []
    try:
        return loader.get_single_data(), loader.duplicates
    finally:
        loader.dispose()

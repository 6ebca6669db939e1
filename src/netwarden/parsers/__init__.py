"""Parsers: device configuration text -> the normalised :class:`ParsedConfig`."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import cast

from netwarden.parsers.model import ParsedConfig

# platform -> (module, function)
_PARSERS: dict[str, tuple[str, str]] = {
    "linux_frr": ("netwarden.parsers.linux_frr", "parse_linux_frr"),
    "cisco_ios": ("netwarden.parsers.cisco_ios", "parse_cisco_ios"),
    "huawei_vrp": ("netwarden.parsers.huawei_vrp", "parse_huawei_vrp"),
}
PLATFORMS = tuple(_PARSERS)


def parse(text: str, platform: str, source: str = "") -> ParsedConfig:
    """Parse one device's configuration text for `platform` (linux_frr, cisco_ios, huawei_vrp)."""
    if platform not in _PARSERS:
        raise ValueError(f"no parser for platform {platform!r} (parsers exist for: {', '.join(PLATFORMS)})")
    module, func = _PARSERS[platform]
    fn = cast(Callable[[str, str], ParsedConfig], getattr(importlib.import_module(module), func))
    return fn(text, source)


__all__ = ["PLATFORMS", "ParsedConfig", "parse"]

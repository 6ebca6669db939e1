"""Parsers: device configuration text -> the normalised :class:`ParsedConfig`.

Each platform's parser lives in its package (`netwarden.platforms.<name>.parser`); this
module dispatches by platform name through the registry."""

from __future__ import annotations

from netwarden import platforms
from netwarden.parsers.model import ParsedConfig


def parse(text: str, platform: str, source: str = "") -> ParsedConfig:
    """Parse one device's configuration text for a registered platform."""
    if platform not in platforms.registry():
        raise ValueError(f"no parser for platform {platform!r} (parsers exist for: {', '.join(platforms.names())})")
    return platforms.parser(platform)(text, source)


__all__ = ["ParsedConfig", "parse"]

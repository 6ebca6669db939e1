"""CFG-002, the intake of every check: is a text a configuration of its platform at all? A text that is
empty, cannot be parsed, or is evidently another platform's is an error (the device could not be checked),
never a pass and never findings about nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from netwarden import platforms
from netwarden.parsers import parse
from netwarden.parsers.model import ParsedConfig
from netwarden.verify.catalog import implements


@dataclass(frozen=True)
class Unreadable:
    why: Literal["empty", "unparsable", "not_platform"]
    detail: str = ""

    def message(self, source: str, platform: str) -> str:
        """What every caller says of it (verify, check-config, the round trip): the file, then why."""
        if self.why == "empty":
            return f"{source}: is empty: there is no configuration to check"
        if self.why == "unparsable":
            return f"{source}: cannot be parsed as {platform}: {self.detail}"
        return f"{source}: not a {platform} configuration ({self.detail}): nothing checked"


@implements("CFG-002", "intake")
def read_config(text: str, platform: str, source: str) -> ParsedConfig | Unreadable:
    if not text.strip():
        return Unreadable("empty")
    try:
        cfg = parse(text, platform, source)
    except ValueError as e:
        return Unreadable("unparsable", str(e))
    why = not_platform(text, platform, cfg)
    if why:
        return Unreadable("not_platform", why)
    return cfg


def not_platform(text: str, platform: str, cfg: ParsedConfig) -> str:
    """Why ``text`` is evidently not a configuration of ``platform`` ("" when it may be): a verdict on the
    wrong platform's config would be findings about nothing."""
    spec = platforms.get(platform)
    # a multi-file document carries section markers (docs/config-layout.md); a single-file config never does
    sections = re.search(r"(?m)^#@netwarden section=\S", text) is not None
    if spec.files is not None and not sections:
        return "no netwarden section markers (#@netwarden section=...)"
    if spec.files is None and sections:
        multi = [s.name for s in platforms.registry().values() if s.files is not None]
        return f"it is a {'/'.join(multi)} document (netwarden section markers)"
    if not cfg.hostname:
        return f"no {'sysname' if spec.indented_globals else 'hostname'} line"
    if not spec.signature or spec.signs(text):  # a platform without a signature has no sibling to mistake
        return ""
    for other in platforms.registry().values():
        signs = other.signs(text) if other.name != platform else []
        if signs:
            return f"it looks like a {other.name} configuration: {', '.join(signs)}"
    return ""

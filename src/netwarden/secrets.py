"""Secrets never reach a report, diff, backup, log or audit record: mask them.

Two layers: every secret value the inventory knows is replaced wherever it appears, and
secret-bearing configuration lines of every platform are masked by pattern (device-side
hashes and encrypted forms included, so a backup never carries crackable material)."""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "<redacted>"

def _patterns() -> list[re.Pattern[str]]:
    """Every registered platform's secret-line patterns (a text's platform is not always known)."""
    global _PATTERNS
    if _PATTERNS is None:
        from netwarden import platforms

        _PATTERNS = [p for spec in platforms.registry().values() for p in spec.secret_patterns]
    return _PATTERNS


_PATTERNS: list[re.Pattern[str]] | None = None


def _sub(m: re.Match[str]) -> str:
    g = m.groups()
    if len(g) == 1:
        return f"{g[0]} {MASK}"
    if len(g) == 2:
        return f"{g[0]} {MASK}{g[1]}{MASK}"
    # createUser / trapsess: keep the structure, mask the two secrets
    return f"{g[0]} {MASK}{g[2]} {MASK}"


def mask(text: str, secrets: Iterable[str] = ()) -> str:
    for pat in _patterns():
        text = pat.sub(_sub, text)
    for s in sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True):
        text = text.replace(s, MASK)
    return text


def contains_secret(text: str, secrets: Iterable[str]) -> list[str]:
    """The secret values (by position in the list, never the value) found in text."""
    return [f"secret #{n}" for n, s in enumerate(secrets) if s and s in text]

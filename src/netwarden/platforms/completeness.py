"""Is a running config whole? Judged by the structure of the platform's running config, never by its
last line alone (a cut right after any line or word ending in `end` passed that test, and so did a config
whose start was lost). Each platform declares its own check with these helpers (`completeness`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from netwarden.platforms.document import device_lines

Check = Callable[[str], str | None]


def _nonblank(text: str) -> list[str]:
    return [ln for ln in device_lines(text) if ln.strip()]


def cli_config(last: str, required: Sequence[tuple[str, str]], before_last: str | None = None,
               extra: Sequence[Check] = ()) -> Check:
    """A CLI running config: `last` alone on the last non-blank line at the top level (column 0),
    `before_last` (a view separator) on the line before it, every `required` (regex, what it is)
    statement present (a config whose start was lost has none), and every `extra` check satisfied."""
    res = [(re.compile(rx, re.M), what) for rx, what in required]

    def complete(text: str) -> str | None:
        lines = _nonblank(text)
        if not lines:
            return "empty running config"
        if lines[-1].rstrip() != last:
            return f"truncated running config (its last line is not a top-level {last!r})"
        if before_last is not None and (len(lines) < 2 or lines[-2].rstrip() != before_last):
            return f"truncated running config ({last!r} does not close the top-level view after {before_last!r})"
        missing = [what for rx, what in res if not rx.search(text)]
        if missing:
            return f"incomplete running config (no {', '.join(missing)}: its start was lost or cut)"
        for check in extra:
            why = check(text)
            if why:
                return why
        return None

    return complete


_BANNER = re.compile(r"^banner \S+ (\S+)", re.M)


def banners_closed(text: str) -> str | None:
    """IOS: every `banner TYPE DELIM...` is closed by its delimiter (the first character, or `^C`)."""
    lines = device_lines(text)
    i = 0
    while i < len(lines):
        m = _BANNER.match(lines[i])
        if m:
            tok = m[1]
            delim = "^C" if tok.startswith("^C") else tok[0]
            rest = tok[len(delim):] + lines[i][m.end(1):]
            if delim in rest:  # opened and closed on one line
                i += 1
                continue
            j = i + 1
            while j < len(lines) and delim not in lines[j]:
                j += 1
            if j >= len(lines):
                return f"truncated running config (banner at line {i + 1} is never closed by {delim!r})"
            i = j
        i += 1
    return None


def blocks_closed(openers: str, closer: str = "exit") -> Check:
    """A config whose blocks (top-level lines matching `openers`) each end with `closer` at the top level
    (FRR's `show running-config` since 7.x writes `exit` after every block)."""
    rx = re.compile(openers)

    def check(text: str) -> str | None:
        open_at = 0
        for n, ln in enumerate(device_lines(text), start=1):
            if ln.rstrip() == closer:
                open_at = 0
            elif rx.match(ln):
                if open_at:
                    return f"truncated config (the block at line {open_at} is not closed by {closer!r})"
                open_at = n
        if open_at:
            return f"truncated config (the block at line {open_at} is not closed by {closer!r})"
        return None

    return check

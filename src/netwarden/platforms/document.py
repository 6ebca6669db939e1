"""Multi-file documents: a platform whose configuration is several files on the device
(linux_frr: frr.conf, the nftables ruleset, sshd drop-ins...) is rendered, read and pushed as
one text, each file behind a marker line `#@netwarden section=NAME path=PATH`
(docs/config-layout.md)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

MARKER_RE = re.compile(r"^#@netwarden section=(?P<name>[a-z_]+) path=(?P<path>\S+)\s*$")


@dataclass(frozen=True)
class Section:
    name: str
    path: str
    body: str
    first_line: int  # 1-based line number of the first body line in the document


def device_lines(text: str) -> list[str]:
    """The lines of a configuration as a device reads them: split at line feeds only (a trailing carriage
    return dropped). ``str.splitlines`` also splits at U+2028, U+0085, form feeds and more, which a
    device keeps inside the line: a verifier that split there would read statements the device never
    executes (and miss the one it does)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [ln[:-1] if ln.endswith("\r") else ln for ln in lines]


def numbered(s: Section) -> list[tuple[int, str]]:
    """A section's body lines with their line numbers in the document."""
    return [(s.first_line + i, ln) for i, ln in enumerate(device_lines(s.body))]


class LayoutError(ValueError):
    pass


def marker(name: str, path: str) -> str:
    return f"#@netwarden section={name} path={path}"


def split_sections(text: str) -> dict[str, Section]:
    """Split a document into its sections (ordered as in the text).

    Lines before the first marker (a header comment) are ignored."""
    sections: dict[str, Section] = {}
    name: str | None = None
    path = ""
    start = 0
    body: list[str] = []
    for lineno, line in enumerate(device_lines(text), start=1):
        m = MARKER_RE.match(line)
        if m:
            if name is not None:
                sections[name] = Section(name, path, _join(body), start)
            name, path, start, body = m["name"], m["path"], lineno + 1, []
            if name in sections:
                raise LayoutError(f"line {lineno}: section {name!r} appears twice")
            continue
        if name is not None:
            body.append(line)
    if name is not None:
        sections[name] = Section(name, path, _join(body), start)
    return sections


def _join(lines: list[str]) -> str:
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""


def join_sections(sections: Mapping[str, str], paths: Mapping[str, str], header: str = "") -> str:
    """Build a document from section bodies (keys must be names in `paths`)."""
    out: list[str] = []
    if header:
        out.append(header.rstrip("\n"))
    for name, body in sections.items():
        out.append(marker(name, paths[name]))
        out.append(body.rstrip("\n"))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"

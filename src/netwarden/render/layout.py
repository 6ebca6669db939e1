"""The linux_frr multi-section document layout (docs/config-layout.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass

MARKER_RE = re.compile(r"^#@netwarden section=(?P<name>[a-z_]+) path=(?P<path>\S+)\s*$")

# section name -> path on the device, in document order
LINUX_FRR_SECTIONS: dict[str, str] = {
    "frr": "/etc/frr/frr.conf",
    "nftables": "/etc/nftables.d/netwarden.nft",
    "sshd": "/etc/ssh/sshd_config.d/50-netwarden.conf",
    "ssh_ca": "/etc/ssh/netwarden_user_ca.pub",
    "banner": "/etc/issue.net",
    "faillock": "/etc/security/faillock.conf",
    "syslog": "/etc/rsyslog.d/50-netwarden.conf",
    "chrony": "/etc/chrony/conf.d/50-netwarden.conf",
    "snmpd": "/etc/snmp/snmpd.conf.d/50-netwarden.conf",
}


@dataclass(frozen=True)
class Section:
    name: str
    path: str
    body: str
    first_line: int  # 1-based line number of the first body line in the document


class LayoutError(ValueError):
    pass


def marker(name: str, path: str | None = None) -> str:
    return f"#@netwarden section={name} path={path or LINUX_FRR_SECTIONS[name]}"


def split_sections(text: str) -> dict[str, Section]:
    """Split a linux_frr document into its sections (ordered as in the text).

    Lines before the first marker (a header comment) are ignored."""
    sections: dict[str, Section] = {}
    name: str | None = None
    path = ""
    start = 0
    body: list[str] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
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


def join_sections(sections: dict[str, str], header: str = "") -> str:
    """Build a document from section bodies (keys must be known section names)."""
    out: list[str] = []
    if header:
        out.append(header.rstrip("\n"))
    for name, body in sections.items():
        out.append(marker(name))
        out.append(body.rstrip("\n"))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"

"""Secrets never reach a report, diff, backup, log or audit record: mask them.

Two layers: every secret value the inventory knows is replaced wherever it appears, and
secret-bearing configuration lines of every platform are masked by pattern (device-side
hashes and encrypted forms included, so a backup never carries crackable material)."""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "<redacted>"

_PATTERNS: list[re.Pattern[str]] = [
    # cisco_ios
    re.compile(r"^(\s*(?:enable|username \S+(?: privilege \d+)?)(?: algorithm-type \S+)? (?:secret|password))"
               r"(?: \d+)? \S+", re.M),
    re.compile(r"^(\s*snmp-server user \S+ \S+ v3 auth \S+) \S+( priv (?:\S+ )?(?:\d+ )?)\S+", re.M),
    re.compile(r"^(\s*snmp-server community) \S+", re.M),
    re.compile(r"^(\s*(?:tacacs-server key|key|server-private \S+ key)(?: \d+)?) \S+", re.M),
    # huawei_vrp
    re.compile(r"^(\s*local-user \S+ password (?:irreversible-cipher|cipher|simple)) \S+", re.M),
    re.compile(r"^(\s*snmp-agent usm-user v3 \S+ (?:authentication-mode|privacy-mode) \S+(?: cipher)?) \S+", re.M),
    re.compile(r"^(\s*snmp-agent community (?:read|write)(?: cipher)?) \S+", re.M),
    re.compile(r"^(\s*hwtacacs-server shared-key(?: cipher)?) \S+", re.M),
    # linux_frr: snmpd, FRR
    re.compile(r'^(\s*createUser \S+ \S+) ("[^"]*"|\S+)( \S+) ("[^"]*"|\S+)', re.M),
    re.compile(r'^(\s*trapsess .*?-A) ("[^"]*"|\S+)(.*?-X) ("[^"]*"|\S+)', re.M),
    re.compile(r"^(\s*(?:rocommunity|rwcommunity)) \S+", re.M),
    re.compile(r"^(\s*(?:password|enable password)) \S+", re.M),
    re.compile(r"^(\s*neighbor \S+ password) \S+", re.M),
]


def _sub(m: re.Match[str]) -> str:
    g = m.groups()
    if len(g) == 1:
        return f"{g[0]} {MASK}"
    if len(g) == 2:
        return f"{g[0]} {MASK}{g[1]}{MASK}"
    # createUser / trapsess: keep the structure, mask the two secrets
    return f"{g[0]} {MASK}{g[2]} {MASK}"


def mask(text: str, secrets: Iterable[str] = ()) -> str:
    for pat in _PATTERNS:
        text = pat.sub(_sub, text)
    for s in sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True):
        text = text.replace(s, MASK)
    return text


def contains_secret(text: str, secrets: Iterable[str]) -> list[str]:
    """The secret values (by position in the list, never the value) found in text."""
    return [f"secret #{n}" for n, s in enumerate(secrets) if s and s in text]

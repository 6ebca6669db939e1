"""Which baseline rule a drifted configuration line belongs to (security drift), if any."""

from __future__ import annotations

import re

from netwarden.verify.catalog import implements

# (pattern, rule id): first match wins; order from specific to general
_RULES: list[tuple[re.Pattern[str], str]] = [(re.compile(p, re.I), r) for p, r in [
    (r"NW-EXIT-ALLOW|NW-EXIT-DENY|NW-INTERNET-IN|oifname .*accept comment|permit .* eq 443", "EXIT-004"),
    (r"\bnat\b|snat|masquerade|address-group|NW-NAT", "EXIT-003"),
    (r"default-information originate|default-route-advertise|default-originate", "EXIT-002"),
    (r"NW-OTHER-ZONE|NW-NO-OTHER-ZONE|NW-DENY-INTRANET|NW-ISO-DROP|other_zone|ip-prefix|prefix-list|route-map|"
     r"route-policy|ip protocol any", "ISO-003"),
    (r"^\s*(ip route|ip route-static)\b|redistribute|import-route|^\s*network\b|\bneighbor\b|\bpeer\b", "ISO-002"),
    (r"traffic-filter|access-group|\bchain (input|forward|output)\b|\bdrop\b|\baccept\b|\brule \d+ (permit|deny)|"
     r"^\s*\d+ (permit|deny)", "ISO-005"),
    (r"telnet|transport input|http server|http secure-server|stelnet|ip ssh version|protocol inbound", "MGMT-001"),
    (r"access-class|NW-MGMT|AllowUsers|acl \d+ inbound|set mgmt|@mgmt|tcp dport 22", "MGMT-002"),
    (r"exec-timeout|idle-timeout|ClientAlive|ChannelTimeout", "MGMT-003"),
    (r"login block-for|wrong-password|faillock|^\s*deny = |unlock_time|MaxAuthTries", "MGMT-004"),
    (r"banner|header login|issue\.net", "MGMT-005"),
    (r"PermitRootLogin|PasswordAuthentication|KbdInteractive|^\s*username |local-user", "MGMT-006"),
    (r"TrustedUserCAKeys|crypto pki|pki realm|trustpoint|ssh-ed25519|ssh-rsa|fingerprint", "PKI-001"),
    (r"aaa accounting|accounting-scheme|hwtacacs|tacacs|LogLevel|login on-(success|failure)", "AUD-001"),
    (r"archive|log config|logging enable|notify syslog|log commands|hidekeys", "AUD-002"),
    (r"logging host|logging trap|info-center|log syslog|omfwd|syslog", "MON-001"),
    (r"snmp", "MON-002"),
    (r"ntp|^\s*server \S+ iburst", "MON-003"),
]]


_NEGATION = re.compile(r"^(\s*)(?:no|undo)\s+")


@implements("DRIFT-001", "drift")
def rule_for_line(line: str) -> str | None:
    """The rule a drifted line belongs to (None: DRIFT-001, a difference no other rule is about);
    `no X` / `undo X` (how a diff removes X) counts as X."""
    line = _NEGATION.sub(r"\1", line)
    for pat, rid in _RULES:
        if pat.search(line):
            return rid
    return None

"""The statements netwarden renders for linux_frr, for the round trip (netwarden.parsers.vocabulary): each
file of the document in its own syntax, the context prefixed by the section ("nftables>chain input {").
The banner file is text, not statements; lines before the first section marker may only be comments."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from netwarden.parsers.vocabulary import Forms, Statement, Vocabulary, tree_statements
from netwarden.platforms.document import MARKER_RE, numbered
from netwarden.platforms.linux_frr.layout import LINUX_FRR_SECTIONS, LayoutError, split_sections

_RM = "NW-NO-OTHER-ZONE"
_IFS = r'\{ "[A-Za-z0-9_.:/-]+"(?:, "[A-Za-z0-9_.:/-]+")* \}'  # interface names (identifiers) as a set
_PREFIXES = r"\{ {P}(?:, {P})* \}"
_ADDRS = r"\{ {A}(?:, {A})* \}"
_PORTS = r"\{ {N}(?:-{N})?(?:, {N}(?:-{N})?)* \}"
_MATCH = r"(?:(?:tcp|udp) dport " + _PORTS + r"|ip protocol icmp)"
_ISO_DROP = r'counter log prefix "NW-ISO-DROP " drop'

FORMS = Forms({
    "frr>": (
        r"frr defaults traditional", r"hostname {W}", r"log syslog {W}", r"log facility {W}", r"log commands",
        r"service (?:password-encryption|integrated-vtysh-config)", r"interface {W}", r"exit",
        r"ip route {P} {W}", r"ip prefix-list NW-OTHER-ZONE seq {N} permit {P} le 32",
        rf"route-map {_RM} (?:deny 10|permit 100)", rf"ip protocol any route-map {_RM}",
        r"router ospf", r"router bgp {N}", r"line vty",
    ),
    r"frr>interface {W}": (
        r"description {T}", r"ip address {P}", r"ip ospf area {W}", r"ip ospf (?:hello|dead)-interval {N}",
        r"ip ospf passive", r"shutdown",
    ),
    rf"frr>route-map {_RM} deny 10": (r"match ip address prefix-list NW-OTHER-ZONE",),
    r"frr>router ospf": (r"ospf router-id {A}", rf"redistribute (?:static|connected) route-map {_RM}",
                         r"default-information originate always"),
    r"frr>router bgp {N}": (
        r"bgp router-id {A}", r"no bgp default ipv4-unicast", r"neighbor {A} remote-as {N}",
        r"neighbor {A} description {T}", r"address-family ipv4 unicast", r"exit-address-family",
    ),
    r"frr>address-family ipv4 unicast": (
        r"network {P}", r"neighbor {A} activate", rf"neighbor {{A}} route-map {_RM} (?:in|out)",
        r"neighbor {A} default-originate",
    ),
    r"frr>line vty": (r"exec-timeout {N} 0",),
    "nftables>": (r"flush ruleset", r"table inet netwarden \{", r"table ip netwarden_nat \{", r"\}"),
    r"nftables>table inet netwarden \{": (
        r"set (?:other_zone|mgmt|snmp_managers) \{", r"chain (?:input|forward|output) \{", r"\}",
    ),
    r"nftables>set (?:other_zone|mgmt|snmp_managers) \{": (
        r"type ipv4_addr", r"flags interval", r"elements = \{ (?:{P}|{A})(?:, (?:{P}|{A}))* \}",
    ),
    r"nftables>chain (?:input|forward|output) \{": (
        r"type filter hook (?:input|forward|output) priority filter; policy (?:drop|accept);",
        r'iif "lo" accept', r"ip (?:saddr|daddr) @other_zone " + _ISO_DROP,
        r"ct state established,related accept", r"ct state invalid drop",
        r"tcp dport 22 ip saddr @mgmt accept", r"udp dport 161 ip saddr @snmp_managers accept",
        r"ip protocol (?:ospf|icmp) accept", r"tcp (?:dport|sport) 179 ip saddr " + _ADDRS + r" accept",
        r'counter log prefix "NW-(?:INPUT|FWD)-DROP " drop',
        r"iifname " + _IFS + r" oifname " + _IFS + r" ip saddr " + _PREFIXES + r" ip daddr " + _PREFIXES + r" "
        + _MATCH + r" accept comment {Q}",
        r"iifname " + _IFS + r' oifname ' + _IFS + r' counter log prefix "NW-EXIT-DENY " drop',
        r"iifname " + _IFS + r' counter log prefix "NW-(?:DMZ-DENY|INET-DROP) " drop',
        r"iifname " + _IFS + r" oifname " + _IFS + r" tcp dport \{ 80, 443 \} accept",
        r"iifname " + _IFS + r" oifname " + _IFS + r" accept",
        r"accept",
    ),
    r"nftables>table ip netwarden_nat \{": (r"chain postrouting \{", r"\}"),
    r"nftables>chain postrouting \{": (
        r"type nat hook postrouting priority srcnat; policy accept;",
        r"oifname " + _IFS + r" ip saddr " + _PREFIXES + r" snat to {A}-{A}",
    ),
    "sshd>": (
        r"PermitRootLogin no", r"(?:Password|KbdInteractive)Authentication no", r"PermitEmptyPasswords no",
        r"PubkeyAuthentication yes", r"TrustedUserCAKeys /etc/ssh/netwarden_user_ca\.pub",
        r"AllowUsers \*@{P}(?: \*@{P})*", r"MaxAuthTries {N}", r"LoginGraceTime 30", r"ClientAliveInterval 60",
        r"ClientAliveCountMax {N}", r"ChannelTimeout session:\*={N}m", r"(?:Ciphers|MACs|KexAlgorithms) {W}",
        r"(?:X11Forwarding|AllowTcpForwarding|AllowAgentForwarding|PermitTunnel) no", r"LogLevel VERBOSE",
        r"SyslogFacility AUTHPRIV", r"Banner /etc/issue\.net",
    ),
    "ssh_ca>": (r"(?:ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com|"
                r"sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+={0,3}(?: {T})?",),
    "faillock>": (r"deny = {N}", r"fail_interval = 900", r"unlock_time = {N}", r"audit"),
    "syslog>": (r'\*\.{W};authpriv\.\* action\(type="omfwd" target="{A}" port="514" protocol="tcp" '
                r'queue\.type="LinkedList" queue\.filename="nw-fwd-{N}" action\.resumeRetryCount="-1"\)',),
    "chrony>": (r"server {A} iburst",),
    "snmpd>": (r"agentAddress udp:{A}:161", r"createUser {W} SHA-256 {Q} AES {Q}", r"rouser -s usm {W} priv",
               r"trapsess -v 3 -u {W} -l authPriv -a SHA-256 -A {Q} -x AES -X {Q} {A}"),
})

_TEXT_SECTIONS = ("banner",)  # files of free text, not statements
_SEPARATORS = {"frr": ("!",)}  # the rest: `#` comments


def statements(text_lines: list[str]) -> list[Statement]:
    """Each known section's statements; what precedes the first marker as the "header" (comments only)."""
    out: list[Statement] = []
    header: list[tuple[int, str]] = []
    for no, line in enumerate(text_lines, start=1):
        if MARKER_RE.match(line):
            break
        header.append((no, line))
    out += tree_statements(header, ("#",), "header>")
    try:
        sections = split_sections("\n".join(text_lines))
    except LayoutError:
        return out  # the parser's warning says why
    for name, s in sections.items():
        if name in LINUX_FRR_SECTIONS and name not in _TEXT_SECTIONS:  # unknown sections: the parser warns
            out += tree_statements(numbered(s), _SEPARATORS.get(name, ("#",)), f"{name}>")
    return out


def filter_names(settings: Mapping[str, Any]) -> dict[str, str]:
    """The nftables base chains, as the parser names them (family, table, chain)."""
    return {hook: f"inet netwarden {hook}" for hook in ("input", "forward", "output")}


VOCABULARY = Vocabulary(FORMS, statements, filter_names, local_admin=False, aaa_servers=False)

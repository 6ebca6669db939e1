"""The statements netwarden renders for Huawei VRP, for the round trip (netwarden.parsers.vocabulary)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from netwarden.parsers.vocabulary import Forms, Statement, Vocabulary, tree_statements

_OPERAND = r"(?: (?:source|destination) {A} (?:0|{A}))"
_PORT = r"(?: (?:source-port|destination-port) (?:eq {N}|range {N} {N}))"
_RM = "NW-NO-OTHER-ZONE"


def rule(established: str) -> str:
    """An ACL rule as the VRP-style templates write it (`established`: how the CLI says "replies only")."""
    return (r"rule {N} (?:permit|deny)(?: (?:ip|tcp|udp|icmp|ospf))?" + _OPERAND + r"?" + _PORT + r"?" + _OPERAND
            + r"?" + _PORT + rf"?(?: icmp-type {{W}})?(?: {established})?(?: logging)?")


# what the VRP-style templates (VRP, Comware) write alike: the OSPF process view
OSPF_VIEW = (r"silent-interface all", r"undo silent-interface {W}", r"default-route-advertise always",
             rf"import-route (?:static|direct) route-policy {_RM}", r"area {W}")
RULE = rule("tcp-flag established")

# the top-level statements the VRP-style templates (VRP, Comware) write alike
TOP = (
    r"sysname {W}", r"info-center loghost source LoopBack0", r"info-center loghost {A} facility {W}",
    r"info-center logbuffer size 1024", r"snmp-agent", r"snmp-agent sys-info (?:contact|location) {T}",
    r"snmp-agent sys-info version v3", r"snmp-agent group v3 {W} privacy read-view NW-RO acl 2001",
    r"snmp-agent target-host trap address udp-domain {A} params securityname {W} v3 privacy",
    r"snmp-agent mib-view included NW-RO iso", r"snmp-agent trap source LoopBack0", r"ntp-service unicast-server {A}",
    r"pki entity {W}", rf"route-policy {_RM} (?:deny node 10|permit node 100)", r"interface {W}",
    r"ospf 1 router-id {A}", r"bgp {N}", r"return",
)

FORMS = Forms({
    "": (
        *TOP, r"lldp enable", r"undo (?:telnet server|ftp server|http server|http secure-server) enable",
        r"hwtacacs-server template NW-TACACS", r"aaa", r"info-center source default channel (?:2|4) log level {W}",
        r"info-center timestamp log date", r"acl name {W} {N}", r"snmp-agent usm-user v3 {W}",
        r"snmp-agent usm-user v3 {W} group {W}", r"snmp-agent usm-user v3 {W} authentication-mode sha cipher {W}",
        r"snmp-agent usm-user v3 {W} privacy-mode aes128 cipher {W}", r"ntp-service source-interface LoopBack0",
        r"pki realm {W}", r"nat address-group 1 {A} {A}",
        r"ip ip-prefix NW-OTHER-ZONE index {N} permit {A} {N}(?: greater-equal {N} less-equal 32)?",
        r"ip route-static {A} {A}(?: (?!description ){W})?(?: {A})?(?: description {T})?",
        r"stelnet server enable", r"ssh user {W}",
        r"ssh user {W} (?:authentication-type password|service-type stelnet)",
        r"ssh server (?:cipher|hmac)(?: {W})+", r"ssh server dh-exchange min-len 2048", r"ssh server timeout 60",
        r"ssh server authentication-retries {N}", r"user-interface (?:con 0|vty 0 4)",
    ),
    r"hwtacacs-server template NW-TACACS": (
        r"hwtacacs-server accounting {A}(?: secondary)?", r"hwtacacs-server source-ip {A}",
        r"hwtacacs-server shared-key cipher {W}",
    ),
    r"aaa": (
        r"(?:authentication|authorization)-scheme default", r"accounting-scheme (?:default|NW-ACCT)",
        r"recording-scheme NW-REC", r"(?:cmd|outbound|system) recording-scheme NW-REC",
        r"local-aaa-user wrong-password retry-interval 15 retry-time {N} block-time {N}",
        r"domain (?:default|default_admin)",
        r"local-user {W} password irreversible-cipher {W}", r"local-user {W} privilege level 15",
        r"local-user {W} service-type terminal ssh",
    ),
    r"accounting-scheme NW-ACCT": (r"accounting-mode hwtacacs",),
    r"recording-scheme NW-REC": (r"recording-mode hwtacacs NW-TACACS",),
    r"domain default_admin": (r"accounting-scheme NW-ACCT", r"hwtacacs-server NW-TACACS"),
    r"acl name {W} {N}": (r"description {T}", r"rule {N} description {T}", RULE),
    r"pki entity {W}": (r"common-name {W}",),
    r"pki realm {W}": (r"ca id {W}", r"enrollment-url {W}", r"entity {W}", r"fingerprint sha256 [0-9a-f]+"),
    rf"route-policy {_RM} deny node 10": (r"if-match ip-prefix NW-OTHER-ZONE",),
    r"interface {W}": (
        r"description {T}", r"ip address {A} {A}", r"traffic-filter (?:inbound|outbound) acl name {W}",
        r"nat outbound 2002 address-group 1", r"ospf timer (?:hello|dead) {N}", r"ospf enable 1 area {W}",
        r"shutdown", r"undo shutdown",
    ),
    r"ospf 1 router-id {A}": OSPF_VIEW,
    r"bgp {N}": (r"router-id {A}", r"peer {A} as-number {N}", r"peer {A} description {T}", r"ipv4-family unicast"),
    r"ipv4-family unicast": (
        r"undo synchronization", r"network {A} {A}", r"peer {A} enable",
        rf"peer {{A}} route-policy {_RM} (?:import|export)", r"peer {A} default-route-advertise",
    ),
    r"user-interface con 0": (r"authentication-mode aaa", r"idle-timeout {N} 0"),
    r"user-interface vty 0 4": (r"acl 2000 inbound", r"authentication-mode aaa", r"user privilege level 15",
                                r"protocol inbound ssh", r"idle-timeout {N} 0"),
})


def statements(text_lines: list[str]) -> list[Statement]:
    """The statements of a VRP text: the login header taken out as the parser takes it out, `#` lines close
    every view."""
    from netwarden.platforms.huawei_vrp.parser import _Vrp

    return tree_statements(_Vrp("", "").preprocess(text_lines), _Vrp.spec.comment_prefixes)


def filter_names(settings: Mapping[str, Any]) -> dict[str, str]:
    return {"mgmt": settings["mgmt_filter_name"], "snmp": "NW-SNMP", "zone": settings["intranet_filter_name"],
            "exit": settings["exit_filter_name"], "internet": "NW-INTERNET-IN", "nat_sources": "NW-NAT-SOURCES"}


VOCABULARY = Vocabulary(FORMS, statements, filter_names, local_admin=True, aaa_servers=True,
                        protocol_names={"direct": "connected"})

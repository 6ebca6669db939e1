"""The statements netwarden renders for H3C Comware 7, for the round trip (netwarden.parsers.vocabulary)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from netwarden.parsers.vocabulary import Forms, Statement, Vocabulary, tree_statements
from netwarden.platforms.huawei_vrp.roundtrip import OSPF_VIEW, TOP, rule

RULE = rule("established")
_RM = "NW-NO-OTHER-ZONE"

FORMS = Forms({
    "": (
        *TOP, r"lldp global enable", r"hwtacacs scheme NW-TACACS", r"domain NW", r"domain default enable NW",
        r"password-control enable", r"password-control length {N}",
        r"password-control login-attempt {N} exceed lock-time {N}", r"local-user {W} class manage",
        r"info-center source default (?:loghost|logbuffer) level {W}", r"info-center timestamp loghost iso",
        r"acl basic {N}", r"acl advanced name {W}",
        r"snmp-agent usm-user v3 {W} {W} simple authentication-mode sha {W} privacy-mode aes128 {W} acl 2001",
        r"clock protocol ntp", r"ntp-service enable", r"ntp-service source LoopBack0", r"pki domain {W}",
        r"nat address-group 1",
        r"ip prefix-list NW-OTHER-ZONE index {N} permit {A} {N}(?: greater-equal {N} less-equal 32)?",
        r"ip route-static {A} {N}(?: (?!description ){W})?(?: {A})?(?: description {T})?",
        r"ssh server enable", r"ssh server acl 2000", r"ssh server authentication-retries {N}",
        r"ssh server authentication-timeout 60", r"ssh user {W} service-type stelnet authentication-type password",
        r"ssh2 algorithm (?:cipher|mac|key-exchange)(?: {W})+", r"line vty 0 63",
    ),
    r"hwtacacs scheme NW-TACACS": (r"(?:primary|secondary) accounting {A}", r"key accounting simple {W}",
                                   r"nas-ip {A}"),
    r"domain NW": (r"authentication login local", r"authorization login local",
                   r"accounting (?:login|command) hwtacacs-scheme NW-TACACS"),
    r"local-user {W} class manage": (r"password simple {W}", r"service-type ssh terminal",
                                     r"authorization-attribute user-role network-admin"),
    r"acl (?:basic {N}|advanced name {W})": (r"description {T}", r"rule {N} comment {T}", RULE),
    r"pki entity {W}": (r"common-name {W}",),
    r"pki domain {W}": (r"ca identifier {W}", r"certificate request url {W}", r"certificate request entity {W}",
                        r"root-certificate fingerprint sha256 [0-9A-F]+"),
    r"nat address-group 1": (r"address {A} {A}",),
    rf"route-policy {_RM} deny node 10": (r"if-match ip address prefix-list NW-OTHER-ZONE",),
    r"interface {W}": (
        r"description {T}", r"ip address {A} {A}", r"ospf timer (?:hello|dead) {N}", r"ospf 1 area {W}",
        r"nat outbound 2002 address-group 1", r"packet-filter name {W} (?:inbound|outbound)", r"shutdown",
    ),
    r"ospf 1 router-id {A}": OSPF_VIEW,
    r"bgp {N}": (r"router-id {A}", r"peer {A} as-number {N}", r"peer {A} description {T}",
                 r"address-family ipv4 unicast"),
    r"address-family ipv4 unicast": (
        r"network {A} {A}", r"peer {A} enable", rf"peer {{A}} route-policy {_RM} (?:import|export)",
        r"peer {A} default-route-advertise",
    ),
    r"line vty 0 63": (r"authentication-mode scheme", r"protocol inbound ssh", r"idle-timeout {N} 0",
                       r"command accounting"),
})


def statements(text_lines: list[str]) -> list[Statement]:
    """The statements of a Comware text: the login header taken out as the parser takes it out, `#` lines
    close every view."""
    from netwarden.platforms.h3c_comware.parser import _Comware

    return tree_statements(_Comware("", "").preprocess(text_lines), _Comware.spec.comment_prefixes)


def filter_names(settings: Mapping[str, Any]) -> dict[str, str]:
    """Comware's basic ACLs are numbered (their description names them)."""
    return {"mgmt": "2000", "snmp": "2001", "zone": settings["intranet_filter_name"],
            "exit": settings["exit_filter_name"], "internet": "NW-INTERNET-IN", "nat_sources": "2002"}


VOCABULARY = Vocabulary(FORMS, statements, filter_names, local_admin=True, aaa_servers=True,
                        protocol_names={"direct": "connected"})

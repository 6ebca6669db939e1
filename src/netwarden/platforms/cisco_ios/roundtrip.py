"""The statements netwarden renders for Cisco IOS, for the round trip (netwarden.parsers.vocabulary)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from netwarden.parsers.vocabulary import Forms, Statement, Vocabulary, tree_statements

_AD = r"(?:any|host {A}|{A} {A})"  # an ACL operand
_PORT = r"(?: (?:eq \S+|range {N} {N}))?"
_ICMP = r"(?: (?:echo-reply|unreachable|packet-too-big|time-exceeded))?"
_EXTENDED = (r"{N} (?:permit|deny) (?:ip|tcp|udp|icmp|ospf) " + _AD + _PORT + " " + _AD + _PORT + _ICMP
             + r"(?: established)?(?: log)?")
_STANDARD = r"{N} (?:permit|deny) (?:any|{A}(?: {A})?)(?: log)?"
_RM = "NW-NO-OTHER-ZONE"

FORMS = Forms({
    "": (
        r"hostname {W}",
        r"service timestamps (?:debug|log) datetime msec localtime show-timezone",
        r"service (?:password-encryption|tcp-keepalives-in|tcp-keepalives-out)",
        r"no service (?:pad|tcp-small-servers|udp-small-servers)",
        r"no ip (?:source-route|bootp server|http server|http secure-server)",
        r"no cdp run", r"lldp run",
        r"enable algorithm-type scrypt secret {W}",
        r"username {W} privilege 15 algorithm-type scrypt secret {W}",
        r"aaa new-model", r"aaa session-id common",
        r"tacacs server NW-TACACS-{N}", r"aaa group server tacacs\+ NW-TACACS",
        r"aaa authentication login default local", r"aaa authentication enable default enable",
        r"aaa authorization console", r"aaa authorization exec default local",
        r"aaa accounting (?:exec|commands 1|commands 15|connection|system) default start-stop group NW-TACACS",
        r"security passwords min-length {N}", r"login block-for {N} attempts {N} within 900",
        r"login on-(?:failure|success) log",
        r"archive",
        r"logging buffered {N} {W}", r"logging userinfo", r"logging origin-id hostname", r"logging facility {W}",
        r"logging source-interface Loopback0", r"logging trap {W}", r"logging host {A}",
        r"ip access-list (?:standard|extended) {W}",
        r"snmp-server view NW-RO iso included", r"snmp-server group {W} v3 priv read NW-RO access NW-SNMP",
        r"snmp-server user {W} {W} v3 auth sha {W} priv aes 128 {W} access NW-SNMP",
        r"snmp-server location {T}", r"snmp-server contact {T}", r"snmp-server trap-source Loopback0",
        r"snmp-server enable traps snmp authentication linkdown linkup coldstart warmstart",
        r"snmp-server enable traps config", r"snmp-server host {A} version 3 priv {W}",
        r"ntp source Loopback0", r"ntp server {A}",
        r"crypto pki trustpoint {W}",
        r"ip prefix-list NW-OTHER-ZONE seq {N} permit {P}(?: le 32)?",
        rf"route-map {_RM} (?:deny 10|permit 100)",
        r"interface {W}", r"router ospf 1", r"router bgp {N}",
        r"ip route {A} {A}(?: (?!name ){W})?(?: {A})?(?: name {W})?",
        r"ip nat pool NW-NAT-POOL {A} {A} netmask {A}",
        r"ip nat inside source list NW-NAT-SOURCES pool NW-NAT-POOL overload",
        r"ip ssh time-out 60", r"ip ssh authentication-retries {N}", r"ip ssh version 2", r"ip ssh logging events",
        r"ip ssh server algorithm (?:mac|encryption|kex)(?: {W})+", r"ip ssh server certificate profile",
        r"line con 0", r"line vty (?:0 4|5 15)",
        r"end",
    ),
    r"aaa group server tacacs\+ NW-TACACS": (r"server name NW-TACACS-{N}", r"ip tacacs source-interface Loopback0"),
    r"tacacs server NW-TACACS-{N}": (r"address ipv4 {A}", r"key {W}"),
    r"archive": (r"path flash:\$h-archive-", r"maximum 14", r"log config"),
    r"log config": (r"logging enable", r"logging size 500", r"notify syslog contenttype plaintext", r"hidekeys"),
    r"ip access-list standard {W}": (r"remark {T}", _STANDARD),
    r"ip access-list extended {W}": (r"remark {T}", _EXTENDED),
    r"interface {W}": (
        r"description {T}", r"ip address {A} {A}", r"no ip address", r"ip access-group {W} (?:in|out)",
        r"no ip redirects", r"no ip proxy-arp", r"ip nat (?:inside|outside)", r"ip ospf (?:hello|dead)-interval {N}",
        r"ip ospf 1 area {W}", r"no lldp (?:transmit|receive)", r"shutdown", r"no shutdown",
    ),
    r"router ospf 1": (
        r"router-id {A}", rf"redistribute (?:static|connected) subnets route-map {_RM}", r"passive-interface default",
        r"no passive-interface {W}", r"default-information originate always",
    ),
    r"router bgp {N}": (
        r"bgp router-id {A}", r"bgp log-neighbor-changes", r"no bgp default ipv4-unicast",
        r"neighbor {A} remote-as {N}", r"neighbor {A} description {T}", r"address-family ipv4",
        r"exit-address-family",
    ),
    r"address-family ipv4": (
        r"network {A} mask {A}", r"neighbor {A} activate", r"neighbor {A} default-originate",
        rf"neighbor {{A}} route-map {_RM} (?:in|out)",
    ),
    rf"route-map {_RM} deny 10": (r"description {T}", r"match ip address prefix-list NW-OTHER-ZONE"),
    r"crypto pki trustpoint {W}": (
        r"enrollment url {W}", r"enrollment terminal", r"fingerprint [0-9A-F]+", r"subject-name cn={W}",
        r"revocation-check crl", r"rsakeypair {W} 3072",
    ),
    r"ip ssh server certificate profile": (r"user",),
    r"user": (r"trustpoint verify {W}",),
    r"line con 0": (r"exec-timeout {N} 0", r"login authentication default", r"logging synchronous",
                    r"transport output none"),
    r"line vty (?:0 4|5 15)": (r"access-class {W} in", r"exec-timeout {N} 0", r"login authentication default",
                                r"transport input ssh", r"transport output ssh"),
})


def statements(text_lines: list[str]) -> list[Statement]:
    """The statements of an IOS text: banners taken out as the parser takes them out, `!` lines skipped."""
    from netwarden.platforms.cisco_ios.parser import _Ios

    return tree_statements(_Ios("", "").preprocess(text_lines), _Ios.spec.comment_prefixes)


def filter_names(settings: Mapping[str, Any]) -> dict[str, str]:
    return {"mgmt": settings["mgmt_filter_name"], "snmp": "NW-SNMP", "zone": settings["intranet_filter_name"],
            "exit": settings["exit_filter_name"], "internet": "NW-INTERNET-IN", "nat_sources": "NW-NAT-SOURCES"}


VOCABULARY = Vocabulary(FORMS, statements, filter_names, local_admin=True, aaa_servers=True)

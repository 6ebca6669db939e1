"""The keywords the VRP-style CLIs (Huawei VRP, H3C Comware) share, by view, for their platforms'
vocabularies (platforms/keywords.py): each platform adds its own commands and neighbours. Sources:
Huawei AR/NE command references (V200R010), H3C Comware 7 command references."""

from __future__ import annotations

from netwarden.parsers._common import PORT_NAMES, PROTO_ALIASES, PROTO_NUMBERS

# the system view, alike on both
SYSTEM = """
sysname|lldp|clock|dhcp|dns|drop|ftp|http|info-center|lacp|mac-address|return|quit|stp|vlan|user
interface *
ip route-static vpn-instance|*
ip ip-prefix|prefix-list|vpn-instance|host|ttl-expires|unreachables|http|https|netstream|load-sharing
ip forward-broadcast
info-center loghost|source|logbuffer|timestamp|enable|channel|console|logfile|monitor|snmp|trapbuffer|max-logfile-number
ntp-service unicast-server|unicast-peer|enable|source-interface|source|authentication|authentication-keyid
ntp-service refclock-master
ntp-service reliable|server|in-interface
snmp-agent community|usm-user|group|target-host|sys-info|mib-view|trap|packet|target|local-engineid|protocol
acl number|name|ipv6|mac|user-defined|*
route-policy * permit|deny node
nat address-group|alg|static|server|outbound|dns-map|filter-mode|log
pki entity|realm|domain|import-certificate|export|certificate|storage|delete-certificate|validate-certificate
ospf|ospfv3|bgp|rip|ripng|isis|aaa|header|stelnet|ssh|ssh2|telnet|scp|sftp|hwtacacs-server|radius-server|local-user
ssh server|user|client|authentication-type|server-source
ssh server authentication-retries|timeout|cipher|hmac|dh-exchange|port|rekey-interval|acl|enable|key-exchange
"""

INTERFACE = """
ip address|binding|verify|forward-broadcast|unreachables|redirect|mtu|netstream|policy-based-route|urpf
description|shutdown|speed|duplex|port|mtu|mac-address|bandwidth|jumboframe|lldp|loopback|negotiation|dot1q|vlan
nat outbound|server|static|address-group|alg|enable
ospf enable|cost|network-type|authentication-mode|timer|dr-priority|mtu-enable|bfd|silent
"""

ACL = """
rule * permit|deny {ace}
rule permit|deny {ace}
rule * description
description|step|match-order
"""

ACE = ("source* destination* source-port destination-port logging tcp-flag established time-range* vpn-instance*"
       " icmp-type* dscp* precedence* tos* ttl-expired fragment none-first-fragment counting eq gt lt range any"
       " ack fin psh rst syn urg")

OSPF = """
import-route|default-route-advertise|silent-interface|area|router-id|bandwidth-reference|preference|stub|filter-policy
import-route * route-policy
"""

OSPF_AREA = """
network|authentication-mode|stub|nssa|abr-summary|filter|description
"""

BGP = """
peer * as-number|group|route-policy|ip-prefix|prefix-list|default-route-advertise|password|description|connect-interface
peer * enable|ebgp-max-hop|keep-alive-time|timer|advertise-community|next-hop-local|reflect-client|ignore|route-limit
network|import-route|router-id|group|ipv4-family|ipv6-family|l2vpn-family|evpn|address-family|default|preference
summary|aggregate|bestpath|timer|graceful-restart|maximum|reflector
"""

ROUTE_POLICY = """
if-match ip-prefix|acl|cost|interface|tag|route-type|community-filter|as-path-filter|ip
if-match ip address|next-hop|route-source prefix-list|acl
apply|goto
"""

LINE = """
protocol inbound
idle-timeout|acl|authentication-mode|user|screen-length|history-command|shell|set|command|user-role|auto-execute
"""

KEEP = [*PORT_NAMES, *PROTO_NUMBERS.values(), *PROTO_ALIASES, "ip", "tcp", "udp", "icmp", "0"]

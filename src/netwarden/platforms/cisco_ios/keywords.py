"""The IOS keywords netwarden reads, by configuration mode, with their neighbours (the other commands of
the mode that share a prefix with them, so that `log` is ambiguous between `logging` and `login` as on
the device). Grammar: platforms/keywords.py. Sources: Cisco IOS XE configuration command references
(global, interface, router, line, ACL and trustpoint modes)."""

from __future__ import annotations

from netwarden.parsers._common import PORT_NAMES, PROTO_ALIASES, PROTO_NUMBERS
from netwarden.platforms.keywords import Keywords

_ADDR_LIST = "default|* start-stop|stop-only|none broadcast|group"

TOP = f"""
aaa new-model|authentication|authorization|session-id|group|server|common-criteria|attribute|local
aaa accounting exec|connection|system|network|update|dot1x|identity|resource {_ADDR_LIST}
aaa accounting commands * {_ADDR_LIST}
access-list * permit|deny {{ace}}
access-list * remark|dynamic
alias|arp|boot|bridge|call-home|cdp|class-map|clock|config-register|control-plane|default|enable|end|errdisable
archive
banner login|motd|exec|incoming|slip-ppp|prompt-timeout
event|exception|file|hostname|identity|key|kron|license|lldp|mac|memory|mls|monitor|multilink|object-group
parameter-map|policy-map|privilege|process-max-time|redundancy|rmon|scheduler|security|service|snmp
spanning-tree|subscriber|template|track|version|vlan|vtp|zone|zone-pair|username
crypto pki trustpoint|certificate|profile|server|import|export|authenticate|enroll
crypto ca trustpoint
crypto isakmp|ipsec|key|map|ikev2|keyring|dynamic-map
interface *
ip access-list standard|extended|resequence|logging|log-update|role-based|match-local-traffic
ip address|as-path|arp|bgp-community|bootp|cef|community-list|default-gateway|dhcp|domain|domain-name|finger
ip forward-protocol|ftp|host|icmp|igmp|local|multicast-routing|name-server|options|pim|radius|rcmd|scp
ip routing|sla|source-route|subnet-zero|tacacs|tcp|tftp|vrf|wccp|dns|domain-lookup|explicit-path|flow-export
ip route vrf|static|profile|*
ip prefix-list *
ip nat pool|translation|log|service|settings|create
ip nat inside|outside source|destination static|list|route-map
ip http server|secure-server|authentication|access-class|max-connections|timeout-policy|client|port|path
ip ssh version|authentication-retries|time-out|logging|server|pubkey-chain|rsa|dh|source-interface|port
ipv6
line vty|con|console|aux|tty
logging host|trap|buffered|console|monitor|facility|origin-id|source-interface|userinfo|on|rate-limit|*
login block-for|on-failure|on-success|quiet-mode|delay
ntp server|peer vrf|ip|ipv6|*
ntp authenticate|authentication-key|trusted-key|source|update-calendar|master|access-group|logging|clock-period
sntp server|peer
radius server|radius-server host|key|dead-criteria|deadtime|timeout|retransmit|source-ports
router ospf|bgp|eigrp|rip|isis|ospfv3|odr|lisp|mobile
route-map * permit|deny
snmp-server community|group|user|host|view|location|contact|enable|engineID|trap|trap-source|source-interface
snmp-server ifindex|chassis-id|queue-length|packetsize|manager|system-shutdown|tftp-server-list|file-transfer
tacacs server
tacacs-server host|key|timeout|directed-request|administration|dns-alias-lookup
vrf definition|forwarding
"""

INTERFACE = """
ip access-group * in|out
ip address|nat|ospf|redirects|proxy-arp|unreachables|mtu|helper-address|verify|directed-broadcast|flow|pim
ip ospf|igmp|mroute-cache|route-cache|tcp|policy|unnumbered|vrf|dhcp|local-proxy-arp|mask-reply|information-reply
ip nat inside|outside
ip ospf * area
ipv6
description|shutdown|speed|duplex|switchport|spanning-tree|standby|service-policy|snmp|source|mtu|media-type
bandwidth|bfd|carrier-delay|cdp|channel-group|crypto|delay|encapsulation|hold-queue|keepalive|load-interval
lldp|logging|mac-address|negotiation|power|priority-queue|vrf|zone-member|tunnel|vrrp|qos|storm-control
"""

OSPF = """
router-id|network|redistribute|passive-interface|area|auto-cost|bfd|capability|compatible|default-metric
default-information originate
default-information
distance|distribute-list|ignore|log-adjacency-changes|maximum-paths|neighbor|nsf|prefix-suppression|summary-address
timers|max-metric|ispf|discard-route|shutdown|address-family
"""

BGP = """
bgp router-id|log-neighbor-changes|default|bestpath|graceful-restart|cluster-id|confederation|listen|dampening
neighbor * remote-as|peer-group|route-map|prefix-list|default-originate|password|description|update-source
neighbor * activate|send-community|next-hop-self|timers|shutdown|ebgp-multihop|soft-reconfiguration|filter-list
neighbor * route-reflector-client|maximum-prefix|allowas-in|local-as|fall-over|ttl-security|version|weight
network|redistribute|address-family|aggregate-address|auto-summary|default-information|default-metric
distance|maximum-paths|synchronization|table-map|timers|template|exit-address-family
"""

ACL = """
permit|deny {ace}
* permit|deny {ace}
remark|dynamic|evaluate|statistics|default|exit
"""

ACE = ("host any eq neq gt lt range log log-input established fragments dscp* precedence* tos* ttl* time-range*"
       " option* reflect* packet-length* object-group* addrgroup* portgroup* ack fin psh rst syn urg match-all"
       " match-any")
# ICMP message names: values after `icmp`, taken as written (a keyword set holding them would make `ho` ambiguous)
ICMP_TYPES = ["echo", "echo-reply", "unreachable", "time-exceeded", "packet-too-big", "redirect", "parameter-problem",
              "source-quench", "timestamp-request", "timestamp-reply", "host-unreachable", "port-unreachable",
              "net-unreachable", "ttl-exceeded", "administratively-prohibited"]

LINE = """
transport input|output|preferred
exec-timeout|access-class|login|logging|password|privilege|session-timeout|stopbits|exec|history|length|width
absolute-timeout|autocommand|escape-character|ipv6|location|lockable|motd-banner|rotary|speed|terminal-type
"""

ROUTE_MAP = """
match ip address prefix-list
match ip address|next-hop|route-source
match as-path|community|interface|metric|route-type|tag|source-protocol|extcommunity|ipv6|local-preference
set|description|continue
"""

TRUSTPOINT = """
enrollment|fingerprint|subject-name|revocation-check|rsakeypair|auto-enroll|chain-validation|crl|eckeypair
ocsp|password|serial-number|source|subject-alt-name|usage|vrf|ip-address|hash|match|fqdn
"""

ARCHIVE = """
log config
path|maximum|write-memory|time-period|rollback
"""

LOG_CONFIG = """
logging enable|size|persistent
notify syslog
hidekeys
"""

SERVER = """
address ipv4|ipv6
key|port|timeout|single-connection|send-nat-address
"""

KEYWORDS = Keywords(
    negation="no",
    contexts={"": TOP, "interface ": INTERFACE, "router ospf": OSPF, "router bgp": BGP,
              "address-family ipv4": BGP, "ip access-list (standard|extended) ": ACL, "line ": LINE,
              "route-map ": ROUTE_MAP, "crypto (pki|ca) trustpoint ": TRUSTPOINT, "archive$": ARCHIVE,
              "log config$": LOG_CONFIG, "(tacacs|radius) server ": SERVER},
    sets={"ace": ACE},
    keep=[*PORT_NAMES, *ICMP_TYPES, *PROTO_NUMBERS.values(), *PROTO_ALIASES, "ip", "tcp", "udp", "icmp"],
)

"""The Comware 7 keywords netwarden reads, by view (platforms/keywords.py): the VRP-style views and
Comware's own."""

from __future__ import annotations

from netwarden.platforms import vrp_style_keywords as vs
from netwarden.platforms.keywords import Keywords

SYSTEM = vs.SYSTEM + """
line vty|con|aux|class
header login|motd|legal|shell|incoming
hwtacacs scheme
radius scheme|session-control|dynamic-author|attribute
domain default|*
local-user|password-control|packet-filter|public-key|role|telnet|ssh2|irf|scheduler|password-recovery
acl advanced|basic|number|name|ipv6|mac|user-defined
ssh server enable|acl|ipv6|authentication-retries|authentication-timeout|compatible-ssh1x|port|rekey-interval
telnet server enable|acl|ipv6
"""

INTERFACE = vs.INTERFACE + """
packet-filter ipv6|mac|user-defined|filter
packet-filter * inbound|outbound
packet-filter name * inbound|outbound
ospf * area
port link-mode|link-type|access|trunk|hybrid|isolate|link-aggregation
"""

SCHEME = """
primary accounting|authentication|authorization
secondary accounting|authentication|authorization
key accounting|authentication|authorization
user-name-format|nas-ip|timer|retry|vpn-instance
"""

DOMAIN = """
accounting login|command|default|lan-access|portal|ppp|super
authentication login|default|lan-access|portal|ppp|super
authorization login|command|default|lan-access|portal|ppp
state|authorization-attribute|service-type
"""

LOCAL_USER = """
password|service-type|authorization-attribute|group|state|description|validity-datetime|bind-attribute
"""

DOMAIN_PKI = """
root-certificate fingerprint
ca|certificate|crl|public-key|usage|source
"""

LINE = vs.LINE + """
command accounting|authorization
"""

KEYWORDS = Keywords(
    negation="undo",
    contexts={"": SYSTEM, "interface ": INTERFACE, "acl ": vs.ACL, "ospf": vs.OSPF, "area ": vs.OSPF_AREA,
              "bgp ": vs.BGP, "address-family ipv4": vs.BGP, "route-policy ": vs.ROUTE_POLICY, "line ": LINE,
              "(hwtacacs|radius) scheme ": SCHEME, "domain ": DOMAIN, "local-user ": LOCAL_USER,
              "pki domain ": DOMAIN_PKI},
    sets={"ace": vs.ACE},
    keep=vs.KEEP,
)

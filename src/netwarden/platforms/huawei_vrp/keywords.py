"""The VRP keywords netwarden reads, by view (platforms/keywords.py): the VRP-style views and VRP's own."""

from __future__ import annotations

from netwarden.platforms import vrp_style_keywords as vs
from netwarden.platforms.keywords import Keywords

SYSTEM = vs.SYSTEM + """
user-interface vty|con|console|maximum-vty|current
hwtacacs-server template
radius-server template
header login|shell|shell-information information|file
traffic-filter|traffic-policy|traffic-classifier|traffic-behavior
"""

INTERFACE = vs.INTERFACE + """
traffic-filter inbound|outbound acl name|ipv6|*
traffic-policy|trust
"""

AAA = """
local-user * password|privilege|service-type|state|level|access-limit|idle-cut|ftp-directory
accounting-scheme|authentication-scheme|authorization-scheme|recording-scheme|domain|outbound|system|cmd
cmd recording-scheme
local-aaa-user wrong-password
"""

AAA_SCHEME = """
accounting-mode|recording-mode|authentication-mode|authorization-mode|accounting
"""

TEMPLATE = """
hwtacacs-server accounting|authentication|authorization|shared-key|source-ip|timer|user-name
radius-server accounting|authentication|authorization|shared-key|source-ip|timer|user-name|retransmit
"""

REALM = """
fingerprint|ca|enrollment-url|entity|enrollment|rsa|certificate-check|key-usage|password|source
"""

KEYWORDS = Keywords(
    negation="undo",
    contexts={"": SYSTEM, "interface ": INTERFACE, "acl ": vs.ACL, "ospf": vs.OSPF, "area ": vs.OSPF_AREA,
              "bgp ": vs.BGP, "ipv4-family": vs.BGP, "route-policy ": vs.ROUTE_POLICY, "user-interface ": vs.LINE,
              "aaa$": AAA, "(accounting|recording)-scheme ": AAA_SCHEME, "(hwtacacs|radius)-server template ": TEMPLATE,
              "pki realm ": REALM},
    sets={"ace": vs.ACE},
    keep=vs.KEEP,
)

"""What the platforms of a CLI family declare alike, given to `spec.package_spec` by each platform
package: the CLI platforms' (Cisco IOS, Huawei VRP, H3C Comware) document and filtering, and what the
VRP-style CLIs (Huawei VRP and H3C Comware, one lineage: views closed by `#`, one-space-indented global
commands, `undo`) accept alike: comment lines and interface names (their
abbreviated keywords: platforms/vrp_style_keywords.py)."""

from __future__ import annotations

from typing import Any

CLI: dict[str, Any] = {
    "sections": ("base", "aaa", "logging", "snmp", "ntp", "pki", "filters", "interfaces", "routing", "nat",
                 "management"),
    "files": None,  # one configuration text
    "statement_separators": (),  # one command a line
    "line_continuation": None,  # none: a command ends at its line feed (banners are their own delimited text)
    "filtering": "interface_acl",  # an ACL bound per interface and direction
    "trust": "pki",
    "driver_diff": False,  # the running config is read and compared offline
}

VRP_STYLE: dict[str, Any] = {
    **CLI,
    "comment_prefixes": ("#",),
    "indented_globals": True,
    "netutils_names": False,  # netutils' Cisco names are not theirs (XGE, Vlanif, Vlan-interface...)
}

# Interface names both accept; each platform adds its own.
VRP_STYLE_INTERFACES = {"GE": "GigabitEthernet", "Ge": "GigabitEthernet", "Gi": "GigabitEthernet",
                        "GigabitEthernet": "GigabitEthernet", "Lo": "LoopBack", "Loopback": "LoopBack",
                        "LoopBack": "LoopBack", "Tun": "Tunnel", "Tunnel": "Tunnel", "NULL": "NULL"}

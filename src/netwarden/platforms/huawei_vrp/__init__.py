"""huawei_vrp: Huawei VRP (V200R0xx), through the community `huawei_vrp` NAPALM driver."""

from __future__ import annotations

import re
from pathlib import Path

from netwarden.platforms.spec import Commit, PlatformSpec, SecretForm, ends_with

SPEC = PlatformSpec(
    name="huawei_vrp",
    title="Huawei VRP",
    napalm_driver="huawei_vrp",
    netmiko_device_type="huawei",
    hier_config_platform="HUAWEI_VRP",
    templates=Path(__file__).parent / "templates",
    sections=("base", "aaa", "logging", "snmp", "ntp", "pki", "filters", "interfaces", "routing", "nat",
              "management"),
    files=None,
    parser="netwarden.platforms.huawei_vrp.parser:parse_huawei_vrp",
    comment_prefixes=("#",),
    indented_globals=True,
    statement_separators=(),
    abbreviations={
        "int": "interface", "inter": "interface", "ip add": "ip address", "desc": "description",
        "shut": "shutdown", "undo shut": "undo shutdown", "info": "info-center",
        "user-int": "user-interface", "ip route": "ip route-static",
    },
    interface_names={"GE": "GigabitEthernet", "Ge": "GigabitEthernet", "Gi": "GigabitEthernet",
                     "GigabitEthernet": "GigabitEthernet", "XGE": "XGigabitEthernet",
                     "XGigabitEthernet": "XGigabitEthernet", "Eth": "Ethernet", "Ethernet": "Ethernet",
                     "Lo": "LoopBack", "Loopback": "LoopBack", "LoopBack": "LoopBack", "Eth-Trunk": "Eth-Trunk",
                     "Vlanif": "Vlanif", "Tun": "Tunnel", "Tunnel": "Tunnel", "MEth": "MEth", "NULL": "NULL"},
    netutils_names=False,
    filtering="interface_acl",  # traffic-filter on interfaces
    trust="pki",
    noise=(r"^!Software Version", r"^!Last configuration was", r"^#\s*$", r"^return$", r"^\s*$",
           r"^!Config", r"^\s*snmp-agent local-engineid"),
    noise_examples=("!Software Version V200R010C00SPC600",
                    "!Last configuration was updated at 2026-11-25 03:12:09+08:00",
                    "#", "return", " snmp-agent local-engineid 800007DB03"),
    completeness=ends_with("return"),
    secret_patterns=(
        re.compile(r"^(\s*local-user \S+ password (?:irreversible-cipher|cipher|simple)) \S+", re.M),
        re.compile(r"^(\s*snmp-agent usm-user v3 \S+ (?:authentication-mode|privacy-mode) \S+(?: cipher)?) \S+",
                   re.M),
        re.compile(r"^(\s*snmp-agent community (?:read|write)(?: cipher)?) \S+", re.M),
        re.compile(r"^(\s*hwtacacs-server shared-key(?: cipher)?) \S+", re.M),
    ),
    secret_forms=(
        SecretForm("local user (irreversible-cipher)", "hashed",
                   " local-user admin password irreversible-cipher $1c$Wz=J:9x!qC$X|R8UZaS0$",
                   "$1c$Wz=J:9x!qC$X|R8UZaS0$"),
        SecretForm("local user (simple)", "plaintext", " local-user ops password simple Plain-Pass-1", "Plain-Pass-1"),
        SecretForm("SNMPv3 auth key (cipher)", "cipher",
                   "snmp-agent usm-user v3 nwmon authentication-mode sha cipher %^%#Zk=2V6y%^%#", "%^%#Zk=2V6y%^%#"),
        SecretForm("SNMP community (cipher)", "cipher", "snmp-agent community read cipher %^%#Q3m@%^%#",
                   "%^%#Q3m@%^%#"),
        SecretForm("HWTACACS shared key", "cipher", " hwtacacs-server shared-key cipher %^%#Tk9$a%^%#",
                   "%^%#Tk9$a%^%#"),
    ),
    secrets_hashed_on_device=True,
    driver_diff=False,
    commit=Commit(confirm=False, why_not="the huawei_vrp driver has no replace candidate and no commit-confirm"),
)

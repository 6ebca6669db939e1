"""huawei_vrp: Huawei VRP (V200R0xx), through the community `huawei_vrp` NAPALM driver."""

from __future__ import annotations

from netwarden.platforms.completeness import cli_config
from netwarden.platforms.families import VRP_STYLE, VRP_STYLE_INTERFACES
from netwarden.platforms.huawei_vrp.keywords import KEYWORDS
from netwarden.platforms.spec import Commit, SecretForm, package_spec, secret_after

SPEC = package_spec(
    __name__, VRP_STYLE,  # filtering: traffic-filter on interfaces
    title="Huawei VRP",
    napalm_driver="huawei_vrp",
    netmiko_device_type="huawei",
    hier_config_platform="HUAWEI_VRP",
    keywords=KEYWORDS,
    interface_names={**VRP_STYLE_INTERFACES, "XGE": "XGigabitEthernet", "XGigabitEthernet": "XGigabitEthernet",
                     "Eth": "Ethernet", "Ethernet": "Ethernet", "Eth-Trunk": "Eth-Trunk", "Vlanif": "Vlanif",
                     "MEth": "MEth"},
    noise=(r"^!Software Version", r"^!Last configuration was", r"^#\s*$", r"^return$", r"^\s*$",
           r"^!Config", r"^\s*snmp-agent local-engineid"),
    noise_examples=("!Software Version V200R010C00SPC600",
                    "!Last configuration was updated at 2026-11-25 03:12:09+08:00",
                    "#", "return", " snmp-agent local-engineid 800007DB03"),
    # a whole `display current-configuration`: `return` closing the top-level view (after its `#`), and
    # the `sysname` near its start
    completeness=cli_config("return", ((r"^ ?sysname \S+", "sysname"),), before_last="#"),
    secret_patterns=(
        secret_after(r"local-user \S+ password (?:irreversible-cipher|cipher|simple)"),
        secret_after(r"snmp-agent usm-user v3 \S+ (?:authentication-mode|privacy-mode) \S+(?: cipher)?"),
        secret_after(r"snmp-agent community (?:read|write)(?: cipher)?"),
        secret_after(r"hwtacacs-server shared-key(?: cipher)?"),
        secret_after(r"radius-server shared-key(?: cipher| simple)?"),
        secret_after(r"pre-shared-key(?: cipher| simple)?"),
    ),
    secret_forms=(
        SecretForm("local user (irreversible-cipher)", "hashed",
                   " local-user admin password irreversible-cipher $1c$Wz=J:9x!qC$X|R8UZaS0$"),
        SecretForm("local user (simple)", "plaintext", " local-user ops password simple Plain-Pass-1"),
        SecretForm("SNMPv3 auth key (cipher)", "cipher",
                   "snmp-agent usm-user v3 nwmon authentication-mode sha cipher %^%#Zk=2V6y%^%#"),
        SecretForm("SNMP community (cipher)", "cipher", "snmp-agent community read cipher %^%#Q3m@%^%#"),
        SecretForm("HWTACACS shared key", "cipher", " hwtacacs-server shared-key cipher %^%#Tk9$a%^%#"),
        SecretForm("RADIUS shared key", "cipher", " radius-server shared-key cipher %^%#Rd7$b%^%#"),
        SecretForm("IKE pre-shared key", "cipher", " pre-shared-key cipher %^%#Ik5$c%^%#"),
        SecretForm("removed SNMP community", "cipher", "undo snmp-agent community read cipher %^%#Q3m@%^%#"),
    ),
    signature={"user-interface vty": r"^user-interface vty ", "traffic-filter": r"^ traffic-filter (?:in|out)bound ",
               "pki realm": r"^pki realm "},
    secrets_hashed_on_device=True,
    commit=Commit(confirm=False, why_not="the huawei_vrp driver has no replace candidate and no commit-confirm"),
    remark_max_chars=127,  # VRP: `rule N description`, 1-127 characters
    # the configuration is typed into the CLI line by line (napalm-huawei-vrp merge, netmiko send_config_set),
    # where "?" asks for help wherever it stands: the line would not be entered as written
    text_chars=(r"[^?\x00-\x1f\x7f-\x9f\u2028\u2029]", "printable text without '?' (VRP's CLI, into which the "
                "configuration is typed, takes '?' as a request for help)"),
)

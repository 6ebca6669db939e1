"""h3c_comware: H3C Comware 7, through netmiko's `hp_comware` and netwarden's own NAPALM-shaped
driver (the community napalm-h3c-comware driver has getters only). Facts and their sources:
facts.py and notes.md beside this file."""

from __future__ import annotations

from netwarden.platforms.completeness import cli_config
from netwarden.platforms.families import VRP_STYLE, VRP_STYLE_INTERFACES
from netwarden.platforms.h3c_comware import facts
from netwarden.platforms.h3c_comware.keywords import KEYWORDS
from netwarden.platforms.spec import Commit, SecretForm, package_spec, secret_after

SPEC = package_spec(
    __name__, VRP_STYLE,  # filtering: packet-filter per interface and direction
    title="H3C Comware 7",
    napalm_driver=facts.DRIVER,
    netmiko_device_type=facts.NETMIKO_DEVICE_TYPE,
    hier_config_platform=facts.HIER_CONFIG_PLATFORM,
    sections=facts.SECTIONS,
    keywords=KEYWORDS,
    interface_names={**VRP_STYLE_INTERFACES,
                     "XGE": "Ten-GigabitEthernet", "Ten-GigabitEthernet": "Ten-GigabitEthernet",
                     "FGE": "FortyGigE", "FortyGigE": "FortyGigE", "HGE": "HundredGigE", "HundredGigE": "HundredGigE",
                     "MGE": "M-GigabitEthernet", "M-GigabitEthernet": "M-GigabitEthernet",
                     "Vlan-int": "Vlan-interface", "Vlan-interface": "Vlan-interface", "Loop": "LoopBack",
                     "RAGG": "Route-Aggregation", "Route-Aggregation": "Route-Aggregation",
                     "BAGG": "Bridge-Aggregation", "Bridge-Aggregation": "Bridge-Aggregation"},
    noise=facts.NOISE_REGEXES,
    noise_examples=("#", "return", " version 7.1.064, Release 0821P16", " snmp-agent local-engineid 800063A280",
                    " scheduler logfile size 16", " irf mac-address persistent timer", " password-recovery enable"),
    # as VRP's: `return` closing the top-level view (after its `#`), and the `sysname`
    completeness=cli_config(facts.END_MARKER, ((r"^ ?sysname \S+", "sysname"),), before_last=facts.VIEW_CLOSER),
    secret_patterns=(
        secret_after(r"password (?:hash|simple|cipher)"),
        secret_after(r"set authentication password (?:hash|simple|cipher)"),
        secret_after(r"key (?:authentication|authorization|accounting) (?:cipher|simple)"),
        # (a VRP line has the form word after the mode: every platform's patterns mask every text)
        secret_after(r"snmp-agent usm-user v3 .*?authentication-mode \S+(?: cipher| simple)?"),
        secret_after(r"snmp-agent usm-user v3 .*?privacy-mode \S+(?: cipher| simple)?"),
        secret_after(r"snmp-agent community (?:read|write)(?: (?:cipher|simple))?"),
        secret_after(r"(?:ospf )?authentication-mode \S+ (?:\d+ )?(?:cipher|plain|simple)"),
        secret_after(r"peer \S+ password (?:cipher|simple)"),
        secret_after(r"pre-shared-key .*?key (?:cipher|simple)"),
        secret_after(r"ntp-service authentication-keyid \d+ authentication-mode \S+ (?:cipher|simple)"),
    ),
    secret_forms=(
        SecretForm("local user (hash)", "hashed", " password hash $h$6$Vk2o8a$Zx0y1w2v3u4t5s6r7q=="),
        SecretForm("local user (simple)", "plaintext", " password simple Plain-Pass-1"),
        SecretForm("line password (hash)", "hashed", " set authentication password hash $h$6$Q9x$aa=="),
        SecretForm("HWTACACS key (cipher)", "cipher", " key authentication cipher $c$3$Tk9aPz=="),
        SecretForm("HWTACACS key (simple)", "plaintext", " key accounting simple Tacacs-Key-3"),
        SecretForm("SNMPv3 auth key (cipher)", "cipher",
                   " snmp-agent usm-user v3 nwmon NW-RO cipher authentication-mode sha $c$3$Au1== privacy-mode"
                   " aes128 $c$3$Pr2==", "$c$3$Au1=="),
        SecretForm("SNMPv3 priv key (cipher)", "cipher",
                   " snmp-agent usm-user v3 nwmon NW-RO cipher authentication-mode sha $c$3$Au1== privacy-mode"
                   " aes128 $c$3$Pr2=="),
        SecretForm("SNMPv3 auth key (simple)", "plaintext",
                   " snmp-agent usm-user v3 nwmon NW-RO simple authentication-mode sha Auth-Pass-1 privacy-mode"
                   " aes128 Priv-Pass-2", "Auth-Pass-1"),
        SecretForm("SNMP community (cipher)", "cipher", " snmp-agent community read cipher $c$3$Cm9=="),
        SecretForm("OSPF MD5 key (cipher)", "cipher", " ospf authentication-mode md5 1 cipher $c$3$Os5=="),
        SecretForm("BGP peer password (cipher)", "cipher", "  peer 198.51.100.1 password cipher $c$3$Bg7=="),
        SecretForm("IKE pre-shared key (cipher)", "cipher",
                   " pre-shared-key address 203.0.113.9 key cipher $c$3$Ik3=="),
        SecretForm("NTP key (cipher)", "cipher",
                   " ntp-service authentication-keyid 1 authentication-mode md5 cipher $c$3$Nt1=="),
    ),
    signature={"line vty": r"^line vty ", "packet-filter": r"^ packet-filter ", "pki domain": r"^pki domain "},
    secrets_hashed_on_device=facts.SECRETS_COME_BACK_HASHED,
    # `configuration commit delay MINUTES` (Comware 7 R1121+): whole minutes; the range is not documented here
    commit=Commit(confirm=True, unit_s=facts.REVERT_UNIT_SECONDS, min_s=60, max_s=65535 * 60),
    remark_max_chars=127,  # Comware: `rule N comment`, 1-127 characters
    # the configuration is typed into the CLI line by line (napalm-huawei-vrp merge, netmiko send_config_set),
    # where "?" asks for help wherever it stands: the line would not be entered as written
    text_chars=(r"[^?\x00-\x1f\x7f-\x9f\u2028\u2029]", "printable text without '?' (Comware's CLI, into which the "
                "configuration is typed, takes '?' as a request for help)"),
)

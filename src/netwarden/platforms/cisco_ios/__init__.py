"""cisco_ios: Cisco IOS / IOS-XE, through NAPALM's `ios` driver."""

from __future__ import annotations

import re

from netwarden.platforms.cisco_ios.keywords import KEYWORDS
from netwarden.platforms.completeness import banners_closed, cli_config
from netwarden.platforms.families import CLI
from netwarden.platforms.spec import Commit, SecretForm, package_spec, secret_after

SPEC = package_spec(
    __name__, CLI,
    title="Cisco IOS / IOS-XE",
    napalm_driver="ios",
    netmiko_device_type="cisco_ios",
    hier_config_platform="CISCO_IOS",
    comment_prefixes=("!",),
    indented_globals=False,
    keywords=KEYWORDS,
    interface_names={},  # netutils' table is IOS's
    netutils_names=True,
    noise=(r"^Building configuration", r"^Current configuration", r"^! Last configuration change",
           r"^! NVRAM config last updated", r"^! No configuration change since", r"^version \d",
           r"^ntp clock-period", r"^end$", r"^\s*!", r"^\s*$", r"^boot-(start|end)-marker",  # IOS drops comments
           r"^license udi", r"^snmp-server user ",  # IOS never shows v3 users: cannot drift
           r"^\s*!\s*Time:"),
    noise_examples=("Building configuration...", "Current configuration : 4215 bytes",
                    "! Last configuration change at 03:12:09 UTC Wed Nov 25 2026 by nw",
                    "! NVRAM config last updated at 03:12:10 UTC Wed Nov 25 2026", "version 15.9",
                    "ntp clock-period 36028797", "boot-start-marker", "license udi pid CISCO2911/K9 sn FGL1234", "end"),
    # a whole `show running-config`: `end` alone last, its `version` and `hostname` (a lost start has
    # neither) and every banner closed by its delimiter
    completeness=cli_config("end", ((r"^version \S+", "version line"), (r"^hostname \S+", "hostname")),
                            extra=(banners_closed,)),
    secret_patterns=(
        re.compile(r"^(\s*(?:enable|username \S+(?: privilege \d+)?)(?: algorithm-type \S+)? (?:secret|password))"
                   r"(?: \d+)? \S+", re.M),
        re.compile(r"^(\s*snmp-server user \S+ \S+ v3 auth \S+) \S+( priv (?:\S+ )?(?:\d+ )?)\S+", re.M),
        secret_after(r"snmp-server community"),
        # (not Comware's `key authentication cipher X`: every platform's patterns mask every text)
        # ` key 1` under a key chain is a key's number, `key chain NAME` its name: neither is a secret
        re.compile(r"^(\s*(?:no )?(?:tacacs-server key|key|server-private \S+ key)(?: \d+)?) "
                   r"(?!(?:authentication|authorization|accounting|chain)\b)(?!\d+\s*$)\S+", re.M),
        secret_after(r"crypto isakmp key"),
        secret_after(r"pre-shared-key(?: local| remote)?(?! (?:cipher|simple)\b)"),  # (VRP: `pre-shared-key cipher X`)
        secret_after(r"ip ospf authentication-key"),  # FRR writes the OSPF keys alike
        secret_after(r"ip ospf message-digest-key \d+ md5"),
        secret_after(r"radius-server key"),
        secret_after(r"key-string"),
        secret_after(r"ntp authentication-key \d+ md5"),
        secret_after(r"snmp-server host \S+(?: informs| traps)?(?: version (?:1|2c|3 \S+))?"),
    ),
    secret_forms=(
        SecretForm("enable secret (type 9)", "hashed",
                   "enable secret 9 $9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM"),
        SecretForm("user secret (type 5)", "hashed", "username admin privilege 15 secret 5 $1$mERr$hx5rVt7rPNoS4wqbX"),
        SecretForm("user password (type 7)", "cipher", "username ops password 7 0822455D0A16544541"),
        SecretForm("enable password (plaintext)", "plaintext", "enable password Sup3r-Secret"),
        SecretForm("SNMPv3 auth key", "plaintext",
                   "snmp-server user nwmon NW-RO v3 auth sha Auth-Pass-1 priv aes 128 Priv-Pass-2", "Auth-Pass-1"),
        SecretForm("SNMPv3 priv key", "plaintext",
                   "snmp-server user nwmon NW-RO v3 auth sha Auth-Pass-1 priv aes 128 Priv-Pass-2"),
        SecretForm("SNMP community", "plaintext", "snmp-server community Publ1cComm RO", "Publ1cComm"),
        SecretForm("TACACS+ key (type 7)", "cipher", "tacacs-server key 7 045802150C2E1D1C5A"),
        SecretForm("TACACS+ server key", "plaintext", " key Tacacs-Key-3"),
        SecretForm("IKE pre-shared key", "plaintext", "crypto isakmp key Ike-Key-4 address 198.51.100.1", "Ike-Key-4"),
        SecretForm("IKEv2 keyring key", "plaintext", "  pre-shared-key local Ikev2-Key-5"),
        SecretForm("OSPF authentication key", "plaintext", " ip ospf authentication-key Ospf-Key-6"),
        SecretForm("OSPF MD5 key (type 7)", "cipher", " ip ospf message-digest-key 1 md5 7 094F471A1A0A"),
        SecretForm("RADIUS key", "plaintext", "radius-server key Radius-Key-7"),
        SecretForm("key chain key-string", "plaintext", "  key-string Chain-Key-8"),
        SecretForm("NTP authentication key", "plaintext", "ntp authentication-key 1 md5 Ntp-Key-9"),
        SecretForm("SNMP trap community", "plaintext", "snmp-server host 198.18.0.9 version 2c Trap-Comm-10",
                   "Trap-Comm-10"),
        SecretForm("line password (type 7)", "cipher", " password 7 0822455D0A16544541"),
        SecretForm("removed SNMP community", "plaintext", "no snmp-server community Publ1cComm RO", "Publ1cComm"),
    ),
    secrets_hashed_on_device=True,
    text_chars=(r"[\x20-\x7E]", "printable ASCII (IOS keeps no other character in its configuration)"),
    commit=Commit(confirm=True, unit_s=60, min_s=60, max_s=7200),  # `configure replace ... revert trigger timer M`
    remark_max_chars=100,  # IOS: `remark LINE`, up to 100 characters
)

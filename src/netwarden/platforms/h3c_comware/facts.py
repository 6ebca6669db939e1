"""Per-platform facts for H3C Comware 7, as plain data for the lead's PlatformSpec.

Sources (S1..S9) are listed in notes.md beside this file; "unverified" marks what no source
found here confirms."""

from __future__ import annotations

PLATFORM = "h3c_comware"

# Drivers. napalm-h3c-comware 0.1.5 (PyPI, Apache-2.0) is getters-only; netwarden drives Comware through
# netmiko's `hp_comware` with driver.ComwareDriver.
NAPALM_DRIVER = None  # no NAPALM driver that can push (S5)
NETMIKO_DEVICE_TYPE = "hp_comware"  # netmiko 4.8 `netmiko.hp.hp_comware.HPComwareSSH`
DRIVER = "netwarden.platforms.h3c_comware.driver:ComwareDriver"
# hier_config 3.7: Platform.HP_COMWARE5 ("undo " negation, no other rules); used for Comware 7 as well.
HIER_CONFIG_PLATFORM = "HP_COMWARE5"

SECTIONS = ("base", "aaa", "logging", "snmp", "ntp", "pki", "filters", "interfaces", "routing", "nat", "management")
STATEMENT_SEPARATOR = None  # one command per line; `#` lines separate views (comment lines on input)
VIEW_CLOSER = "#"
END_MARKER = "return"  # a whole `display current-configuration` ends with it: the completeness check

# Lines of `display current-configuration` that are the device's, not the intent's.
NOISE_REGEXES = (
    r"^#\s*$",  # view separators
    r"^return\s*$",
    r"^\s*version \d+\.\d+\.\d+, (Release|ESS|Feature) \S+.*$",  # ` version 7.1.064, Release 0821P16`
    r"^\s*snmp-agent local-engineid \S+$",
    r"^\s*scheduler logfile size \d+$",
    r"^\s*irf (mac-address persistent|auto-update enable|member \d+ priority \d+|mode normal).*$",
    r"^\s*undo irf link-delay$",
    r"^\s*password-recovery enable$",
    r"^\s*system-working-mode .*$",
    r"^interface NULL0$",
    r"^(line class|role name) .*$",  # predefined line classes and roles
    r"^ description Predefined level-\d+ role$",
    r"^ user-role network-(admin|operator)$",  # default role lines under line classes/lines (unverified)
)

# Secrets as the device shows them. Comware keeps reversible secrets as `cipher $c$3$...` and local-user
# passwords as `hash $h$6$...` (SHA-512 based): they come back hashed/ciphered, never as entered (S6).
SECRETS_COME_BACK_HASHED = True
SECRET_FORMS = {
    "local-user password": " password hash $h$6$<salt>$<hash>",  # input: password simple|hash
    "line password": " set authentication password hash $h$6$...",
    "hwtacacs/radius key": " key authentication|authorization|accounting cipher $c$3$...",
    "snmp usm-user": " snmp-agent usm-user v3 U G cipher authentication-mode sha $c$3$... privacy-mode aes128 $c$3$...",
    "snmp community": " snmp-agent community read|write cipher $c$3$...",
    "ospf/bgp authentication": " ospf authentication-mode md5 1 cipher $c$3$... / peer X password cipher $c$3$...",
    "ike pre-shared-key": " pre-shared-key address A key cipher $c$3$...",
    "ntp authentication": " ntp-service authentication-keyid N authentication-mode md5 cipher $c$3$...",
}
# (pattern, replacement): what is left is the same for the entered (simple) and displayed (cipher/hash) forms.
SECRET_MASKS = (
    (r" (?:simple|cipher) (authentication-mode )", r" \1"),  # snmp usm-user: the form word precedes the mode
    (r"\b(authentication-mode \S+|privacy-mode \S+) \S+", r"\1 <secret>"),
    (r"\b(password|key(?: authentication| authorization| accounting)?|community (?:read|write)) "
     r"(?:simple|cipher|hash) \S+", r"\1 <secret>"),
    (r"\$[hc]\$\d+\$\S+", "<secret>"),  # any other hashed or ciphered value
)

# Confirmed commit (S1, S2): `configuration commit delay MINUTES` in system view starts the timer and
# takes a rollback point; settings made afterwards apply immediately; unless `configuration commit`
# is entered before the timer expires, the device rolls back to the rollback point (logs the rollback;
# no other operation is possible during it). One-time: expiry or a commit removes the rollback point;
# the timer may be re-set before expiry to shorten or extend it (the rollback point stays).
# Available from Release 1121 (HPE FlexNetwork 5510 HI, Comware 7). Range of MINUTES: unverified.
COMMIT_CONFIRM = True
COMMIT_CONFIRM_START = "configuration commit delay {minutes}"
COMMIT_CONFIRM_CONFIRM = "configuration commit"
REVERT_UNIT_SECONDS = 60  # revert timers are whole minutes
REVERT_IN_SECONDS = 600
SAVE_COMMAND = "save force"

# Interface names: full (as displayed) <-> abbreviated (accepted, shown in `display interface brief`).
INTERFACE_ABBREVIATIONS = {
    "GigabitEthernet": "GE",
    "Ten-GigabitEthernet": "XGE",
    "FortyGigE": "FGE",
    "HundredGigE": "HGE",
    "M-GigabitEthernet": "MGE",
    "Vlan-interface": "Vlan-int",
    "LoopBack": "Loop",
    "Route-Aggregation": "RAGG",
    "Bridge-Aggregation": "BAGG",
    "Tunnel": "Tun",
    "NULL": "NULL",
}
INTERFACE_NAMING = "full"  # display current-configuration shows full names (GigabitEthernet1/0/1)
# netutils 1.19 knows the Cisco names only: GE1/0/1 -> GigabitEthernet1/0/1 but XGE1/0/1 ->
# TenGigabitEthernet1/0/1, Vlan-interface10 -> VLAN10, Bridge-Aggregation1 -> Port-channel1, and
# Vlan-int/Loop/RAGG/BAGG unchanged: it must not be used to canonicalise Comware names.

# Filtering model: ACLs (basic 2000-2999 source only, advanced 3000-3999) bound per interface and
# direction with `packet-filter [name] ACL inbound|outbound`; first match in config order; what
# matches no rule is permitted unless `packet-filter default deny` (S3, S4).
FILTER_MODEL = "acl-per-interface"
FILTER_DEFAULT_ACTION = "permit"

# The CLI accepts any unambiguous prefix of a keyword; the parser reads what the device displays
# (full keywords). Abbreviations operators type and recordings may contain:
CLI_ABBREVIATIONS = {
    "dis": "display", "disp": "display", "cur": "current-configuration", "sys": "system-view",
    "int": "interface", "undo": "undo", "qu": "quit", "ret": "return", "sa": "save",
    "acl adv": "acl advanced", "pa": "packet-filter", "ip route": "ip route-static",
}

"""linux_frr: a Linux router. FRRouting for routing, nftables for filtering, OpenSSH for
management; one multi-file document (docs/config-layout.md). The lab platform."""

from __future__ import annotations

import re

from netwarden.platforms.completeness import blocks_closed
from netwarden.platforms.linux_frr.layout import LINUX_FRR_SECTIONS, split_sections
from netwarden.platforms.spec import Commit, SecretForm, package_spec, secret_after

# FRR's `show running-config` closes every block with `exit` (FRR 7.4 on; the templates do too)
_FRR_BLOCKS = blocks_closed(r"^(?:interface|router|route-map|line|key chain|vrf|bfd|segment-routing|pbr-map|"
                            r"nexthop-group|mpls)\b")


def _complete(text: str) -> str | None:
    """Whole when FRR's file has a hostname, the nftables ruleset is there with its braces closed, and
    netwarden's other files are all there or (a device it has not configured yet) none of them."""
    if not text.strip():
        return "empty running config"
    secs = split_sections(text)
    if "frr" not in secs or not re.search(r"(?m)^hostname \S+", secs["frr"].body):
        return "truncated running config (no FRR section with a hostname)"
    why = _FRR_BLOCKS(secs["frr"].body)
    if why:
        return f"{why} in the FRR section"
    if "nftables" not in secs:
        return "truncated running config (no nftables section)"
    nft = secs["nftables"].body
    if "table " not in nft:
        return "truncated running config (an nftables ruleset with no table)"
    if nft.count("{") != nft.count("}"):
        return "truncated running config (the nftables ruleset's braces are not closed)"
    others = [s for s in LINUX_FRR_SECTIONS if s not in ("frr", "nftables")]
    if "table inet netwarden" in nft or any(s in secs for s in others):  # netwarden's: all its files
        missing = [s for s in others if s not in secs]
        if missing:
            return f"incomplete running config (no {', '.join(missing)} section: file missing or output cut)"
    return None


SPEC = package_spec(
    __name__,
    title="Linux + FRRouting + nftables + OpenSSH",
    napalm_driver="netwarden.platforms.linux_frr.driver:LinuxFRRDriver",
    netmiko_device_type="linux",
    hier_config_platform="GENERIC",
    sections=tuple(LINUX_FRR_SECTIONS),
    files=LINUX_FRR_SECTIONS,
    comment_prefixes=("#", "!"),
    indented_globals=False,
    statement_separators=(";",),  # nftables
    line_continuation="\\",  # nftables: a backslash right before the line feed (FRR and sshd have none)
    keywords=None,  # FRR reads its files strictly (whole keywords), nft has no abbreviations
    interface_names=None,  # Linux interface names are taken as written
    netutils_names=False,
    filtering="nftables",
    trust="ssh_user_ca",
    noise=(r"^\s*$", r"^!$"),
    noise_examples=("!", ""),
    completeness=_complete,
    secret_patterns=(
        re.compile(r'^(\s*createUser \S+ \S+) ("[^"]*"|\S+)( \S+) ("[^"]*"|\S+)', re.M),
        re.compile(r'^(\s*trapsess .*?-A) ("[^"]*"|\S+)(.*?-X) ("[^"]*"|\S+)', re.M),
        secret_after(r"(?:rocommunity|rwcommunity)6?"),
        re.compile(r"^(\s*com2sec6? \S+ \S+) \S+", re.M),  # com2sec NAME SOURCE COMMUNITY
        re.compile(r"^(\s*(?:trap2sink|trapsink|informsink) \S+) \S+", re.M),  # HOST COMMUNITY
        secret_after(r"trapcommunity"),
        secret_after(r"(?:password|enable password)"),
        secret_after(r"neighbor \S+ password"),
    ),
    secret_forms=(
        SecretForm("snmpd v3 auth key", "plaintext", 'createUser nwmon SHA "Auth-Pass-1" AES "Priv-Pass-2"',
                   "Auth-Pass-1"),
        SecretForm("snmpd v3 priv key", "plaintext", 'createUser nwmon SHA "Auth-Pass-1" AES "Priv-Pass-2"',
                   "Priv-Pass-2"),
        SecretForm("snmpd trap auth key", "plaintext",
                   "trapsess -v 3 -u nwmon -l authPriv -a SHA -A TrapAuth1 -x AES -X TrapPriv2 198.18.0.5",
                   "TrapAuth1"),
        SecretForm("snmpd trap priv key", "plaintext",
                   "trapsess -v 3 -u nwmon -l authPriv -a SHA -A TrapAuth1 -x AES -X TrapPriv2 198.18.0.5",
                   "TrapPriv2"),
        SecretForm("snmpd community", "plaintext", "rocommunity Publ1cComm 198.18.0.0/24", "Publ1cComm"),
        SecretForm("FRR vty password", "plaintext", "password Zebra-Pass"),
        SecretForm("BGP neighbour password", "plaintext", " neighbor 198.18.1.1 password Bgp-Key-9"),
        SecretForm("snmpd IPv6 community", "plaintext", "rocommunity6 Publ6Comm fd00::/8", "Publ6Comm"),
        SecretForm("snmpd com2sec community", "plaintext", "com2sec nwro 198.18.0.0/24 Sec2Comm"),
        SecretForm("snmpd trap sink community", "plaintext", "trap2sink 198.18.0.9 Sink-Comm"),
        SecretForm("snmpd trap community", "plaintext", "trapcommunity Trap-Comm"),
        SecretForm("FRR OSPF key", "plaintext", " ip ospf message-digest-key 1 md5 Frr-Ospf-Key"),
    ),
    comment_max_bytes=128,  # NFTNL_UDATA_COMMENT_MAXLEN: nft refuses a longer comment and the whole file
    secrets_hashed_on_device=False,
    driver_diff=True,
    commit=Commit(confirm=True),  # the driver arms an on-device revert timer
    lab=True,
)

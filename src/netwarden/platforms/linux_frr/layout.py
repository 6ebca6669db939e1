"""The linux_frr multi-file document layout (docs/config-layout.md): which file each section is."""

from __future__ import annotations

from netwarden.platforms import document
from netwarden.platforms.document import MARKER_RE, LayoutError, Section, split_sections

# section name -> path on the device, in document order
LINUX_FRR_SECTIONS: dict[str, str] = {
    "frr": "/etc/frr/frr.conf",
    "nftables": "/etc/nftables.d/netwarden.nft",
    "sshd": "/etc/ssh/sshd_config.d/50-netwarden.conf",
    "ssh_ca": "/etc/ssh/netwarden_user_ca.pub",
    "banner": "/etc/issue.net",
    "faillock": "/etc/security/faillock.conf",
    "syslog": "/etc/rsyslog.d/50-netwarden.conf",
    "chrony": "/etc/chrony/conf.d/50-netwarden.conf",
    "snmpd": "/etc/snmp/snmpd.conf.d/50-netwarden.conf",
}


def marker(name: str, path: str | None = None) -> str:
    return document.marker(name, path or LINUX_FRR_SECTIONS[name])


def join_sections(sections: dict[str, str], header: str = "") -> str:
    """Build a document from section bodies (keys must be known section names)."""
    return document.join_sections(sections, LINUX_FRR_SECTIONS, header)


__all__ = ["LINUX_FRR_SECTIONS", "MARKER_RE", "LayoutError", "Section", "join_sections", "marker", "split_sections"]

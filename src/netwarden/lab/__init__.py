"""The lab: Linux network namespaces running FRR, nftables, sshd and lldpd (docs/lab.md)."""

from netwarden.lab.manager import (
    CLI_USER,
    LAB_PASSWORD,
    OPS_USER,
    Lab,
    LabError,
    LabStatus,
    NodeStatus,
    down,
    ensure_accounts,
    remove_accounts,
    status,
    up,
)
from netwarden.lab.probe import Hop, PingResult, ping, run_in, traceroute
from netwarden.lab.spec import LAB_RANGE, LabInterface, LabLink, LabNode, LabSpec, validate_spec

__all__ = [
    "CLI_USER",
    "LAB_PASSWORD",
    "LAB_RANGE",
    "OPS_USER",
    "Hop",
    "Lab",
    "LabError",
    "LabInterface",
    "LabLink",
    "LabNode",
    "LabSpec",
    "LabStatus",
    "NodeStatus",
    "PingResult",
    "down",
    "ensure_accounts",
    "ping",
    "remove_accounts",
    "run_in",
    "status",
    "traceroute",
    "up",
    "validate_spec",
]

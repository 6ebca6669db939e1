"""Filters for the baseline playbook: the tagged-JSON context decoder and netwarden's own
template filters (the same functions netwarden's renderer registers)."""

from __future__ import annotations

import os
import sys
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from ctxjson import decode

from netwarden.render import engine


def _rstrip_nl(s: Any) -> str:
    return "" if s is None else str(s).rstrip("\n")  # Ansible gives None for a block that rendered nothing


class FilterModule:
    def filters(self) -> dict[str, Any]:
        return {
            "nw_decode": decode, "nw_rstrip_nl": _rstrip_nl,
            "wildcard": engine._wildcard, "netmask": engine._netmask, "network": engine._network,
            "pool_range": engine._pool_range, "pool_first": engine._pool_first, "pool_last": engine._pool_last,
            "nft_match": engine._nft_match, "rsyslog_severity": engine._rsyslog_severity,
        }

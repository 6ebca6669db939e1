"""Which baseline rule a drifted configuration line belongs to (security drift), if any: the patterns are
the baseline's (each rule's ``drift``, tried in ``drift_order``)."""

from __future__ import annotations

import re

from netwarden.baseline import Baseline
from netwarden.verify.catalog import implements

_NEGATION = re.compile(r"^(\s*)(?:no|undo)\s+")


@implements("DRIFT-001", "drift")
def rule_for_line(line: str, baseline: Baseline) -> str | None:
    """The rule a drifted line belongs to, by the baseline's ``drift`` patterns in ``drift_order``
    (None: DRIFT-001, a difference no other rule is about); `no X` / `undo X` (how a diff removes X)
    counts as X."""
    line = _NEGATION.sub(r"\1", line)
    for pat, rid in baseline.drift_patterns():
        if pat.search(line):
            return rid
    return None

"""The reports' languages: English here, others as data beside the baseline (``baseline/i18n/<lang>.yml``:
every rule's title and fix by rule id, and every label below). ``--lang`` or ``$NETWARDEN_LANG`` choose."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from netwarden.errors import NetwardenError

LANGS = ("en", "zh-CN")

# Every label a report prints, in English (the key is the English unless it needs a placeholder or a prefix)
LABELS: dict[str, str] = {
    "clean": "clean", "findings": "findings", "error": "error", "incomplete": "incomplete",
    "changes pending": "changes pending", "applied": "applied",
    "summary": "{result}: {changes}{failures} finding(s) on {devices_with} device(s); {checks} checks on "
               "{devices} device(s); {na} not applicable, {skipped} skipped, {errors} error(s)",
    "changed": "{n} device(s) changed", "would change": "{n} device(s) would change",
    "baseline": "baseline", "verdict": "Verdict",
    "verdict.pass": "PASS", "verdict.fail": "FAIL",
    "verdict.incomplete": "INCOMPLETE (not passed: a stage was not checked)", "verdict.error": "ERROR",
    "stage": "stage", "status": "status", "detail": "detail", "checks": "checks", "device": "device",
    "devices": "Devices", "unit": "unit", "units": "units", "rule": "rule", "article": "article",
    "article_n": "Article {n}", "clause_n": ", GB/T 22239-2019 {clause}",
    "severity": "severity", "finding": "finding", "evidence": "evidence", "fix": "fix",
    "errors": "Errors", "diff": "diff",
    "remediation": "remediation (what apply would send)",
    "level": "protection level", "contact": "responsible contact", "date": "date",
    "unit_line": "{name} ({id}), protection level {level}, contact {contact}, date {date}. "
                 "Record for the unit's yearly filing (Art. 4).",
    "unit_head": " (level {level}; contact {contact})",
    "unit_meta": "Protection level {level}; responsible contact: {contact}; devices: {devices}",
    "compliant": "compliant", "non-compliant": "non-compliant", "not checked": "not checked",
    "not applicable": "not applicable", "skipped": "skipped",
    "not applicable / not checked": "Not applicable / not checked",
    "severity.critical": "critical", "severity.high": "high", "severity.medium": "medium", "severity.low": "low",
    "run": "run", "started": "started", "duration": "duration", "tool": "tool", "baseline sha256": "baseline sha256",
    "inventory commit": "inventory commit", "uncommitted changes": "uncommitted changes", "command": "command",
    "schema": "report schema", "not a git work tree": "not a git work tree",
    "by severity": "By severity", "by article": "By article", "by unit": "By unit",
    "non-compliant units": "Non-compliant units", "compliant units": "Compliant units", "filter": "Filter",
    "all": "all", "shown": "shown", "rows": "rows", "worst units": "Worst units",
    "more": "{n} more not shown (the JSON report has them all)",
    "zones": "Zones, units and links", "zone.intranet": "intranet", "zone.extranet": "extranet", "zone.dmz": "dmz",
    "zone.exit": "the exit", "zone.internet": "Internet",
}


def i18n_dir() -> Path:
    from netwarden.baseline import default_path

    return default_path().parent / "i18n"


@dataclass(frozen=True)
class Lang:
    """One language's labels and rule texts; English falls through for what a site baseline adds."""

    code: str = "en"
    labels: dict[str, str] = field(default_factory=lambda: dict(LABELS))
    rules: dict[str, dict[str, str]] = field(default_factory=dict)

    def __call__(self, key: str, **kw: Any) -> str:
        s = self.labels.get(key, LABELS.get(key, key))
        return s.format(**kw) if kw else s

    def title(self, rule_id: str, english: str) -> str:
        return self.rules.get(rule_id, {}).get("title", english)

    def fix(self, rule_id: str, english: str) -> str:
        return self.rules.get(rule_id, {}).get("fix", english)

    def severity(self, s: str) -> str:
        return self(f"severity.{s}") if f"severity.{s}" in LABELS else s

    def word(self, s: str) -> str:
        """A status or result word: translated when it is a label, else as it is."""
        return self(s) if s in LABELS else s


def default_lang() -> str:
    return os.environ.get("NETWARDEN_LANG") or "en"


@functools.lru_cache(maxsize=4)
def load(code: str) -> Lang:
    if code == "en":
        return Lang()
    if code not in LANGS:
        raise NetwardenError(f"--lang: unknown language {code!r} (one of {', '.join(LANGS)})")
    path = i18n_dir() / f"{code}.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise NetwardenError(f"{path}: cannot read the {code} texts: {e}") from None
    if not isinstance(data, dict) or not isinstance(data.get("labels"), dict) or not isinstance(data.get("rules"),
                                                                                                dict):
        raise NetwardenError(f"{path}: needs a 'labels' and a 'rules' mapping")
    unknown = sorted(set(data["labels"]) - set(LABELS))
    if unknown:
        raise NetwardenError(f"{path}: labels no report uses: {', '.join(unknown)}")
    return Lang(code, {**LABELS, **{str(k): str(v) for k, v in data["labels"].items()}},
                {str(k): {str(a): str(b) for a, b in v.items()} for k, v in data["rules"].items()})

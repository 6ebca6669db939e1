"""One findings model for every report (verify, drift, preconnect)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import IntEnum
from typing import Any, Literal

from netwarden.baseline import Baseline, Rule
from netwarden.secrets import mask

Status = Literal["fail", "not_applicable", "skipped"]
# The JSON report's schema (docs/report.schema.json): the major number changes when a field is removed or
# changes meaning, the minor when one is added.
SCHEMA_VERSION = "1.0"
SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}


class Exit(IntEnum):
    """Exit codes as `terraform plan -detailed-exitcode`: the one map from results to codes and words."""

    CLEAN = 0
    ERROR = 1
    FINDINGS = 2  # findings, drift, or changes pending

    @property
    def word(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Evidence:
    """Config lines quoted as evidence: secret-bearing lines are masked on the way in (every platform's
    declared secret forms), so no report format can carry them."""

    file: str
    lines: tuple[int, ...] = ()
    text: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.text:
            object.__setattr__(self, "text", tuple(mask(t) for t in self.text))

    def masked(self, secrets: Iterable[str]) -> Evidence:
        """The same evidence with the inventory's known secret values masked too."""
        return Evidence(self.file, self.lines, tuple(mask(t, secrets) for t in self.text))


@dataclass(frozen=True)
class Finding:
    rule_id: str
    title: str
    severity: str
    article: int
    clause: str
    device: str
    unit: str
    unit_name: str
    contact: str
    status: Status
    message: str
    fix: str
    evidence: tuple[Evidence, ...] = ()

    @property
    def cite(self) -> str:
        return f"Art. {self.article}" + (f", GB/T 22239-2019 {self.clause}" if self.clause else "")

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["cite"] = self.cite
        return d


@dataclass
class UnitInfo:
    id: str
    name: str
    level: int | None
    contact: str


@dataclass
class RunInfo:
    """When, how and from what a report was made (every format carries it; ``netwarden.report.meta.stamp``)."""

    started: str = ""  # ISO 8601, UTC, seconds
    duration_s: float = 0.0
    tool_version: str = ""
    baseline_sha256: str = ""
    inventory_commit: str | None = None  # the inventory's git HEAD, when it is in a git work tree
    inventory_dirty: bool | None = None  # uncommitted changes in that work tree
    command: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Topology:
    """What the zone diagram draws (reports): each device's zone, the inventory's links, the exit's devices."""

    zone: dict[str, str] = field(default_factory=dict)
    links: list[tuple[str, str]] = field(default_factory=list)
    exit_devices: list[str] = field(default_factory=list)


@dataclass
class Report:
    """What a verification (or drift, or gate) run found: findings plus what was checked."""

    kind: str  # verify, check-config, drift, preconnect
    baseline_version: str
    subject: str  # inventory name or file
    devices: dict[str, str] = field(default_factory=dict)  # device -> unit id
    units: dict[str, UnitInfo] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    checks: int = 0  # rule x device evaluations made
    errors: list[str] = field(default_factory=list)  # devices or inputs that could not be checked
    device_status: dict[str, str] = field(default_factory=dict)  # live runs: clean, drift, unreachable, ...
    device_messages: dict[str, str] = field(default_factory=dict)
    diffs: dict[str, str] = field(default_factory=dict)  # masked
    remediation: dict[str, str] = field(default_factory=dict)  # masked: what apply would send, per device
    run: RunInfo = field(default_factory=RunInfo)
    checked: dict[str, set[str]] = field(default_factory=dict)  # device -> the rules evaluated on it (JUnit)
    topology: Topology | None = None  # verify: the zone diagram's input

    def count(self, device: str, *rule_ids: str) -> None:
        """One evaluation per rule on `device`: the checks count and what JUnit makes a test case of."""
        self.checks += len(rule_ids)
        self.checked.setdefault(device, set()).update(rule_ids)

    def merge_checked(self, other: Report, devices: Iterable[str] | None = None) -> None:
        for d, rules in other.checked.items():
            if devices is None or d in devices:
                self.checked.setdefault(d, set()).update(rules)

    @property
    def failures(self) -> list[Finding]:
        return [f for f in self.findings if f.status == "fail"]

    @property
    def incomplete(self) -> bool:
        """A rule could not run (the input lacks what it needs): the verdict is not clean."""
        return any(f.status == "skipped" for f in self.findings)

    def exit_code(self) -> Exit:
        if self.errors:
            return Exit.ERROR
        return Exit.FINDINGS if self.failures or self.incomplete else Exit.CLEAN

    @property
    def result_word(self) -> str:
        """What the exit code means for this kind of run (the reports' headline)."""
        code = self.exit_code()
        return "incomplete" if code == Exit.FINDINGS and not self.failures else code.word

    @property
    def extra(self) -> dict[str, Any]:
        """What a kind of run adds to the common report (JSON ``extra``); typed fields in the subclasses."""
        return {}

    def sort(self) -> None:
        self.findings.sort(key=lambda f: (f.unit, f.device, SEVERITY_ORDER.get(f.severity, 9), f.rule_id, f.message))

    def to_dict(self) -> dict[str, Any]:
        self.sort()
        by_unit: dict[str, list[str]] = {}
        for d, uid in sorted(self.devices.items()):
            by_unit.setdefault(uid, []).append(d)
        return {
            "schema_version": SCHEMA_VERSION,
            "kind": self.kind,
            "subject": self.subject,
            "baseline_version": self.baseline_version,
            "run": self.run.to_dict(),
            "result": self.exit_code().word,  # clean, error, findings: the exit code (the headline says more)
            "checks": self.checks,
            "failures": len(self.failures),
            "errors": self.errors,
            "units": {u.id: {"name": u.name, "level": u.level, "contact": u.contact,
                             "devices": by_unit.get(u.id, [])}
                      for u in sorted(self.units.values(), key=lambda u: u.id)},
            **({"devices": {d: {"status": s, "message": self.device_messages.get(d, ""),
                                **({"diff": self.diffs[d]} if d in self.diffs else {}),
                                **({"remediation": self.remediation[d]} if d in self.remediation else {})}
                            for d, s in sorted(self.device_status.items())}} if self.device_status else {}),
            "findings": [f.to_dict() for f in self.findings],
            **({"extra": self.extra} if self.extra else {}),
        }


@dataclass
class ApplyReport(Report):
    """apply: the devices whose config changed (or would), and the sha256 of what was (or would be) pushed."""

    commit: bool = False
    changed: list[str] = field(default_factory=list)
    sha256: dict[str, str] = field(default_factory=dict)

    def exit_code(self) -> Exit:
        """1 on any device error; a dry run with pending changes 2 (`terraform plan -detailed-exitcode`);
        a commit that went through 0."""
        if self.errors:
            return Exit.ERROR
        if self.failures:  # after a push, the effective state still breaks a rule
            return Exit.FINDINGS
        return Exit.FINDINGS if not self.commit and self.changed else Exit.CLEAN

    @property
    def result_word(self) -> str:
        code = self.exit_code()
        if code == Exit.FINDINGS:
            return "findings" if self.failures else "changes pending"
        return "applied" if code == Exit.CLEAN and self.commit and self.changed else code.word

    @property
    def extra(self) -> dict[str, Any]:
        return {"changed": self.changed, "sha256": self.sha256}


@dataclass
class BackupReport(Report):
    """backup: what was stored where (``ops.backup.write_backups``), and the suspect configs."""

    stored: dict[str, Any] = field(default_factory=dict)
    suspect: dict[str, str] = field(default_factory=dict)

    @property
    def commits(self) -> Any:
        return self.stored.get("commits")

    @property
    def extra(self) -> dict[str, Any]:
        return {**self.stored, "suspect": self.suspect}


@dataclass
class Stage:
    """One stage of the pre-connection gate and what it checked."""

    stage: str
    status: str = "pending"  # passed, failed, skipped, error
    detail: str = ""
    checks: list[str] = field(default_factory=list)


@dataclass
class GateReport(Report):
    """preconnect: the verdict (pass, fail, incomplete, error), each stage, and the unit's record (Art. 4)."""

    verdict: str = "error"
    stages: list[Stage] = field(default_factory=list)
    unit: dict[str, Any] = field(default_factory=dict)

    def exit_code(self) -> Exit:
        return {"pass": Exit.CLEAN, "error": Exit.ERROR}.get(self.verdict, Exit.FINDINGS)

    @property
    def extra(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "stages": [asdict(s) for s in self.stages], "unit": self.unit}


def make_finding(rule: Rule, device: str, unit: UnitInfo, message: str, evidence: tuple[Evidence, ...] = (),
                 status: Status = "fail") -> Finding:
    return Finding(rule.id, rule.title, rule.severity, rule.article, rule.clause, device, unit.id, unit.name,
                   unit.contact, status, message, rule.fix, evidence)


def rule_of(baseline: Baseline, rule_id: str) -> Rule:
    return baseline.rule(rule_id)

"""The security baseline (``baseline/baseline.yml``): rules, settings, levels."""

from __future__ import annotations

import functools
import hashlib
import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from netwarden.errors import InputError, Problem


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Applies(_Frozen):
    roles: tuple[str, ...] = ()
    zones: tuple[str, ...] = ()
    levels: tuple[int, ...] = ()


class Rule(_Frozen):
    id: str = Field(pattern=r"^[A-Z]{2,5}-\d{3}$")
    title: str
    severity: Literal["critical", "high", "medium", "low"]
    article: int
    clause: str = ""
    # what the implementation reads (netwarden.verify.catalog): a config text (intake), a rendered config
    # parsed back and its device's context (render), one parsed config (device), all of them (network), a
    # drifted line (drift), a unit's inventory entry (gate), a running device's getters (live), lab probes (probe)
    scope: Literal["intake", "render", "device", "network", "drift", "gate", "live", "probe"]
    applies: Applies = Applies()
    platforms: tuple[str, ...] | None = None  # None: every platform; () none (not applicable)
    drift: tuple[str, ...] = ()  # regexes (case-insensitive) of config lines this rule is about
    fix: str

    def applies_to(self, role: str, zone: str, level: int) -> bool:
        a = self.applies
        return ((not a.roles or role in a.roles) and (not a.zones or zone in a.zones)
                and (not a.levels or level in a.levels))

    def cite(self) -> str:
        return f"Art. {self.article}" + (f", GB/T 22239-2019 {self.clause}" if self.clause else "")


class Level(_Frozen):
    session_timeout_min: int = Field(ge=1, le=60)
    login_attempts: int = Field(ge=1, le=10)
    lockout_min: int = Field(ge=1, le=1440)
    min_syslog_servers: int = Field(ge=1, le=8)
    min_ntp_servers: int = Field(ge=1, le=8)
    backup: Literal["daily", "weekly"]
    password_min_length: int = Field(ge=8, le=64)
    two_factor: bool


# The settings the templates render, typed like inventory values: every one lands in a configuration, so
# each has a character set that every platform reads as one word (names, algorithms) or printable ASCII
# text the platforms' banner delimiters can carry (the banner), and a range the devices accept.
_WORD = r"^[A-Za-z][A-Za-z0-9_-]{0,31}$"  # a user, group or filter name on every CLI
_ALGO = r"^[a-z0-9][a-z0-9@.-]{0,63}$"  # an OpenSSH algorithm name
_BANNER = r"^[\x20-\x7E]{1,2000}$"  # printable ASCII: IOS's banner, VRP/Comware's header


class SshSettings(_Frozen):
    ciphers: tuple[Annotated[str, Field(pattern=_ALGO)], ...] = Field(min_length=1)
    macs: tuple[Annotated[str, Field(pattern=_ALGO)], ...] = Field(min_length=1)
    kex: tuple[Annotated[str, Field(pattern=_ALGO)], ...] = Field(min_length=1)
    auth_retries: int = Field(ge=1, le=5)


class SyslogSettings(_Frozen):
    facility: Literal["local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"]
    severity: Literal["emergencies", "alerts", "critical", "errors", "warnings", "notifications",
                      "informational", "debugging"]


class SnmpSettings(_Frozen):
    user: str = Field(pattern=_WORD)
    group: str = Field(pattern=_WORD)


class AaaSettings(_Frozen):
    local_admin: str = Field(pattern=_WORD)


class Settings(_Frozen):
    banner: str = Field(pattern=_BANNER)
    ssh: SshSettings
    syslog: SyslogSettings
    snmp: SnmpSettings
    aaa: AaaSettings
    logging_buffer: int = Field(ge=4096, le=2147483647)
    intranet_filter_name: str = Field(pattern=_WORD)
    mgmt_filter_name: str = Field(pattern=_WORD)
    exit_filter_name: str = Field(pattern=_WORD)


class Baseline(_Frozen):
    version: str = Field(pattern=r"^[0-9A-Za-z][0-9A-Za-z.+_-]{0,31}$")
    settings: dict[str, Any]  # a dump of :class:`Settings` (load_baseline types it first)
    levels: dict[int, Level]
    rules: tuple[Rule, ...]
    drift_order: tuple[str, ...] = ()  # the rules whose `drift` patterns attribute a drifted line, in order
    sha256: str = ""

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def level(self, n: int) -> Level:
        return self.levels[n]

    def drift_patterns(self) -> list[tuple[re.Pattern[str], str]]:
        """(compiled pattern, rule id) in ``drift_order``: the first match attributes a drifted line."""
        key = (id(self), self.sha256)
        hit = _DRIFT.get(key)
        if hit is None or hit[0] is not self:
            by = {r.id: r for r in self.rules}
            hit = _DRIFT[key] = (self, [(re.compile(p, re.I), rid) for rid in self.drift_order
                                        for p in by[rid].drift])
        return hit[1]


_DRIFT: dict[tuple[int, str], tuple[Baseline, list[tuple[re.Pattern[str], str]]]] = {}


def default_path() -> Path:
    env = os.environ.get("NETWARDEN_BASELINE")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    packaged = here.parent / "data" / "baseline.yml"  # an installed wheel's (pyproject: force-include)
    if packaged.is_file():
        return packaged
    for parent in here.parents:
        cand = parent / "baseline" / "baseline.yml"
        if cand.is_file():
            return cand
    return Path("baseline/baseline.yml")


@functools.lru_cache(maxsize=8)
def load_baseline(path: str | None = None) -> Baseline:
    p = Path(path) if path else default_path()
    if p.is_dir():
        p = p / "baseline.yml"
    try:
        raw = p.read_bytes()
        data = yaml.safe_load(raw)
    except (OSError, yaml.YAMLError) as e:
        raise InputError([Problem(str(p), "", "", f"cannot read the baseline: {e}")]) from None
    if not isinstance(data, dict):
        raise InputError([Problem(str(p), "", "", "the baseline must be a mapping")])
    errors: list[Problem] = []

    def _typed(model: type[BaseModel], value: Any, prefix: tuple[str, ...]) -> BaseModel | None:
        try:
            return model.model_validate(value)
        except ValidationError as e:
            errors.extend(Problem(str(p), "", ".".join(map(str, (*prefix, *err["loc"]))), err["msg"])
                          for err in e.errors(include_url=False))
            return None

    settings = _typed(Settings, data.get("settings"), ("settings",))
    b = _typed(Baseline, {**data, "settings": settings.model_dump(mode="json") if settings else {},
                          "sha256": hashlib.sha256(raw).hexdigest()}, ())
    if errors or not isinstance(b, Baseline):
        raise InputError(errors)
    ids = [r.id for r in b.rules]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise InputError([Problem(str(p), "", "rules", f"duplicate rule id {i}") for i in dup])
    if sorted(b.levels) != [2, 3, 4]:
        raise InputError([Problem(str(p), "", "levels", "levels 2, 3 and 4 must be defined")])
    problems = []
    with_patterns = {r.id for r in b.rules if r.drift}
    for rid in b.drift_order:
        if rid not in ids:
            problems.append(Problem(str(p), "", "drift_order", f"{rid} is not a rule of this baseline"))
        elif rid not in with_patterns:
            problems.append(Problem(str(p), "", "drift_order", f"{rid} has no drift patterns"))
    for rid in sorted(with_patterns - set(b.drift_order)):
        problems.append(Problem(str(p), "", "drift_order", f"{rid} has drift patterns but is not in drift_order"))
    for r in b.rules:
        for i, pat in enumerate(r.drift):
            try:
                re.compile(pat)
            except re.error as e:
                problems.append(Problem(str(p), "", f"rules.{r.id}.drift[{i}]", f"not a regular expression: {e}"))
    if problems:
        raise InputError(problems)
    from netwarden.verify import catalog  # the implementations import this module: only now

    unknown = catalog.problems(b)
    if unknown:
        raise InputError([Problem(str(p), "", "rules", msg) for msg in unknown])
    return b

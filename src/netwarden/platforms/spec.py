"""What netwarden knows about a platform, declared once in the platform's package.

Every other module asks the registry (:mod:`netwarden.platforms`) for these facts instead of
naming a platform. A spec is complete or it does not import: every field is required and
checked when the package is imported (hier_config v3's per-platform driver rules, netlab's
device files and NAPALM's drivers found by name are the models). A package builds its spec with
`package_spec`: what follows from the package (name, templates, parser) is not declared again, and
what a CLI family shares comes from platforms.families."""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from netwarden.platforms.keywords import Keywords

SecretKind = Literal["plaintext", "hashed", "cipher"]
Filtering = Literal["interface_acl", "nftables", "zone_policy"]
Trust = Literal["pki", "ssh_user_ca"]


def secret_after(lead: str) -> re.Pattern[str]:
    """The commonest masking pattern (`secret_patterns`): the word after `lead` (a regex matched at a
    line's start, after any indent and a `no`/`undo` that removes the line) is the secret, after an
    encryption-type digit where the platform writes one (`password 7 CIPHER`); `lead` is kept."""
    return re.compile(rf"^(\s*(?:no |undo )?{lead}(?: [0-9])?) \S+", re.M)


class SpecError(TypeError):
    """A platform package declares an incomplete or inconsistent spec (raised at import)."""


@dataclass(frozen=True)
class SecretForm:
    """One way a secret appears in the platform's configuration text: `example` is a whole line in
    that form and `secret` the part of it that must never leave netwarden, by default the line's last
    word (the contract test masks the example and looks for the secret)."""

    name: str
    kind: SecretKind
    example: str
    secret: str = ""

    def __post_init__(self) -> None:
        if not self.secret:
            object.__setattr__(self, "secret", self.example.split()[-1])


@dataclass(frozen=True)
class Commit:
    """How a change is committed: with an automatic rollback (commit-confirm) or not at all.

    The revert timer the device really arms is `seconds` rounded up to `unit_s`, within
    [min_s, max_s] (IOS counts whole minutes, 1-120)."""

    confirm: bool
    unit_s: int = 1
    min_s: int = 1
    max_s: int = 86400
    why_not: str = ""  # said when the platform cannot be pushed to safely

    def revert_timer(self, seconds: int) -> int:
        n = -(-seconds // self.unit_s) * self.unit_s
        return min(max(n, self.min_s), self.max_s)


@dataclass(frozen=True)
class PlatformSpec:
    name: str
    title: str  # for people: "Cisco IOS / IOS-XE"
    # drivers
    napalm_driver: str  # name for napalm.get_network_driver, or "module:Class" for a driver we own
    netmiko_device_type: str
    hier_config_platform: str  # hier_config.Platform member name
    # rendering
    templates: Path
    sections: tuple[str, ...]  # section templates, in config order
    files: Mapping[str, str] | None  # multi-file document: section -> path on the device (docs/config-layout.md)
    # reading
    parser: str  # "module:function" (text, source) -> ParsedConfig
    roundtrip: str  # "module:attribute": the Vocabulary of what the templates render (parsers/vocabulary.py)
    comment_prefixes: tuple[str, ...]  # lines starting so are comments / block separators
    indented_globals: bool  # global commands one space in between `#` lines (VRP, Comware)
    statement_separators: tuple[str, ...]  # what splits one line into several statements
    line_continuation: str | None  # what, right before the line feed, continues a statement on the next line
    # the keywords the CLI accepts as any unique prefix, by view (platforms/keywords.py); None: the configuration
    # is read with keywords written out only (FRR reads its files strictly, nftables has no abbreviations)
    keywords: Keywords | None
    interface_names: Mapping[str, str] | None  # abbreviation or full type -> full type (None: names as given)
    netutils_names: bool  # netutils' (Cisco) interface table applies under interface_names
    filtering: Filtering
    trust: Trust
    # the running config
    noise: tuple[str, ...]  # regexes of lines the device adds or changes by itself (never drift)
    noise_examples: tuple[str, ...]  # such lines as a device prints them (the contract test's cases)
    completeness: Callable[[str], str | None]  # why a running config looks empty or truncated, or None
    secret_patterns: tuple[re.Pattern[str], ...]  # masking: groups keep structure, the rest is masked
    secret_forms: tuple[SecretForm, ...]
    secrets_hashed_on_device: bool  # the device shows secrets hashed/encrypted, never as rendered
    commit: Commit
    driver_diff: bool  # the driver diffs the running state against a candidate itself (else: offline diff)
    lab: bool = False  # can be built as a lab device (network namespace)
    # lines only this platform's configurations have, {what a person reads: regex of the line}: a text that
    # has none of them but another platform's is that platform's (VRP and Comware share their syntax; a
    # platform that no other is mistaken for declares none)
    signature: Mapping[str, str] = field(default_factory=dict)
    # the characters free text rendered into a command (descriptions, route names, SNMP location) may hold,
    # as a regex character class, and those words for a message; None: any printable text
    text_chars: tuple[str, str] | None = None
    comment_max_bytes: int | None = None  # a filter rule's comment, in UTF-8 bytes (nftables: 128); None: no limit
    # a filter rule's remark / description / comment, in characters ("NW-ALLOW <system> ref <approval> expires
    # <date>"): the CLI refuses a longer one (IOS remark 100, VRP rule description and Comware rule comment 127)
    remark_max_chars: int | None = None
    noise_re: tuple[re.Pattern[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        problems = []
        for f in fields(self):
            optional = ("files", "interface_names", "comment_max_bytes", "remark_max_chars", "text_chars", "keywords",
                        "line_continuation")
            if f.init and getattr(self, f.name, None) is None and f.name not in optional:
                problems.append(f"{f.name} is missing")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", self.name or ""):
            problems.append(f"name {self.name!r} is not a lower-case identifier")
        if not self.sections:
            problems.append("no sections")
        elif self.templates is not None:
            for s in self.sections:
                if not (self.templates / f"{s}.j2").is_file():
                    problems.append(f"no template {s}.j2 in {self.templates}")
        if self.files is not None and set(self.files) != set(self.sections):
            problems.append("files must name a path for every section")
        if ":" not in (self.parser or ""):
            problems.append("parser must be 'module:function'")
        if ":" not in (self.roundtrip or ""):
            problems.append("roundtrip must be 'module:attribute'")
        if not self.secret_patterns or not self.secret_forms:
            problems.append("secret forms and their masking patterns must be declared")
        try:
            noise = tuple(re.compile(p) for p in self.noise)
        except re.error as e:
            problems.append(f"noise pattern: {e}")
            noise = ()
        for ex in self.noise_examples or ():
            if not any(p.search(ex) for p in noise):
                problems.append(f"noise example {ex!r} matches no noise pattern")
        for label, rx in self.signature.items():
            try:
                re.compile(rx)
            except re.error as e:
                problems.append(f"signature {label!r}: {e}")
        if problems:
            raise SpecError(f"platform {self.name!r}: " + "; ".join(problems))
        object.__setattr__(self, "noise_re", noise)

    # --- derived facts ---------------------------------------------------------------------

    def signs(self, text: str) -> list[str]:
        """The labels of this platform's `signature` lines that `text` has."""
        return [label for label, rx in self.signature.items() if re.search(rx, text, re.M)]

    def canonical_interface(self, name: str) -> str:
        """The full form of an interface name as the platform's CLI accepts it (`GE0/0/1` ->
        `GigabitEthernet0/0/1` on VRP, `Gi0/1` -> `GigabitEthernet0/1` on IOS): the platform's own
        table, over netutils' (Cisco's) names where `netutils_names` says they are the platform's.
        Names the platform keeps as given (Linux: `interface_names` None) are unchanged."""
        if self.interface_names is None:
            return name
        table = tuple(sorted(self.interface_names.items()))
        return _canonical(name, table) if self.netutils_names else _own(name, table)


_IFNAME = re.compile(r"^([A-Za-z][A-Za-z-]*?)(\d.*)$")


@functools.lru_cache(maxsize=65536)
def _own(name: str, table: tuple[tuple[str, str], ...]) -> str:
    m = _IFNAME.match(name)
    full = dict(table).get(m[1]) if m else None
    return full + m[2] if full and m else name


@functools.lru_cache(maxsize=65536)
def _canonical(name: str, overrides: tuple[tuple[str, str], ...]) -> str:
    from netutils.interface import canonical_interface_name

    return str(canonical_interface_name(name, addl_name_map=dict(overrides)))


def package_spec(package: str, *families: Mapping[str, Any], **facts: Any) -> PlatformSpec:
    """The spec of the platform package `package` (its `__name__`, during its import). What follows from
    the package is not declared: its name, its templates (the folder `templates` beside it), its
    parser (`parse_NAME` in its module `parser`) and the vocabulary of its rendered statements
    (`VOCABULARY` in its module `roundtrip`). `families`: facts a platform shares with others of its
    CLI family (platforms.families), in order; `facts`: the platform's own (a family's are overridden)."""
    name = package.rpartition(".")[2]
    init = sys.modules[package].__file__
    if init is None:
        raise SpecError(f"{package} is not a package with an __init__")
    merged: dict[str, Any] = {}
    for family in families:
        merged.update(family)
    merged.update(facts)
    return PlatformSpec(name=name, templates=Path(init).parent / "templates", parser=f"{package}.parser:parse_{name}",
                        roundtrip=f"{package}.roundtrip:VOCABULARY", **merged)

"""The rule catalog: every rule is declared once in the baseline (``baseline/baseline.yml``: id, title,
article, clause, scope, fix) and implemented once, here registered by id and kind.

The kind of an implementation is the baseline's ``scope`` of its rule, and says what it reads:

========  ==============================================================================================
intake    a configuration text, before any rule: can it be read as its platform's? (an error, not a pass)
render    a rendered config parsed back, and its device's context: exactly what was asked for? (an error)
device    one device's parsed config and its context (``verify/rules.py``)
network   every parsed config and the inventory together (``verify/network.py``)
drift     a line of the difference between running and intended config (``ops/classify.py``)
gate      the inventory's entry for a unit joining the extranet (``gate/checks.py``)
live      getter output of a running device: LLDP neighbours, routing table (``gate/checks.py``)
probe     packets sent in the lab and what was observed (``lab/probes.py``)
========  ==============================================================================================

:func:`problems` compares the two sides; the baseline loader refuses a baseline that declares a rule
with no implementation, so no rule is ever skipped silently, and a test proves the repository's
baseline and the implementations match one to one."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar

if TYPE_CHECKING:
    from netwarden.baseline import Baseline

Kind = Literal["intake", "render", "device", "network", "drift", "gate", "live", "probe"]
KINDS: tuple[str, ...] = ("intake", "render", "device", "network", "drift", "gate", "live", "probe")
# The modules holding implementations: imported by implementations() so that the registry is complete.
MODULES = ("netwarden.verify.rules", "netwarden.verify.network", "netwarden.verify.intake",
           "netwarden.verify.roundtrip", "netwarden.ops.classify", "netwarden.gate.checks", "netwarden.lab.probes",
           "netwarden.dataplane.rules")

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Implementation:
    rule_id: str
    kind: str
    fn: Callable[..., Any]

    @property
    def where(self) -> str:
        return f"{self.fn.__module__}.{self.fn.__qualname__}"


_REGISTRY: dict[str, Implementation] = {}


class CatalogError(RuntimeError):
    """Two implementations of one rule: a programming error, raised at import."""


def implements(rule_id: str, kind: Kind) -> Callable[[F], F]:
    """Register the decorated function as the one implementation of ``rule_id``."""
    if kind not in KINDS:
        raise CatalogError(f"{rule_id}: unknown kind {kind!r}")

    def deco(fn: F) -> F:
        old = _REGISTRY.get(rule_id)
        if old is not None and old.fn is not fn and old.where != f"{fn.__module__}.{fn.__qualname__}":
            raise CatalogError(f"{rule_id} is implemented twice: {old.where} and {fn.__module__}.{fn.__qualname__}")
        _REGISTRY[rule_id] = Implementation(rule_id, kind, fn)
        return fn

    return deco


def implementations() -> dict[str, Implementation]:
    for m in MODULES:
        importlib.import_module(m)
    return dict(_REGISTRY)


def of_kind(kind: Kind) -> dict[str, Callable[..., Any]]:
    """``{rule id: function}`` of one kind."""
    return {i.rule_id: i.fn for i in implementations().values() if i.kind == kind}


def problems(baseline: Baseline) -> list[str]:
    """Where the baseline and the implementations disagree: a declared rule without implementation,
    or one whose scope is not its implementation's kind. (A rule the baseline leaves out is simply
    not checked: a site baseline may drop a rule on purpose, and reports then do not mention it.)"""
    impls = implementations()
    out = []
    for r in baseline.rules:
        impl = impls.get(r.id)
        if impl is None:
            out.append(f"{r.id}: declared with scope {r.scope}, but netwarden has no implementation of it")
        elif impl.kind != r.scope:
            out.append(f"{r.id}: declared with scope {r.scope}, implemented as a {impl.kind} check ({impl.where})")
    return out

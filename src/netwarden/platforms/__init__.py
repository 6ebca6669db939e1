"""The platform registry: every package below this one is a platform (its `SPEC`, templates,
parser and driver). Adding a platform is adding a package; no other module names a platform.

    from netwarden import platforms
    platforms.get("cisco_ios").commit.revert_timer(90)   # -> 120
    platforms.names()                                     # registered platforms, sorted"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from netwarden.platforms.spec import Commit, PlatformSpec, SecretForm, SpecError

if TYPE_CHECKING:
    from netwarden.parsers.model import ParsedConfig
    from netwarden.parsers.vocabulary import Vocabulary


@functools.cache
def registry() -> dict[str, PlatformSpec]:
    out: dict[str, PlatformSpec] = {}
    for m in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not m.ispkg or m.name.startswith("_"):
            continue
        spec = getattr(importlib.import_module(f"{__name__}.{m.name}"), "SPEC", None)
        if not isinstance(spec, PlatformSpec):
            raise SpecError(f"platform package {m.name!r} declares no SPEC (a PlatformSpec)")
        if spec.name != m.name:
            raise SpecError(f"platform package {m.name!r} declares SPEC.name {spec.name!r}")
        out[spec.name] = spec
    return out


def names() -> tuple[str, ...]:
    return tuple(registry())


class UnknownPlatform(KeyError):
    def __str__(self) -> str:
        return f"unknown platform {self.args[0]!r} (registered: {', '.join(names())})"


def get(name: str) -> PlatformSpec:
    try:
        return registry()[name]
    except KeyError:
        raise UnknownPlatform(name) from None


def _load(ref: str) -> Any:
    mod, attr = ref.split(":")
    return getattr(importlib.import_module(mod), attr)


@functools.cache
def parser(name: str) -> Callable[[str, str], ParsedConfig]:
    return cast("Callable[[str, str], ParsedConfig]", _load(get(name).parser))


@functools.cache
def vocabulary(name: str) -> Vocabulary:
    """What the platform's templates render (the round trip's forms and naming facts)."""
    return cast("Vocabulary", _load(get(name).roundtrip))


def load_driver(ref: str) -> Any:
    """A NAPALM driver class from a spec's `napalm_driver`: ours ("module:Class") or napalm's own by name."""
    if ":" in ref:
        return _load(ref)
    import napalm

    return napalm.get_network_driver(ref)


def driver_hook(name: str, hook: str) -> Callable[..., Any] | None:
    """A module-level function of the platform's own driver module (e.g. ``drift_view``), if it has one."""
    ref = get(name).napalm_driver
    if ":" not in ref:
        return None
    return cast("Callable[..., Any] | None", getattr(importlib.import_module(ref.split(":")[0]), hook, None))


__all__ = ["Commit", "PlatformSpec", "SecretForm", "SpecError", "UnknownPlatform", "driver_hook", "get",
           "load_driver", "names", "parser", "registry", "vocabulary"]

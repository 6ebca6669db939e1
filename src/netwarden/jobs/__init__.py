"""The jobs layer: every job is a function from a typed request to a typed result that owns its verdict
and exit code. The CLI (``netwarden.cli``) and the Ansible action plugins call these and nothing else.

==============  ==========================  ======================================================
job             request                     result
==============  ==========================  ======================================================
validate        ValidateRequest             ValidateResult
render          RenderRequest               RenderResult (the manifest's entries)
verify          VerifyRequest               Report
check-config    CheckConfigRequest          Report
drift           DriftRequest                Report
apply           ApplyRequest                ApplyReport (changed devices, pushed sha256)
backup          BackupRequest               BackupReport (what was stored, suspect configs)
preconnect      PreconnectRequest           GateReport (verdict, stages, the unit's record)
lab             LabRequest                  LabResult
==============  ==========================  ======================================================

:func:`run` dispatches a request to its job. validate, verify, drift, apply, backup and preconnect each record their
run in the results store (``netwarden.history``) through one hook, ``jobs/recorded.py``."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Names are loaded on first use (PEP 562): `netwarden validate` must not pay for importing NAPALM and
# netmiko, which only the live jobs need (about 1.4 s and 45 MB).
_WHERE = {
    "Inputs": "base", "Loaded": "base", "load": "base", "select_hosts": "base",
    "Intended": "intent",
    "PreconnectRequest": "gate", "preconnect": "gate",
    "LabRequest": "labs", "LabResult": "labs", "lab": "labs",
    "ApplyRequest": "live", "BackupRequest": "live", "DriftRequest": "live", "LiveRequest": "live",
    "apply": "live", "backup": "live", "drift": "live",
    "CheckConfigRequest": "static", "RenderRequest": "static", "RenderResult": "static",
    "ValidateRequest": "static", "ValidateResult": "static", "VerifyRequest": "static",
    "check_config": "static", "render": "static", "validate": "static", "verify": "static",
}

if TYPE_CHECKING:
    from netwarden.jobs.base import Inputs, Loaded, load, select_hosts
    from netwarden.jobs.gate import PreconnectRequest, preconnect
    from netwarden.jobs.intent import Intended
    from netwarden.jobs.labs import LabRequest, LabResult, lab
    from netwarden.jobs.live import ApplyRequest, BackupRequest, DriftRequest, LiveRequest, apply, backup, drift
    from netwarden.jobs.static import (
        CheckConfigRequest,
        RenderRequest,
        RenderResult,
        ValidateRequest,
        ValidateResult,
        VerifyRequest,
        check_config,
        render,
        validate,
        verify,
    )

__all__ = [
    "ApplyRequest", "BackupRequest", "CheckConfigRequest", "DriftRequest", "Inputs", "Intended", "LabRequest",
    "LabResult", "LiveRequest", "Loaded", "PreconnectRequest", "RenderRequest", "RenderResult", "ValidateRequest",
    "ValidateResult", "VerifyRequest", "apply", "backup", "check_config", "drift", "lab", "load", "preconnect",
    "render", "run", "select_hosts", "validate", "verify",
]


def __getattr__(name: str) -> Any:
    mod = _WHERE.get(name)
    if mod is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{mod}"), name)
    globals()[name] = value
    return value


_REQUESTS = {"ValidateRequest": "validate", "RenderRequest": "render", "VerifyRequest": "verify",
             "CheckConfigRequest": "check_config", "DriftRequest": "drift", "ApplyRequest": "apply",
             "BackupRequest": "backup", "PreconnectRequest": "preconnect", "LabRequest": "lab"}


def run(request: Any) -> Any:
    """The job of ``request``'s type, run."""
    job = _REQUESTS.get(type(request).__name__)
    if job is None or type(request) is not __getattr__(type(request).__name__):
        raise TypeError(f"not a job request: {type(request).__name__}")
    return __getattr__(job)(request)

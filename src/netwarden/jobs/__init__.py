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

:func:`run` dispatches a request to its job."""

from __future__ import annotations

from typing import Any

from netwarden.jobs.base import Inputs, Loaded, load, select_hosts
from netwarden.jobs.gate import PreconnectRequest, preconnect
from netwarden.jobs.intent import Intended
from netwarden.jobs.lab import LabRequest, LabResult, lab
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

_JOBS: dict[type, Any] = {
    ValidateRequest: validate, RenderRequest: render, VerifyRequest: verify, CheckConfigRequest: check_config,
    DriftRequest: drift, ApplyRequest: apply, BackupRequest: backup, PreconnectRequest: preconnect,
    LabRequest: lab,
}


def run(request: Any) -> Any:
    """The job of ``request``'s type, run."""
    job = _JOBS.get(type(request))
    if job is None:
        raise TypeError(f"not a job request: {type(request).__name__}")
    return job(request)

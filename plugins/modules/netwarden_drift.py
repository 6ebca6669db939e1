#!/usr/bin/python
"""Documentation only: the work is done by the action plugin of the same name."""

from __future__ import annotations

DOCUMENTATION = r"""
module: netwarden_drift
short_description: netwarden drift over the play's hosts, in one call to the netwarden core
description:
  - Runs C(netwarden drift) for all hosts of the play (so C(--limit) applies); running against intended
    config on every device, each difference classified to the rule it breaks. Same results and exit
    semantics as the CLI; never changes a device.
extends_documentation_fragment: [netwarden, netwarden.baseline, netwarden.hosts, netwarden.report,
                                 netwarden.findings, netwarden.connection, netwarden.workers]
author: netwarden
"""

EXAMPLES = r"""
- name: Nightly drift report, the play goes on when there is drift
  netwarden_drift:
    report_file: reports/drift.html
    report_format: html
    fail_on_findings: false
    workers: 16
  run_once: true
  delegate_to: localhost
  register: drift
"""

RETURN = r"""
rc:
  description: 0 no drift, 2 drift, 1 a device could not be checked.
  type: int
  returned: always
findings:
  description: Number of drifted lines classified to a rule.
  type: int
  returned: success
devices:
  description: Per-device status (clean, drift, unreachable, auth, timeout, error).
  type: dict
  returned: success
"""

#!/usr/bin/python
"""Documentation only: the work is done by the action plugin of the same name."""

from __future__ import annotations

DOCUMENTATION = r"""
module: netwarden_verify
short_description: netwarden verify over the play's hosts, in one call to the netwarden core
description:
  - Runs C(netwarden verify) for all hosts of the play (so C(--limit) applies); isolation, the single exit
    and the baseline rules, proved from the config text. Same results and exit semantics as the CLI.
options:
  configs:
    description: Directory of configs to check instead of the intended ones.
    type: path
extends_documentation_fragment: [netwarden, netwarden.baseline, netwarden.hosts, netwarden.report, netwarden.findings]
author: netwarden
"""

EXAMPLES = r"""
- name: netwarden verify
  netwarden_verify:
    report_file: reports/verify.json
  run_once: true
  delegate_to: localhost
"""

RETURN = r"""
rc:
  description: 0 clean, 2 findings, 1 error.
  type: int
  returned: always
findings:
  description: Number of failed rule checks.
  type: int
  returned: success
summary:
  description: The report's last line (devices, findings, errors).
  type: str
  returned: success
"""

#!/usr/bin/python
"""Documentation only: the work is done by the action plugin of the same name."""

from __future__ import annotations

DOCUMENTATION = r"""
module: netwarden_preconnect
short_description: The pre-connection gate, may this unit join the extranet (Art. 11)
description:
  - Runs the inventory, static, live and data-plane stages for one unit and returns a verdict
    (pass, fail, incomplete, error) with every failed check mapped to its rule and article.
  - The task fails unless the verdict is pass.
options:
  unit:
    description: The unit id (a key of netwarden_units).
    type: str
    required: true
  skip:
    description: Stages not to run (inventory, static, live, dataplane); a skipped stage never counts as passed.
    type: list
    elements: str
  report_file:
    description: Write the report (the unit's record, Art. 4) to this file.
extends_documentation_fragment: [netwarden, netwarden.baseline, netwarden.report, netwarden.connection]
author: netwarden
"""

EXAMPLES = r"""
- name: Gate a unit
  netwarden_preconnect:
    unit: prov-fin
    report_file: reports/prov-fin.html
    report_format: html
  run_once: true
  delegate_to: localhost
"""

RETURN = r"""
verdict:
  description: pass, fail, incomplete (a stage was skipped) or error.
  type: str
  returned: always
stages:
  description: Each stage with its status, detail and the checks it made.
  type: list
  returned: always
"""

#!/usr/bin/python
"""Documentation only: the work is done by the action plugin of the same name."""

from __future__ import annotations

DOCUMENTATION = r"""
module: netwarden_apply
short_description: netwarden apply over the play's hosts, in one call to the netwarden core
description:
  - Runs C(netwarden apply) for all hosts of the play (so C(--limit) applies) in one process on the
    controller. Same results and exit semantics as the CLI; run it once per play (C(run_once)), on the controller.
options:
  inventory:
    description: Inventory to read. Defaults to the play's single inventory source.
    type: path
  hosts:
    description: Hosts to handle. Defaults to the play's hosts.
    type: list
    elements: str
  report_file:
    description: Write the report to this file.
    type: path
  report_format:
    description: Format of I(report_file).
    type: str
    choices: [text, json, junit, markdown, html]
    default: json
  fail_on_findings:
    description: Fail the task when there are findings or drift (exit status 2).
    type: bool
    default: true
  workers:
    description: Devices handled in parallel.
    type: int
  lab_workdir:
    description: Lab working directory, for lab inventories.
    type: path
  commit:
    description: Push for real; in check mode (C(--check)) nothing is pushed.
    type: bool
    default: true
  confirm_timeout:
    description: Seconds before an unconfirmed commit rolls back by itself.
    type: int
    default: 120
  vault_password_file:
    description: ansible-vault password file.
    type: path
  today:
    description: Evaluate allow-list expiry as of this date (YYYY-MM-DD).
    type: str
  baseline:
    description: Baseline file or directory.
    type: path
author: netwarden
"""

EXAMPLES = r"""
- name: netwarden apply
  netwarden_apply:
    report_file: reports/apply.json
  run_once: true
  delegate_to: localhost
"""

RETURN = r"""
rc:
  description: 0 clean, 2 findings or drift or changes, 1 error.
  type: int
  returned: always
devices:
  description: Per-device status.
  type: dict
  returned: always
"""

#!/usr/bin/python
"""Documentation only: the work is done by the action plugin of the same name."""

from __future__ import annotations

DOCUMENTATION = r"""
module: netwarden_apply
short_description: netwarden apply over the play's hosts, in one call to the netwarden core
description:
  - Runs C(netwarden apply) for all hosts of the play (so C(--limit) applies); diffs the running against the
    intended config and pushes with commit-confirm and post-checks. Same results and exit semantics as the CLI.
  - Honours C(--check) (dry run, nothing pushed) and C(--diff) (the per-device diffs).
options:
  commit:
    description: Push for real; in check mode (C(--check)) nothing is pushed.
    type: bool
    default: true
  confirm_timeout:
    description: Seconds before an unconfirmed commit rolls back by itself.
    type: int
    default: 120
extends_documentation_fragment: [netwarden, netwarden.baseline, netwarden.hosts, netwarden.report,
                                 netwarden.connection, netwarden.workers]
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
  description: 0 committed (or nothing to change), 2 changes pending in check mode, 1 a device failed or rolled back.
  type: int
  returned: always
changed_devices:
  description: The devices changed (or, in check mode, that would change).
  type: list
  elements: str
  returned: success
devices:
  description: Per-device status (changed, would_change, unchanged, rolled_back, unreachable, auth, timeout, error).
  type: dict
  returned: success
"""

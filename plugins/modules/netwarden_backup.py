#!/usr/bin/python
"""Documentation only: the work is done by the action plugin of the same name."""

from __future__ import annotations

DOCUMENTATION = r"""
module: netwarden_backup
short_description: netwarden backup over the play's hosts, in one call to the netwarden core
description:
  - Runs C(netwarden backup) for all hosts of the play (so C(--limit) applies); the running configs are
    committed to two git repositories far apart (Art. 10). Same results and exit semantics as the CLI.
options:
  to:
    description: The two backup repositories.
    type: list
    elements: path
    required: true
extends_documentation_fragment: [netwarden, netwarden.baseline, netwarden.hosts, netwarden.report,
                                 netwarden.findings, netwarden.connection, netwarden.workers]
author: netwarden
"""

EXAMPLES = r"""
- name: netwarden backup
  netwarden_backup:
    to: [/srv/backup/esc, /srv/backup/dbc]
    report_file: reports/backup.json
  run_once: true
  delegate_to: localhost
"""

RETURN = r"""
rc:
  description: 0 every device backed up to both repositories, 1 a device or a repository failed.
  type: int
  returned: always
changed:
  description: Whether a repository received a new commit.
  type: bool
  returned: success
devices:
  description: Per-device status (ok, unreachable, auth, timeout, error).
  type: dict
  returned: success
"""

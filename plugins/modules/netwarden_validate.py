#!/usr/bin/python
"""Documentation only: the work is done by the action plugin of the same name."""

from __future__ import annotations

DOCUMENTATION = r"""
module: netwarden_validate
short_description: Validate a netwarden inventory, reporting every problem at once
description:
  - Calls the netwarden core once; fails with every problem (file, host, key, message).
options:
  inventory:
    description: Inventory to read. Defaults to the play's single inventory source.
    type: path
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
- name: Validate the inventory
  netwarden_validate:
  run_once: true
"""

RETURN = r"""
summary:
  description: Counts of devices, units and links; the exit site.
  type: dict
  returned: success
"""

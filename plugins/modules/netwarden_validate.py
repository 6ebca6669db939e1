#!/usr/bin/python
"""Documentation only: the work is done by the action plugin of the same name."""

from __future__ import annotations

DOCUMENTATION = r"""
module: netwarden_validate
short_description: Validate a netwarden inventory, reporting every problem at once
description:
  - Calls the netwarden core once; fails with every problem (file, host, key, message).
extends_documentation_fragment: [netwarden, netwarden.baseline]
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
problems:
  description: Every problem in the inventory (file, host, key, message).
  type: list
  elements: str
  returned: failure
"""

#!/usr/bin/python
"""Documentation only: the work is done by the action plugin of the same name."""

from __future__ import annotations

DOCUMENTATION = r"""
module: netwarden_render
short_description: Render every play host's intended configuration with netwarden, in one process
description:
  - Calls the netwarden core once for all hosts of the play (not one template task per host),
    writing C(<output>/<host>.cfg) and C(<output>/manifest.json) atomically. The files are
    byte-identical to C(netwarden render -i INVENTORY -o OUTPUT).
  - Run it once (C(run_once)) on the controller.
options:
  output:
    description: Output directory; replaced as a whole.
    type: path
    required: true
  inventory:
    description: Inventory to read. Defaults to the play's single inventory source.
    type: path
  hosts:
    description: Hosts to render. Defaults to the play's hosts (so C(--limit) applies).
    type: list
    elements: str
  vault_password_file:
    description:
      - ansible-vault password file.
      - Defaults to E(NETWARDEN_VAULT_PASSWORD_FILE) or E(ANSIBLE_VAULT_PASSWORD_FILE).
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
- name: Render all configs
  netwarden_render:
    output: build/configs
  run_once: true
"""

RETURN = r"""
devices:
  description: The manifest's device entries (device, platform, role, unit, file, sha256).
  type: list
  returned: success
"""

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
  - Changed only when a device's config differs from its file in O(output).
    In check mode the configs are rendered (and checked) in a temporary directory and O(output)
    is left as it is.
options:
  output:
    description: Output directory; replaced as a whole.
    type: path
    required: true
extends_documentation_fragment: [netwarden, netwarden.baseline, netwarden.hosts]
author: netwarden
"""

EXAMPLES = r"""
- name: Render all configs
  netwarden_render:
    output: build/configs
  run_once: true
"""

RETURN = r"""
changed_devices:
  description: The devices whose config differs from their file in O(output) (would, in check mode).
  type: list
  elements: str
  returned: success
devices:
  description: The manifest's device entries (device, platform, role, unit, file, sha256).
  type: list
  returned: success
output:
  description: The output directory.
  type: str
  returned: success
baseline_version:
  description: Version of the baseline the configs were rendered against.
  type: str
  returned: success
"""

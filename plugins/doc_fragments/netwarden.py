"""The options the netwarden modules share, each documented once (``extends_documentation_fragment``).

``netwarden`` (this class's DOCUMENTATION) is what every module takes; the named fragments
(``netwarden.baseline``, ``netwarden.hosts``, ``netwarden.report``, ``netwarden.findings``,
``netwarden.connection``, ``netwarden.workers``) add one concern each. The action plugins build
their argument spec from the merged documentation, so a documented option is an accepted one.
"""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  inventory:
    description:
      - Inventory to read from disk instead of the play's.
      - By default the inventory is the one this run of Ansible loaded (C(hostvars)), with its extra vars,
        every inventory source and plugin, and its vault secrets however they were given.
    type: path
  vault_password_file:
    description:
      - ansible-vault password file for O(inventory) (the play's own inventory is decrypted by Ansible).
      - Defaults to E(NETWARDEN_VAULT_PASSWORD_FILE) or E(ANSIBLE_VAULT_PASSWORD_FILE).
    type: path
  today:
    description: Evaluate allow-list expiry as of this date (YYYY-MM-DD).
    type: str
  history:
    description:
      - Results store the run of a validate, verify, drift, apply, backup or preconnect task is recorded in,
        a SQLite file or a C(postgresql://) URL (AWX nodes sharing one); C(off) records nothing.
      - Defaults to E(NETWARDEN_HISTORY), else C(~/.local/state/netwarden/history.sqlite) of the controller's user.
    type: str
notes:
  - Runs on the controller in one process for the whole play; use C(run_once) (and C(delegate_to=localhost)).
"""

    BASELINE = r"""
options:
  baseline:
    description: Baseline file or directory. Defaults to the baseline shipped with netwarden.
    type: path
"""

    HOSTS = r"""
options:
  hosts:
    description: Hosts to handle. Defaults to the play's hosts (so C(--limit) applies).
    type: list
    elements: str
"""

    REPORT = r"""
options:
  report_file:
    description: Write the report to this file (atomically).
    type: path
  report_format:
    description: Format of O(report_file).
    type: str
    choices: [text, json, junit, markdown, html]
    default: json
"""

    FINDINGS = r"""
options:
  fail_on_findings:
    description: Fail the task when there are findings or drift (exit status 2).
    type: bool
    default: true
"""

    CONNECTION = r"""
options:
  lab_workdir:
    description: Lab working directory, for lab inventories (how the lab's devices are reached).
    type: path
"""

    WORKERS = r"""
options:
  workers:
    description: Devices handled in parallel.
    type: int
"""

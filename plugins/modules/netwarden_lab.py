#!/usr/bin/python
"""Documentation only: the work is done by the action plugin of the same name."""

from __future__ import annotations

DOCUMENTATION = r"""
module: netwarden_lab
short_description: Build, inspect, probe or remove the inventory's namespace lab with netwarden
description:
  - Calls the netwarden core (the same functions as C(netwarden lab up|down|status|probe)) on the
    controller. The lab is one network namespace per C(linux_frr) device marked C(netwarden_lab) and per lab
    host, with the device's factory configuration (addresses and routing, no filtering).
  - Needs root on the controller.
options:
  state:
    description:
      - C(up) builds (or repairs) the lab and waits until it is healthy and OSPF has converged.
      - C(down) removes everything the lab created, also after a crashed C(up).
      - C(status) reports the devices and their health (never fails on an unhealthy lab; see RV(healthy)).
      - C(probe) runs the declared data-plane flows (Art. 5, Art. 7).
    type: str
    choices: [up, down, status, probe]
    default: status
  workdir:
    description: Lab directory. Defaults to C(/var/tmp/netwarden-lab/<inventory name>).
    type: path
  name:
    description: Lab name, prefix of its namespaces and bridge.
    type: str
    default: nw
  wait:
    description: Seconds to wait for the daemons on C(up).
    type: float
    default: 60
  fail_on_unexpected:
    description: With C(state=probe), fail when a probe observed what the policy forbids or missed what it allows.
    type: bool
    default: true
extends_documentation_fragment: [netwarden]
author: netwarden
"""

EXAMPLES = r"""
- name: Build the lab
  netwarden_lab:
    state: up
  run_once: true
  delegate_to: localhost

- name: Probe the data plane
  netwarden_lab:
    state: probe
  run_once: true
  delegate_to: localhost
"""

RETURN = r"""
healthy:
  description: Whether every node is up and OSPF has converged (states up and status).
  type: bool
  returned: state is up or status
lab:
  description: Per node health (kind, namespace, FRR daemons, sshd, lldpd, OSPF neighbours, missing routes).
  type: dict
  returned: state is up or status
report:
  description: The probe report (each probe with from, to, expected, observed, evidence, article).
  type: dict
  returned: state is probe
workdir:
  description: The lab directory that was removed.
  type: str
  returned: state is down
"""

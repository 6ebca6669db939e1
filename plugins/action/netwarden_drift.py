"""Action plugin: netwarden drift over the play's hosts in one call to the netwarden core."""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from _netwarden_common import OpsAction


class ActionModule(OpsAction):
    JOB = "drift"

"""A thin NAPALM-shaped driver for H3C Comware 7 over netmiko's `hp_comware` connection.

Why not a NAPALM driver: the community `napalm-h3c-comware` (0.1.5, PyPI) implements getters
only (get_config, get_facts, get_interfaces, LLDP, ARP, MAC, VLANs, environment) and none of
load_replace_candidate / compare_config / commit_config / rollback, so it cannot push.

What this driver does, and nothing more:
- get_config(): `display current-configuration` (running), `display saved-configuration` (startup).
- get_facts(): hostname from the prompt, OS version from `display version`.
- load_replace_candidate() stores the intended config; compare_config() diffs it offline against
  the running config (device noise removed); discard_config() forgets it.
- commit_config(revert_in=SECONDS) pushes the hier_config remediation (running -> candidate,
  `undo` negation) in system view behind Comware's confirmed commit: `configuration commit delay
  MINUTES` first (the device takes a rollback point; settings made afterwards apply at once and are
  removed when the timer expires unless `configuration commit` is entered before), so revert_in is
  rounded up to whole minutes. confirm_commit() enters `configuration commit` and saves;
  has_pending_commit() says whether the timer was started and not confirmed by this driver.
  Without revert_in the remediation is applied and saved at once.
- rollback() re-sets the timer to one minute: the device rolls back by itself, as when an
  unconfirmed commit expires.

`configuration commit delay` needs Comware 7 Release 1121 or later (HPE 5510 HI configuration
guide); facts.py has the sources."""

from __future__ import annotations

import difflib
import math
import re
from typing import Any

from netwarden.parsers._cli import flatten_globals
from netwarden.platforms.h3c_comware.facts import SECRET_MASKS

NETMIKO_DEVICE_TYPE = "hp_comware"
SAVE = "save force"


def mask_secrets(line: str) -> str:
    for pat, repl in SECRET_MASKS:
        line = re.sub(pat, repl, line)
    return line


def strip_noise(text: str) -> list[str]:
    """The config's lines without device noise (version, `#`, `return`...)."""
    from netwarden.platforms.h3c_comware import SPEC  # the spec's compiled noise, as drift reads it

    return [ln.rstrip() for ln in flatten_globals(text).splitlines()
            if ln.strip() and not any(p.search(ln) for p in SPEC.noise_re)]


class ComwareDriver:
    """NAPALM's driver shape (napalm.base.base.NetworkDriver) for the methods netwarden uses."""

    def __init__(self, hostname: str, username: str, password: str, timeout: int = 60,
                 optional_args: dict[str, Any] | None = None) -> None:
        self.hostname, self.username, self.password, self.timeout = hostname, username, password, timeout
        self.optional_args = dict(optional_args or {})
        self.device: Any = None
        self.candidate: str | None = None
        self.pending_minutes: int | None = None

    # --- session --------------------------------------------------------------------------
    def open(self) -> None:
        from netmiko import ConnectHandler

        args = {k: v for k, v in self.optional_args.items() if k in ("port", "key_file", "secret", "conn_timeout")}
        self.device = ConnectHandler(device_type=NETMIKO_DEVICE_TYPE, host=self.hostname, username=self.username,
                                     password=self.password, timeout=self.timeout, **args)

    def close(self) -> None:
        if self.device is not None:
            self.device.disconnect()
            self.device = None

    # --- getters ----------------------------------------------------------------------------
    def get_config(self, retrieve: str = "all", full: bool = False, sanitized: bool = False) -> dict[str, str]:
        out = {"running": "", "startup": "", "candidate": ""}
        if retrieve in ("running", "all"):
            out["running"] = self.device.send_command("display current-configuration")
        if retrieve in ("startup", "all"):
            out["startup"] = self.device.send_command("display saved-configuration")
        if retrieve in ("candidate", "all"):
            out["candidate"] = self.candidate or ""
        return out

    def get_facts(self) -> dict[str, Any]:
        version = self.device.send_command("display version")
        m = re.search(r"Comware Software, Version (\S+), (?:Release|ESS) (\S+)", version)
        return {"hostname": self.device.find_prompt().strip("<>[]"), "vendor": "H3C",
                "os_version": f"{m[1]} Release {m[2]}" if m else "", "model": "", "serial_number": "",
                "uptime": -1.0, "fqdn": "", "interface_list": []}

    # --- candidate ------------------------------------------------------------------------
    def load_replace_candidate(self, filename: str | None = None, config: str | None = None) -> None:
        if config is None:
            if filename is None:
                raise ValueError("load_replace_candidate needs filename= or config=")
            with open(filename, encoding="utf-8") as f:
                config = f.read()
        self.candidate = config

    def discard_config(self) -> None:
        self.candidate = None

    def compare_config(self) -> str:
        if self.candidate is None:
            return ""
        running = [mask_secrets(ln) for ln in strip_noise(self.get_config("running")["running"])]
        candidate = [mask_secrets(ln) for ln in strip_noise(self.candidate)]
        return "\n".join(difflib.unified_diff(running, candidate, "running", "candidate", lineterm="", n=1))

    def remediation(self) -> list[str]:
        """hier_config's remediation running -> candidate, compared with secrets masked (the device shows
        them hashed): a secret line is pushed, in the candidate's form, only when more than its form differs."""
        from hier_config import Platform, WorkflowRemediation, get_hconfig

        running = strip_noise(self.get_config("running")["running"])
        candidate = strip_noise(self.candidate or "")
        original = {mask_secrets(ln).strip(): ln.strip() for ln in running + candidate}
        wf = WorkflowRemediation(get_hconfig(Platform.HP_COMWARE5, "\n".join(map(mask_secrets, running))),
                                 get_hconfig(Platform.HP_COMWARE5, "\n".join(map(mask_secrets, candidate))))
        out = []
        for ln in wf.remediation_config.dump_simple():
            body = ln.strip()
            indent = ln[:len(ln) - len(ln.lstrip())]
            out.append(indent + original.get(body, body))
        return out

    # --- commit -----------------------------------------------------------------------------
    def commit_config(self, message: str = "", revert_in: int | None = None) -> None:
        if self.candidate is None:
            raise RuntimeError("no candidate loaded")
        lines = self.remediation()
        if revert_in is not None:
            self.pending_minutes = max(1, math.ceil(revert_in / 60))
            self.device.send_config_set([f"configuration commit delay {self.pending_minutes}", *lines])
        else:
            self.device.send_config_set(lines)
            self.device.save_config(SAVE)
        self.candidate = None

    def has_pending_commit(self) -> bool:
        return self.pending_minutes is not None

    def confirm_commit(self) -> None:
        """Confirm the pending commit; apply confirms from a new session (proof that the device is still
        reachable), so the pending state is the device's, not this object's."""
        self.device.send_config_set(["configuration commit"])
        self.device.save_config(SAVE)
        self.pending_minutes = None

    def rollback(self) -> None:
        """Give up a pending commit: the timer is re-set to its shortest (the rollback point stays, S2), so
        the device rolls back by itself within a minute. Comware offers no immediate undo of a delayed commit."""
        self.device.send_config_set(["configuration commit delay 1"])
        self.pending_minutes = 1

"""Nightly drift: each device's running config against its intended config.

linux_frr: the driver's own diff (FRR's frr-reload diff, nftables compared as `nft -s`
prints it, files line by line), computed by loading the intended config as a candidate and
discarding it. cisco_ios / huawei_vrp: the running config from NAPALM, compared offline
with a unified diff and hier_config's remediation. Every diff is masked before it leaves."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from netwarden import platforms
from netwarden.baseline import Baseline, load_baseline
from netwarden.model.types import Device, Network
from netwarden.ops.classify import rule_for_line
from netwarden.ops.connect import DeviceFault, connected
from netwarden.ops.run import DeviceResult
from netwarden.parsers._cli import flatten_globals
from netwarden.secrets import mask


def strip_noise(platform: str, text: str) -> list[str]:
    """The lines of a config the device did not add or change by itself (the platform's noise)."""
    pats = platforms.get(platform).noise_re
    return [ln.rstrip() for ln in text.splitlines() if not any(p.search(ln) for p in pats)]


# Devices show secrets hashed or encrypted (IOS type 9 / type 7, VRP cipher), never as rendered:
# secret-bearing lines are compared masked, with the hash/encryption type dropped.
_SECRET_FORM = re.compile(r" (?:algorithm-type \S+ )?(secret|password|key)(?: \d+)? <redacted>")


def comparable(lines: list[str], secrets: list[str]) -> list[str]:
    return [_SECRET_FORM.sub(r" \1 <redacted>", mask(ln, secrets)) for ln in lines]


_DIFF_MARK = re.compile(r"^(\s*[+-]?)(.*)$")


def mask_diff(diff: str, secrets: list[str]) -> str:
    """mask() for diff output: the secret-line patterns are anchored at the line start, which in a
    diff (`-enable secret 9 ...`, IOS ` -key 7 ...`) comes after the +/- mark."""
    out = []
    for ln in diff.splitlines():
        m = _DIFF_MARK.match(ln)
        out.append(m[1] + mask(m[2], secrets) if m else mask(ln, secrets))
    return "\n".join(out)


@dataclass
class DriftLine:
    op: str  # "+" intended but missing on the device, "-" on the device but not intended
    text: str
    rule: str | None  # the rule this kind of line is about (the baseline's drift patterns): a hint, not a verdict
    context: str = ""  # the top-level line it sits under (interface eth1), if indented

    @property
    def shown(self) -> str:
        return f"{self.context}: {self.text.strip()}" if self.context else self.text.strip()


def classify_diff(diff: str, baseline: Baseline) -> list[DriftLine]:
    out = []
    ctx = ""
    for ln in diff.splitlines():
        if ln.startswith("@@"):
            ctx = ""  # a hunk may start inside a section: its header is not known
        if ln.startswith(("+++", "---", "@@")) or ln[:1] not in ("+", "-", " "):
            continue
        op, body = ln[0], ln[1:]
        if body.strip() and not body[:1].isspace():
            ctx = body.strip()
        if op == " ":
            continue
        if not body.strip() or body.strip() in ("!", "#", "exit", "quit", "return"):
            continue
        neg = re.match(r"^(\s*)(?:no|undo) (.*)$", body)
        if neg and op == "+":  # a reload diff removes X by adding "no X": X is on the device, not intended
            op, body = "-", neg[1] + neg[2]
        indented = body[:1].isspace()
        out.append(DriftLine(op, body, rule_for_line(body, baseline), ctx if indented else ""))
    return out


def offline_diff(platform: str, running: str, intended: str, host: str,
                 secrets: list[str] | None = None) -> tuple[str, str]:
    """(unified diff, hier_config remediation) of two config texts, noise removed, secrets masked."""
    r = comparable(strip_noise(platform, running), secrets or [])
    i = comparable(strip_noise(platform, intended), secrets or [])
    udiff = "\n".join(difflib.unified_diff(r, i, f"{host} running", f"{host} intended", lineterm="", n=3))
    remediation = ""
    if udiff:
        from hier_config import Platform, WorkflowRemediation, get_hconfig

        spec = platforms.get(platform)
        if spec.indented_globals:  # hier_config reads indentation as nesting
            r = comparable(strip_noise(platform, flatten_globals(running)), secrets or [])
            i = comparable(strip_noise(platform, flatten_globals(intended)), secrets or [])
        plat = getattr(Platform, spec.hier_config_platform)
        wf = WorkflowRemediation(get_hconfig(plat, "\n".join(r)), get_hconfig(plat, "\n".join(i)))
        remediation = "\n".join(wf.remediation_config.dump_simple())
    return udiff, remediation


def device_diff(drv: Any, device: Device, intended: str, secrets: list[str],
                running: str | None = None) -> tuple[str, str]:
    """(masked diff, masked remediation) of an open device against its intended config: the
    driver's own diff where it reads the running state itself (spec.driver_diff), else the running
    config compared offline. Drift and the pre-connection gate both use this one path."""
    if platforms.get(device.platform.value).driver_diff:
        drv.load_replace_candidate(config=intended)
        try:
            diff = drv.compare_config()
        finally:
            drv.discard_config()
        remediation = ""
    else:
        if running is None:
            running = running_config(drv)
        diff, remediation = offline_diff(device.platform.value, running, intended, device.hostname, secrets)
    return mask_diff(diff, secrets), mask(remediation, secrets)


def running_config(drv: Any) -> str:
    running = drv.get_config(retrieve="running")["running"]
    if not running or not running.strip():
        raise DeviceFault("error", "the device returned an empty running config")
    return str(running)


def effective_state(drv: Any, running: str | None = None) -> str:
    """The text the rules judge on a running device: what it actually does. A driver that reads more than its
    running config (linux_frr: the whole nftables ruleset, ``sshd -T``, every rsyslog/chrony/snmpd file) gives it
    with ``get_effective_config()``; for the others the running configuration is the effective state."""
    get = getattr(drv, "get_effective_config", None)
    if callable(get):
        text = str(get())
        if not text.strip():
            raise DeviceFault("error", "the device returned an empty effective state")
        return text
    return running if running is not None else running_config(drv)


def drift_device(net: Network, device: Device, intended: str, override: dict[str, Any] | None = None,
                 secrets: list[str] | None = None, baseline: Baseline | None = None) -> DeviceResult:
    """The device's diff against its intended config, and its effective state (``data["effective"]``, not masked:
    the caller judges it with the rules and drops it; it never leaves the process). ``baseline``: whose drift
    patterns link each changed line to the rule it is about (default: the repository's); whether that rule is
    broken is for the rules to say, on the effective state."""
    secrets = secrets if secrets is not None else net.secret_values()
    h = device.hostname
    with connected(device, override) as drv:
        running = None if platforms.get(device.platform.value).driver_diff else running_config(drv)
        diff, remediation = device_diff(drv, device, intended, secrets, running)
        effective = effective_state(drv, running)
    view = platforms.driver_hook(device.platform.value, "drift_view")
    if view is not None and diff:  # the driver's diff is commands (linux_frr): placed in context for people
        diff, remediation = view(diff, effective, intended, h, lambda ln: mask(ln, secrets))
        diff, remediation = mask_diff(diff, secrets), mask(remediation, secrets)
    lines = classify_diff(diff, baseline or load_baseline())
    data: dict[str, Any] = {"effective": effective}
    if not lines:
        return DeviceResult(h, "clean", "running config matches the intended config", data=data)
    data.update(lines=[ln.__dict__ for ln in lines], remediation=remediation)
    return DeviceResult(h, "drift", f"{len(lines)} drifted line(s)", diff=diff, data=data)

"""Render inventory devices with the h3c_comware templates before the platform registry exists.

The environment is render/engine.py's Renderer environment (same options, filters and
StrictUndefined), re-pointed at src/netwarden/platforms/h3c_comware/templates; the per-device
variables come from Renderer.extra_vars, the sections are huawei_vrp's, in the same order."""

from __future__ import annotations

from pathlib import Path

import jinja2

from netwarden.baseline import Baseline
from netwarden.model.types import Device, Network
from netwarden.render.context import DeviceCtx, device_context
from netwarden.render.engine import PLATFORM_SECTIONS, Renderer

TEMPLATES = Path(__file__).resolve().parents[2] / "src/netwarden/platforms/h3c_comware/templates"
SECTIONS = PLATFORM_SECTIONS["huawei_vrp"]


class ComwareRenderer:
    def __init__(self, baseline: Baseline) -> None:
        self.base = Renderer(baseline)
        self.env = self.base.env.overlay(loader=jinja2.FileSystemLoader(str(TEMPLATES)))
        self.baseline = baseline

    def context(self, net: Network, device: Device) -> DeviceCtx:
        return device_context(net, device, self.baseline)

    def render(self, net: Network, device: Device) -> str:
        v = self.base.extra_vars(self.context(net, device))
        parts = [self.env.get_template(f"{s}.j2").render(v).rstrip("\n") for s in SECTIONS]
        return "\n".join(p for p in parts if p) + "\n"

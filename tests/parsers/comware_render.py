"""Render any inventory device as if it were h3c_comware (every role, not only the example's Comware
unit borders): netwarden's own Renderer, the device's platform swapped."""

from __future__ import annotations

from netwarden.baseline import Baseline
from netwarden.model.types import Device, Network, Platform
from netwarden.render.context import DeviceCtx, device_context
from netwarden.render.engine import Renderer


class ComwareRenderer:
    def __init__(self, baseline: Baseline) -> None:
        self.base = Renderer(baseline)
        self.baseline = baseline

    def context(self, net: Network, device: Device) -> DeviceCtx:
        return device_context(net, device, self.baseline)

    def render(self, net: Network, device: Device) -> str:
        as_comware = device.model_copy(update={"platform": Platform("h3c_comware")})
        return self.base.render_device(net, as_comware).text

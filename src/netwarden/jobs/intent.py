"""The intended configs as an artifact: rendered once per job, with the manifest `render -o` writes
(device, platform, role, unit, sha256, baseline version and hash), and handed to every stage that needs
them: the static gate before a push, the push, the drift diff, the gate's live checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from netwarden.jobs.base import Loaded


@dataclass(frozen=True)
class Intended:
    texts: dict[str, str]
    manifest: dict[str, Any]

    @classmethod
    def render(cls, ld: Loaded, hosts: list[str]) -> Intended:
        from netwarden.render.engine import Renderer, manifest

        rendered = Renderer(ld.baseline).render_network(ld.network, hosts)
        return cls({r.hostname: r.text for r in rendered}, manifest(rendered, ld.baseline, ld.network))

    @property
    def sha256(self) -> dict[str, str]:
        return {d["device"]: d["sha256"] for d in self.manifest["devices"]}

    def sources(self, label: str = "{host} (intended)") -> dict[str, tuple[str, str]]:
        """``{host: (text, source name)}`` for verification."""
        return {h: (t, label.format(host=h)) for h, t in self.texts.items()}

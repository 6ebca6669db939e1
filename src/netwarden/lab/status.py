"""The lab's status model (NodeStatus, LabStatus) and its error, LabError."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class LabError(RuntimeError):
    """A lab cannot be built, inspected or removed; the message names the cause."""


@dataclass(frozen=True)
class NodeStatus:
    name: str
    kind: str
    netns: bool
    frr: dict[str, bool] = field(default_factory=dict)  # daemon -> alive (devices)
    sshd: bool | None = None  # answering SSH on the mgmt address (devices)
    lldpd: bool = False

    @property
    def ok(self) -> bool:
        if not (self.netns and self.lldpd):
            return False
        if self.kind == "device":
            return bool(self.frr) and all(self.frr.values()) and bool(self.sshd)
        return True


@dataclass(frozen=True)
class LabStatus:
    name: str
    workdir: Path
    bridge: bool
    nodes: dict[str, NodeStatus]
    elapsed: float = 0.0  # seconds the operation that produced this status took

    @property
    def ok(self) -> bool:
        return self.bridge and all(n.ok for n in self.nodes.values())

    def problems(self) -> list[str]:
        out = [] if self.bridge else ["management bridge missing"]
        for n in self.nodes.values():
            if not n.netns:
                out.append(f"{n.name}: namespace missing")
            out.extend(f"{n.name}: {d} not running" for d, ok in n.frr.items() if not ok)
            if n.kind == "device" and not n.frr:
                out.append(f"{n.name}: FRR not running")
            if n.sshd is False:
                out.append(f"{n.name}: sshd not answering")
            if not n.lldpd:
                out.append(f"{n.name}: lldpd not running")
        return out

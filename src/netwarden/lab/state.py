"""The lab's state file: the append-only record of its resources (``<workdir>/state.json``)."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

STATE_NAME = "state.json"


class _State:
    """Append-only record of resources, persisted before each one is created."""

    def __init__(self, workdir: Path) -> None:
        self.path = workdir / STATE_NAME
        self._lock = threading.Lock()
        self.data: dict[str, Any] = {"resources": []}
        if self.path.exists():
            self.data = json.loads(self.path.read_text())

    @property
    def resources(self) -> list[dict[str, Any]]:
        return self.data["resources"]

    def record(self, kind: str, **attrs: Any) -> None:
        entry = {"kind": kind, **{k: str(v) if isinstance(v, Path) else v for k, v in attrs.items()}}
        with self._lock:
            if entry in self.resources:
                return
            self.resources.append(entry)
            self._save()

    def set(self, key: str, value: Any) -> None:
        with self._lock:
            self.data[key] = value
            self._save()

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(STATE_NAME + ".tmp")
        with open(tmp, "w") as fh:
            json.dump(self.data, fh, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)

"""On-disk caches: where they live, a private directory for them, and the inventory parse cache.

YAML parsing is the largest cost of loading an inventory (PERF_NOTES: about 2.4 ms per host with the C
loader); the parsed data of every plain YAML file is kept in one pickle per inventory, keyed by the file's
(path, mtime_ns, size, inode, ctime_ns). Inline `!vault` values are kept as VaultText (still encrypted);
whole vault-encrypted files are never cached: they are decrypted and parsed on every run."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
from pathlib import Path
from typing import Any

import yaml

CACHE_FORMAT = 1
# A cached entry: the file's (mtime_ns, size, inode, ctime_ns), its source name, its parsed form
Entry = tuple[tuple[int, int, int, int], str, Any]


def cache_dir() -> Path | None:
    """$NETWARDEN_CACHE_DIR, else $XDG_CACHE_HOME/netwarden (~/.cache/netwarden); None when disabled
    (NETWARDEN_CACHE_DIR set to "", "0" or "off")."""
    env = os.environ.get("NETWARDEN_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "0", "off", "none", "false") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "netwarden"


def private_dir(d: Path) -> bool:
    """Create ``d`` (mode 0700) if needed; True when it is a directory only this user can write."""
    try:
        d.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.stat(d)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o022


_SAFE_GLOBALS = {
    ("datetime", "date"), ("datetime", "datetime"), ("datetime", "time"), ("datetime", "timedelta"),
    ("datetime", "timezone"), ("netwarden.model.yamlload", "VaultText"), ("builtins", "set"),
    ("builtins", "frozenset"), ("copyreg", "_reconstructor"), ("builtins", "object"),
}


class _CacheUnpickler(pickle.Unpickler):
    """Only the types YAML's safe loader produces (and VaultText) may come out of the cache."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _SAFE_GLOBALS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the parse cache")


class ParseCache:
    """Parsed YAML files of one inventory, reused while a file's (mtime_ns, size, inode, ctime_ns) is unchanged."""

    def __init__(self, inventory: Path, directory: Path | None) -> None:
        self.path: Path | None = None
        self.entries: dict[str, Entry] = {}
        self.dirty = False
        if directory is None:
            return
        d = directory / "parse"
        if not private_dir(d):
            return
        ident = f"{CACHE_FORMAT}\0{sys.version}\0{yaml.__version__}\0{os.path.abspath(inventory)}"
        self.path = d / (hashlib.sha256(ident.encode()).hexdigest()[:24] + ".pickle")
        try:
            with open(self.path, "rb") as f:
                st = os.fstat(f.fileno())
                if st.st_uid != os.getuid() or st.st_mode & 0o077:
                    return  # not ours, or readable by others: ignore it
                data = _CacheUnpickler(f).load()
            if isinstance(data, dict) and data.get("format") == CACHE_FORMAT:
                self.entries = data["files"]
        except FileNotFoundError:
            pass
        except Exception:  # a corrupt or foreign cache is ignored and rewritten
            self.entries = {}
            self.dirty = True

    def save(self, used: dict[str, Entry]) -> None:
        """Keep exactly ``used`` (the files this load read); written atomically, mode 0600."""
        if self.path is None or (not self.dirty and used.keys() == self.entries.keys()):
            return
        tmp = f"{self.path}.{os.getpid()}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as f:
                pickle.dump({"format": CACHE_FORMAT, "files": used}, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
        except (OSError, pickle.PicklingError):
            with contextlib.suppress(OSError):
                os.unlink(tmp)

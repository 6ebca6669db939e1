"""Reading an inventory's YAML files: bounded, duplicate keys reported, from the parse cache when unchanged,
parsed by forked workers when there are many.

Inline `!vault` values stay VaultText (still encrypted) until :func:`netwarden.model.vault.decrypt_tree`;
whole vault-encrypted files are decrypted here and never cached."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from netwarden.errors import Problem
from netwarden.model.vault import VaultDecrypter
from netwarden.model.yamlload import Unbounded, load_yaml, max_file_size
from netwarden.services.cache import ParseCache
from netwarden.services.pool import fork_map, workers

PARALLEL_MIN_FILES = 300  # below this, forking costs more than it saves
RACY_NS = 2_000_000_000  # files changed this recently are not cached (same-tick rewrites would go unseen)

_REL: dict[tuple[str, str], str] = {}


def rel(p: Path | str) -> str:
    """``p`` relative to the working directory (memoised: os.path.relpath is slow and paths repeat)."""
    key = (os.fspath(p), os.getcwd())
    r = _REL.get(key)
    if r is None:
        if len(_REL) > 200_000:
            _REL.clear()
        try:
            r = os.path.relpath(key[0])
        except ValueError:  # pragma: no cover - other drive
            r = key[0]
        _REL[key] = r
    return r


def read_yaml(path: Path, problems: list[Problem], vault: VaultDecrypter | None) -> Any:
    """Read and parse one YAML file (no cache); problems are appended, None when it failed."""
    src = rel(path)
    return _finish(_parse_file(str(path), src), src, problems, vault)


# A parsed file: (kind, data, duplicate keys as (key, line), error line or 0, message).
# kind: "ok" (parsed; cacheable), "yaml" (invalid YAML; cacheable), "read" (cannot read), "vault" (a whole
# vault-encrypted file: `data` is its ciphertext, decrypted by the caller and never cached).
Parsed = tuple[str, Any, tuple[tuple[str, int], ...], int, str]


def too_big(limit: int) -> str:
    return f"file is larger than {limit} bytes: refused (NETWARDEN_MAX_FILE_SIZE)"


def _parse_file(path: str, src: str) -> Parsed:
    limit = max_file_size()
    try:
        with open(path, encoding="utf-8") as f:
            size = os.fstat(f.fileno()).st_size
            text = f.read(limit + 1) if size <= limit else ""
    except (OSError, UnicodeDecodeError) as e:
        return ("read", None, (), 0, f"cannot read: {e}")
    if size > limit or len(text.encode("utf-8", "surrogatepass")) > limit:
        return ("read", None, (), 0, too_big(limit))
    if text.startswith("$ANSIBLE_VAULT;"):
        return ("vault", text, (), 0, "")
    return _parse_text(text, src)


def _parse_text(text: str, src: str) -> Parsed:
    try:
        data, dups = load_yaml(text, src)
    except Unbounded as e:
        return ("yaml", None, (), 0, str(e))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        return ("yaml", None, (), mark.line + 1 if mark is not None else 0,
                f"invalid YAML: {getattr(e, 'problem', None) or e}")
    return ("ok", data, tuple((dk.key, dk.line) for dk in dups), 0, "")


def _finish(parsed: Parsed, src: str, problems: list[Problem], vault: VaultDecrypter | None) -> Any:
    kind, data, dups, line, msg = parsed
    if kind == "vault":
        if vault is None:
            problems.append(Problem(src, "", "", "file is vault-encrypted and no vault password was given"))
            return None
        try:
            text = vault.decrypt(data, src)
        except ValueError as e:
            problems.append(Problem(src, "", "", str(e)))
            return None
        kind, data, dups, line, msg = _parse_text(text, src)
    if kind == "read":
        problems.append(Problem(src, "", "", msg))
        return None
    if kind == "yaml":
        problems.append(Problem(f"{src}:{line}" if line else src, "", "", msg))
        return None
    for key, ln in dups:
        problems.append(Problem(f"{src}:{ln}", "", key, "duplicate key (YAML keeps only the last)"))
    return data


def _parse_many(items: list[tuple[str, str]]) -> list[Parsed]:
    gc_was = gc.isenabled()
    gc.disable()  # YAML builds many small containers; the collector would rescan them again and again
    try:
        return [_parse_file(p, src) for p, src in items]
    finally:
        if gc_was:
            gc.enable()


class FileReader:
    """Reads the YAML files of one inventory load: from the parse cache when unchanged, else parsed (in
    parallel for many files). ``read`` turns a parsed file into data and problems, like :func:`read_yaml`."""

    def __init__(self, inventory: Path, vault: VaultDecrypter | None, cache: Path | None) -> None:
        self.vault = vault
        self.cache = ParseCache(inventory, cache)
        self.parsed: dict[str, Parsed] = {}
        self.used: dict[str, tuple[tuple[int, int, int, int], str, Parsed]] = {}
        self.hits = 0
        self.misses = 0

    def prefetch(self, paths: Iterable[Path]) -> None:
        now = time.time_ns()
        todo: list[tuple[str, str, tuple[int, int, int, int] | None]] = []
        for p in paths:
            ap = os.path.abspath(p)
            if ap in self.parsed:
                continue
            src = rel(p)
            try:
                st = os.stat(ap)
                key: tuple[int, int, int, int] | None = (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)
            except OSError:
                key = None
            hit = self.cache.entries.get(ap)
            if key is not None and hit is not None and hit[0] == key and hit[1] == src:
                self.parsed[ap] = hit[2]
                self.used[ap] = hit
                self.hits += 1
                continue
            if key is not None and now - max(key[0], key[3]) < RACY_NS:
                key = None  # too fresh to trust its timestamp: parse it, do not cache it
            todo.append((ap, src, key))
        if not todo:
            return
        self.misses += len(todo)
        self.cache.dirty = True
        n = workers(len(todo), PARALLEL_MIN_FILES)
        items = [(ap, src) for ap, src, _ in todo]
        chunks = [items[i::n] for i in range(n)]
        results = fork_map(_parse_many, chunks)
        for i, (ap, src, key) in enumerate(todo):
            parsed = results[i % n][i // n]
            self.parsed[ap] = parsed
            if key is not None and parsed[0] in ("ok", "yaml"):
                self.used[ap] = (key, src, parsed)

    def read(self, path: Path, problems: list[Problem]) -> Any:
        ap = os.path.abspath(path)
        if ap not in self.parsed:
            self.prefetch([path])
        return _finish(self.parsed[ap], rel(path), problems, self.vault)

    def save(self) -> None:
        self.cache.save(self.used)

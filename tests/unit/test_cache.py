"""The parse cache and the parallel paths: same results as without them, and no secret on disk."""

from __future__ import annotations

import os
import pickle
import shutil
import textwrap
from pathlib import Path

import pytest

from netwarden.model import inventory, load_inventory, load_network, yamlfiles
from netwarden.model.inventory import load_static
from netwarden.model.vault import VaultDecrypter
from netwarden.model.yamlfiles import FileReader
from netwarden.services.cache import ParseCache
from tests.conftest import TODAY

PASSWORD = "bench-test-password"
OLD = 1_600_000_000  # a file time well in the past: the cache does not trust files changed in the last 2 s


def _age(root: Path) -> None:
    for p in [root, *root.rglob("*")]:
        os.utime(p, (OLD, OLD))


def _vault_text(plaintext: str) -> str:
    from ansible.parsing.vault import VaultLib, VaultSecret

    lib = VaultLib([("default", VaultSecret(PASSWORD.encode()))])
    return lib.encrypt(plaintext.encode()).decode()


def _inventory(base: Path) -> None:
    (base / "host_vars").mkdir(parents=True)
    (base / "group_vars").mkdir()
    (base / "hosts.yml").write_text("all:\n  children:\n    routers:\n      hosts:\n        r1:\n        r2:\n")
    secret = textwrap.indent(_vault_text("inline-plaintext-s3cret"), "  ")
    (base / "group_vars" / "all.yml").write_text(f"netwarden_x: from-all\nnetwarden_secret: !vault |\n{secret}\n")
    (base / "group_vars" / "routers.yml").write_text(_vault_text("netwarden_file_secret: whole-file-s3cret\n"))
    (base / "host_vars" / "r1.yml").write_text("netwarden_h: one\n")
    (base / "host_vars" / "r2.yml").write_text("netwarden_h: two\n")
    _age(base)


@pytest.fixture(autouse=True)
def _trust_fresh_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """os.utime can age a file's mtime but not its ctime: let the tests cache files just written."""
    monkeypatch.setattr(yamlfiles, "RACY_NS", 0)


@pytest.fixture
def inv(tmp_path: Path) -> Path:
    base = tmp_path / "inv"
    _inventory(base)
    return base


def _load(inv: Path, cache: Path) -> tuple[dict[str, dict[str, object]], FileReader]:
    vault = VaultDecrypter(PASSWORD)
    reader = FileReader(inv, vault, cache)
    data = inventory._load_static(inv, vault, reader)
    reader.save()
    return {h: r.vars for h, r in data.hosts.items()}, reader


def test_cache_is_used_and_gives_the_same_data(inv: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first, r1 = _load(inv, cache)
    assert r1.hits == 0 and r1.misses > 0
    second, r2 = _load(inv, cache)
    assert r2.misses == 1  # the whole-file vault file is never cached
    assert r2.hits == r1.misses - 1
    assert first == second
    assert first["r1"]["netwarden_secret"] == "inline-plaintext-s3cret"
    assert first["r2"]["netwarden_file_secret"] == "whole-file-s3cret"
    assert load_static(inv, VaultDecrypter(PASSWORD), cache=None).hosts["r1"].vars == first["r1"]


def test_a_modified_file_is_read_again(inv: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _load(inv, cache)
    hv = inv / "host_vars" / "r1.yml"
    hv.write_text("netwarden_h: ONE\n")  # same size, new content
    os.utime(hv, (OLD + 5, OLD + 5))  # and a different mtime
    data, reader = _load(inv, cache)
    assert data["r1"]["netwarden_h"] == "ONE"
    assert reader.misses == 2  # r1.yml and the vault file
    # a file changed in the same clock tick keeps its mtime: the size, inode or ctime still differ
    hv.write_text("netwarden_h: uno, longer\n")
    os.utime(hv, (OLD + 5, OLD + 5))
    data, _ = _load(inv, cache)
    assert data["r1"]["netwarden_h"] == "uno, longer"


def test_a_fresh_file_is_not_cached(inv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlfiles, "RACY_NS", 2_000_000_000)
    cache = tmp_path / "cache"
    (inv / "host_vars" / "r2.yml").write_text("netwarden_h: fresh\n")  # mtime: now
    _, reader = _load(inv, cache)
    assert str(inv / "host_vars" / "r2.yml") not in reader.cache.entries
    assert str(inv / "host_vars" / "r2.yml") not in reader.used


def test_the_cache_never_holds_a_vault_plaintext(inv: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _load(inv, cache)
    _load(inv, cache)
    files = list((cache / "parse").iterdir())
    assert len(files) == 1
    blob = files[0].read_bytes()
    for plaintext in (b"inline-plaintext-s3cret", b"whole-file-s3cret", b"netwarden_file_secret",
                      PASSWORD.encode()):
        assert plaintext not in blob
    assert b"$ANSIBLE_VAULT" in blob  # the inline value is there, still encrypted
    assert files[0].stat().st_mode & 0o777 == 0o600
    assert (cache / "parse").stat().st_mode & 0o777 == 0o700


def test_a_foreign_or_corrupt_cache_is_ignored(inv: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _load(inv, cache)
    f = next((cache / "parse").iterdir())

    class Evil:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (print, ("pwned",))

    f.write_bytes(pickle.dumps({"format": 1, "files": Evil()}))
    os.chmod(f, 0o600)
    pc = ParseCache(inv, cache)
    assert pc.entries == {}
    f.write_bytes(b"not a pickle")
    data, reader = _load(inv, cache)
    assert data["r1"]["netwarden_h"] == "one" and reader.hits == 0
    os.chmod(f, 0o644)  # readable by others: not trusted
    assert ParseCache(inv, cache).entries == {}


def test_problems_are_the_same_from_the_cache(tmp_path: Path) -> None:
    base = tmp_path / "inv"
    base.mkdir()
    (base / "hosts.yml").write_text("all:\n  hosts:\n    r1:\n")
    (base / "host_vars").mkdir()
    (base / "host_vars" / "r1.yml").write_text("netwarden_a: 1\nnetwarden_a: 2\nnetwarden_b: [\n")
    _age(base)
    cache = tmp_path / "cache"
    first = load_static(base, None, cache=cache).problems
    second = load_static(base, None, cache=cache).problems
    assert first == second and first


@pytest.mark.parametrize("inventory", ["inventories/example", "inventories/lab"])
def test_parallel_paths_give_the_same_output(inventory: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Forked parsing and rendering (forced with NETWARDEN_WORKERS) match the single-process path."""
    from netwarden import jobs

    inv = tmp_path / "inv"
    shutil.copytree(inventory, inv)
    _age(inv)
    monkeypatch.setenv("NETWARDEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("NETWARDEN_WORKERS", "1")
    serial = jobs.render(jobs.RenderRequest(inv, output=tmp_path / "serial", today=TODAY))
    monkeypatch.setenv("NETWARDEN_WORKERS", "2")
    shutil.rmtree(tmp_path / "cache")
    parallel = jobs.render(jobs.RenderRequest(inv, output=tmp_path / "parallel", today=TODAY))  # parses in 2 workers
    assert serial.devices == parallel.devices
    for f in sorted((tmp_path / "serial").iterdir()):
        assert f.read_bytes() == (tmp_path / "parallel" / f.name).read_bytes(), f.name
        assert f.stat().st_mode & 0o777 == (tmp_path / "parallel" / f.name).stat().st_mode & 0o777
    from netwarden.baseline import load_baseline
    from netwarden.render.engine import Renderer

    net = load_network(inv, today=TODAY)  # from the cache, 2 render workers
    texts = {r.hostname: r.text for r in Renderer(load_baseline()).render_network(net)}
    assert texts == {f.stem: f.read_text() for f in (tmp_path / "serial").glob("*.cfg")}


def test_a_worker_error_reaches_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    from netwarden.errors import NetwardenError
    from netwarden.services.pool import fork_map

    def boom(chunk: list[int]) -> list[int]:
        if chunk[0] == 1:
            raise NetwardenError("worker says no")
        return chunk

    with pytest.raises(NetwardenError, match="worker says no"):
        fork_map(boom, [[0], [1]])
    assert fork_map(lambda c: [x * 2 for x in c], [[1, 2], [3]]) == [[2, 4], [6]]


def test_load_inventory_default_cache_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NETWARDEN_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    inv = tmp_path / "inv"
    _inventory(inv)
    load_inventory(inv, loader="fast")  # no vault password: problems, but the plain files are cached
    assert list((tmp_path / "xdg" / "netwarden" / "parse").iterdir())
    monkeypatch.setenv("NETWARDEN_CACHE_DIR", "off")
    from netwarden.services.cache import cache_dir

    assert cache_dir() is None

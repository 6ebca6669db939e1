"""Bounded loading on every inventory path: a YAML alias bomb ("billion laughs", about 1 KB) and an oversized
file fail fast with a clear error naming the file, on the fast loader and on the Ansible-API path (dynamic
inventories); memory and work stay bounded: each run is a subprocess under RLIMIT_AS = 1.5 GB and RLIMIT_CPU
= 60 s, so an expansion that ran away would be killed (MemoryError or SIGXCPU) and fail the exit-code assert;
no wall-clock time is asserted (performance is measured in bench/, not here)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BOMB = "\n".join(
    ['lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    + ["netwarden_backup_sites: {a: *l9}", "netwarden_bomb: *l9", ""])
RUN = textwrap.dedent("""
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))
    resource.setrlimit(resource.RLIMIT_CPU, (60, 60))  # SIGXCPU kills a run that expands without end
    from netwarden.cli import main
    sys.exit(main(sys.argv[1:]))
""")


def _validate(inv: Path, loader: str, **env: str) -> tuple[int, str]:
    cwd = inv.parent if inv.is_dir() else inv.parent.parent
    r = subprocess.run([sys.executable, "-c", RUN, "validate", "-i", str(inv), "--loader", loader],
                       capture_output=True, text=True, timeout=120, cwd=cwd,
                       env={**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}", **env})
    return r.returncode, r.stderr


def _static(tmp_path: Path) -> Path:
    inv = tmp_path / "inv"
    (inv / "group_vars" / "all").mkdir(parents=True)
    (inv / "hosts.yml").write_text("all:\n  hosts:\n    r1:\n")
    return inv


def _dynamic(tmp_path: Path) -> Path:
    inv = tmp_path / "dyn"
    (inv / "group_vars" / "all").mkdir(parents=True)
    script = inv / "cmdb"
    script.write_text(f"#!{sys.executable}\nprint('{{\"all\": {{\"hosts\": [\"r1\"]}}, \"_meta\": "
                      "{\"hostvars\": {}}}')\n")
    script.chmod(0o755)
    return script


def test_bomb_is_about_a_kilobyte() -> None:
    assert len(BOMB) < 1100


@pytest.mark.parametrize("path", ["fast", "ansible"])
def test_alias_bomb_fails_fast(tmp_path: Path, path: str) -> None:
    inv = _static(tmp_path) if path == "fast" else _dynamic(tmp_path)
    base = inv if inv.is_dir() else inv.parent
    (base / "group_vars" / "all" / "bomb.yml").write_text(BOMB)
    rc, err = _validate(inv, "fast" if path == "fast" else "auto")
    assert rc == 1, err
    assert "MemoryError" not in err and "Traceback" not in err, err
    assert (f"  {base.name}/group_vars/all/bomb.yml: YAML aliases expand this document by more than 100000 nodes "
            "(an alias bomb?): refused (NETWARDEN_YAML_MAX_ALIAS_NODES)") in err, err


@pytest.mark.parametrize("path", ["fast", "ansible"])
def test_file_size_limit(tmp_path: Path, path: str) -> None:
    inv = _static(tmp_path) if path == "fast" else _dynamic(tmp_path)
    base = inv if inv.is_dir() else inv.parent
    (base / "group_vars" / "all" / "big.yml").write_text("netwarden_x: " + "y" * 5000 + "\n")
    rc, err = _validate(inv, "fast" if path == "fast" else "auto", NETWARDEN_MAX_FILE_SIZE="4K")
    assert rc == 1 and "Traceback" not in err, err
    assert (f"  {base.name}/group_vars/all/big.yml: file is larger than 4096 bytes: refused "
            "(NETWARDEN_MAX_FILE_SIZE)") in err, err


def test_aliases_within_bounds_still_load() -> None:
    from netwarden.model.yamlload import load_yaml

    data, _ = load_yaml("base: &b {a: 1, b: [1, 2]}\nx: *b\ny: *b\n", "t.yml")
    assert data["x"] == data["y"] == {"a": 1, "b": [1, 2]}


@pytest.mark.parametrize("path", ["fast", "ansible"])
def test_a_vault_encrypted_alias_bomb_fails_fast_too(tmp_path: Path, path: str) -> None:
    """A whole-file vault holds YAML like any other: its plaintext is checked before Ansible parses it."""
    from ansible.parsing.vault import VaultLib, VaultSecret

    password = (ROOT / "docs/examples/example-vault-password.txt").read_text().strip()
    inv = _static(tmp_path) if path == "fast" else _dynamic(tmp_path)
    base = inv if inv.is_dir() else inv.parent
    vault = VaultLib([("default", VaultSecret(password.encode()))])
    (base / "group_vars" / "all" / "bomb.yml").write_bytes(vault.encrypt(BOMB.encode()))
    rc, err = _validate(inv, "fast" if path == "fast" else "auto",
                           NETWARDEN_VAULT_PASSWORD_FILE=str(ROOT / "docs/examples/example-vault-password.txt"))
    assert rc == 1, err
    assert "MemoryError" not in err and "Traceback" not in err, err
    assert (f"{base.name}/group_vars/all/bomb.yml: YAML aliases expand this document by more than 100000 nodes "
            "(an alias bomb?): refused (NETWARDEN_YAML_MAX_ALIAS_NODES)") in err, err

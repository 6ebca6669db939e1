from __future__ import annotations

import json
from pathlib import Path

import pytest

from netwarden.cli import main
from tests.conftest import ROOT


def test_validate_lab_inventory(capsys):
    assert main(["validate", "-i", "inventories/lab"]) == 0
    assert "valid (6 devices" in capsys.readouterr().out


def test_render_lab_writes_manifest(tmp_path: Path):
    out = tmp_path / "out"
    assert main(["render", "-i", "inventories/lab", "-o", str(out)]) == 0
    man = json.loads((out / "manifest.json").read_text())
    assert [d["device"] for d in man["devices"]] == sorted(d["device"] for d in man["devices"])
    assert {d["device"] for d in man["devices"]} == {"exit1", "core1", "city1", "ub-fin", "ub-lhtax", "intra1"}
    for d in man["devices"]:
        assert (out / d["file"]).is_file()


def test_the_cli_does_not_import_the_device_libraries_until_a_live_job_runs() -> None:
    """validate/render/verify must not pay for NAPALM and netmiko (the jobs layer loads its parts lazily)."""
    import subprocess
    import sys

    code = ("import sys; import netwarden.cli, netwarden.jobs; from netwarden.jobs import RenderRequest, "
            "VerifyRequest; print(sorted(m for m in ('napalm', 'netmiko', 'paramiko') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    code = "import sys; from netwarden.jobs import DriftRequest; print('napalm' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "True\n"


def test_every_job_name_is_what_it_says_whatever_was_imported_first() -> None:
    """The jobs package loads names lazily: none may resolve to a submodule of the same name."""
    import importlib
    import inspect
    import pkgutil

    import netwarden.jobs as jobs

    for m in pkgutil.iter_modules(jobs.__path__):
        importlib.import_module(f"netwarden.jobs.{m.name}")
    for name in jobs.__all__:
        obj = getattr(jobs, name)
        assert not inspect.ismodule(obj), name
        assert callable(obj), name


def test_cli_inventory_defaults_to_ansibles(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """No -i: ANSIBLE_INVENTORY, else ansible.cfg's inventory (resolved against the file); neither: an error."""
    monkeypatch.delenv("ANSIBLE_INVENTORY", raising=False)
    monkeypatch.setenv("ANSIBLE_CONFIG", str(ROOT / "ansible.cfg"))
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 0
    assert f"{ROOT / 'inventories' / 'example'}: valid (" in capsys.readouterr().out
    monkeypatch.setenv("ANSIBLE_INVENTORY", str(ROOT / "inventories" / "lab"))
    assert main(["validate"]) == 0
    assert f"{ROOT / 'inventories' / 'lab'}: valid (" in capsys.readouterr().out
    monkeypatch.delenv("ANSIBLE_INVENTORY")
    (tmp_path / "ansible.cfg").write_text("[defaults]\nforks = 5\n")
    monkeypatch.setenv("ANSIBLE_CONFIG", str(tmp_path / "ansible.cfg"))
    assert main(["validate"]) == 1
    assert "no inventory: pass -i INVENTORY, or set ANSIBLE_INVENTORY or inventory in ansible.cfg" in \
        capsys.readouterr().err


def test_cli_takes_several_inventories(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extra = tmp_path / "more.yml"
    extra.write_text("all:\n  hosts:\n    stray1:\n      ansible_host: 198.18.0.99\n")
    assert main(["validate", "-i", "inventories/lab", "-i", str(extra), "--today", "2026-11-24"]) == 1
    err = capsys.readouterr().err
    assert "stray1" in err and "netwarden_unit" in err
    assert main(["validate", "-i", "inventories/lab", "-i", str(extra), "--loader", "fast"]) == 1
    assert "the fast loader reads one inventory" in capsys.readouterr().err

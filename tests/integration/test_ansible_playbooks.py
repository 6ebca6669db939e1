"""playbooks/render.yml and validate.yml: the Ansible skin gives the CLI's results byte for byte."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest

from netwarden.cli import main

pytestmark = pytest.mark.ansible
BIN = Path(sys.executable).parent


def _playbook(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    if env is None:  # Ansible decrypts the example's vault: its own variable, as a user or AWX would give it
        env = dict(os.environ, ANSIBLE_VAULT_PASSWORD_FILE=os.environ["NETWARDEN_VAULT_PASSWORD_FILE"])
    env = dict(env, ANSIBLE_CONFIG=str(root / "ansible.cfg"), ANSIBLE_NOCOLOR="1")
    return subprocess.run(
        [str(BIN / "ansible-playbook"), *args], cwd=root, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize("inv", ["lab", "example"])
def test_render_playbook_matches_cli_byte_for_byte(inv: str, root: Path, tmp_path: Path) -> None:
    out_pb, out_cli = tmp_path / "pb", tmp_path / "cli"
    r = _playbook(
        root,
        "playbooks/render.yml",
        "-i",
        f"inventories/{inv}",
        "-e",
        f"render_configs_output_dir={out_pb}",
        "-e",
        "render_configs_today=2026-11-24",
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert main(["render", "-i", f"inventories/{inv}", "-o", str(out_cli), "--today", "2026-11-24"]) == 0
    files = sorted(p.name for p in out_cli.iterdir())
    assert sorted(p.name for p in out_pb.iterdir()) == files
    match, mismatch, errors = filecmp.cmpfiles(out_pb, out_cli, files, shallow=False)
    assert mismatch == [] and errors == []
    assert len(match) > 5


def test_render_playbook_honours_limit(root: Path, tmp_path: Path) -> None:
    r = _playbook(
        root,
        "playbooks/render.yml",
        "-i",
        "inventories/lab",
        "--limit",
        "ub-fin,core1",
        "-e",
        f"render_configs_output_dir={tmp_path / 'o'}",
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["core1.cfg", "manifest.json", "ub-fin.cfg"]


def test_validate_playbook_fails_with_every_problem(root: Path, tmp_path: Path) -> None:
    import shutil

    inv = tmp_path / "inv"
    shutil.copytree(root / "inventories" / "lab", inv)
    p = inv / "host_vars" / "ub-fin.yml"
    p.write_text(p.read_text().replace("netwarden_unit: prov-finance", "netwarden_unit: nope"))
    p = inv / "host_vars" / "core1.yml"
    p.write_text(p.read_text().replace("ansible_host: 198.18.0.12", "ansible_host: 198.18.0.11"))
    r = _playbook(root, "playbooks/validate.yml", "-i", str(inv))
    assert r.returncode != 0
    assert "netwarden_unit: unknown unit 'nope'" in r.stdout
    assert "duplicate management address 198.18.0.11" in r.stdout
    r = _playbook(root, "playbooks/validate.yml", "-i", "inventories/lab")
    assert r.returncode == 0, r.stdout + r.stderr


def test_verify_playbook_writes_the_report(root: Path, tmp_path: Path) -> None:
    import json

    out = tmp_path / "verify.json"
    r = _playbook(root, "playbooks/verify.yml", "-i", "inventories/example", "-e", f"verify_configs_report_file={out}")
    assert r.returncode == 0, r.stdout + r.stderr
    d = json.loads(out.read_text())
    assert d["result"] == "clean" and len(d["units"]) > 10


def test_preconnect_playbook_skipped_stages_never_pass(root: Path, tmp_path: Path) -> None:
    import json

    out = tmp_path / "gate.json"
    r = _playbook(
        root,
        "playbooks/preconnect.yml",
        "-i",
        "inventories/example",
        "-e",
        "preconnect_unit_unit=prov-fin",
        "-e",
        '{"preconnect_unit_skip": ["live", "dataplane"]}',
        "-e",
        f"preconnect_unit_report_file={out}",
        "-e",
        "preconnect_unit_report_format=json",
    )
    assert r.returncode != 0  # incomplete is not a pass
    d = json.loads(out.read_text())
    assert d["extra"]["verdict"] == "incomplete"
    assert [s["status"] for s in d["extra"]["stages"]] == ["passed", "passed", "skipped", "skipped"]


def test_playbook_uses_ansibles_vault(root: Path) -> None:
    """Vault by Ansible's own options alone (no NETWARDEN_VAULT_PASSWORD_FILE): Ansible decrypts."""
    env = {k: v for k, v in os.environ.items() if "VAULT" not in k}
    r = _playbook(root, "playbooks/validate.yml", "-i", "inventories/example", env=env)
    assert r.returncode != 0 and "no vault secrets found" in r.stdout + r.stderr, r.stdout + r.stderr
    r = _playbook(
        root,
        "playbooks/validate.yml",
        "-i",
        "inventories/example",
        "--vault-password-file",
        "docs/examples/example-vault-password.txt",
        env=env,
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_playbook_reads_several_sources_and_inventory_plugins(root: Path, tmp_path: Path) -> None:
    """A second -i of an inventory plugin named by FQCN, and --limit on the group it constructs."""
    (tmp_path / "constructed.yml").write_text(
        "plugin: ansible.builtin.constructed\nstrict: false\nuse_vars_plugins: true\n"
        "groups:\n  fin_borders: netwarden_unit == 'prov-finance' and netwarden_lab_host is not defined\n"
    )
    r = _playbook(
        root,
        "playbooks/render.yml",
        "-i",
        "inventories/lab",
        "-i",
        str(tmp_path / "constructed.yml"),
        "--limit",
        "fin_borders",
        "-e",
        f"render_configs_output_dir={tmp_path / 'o'}",
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["manifest.json", "ub-fin.cfg"]


def test_playbook_sees_extra_vars(root: Path) -> None:
    r = _playbook(root, "playbooks/validate.yml", "-i", "inventories/lab", "-e", "ansible_host=198.18.0.99")
    assert r.returncode != 0
    assert "duplicate management address 198.18.0.99" in r.stdout


def test_role_arguments_are_checked_once_per_play(root: Path, tmp_path: Path) -> None:
    r = _playbook(
        root,
        "playbooks/verify.yml",
        "-i",
        "inventories/lab",
        "-e",
        "verify_configs_fail_on_findings=maybe",
        "-e",
        f"verify_configs_report_file={tmp_path / 'v.json'}",
    )
    assert r.returncode != 0
    assert r.stdout.count("fatal:") == 1 and "Validation of arguments failed" in r.stdout  # one host, not each
    assert "'verify_configs_fail_on_findings' is of type str and we were unable to convert to bool" in r.stdout
    assert not (tmp_path / "v.json").exists()
    r = _playbook(
        root, "playbooks/verify.yml", "-i", "inventories/lab", "-e", f"verify_configs_report_file={tmp_path / 'v.json'}"
    )
    assert r.returncode == 0, r.stdout
    assert "Validating arguments against arg spec" not in r.stdout  # Ansible's per-host check is not run


def test_render_playbook_changed_only_when_a_config_changes_and_check_writes_nothing(
    root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "o"
    args = ("playbooks/render.yml", "-i", "inventories/lab", "-e", f"render_configs_output_dir={out}")
    r = _playbook(root, *args, "--check")
    assert r.returncode == 0, r.stdout + r.stderr
    assert not out.exists()  # --check: nothing written
    assert "would render 6 configs" in r.stdout and "(6 changed)" in r.stdout
    r = _playbook(root, *args)
    assert r.returncode == 0 and "changed=1" in r.stdout, r.stdout
    r = _playbook(root, *args)
    assert r.returncode == 0 and "changed=1" not in r.stdout and "(0 changed)" in r.stdout, r.stdout
    (out / "core1.cfg").write_text("tampered\n")
    r = _playbook(root, *args, "--check")
    assert "(1 changed)" in r.stdout and "changed=1" in r.stdout  # the file on disk is compared
    assert (out / "core1.cfg").read_text() == "tampered\n"

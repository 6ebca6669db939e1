"""The fast static-YAML reader must agree with Ansible's own inventory API."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from netwarden.model import load_inventory, load_network
from tests.conftest import TODAY, model_dump


@pytest.mark.parametrize("inv", ["inventories/lab", "inventories/example"])
def test_fast_and_ansible_paths_give_the_same_model(inv: str) -> None:
    fast = load_network(inv, today=TODAY, loader="fast")
    slow = load_network(inv, today=TODAY, loader="ansible")
    assert model_dump(fast) == model_dump(slow)
    assert len(fast.devices) > 5


def _write(base: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        p = base / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text))


PRECEDENCE = {
    "hosts.yml": """
        all:
          vars: {netwarden_x: all-inline, netwarden_y: all-inline, netwarden_z: all-inline}
          children:
            zone:
              vars: {netwarden_x: zone-inline, netwarden_p: zone-inline}
              children:
                role:
                  vars: {netwarden_x: role-inline}
                  hosts:
                    r1: {netwarden_h: r1-inline, netwarden_y: r1-inline}
                    r2:
            other:
              vars: {netwarden_p: other-inline, ansible_group_priority: 5}
              hosts:
                r2: {netwarden_q: r2-inline}
            aaa:
              vars: {netwarden_p: aaa-inline}
              hosts:
                r2:
        """,
    "group_vars/all/01.yml": "netwarden_z: gv-all-01\nnetwarden_w: gv-all-01\n",
    "group_vars/all/02.yml": "netwarden_w: gv-all-02\n",
    "group_vars/zone.yml": "netwarden_y: gv-zone\nnetwarden_z: gv-zone\n",
    "group_vars/role": "netwarden_z: gv-role-noext\n",
    "host_vars/r1/a.yml": "netwarden_h: hv-r1-a\n",
    "host_vars/r1/b.yaml": "netwarden_h: hv-r1-b\nnetwarden_k: {nested: true}\n",
}


def test_variable_precedence_matches_ansible(tmp_path: Path) -> None:
    _write(tmp_path, PRECEDENCE)
    fast = load_inventory(tmp_path, loader="fast")
    slow = load_inventory(tmp_path, loader="ansible")
    assert fast.problems == []
    for h in ("r1", "r2"):
        f = {k: v for k, v in fast.hosts[h].vars.items() if k.startswith("netwarden_")}
        s = {k: v for k, v in slow.hosts[h].vars.items() if k.startswith("netwarden_")}
        assert f == s, h
    # spot checks that show the rules themselves
    assert fast.hosts["r1"].vars["netwarden_x"] == "role-inline"  # deeper group wins
    assert fast.hosts["r1"].vars["netwarden_y"] == "r1-inline"  # host beats group_vars
    assert fast.hosts["r1"].vars["netwarden_z"] == "gv-role-noext"  # group_vars beat inline group vars
    assert fast.hosts["r1"].vars["netwarden_h"] == "hv-r1-b"  # host_vars dir, sorted
    assert fast.hosts["r2"].vars["netwarden_p"] == "other-inline"  # ansible_group_priority
    assert fast.hosts["r1"].vars["netwarden_w"] == "gv-all-02"


def test_vault_inline_values_are_decrypted_with_ansible_vault() -> None:
    net = load_network("inventories/example", today=TODAY)
    assert net.secrets.snmp_auth.startswith("Ex4mple-SNMP-auth")
    raw = Path("inventories/example/group_vars/all/secrets.yml").read_text()
    assert net.secrets.snmp_auth not in raw  # really encrypted in the repository


def test_duplicate_yaml_keys_are_reported(tmp_path: Path) -> None:
    _write(tmp_path, {"hosts.yml": "all:\n  hosts:\n    r1:\n    r1:\n"})
    data = load_inventory(tmp_path, loader="fast")
    assert [str(p) for p in data.problems] == [f"{_rel(tmp_path / 'hosts.yml')}:4: r1: duplicate key (YAML keeps "
                                               "only the last)"]


def _rel(p: Path) -> str:
    import os

    return os.path.relpath(p)

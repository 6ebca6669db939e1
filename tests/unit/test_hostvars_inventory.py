"""The action plugins' inventory: built from what Ansible loaded (hostvars), equal to the CLI's fast loader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from netwarden.errors import InputError
from netwarden.model import load_network
from netwarden.model.ansible_inventory import from_hostvars
from tests.conftest import ROOT, TODAY, model_dump

PASSWORD = (ROOT / "docs/examples/example-vault-password.txt").read_text().strip()


def _ansible(*sources: str, extra_vars: dict[str, Any] | None = None) -> tuple[Any, list[str], list[str]]:
    """hostvars, groups.all and the sources as an action plugin sees them, from Ansible's own classes."""
    from ansible.inventory.manager import InventoryManager
    from ansible.parsing.dataloader import DataLoader
    from ansible.parsing.vault import VaultSecret, VaultSecretsContext
    from ansible.vars.hostvars import HostVars
    from ansible.vars.manager import VariableManager

    loader = DataLoader()
    secrets = [("default", VaultSecret(PASSWORD.encode()))]
    loader.set_vault_secrets(secrets)
    if VaultSecretsContext.current(optional=True) is None:
        VaultSecretsContext.initialize(VaultSecretsContext(secrets))
    else:
        VaultSecretsContext.current().secrets = secrets
    inv = InventoryManager(loader=loader, sources=list(sources))
    vm = VariableManager(loader=loader, inventory=inv)
    if extra_vars:
        vm._extra_vars = extra_vars
    hv = HostVars(inventory=inv, variable_manager=vm, loader=loader)
    return hv, [h.name for h in inv.get_hosts()], list(sources)


@pytest.mark.parametrize("inv", ["example", "lab"])
def test_hostvars_model_equals_the_fast_loader(inv: str) -> None:
    path = str(ROOT / "inventories" / inv)
    net = load_network(from_hostvars(*_ansible(path)), today=TODAY)
    fast = load_network(path, today=TODAY, loader="fast")
    assert model_dump(net) == model_dump(fast)
    assert net.secrets == fast.secrets  # the vault, decrypted by Ansible's secrets


def test_extra_vars_apply() -> None:
    data = from_hostvars(*_ansible(str(ROOT / "inventories/lab"), extra_vars={"ansible_host": "198.18.0.99"}))
    with pytest.raises(InputError) as e:
        load_network(data, today=TODAY)
    assert "duplicate management address 198.18.0.99" in e.value.render()


def test_several_sources_are_one_inventory(tmp_path: Path) -> None:
    extra = tmp_path / "more.yml"
    extra.write_text("all:\n  hosts:\n    stray1:\n      ansible_host: 198.18.0.99\n")
    hv, hosts, sources = _ansible(str(ROOT / "inventories/lab"), str(extra))
    assert "stray1" in hosts
    with pytest.raises(InputError) as e:
        load_network(from_hostvars(hv, hosts, sources), today=TODAY)
    assert any(p.host == "stray1" for p in e.value.problems)


def test_a_province_variable_must_be_the_same_everywhere() -> None:
    hv, hosts, sources = _ansible(str(ROOT / "inventories/lab"))
    plain = {h: {k: hv[h][k] for k in hv[h]} for h in hosts}
    plain["core1"]["netwarden_zones"] = {"intranet": ["10.0.0.0/8"]}
    data = from_hostvars(plain, hosts, sources)
    assert [(p.host, p.key) for p in data.problems] == [("core1", "netwarden_zones")]
    assert "must be the same for every host (set it in group_vars/all)" in data.problems[0].message

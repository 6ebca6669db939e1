"""netwarden_backup_repos: each backup site's repository, an absolute path (audit verify reads the anchors
committed there)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from netwarden.errors import InputError
from netwarden.model import load_network
from tests.conftest import INVENTORIES


def lab_with(tmp_path: Path, extra: str) -> Path:
    inv = tmp_path / "inv"
    shutil.copytree(INVENTORIES / "lab", inv)
    with (inv / "group_vars/all/province.yml").open("a") as f:
        f.write(extra)
    return inv


def test_declared_repositories_are_in_the_model(tmp_path: Path) -> None:
    inv = lab_with(tmp_path, f"netwarden_backup_repos:\n  emergency_support_centre: {tmp_path}/esc\n"
                   f"  data_disaster_backup_centre: {tmp_path}/ddbc\n")
    net = load_network(inv)
    assert net.backup_repos == {"emergency_support_centre": f"{tmp_path}/esc",
                                "data_disaster_backup_centre": f"{tmp_path}/ddbc"}


def test_bad_repositories_are_refused_naming_file_and_key(tmp_path: Path) -> None:
    inv = lab_with(tmp_path, "netwarden_backup_repos:\n  emergency_support_centre: relative/esc\n"
                   "  elsewhere: /srv/x\n")
    with pytest.raises(InputError) as e:
        load_network(inv)
    text = e.value.render()
    assert "netwarden_backup_repos.emergency_support_centre: must be an absolute path" in text
    assert ("netwarden_backup_repos.elsewhere: not a backup site (netwarden_backup_sites: "
            "data_disaster_backup_centre, emergency_support_centre)") in text
    assert "province.yml" in text

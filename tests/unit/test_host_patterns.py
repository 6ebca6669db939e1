"""-l reads Ansible's host patterns as Ansible does: checked against Ansible's own InventoryManager."""

from __future__ import annotations

import pytest

from netwarden.errors import NetwardenError
from netwarden.jobs.base import select_hosts
from netwarden.model import load_network
from tests.conftest import ROOT, TODAY

PATTERNS = [
    "city_lh",
    "prov-core-rt01",
    "all",
    "unit_border:&city_lh",
    "unit_border,!city_lh,!city_qs",
    "extranet:!unit_border",
    "prov-*-br01",
    "*core*:&cisco_ios",
    "~(lh|qs)-.*",
    "intranet,linux_frr",
    "unit_border:&huawei_vrp:!city_by",
    "city_*",
    "prov-exit-fw0?",
    "!city_lh,extranet_core",
]


@pytest.fixture(scope="module")
def both() -> tuple[object, object]:
    from ansible.inventory.manager import InventoryManager
    from ansible.parsing.dataloader import DataLoader

    net = load_network(ROOT / "inventories" / "example", today=TODAY)
    return net, InventoryManager(loader=DataLoader(), sources=[str(ROOT / "inventories" / "example")])


@pytest.mark.parametrize("pattern", PATTERNS)
def test_patterns_select_what_ansible_selects(both: tuple[object, object], pattern: str) -> None:
    net, inv = both
    ansible = sorted(h.name for h in inv.get_hosts(pattern))  # type: ignore[attr-defined]
    assert ansible, pattern
    assert select_hosts(net, pattern) == ansible  # type: ignore[arg-type]


def test_a_list_of_patterns_and_the_readme_example(both: tuple[object, object]) -> None:
    net, _ = both
    got = select_hosts(net, ["city_lh", "!lh-core-rt01"])  # type: ignore[arg-type]
    assert got == ["lh-edu-br01", "lh-hb-br01", "lh-tax-br01"]


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("city_nowhere", "--limit: no device matches city_nowhere"),
        ("unit_border,!city_lhh", "--limit: no device matches !city_lhh"),
        ("city_lh:&internet_exit", "--limit city_lh,&internet_exit: no device left"),
        ("unit_border[0:2]", "--limit: subscripts are not supported (unit_border[0:2])"),
        ("~(", "--limit: invalid pattern '~('"),
    ],
)
def test_bad_patterns_are_errors(both: tuple[object, object], pattern: str, message: str) -> None:
    net, _ = both
    with pytest.raises(NetwardenError) as e:
        select_hosts(net, pattern)  # type: ignore[arg-type]
    assert str(e.value).startswith(message)


def test_render_limit_by_group_touches_only_those_files(tmp_path: object) -> None:
    import os
    from pathlib import Path

    from netwarden.cli import main

    out = Path(str(tmp_path)) / "o"
    assert main(["render", "-i", "inventories/example", "-o", str(out), "--today", "2026-11-24"]) == 0
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    os.utime(out / "lh-edu-br01.cfg", ns=(1, 1))
    os.utime(out / "qs-edu-br01.cfg", ns=(1, 1))
    assert (
        main(
            [
                "render",
                "-i",
                "inventories/example",
                "-o",
                str(out),
                "-l",
                "city_lh:!lh-core-rt01",
                "--today",
                "2026-11-24",
            ]
        )
        == 0
    )
    after = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert sorted(after) == sorted(before)  # nobody's file deleted
    limited = {"lh-edu-br01.cfg", "lh-hb-br01.cfg", "lh-tax-br01.cfg"}
    assert after["lh-edu-br01.cfg"] != 1  # in the limit: written again
    assert after["qs-edu-br01.cfg"] == 1  # outside the limit: untouched
    untouched = set(after) - limited - {"manifest.json", "qs-edu-br01.cfg"}
    assert {n: after[n] for n in untouched} == {n: before[n] for n in untouched}

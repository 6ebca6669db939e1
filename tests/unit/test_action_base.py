"""The action plugins' one run(): arguments checked against the module docs, core errors as failed tasks."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _action(name: str, args: dict[str, Any]) -> Any:
    from ansible.plugins import loader

    loader.action_loader.add_directory(str(ROOT / "plugins/action"))
    task = SimpleNamespace(args=args, action=name, async_val=0, check_mode=False, diff=False)
    connection = SimpleNamespace(_shell=SimpleNamespace(tmpdir=None))
    return loader.action_loader.get(name, task=task, connection=connection, play_context=None, loader=None,
                                    templar=None, shared_loader_obj=loader)


def test_valid_arguments_reach_the_core() -> None:
    r = _action("netwarden_validate", {"inventory": "inventories/lab", "today": "2026-11-24"}).run(task_vars={})
    assert not r.get("failed") and r["changed"] is False and r["summary"]["devices"] > 0


def test_the_play_inventory_is_the_default() -> None:
    r = _action("netwarden_validate", {}).run(task_vars={"ansible_inventory_sources": ["inventories/lab"]})
    assert not r.get("failed"), r
    r = _action("netwarden_validate", {}).run(task_vars={"ansible_inventory_sources": ["a", "b"]})
    assert r["failed"] and "exactly one inventory source" in r["msg"]


@pytest.mark.parametrize(("name", "args", "message"), [
    ("netwarden_validate", {"inventory": "inventories/lab", "hosts": ["core1"]}, "hosts"),
    ("netwarden_verify", {"report_format": "pdf"}, "report_format must be one of"),
    ("netwarden_backup", {}, "missing required arguments: to"),
    ("netwarden_lab", {"state": "nope"}, "state must be one of"),
    ("netwarden_apply", {"fail_on_findings": False}, "fail_on_findings"),
])
def test_arguments_outside_the_docs_fail_before_the_core(name: str, args: dict[str, Any], message: str) -> None:
    from ansible.errors import AnsibleActionFail

    with pytest.raises(AnsibleActionFail, match=message):
        _action(name, args).run(task_vars={})


def test_core_errors_fail_the_task(tmp_path: Path) -> None:
    r = _action("netwarden_render", {"inventory": "inventories/lab", "output": str(tmp_path / "o"),
                                     "today": "not a date"}).run(task_vars={})
    assert r["failed"] and r["msg"].startswith("netwarden: ")

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
    return loader.action_loader.get(
        name, task=task, connection=connection, play_context=None, loader=None, templar=None, shared_loader_obj=loader
    )


def test_valid_arguments_reach_the_core() -> None:
    r = _action("netwarden_validate", {"inventory": "inventories/lab", "today": "2026-11-24"}).run(task_vars={})
    assert not r.get("failed") and r["changed"] is False and r["summary"]["devices"] > 0


def test_the_play_inventory_is_the_default(tmp_path: Path) -> None:
    """Without inventory=..., the model is built from the play's hostvars: every source Ansible read."""
    from tests.unit.test_hostvars_inventory import _ansible

    def task_vars(*sources: str) -> dict[str, Any]:
        hv, hosts, srcs = _ansible(*sources)
        return {"hostvars": hv, "groups": {"all": hosts}, "ansible_inventory_sources": srcs}

    r = _action("netwarden_validate", {}).run(task_vars=task_vars("inventories/lab"))
    assert not r.get("failed"), r
    extra = tmp_path / "more.yml"
    extra.write_text("all:\n  hosts:\n    stray1:\n      ansible_host: 198.18.0.99\n")
    r = _action("netwarden_validate", {}).run(task_vars=task_vars("inventories/lab", str(extra)))
    assert r["failed"] and any("stray1" in p for p in r["problems"]), r


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        ("netwarden_validate", {"inventory": "inventories/lab", "hosts": ["core1"]}, "hosts"),
        ("netwarden_verify", {"report_format": "pdf"}, "report_format must be one of"),
        ("netwarden_backup", {}, "missing required arguments: to"),
        ("netwarden_lab", {"state": "nope"}, "state must be one of"),
        ("netwarden_apply", {"fail_on_findings": False}, "fail_on_findings"),
    ],
)
def test_arguments_outside_the_docs_fail_before_the_core(name: str, args: dict[str, Any], message: str) -> None:
    from ansible.errors import AnsibleActionFail

    with pytest.raises(AnsibleActionFail, match=message):
        _action(name, args).run(task_vars={})


def test_core_errors_fail_the_task(tmp_path: Path) -> None:
    r = _action(
        "netwarden_render", {"inventory": "inventories/lab", "output": str(tmp_path / "o"), "today": "not a date"}
    ).run(task_vars={})
    assert r["failed"] and r["msg"].startswith("netwarden: ")


def test_the_core_is_called_from_one_place() -> None:
    """Only the shared module's Core imports netwarden: retargeting the plugins is an edit of that one class."""
    import ast

    for path in sorted((ROOT / "plugins/action").glob("*.py")):
        tree = ast.parse(path.read_text())
        core = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Core"]
        inside = {id(n) for c in core for n in ast.walk(c)}
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n == "netwarden" or n.startswith("netwarden.") for n in names):
                assert id(node) in inside, f"{path.name}:{node.lineno} imports the core outside Core"


@pytest.mark.parametrize(
    ("name", "args", "rc", "failed"),
    [
        ("netwarden_verify", {}, 0, False),
        ("netwarden_verify", {}, 2, True),
        ("netwarden_verify", {}, 1, True),
        ("netwarden_drift", {"fail_on_findings": False}, 2, False),
        ("netwarden_drift", {"fail_on_findings": False}, 1, True),
        ("netwarden_apply", {}, 2, False),
        ("netwarden_apply", {}, 1, True),
        ("netwarden_backup", {"to": ["a", "b"]}, 0, False),
        ("netwarden_preconnect", {"unit": "u"}, 0, False),
        ("netwarden_preconnect", {"unit": "u"}, 2, True),
    ],
)
def test_exit_status_maps_to_the_task_result(name: str, args: dict[str, Any], rc: int, failed: bool) -> None:
    from netwarden.verify.findings import ApplyReport, BackupReport, GateReport, Report, UnitInfo

    action = _action(name, {"inventory": "inventories/lab", **args})
    cls = {"netwarden_apply": ApplyReport, "netwarden_backup": BackupReport, "netwarden_preconnect": GateReport}.get(
        name, Report
    )
    report = cls(
        "drift",
        "2026.11",
        "lab",
        devices={"core1": "u"},
        units={"u": UnitInfo("u", "U", 2, "c")},
        **({"verdict": "fail"} if cls is GateReport else {}),
    )
    outcome = staticmethod(lambda *a, **kw: (report, rc))
    action.core = type("FakeCore", (action.core,), {"verify": outcome, "ops": outcome, "preconnect": outcome})
    r = action.run(task_vars={})
    assert (r["rc"], r["result"], r["failed"]) == (rc, {0: "clean", 1: "error", 2: "findings"}[rc], failed)
    assert r["devices"] == {"core1": "checked"}
    assert r["msg"] == ("unit u: fail" if name.endswith("preconnect") else r["summary"])


@pytest.mark.parametrize("inv", ["inventories/lab", "inventories/example"])
def test_the_fast_reading_is_used_only_where_it_equals_hostvars(inv: str, tmp_path: Path) -> None:
    from netwarden.model import load_network
    from netwarden.model.ansible_inventory import from_hostvars
    from tests.conftest import TODAY, model_dump
    from tests.unit.test_hostvars_inventory import _ansible

    core = _action("netwarden_validate", {}).core
    hv, hosts, srcs = _ansible(inv)
    tv = {"hostvars": hv, "groups": {"all": hosts}, "ansible_inventory_sources": srcs}
    fast = core.same_as_fast(tv)
    assert fast is not None
    assert model_dump(load_network(fast, today=TODAY)) == model_dump(
        load_network(from_hostvars(hv, hosts, srcs), today=TODAY)
    )
    hv._variable_manager._extra_vars = {"ansible_host": "198.18.0.99"}
    assert core.same_as_fast(tv) is None  # an extra var of netwarden's: Ansible's reading
    hv._variable_manager._extra_vars = {"render_configs_output_dir": "/tmp/x"}
    assert core.same_as_fast(tv) is not None  # a role's own extra var changes nothing

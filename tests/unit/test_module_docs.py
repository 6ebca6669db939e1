"""The documentation-only modules: their docs load through Ansible itself (fragments resolved, as ansible-doc
shows them), one per action plugin, and every option is both documented and used: the action plugins take
their argument spec from these docs, so an option read but undocumented would be rejected at run time and
one documented but never read would be accepted and ignored."""

from __future__ import annotations

import ast
import inspect
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted((ROOT / "plugins/modules").glob("netwarden_*.py"))
IDS = [p.stem for p in MODULES]


@pytest.fixture(scope="module")
def loaders() -> Any:
    from ansible.plugins import loader

    loader.fragment_loader.add_directory(str(ROOT / "plugins/doc_fragments"))
    loader.action_loader.add_directory(str(ROOT / "plugins/action"))
    return loader


def _doc(path: Path, loaders: Any) -> tuple[dict[str, Any], str, dict[str, Any]]:
    from ansible.utils.plugin_docs import get_docstring

    doc, examples, returns, _ = get_docstring(str(path), loaders.fragment_loader, is_module=True)
    return doc, examples, returns


def _args_read(source: str) -> set[str]:
    """Option names a plugin reads from its checked arguments: args["name"] and args.get("name")."""
    names = set()
    for node in ast.walk(ast.parse(textwrap.dedent(source))):
        if (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "args"
                and isinstance(node.slice, ast.Constant)):
            names.add(node.slice.value)
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "args" and node.args
                and isinstance(node.args[0], ast.Constant)):
            names.add(node.args[0].value)
    return names


@pytest.mark.parametrize("path", MODULES, ids=IDS)
def test_docs_load_with_their_fragments(path: Path, loaders: Any) -> None:
    doc, examples, returns = _doc(path, loaders)
    assert doc["module"] == path.stem and doc["short_description"] and doc["description"]
    assert "inventory" in doc["options"]  # the netwarden fragment, resolved
    for name, opt in doc["options"].items():
        assert opt.get("description") and opt.get("type"), f"{path.stem}: option {name} lacks description or type"
    assert returns and all(r.get("description") and r.get("returned") for r in returns.values())
    for task in yaml.safe_load(examples):
        assert set(task[path.stem] or {}) <= set(doc["options"]), f"{path.stem}: an example uses an unknown option"
    assert (ROOT / "plugins/action" / path.name).is_file()


def test_fragments_are_each_used_and_each_option_documented_once(loaders: Any) -> None:
    cls = loaders.fragment_loader.get("netwarden")
    fragments = {"netwarden": cls.DOCUMENTATION} | {
        f"netwarden.{n.lower()}": getattr(cls, n) for n in dir(cls) if n.isupper() and n != "DOCUMENTATION"}
    seen: dict[str, str] = {}
    for name, text in fragments.items():
        for option in yaml.safe_load(text)["options"]:
            assert option not in seen, f"{option} documented in {seen[option]} and {name}"
            seen[option] = name
    used = {f for p in MODULES for f in yaml.safe_load(_raw_doc(p)).get("extends_documentation_fragment", [])}
    assert used == set(fragments)
    for path in MODULES:  # a module documents only its own options, never a fragment's again in full
        own = yaml.safe_load(_raw_doc(path)).get("options") or {}
        assert all(set(own[o]) == {"description"} for o in own if o in seen), path.stem


def _raw_doc(path: Path) -> str:
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "DOCUMENTATION":
            return str(ast.literal_eval(node.value))
    raise AssertionError(f"{path}: no DOCUMENTATION")


@pytest.mark.parametrize("path", MODULES, ids=IDS)
def test_action_plugin_reads_exactly_the_documented_options(path: Path, loaders: Any) -> None:
    doc, _, _ = _doc(path, loaders)
    cls = loaders.action_loader.get(path.stem, class_only=True)
    assert cls is not None and cls.module_name() == path.stem
    # what the plugin runs: its own file and every method it inherits from the shared base, as resolved
    read = _args_read((ROOT / "plugins/action" / path.name).read_text())
    for _, fn in inspect.getmembers(cls, inspect.isfunction):
        if Path(inspect.getfile(fn)).parent == ROOT / "plugins/action":
            read |= _args_read(inspect.getsource(fn))
    assert read - set(doc["options"]) == set(), f"{path.stem} reads undocumented options"
    assert set(doc["options"]) - read == set(), f"{path.stem} documents options it never reads"


@pytest.mark.parametrize("path", MODULES, ids=IDS)
def test_argument_spec_from_the_docs_checks_the_arguments(path: Path, loaders: Any) -> None:
    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

    cls = loaders.action_loader.get(path.stem, class_only=True)
    common = inspect.getmodule(cls.run)
    assert common is not None
    doc, _, _ = _doc(path, loaders)
    spec = common.argument_spec(common.module_doc(path.stem)["options"])
    assert set(spec) == set(doc["options"])
    required = {n: "x" for n, s in spec.items() if s.get("required")}
    ok = ArgumentSpecValidator(spec).validate(dict(required))
    assert not ok.error_messages and set(ok.validated_parameters) == set(spec)
    bad = ArgumentSpecValidator(spec).validate({**required, "no_such_option": 1})
    assert any("no_such_option" in m for m in bad.error_messages)


def test_roles_pass_only_documented_options(loaders: Any) -> None:
    docs = {p.stem: set(_doc(p, loaders)[0]["options"]) for p in MODULES}
    calls = 0
    for tasks in sorted((ROOT / "roles").glob("*/tasks/*.yml")):
        for task in yaml.safe_load(tasks.read_text()) or []:
            for module in set(task) & set(docs):
                calls += 1
                assert set(task[module] or {}) <= docs[module], f"{tasks}: {module}"
    assert calls == len(docs)

"""Every report format says what run made it (issue 16 item 1); the JSON report matches its published schema;
JUnit has one stable test case per device and rule (item 3)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from netwarden import __version__
from netwarden.baseline import load_baseline
from netwarden.cli import main
from netwarden.report.meta import inventory_commit, process_command
from tests.conftest import lab_configs, lab_report, report_validator

FORMATS = ["text", "json", "junit", "markdown", "html"]


def _git(where: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(where), *args], check=True, capture_output=True, text=True,
                          env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example", "GIT_COMMITTER_NAME": "t",
                               "GIT_COMMITTER_EMAIL": "t@example", "PATH": "/usr/bin:/bin",
                               "HOME": str(where)}).stdout.strip()


@pytest.fixture()
def inv_repo(tmp_path: Path) -> tuple[Path, str]:
    """The lab inventory in a git repository of its own: (inventory, HEAD)."""
    inv = tmp_path / "repo" / "lab"
    shutil.copytree("inventories/lab", inv)
    _git(inv.parent, "init", "-q")
    _git(inv.parent, "add", "-A")
    _git(inv.parent, "commit", "-q", "-m", "lab")
    return inv, _git(inv.parent, "rev-parse", "HEAD")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_carries_the_run(fmt: str, inv_repo: tuple[Path, str], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    inv, head = inv_repo
    out = tmp_path / f"r.{fmt}"
    argv = ["verify", "-i", str(inv), "--format", fmt, "-o", str(out)]
    assert main(argv) == 0
    text = out.read_text()
    sha = load_baseline(None).sha256
    for want in (head, sha, __version__, "2026.11", f"netwarden verify -i {inv} --format {fmt} -o {out}"):
        assert want in text, (fmt, want)
    if fmt == "json":
        d = json.loads(text)
        assert d["schema_version"] == "1.0"
        assert d["run"]["inventory_commit"] == head and d["run"]["inventory_dirty"] is False
        assert d["run"]["baseline_sha256"] == sha and d["run"]["duration_s"] > 0
        assert d["run"]["started"].endswith("Z")
    elif fmt == "junit":
        props = {p.get("name"): p.get("value") for p in ET.fromstring(text).iter("property")}
        assert props["schema_version"] == "1.0" and props["inventory_commit"] == head
    else:
        assert "1.0" in text and "started" in text and "duration" in text


def test_uncommitted_inventory_is_said(inv_repo: tuple[Path, str]) -> None:
    inv, head = inv_repo
    assert inventory_commit(inv) == (head, False)
    (inv / "hosts.yml").write_text((inv / "hosts.yml").read_text() + "\n")
    assert inventory_commit(inv) == (head, True)
    assert inventory_commit(inv / "hosts.yml") == (head, True)  # a file inventory: its directory's repository


def test_no_git_commit_outside_a_work_tree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inv = tmp_path / "lab"
    shutil.copytree("inventories/lab", inv)
    (tmp_path / ".git").mkdir()  # not a repository: git fails, the report says so and goes on
    assert inventory_commit(inv) == (None, None)
    assert inventory_commit(tmp_path / "missing") == (None, None)
    assert main(["verify", "-i", str(inv), "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["run"]["inventory_commit"] is None and d["run"]["inventory_dirty"] is None
    assert main(["verify", "-i", str(inv)]) == 0
    assert "inventory commit: not a git work tree" in capsys.readouterr().out


def test_git_missing_is_no_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no git on PATH
    assert inventory_commit("inventories/lab") == (None, None)


def test_schema_rejects_what_it_should() -> None:
    v = report_validator()
    good = json.loads(Path("docs/report.schema.json").read_text())
    assert good["properties"]["schema_version"]
    rep = {"schema_version": "1.0", "kind": "verify", "subject": "x", "baseline_version": "1", "lang": "en",
           "run": {"started": "2026-01-01T00:00:00Z", "duration_s": 0.1, "tool_version": "0.1.0",
                   "baseline_sha256": "0" * 64, "inventory_commit": None, "inventory_dirty": None, "command": "c"},
           "result": "clean", "checks": 0, "failures": 0, "errors": [], "units": {}, "findings": []}
    assert not list(v.iter_errors(rep))
    for bad in ({"result": "pass"}, {"schema_version": "2.0"}, {"surprise": 1},
                {"run": {**rep["run"], "baseline_sha256": "abc"}}, {"findings": [{"rule_id": "X"}]}):
        assert list(v.iter_errors({**rep, **bad})), bad
    no_run = {k: x for k, x in rep.items() if k != "run"}
    assert list(v.iter_errors(no_run))


def test_check_config_report_matches_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    # check-config has no inventory: no commit; the conftest fixture validates the JSON against the schema
    assert main(["check-config", "tests/golden/lab/ub-fin.cfg", "--platform", "linux_frr", "--role", "unit_border",
                 "--level", "3", "--format", "json"]) == 2
    d = json.loads(capsys.readouterr().out)
    assert d["run"]["inventory_commit"] is None and d["run"]["command"].startswith("netwarden check-config ")


def _cases(xml: str) -> list[tuple[str, str, str]]:
    root = ET.fromstring(xml)
    out = []
    for tc in root.iter("testcase"):
        state = "failure" if tc.find("failure") is not None else "error" if tc.find("error") is not None else \
            "skipped" if tc.find("skipped") is not None else "passed"
        out.append((tc.get("classname", ""), tc.get("name", ""), state))
    return out


def test_junit_one_case_per_device_and_rule_stable(tmp_path: Path) -> None:
    configs = lab_configs(tmp_path, lambda text: text.replace(
        "ip route 0.0.0.0/0 198.18.32.9", "ip route 0.0.0.0/0 198.18.32.9\nip route 198.18.16.0/24 198.18.32.9\n"
        "ip route 198.18.17.0/24 198.18.32.9"))
    for d in "abc":
        (tmp_path / d).mkdir()
    first = lab_report(configs, "junit", tmp_path / "a")
    second = lab_report(configs, "junit", tmp_path / "b")
    a, b = _cases(first), _cases(second)
    assert a == b  # the same names, order and outcomes on every run
    names = [(c, n) for c, n, _ in a]
    assert len(names) == len(set(names))  # unique: one per device and rule
    js = json.loads(lab_report(configs, "json", tmp_path / "c"))
    na = sum(1 for f in js["findings"] if f["status"] == "not_applicable")
    assert js["checks"] <= len(a) <= js["checks"] + na  # every evaluation, and the rules that did not apply
    root = ET.fromstring(first)
    assert int(root.get("tests", "0")) == len(a)
    assert int(root.get("failures", "0")) == sum(1 for *_, s in a if s == "failure")
    # two ISO-002 findings on one device are one failing case of that device and rule
    iso = [c for c in a if c[1] == "ISO-002" and c[2] == "failure"]
    assert iso and len({c[0] for c in iso}) == len(iso)
    fails = {(f["device"], f["rule_id"]) for f in js["findings"] if f["status"] == "fail"}
    assert {(c, n) for c, n, s in a if s == "failure"} == fails


def test_junit_device_error_is_one_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    configs = lab_configs(tmp_path, lambda text: text)
    (configs / "city1.cfg").unlink()
    capsys.readouterr()
    assert main(["verify", "-i", "inventories/lab", "--configs", str(configs), "--format", "junit"]) == 1
    cases = _cases(capsys.readouterr().out)
    assert ("city1", "device", "error") in cases
    assert not [c for c in cases if c[0] == "city1" and c[1] != "device"]


def test_ansible_command_line_has_no_secrets() -> None:
    argv = ["/usr/bin/ansible-playbook", "-i", "inv", "playbooks/verify.yml", "-e", "ansible_password=s3cret",
            "--extra-vars=token=abc", "-eapi_key=k", "--extra-vars", "x=1", "--check"]
    cmd = process_command(argv)
    assert cmd == ("/usr/bin/ansible-playbook -i inv playbooks/verify.yml -e '<redacted>' "
                   "'--extra-vars=<redacted>' '-e<redacted>' --extra-vars '<redacted>' --check")
    for secret in ("s3cret", "abc", "api_key", "x=1"):
        assert secret not in cmd

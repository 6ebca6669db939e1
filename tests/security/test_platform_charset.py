"""Free text a platform cannot carry is refused by validate, naming file, host and key: IOS keeps printable
ASCII only (a no-break space or Chinese in a description would be changed or refused by the device)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from netwarden.cli import main

ROOT = Path(__file__).resolve().parents[2]
WHY = "printable ASCII (IOS keeps no other character in its configuration)"


def _example(tmp_path: Path, edits: dict[str, tuple[str, str]]) -> Path:
    inv = tmp_path / "inv"
    shutil.copytree(ROOT / "inventories" / "example", inv)
    for name, (old, new) in edits.items():
        p = inv / "host_vars" / name
        text = p.read_text()
        assert old in text
        p.write_text(text.replace(old, new))
    return inv


def test_ios_refuses_non_ascii_free_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    _example(tmp_path, {
        "by-tax-br01.yml": ("description: towards the provincial exit}", 'description: "towards the\\u00a0exit"}'),
        "prov-core-rt01.yml": ("description: Provincial Department of Finance}", "description: 省财政厅}"),
    })
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "-i", "inv", "--today", "2026-11-24"]) == 1
    assert capsys.readouterr().err == (
        "error: 2 problems in the input:\n"
        "  inv/host_vars/by-tax-br01.yml: host by-tax-br01: netwarden_routing.static[0].description: character "
        f"U+00A0 is not allowed on cisco_ios: {WHY}\n"
        "  inv/host_vars/prov-core-rt01.yml: host prov-core-rt01: netwarden_interfaces[3].description: character "
        f"U+7701 is not allowed on cisco_ios: {WHY}\n")
    assert main(["render", "-i", "inv", "--today", "2026-11-24", "-o", "out"]) == 1
    assert not (tmp_path / "out").exists()


def test_other_platforms_keep_chinese_descriptions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inv = _example(tmp_path, {"by-edu-br01.yml": ("description: towards the provincial exit}",
                                                  "description: 通往省出口}")})
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "-i", str(inv), "--today", "2026-11-24"]) == 0


@pytest.mark.parametrize(("platform", "approval", "problem"), [
    ("cisco_ios", "NMC-2026-017 " + "x" * 60, "the filter remark of allow-list entry 'finance-eportal' on exit1 would "
     "be 121 characters: cisco_ios takes at most 100 (shorten the approval reference)"),
    ("huawei_vrp", "NMC-2026-017 " + "x" * 90, "the filter remark of allow-list entry 'finance-eportal' on exit1 would "
     "be 151 characters: huawei_vrp takes at most 127 (shorten the approval reference)"),
    ("h3c_comware", "NMC-2026-017 " + "x" * 90, "the filter remark of allow-list entry 'finance-eportal' on exit1 "
     "would be 151 characters: h3c_comware takes at most 127 (shorten the approval reference)"),
    ("cisco_ios", "国办-2026-017", "character U+56FD is not allowed in the filter remark on exit1 (cisco_ios): "
     "printable ASCII (IOS keeps no other character in its configuration)"),
])
def test_an_exit_remark_the_cli_refuses_is_refused_never_cut(platform: str, approval: str, problem: str) -> None:
    """The exit's filter carries each allow-list entry's approval in a remark; the CLI platforms refuse a remark
    longer than they take (VRP and Comware were cut to 127 characters, losing the approval reference)."""
    import copy

    from netwarden.model import load_inventory
    from netwarden.model.build import build_network
    from tests.conftest import TODAY

    d = copy.deepcopy(load_inventory("inventories/lab", loader="fast"))
    d.hosts["exit1"].vars["netwarden_platform"] = platform
    d.all_vars["netwarden_internet_allowlist"][0]["approval"] = approval
    _, problems = build_network(d, TODAY)
    assert [(p.key, p.message) for p in problems] == [("netwarden_internet_allowlist[0].approval", problem)]
    d.all_vars["netwarden_internet_allowlist"][0]["approval"] = "NMC-2026-017"
    assert build_network(d, TODAY)[1] == []


def test_vrp_and_comware_refuse_a_question_mark(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Their configurations are typed into the CLI line by line, where '?' asks for help: refused, naming the
    host and key; IOS (the file is copied to the device) and FRR keep it."""
    _example(tmp_path, {
        "prov-edu-br01.yml": ("description: uplink to prov-core-rt02}", "description: uplink? to prov-core-rt02}"),
        "prov-wr-br01.yml": ("faces: lan, description: ", "faces: lan, description: why? "),
        "prov-fin-br01.yml": ("faces: lan, description: ", "faces: lan, description: why? "),
    })
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "-i", "inv", "--today", "2026-11-24"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0] == "error: 2 problems in the input:", err
    assert ("  inv/host_vars/prov-edu-br01.yml: host prov-edu-br01: netwarden_interfaces[0].description: character "
            "U+003F is not allowed on huawei_vrp: printable text without '?' (VRP's CLI, into which the configuration "
            "is typed, takes '?' as a request for help)") in err.splitlines()
    assert ("host prov-wr-br01: netwarden_interfaces[1].description: character U+003F is not allowed on "
            "h3c_comware") in err

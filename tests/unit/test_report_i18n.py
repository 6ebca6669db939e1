"""Reports in Chinese (issue 16 item 4): labels, rule titles and fixes as data beside the baseline
(baseline/i18n/zh-CN.yml), chosen by --lang or $NETWARDEN_LANG."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from netwarden.baseline import load_baseline
from netwarden.cli import main
from netwarden.errors import NetwardenError
from netwarden.report import i18n
from tests.conftest import lab_configs, lab_report

ZH = Path("baseline/i18n/zh-CN.yml")
CJK = re.compile(r"[\u4e00-\u9fff]")
FIELDS = re.compile(r"{(\w+)}")


def test_every_rule_has_a_chinese_title_and_fix() -> None:
    data = yaml.safe_load(ZH.read_text(encoding="utf-8"))
    ids = {r.id for r in load_baseline(None).rules}
    assert set(data["rules"]) == ids  # none missing, none for a rule the baseline lacks
    for rid, tx in data["rules"].items():
        assert set(tx) == {"title", "fix"}, rid
        assert CJK.search(tx["title"]) and CJK.search(tx["fix"]), rid


def test_every_label_is_translated_with_the_same_placeholders() -> None:
    data = yaml.safe_load(ZH.read_text(encoding="utf-8"))
    assert set(data["labels"]) == set(i18n.LABELS)
    for k, en in i18n.LABELS.items():
        assert set(FIELDS.findall(data["labels"][k])) == set(FIELDS.findall(en)), k


def test_every_label_the_reports_use_is_declared() -> None:
    src = Path("src/netwarden/report/formats.py").read_text()
    used = set(re.findall(r"\bt\(\s*\"([^\"]+)\"", src)) | set(re.findall(r"\bt\(\s*'([^']+)'", src))
    assert used and used <= set(i18n.LABELS), sorted(used - set(i18n.LABELS))
    for prefix in ("verdict.", "severity."):  # keys built at run time
        assert any(k.startswith(prefix) for k in i18n.LABELS)


def test_unknown_language_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(NetwardenError, match="unknown language 'fr'"):
        i18n.load("fr")
    with pytest.raises(SystemExit):
        main(["verify", "-i", "inventories/lab", "--lang", "fr"])
    assert "invalid choice: 'fr'" in capsys.readouterr().err


@pytest.fixture()
def bad_configs(tmp_path: Path) -> Path:
    return lab_configs(tmp_path, lambda text: text.replace("PermitRootLogin no", "PermitRootLogin yes"))


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "junit", "json"])
def test_reports_in_chinese(fmt: str, bad_configs: Path, tmp_path: Path) -> None:
    out = tmp_path / f"r.{fmt}"
    assert main(["verify", "-i", "inventories/lab", "--configs", str(bad_configs), "--format", fmt, "--lang",
                 "zh-CN", "-o", str(out)]) == 2
    text = out.read_text(encoding="utf-8")
    title = "root 及默认账户不能远程登录；使用证书的设备关闭口令登录"  # noqa: RUF001
    fix = "禁止 root 远程登录并关闭口令认证；使用 CA 签发的证书登录。"  # noqa: RUF001
    if fmt == "json":
        d = json.loads(text)
        f = next(x for x in d["findings"] if x["rule_id"] == "MGMT-006" and x["status"] == "fail")
        assert d["lang"] == "zh-CN" and f["title_l10n"] == title and f["fix_l10n"] == fix
        assert f["title"].startswith("Root/default accounts")  # the English stays for tools
        return
    assert fix in text
    if fmt != "junit":
        assert "不合规" in text and "第 8 条" in text and "开始时间" in text
    if fmt in ("markdown", "html"):
        assert title in text
    if fmt == "html":
        assert '<html lang="zh-CN">' in text
    assert "Article 8" not in text


def test_setting_chooses_the_language(bad_configs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETWARDEN_LANG", "zh-CN")
    assert "整改措施" in lab_report(bad_configs, "text", tmp_path)
    out = tmp_path / "en.txt"
    assert main(["verify", "-i", "inventories/lab", "--configs", str(bad_configs), "--lang", "en",
                 "-o", str(out)]) == 2  # the option wins over the setting
    assert "整改措施" not in out.read_text() and "fix: Disable remote root login" in out.read_text()

"""Reports from one findings model: text, JSON, JUnit XML, Markdown, HTML; in English or Chinese (``lang``)."""

from __future__ import annotations

import json
from collections.abc import Callable

from netwarden.report import i18n
from netwarden.report.formats import html, junit, markdown, text
from netwarden.verify.findings import Report


def _json(report: Report, t: i18n.Lang) -> str:
    d = report.to_dict()
    d["lang"] = t.code
    if t.code != "en":  # the English stays: a tool reading the JSON keys on it
        for f in d["findings"]:
            f["title_l10n"] = t.title(f["rule_id"], f["title"])
            f["fix_l10n"] = t.fix(f["rule_id"], f["fix"])
    return json.dumps(d, indent=2, ensure_ascii=False) + "\n"


FORMATS: dict[str, Callable[[Report, i18n.Lang], str]] = {
    "text": text,
    "json": _json,
    "junit": junit,
    "markdown": markdown,
    "html": html,
}


def render_report(report: Report, fmt: str, lang: str | None = None) -> str:
    """The report in `fmt`; `lang` (en, zh-CN; default $NETWARDEN_LANG, else en) for labels, titles and fixes."""
    return FORMATS[fmt](report, i18n.load(lang or i18n.default_lang()))

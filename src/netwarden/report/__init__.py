"""Reports from one findings model: text, JSON, JUnit XML, Markdown, HTML."""

from __future__ import annotations

import json
from collections.abc import Callable

from netwarden.report.formats import html, junit, markdown, text
from netwarden.verify.findings import Report

FORMATS: dict[str, Callable[[Report], str]] = {
    "text": text,
    "json": lambda r: json.dumps(r.to_dict(), indent=2, ensure_ascii=False) + "\n",
    "junit": junit,
    "markdown": markdown,
    "html": html,
}


def render_report(report: Report, fmt: str) -> str:
    return FORMATS[fmt](report)

"""Whatever text a finding, device message or unit name carries, the store keeps no declared secret and the
yearly record's Markdown no table break or raw HTML (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from netwarden import platforms
from netwarden.history.record import mask_message
from netwarden.history.yearly import _md_cell

FORMS = [f for n in platforms.names() for f in platforms.get(n).secret_forms]
label = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(label, max_size=3), st.sampled_from(FORMS))
def test_a_secret_line_quoted_after_any_labels_is_masked(labels: list[str], form: object) -> None:
    text = ": ".join([*labels, form.example])  # type: ignore[attr-defined]
    assert form.secret not in mask_message(text)  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_markdown_cells_carry_no_table_break_and_no_html(s: str) -> None:
    cell = _md_cell(s)
    assert "<" not in cell and ">" not in cell and "\n" not in cell and "\r" not in cell
    assert "|" not in cell.replace("\\|", "")

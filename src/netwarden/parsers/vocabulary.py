"""What a platform's rendered configurations are made of, for the round trip (``verify/roundtrip.py``).

Each platform package declares, in its module ``roundtrip``, a :class:`Vocabulary`: the forms of every
statement netwarden renders for it (by the statement it sits in), how its text splits into statements
(banners and comments out), and the few naming facts the round trip cannot take from the inventory (which
filters the templates name how, whether a local administrator is rendered). A rendered statement of no
declared form is one the parsed model may not represent: the round trip reports it ("not modelled")
rather than passing it. Forms say what a statement looks like, never which values it must hold: the
values are compared, element by element, with what the inventory and the baseline asked for.

Forms are regular expressions matched against a whole statement (stripped, tabs as spaces), grouped by
the enclosing statement's text (its context, itself a regular expression matched in full; "" at the top).
Macros: ``{A}`` an IPv4 address, ``{P}`` a prefix, ``{N}`` a number, ``{W}`` one word (a name, an
identifier, a secret without spaces), ``{T}`` free text to the end of the line (descriptions, contacts,
remarks), ``{Q}`` a double-quoted string without quotes inside."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

MACROS = {
    "A": r"\d{1,3}(?:\.\d{1,3}){3}",
    "P": r"\d{1,3}(?:\.\d{1,3}){3}/\d{1,2}",
    "N": r"\d+",
    "W": r"\S+",
    "T": r".*",
    "Q": r'"[^"]*"',
}
_MACRO_RE = re.compile(r"\{([A-Z])\}")


def expand(pattern: str) -> str:
    """A form with its macros written out (``{A}`` -> the address pattern); other braces stay."""
    return _MACRO_RE.sub(lambda m: MACROS.get(m[1], m[0]), pattern)


@dataclass(frozen=True)
class Statement:
    line: int  # 1-based, in the whole text
    context: str  # the enclosing statement's text ("" at the top; a document's section name and ">" before it)
    text: str


CACHE_MAX = 1 << 18  # statements (context, text) whose verdict is remembered: a province repeats most of them


class Forms:
    """Statement forms by context: ``{context pattern: (form, ...)}``."""

    def __init__(self, table: Mapping[str, Sequence[str]]) -> None:
        self._groups = [(re.compile(expand(ctx)), re.compile("|".join(f"(?:{expand(f)})" for f in forms)))
                        for ctx, forms in table.items()]
        self._by_context: dict[str, list[re.Pattern[str]]] = {}
        self._seen: dict[tuple[str, str], bool] = {}

    def known(self, st: Statement) -> bool:
        key = (st.context, st.text)
        hit = self._seen.get(key)
        if hit is not None:
            return hit
        pats = self._by_context.get(st.context)
        if pats is None:
            pats = [forms for ctx, forms in self._groups if ctx.fullmatch(st.context)]
            if len(self._by_context) < CACHE_MAX:
                self._by_context[st.context] = pats
        ok = any(p.fullmatch(st.text) for p in pats)
        if len(self._seen) < CACHE_MAX:
            self._seen[key] = ok
        return ok


def tree_statements(lines: Iterable[tuple[int, str]], separators: tuple[str, ...], prefix: str = "") -> list[Statement]:
    """The statements of an indented text, each with its parent's text as context (``prefix`` before it: a
    document's section): the tree ``parsers._common.build_tree`` builds (a separator line at column 0 closes
    every block; comment lines are skipped), walked without building it."""
    out: list[Statement] = []
    stack: list[tuple[int, str]] = []  # (indent, text) of the open blocks
    for no, raw in lines:
        line = raw.rstrip().replace("\t", " ")
        text = line.lstrip()
        if not text:
            continue
        indent = len(line) - len(text)
        if text[0] in separators:  # a separator (at column 0 it closes every block) or a comment
            if indent == 0:
                stack = []
            continue
        while stack and stack[-1][0] >= indent:
            stack.pop()
        out.append(Statement(no, prefix + stack[-1][1] if stack else prefix, text))
        stack.append((indent, text))
    return out


@dataclass(frozen=True)
class Vocabulary:
    """A platform's rendered statements and naming facts (see the module's docstring)."""

    forms: Forms
    statements: Callable[[list[str]], list[Statement]]  # the text's lines -> its statements
    filter_names: Callable[[Mapping[str, Any]], Mapping[str, str]]  # baseline settings -> {filter role: name}
    local_admin: bool  # the baseline's local administrator is rendered (else no local account is)
    aaa_servers: bool  # the monitoring site's TACACS+ servers are rendered
    protocol_names: Mapping[str, str] = field(default_factory=dict)  # the platform's words -> the model's

    def unmodelled(self, text_lines: list[str]) -> list[Statement]:
        """The statements of a text that have none of the declared forms."""
        return [s for s in self.statements(text_lines) if not self.forms.known(s)]

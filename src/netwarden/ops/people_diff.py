"""Diffs for people (issue 14): the running state against the intended config in the device's own syntax, with
context, per file; and, apart from it, the remediation: the commands ``apply`` would send.

linux_frr: FRR's own reload logic (``frr-reload.py --test``) decides *what* differs, semantically: it knows
that ``passive-interface eth1`` under ``router ospf`` is ``ip ospf passive`` under the interface, and it prints
the commands a reload would run (``no X`` for what goes). Shown as they are, those commands read as a diff with
double negatives (``+no ip route ...`` for a route added by hand) and no context. Here each change is placed in
the running config (what goes, ``-``) or the intended config (what comes, ``+``), between context lines of the
running config; lines FRR would not touch are context even where the texts differ."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

CONTEXT = 3

Key = tuple[str, str]  # (the top-level line a line sits under, or "", the line stripped)


@dataclass
class FrrChanges:
    removed: set[Key]
    added: set[Key]
    commands: list[str]  # the reload's commands, in order (vtysh syntax)


def frr_changes(reload_lines: list[str]) -> FrrChanges:
    """What ``frr-reload.py --test`` says differs (its lines, each marked ``-`` "Lines To Delete" or ``+`` "Lines
    To Add" as the driver reports them): a top-level line followed by indented ones is their context, not a change;
    ``no X`` (either list) removes X."""
    removed: set[Key] = set()
    added: set[Key] = set()
    commands: list[str] = []
    ctx = ""
    bodies = [(ln[:1], ln[1:]) for ln in reload_lines if ln[:1] in "+-" and ln[1:].strip()]
    for n, (op, body) in enumerate(bodies):
        indented = body[:1].isspace()
        text = body.strip()
        header = not indented and n + 1 < len(bodies) and bodies[n + 1][1][:1].isspace()
        if not indented:
            ctx = text
        neg = text.startswith("no ")
        target = text[3:] if neg else text
        cmd = body.rstrip() if neg or op == "+" else body[: len(body) - len(body.lstrip())] + "no " + text
        commands.append(body.rstrip() if header else cmd)
        if header or text in ("exit", "!", "end"):
            continue
        key = (ctx if indented else "", target)
        (removed if neg or op == "-" else added).add(key)
    return FrrChanges(removed, added, commands)


def _keys(lines: list[str]) -> list[Key]:
    out: list[Key] = []
    ctx = ""
    for ln in lines:
        if ln[:1].isspace():
            out.append((ctx, ln.strip()))
        else:
            ctx = ln.strip()
            out.append(("", ctx))
    return out


def placed_diff(running: list[str], intended: list[str], ch: FrrChanges, label_a: str, label_b: str,
                n: int = CONTEXT) -> str:
    """The changes placed between context lines of the running config (hunks headed by running line numbers)."""
    rk, ik = _keys(running), _keys(intended)
    rows: list[tuple[str, str, int]] = []  # (mark, text, running line number or 0)
    sm = difflib.SequenceMatcher(None, running, intended, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            rows += [(" ", running[i], i + 1) for i in range(i1, i2)]
            continue
        rows += [("-" if rk[i] in ch.removed else " ", running[i], i + 1) for i in range(i1, i2)]
        rows += [("+", intended[j], 0) for j in range(j1, j2) if ik[j] in ch.added]
    placed = {(r[0], r[1].strip()) for r in rows if r[0] != " "}
    missing = [f"{'-' if k in ch.removed else '+'}{k[0] + ': ' if k[0] else ''}{k[1]}"
               for k in sorted(ch.removed | ch.added)
               if ("-" if k in ch.removed else "+", k[1]) not in placed]
    changed = [i for i, r in enumerate(rows) if r[0] != " "]
    if not changed and not missing:
        return ""
    out = [f"--- {label_a}", f"+++ {label_b}"]
    hunks: list[list[int]] = []  # [first, last] changed row of each hunk
    for i in changed:
        if hunks and i - hunks[-1][1] <= 2 * n + 1:
            hunks[-1][1] = i
        else:
            hunks.append([i, i])
    for first_changed, last_changed in hunks:
        lo, hi = max(0, first_changed - n), min(len(rows), last_changed + n + 1)
        first = next((r[2] for r in rows[lo:hi] if r[2]), 0)
        out.append(f"@@ running line {first} @@" if first else "@@ @@")
        out += [f"{m}{t}" for m, t, _ in rows[lo:hi]]
    if missing:  # what FRR would change that the texts do not show line for line
        out.append("@@ also (as FRR reads it) @@")
        out += missing
    return "\n".join(out)

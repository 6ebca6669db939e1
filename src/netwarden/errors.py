"""Errors netwarden reports to its user (never as a traceback)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in the input: where (file, host, key) and what."""

    file: str
    host: str
    key: str
    message: str

    def __str__(self) -> str:
        where = [self.file or "<inventory>"]
        if self.host:
            where.append(f"host {self.host}")
        if self.key:
            where.append(self.key)
        from netwarden.model.text import printable

        return printable(": ".join([*where, self.message]))  # one problem, one line, whatever the input held


class NetwardenError(Exception):
    """An error the user can act on; the CLI prints it and exits 1."""


class InputError(NetwardenError):
    """Bad input: every problem found, all at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(f"{len(self.problems)} problem(s) in the input")

    def render(self) -> str:
        n = len(self.problems)
        head = f"error: {n} problem{'s' if n != 1 else ''} in the input:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])

"""Keywords read as the device reads them: a CLI that takes any unique prefix of a keyword (IOS, VRP,
Comware: `int`, `ip add`, `perm`, `desc`, `undo shut`) is read through the platform's declared
vocabulary, so that an abbreviated command means to the verifier what it means to the device.

A platform declares, per context (a regular expression matched at the start of the enclosing view's
command, written out; ``""`` the top level), the command paths of that context as lines of tokens:

- ``word`` a keyword, ``a|b|c`` alternatives at one position;
- ``*`` one argument (a name, a number, an address: never expanded);
- ``{set}`` from here to the end of the line, every word is a keyword of the named word set, an argument
  of such a keyword (the set writes it ``word*``, one argument after it), a number or address, or a
  value the platform keeps (port and protocol names): used for ACL entries, whose options come in any
  order.

A path ends where its line ends: the words after it are taken as written. At each keyword position a
word that is a keyword is that keyword; else the keyword it uniquely begins; else, where the path takes
an argument there, the argument; a word that begins several keywords is *ambiguous*: the device refuses
the command ("% Ambiguous command"), and the reader says so instead of guessing. The vocabulary need
not hold every command of the CLI, only those the parsers and rules read and their neighbours (the
keywords that share a prefix with them and make a short prefix ambiguous); a keyword it does not know
is left as written, and so is everything in a view it does not declare.

The negation (`no`, `undo`) may start any command of a context and is followed by that context's
commands."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass
class _Node:
    kw: dict[str, _Node] = field(default_factory=dict)
    arg: _Node | None = None
    free: str | None = None  # the word set that reads the rest of the line


_VALUE = re.compile(r"^[\d.:/()-]|.*\d.*[./:]")  # numbers, addresses, prefixes, wildcards, interface names


@dataclass(frozen=True)
class Expanded:
    words: list[str]
    problem: str | None = None  # "ambiguous command ..." when a word begins several keywords


class Keywords:
    """A platform's keyword vocabulary by context (see the module's docstring)."""

    def __init__(self, negation: str, contexts: Mapping[str, str], sets: Mapping[str, str] | None = None,
                 keep: Iterable[str] = ()) -> None:
        self.negation = negation
        self.sets: dict[str, tuple[frozenset[str], frozenset[str]]] = {}  # name -> (keywords, taking an argument)
        for name, words in (sets or {}).items():
            ws = words.split()
            self.sets[name] = (frozenset(w.rstrip("*") for w in ws), frozenset(w[:-1] for w in ws if w.endswith("*")))
        self.keep = frozenset(keep)
        self._contexts: list[tuple[re.Pattern[str], _Node]] = []
        for ctx, grammar in contexts.items():
            root = _Node()
            for line in grammar.strip().splitlines():
                tokens = line.split()
                if tokens:
                    self._insert(root, tokens)
            root.kw.setdefault(negation, root)
            self._contexts.append((re.compile(ctx), root))

    def _insert(self, node: _Node, tokens: list[str]) -> None:
        tok, rest = tokens[0], tokens[1:]
        if tok.startswith("{"):
            name = tok.strip("{}")
            if name not in self.sets:
                raise ValueError(f"keyword grammar: no word set {name!r}")
            node.free = name
            return
        if tok == "*":
            node.arg = node.arg or _Node()
            targets = [node.arg]
        else:
            targets = [node.kw.setdefault(k, _Node()) for k in tok.split("|")]
        if rest:
            for t in targets:
                self._insert(t, rest)

    def context(self, parent: str) -> _Node | None:
        """The vocabulary of the view opened by `parent` (its command written out; "" the top level)."""
        for rx, root in self._contexts:
            if (rx.pattern == "" and parent == "") or (rx.pattern and rx.match(parent)):
                return root
        return None

    def keywords(self, parent: str) -> set[str]:
        """Every keyword the vocabulary declares in the view opened by `parent` (for tests and docs)."""
        root = self.context(parent)
        out: set[str] = set()
        seen: set[int] = set()
        todo = [root] if root else []
        while todo:
            n = todo.pop()
            if id(n) in seen:
                continue
            seen.add(id(n))
            out |= set(n.kw)
            if n.free:
                out |= self.sets[n.free][0]
            todo += list(n.kw.values()) + ([n.arg] if n.arg else [])
        return out

    def expand(self, words: list[str], parent: str) -> Expanded:
        """`words` of a command in the view opened by `parent`, its keywords written out."""
        node = self.context(parent)
        out: list[str] = []
        i = 0
        while node is not None and i < len(words):
            w = words[i]
            if node.free is not None:
                return self._free(out, words[i:], node.free)
            if w in node.kw:
                out.append(w)
                node = node.kw[w]
            else:
                hits = sorted(k for k in node.kw if k.startswith(w)) if not _VALUE.match(w) else []
                if len(hits) == 1:
                    out.append(hits[0])
                    node = node.kw[hits[0]]
                elif len(hits) > 1 and node.arg is None:
                    return Expanded(out + words[i:], f"ambiguous command: {w!r} could be {', '.join(hits)}")
                elif node.arg is not None:
                    out.append(w)
                    node = node.arg
                else:
                    break
            i += 1
        return Expanded(out + words[i:])

    def _free(self, out: list[str], words: list[str], name: str) -> Expanded:
        kws, taking = self.sets[name]
        skip = False
        for j, w in enumerate(words):
            if skip or w in kws or w in self.keep or _VALUE.match(w):
                out.append(w)
                skip = not skip and w in taking
                continue
            hits = sorted(k for k in kws if k.startswith(w))
            if len(hits) > 1:
                return Expanded(out + words[j:], f"ambiguous command: {w!r} could be {', '.join(hits)}")
            full = hits[0] if hits else w
            out.append(full)
            skip = full in taking
        return Expanded(out)

    def abbreviate(self, words: list[str], parent: str) -> list[str]:
        """`words` (written out) with every keyword the vocabulary knows cut to its shortest unique prefix:
        what a careless engineer types (the tests read such text back and compare)."""
        node = self.context(parent)
        out: list[str] = []
        i = 0
        while node is not None and i < len(words):
            w = words[i]
            if node.free is not None:
                kws, taking = self.sets[node.free]
                skip = False
                for x in words[i:]:
                    if not skip and x in kws and x not in self.keep:
                        out.append(_shortest(x, kws))
                        skip = x in taking
                    else:
                        out.append(x)
                        skip = False
                return out
            if w in node.kw:
                out.append(_shortest(w, set(node.kw)))
                node = node.kw[w]
            elif node.arg is not None:
                out.append(w)
                node = node.arg
            else:
                break
            i += 1
        return out + words[i:]


def _shortest(word: str, among: Iterable[str]) -> str:
    others = [k for k in among if k != word]
    for n in range(1, len(word) + 1):
        p = word[:n]
        if not any(k.startswith(p) for k in others) and not _VALUE.match(p):
            return p
    return word

"""nftables ruleset text (`nft -f` files and `nft -s list ruleset` output) -> filters and NAT.

Each base filter chain becomes one ``Acl(kind="nft-chain")`` named ``"<family> <table> <chain>"``;
rules are normalised into :class:`AclEntry` (one per protocol when a rule matches a set of
protocols), named and anonymous sets resolved, `jump`/`goto` into regular chains inlined (their
matches intersected with the jumping rule's). Base NAT chains become :class:`NatRule`.

What is deliberately not an entry: rules with no verdict (counter/log only), rules matching only
`ct state invalid`/`untracked` (they never decide legitimate flows), IPv6-only rules (the model is
IPv4). Anything not understood is a warning, and the rule is kept with the matches that were
understood (it then matches *more* than the device does)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Literal

from netwarden.parsers._common import (
    complement,
    complement_ports,
    intersect_nets,
    norm_proto,
    port_number,
    range_addrs,
    range_nets,
    to_addr,
    to_net,
)
from netwarden.parsers.model import ANY, Acl, AclEntry, Addr, NatRule, Net
from netwarden.platforms.linux_frr import SPEC


@functools.lru_cache(maxsize=4)
def _token_re(continuation: str | None) -> re.Pattern[str]:
    """nft's tokens; the spec's line continuation (a backslash right before the line feed: nft's scanner joins
    the lines; a comment still ends at its line feed, and a backslash with a space after it is an error)."""
    cont = re.escape(continuation) + r"\n|" if continuation else ""
    return re.compile(rf'"(?:[^"\\\n]|\\.)*"|{cont}[{{}};,]|\n|[^\s{{}};,"#][^\s{{}};,"]*|#[^\n]*|[ \t\r]+')


VERDICTS = {"accept", "drop", "reject", "return", "jump", "goto", "continue", "queue"}
NAT_VERDICTS = {"snat", "dnat", "masquerade", "redirect"}
CT_STATES = {"established", "related", "new", "invalid", "untracked"}
COMMANDS = {"add", "create", "insert", "replace", "delete", "destroy", "flush"}
FAMILIES = {"ip", "ip6", "inet", "arp", "bridge", "netdev"}
_HANDLE_RE = re.compile(r"#\s*handle\s+(\d+)\s*$")
OPS = {"==", "!=", "eq", "ne", "<", ">", "<=", ">=", "lt", "gt", "le", "ge"}


@dataclass
class Tok:
    value: str
    line: int


@dataclass
class Group:
    items: list[Tok | Group]
    line: int


Item = Tok | Group


def tokenize(text: str, first_line: int = 1) -> tuple[list[Item], list[str]]:
    """Tokens and nested `{...}` groups; newlines are kept (as "\\n" tokens) to end statements."""
    warnings: list[str] = []
    stack: list[list[Item]] = [[]]
    lines: list[int] = []
    line = first_line
    pos = 0
    cont = SPEC.line_continuation
    token_re = _token_re(cont)
    while pos < len(text):
        m = token_re.match(text, pos)
        if m is None:  # an unterminated string or stray quote
            warnings.append(f"line {line}: cannot tokenize {text[pos:pos + 30]!r}")
            nl = text.find("\n", pos)
            pos = len(text) if nl < 0 else nl
            continue
        t = m.group(0)
        pos = m.end()
        if t[0] in " \t\r" or t[0] == "#":
            continue
        if cont and t == cont + "\n":  # a continuation: the statement goes on, the line count too
            line += 1
            continue
        if cont and t == cont:  # not right before the line feed: nft stops at it and loads nothing of the file
            warnings.append(f"line {line}: a backslash that does not end the line (nft refuses the file)")
        if t == "{":
            stack.append([])
            lines.append(line)
        elif t == "}":
            if len(stack) == 1:
                warnings.append(f"line {line}: unbalanced '}}'")
                continue
            items = stack.pop()
            stack[-1].append(Group(items, lines.pop()))
        else:
            stack[-1].append(Tok(t, line))
        if t == "\n":
            line += 1
    while len(stack) > 1:
        items = stack.pop()
        warnings.append(f"line {lines.pop()}: unclosed '{{'")
        stack[-1].append(Group(items, line))
    return stack[0], warnings


def statements(items: list[Item]) -> list[list[Item]]:
    """The statements of a block: ended by a line feed or by one of the platform's declared statement
    separators (nft's `;`)."""
    ends = ("\n", *SPEC.statement_separators)
    out: list[list[Item]] = []
    cur: list[Item] = []
    for it in items:
        if isinstance(it, Tok) and it.value in ends:
            if cur:
                out.append(cur)
            cur = []
        else:
            cur.append(it)
    if cur:
        out.append(cur)
    return out


def _line(stmt: list[Item]) -> int:
    return stmt[0].line


def _word(it: Item | None) -> str:
    return it.value if isinstance(it, Tok) else ""


def _unquote(s: str) -> str:
    return s[1:-1] if len(s) >= 2 and s[0] == s[-1] == '"' else s


def _elements(g: Group) -> list[list[str]]:
    """Elements of an anonymous set / `elements = {...}`: comma separated, each a list of words."""
    out: list[list[str]] = []
    cur: list[str] = []
    for it in g.items:
        if isinstance(it, Group):
            cur.append("{...}")
            continue
        if it.value in (",", "\n"):
            if cur:
                out.append(cur)
            cur = []
        else:
            cur.append(it.value)
    if cur:
        out.append(cur)
    return out


@dataclass
class NftSet:
    name: str
    type: str = ""
    elements: list[str] = field(default_factory=list)
    line: int = 0


@dataclass
class Rule:
    line: int
    text: str
    handle: int = 0  # as the kernel numbers it (per table, in the order objects are added)
    src: list[Net] | None = None
    dst: list[Net] | None = None
    protos: list[str] | None = None
    dports: list[tuple[int, int]] | None = None
    sports: list[tuple[int, int]] | None = None
    iif: list[str] | None = None
    oif: list[str] | None = None
    established: bool = False
    skip: bool = False  # never an entry (invalid-only, IPv6)
    log: bool = False
    comment: str = ""
    verdict: str | None = None
    target: str | None = None  # jump/goto chain
    nat_to: list[Addr] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)


@dataclass
class Chain:
    name: str
    line: int
    type: str | None = None
    hook: str | None = None
    policy: str = "accept"
    rules: list[Rule] = field(default_factory=list)


@dataclass
class Table:
    family: str
    name: str
    line: int
    sets: dict[str, NftSet] = field(default_factory=dict)
    chains: dict[str, Chain] = field(default_factory=dict)
    handles: int = 0  # the last handle given out in the table


@dataclass
class NftResult:
    acls: list[Acl] = field(default_factory=list)
    nat: list[NatRule] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


class _Parser:
    def __init__(self, text: str, first_line: int, doc_lines: list[str]) -> None:
        self.text = text
        self.first_line = first_line
        self.doc_lines = doc_lines
        self.res = NftResult()
        self.defines: dict[str, Item] = {}

    def warn(self, line: int, msg: str) -> None:
        self.res.warnings.append(f"line {line}: nftables: {msg}")

    def line_text(self, no: int) -> str:
        return self.doc_lines[no - 1] if 0 < no <= len(self.doc_lines) else ""

    # --- structure -------------------------------------------------------------------------

    def run(self) -> NftResult:
        items, warns = tokenize(self.text, self.first_line)
        for w in warns:  # "line N: what", as every warning: the line first (CFG-004 quotes it)
            head, _, rest = w.partition(": ")
            self.res.warnings.append(f"{head}: nftables: {rest}")
        for st in statements(items):
            head = _word(st[0])
            if head == "table":
                self.table(st[1:], _line(st))
            elif head == "define" and len(st) >= 4:
                self.defines[_word(st[1])] = st[3]
            elif head in COMMANDS:
                self.command(head, st)
            else:
                self.warn(_line(st), f"top-level statement not understood: {self.line_text(_line(st)).strip()!r}")
        for t in self.res.tables:
            self.build(t)
        return self.res

    # --- commands, as `nft -f` executes them in order -----------------------------------------

    def command(self, verb: str, st: list[Item]) -> None:
        """`add|create|insert|replace|delete|destroy|flush OBJECT [FAMILY] TABLE [CHAIN] ...` at the top
        level: the ruleset changes as nft would change it, in the file's order."""
        line = _line(st)
        obj = _word(st[1]) if len(st) > 1 else ""
        if verb == "flush" and obj == "ruleset":
            self.res.tables.clear()
            return
        rest = st[2:]
        family = "ip"
        if rest and _word(rest[0]) in FAMILIES:
            family, rest = _word(rest[0]), rest[1:]
        if obj == "table":
            if verb in ("add", "create"):
                self.table([Tok(family, line), *rest], line)
            elif verb in ("delete", "destroy"):
                self.res.tables[:] = [x for x in self.res.tables if (x.family, x.name) != (family, _word(rest[0]))]
            elif verb == "flush":
                ft = self.find_table(family, _word(rest[0]) if rest else "", line, verb)
                for ch in ft.chains.values() if ft else ():
                    ch.rules.clear()
            else:
                self.warn(line, f"{verb} table not modelled")
            return
        t = self.find_table(family, _word(rest[0]) if rest else "", line, verb)
        if t is None or len(rest) < 2:
            return
        name = _word(rest[1])
        if obj == "chain":
            self.chain_command(t, verb, name, rest[2:], line)
        elif obj == "rule":
            self.rule_command(t, verb, name, rest[2:], line)
        elif obj == "element" and verb in ("add", "create", "delete", "destroy"):
            self.element_command(t, verb, name, rest[2:], line)
        elif obj == "set" and verb in ("add", "create"):
            grp = next((x for x in rest if isinstance(x, Group)), None)
            if grp is not None:
                self.set(t, name, grp, line)
        elif obj == "set" and verb == "flush" and name in t.sets:
            t.sets[name].elements.clear()
        elif obj == "set" and verb in ("delete", "destroy"):
            t.sets.pop(name, None)
        else:
            self.warn(line, f"{verb} {obj} not modelled: {self.line_text(line).strip()!r}")

    def find_table(self, family: str, name: str, line: int, verb: str) -> Table | None:
        t = next((x for x in self.res.tables if (x.family, x.name) == (family, name)), None)
        if t is None and verb != "destroy":  # (destroy: no error when absent)
            self.warn(line, f"{verb}: no table {family} {name} (nft -f refuses the whole file)")
        return t

    def chain_command(self, t: Table, verb: str, name: str, rest: list[Item], line: int) -> None:
        if verb in ("add", "create"):
            grp = next((x for x in rest if isinstance(x, Group)), None)
            before = len(t.chains[name].rules) if name in t.chains else 0
            ch = self.chain(t, name, grp or Group([], line), line)
            for r in ch.rules[before:]:
                r.handle = self.next_handle(t, r.line)
        elif name not in t.chains:
            if verb != "destroy":
                self.warn(line, f"{verb} chain: no chain {name} in table {t.name} (nft -f refuses the whole file)")
        elif verb == "flush":
            t.chains[name].rules.clear()
        elif verb in ("delete", "destroy"):
            del t.chains[name]
        else:
            self.warn(line, f"{verb} chain not modelled")

    def element_command(self, t: Table, verb: str, name: str, rest: list[Item], line: int) -> None:
        grp = next((x for x in rest if isinstance(x, Group)), None)
        if name not in t.sets or grp is None:
            self.warn(line, f"{verb} element: no set {name} in table {t.name}")
            return
        elems = [e[0] if len(e) == 1 or e[1] != "." else " ".join(e) for e in _elements(grp)]
        st = t.sets[name]
        if verb in ("add", "create"):
            st.elements += [e for e in elems if e not in st.elements]
        else:
            st.elements = [e for e in st.elements if e not in elems]

    def rule_command(self, t: Table, verb: str, name: str, rest: list[Item], line: int) -> None:
        """`add|insert rule ... [position H | handle H | index I] RULE`, `replace rule ... handle H RULE`,
        `delete rule ... handle H`: add appends (after H or index I), insert prepends (before them)."""
        ch = t.chains.get(name)
        if ch is None:
            self.warn(line, f"{verb} rule: no chain {name} in table {t.name} (nft -f refuses the whole file)")
            return
        where, ref = "", -1
        if len(rest) >= 2 and _word(rest[0]) in ("position", "handle", "index") and _word(rest[1]).isdigit():
            where, ref, rest = _word(rest[0]), int(_word(rest[1])), rest[2:]
        at: int | None = None
        if where == "index":
            at = ref if ref < len(ch.rules) else None
        elif where:
            at = next((i for i, r in enumerate(ch.rules) if r.handle == ref), None)
        if where and at is None:
            self.warn(line, f"{verb} rule: chain {name} has no rule {where} {ref} (nft -f refuses the whole file)")
            return
        if verb in ("delete", "destroy"):
            if where in ("handle", "position") and at is not None:
                del ch.rules[at]
            else:
                self.warn(line, "delete rule without a handle not modelled")
            return
        if not rest:
            self.warn(line, f"{verb} rule without a rule")
            return
        r = self.rule(t, rest)
        if verb == "replace":
            if where != "handle" or at is None:
                self.warn(line, "replace rule needs a handle")
                return
            r.handle = ch.rules[at].handle
            ch.rules[at] = r
            return
        if verb not in ("add", "create", "insert"):
            self.warn(line, f"{verb} rule not modelled")
            return
        r.handle = self.next_handle(t, line)
        if at is None:
            ch.rules.insert(0 if verb == "insert" else len(ch.rules), r)
        else:
            ch.rules.insert(at if verb == "insert" else at + 1, r)

    def next_handle(self, t: Table, line: int) -> int:
        """The handle the kernel gives the next object of a table: one more than the last, unless the
        text shows it (`nft -a list ruleset` prints `# handle N`)."""
        m = _HANDLE_RE.search(self.line_text(line))
        t.handles = int(m[1]) if m else t.handles + 1
        return t.handles

    # --- structure -------------------------------------------------------------------------

    def table(self, st: list[Item], line: int) -> None:
        """`table [FAMILY] NAME { ... }` (`st` after `table`): a table named again adds to the one there."""
        words = [_word(x) for x in st if isinstance(x, Tok)]
        body = next((x for x in st if isinstance(x, Group)), Group([], line))
        if not words:
            self.warn(line, "table without a name")
            return
        family, name = (words[0], words[1]) if len(words) >= 2 else ("ip", words[0])
        t = next((x for x in self.res.tables if (x.family, x.name) == (family, name)), None)
        if t is None:
            t = Table(family, name, line)
            self.res.tables.append(t)
        new_rules: list[tuple[Chain, int]] = []  # nft adds a block's chains, then its sets, then its rules
        sets: list[NftSet] = []
        for s in statements(body.items):
            head = _word(s[0])
            grp = next((x for x in s if isinstance(x, Group)), None)
            if head == "chain" and grp is not None:
                before = len(t.chains.get(_word(s[1]), Chain("", 0)).rules)
                ch = self.chain(t, _word(s[1]), grp, _line(s))
                new_rules.append((ch, before))
            elif head == "set" and grp is not None:
                sets.append(self.set(t, _word(s[1]), grp, _line(s)))
            elif head in ("flags", "comment"):
                continue
            else:
                self.warn(_line(s), f"{head} in table {name} not modelled")
        for _ in sets:
            t.handles += 1
        for ch, before in new_rules:
            for r in ch.rules[before:]:
                r.handle = self.next_handle(t, r.line)

    def set(self, t: Table, name: str, body: Group, line: int) -> NftSet:
        st = t.sets.get(name) or NftSet(name, line=line)
        for s in statements(body.items):
            head = _word(s[0])
            if head == "type" and len(s) > 1:
                st.type = _word(s[1])
            elif head == "typeof":
                st.type = " ".join(_word(x) for x in s[1:])
            elif head == "elements":
                grp = next((x for x in s if isinstance(x, Group)), None)
                if grp is not None:
                    st.elements += [e[0] if len(e) == 1 or e[1] != "." else " ".join(e) for e in _elements(grp)]
        t.sets[name] = st
        return st

    def chain(self, t: Table, name: str, body: Group, line: int) -> Chain:
        """A chain's block: a chain named again adds its rules to the ones there (as `nft -f` does)."""
        ch = t.chains.get(name)
        if ch is None:
            ch = t.chains[name] = Chain(name, line)
            t.handles += 1
        for s in statements(body.items):
            head = _word(s[0])
            words = [_word(x) for x in s]
            if head == "type":
                ch.type = words[1] if len(words) > 1 else None
                if "hook" in words:
                    i = words.index("hook")
                    ch.hook = words[i + 1] if i + 1 < len(words) else None
            elif head == "policy" and len(words) > 1:
                ch.policy = words[1]
            elif head in ("comment", "devices", "device"):
                continue
            else:
                ch.rules.append(self.rule(t, s))
        return ch

    # --- values ----------------------------------------------------------------------------

    def values(self, t: Table, it: Item, line: int) -> list[str]:
        """Raw element strings of a value: a word, comma list handled by caller, set, @set, $define."""
        if isinstance(it, Group):
            return [e[0] for e in _elements(it) if e]
        v = it.value
        if v.startswith("@"):
            s = t.sets.get(v[1:])
            if s is None:
                self.warn(line, f"unknown set {v}")
                return []
            return list(s.elements)
        if v.startswith("$"):
            d = self.defines.get(v[1:])
            if d is None:
                self.warn(line, f"unknown variable {v}")
                return []
            return self.values(t, d, line)
        return [v]

    def take_value(self, t: Table, st: list[Item], i: int) -> tuple[str, list[str], int]:
        """At st[i]: optional operator, then a value (possibly a comma list). Returns (op, elems, next i)."""
        op = "=="
        if i < len(st) and _word(st[i]) in OPS:
            op = _word(st[i])
            i += 1
        if i >= len(st):
            return op, [], i
        line = st[i].line
        vals = self.values(t, st[i], line)
        i += 1
        while i + 1 < len(st) and _word(st[i]) == ",":
            vals += self.values(t, st[i + 1], line)
            i += 2
        return op, vals, i

    def nets(self, vals: list[str], op: str, line: int) -> list[Net]:
        out: list[Net] = []
        for v in vals:
            if "-" in v and not v.startswith("-"):
                lo, _, hi = v.partition("-")
                rng = range_nets(lo, hi)
                if not rng:
                    self.warn(line, f"bad address range {v}")
                out += rng
                continue
            n = to_net(v)
            if n is None:
                self.warn(line, f"not an IPv4 address/prefix: {v}")
                continue
            out.append(n)
        if op in ("!=", "ne"):
            return complement(out)
        return list(dict.fromkeys(out))  # as written (not merged: evidence stays comparable with the text)

    def ports(self, vals: list[str], op: str, line: int) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        for v in vals:
            lo_s, sep, hi_s = v.partition("-")
            lo, hi = port_number(lo_s), port_number(hi_s) if sep else port_number(lo_s)
            if lo is None or hi is None:
                self.warn(line, f"port not understood: {v}")
                continue
            out.append((lo, hi))
        if op in ("!=", "ne"):
            return complement_ports(out)
        if op in ("<", "lt") and len(out) == 1:
            return [(0, out[0][0] - 1)]
        if op in ("<=", "le") and len(out) == 1:
            return [(0, out[0][0])]
        if op in (">", "gt") and len(out) == 1:
            return [(out[0][0] + 1, 65535)]
        if op in (">=", "ge") and len(out) == 1:
            return [(out[0][0], 65535)]
        return sorted(out)

    # --- rules -----------------------------------------------------------------------------

    def rule(self, t: Table, st: list[Item]) -> Rule:
        line = _line(st)
        r = Rule(line, self.line_text(line))
        i = 0
        n = len(st)

        def w(k: int) -> str:
            return _word(st[k]) if k < n else ""

        while i < n:
            k = w(i)
            if k == "ip" and w(i + 1) in ("saddr", "daddr"):
                which = w(i + 1)
                op, vals, i = self.take_value(t, st, i + 2)
                nets = self.nets(vals, op, line)
                if which == "saddr":
                    r.src = nets if r.src is None else intersect_nets(r.src, nets)
                else:
                    r.dst = nets if r.dst is None else intersect_nets(r.dst, nets)
            elif (k == "ip" and w(i + 1) == "protocol") or k == "l4proto" or (k == "meta" and w(i + 1) == "l4proto"):
                i = i + 2 if k in ("ip", "meta") else i + 1
                op, vals, i = self.take_value(t, st, i)
                protos = [norm_proto(v) for v in vals]
                if op in ("!=", "ne"):
                    self.warn(line, "negated protocol match kept as any protocol")
                    protos = ["ip"]
                r.protos = protos if r.protos is None else [p for p in r.protos if p in protos]
            elif k == "ip6" or self._ipv6_meta(st, i):
                r.skip = True
                break
            elif (k == "meta" and w(i + 1) in ("nfproto", "protocol")) or k == "nfproto":
                _, _, i = self.take_value(t, st, i + 2 if k == "meta" else i + 1)  # IPv4 (IPv6 skipped above)
            elif k == "ip":
                self.warn(line, f"ip {w(i + 1)} match not modelled")
                r.unparsed.append(f"ip {w(i + 1)}")
                _, _, i = self.take_value(t, st, i + 2)
            elif k in ("iifname", "oifname", "iif", "oif") or (
                    k == "meta" and w(i + 1) in ("iifname", "oifname", "iif", "oif")):
                key = w(i + 1) if k == "meta" else k
                i = i + 2 if k == "meta" else i + 1
                op, vals, i = self.take_value(t, st, i)
                names = [_unquote(v) for v in vals]
                if op in ("!=", "ne"):
                    self.warn(line, f"negated {key} match kept as any interface")
                    r.unparsed.append(f"{key} != ...")
                    continue
                if key.startswith("i"):
                    r.iif = names
                else:
                    r.oif = names
            elif k in ("tcp", "udp", "th", "sctp", "udplite", "dccp") and w(i + 1) in ("dport", "sport"):
                which = w(i + 1)
                op, vals, i = self.take_value(t, st, i + 2)
                ports = self.ports(vals, op, line)
                if k != "th":
                    r.protos = [k] if r.protos is None else [p for p in r.protos if p == k]
                if which == "dport":
                    r.dports = ports
                else:
                    r.sports = ports
            elif k in ("tcp", "udp", "sctp") and w(i + 1) == "flags":
                r.protos = [k] if r.protos is None else [p for p in r.protos if p == k]
                i = self.skip_expr(st, i + 2)
            elif k in ("icmp", "igmp") and w(i + 1) in ("type", "code", "id", "sequence"):
                r.protos = [k] if r.protos is None else [p for p in r.protos if p == k]
                _, _, i = self.take_value(t, st, i + 2)
            elif k == "ct" and w(i + 1) == "state":
                op, vals, i = self.take_value(t, st, i + 2)
                states = {v.lower() for v in vals}
                if op in ("!=", "ne"):
                    states = CT_STATES - states
                if states and states <= {"established", "related"}:
                    r.established = True
                elif states and states <= {"invalid", "untracked"}:
                    r.skip = True
            elif k == "ct":
                _, _, i = self.take_value(t, st, i + 2)  # ct status/mark/...: does not decide the policy
            elif k == "meta" and w(i + 1) in ("mark", "priority", "pkttype", "skuid", "skgid", "length",
                                             "nftrace", "cpu", "cgroup", "random", "iiftype", "oiftype"):
                if w(i + 2) == "set":
                    i = self.skip_expr(st, i + 3)
                else:
                    self.warn(line, f"meta {w(i + 1)} match not modelled")
                    r.unparsed.append(f"meta {w(i + 1)}")
                    _, _, i = self.take_value(t, st, i + 2)
            elif k == "counter":
                i += 1
                while w(i) in ("packets", "bytes"):
                    i += 2
            elif k == "log":
                r.log = True
                i += 1
                while w(i) in ("prefix", "level", "flags", "group", "snaplen", "queue-threshold"):
                    i += 2
                    while w(i) == ",":
                        i += 2
            elif k == "limit":
                i = self.skip_expr(st, i + 1)
            elif k == "comment":
                r.comment = _unquote(w(i + 1))
                i += 2
            elif k == "notrack":
                i += 1
            elif k in VERDICTS:
                r.verdict = k
                if k in ("jump", "goto"):
                    r.target = w(i + 1)
                    i += 2
                elif k == "reject" and w(i + 1) == "with":
                    i = n  # `with tcp reset` / `with icmp type X`: the verdict ends the rule
                elif k == "queue":
                    i = self.skip_expr(st, i + 1)
                else:
                    i += 1
            elif k in NAT_VERDICTS:
                r.verdict = k
                i += 1
                if w(i) == "ip":
                    i += 1
                if w(i) == "to":
                    i += 1
                    target = w(i)
                    i += 1
                    r.nat_to = self.nat_target(target, line)
                i = self.skip_expr(st, i)
            else:
                self.warn(line, f"match/statement {k!r} not understood in: {r.text.strip()}")
                r.unparsed.append(k)
                # skip to the verdict, if any
                rest = [_word(x) for x in st[i:]]
                for j, x in enumerate(rest):
                    if x in VERDICTS or x in NAT_VERDICTS:
                        i += j
                        break
                else:
                    i = n
        return r

    def _ipv6_meta(self, st: list[Item], i: int) -> bool:
        words = [_word(x) for x in st[i:i + 3]]
        if words[:2] == ["meta", "nfproto"] or words[:2] == ["meta", "protocol"]:
            return len(words) > 2 and words[2] in ("ipv6", "ip6")
        if words[:1] in (["nfproto"], ["protocol"]):
            return len(words) > 1 and words[1] in ("ipv6", "ip6")
        return False

    def skip_expr(self, st: list[Item], i: int) -> int:
        """Skip an expression's tokens up to the next thing that starts a match or statement."""
        stop = VERDICTS | NAT_VERDICTS | {"ip", "ip6", "tcp", "udp", "th", "meta", "ct", "counter", "log", "limit",
                                          "comment", "iifname", "oifname", "iif", "oif", "icmp"}
        while i < len(st) and _word(st[i]) not in stop:
            i += 1
        return i

    def nat_target(self, target: str, line: int) -> list[Addr]:
        spec = target
        if spec.count(":") == 1:
            spec = spec.split(":")[0]
        if not spec:
            return []
        lo, sep, hi = spec.partition("-")
        if sep:
            a, b = to_addr(lo), to_addr(hi)
            if a is None or b is None:
                self.warn(line, f"NAT target not understood: {target}")
                return []
            return range_addrs(a, b)
        n = to_net(spec)
        if n is None:
            self.warn(line, f"NAT target not understood: {target}")
            return []
        return range_addrs(n.network_address, n.broadcast_address)

    # --- build -----------------------------------------------------------------------------

    def build(self, t: Table) -> None:
        if t.family not in ("ip", "inet"):
            return  # ip6, arp, bridge, netdev: not the IPv4 forwarding policy
        for ch in t.chains.values():
            if ch.hook is None:
                continue
            if ch.type == "nat":
                self.build_nat(t, ch)
                continue
            acl = Acl(f"{t.family} {t.name} {ch.name}", "nft-chain",
                      default_action="permit" if ch.policy == "accept" else "deny", hook=ch.hook, line=ch.line)
            acl.entries = self.entries(t, ch, depth=0)
            self.res.acls.append(acl)

    def entries(self, t: Table, ch: Chain, depth: int) -> list[AclEntry]:
        out: list[AclEntry] = []
        for r in ch.rules:
            if r.skip or r.verdict is None or r.verdict in NAT_VERDICTS or r.verdict == "continue":
                continue
            if r.verdict == "return":
                if depth:
                    self.warn(r.line, "return inside a jumped-to chain: later rules of that chain are kept")
                continue
            if r.verdict == "queue":
                self.warn(r.line, "queue verdict: treated as accept")
            if r.verdict in ("jump", "goto"):
                target = t.chains.get(r.target or "")
                if target is None or depth > 8:
                    self.warn(r.line, f"{r.verdict} to unknown chain {r.target}")
                    continue
                outer = self.rule_entries(r, "permit")
                for inner in self.entries(t, target, depth + 1):
                    for o in outer:
                        m = _merge(o, inner)
                        if m is not None:
                            out.append(m)
                continue
            out += self.rule_entries(r, "permit" if r.verdict in ("accept", "queue") else "deny")
        return out

    def rule_entries(self, r: Rule, action: str) -> list[AclEntry]:
        protos = r.protos if r.protos is not None else ["ip"]
        if r.src == [] or r.dst == [] or not protos:
            return []  # matches nothing (e.g. an empty set)
        out = []
        for p in protos:
            e = AclEntry("permit" if action == "permit" else "deny", proto=p)
            if r.src is not None:
                e.src = list(r.src)
            if r.dst is not None:
                e.dst = list(r.dst)
            e.dports = list(r.dports or [])
            e.sports = list(r.sports or [])
            e.established = r.established
            e.iif = list(r.iif or [])
            e.oif = list(r.oif or [])
            e.log = r.log
            e.remark = r.comment if not r.unparsed else f"{r.comment} [not modelled: {', '.join(r.unparsed)}]".strip()
            e.line = r.line
            e.text = r.text
            out.append(e)
        return out

    def build_nat(self, t: Table, ch: Chain) -> None:
        for r in ch.rules:
            if r.skip or r.verdict not in NAT_VERDICTS:
                continue
            kind: Literal["source", "destination"] = "source" if r.verdict in ("snat", "masquerade") else "destination"
            if kind == "source":
                sources = r.src if r.src is not None else [ANY]
            else:
                sources = r.dst if r.dst is not None else [ANY]
            outs = (r.oif or []) if kind == "source" else (r.iif or [])
            self.res.nat.append(NatRule(sources=list(sources), pool=list(r.nat_to), out_interfaces=list(outs),
                                        masquerade=r.verdict == "masquerade", line=r.line, text=r.text,
                                        kind=kind))


def _merge(outer: AclEntry, inner: AclEntry) -> AclEntry | None:
    """The conjunction of a jump rule's matches and an inner rule's (None: matches nothing)."""
    src = intersect_nets(outer.src, inner.src)
    dst = intersect_nets(outer.dst, inner.dst)
    if not src or not dst:
        return None
    if outer.proto == "ip":
        proto = inner.proto
    elif inner.proto in ("ip", outer.proto):
        proto = outer.proto
    else:
        return None

    def ports(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]] | None:
        if not a:
            return list(b)
        if not b:
            return list(a)
        out = [(max(x[0], y[0]), min(x[1], y[1])) for x in a for y in b if max(x[0], y[0]) <= min(x[1], y[1])]
        return out or None

    def ifs(a: list[str], b: list[str]) -> list[str] | None:
        if not a:
            return list(b)
        if not b:
            return list(a)
        out = [x for x in a if x in b]
        return out or None

    dports, sports = ports(outer.dports, inner.dports), ports(outer.sports, inner.sports)
    iif, oif = ifs(outer.iif, inner.iif), ifs(outer.oif, inner.oif)
    if dports is None or sports is None or iif is None or oif is None:
        return None
    return AclEntry(inner.action, proto, src, dst, dports, sports, outer.established or inner.established, iif, oif,
                    outer.log or inner.log, inner.remark or outer.remark, inner.line, inner.text)


def parse_nft(text: str, first_line: int, doc_lines: list[str]) -> NftResult:
    return _Parser(text, first_line, doc_lines).run()

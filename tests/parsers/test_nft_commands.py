"""nftables read as `nft -f` executes the file, statement by statement: `add|insert|replace|delete rule`
(with `position`, `handle` and `index`), re-entered tables and chains, `flush` and `delete` forms, `;`
between statements. The order of a chain's rules is the order nft gives them (issue 12 item 3)."""

from __future__ import annotations

from netwarden.platforms.linux_frr.nft import parse_nft

BASE = """\
flush ruleset
table inet f {
\tchain input {
\t\ttype filter hook input priority 0; policy drop;
\t\ttcp dport 22 accept
\t\ttcp dport 80 accept
\t}
}
"""


def chain(text: str) -> tuple[list[str], list[str]]:
    res = parse_nft(text, 1, text.split("\n"))
    acl = next(a for a in res.acls if a.name == "inet f input")
    return [f"{e.proto}/{e.dports[0][0] if e.dports else '*'} {e.action}" for e in acl.entries], res.warnings


def test_add_and_insert_rule() -> None:
    assert chain(BASE + "add rule inet f input tcp dport 23 accept\n")[0] == [
        "tcp/22 permit", "tcp/80 permit", "tcp/23 permit"]
    assert chain(BASE + "insert rule inet f input tcp dport 23 accept\n")[0] == [
        "tcp/23 permit", "tcp/22 permit", "tcp/80 permit"]


def test_positions_by_handle_and_index() -> None:
    # a fresh table numbers its chain 1, then its rules 2 and 3
    assert chain(BASE + "add rule inet f input position 2 tcp dport 23 accept\n")[0] == [
        "tcp/22 permit", "tcp/23 permit", "tcp/80 permit"]
    assert chain(BASE + "insert rule inet f input position 3 tcp dport 23 accept\n")[0] == [
        "tcp/22 permit", "tcp/23 permit", "tcp/80 permit"]
    assert chain(BASE + "insert rule inet f input handle 2 tcp dport 23 accept\n")[0] == [
        "tcp/23 permit", "tcp/22 permit", "tcp/80 permit"]
    assert chain(BASE + "add rule inet f input index 0 tcp dport 23 accept\n")[0] == [
        "tcp/22 permit", "tcp/23 permit", "tcp/80 permit"]
    # a handle the text shows (`nft -a list ruleset`) is the one referred to
    shown = BASE.replace("22 accept", "22 accept # handle 7")
    assert chain(shown + "insert rule inet f input position 7 tcp dport 23 accept\n")[0][0] == "tcp/23 permit"


def test_replace_and_delete_rule() -> None:
    assert chain(BASE + "replace rule inet f input handle 3 tcp dport 23 accept\n")[0] == [
        "tcp/22 permit", "tcp/23 permit"]
    assert chain(BASE + "delete rule inet f input handle 2\n")[0] == ["tcp/80 permit"]
    # a later rule's handle follows the ones before it
    assert chain(BASE + "add rule inet f input tcp dport 23 accept\ndelete rule inet f input handle 4\n")[0] == [
        "tcp/22 permit", "tcp/80 permit"]


def test_unknown_handle_is_a_warning_not_a_guess() -> None:
    rules, warnings = chain(BASE + "add rule inet f input position 99 tcp dport 23 accept\n")
    assert rules == ["tcp/22 permit", "tcp/80 permit"]
    assert any("no rule position 99 (nft -f refuses the whole file)" in w for w in warnings)


def test_reentered_table_and_chain_add_rules() -> None:
    again = "table inet f {\n\tchain input {\n\t\ttcp dport 443 accept\n\t}\n}\n"
    assert chain(BASE + again)[0] == ["tcp/22 permit", "tcp/80 permit", "tcp/443 permit"]


def test_flush_and_delete() -> None:
    assert chain(BASE + "flush chain inet f input\nadd rule inet f input tcp dport 23 accept\n")[0] == [
        "tcp/23 permit"]
    assert chain(BASE + "flush table inet f\n")[0] == []
    res = parse_nft(BASE + "flush ruleset\n", 1, [])
    assert res.acls == []
    res = parse_nft(BASE + "delete table inet f\n", 1, [])
    assert res.acls == []


def test_semicolons_separate_top_level_commands() -> None:
    assert chain(BASE + "add rule inet f input tcp dport 23 accept; insert rule inet f input udp dport 53 accept\n")[
        0] == ["udp/53 permit", "tcp/22 permit", "tcp/80 permit", "tcp/23 permit"]

"""What the device executes and what the verifier reads are the same text: lines end at line feeds only.
A U+2028 (or U+0085, a form feed...) inside a line is part of that line on the device; a verifier that
split there would read a statement the device never executes."""

from __future__ import annotations

from pathlib import Path

import pytest

from netwarden.jobs import VerifyRequest, verify
from netwarden.platforms.document import device_lines
from tests.conftest import ROOT, TODAY

HOST = "by-tax-br01"  # a cisco_ios unit border of the example province
BOUND = "\n ip access-group NW-DENY-INTRANET in\n"


def test_device_lines() -> None:
    assert device_lines("a\r\nb\u2028 c\x85d\x0ce\n\nf\n") == ["a", "b\u2028 c\x85d\x0ce", "", "f"]
    assert device_lines("") == [] and device_lines("x") == ["x"]


@pytest.mark.parametrize("sep", ["\u2028", "\u2029", "\x85", "\x0c", "\x1c"])
def test_a_filter_hidden_behind_a_unicode_line_separator_is_not_bound(tmp_path: Path, sep: str) -> None:
    text = (ROOT / "tests/golden/example" / f"{HOST}.cfg").read_text()
    assert text.count(BOUND) >= 1
    configs = tmp_path / "configs"
    configs.mkdir()
    (configs / f"{HOST}.cfg").write_text(text)
    req = VerifyRequest(ROOT / "inventories/example", today=TODAY, configs=configs, limit=HOST)
    assert verify(req).failures == []  # as rendered: clean
    # the binding joined to the line before it: on the device it is part of that line, not a statement
    (configs / f"{HOST}.cfg").write_text(text.replace("\n ip access-group NW-DENY-INTRANET in\n",
                                                      f"{sep} ip access-group NW-DENY-INTRANET in\n", 1))
    rep = verify(req)
    assert [(f.rule_id, f.message) for f in rep.failures] == [
        ("ISO-003", "GigabitEthernet0/0/0 inbound: no filter applied, so intranet space 10.0.0.0/12 is not denied")]


def test_a_binding_taken_back_by_no_ip_access_group_is_not_bound(tmp_path: Path) -> None:
    """`no ip access-group` later in the interface's view (or in the view re-entered) unbinds the filter on
    the device: verify must say so, not read the earlier binding (issue 12 item 3, found by review)."""
    text = (ROOT / "tests/golden/example" / f"{HOST}.cfg").read_text()
    configs = tmp_path / "configs"
    configs.mkdir()
    req = VerifyRequest(ROOT / "inventories/example", today=TODAY, configs=configs, limit=HOST)
    lost = [("ISO-003", "GigabitEthernet0/0/0 inbound: no filter applied, so intranet space 10.0.0.0/12 is not denied")]
    again = "\n!\ninterface GigabitEthernet0/0/0\n no ip access-group NW-DENY-INTRANET in\n"
    for taken_back in (BOUND + " no ip access-group NW-DENY-INTRANET in\n", BOUND.rstrip("\n") + again):
        (configs / f"{HOST}.cfg").write_text(text.replace(BOUND, taken_back, 1))
        assert [(f.rule_id, f.message) for f in verify(req).failures] == lost


EXIT = "prov-exit-fw01"  # linux_frr: nftables


def test_an_nftables_statement_continued_by_a_backslash_is_one_statement() -> None:
    """nft joins a line ending in a backslash to the next (checked with nft 1.0 on this machine: `tcp dport 22
    \\` then `accept` loads as `tcp dport 22 accept`); the verifier read two statements, the second an
    unconditional verdict."""
    from tests.conftest import intended, verify_edited

    net, base, texts = intended("inventories/example")
    rule = "\t\ttcp dport 22 ip saddr @mgmt accept"
    assert verify_edited(net, base, texts, EXIT, [(rule, "\t\tip saddr @mgmt \\\n\t\t\ttcp dport 22 accept")],
                         count=1).failures == []  # as nft reads it: SSH from the management prefixes only
    assert verify_edited(net, base, texts, EXIT, [(rule, "\t\tip saddr @mgmt\n\t\t\ttcp dport 22 accept")],
                         count=1).failures != []  # two statements after all: SSH from anywhere


def test_a_backslash_before_a_space_is_a_finding_never_read_around() -> None:
    """`\\ ` followed by the line feed is a syntax error for nft: the whole file is refused on the device."""
    from tests.conftest import intended, verify_edited

    net, base, texts = intended("inventories/example")
    rep = verify_edited(net, base, texts, EXIT, [("\t\ttcp dport 22 ip saddr @mgmt accept",
                                                  "\t\tip saddr @mgmt \\ \n\t\t\ttcp dport 22 accept")], count=1)
    got = [(f.message, f.evidence[0].text) for f in rep.failures if f.rule_id == "CFG-004"]
    assert got == [
        ("not read: nftables: a backslash that does not end the line (nft refuses the file)",
         ("\t\tip saddr @mgmt \\ ",)),
        ("not read: nftables: match/statement '\\\\' not understood in: ip saddr @mgmt \\",
         ("\t\tip saddr @mgmt \\ ",)),
    ], got

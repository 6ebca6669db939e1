"""Diffs for people (issue 14): FRR's reload commands placed in the running config with context, no double
negatives, the commands apart as the remediation."""

from __future__ import annotations

from netwarden.ops.drift import classify_diff
from netwarden.ops.people_diff import frr_changes, placed_diff
from netwarden.platforms.linux_frr.driver import drift_view
from netwarden.platforms.linux_frr.layout import join_sections

RUNNING = """hostname core1
log commands
ip route 198.18.16.0/24 198.18.32.9
ip route 198.18.40.0/24 198.18.32.10
interface eth1
 description hand edit
 ip address 198.18.32.2/30
 ip ospf passive
exit
interface eth2
 ip address 198.18.33.1/30
exit
"""
INTENDED = """hostname core1
log commands
ip route 198.18.40.0/24 198.18.32.10
interface eth1
 description to exit1:eth2
 ip address 198.18.32.2/30
exit
interface eth2
 ip address 198.18.33.1/30
exit
ip route 0.0.0.0/0 198.18.32.1
"""
# what the driver reports from `frr-reload.py --test` (Lines To Delete as -, Lines To Add as +), as seen in the lab
RELOAD = [
    "-interface eth1", "- no description hand edit", "-interface eth1", "- no ip ospf passive",
    "+no ip route 198.18.16.0/24 198.18.32.9", "+interface eth1", "+ description to exit1:eth2",
    "+ip route 0.0.0.0/0 198.18.32.1",
]


def test_changes_are_what_frr_would_do() -> None:
    ch = frr_changes(RELOAD)
    assert ch.removed == {("interface eth1", "description hand edit"), ("interface eth1", "ip ospf passive"),
                          ("", "ip route 198.18.16.0/24 198.18.32.9")}
    assert ch.added == {("interface eth1", "description to exit1:eth2"), ("", "ip route 0.0.0.0/0 198.18.32.1")}
    assert ch.commands == ["interface eth1", " no description hand edit", "interface eth1", " no ip ospf passive",
                           "no ip route 198.18.16.0/24 198.18.32.9", "interface eth1", " description to exit1:eth2",
                           "ip route 0.0.0.0/0 198.18.32.1"]


def test_placed_in_context_without_double_negatives() -> None:
    diff = placed_diff(RUNNING.splitlines(), INTENDED.splitlines(), frr_changes(RELOAD), "core1 running",
                       "core1 intended", n=1)
    assert diff.splitlines() == [
        "--- core1 running", "+++ core1 intended",
        "@@ running line 2 @@",
        " log commands",
        "-ip route 198.18.16.0/24 198.18.32.9",
        " ip route 198.18.40.0/24 198.18.32.10",
        " interface eth1",
        "- description hand edit",
        "+ description to exit1:eth2",
        "  ip address 198.18.32.2/30",
        "- ip ospf passive",
        " exit",
        "@@ running line 12 @@",
        " exit",
        "+ip route 0.0.0.0/0 198.18.32.1",
    ]
    assert "no ip route" not in diff
    lines = classify_diff(diff, __import__("netwarden.baseline", fromlist=["x"]).load_baseline())
    assert [(ln.op, ln.shown) for ln in lines] == [
        ("-", "ip route 198.18.16.0/24 198.18.32.9"), ("-", "interface eth1: description hand edit"),
        ("+", "interface eth1: description to exit1:eth2"), ("-", "interface eth1: ip ospf passive"),
        ("+", "ip route 0.0.0.0/0 198.18.32.1")]


def test_a_line_that_differs_only_in_text_is_context() -> None:
    """FRR prints `passive-interface eth1` under router ospf as `ip ospf passive` under the interface: when the
    reload says nothing changes, neither does the diff."""
    run = ["interface eth1", " ip ospf passive", "exit"]
    want = ["router ospf", " passive-interface eth1", "exit", "interface eth1", "exit"]
    assert placed_diff(run, want, frr_changes([]), "a", "b") == ""


def test_drift_view_sections_and_remediation() -> None:
    marker = "#@netwarden section=frr path=/etc/frr/frr.conf"
    nft = "#@netwarden section=nftables path=/etc/nftables.d/netwarden.nft\n--- running\n+++ candidate\n-x\n+y"
    diff, rem = drift_view("\n".join([marker, *RELOAD]) + "\n" + nft, join_sections({"frr": RUNNING}),
                           join_sections({"frr": INTENDED}), "core1", lambda s: s)
    assert diff.startswith("--- core1 running /etc/frr/frr.conf\n+++ core1 intended /etc/frr/frr.conf\n@@ ")
    assert diff.endswith("--- running\n+++ candidate\n-x\n+y")
    assert rem.splitlines()[0] == "# vtysh (as frr-reload.py would run it), /etc/frr/frr.conf"
    assert " no description hand edit" in rem.splitlines()
    assert rem.splitlines()[-1] == "# replace /etc/nftables.d/netwarden.nft with the intended file (nft -f, atomically)"
    assert drift_view("+a\n-b", "", "", "h", lambda s: s) == ("+a\n-b", "")  # not the driver's diff: as it is

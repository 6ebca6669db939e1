"""Every rule, a clean and a violating case, on linux_frr configs of the lab inventory.

Violations are written by hand into the config text, the way an engineer (or an attacker)
would change a device, not the way the templates render."""

from __future__ import annotations

import pytest

from netwarden.verify.engine import verify_network
from netwarden.verify.findings import Report
from tests.conftest import intended, verify_edited

NET, BASE, INTENDED = intended("inventories/lab")
FWD_DROPS = ('\t\tip saddr @other_zone counter log prefix "NW-ISO-DROP " drop\n'
             '\t\tip daddr @other_zone counter log prefix "NW-ISO-DROP " drop\n\t\taccept\n')


def run(device: str | None = None, edits: list[tuple[str, str]] | None = None) -> Report:
    """The lab verified with `device` edited by hand (each edit at its first place)."""
    return verify_edited(NET, BASE, INTENDED, device, edits, count=1)


def fails(rep: Report, device: str) -> set[str]:
    return {f.rule_id for f in rep.failures if f.device == device}


def test_intended_lab_configs_are_clean() -> None:
    rep = run()
    assert rep.failures == [], [f"{f.device} {f.rule_id} {f.message}" for f in rep.failures]
    assert rep.errors == []
    assert rep.checks > 100


CASES = [
    # rule, device, edits, a fragment of the expected message
    ("ISO-001", "ub-fin", [("ip address 198.18.40.1/24", "ip address 198.18.16.2/24")], "shares subnet"),
    ("ISO-002", "ub-fin", [("ip route 0.0.0.0/0 198.18.32.9", "ip route 0.0.0.0/0 198.18.32.9\n"
                                                              "ip route 198.18.16.0/24 198.18.32.9")], "static route"),
    ("ISO-002", "core1", [(" redistribute static route-map NW-NO-OTHER-ZONE", " redistribute static")],
     "without a route-map"),
    ("ISO-003", "core1", [(FWD_DROPS, "\t\taccept\n")], "lets intranet space"),
    ("ISO-004", "ub-fin", [("ip address 198.18.40.1/24", "ip address 198.18.17.1/24")], "addressed"),
    ("ISO-005", "core1", [(FWD_DROPS, "\t\tip saddr 198.18.16.0/24 accept\n" + FWD_DROPS)], "permits intranet"),
    ("EXIT-001", "ub-lhtax", [("ip route 0.0.0.0/0 198.18.32.13", "ip route 0.0.0.0/0 203.0.113.9")],
     "Internet line"),
    ("EXIT-002", "core1", [(" redistribute static route-map NW-NO-OTHER-ZONE",
                            " redistribute static route-map NW-NO-OTHER-ZONE\n default-information originate always")],
     "default route"),
    ("EXIT-002", "ub-fin", [("ip route 0.0.0.0/0 198.18.32.9", "ip route 0.0.0.0/0 198.18.40.20")],
     "no device of the inventory"),
    ("EXIT-003", "core1", [("#@netwarden section=sshd",
                            "table ip nat {\n\tchain post {\n\t\ttype nat hook postrouting "
                            "priority srcnat; policy accept;\n\t\tmasquerade\n\t}\n}\n#@netwarden section=sshd")],
     "NAT"),
    ("EXIT-004", "exit1", [('oifname { "eth1" } counter log prefix "NW-EXIT-DENY " drop',
                            'oifname { "eth1" } ip saddr 198.18.44.0/24 tcp dport 80 accept\n\t\t'
                            'iifname { "eth2" } oifname { "eth1" } counter log prefix "NW-EXIT-DENY " drop')],
     "no allow-list entry"),
    ("EXIT-004", "exit1", [('ip daddr { 198.19.0.0/24 } tcp dport { 443 } accept', 'ip daddr { 198.19.0.0/24 } '
                            'tcp dport { 444 } accept')], "is not permitted"),
    ("PKI-001", "city1", [("TrustedUserCAKeys /etc/ssh/netwarden_user_ca.pub\n", "")], "CA"),
    ("MON-001", "ub-fin", [('*.info;authpriv.* action(type="omfwd" target="198.18.62.11"', '#')],
     "198.18.62.11"),
    ("MON-002", "ub-fin", [("rouser -s usm nw-monitor priv", "rouser -s usm nw-monitor priv\nrocommunity public")],
     "community"),
    ("MON-003", "ub-fin", [("server 198.18.62.21 iburst", "")], "NTP"),
    ("MGMT-001", "ub-fin", [("\t\ttcp dport 22 ip saddr @mgmt accept", "\t\ttcp dport 22 ip saddr @mgmt accept\n"
                                                                    "\t\ttcp dport 23 accept")], "telnet"),
    ("MGMT-002", "ub-fin", [("AllowUsers *@198.18.0.0/25", "AllowUsers *@0.0.0.0/0")], "outside"),
    ("MGMT-003", "ub-fin", [("ClientAliveCountMax 10", "ClientAliveCountMax 0"),
                            ("ChannelTimeout session:*=10m", "ChannelTimeout session:*=0")], "time out"),
    ("MGMT-004", "ub-fin", [("deny = 5", "deny = 10")], "lock-out"),
    ("MGMT-005", "ub-fin", [("Banner /etc/issue.net\n", "")], "banner"),
    ("MGMT-006", "ub-fin", [("PermitRootLogin no", "PermitRootLogin yes")], "root"),
    ("AUD-001", "ub-fin", [("LogLevel VERBOSE", "LogLevel QUIET")], "accounted"),
    ("AUD-002", "ub-fin", [("log commands\n", "")], "configuration changes"),
    ("AUD-003", "core1", [('ip saddr @other_zone counter log prefix "NW-ISO-DROP " drop',
                           "ip saddr @other_zone drop")], "log"),
]


@pytest.mark.parametrize(("rule", "device", "edits", "fragment"), CASES,
                         ids=[f"{c[0]}-{c[1]}-{n}" for n, c in enumerate(CASES)])
def test_rule_catches_violation(rule: str, device: str, edits: list[tuple[str, str]], fragment: str) -> None:
    clean = run()
    assert rule not in fails(clean, device)
    rep = run(device, edits)
    got = [f for f in rep.failures if f.device == device and f.rule_id == rule]
    assert got, f"{rule} not raised on {device}; got {sorted(fails(rep, device))}"
    assert any(fragment.lower() in f.message.lower() for f in got), [f.message for f in got]
    f = got[0]
    assert f.article == BASE.rule(rule).article and f.unit == NET.devices[device].unit
    assert f.contact  # Art. 12: the responsible contact is on every finding


def test_findings_quote_their_evidence_lines() -> None:
    rep = run("ub-fin", [("ip route 0.0.0.0/0 198.18.32.9", "ip route 0.0.0.0/0 198.18.32.9\n"
                                                            "ip route 198.18.16.0/24 198.18.32.9")])
    f = next(f for f in rep.failures if f.rule_id == "ISO-002")
    ev = f.evidence[0]
    assert ev.file == "ub-fin.cfg"
    assert ev.text == ("ip route 198.18.16.0/24 198.18.32.9",)
    assert INTENDED["ub-fin"].splitlines().index("ip route 0.0.0.0/0 198.18.32.9") + 2 == ev.lines[0]


def test_av_is_not_applicable_never_passed() -> None:
    rep = run()
    av = [f for f in rep.findings if f.rule_id == "AV-001"]
    assert [f.status for f in av] == ["not_applicable"]
    assert av[0].device == "exit1"


def test_exit_005_a_permit_for_an_expired_approval() -> None:
    """The exit config still permits a flow whose approval has expired (the inventory keeps the
    entry, past its date): EXIT-005, and not EXIT-004."""
    import datetime as dt

    from netwarden.model import load_inventory
    from netwarden.model.build import build_network

    later = dt.date(2028, 7, 1)  # finance-eportal expired on 2028-06-30
    net, problems = build_network(load_inventory("inventories/lab"), later, allow_expired=True)
    assert net is not None and problems == []
    texts = {h: (t, f"{h}.cfg") for h, t in INTENDED.items()}  # rendered while it was current
    rep = verify_network(net, BASE, texts)
    got = {(f.device, f.rule_id) for f in rep.failures}
    assert ("exit1", "EXIT-005") in got
    assert ("exit1", "EXIT-004") not in got
    msgs = [f.message for f in rep.failures if f.rule_id == "EXIT-005"]
    permits = [m for m in msgs if m.startswith("permits finance-eportal (NMC-2026-017), whose approval expired on "
                                               "2028-06-30: ")]  # the config's rules, quoted
    assert permits and all('accept comment "finance-eportal' in m for m in permits)
    assert sorted(set(msgs) - set(permits)) == [  # and the inventory's entry, once
        "the allow-list still lists finance-eportal (NMC-2026-017), whose approval expired on 2028-06-30: renew "
        "the approval or remove the entry"]
    # and with the approval current, the same config is clean
    assert not [f for f in run().failures if f.rule_id.startswith("EXIT")]


@pytest.mark.parametrize(("dest", "finding"), [("224.0.0.9", False), ("239.1.1.1", True)])
def test_exit_forward_to_link_local_multicast_is_not_internet_bound(dest: str, finding: bool) -> None:
    """EXIT-004 on nftables, as on ACLs: an accept towards 224.0.0.0/24 (never forwarded) is no Internet
    access; one towards other multicast is."""
    drop = 'oifname { "eth1" } counter log prefix "NW-EXIT-DENY " drop'
    rep = run("exit1", [(drop, f'oifname {{ "eth1" }} ip daddr {dest} udp dport 520 accept\n\t\t{drop}')])
    assert ("EXIT-004" in fails(rep, "exit1")) == finding


def test_verify_reports_an_expired_approval_and_checks_everything_else(capsys: pytest.CaptureFixture[str]) -> None:
    """One expired allow-list entry is EXIT-005's finding (exit 2), not an input error that stops verify."""
    import json

    from netwarden.cli import main

    base = ["verify", "-i", "inventories/lab", "--format", "json"]
    assert main([*base, "--today", "2026-11-24"]) == 0
    current = json.loads(capsys.readouterr().out)
    assert main([*base, "--today", "2028-07-01"]) == 2
    later = json.loads(capsys.readouterr().out)
    assert later["errors"] == [] and later["checks"] == current["checks"]
    assert [(f["device"], f["rule_id"]) for f in later["findings"] if f["status"] == "fail"] == [("exit1", "EXIT-005")]
    assert main(["validate", "-i", "inventories/lab", "--today", "2028-07-01"]) == 1  # still an input problem there


"""Rules on cisco_ios and huawei_vrp configs of the example province: clean, and violated by hand."""

from __future__ import annotations

import pytest

from netwarden.verify.findings import Report
from tests.conftest import intended, verify_edited

NET, BASE, INTENDED = intended("inventories/example")
IOS, VRP = "prov-fin-br01", "prov-edu-br01"


def run(device: str | None = None, edits: list[tuple[str, str]] | None = None) -> Report:
    """The example province verified with `device` edited by hand (each edit everywhere it stands)."""
    return verify_edited(NET, BASE, INTENDED, device, edits)


def test_example_province_verifies_clean() -> None:
    rep = run()
    assert rep.failures == [], [f"{f.device} {f.rule_id} {f.message}" for f in rep.failures]
    assert {d.platform.value for d in NET.devices.values()} == {"linux_frr", "cisco_ios", "huawei_vrp", "h3c_comware"}


CASES = [
    ("ISO-003", IOS, [(" ip access-group NW-DENY-INTRANET in\n", "")], "no filter"),
    ("ISO-005", IOS, [(" 10 deny ip 10.0.0.0 0.15.255.255 any log",
                       " 5 permit ip 10.1.0.0 0.0.255.255 any\n 10 deny ip 10.0.0.0 0.15.255.255 any log")],
     "permits intranet"),
    ("ISO-002", IOS, [("ip route 0.0.0.0 0.0.0.0 10.126.0.21",
                       "ip route 10.2.0.0 255.255.0.0 10.126.0.21\nip route 0.0.0.0 0.0.0.0 10.126.0.21")],
     "static route"),
    ("EXIT-003", IOS, [("ip route 0.0.0.0", "ip nat inside source list 1 interface GigabitEthernet0/0/1 overload\n"
                                            "ip route 0.0.0.0")], "NAT"),
    ("MGMT-001", IOS, [(" transport input ssh", " transport input telnet ssh")], "telnet"),
    ("MGMT-002", IOS, [(" access-class NW-MGMT in\n", "")], "0.0.0.0/0"),
    ("MGMT-003", IOS, [(" exec-timeout 5 0", " exec-timeout 30 0")], "longer"),
    ("MGMT-004", IOS, [("login block-for 1800 attempts 3 within 900\n", "")], "lock-out"),
    ("MON-001", IOS, [("logging host 10.125.250.11\n", "")], "10.125.250.11"),
    ("MON-002", IOS, [("snmp-server location", "snmp-server community public RO\nsnmp-server location")], "community"),
    ("AUD-002", IOS, [("  logging enable\n", "")], "configuration changes"),
    ("EXIT-006", "prov-exit-fw01", [('\t\tiifname { "eth4" } counter log prefix "NW-DMZ-DENY " drop',
                                     '\t\tiifname { "eth4" } oifname { "eth2" } ip saddr 172.30.0.0/24 ip daddr '
                                     '10.64.5.0/24 tcp dport 22 accept\n'
                                     '\t\tiifname { "eth4" } counter log prefix "NW-DMZ-DENY " drop')],
     "beyond the approved dmz rules"),
    ("ISO-003", VRP, [(" traffic-filter outbound acl name NW-DENY-INTRANET\n", "")], "no filter"),
    ("ISO-002", VRP, [("ip route-static 0.0.0.0 0.0.0.0 10.126.0.25",
                       "ip route-static 10.3.0.0 255.255.0.0 10.126.0.25\n"
                       "ip route-static 0.0.0.0 0.0.0.0 10.126.0.25")],
     "static route"),
    ("MGMT-001", VRP, [(" undo telnet server enable", " telnet server enable"),
                       (" protocol inbound ssh", " protocol inbound all")], "telnet"),
    ("MGMT-003", VRP, [(" idle-timeout 10 0", " idle-timeout 0 0")], "never"),
    ("MGMT-004", VRP, [(" local-aaa-user wrong-password retry-interval 15 retry-time 5 block-time 15\n", "")],
     "lock-out"),
    ("MON-001", VRP, [(" info-center loghost 10.125.250.11 facility local6\n", "")], "10.125.250.11"),
    # what the device executes but netwarden cannot represent is a finding, never judged by no rule
    ("CFG-004", IOS, [("ip route 0.0.0.0 0.0.0.0 10.126.0.21", "ip route 10.2.0.0 255.255.300.0 10.126.0.21\n"
                                                             "ip route 0.0.0.0 0.0.0.0 10.126.0.21")],
     "not read: static route not understood"),
    ("CFG-004", VRP, [("ip route-static 0.0.0.0 0.0.0.0 10.126.0.25",
                       "ip route-static 10.3.0.0 255.255.300.0 10.126.0.25\n"
                       "ip route-static 0.0.0.0 0.0.0.0 10.126.0.25")],
     "not read: static route not understood"),
    ("CFG-004", "by-hb-br01", [("Banner /etc/issue.net", "Banner /etc/issue.net\nMatch Address 203.0.113.0/24\n"
                                                        "    PasswordAuthentication yes")],
     "not read: sshd: Match block"),
    ("CFG-004", "by-hb-br01", [("ip route 0.0.0.0/0 10.126.0.125", "ip route 0.0.0.0/0 10.126.0.125\n"
                                                                  "router rip\n network 10.0.0.0/8")],
     "not read: frr: routing protocol not modelled: router rip"),
]


@pytest.mark.parametrize(("rule", "device", "edits", "fragment"), CASES,
                         ids=[f"{c[0]}-{c[1]}-{n}" for n, c in enumerate(CASES)])
def test_vendor_rule_catches_violation(rule: str, device: str, edits: list[tuple[str, str]], fragment: str) -> None:
    rep = run(device, edits)
    got = [f for f in rep.failures if f.device == device and f.rule_id == rule]
    assert got, f"{rule} not raised on {device}; got {sorted({f.rule_id for f in rep.failures if f.device == device})}"
    assert any(fragment.lower() in f.message.lower() for f in got), [f.message for f in got]

"""The data-plane rules DP-001..DP-006: each passes on the example province's rendered configs and fails, with
a witness packet and path, on a change planted in them (rogue default route, forward accept, policy accept, DNAT,
redistribution, a second NAT and Internet line, a widened exit permit, a construct not modelled)."""

from __future__ import annotations

import json

import pytest

from netwarden.report import render_report
from netwarden.verify.findings import Finding, Report
from tests.conftest import intended, verify_edited

NET, BASE, INTENDED = intended("inventories/example")
EXIT = "prov-exit-fw01"


def dp(rep: Report, rule: str | None = None) -> list[Finding]:
    return [f for f in rep.findings if f.rule_id.startswith("DP-") and (rule is None or f.rule_id == rule)]


def witness(f: Finding) -> list[str]:
    ev = [e for e in f.evidence if e.file == "witness"]
    assert len(ev) == 1, f
    return list(ev[0].text)


def planted(device: str, *edits: tuple[str, str]) -> Report:
    return verify_edited(NET, BASE, INTENDED, device, list(edits), count=1)


@pytest.fixture(scope="module")
def clean() -> Report:
    return verify_edited(NET, BASE, INTENDED)


def test_the_example_province_passes_every_dp_rule(clean: Report) -> None:
    assert clean.errors == []
    assert dp(clean) == []
    assert {r.id for r in BASE.rules if r.id.startswith("DP-")} == {f"DP-00{i}" for i in range(1, 8)}


def test_dp001_an_intranet_router_on_an_extranet_lan() -> None:
    rep = planted(
        "intra-fin-br01",
        (
            "interface GigabitEthernet0/0/1\n",
            "interface GigabitEthernet0/0/2\n ip address 10.64.0.200 255.255.255.0\n"
            " no shutdown\n!\ninterface GigabitEthernet0/0/1\n",
        ),
    )
    fs = dp(rep, "DP-001")
    got = {(f.device, f.message, f.article) for f in fs}
    assert ("intra-fin-br01", "a packet from the intranet reaches extranet device prov-fin-br01", 5) in got
    # and the reverse: extranet devices reach the intranet router through its address on their LAN
    assert ("prov-fin-br01", "a packet from the extranet reaches intranet device intra-fin-br01", 5) in got
    assert {m for _d, m, _a in got} == {
        "a packet from the intranet reaches extranet device prov-fin-br01",
        "a packet from the extranet reaches intranet device intra-fin-br01",
    }
    w = witness(next(f for f in fs if f.device == "intra-fin-br01"))
    assert w[0].startswith("packet: 10.64.0.200 -> 10.64.0.1 ")
    assert w[1].startswith(
        "1. intra-fin-br01; in (itself); out GigabitEthernet0/0/2; route: connected GigabitEthernet0/0/2"
    )
    assert w[2].startswith("2. prov-fin-br01; in GigabitEthernet0/0/1; filter: NW-DENY-INTRANET line 108: 30 permit")
    assert w[-1] == "end: delivered to prov-fin-br01 itself"


def test_dp002_an_exit_permit_beyond_the_allow_list() -> None:
    rep = planted(
        EXIT,
        (
            "ip daddr { 203.0.113.128/25 } tcp dport { 443 } accept",
            "ip daddr { 203.0.113.128/25 } tcp dport { 443, 22 } accept",
        ),
    )
    fs = dp(rep, "DP-002")
    assert {(f.device, f.message) for f in fs} == {
        ("prov-hrss-br01", "traffic to the Internet passes the exit without an approval (no active allow-list entry)")
    }
    w = witness(fs[0])
    assert w[0] == "packet: 10.64.2.65 -> 203.0.113.129 tcp sport 49152 dport 22 (new)"
    assert "NAT: snat line 124:" in w[-2]
    assert w[-1].startswith(
        "end: leaves prov-exit-fw01 eth1 to next hop 203.0.113.2, no device of the model (as 198.51.100."
    )


def test_dp002_dp005_a_rogue_default_route() -> None:
    rep = planted("prov-fin-br01", ("ip route 0.0.0.0 0.0.0.0 10.126.0.21", "ip route 0.0.0.0 0.0.0.0 10.64.0.254"))
    f5 = dp(rep, "DP-005")
    assert [(f.device, f.message) for f in f5] == [
        (
            "prov-fin-br01",
            "traffic to non-government space leaves prov-fin-br01 GigabitEthernet0/0/1 to next hop "
            "10.64.0.254, no device of the model, not at the exit",
        )
    ]
    assert witness(f5[0])[1].startswith(
        "1. prov-fin-br01; in (itself); out GigabitEthernet0/0/1; route: static 0.0.0.0/0 via 10.64.0.254"
    )
    f2 = dp(rep, "DP-002")
    assert {f.message for f in f2} == {
        "traffic to non-government space leaves through prov-fin-br01 "
        "GigabitEthernet0/0/1, not the exit's Internet interfaces"
    }


def test_dp005_a_routing_loop() -> None:
    rep = planted("by-core-rt01", ("ip route 10.64.21.0/24", "ip route 0.0.0.0/0 10.126.0.126\nip route 10.64.21.0/24"))
    fs = dp(rep, "DP-005")
    got = {(f.device, f.message) for f in fs}
    assert ("by-hb-br01", "traffic to non-government space loops at by-core-rt01, not at the exit") in got
    assert ("by-core-rt01", "traffic to non-government space loops at by-hb-br01, not at the exit") in got
    w = witness(next(f for f in fs if f.device == "by-hb-br01"))
    assert w[1:] == [
        "1. by-hb-br01; in (itself); out eth1; route: static 0.0.0.0/0 via 10.126.0.125",
        "2. by-core-rt01; in eth6; out eth6; route: static 0.0.0.0/0 via 10.126.0.126",
        "3. by-hb-br01; in eth1; out eth1; route: static 0.0.0.0/0 via 10.126.0.125",
        "end: loops at by-core-rt01: the packet comes back to this device and interface",
    ]


def test_dp005_a_redistributed_rogue_default() -> None:
    # a static default to a host on the city's LAN, redistributed into OSPF (the route map lets 0.0.0.0/0 through)
    rep = planted("by-core-rt01", ("ip route 10.64.21.0/24", "ip route 0.0.0.0/0 10.64.20.254\nip route 10.64.21.0/24"))
    fs = dp(rep, "DP-005")
    msgs = {(f.device, f.message) for f in fs}
    assert (
        "prov-core-rt01",
        "traffic to non-government space leaves by-core-rt01 eth3 to next hop 10.64.20.254, "
        "no device of the model, not at the exit",
    ) in msgs
    w = witness(next(f for f in fs if f.device == "prov-core-rt01"))
    assert "ospf external 0.0.0.0/0 (static redistributed by by-core-rt01)" in w[1]


@pytest.mark.parametrize(
    "edits",
    [
        # forward accept: the Internet interface's drop turned into an accept
        [('iifname { "eth1" } counter log prefix "NW-INET-DROP " drop', 'iifname { "eth1" } accept')],
        # policy accept, the drops deleted
        [
            (
                "type filter hook forward priority filter; policy drop;",
                "type filter hook forward priority filter; policy accept;",
            ),
            ('\t\tiifname { "eth1" } counter log prefix "NW-INET-DROP " drop\n', ""),
            ('\t\tcounter log prefix "NW-FWD-DROP " drop\n', ""),
        ],
    ],
    ids=["forward-accept", "policy-accept"],
)
def test_dp003_the_internet_let_in(edits: list[tuple[str, str]]) -> None:
    rep = planted(EXIT, *edits)
    fs = dp(rep, "DP-003")
    assert fs and all(f.article == 6 and f.device == EXIT for f in fs)
    assert any(
        f.message == "a new connection from the Internet (in at prov-exit-fw01 eth1) reaches the extranet "
        "at prov-fin-br01 GigabitEthernet0/0/1"
        for f in fs
    )
    w = witness(next(f for f in fs if "prov-fin-br01 GigabitEthernet0/0/1" in f.message))
    assert w[1].startswith("1. prov-exit-fw01; in eth1; out eth2; ")
    assert w[-1] == "end: delivered to a host on prov-fin-br01 GigabitEthernet0/0/1"


def test_dp003_a_port_forward() -> None:
    dnat = (
        "\tchain prerouting {\n\t\ttype nat hook prerouting priority dstnat; policy accept;\n"
        '\t\tiifname { "eth1" } ip daddr { 198.51.100.20 } tcp dport { 3389 } dnat to 10.64.0.10\n\t}\n'
    )
    rep = planted(
        EXIT,
        ("\tchain postrouting {\n\t\ttype nat", dnat + "\tchain postrouting {\n\t\ttype nat"),
        (
            '\t\tiifname { "eth1" } counter log prefix "NW-INET-DROP " drop',
            '\t\tiifname { "eth1" } oifname { "eth2", "eth3" } ip daddr { 10.64.0.10 } tcp dport { 3389 } '
            'accept\n\t\tiifname { "eth1" } counter log prefix "NW-INET-DROP " drop',
        ),
    )
    fs = dp(rep, "DP-003")
    assert sorted(f.message for f in fs) == [
        "a new connection from the Internet (in at prov-exit-fw01 eth1) reaches the extranet at prov-fin-br01 "
        "GigabitEthernet0/0/1",  # the accept lets the inside address in directly too
        "a new connection from the Internet (in at prov-exit-fw01 eth1) reaches the extranet at prov-fin-br01 "
        "GigabitEthernet0/0/1 through NAT",
    ]
    w = witness(next(f for f in fs if f.message.endswith("through NAT")))
    assert w[0].startswith("packet: ") and " -> 198.51.100.20 tcp " in w[0] and "dport 3389 (new)" in w[0]
    assert "NAT: dnat line" in w[1]
    assert w[-1].startswith("end: delivered to a host on prov-fin-br01 GigabitEthernet0/0/1 (as ")
    assert "-> 10.64.0.10 tcp" in w[-1]


def test_dp002_dp003_a_second_internet_line_with_nat() -> None:
    rep = planted(
        "by-hb-br01",
        ("interface eth2\n", "interface eth3\n ip address 192.0.2.1/30\nexit\n!\ninterface eth2\n"),
        ("ip route 0.0.0.0/0 10.126.0.125", "ip route 0.0.0.0/0 192.0.2.2"),
        (
            "table inet netwarden {",
            "table ip second_nat {\n\tchain postrouting {\n\t\ttype nat hook "
            'postrouting priority srcnat; policy accept;\n\t\toifname { "eth3" } masquerade\n\t}\n}\n'
            "table inet netwarden {",
        ),
    )
    f2 = dp(rep, "DP-002")
    assert {f.message for f in f2 if f.device == "by-hb-br01"} == {
        "traffic to non-government space leaves through by-hb-br01 eth3, not the exit's Internet interfaces"
    }
    w = witness(next(f for f in f2 if f.device == "by-hb-br01"))
    assert any("NAT: snat line" in x and "masquerade" in x for x in w)
    assert "(as 192.0.2.1 -> " in w[-1]
    f3 = dp(rep, "DP-003")
    assert any(f.device == "by-hb-br01" and "reaches the extranet at by-hb-br01 eth2" in f.message for f in f3)


def test_dp004_the_dmz_let_in() -> None:
    rep = planted(EXIT, ('iifname { "eth4" } counter log prefix "NW-DMZ-DENY " drop', 'iifname { "eth4" } accept'))
    fs = dp(rep, "DP-004")
    assert fs and all(f.device == EXIT and f.article == 7 for f in fs)
    f = next(
        f
        for f in fs
        if f.message == "a dmz packet reaches the extranet at prov-fin-br01 GigabitEthernet0/0/1 "
        "beyond the exit's dmz rules"
    )
    w = witness(f)
    assert w[0] == "packet: 172.30.0.1 -> 10.64.0.0 tcp sport 49152 dport 0 (new)"  # not a portal server, not 443
    assert w[1].startswith("1. prov-exit-fw01; in eth4; out eth2; ")
    assert 'filter: inet netwarden forward line 106: iifname { "eth4" } accept' in w[1]
    assert w[-1] == "end: delivered to a host on prov-fin-br01 GigabitEthernet0/0/1"


def test_dp006_a_construct_not_modelled() -> None:
    rep = planted(
        "by-hb-br01",
        (
            "\tchain forward {",
            "\tchain pre {\n\t\ttype filter hook prerouting priority -150; policy accept;\n\t}\n\n\tchain forward {",
        ),
    )
    fs = dp(rep, "DP-006")
    assert [(f.device, f.message) for f in fs] == [
        ("by-hb-br01", "not modelled: nftables prerouting chain inet netwarden pre not modelled")
    ]
    assert fs[0].evidence[0].lines and "chain pre" in fs[0].evidence[0].text[0]


def test_the_witness_in_every_format() -> None:
    rep = planted("prov-fin-br01", ("ip route 0.0.0.0 0.0.0.0 10.126.0.21", "ip route 0.0.0.0 0.0.0.0 10.64.0.254"))
    text = render_report(rep, "text")
    assert "route: static 0.0.0.0/0 via 10.64.0.254" in text
    import datetime as dt

    from netwarden.report.meta import stamp

    stamp(rep, BASE.sha256, None, dt.datetime.now(dt.UTC).replace(microsecond=0), 0.0)  # as the jobs do
    data = json.loads(render_report(rep, "json"))
    found = [f for f in data["findings"] if f["rule_id"] == "DP-005"]
    assert found and any(e["file"] == "witness" for e in found[0]["evidence"])


def test_with_some_configs_missing_the_proof_is_incomplete_never_a_pass() -> None:
    from netwarden.verify.engine import verify_network

    configs = {h: (t, f"{h}.cfg") for h, t in INTENDED.items() if h != "prov-core-rt02"}
    rep = verify_network(NET, BASE, configs, missing_is_error=False)
    fs = dp(rep)
    assert sorted((f.rule_id, f.status) for f in fs) == [(f"DP-00{i}", "skipped") for i in range(1, 8)]
    assert {f.message for f in fs} == {
        "the data-plane proof needs every device's configuration; missing: prov-core-rt02"
    }
    assert rep.incomplete and rep.result_word == "incomplete"


def test_dp007_a_vty_line_without_its_access_class() -> None:
    rep = planted("prov-fin-br01", ("line vty 5 15\n access-class NW-MGMT in\n", "line vty 5 15\n"))
    fs = dp(rep, "DP-007")
    assert fs and {f.article for f in fs} == {13}
    msgs = {f.message for f in fs}
    assert {m.split(" is ")[0] for m in msgs} == {f"{s} on prov-fin-br01" for s in ("ssh", "telnet", "netconf")}
    # from the unit's own LAN, in through the LAN interface
    f = next(f for f in fs if f.device == "prov-fin-br01" and "GigabitEthernet0/0/1" in f.message)
    w = witness(f)
    assert w[0].startswith("packet: 10.64.0.") and " -> 10.64." in w[0]
    assert "filter: vty access-class NW-MGMT and (none) line 162: permit" in w[-2], w
    assert w[-1] == "end: delivered to prov-fin-br01 itself"
    assert dp(rep, "DP-001") == []


def test_dp007_snmp_without_its_acl() -> None:
    rep = planted(
        "prov-fin-br01",
        ("v3 priv read NW-RO access NW-SNMP", "v3 priv read NW-RO"),
    )
    fs = dp(rep, "DP-007")
    assert fs and {f.message.split(" on ")[0] for f in fs} == {"snmp"}
    assert {f.message.split(" on ")[1].split()[0] for f in fs} == {"prov-fin-br01"}
    assert witness(fs[0])[-2].endswith("filter: snmp agent ACL (none) line 81: permit")


def test_dp007_ssh_open_to_anyone_at_the_exit() -> None:
    rep = planted(EXIT, ("tcp dport 22 ip saddr @mgmt accept", "tcp dport 22 accept"))
    fs = dp(rep, "DP-007")
    assert fs and {f.message.split(" is ")[0] for f in fs} == {f"ssh on {EXIT}"}
    internet = [f for f in fs if f.device == EXIT and "(itself)" not in f.message]
    assert internet, [f.message for f in fs]
    w = witness(internet[0])
    assert w[-2].endswith("filter: inet netwarden input line 87: tcp dport 22 accept"), w
    assert w[-1] == f"end: delivered to {EXIT} itself"

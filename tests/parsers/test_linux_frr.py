from __future__ import annotations

import ipaddress
import os
import shutil
import subprocess
import uuid

import pytest

from netwarden.parsers import parse
from netwarden.parsers.model import ANY, AclEntry, ParsedConfig
from netwarden.platforms.linux_frr.layout import join_sections, split_sections
from netwarden.platforms.linux_frr.nft import parse_nft
from netwarden.platforms.linux_frr.parser import parse_linux_frr
from tests.parsers.conftest import DATA, Rendered, check_against_inventory

N = ipaddress.IPv4Network


def _doc(text: str, **replace: str) -> str:
    secs = {name: s.body for name, s in split_sections(text).items()}
    secs.update(replace)
    return join_sections(secs, header="# test document")


def _sem(e: AclEntry) -> tuple[object, ...]:
    """What an entry matches (address sets compared merged: nft merges adjacent set elements)."""
    return (e.action, e.proto, tuple(ipaddress.collapse_addresses(e.src)), tuple(ipaddress.collapse_addresses(e.dst)),
            tuple(e.dports), tuple(e.sports), e.established, tuple(e.iif), tuple(e.oif), e.log)


def test_lab_configs_match_the_inventory(lab: Rendered) -> None:
    hosts = lab.of("linux_frr")
    assert hosts
    for h in hosts:
        cfg = parse(lab.texts[h], "linux_frr", f"{h}.cfg")
        check_against_inventory(cfg, lab.net.devices[h], lab.ctx[h])
        c = lab.ctx[h]
        assert cfg.rib_filter == "NW-NO-OTHER-ZONE"
        assert {a.hook for a in cfg.acls.values()} == {"input", "forward", "output"}
        assert cfg.acls["inet netwarden input"].default_action == "deny"
        assert cfg.trust.ssh_user_ca_keys == [c.ca.ssh_user_ca_key.strip()]
        assert cfg.mgmt.root_login is False and cfg.mgmt.password_auth is False
        # line numbers are lines of the whole document
        fwd = cfg.acls["inet netwarden forward"]
        for e in fwd.entries:
            assert cfg.line(e.line) == e.text
        assert cfg.line(cfg.static_routes[0].line).startswith("ip route ") if cfg.static_routes else True
        # every forward filter first drops the other zone, both ways, logged
        other = list(c.other_zone_prefixes)
        assert _sem(fwd.entries[0])[:4] == ("deny", "ip", tuple(other), (ANY,)) and fwd.entries[0].log
        assert _sem(fwd.entries[1])[:4] == ("deny", "ip", (ANY,), tuple(other)) and fwd.entries[1].log


def test_exit_filter_and_nat(lab: Rendered) -> None:
    exit_host = next(h for h in lab.of("linux_frr") if lab.net.is_exit(lab.net.devices[h]))
    c = lab.ctx[exit_host]
    cfg = parse_linux_frr(lab.texts[exit_host], "exit.cfg")
    fwd = cfg.acls["inet netwarden forward"]
    inet = [i.name for i in c.interfaces if i.faces == "internet"]
    permits = [e for e in fwd.entries if e.action == "permit" and not e.established and e.oif == inet]
    # exactly the allow-list flows, with their prefixes and ports
    want = {(r.proto, r.sources, r.destinations, r.ports) for r in c.exit_rules}
    got = {(e.proto, tuple(e.src), tuple(e.dst), tuple(e.dports)) for e in permits}
    assert got == want
    assert any(e.action == "deny" and e.log and e.oif == inet for e in fwd.entries)
    # the single NAT rule: allow-list sources to the pool, out of the Internet interface
    assert len(cfg.nat) == 1
    n = cfg.nat[0]
    assert n.sources == list(c.nat_sources)
    assert c.nat_pool is not None
    assert n.pool == list(c.nat_pool.hosts())
    assert n.out_interfaces == inet and not n.masquerade and n.kind == "source"
    assert cfg.interfaces[inet[0]].nat == "outside"


def test_example_linux_configs_match_the_inventory(example: Rendered) -> None:
    for h in example.of("linux_frr"):
        cfg = parse(example.texts[h], "linux_frr", f"{h}.cfg")
        check_against_inventory(cfg, example.net.devices[h], example.ctx[h])


def _nft_roundtrip(ruleset: str) -> str:
    ns = f"nwparse-{uuid.uuid4().hex[:8]}"
    subprocess.run(["ip", "netns", "add", ns], check=True)
    try:
        subprocess.run(["ip", "netns", "exec", ns, "nft", "-f", "-"], input=ruleset, text=True, check=True)
        out = subprocess.run(["ip", "netns", "exec", ns, "nft", "-s", "list", "ruleset"], text=True, check=True,
                             capture_output=True)
        return out.stdout
    finally:
        subprocess.run(["ip", "netns", "del", ns], check=False)


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("nft") or not shutil.which("ip"),
                    reason="needs root, nft and ip to load a ruleset in a scratch namespace")
@pytest.mark.parametrize("inv", ["lab", "example"])
def test_nft_list_ruleset_parses_like_the_rendered_file(inv: str, lab: Rendered, example: Rendered) -> None:
    r = lab if inv == "lab" else example
    hosts = r.of("linux_frr")
    hosts = [h for h in hosts if r.net.is_exit(r.net.devices[h])] + [h for h in hosts if "core" in h][:1]
    for h in hosts:
        text = r.texts[h]
        listed = _nft_roundtrip(split_sections(text)["nftables"].body)
        a = parse_linux_frr(text)
        b = parse_linux_frr(_doc(text, nftables=listed))
        assert not b.warnings, b.warnings
        assert a.acls.keys() == b.acls.keys()
        for name in a.acls:
            assert [_sem(e) for e in a.acls[name].entries] == [_sem(e) for e in b.acls[name].entries], name
            assert a.acls[name].default_action == b.acls[name].default_action
        assert [(list(ipaddress.collapse_addresses(n.sources)), n.pool, n.out_interfaces) for n in a.nat] == [
            (list(ipaddress.collapse_addresses(n.sources)), n.pool, n.out_interfaces) for n in b.nat]
        for e in b.acls["inet netwarden forward"].entries:
            assert b.line(e.line) == e.text


def test_recorded_nft_list_ruleset() -> None:
    text = (DATA / "nft_list_ruleset_example_exit.txt").read_text()
    res = parse_nft(text, 1, text.splitlines())
    assert not res.warnings
    fwd = next(a for a in res.acls if a.name == "inet netwarden forward")
    dmz = next(e for e in fwd.entries if e.iif == ["eth4"] and e.action == "permit")
    assert dmz.src == [N("172.30.0.10/31")] and dmz.dst == [N("10.64.0.0/24")] and dmz.dports == [(443, 443)]
    assert res.nat[0].sources == [N("10.64.0.64/26"), N("10.64.2.64/26"), N("10.64.10.64/26"), N("10.64.13.64/26")]
    assert len(res.nat[0].pool) == 14

    text = (DATA / "nft_list_ruleset_scratch.txt").read_text()
    res = parse_nft(text, 1, text.splitlines())
    inp = next(a for a in res.acls if a.name == "inet t input")
    by_line = {e.line: e for e in inp.entries}
    neg = next(e for e in inp.entries if e.dports == [(1000, 2000)])
    assert N("10.0.0.0/8") not in neg.src and N("11.0.0.0/8") in neg.src  # `ip saddr != 10/8` complemented
    rng = next(e for e in inp.entries if (5000, 5010) in e.dports)
    assert rng.proto == "udp" and rng.src == list(ipaddress.summarize_address_range(
        ipaddress.IPv4Address("10.0.0.1"), ipaddress.IPv4Address("10.0.0.6")))
    jumped = next(e for e in inp.entries if e.src == [N("1.2.3.0/24")])  # `jump c` inlined
    assert jumped.action == "permit"
    assert any(e.established for e in by_line.values())
    kinds = sorted((n.kind, n.masquerade) for n in res.nat)
    assert kinds == [("destination", False), ("source", False), ("source", False), ("source", True)]


# --- hand-written violations -----------------------------------------------------------------


@pytest.fixture
def exit_text(lab: Rendered) -> str:
    return lab.texts["exit1"]


def test_violations_are_visible(exit_text: str) -> None:
    secs = {n: s.body for n, s in split_sections(exit_text).items()}
    frr = secs["frr"].replace("ip route 0.0.0.0/0 198.19.0.100\n",
                              "ip route 0.0.0.0/0 198.19.0.100\nip route 198.18.16.0/20 198.18.32.2\n")
    frr = frr.replace("log commands\n", "")
    nft = secs["nftables"].replace(
        '\t\tct state invalid drop\n\t\ttcp dport 22',
        '\t\tct state invalid drop\n\t\ttcp dport 23 accept\n\t\ttcp dport 22')
    nft = nft.replace(
        '\t\tiifname { "eth2" } oifname { "eth2" } accept\n',
        '\t\tiifname { "eth2" } oifname { "eth2" } accept\n\t\tip saddr 198.18.16.0/20 accept\n')
    nft = nft.replace("snat to 198.19.1.1-198.19.1.6\n",
                      'snat to 198.19.1.1-198.19.1.6\n\t\toifname "eth1" ip saddr 198.18.16.0/24 masquerade\n')
    doc = _doc(exit_text, frr=frr, nftables=nft, syslog="# nothing forwarded\n")
    cfg = parse_linux_frr(doc)
    intranet = N("198.18.16.0/20")
    r = next(r for r in cfg.static_routes if r.prefix == intranet)
    assert cfg.line(r.line) == "ip route 198.18.16.0/20 198.18.32.2"
    assert cfg.logging.config_change_logging is None  # `log commands` gone
    assert cfg.logging.syslog_hosts == []
    assert cfg.mgmt.telnet_enabled is True and "telnet" in cfg.mgmt.lines
    fwd = cfg.acls["inet netwarden forward"]
    bad = next(e for e in fwd.entries if e.action == "permit" and e.src == [intranet])
    assert cfg.line(bad.line).strip() == "ip saddr 198.18.16.0/20 accept"
    assert len(cfg.nat) == 2 and cfg.nat[1].masquerade and cfg.nat[1].sources == [N("198.18.16.0/24")]


def test_sshd_semantics(exit_text: str) -> None:
    sshd = ("PermitRootLogin prohibit-password\nPermitRootLogin no\nPasswordAuthentication yes\n"
            "AllowUsers admin *@10.0.0.0/8\nClientAliveInterval 300\nClientAliveCountMax 0\n"
            "ChannelTimeout session=30m\nLogLevel INFO\nMaxAuthTries 6\nBanner none\n")
    cfg = parse_linux_frr(_doc(exit_text, sshd=sshd, faillock="deny = 0\nunlock_time = 0\n"))
    m = cfg.mgmt
    assert m.root_login is True  # first value wins; prohibit-password still lets root in with a key
    assert m.password_auth is True
    assert m.allowed_from == [ANY]  # `admin` from anywhere
    assert m.exec_timeout_min == 30
    assert m.auth_retries == 6
    assert m.banner is False
    assert m.login_attempts is None  # deny = 0: no lock-out
    assert cfg.logging.login_logging is True and cfg.logging.aaa_accounting is False
    assert cfg.trust.ssh_user_ca_keys == []  # the CA file is there but not trusted
    assert any("TrustedUserCAKeys" in w for w in cfg.warnings)


def test_frr_bgp_and_peer_groups() -> None:
    frr = """frr version 10.1
frr defaults traditional
hostname r1
!
router bgp 65010
 bgp router-id 10.0.0.1
 neighbor PG peer-group
 neighbor PG remote-as 65020
 neighbor 10.0.0.2 peer-group PG
 neighbor 10.0.0.3 remote-as internal
 !
 address-family ipv4 unicast
  network 10.10.0.0/16
  redistribute connected route-map RM-CONN
  neighbor PG route-map RM-IN in
  neighbor PG route-map RM-OUT out
  neighbor 10.0.0.3 prefix-list PL-OUT out
  neighbor 10.0.0.3 default-originate
 exit-address-family
 !
 address-family ipv6 unicast
  network 2001:db8::/32
 exit-address-family
exit
!
ip prefix-list PL-OUT seq 10 permit 10.10.0.0/16 ge 24 le 28
ip prefix-list PL-OUT seq 20 deny any
!
route-map RM-OUT permit 10
 match ip address prefix-list PL-OUT
 match tag 7
exit
"""
    cfg: ParsedConfig = parse_linux_frr(frr)
    assert any("markers" in w for w in cfg.warnings)
    b = cfg.bgp
    assert b is not None and b.asn == 65010 and b.router_id == ipaddress.IPv4Address("10.0.0.1")
    n2, n3 = b.neighbors
    assert (n2.remote_as, n2.route_map_in, n2.route_map_out) == (65020, "RM-IN", "RM-OUT")
    assert (n3.remote_as, n3.prefix_list_out, n3.default_originate) == (65010, "PL-OUT", True)
    assert [n for n, _ in b.networks] == [N("10.10.0.0/16")]
    assert b.redistribute[0].source == "connected" and b.redistribute[0].route_map == "RM-CONN"
    pl = cfg.prefix_lists["PL-OUT"]
    assert (pl[0].ge, pl[0].le) == (24, 28) and pl[1].prefix == ANY and pl[1].action == "deny"
    assert cfg.route_maps["RM-OUT"][0].other_matches == ["match tag 7"]

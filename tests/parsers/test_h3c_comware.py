"""The h3c_comware parser: the example province rendered with the Comware 7 templates, hand-written
Comware configs for every parsed construct, and public Comware configs (data/README.md)."""

from __future__ import annotations

import dataclasses
import ipaddress
import math

import pytest

from netwarden.baseline import load_baseline
from netwarden.model import load_network
from netwarden.model.types import Network
from netwarden.parsers.model import ANY
from netwarden.platforms.h3c_comware.parser import parse_h3c_comware
from netwarden.verify.context import contexts
from netwarden.verify.engine import check_device
from netwarden.verify.findings import Report
from tests.conftest import ROOT, TODAY
from tests.parsers.comware_render import ComwareRenderer
from tests.parsers.conftest import DATA, VRP_STYLE_ROUTING, check_against_inventory

N = ipaddress.IPv4Network
A = ipaddress.IPv4Address
AsComware = tuple[Network, ComwareRenderer, dict[str, str]]


@pytest.fixture(scope="module")
def as_comware() -> AsComware:
    """Every example device (all roles) rendered as if it were h3c_comware."""
    net = load_network(ROOT / "inventories/example", str(ROOT / "docs/examples/example-vault-password.txt"), TODAY)
    r = ComwareRenderer(load_baseline())
    return net, r, {h: r.render(net, d) for h, d in sorted(net.devices.items())}


def test_example_rendered_as_comware_matches_the_inventory(as_comware: AsComware) -> None:
    net, r, texts = as_comware
    roles = set()
    for h, text in texts.items():
        d = net.devices[h]
        roles.add(d.role.value)
        c = r.context(net, d)
        cfg = parse_h3c_comware(text, f"{h}.cfg")
        assert cfg.platform == "h3c_comware"
        check_against_inventory(cfg, d, c)
        assert cfg.mgmt.vty_acl == "2000"  # `ssh server acl 2000`
        assert cfg.trust.trustpoints and cfg.trust.trustpoints[0][1].lower() == c.ca.fingerprint_sha256.lower()
        deny = c.settings["intranet_filter_name"]
        for i in c.interfaces:
            if not i.zone_filter:
                continue
            itf = cfg.interfaces[i.name]
            assert itf.acl_out == [deny]
            if c.is_exit and i.faces == "internet":
                assert itf.acl_in == ["NW-INTERNET-IN"]
            elif c.is_exit and i.nat_inside:
                assert itf.acl_in == [c.settings["exit_filter_name"]]
            else:
                assert itf.acl_in == [deny]
        acl = cfg.acls[deny]
        assert acl.kind == "extended" and acl.default_action == "permit"
        denies = [e for e in acl.entries if e.action == "deny"]
        assert [n for e in denies if e.dst == [ANY] for n in e.src] == list(c.other_zone_prefixes)
        assert [n for e in denies if e.src == [ANY] for n in e.dst] == list(c.other_zone_prefixes)
        if c.is_exit:
            (nat,) = cfg.nat
            assert nat.sources == sorted(ipaddress.collapse_addresses(c.nat_sources))
            assert c.nat_pool is not None and nat.pool == list(c.nat_pool.hosts())
            assert [cfg.interfaces[o].addresses for o in nat.out_interfaces]
            exit_acl = cfg.acls[c.settings["exit_filter_name"]]
            assert any(e.remark.startswith("NW-ALLOW ") for e in exit_acl.entries)
        else:
            assert cfg.nat == []
        if d.routing.bgp is not None:
            assert cfg.bgp is not None and cfg.bgp.asn == d.routing.bgp.asn
            assert {n.address for n in cfg.bgp.neighbors} == {n.address for n in d.routing.bgp.neighbors}
            assert all(n.route_map_in == n.route_map_out == "NW-NO-OTHER-ZONE" for n in cfg.bgp.neighbors)
    assert roles >= {"unit_border", "municipal_core", "extranet_core", "internet_exit", "intranet_core",
                     "intranet_border"}


def test_example_rendered_as_comware_verifies_clean(as_comware: AsComware) -> None:
    """The device rules of the baseline, called the way verify/engine.py calls them, on the parses."""
    net, _r, texts = as_comware
    baseline = load_baseline()
    ctxs = contexts(net, baseline)
    report = Report("verify", baseline.version, net.name)
    for h, text in texts.items():
        cfg = parse_h3c_comware(text, f"{h}.cfg")
        ctx = dataclasses.replace(ctxs[h], platform="h3c_comware")
        for rule in baseline.rules:
            if rule.scope == "device":
                check_device(rule, ctx, cfg, report)
    fails = sorted({(f.device, f.rule_id, f.message) for f in report.findings if f.status == "fail"})
    assert report.checks > 0
    # The exit policy permits OSPF hellos to 224.0.0.5/6 (as the huawei_vrp template does): link-local
    # multicast is never forwarded, so EXIT-004 does not count it as Internet-bound (it did once).
    assert fails == [], fails


VIOLATING = """\
#
 version 7.1.064, Release 0821P16
#
 sysname bad-cw
#
 telnet server enable
 ip http enable
 ssh server acl 2000
#
 password-control login-attempt 8 exceed lock-time 2
#
local-user admin class manage
 password hash $h$6$Zq2x$AAAA==
 service-type telnet ssh
#
acl basic 2000
 rule 5 permit source 10.64.0.0 0.0.0.255
 rule 10 deny source 10.64.0.128 0.0.0.127
#
acl number 2001 name NAT-ALL
 rule 5 permit source any
#
acl advanced name EDGE
 rule 5 deny ip source 10.0.0.0 0.15.255.255 logging
 rule 10 permit ip source 10.1.2.3 0 destination any
 rule 10 comment one host
 rule 15 permit tcp source 10.64.0.0 0.0.0.255 destination 192.0.2.0 0.0.0.255 destination-port eq 443
 rule 20 permit udp destination-port range 1000 2000
 rule 25 permit tcp source 198.51.100.0 0.0.0.255 established
 rule 30 deny ip
#
acl advanced 3005
 rule 0 deny ip destination 10.0.0.0 0.15.255.255
#
ip prefix-list PL index 10 permit 10.64.0.0 16 less-equal 24
#
route-policy RP permit node 10
 if-match ip address prefix-list PL
 if-match ip address acl 2000
#
nat address-group 1
 address 198.51.100.1 198.51.100.4
#
interface GigabitEthernet1/0/1
 port link-mode route
 ip address 10.126.0.78 255.255.255.252
 nat outbound 2000 address-group 1
 nat outbound 2001
 nat server protocol tcp global 198.51.100.9 443 inside 10.64.0.9 443
 packet-filter name EDGE inbound
 packet-filter 3005 outbound
#
interface GigabitEthernet1/0/2
 port link-mode route
 ip address 10.64.0.1 255.255.255.0
 ospf 1 area 0.0.0.1
 shutdown
#
""" + VRP_STYLE_ROUTING + """\
 address-family ipv4 unicast
  network 10.64.0.0 255.255.0.0
  import-route direct route-policy RP
  peer 10.126.0.77 enable
  peer 10.126.0.77 route-policy RP export
  peer 10.126.0.77 prefix-list PL import
  peer 10.126.0.77 default-route-advertise
#
 ip route-static 10.0.0.0 12 10.126.0.77
 ip route-static 0.0.0.0 0 GigabitEthernet1/0/1 10.126.0.77 description default
#
 snmp-agent
 snmp-agent community read simple public
 snmp-agent community write cipher $c$3$abcdefgh==
 snmp-agent group v3 g authentication
 snmp-agent usm-user v3 mon g cipher authentication-mode sha $c$3$AbCd==
 snmp-agent target-host trap address udp-domain 192.0.2.50 params securityname public v2c
#
 ntp-service unicast-server 192.0.2.123
#
line vty 0 63
 authentication-mode scheme
 idle-timeout 0 0
#
return
"""


def test_violations_are_visible() -> None:
    cfg = parse_h3c_comware(VIOLATING, "bad.cfg")
    assert cfg.hostname == "bad-cw" and cfg.platform == "h3c_comware"
    assert cfg.warnings == ["line 10: password-control login-attempt without `password-control enable`: no lock-out"]
    # interfaces, static routes
    assert {r.prefix for r in cfg.static_routes} == {N("10.0.0.0/12"), ANY}
    dflt = next(r for r in cfg.static_routes if r.prefix == ANY)
    assert dflt.interface == "GigabitEthernet1/0/1" and dflt.next_hop == A("10.126.0.77")
    g1, g2 = cfg.interfaces["GigabitEthernet1/0/1"], cfg.interfaces["GigabitEthernet1/0/2"]
    assert g2.addresses == [ipaddress.IPv4Interface("10.64.0.1/24")] and g2.shutdown and not g1.shutdown
    assert g1.acl_in == ["EDGE"] and g1.acl_out == ["3005"]
    # ACLs: named advanced, numbered basic, `acl number N name X` aliased, comments kept as remarks
    edge = cfg.acls["EDGE"]
    assert edge.kind == "extended" and edge.default_action == "permit"
    e5, e10, e15, e20, e25, e30 = edge.entries
    assert e5.action == "deny" and e5.src == [N("10.0.0.0/12")] and e5.log
    assert e10.src == [N("10.1.2.3/32")] and e10.dst == [ANY] and e10.remark == "one host"
    assert (e15.proto, e15.dst, e15.dports) == ("tcp", [N("192.0.2.0/24")], [(443, 443)])
    assert (e20.proto, e20.src, e20.dports) == ("udp", [ANY], [(1000, 2000)])
    assert e25.established and e25.src == [N("198.51.100.0/24")]
    assert (e30.action, e30.src, e30.dst, e30.log) == ("deny", [ANY], [ANY], False)
    assert cfg.acls["2000"].kind == "standard" and cfg.acls["3005"].kind == "extended"
    assert "NAT-ALL" in cfg.acls and "2001" not in cfg.acls
    # NAT: address-group with `address` lines, Easy IP by an aliased ACL number, nat server
    pat, easy, server = cfg.nat
    assert pat.sources == [N("10.64.0.0/24")] and pat.pool == [A(f"198.51.100.{i}") for i in range(1, 5)]
    assert pat.out_interfaces == ["GigabitEthernet1/0/1"] and not pat.masquerade
    assert easy.sources == [ANY] and easy.masquerade and easy.pool == [A("10.126.0.78")]
    assert server.kind == "destination" and server.sources == [N("10.64.0.9/32")]
    assert g1.nat == "outside"
    # routing
    o = cfg.ospf[0]
    assert o.router_id == A("10.125.0.9") and o.default_originate
    assert o.redistribute[0].source == "static" and o.redistribute[0].route_map is None
    assert (N("10.126.0.76/30"), "0.0.0.0") in o.networks and (N("10.64.0.0/24"), "0.0.0.1") in o.networks
    assert g2.ospf_area == "0.0.0.1"
    b = cfg.bgp
    assert b is not None and b.asn == 65010 and b.networks[0][0] == N("10.64.0.0/16")
    nb = b.neighbors[0]
    assert (nb.remote_as, nb.route_map_out, nb.prefix_list_in, nb.default_originate) == (65000, "RP", "PL", True)
    assert b.redistribute[0].source == "direct" and b.redistribute[0].route_map == "RP"
    pl = cfg.prefix_lists["PL"][0]
    assert (pl.prefix, pl.ge, pl.le) == (N("10.64.0.0/16"), None, 24)
    rp = cfg.route_maps["RP"][0]
    assert rp.match_prefix_lists == ["PL"] and rp.match_acls == ["2000"] and rp.other_matches == []
    # management: telnet and http on, ssh off, never time out, lock-out not enabled, no banner
    m = cfg.mgmt
    assert m.telnet_enabled is True and m.ssh_enabled is False and m.http_enabled is True
    assert m.exec_timeout_min == 0
    assert m.allowed_from == [ANY]  # telnet has no `telnet server acl`: the ssh ACL does not cover it
    assert m.login_attempts is None and m.lockout_min is None  # no `password-control enable`
    assert m.banner is False and "user:admin" in m.lines
    # logging gone, SNMP v1/v2c, v3 without privacy
    lg = cfg.logging
    assert lg.syslog_hosts == [] and lg.config_change_logging is False and lg.aaa_accounting is False
    assert lg.login_logging is False and lg.deny_logging is False  # 3005 denies without logging
    assert cfg.snmp.communities == ["public", "$c$3$abcdefgh==", "public"]
    assert cfg.snmp.v3_users == [("mon", True, False)] and cfg.snmp.trap_hosts == [A("192.0.2.50")]
    assert cfg.ntp_servers == [A("192.0.2.123")]


MGMT = """\
#
 sysname mgmt-cw
#
 ssh server enable
 ssh server acl 2000
 packet-filter default deny
#
 password-control enable
{lockout}
#
hwtacacs scheme HW
 primary accounting 192.0.2.40
 key accounting cipher $c$3$Xyz==
#
domain D
 accounting login hwtacacs-scheme HW local
 accounting command hwtacacs-scheme HW
#
 domain default enable D
#
acl basic 2000
 rule 5 permit source 10.127.0.0 0.0.255.255
#
acl advanced name IN
 rule 5 permit tcp destination-port eq 22
#
interface Vlan-interface10
 ip address 10.127.1.1 255.255.255.0
 packet-filter name IN inbound
#
 info-center loghost 192.0.2.10 facility local6
#
pki domain EGOV
 root-certificate fingerprint sha256 AB12CD
#
 header login %Authorised
 use only%
#
line vty 0 63
 authentication-mode scheme
 protocol inbound ssh
 idle-timeout 5 30
 command accounting
#
return
"""


@pytest.mark.parametrize(("lockout", "attempts", "minutes"), [
    (" password-control login-attempt 4 exceed lock-time 20", 4, 20.0),
    (" password-control login-attempt 4 exceed lock", 4, math.inf),
    (" password-control login-attempt 4 exceed unlock", 4, 0.0),
    ("", 3, 1.0),  # enabled without a login-attempt line: the defaults
])
def test_management_accounting_and_trust(lockout: str, attempts: int, minutes: float) -> None:
    cfg = parse_h3c_comware(MGMT.format(lockout=lockout), "mgmt.cfg")
    assert not cfg.warnings, cfg.warnings
    m = cfg.mgmt
    assert m.ssh_enabled is True and m.telnet_enabled is False and m.ssh_v2_only is True
    assert m.vty_acl == "2000" and m.allowed_from == [N("10.127.0.0/16")]
    assert m.exec_timeout_min == 5.5
    assert (m.login_attempts, m.lockout_min) == (attempts, minutes)
    assert m.banner is True
    assert cfg.acls["IN"].default_action == "deny"  # `packet-filter default deny`
    lg = cfg.logging
    assert lg.aaa_accounting is True and lg.login_logging is True and lg.config_change_logging is True
    assert lg.syslog_hosts == [A("192.0.2.10")]
    assert cfg.trust.trustpoints == [("EGOV", "AB12CD")]


def test_command_accounting_needs_the_vty_and_a_server() -> None:
    text = MGMT.format(lockout="").replace(" command accounting\n", "")
    assert parse_h3c_comware(text).logging.aaa_accounting is False
    text = MGMT.format(lockout="").replace(" primary accounting 192.0.2.40\n", "")
    lg = parse_h3c_comware(text).logging
    assert lg.aaa_accounting is False and lg.login_logging is True  # the loghost still records logins


def test_real_world_configs() -> None:
    """Public Comware configs parse; what they hold is read back (data/README.md has the sources)."""
    cfg = parse_h3c_comware((DATA / "hpe_ansible_cw7_hp3.cfg").read_text(), "hpe")
    assert cfg.hostname == "HP_DEMO_3" and not cfg.warnings
    assert len(cfg.interfaces) == 34
    assert cfg.interfaces["M-GigabitEthernet0/0/0"].addresses == [ipaddress.IPv4Interface("10.1.100.42/24")]
    assert [(r.prefix, r.next_hop) for r in cfg.static_routes] == [(ANY, A("10.1.100.1"))]
    m = cfg.mgmt
    assert m.ssh_enabled is True and m.telnet_enabled is False and m.allowed_from == [ANY]
    assert m.exec_timeout_min == 10 and m.banner is False and "user:hp" in m.lines
    assert cfg.logging.syslog_hosts == [] and cfg.logging.aaa_accounting is False

    cfg = parse_h3c_comware((DATA / "hier_config_comware5_running.conf").read_text(), "hier_config")
    assert cfg.hostname == "HP-Switch-01" and not cfg.warnings
    assert cfg.interfaces["Vlan-interface10"].addresses == [ipaddress.IPv4Interface("10.100.1.1/24")]
    assert cfg.interfaces["GigabitEthernet1/0/3"].shutdown
    assert {(r.prefix, r.next_hop) for r in cfg.static_routes} == {(ANY, A("203.0.113.2")),
                                                                     (N("10.10.0.0/16"), A("10.100.1.254"))}
    assert cfg.ntp_servers == [A("10.0.0.50")]
    assert cfg.mgmt.ssh_enabled is False and cfg.mgmt.telnet_enabled is False


@pytest.mark.parametrize(("dest", "finding"), [("224.0.0.9 0", False), ("239.1.1.1 0", True)])
def test_exit_permits_to_link_local_multicast_are_not_internet_bound(as_comware: AsComware, dest: str,
                                                                      finding: bool) -> None:
    """EXIT-004: a permit to 224.0.0.0/24 (never forwarded) is no Internet access; one to other multicast is."""
    net, _r, texts = as_comware
    baseline = load_baseline()
    h = "prov-exit-fw01"
    text = texts[h].replace(" rule 85 permit ospf destination 224.0.0.6 0\n",
                            f" rule 85 permit ospf destination 224.0.0.6 0\n rule 86 permit udp destination {dest}\n")
    assert text != texts[h]
    ctx = dataclasses.replace(contexts(net, baseline)[h], platform="h3c_comware")
    report = Report("verify", baseline.version, net.name)
    for rule in baseline.rules:
        if rule.id == "EXIT-004":
            check_device(rule, ctx, parse_h3c_comware(text, f"{h}.cfg"), report)
    fails = [f.message for f in report.findings if f.status == "fail"]
    assert bool(fails) == finding, fails
    if finding:
        assert any(f"rule 86 permit udp destination {dest}" in m for m in fails)

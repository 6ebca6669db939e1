from __future__ import annotations

import ipaddress

from netwarden.parsers.model import ANY
from netwarden.platforms.huawei_vrp.parser import parse_huawei_vrp
from tests.parsers.conftest import DATA, VRP_STYLE_ROUTING

N = ipaddress.IPv4Network
A = ipaddress.IPv4Address


VIOLATING = """\
#
 sysname bad-vrp
#
 telnet server enable
 http server enable
#
aaa
 local-user admin password irreversible-cipher x
 local-aaa-user wrong-password retry-interval 5 retry-time 8 block-time 2
#
acl number 2000
 rule 5 permit source 10.64.0.0 0.0.0.255
 rule 10 deny source 10.64.0.128 0.0.0.127
#
acl number 2001
 rule 5 permit source any
#
acl name EDGE 3001
 rule 5 deny ip source 10.0.0.0 0.15.255.255 logging
 rule 10 permit ip source 10.1.2.3 0 destination any
 rule 15 permit tcp source 10.64.0.0 0.0.0.255 destination 192.0.2.0 0.0.0.255 destination-port eq 443
 rule 20 permit udp destination-port range 1000 2000
 rule 25 deny ip
#
ip ip-prefix PL index 10 permit 10.64.0.0 16 less-equal 24
#
route-policy RP permit node 10
 if-match ip-prefix PL
 if-match acl 2000
#
interface GigabitEthernet0/0/0
 ip address 10.126.0.78 255.255.255.252
 traffic-filter inbound acl 3001
 nat outbound 2000 address-group 1
 nat outbound 2001
 nat server protocol tcp global 198.51.100.9 443 inside 10.64.0.9 443
#
interface GigabitEthernet0/0/1
 ip address 10.64.0.1 24
 ospf enable 1 area 0.0.0.1
#
 nat address-group 1 198.51.100.1 198.51.100.4
#
""" + VRP_STYLE_ROUTING + """\
 ipv4-family unicast
  network 10.64.0.0 255.255.0.0
  import-route direct route-policy RP
  peer 10.126.0.77 route-policy RP export
  peer 10.126.0.77 default-route-advertise
#
ip route-static 10.0.0.0 255.240.0.0 10.126.0.77
ip route-static 0.0.0.0 0 GigabitEthernet0/0/0 10.126.0.77
#
 snmp-agent community read cipher public
 snmp-agent usm-user v3 mon group g authentication-mode sha x
 snmp-agent group v3 g authentication
#
user-interface vty 0 4
 acl 2000 inbound
 idle-timeout 0 0
 protocol inbound all
#
return
"""


def test_violations_are_visible() -> None:
    cfg = parse_huawei_vrp(VIOLATING, "bad.cfg")
    assert cfg.hostname == "bad-vrp"
    assert {r.prefix for r in cfg.static_routes} == {N("10.0.0.0/12"), ANY}
    dflt = next(r for r in cfg.static_routes if r.prefix == ANY)
    assert dflt.interface == "GigabitEthernet0/0/0" and dflt.next_hop == A("10.126.0.77")
    assert cfg.interfaces["GigabitEthernet0/0/1"].addresses == [ipaddress.IPv4Interface("10.64.0.1/24")]
    # ACLs: named with a number; referenced by number from the interface
    assert cfg.interfaces["GigabitEthernet0/0/0"].acl_in == ["EDGE"]
    edge = cfg.acls["EDGE"]
    assert edge.kind == "extended" and edge.default_action == "permit"
    e5, e10, e15, e20, e25 = edge.entries
    assert e5.action == "deny" and e5.src == [N("10.0.0.0/12")] and e5.log
    assert e10.src == [N("10.1.2.3/32")] and e10.dst == [ANY]
    assert (e15.proto, e15.dst, e15.dports) == ("tcp", [N("192.0.2.0/24")], [(443, 443)])
    assert (e20.proto, e20.src, e20.dports) == ("udp", [ANY], [(1000, 2000)])
    assert (e25.action, e25.src, e25.dst, e25.log) == ("deny", [ANY], [ANY], False)
    assert cfg.acls["2000"].kind == "standard"
    # NAT: address-group, Easy IP, nat server
    pat, easy, server = cfg.nat
    assert pat.sources == [N("10.64.0.0/24")] and pat.pool == [A(f"198.51.100.{i}") for i in range(1, 5)]
    assert pat.out_interfaces == ["GigabitEthernet0/0/0"] and not pat.masquerade
    assert easy.sources == [ANY] and easy.masquerade and easy.pool == [A("10.126.0.78")]
    assert server.kind == "destination" and server.sources == [N("10.64.0.9/32")]
    # routing
    o = cfg.ospf[0]
    assert o.default_originate and o.redistribute[0].source == "static" and o.redistribute[0].route_map is None
    assert (N("10.126.0.76/30"), "0.0.0.0") in o.networks and (N("10.64.0.0/24"), "0.0.0.1") in o.networks
    b = cfg.bgp
    assert b is not None and b.networks[0][0] == N("10.64.0.0/16")
    nb = b.neighbors[0]
    assert (nb.remote_as, nb.route_map_out, nb.default_originate) == (65000, "RP", True)
    assert b.redistribute[0].source == "direct" and b.redistribute[0].route_map == "RP"
    pl = cfg.prefix_lists["PL"][0]
    assert (pl.prefix, pl.ge, pl.le) == (N("10.64.0.0/16"), None, 24)
    rp = cfg.route_maps["RP"][0]
    assert rp.match_prefix_lists == ["PL"] and rp.match_acls == ["2000"]
    # management
    m = cfg.mgmt
    assert m.telnet_enabled is True and m.ssh_enabled is False and m.http_enabled is True
    assert m.exec_timeout_min == 0
    assert m.allowed_from == [N("10.64.0.0/24")]  # vty ACL: only what a permit rule matches
    assert (m.login_attempts, m.lockout_min) == (8, 2.0)
    assert m.banner is False
    assert "user:admin" in m.lines
    # logging gone, SNMP v2c, v3 without privacy
    lg = cfg.logging
    assert lg.syslog_hosts == [] and lg.config_change_logging is False and lg.aaa_accounting is False
    assert cfg.snmp.communities == ["public"] and cfg.snmp.v3_users == [("mon", True, False)]


def test_real_world_configs() -> None:
    cfg = parse_huawei_vrp((DATA / "batfish_huawei_sample.vrp").read_text(), "batfish")
    assert cfg.hostname == "Router1"
    assert {n: [str(a) for a in i.addresses] for n, i in cfg.interfaces.items()} == {
        "GigabitEthernet0/0/0": ["192.168.1.1/24"], "Vlanif100": ["10.0.0.1/24"], "LoopBack0": ["1.1.1.1/32"]}
    assert [(r.prefix, r.next_hop) for r in cfg.static_routes] == [(ANY, A("192.168.1.254"))]
    assert not cfg.warnings

    cfg = parse_huawei_vrp((DATA / "batfish_huawei_interface_combined.vrp").read_text(), "batfish")
    assert cfg.hostname == "CoreRouter01"
    assert len(cfg.interfaces) == 7
    assert cfg.interfaces["GigabitEthernet0/0/2"].shutdown
    assert cfg.interfaces["Eth-Trunk1"].addresses == [ipaddress.IPv4Interface("10.0.0.1/24")]

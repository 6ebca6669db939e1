from __future__ import annotations

import ipaddress

from netwarden.parsers.model import ANY, AclEntry
from netwarden.platforms.cisco_ios.parser import parse_cisco_ios, parse_ios_acl_entry
from tests.parsers.conftest import DATA

N = ipaddress.IPv4Network
A = ipaddress.IPv4Address


VIOLATING = """\
hostname bad-br01
!
username admin privilege 15 secret 5 $1$abc
aaa new-model
aaa accounting exec default start-stop group tacacs+
!
ip access-list extended NW-DENY-INTRANET
 10 deny ip 10.0.0.0 0.15.255.255 any log
 15 permit ip 10.1.0.0 0.0.255.255 any
 20 permit tcp host 10.64.0.5 eq 1024 any eq www 443 established
 30 permit udp 10.64.0.0 0.0.0.255 range 1000 2000 10.0.0.0 0.0.0.255 gt 1023
 40 permit ip 10.64.0.0 0.0.255.0 any
 50 deny ip any any
!
access-list 10 permit 10.64.0.0 0.0.0.255
access-list 10 deny any
access-list 20 deny 10.64.0.128 0.0.0.127
access-list 20 permit 10.64.0.0 0.0.0.255
access-list 110 permit tcp any host 192.0.2.1 eq 22 log
!
interface GigabitEthernet0/0/0
 ip address 10.126.0.78 255.255.255.252
 ip address 10.126.1.1 255.255.255.0 secondary
 ip access-group NW-DENY-INTRANET in
 ip nat outside
!
interface GigabitEthernet0/0/1
 ip address 10.64.0.1 255.255.255.0
 ip nat inside
 ip ospf 1 area 0
 shutdown
!
router ospf 1
 router-id 10.125.0.9
 network 10.64.0.0 0.0.0.255 area 0
 redistribute static subnets
 default-information originate always
!
ip nat pool PUB 198.51.100.1 198.51.100.6 netmask 255.255.255.248
ip nat inside source list 10 pool PUB overload
ip nat inside source list 20 interface GigabitEthernet0/0/0 overload
ip nat inside source static 10.64.0.10 198.51.100.10
ip route 0.0.0.0 0.0.0.0 10.126.0.77
ip route 10.0.0.0 255.240.0.0 GigabitEthernet0/0/0 10.126.0.77 name to-intranet
!
no logging on
logging host 10.64.12.10
snmp-server community public RO
snmp-server host 10.64.12.30 version 2c traps-comm
ip http server
!
banner motd #
Go away.
#
line vty 0 4
 access-class 10 in
 exec-timeout 0 0
 transport input telnet ssh
line vty 5 15
 transport input ssh
!
end
"""


def test_violations_are_visible() -> None:
    cfg = parse_cisco_ios(VIOLATING, "bad.cfg")
    assert cfg.hostname == "bad-br01"
    # a static route into intranet space, via interface + next hop
    r = next(r for r in cfg.static_routes if r.prefix == N("10.0.0.0/12"))
    assert r.next_hop == A("10.126.0.77") and r.interface == "GigabitEthernet0/0/0"
    assert cfg.line(r.line).startswith("ip route 10.0.0.0 255.240.0.0")
    # ACL semantics
    acl = cfg.acls["NW-DENY-INTRANET"]
    e15, e20, e30, e40 = acl.entries[1:5]
    assert e15.action == "permit" and e15.src == [N("10.1.0.0/16")]
    assert (e20.proto, e20.src, e20.sports, e20.dports, e20.established) == (
        "tcp", [N("10.64.0.5/32")], [(1024, 1024)], [(80, 80), (443, 443)], True)
    assert (e30.proto, e30.sports, e30.dst, e30.dports) == ("udp", [(1000, 2000)], [N("10.0.0.0/24")],
                                                            [(1024, 65535)])
    assert len(e40.src) == 256 and N("10.64.1.0/32") in e40.src  # non-contiguous wildcard expanded
    assert acl.entries[0].log and not e15.log
    assert cfg.acls["10"].kind == "standard" and cfg.acls["110"].kind == "extended"
    assert cfg.acls["110"].entries[0].dst == [N("192.0.2.1/32")] and cfg.acls["110"].entries[0].log
    assert cfg.interfaces["GigabitEthernet0/0/0"].addresses == [
        ipaddress.IPv4Interface("10.126.0.78/30"), ipaddress.IPv4Interface("10.126.1.1/24")]
    assert cfg.interfaces["GigabitEthernet0/0/1"].shutdown is True
    # NAT: pool, interface overload (earlier deny carved out), static
    assert len(cfg.nat) == 3
    pool, intf, static = cfg.nat
    assert pool.sources == [N("10.64.0.0/24")] and pool.pool == [A(f"198.51.100.{i}") for i in range(1, 7)]
    assert pool.out_interfaces == ["GigabitEthernet0/0/0"]
    assert intf.sources == [N("10.64.0.0/25")] and intf.masquerade and intf.pool[0] == A("10.126.0.78")
    assert static.sources == [N("10.64.0.10/32")] and static.pool == [A("198.51.100.10")]
    assert cfg.interfaces["GigabitEthernet0/0/0"].nat == "outside"
    # OSPF
    o = cfg.ospf[0]
    assert o.default_originate and o.redistribute[0].source == "static" and o.redistribute[0].route_map is None
    assert (N("10.64.0.0/24"), "0.0.0.0") in o.networks
    # management
    m = cfg.mgmt
    assert m.telnet_enabled is True and m.ssh_enabled is True and m.http_enabled is True
    assert m.exec_timeout_min == 0  # never
    assert m.vty_acl == "10"
    assert m.allowed_from == [ANY]  # vty 5 15 has no access-class
    assert m.banner is True
    assert m.login_attempts is None and m.lockout_min is None
    assert "user:admin" in m.lines
    # logging removed, accounting incomplete, v2c
    lg = cfg.logging
    assert lg.syslog_hosts == [] and lg.config_change_logging is False
    assert lg.aaa_accounting is False and lg.login_logging is True
    assert lg.deny_logging is False  # `50 deny ip any any` on a bound ACL does not log
    assert cfg.snmp.communities == ["public", "traps-comm"] and cfg.snmp.v3_users == []


def _entry(text: str, standard: bool) -> tuple[AclEntry | None, list[str]]:
    return parse_ios_acl_entry(text.split(), standard)


def test_acl_entry_forms() -> None:
    e, msgs = _entry("permit ip any 10.0.0.0 0.0.0.255", False)
    assert e is not None and not msgs and e.dst == [N("10.0.0.0/24")] and e.src == [ANY]
    e, msgs = _entry("deny tcp any any neq 22 log-input", False)
    assert e is not None and e.dports == [(0, 21), (23, 65535)] and e.log
    e, msgs = _entry("permit 10.1.1.1", True)
    assert e is not None and e.src == [N("10.1.1.1/32")]
    e, msgs = _entry("permit ip object-group SRC any", False)
    assert e is not None and e.src == [ANY] and msgs  # unresolved object-group: over-approximated, warned
    e, msgs = _entry("permit icmp any any echo-reply", False)
    assert e is not None and e.proto == "icmp" and not msgs
    e, msgs = _entry("permit 47 any any", False)
    assert e is not None and e.proto == "gre"


def test_real_world_configs() -> None:
    cfg = parse_cisco_ios((DATA / "napalm_ios_bgp_running_config.txt").read_text(), "napalm")
    assert cfg.hostname == "CSR1"
    assert set(cfg.interfaces) == {"Loopback0", "GigabitEthernet1", "GigabitEthernet2", "GigabitEthernet3"}
    assert cfg.interfaces["GigabitEthernet3"].shutdown and not cfg.interfaces["GigabitEthernet3"].addresses
    assert cfg.ospf[0].networks == [(N("10.1.1.0/24"), "0.0.0.0")]
    assert cfg.ospf[0].redistribute[0].source == "connected"
    b = cfg.bgp
    assert b is not None and b.asn == 65001
    assert [(str(n.address), n.remote_as, n.route_map_in, n.route_map_out) for n in b.neighbors] == [
        ("10.0.0.3", 65001, "PASS-IN", "PASS-OUT"), ("10.0.0.5", 65001, "PASS-IN", "PASS-OUT")]
    assert cfg.mgmt.http_enabled is False
    assert cfg.mgmt.telnet_enabled is True  # vty without transport input: older IOS default `all`
    assert cfg.mgmt.allowed_from == [ANY] and cfg.mgmt.exec_timeout_min == 10
    assert cfg.logging.aaa_accounting is False and cfg.logging.syslog_hosts == []
    assert "user:cisco" in cfg.mgmt.lines

    cfg = parse_cisco_ios((DATA / "hier_config_running_config_acl.conf").read_text(), "hier_config")
    assert cfg.hostname == "aggr-example.rtr"
    assert cfg.interfaces["Vlan3"].acl_in == ["TEST"]
    assert cfg.acls["TEST"].entries[0].src == [N("10.0.0.0/29")]
    assert cfg.interfaces["Vlan2"].shutdown and not cfg.interfaces["Vlan3"].shutdown
    assert not cfg.warnings

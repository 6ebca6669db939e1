"""The parsers read a configuration as the device executes it: a negated command takes back what an
earlier one set, a re-entered view (interface, ACL) adds to what is there (ACL entries in sequence-number
order), a second filter bound in the same direction replaces the first (issue 12 item 3)."""

from __future__ import annotations

import ipaddress

from netwarden.parsers.model import ParsedConfig
from netwarden.platforms.cisco_ios.parser import parse_cisco_ios
from netwarden.platforms.h3c_comware.parser import parse_h3c_comware
from netwarden.platforms.huawei_vrp.parser import parse_huawei_vrp

N = ipaddress.IPv4Network


def entries(cfg: ParsedConfig, name: str) -> list[str]:
    return [e.text for e in cfg.acls[name].entries]


# --- Cisco IOS ---------------------------------------------------------------------------------


def test_ios_no_access_group_unbinds() -> None:
    cfg = parse_cisco_ios("interface Gi0/1\n ip access-group F in\n ip access-group G out\n no ip access-group F in\n")
    itf = cfg.interfaces["GigabitEthernet0/1"]
    assert (itf.acl_in, itf.acl_out) == ([], ["G"])
    # in a re-entered view too, and the direction-less IOS default (in)
    cfg = parse_cisco_ios("interface Gi0/1\n ip access-group F in\n!\ninterface Gi0/1\n no ip access-group F\n")
    assert cfg.interfaces["GigabitEthernet0/1"].acl_in == []


def test_ios_second_access_group_replaces_the_first() -> None:
    cfg = parse_cisco_ios("interface Gi0/1\n ip access-group F in\n ip access-group G in\n")
    assert cfg.interfaces["GigabitEthernet0/1"].acl_in == ["G"]


def test_ios_reentered_acl_merges_by_sequence_number() -> None:
    cfg = parse_cisco_ios("ip access-list extended X\n 10 deny ip 10.0.0.0 0.255.255.255 any\n"
                          " permit tcp any any eq 22\n!\nip access-list extended X\n"
                          " 5 permit ip any any\n deny udp any any\n")
    assert entries(cfg, "X") == ["5 permit ip any any", "10 deny ip 10.0.0.0 0.255.255.255 any",
                                 "permit tcp any any eq 22", "deny udp any any"]


def test_ios_duplicate_sequence_number_is_refused_like_the_device() -> None:
    cfg = parse_cisco_ios("ip access-list extended X\n 10 deny ip any any\n!\nip access-list extended X\n"
                          " 10 permit ip any any\n")
    assert entries(cfg, "X") == ["10 deny ip any any"]
    assert any("duplicate sequence number 10" in w for w in cfg.warnings)


def test_ios_negated_acl_entries() -> None:
    cfg = parse_cisco_ios("ip access-list extended X\n 10 deny ip any any\n 20 permit tcp any any\n"
                          "!\nip access-list extended X\n no 10\n no permit tcp any any\n")
    assert entries(cfg, "X") == []
    cfg = parse_cisco_ios("ip access-list extended X\n 10 deny ip any any\n!\nno ip access-list extended X\n")
    assert "X" not in cfg.acls


def test_ios_reentered_interface_overrides() -> None:
    cfg = parse_cisco_ios("interface Gi0/1\n description old\n ip address 10.0.0.1 255.255.255.0\n"
                          " ip address 10.0.1.1 255.255.255.0 secondary\n!\n"
                          "interface GigabitEthernet0/1\n description new\n ip address 10.0.2.1 255.255.255.0\n")
    itf = cfg.interfaces["GigabitEthernet0/1"]
    assert itf.description == "new"
    assert [str(a) for a in itf.addresses] == ["10.0.2.1/24", "10.0.1.1/24"]
    cfg = parse_cisco_ios("interface Gi0/1\n ip address 10.0.0.1 255.255.255.0\n no ip address\n")
    assert cfg.interfaces["GigabitEthernet0/1"].addresses == []


# --- Huawei VRP / H3C Comware ------------------------------------------------------------------


def test_vrp_undo_traffic_filter_and_replacement() -> None:
    cfg = parse_huawei_vrp("#\ninterface GE0/0/1\n traffic-filter inbound acl 3000\n traffic-filter inbound acl 3001\n"
                           " traffic-filter outbound acl 3002\n undo traffic-filter outbound\n#\n")
    itf = cfg.interfaces["GigabitEthernet0/0/1"]
    assert (itf.acl_in, itf.acl_out) == (["3001"], [])


def test_vrp_reentered_acl_merges_by_rule_id() -> None:
    cfg = parse_huawei_vrp("#\nacl number 3000\n rule 10 deny ip source 10.0.0.0 0.255.255.255\n#\n"
                           "acl number 3000\n rule 5 permit ip\n rule permit tcp\n undo rule 10\n#\n")
    assert entries(cfg, "3000") == ["rule 5 permit ip", "rule permit tcp"]
    cfg = parse_huawei_vrp("#\nacl number 3000\n rule 5 deny ip\n#\nacl number 3000\n rule 5 permit ip\n#\n")
    assert entries(cfg, "3000") == ["rule 5 permit ip"]  # a rule re-specified under its id replaces it


def test_comware_reentered_acl_and_packet_filter() -> None:
    cfg = parse_h3c_comware("#\nacl advanced 3000\n rule 10 deny ip source 10.0.0.0 0.255.255.255\n#\n"
                            "acl advanced 3000\n rule 5 permit ip\n#\n"
                            "interface GigabitEthernet1/0/1\n packet-filter 3000 inbound\n"
                            " undo packet-filter 3000 inbound\n packet-filter 3001 outbound\n#\n")
    assert entries(cfg, "3000") == ["rule 5 permit ip", "rule 10 deny ip source 10.0.0.0 0.255.255.255"]
    itf = cfg.interfaces["GigabitEthernet1/0/1"]
    assert (itf.acl_in, itf.acl_out) == ([], ["3001"])


def test_vrp_and_comware_undo_acl_drops_the_list() -> None:
    cfg = parse_huawei_vrp("#\nacl number 3000\n rule 5 permit ip\n#\nacl name KEEP 3001\n rule 5 deny ip\n#\n"
                           "undo acl number 3000\n#\n")
    assert sorted(cfg.acls) == ["KEEP"]
    cfg = parse_h3c_comware("#\nacl advanced 3000\n rule 5 permit ip\n#\nundo acl advanced 3000\n#\n")
    assert "3000" not in cfg.acls

"""What the round trip reads besides the older model: local accounts, AAA (TACACS+/RADIUS) servers, a
multi-file document's sections, and VRP's `rule N description` as the rule's remark."""

from __future__ import annotations

import ipaddress

import pytest

from netwarden.parsers import parse
from tests.parsers.conftest import Rendered

A = ipaddress.IPv4Address

CLI = {
    "cisco_ios": """\
hostname r1
username nwadmin privilege 15 secret 0 x
username evil privilege 15 secret 0 y
tacacs server T1
 address ipv4 10.1.1.1
tacacs-server host 10.1.1.2
radius server R1
 address ipv4 10.1.1.3 auth-port 1812
end
""",
    "huawei_vrp": """\
#
 sysname r1
#
hwtacacs-server template T
 hwtacacs-server accounting 10.1.1.1
 hwtacacs-server authentication 10.1.1.2 secondary
#
aaa
 local-user nwadmin password irreversible-cipher x
 local-user evil privilege level 15
#
 ssh user nwadmin
 ssh user other authentication-type password
#
acl name X 3000
 rule 5 permit ip
 rule 5 description allow; all "of it"
#
return
""",
    "h3c_comware": """\
#
 sysname r1
#
hwtacacs scheme T
 primary accounting 10.1.1.1
 secondary authentication 10.1.1.2
#
local-user nwadmin class manage
#
local-user evil class network
#
 ssh user other service-type stelnet authentication-type password
#
return
""",
}


@pytest.mark.parametrize("platform", sorted(CLI))
def test_users_and_aaa_servers(platform: str) -> None:
    cfg = parse(CLI[platform], platform, "x.cfg")
    assert not cfg.warnings, cfg.warnings
    names = {u.name for u in cfg.users}
    assert names == {"nwadmin", "evil"} | ({"other"} if platform != "cisco_ios" else set())
    assert all(u.name in cfg.line(u.line).split() for u in cfg.users)
    want = [A("10.1.1.1"), A("10.1.1.2")] + ([A("10.1.1.3")] if platform == "cisco_ios" else [])
    assert cfg.logging.aaa_servers == want


def test_vrp_rule_description_is_the_remark() -> None:
    cfg = parse(CLI["huawei_vrp"], "huawei_vrp", "x.cfg")
    (e,) = cfg.acls["X"].entries
    assert e.remark == 'allow; all "of it"'


def test_linux_sections_are_read_with_their_marker_lines(lab: Rendered) -> None:
    text = lab.texts["ub-fin"]
    cfg = parse(text, "linux_frr", "ub-fin.cfg")
    lines = text.splitlines()
    assert [s.name for s in cfg.sections] == ["frr", "nftables", "sshd", "ssh_ca", "banner", "faillock", "syslog",
                                              "chrony", "snmpd"]
    for s in cfg.sections:
        assert lines[s.line - 1] == f"#@netwarden section={s.name} path={s.path}"
    assert cfg.users == [] and cfg.logging.aaa_servers == []

"""CFG-003, the round trip: every rendered config parsed back is what the inventory and baseline asked for.

Passing: every device of the example and lab inventories (and every example device rendered as each
platform, an exit with BGP) round-trips with no extras. Failing: for every element type, a rendered
config edited as an injection would have edited it (a line added, changed or removed), or rendered from a
context an injected value changed, gives the exact extras."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import pytest

from netwarden import jobs
from netwarden.baseline import load_baseline
from netwarden.cli import main
from netwarden.errors import NetwardenError
from netwarden.gate.preconnect import static_stage
from netwarden.jobs import live
from netwarden.jobs.base import Loaded
from netwarden.jobs.intent import Intended
from netwarden.model import load_network
from netwarden.model.types import BGP, BGPNeighbor, Device, Network, Platform
from netwarden.parsers import parse
from netwarden.render.context import DeviceCtx, device_context
from netwarden.render.engine import Rendered, Renderer
from netwarden.verify import catalog
from netwarden.verify.findings import Exit, GateReport, Stage
from netwarden.verify.roundtrip import check_text, extras
from tests.conftest import ROOT, TODAY

BASE = load_baseline()
R = Renderer(BASE)


@cache
def network(inv: str) -> Network:
    return load_network(ROOT / "inventories" / inv, today=TODAY)


def as_platform(net: Network, host: str, platform: str | None = None, **routing: object) -> tuple[Network, Device]:
    """``host`` of ``net``, rendered as ``platform`` (and with ``routing`` changed), in a network that holds it."""
    d = net.devices[host]
    upd: dict[str, object] = {}
    if platform:
        upd["platform"] = Platform(platform)
    if routing:
        upd["routing"] = d.routing.model_copy(update=routing)
    if not upd:
        return net, d
    d = d.model_copy(update=upd)
    return net.model_copy(update={"devices": {**net.devices, host: d}}), d


@dataclass(frozen=True)
class Case:
    inv: str
    host: str
    platform: str | None
    old: str
    new: str
    want: tuple[str, ...]  # "{0}", "{1}"...: the line numbers of the lines `at` in the edited text
    at: tuple[str, ...] = ()
    bgp: bool = False


def _bgp(net: Network, host: str) -> BGP:
    d = net.devices[host]
    peer = ipaddress.IPv4Address("198.19.0.100")
    return BGP(asn=65010, router_id=d.loopback.ip if d.loopback else peer,
               neighbors=(BGPNeighbor(address=peer, remote_as=64500, description='ISP; "one" ! #'),),
               networks=(ipaddress.IPv4Network("198.51.100.0/24"),))


@cache
def rendered(inv: str, host: str, platform: str | None, bgp: bool = False) -> tuple[DeviceCtx, str]:
    net = network(inv)
    routing = {"bgp": _bgp(net, host)} if bgp else {}
    net, d = as_platform(net, host, platform, **routing)
    return device_context(net, d, BASE), R.render_device(net, d).text


def run(case: Case) -> tuple[list[str], list[str]]:
    ctx, text = rendered(case.inv, case.host, case.platform, case.bgp)
    assert text.count(case.old) == 1, f"{case.old!r} is not once in {case.host}"
    edited = text.replace(case.old, case.new)
    lines = edited.splitlines()
    want = list(case.want)
    for k, line in enumerate(case.at):
        want = [w.replace(f"{{{k}}}", str(lines.index(line) + 1)) for w in want]
    return check_text(ctx, edited), want


# --- passing: what was asked for round-trips ---------------------------------------------------------

@pytest.mark.parametrize("inv", ["example", "lab"])
def test_every_device_round_trips(inv: str) -> None:
    net = network(inv)
    for h, d in sorted(net.devices.items()):
        text = R.render_device(net, d).text
        cfg = parse(text, d.platform.value, h)
        assert extras(device_context(net, d, BASE), cfg) == [], h


@pytest.mark.parametrize("platform", ["cisco_ios", "huawei_vrp", "h3c_comware", "linux_frr"])
def test_every_role_round_trips_on_every_platform(platform: str) -> None:
    """Every example device (the exit, the cores, borders, the intranet) rendered as each platform."""
    net = network("example")
    for h in sorted(net.devices):
        ctx, text = rendered("example", h, platform)
        assert check_text(ctx, text) == [], f"{h} as {platform}"


@pytest.mark.parametrize("platform", ["cisco_ios", "huawei_vrp", "h3c_comware", "linux_frr"])
@pytest.mark.parametrize("host", ["exit1", "ub-fin"])
def test_bgp_round_trips(platform: str, host: str) -> None:
    ctx, text = rendered("lab", host, platform, bgp=True)
    assert ctx.bgp is not None and check_text(ctx, text) == []


def test_cfg_003_is_the_catalog_s_render_rule() -> None:
    impl = catalog.implementations()["CFG-003"]
    assert impl.kind == "render" and impl.fn is extras
    rule = BASE.rule("CFG-003")
    assert (rule.scope, rule.severity, rule.article) == ("render", "critical", 12)


# --- failing: one case per element ----------------------------------------------------------------------

FIN_ROUTE = "ip route 0.0.0.0 0.0.0.0 10.126.0.21 name towards_the_provincial_exit\n"
FIN_MGMT = " 10 permit 10.127.0.0 0.0.255.255\n"
EXIT_DENY = '\t\tiifname { "eth2", "eth3" } oifname { "eth1" } counter log prefix "NW-EXIT-DENY " drop\n'
DNS = ('\t\tiifname { "eth2", "eth3" } oifname { "eth1" } ip saddr { 10.64.0.0/10 } ip daddr { 8.8.8.8/32 } '
       'udp dport { 53 } accept comment "dns"')
EVIL_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEvilEvilEvilEvilEvilEvilEvilEvilEvilEvilEvil1 evil"
CASES = {
    # local accounts
    "ios local user": Case("example", "prov-fin-br01", None, "aaa new-model\n",
                           "username evil privilege 15 algorithm-type scrypt secret x\naaa new-model\n",
                           ("local user 'evil' (line {0}): the baseline asks only for 'nwadmin'",),
                           ("username evil privilege 15 algorithm-type scrypt secret x",)),
    "vrp local user": Case("example", "prov-edu-br01", None, " local-user nwadmin privilege level 15\n",
                           " local-user nwadmin privilege level 15\n local-user evil privilege level 15\n",
                           ("local user 'evil' (line {0}): the baseline asks only for 'nwadmin'",),
                           (" local-user evil privilege level 15",)),
    "comware local user": Case("example", "prov-wr-br01", None, "local-user nwadmin class manage\n",
                               "local-user evil class manage\n#\nlocal-user nwadmin class manage\n",
                               ("local user 'evil' (line {0}): the baseline asks only for 'nwadmin'",),
                               ("local-user evil class manage",)),
    "linux local user": Case("lab", "ub-fin", None, "log commands\n", "log commands\nusername evil nopassword\n",
                             ("not modelled (line {0}): username evil nopassword",
                              "local user 'evil' (line {0}): the baseline asks for no local account on linux_frr"),
                             ("username evil nopassword",)),
    # static routes, the default route first
    "ios default route": Case("example", "prov-fin-br01", None, FIN_ROUTE,
                              FIN_ROUTE + "ip route 0.0.0.0 0.0.0.0 198.18.9.9\n",
                              ("static route 0.0.0.0/0 via 198.18.9.9 (line {0}): not in the inventory",),
                              ("ip route 0.0.0.0 0.0.0.0 198.18.9.9",)),
    "ios route removed": Case("example", "prov-fin-br01", None, FIN_ROUTE, "",
                              ("static route 0.0.0.0/0 via 10.126.0.21: in the inventory, not in the configuration",)),
    "linux route": Case("lab", "ub-fin", None, "ip route 0.0.0.0/0 198.18.32.9\n",
                        "ip route 0.0.0.0/0 198.18.32.9\nip route 10.0.0.0/8 198.18.9.9\n",
                        ("static route 10.0.0.0/8 via 198.18.9.9 (line {0}): not in the inventory",),
                        ("ip route 10.0.0.0/8 198.18.9.9",)),
    "vrp route interface": Case("example", "prov-edu-br01", None, "ip route-static 0.0.0.0 0.0.0.0 10.126.0.25 ",
                                "ip route-static 0.0.0.0 0.0.0.0 GigabitEthernet0/0/1 10.126.0.25 ",
                                ("static route 0.0.0.0/0 via 10.126.0.25 (line {0}): out of GigabitEthernet0/0/1, the "
                                 "inventory's goes out of its next hop",),
                                ("ip route-static 0.0.0.0 0.0.0.0 GigabitEthernet0/0/1 10.126.0.25 description towards "
                                 "the provincial exit",)),
    # interfaces and addresses
    "ios interface": Case("example", "prov-fin-br01", None, "interface GigabitEthernet0/0/1\n",
                          "interface GigabitEthernet0/0/9\n ip address 198.18.9.1 255.255.255.0\n!\n"
                          "interface GigabitEthernet0/0/1\n",
                          ("interface GigabitEthernet0/0/9 (line {0}): not in the inventory",),
                          ("interface GigabitEthernet0/0/9",)),
    "ios address": Case("example", "prov-fin-br01", None, " ip address 10.64.0.1 255.255.255.0\n",
                        " ip address 10.64.0.1 255.255.255.0\n ip address 198.18.9.1 255.255.255.0 secondary\n",
                        ("not modelled (line {1}): ip address 198.18.9.1 255.255.255.0 secondary",
                         "interface GigabitEthernet0/0/1 (line {0}): address 10.64.0.1/24, 198.18.9.1/24, the "
                         "inventory's is 10.64.0.1/24"),
                        ("interface GigabitEthernet0/0/1", " ip address 198.18.9.1 255.255.255.0 secondary")),
    "ios description": Case("example", "prov-fin-br01", None, " description uplink to prov-core-rt01\n",
                            " description uplink; evil\n",
                            ("interface GigabitEthernet0/0/0 (line {0}): description 'uplink; evil', the inventory's "
                             "is 'uplink to prov-core-rt01'",), ("interface GigabitEthernet0/0/0",)),
    "linux interface down": Case("lab", "ub-fin", None, " description finance extranet LAN\n",
                                 " description finance extranet LAN\n shutdown\n",
                                 ("interface eth2 (line {0}): shut down, the inventory has it up",),
                                 ("interface eth2",)),
    "ios filter unbound": Case("example", "prov-fin-br01", None,
                               " ip access-group NW-DENY-INTRANET out\n no ip redirects\n no ip proxy-arp\n no shutdown"
                               "\n!\ninterface GigabitEthernet0/0/1",
                               " no ip redirects\n no ip proxy-arp\n no shutdown\n!\ninterface GigabitEthernet0/0/1",
                               ("interface GigabitEthernet0/0/0 (line {0}): filters in NW-DENY-INTRANET, out none; the "
                                "inventory's interface takes in NW-DENY-INTRANET, out NW-DENY-INTRANET",),
                               ("interface GigabitEthernet0/0/0",)),
    # OSPF
    "ios ospf network": Case("example", "prov-core-rt01", None, " passive-interface default\n",
                             " network 198.18.9.0 0.0.0.255 area 0\n passive-interface default\n",
                             ("not modelled (line {0}): network 198.18.9.0 0.0.0.255 area 0",
                              "OSPF network 198.18.9.0/24 area 0.0.0.0: not an OSPF interface of the inventory"),
                             (" network 198.18.9.0 0.0.0.255 area 0",)),
    "linux ospf area": Case("lab", "core1", None, " description to exit1:eth2\n ip address 198.18.32.2/30\n"
                            " ip ospf area 0.0.0.0\n", " description to exit1:eth2\n ip address 198.18.32.2/30\n"
                            " ip ospf area 0.0.0.1\n",
                            ("interface eth1 (line {0}): OSPF area 0.0.0.1, the inventory's is 0.0.0.0",
                             "OSPF network 198.18.32.0/30 area 0.0.0.1: not an OSPF interface of the inventory",
                             "OSPF network 198.18.32.0/30 area 0.0.0.0: in the inventory, not in the configuration"),
                            ("interface eth1",)),
    "ios default originate": Case("example", "prov-core-rt01", None, " passive-interface default\n",
                                  " passive-interface default\n default-information originate always\n",
                                  ("OSPF process 1 (line {0}): originates a default route, the inventory does not",),
                                  ("router ospf 1",)),
    # BGP
    "linux bgp neighbour": Case("lab", "exit1", None, " neighbor 198.19.0.100 remote-as 64500\n",
                                " neighbor 198.19.0.100 remote-as 64500\n neighbor 198.18.9.9 remote-as 65666\n",
                                ("BGP neighbour 198.18.9.9 remote-as 65666 (line {0}): not a neighbour of the "
                                 "inventory",), (" neighbor 198.18.9.9 remote-as 65666",), bgp=True),
    "ios bgp remote as": Case("lab", "exit1", "cisco_ios", " neighbor 198.19.0.100 remote-as 64500\n",
                              " neighbor 198.19.0.100 remote-as 64666\n",
                              ("BGP neighbour 198.19.0.100 remote-as 64666 (line {0}): the inventory's remote AS is "
                               "64500",), (" neighbor 198.19.0.100 remote-as 64666",), bgp=True),
    # NAT
    "linux nat sources": Case("lab", "exit1", None, "ip saddr { 198.18.40.0/25 } snat to",
                              "ip saddr { 198.18.40.0/25, 198.18.16.0/20 } snat to",
                              ('NAT rule (line {0}: oifname { "eth1" } ip saddr { 198.18.40.0/25, 198.18.16.0/20 } '
                               "snat to 198.19.1.1-198.19.1.6): translates 198.18.16.0/20, 198.18.40.0/25, the "
                               "allow-listed sources are 198.18.40.0/25",
                               "NAT of the allow-listed sources to the exit's pool 198.19.1.0/29: asked for, not in "
                               "the configuration"),
                              ('\t\toifname { "eth1" } ip saddr { 198.18.40.0/25, 198.18.16.0/20 } snat to '
                               "198.19.1.1-198.19.1.6",)),
    "ios nat off the exit": Case("example", "prov-fin-br01", None, FIN_ROUTE,
                                 FIN_ROUTE + "ip nat pool NW-NAT-POOL 198.18.9.1 198.18.9.2 netmask 255.255.255.252\n"
                                 "ip nat inside source list NW-NAT-SOURCES pool NW-NAT-POOL overload\n",
                                 ("parser: line {0}: NAT ACL NW-NAT-SOURCES is not defined (matches nothing)",
                                  "NAT rule (line {0}: ip nat inside source list NW-NAT-SOURCES pool NW-NAT-POOL "
                                  "overload): the inventory asks for no NAT on this device"),
                                 ("ip nat inside source list NW-NAT-SOURCES pool NW-NAT-POOL overload",)),
    # filters: names, entries, the exit's allow-listed flows
    "ios extra filter": Case("example", "prov-fin-br01", None, "ip prefix-list NW-OTHER-ZONE",
                             "ip access-list extended EVIL\n 10 permit ip any any\n!\nip prefix-list NW-OTHER-ZONE",
                             ("filter EVIL (line {0}): not one netwarden renders for this device",),
                             ("ip access-list extended EVIL",)),
    "ios zone deny removed": Case("example", "prov-fin-br01", None,
                                  " 20 deny ip any 10.0.0.0 0.15.255.255 log\n", "",
                                  ("filter NW-DENY-INTRANET: deny ip 0.0.0.0/0 -> 10.0.0.0/12 (the other zone's "
                                   "space): asked for, not in the configuration",)),
    "ios zone permit": Case("example", "prov-fin-br01", None, " 30 permit ip any any\n",
                            " 25 permit ip 10.0.0.0 0.255.255.255 any\n 30 permit ip any any\n",
                            ("filter NW-DENY-INTRANET, line {0} (25 permit ip 10.0.0.0 0.255.255.255 any): not a deny "
                             "of the other zone's space, nor the final permit",),
                            (" 25 permit ip 10.0.0.0 0.255.255.255 any",)),
    "ios mgmt source": Case("example", "prov-fin-br01", None, FIN_MGMT, FIN_MGMT + " 15 permit any\n",
                            ("filter NW-MGMT, line {0} (15 permit any): not a permit of a management prefix of the "
                             "zone, nor the final deny",), (" 15 permit any",)),
    "linux exit accept": Case("example", "prov-exit-fw01", None, EXIT_DENY, DNS + "\n" + EXIT_DENY,
                              ('nftables chain inet netwarden forward, line {0} (iifname { "eth2", "eth3" } oifname '
                               '{ "eth1" } ip saddr { 10.64.0.0/10 } ip daddr { 8.8.8.8/32 } udp dport { 53 } accept '
                               'comment "dns"): not an allow-listed or dmz flow of the inventory, nor traffic that '
                               "stays inside the extranet",), (DNS,)),
    "linux input accept": Case("lab", "ub-fin", None, "\t\tip protocol icmp accept\n",
                               "\t\tip protocol icmp accept\n\t\ttcp dport 23 accept\n",
                               ("parser: line {0}: nftables input accepts tcp/23 (telnet)",
                                "not modelled (line {0}): tcp dport 23 accept",
                                "nftables chain inet netwarden input, line {0} (tcp dport 23 accept): not the "
                                "management, monitoring or routing traffic the inventory asks for"),
                               ("\t\ttcp dport 23 accept",)),
    "ios exit permit": Case("example", "prov-exit-fw01", "cisco_ios", " 180 deny ip any any log\n",
                            " 175 permit tcp any any eq 22\n 180 deny ip any any log\n",
                            ("filter NW-EXIT-ALLOW, line {0} (175 permit tcp any any eq 22): not an allow-listed or "
                             "dmz flow of the inventory, nor traffic that stays inside the extranet",),
                            (" 175 permit tcp any any eq 22",)),
    "vrp exit flow removed": Case("example", "prov-exit-fw01", "huawei_vrp",
                                  " rule 40 permit tcp source 10.64.0.64 0.0.0.63 destination 203.0.113.64 0.0.0.63 "
                                  "destination-port eq 8443\n", "",
                                  ("filter NW-EXIT-ALLOW: permit tcp 10.64.0.64/26 -> 203.0.113.64/26 dport 8443 "
                                   "(allow-listed flow fin-e-portal (NMC-2026-101)): asked for, not in the "
                                   "configuration",)),
    "linux policy": Case("lab", "ub-fin", None, "type filter hook forward priority filter; policy drop;",
                         "type filter hook forward priority filter; policy accept;",
                         ("nftables chain inet netwarden forward (line {0}): policy accept, the baseline's is drop",),
                         ("\tchain forward {",)),
    # routing filters
    "ios route map": Case("example", "prov-fin-br01", None, "route-map NW-NO-OTHER-ZONE permit 100\n",
                          "route-map NW-NO-OTHER-ZONE permit 100\n!\nroute-map EVIL permit 10\n",
                          ("not modelled (line {0}): route-map EVIL permit 10",
                           "route map EVIL (line {0}): not one netwarden renders"), ("route-map EVIL permit 10",)),
    # trust anchors
    "ios fingerprint": Case("example", "prov-fin-br01", None,
                            " fingerprint 3F9A1C0E5B7D2468ACE13579BDF02468ACE13579BDF02468ACE13579BDF0246A\n",
                            " fingerprint 00000000000000000000000000000000000000000000000000000000000000FF\n",
                            ("trust anchor EXAMPLE-PROVINCE-E-GOVERNMENT-CA (line {0}): fingerprint "
                             "00000000000000000000000000000000000000000000000000000000000000FF, not the provincial "
                             "CA's", "trust anchor of the provincial CA: asked for, not in the configuration"),
                            ("crypto pki trustpoint EXAMPLE-PROVINCE-E-GOVERNMENT-CA",)),
    "linux user ca": Case("lab", "ub-fin", None, "#@netwarden section=banner",
                          EVIL_KEY + "\n#@netwarden section=banner",
                          ("trusted user CA key ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEvilEvilEvi (line {0}): not the "
                           "provincial CA's",), (EVIL_KEY,)),
    # log, NTP, SNMP, AAA targets
    "ios syslog": Case("example", "prov-fin-br01", None, "logging host 10.125.250.11\n",
                       "logging host 10.125.250.11\nlogging host 10.9.9.9\n",
                       ("syslog target 10.9.9.9: not a monitoring server of site provincial",)),
    "linux syslog": Case("lab", "ub-fin", None, 'target="198.18.62.10"', 'target="198.18.9.9"',
                         ("syslog target 198.18.9.9: not a monitoring server of site provincial",
                          "syslog target 198.18.62.10: a monitoring server of site provincial, not in the "
                          "configuration")),
    "comware ntp": Case("example", "prov-wr-br01", None, " ntp-service unicast-server 10.125.250.21\n",
                        " ntp-service unicast-server 10.125.250.21\n ntp-service unicast-server 10.9.9.9\n",
                        ("NTP server 10.9.9.9: not an NTP server of site provincial",)),
    "ios snmp trap": Case("example", "prov-fin-br01", None,
                          "snmp-server host 10.125.250.30 version 3 priv nw-monitor\n",
                          "snmp-server host 10.125.250.30 version 3 priv nw-monitor\n"
                          "snmp-server host 10.9.9.9 version 3 priv nw-monitor\n",
                          ("SNMP trap target 10.9.9.9: not an SNMP manager of site provincial",)),
    "vrp aaa server": Case("example", "prov-edu-br01", None, " hwtacacs-server accounting 10.125.250.41 secondary\n",
                           " hwtacacs-server accounting 10.9.9.9 secondary\n",
                           ("AAA server 10.9.9.9: not a TACACS+ server of site provincial",
                            "AAA server 10.125.250.41: a TACACS+ server of site provincial, not in the configuration")),
    # SNMP users and communities
    "ios community": Case("example", "prov-fin-br01", None, "snmp-server view NW-RO iso included\n",
                          "snmp-server view NW-RO iso included\nsnmp-server community public RO\n",
                          ("not modelled (line {0}): snmp-server community <redacted> RO",
                           "SNMP v1/v2c communities (1, line {0}): the baseline asks for SNMPv3 only"),
                          ("snmp-server community public RO",)),
    "linux snmp user": Case("lab", "ub-fin", None, "rouser -s usm nw-monitor priv\n",
                            'rouser -s usm nw-monitor priv\ncreateUser evil SHA-256 "x" AES "y"\n',
                            ("SNMPv3 user 'evil' (line {0}): the baseline asks only for 'nw-monitor'",),
                            ('createUser evil SHA-256 "x" AES "y"',)),
    # file sections
    "linux extra file": Case("lab", "ub-fin", None, "#@netwarden section=chrony",
                             "#@netwarden section=cron path=/etc/cron.d/netwarden\n* * * * * root sh -c id\n"
                             "#@netwarden section=chrony",
                             ("parser: line {0}: unknown section 'cron' ignored",
                              "file section cron (line {0}, /etc/cron.d/netwarden): not a file of the linux_frr "
                              "layout"), ("#@netwarden section=cron path=/etc/cron.d/netwarden",)),
    "linux file path": Case("lab", "ub-fin", None,
                            "#@netwarden section=chrony path=/etc/chrony/conf.d/50-netwarden.conf",
                            "#@netwarden section=chrony path=/etc/cron.d/netwarden",
                            ("file section chrony (line {0}, /etc/cron.d/netwarden): the layout's file is "
                             "/etc/chrony/conf.d/50-netwarden.conf",),
                            ("#@netwarden section=chrony path=/etc/cron.d/netwarden",)),
    "linux header": Case("lab", "ub-fin", None, "#@netwarden section=frr", "rm -rf /\n#@netwarden section=frr",
                         ("not modelled (line {0}): rm -rf /",), ("rm -rf /",)),
    # lines the parser did not understand; statements of no declared form
    "vrp parser warning": Case("example", "prov-edu-br01", None, " rule 10 deny logging\n#\nacl name NW-DENY-INTRANET",
                               " rule 10 deny logging\n rule 15 frobnicate\n#\nacl name NW-DENY-INTRANET",
                               ("parser: line {0}: ACL NW-MGMT: not understood: rule 15 frobnicate",
                                "not modelled (line {0}): rule 15 frobnicate"), (" rule 15 frobnicate",)),
    "ios event manager": Case("example", "prov-fin-br01", None, "ip ssh version 2\n",
                              'ip ssh version 2\nevent manager applet NW\n action 1.0 cli command "conf t"\n',
                              ("not modelled (line {0}): event manager applet NW",
                               'not modelled (line {1}): action 1.0 cli command "conf t"'),
                              ("event manager applet NW", ' action 1.0 cli command "conf t"')),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_injected_element_is_named(name: str) -> None:
    got, want = run(CASES[name])
    assert got == want


# --- an injected value, through the context: what it became is named -------------------------------------

def _injected(host: str, change: Callable[[DeviceCtx], DeviceCtx]) -> list[str]:
    net = network("example")
    d = net.devices[host]
    ctx = device_context(net, d, BASE)
    return check_text(ctx, R.render_device(net, d, change(device_context(net, d, BASE))).text)


def test_a_description_that_became_statements() -> None:
    def change(c: DeviceCtx) -> DeviceCtx:
        injected = ("uplink\nip route 0.0.0.0 0.0.0.0 198.18.9.9\n"
                    "username evil privilege 15 algorithm-type scrypt secret x")
        c.interfaces[0] = replace(c.interfaces[0], description=injected)
        return c

    assert _injected("prov-fin-br01", change) == [
        "not modelled (line 122): ip address 10.126.0.22 255.255.255.252",
        "not modelled (line 123): ip access-group NW-DENY-INTRANET in",
        "not modelled (line 124): ip access-group NW-DENY-INTRANET out",
        "not modelled (line 125): no ip redirects",
        "not modelled (line 126): no ip proxy-arp",
        "not modelled (line 127): no shutdown",
        "local user 'evil' (line 121): the baseline asks only for 'nwadmin'",
        "interface GigabitEthernet0/0/0 (line 118): address none, the inventory's is 10.126.0.22/30",
        "interface GigabitEthernet0/0/0 (line 118): description 'uplink', the inventory's is "
        "'uplink to prov-core-rt01'",
        "interface GigabitEthernet0/0/0 (line 118): filters in none, out none; the inventory's interface takes in "
        "NW-DENY-INTRANET, out NW-DENY-INTRANET",
        "static route 0.0.0.0/0 via 198.18.9.9 (line 120): not in the inventory",
    ]


def test_a_contact_that_became_an_account() -> None:
    def change(c: DeviceCtx) -> DeviceCtx:
        c.unit = {**c.unit, "contact": "Liu Hao\n#\naaa\n local-user evil privilege level 15\n#\n"}
        return c

    assert _injected("prov-edu-br01", change) == [
        "not modelled (line 54): (prov-edu)",
        "local user 'evil' (line 52): the baseline asks only for 'nwadmin'",
    ]


def test_an_approval_that_became_an_accept_rule() -> None:
    def change(c: DeviceCtx) -> DeviceCtx:
        c.exit_rules[0] = replace(c.exit_rules[0], reference='NMC-2026-101"\n\t\tip saddr 0.0.0.0/0 accept comment "')
        return c

    got = _injected("prov-exit-fw01", change)
    assert got[-1] == ("nftables chain inet netwarden forward, line 101 (ip saddr 0.0.0.0/0 accept comment ' until "
                       "2027-06-30\"): not an allow-listed or dmz flow of the inventory, nor traffic that stays inside "
                       "the extranet")
    assert "not modelled (line 101): ip saddr 0.0.0.0/0 accept comment ' until 2027-06-30\"" in got


# --- where it is enforced --------------------------------------------------------------------------------

ROUTE = "ip route 0.0.0.0/0 198.18.32.9\n"
EVIL_ROUTE = ROUTE + "ip route 198.18.16.0/20 198.18.9.9\n"
ERROR = "static route 198.18.16.0/20 via 198.18.9.9 (line 22): not in the inventory"


@pytest.fixture
def evil(monkeypatch: pytest.MonkeyPatch) -> None:
    """ub-fin's rendered config gains a route to the intranet, as an injected value would have added it."""
    orig = Renderer.render_device

    def render_device(self: Renderer, net: Network, device: Device, ctx: DeviceCtx | None = None) -> Rendered:
        r = orig(self, net, device, ctx)
        return replace(r, text=r.text.replace(ROUTE, EVIL_ROUTE)) if device.hostname == "ub-fin" else r

    monkeypatch.setattr(Renderer, "render_device", render_device)


REFUSAL = ("render: the round trip (CFG-003) refused 1 rendered configuration, not what the inventory and baseline "
           "asked for; nothing was written to {out}:\n  ub-fin: " + ERROR)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_render_refuses_and_writes_nothing(evil: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str], workers: str) -> None:
    monkeypatch.setenv("NETWARDEN_WORKERS", workers)  # 2: checked in the forked worker that rendered it
    out = tmp_path / "out"
    with pytest.raises(NetwardenError) as e:
        jobs.render(jobs.RenderRequest("inventories/lab", output=out, today=TODAY))
    assert str(e.value) == REFUSAL.format(out=out)
    assert not out.exists()
    assert main(["render", "-i", "inventories/lab", "-o", str(out), "--today", TODAY.isoformat()]) == 1
    assert capsys.readouterr().err == "error: " + REFUSAL.format(out=out) + "\n"
    assert not out.exists()


def test_a_refused_render_leaves_the_previous_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    jobs.render(jobs.RenderRequest("inventories/lab", output=out, today=TODAY))
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    orig = Renderer.render_device
    monkeypatch.setattr(Renderer, "render_device", lambda self, net, device, ctx=None: replace(
        r := orig(self, net, device, ctx), text=r.text.replace(ROUTE, EVIL_ROUTE)))
    with pytest.raises(NetwardenError, match="ub-fin: " + re.escape(ERROR)):
        jobs.render(jobs.RenderRequest("inventories/lab", output=out, today=TODAY))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no staging left, nothing replaced


def test_verify_reports_an_error_for_the_host(evil: None) -> None:
    rep = jobs.verify(jobs.VerifyRequest("inventories/lab", today=TODAY))
    assert rep.errors == ["ub-fin: CFG-003 " + ERROR]
    assert rep.exit_code() == Exit.ERROR


def test_verify_of_device_configs_is_no_round_trip(evil: None, tmp_path: Path) -> None:
    """Running configs may differ from the intended (drift): verify --configs does not apply CFG-003."""
    net = network("lab")
    d = tmp_path / "running"
    d.mkdir()
    for h, dev in net.devices.items():
        (d / f"{h}.cfg").write_text(R.render_device(net, dev).text)
    rep = jobs.verify(jobs.VerifyRequest("inventories/lab", configs=d, today=TODAY))
    assert rep.errors == [] and rep.exit_code() != Exit.ERROR
    assert any(f.rule_id == "ISO-002" and f.device == "ub-fin" for f in rep.failures)  # the rules still see it


def _intended(net: Network) -> Intended:
    ld = Loaded(net, BASE)
    i = Intended.render(ld, sorted(net.devices))
    return Intended({**i.texts, "ub-fin": i.texts["ub-fin"].replace(ROUTE, EVIL_ROUTE)}, i.manifest)


def test_apply_refuses_before_any_push() -> None:
    net = network("lab")
    with pytest.raises(NetwardenError) as e:
        live.apply_hosts(Loaded(net, BASE), ["ub-fin"], commit=True, intended=_intended(net), progress=False)
    assert str(e.value).startswith("static verification of the intended configs has findings or errors; nothing is "
                                   "pushed while it does:\n  ub-fin: CFG-003 " + ERROR + "\n")
    with pytest.raises(NetwardenError) as e:
        live.apply_hosts(Loaded(net, BASE), ["ub-fin"], commit=True, intended=_intended(net), progress=False,
                         skip_gate=True)
    assert str(e.value) == ("apply: the round trip (CFG-003) refused 1 rendered configuration, not what the inventory "
                            "and baseline asked for; nothing is pushed:\n  ub-fin: " + ERROR)


def test_the_gate_s_static_stage_is_an_error() -> None:
    net = network("lab")
    report = GateReport("preconnect", BASE.version, "x")
    st = Stage("static")
    static_stage(net, BASE, ["ub-fin"], _intended(net).texts, report, st)
    assert (st.status, st.detail) == ("error", "the intended configs are not all what the inventory and baseline "
                                               "asked for: ub-fin: CFG-003 " + ERROR)

"""Shared fixtures: inventories rendered in-process, and the inventory facts a parse must show."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path

import pytest

from netwarden.baseline import load_baseline
from netwarden.model import load_network
from netwarden.model.types import Device, Network
from netwarden.parsers.model import ParsedConfig
from netwarden.render.context import DeviceCtx, device_context
from netwarden.render.engine import Renderer
from tests.conftest import ROOT, TODAY

DATA = Path(__file__).parent / "data"

# The OSPF process and BGP peer of the VRP and Comware hand-written configs: both CLIs write them alike
# (the address family that follows is each one's own).
VRP_STYLE_ROUTING = """\
ospf 1 router-id 10.125.0.9
 default-route-advertise always
 import-route static
 area 0.0.0.0
  network 10.126.0.76 0.0.0.3
#
bgp 65010
 peer 10.126.0.77 as-number 65000
 #
"""


@dataclass
class Rendered:
    net: Network
    texts: dict[str, str]
    ctx: dict[str, DeviceCtx]

    def of(self, platform: str) -> list[str]:
        return sorted(h for h in self.texts if self.net.devices[h].platform.value == platform)


def _render(inv: str) -> Rendered:
    net = load_network(ROOT / "inventories" / inv, str(ROOT / "docs/examples/example-vault-password.txt"), TODAY)
    baseline = load_baseline()
    r = Renderer(baseline)
    texts: dict[str, str] = {}
    ctx: dict[str, DeviceCtx] = {}
    for h, d in net.devices.items():
        texts[h] = r.render_device(net, d).text
        ctx[h] = device_context(net, d, baseline)
    return Rendered(net, texts, ctx)


@pytest.fixture(scope="session")
def lab() -> Rendered:
    return _render("lab")


@pytest.fixture(scope="session")
def example() -> Rendered:
    return _render("example")


def expected_addresses(d: Device) -> set[ipaddress.IPv4Interface]:
    out = {i.address for i in d.interfaces if i.address is not None}
    if d.loopback is not None:
        out.add(d.loopback)
    return out


def parsed_addresses(cfg: ParsedConfig) -> set[ipaddress.IPv4Interface]:
    return {a for i in cfg.interfaces.values() for a in i.addresses}


def check_against_inventory(cfg: ParsedConfig, d: Device, c: DeviceCtx) -> None:
    """What every platform's parse must show of the inventory (interfaces, routes, management...)."""
    assert cfg.hostname == d.hostname
    assert not cfg.warnings, cfg.warnings
    assert parsed_addresses(cfg) == expected_addresses(d)
    for i in d.interfaces:
        assert i.name in cfg.interfaces, i.name
        assert cfg.interfaces[i.name].shutdown == i.shutdown
    got_routes = {(r.prefix, r.next_hop) for r in cfg.static_routes}
    assert got_routes == {(r.prefix, r.next_hop) for r in d.routing.static}
    ospf = d.routing.ospf
    if ospf is None:
        assert not cfg.ospf
    else:
        assert len(cfg.ospf) == 1
        o = cfg.ospf[0]
        assert o.router_id == ospf.router_id
        assert o.default_originate == ospf.default_originate
        assert sorted(r.source for r in o.redistribute) == sorted(ospf.redistribute)
        assert all(r.route_map == "NW-NO-OTHER-ZONE" for r in o.redistribute)
        for name in ospf.interfaces:
            itf = next(i for i in d.interfaces if i.name == name)
            if itf.address is not None:
                assert (itf.address.network, ospf.area) in o.networks
    # the other-zone prefix-list and route-map
    assert [e.prefix for e in cfg.prefix_lists["NW-OTHER-ZONE"]] == list(c.other_zone_prefixes)
    rm = cfg.route_maps["NW-NO-OTHER-ZONE"]
    assert rm[0].action == "deny" and rm[0].match_prefix_lists == ["NW-OTHER-ZONE"]
    # management
    m = cfg.mgmt
    assert m.ssh_enabled is True and m.telnet_enabled is False and m.http_enabled is False
    assert m.ssh_v2_only is True
    assert m.allowed_from == sorted(c.mgmt_prefixes)
    assert m.exec_timeout_min == c.lv.session_timeout_min
    assert m.login_attempts == c.lv.login_attempts
    assert m.lockout_min == c.lv.lockout_min
    assert m.banner is True
    # logging, monitoring, time, trust
    lg = cfg.logging
    assert lg.syslog_hosts == list(c.syslog)
    assert lg.config_change_logging is True and lg.aaa_accounting is True and lg.login_logging is True
    assert lg.deny_logging is True
    assert cfg.ntp_servers == list(c.ntp)
    assert cfg.snmp.communities == []
    assert cfg.snmp.v3_users == [(c.settings["snmp"]["user"], True, True)]
    assert set(c.snmp_managers) <= set(cfg.snmp.trap_hosts)

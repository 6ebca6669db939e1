"""Deriving a lab spec and the probe flows from the inventory model (no namespaces built)."""

from __future__ import annotations

from ipaddress import IPv4Interface
from pathlib import Path

import pytest

from netwarden.lab import LabError, LabSpec, validate_spec
from netwarden.lab.inventory import factory_frr, spec_from_network
from netwarden.lab.probes import declared_flows
from netwarden.model import load_network
from netwarden.model.types import Network, Platform

INV = str(Path(__file__).resolve().parents[2] / "inventories" / "lab")
WD = Path("/var/tmp/nwlab-spec-test")


@pytest.fixture(scope="module")
def net() -> Network:
    return load_network(INV)


def test_spec_from_inventory(net: Network) -> None:
    spec = spec_from_network(net, WD)
    assert validate_spec(spec) == []
    assert {n.name for n in spec.devices} == {"exit1", "core1", "city1", "ub-fin", "ub-lhtax", "intra1"}
    assert {n.name for n in spec.nodes if n.kind == "host"} == {"h-intra", "h-fin", "h-lhtax", "h-inet"}
    assert spec.mgmt_networks == (IPv4Interface("198.18.0.1/25"), IPv4Interface("198.18.0.129/25"))
    assert spec.node("intra1").mgmt_address == IPv4Interface("198.18.0.130/25")
    assert spec.node("exit1").frr_daemons == ("staticd", "ospfd")
    assert spec.node("ub-fin").frr_daemons == ("staticd",)
    links = {(ln.a, ln.a_if, ln.b, ln.b_if) for ln in spec.links}
    assert ("core1", "eth1", "exit1", "eth2") in links
    assert ("exit1", "eth1", "h-inet", "eth0") in links
    h = spec.node("h-fin")
    assert str(h.default_gateway) == "198.18.40.1" and str(h.interfaces[0].address) == "198.18.40.10/24"


def test_factory_config_routes_but_no_hardening(net: Network) -> None:
    text = factory_frr(net.devices["exit1"])
    assert "ip route 0.0.0.0/0 198.19.0.100" in text
    assert " ip ospf hello-interval 2\n ip ospf dead-interval 10" in text
    assert "default-information originate" in text and "interface lo\n ip address 198.18.63.1/32" in text
    assert "route-map" not in text and "prefix-list" not in text and "exec-timeout" not in text
    assert "redistribute static" in factory_frr(net.devices["core1"])


def test_refuses_other_platforms_and_outside_range(net: Network) -> None:
    ios = net.devices["core1"].model_copy(update={"platform": Platform.CISCO_IOS})
    bad = net.model_copy(update={"devices": {**net.devices, "core1": ios}})
    with pytest.raises(LabError, match=r"only linux_frr.*core1 \(cisco_ios\)"):
        spec_from_network(bad, WD)
    off = net.model_copy(update={"devices": {n: d.model_copy(update={"lab": False}) for n, d in net.devices.items()}})
    with pytest.raises(LabError, match="no device has lab: true"):
        spec_from_network(off, WD)


def test_bridge_extra_addresses_validated(net: Network) -> None:
    spec = spec_from_network(net, WD)
    clash = LabSpec(spec.name, spec.workdir, spec.mgmt_bridge, spec.mgmt_network, spec.nodes, spec.links,
                    mgmt_extra=(IPv4Interface("198.18.0.130/25"),))
    assert any("198.18.0.130" in e for e in validate_spec(clash))
    outside = LabSpec(spec.name, spec.workdir, spec.mgmt_bridge, spec.mgmt_network, (), (),
                      mgmt_extra=(IPv4Interface("192.0.2.9/24"),))
    errs = validate_spec(outside)
    assert any("outside the lab range" in e for e in errs) and any("forbidden" in e for e in errs)
    # without the extra address, intra1's management address is on no bridge network
    single = LabSpec(spec.name, spec.workdir, spec.mgmt_bridge, spec.mgmt_network, spec.nodes, spec.links)
    assert any("intra1 mgmt_address" in e for e in validate_spec(single))


def test_declared_flows(net: Network) -> None:
    flows = {(f.name, f.src, f.dst, f.proto, f.expected) for f in declared_flows(net)}
    assert ("isolation intranet->extranet", "h-intra", "h-fin", "icmp", "fail") in flows
    assert ("isolation extranet->intranet", "h-lhtax", "h-intra", "icmp", "fail") in flows
    assert ("exit denies non-allow-listed", "h-lhtax", "h-inet", "icmp", "fail") in flows
    assert ("exit permits allow-listed", "h-fin", "h-inet", "icmp", "succeed") in flows
    assert ("exit permits allow-listed", "h-fin", "h-inet", "tcp", "succeed") in flows
    rules = {(f.name, f.rule, f.device) for f in declared_flows(net)}
    assert ("exit denies non-allow-listed", "EXIT-008", "exit1") in rules
    assert ("isolation intranet->extranet", "ISO-008", "intra1") in rules
    # an expired entry no longer covers the host: it must then be denied
    import datetime as dt

    later = net.model_copy(update={"today": dt.date(2030, 1, 1)})
    later_flows = {(f.name, f.src, f.expected) for f in declared_flows(later)}
    assert ("exit denies non-allow-listed", "h-fin", "fail") in later_flows
    assert not any(f[2] == "succeed" for f in later_flows)

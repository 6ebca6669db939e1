"""Inventory free text never becomes configuration it did not mean, on any platform: printable text with
quotes, `;`, `#`, `!`, braces, backslashes, spaces and Chinese in a description, a unit's name, a contact
or an approval reference is either refused by validate or renders to configs whose round trip (CFG-003)
has no extras."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netwarden.baseline import load_baseline
from netwarden.model import load_inventory
from netwarden.model.build import build_network
from netwarden.model.inventory import InventoryData
from netwarden.model.types import Network, Platform
from netwarden.render.context import device_context
from netwarden.render.engine import Renderer
from netwarden.verify.roundtrip import check_text
from tests.conftest import TODAY

PLATFORMS = ["linux_frr", "cisco_ios", "huawei_vrp", "h3c_comware"]
BASE = load_baseline()
R = Renderer(BASE)
BGP = {"asn": 65010, "router_id": "198.18.63.1", "neighbors": [{"address": "198.19.0.100", "remote_as": 64500}]}
# (host whose variables hold it, path in the variables, the devices that render it)
FIELDS: list[tuple[str, tuple[Any, ...], tuple[str, ...]]] = [
    ("ub-fin", ("netwarden_interfaces", 0, "description"), ("ub-fin",)),
    ("ub-fin", ("netwarden_interfaces", 1, "description"), ("ub-fin",)),
    ("ub-fin", ("netwarden_routing", "static", 0, "description"), ("ub-fin",)),
    ("exit1", ("netwarden_routing", "bgp", "neighbors", 0, "description"), ("exit1",)),
    ("", ("netwarden_units", "prov-finance", "name"), ("ub-fin",)),
    ("", ("netwarden_units", "prov-finance", "contact", "name"), ("ub-fin",)),
    ("", ("netwarden_internet_allowlist", 0, "approval"), ("exit1",)),
    ("", ("netwarden_internet_allowlist", 0, "contact"), ("exit1",)),
    ("", ("netwarden_internet_allowlist", 0, "system"), ("exit1",)),
    ("ub-fin", ("netwarden_site",), ("ub-fin",)),
    ("", ("netwarden_ca", "name"), ("ub-fin", "exit1")),
    ("", ("netwarden_ca", "url"), ("ub-fin",)),
    ("", ("netwarden_province", "name"), ("ub-fin",)),
    ("", ("netwarden_dmz_rules", 0, "name"), ("exit1",)),
    ("", ("netwarden_dmz_rules", 0, "approval"), ("exit1",)),
]
DMZ = {"name": "portal-to-services", "sources": ["198.18.96.10/32"], "destinations": ["198.18.40.0/25"],
       "ports": ["tcp/443"], "approval": "NMC-2026-090"}
TRICKY = list(" \"';#!{}[]()\\$%^&*<>?/|~`@=+-_.,:") + list("财政厅政务外网上联")
TEXT = st.text(st.sampled_from(TRICKY) | st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40)


@pytest.fixture(scope="module")
def lab() -> InventoryData:
    d = load_inventory("inventories/lab", loader="fast")
    d.hosts["exit1"].vars["netwarden_routing"]["bgp"] = copy.deepcopy(BGP)
    d.all_vars["netwarden_dmz_rules"] = [copy.deepcopy(DMZ)]
    d.hosts["exit1"].vars["netwarden_interfaces"].append({"name": "eth3", "address": "198.18.96.1/24", "faces": "dmz"})
    return d


def _key(path: tuple[Any, ...]) -> str:
    """The key a problem names for ``path`` (`netwarden_interfaces[0].description`)."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _about(p: Any, path: tuple[Any, ...]) -> bool:
    """A problem about the field (or the object holding it: a contact without a name)."""
    return p.key == _key(path) or _key(path).startswith(p.key + ".")


def _set(data: InventoryData, host: str, path: tuple[Any, ...], value: str) -> InventoryData:
    d = copy.deepcopy(data)
    node = d.hosts[host].vars if host else d.all_vars
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = value
    return d


def _round_trips(net: Network, devices: tuple[str, ...], text: str) -> None:
    """Each device rendered as each platform has no extras."""
    for h in devices:
        for platform in PLATFORMS:
            d = net.devices[h].model_copy(update={"platform": Platform(platform)})
            n = net.model_copy(update={"devices": {**net.devices, h: d}})
            assert check_text(device_context(n, d, BASE), R.render_device(n, d).text) == [], (h, platform, text)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), text=TEXT)
def test_free_text_is_refused_or_round_trips(lab: InventoryData, field: tuple[Any, ...], text: str) -> None:
    host, path, devices = field
    net, problems = build_network(_set(lab, host, path, text), TODAY)
    if problems or net is None:  # refused, and for this field only
        assert problems and all(_about(p, path) for p in problems), problems
        return
    _round_trips(net, devices, text)


@pytest.mark.parametrize("text", ['fin "portal" ; # ! {x} \\ 财政厅', "   ", "?", "x" * 35 + " " * 40 + "y"])
def test_the_forms_that_once_broke_a_statement(lab: InventoryData, text: str) -> None:
    """A double quote or backslash once ended the nftables comment string; a blank or question-mark-only
    description once left a bare `description` / `name`: each field, each platform, no extras."""
    for host, path, devices in FIELDS:
        net, problems = build_network(_set(lab, host, path, text), TODAY)
        if problems or net is None:  # a blank approval: no Internet access without one (Art. 7)
            assert problems and all(_about(p, path) for p in problems), problems
            continue
        _round_trips(net, devices, text)


def test_a_blank_site_is_refused(lab: InventoryData) -> None:
    _, problems = build_network(_set(lab, "ub-fin", ("netwarden_site",), "  "), TODAY)
    assert [(p.host, p.key, p.message) for p in problems] == [
        ("ub-fin", "netwarden_site", "no site: the configuration names it (SNMP location)")]

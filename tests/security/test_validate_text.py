"""Typed inventory text: control characters in any free-text field, identifiers, host names, ranges and
type mix-ups are clear problems naming file, host and key; never a traceback; render writes nothing."""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netwarden.cli import main
from netwarden.model import load_inventory
from netwarden.model.build import build_network
from netwarden.model.inventory import InventoryData

TODAY = dt.date(2026, 11, 24)
CONTROL = ["\x00", "\t", "\n", "\r", "\x1b", "\x7f", "\x85", "\x9b", "\u2028", "\u2029"]
HOST, HOST_FILE = "ub-fin", "inventories/lab/host_vars/ub-fin.yml"
# (host, path in the variables, file that sets it, key as the message names it)
FIELDS: list[tuple[str, tuple[Any, ...], str, str]] = [
    (HOST, ("netwarden_site",), HOST_FILE, "netwarden_site"),
    (HOST, ("netwarden_unit",), HOST_FILE, "netwarden_unit"),
    (HOST, ("netwarden_interfaces", 0, "description"), HOST_FILE, "netwarden_interfaces[0].description"),
    (HOST, ("netwarden_interfaces", 1, "name"), HOST_FILE, "netwarden_interfaces[1].name"),
    (HOST, ("netwarden_routing", "static", 0, "description"), HOST_FILE, "netwarden_routing.static[0].description"),
    (HOST, ("ansible_user",), HOST_FILE, "ansible_user"),
    (HOST, ("ansible_ssh_private_key_file",), HOST_FILE, "ansible_ssh_private_key_file"),
    ("", ("netwarden_units", "prov-finance", "name"), "inventories/lab/group_vars/all/units.yml",
     "netwarden_units.prov-finance.name"),
    ("", ("netwarden_units", "prov-finance", "contact", "name"), "inventories/lab/group_vars/all/units.yml",
     "netwarden_units.prov-finance.contact.name"),
    ("", ("netwarden_units", "prov-finance", "contact", "email"), "inventories/lab/group_vars/all/units.yml",
     "netwarden_units.prov-finance.contact.email"),
    ("", ("netwarden_units", "lh-tax", "parent"), "inventories/lab/group_vars/all/units.yml",
     "netwarden_units.lh-tax.parent"),
    ("", ("netwarden_ca", "name"), "inventories/lab/group_vars/all/province.yml", "netwarden_ca.name"),
    ("", ("netwarden_ca", "url"), "inventories/lab/group_vars/all/province.yml", "netwarden_ca.url"),
    ("", ("netwarden_ca", "ssh_user_ca_key"), "inventories/lab/group_vars/all/province.yml",
     "netwarden_ca.ssh_user_ca_key"),
    ("", ("netwarden_province", "name"), "inventories/lab/group_vars/all/province.yml", "netwarden_province.name"),
    ("", ("netwarden_backup_sites", "emergency_support_centre"), "inventories/lab/group_vars/all/province.yml",
     "netwarden_backup_sites.emergency_support_centre"),
    ("", ("netwarden_internet_allowlist", 0, "system"), "inventories/lab/group_vars/all/allowlist.yml",
     "netwarden_internet_allowlist[0].system"),
    ("", ("netwarden_internet_allowlist", 0, "approval"), "inventories/lab/group_vars/all/allowlist.yml",
     "netwarden_internet_allowlist[0].approval"),
    ("", ("netwarden_internet_allowlist", 0, "contact"), "inventories/lab/group_vars/all/allowlist.yml",
     "netwarden_internet_allowlist[0].contact"),
    ("", ("netwarden_secrets", "snmp_auth"), "inventories/lab/group_vars/all/secrets.yml",
     "netwarden_secrets.snmp_auth"),
]


@pytest.fixture(scope="module")
def lab() -> InventoryData:
    return load_inventory("inventories/lab", loader="fast")


def _set(data: InventoryData, host: str, path: tuple[Any, ...], value: Any) -> InventoryData:
    d = copy.deepcopy(data)
    tree = d.hosts[host].vars if host else d.all_vars
    if host:
        d.hosts[host].origins.setdefault(path[0], HOST_FILE)
    node = tree
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = value
    return d


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), ctrl=st.sampled_from(CONTROL),
       text=st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=20),
       at=st.integers(min_value=0, max_value=20))
def test_control_character_in_any_text_field_is_refused(lab: InventoryData, field: tuple[Any, ...], ctrl: str,
                                                        text: str, at: int) -> None:
    host, path, file, key = field
    value = text[:at] + ctrl + text[at:]
    _, problems = build_network(_set(lab, host, path, value), TODAY)
    cp = f"U+{ord(ctrl):04X}"
    hits = [p for p in problems if p.key == key and p.message.startswith(f"control character {cp} ")]
    assert hits, problems
    assert all(p.file == file and p.host == host for p in hits), hits
    assert all(value not in str(p) for p in problems)  # never echoed (secrets; one problem, one line)


@pytest.mark.parametrize("ctrl", CONTROL, ids=[f"U+{ord(c):04X}" for c in CONTROL])
def test_render_writes_nothing(ctrl: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inv = tmp_path / "inv"
    shutil.copytree("inventories/lab", inv)
    f = inv / "host_vars/ub-fin.yml"
    esc = ctrl.encode("unicode_escape").decode().replace("\\x", "\\x")
    f.write_text(f.read_text().replace('"finance extranet LAN"', f'"finance{esc}hostname evil"'))
    assert main(["render", "-i", str(inv), "-o", str(tmp_path / "out"), "--today", "2026-11-24"]) == 1
    err = capsys.readouterr().err
    assert f"host ub-fin: netwarden_interfaces[1].description: control character U+{ord(ctrl):04X} " in err
    assert "Traceback" not in err and len(err.splitlines()) == 2
    assert not (tmp_path / "out").exists()


VALID_ONES = [("netwarden_interfaces", 0, "description"), ("netwarden_site",)]


@pytest.mark.parametrize("value", ["Dept. of Finance; \"quoted\" 'x' # ! ", "财政厅 政务外网 上联"])
def test_printable_text_with_quotes_and_chinese_is_valid(lab: InventoryData, value: str) -> None:
    d = lab
    for path in VALID_ONES:
        d = _set(d, HOST, path, value)
    net, problems = build_network(d, TODAY)
    assert problems == [] and net is not None


@pytest.mark.parametrize("name", ["-ub", "ub-", "u_b", "a..b", "x" * 64, "a/b", "ub fin", "ub\u00e9"])
def test_peer_host_names_are_rfc1123(lab: InventoryData, name: str) -> None:
    _, problems = build_network(_set(lab, HOST, ("netwarden_interfaces", 0, "peer"), f"{name}:eth3"), TODAY)
    assert any(p.key == "netwarden_interfaces[0].peer" and p.message.startswith("must be a host name")
               for p in problems), problems


def _leaves(v: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if path else []
    if isinstance(v, dict):
        for k, x in v.items():
            out += _leaves(x, (*path, k))
    elif isinstance(v, list):
        for i, x in enumerate(v):
            out += _leaves(x, (*path, i))
    return out


WRONG = [[1, [2]], {"a": {"b": 1}}, 10**30, None, "x\n"]


def test_type_mixups_never_raise(lab: InventoryData) -> None:
    """Every node of the province data and of one host's data, replaced by values of the wrong type."""
    host_keys = [k for k in lab.hosts[HOST].vars if k not in lab.all_vars]
    cases = [("", p) for p in _leaves({k: lab.all_vars[k] for k in lab.all_vars if k != "netwarden_secrets"})]
    cases += [(HOST, p) for p in _leaves({k: lab.hosts[HOST].vars[k] for k in host_keys})]
    assert len(cases) > 100
    for host, path in cases:
        for bad in WRONG:
            try:
                build_network(_set(lab, host, path, bad), TODAY)
            except Exception as e:  # pragma: no cover - the failure message
                pytest.fail(f"{host or 'province'} {path} = {bad!r}: {type(e).__name__}: {e}")

"""The rule catalog: every rule of the baseline is implemented once with its declared scope, and the rules
added by the catalog (gate, live, probe, intake, drift) each fail and pass as they should."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from netwarden.baseline import Rule, load_baseline
from netwarden.errors import InputError, Problem
from netwarden.gate import checks
from netwarden.model import load_network
from netwarden.model.types import Network
from netwarden.verify import catalog, roundtrip
from netwarden.verify.context import contexts
from netwarden.verify.engine import check_device
from netwarden.verify.findings import Report
from netwarden.verify.intake import Unreadable, read_config
from tests.conftest import ROOT, TODAY


@pytest.fixture(scope="module")
def lab() -> Network:
    return load_network(ROOT / "inventories/lab", today=TODAY)


def test_baseline_and_implementations_match_one_to_one() -> None:
    b = load_baseline()
    impls = catalog.implementations()
    assert sorted(r.id for r in b.rules) == sorted(impls)
    assert {r.id: r.scope for r in b.rules} == {i.rule_id: i.kind for i in impls.values()}
    assert catalog.problems(b) == []


def _baseline_with(tmp_path: Path, **rule: object) -> Path:
    data = yaml.safe_load((ROOT / "baseline/baseline.yml").read_text())
    data["rules"].append({"title": "t", "severity": "low", "article": 5, "applies": {}, "fix": "f", **rule})
    p = tmp_path / "baseline.yml"
    p.write_text(yaml.safe_dump(data))
    return p


def test_a_declared_rule_without_implementation_is_refused(tmp_path: Path) -> None:
    p = _baseline_with(tmp_path, id="XYZ-001", scope="device")
    with pytest.raises(InputError) as e:
        load_baseline(str(p))
    assert e.value.problems == [Problem(str(p), "", "rules", "XYZ-001: declared with scope device, but netwarden "
                                        "has no implementation of it")]


def test_a_rule_declared_with_the_wrong_scope_is_refused(tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "baseline/baseline.yml").read_text())
    for r in data["rules"]:
        if r["id"] == "TOPO-001":
            r["scope"] = "device"
    p = tmp_path / "baseline.yml"
    p.write_text(yaml.safe_dump(data))
    with pytest.raises(InputError) as e:
        load_baseline(str(p))
    assert [str(x) for x in e.value.problems] == [
        f"{p}: rules: TOPO-001: declared with scope device, implemented as a live check "
        "(netwarden.gate.checks.topo_001)"]


def test_a_second_implementation_is_refused_at_import() -> None:
    with pytest.raises(catalog.CatalogError, match="ISO-001 is implemented twice"):
        catalog.implements("ISO-001", "network")(lambda net, cfgs: [])


def test_a_rule_made_in_code_without_implementation_is_skipped_never_passed(lab: Network) -> None:
    b = load_baseline()
    rule = Rule(id="XYZ-002", title="t", severity="low", article=5, scope="device", fix="f")
    ctx = contexts(lab, b)["core1"]
    cfg = read_config("hostname core1\n", "cisco_ios", "x")
    assert not isinstance(cfg, Unreadable)
    rep = Report("verify", b.version, "x")
    check_device(rule, ctx, cfg, rep)
    assert [(f.rule_id, f.status) for f in rep.findings] == [("XYZ-002", "skipped")]


# --- intake (CFG-002) and identity (CFG-001) ---------------------------------------------------------------

def test_cfg_002_intake() -> None:
    assert read_config("  \n", "cisco_ios", "x") == Unreadable("empty")
    assert read_config("interface x\n", "cisco_ios", "x") == Unreadable("not_platform", "no hostname line")
    assert read_config("#\nsysname a\n", "h3c_comware", "x") != Unreadable("not_platform", "no sysname line")
    assert read_config("#\ninterface x\n", "h3c_comware", "x") == Unreadable("not_platform", "no sysname line")
    assert read_config("#@netwarden section=frr\nhostname a\n", "cisco_ios", "x") == Unreadable(
        "not_platform", "it is a linux_frr document (netwarden section markers)")
    assert not isinstance(read_config("hostname a\n", "cisco_ios", "x"), Unreadable)
    # VRP and Comware share their syntax: their own lines tell them apart
    assert read_config("#\nsysname a\n#\nuser-interface vty 0 4\n", "h3c_comware", "x") == Unreadable(
        "not_platform", "it looks like a huawei_vrp configuration: user-interface vty")
    assert not isinstance(read_config("#\nsysname a\n#\nline vty 0 63\n", "h3c_comware", "x"), Unreadable)


def test_cfg_002_one_wording_for_every_caller() -> None:
    assert Unreadable("empty").message("r1.cfg", "cisco_ios") == "r1.cfg: is empty: there is no configuration to check"
    assert Unreadable("unparsable", "bad").message("r1.cfg", "cisco_ios") == (
        "r1.cfg: cannot be parsed as cisco_ios: bad")
    assert Unreadable("not_platform", "no hostname line").message("r1.cfg", "cisco_ios") == (
        "r1.cfg: not a cisco_ios configuration (no hostname line): nothing checked")
    ctx = SimpleNamespace(hostname="r1", platform="cisco_ios")
    assert roundtrip.check_text(ctx, "") == [  # type: ignore[arg-type]
        "the rendered configuration is not readable: r1 (rendered): is empty: there is no configuration to check"]


def test_cfg_001_identity(lab: Network) -> None:
    b = load_baseline()
    ctx = contexts(lab, b)["core1"]
    for text, fails in (("hostname core1\n", []), ("hostname city1\n", ["the configuration is for 'city1', not "
                                                                          "'core1'"])):
        cfg = read_config(text, "cisco_ios", "x")
        assert not isinstance(cfg, Unreadable)
        rep = Report("verify", b.version, "x")
        check_device(b.rule("CFG-001"), ctx, cfg, rep)
        assert [f.message for f in rep.failures] == fails


# --- the gate's rules ------------------------------------------------------------------------------------

def test_unit_001(lab: Network) -> None:
    assert checks.unit_001(lab, "lh-tax", ["ub-lhtax"]) == []
    assert [m for m, _ in checks.unit_001(lab, "lh-tax", [])] == ["the unit has no device in the inventory"]


def test_unit_002(lab: Network) -> None:
    expired = [Problem("inventories/lab/group_vars/all/allowlist.yml", "", "netwarden_internet_allowlist[0]",
                       "expired on 2025-01-01")]
    assert checks.unit_002(lab, "prov-finance", expired) == [("expired on 2025-01-01",
                                                               "netwarden_internet_allowlist[0]")]
    assert checks.unit_002(lab, "lh-tax", expired) == []  # another unit's entry
    assert checks.unit_002(lab, "prov-finance", []) == []


def _lldp(*pairs: tuple[str, str]) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for port, name in pairs:
        out.setdefault(port, []).append({"hostname": name, "port": "eth9"})
    return out


def test_iso_006_and_topo_001(lab: Network) -> None:
    good = _lldp(("eth1", "city1"))
    assert checks.iso_006(lab, "ub-lhtax", good) == [] and checks.topo_001(lab, "ub-lhtax", good) == []
    bad = _lldp(("eth1", "city1"), ("xl0", "intra1"))
    assert checks.iso_006(lab, "ub-lhtax", bad) == [
        ("LLDP: xl0 sees intranet device intra1: the networks are connected", "xl0 intra1")]
    assert checks.topo_001(lab, "ub-lhtax", bad) == []  # an intranet neighbour is ISO-006's, not twice
    rogue = _lldp(("eth1", "rogue.example"))
    assert checks.topo_001(lab, "ub-lhtax", rogue) == [
        ("LLDP: eth1 sees rogue, the inventory says city1", "eth1 rogue")]
    assert checks.topo_001(lab, "ub-lhtax", {}) == [("LLDP: no neighbour on eth1; the inventory links it to city1",
                                                      "")]


def test_iso_007(lab: Network) -> None:
    assert checks.iso_007(lab, "ub-lhtax", {"198.18.16.0/20": {}}) == []
    assert checks.iso_007(lab, "ub-lhtax", {"198.18.16.0/20": {"198.18.16.0/24": [{"next_hop": "198.18.32.13"}]}}) \
        == [("the routing table has 198.18.16.0/24, intranet space 198.18.16.0/20", "198.18.16.0/24")]


def test_exit_007(lab: Network) -> None:
    up = {"0.0.0.0/0": [{"next_hop": "198.18.32.13"}]}
    assert checks.exit_007(lab, "ub-lhtax", up) == []
    assert checks.exit_007(lab, "ub-lhtax", {}) == [
        ("no default route: Internet-bound traffic has no way towards the exit", "")]
    away = {"0.0.0.0/0": [{"next_hop": "198.18.44.9"}]}
    assert checks.exit_007(lab, "ub-lhtax", away) == [
        ("the default route points to 198.18.44.9, not the extranet upstream (198.18.32.13)", "198.18.44.9")]


# --- probes (ISO-008, EXIT-008) and drift (DRIFT-001) ----------------------------------------------------

def test_probe_rules(lab: Network) -> None:
    from netwarden.lab.probes import ProbeResult, declared_flows, observed_as_declared

    flows = {(f.name, f.expected): f for f in declared_flows(lab.model_copy(update={"today": dt.date(2026, 12, 1)}))}
    iso = flows[("isolation intranet->extranet", "fail")]
    assert iso.rule == "ISO-008"
    assert observed_as_declared(ProbeResult(iso, "fail", "")) == ""
    assert observed_as_declared(ProbeResult(iso, "succeed", "")) == "expected fail, observed succeed"
    ok = next(f for (n, e), f in flows.items() if e == "succeed")
    assert ok.rule == "EXIT-008"
    assert observed_as_declared(ProbeResult(ok, "succeed", "", path_ok=True)) == ""
    assert observed_as_declared(ProbeResult(ok, "succeed", "", path_ok=False)) == "delivered, but not through the exit"


def test_drift_001_is_what_no_other_rule_is_about() -> None:
    from netwarden.ops.classify import rule_for_line

    b = load_baseline()
    assert rule_for_line(" description uplink to core", b) is None  # DRIFT-001
    assert rule_for_line("ip route 10.8.0.0 255.255.0.0 10.1.1.1", b) == "ISO-002"
    assert rule_for_line("undo ip route-static 10.8.0.0 16 10.1.1.1", b) == "ISO-002"  # removing is about it too
    assert rule_for_line(" ip nat inside source list 1 interface Gi0/1 overload", b) == "EXIT-003"  # before ISO-005


def test_drift_patterns_come_from_the_baseline(tmp_path: Path) -> None:
    from netwarden.ops.classify import rule_for_line

    data = yaml.safe_load((ROOT / "baseline/baseline.yml").read_text())
    for r in data["rules"]:
        if r["id"] == "MON-003":
            r["drift"] = ["chrony"]  # a site baseline's own pattern
    p = tmp_path / "baseline.yml"
    p.write_text(yaml.safe_dump(data))
    site = load_baseline(str(p))
    assert rule_for_line("ntp server 10.1.1.1", site) is None
    assert rule_for_line("chrony server 10.1.1.1", site) == "MON-003"


@pytest.mark.parametrize(("edit", "problem"), [
    (lambda d: d["drift_order"].append("XYZ-001"), "drift_order: XYZ-001 is not a rule of this baseline"),
    (lambda d: d["drift_order"].remove("MON-002"), "drift_order: MON-002 has drift patterns but is not in drift_order"),
    (lambda d: d["drift_order"].append("ISO-001"), "drift_order: ISO-001 has no drift patterns"),
    (lambda d: next(r for r in d["rules"] if r["id"] == "MON-002")["drift"].append("snmp("),
     "rules.MON-002.drift[1]: not a regular expression: missing ), unterminated subpattern at position 4"),
])
def test_bad_drift_declarations_are_refused(tmp_path: Path, edit: object, problem: str) -> None:
    data = yaml.safe_load((ROOT / "baseline/baseline.yml").read_text())
    edit(data)  # type: ignore[operator]
    p = tmp_path / "baseline.yml"
    p.write_text(yaml.safe_dump(data))
    with pytest.raises(InputError) as e:
        load_baseline(str(p))
    assert [str(x) for x in e.value.problems] == [f"{p}: {problem}"]

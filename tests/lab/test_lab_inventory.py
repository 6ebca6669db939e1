"""The bundled lab inventory as a namespace lab: factory config, probes, baseline push, teardown.

One lab for the module (tests run in order); the fixture finalizer always tears it down."""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import napalm
import pytest

from netwarden import jobs
from netwarden.cli import main
from netwarden.lab import Lab, down
from netwarden.lab.service import Loaded, lab_connections, load, unit_probes, wait_converged
from netwarden.lab.service import lab_probe as run_lab_probe
from netwarden.model.types import Zone
from netwarden.platforms.linux_frr.layout import split_sections

from .conftest import lab_pids, lab_skip_reason, leftovers

pytestmark = pytest.mark.lab

INV = str(Path(__file__).resolve().parents[2] / "inventories" / "lab")


@pytest.fixture(scope="module")
def inv_lab(request: pytest.FixtureRequest) -> Iterator[tuple[Loaded, list[str]]]:
    reason = lab_skip_reason()
    if reason:
        pytest.skip(reason)
    workdir = Path(tempfile.mkdtemp(prefix="nwlab-inv-", dir="/tmp"))
    os.chmod(workdir, 0o755)
    name = f"i{os.getpid() % 10000}"
    ld = load(INV, workdir, name)
    request.addfinalizer(lambda: down(ld.spec))  # always, whatever the tests did
    yield ld, ["--workdir", str(workdir), "--name", name]


def lab(cmd: str, opts: list[str], *extra: str) -> int:
    return main(["lab", cmd, "-i", INV, *opts, *extra])


def driver(ld: Loaded, node: str) -> Any:
    d = napalm.get_network_driver("linux_frr")(**Lab(ld.spec).driver_args(node))
    d.open()
    return d


def test_a_up_status(inv_lab: tuple[Loaded, list[str]], capsys: pytest.CaptureFixture[str]) -> None:
    ld, opts = inv_lab
    t0 = time.monotonic()
    assert lab("up", opts) == 0
    elapsed = time.monotonic() - t0
    out = capsys.readouterr().out
    with capsys.disabled():
        print(f"\nbundled lab: {len(ld.spec.devices)} devices, {len(ld.spec.nodes) - len(ld.spec.devices)} hosts, "
              f"healthy (daemons + OSPF converged) in {elapsed:.1f}s")
    assert elapsed < 60, out
    assert "healthy" in out
    # every device is reachable from inside its zone's management prefix
    assert {str(a) for a in ld.spec.mgmt_networks} == {"198.18.0.1/25", "198.18.0.129/25"}
    t0 = time.monotonic()
    assert lab("up", opts) == 0  # idempotent
    assert time.monotonic() - t0 < 15
    assert lab("status", opts) == 0
    out = capsys.readouterr().out
    assert "NOT" not in out and all(n.name in out for n in ld.spec.nodes)
    assert lab("status", opts, "--format", "json") == 0
    st = json.loads(capsys.readouterr().out)
    assert st["ok"] and {n["name"] for n in st["nodes"]} == {n.name for n in ld.spec.nodes}


def test_b_ospf_converged_routes_learnt(inv_lab: tuple[Loaded, list[str]]) -> None:
    ld, _ = inv_lab
    h = wait_converged(ld, 30)
    assert h.converged, h.problems()
    d = driver(ld, "city1")
    try:
        r = d.get_route_to("198.18.40.0/24")  # core1's static, redistributed into OSPF
        (route,) = r["198.18.40.0/24"]
        assert route["protocol"] == "ospf" and route["next_hop"] == "198.18.32.5"
        (dflt,) = d.get_route_to("0.0.0.0/0")["0.0.0.0/0"]  # the exit's default
        assert dflt["protocol"] == "ospf"
    finally:
        d.close()


def test_c_probes_fail_on_factory_config(inv_lab: tuple[Loaded, list[str]],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    _, opts = inv_lab
    assert lab("probe", opts, "--format", "json") == 2
    report = json.loads(capsys.readouterr().out)
    by = {(p["name"], p["from"], p["to"], p["protocol"]): p for p in report["probes"]}
    # no filtering yet: the non-allow-listed extranet host gets out, so the probe must fail
    leak = by[("exit denies non-allow-listed", "h-lhtax", "h-inet", "icmp")]
    assert leak["observed"] == "succeed" and not leak["as_expected"] and leak["article"] == "Art. 7"
    assert not report["ok"] and report["summary"]["unexpected"] >= 1
    # physical isolation holds by construction (no link between the zones)
    assert all(p["as_expected"] for p in report["probes"] if p["article"] == "Art. 5")


def test_d_rendered_baseline_keeps_management_and_ospf(inv_lab: tuple[Loaded, list[str]],
                                                       tmp_path: Path) -> None:
    ld, _ = inv_lab
    out = tmp_path / "rendered"
    jobs.render(jobs.RenderRequest(INV, output=out))
    for dev in ld.spec.devices:
        model = ld.network.devices[dev.name]
        sections = split_sections((out / f"{dev.name}.cfg").read_text())
        nft = sections["nftables"].body
        prefixes = ", ".join(str(p) for p in ld.network.mgmt_prefixes_of(model))
        assert f"elements = {{ {prefixes} }}" in nft and "tcp dport 22 ip saddr @mgmt accept" in nft, dev.name
        if model.routing.ospf is not None:
            assert "ip protocol ospf accept" in nft, dev.name
        assert f"AllowUsers *@{prefixes}" in sections["sshd"].body
        # every bridge address that reaches this device lies inside its zone's management prefixes
        assert any(a.network == dev.mgmt_address.network and a.ip in p for a in ld.spec.mgmt_networks  # type: ignore[union-attr]
                   for p in ld.network.mgmt_prefixes_of(model))
    (Path(ld.spec.workdir) / "rendered").mkdir(exist_ok=True)
    for f in out.iterdir():
        (Path(ld.spec.workdir) / "rendered" / f.name).write_text(f.read_text())


def test_e_push_baseline(inv_lab: tuple[Loaded, list[str]]) -> None:
    ld, _ = inv_lab
    rendered = Path(ld.spec.workdir) / "rendered"
    t0 = time.monotonic()
    for dev in ld.spec.devices:
        d = driver(ld, dev.name)
        try:
            d.load_replace_candidate(filename=str(rendered / f"{dev.name}.cfg"))
            assert d.compare_config()  # the factory config is not the baseline
            d.commit_config(message="baseline")
        finally:
            d.close()
    print(f"baseline pushed to {len(ld.spec.devices)} devices in {time.monotonic() - t0:.1f}s")
    # the ops user still logs in with its key, from the zone's management prefix, after the push
    for dev in ld.spec.devices:
        d = driver(ld, dev.name)
        try:
            d.load_replace_candidate(filename=str(rendered / f"{dev.name}.cfg"))
            diff = split_sections(d.compare_config())
            d.discard_config()
            assert diff == {}, (dev.name, diff)  # zero drift in every section, FRR included
        finally:
            d.close()
    h = wait_converged(ld, 30)
    assert h.ok, h.problems()


def test_f_probes_pass_with_baseline(inv_lab: tuple[Loaded, list[str]], capsys: pytest.CaptureFixture[str]) -> None:
    ld, opts = inv_lab
    h = wait_converged(ld, 60)  # routing settles before the data plane is judged
    assert h.ok, h.problems()
    report = run_lab_probe(INV, ld.spec.workdir, ld.spec.name)
    assert report.ok, report.to_text()
    names = {r.flow.name for r in report.results}
    assert {"exit permits allow-listed", "exit denies non-allow-listed", "no unsolicited inbound"} <= names
    allowed = [r for r in report.results if r.flow.expected == "succeed"]
    assert allowed and all(r.path_ok is not False for r in allowed)
    assert any(r.path_ok for r in allowed)  # traceroute saw the exit
    tcp = [r for r in allowed if r.flow.proto == "tcp"]
    assert tcp and all("the listener saw 198.19.1." in r.evidence for r in tcp)  # NAT to the exit's pool
    assert lab("probe", opts) == 0
    assert "0 unexpected" in capsys.readouterr().out
    # the pre-connection gate's view: only the unit's own hosts' flows
    unit = unit_probes(INV, "lh-tax", ld.spec.workdir, ld.spec.name)
    assert unit and all(r["ok"] for r in unit) and all("h-lhtax" in (r["from"], r["to"]) for r in unit)
    assert {r["rule"] for r in unit} <= {"ISO-008", "EXIT-008"}
    conns = lab_connections(INV, ld.spec.workdir, ld.spec.name)
    assert conns is not None and set(conns) == {d.name for d in ld.spec.devices}
    assert conns["intra1"]["hostname"] == "198.18.0.130"


def test_g_get_config_and_lldp(inv_lab: tuple[Loaded, list[str]]) -> None:
    ld, _ = inv_lab
    expected: dict[str, set[tuple[str, str, str]]] = {d.name: set() for d in ld.spec.devices}
    for ln in ld.spec.links:
        for a, a_if, b, b_if in ((ln.a, ln.a_if, ln.b, ln.b_if), (ln.b, ln.b_if, ln.a, ln.a_if)):
            if a in expected:
                expected[a].add((a_if, b, b_if))
    for dev in ld.spec.devices:
        d = driver(ld, dev.name)
        try:
            running = d.get_config(retrieve="running")["running"]
            frr = split_sections(running)["frr"].body
            assert f"hostname {dev.name}" in frr
            assert "table inet netwarden" in split_sections(running)["nftables"].body
            deadline = time.monotonic() + 60  # lldpd (tx-interval 5 s) is slower on a loaded machine
            while True:
                seen = {(i, n["hostname"], n["port"]) for i, ns in d.get_lldp_neighbors().items() for n in ns}
                if expected[dev.name] <= seen or time.monotonic() > deadline:
                    break
                time.sleep(0.5)
            assert expected[dev.name] <= seen, dev.name
        finally:
            d.close()
    # no LLDP neighbour joins an intranet device to an extranet device (Art. 5)
    zone = {n: ld.network.devices[n].zone for n in expected}
    for a in expected:
        for _, b, _ in expected[a]:
            if b in zone:
                assert {zone[a], zone[b]} != {Zone.INTRANET, Zone.EXTRANET}


def test_z_down_leaves_nothing(inv_lab: tuple[Loaded, list[str]]) -> None:
    ld, opts = inv_lab
    pids = lab_pids(ld.spec)
    assert pids
    t0 = time.monotonic()
    assert lab("down", opts) == 0
    assert time.monotonic() - t0 < 20
    assert leftovers(ld.spec, pids) == []
    assert lab("status", opts) == 1
    assert lab("probe", opts) == 1  # lab not up: an error, not findings
    assert lab("down", opts) == 0  # nothing left to remove is fine

"""Lab integration tests: build a three-router lab, drive it through the linux_frr driver."""

from __future__ import annotations

import time
from ipaddress import IPv4Interface

import napalm
import pytest
from napalm.base.exceptions import CommitConfirmException, ReplaceConfigException

from netwarden.lab import Lab, LabError, LabSpec, down, ping, status, traceroute, up
from netwarden.lab.manager import _netns_list
from netwarden.platforms.linux_frr.layout import join_sections, split_sections

from .conftest import lab_pids, leftovers, new_spec

pytestmark = pytest.mark.lab

FRR_R1 = """frr defaults traditional
hostname r1
service integrated-vtysh-config
ip route 198.19.9.0/24 Null0
interface eth1
 ip ospf hello-interval 1
 ip ospf dead-interval 3
exit
router ospf
 ospf router-id 198.19.255.1
 network 198.19.0.0/30 area 0
 network 198.19.1.0/24 area 0
exit
"""
NFT_R1 = """flush ruleset
table inet filter {
	chain input {
		type filter hook input priority filter; policy accept;
		iifname "eth1" tcp dport 23 drop
	}
}
"""
SSHD_R1 = "ClientAliveInterval 300\nMaxAuthTries 3\n"


def driver(spec: LabSpec, node: str = "r1"):  # type: ignore[no-untyped-def]
    d = napalm.get_network_driver("linux_frr")(**Lab(spec).driver_args(node))
    d.open()
    return d


def wait_route(d, prefix: str, timeout: float = 30) -> dict:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r = d.get_route_to(prefix)
        if r:
            return r  # type: ignore[no-any-return]
        time.sleep(0.5)
    raise AssertionError(f"no route to {prefix} after {timeout}s")


def test_status_and_idempotent_up(lab3: LabSpec) -> None:
    st = status(lab3)
    assert st.ok, st.problems()
    again = up(lab3)
    assert again.ok and again.elapsed < 10


def test_get_config_and_facts(lab3: LabSpec) -> None:
    d = driver(lab3)
    try:
        assert d.get_facts()["hostname"] == "r1"
        running = d.get_config(retrieve="running")["running"]
        frr = split_sections(running)["frr"].body
        assert "hostname r1" in frr and "router ospf" in frr
        assert "Building configuration" not in frr and "frr version" not in frr
    finally:
        d.close()


def test_lldp_shows_linked_peers(lab3: LabSpec) -> None:
    d = driver(lab3, "r2")
    try:
        deadline = time.monotonic() + 60  # lldpd sends its first frames within seconds; more on a loaded machine
        while True:
            n = d.get_lldp_neighbors()
            if len(n) >= 2 or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert n == {"eth1": [{"hostname": "r1", "port": "eth1"}], "eth2": [{"hostname": "r3", "port": "eth1"}]}
    finally:
        d.close()


def test_route_to_and_data_plane(lab3: LabSpec) -> None:
    d = driver(lab3)
    try:
        r = wait_route(d, "198.19.2.0/24")
        (route,) = r["198.19.2.0/24"]
        assert route["protocol"] == "ospf" and route["next_hop"] == "198.19.0.2"
        assert route["outgoing_interface"] == "eth1" and route["current_active"]
    finally:
        d.close()
    deadline = time.monotonic() + 20
    while not ping(lab3, "h1", "198.19.1.1").ok and time.monotonic() < deadline:
        time.sleep(0.5)
    assert ping(lab3, "h1", "198.19.1.1", count=2).received == 2
    hops = traceroute(lab3, "h1", "198.19.1.1")
    assert [h.address for h in hops] == ["198.19.2.1", "198.19.0.5", "198.19.1.1"]


def test_replace_compare_commit_confirm(lab3: LabSpec) -> None:
    d = driver(lab3)
    try:
        doc = join_sections({"frr": FRR_R1, "nftables": NFT_R1, "sshd": SSHD_R1})
        d.load_replace_candidate(config=doc)
        diff = d.compare_config()
        assert "+ip route 198.19.9.0/24 Null0" in diff
        assert '+\t\tiifname "eth1" tcp dport 23 drop' in diff
        assert "+MaxAuthTries 3" in diff
        t0 = time.monotonic()
        d.commit_config(message="test", revert_in=30)
        assert time.monotonic() - t0 < 10
        assert d.has_pending_commit()
        d.confirm_commit()
        assert not d.has_pending_commit()
        d.load_replace_candidate(config=doc)
        assert d.compare_config() == ""  # zero drift after commit
        d.discard_config()
        sections = split_sections(d.get_config(retrieve="running")["running"])
        assert sections["sshd"].body == SSHD_R1
        assert (lab3.config_root("r1") / "etc/ssh/sshd_config.d/50-netwarden.conf").read_text() == SSHD_R1
        with pytest.raises(CommitConfirmException):
            d.confirm_commit()
    finally:
        d.close()
    # sshd still answers with the new drop-in (it was reloaded, not broken)
    d = driver(lab3)
    d.close()


def test_commit_without_confirm_rolls_back(lab3: LabSpec) -> None:
    d = driver(lab3)
    before = d.get_config(retrieve="running")["running"]
    doc = join_sections({"frr": FRR_R1.replace("198.19.9.0/24", "198.19.8.0/24"), "nftables": NFT_R1})
    d.load_replace_candidate(config=doc)
    d.commit_config(revert_in=2)
    assert "198.19.8.0/24" in d.get_config(retrieve="running")["running"]
    d.close()  # the session is gone: the device must roll back by itself
    time.sleep(4)
    d = driver(lab3)
    try:
        assert not d.has_pending_commit()
        assert d.get_config(retrieve="running")["running"] == before
    finally:
        d.close()


def test_invalid_candidate_refused_nothing_changed(lab3: LabSpec) -> None:
    d = driver(lab3)
    try:
        before = d.get_config(retrieve="running")["running"]
        bad = [
            join_sections({"frr": "router ospf\n bogus command\n", "nftables": NFT_R1}),
            join_sections({"frr": FRR_R1, "nftables": "table inet x { chain y { bad } }\n"}),
            join_sections({"frr": FRR_R1, "sshd": "NoSuchOption yes\n"}),
        ]
        for doc in bad:
            with pytest.raises(ReplaceConfigException):
                d.load_replace_candidate(config=doc)
        assert d.get_config(retrieve="running")["running"] == before
    finally:
        d.close()


def test_hand_change_seen(lab3: LabSpec) -> None:
    lab = Lab(lab3)
    ns = lab3.netns("r1")
    lab.run_in("r1", ["vtysh", "-N", ns, "-c", "conf t", "-c", "ip route 198.19.7.0/24 Null0"], check=True)
    lab.run_in("r1", ["nft", "add", "table", "inet", "hand"], check=True)
    lab.run_in("r1", ["nft", "add", "chain", "inet", "hand", "c"], check=True)
    lab.run_in("r1", ["nft", "add", "rule", "inet", "hand", "c", "tcp", "dport", "2222", "drop"], check=True)
    d = driver(lab3)
    try:
        running = d.get_config(retrieve="running")["running"]
        assert "ip route 198.19.7.0/24 Null0" in split_sections(running)["frr"].body
        assert "tcp dport 2222 drop" in split_sections(running)["nftables"].body
        d.rollback()  # back to the state before the last commit: the hand changes are gone
        running = d.get_config(retrieve="running")["running"]
        assert "198.19.7.0/24" not in running and "2222" not in running
    finally:
        d.close()


def test_refuses_conflicting_networks(lab3: LabSpec) -> None:
    other = new_spec("c")
    clash = LabSpec(other.name, other.workdir, other.mgmt_bridge, lab3.mgmt_network, other.nodes, other.links)
    with pytest.raises(LabError, match="overlaps host"):
        up(clash)
    outside = LabSpec(other.name, other.workdir, other.mgmt_bridge, IPv4Interface("192.0.2.200/24"))
    with pytest.raises(LabError, match="outside the lab range"):
        up(outside)
    assert other.netns("r1") not in _netns_list()
    assert list(other.workdir.iterdir()) == []  # refused before creating anything
    other.workdir.rmdir()


def test_down_after_crash_halfway(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = new_spec("k", octet_offset=7)

    def boom(self, st, n):  # type: ignore[no-untyped-def]
        if n.name == "r2":
            raise RuntimeError("simulated crash")
        return orig(self, st, n)

    orig = Lab._start_node
    monkeypatch.setattr(Lab, "_start_node", boom)
    try:
        with pytest.raises(RuntimeError, match="simulated crash"):
            up(spec)
        pids = lab_pids(spec)
        assert pids  # r1/r3 daemons were started
    finally:
        down(spec.workdir)
    assert leftovers(spec, pids) == []


def test_zz_down_leaves_nothing(lab3: LabSpec) -> None:
    # a revert timer armed and never confirmed is a process too
    d = driver(lab3)
    d.load_replace_candidate(config=join_sections({"frr": FRR_R1}))
    d.commit_config(revert_in=300)
    d.close()
    pids = lab_pids(lab3)
    t0 = time.monotonic()
    down(lab3)
    assert time.monotonic() - t0 < 15
    assert leftovers(lab3, pids) == []

"""Drift at scale in the lab: N linux_frr lab devices built from a generated lab inventory,
the baseline applied, then `netwarden drift` (parallel workers) timed against a sequential
loop of the driver's effective state (get_effective_config) + compare on the same devices. Needs
root and the lab packages.

    sudo .venv/bin/python bench/drift_lab.py 20 50
"""

from __future__ import annotations

import ipaddress
import itertools
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def make_inventory(out: Path, n: int) -> None:
    """A star: exit1 -- core1 -- ub-01..ub-<n-2>, all linux_frr, static routing, 198.18.0.0/15 only."""
    if n < 3 or n > 120:
        raise SystemExit("the drift lab has 3 to 120 devices")
    shutil.copytree(ROOT / "inventories" / "lab" / "group_vars", out / "group_vars")
    (out / "host_vars").mkdir()
    units = yaml.safe_load((out / "group_vars/all/units.yml").read_text())["netwarden_units"]
    keep = {k: units[k] for k in ("prov-egov-nmc",)}
    keep["prov-egov-nmc"]["prefixes"] = ["198.18.32.0/22", "198.18.63.0/24"]
    borders = [f"ub-{k:02d}" for k in range(1, n - 1)]
    links = itertools.chain(*(ipaddress.IPv4Network(f"198.18.{x}.0/24").subnets(new_prefix=30) for x in (33, 34)))
    core_ifs = [{"name": "eth1", "address": "198.18.32.2/30", "faces": "extranet", "peer": "exit1:eth2"}]
    statics = []
    for k, b in enumerate(borders, start=1):
        lk = list(next(links).hosts())
        lan = ipaddress.IPv4Network(f"198.18.{40 + (k - 1) // 16}.{((k - 1) % 16) * 16}/28")
        uid = f"bench-unit-{k:02d}"
        keep[uid] = {"name": f"Bench unit {k}", "kind": "bureau", "level": 2 + k % 2,
                     "contact": {"name": f"Contact {k}", "email": f"it{k}@bench.lab.example"}, "prefixes": [str(lan)]}
        core_ifs.append({"name": f"eth{k + 1}", "address": f"{lk[0]}/30", "faces": "extranet", "peer": f"{b}:eth1"})
        statics.append({"prefix": str(lan), "next_hop": str(lk[1])})
        host = {"ansible_host": f"198.18.0.{20 + k}", "netwarden_unit": uid, "netwarden_site": f"site-{k:02d}",
                "netwarden_interfaces": [
                    {"name": "eth1", "address": f"{lk[1]}/30", "faces": "extranet", "peer": f"core1:eth{k + 1}"},
                    {"name": "eth2", "address": f"{next(lan.hosts())}/28", "faces": "lan"}],
                "netwarden_routing": {"static": [{"prefix": "0.0.0.0/0", "next_hop": str(lk[0])}]}}
        (out / "host_vars" / f"{b}.yml").write_text("---\n" + yaml.safe_dump(host, sort_keys=False))
    (out / "group_vars/all/units.yml").write_text("---\n" + yaml.safe_dump({"netwarden_units": keep}, sort_keys=False))
    (out / "group_vars/all/allowlist.yml").write_text("---\nnetwarden_internet_allowlist: []\n")
    exit1 = {"ansible_host": "198.18.0.11", "netwarden_unit": "prov-egov-nmc", "netwarden_site": "prov-exit",
             "netwarden_interfaces": [
                 {"name": "eth1", "address": "198.19.0.1/24", "faces": "internet", "nat_outside": True},
                 {"name": "eth2", "address": "198.18.32.1/30", "faces": "extranet", "peer": "core1:eth1"}],
             "netwarden_routing": {"static": [{"prefix": "0.0.0.0/0", "next_hop": "198.19.0.100"}]}}
    core1 = {"ansible_host": "198.18.0.12", "netwarden_unit": "prov-egov-nmc", "netwarden_site": "prov-dc1",
             "netwarden_interfaces": core_ifs,
             "netwarden_routing": {"static": [{"prefix": "0.0.0.0/0", "next_hop": "198.18.32.1"}, *statics]}}
    for name, host in (("exit1", exit1), ("core1", core1)):
        (out / "host_vars" / f"{name}.yml").write_text("---\n" + yaml.safe_dump(host, sort_keys=False))
    hosts = ["all:", "  children:", "    extranet:", "      children:", "        internet_exit:", "          hosts:",
             "            exit1:", "        extranet_core:", "          hosts:", "            core1:",
             "        unit_border:", "          hosts:", *[f"            {b}:" for b in borders]]
    (out / "hosts.yml").write_text("\n".join(hosts) + "\n")
    for g in ("municipal_core", "intranet_core"):
        (out / "group_vars" / f"{g}.yml").unlink(missing_ok=True)


def run(n: int, scratch: Path) -> dict[str, Any]:
    from netwarden.baseline import load_baseline
    from netwarden.jobs import live
    from netwarden.jobs.base import Loaded
    from netwarden.lab.service import down, lab_connections, lab_up, load
    from netwarden.platforms.linux_frr.driver import LinuxFRRDriver
    from netwarden.render.engine import Renderer

    inv = scratch / f"drift-lab-{n}"
    make_inventory(inv, n)
    workdir = Path(tempfile.mkdtemp(prefix=f"nwd{n}-", dir="/tmp"))
    os.chmod(workdir, 0o755)
    name = f"d{n}"
    ld = load(inv, workdir, name)
    base = load_baseline()
    row: dict[str, Any] = {"n": n}
    try:
        t = time.perf_counter()
        lab_up(inv, workdir, name)
        row["lab_up_s"] = round(time.perf_counter() - t, 2)
        conns = lab_connections(inv, workdir, name)
        assert conns is not None
        hosts = sorted(ld.network.devices)
        t = time.perf_counter()
        rep = live.apply_hosts(Loaded(ld.network, base), hosts, True, 120, conns, workers=8, progress=False)
        row["apply_s"] = round(time.perf_counter() - t, 2)
        assert rep.exit_code() == 0, rep.errors
        t = time.perf_counter()
        rep = live.drift_hosts(Loaded(ld.network, base), hosts, conns, workers=16, progress=False)
        row["drift_parallel_s"] = round(time.perf_counter() - t, 2)
        assert rep.exit_code() == 0, (rep.errors, [f.message for f in rep.failures][:5])
        intended = {r.hostname: r.text for r in Renderer(base).render_network(ld.network, hosts)}
        t = time.perf_counter()
        for h in hosts:  # what a user would otherwise write: one device after the other
            d = LinuxFRRDriver(**conns[h])
            d.open()
            d.get_effective_config()  # the same work drift does: the effective state, then the diff
            d.load_replace_candidate(config=intended[h])
            assert d.compare_config() == ""
            d.discard_config()
            d.close()
        row["drift_sequential_s"] = round(time.perf_counter() - t, 2)
        row["per_device_parallel_ms"] = round(row["drift_parallel_s"] * 1000 / n, 1)
        row["per_device_sequential_ms"] = round(row["drift_sequential_s"] * 1000 / n, 1)
        row["speedup"] = round(row["drift_sequential_s"] / row["drift_parallel_s"], 1)
    finally:
        down(ld.spec)
        shutil.rmtree(workdir, ignore_errors=True)
    return row


def main(argv: list[str]) -> int:
    sizes = [int(x) for x in argv] or [20]
    scratch = Path(tempfile.mkdtemp(prefix="nw-drift-bench-"))
    os.environ.setdefault("NETWARDEN_AUDIT_LOG", str(scratch / "audit.jsonl"))
    os.environ.setdefault("NETWARDEN_CACHE_DIR", str(scratch / "cache"))
    for n in sizes:
        print(run(n, scratch))
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main(sys.argv[1:]))

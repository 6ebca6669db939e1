"""Lab fixtures: a three-router lab per test module, always torn down."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from netwarden.lab import Lab, LabSpec, down, up
from netwarden.lab.examples import three_router_spec
from netwarden.lab.manager import REQUIRED_BINARIES, _link_exists, _netns_list

MISSING = [b for b in REQUIRED_BINARIES if shutil.which(b) is None]


def lab_skip_reason() -> str | None:
    if os.geteuid() != 0:
        return "lab tests need root"
    if MISSING or not Path("/usr/lib/frr/frrinit.sh").exists():
        return f"lab packages missing: {', '.join(MISSING) or 'frr'} (./scripts/setup.sh --lab)"
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    reason = lab_skip_reason()
    for item in items:
        if "tests/lab/" in str(item.fspath) and reason:
            item.add_marker(pytest.mark.skip(reason=reason))


def new_spec(tag: str, octet_offset: int = 0) -> LabSpec:
    workdir = Path(tempfile.mkdtemp(prefix=f"nwlab-{tag}-", dir="/tmp"))
    os.chmod(workdir, 0o755)
    n = (os.getpid() + octet_offset) % 40
    return three_router_spec(workdir, name=f"{tag}{os.getpid() % 10000}", third_octet=200 + n)


def leftovers(spec: LabSpec, pids: list[int]) -> list[str]:
    """Everything a torn-down lab must not leave behind."""
    lab = Lab(spec)
    out = []
    names = {spec.netns(n.name) for n in spec.nodes} | {spec.stub_netns}
    out += [f"netns {n}" for n in names & _netns_list()]
    links = [spec.mgmt_bridge] + [spec.mgmt_veth(n.name) for n in spec.devices]
    out += [f"link {ln}" for ln in links if _link_exists(ln)]
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                if fh.read().rsplit(")", 1)[1].split()[0] != "Z":
                    out.append(f"process {pid}")
        except OSError:
            pass
    paths = [spec.workdir] + [Path("/etc/netns") / n for n in names]
    for n in spec.devices:
        paths += [lab.frr_confdir(n.name), lab.frr_rundir(n.name)]
    out += [f"path {p}" for p in paths if p.exists()]
    with open("/proc/self/mountinfo") as fh:
        out += [f"mount {ln.split()[4]}" for ln in fh if str(spec.workdir) in ln]
    return out


def lab_pids(spec: LabSpec) -> list[int]:
    """PIDs of every process in the lab's namespaces (for the leftover check)."""
    from netwarden.lab.manager import _ns_inode, _pids_in_netns

    pids: list[int] = []
    for n in spec.nodes:
        ino = _ns_inode(spec.netns(n.name))
        if ino is not None:
            pids += _pids_in_netns(ino)
    return pids


@pytest.fixture(scope="module")
def lab3() -> Iterator[LabSpec]:
    if lab_skip_reason():
        pytest.skip(lab_skip_reason() or "")
    spec = new_spec("t")
    try:
        up(spec)
        yield spec
    finally:
        down(spec)

"""Build, inspect and tear down a lab of Linux network namespaces (docs/lab.md).

Every resource is recorded in ``<workdir>/state.json`` *before* it is created, so that
:func:`down` can remove everything even after :func:`up` crashed half-way. Processes are
stopped by the PIDs in their pidfiles (checked against the lab namespace), never by name.

This module holds the :class:`Lab` and the module API (:func:`up`, :func:`down`, :func:`status`);
beside it are the status model and :class:`LabError` (``status``), the host helpers (``system``),
the state file (``state``), the safety checks (``checks``), the host-level accounts
(``accounts``) and the teardown (``teardown``). Names other modules import from here are
re-exported.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from netwarden.lab.accounts import CLI_USER, LAB_PASSWORD, OPS_USER, ensure_accounts
from netwarden.lab.accounts import remove_accounts as remove_accounts
from netwarden.lab.checks import REQUIRED_BINARIES as REQUIRED_BINARIES
from netwarden.lab.checks import _check_prereqs, _check_workdir, _host_conflicts
from netwarden.lab.spec import LabNode, LabSpec, validate_spec
from netwarden.lab.state import STATE_NAME, _State
from netwarden.lab.status import LabError, LabStatus, NodeStatus
from netwarden.lab.system import (
    FRR_LIBDIR,
    _is_mountpoint,
    _link_exists,
    _netns_list,
    _ns_inode,
    _pid_alive,
    _proc_cmdline,
    _proc_ns_inode,
    _read_pid,
    _run,
    _write,
    ssh_banner,
)
from netwarden.lab.system import _pids_in_netns as _pids_in_netns
from netwarden.lab.teardown import _stop_frr_rundir, _teardown

log = logging.getLogger(__name__)

STATE_DIR_REL = "var/lib/netwarden"  # driver state dir, relative to a device's config root


# --------------------------------------------------------------------------------------
# the lab


class Lab:
    """One lab built from a :class:`LabSpec`; the module functions wrap this class."""

    def __init__(self, spec: LabSpec) -> None:
        self.spec = spec

    # ---- paths -------------------------------------------------------------------
    def uts_file(self, node: str) -> Path:
        return self.spec.node_dir(node) / "uts"

    def sshd_config(self, node: str) -> Path:
        return self.spec.node_dir(node) / "sshd_config"

    def sshd_pidfile(self, node: str) -> Path:
        return self.spec.node_dir(node) / "sshd.pid"

    def lldpd_pidfile(self, node: str) -> Path:
        return self.spec.node_dir(node) / "lldpd.pid"

    def lldpd_socket(self, node: str) -> Path:
        return self.spec.node_dir(node) / "lldpd.sock"

    def frr_confdir(self, node: str) -> Path:
        return Path("/etc/frr") / self.spec.netns(node)

    def frr_rundir(self, node: str) -> Path:
        return Path("/var/run/frr") / self.spec.netns(node)

    @property
    def key_file(self) -> Path:
        """Private key of the lab (accepted for both lab users on every device)."""
        return self.spec.workdir / "keys" / "id_ed25519"

    @property
    def authorized_keys(self) -> Path:
        return self.spec.workdir / "keys" / "authorized_keys"

    def ns_argv(self, node: str) -> list[str]:
        """Prefix that runs a command inside a node's UTS + network namespaces."""
        return ["nsenter", f"--uts={self.uts_file(node)}", "ip", "netns", "exec", self.spec.netns(node)]

    def driver_args(self, node: str, user: str = OPS_USER) -> dict[str, Any]:
        """Keyword arguments for ``LinuxFRRDriver(**args)`` talking to this lab device."""
        n = self.spec.node(node)
        if n.mgmt_address is None:
            raise LabError(f"{node} is not a device")
        return {
            "hostname": str(n.mgmt_address.ip),
            "username": user,
            "password": LAB_PASSWORD,
            "timeout": 30,
            "optional_args": {
                "key_file": str(self.key_file),
                "config_root": str(self.spec.config_root(node)),
                "frr_pathspace": self.spec.netns(node),
                "lldp_socket": str(self.lldpd_socket(node)),
                "sshd_config": str(self.sshd_config(node)),
                "sshd_reload": f"kill -HUP $(cat {self.sshd_pidfile(node)})",
                "state_dir": str(self.spec.config_root(node) / STATE_DIR_REL),
                "reload_commands": {},
            },
        }

    # ---- up ----------------------------------------------------------------------
    def up(self, *, wait: float = 60.0) -> LabStatus:
        t0 = time.monotonic()
        spec = self.spec
        errs = validate_spec(spec)
        if errs:
            raise LabError(f"lab {spec.name}: invalid spec:\n  " + "\n  ".join(errs))
        _check_prereqs()
        _check_workdir(spec.workdir)
        self._check_name_clashes()  # first: the bridge exemption below is for our own bridge only
        conflicts = _host_conflicts(spec)
        if conflicts:
            raise LabError(f"lab {spec.name}: refusing to build:\n  " + "\n  ".join(conflicts))
        ensure_accounts()
        spec.workdir.mkdir(parents=True, exist_ok=True)
        os.chmod(spec.workdir, 0o755)
        st = _State(spec.workdir)
        st.set("lab", spec.name)
        st.set("netns", {n.name: spec.netns(n.name) for n in spec.nodes})
        st.record("path", path=spec.workdir, last=True)
        self._keys(st)
        self._bridge(st)
        for n in spec.nodes:
            self._netns(st, n)
        self._links(st)
        for n in spec.nodes:
            self._addresses(n)
        with ThreadPoolExecutor(max_workers=min(16, max(1, len(spec.nodes)))) as pool:
            list(pool.map(lambda n: self._start_node(st, n), spec.nodes))
            # each lldpd sent its first frames before its peers listened: send again now
            list(pool.map(self._lldp_update, [n.name for n in spec.nodes]))
        status = self._wait_ready(wait)
        elapsed = time.monotonic() - t0
        status = LabStatus(status.name, status.workdir, status.bridge, status.nodes, elapsed)
        if not status.ok:
            raise LabError(f"lab {spec.name} did not come up: " + "; ".join(status.problems()))
        log.info("lab %s up in %.1fs", spec.name, elapsed)
        return status

    def _check_name_clashes(self) -> None:
        """Refuse namespaces/links that exist but are not recorded as ours."""
        state_path = self.spec.workdir / STATE_NAME
        ours: set[tuple[str, str]] = set()
        if state_path.exists():
            for r in json.loads(state_path.read_text()).get("resources", []):
                ours.add((r["kind"], r.get("name", "")))
        existing = _netns_list()
        for n in self.spec.nodes:
            ns = self.spec.netns(n.name)
            if ns in existing and ("netns", ns) not in ours:
                raise LabError(f"network namespace {ns} exists and does not belong to this lab's workdir")
        if self.spec.stub_netns in existing and ("netns", self.spec.stub_netns) not in ours:
            raise LabError(f"network namespace {self.spec.stub_netns} exists and is not this lab's")
        if _link_exists(self.spec.mgmt_bridge) and ("bridge", self.spec.mgmt_bridge) not in ours:
            raise LabError(f"interface {self.spec.mgmt_bridge} exists and is not this lab's bridge")

    def _keys(self, st: _State) -> None:
        kdir = self.key_file.parent
        kdir.mkdir(parents=True, exist_ok=True)
        os.chmod(kdir, 0o755)
        if not self.key_file.exists():
            _run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"netwarden-lab-{self.spec.name}",
                  "-f", str(self.key_file)])  # fmt: skip
        pub = self.key_file.with_suffix(".pub").read_text()
        _write(self.authorized_keys, pub, mode=0o644)

    def _bridge(self, st: _State) -> None:
        br = self.spec.mgmt_bridge
        st.record("bridge", name=br)
        if not _link_exists(br):
            _run(["ip", "link", "add", br, "type", "bridge"])
        for addr in self.spec.mgmt_networks:
            _run(["ip", "addr", "replace", str(addr), "dev", br])
        _run(["ip", "link", "set", br, "up"])

    def _netns(self, st: _State, n: LabNode) -> None:
        spec = self.spec
        ns = spec.netns(n.name)
        st.record("netns", name=ns)
        if ns not in _netns_list():
            _run(["ip", "netns", "add", ns])
        _run(["ip", "-n", ns, "link", "set", "lo", "up"])
        _run(["ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.ip_forward=1"])
        etc = Path("/etc/netns") / ns
        st.record("path", path=etc)
        _write(etc / "hosts", f"127.0.0.1 localhost\n127.0.1.1 {n.name}\n")
        node_dir = spec.node_dir(n.name)
        node_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(node_dir, 0o755)
        uts = self.uts_file(n.name)
        st.record("uts", path=uts)
        if not _is_mountpoint(uts):
            uts.touch()
            _run(["unshare", f"--uts={uts}", "hostname", n.name])
        if n.kind == "device":
            assert n.mgmt_address is not None
            host_end = spec.mgmt_veth(n.name)
            st.record("link", name=host_end)
            if not _link_exists("mgmt0", ns):
                if _link_exists(host_end):
                    _run(["ip", "link", "del", host_end])
                _run(["ip", "link", "add", host_end, "type", "veth", "peer", "name", "mgmt0", "netns", ns])
            _run(["ip", "link", "set", host_end, "master", spec.mgmt_bridge, "up"])
            _run(["ip", "-n", ns, "addr", "replace", str(n.mgmt_address), "dev", "mgmt0"])
            _run(["ip", "-n", ns, "link", "set", "mgmt0", "up"])

    def _links(self, st: _State) -> None:
        spec = self.spec
        linked: set[tuple[str, str]] = set()
        for link in spec.links:
            ns_a, ns_b = spec.netns(link.a), spec.netns(link.b)
            linked |= {(link.a, link.a_if), (link.b, link.b_if)}
            a_ok, b_ok = _link_exists(link.a_if, ns_a), _link_exists(link.b_if, ns_b)
            if a_ok and b_ok:
                continue
            for ok, ifname, ns in ((a_ok, link.a_if, ns_a), (b_ok, link.b_if, ns_b)):
                if ok:  # half a pair (the other end's namespace was recreated)
                    _run(["ip", "-n", ns, "link", "del", ifname])
            _run(["ip", "-n", ns_a, "link", "add", link.a_if, "type", "veth", "peer", "name", link.b_if,
                  "netns", ns_b])  # fmt: skip
        stubs = [(n, itf) for n in spec.nodes for itf in n.interfaces if (n.name, itf.name) not in linked]
        if not stubs:
            return
        sns = spec.stub_netns
        st.record("netns", name=sns)
        if sns not in _netns_list():
            _run(["ip", "netns", "add", sns])
        for i, (n, itf) in enumerate(sorted(stubs, key=lambda x: (x[0].name, x[1].name))):
            ns, peer = spec.netns(n.name), f"s{i}"
            if not _link_exists(itf.name, ns):
                if _link_exists(peer, sns):
                    _run(["ip", "-n", sns, "link", "del", peer])
                _run(["ip", "-n", ns, "link", "add", itf.name, "type", "veth", "peer", "name", peer,
                      "netns", sns])  # fmt: skip
            _run(["ip", "-n", sns, "link", "set", peer, "up"])

    def _addresses(self, n: LabNode) -> None:
        ns = self.spec.netns(n.name)
        for itf in n.interfaces:
            if itf.address is not None:
                _run(["ip", "-n", ns, "addr", "replace", str(itf.address), "dev", itf.name])
            _run(["ip", "-n", ns, "link", "set", itf.name, "up"])
        if n.default_gateway is not None:
            _run(["ip", "-n", ns, "route", "replace", "default", "via", str(n.default_gateway)])

    def _start_node(self, st: _State, n: LabNode) -> None:
        if n.kind == "device":
            self._start_frr(st, n)
            self._start_sshd(st, n)
        self._start_lldpd(st, n)

    def _frr_pids(self, node: str) -> dict[str, int | None]:
        rundir = self.frr_rundir(node)
        out: dict[str, int | None] = {}
        if rundir.is_dir():
            for pf in rundir.glob("*.pid"):
                out[pf.stem] = _read_pid(pf)
        return out

    def _frr_alive(self, node: str) -> dict[str, bool]:
        n = self.spec.node(node)
        pids = self._frr_pids(node)
        want = ["watchfrr", "zebra", *n.frr_daemons]
        return {d: (pids.get(d) is not None and _pid_alive(pids[d] or 0)) for d in want}

    def _start_frr(self, st: _State, n: LabNode) -> None:
        ns = self.spec.netns(n.name)
        confdir, rundir = self.frr_confdir(n.name), self.frr_rundir(n.name)
        st.record("path", path=confdir)
        st.record("path", path=rundir)
        st.record("frr", name=ns, rundir=rundir, node=n.name)
        if not confdir.exists():
            confdir.mkdir(parents=True)
            shutil.chown(confdir, "frr", "frr")
            os.chmod(confdir, 0o750)
        daemons = ["zebra=yes"] + [f"{d}=yes" for d in n.frr_daemons]
        daemons += ["vtysh_enable=yes", 'zebra_options="-A 127.0.0.1 -s 90000000"']
        daemons += [f'{d}_options="-A 127.0.0.1"' for d in n.frr_daemons]
        _write(confdir / "daemons", "\n".join(daemons) + "\n", 0o640, "frr", "frr")
        _write(confdir / "vtysh.conf", "service integrated-vtysh-config\n", 0o640, "frr", "frr")
        conf = confdir / "frr.conf"
        if not conf.exists():  # never overwrite a running device's saved config on re-run
            text = n.factory_frr
            if not any(line.startswith("hostname ") for line in text.splitlines()):
                text = f"hostname {n.name}\n" + text
            _write(conf, text.rstrip("\n") + "\n", 0o640, "frr", "frr")
        alive = self._frr_alive(n.name)
        if all(alive.values()):
            return
        if alive.get("watchfrr"):  # watchfrr restarts missing daemons by itself; give it a moment
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and not all(self._frr_alive(n.name).values()):
                time.sleep(0.1)
            if all(self._frr_alive(n.name).values()):
                return
        self._stop_frr(n.name)
        _run([*self.ns_argv(n.name), str(FRR_LIBDIR / "frrinit.sh"), "start", ns], timeout=60)

    def _start_sshd(self, st: _State, n: LabNode) -> None:
        assert n.mgmt_address is not None
        d = self.spec.node_dir(n.name)
        root = self.spec.config_root(n.name)
        for sub in ("etc/ssh/sshd_config.d", "etc/nftables.d"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        sdir = root / STATE_DIR_REL
        sdir.mkdir(parents=True, exist_ok=True)
        shutil.chown(sdir, OPS_USER, OPS_USER)
        os.chmod(sdir, 0o700)
        hostkey = d / "ssh_host_ed25519_key"
        if not hostkey.exists():
            _run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"{n.name}", "-f", str(hostkey)])
        conf = self.sshd_config(n.name)
        allow = " ".join(f"{u}@{n.mgmt_address.network}" for u in (CLI_USER, OPS_USER))
        _write(
            conf,
            f"# netwarden lab device {n.name}: main sshd config (docs/lab.md)\n"
            f"Include {root}/etc/ssh/sshd_config.d/*.conf\n"
            f"ListenAddress {n.mgmt_address.ip}\n"
            "Port 22\n"
            f"HostKey {hostkey}\n"
            f"PidFile {self.sshd_pidfile(n.name)}\n"
            f"AuthorizedKeysFile {self.authorized_keys}\n"
            "UsePAM no\nUseDNS no\nStrictModes no\nMaxStartups 100:30:200\n"
            "PasswordAuthentication yes\nPubkeyAuthentication yes\nKbdInteractiveAuthentication no\n"
            # the lab users only from the device's management network: sshd adds every AllowUsers line up,
            # and drift judges the effective configuration (`sshd -T`), this file included
            f"PermitRootLogin no\nAllowUsers {allow}\n"
            "Subsystem sftp /usr/lib/openssh/sftp-server\n",
        )
        pidfile = self.sshd_pidfile(n.name)
        st.record("pidfile", path=pidfile, netns=self.spec.netns(n.name), marker=str(conf))
        pid = _read_pid(pidfile)
        if pid and _pid_alive(pid) and self._pid_is_ours(pid, n.name, str(conf)):
            return
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
        _run(["/usr/sbin/sshd", "-t", "-f", str(conf)])
        _run([*self.ns_argv(n.name), "/usr/sbin/sshd", "-f", str(conf)])

    def _start_lldpd(self, st: _State, n: LabNode) -> None:
        pidfile, sock = self.lldpd_pidfile(n.name), self.lldpd_socket(n.name)
        st.record("pidfile", path=pidfile, netns=self.spec.netns(n.name), marker=str(sock))
        pid = _read_pid(pidfile)
        if pid and _pid_alive(pid) and self._pid_is_ours(pid, n.name, str(sock)):
            return
        sock.unlink(missing_ok=True)
        Path("/run/lldpd").mkdir(mode=0o755, exist_ok=True)
        conf = self.spec.node_dir(n.name) / "lldpd.conf"  # lldpcli commands run at start
        _write(conf, "configure lldp tx-interval 5\n")
        _run([*self.ns_argv(n.name), "lldpd", "-u", str(sock), "-p", str(pidfile), "-O", str(conf),
              "-I", "*,!mgmt0,!lo"])  # fmt: skip

    def _lldp_update(self, node: str) -> None:
        sock = self.lldpd_socket(node)
        deadline = time.monotonic() + 5
        while not sock.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        _run([*self.ns_argv(node), "lldpcli", "-u", str(sock), "update"], check=False)

    def _pid_is_ours(self, pid: int, node: str, marker: str) -> bool:
        inode = _ns_inode(self.spec.netns(node))
        return (inode is not None and _proc_ns_inode(pid) == inode) or marker in _proc_cmdline(pid)

    def _wait_ready(self, wait: float) -> LabStatus:
        deadline = time.monotonic() + wait
        pending = {n.name for n in self.spec.nodes}

        def check(name: str) -> tuple[str, bool]:
            return name, self.node_status(name, ssh_timeout=0.5).ok

        with ThreadPoolExecutor(max_workers=min(32, max(1, len(pending)))) as pool:
            while pending and time.monotonic() < deadline:
                for name, ok in pool.map(check, sorted(pending)):
                    if ok:
                        pending.discard(name)
                if pending:
                    time.sleep(0.1)
        return self.status()

    # ---- status ------------------------------------------------------------------
    def node_status(self, node: str, ssh_timeout: float = 1.0) -> NodeStatus:
        n = self.spec.node(node)
        ns = self.spec.netns(node)
        netns = _ns_inode(ns) is not None
        pid = _read_pid(self.lldpd_pidfile(node))
        lldpd = bool(pid and _pid_alive(pid) and self.lldpd_socket(node).exists())
        if n.kind != "device":
            return NodeStatus(node, n.kind, netns, lldpd=lldpd)
        assert n.mgmt_address is not None
        frr = self._frr_alive(node)
        if all(frr.values()):
            # daemons up is not enough: vtysh must answer in the device's pathspace
            cp = subprocess.run(
                [*self.ns_argv(node), "vtysh", "-N", ns, "-c", "show version"],
                capture_output=True, text=True, timeout=10, check=False,
            )  # fmt: skip
            if cp.returncode != 0:
                frr["vtysh"] = False
        # only over the lab's own bridge: without it the SYN would follow the host's default route
        sshd = netns and _link_exists(self.spec.mgmt_bridge) and ssh_banner(str(n.mgmt_address.ip), timeout=ssh_timeout)
        return NodeStatus(node, n.kind, netns, frr=frr, sshd=sshd, lldpd=lldpd)

    def status(self) -> LabStatus:
        br = _link_exists(self.spec.mgmt_bridge)
        with ThreadPoolExecutor(max_workers=min(32, max(1, len(self.spec.nodes)))) as pool:
            nodes = dict(zip([n.name for n in self.spec.nodes],
                             pool.map(self.node_status, [n.name for n in self.spec.nodes]), strict=True))  # fmt: skip
        return LabStatus(self.spec.name, self.spec.workdir, br, nodes)

    # ---- stop helpers ----------------------------------------------------------------
    def _stop_frr(self, node: str) -> None:
        _stop_frr_rundir(self.frr_rundir(node), self.spec.netns(node))

    # ---- probes ------------------------------------------------------------------
    def run_in(
        self, node: str, argv: Sequence[str], timeout: float = 10.0, check: bool = False,
        input: str | None = None,
    ) -> subprocess.CompletedProcess[str]:  # fmt: skip
        """Run argv inside the node's UTS + network namespaces (as root)."""
        self.spec.node(node)
        return _run([*self.ns_argv(node), *argv], check=check, timeout=timeout, input=input)


# --------------------------------------------------------------------------------------
# teardown: what a spec may have created (the teardown itself is in teardown.py)


def _spec_resources(spec: LabSpec) -> list[dict[str, Any]]:
    """What a lab built from ``spec`` may have created (used when the state file is missing)."""
    lab = Lab(spec)
    out: list[dict[str, Any]] = [{"kind": "bridge", "name": spec.mgmt_bridge}]
    for n in spec.nodes:
        ns = spec.netns(n.name)
        out += [
            {"kind": "netns", "name": ns},
            {"kind": "path", "path": str(Path("/etc/netns") / ns)},
            {"kind": "uts", "path": str(lab.uts_file(n.name))},
            {
                "kind": "pidfile",
                "path": str(lab.lldpd_pidfile(n.name)),
                "netns": ns,
                "marker": str(lab.lldpd_socket(n.name)),
            },
        ]
        if n.kind == "device":
            out += [
                {"kind": "link", "name": spec.mgmt_veth(n.name)},
                {"kind": "frr", "name": ns, "rundir": str(lab.frr_rundir(n.name)), "node": n.name},
                {"kind": "path", "path": str(lab.frr_confdir(n.name))},
                {"kind": "path", "path": str(lab.frr_rundir(n.name))},
                {
                    "kind": "pidfile",
                    "path": str(lab.sshd_pidfile(n.name)),
                    "netns": ns,
                    "marker": str(lab.sshd_config(n.name)),
                },
            ]
    out.append({"kind": "netns", "name": spec.stub_netns})
    out.append({"kind": "path", "path": str(spec.workdir), "last": True})
    return out


# --------------------------------------------------------------------------------------
# module API


def up(spec: LabSpec, *, wait: float = 60.0) -> LabStatus:
    """Build the lab (idempotent: on a running lab only what is missing is fixed)."""
    return Lab(spec).up(wait=wait)


def down(spec_or_workdir: LabSpec | Path | str) -> None:
    """Remove everything the lab created; raises LabError listing what could not be removed."""
    if isinstance(spec_or_workdir, LabSpec):
        workdir = spec_or_workdir.workdir
        extra = _spec_resources(spec_or_workdir)
    else:
        workdir = Path(spec_or_workdir)
        extra = None
    if os.geteuid() != 0:
        raise LabError("lab teardown needs root")
    problems = _teardown(workdir, extra)
    if problems:
        raise LabError("lab teardown incomplete:\n  " + "\n  ".join(problems))


def status(spec: LabSpec) -> LabStatus:
    return Lab(spec).status()

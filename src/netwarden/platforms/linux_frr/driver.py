"""NAPALM driver for ``linux_frr``: a Linux router running FRR, nftables and OpenSSH.

Transport is netmiko ``linux`` over SSH as an unprivileged operations user; privileged
commands go through ``sudo -n``. The configuration is the multi-section document of
docs/config-layout.md (``netwarden.platforms.linux_frr.layout``). Every path of that layout is prefixed
with the ``config_root`` optional argument (default ``/``); the lab gives each device its own.

Transactions (``load_*_candidate`` / ``compare_config`` / ``commit_config``):

* a candidate is uploaded (SFTP) to ``<state_dir>/candidate/`` and validated section by
  section (``vtysh -C -f``, ``nft -c -f``, ``sshd -t``, ``ssh-keygen -l``) before anything is
  compared or applied;
* ``commit_config`` validates again, snapshots the running document to
  ``<state_dir>/rollback/`` (and a ``restore.sh`` that re-applies it), then applies FRR
  (``frr-reload.py --reload`` + ``write memory``), nftables (``nft -f``) and the files;
  a failure while applying restores the snapshot;
* ``revert_in=N`` arms an on-device timer (``setsid`` shell, PID in ``<state_dir>/revert.pid``)
  that restores the snapshot unless ``confirm_commit`` disarms it first, even when the SSH
  session is gone.

optional_args: ``port`` (22), ``key_file``, ``config_root`` ("/"), ``frr_pathspace``
(``vtysh -N``; none), ``sudo`` ("sudo -n"), ``sshd_config`` (main sshd config; default
``<config_root>/etc/ssh/sshd_config``), ``sshd_reload`` ("systemctl reload ssh"),
``reload_commands`` (section -> command run with sudo after that section's file changed;
replaces the defaults for syslog/chrony/snmpd), ``state_dir`` (``<config_root>/var/lib/netwarden``),
``lldp_socket`` (``lldpcli -u``), ``frr_reload`` ("/usr/lib/frr/frr-reload.py"),
``frr_startup_config`` (default ``/etc/frr[/<pathspace>]/frr.conf``), ``command_timeout`` (60),
``netmiko_args`` (extra ConnectHandler arguments).
"""

from __future__ import annotations

import contextlib
import difflib
import io
import json
import logging
import re
import time
from collections.abc import Callable
from typing import Any

from napalm.base import NetworkDriver
from napalm.base.exceptions import (
    CommandErrorException,
    CommitConfirmException,
    CommitError,
    ConnectionException,
    MergeConfigException,
    ReplaceConfigException,
)

from netwarden.platforms.linux_frr.layout import (
    LINUX_FRR_SECTIONS,
    MARKER_RE,
    LayoutError,
    join_sections,
    split_sections,
)

log = logging.getLogger(__name__)

from netwarden.platforms.linux_frr.getters import Getters, _q  # noqa: E402

FILE_SECTIONS = tuple(s for s in LINUX_FRR_SECTIONS if s not in ("frr", "nftables"))
DEFAULT_RELOAD_COMMANDS = {
    "syslog": "systemctl restart rsyslog",
    "chrony": "systemctl restart chrony",
    "snmpd": "systemctl reload snmpd",
}
# What each daemon reads besides netwarden's own file, in the order it reads it: (main file, drop-in directory).
# A change that alters behaviour is drift wherever it was written, so the effective state reads them all.
EFFECTIVE_FILES: dict[str, tuple[str, str]] = {
    "syslog": ("/etc/rsyslog.conf", "/etc/rsyslog.d"),
    "chrony": ("/etc/chrony/chrony.conf", "/etc/chrony/conf.d"),
    "snmpd": ("/etc/snmp/snmpd.conf", "/etc/snmp/snmpd.conf.d"),
}
EFFECTIVE_FILE_MARK = "# netwarden effective state: from "
_FRR_NOISE = re.compile(
    r"^(Building configuration\.\.\.|Current configuration:|frr version .*|frr defaults .*|end|!.*)$"
)
_BEGIN_RE = re.compile(r"__NW_BEGIN\n")
_RC_RE = re.compile(r"\n__NW_RC=(\d+)\n?")
_SECRET_RE = re.compile(
    r"^(\s*(?:password|enable password|.*\bauthentication-key|.*\bmessage-digest-key \d+ md5|"
    r".*\bneighbor \S+ password|snmp-server community|community|rocommunity|rwcommunity|"
    r"createUser \S+ \S+)\s+)\S.*$",
    re.IGNORECASE | re.MULTILINE,
)


def normalise_frr_config(text: str) -> str:
    """FRR ``show running-config`` without its noise: the "Building configuration..." and
    "Current configuration:" banner, ``frr version``/``frr defaults``, ``!`` separators,
    ``end`` and blank lines. Used for running, startup and rollback snapshots alike."""
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").split("\n")]
    kept = [ln for ln in lines if ln.strip() and not _FRR_NOISE.match(ln.strip())]
    return "\n".join(kept) + "\n" if kept else ""


def normalise_nft_text(text: str) -> str:
    """Offline normalisation of nftables text (fallback when it cannot be loaded in a scratch
    namespace): no comments, no blank lines, no ``flush ruleset``, single spaces."""
    out = []
    for ln in text.replace("\r\n", "\n").split("\n"):
        s = ln.split("#", 1)[0].strip() if not ln.strip().startswith("#") else ""
        s = re.sub(r"\s+", " ", s)
        if s and s != "flush ruleset":
            out.append(s)
    return "\n".join(out) + "\n" if out else ""


def _sanitize(text: str) -> str:
    return _SECRET_RE.sub(lambda m: m.group(1) + "<removed>", text)


class LinuxFRRDriver(Getters, NetworkDriver):
    """NAPALM driver for Linux + FRRouting + nftables + OpenSSH devices."""

    platform = "linux_frr"

    def __init__(
        self,
        hostname: str,
        username: str,
        password: str,
        timeout: int = 60,
        optional_args: dict[str, Any] | None = None,
    ) -> None:
        opt = dict(optional_args or {})
        self.hostname = hostname
        self.username = username
        self.password = password
        self.timeout = timeout
        self.port = int(opt.get("port", 22))
        self.key_file: str | None = opt.get("key_file")
        self.config_root = str(opt.get("config_root", "/")).rstrip("/")
        self.frr_pathspace: str | None = opt.get("frr_pathspace") or None
        self.sudo: str = opt.get("sudo", "sudo -n")
        self.sshd_config = opt.get("sshd_config") or self._path("/etc/ssh/sshd_config")
        self.sshd_reload: str = opt.get("sshd_reload", "systemctl reload ssh")
        self.sshd_binary: str = opt.get("sshd_binary", "/usr/sbin/sshd")
        # given reload_commands replace the defaults entirely (the lab passes {}: nothing to reload)
        self.reload_commands: dict[str, str] = dict(opt.get("reload_commands", DEFAULT_RELOAD_COMMANDS))
        self.state_dir: str = (opt.get("state_dir") or self._path("/var/lib/netwarden")).rstrip("/")
        self.lldp_socket: str | None = opt.get("lldp_socket")
        self.frr_reload: str = opt.get("frr_reload", "/usr/lib/frr/frr-reload.py")
        ps = f"/{self.frr_pathspace}" if self.frr_pathspace else ""
        self.frr_startup_config: str = opt.get("frr_startup_config", f"/etc/frr{ps}/frr.conf")
        self.command_timeout = float(opt.get("command_timeout", 60))
        self.netmiko_args: dict[str, Any] = dict(opt.get("netmiko_args", {}))
        self.device: Any = None
        self._sftp: Any = None
        self._candidate: dict[str, str] | None = None
        self._candidate_text = ""
        self._merge = False
        #: called with (command, rc, output) for every command; used to record test fixtures
        self.recorder: Callable[[str, int, str], None] | None = None

    # ------------------------------------------------------------------ connection
    def open(self) -> None:
        from netmiko import ConnectHandler
        from netmiko.exceptions import NetmikoAuthenticationException, NetmikoTimeoutException

        args: dict[str, Any] = {
            "device_type": "linux",
            "host": self.hostname,
            "username": self.username,
            "password": self.password,
            "port": self.port,
            "timeout": self.timeout,
            "conn_timeout": self.timeout,
            "allow_agent": False,
            "ssh_config_file": None,
        }
        if self.key_file:
            args.update(use_keys=True, key_file=self.key_file)
        args.update(self.netmiko_args)
        try:
            self.device = ConnectHandler(**args)
        except (NetmikoAuthenticationException, NetmikoTimeoutException, OSError) as exc:
            # never include the password in the message
            raise ConnectionException(f"cannot connect to {self.hostname}:{self.port} as {self.username}: "
                                      f"{type(exc).__name__}") from None  # fmt: skip
        self._prepare_session()

    def _prepare_session(self) -> None:
        self._exec("stty -echo cols 32767 2>/dev/null; export LC_ALL=C TERM=dumb; true")
        sd = _q(self.state_dir)
        self._exec(
            f"test -d {sd} -a -w {sd} || {self.sudo} install -d -m 0700 -o \"$(id -un)\" {sd}",
            error="cannot create the driver state directory",
        )
        self._exec(f"mkdir -p {sd}/candidate {sd}/rollback", error="cannot use the state directory")

    def close(self) -> None:
        if self._sftp is not None:
            with contextlib.suppress(Exception):  # closing is best effort
                self._sftp.close()
            self._sftp = None
        if self.device is not None:
            try:
                self.device.disconnect()
            finally:
                self.device = None

    def is_alive(self) -> dict[str, bool]:
        if self.device is None:
            return {"is_alive": False}
        try:
            return {"is_alive": bool(self.device.is_alive())}
        except Exception:
            return {"is_alive": False}

    # ------------------------------------------------------------------ command plumbing
    def _path(self, device_path: str) -> str:
        """A layout path on the device, under config_root."""
        return f"{self.config_root}{device_path}" if self.config_root else device_path

    def _vtysh(self, args: str) -> str:
        ns = f" -N {_q(self.frr_pathspace)}" if self.frr_pathspace else ""
        return f"{self.sudo} vtysh{ns} {args}"

    def _exec(
        self, cmd: str, *, error: str | None = None, timeout: float | None = None,
        exc: type[Exception] = CommandErrorException,
    ) -> tuple[int, str]:  # fmt: skip
        """Run one shell command line; returns (exit status, stdout+stderr).

        With ``error`` set, a non-zero status raises ``exc(error: output)``."""
        if self.device is None:
            raise ConnectionException("not connected: call open() first")
        wrapped = f"printf '%s_%s\\n' __NW BEGIN; {{ {cmd} ; }} 2>&1; printf '\\n%s_RC=%s\\n' __NW $?"
        raw = self.device.send_command(
            wrapped,
            expect_string=r"__NW_RC=\d+\s*\n",
            read_timeout=timeout or self.command_timeout,
            cmd_verify=False,
            strip_prompt=False,
            strip_command=False,
        )
        rc, out = self._parse(raw)
        if self.recorder is not None:
            self.recorder(cmd, rc, out)
        log.debug("%s: rc=%s %s", self.hostname, rc, cmd[:200])
        if error is not None and rc != 0:
            raise exc(f"{error}: {out.strip()}")
        return rc, out

    @staticmethod
    def _parse(raw: str) -> tuple[int, str]:
        text = raw.replace("\r\n", "\n").replace("\r", "")
        m = _BEGIN_RE.search(text)
        if not m:
            raise CommandErrorException(f"unexpected shell output: {text[-300:]!r}")
        rest = text[m.end():]
        r = _RC_RE.search(rest)
        if not r:
            raise CommandErrorException(f"no exit status in shell output: {rest[-300:]!r}")
        return int(r.group(1)), rest[: r.start()]

    def _put_file(self, remote_path: str, text: str) -> None:
        """Upload text to a path the ops user may write (the state directory)."""
        if self._sftp is None:
            self._sftp = self.device.remote_conn_pre.open_sftp()
        self._sftp.putfo(io.BytesIO(text.encode()), remote_path)

    def _read_file(self, path: str) -> str | None:
        """A file's text (via sudo), or None when it does not exist."""
        p = _q(path)
        rc, out = self._exec(f"if {self.sudo} test -e {p}; then {self.sudo} cat -- {p}; "
                             f"else printf '%s\\n' __NW_ABSENT; fi")  # fmt: skip
        if rc != 0:
            raise CommandErrorException(f"cannot read {path}: {out.strip()}")
        if out == "__NW_ABSENT\n":
            return None
        return out

    def cli(self, commands: list[str], encoding: str = "text") -> dict[str, str | dict[str, Any]]:
        if encoding != "text":
            raise NotImplementedError(f"{encoding} is not a supported encoding")
        out: dict[str, str | dict[str, Any]] = {}
        for c in commands:
            out[c] = self._exec(c)[1]
        return out

    def _running_sections(self, files: tuple[str, ...] = FILE_SECTIONS) -> dict[str, str]:
        """FRR's running config, the nftables ruleset, and netwarden's own ``files`` as they are on the device."""
        sections: dict[str, str] = {}
        rc, frr = self._exec(self._vtysh("-c 'show running-config'"))
        if rc != 0:
            raise CommandErrorException(f"show running-config: {frr.strip()}")
        sections["frr"] = normalise_frr_config(frr)
        rc, nft = self._exec(f"{self.sudo} nft -s list ruleset")
        if rc != 0:
            raise CommandErrorException(f"nft list ruleset: {nft.strip()}")
        if nft.strip():  # an empty ruleset is no section
            sections["nftables"] = nft
        for name in files:
            text = self._read_file(self._path(LINUX_FRR_SECTIONS[name]))
            if text is not None:
                sections[name] = text
        return sections

    def _files_in_order(self, section: str) -> str:
        """A daemon's whole configuration as it reads it (main file, then its drop-ins in lexical order), each
        file behind a comment naming it (device paths, without config_root)."""
        main, conf_d = EFFECTIVE_FILES[section]
        mark = _q(EFFECTIVE_FILE_MARK)
        rc, out = self._exec(f"nw_rc=0; for f in {_q(self._path(main))} {_q(self._path(conf_d))}/*.conf; do "
                             f"if {self.sudo} test -f \"$f\"; then printf '%s%s\\n' {mark} \"$f\"; "
                             f"{self.sudo} cat -- \"$f\" || nw_rc=1; printf '\\n'; fi; done; test $nw_rc = 0")
        if rc != 0:
            raise CommandErrorException(f"cannot read the {section} configuration: {out.strip()}")
        if self.config_root:
            out = out.replace(f"{EFFECTIVE_FILE_MARK}{self.config_root}/", f"{EFFECTIVE_FILE_MARK}/")
        return out

    def _effective_sections(self) -> dict[str, str]:
        """What the device does, whoever wrote it: FRR's running config, the whole nftables ruleset (tables
        netwarden does not own included), sshd's effective configuration (``sshd -T``: every drop-in, first
        value wins, defaults shown), and every file rsyslog, chrony and snmpd read."""
        # sshd and the daemons of EFFECTIVE_FILES are read whole below, not their netwarden file first
        sections = self._running_sections(tuple(n for n in FILE_SECTIONS if n != "sshd" and n not in EFFECTIVE_FILES))
        rc, sshd = self._exec(f"{self.sudo} {self.sshd_binary} -T -f {_q(self.sshd_config)}")
        if rc != 0:
            raise CommandErrorException(f"sshd -T (the effective sshd configuration): {sshd.strip()}")
        sections["sshd"] = sshd
        for name in EFFECTIVE_FILES:
            text = self._files_in_order(name)
            if text.strip():
                sections[name] = text
        return sections

    def get_effective_config(self) -> str:
        """The effective state as one document in the layout (docs/config-layout.md): what drift judges with the
        rules. Sections ``syslog``, ``chrony`` and ``snmpd`` hold every file the daemon reads, ``sshd`` the output
        of ``sshd -T``."""
        secs = self._effective_sections()
        return join_sections({n: secs[n] for n in LINUX_FRR_SECTIONS if n in secs})

    def _startup_sections(self) -> dict[str, str]:
        sections: dict[str, str] = {}
        frr = self._read_file(self.frr_startup_config)
        if frr is not None:
            sections["frr"] = normalise_frr_config(frr)
        for name in ("nftables", *FILE_SECTIONS):
            text = self._read_file(self._path(LINUX_FRR_SECTIONS[name]))
            if text is not None:
                sections[name] = text
        return sections

    def get_config(
        self, retrieve: str = "all", full: bool = False, sanitized: bool = False, format: str = "text"
    ) -> dict[str, str]:
        if retrieve not in ("all", "running", "candidate", "startup"):
            raise ValueError(f"retrieve must be all, running, candidate or startup, not {retrieve!r}")
        if format != "text":
            raise NotImplementedError("only format='text'")
        cfg = {"running": "", "candidate": "", "startup": ""}
        if retrieve in ("all", "running"):
            cfg["running"] = join_sections(self._running_sections())
        if retrieve in ("all", "startup"):
            cfg["startup"] = join_sections(self._startup_sections())
        if retrieve in ("all", "candidate") and self._candidate is not None:
            cfg["candidate"] = self._candidate_text
        if sanitized:
            cfg = {k: _sanitize(v) for k, v in cfg.items()}
        return cfg

    # ---- candidate
    def load_replace_candidate(self, filename: str | None = None, config: str | None = None) -> None:
        self._load(filename, config, merge=False)

    def load_merge_candidate(self, filename: str | None = None, config: str | None = None) -> None:
        self._load(filename, config, merge=True)

    def _exc(self) -> type[Exception]:
        return MergeConfigException if self._merge else ReplaceConfigException

    def _load(self, filename: str | None, config: str | None, merge: bool) -> None:
        exc: type[Exception] = MergeConfigException if merge else ReplaceConfigException
        if filename is None and config is None:
            raise exc("give filename= or config=")
        if filename is not None:
            with open(filename) as fh:
                config = fh.read()
        assert config is not None
        try:
            parsed = split_sections(config)
        except LayoutError as e:
            raise exc(f"candidate is not a linux_frr document: {e}") from None
        if not parsed:
            raise exc("candidate has no '#@netwarden section=' markers (docs/config-layout.md)")
        sections: dict[str, str] = {}
        for name, sec in parsed.items():
            if name not in LINUX_FRR_SECTIONS:
                raise exc(f"unknown section {name!r} (line {sec.first_line - 1})")
            if sec.path != LINUX_FRR_SECTIONS[name]:
                raise exc(f"section {name}: path {sec.path} is not {LINUX_FRR_SECTIONS[name]}")
            body = sec.body
            if name == "nftables" and not merge and not re.match(r"^\s*flush ruleset\b", body):
                body = "flush ruleset\n" + body  # replace means replace the whole ruleset
            sections[name] = body
        self.discard_config()
        self._merge = merge
        for name, body in sections.items():
            self._put_file(self._staged(name), body)
        problems = self._validate(sections)
        if problems:
            self.discard_config()
            raise exc("candidate refused: " + "; ".join(problems))
        # keep the document's own order = layout order
        self._candidate = {n: sections[n] for n in LINUX_FRR_SECTIONS if n in sections}
        self._candidate_text = join_sections(self._candidate)

    def _staged(self, name: str) -> str:
        return f"{self.state_dir}/candidate/{name}"

    def _validate(self, sections: dict[str, str]) -> list[str]:
        problems = []
        for name in sections:
            staged = _q(self._staged(name))
            if name == "frr":
                rc, out = self._exec(self._vtysh(f"-C -f {staged}"))
            elif name == "nftables":
                rc, out = self._exec(f"{self.sudo} nft -c -f {staged}")
            elif name == "sshd":
                wrapper = f"{self.state_dir}/candidate/sshd_test.conf"
                self._put_file(wrapper, f"Include {self._staged('sshd')}\nInclude {self.sshd_config}\n")
                rc, out = self._exec(f"{self.sudo} sshd -t -f {_q(wrapper)}")
            elif name == "ssh_ca":
                rc, out = self._exec(f"ssh-keygen -l -f {staged}")
            else:
                continue
            if rc != 0:
                problems.append(f"{name}: {out.strip()}")
        return problems

    def discard_config(self) -> None:
        self._candidate = None
        self._candidate_text = ""
        if self.device is not None:
            self._exec(f"rm -rf {_q(self.state_dir)}/candidate; mkdir -p {_q(self.state_dir)}/candidate")

    # ---- compare
    def compare_config(self) -> str:
        if self._candidate is None:
            return ""
        # the candidate was validated when it was loaded (load refuses an invalid one) and cannot
        # have changed since: no second round of vtysh -C / nft -c / sshd -t here
        out: list[str] = []
        for name, body in self._candidate.items():
            diff = self._section_diff(name, body)
            if diff.strip():
                out.append(f"#@netwarden section={name} path={LINUX_FRR_SECTIONS[name]}")
                out.append(diff.rstrip("\n"))
        return "\n".join(out) + "\n" if out else ""

    def _section_diff(self, name: str, body: str) -> str:
        if name == "frr":
            if self._merge:
                return "".join(f"+{ln}\n" for ln in normalise_frr_config(body).splitlines())
            rc, out = self._exec(f"{self.sudo} {self.frr_reload} --test --stdout{self._ns_opt()} "
                                 f"{_q(self._staged('frr'))} 2>/dev/null")  # fmt: skip
            if rc != 0:
                raise self._exc()(f"frr-reload.py --test failed: {out.strip()}")
            return self._frr_reload_diff(out)
        if name == "nftables":
            if self._merge:
                return "".join(f"+{ln}\n" for ln in body.splitlines() if ln.strip())
            rc, running = self._exec(f"{self.sudo} nft -s list ruleset")
            cand = self._nft_normalised_candidate()
            if cand is None:  # could not load it in a scratch namespace: compare normalised text
                running, cand = normalise_nft_text(running), normalise_nft_text(body)
            return "".join(difflib.unified_diff(
                running.splitlines(keepends=True), cand.splitlines(keepends=True), "running", "candidate"))  # fmt: skip
        path = LINUX_FRR_SECTIONS[name]
        current = self._read_file(self._path(path)) or ""
        return "".join(difflib.unified_diff(
            current.splitlines(keepends=True), body.splitlines(keepends=True), path, path))  # fmt: skip

    def _ns_opt(self) -> str:
        return f" -N {_q(self.frr_pathspace)}" if self.frr_pathspace else ""

    @staticmethod
    def _frr_reload_diff(out: str) -> str:
        """frr-reload.py --test output ("Lines To Delete" / "Lines To Add") as -/+ lines."""
        lines: list[str] = []
        mode = ""
        for ln in out.splitlines():
            if ln.startswith("Lines To Delete"):
                mode = "-"
                continue
            if ln.startswith("Lines To Add"):
                mode = "+"
                continue
            if not mode or not ln.strip() or set(ln.strip()) == {"="}:
                continue
            lines.append(f"{mode}{ln}")
        return "\n".join(lines) + "\n" if lines else ""

    def _nft_normalised_candidate(self) -> str | None:
        """The candidate ruleset as ``nft -s list ruleset`` prints it, loaded in a throwaway
        network namespace (None if that is not possible)."""
        cmd = (f"printf 'include \"%s\"\\nlist ruleset\\n' {_q(self._staged('nftables'))} | "
               f"TERM=dumb {self.sudo} unshare --net nft -s -i")  # fmt: skip
        rc, out = self._exec(cmd)
        if rc != 0 or "Error:" in out:
            return None
        noise = ("No entry for terminal", "using dumb terminal")
        return "\n".join(ln for ln in out.splitlines() if not ln.startswith(noise)) + "\n"

    # ---- commit / rollback
    def has_pending_commit(self) -> bool:
        if self.device is None:
            return False
        sd = _q(self.state_dir)
        rc, _ = self._exec(f"test -e {sd}/armed && kill -0 \"$(cat {sd}/revert.pid 2>/dev/null)\" 2>/dev/null")
        return rc == 0

    def commit_config(self, message: str = "", revert_in: int | None = None) -> None:
        if self.has_pending_commit():
            raise CommitError("a commit is pending confirmation: confirm_commit() or rollback() first")
        if self._candidate is None:
            raise CommitError("no candidate loaded")
        if revert_in is not None and (not isinstance(revert_in, int) or revert_in <= 0):
            raise CommitError("revert_in must be a positive number of seconds")
        cand = self._candidate
        problems = self._validate(cand)
        if problems:
            raise self._exc()("candidate refused, nothing changed: " + "; ".join(problems))
        self._snapshot(message)
        try:
            self._apply(cand)
        except CommandErrorException as e:
            rc, out = self._exec(f"sh {_q(self.state_dir)}/restore.sh")
            note = "restored the previous configuration" if rc == 0 else f"RESTORE FAILED: {out.strip()}"
            raise CommitError(f"commit failed ({e}); {note}") from None
        if revert_in is not None:
            self._arm(revert_in)
        self.discard_config()

    def _snapshot(self, message: str) -> None:
        """Save the running document and a restore script in <state_dir>/rollback."""
        running = self._running_sections()
        sd = self.state_dir
        rb = f"{sd}/rollback"
        self._exec(f"rm -rf {_q(rb)}.new && mkdir -p {_q(rb)}.new", error="cannot write snapshot",
                   exc=CommitError)  # fmt: skip
        self._put_file(f"{rb}.new/running.cfg", join_sections(running))
        self._put_file(f"{rb}.new/frr.conf", running.get("frr", ""))
        self._put_file(f"{rb}.new/nftables.nft", "flush ruleset\n" + running.get("nftables", ""))
        for name in FILE_SECTIONS:
            if name in running:
                self._put_file(f"{rb}.new/{name}", running[name])
        self._put_file(f"{rb}.new/meta.json", json.dumps({"time": time.time(), "message": message}) + "\n")
        self._put_file(f"{sd}/restore.sh.new", self._restore_script(running))
        self._exec(f"rm -rf {_q(rb)} && mv {_q(rb)}.new {_q(rb)} && mv {_q(sd)}/restore.sh.new {_q(sd)}/restore.sh",
                   error="cannot write snapshot", exc=CommitError)  # fmt: skip

    def _restore_script(self, running: dict[str, str]) -> str:
        sd, rb, s = self.state_dir, f"{self.state_dir}/rollback", self.sudo
        lines = [
            "#!/bin/sh",
            "# netwarden linux_frr: restore the configuration saved before the last commit",
            "rc=0",
            f"{s} {self.frr_reload} --reload --stdout{self._ns_opt()} {_q(rb + '/frr.conf')} >/dev/null 2>&1 "
            "|| rc=1",
            f"{self._vtysh('-c ' + _q('write memory'))} >/dev/null 2>&1 || rc=1",
            f"{s} nft -f {_q(rb + '/nftables.nft')} || rc=1",
        ]
        for name in FILE_SECTIONS:
            dest = _q(self._path(LINUX_FRR_SECTIONS[name]))
            if name in running:
                lines.append(f"{s} install -D -m 0644 {_q(rb + '/' + name)} {dest} || rc=1")
            else:
                lines.append(f"{s} rm -f {dest} || rc=1")
        lines.append(f"{s} {self.sshd_reload} || rc=1")
        for name, cmd in self.reload_commands.items():
            if cmd and name in FILE_SECTIONS:
                lines.append(f"{s} {cmd} >/dev/null 2>&1 || true")
        lines += [f"date +%s > {_q(sd)}/last_restore", "exit $rc", ""]
        return "\n".join(lines)

    def _apply(self, cand: dict[str, str]) -> None:
        s = self.sudo
        if "frr" in cand:
            staged = _q(self._staged("frr"))
            if self._merge:
                self._exec(self._vtysh(f"-f {staged}"), error="vtysh -f")
            else:
                self._exec(f"{s} {self.frr_reload} --reload --stdout{self._ns_opt()} {staged}",
                           error="frr-reload.py --reload", timeout=max(120.0, self.command_timeout))  # fmt: skip
            self._exec(self._vtysh("-c 'write memory'"), error="write memory")
        if "nftables" in cand:
            staged = _q(self._staged("nftables"))
            self._exec(f"{s} nft -f {staged}", error="nft -f")
            if not self._merge:
                dest = _q(self._path(LINUX_FRR_SECTIONS["nftables"]))
                self._exec(f"{s} install -D -m 0644 {staged} {dest}", error="install nftables file")
        reload_sshd = False
        for name in FILE_SECTIONS:
            if name not in cand:
                continue
            dest = _q(self._path(LINUX_FRR_SECTIONS[name]))
            self._exec(f"{s} install -D -m 0644 {_q(self._staged(name))} {dest}", error=f"install {name}")
            if name in ("sshd", "ssh_ca"):
                reload_sshd = True
            elif self.reload_commands.get(name):
                self._exec(f"{s} {self.reload_commands[name]}", error=f"reload {name}")
        if reload_sshd:
            self._exec(f"{s} {self.sshd_reload}", error="sshd reload")

    def _arm(self, seconds: int) -> None:
        sd = _q(self.state_dir)
        script = (
            "#!/bin/sh\n"
            f"sleep {int(seconds)}\n"
            f"mv {sd}/armed {sd}/firing 2>/dev/null || exit 0\n"
            f"sh {sd}/restore.sh > {sd}/revert.log 2>&1\n"
            f"rm -f {sd}/firing {sd}/revert.pid\n"
        )
        self._put_file(f"{self.state_dir}/revert.sh", script)
        inner = _q(f"echo $$ > {self.state_dir}/revert.pid; exec sh {self.state_dir}/revert.sh")
        self._exec(
            f"rm -f {sd}/confirmed {sd}/firing {sd}/revert.pid; : > {sd}/armed; "
            f"setsid -f sh -c {inner} </dev/null >/dev/null 2>&1; "
            f"for i in 1 2 3 4 5 6 7 8 9 10; do test -s {sd}/revert.pid && break; sleep 0.1; done; "
            f"test -s {sd}/revert.pid",
            error="cannot arm the revert timer", exc=CommitError,
        )  # fmt: skip

    def _disarm(self) -> bool:
        """Stop the revert timer; False if it had already fired (or none was armed)."""
        sd = _q(self.state_dir)
        rc, _ = self._exec(f"mv {sd}/armed {sd}/confirmed")
        if rc != 0:
            return False
        self._exec(f"p=$(cat {sd}/revert.pid 2>/dev/null) && kill -TERM -- -\"$p\" 2>/dev/null; "
                   f"rm -f {sd}/revert.pid; true")  # fmt: skip
        return True

    def confirm_commit(self) -> None:
        if not self._disarm():
            sd = _q(self.state_dir)
            rc, _ = self._exec(f"test -e {sd}/firing -o -e {sd}/last_restore -a ! -e {sd}/confirmed")
            raise CommitConfirmException(
                "no pending commit to confirm"
                + (" (the revert timer has already restored the previous configuration)" if rc == 0 else "")
            )

    def rollback(self) -> None:
        sd = _q(self.state_dir)
        self._disarm()
        rc, _ = self._exec(f"test -f {sd}/restore.sh")
        if rc != 0:
            raise CommitError("nothing to roll back to (no commit made through this driver)")
        rc, out = self._exec(f"sh {sd}/restore.sh", timeout=max(120.0, self.command_timeout))
        if rc != 0:
            raise CommitError(f"rollback failed: {out.strip()}")


def drift_view(diff: str, effective: str, intended: str, host: str, masked: Callable[[str], str]) -> tuple[str, str]:
    """(diff for people, remediation) from the driver's diff (``compare_config``: FRR's reload commands, nftables
    and files as unified diffs) and the effective and intended documents: the FRR section's changes placed in
    context (ops/people_diff.py), the other sections as they are; the remediation is what ``apply`` would do."""
    from netwarden.ops.people_diff import frr_changes, placed_diff

    chunks: dict[str, list[str]] = {}
    name = ""
    for ln in diff.splitlines():
        m = MARKER_RE.match(ln)
        if m:
            name = m["name"]
            chunks[name] = []
        elif name:
            chunks[name].append(ln)
    if not chunks:  # not the driver's own diff (no section markers): as it is
        return diff, ""
    out: list[str] = []
    rem: list[str] = []
    for name, lines in chunks.items():
        path = LINUX_FRR_SECTIONS.get(name, name)
        if name == "frr":
            ch = frr_changes(lines)
            run = split_sections(effective).get("frr")
            want = split_sections(intended).get("frr")
            r = [masked(x) for x in normalise_frr_config(run.body if run else "").splitlines()]
            i = [masked(x) for x in normalise_frr_config(want.body if want else "").splitlines()]
            out.append(placed_diff(r, i, ch, f"{host} running {path}", f"{host} intended {path}"))
            rem += [f"# vtysh (as frr-reload.py would run it), {path}", *ch.commands]
        else:
            out.append("\n".join(lines))
            rem.append(f"# replace {path} with the intended file" + (" (nft -f, atomically)" if name == "nftables"
                                                                     else ""))
    return "\n".join(x for x in out if x), "\n".join(rem)

"""Replay recorded device output through the *real* NAPALM drivers (``ios`` from napalm,
``huawei_vrp`` from napalm-huawei-vrp), the way napalm's own tests do (test/ios/conftest.py:
``PatchedIOSDriver`` + ``FakeIOSDevice``): the real driver class runs unchanged, only its
netmiko connection is replaced by a fake that answers every command from a recording.

A case directory (``mocked_data/<platform>/<case>/``) holds ``commands.json``: a list of
``{"cmd": ..., "output_file": ...}``.  A command recorded several times is answered in that
order (the last answer repeats), so one recording covers a whole apply: the first
``show archive config differences`` is the diff before the commit, the second the one in the
verification session after it.  Output files may be shared through ``../common/...``.

Nothing here opens a socket: ``open()`` attaches the fake box (by the ``fake_device``
optional argument) instead of calling netmiko's ConnectHandler, and the IOS file transfer
(``_scp_file``) stores the candidate on the fake box.  SCP is a transport, not device output:
what a recorded-output test can check is *which* file the driver puts *where* and what it
then asks the device to do with it.  An unrecorded command fails the test loudly.

``python -m tests.drivers.napalm_fakes`` rewrites the running-config recordings from the
current templates (the device's own view of the rendered config: header lines, hashed and
type-7 secrets, SNMPv3 users hidden, ``end``/``return``), so they follow template changes."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import socket
from collections import defaultdict, deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

MOCKED = Path(__file__).parent / "mocked_data"
IOS = MOCKED / "ios"
VRP = MOCKED / "huawei_vrp"
USERNAME = "nwops"


class UnrecordedCommand(AssertionError):
    pass


class FakeBox:
    """One device: its recorded answers, the files put on its flash, everything sent to it."""

    def __init__(self, name: str, case_dir: Path, prompt: str) -> None:
        self.name = name
        self.case_dir = case_dir
        self.prompt = prompt
        self.answers: dict[str, deque[str]] = defaultdict(deque)
        for entry in json.loads((case_dir / "commands.json").read_text()):
            self.answers[entry["cmd"]].append((case_dir / entry["output_file"]).read_text())
        self.sent: list[str] = []  # every command in order (config-set lines prefixed "(config) ")
        self.files: dict[str, str] = {}  # path on the device -> content
        self.sessions = 0
        self.down_from_session: int | None = None  # from this session on, the box does not answer

    def answer(self, cmd: str) -> str:
        self.sent.append(cmd)
        queue = self.answers.get(cmd)
        if not queue:
            case = f"{self.case_dir.parent.name}/{self.case_dir.name}"
            raise UnrecordedCommand(f"{self.name}: no recorded answer for {cmd!r} (case {case})")
        return queue.popleft() if len(queue) > 1 else queue[0]

    def configure_commands(self) -> list[str]:
        return [c for c in self.sent if c.startswith("configure ")]


class FakeNetmiko:
    """The parts of a netmiko connection the NAPALM drivers use, answered from the box."""

    def __init__(self, box: FakeBox) -> None:
        self.box = box
        self.config = False

    def send_command(self, command_string: str, **_: Any) -> str:
        return self.box.answer(command_string)

    def send_command_timing(self, command_string: str, **_: Any) -> str:
        return self.box.answer(command_string)

    def send_config_set(self, config_commands: Any = None, **_: Any) -> str:
        cmds = [config_commands] if isinstance(config_commands, str) else list(config_commands or [])
        out = [f"{self.box.prompt[:-1]}(config)#{c}" for c in cmds]
        self.box.sent.extend(f"(config) {c}" for c in cmds)
        return "\n".join(["configure terminal", *out, "end"])

    def find_prompt(self, *_: Any, **__: Any) -> str:
        return self.box.prompt

    def set_base_prompt(self, *_: Any, **__: Any) -> str:
        return self.box.prompt[:-1]

    def check_enable_mode(self, *_: Any) -> bool:
        return True

    def enable(self, *_: Any, **__: Any) -> str:
        return ""

    def check_config_mode(self, *_: Any, **__: Any) -> bool:
        return self.config

    def config_mode(self, config_command: str = "configure terminal", **_: Any) -> str:
        self.box.answer(config_command)
        self.config = True
        return ""

    def exit_config_mode(self, *_: Any, **__: Any) -> str:
        self.config = False
        return ""

    def save_config(self, cmd: str = "write mem", **_: Any) -> str:
        return self.box.answer(cmd)

    def _autodetect_fs(self, cmd: str = "dir", pattern: str = r"Directory of (.*)/") -> str:
        # netmiko's CiscoBaseConnection._autodetect_fs, on the recorded `dir` output
        m = re.search(pattern, self.box.answer(cmd))
        assert m, "recorded `dir` output has no 'Directory of'"
        fs = m.group(1)
        out = self.box.answer(f"dir {fs}")
        assert "% Invalid" not in out and "%Error:" not in out
        return fs

    def write_channel(self, _: str) -> None:
        pass

    def disconnect(self) -> None:
        pass


def _scp_to_box(self: Any, source_file: str, dest_file: str, file_system: str) -> tuple[bool, str]:
    """Replaces IOSDriver._scp_file: the candidate lands on the fake box's flash."""
    path = f"{file_system}/{dest_file}"
    self.device.box.files[path] = Path(source_file).read_text()
    self.device.box.sent.append(f"(scp) put {path}")
    return True, "File successfully transferred to remote device"


def recorded_driver(base: type) -> type:
    """The real driver class, with open() attaching the fake box named by optional_args."""
    boxes: dict[str, FakeBox] = {}

    class Recorded(base):  # type: ignore[misc,valid-type]
        fake_boxes = boxes

        def __init__(self, hostname: str, username: str, password: str, timeout: int = 60,
                     optional_args: dict[str, Any] | None = None) -> None:
            assert hostname == "127.0.0.1", "replayed drivers only ever get a loopback address"
            self._fake_name = (optional_args or {})["fake_device"]
            super().__init__(hostname, username, password, timeout, optional_args)

        def open(self) -> None:
            box = boxes[self._fake_name]
            box.sessions += 1
            if box.down_from_session is not None and box.sessions >= box.down_from_session:
                from napalm.base.exceptions import ConnectionException

                raise ConnectionException(f"Cannot connect to {self.hostname}")  # what napalm raises on a timeout
            self.device = self._netmiko_device = FakeNetmiko(box)

        if hasattr(base, "_scp_file"):
            _scp_file = _scp_to_box

    Recorded.__name__ = f"Recorded{base.__name__}"
    return Recorded


def install(monkeypatch: pytest.MonkeyPatch, cases: dict[str, tuple[str, Path]]) -> dict[str, FakeBox]:
    """Make netwarden's connect.get_driver hand out replaying drivers.

    ``cases``: device name -> (napalm driver name, case directory).  Returns the boxes."""
    import napalm

    from netwarden.ops import connect

    drivers: dict[str, type] = {}
    boxes: dict[str, FakeBox] = {}
    for host, (name, case_dir) in cases.items():
        if name not in drivers:
            drivers[name] = recorded_driver(napalm.get_network_driver(name))
        prompt = f"<{host}>" if name == "huawei_vrp" else f"{host}#"
        boxes[host] = drivers[name].fake_boxes[host] = FakeBox(host, case_dir, prompt)  # type: ignore[attr-defined]

    def get_driver(name: str) -> type:
        assert name in drivers, f"no recording for a {name} driver"
        return drivers[name]

    def no_network(self: socket.socket, address: Any) -> None:
        raise AssertionError(f"a replayed test tried to connect to {address}")

    monkeypatch.setattr(connect, "get_driver", get_driver)
    monkeypatch.setattr(socket.socket, "connect", no_network)  # belt and braces: nothing leaves
    return boxes


def override(host: str) -> dict[str, Any]:
    """Connection override for a replayed device: loopback, never the inventory address."""
    return {"hostname": "127.0.0.1", "username": USERNAME, "password": "replayed-not-a-secret", "timeout": 5,
            "optional_args": {"fake_device": host}}


# --- netwarden's fleet operations on one replayed device ---------------------------------------

def drift(net: Any, base: Any, host: str) -> Any:
    """`netwarden drift` of the replayed `host`."""
    from netwarden.jobs import live
    from netwarden.jobs.base import Loaded

    return live.drift_hosts(Loaded(net, base), [host], {host: override(host)}, progress=False)


def apply(net: Any, base: Any, host: str, commit: bool) -> Any:
    """`netwarden apply [--commit]` of the replayed `host`."""
    from netwarden.jobs import live
    from netwarden.jobs.base import Loaded

    return live.apply_hosts(Loaded(net, base), [host], commit=commit, conns={host: override(host)}, progress=False)


def failures(rep: Any) -> set[tuple[str, str]]:
    """(rule, message) of a report's failures."""
    return {(f.rule_id, f.message) for f in rep.failures}


def no_secrets(blob: str, net: Any, device_forms: list[str]) -> None:
    """Neither an inventory secret nor a device-side form of one (`device_forms`: regexes) in `blob`."""
    assert all(s not in blob for s in net.secret_values())
    for pat in device_forms:
        assert not re.search(pat, blob), f"device-side secret form {pat!r} in the report"


# --- device views of a rendered config (to (re)write the running-config recordings) --------

_XLAT = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87"
_B64 = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
                     "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def ios_type7(plain: str, seed: int = 8) -> str:
    """Cisco type-7 (reversible) form, as `service password-encryption` shows keys."""
    return f"{seed:02d}" + "".join(f"{ord(c) ^ ord(_XLAT[(seed + i) % len(_XLAT)]):02X}" for i, c in enumerate(plain))


def ios_type9(plain: str, salt: str) -> str:
    """Cisco type-9 (scrypt, N=16384 r=1 p=1) form of a secret."""
    h = hashlib.scrypt(plain.encode(), salt=salt.encode(), n=16384, r=1, p=1, dklen=32)
    return f"$9${salt}${base64.b64encode(h).decode().rstrip('=').translate(_B64)}"


def vrp_cipher(plain: str, tag: str) -> str:
    """An opaque VRP `%^%#...%^%#` / `$1c$...$` form (the real ones are device-keyed)."""
    d = base64.b64encode(hashlib.sha256(f"{tag}:{plain}".encode()).digest()).decode().rstrip("=")
    return f"$1c${d[:10]}${d[10:40]}$" if tag == "irreversible" else f"%^%#{d[:32]}%^%#"


SecretForms = list[tuple[str, Callable[[re.Match[str]], str]]]  # (a rendered line, the device's form of it)

IOS_SECRETS: SecretForms = [
    (r"^(enable|username \S+ privilege \d+) algorithm-type scrypt secret (\S+)$",
     lambda m: f"{m[1]} secret 9 {ios_type9(m[2], 'xQ3Ur0mBzSdH2k')}"),
    (r"^( key) (\S+)$", lambda m: f"{m[1]} 7 {ios_type7(m[2])}"),
]
VRP_SECRETS: SecretForms = [
    (r"^(\s*local-user \S+ password irreversible-cipher) (\S+)$",
     lambda m: f"{m[1]} {vrp_cipher(m[2], 'irreversible')}"),
    (r"^(\s*(?:hwtacacs-server shared-key|snmp-agent usm-user v3 \S+ \S+-mode \S+) cipher) (\S+)$",
     lambda m: f"{m[1]} {vrp_cipher(m[2], 'cipher')}"),
]


def device_secrets(ln: str, forms: SecretForms) -> str:
    """A rendered line with its secret as the device shows it (each form whose pattern matches rewrites it)."""
    for pattern, form in forms:
        m = re.match(pattern, ln)
        if m:
            ln = form(m)
    return ln


def ios_running(intended: str, stamp: str = "09:12:41 CST Tue Nov 24 2026") -> str:
    """`show running-config` of an IOS-XE 17.9 router holding ``intended``."""
    out: list[str] = []
    for ln in intended.splitlines():
        if re.match(r"^!\s*\S", ln):  # comments are not kept by IOS
            continue
        ln = device_secrets(ln, IOS_SECRETS)
        if ln.startswith("snmp-server user ") or ln == "end":  # IOS never shows SNMPv3 users
            continue
        out.append(ln)
        if ln.startswith("hostname "):
            out += ["!", "boot-start-marker", "boot-end-marker"]
    body = "\n".join(out).strip("!\n")
    body = body.replace("\nntp source ", "\nntp clock-period 17179869\nntp source ", 1)
    body = f"!\n! Last configuration change at {stamp} by nwadmin\n! NVRAM config last updated at {stamp} by " \
           f"nwadmin\n!\nversion 17.9\n{body}\n!\nlicense udi pid ISR4451-X/K9 sn FOC2315X0AB\n!\nend\n"
    return f"Building configuration...\n\nCurrent configuration : {len(body)} bytes\n{body}"


def vrp_running(intended: str, stamp: str = "2026-11-24 09:12:41+08:00") -> str:
    """`display current-configuration` of a VRP V200R010 router holding ``intended``."""
    out: list[str] = []
    for ln in intended.splitlines():
        ln = device_secrets(ln, VRP_SECRETS)
        out.append(ln)
        if ln == " snmp-agent":
            out.append(" snmp-agent local-engineid 800007DB03A4BE2B7C4F10")
    return f"!Software Version V200R010C10SPC700\n!Last configuration was updated at {stamp} by nwadmin\n" + \
        "\n".join(out).rstrip() + "\n"


# hand-changed running configs for the drift cases: (file, [(old, new), ...]) applied to the in-sync view
IOS_DRIFT = ("show_running-config_changed.txt", [
    ("logging host 10.125.250.11\n", ""),  # MON-001: a syslog server removed
    ("ip route 10.64.10.0 255.255.255.0 10.126.0.62 name prov-hc_LAN\n",
     "ip route 10.64.10.0 255.255.255.0 10.126.0.62 name prov-hc_LAN\n"
     "ip route 10.8.0.0 255.255.0.0 10.126.0.1 name temp-intranet\n"),  # ISO-002: a route into intranet space
    ("line vty 0 4\n access-class NW-MGMT in\n exec-timeout 10 0\n login authentication default\n"
     " transport input ssh\n",
     "line vty 0 4\n access-class NW-MGMT in\n exec-timeout 10 0\n login authentication default\n"
     " transport input telnet ssh\n"),  # MGMT-001: telnet allowed
    ("! Last configuration change at 09:12:41", "! Last configuration change at 14:03:17"),  # noise only
    ("ntp clock-period 17179869", "ntp clock-period 17179312"),  # noise only
])
VRP_DRIFT = ("display_current-configuration_changed.txt", [
    (" info-center loghost 10.64.16.11 facility local6\n", ""),  # MON-001
    ("ip route-static 10.64.19.0 255.255.255.0 10.126.0.106 description qs-hb LAN\n",
     "ip route-static 10.64.19.0 255.255.255.0 10.126.0.106 description qs-hb LAN\n"
     "ip route-static 10.8.0.0 255.255.0.0 10.126.0.90\n"),  # ISO-002
    (" protocol inbound ssh\n", " protocol inbound all\n"),  # MGMT-001
    ("!Last configuration was updated at 2026-11-24 09:12:41", "!Last configuration was updated at 2026-11-25 "
     "02:00:09"),  # noise only
])


def _render(host: str) -> str:
    from netwarden.baseline import load_baseline
    from netwarden.model import load_network
    from netwarden.render.engine import Renderer
    from tests.conftest import TODAY

    net = load_network("inventories/example", today=TODAY)
    return Renderer(load_baseline()).render_network(net, [host])[0].text


def _edit(text: str, edits: list[tuple[str, str]]) -> str:
    for old, new in edits:
        assert old in text, f"re-record: {old!r} not in the running config"
        text = text.replace(old, new, 1)
    return text


INTRANET_ROUTE = ("ip route 10.64.10.0 255.255.255.0 10.126.0.62 name prov-hc_LAN\n",
                  "ip route 10.64.10.0 255.255.255.0 10.126.0.62 name prov-hc_LAN\n"
                  "ip route 10.8.0.0 255.255.0.0 10.126.0.1 name temp-intranet\n")


def with_archive_path(config: str) -> str:
    """The IOS config with `archive path`, which IOS needs for `configure replace ... revert timer`:
    the template renders it (`path flash:$h-archive-`), so the intended config is used as it is."""
    assert "\n path " in config
    return config


def rerecord() -> None:  # pragma: no cover - a maintenance tool
    common = IOS / "common"
    running = ios_running(_render("prov-core-rt01"))
    (common / "show_running-config.txt").write_text(running)
    (common / IOS_DRIFT[0]).write_text(_edit(running, IOS_DRIFT[1]))
    archived = ios_running(with_archive_path(_render("prov-core-rt01")), "09:20:14 CST Tue Nov 24 2026")
    (common / "show_running-config_committed.txt").write_text(archived)
    (common / "show_running-config_committed_intranet.txt").write_text(_edit(archived, [INTRANET_ROUTE]))
    vcommon = VRP / "common"
    vrunning = vrp_running(_render("qs-core-rt01"))
    (vcommon / "display_current-configuration.txt").write_text(vrunning)
    (vcommon / VRP_DRIFT[0]).write_text(_edit(vrunning, VRP_DRIFT[1]))


if __name__ == "__main__":  # pragma: no cover
    rerecord()

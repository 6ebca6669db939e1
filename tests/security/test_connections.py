"""Connections: only allow-listed options from the inventory (refused at validate time, naming file, host and
key, and again at connect time); the NETWARDEN_ALLOWED_NETWORKS fence applies to every address connected to,
names resolved, IPv6 too."""

from __future__ import annotations

import copy
import datetime as dt
import socket
from typing import Any

import pytest

from netwarden.model import load_inventory, load_network
from netwarden.model.build import build_network
from netwarden.ops import connect
from netwarden.ops.connect import DeviceFault, connected

TODAY = dt.date(2026, 11, 24)
FILE = "inventories/lab/host_vars/ub-fin.yml"


def _problems(args: Any) -> list[str]:
    data = load_inventory("inventories/lab", loader="fast")
    data = copy.deepcopy(data)
    data.hosts["ub-fin"].vars["netwarden_napalm_args"] = args
    data.hosts["ub-fin"].origins["netwarden_napalm_args"] = FILE
    _, problems = build_network(data, TODAY)
    return [str(p) for p in problems]


@pytest.mark.parametrize(("opt", "value", "why"), [
    ("ssh_config_file", "/tmp/evil_ssh_config", "refused: an ssh config file can run local commands (ProxyCommand)"),
    ("ProxyCommand", "nc evil 22", "refused: the session goes to the device's own address, never through a proxy"),
    ("proxy_host", "10.0.0.1", "refused: the session goes to the device's own address"),
    ("jump_host", "10.0.0.1", "refused: the session goes to the device's own address"),
    ("sock", 3, "refused: a pre-connected socket would bypass the address checks"),
    ("alt_host_keys", True, "refused: host keys are this machine's known_hosts"),
    ("alt_key_file", "/etc/ssh/ssh_host_ed25519_key", "refused: client keys come from ansible_ssh_private_key_file"),
    ("allow_agent", True, "refused: the operator's SSH agent keys are never offered"),
    ("sshd_reload", "rm -rf /", "refused: set by netwarden's lab only, never by the inventory"),
    ("reload_commands", {"frr": "id"}, "refused: set by netwarden's lab only"),
    ("whatever", 1, "not an allowed connection option (allowed: auth_timeout, banner_timeout, "),
    ("transport", "telnet", "only ssh (telnet and serial are not encrypted management"),
    ("port", 0, "must be a number from 1 to 65535"),
    ("conn_timeout", [5], "must be a number from 0 to 3600"),
    ("secret", "en\nable", "control character U+000A is not allowed"),
])
def test_refused_options_name_file_host_and_key(opt: str, value: Any, why: str) -> None:
    probs = _problems({opt: value})
    want = f"{FILE}: host ub-fin: netwarden_napalm_args.{opt}: {why}"
    assert any(p.startswith(want) for p in probs), probs


def test_allowed_options_are_valid() -> None:
    assert _problems({"port": 2222, "secret": "s3cret", "transport": "ssh", "conn_timeout": 10,
                      "global_delay_factor": 2, "fast_cli": False, "ssh_strict": True, "key_file": "~/.ssh/id"}) == []


class Recorder:
    opened: list[dict[str, Any]] = []

    def __init__(self, **kw: Any) -> None:
        self.kw = kw

    def open(self) -> None:
        Recorder.opened.append(self.kw)

    def close(self) -> None:
        pass


@pytest.fixture()
def device(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(connect, "get_driver", lambda name: Recorder)
    Recorder.opened = []
    return load_network("inventories/lab", today=TODAY).devices["ub-fin"]


def test_connect_time_refuses_inventory_options(device) -> None:  # type: ignore[no-untyped-def]
    bad = device.model_copy(update={"connection": device.connection.model_copy(
        update={"optional_args": {"ssh_config_file": "/tmp/x"}})})
    with pytest.raises(DeviceFault, match=r"netwarden_napalm_args\.ssh_config_file: refused"), connected(bad):
        pass
    assert Recorder.opened == []


def test_fence_applies_to_addresses_and_names(device, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NETWARDEN_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128")
    with pytest.raises(DeviceFault, match=r"198\.18\.0\.14 \(198\.18\.0\.14\) is outside"), connected(device):
        pass
    real = socket.getaddrinfo

    def fake(host: str, *a: Any, **k: Any) -> Any:
        table = {"good.example": ["127.0.0.5", "::1"], "mixed.example": ["127.0.0.5", "2001:db8::1"],
                 "mapped.example": ["::ffff:10.0.0.1"]}
        if host in table:
            return [(socket.AF_INET6 if ":" in a_ else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a_, 22))
                    for a_ in table[host]]
        return real(host, *a, **k)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    for name, ok in (("good.example", True), ("mixed.example", False), ("mapped.example", False)):
        Recorder.opened = []
        ov = {"hostname": name, "username": "u", "password": "p", "optional_args": {}}
        if ok:
            with connected(device, ov):
                pass
            assert Recorder.opened[0]["hostname"] == "127.0.0.5"  # the address checked, not the name
        else:
            with pytest.raises(DeviceFault, match="is outside NETWARDEN_ALLOWED_NETWORKS"), connected(device, ov):
                pass
            assert Recorder.opened == []
    with connected(device, {"hostname": "::1", "username": "u", "password": "p", "optional_args": {}}):
        pass  # IPv6 inside the fence
    monkeypatch.setenv("NETWARDEN_ALLOWED_NETWORKS", "not-a-prefix")
    with pytest.raises(DeviceFault, match="NETWARDEN_ALLOWED_NETWORKS: "), connected(device):
        pass

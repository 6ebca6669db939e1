"""Which NAPALM/netmiko connection options an inventory may set (``netwarden_napalm_args``).

The inventory is data, not code: it may tune how netwarden talks to a device (port, timeouts, the enable
secret, its key file), never where the session goes or what runs on this machine. Refused, because each
one reaches past the device: ``ssh_config_file`` (ProxyCommand runs a local command), ``proxy*``,
``jump*``, ``sock`` (a pre-connected socket), ``alt_host_keys`` / ``alt_key_file`` (host keys or client
keys from anywhere), ``allow_agent`` (offers the operator's agent keys to whatever host the inventory
names), ``transport`` other than ssh (telnet is clear text). The options netwarden's own lab driver takes
(``config_root``, ``sshd_reload``, ``reload_commands``, ...) are set by the lab only, never the inventory.
Anything not listed is refused too: an allow-list, not a deny-list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from netwarden.model.text import control_char, control_message


def _number(lo: float, hi: float) -> Callable[[Any], str]:
    def check(v: Any) -> str:
        if isinstance(v, bool) or not isinstance(v, int | float) or not lo <= v <= hi:
            return f"must be a number from {lo:g} to {hi:g}"
        return ""

    return check


def _bool(v: Any) -> str:
    return "" if isinstance(v, bool) else "must be true or false"


def _text(max_len: int) -> Callable[[Any], str]:
    def check(v: Any) -> str:
        if not isinstance(v, str):
            return "must be a string"
        cp = control_char(v)
        if cp:
            return control_message(cp)
        return f"too long: at most {max_len} characters" if len(v) > max_len else ""

    return check


def _transport(v: Any) -> str:
    return "" if v == "ssh" else "only ssh (telnet and serial are not encrypted management, GB/T 22239 8.1.4.1)"


_TIMEOUT = _number(0, 3600)
ALLOWED: dict[str, Callable[[Any], str]] = {
    "port": _number(1, 65535),
    "key_file": _text(4096),
    "secret": _text(256),
    "transport": _transport,
    "use_keys": _bool,
    "ssh_strict": _bool,
    "system_host_keys": _bool,
    "fast_cli": _bool,
    "global_delay_factor": _number(0.1, 100),
    "read_timeout_override": _TIMEOUT,
    "conn_timeout": _TIMEOUT,
    "banner_timeout": _TIMEOUT,
    "auth_timeout": _TIMEOUT,
    "blocking_timeout": _TIMEOUT,
    "session_timeout": _TIMEOUT,
    "timeout": _TIMEOUT,
    "keepalive": _TIMEOUT,
    "dest_file_system": _text(64),
}
REFUSED = {
    "ssh_config_file": "an ssh config file can run local commands (ProxyCommand) and send the session elsewhere",
    "alt_host_keys": "host keys are this machine's known_hosts, not a file the inventory names",
    "alt_key_file": "client keys come from ansible_ssh_private_key_file / key_file only",
    "allow_agent": "the operator's SSH agent keys are never offered to a host the inventory names",
    "sock": "a pre-connected socket would bypass the address checks",
}
LAB_ONLY = {"config_root", "frr_pathspace", "lldp_socket", "sshd_config", "sshd_reload", "reload_commands",
            "state_dir", "name"}
SECRET_OPTIONS = ("secret",)


def option_problems(options: Any) -> list[tuple[str, str]]:
    """(option, why) for every option the inventory may not set, or sets to a bad value."""
    if not isinstance(options, dict):
        return [("", "must be a mapping of connection options")]
    out = []
    for key in sorted(options, key=str):
        k, v = str(key), options[key]
        low = k.lower()
        if k in REFUSED:
            out.append((k, f"refused: {REFUSED[k]}"))
        elif low.startswith(("proxy", "jump")) or "proxy" in low:
            out.append((k, "refused: the session goes to the device's own address, never through a proxy or "
                           "jump host the inventory names"))
        elif k in LAB_ONLY:
            out.append((k, "refused: set by netwarden's lab only, never by the inventory"))
        elif k not in ALLOWED:
            out.append((k, f"not an allowed connection option (allowed: {', '.join(sorted(ALLOWED))})"))
        else:
            why = ALLOWED[k](v)
            if why:
                out.append((k, why))
    return out

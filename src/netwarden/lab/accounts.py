"""Host-level lab accounts (created once, shared by all labs): users, vtysh shell, sudo rules."""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
from pathlib import Path

from netwarden.lab.status import LabError
from netwarden.lab.system import _run, _write

CLI_USER = "nwlab"
OPS_USER = "nwops"
LAB_PASSWORD = "netwarden-lab"  # throwaway password of the lab-only accounts
CLI_SHELL = Path("/usr/local/libexec/netwarden/lab-vtysh-shell")
SUDOERS_FILE = Path("/etc/sudoers.d/netwarden-lab")

SUDO_COMMANDS = (
    "/usr/bin/vtysh",
    "/usr/lib/frr/frr-reload.py",
    "/usr/sbin/nft",
    "/usr/sbin/sshd",
    "/usr/sbin/lldpcli",
    "/usr/bin/install",
    "/usr/bin/cat",
    "/usr/bin/rm",
    "/usr/bin/kill",
    "/usr/bin/unshare",
    "/usr/bin/test",
)



def ensure_accounts() -> None:
    """Create the lab users, their vtysh shell and sudo rules (idempotent)."""
    _write(
        CLI_SHELL,
        '#!/bin/sh\n# netwarden lab: CLI user shell = vtysh of the device this sshd runs for\n'
        'ns=$(ip netns identify $$ 2>/dev/null)\n'
        'if [ -n "$2" ] && [ "$1" = "-c" ]; then exec vtysh -N "${ns:-$(hostname)}" -c "$2"; fi\n'
        'exec vtysh -N "${ns:-$(hostname)}"\n',
        mode=0o755,
    )
    groups = ["frrvty", "frr"]
    for user, shell, extra in ((CLI_USER, str(CLI_SHELL), groups), (OPS_USER, "/bin/bash", [])):
        try:
            pwd.getpwnam(user)
        except KeyError:
            argv = ["useradd", "-m", "-s", shell, "-c", "netwarden lab (throwaway)"]
            existing = [g for g in extra if _group_exists(g)]
            if existing:
                argv += ["-G", ",".join(existing)]
            _run([*argv, user])
            _run(["chpasswd"], input=f"{user}:{LAB_PASSWORD}\n")
    cmds = ", ".join(SUDO_COMMANDS)
    sudoers = (
        "# netwarden lab: throwaway ops account (docs/lab.md)\n"
        f"Cmnd_Alias NETWARDEN_LAB = {cmds}\n"
        f"Defaults:{OPS_USER} !requiretty, !lecture, !syslog, !use_pty\n"
        f"{OPS_USER} ALL=(root) NOPASSWD: NETWARDEN_LAB\n"
    )
    if not SUDOERS_FILE.exists() or SUDOERS_FILE.read_text() != sudoers:
        tmp = SUDOERS_FILE.with_name("netwarden-lab.new")
        SUDOERS_FILE.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(sudoers)
        os.chmod(tmp, 0o440)
        cp = _run(["visudo", "-cf", str(tmp)], check=False)
        if cp.returncode != 0:
            tmp.unlink()
            raise LabError(f"generated sudoers rejected: {cp.stdout}{cp.stderr}")
        os.replace(tmp, SUDOERS_FILE)


def remove_accounts() -> None:
    """Remove the host-level lab users, shell and sudo rules (no lab may be running)."""
    for user in (CLI_USER, OPS_USER):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(user)
            _run(["userdel", "-r", user], check=False)
    for p in (SUDOERS_FILE, CLI_SHELL):
        p.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        CLI_SHELL.parent.rmdir()


def _group_exists(name: str) -> bool:
    try:
        grp.getgrnam(name)
        return True
    except KeyError:
        return False

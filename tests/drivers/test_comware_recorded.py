"""The h3c_comware driver (platforms/h3c_comware/driver.py, over netmiko `hp_comware`) against recorded
Comware 7 output: the running config of an example device rendered with the Comware templates, as the
device shows it (version line, `password hash $h$6$`, `cipher $c$3$` keys, SNMP engine id, `return`).

The community `napalm-h3c-comware` 0.1.5 has getters only (no load_*_candidate, compare_config or
commit_config), hence this driver. Recordings: mocked_data/h3c_comware/<case>/commands.json
(napalm_fakes.py's format); `python -m tests.drivers.test_comware_recorded` rewrites them."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from netwarden.baseline import load_baseline
from netwarden.model import load_network
from netwarden.platforms.h3c_comware.driver import ComwareDriver
from netwarden.platforms.h3c_comware.parser import parse_h3c_comware
from tests.conftest import ROOT, TODAY
from tests.parsers.comware_render import ComwareRenderer

from . import napalm_fakes as nf

COMWARE = nf.MOCKED / "h3c_comware"
HOST = "qs-core-rt01"  # municipal core in inventories/example (huawei_vrp there), rendered as Comware
RUNNING = "display current-configuration"
CHANGED = [
    (" info-center loghost 10.64.16.11 facility local6\n", ""),
    (" protocol inbound ssh\n", " protocol inbound all\n"),
    (" version 7.1.064, Release 0821P16\n", " version 7.1.064, Release 0821P18\n"),  # noise only
]


def _intended() -> str:
    net = load_network(ROOT / "inventories/example", str(ROOT / "docs/examples/example-vault-password.txt"), TODAY)
    return ComwareRenderer(load_baseline()).render(net, net.devices[HOST])


def _opaque(plain: str, tag: str) -> str:
    d = base64.b64encode(hashlib.sha256(f"{tag}:{plain}".encode()).digest()).decode()
    return f"$h$6${d[:16]}${d[16:]}" if tag == "hash" else f"$c$3${d[:40]}"


def comware_running(intended: str) -> str:
    """`display current-configuration` of a Comware 7 router holding ``intended``."""
    out = ["#", " version 7.1.064, Release 0821P16", "#"]
    for ln in intended.splitlines()[1:]:
        ln = re.sub(r"^( password) simple (\S+)$", lambda m: f"{m[1]} hash {_opaque(m[2], 'hash')}", ln)
        ln = re.sub(r"^( key accounting) simple (\S+)$", lambda m: f"{m[1]} cipher {_opaque(m[2], 'c')}", ln)
        ln = re.sub(r"^( snmp-agent usm-user v3 \S+ \S+) simple (authentication-mode \S+) (\S+) (privacy-mode \S+) "
                    r"(\S+)", lambda m: f"{m[1]} cipher {m[2]} {_opaque(m[3], 'c')} {m[4]} {_opaque(m[5], 'c')}", ln)
        out.append(ln)
        if ln == " snmp-agent":
            out.append(" snmp-agent local-engineid 800063A280A4BE2B7C4F1000000001")
    return "\n".join(out) + "\n"


def rerecord() -> None:  # pragma: no cover - a maintenance tool
    running = comware_running(_intended())
    (COMWARE / "common" / "display_current-configuration.txt").write_text(running)
    changed = running
    for old, new in CHANGED:
        assert old in changed
        changed = changed.replace(old, new, 1)
    (COMWARE / "common" / "display_current-configuration_changed.txt").write_text(changed)
    (COMWARE / "common" / "save_force.txt").write_text(
        "The current configuration will be written to the device. Are you sure? [Y/N]:\n"
        "Please input the file name(*.cfg)[flash:/startup.cfg]\n(To leave the existing filename unchanged, "
        "press the enter key):\nflash:/startup.cfg exists, overwrite? [Y/N]:\nValidating file. Please wait...\n"
        "Saved the current configuration to mainboard device successfully.\n")
    cases = {"drift/clean": [(RUNNING, "display_current-configuration.txt")],
             "drift/changed": [(RUNNING, "display_current-configuration_changed.txt")],
             "commit/confirmed": [(RUNNING, "display_current-configuration_changed.txt"),
                                  ("save force", "save_force.txt")]}
    for case, cmds in cases.items():
        (COMWARE / case / "commands.json").write_text(json.dumps(
            [{"cmd": c, "output_file": f"../../common/{f}"} for c, f in cmds], indent=1) + "\n")


Replay = Callable[[str], tuple[ComwareDriver, nf.FakeBox]]


@pytest.fixture()
def replay() -> Replay:
    cls: Any = nf.recorded_driver(ComwareDriver)

    def play(case: str) -> tuple[ComwareDriver, nf.FakeBox]:
        box = cls.fake_boxes[HOST] = nf.FakeBox(HOST, COMWARE / case, f"<{HOST}>")
        drv: ComwareDriver = cls(**nf.override(HOST))
        drv.open()
        return drv, box

    return play


def test_recording_follows_the_templates() -> None:
    assert (COMWARE / "common" / "display_current-configuration.txt").read_text() == comware_running(_intended())


def test_recorded_running_config_parses_like_the_intended(replay: Replay) -> None:
    drv, box = replay("drift/clean")
    running = drv.get_config("running")["running"]
    assert "password hash $h$6$" in running and "key accounting cipher $c$3$" in running
    a, b = parse_h3c_comware(running, "running"), parse_h3c_comware(_intended(), "intended")
    assert not a.warnings
    assert a.interfaces.keys() == b.interfaces.keys() and a.mgmt.allowed_from == b.mgmt.allowed_from
    assert [(r.prefix, r.next_hop) for r in a.static_routes] == [(r.prefix, r.next_hop) for r in b.static_routes]
    assert a.snmp.v3_users == b.snmp.v3_users and a.logging.aaa_accounting is True
    assert box.sent == [RUNNING]


def test_in_sync_device_has_no_diff(replay: Replay) -> None:
    """Version line, engine id, `#`, `return` and hashed/ciphered secrets are not differences."""
    drv, box = replay("drift/clean")
    drv.load_replace_candidate(config=_intended())
    assert drv.compare_config() == ""
    assert drv.remediation() == []
    assert box.sent == [RUNNING, RUNNING]


def test_hand_changed_device_diff_and_remediation(replay: Replay) -> None:
    drv, _box = replay("drift/changed")
    drv.load_replace_candidate(config=_intended())
    diff = drv.compare_config()
    assert "+info-center loghost 10.64.16.11 facility local6" in diff
    assert "- protocol inbound all" in diff and "+ protocol inbound ssh" in diff
    assert "Release" not in diff and "$h$6$" not in diff and "$c$3$" not in diff
    rem = drv.remediation()
    assert "info-center loghost 10.64.16.11 facility local6" in rem
    assert "line vty 0 63" in rem and "  protocol inbound ssh" in rem


def test_commit_with_revert_timer_then_confirm(replay: Replay) -> None:
    """`configuration commit delay` (minutes, rounded up) precedes the changes; `configuration commit` and
    `save force` only on confirmation."""
    drv, box = replay("commit/confirmed")
    drv.load_replace_candidate(config=_intended())
    drv.commit_config(revert_in=90)
    config = [c for c in box.sent if c.startswith("(config) ")]
    assert config[0] == "(config) configuration commit delay 2"
    assert "(config) info-center loghost 10.64.16.11 facility local6" in config
    assert "save force" not in box.sent and drv.has_pending_commit()
    drv.confirm_commit()
    assert box.sent[-2:] == ["(config) configuration commit", "save force"] and not drv.has_pending_commit()
    assert not any("simple" in c or "$h$6$" in c for c in box.sent)  # no secret line re-pushed


if __name__ == "__main__":  # pragma: no cover
    rerecord()

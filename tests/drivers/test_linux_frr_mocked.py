"""linux_frr driver against command output recorded from a lab device (record.py)."""

from __future__ import annotations

import json
from pathlib import Path

import napalm
import pytest
from napalm.base.exceptions import ReplaceConfigException

from netwarden.platforms.linux_frr.driver import LinuxFRRDriver, normalise_frr_config, normalise_nft_text
from netwarden.platforms.linux_frr.layout import split_sections

from .fake import MOCKED, replay_driver

CASES = sorted(p for p in MOCKED.glob("*/*") if (p / "commands.json").exists())


def _call(drv: LinuxFRRDriver, getter: str, case: str) -> object:
    if getter == "get_route_to":
        return drv.get_route_to("198.19.2.0/24") if case == "ospf" else drv.get_route_to(
            "198.19.0.0/16", "static", True)  # fmt: skip
    if getter == "get_config":
        return drv.get_config(retrieve="running" if case == "all_sections" else "startup")
    if getter == "compare_config":
        from tests.drivers.record import CANDIDATE

        drv.load_replace_candidate(config=CANDIDATE)
        diff = drv.compare_config()
        drv.discard_config()
        return diff
    if getter == "load_replace_candidate":
        with pytest.raises(ReplaceConfigException) as ei:
            from netwarden.platforms.linux_frr.layout import join_sections

            drv.load_replace_candidate(config=join_sections({"frr": "router ospf\n bogus\n"}))
        return f"ReplaceConfigException: {ei.value}"
    return getattr(drv, getter)()


@pytest.mark.parametrize("case_dir", CASES, ids=[f"{p.parent.name}-{p.name}" for p in CASES])
def test_replay(case_dir: Path) -> None:
    drv, _ = replay_driver(case_dir)
    result = _call(drv, case_dir.parent.name, case_dir.name)
    expected = json.loads((case_dir / "expected_result.json").read_text())
    assert json.loads(json.dumps(result)) == expected


def test_registered_with_napalm() -> None:
    assert napalm.get_network_driver("linux_frr") is LinuxFRRDriver


def test_facts_and_lldp_content() -> None:
    drv, _ = replay_driver(MOCKED / "get_facts" / "normal")
    facts = drv.get_facts()
    assert facts["hostname"] == "r1" and facts["vendor"] == "FRRouting"
    assert {"eth1", "eth2", "mgmt0"} <= set(facts["interface_list"])
    drv, _ = replay_driver(MOCKED / "get_lldp_neighbors" / "normal")
    assert drv.get_lldp_neighbors() == {"eth1": [{"hostname": "r2", "port": "eth1"}]}


def test_running_config_layout() -> None:
    drv, _ = replay_driver(MOCKED / "get_config" / "all_sections")
    running = drv.get_config(retrieve="running")["running"]
    sections = split_sections(running)
    assert list(sections) == ["frr", "nftables", "sshd"]
    frr = sections["frr"].body
    assert "Building configuration" not in frr and "frr version" not in frr and "\n!" not in frr
    assert "ip route 198.19.9.0/24 Null0" in frr
    assert 'iifname "eth1" tcp dport 23 drop' in sections["nftables"].body


def test_compare_validates_first() -> None:
    drv, conn = replay_driver(MOCKED / "compare_config" / "replace")
    from tests.drivers.record import CANDIDATE

    drv.load_replace_candidate(config=CANDIDATE)  # validates (load refuses an invalid candidate)
    n = len(conn.sent)
    diff = drv.compare_config()
    sent = conn.sent
    reload_at = next(i for i, c in enumerate(sent) if "frr-reload.py --test" in c)
    check_at = next(i for i, c in enumerate(sent) if " -C -f " in c)
    assert check_at < n <= reload_at  # validated at load, before the reload diff
    assert not any(" -C -f " in c for c in sent[n:])  # and not twice
    assert "+ip route 198.19.8.0/24 Null0" in diff and "+MaxAuthTries 4" in diff


def test_invalid_candidate_changes_nothing() -> None:
    drv, conn = replay_driver(MOCKED / "load_replace_candidate" / "invalid_frr")
    from netwarden.platforms.linux_frr.layout import join_sections

    with pytest.raises(ReplaceConfigException, match="Unknown command"):
        drv.load_replace_candidate(config=join_sections({"frr": "router ospf\n bogus\n"}))
    assert not any(w in c for c in conn.sent for w in ("--reload", "nft -f", "install -D", "write memory"))
    assert drv.get_config(retrieve="candidate")["candidate"] == ""


def test_refuses_unknown_section_and_wrong_path() -> None:
    drv, _ = replay_driver(MOCKED / "get_facts" / "normal")
    with pytest.raises(ReplaceConfigException, match="unknown section"):
        drv.load_replace_candidate(config="#@netwarden section=bogus path=/etc/x\nfoo\n")
    with pytest.raises(ReplaceConfigException, match="is not"):
        drv.load_replace_candidate(config="#@netwarden section=sshd path=/etc/passwd\nfoo\n")
    with pytest.raises(ReplaceConfigException, match="markers"):
        drv.load_replace_candidate(config="hostname r1\n")


def test_normalise_frr() -> None:
    raw = (
        "Building configuration...\n\nCurrent configuration:\n!\nfrr version 8.4.4\n"
        "frr defaults traditional\nhostname r1\n!\nrouter ospf\n ospf router-id 1.1.1.1\nexit\n!\nend\n"
    )
    assert normalise_frr_config(raw) == "hostname r1\nrouter ospf\n ospf router-id 1.1.1.1\nexit\n"
    assert normalise_frr_config(normalise_frr_config(raw)) == normalise_frr_config(raw)


def test_normalise_nft_text() -> None:
    assert normalise_nft_text("flush ruleset\n# c\ntable inet f {\n  chain c {  # x\n  }\n}\n") == (
        "table inet f {\nchain c {\n}\n}\n"
    )


def test_parse_shell_output() -> None:
    raw = "stale prompt$ __NW_BEGIN\r\nline1\r\nline2\r\n\r\n__NW_RC=3\r\nprompt$ "
    assert LinuxFRRDriver._parse(raw) == (3, "line1\nline2\n")
    assert LinuxFRRDriver._parse("__NW_BEGIN\n\n__NW_RC=0\n") == (0, "")


def test_frr_reload_diff() -> None:
    out = ("\nLines To Delete\n===============\nrouter ospf\n no network 198.19.1.0/24 area 0\n\n"
           "Lines To Add\n============\nip route 198.19.9.0/24 Null0\n")  # fmt: skip
    assert LinuxFRRDriver._frr_reload_diff(out) == (
        "-router ospf\n- no network 198.19.1.0/24 area 0\n+ip route 198.19.9.0/24 Null0\n"
    )
    assert LinuxFRRDriver._frr_reload_diff("\n") == ""


def test_password_not_in_connection_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from napalm.base.exceptions import ConnectionException

    drv = LinuxFRRDriver("127.0.0.1", "nwops", "s3cret-value", timeout=2, optional_args={"port": 1})
    assert drv.port == 1
    with pytest.raises(ConnectionException) as ei:
        drv.open()
    assert "s3cret-value" not in str(ei.value)


def test_effective_state_reads_every_file_the_daemons_read() -> None:
    """get_effective_config: sshd as `sshd -T` prints it, and rsyslog/chrony/snmpd as their main file plus every
    drop-in, each file named (device paths, config_root taken off) (issue 14)."""
    drv = LinuxFRRDriver("198.18.0.9", "u", "p", optional_args={"config_root": "/tmp/lab/r1", "sudo": "sudo -n"})
    sent: list[str] = []
    mark = "# netwarden effective state: from "

    def fake_exec(cmd: str, **_: object) -> tuple[int, str]:
        sent.append(cmd)
        if "show running-config" in cmd:
            return 0, "frr version 9\nhostname r1\n!\nend\n"
        if "nft -s list ruleset" in cmd:
            return 0, "table inet netwarden {\n}\ntable ip vendor {\n}\n"
        if " -T -f " in cmd:
            return 0, "passwordauthentication yes\npermitrootlogin no\n"
        if "/etc/rsyslog.d" in cmd:
            return 0, (f"{mark}/tmp/lab/r1/etc/rsyslog.d/10-vendor.conf\n*.* @@198.19.250.9:514\n\n"
                       f"{mark}/tmp/lab/r1/etc/rsyslog.d/50-netwarden.conf\n*.info @198.18.62.11\n\n")
        if "__NW_ABSENT" in cmd:  # netwarden's own files: none here
            return 0, "__NW_ABSENT\n"
        return 0, ""  # no chrony, no snmpd files

    drv._exec = fake_exec  # type: ignore[method-assign]
    secs = split_sections(drv.get_effective_config())
    assert list(secs) == ["frr", "nftables", "sshd", "syslog"]
    assert secs["sshd"].body == "passwordauthentication yes\npermitrootlogin no\n"
    assert "table ip vendor" in secs["nftables"].body  # tables netwarden does not own too
    assert f"{mark}/etc/rsyslog.d/10-vendor.conf\n*.* @@198.19.250.9:514" in secs["syslog"].body
    assert any("'/usr/sbin/sshd' -T -f '/tmp/lab/r1/etc/ssh/sshd_config'" in c or
               "/usr/sbin/sshd -T -f /tmp/lab/r1/etc/ssh/sshd_config" in c for c in sent), sent

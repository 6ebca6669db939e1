"""The baseline's settings are typed like inventory values: each lands in every rendered configuration, so a
bad one is refused when the baseline loads, every problem at once, each naming the file and the key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from netwarden.baseline import load_baseline
from netwarden.errors import InputError

ROOT = Path(__file__).resolve().parents[2]


def _load(tmp_path: Path, edit: Any) -> list[str]:
    data = yaml.safe_load((ROOT / "baseline/baseline.yml").read_text())
    edit(data)
    p = tmp_path / "baseline.yml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(InputError) as e:
        load_baseline(str(p))
    return [str(x).removeprefix(f"{p}: ") for x in e.value.problems]


def _set(path: str, value: Any) -> Any:
    def edit(d: dict[str, Any]) -> None:
        *head, last = path.split(".")
        node: Any = d
        for k in head:
            node = node[int(k) if k.isdigit() else k]
        node[int(last) if last.isdigit() else last] = value
    return edit


@pytest.mark.parametrize(("path", "value", "problem"), [
    ("settings.aaa.local_admin", "nwadmin\nusername x privilege 15", "settings.aaa.local_admin: String should match "
     "pattern '^[A-Za-z][A-Za-z0-9_-]{0,31}$'"),
    ("settings.snmp.user", "nw monitor", "settings.snmp.user: String should match pattern "
     "'^[A-Za-z][A-Za-z0-9_-]{0,31}$'"),
    ("settings.mgmt_filter_name", "NW-MGMT; permit any", "settings.mgmt_filter_name: String should match pattern "
     "'^[A-Za-z][A-Za-z0-9_-]{0,31}$'"),
    ("settings.ssh.ciphers.0", "aes256-ctr,3des-cbc", "settings.ssh.ciphers.0: String should match pattern "
     "'^[a-z0-9][a-z0-9@.-]{0,63}$'"),
    ("settings.ssh.auth_retries", 0, "settings.ssh.auth_retries: Input should be greater than or equal to 1"),
    ("settings.ssh.macs", [], "settings.ssh.macs: Tuple should have at least 1 item after validation, not 0"),
    ("settings.syslog.facility", "kern", "settings.syslog.facility: Input should be 'local0', 'local1', 'local2', "
     "'local3', 'local4', 'local5', 'local6' or 'local7'"),
    ("settings.syslog.severity", "info", "settings.syslog.severity: Input should be 'emergencies', 'alerts', "
     "'critical', 'errors', 'warnings', 'notifications', 'informational' or 'debugging'"),
    ("settings.banner", "Authorised\u2028use only", "settings.banner: String should match pattern "
     "'^[\\x20-\\x7E]{1,2000}$'"),
    ("settings.logging_buffer", "64k", "settings.logging_buffer: Input should be a valid integer, unable to parse "
     "string as an integer"),
    ("levels.3.login_attempts", 0, "levels.3.login_attempts: Input should be greater than or equal to 1"),
    ("levels.4.password_min_length", 4, "levels.4.password_min_length: Input should be greater than or equal to 8"),
    ("levels.2.session_timeout_min", 600, "levels.2.session_timeout_min: Input should be less than or equal to 60"),
    ("version", "2026.11\nx", "version: String should match pattern '^[0-9A-Za-z][0-9A-Za-z.+_-]{0,31}$'"),
])
def test_a_bad_setting_is_refused_naming_its_key(tmp_path: Path, path: str, value: Any, problem: str) -> None:
    assert _load(tmp_path, _set(path, value)) == [problem]


def test_every_problem_at_once(tmp_path: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        _set("settings.aaa.local_admin", "")(d)
        del d["settings"]["snmp"]["group"]
        d["settings"]["ssh"]["ciper"] = ["aes256-ctr"]  # a typo is not a silent default
        _set("levels.2.lockout_min", -1)(d)
    assert _load(tmp_path, edit) == [  # sorted by key, as every problem list
        "levels.2.lockout_min: Input should be greater than or equal to 1",
        "settings.aaa.local_admin: String should match pattern '^[A-Za-z][A-Za-z0-9_-]{0,31}$'",
        "settings.snmp.group: Field required",
        "settings.ssh.ciper: Extra inputs are not permitted",
    ]


def test_the_bundled_baseline_is_typed() -> None:
    s = load_baseline().settings
    assert s["aaa"]["local_admin"] == "nwadmin" and s["ssh"]["auth_retries"] == 3
    assert isinstance(s["ssh"]["ciphers"], list)  # as YAML gave it before the settings were typed

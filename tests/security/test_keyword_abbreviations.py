"""Read like the device: IOS, VRP and Comware take any unique prefix of a keyword (`int`, `ip add`, `perm`,
`desc`, `no shut`, `undo shut`). A configuration written with every keyword the platform's vocabulary
declares cut to its shortest unique prefix parses to the same model and gets the same verdicts as the
written-out form; a prefix that begins several keywords is refused by the device ("% Ambiguous command")
and is a parse warning, never read as one of them (issue 12 item 3)."""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

import pytest

from netwarden import platforms
from netwarden.jobs import VerifyRequest, verify
from netwarden.model import load_network
from netwarden.parsers import parse
from netwarden.platforms.keywords import Keywords
from tests.conftest import ROOT, TODAY

GOLDEN = ROOT / "tests/golden/example"
CLI = [n for n in platforms.names() if platforms.get(n).keywords is not None]


def abbreviate(text: str, kw: Keywords, comments: tuple[str, ...]) -> str:
    """Every declared keyword of `text` at its shortest unique prefix, views followed as the parser does."""
    out: list[str] = []
    stack: list[tuple[int, str]] = []  # (indent, written-out text) of the open views
    for line in text.splitlines():
        body = line.strip()
        indent = len(line) - len(line.lstrip())
        if not body or body[0] in comments:
            if body and indent == 0:
                stack = []
            out.append(line)
            continue
        while stack and stack[-1][0] >= indent:
            stack.pop()
        short = kw.abbreviate(body.split(" "), stack[-1][1] if stack else "")
        out.append(line[:indent] + " ".join(short))
        stack.append((indent, body))
    return "\n".join(out) + "\n"


@functools.cache
def _platforms() -> dict[str, str]:
    net = load_network(ROOT / "inventories/example", today=TODAY)
    return {h: d.platform.value for h, d in net.devices.items()}


def hosts(platform: str) -> list[str]:
    return sorted(h for h, p in _platforms().items() if p == platform)


def model(text: str, platform: str, host: str) -> dict[str, object]:
    cfg = dataclasses.asdict(parse(text, platform, host))
    cfg.pop("text_lines")
    return cfg


@pytest.mark.parametrize("platform", CLI)
def test_a_fully_abbreviated_config_reads_the_same(platform: str) -> None:
    spec = platforms.get(platform)
    assert spec.keywords is not None
    names = hosts(platform)
    assert names
    for h in names:
        text = (GOLDEN / f"{h}.cfg").read_text()
        short = abbreviate(text, spec.keywords, spec.comment_prefixes)
        changed = sum(a != b for a, b in zip(text.splitlines(), short.splitlines(), strict=True))
        assert changed > len(text.splitlines()) // 3, (h, changed)  # most lines lost letters
        assert model(short, platform, h) == model(text, platform, h), h


@pytest.mark.parametrize("platform", CLI)
def test_a_fully_abbreviated_config_gets_the_same_verdicts(tmp_path: Path, platform: str) -> None:
    spec = platforms.get(platform)
    assert spec.keywords is not None
    names = hosts(platform)
    configs = tmp_path / "configs"
    configs.mkdir()
    for h in names:
        (configs / f"{h}.cfg").write_text((GOLDEN / f"{h}.cfg").read_text())
    req = VerifyRequest(ROOT / "inventories/example", today=TODAY, configs=configs, limit=",".join(names))
    full = sorted((f.rule_id, f.device, f.status, f.message) for f in verify(req).findings)
    for h in names:
        text = (GOLDEN / f"{h}.cfg").read_text()
        (configs / f"{h}.cfg").write_text(abbreviate(text, spec.keywords, spec.comment_prefixes))
    assert sorted((f.rule_id, f.device, f.status, f.message) for f in verify(req).findings) == full


HAND = {  # what engineers type, as each CLI takes it: (text, the interface)
    "cisco_ios": ("int GigabitEthernet0/0/0\n ip add 10.1.1.1 255.255.255.0\n desc up link\n no shut\n"
                  " ip access-g F in\n!\nip access-l ext F\n 10 perm tcp an ho 10.2.2.2 eq 22 log\n"
                  " 20 den ip an an\n!\n",
                  "interface GigabitEthernet0/0/0"),
    "huawei_vrp": ("int GigabitEthernet0/0/0\n ip add 10.1.1.1 255.255.255.0\n desc up link\n undo shut\n"
                   " traffic-f in acl 3000\n#\nacl num 3000\n"
                   " rule 5 perm tcp destination 10.2.2.2 0 destination-port eq 22 log\n"
                   " rule 10 deny ip\n#\nret\n", "interface GigabitEthernet0/0/0"),
    "h3c_comware": ("int GigabitEthernet0/0/0\n ip add 10.1.1.1 255.255.255.0\n desc up link\n undo shut\n"
                    " packet-f 3000 in\n#\nacl adv 3000\n"
                    " rule 5 perm tcp destination 10.2.2.2 0 destination-port eq 22 log\n"
                    " rule 10 deny ip\n#\nret\n", "interface GigabitEthernet0/0/0"),
}


@pytest.mark.parametrize("platform", CLI)
def test_hand_abbreviations(platform: str) -> None:
    text, _ = HAND[platform]
    cfg = parse(text, platform, "r1")
    itf = cfg.interfaces["GigabitEthernet0/0/0"]
    assert [str(a) for a in itf.addresses] == ["10.1.1.1/24"]
    assert itf.description == "up link" and itf.shutdown is False
    assert itf.acl_in == (["F"] if platform == "cisco_ios" else ["3000"])
    acl = cfg.acls[itf.acl_in[0]]
    assert [(e.action, e.proto, e.dports, e.log) for e in acl.entries] == [
        ("permit", "tcp", [(22, 22)], True), ("deny", "ip", [], False)]
    assert not [w for w in cfg.warnings if "ambiguous" in w]


def test_a_prefix_both_keywords_take_is_ambiguous_as_on_the_device() -> None:
    """VRP: `destination` and `destination-port` both follow a TCP rule's protocol: `dest` is refused."""
    cfg = parse("acl number 3000\n rule 5 permit tcp dest 10.2.2.2 0\n", "huawei_vrp", "r1")
    assert cfg.warnings[0] == ("line 2: ambiguous command: 'dest' could be destination, destination-port (the "
                               "device refuses it): rule 5 permit tcp dest 10.2.2.2 0")


AMBIGUOUS = {  # (text, the warning): a prefix the device refuses
    "cisco_ios": ("log 10.1.1.1\n", "line 1: ambiguous command: 'log' could be logging, login (the device refuses it): "
                  "log 10.1.1.1"),
    "huawei_vrp": ("interface GigabitEthernet0/0/0\n s\n", "line 2: ambiguous command: 's' could be shutdown, speed "
                   "(the device refuses it): s"),
    "h3c_comware": ("interface GigabitEthernet0/0/0\n s\n", "line 2: ambiguous command: 's' could be shutdown, speed "
                    "(the device refuses it): s"),
}


@pytest.mark.parametrize("platform", CLI)
def test_an_ambiguous_prefix_is_a_warning_not_a_guess(platform: str) -> None:
    text, warning = AMBIGUOUS[platform]
    cfg = parse(text, platform, "r1")
    assert warning in cfg.warnings
    assert cfg.logging.syslog_hosts == []
    if platform != "cisco_ios":
        assert cfg.interfaces["GigabitEthernet0/0/0"].shutdown is False  # (no guess: neither shut nor speed)


def test_frr_reads_keywords_strictly() -> None:
    """FRR reads its configuration files in strict mode (vtysh -b and the daemons use
    cmd_execute_command_strict: partial keywords are errors there), so `linux_frr` declares no vocabulary."""
    assert platforms.get("linux_frr").keywords is None

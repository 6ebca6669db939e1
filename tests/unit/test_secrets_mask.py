from __future__ import annotations

import pytest

from netwarden.baseline import load_baseline
from netwarden.model import load_network
from netwarden.render.engine import Renderer
from netwarden.secrets import MASK, mask
from tests.conftest import TODAY


@pytest.mark.parametrize("inv", ["lab", "example"])
def test_rendered_configs_carry_secrets_and_masking_removes_them(inv: str) -> None:
    net = load_network(f"inventories/{inv}", today=TODAY)
    secrets = net.secrets.values()
    r = Renderer(load_baseline())
    seen = 0
    for d in net.devices.values():
        text = r.render_device(net, d).text
        seen += any(s in text for s in secrets)
        # by pattern alone, without knowing the values
        masked = mask(text)
        assert not [s for s in secrets if s in masked], d.hostname
        assert MASK in masked
    assert seen == len(net.devices)  # the test would notice if secrets were not rendered at all


@pytest.mark.parametrize(("line", "kept"), [
    ("enable algorithm-type scrypt secret 9 $9$abc$def", "enable algorithm-type scrypt secret"),
    ("username nwadmin privilege 15 secret 5 $1$xyz", "username nwadmin privilege 15 secret"),
    ("snmp-server community public RO", "snmp-server community"),
    (" local-user nwadmin password irreversible-cipher $1a$XYZ$", " local-user nwadmin password irreversible-cipher"),
    (" snmp-agent usm-user v3 nw authentication-mode sha cipher %^%#abc", " snmp-agent usm-user v3 nw"),
    ('createUser nw SHA-256 "a b" AES "c"', "createUser nw SHA-256"),
])
def test_masked_lines(line: str, kept: str) -> None:
    out = mask(line)
    assert out.startswith(kept)
    assert MASK in out
    assert line.split()[-1] not in out.split()[-1] or line.split()[-1] == "RO"


@pytest.mark.parametrize("line", ["key chain OSPF-KEYS", " key 1", " key 12"])
def test_names_and_numbers_are_not_masked(line: str) -> None:
    """A key chain's name and a key's number are not secrets: masking them hides what changed."""
    assert mask(line) == line


@pytest.mark.parametrize(("line", "masked"), [
    (" password 7 0822455D0A16544541", " password 7 <redacted>"),  # the type-7 cipher, not the "7"
    ("undo snmp-agent community read cipher %^%#Q3m@%^%#", "undo snmp-agent community read cipher <redacted>"),
    ("no snmp-server community Publ1cComm RO", "no snmp-server community <redacted> RO"),
])
def test_type_digits_and_removals(line: str, masked: str) -> None:
    assert mask(line) == masked

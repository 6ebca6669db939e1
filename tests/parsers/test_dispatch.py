from __future__ import annotations

import pytest

from netwarden.parsers import parse
from netwarden.platforms import names

PLATFORMS = names()


def test_platforms() -> None:
    assert set(PLATFORMS) == {"linux_frr", "cisco_ios", "huawei_vrp", "h3c_comware"}


def test_unknown_platform_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no parser for platform 'junos'"):
        parse("system { host-name x; }", "junos")


@pytest.mark.parametrize("platform", PLATFORMS)
def test_empty_and_garbage_text_never_crash(platform: str) -> None:
    for text in ("", "\n\n", "!\n#\n}}}{{{\n\x03\n", "interface\nip address\nrouter bgp\n neighbor\n"):
        cfg = parse(text, platform, "x.cfg")
        assert cfg.platform == platform
        assert cfg.source == "x.cfg"

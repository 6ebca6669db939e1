"""The example province rendered with the IOS and VRP templates parses back to its inventory: the
same facts on both CLIs (interfaces, routing, management, the intranet deny filter)."""

from __future__ import annotations

import pytest

from netwarden.parsers import parse
from netwarden.parsers.model import ANY
from tests.parsers.conftest import Rendered, check_against_inventory


@pytest.mark.parametrize("platform", ["cisco_ios", "huawei_vrp"])
def test_example_configs_match_the_inventory(example: Rendered, platform: str) -> None:
    hosts = example.of(platform)
    if not hosts:
        pytest.skip(f"no {platform} templates yet")
    for h in hosts:
        cfg = parse(example.texts[h], platform, f"{h}.cfg")
        d, c = example.net.devices[h], example.ctx[h]
        check_against_inventory(cfg, d, c)
        assert cfg.mgmt.vty_acl == "NW-MGMT"  # VRP: `acl 2000 inbound` resolved to the named ACL
        assert cfg.trust.trustpoints and cfg.trust.trustpoints[0][1].lower() == c.ca.fingerprint_sha256.lower()
        # data interfaces carry the intranet deny filter both ways
        for i in c.interfaces:
            if i.zone_filter:
                assert cfg.interfaces[i.name].acl_in == ["NW-DENY-INTRANET"]
                assert cfg.interfaces[i.name].acl_out == ["NW-DENY-INTRANET"]
        acl = cfg.acls["NW-DENY-INTRANET"]
        other = list(c.other_zone_prefixes)
        denies = [e for e in acl.entries if e.action == "deny"]
        assert all(e.log for e in denies)
        assert [n for e in denies if e.dst == [ANY] for n in e.src] == other
        assert [n for e in denies if e.src == [ANY] for n in e.dst] == other
        assert acl.entries[-1].action == "permit" and acl.entries[-1].src == acl.entries[-1].dst == [ANY]

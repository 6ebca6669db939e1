"""Which zebra RIB entries the lab health counts as routes (recorded `show ip route json`, FRR 8.4)."""

from netwarden.lab.service import _active

# exit1 after the baseline push: the OSPF external held with its only next hop inactive
INACTIVE = [{"prefix": "198.18.40.0/24", "protocol": "ospf", "distance": 110, "metric": 20,
             "internalNextHopNum": 1, "internalNextHopActiveNum": 0, "nexthopGroupId": 24,
             "nexthops": [{"flags": 0, "ip": "198.18.32.2", "interfaceName": "eth2"}]}]
# the same route after `clear ip ospf process`: selected and installed
INSTALLED = [{"prefix": "198.18.40.0/24", "protocol": "ospf", "selected": True, "installed": True,
              "internalNextHopNum": 1, "internalNextHopActiveNum": 1,
              "nexthops": [{"flags": 3, "fib": True, "ip": "198.18.32.2", "interfaceName": "eth2", "active": True}]}]


def test_inactive_route_does_not_count() -> None:
    assert not _active(INACTIVE)


def test_installed_route_counts() -> None:
    assert _active(INSTALLED)


def test_one_active_entry_among_several_counts() -> None:
    assert _active(INACTIVE + INSTALLED)


def test_malformed_entries_do_not_count() -> None:
    assert not _active(None) and not _active({"prefix": "x"}) and not _active(["x"])

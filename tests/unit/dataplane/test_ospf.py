"""OSPF costs and passive interfaces: parsed on every platform, and the data-plane model's shortest paths use them
(adjacency only over interfaces passive on neither end, costs of the out interfaces, equal-cost paths kept)."""

from __future__ import annotations

import ipaddress

import pytest

from netwarden.dataplane import hs
from netwarden.dataplane.model import Model, build, ospf_cost, ospf_passive
from netwarden.model.types import Network
from netwarden.parsers import parse
from netwarden.parsers.model import ParsedConfig

FRR_HEAD = "#@netwarden section=frr path=/etc/frr/frr.conf\n"
PASSIVE_ON_OFF = " passive-interface default\n no passive-interface default"


def _ios(name: str, ifaces: list[tuple[str, str, str]], ospf: str = "") -> str:
    """IOS text: interfaces (name, address/len, extra lines), `router ospf 1` joining them by interface."""
    out = [f"hostname {name}"]
    for ifn, addr, extra in ifaces:
        a = ipaddress.IPv4Interface(addr)
        out += [f"interface {ifn}", f" ip address {a.ip} {a.netmask}", " ip ospf 1 area 0", *extra.splitlines(), "!"]
    out += ["router ospf 1", *ospf.splitlines(), "!"]
    return "\n".join(out) + "\n"


def _vrp(name: str, ifaces: list[tuple[str, str, str]], ospf: str = "") -> str:
    out = [f"sysname {name}"]
    for ifn, addr, extra in ifaces:
        a = ipaddress.IPv4Interface(addr)
        out += [f"interface {ifn}", f" ip address {a.ip} {a.netmask}", " ospf enable 1 area 0", *extra.splitlines()]
        out.append("#")
    out += ["ospf 1", *ospf.splitlines(), " area 0.0.0.0", "#"]
    return "\n".join(out) + "\n"


def _comware(name: str, ifaces: list[tuple[str, str, str]], ospf: str = "") -> str:
    out = [f"sysname {name}"]
    for ifn, addr, extra in ifaces:
        a = ipaddress.IPv4Interface(addr)
        out += [f"interface {ifn}", f" ip address {a.ip} {a.netmask}", " ospf 1 area 0", *extra.splitlines(), "#"]
    out += ["ospf 1", *ospf.splitlines(), " area 0.0.0.0", "#"]
    return "\n".join(out) + "\n"


def _frr(name: str, ifaces: list[tuple[str, str, str]], ospf: str = "") -> str:
    out = [f"hostname {name}"]
    for ifn, addr, extra in ifaces:
        out += [f"interface {ifn}", f" ip address {addr}", " ip ospf area 0", *extra.splitlines(), "exit", "!"]
    out += ["router ospf", *ospf.splitlines(), "exit", "!"]
    return FRR_HEAD + "\n".join(out) + "\n"


def _cfg(text: str, platform: str) -> ParsedConfig:
    c = parse(text, platform, platform)
    assert c.warnings == []
    return c


# --- parsing -------------------------------------------------------------------------------------------------


def test_ios_cost_and_passive_interface_forms() -> None:
    c = _cfg(
        _ios(
            "r",
            [
                ("GigabitEthernet0/0", "10.0.0.1/30", " ip ospf cost 30"),
                ("GigabitEthernet0/1", "10.0.1.1/30", ""),
                ("GigabitEthernet0/2", "10.0.2.1/30", " ip ospf cost 7\n no ip ospf cost"),
            ],
            " passive-interface default\n no passive-interface Gi0/0\n passive-interface GigabitEthernet0/2\n"
            " no passive-interface GigabitEthernet0/2",
        ),
        "cisco_ios",
    )
    assert [ospf_cost(c, i) for i in ("GigabitEthernet0/0", "GigabitEthernet0/1", "GigabitEthernet0/2")] == [30, 1, 1]
    assert [ospf_passive(c, i) for i in ("GigabitEthernet0/0", "GigabitEthernet0/1", "GigabitEthernet0/2")] == [
        False,
        True,
        False,
    ]
    c2 = _cfg(_ios("r", [("GigabitEthernet0/0", "10.0.0.1/30", "")], " passive-interface Gi0/0"), "cisco_ios")
    assert ospf_passive(c2, "GigabitEthernet0/0") is True and c2.ospf[0].passive_default is False
    c3 = _cfg(
        _ios("r", [("GigabitEthernet0/0", "10.0.0.1/30", "")], PASSIVE_ON_OFF),
        "cisco_ios",
    )
    assert ospf_passive(c3, "GigabitEthernet0/0") is False


@pytest.mark.parametrize(("platform", "render"), [("huawei_vrp", _vrp), ("h3c_comware", _comware)])
def test_vrp_and_comware_cost_and_silent_interface(platform: str, render: object) -> None:
    assert callable(render)
    c = _cfg(
        render(
            "r",
            [
                ("GigabitEthernet0/0/1", "10.0.0.1/30", " ospf cost 25"),
                ("GigabitEthernet0/0/2", "10.0.1.1/30", ""),
                ("GigabitEthernet0/0/3", "10.0.2.1/30", ""),
            ],
            " silent-interface all\n undo silent-interface GigabitEthernet0/0/1",
        ),
        platform,
    )
    names = ("GigabitEthernet0/0/1", "GigabitEthernet0/0/2", "GigabitEthernet0/0/3")
    assert [ospf_cost(c, i) for i in names] == [25, 1, 1]
    assert [ospf_passive(c, i) for i in names] == [False, True, True]
    c2 = _cfg(
        render(
            "r",
            [("GigabitEthernet0/0/1", "10.0.0.1/30", " ospf cost 9\n undo ospf cost")],
            " silent-interface GigabitEthernet0/0/1",
        ),
        platform,
    )
    assert ospf_passive(c2, "GigabitEthernet0/0/1") is True and ospf_cost(c2, "GigabitEthernet0/0/1") == 1


def test_frr_cost_ip_ospf_passive_and_process_passive_interface() -> None:
    c = _cfg(
        _frr(
            "r",
            [
                ("eth0", "10.0.0.1/30", " ip ospf cost 40"),
                ("eth1", "10.0.1.1/30", " ip ospf passive"),
                ("eth2", "10.0.2.1/30", " no ip ospf passive"),
                ("eth3", "10.0.3.1/30", ""),
            ],
            " passive-interface default\n no passive-interface eth3",
        ),
        "linux_frr",
    )
    assert [ospf_cost(c, i) for i in ("eth0", "eth1", "eth2", "eth3")] == [40, 1, 1, 1]
    # eth0 inherits the default; eth1 and eth2 say so themselves; eth3 is named by the process
    assert [ospf_passive(c, i) for i in ("eth0", "eth1", "eth2", "eth3")] == [True, True, False, False]
    c2 = parse(_frr("r", [("eth0", "10.0.0.1/24", " ip ospf passive 10.0.0.1")]), "linux_frr")
    assert c2.warnings == ["line 6: frr: not modelled: ip ospf passive 10.0.0.1"]


# --- the model -----------------------------------------------------------------------------------------------
#
#        a --(10.0.1.0/30)-- b --(10.0.3.0/30)-- d -- 10.9.9.0/24 (d's LAN, passive)
#        a --(10.0.2.0/30)-- c --(10.0.4.0/30)-- d
#
# a is IOS, b VRP, c Comware, d FRR: the path from a to d's LAN goes by b or by c.


def _square(a_b_cost: str = "", a_c_cost: str = "", d_passive_b: bool = False, d_ospf: str = "") -> Model:
    d_b_extra = " ip ospf passive" if d_passive_b else ""
    cfgs = {
        "a": _cfg(
            _ios(
                "a",
                [("GigabitEthernet0/0", "10.0.1.1/30", a_b_cost), ("GigabitEthernet0/1", "10.0.2.1/30", a_c_cost)],
            ),
            "cisco_ios",
        ),
        "b": _cfg(
            _vrp("b", [("GigabitEthernet0/0/0", "10.0.1.2/30", ""), ("GigabitEthernet0/0/1", "10.0.3.1/30", "")]),
            "huawei_vrp",
        ),
        "c": _cfg(
            _comware("c", [("GigabitEthernet1/0/0", "10.0.2.2/30", ""), ("GigabitEthernet1/0/1", "10.0.4.1/30", "")]),
            "h3c_comware",
        ),
        "d": _cfg(
            _frr(
                "d",
                [
                    ("eth0", "10.0.3.2/30", d_b_extra),
                    ("eth1", "10.0.4.2/30", ""),
                    ("eth2", "10.9.9.1/24", " ip ospf passive"),
                ],
                d_ospf,
            ),
            "linux_frr",
        ),
    }
    return build(Network.model_construct(), cfgs)


def _exits(m: Model, host: str, dst: str) -> set[str]:
    (part, route), *rest = m.lookup(m.devices[host], hs.prefixes([ipaddress.IPv4Network(dst)]))
    assert rest == [] and route is not None and route.proto == "ospf", (part, route)
    return {oif for oif, _nh in route.hops}


def test_equal_costs_keep_both_paths() -> None:
    assert _exits(_square(), "a", "10.9.9.0/24") == {"GigabitEthernet0/0", "GigabitEthernet0/1"}


def test_a_cost_changes_the_chosen_exit() -> None:
    assert _exits(_square(a_b_cost=" ip ospf cost 10"), "a", "10.9.9.0/24") == {"GigabitEthernet0/1"}
    assert _exits(_square(a_c_cost=" ip ospf cost 10"), "a", "10.9.9.0/24") == {"GigabitEthernet0/0"}
    m = _square(a_b_cost=" ip ospf cost 10")
    route = m.lookup(m.devices["a"], hs.prefixes([ipaddress.IPv4Network("10.9.9.0/24")]))[0][1]
    assert route is not None and route.why == "ospf 10.9.9.0/24 from d (cost 3)"


def test_a_passive_interface_removes_the_adjacency_and_the_path() -> None:
    # d's eth0 passive: b and d are no neighbours, so a reaches d's LAN only by c
    assert _exits(_square(d_passive_b=True), "a", "10.9.9.0/24") == {"GigabitEthernet0/1"}
    # every interface of d passive: d's LAN is reached by nobody (the prefix is not learned at all)
    m = _square(d_ospf=" passive-interface default")
    [(_part, route)] = m.lookup(m.devices["a"], hs.prefixes([ipaddress.IPv4Network("10.9.9.0/24")]))
    assert route is None
    # the passive LAN itself is still advertised when the links are not passive
    assert _exits(_square(), "b", "10.9.9.0/24") == {"GigabitEthernet0/0/1"}

"""Generate realistic province inventories: the bundled example and benchmark provinces.

Deterministic for given arguments. `python -m netwarden.synth OUT --devices N` writes an
Ansible inventory (hosts.yml, group_vars/, host_vars/)."""

from __future__ import annotations

import argparse
import ipaddress
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEPARTMENTS = [
    ("fin", "Provincial Department of Finance"),
    ("edu", "Provincial Department of Education"),
    ("hrss", "Provincial Department of Human Resources and Social Security"),
    ("nr", "Provincial Department of Natural Resources"),
    ("eco", "Provincial Department of Ecology and Environment"),
    ("hud", "Provincial Department of Housing and Urban-Rural Development"),
    ("tra", "Provincial Department of Transport"),
    ("wr", "Provincial Department of Water Resources"),
    ("agr", "Provincial Department of Agriculture and Rural Affairs"),
    ("com", "Provincial Department of Commerce"),
    ("hc", "Provincial Health Commission"),
    ("amr", "Provincial Administration for Market Regulation"),
    ("tax", "Provincial Taxation Service"),
    ("ca", "Provincial Department of Civil Affairs"),
    ("just", "Provincial Department of Justice"),
    ("ct", "Provincial Department of Culture and Tourism"),
    ("em", "Provincial Department of Emergency Management"),
    ("stat", "Provincial Bureau of Statistics"),
    ("ms", "Provincial Medical Security Bureau"),
]
CITIES = [("lh", "Linhai"), ("qs", "Qingshan"), ("by", "Baiyun"), ("jx", "Jiangxia"), ("dy", "Dongyang"),
          ("nc", "Nanchuan"), ("hx", "Huaxi"), ("ys", "Yushan")]
BUREAUS = [("tax", "Taxation Bureau"), ("edu", "Education Bureau"), ("hb", "Health Bureau"),
           ("amr", "Market Regulation Bureau"), ("hrss", "Human Resources and Social Security Bureau"),
           ("ps", "Public Resources Trading Centre")]
SURNAMES = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Hu", "Zhu",
            "Gao", "Lin", "He", "Guo", "Ma", "Luo"]
GIVEN = ["Wei", "Fang", "Min", "Jing", "Lei", "Jun", "Yan", "Hao", "Qiang", "Ling", "Tao", "Hui", "Ping", "Gang"]
PLATFORM_CYCLE = ["cisco_ios", "huawei_vrp", "linux_frr"]
IFNAME = {"linux_frr": "eth{n}", "cisco_ios": "GigabitEthernet0/0/{n}", "huawei_vrp": "GigabitEthernet0/0/{n}"}
IFBASE = {"linux_frr": 1, "cisco_ios": 0, "huawei_vrp": 0}
CA_KEY = ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMLlBvIwz3tAaK/4ECfw5EWy7yjEWB9I75FQETOzdkcl "
          "egov-ca@example-province")


@dataclass
class Host:
    name: str
    platform: str
    group: str  # role group
    zone: str
    unit: str
    site: str
    mgmt: str
    loopback: str | None = None
    interfaces: list[dict[str, Any]] = field(default_factory=list)
    static: list[dict[str, Any]] = field(default_factory=list)
    ospf: dict[str, Any] | None = None
    extra_groups: list[str] = field(default_factory=list)

    def ifname(self) -> str:
        n = len([i for i in self.interfaces if not i.get("_lan_only")]) + IFBASE[self.platform]
        return IFNAME[self.platform].format(n=n)


class Alloc:
    def __init__(self, pool: str, plen: int) -> None:
        self._it: Iterator[ipaddress.IPv4Network] = ipaddress.IPv4Network(pool).subnets(new_prefix=plen)

    def next(self) -> ipaddress.IPv4Network:
        return next(self._it)


def _contact(n: int, domain: str) -> dict[str, str]:
    name = f"{SURNAMES[n % len(SURNAMES)]} {GIVEN[(n * 7) % len(GIVEN)]}"
    return {"name": name, "phone": f"+86 571 {8000 + n:04d} {1000 + (n * 37) % 9000:04d}",
            "email": f"netops@{domain}.gov.example"}


def generate(devices: int = 40, cities: int = 3, depts: int = 12, bureaus_per_city: int = 3,
             lan_prefix: int = 24) -> tuple[dict[str, Any], dict[str, Any], list[Host]]:
    """Return (province group vars, units, hosts). With `devices` larger than the example,
    cities and bureaus are added until the count is reached."""
    transit = Alloc("10.126.0.0/16", 30)
    loop = iter(ipaddress.IPv4Network("10.125.0.0/16").hosts())
    lans = Alloc("10.64.0.0/11", lan_prefix)
    mgmt = iter(ipaddress.IPv4Network("10.127.0.0/16").hosts())
    for _ in range(10):
        next(mgmt)
    intra_lans = Alloc("10.0.0.0/13", 24)
    intra_transit = Alloc("10.14.0.0/16", 30)
    intra_mgmt = iter(ipaddress.IPv4Network("10.15.255.0/24").hosts())
    for _ in range(10):
        next(intra_mgmt)

    units: dict[str, Any] = {}
    hosts: list[Host] = []
    plat = itertools.cycle(PLATFORM_CYCLE)
    contact_n = itertools.count(1)

    def unit(uid: str, name: str, kind: str, level: int, domain: str, monitoring: str = "provincial",
             parent: str | None = None) -> dict[str, Any]:
        u: dict[str, Any] = {"name": name, "kind": kind, "level": level, "contact": _contact(next(contact_n), domain)}
        if parent:
            u["parent"] = parent
        if monitoring != "provincial":
            u["monitoring"] = monitoring
        u["prefixes"] = []
        units[uid] = u
        return u

    def link(a: Host, b: Host, ospf: bool) -> tuple[dict[str, Any], dict[str, Any]]:
        net = transit.next() if a.zone == "extranet" else intra_transit.next()
        h = list(net.hosts())
        ia: dict[str, Any] = {"name": a.ifname(), "address": f"{h[0]}/30", "faces": a.zone}
        a.interfaces.append(ia)
        ib: dict[str, Any] = {"name": b.ifname(), "address": f"{h[1]}/30", "faces": b.zone}
        b.interfaces.append(ib)
        ia["peer"] = f"{b.name}:{ib['name']}"
        ib["peer"] = f"{a.name}:{ia['name']}"
        if ospf:
            ia["ospf"] = True
            ib["ospf"] = True
        return ia, ib

    def router(name: str, group: str, zone: str, unit_id: str, site: str, platform: str | None = None,
               with_loopback: bool = True) -> Host:
        m = next(mgmt) if zone == "extranet" else next(intra_mgmt)
        h = Host(name, platform or next(plat), group, zone, unit_id, site, str(m))
        if with_loopback:
            h.loopback = f"{next(loop) if zone == 'extranet' else _intra_loop(len(hosts))}/32"
        hosts.append(h)
        return h

    def ospf_of(h: Host, **kw: Any) -> dict[str, Any]:
        assert h.loopback
        h.ospf = {"router_id": h.loopback.split("/")[0], "interfaces": [], **kw}
        return h.ospf

    def finish_ospf(h: Host) -> None:
        if h.ospf is not None:
            h.ospf["interfaces"] = [i["name"] for i in h.interfaces if i.get("ospf")]

    nmc = "prov-egov-nmc"
    unit(nmc, "Provincial E-Government Network Management Centre", "centre", 3, "nmc")
    units[nmc]["prefixes"] = ["10.125.0.0/16", "10.126.0.0/16"]

    # the exit HA pair and the extranet core pair
    exits = [router(f"prov-exit-fw0{n}", "internet_exit", "extranet", nmc, "prov-exit", "linux_frr") for n in (1, 2)]
    cores = [router(f"prov-core-rt0{n}", "extranet_core", "extranet", nmc, f"prov-dc{n}", "cisco_ios")
             for n in (1, 2)]
    for n, e in enumerate(exits):
        up = ipaddress.IPv4Network(f"203.0.113.{n * 4}/30")
        hh = list(up.hosts())
        e.interfaces.append({"name": e.ifname(), "address": f"{hh[0]}/30", "faces": "internet",
                             "nat_outside": True, "description": f"ISP uplink {n + 1}"})
        e.static.append({"prefix": "0.0.0.0/0", "next_hop": str(hh[1]), "description": f"ISP {n + 1}"})
        ospf_of(e, default_originate=True)
    for e in exits:
        for c in cores:
            link(e, c, ospf=True)
    link(cores[0], cores[1], ospf=True)
    for c in cores:
        ospf_of(c, redistribute=["static"])
    for n, e in enumerate(exits):
        e.interfaces.append({"name": e.ifname(), "address": f"172.30.0.{2 + n}/24", "faces": "dmz",
                             "description": "government websites (dmz)"})

    def border(name: str, uid: str, site: str, upstream: Host, lan: ipaddress.IPv4Network) -> Host:
        b = router(name, "unit_border", "extranet", uid, site, with_loopback=False)
        ia, ib = link(upstream, b, ospf=False)
        ib["description"] = f"uplink to {upstream.name}"
        ia["description"] = f"{units[uid]['name']}"
        gw = next(lan.hosts())
        b.interfaces.append({"name": b.ifname(), "address": f"{gw}/{lan.prefixlen}", "faces": "lan",
                             "description": f"{units[uid]['name']} extranet LAN"})
        b.static.append({"prefix": "0.0.0.0/0", "next_hop": ia["address"].split("/")[0],
                         "description": "towards the provincial exit"})
        upstream.static.append({"prefix": str(lan), "next_hop": ib["address"].split("/")[0],
                                "description": f"{uid} LAN"})
        units[uid]["prefixes"].append(str(lan))
        return b

    # provincial departments
    allow_units: list[tuple[str, str]] = []
    for k, (code, name) in enumerate(itertools.islice(itertools.cycle(DEPARTMENTS), depts)):
        uid = f"prov-{code}" if k < len(DEPARTMENTS) else f"prov-{code}{k // len(DEPARTMENTS)}"
        unit(uid, name if k < len(DEPARTMENTS) else f"{name} ({k // len(DEPARTMENTS)})", "department",
             3 if k % 4 else 4 if k % 8 == 0 else 2, code)
        border(f"{uid}-br01", uid, f"{uid}-hq", cores[k % 2], lans.next())
        if k in (0, 2, 10, 12):
            allow_units.append((uid, code))

    # municipalities
    city_iter = itertools.count()
    made_cities = 0
    while made_cities < cities or len(hosts) < devices:
        ci = next(city_iter)
        code, cname = CITIES[ci % len(CITIES)]
        if ci >= len(CITIES):
            code, cname = f"{code}{ci // len(CITIES)}", f"{cname} {ci // len(CITIES)}"
        cid = f"city-{code}"
        mon = f"city-{code}"
        unit(cid, f"{cname} Municipal E-Government Office", "municipality", 3, code, monitoring=mon)
        core = router(f"{code}-core-rt01", "municipal_core", "extranet", cid, f"{code}-dc")
        core.extra_groups.append(cid.replace("-", "_"))
        for pcore in cores:
            link(core, pcore, ospf=True)
        ospf_of(core, redistribute=["static"])
        own_lan = lans.next()
        core.interfaces.append({"name": core.ifname(), "address": f"{next(own_lan.hosts())}/{own_lan.prefixlen}",
                                "faces": "lan", "description": f"{cname} e-government office LAN"})
        units[cid]["prefixes"].append(str(own_lan))
        nbur = bureaus_per_city if devices <= 60 else max(1, min(len(BUREAUS) * 8, devices - len(hosts) - 1))
        nbur = min(nbur, 250)
        for j in range(nbur):
            bcode, bname = BUREAUS[j % len(BUREAUS)]
            if j >= len(BUREAUS):
                bcode, bname = f"{bcode}{j // len(BUREAUS)}", f"{bname} {j // len(BUREAUS)}"
            uid = f"{code}-{bcode}"
            unit(uid, f"{cname} Municipal {bname}", "bureau", 2 if j % 3 else 3, f"{bcode}.{code}",
                 monitoring=mon, parent=cid)
            b = border(f"{uid}-br01", uid, f"{uid}", core, lans.next())
            b.extra_groups.append(cid.replace("-", "_"))
            if ci == 0 and j == 0:
                allow_units.append((uid, bcode))
            if devices > 60 and len(hosts) >= devices and made_cities + 1 >= cities:
                break
        made_cities += 1
        if made_cities >= cities and len(hosts) >= devices:
            break
    for h in hosts:
        finish_ospf(h)

    # the intranet: a core pair and borders, physically apart
    gov = "prov-gov-office"
    unit(gov, "Provincial Government General Office", "department", 4, "office", monitoring="intranet")
    units[gov]["prefixes"] = ["10.0.0.0/13"]
    icore = router("intra-core-rt01", "intranet_core", "intranet", gov, "gov-office-dc", "cisco_ios")
    ospf_of(icore)
    for n, (code, _name) in enumerate(DEPARTMENTS[:3]):
        ib = router(f"intra-{code}-br01", "intranet_border", "intranet", gov, f"gov-office-{code}",
                    "huawei_vrp" if n % 2 else "cisco_ios")
        link(icore, ib, ospf=True)
        lan = intra_lans.next()
        ib.interfaces.append({"name": ib.ifname(), "address": f"{next(lan.hosts())}/24", "faces": "lan",
                              "ospf": True, "description": f"{code} office LAN (intranet)"})
        ospf_of(ib)
    for h in hosts:
        if h.zone == "intranet":
            finish_ospf(h)

    monitoring: dict[str, Any] = {
        "provincial": {"syslog": ["10.125.250.10", "10.125.250.11"], "snmp_managers": ["10.125.250.30"],
                       "ntp": ["10.125.250.20", "10.125.250.21"], "tacacs": ["10.125.250.40", "10.125.250.41"]},
        "intranet": {"syslog": ["10.14.250.10", "10.14.250.11"], "snmp_managers": ["10.14.250.30"],
                     "ntp": ["10.14.250.20", "10.14.250.21"], "tacacs": ["10.14.250.40"]},
    }
    for uid, u in units.items():
        if u.get("kind") == "municipality":
            base = ipaddress.IPv4Network(u["prefixes"][0])
            addrs = list(base.hosts())
            monitoring[u.get("monitoring", uid)] = {"syslog": [str(addrs[9]), str(addrs[10])],
                                                    "snmp_managers": [str(addrs[29])],
                                                    "ntp": ["10.125.250.20", "10.125.250.21"],
                                                    "tacacs": ["10.125.250.40", "10.125.250.41"]}
    allow = []
    systems = ["e-portal", "e-filing", "social-insurance", "public-health", "market-credit", "school-enrol"]
    for n, (uid, code) in enumerate(allow_units):
        src = ipaddress.IPv4Network(units[uid]["prefixes"][0])
        sub = list(src.subnets(new_prefix=min(src.prefixlen + 2, 30)))[1]
        allow.append({"system": f"{code}-{systems[n % len(systems)]}", "unit": uid, "sources": [str(sub)],
                      "destinations": ["203.0.113.128/25" if n % 2 else "203.0.113.64/26"],
                      "ports": ["tcp/443"] if n % 3 else ["tcp/443", "tcp/8443"],
                      "approval": f"NMC-2026-{101 + n:03d}", "expires": f"{2027 + n % 2}-{6 + n % 6:02d}-30",
                      "contact": units[uid]["contact"]["name"]})
    province = {
        "netwarden_province": {"name": "Example Province"},
        "netwarden_zones": {"intranet": ["10.0.0.0/12"], "extranet": ["10.64.0.0/10"], "dmz": ["172.30.0.0/24"]},
        "netwarden_management_prefixes": {"extranet": ["10.127.0.0/16"], "intranet": ["10.15.255.0/24"]},
        "netwarden_exit": {"public_prefixes": ["203.0.113.0/24", "198.51.100.0/24"], "nat_pool": "198.51.100.0/28"},
        "netwarden_monitoring": monitoring,
        "netwarden_backup_sites": {
            "emergency_support_centre": "Provincial Emergency Support Centre, Linhai",
            "data_disaster_backup_centre": "Provincial Data Disaster Backup Centre, Qingshan (120 km)"},
        "netwarden_ca": {"name": "Example Province E-Government CA", "url": "http://10.125.250.50/certsrv",
                         "fingerprint_sha256": "3f9a1c0e5b7d2468ace13579bdf02468ace13579bdf02468ace13579bdf0246a",
                         "ssh_user_ca_key": CA_KEY},
        "netwarden_internet_allowlist": allow,
        "netwarden_dmz_rules": [{"name": "portal-to-services", "sources": ["172.30.0.10/32", "172.30.0.11/32"],
                                 "destinations": [units[allow_units[0][0]]["prefixes"][0]],
                                 "ports": ["tcp/443"], "approval": "NMC-2026-090"}],
    }
    return province, units, hosts


def _intra_loop(n: int) -> str:
    return f"10.14.255.{1 + n % 250}"


class _Dumper(yaml.SafeDumper):
    pass


def _flow(d: dict[str, Any]) -> str:
    return yaml.dump(d, Dumper=_Dumper, default_flow_style=True, sort_keys=False, width=1000).strip()


def write_inventory(out: Path, province: dict[str, Any], units: dict[str, Any], hosts: list[Host],
                    header: str = "") -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "group_vars" / "all").mkdir(parents=True, exist_ok=True)
    (out / "host_vars").mkdir(exist_ok=True)
    groups: dict[str, dict[str, list[str]]] = {"extranet": {}, "intranet": {}}
    extra: dict[str, list[str]] = {}
    for h in hosts:
        groups[h.zone].setdefault(h.group, []).append(h.name)
        for g in h.extra_groups:
            extra.setdefault(g, []).append(h.name)
    lines = [f"# {header or 'Generated by netwarden.synth'}", "all:", "  children:"]
    for zone, roles in groups.items():
        lines += [f"    {zone}:", "      children:"]
        for role, names in roles.items():
            lines += [f"        {role}:", "          hosts:"] + [f"            {n}:" for n in names]
    by_plat: dict[str, list[str]] = {}
    for h in hosts:
        by_plat.setdefault(h.platform, []).append(h.name)
    for p, names in sorted(by_plat.items()):
        lines += [f"    {p}:", "      hosts:"] + [f"        {n}:" for n in names]
    for g, names in sorted(extra.items()):
        lines += [f"    {g}:", "      hosts:"] + [f"        {n}:" for n in names]
    (out / "hosts.yml").write_text("\n".join(lines) + "\n")
    for role in {h.group for h in hosts}:
        (out / "group_vars" / f"{role}.yml").write_text(f"---\nnetwarden_role: {role}\n")
    # netwarden talks to devices through NAPALM itself; no Ansible connection plugin is needed.
    conn = {p: {"netwarden_platform": p} for p in PLATFORM_CYCLE}
    for p in by_plat:
        (out / "group_vars" / f"{p}.yml").write_text("---\n" + yaml.safe_dump(conn[p], sort_keys=False))
    gv = out / "group_vars" / "all"
    prov = {k: v for k, v in province.items() if k not in ("netwarden_internet_allowlist", "netwarden_dmz_rules")}
    (gv / "province.yml").write_text("---\n" + yaml.safe_dump(prov, sort_keys=False, width=120))
    (gv / "units.yml").write_text("---\n" + yaml.safe_dump({"netwarden_units": units}, sort_keys=False, width=120))
    (gv / "allowlist.yml").write_text(
        "---\n# Application systems authorised to reach the Internet through the provincial exit (Art. 7)\n"
        + yaml.safe_dump({k: province[k] for k in ("netwarden_internet_allowlist", "netwarden_dmz_rules")},
                         sort_keys=False, width=120))
    for h in hosts:
        body = [f"---\nansible_host: {h.mgmt}", f"netwarden_unit: {h.unit}", f"netwarden_site: {h.site}"]
        if h.loopback:
            body.append(f"netwarden_loopback: {h.loopback}")
        body.append("netwarden_interfaces:")
        body += [f"  - {_flow(i)}" for i in h.interfaces]
        routing: dict[str, Any] = {}
        if h.static:
            routing["static"] = h.static
        if h.ospf:
            routing["ospf"] = h.ospf
        if routing:
            body.append("netwarden_routing:")
            if h.static:
                body.append("  static:")
                body += [f"    - {_flow(s)}" for s in h.static]
            if h.ospf:
                body.append(f"  ospf: {_flow(h.ospf)}")
        (out / "host_vars" / f"{h.name}.yml").write_text("\n".join(body) + "\n")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("out", type=Path)
    p.add_argument("--devices", type=int, default=40)
    p.add_argument("--cities", type=int, default=3)
    p.add_argument("--depts", type=int, default=12)
    p.add_argument("--bureaus-per-city", type=int, default=3)
    p.add_argument("--secrets", choices=("env", "plain"), default="env",
                   help="how group_vars/all/secrets.yml gives secrets (not written if it exists)")
    a = p.parse_args(argv)
    lan = 24 if a.devices <= 4000 else 25
    prov, units, hosts = generate(a.devices, a.cities, a.depts, a.bureaus_per_city, lan)
    write_inventory(a.out, prov, units, hosts, f"Example province: {len(hosts)} devices (netwarden.synth)")
    sec = a.out / "group_vars" / "all" / "secrets.yml"
    if not sec.exists():
        if a.secrets == "env":
            sec.write_text("---\nnetwarden_secrets:\n  snmp_auth: {env: NETWARDEN_SNMP_AUTH}\n"
                           "  snmp_priv: {env: NETWARDEN_SNMP_PRIV}\n")
        else:
            sec.write_text("---\n# synthetic benchmark secrets\nnetwarden_secrets:\n  snmp_auth: bench-auth-0001\n"
                           "  snmp_priv: bench-priv-0001\n  enable_secret: bench-enable\n"
                           "  local_admin_password: bench-admin\n  tacacs_key: bench-tacacs\n")
    print(f"{a.out}: {len(hosts)} devices, {len(units)} units")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

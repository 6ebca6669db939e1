"""From inventory variables to the typed :class:`~netwarden.model.types.Network`."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from netwarden.errors import Problem
from netwarden.model import text
from netwarden.model.connopts import option_problems
from netwarden.model.inventory import HostRecord, InventoryData
from netwarden.model.types import (
    CA,
    ROLE_ZONE,
    AllowEntry,
    AuditSyslog,
    Device,
    DmzRule,
    Exit,
    LabHost,
    Link,
    MonitoringSite,
    Network,
    Platform,
    Role,
    Routing,
    Secrets,
    Unit,
    Zone,
)
from netwarden.model.validate import check_network

HOST_KEYS = {
    "netwarden_platform": "platform",
    "netwarden_role": "role",
    "netwarden_zone": "zone",
    "netwarden_unit": "unit",
    "netwarden_site": "site",
    "netwarden_loopback": "loopback",
    "netwarden_interfaces": "interfaces",
    "netwarden_routing": "routing",
    "netwarden_lab": "lab",
}
PROVINCE_KEYS = {
    "netwarden_province",
    "netwarden_zones",
    "netwarden_management_prefixes",
    "netwarden_units",
    "netwarden_monitoring",
    "netwarden_backup_sites",
    "netwarden_backup_repos",
    "netwarden_audit_syslog",
    "netwarden_ca",
    "netwarden_exit",
    "netwarden_internet_allowlist",
    "netwarden_dmz_rules",
    "netwarden_secrets",
    "netwarden_today",
}
LAB_HOST_KEY = "netwarden_lab_host"
# Ansible's connection variables -> Connection fields
CONNECTION_KEYS = {"ansible_user": "username", "ansible_password": "password",
                   "ansible_ssh_private_key_file": "key_file", "ansible_port": "port",
                   "netwarden_napalm_args": "optional_args", "netwarden_timeout": "timeout"}
M = TypeVar("M", bound=BaseModel)
ZONE_GROUPS = {"intranet": Zone.INTRANET, "extranet": Zone.EXTRANET}


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int) and out:
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _errors(e: ValidationError, file: str, host: str, prefix: str,
            rename: dict[str, str] | None = None) -> list[Problem]:
    probs = []
    for err in e.errors(include_url=False):
        loc = list(err["loc"])
        # drop pydantic's tagged-union / function-wrapper noise
        loc = [p for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith("function-")))]
        if rename and loc and isinstance(loc[0], str):
            loc[0] = rename.get(loc[0], loc[0])
        key = _loc(tuple(loc))
        if prefix:
            key = f"{prefix}.{key}" if key and not key.startswith("[") else f"{prefix}{key}"
        msg = err["msg"]
        if err["type"] == "enum":
            allowed = err.get("ctx", {}).get("expected", "")
            msg = f"unknown value {err['input']!r} (expected {allowed})"
        elif err["type"] == "missing":
            msg = "required but missing"
        elif err["type"] == "extra_forbidden":
            msg = "unknown key"
        elif key.endswith(".level") and err["type"] in ("less_than_equal", "greater_than_equal"):
            msg = f"protection level {err['input']} is outside 2-4 (GB/T 22239-2019 levels 2, 3 and 4)"
        elif err["type"] == "string_pattern_mismatch":
            msg = text.describe(err["input"], err.get("ctx", {}).get("pattern", ""))
        elif err["type"] == "string_too_long":
            msg = f"too long: at most {err.get('ctx', {}).get('max_length')} characters"
        elif err["type"] == "value_error":
            msg = str(err.get("ctx", {}).get("error", msg))
        probs.append(Problem(file, host, key, msg))
    return probs


def _validate(cls: type[M], data: Any, file: str, host: str, prefix: str,
                            problems: list[Problem], rename: dict[str, str] | None = None) -> M | None:
    try:
        return cls.model_validate(data)
    except ValidationError as e:
        problems.extend(_errors(e, file, host, prefix, rename))
        return None


def _peer(value: Any) -> tuple[str | None, str | None]:
    if value is None:
        return None, None
    s = str(value)
    if ":" not in s:
        return s, None
    d, i = s.split(":", 1)
    return d, i


def _device(rec: HostRecord, problems: list[Problem]) -> Device | None:
    v = rec.vars
    origin = rec.origins.get
    for k in sorted(v):
        if (k.startswith("netwarden_") and k not in HOST_KEYS and k not in PROVINCE_KEYS and k != LAB_HOST_KEY
                and k not in CONNECTION_KEYS):
            problems.append(Problem(origin(k, rec.source), rec.name, k, "unknown netwarden variable"))
    zones_by_group = sorted({ZONE_GROUPS[g] for g in rec.groups if g in ZONE_GROUPS})
    if len(zones_by_group) > 1:
        problems.append(Problem(rec.source, rec.name, "groups",
                                "device is in two zones (groups intranet and extranet): "
                                "the intranet and the extranet must be physically isolated (Art. 5)"))
    for what, names in (("role", Role._value2member_map_), ("platform", Platform._value2member_map_)):
        in_groups = sorted(g for g in rec.groups if g in names)
        if len(in_groups) > 1:
            problems.append(Problem(rec.source, rec.name, "groups", f"device is in two {what} groups "
                                    f"({', '.join(in_groups)}): a device has one {what}, and Ansible's merge order "
                                    "would pick one silently"))
    ifaces = v.get("netwarden_interfaces", [])
    if not isinstance(ifaces, list):
        problems.append(Problem(origin("netwarden_interfaces", rec.source), rec.name, "netwarden_interfaces",
                                "must be a list of interfaces"))
        ifaces = []
    idata = []
    for i in ifaces:
        if isinstance(i, dict):
            i = dict(i)
            pd, pi = _peer(i.pop("peer", None))
            if pd:
                i["peer_device"], i["peer_interface"] = pd, pi
        idata.append(i)
    if "ansible_host" not in v:
        problems.append(Problem(rec.source, rec.name, "ansible_host", "required but missing (the management "
                                "address)"))
    conn = {k: v[a] for a, k in CONNECTION_KEYS.items() if a in v}
    data: dict[str, Any] = {
        "hostname": rec.name,
        "mgmt_address": v.get("ansible_host"),
        "interfaces": idata,
        "source": rec.source,
        "groups": tuple(rec.groups),
        "connection": conn,
    }
    for key, field in HOST_KEYS.items():
        if key in v and field != "interfaces":
            data[field] = v[key]
    role = data.get("role")
    if "zone" not in data:
        if zones_by_group:
            data["zone"] = zones_by_group[0].value
        elif isinstance(role, str) and role in Role._value2member_map_:
            data["zone"] = ROLE_ZONE[Role(role)].value
    if isinstance(conn.get("optional_args"), dict):
        for opt, why in option_problems(conn["optional_args"]):
            problems.append(Problem(origin("netwarden_napalm_args", rec.source), rec.name,
                                    f"netwarden_napalm_args.{opt}", why))
    rename = {f: k for k, f in HOST_KEYS.items()}
    rename["mgmt_address"] = "ansible_host"
    # report each problem with the file that set the key
    before = len(problems)
    dev = _validate(Device, data, rec.source, rec.name, "", problems, rename)
    for n in range(before, len(problems)):
        p = problems[n]
        key = _inventory_key(p.key)
        top = key.split(".")[0].split("[")[0]
        problems[n] = Problem(origin(top, p.file), p.host, key, p.message)
    return dev


CONNECTION_FIELDS = {f: k for k, f in CONNECTION_KEYS.items()}


def _inventory_key(key: str) -> str:
    """A model field path as the inventory spells it: connection.port -> ansible_port, peer_device -> peer."""
    if key.startswith("connection."):
        field, _, rest = key[len("connection."):].partition(".")
        key = CONNECTION_FIELDS.get(field, field) + (f".{rest}" if rest else "")
    for part in (".peer_device", ".peer_interface"):
        if key.endswith(part):
            key = key[: -len(part)] + ".peer"
    return key


def _date(v: Any) -> dt.date | None:
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v))
    except ValueError:
        return None


def _secrets(raw: Any, file: str, problems: list[Problem]) -> Secrets | None:
    if not isinstance(raw, dict):
        problems.append(Problem(file, "", "netwarden_secrets", "required mapping of secrets (vault-encrypted "
                                "values or {env: VARIABLE})"))
        return None
    out: dict[str, Any] = {}
    for k, x in raw.items():
        if isinstance(x, dict) and set(x) == {"env"}:
            val = os.environ.get(str(x["env"]))
            if val is None:
                problems.append(Problem(file, "", f"netwarden_secrets.{k}",
                                        f"environment variable {x['env']} is not set"))
                val = ""  # reported; keeps the rest of the checks going
            out[k] = val
        else:
            out[k] = x
    return _validate(Secrets, out, file, "", "netwarden_secrets", problems)


def build_network(data: InventoryData, today: dt.date | None = None,
                  allow_expired: bool = False) -> tuple[Network | None, list[Problem]]:
    """Build the model; returns (network or None, every problem found). With `allow_expired`,
    expired allow-list entries are kept (verification reports them if a config still permits them)."""
    problems = list(data.problems)
    av = data.all_vars
    ao = data.all_origins
    inv = data.path

    def src(key: str) -> str:
        return ao.get(key, data.all_sources[0] if data.all_sources else inv)

    for k in sorted(av):
        if k.startswith("netwarden_") and k not in PROVINCE_KEYS and k not in HOST_KEYS and k not in CONNECTION_KEYS:
            problems.append(Problem(src(k), "", k, "unknown province-level netwarden variable"))
    for k in ("netwarden_units", "netwarden_zones", "netwarden_ca", "netwarden_exit", "netwarden_monitoring",
              "netwarden_secrets"):
        if k not in av and not data.all_broken:
            problems.append(Problem(inv, "", k, "required but missing (group_vars/all)"))

    province = av.get("netwarden_province") or {}
    if not isinstance(province, dict):
        problems.append(Problem(src("netwarden_province"), "", "netwarden_province", "must be a mapping (name: ...)"))
        province = {}
    name = province.get("name", os.path.basename(inv.rstrip("/")))
    _check_str(NAME, name, src("netwarden_province"), "netwarden_province.name", problems)
    name = str(name)
    if "netwarden_today" in av:
        inv_today = _date(av["netwarden_today"])
        if inv_today is None:  # a typo must never silently judge expiries as of the real date
            problems.append(Problem(src("netwarden_today"), "", "netwarden_today",
                                    "must be a date (YYYY-MM-DD)"))
        today = today or inv_today
    today = today or dt.date.today()

    units: dict[str, Unit] = {}
    raw_units = av.get("netwarden_units") or {}
    if not isinstance(raw_units, dict):
        problems.append(Problem(src("netwarden_units"), "", "netwarden_units", "must be a mapping unit-id -> unit"))
        raw_units = {}
    for uid, u in raw_units.items():
        ud = dict(u) if isinstance(u, dict) else u
        if isinstance(ud, dict):
            ud["id"] = str(uid)
        unit = _validate(Unit, ud, src("netwarden_units"), "", f"netwarden_units.{uid}", problems)
        if unit:
            units[unit.id] = unit

    zone_prefixes: dict[Zone, tuple[ipaddress.IPv4Network, ...]] = {}
    raw_zones = av.get("netwarden_zones") or {}
    if isinstance(raw_zones, dict):
        for z, prefs in raw_zones.items():
            try:
                zone = Zone(z)
            except ValueError:
                problems.append(Problem(src("netwarden_zones"), "", f"netwarden_zones.{z}",
                                        f"unknown zone (expected one of {', '.join(x.value for x in Zone)})"))
                continue
            zone_prefixes[zone] = _prefixes(prefs, src("netwarden_zones"), f"netwarden_zones.{z}", problems)
    else:
        problems.append(Problem(src("netwarden_zones"), "", "netwarden_zones", "must be a mapping zone -> prefixes"))

    def seq(key: str, cls: type[M]) -> list[M]:
        raw = av.get(key) or []
        if not isinstance(raw, list):
            problems.append(Problem(src(key), "", key, "must be a list"))
            return []
        out = []
        for i, x in enumerate(raw):
            m = _validate(cls, x, src(key), "", f"{key}[{i}]", problems)
            if m is not None:
                out.append(m)
        return out

    allow = seq("netwarden_internet_allowlist", AllowEntry)
    dmz_rules = seq("netwarden_dmz_rules", DmzRule)

    monitoring: dict[str, MonitoringSite] = {}
    for k, x in _mapping(av, "netwarden_monitoring", src, problems).items():
        _check_str(IDENT, k, src("netwarden_monitoring"), f"netwarden_monitoring.{k}", problems)
        m = _validate(MonitoringSite, x, src("netwarden_monitoring"), "", f"netwarden_monitoring.{k}", problems)
        if m:
            monitoring[str(k)] = m
    ca = _validate(CA, av.get("netwarden_ca"), src("netwarden_ca"), "", "netwarden_ca", problems) \
        if "netwarden_ca" in av else None
    secrets = _secrets(av.get("netwarden_secrets"), src("netwarden_secrets"), problems) \
        if "netwarden_secrets" in av else None
    mgmt: dict[Zone, tuple[ipaddress.IPv4Network, ...]] = {}
    raw_mgmt = av.get("netwarden_management_prefixes") or {}
    if not isinstance(raw_mgmt, dict):
        problems.append(Problem(src("netwarden_management_prefixes"), "", "netwarden_management_prefixes",
                                "must be a mapping zone -> prefixes (each zone is managed from its own network)"))
        raw_mgmt = {}
    for z, prefs in raw_mgmt.items():
        key = f"netwarden_management_prefixes.{z}"
        if z not in (Zone.INTRANET.value, Zone.EXTRANET.value):
            problems.append(Problem(src("netwarden_management_prefixes"), "", key, "expected intranet or extranet"))
            continue
        mgmt[Zone(z)] = _prefixes(prefs, src("netwarden_management_prefixes"), key, problems)
    if not mgmt:
        problems.append(Problem(src("netwarden_management_prefixes"), "", "netwarden_management_prefixes",
                                "management prefixes are required (Art. 13)"))
    backup_sites = {}
    for k, x in _mapping(av, "netwarden_backup_sites", src, problems).items():
        _check_str(IDENT, k, src("netwarden_backup_sites"), f"netwarden_backup_sites.{k}", problems)
        _check_str(NAME, x, src("netwarden_backup_sites"), f"netwarden_backup_sites.{k}", problems)
        backup_sites[str(k)] = str(x)
    backup_repos = {}  # where `backup --to` writes for each site; `audit verify -i` reads the anchors there
    for k, x in _mapping(av, "netwarden_backup_repos", src, problems).items():
        key = f"netwarden_backup_repos.{k}"
        if str(k) not in backup_sites:
            problems.append(Problem(src("netwarden_backup_repos"), "", key, "not a backup site "
                                    f"(netwarden_backup_sites: {', '.join(sorted(backup_sites)) or 'none'})"))
        _check_str(PATH, x, src("netwarden_backup_repos"), key, problems)
        if not isinstance(x, str) or not x.startswith("/"):
            problems.append(Problem(src("netwarden_backup_repos"), "", key, "must be an absolute path"))
        else:
            backup_repos[str(k)] = x

    audit_syslog = _validate(AuditSyslog, av.get("netwarden_audit_syslog") or {}, src("netwarden_audit_syslog"),
                             "", "netwarden_audit_syslog", problems) or AuditSyslog()
    if "netwarden_audit_syslog" in av and monitoring and audit_syslog.monitoring not in monitoring:
        problems.append(Problem(src("netwarden_audit_syslog"), "", "netwarden_audit_syslog.monitoring",
                                f"unknown monitoring site {audit_syslog.monitoring!r} (expected one of "
                                f"{', '.join(sorted(monitoring))})"))

    devices: dict[str, Device] = {}
    lab_hosts: list[LabHost] = []
    for rec in data.hosts.values():
        if LAB_HOST_KEY in rec.vars:
            lh = dict(rec.vars[LAB_HOST_KEY]) if isinstance(rec.vars[LAB_HOST_KEY], dict) else {}
            lh["name"] = rec.name
            att_d, att_i = _peer(lh.pop("attach", None))
            if att_d:
                lh["attach"], lh["attach_interface"] = att_d, att_i
            h = _validate(LabHost, lh, rec.origins.get(LAB_HOST_KEY, rec.source), rec.name, LAB_HOST_KEY, problems)
            if h:
                lab_hosts.append(h)
            continue
        if rec.broken:
            continue  # a file it depends on did not parse: reported already
        d = _device(rec, problems)
        if d is not None:
            devices[d.hostname] = d
    failed = {h for h in data.hosts if h not in devices}

    links = _links(devices, failed, problems)

    exit_devs = sorted(h for h, d in devices.items() if d.role == Role.INTERNET_EXIT)
    raw_exit = av.get("netwarden_exit") or {}
    exit_model = None
    if isinstance(raw_exit, dict):
        ed = dict(raw_exit)
        ed.setdefault("devices", exit_devs)
        ed.setdefault("site", devices[exit_devs[0]].site if exit_devs else "")
        exit_model = _validate(Exit, ed, src("netwarden_exit"), "", "netwarden_exit", problems)

    if ca is None or secrets is None or exit_model is None:
        return None, problems
    failed_units = {str(u) for u in raw_units} - set(units)
    net = Network.model_construct(
        name=name,
        inventory=inv,
        zone_prefixes=zone_prefixes,
        management_prefixes=mgmt,
        units=units,
        devices=devices,
        links=tuple(links),
        exit=exit_model,
        allowlist=tuple(allow),
        dmz_rules=tuple(dmz_rules),
        monitoring=monitoring,
        backup_sites=backup_sites,
        backup_repos=backup_repos,
        audit_syslog=audit_syslog,
        ca=ca,
        secrets=secrets,
        lab_hosts=tuple(lab_hosts),
        today=today,
    )
    problems += check_network(net, failed_units, allow_expired, failed)
    return net, problems


IDENT: TypeAdapter[str] = TypeAdapter(text.Ident)
NAME: TypeAdapter[str] = TypeAdapter(text.Name)
PATH: TypeAdapter[str] = TypeAdapter(text.Path_)


def _check_str(adapter: TypeAdapter[str], value: Any, file: str, key: str, problems: list[Problem]) -> None:
    """A value the model keeps outside its pydantic classes (mapping keys, the province's name)."""
    try:
        adapter.validate_python(value)
    except ValidationError as e:
        problems.extend(_errors(e, file, "", key))


def _prefixes(prefs: Any, file: str, key: str, problems: list[Problem]) -> tuple[ipaddress.IPv4Network, ...]:
    if not isinstance(prefs, list | None):
        problems.append(Problem(file, "", key, "must be a list of prefixes"))
        return ()
    nets = []
    for i, p in enumerate(prefs or []):
        try:
            if not isinstance(p, str):
                raise ValueError("must be a prefix (a.b.c.d/n)")
            nets.append(ipaddress.IPv4Network(p))
        except ValueError as e:
            problems.append(Problem(file, "", f"{key}[{i}]", str(e)))
    return tuple(nets)


def _mapping(av: dict[str, Any], key: str, src: Callable[[str], str], problems: list[Problem]) -> dict[Any, Any]:
    raw = av.get(key) or {}
    if not isinstance(raw, dict):
        problems.append(Problem(src(key), "", key, "must be a mapping"))
        return {}
    return raw


def _links(devices: dict[str, Device], failed: set[str], problems: list[Problem]) -> list[Link]:
    """Links from interfaces' `peer` references; each must be answered by the peer."""
    seen: set[tuple[str, str, str, str]] = set()
    out: list[Link] = []
    for d in devices.values():
        for idx, i in enumerate(d.interfaces):
            if not i.peer_device:
                continue
            key = f"netwarden_interfaces[{idx}].peer"
            peer = devices.get(i.peer_device)
            if peer is None and i.peer_device in failed:
                continue  # its own problems are reported already
            if peer is None:
                problems.append(Problem(d.source, d.hostname, key, f"peer device {i.peer_device!r} is not in the "
                                        "inventory"))
                continue
            pi = peer.interface(i.peer_interface or "")
            if pi is None:
                problems.append(Problem(d.source, d.hostname, key, f"peer {i.peer_device} has no interface "
                                        f"{i.peer_interface!r}"))
                continue
            if pi.peer_device != d.hostname or pi.peer_interface != i.name:
                problems.append(Problem(d.source, d.hostname, key,
                                        f"link is one-sided: {i.peer_device}:{i.peer_interface} does not name "
                                        f"{d.hostname}:{i.name} as its peer"))
                continue
            a, b = sorted([(d.hostname, i.name), (peer.hostname, pi.name)])
            k = (a[0], a[1], b[0], b[1])
            if k not in seen:
                seen.add(k)
                out.append(Link(a=a[0], a_if=a[1], b=b[0], b_if=b[1]))
    out.sort(key=lambda lk: (lk.a, lk.a_if, lk.b, lk.b_if))
    return out


__all__ = ["Platform", "Routing", "build_network"]

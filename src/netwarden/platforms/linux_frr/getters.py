"""The linux_frr driver's NAPALM getters: facts, interfaces, addresses, LLDP neighbours and routes,
read with `ip -j`, `lldpcli -f json` and vtysh over the driver's shell session."""

from __future__ import annotations

import json
import re
import shlex
from typing import Any

from napalm.base.exceptions import CommandErrorException


def _q(s: str) -> str:
    return shlex.quote(s)


def _uptime_seconds(s: str) -> int:
    """FRR uptime "00:01:19", "1d02h03m" or "01w2d03h" -> seconds."""
    if re.fullmatch(r"\d+:\d+:\d+", s):
        h, m, sec = (int(x) for x in s.split(":"))
        return h * 3600 + m * 60 + sec
    total = 0
    for num, unit in re.findall(r"(\d+)([wdhms])", s):
        total += int(num) * {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}[unit]
    return total


class Getters:
    """Mixed into LinuxFRRDriver, which provides the shell session (`_exec`) and `_vtysh`."""

    hostname: str
    sudo: str
    lldp_socket: str | None

    def _exec(self, cmd: str, *, error: str | None = None, timeout: float | None = None,
              exc: type[Exception] = CommandErrorException) -> tuple[int, str]:
        raise NotImplementedError

    def _vtysh(self, args: str) -> str:
        raise NotImplementedError

    # ------------------------------------------------------------------ getters
    def get_facts(self) -> dict[str, Any]:
        _, out = self._exec("uname -n; hostname -f 2>/dev/null || uname -n; uname -r; uname -m; "
                            "cut -d' ' -f1 /proc/uptime")  # fmt: skip
        host, fqdn, kernel, machine, uptime = (out.splitlines() + [""] * 5)[:5]
        _, ver = self._exec(self._vtysh("-c 'show version'"))
        m = re.search(r"FRRouting (\S+)", ver)
        frr_version = m.group(1) if m else "unknown"
        links = self._ip_json("link")
        return {
            "hostname": host.strip(),
            "fqdn": fqdn.strip() or host.strip(),
            "vendor": "FRRouting",
            "model": f"Linux {machine.strip()}",
            "serial_number": "",
            "os_version": f"FRRouting {frr_version} (Linux {kernel.strip()})",
            "uptime": float(uptime or 0),
            "interface_list": sorted(lk["ifname"] for lk in links if lk["ifname"] != "lo"),
        }

    def _ip_json(self, what: str) -> list[dict[str, Any]]:
        rc, out = self._exec(f"ip -j {what} show")
        if rc != 0:
            raise CommandErrorException(f"ip {what}: {out.strip()}")
        return json.loads(out or "[]")

    def get_interfaces(self) -> dict[str, dict[str, Any]]:
        links = self._ip_json("link")
        _, sp = self._exec("for i in /sys/class/net/*; do printf '%s %s\\n' \"${i##*/}\" "
                           "\"$(cat \"$i/speed\" 2>/dev/null || echo -1)\"; done")  # fmt: skip
        speeds = {}
        for line in sp.splitlines():
            parts = line.split()
            if len(parts) == 2:
                try:
                    speeds[parts[0]] = float(parts[1])
                except ValueError:
                    speeds[parts[0]] = -1.0
        out = {}
        for lk in links:
            name = lk["ifname"]
            flags = lk.get("flags", [])
            speed = speeds.get(name, -1.0)
            out[name] = {
                "is_up": lk.get("operstate") == "UP" or (name == "lo" and "UP" in flags),
                "is_enabled": "UP" in flags,
                "description": lk.get("ifalias", ""),
                "last_flapped": -1.0,
                "speed": speed if speed >= 0 else -1.0,
                "mtu": int(lk.get("mtu", 0)),
                "mac_address": lk.get("address", "").upper() if name != "lo" else "",
            }
        return out

    def get_interfaces_ip(self) -> dict[str, dict[str, dict[str, dict[str, int]]]]:
        out: dict[str, dict[str, dict[str, dict[str, int]]]] = {}
        for lk in self._ip_json("addr"):
            for a in lk.get("addr_info", []):
                fam = {"inet": "ipv4", "inet6": "ipv6"}.get(a.get("family", ""))
                if fam is None:
                    continue
                out.setdefault(lk["ifname"], {}).setdefault(fam, {})[a["local"]] = {
                    "prefix_length": int(a["prefixlen"])
                }
        return out

    def _lldp_json(self) -> dict[str, Any]:
        sock = f" -u {_q(self.lldp_socket)}" if self.lldp_socket else ""
        rc, out = self._exec(f"{self.sudo} lldpcli{sock} -f json show neighbors details")
        if rc != 0:
            raise CommandErrorException(f"lldpcli: {out.strip()}")
        ifaces = json.loads(out or "{}").get("lldp", {}).get("interface", {})
        if isinstance(ifaces, list):  # lldpcli: a list of one-key dicts when several interfaces
            merged: dict[str, Any] = {}
            for item in ifaces:
                merged.update(item)
            ifaces = merged
        return ifaces

    @staticmethod
    def _lldp_port(port: dict[str, Any]) -> str:
        pid = port.get("id", {})
        if pid.get("type") in ("ifname", "local") and pid.get("value"):
            return str(pid["value"])
        return str(port.get("descr") or pid.get("value", ""))

    def get_lldp_neighbors(self) -> dict[str, list[dict[str, str]]]:
        out: dict[str, list[dict[str, str]]] = {}
        for ifname, data in self._lldp_json().items():
            port = self._lldp_port(data.get("port", {}))
            for sysname in data.get("chassis", {}):
                out.setdefault(ifname, []).append({"hostname": sysname, "port": port})
        return out

    def get_lldp_neighbors_detail(self, interface: str = "") -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for ifname, data in self._lldp_json().items():
            if interface and ifname != interface:
                continue
            port = data.get("port", {})
            for sysname, ch in data.get("chassis", {}).items():
                caps = ch.get("capability", [])
                caps = caps if isinstance(caps, list) else [caps]
                out.setdefault(ifname, []).append({
                    "parent_interface": "",
                    "remote_port": self._lldp_port(port),
                    "remote_port_description": str(port.get("descr", "")),
                    "remote_chassis_id": str(ch.get("id", {}).get("value", "")),
                    "remote_system_name": sysname,
                    "remote_system_description": str(ch.get("descr", "")),
                    "remote_system_capab": sorted(c["type"].lower() for c in caps),
                    "remote_system_enable_capab": sorted(c["type"].lower() for c in caps if c.get("enabled")),
                })  # fmt: skip
        return out

    def get_route_to(
        self, destination: str = "", protocol: str = "", longer: bool = False
    ) -> dict[str, list[dict[str, Any]]]:
        if destination and not re.fullmatch(r"[0-9.]+(/\d+)?", destination):
            raise CommandErrorException(f"bad destination {destination!r}")
        arg = destination + (" longer-prefixes" if longer and destination else "")
        rc, out = self._exec(self._vtysh(f"-c {_q(f'show ip route {arg} json'.replace('  ', ' '))}"))
        if rc != 0:
            raise CommandErrorException(f"show ip route: {out.strip()}")
        data = json.loads(out or "{}")
        result: dict[str, list[dict[str, Any]]] = {}
        for prefix, routes in data.items():
            for r in routes:
                proto = str(r.get("protocol", "")).lower()
                if protocol and proto != protocol.lower():
                    continue
                active = bool(r.get("selected")) and bool(r.get("installed", r.get("selected")))
                for nh in r.get("nexthops", []) or [{}]:
                    result.setdefault(prefix, []).append({
                        "protocol": proto,
                        "current_active": active,
                        "last_active": False,
                        "age": _uptime_seconds(str(r.get("uptime", ""))),
                        "next_hop": nh.get("ip", ""),
                        "outgoing_interface": nh.get("interfaceName", ""),
                        "selected_next_hop": bool(nh.get("fib", False)),
                        "preference": int(r.get("distance", 0)),
                        "inactive_reason": "" if active else "not selected",
                        "routing_table": str(r.get("vrfName", "default")),
                        "protocol_attributes": {"metric": int(r.get("metric", 0))},
                    })  # fmt: skip
        return result

    # ------------------------------------------------------------------ configuration

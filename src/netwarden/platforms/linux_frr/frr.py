"""FRR's configuration (frr.conf as `show running-config` prints it) -> ParsedConfig."""

from __future__ import annotations

import ipaddress

from netwarden.parsers._cli import after, dotted_area, inherit
from netwarden.parsers._common import mask_iface, to_addr, to_net
from netwarden.parsers.model import (
    ANY,
    Acl,
    AclEntry,
    ParsedConfig,
    PBgp,
    PBgpNeighbor,
    PInterface,
    POspf,
    PRedistribute,
    PrefixListEntry,
    PStaticRoute,
    PUser,
    RouteMapEntry,
)
from netwarden.platforms.document import numbered as _body
from netwarden.platforms.linux_frr.layout import Section

# --- FRR --------------------------------------------------------------------------------------

BLOCK_HEADS = ("interface", "router", "route-map", "line", "key", "vrf", "segment-routing", "bfd", "mpls",
               "pseudowire", "nexthop-group", "pbr-map", "rpki", "debug")


class _Frr:
    def __init__(self, cfg: ParsedConfig, s: Section) -> None:
        self.cfg = cfg
        self.s = s
        self.iface: PInterface | None = None
        self.ospf: POspf | None = None
        self.bgp: PBgp | None = None
        self.rmap: RouteMapEntry | None = None
        self.block = ""  # the current block kind
        self.af = ""  # bgp address-family
        self.peer_groups: dict[str, PBgpNeighbor] = {}
        self.pg_members: dict[ipaddress.IPv4Address, str] = {}
        self.ospf_ifaces: list[tuple[PInterface, str]] = []
        self.vty_timeout: float | None = None

    def warn(self, no: int, msg: str) -> None:
        self.cfg.warnings.append(f"line {no}: frr: {msg}")

    def run(self) -> None:
        for no, raw in _body(self.s):
            line = raw.rstrip()
            stripped = line.strip()
            if not stripped or stripped.startswith("!"):
                continue  # older FRR closes blocks with '!': the block stays open until the next head
            words = stripped.split()
            indented = raw[0] in " \t"
            if not indented:
                if words[0] == "exit":
                    self.close()
                    continue
                if words[0] == "end":
                    self.close()
                    break
                if words[0] in BLOCK_HEADS:
                    self.close()
                    self.open_block(no, words)
                    continue
                self.close()
                self.top(no, words, stripped)
                continue
            self.sub(no, words, stripped)
        self.close()
        self.finish()

    def close(self) -> None:
        self.block, self.af = "", ""
        self.iface = None
        self.rmap = None

    # -- block heads --
    def open_block(self, no: int, w: list[str]) -> None:
        cfg = self.cfg
        if w[0] == "interface" and len(w) > 1:
            self.block = "interface"
            self.iface = cfg.interfaces.setdefault(w[1], PInterface(w[1]))
            self.iface.lines.append(no)
            if "vrf" in w:
                self.warn(no, f"interface {w[1]} in vrf {w[w.index('vrf') + 1] if w[-1] != 'vrf' else ''}")
        elif w[:2] == ["router", "ospf"]:
            self.block = "ospf"
            proc = w[2] if len(w) > 2 and w[2].isdigit() else "0"
            self.ospf = next((o for o in cfg.ospf if o.process == proc), None)
            if self.ospf is None:
                self.ospf = POspf(proc)
                cfg.ospf.append(self.ospf)
            self.ospf.lines.append(no)
            if "vrf" in w:
                self.warn(no, "OSPF in a VRF")
        elif w[:2] == ["router", "bgp"] and len(w) > 2:
            self.block = "bgp"
            try:
                asn = int(w[2])
            except ValueError:
                asn = _asdot(w[2])
            if cfg.bgp is None:
                cfg.bgp = PBgp(asn)
            elif cfg.bgp.asn != asn:
                self.warn(no, f"second BGP instance {w[2]} (vrf?) merged into AS {cfg.bgp.asn}")
            cfg.bgp.lines.append(no)
            self.bgp = cfg.bgp
        elif w[0] == "route-map" and len(w) >= 4 and w[2] in ("permit", "deny"):
            self.block = "route-map"
            try:
                seq = int(w[3])
            except ValueError:
                seq = 0
            self.rmap = RouteMapEntry("permit" if w[2] == "permit" else "deny", seq, [], no)
            cfg.route_maps.setdefault(w[1], []).append(self.rmap)
        elif w[:2] == ["line", "vty"]:
            self.block = "vty"
        else:
            self.block = "other"
            if w[0] == "router":
                self.warn(no, f"routing protocol not modelled: {' '.join(w)}")

    # -- top-level commands --
    def top(self, no: int, w: list[str], text: str) -> None:
        cfg = self.cfg
        k = w[0]
        if k == "hostname" and len(w) > 1:
            cfg.hostname = w[1]
        elif k == "ip" and len(w) > 1 and w[1] == "route":
            self.static(no, w[2:])
        elif k == "ip" and len(w) > 2 and w[1] == "prefix-list":
            self.prefix_list(no, w[2:])
        elif k == "ip" and len(w) > 2 and w[1] == "protocol":
            if len(w) >= 5 and w[2] == "any" and w[3] == "route-map":
                cfg.rib_filter = w[4]
            else:
                self.warn(no, f"per-protocol RIB filter not modelled as rib_filter: {text}")
        elif k == "access-list" and len(w) >= 3:
            self.access_list(no, w[1:], text)
        elif k == "log" and len(w) > 1:
            if w[1] == "commands":
                cfg.logging.config_change_logging = True
                cfg.logging.lines["config_change"] = no
            elif w[1] in ("syslog", "file", "stdout", "monitor", "facility", "timestamp", "record-priority"):
                cfg.logging.lines.setdefault(f"frr_log_{w[1]}", no)
        elif k == "no" and w[1:3] == ["log", "commands"]:
            cfg.logging.config_change_logging = False
            cfg.logging.lines["config_change"] = no
        elif k == "username" and len(w) > 1:
            cfg.users.append(PUser(w[1], no))
        elif k in ("frr", "service", "password", "enable", "agentx", "fpm", "zebra", "allow-external-route-update",
                   "hostname", "domainname", "banner", "no", "ipv6", "mpls", "bgp", "end"):
            pass
        else:
            self.warn(no, f"not understood: {text}")

    def static(self, no: int, w: list[str]) -> None:
        if not w:
            return
        if w[0] == "vrf" and len(w) > 2:
            w = w[2:]
        n = to_net(w[0]) if "/" in w[0] else None
        rest = w[1:]
        if n is None and len(w) > 1 and "/" not in w[0]:  # `ip route A M NH`
            m = mask_iface(w[0], w[1])
            n = m.network if m is not None else None
            rest = w[2:]
        if n is None:
            self.warn(no, f"static route not understood: ip route {' '.join(w)}")
            return
        nh = None
        ifname = None
        for x in rest:
            a = to_addr(x)
            if a is not None and nh is None:
                nh = a
            elif x.isdigit() or x in ("tag", "label", "table", "vrf", "nexthop-vrf", "onlink", "color", "bfd",
                                      "segments"):
                break
            elif ifname is None:
                ifname = x
        self.cfg.static_routes.append(PStaticRoute(n, nh, ifname, no))

    def prefix_list(self, no: int, w: list[str]) -> None:
        name = w[0]
        rest = w[1:]
        if rest and rest[0] in ("description", "seq-number"):
            return
        if len(rest) >= 2 and rest[0] == "seq":
            rest = rest[2:]
        if len(rest) < 2 or rest[0] not in ("permit", "deny"):
            self.warn(no, f"prefix-list not understood: {' '.join(w)}")
            return
        p = ANY if rest[1] == "any" else to_net(rest[1])
        if p is None:
            if ":" not in rest[1]:
                self.warn(no, f"prefix-list prefix not understood: {rest[1]}")
            return
        ge = le = None
        if rest[1] == "any":
            le = 32
        for i, x in enumerate(rest[2:-1], start=2):
            if x == "ge":
                ge = int(rest[i + 1])
            elif x == "le":
                le = int(rest[i + 1])
        self.cfg.prefix_lists.setdefault(name, []).append(
            PrefixListEntry("permit" if rest[0] == "permit" else "deny", p, ge, le, no))

    def access_list(self, no: int, w: list[str], text: str) -> None:
        name = w[0]
        rest = w[1:]
        if rest and rest[0] == "seq" and len(rest) > 1:
            rest = rest[2:]
        if not rest or rest[0] == "remark":
            return
        if rest[0] not in ("permit", "deny") or len(rest) < 2:
            self.warn(no, f"access-list not understood: {text}")
            return
        acl = self.cfg.acls.setdefault(name, Acl(name, "standard", line=no))
        if rest[1] == "any":
            src = [ANY]
        elif rest[1] == "host" and len(rest) > 2:
            a = to_net(rest[2])
            src = [a] if a else []
        else:
            a = to_net(rest[1])
            src = [a] if a else []
        if not src:
            self.warn(no, f"access-list address not understood: {text}")
            return
        acl.entries.append(AclEntry("permit" if rest[0] == "permit" else "deny", src=src, line=no, text=text,
                                    log="log" in rest))

    # -- block sub-commands --
    def sub(self, no: int, w: list[str], text: str) -> None:
        if self.block == "interface" and self.iface is not None:
            self.interface_cmd(self.iface, no, w, text)
        elif self.block == "ospf" and self.ospf is not None:
            self.ospf_cmd(self.ospf, no, w)
        elif self.block == "bgp" and self.bgp is not None:
            self.bgp_cmd(self.bgp, no, w, text)
        elif self.block == "route-map" and self.rmap is not None:
            self.rmap_cmd(self.rmap, w, text)
        elif self.block == "vty":
            if w[0] == "exec-timeout" and len(w) > 1:
                try:
                    self.vty_timeout = int(w[1]) + (int(w[2]) / 60 if len(w) > 2 else 0)
                except ValueError:
                    self.warn(no, f"exec-timeout not understood: {text}")
                self.cfg.mgmt.lines.setdefault("frr_vty_timeout", no)
            elif w[0] == "access-class":
                self.cfg.mgmt.lines.setdefault("frr_vty_acl", no)
        elif self.block == "":
            self.warn(no, f"indented line outside any block: {text}")

    def interface_cmd(self, itf: PInterface, no: int, w: list[str], text: str) -> None:
        if w[:2] == ["ip", "address"] and len(w) > 2:
            try:
                itf.addresses.append(ipaddress.IPv4Interface(w[2]))
                itf.lines.append(no)
            except ValueError:
                self.warn(no, f"address not understood: {text}")
        elif w[:2] == ["ip", "ospf"] and "area" in w:
            i = w.index("area")
            if i + 1 < len(w):
                itf.ospf_area = dotted_area(w[i + 1])
                proc = w[2] if w[2].isdigit() else "0"
                self.ospf_ifaces.append((itf, proc))
                itf.lines.append(no)
        elif w[:3] == ["ip", "ospf", "cost"] and len(w) > 3 and w[3].isdigit():
            itf.ospf_cost = int(w[3])
            itf.lines.append(no)
        elif w[:4] == ["no", "ip", "ospf", "cost"]:
            itf.ospf_cost = None
        elif w[:3] == ["ip", "ospf", "passive"] or w[:4] == ["no", "ip", "ospf", "passive"]:
            if len(w) > (4 if w[0] == "no" else 3):  # `ip ospf passive A.B.C.D`: one address of the interface
                self.warn(no, f"not modelled: {text}")
            else:
                itf.ospf_passive = w[0] != "no"
                itf.lines.append(no)
        elif w[0] == "description":
            itf.description = text.split(None, 1)[1] if len(w) > 1 else ""
        elif w[0] == "shutdown":
            itf.shutdown = True
            itf.lines.append(no)
        elif w[:2] == ["no", "shutdown"]:
            itf.shutdown = False

    def ospf_cmd(self, o: POspf, no: int, w: list[str]) -> None:
        if w[0] in ("ospf", "router-id") and "router-id" in w:
            o.router_id = to_addr(w[-1])
        elif w[0] == "network" and len(w) >= 4 and w[2] == "area":
            n = to_net(w[1])
            if n is not None:
                o.networks.append((n, dotted_area(w[3])))
                o.lines.append(no)
        elif w[0] == "redistribute" and len(w) > 1:
            o.redistribute.append(PRedistribute(w[1], after(w, "route-map"), no))
        elif w[:2] == ["default-information", "originate"]:
            o.default_originate = True
            o.lines.append(no)
        elif w[0] == "passive-interface" or w[:2] == ["no", "passive-interface"]:  # (the older, process form)
            rest = w[2:] if w[0] == "no" else w[1:]
            if rest == ["default"]:
                o.passive_default = w[0] != "no"
            elif len(rest) == 1:
                o.passive[rest[0]] = w[0] != "no"
            o.lines.append(no)

    def bgp_cmd(self, b: PBgp, no: int, w: list[str], text: str) -> None:
        if w[0] == "address-family":
            self.af = " ".join(w[1:3])
            return
        if w[0] == "exit-address-family":
            self.af = ""
            return
        if self.af and self.af not in ("ipv4 unicast", "ipv4"):
            return  # other address families: not the IPv4 unicast routing
        if w[:2] == ["bgp", "router-id"] and len(w) > 2:
            b.router_id = to_addr(w[2])
        elif w[0] == "neighbor" and len(w) >= 3:
            self.neighbor(b, no, w[1], w[2:])
        elif w[0] == "network" and len(w) > 1:
            n = to_net(w[1]) if "/" in w[1] else None
            if n is None and len(w) > 3 and w[2] == "mask":
                m = mask_iface(w[1], w[3])
                n = m.network if m else None
            if n is None:
                self.warn(no, f"network not understood: {text}")
            else:
                b.networks.append((n, no))
        elif w[0] == "redistribute" and len(w) > 1:
            b.redistribute.append(PRedistribute(w[1], after(w, "route-map"), no))

    def neighbor(self, b: PBgp, no: int, peer: str, w: list[str]) -> None:
        addr = to_addr(peer)
        if addr is None:
            nb = self.peer_groups.setdefault(peer, PBgpNeighbor(ipaddress.IPv4Address(0), line=no))
        else:
            nb_opt = next((n for n in b.neighbors if n.address == addr), None)
            if nb_opt is None:
                nb_opt = PBgpNeighbor(addr, line=no)
                b.neighbors.append(nb_opt)
            nb = nb_opt
        k = w[0]
        if k == "remote-as" and len(w) > 1:
            nb.remote_as = b.asn if w[1] == "internal" else (int(w[1]) if w[1].isdigit() else None)
        elif k == "peer-group" and addr is not None and len(w) > 1:
            self.pg_members[addr] = w[1]
        elif k == "route-map" and len(w) > 2:
            if w[2] == "in":
                nb.route_map_in = w[1]
            elif w[2] == "out":
                nb.route_map_out = w[1]
        elif k == "prefix-list" and len(w) > 2:
            if w[2] == "in":
                nb.prefix_list_in = w[1]
            elif w[2] == "out":
                nb.prefix_list_out = w[1]
        elif k == "default-originate":
            nb.default_originate = True

    def rmap_cmd(self, e: RouteMapEntry, w: list[str], text: str) -> None:
        if w[0] != "match":
            return
        if w[1:4] == ["ip", "address", "prefix-list"] and len(w) > 4:
            e.match_prefix_lists.append(w[4])
        elif w[1:3] == ["ip", "address"] and len(w) > 3:
            e.match_acls.append(w[3])
        else:
            e.other_matches.append(text)

    def finish(self) -> None:
        cfg = self.cfg
        # interfaces with `ip ospf area` run OSPF on their connected prefixes
        for itf, proc in self.ospf_ifaces:
            o = next((x for x in cfg.ospf if x.process == proc), None)
            if o is None:
                o = next(iter(cfg.ospf), None)
            if o is None:
                o = POspf(proc)
                cfg.ospf.append(o)
                self.warn(itf.lines[0] if itf.lines else 0, f"{itf.name} has ip ospf area but no router ospf")
            for a in itf.addresses:
                entry = (a.network, itf.ospf_area or "0.0.0.0")
                if entry not in o.networks:
                    o.networks.append(entry)
        if cfg.bgp is not None:
            for nb in cfg.bgp.neighbors:
                pg = self.peer_groups.get(self.pg_members.get(nb.address, ""))
                if pg is not None:
                    inherit(nb, pg)


def _asdot(s: str) -> int:
    hi, _, lo = s.partition(".")
    try:
        return int(hi) * 65536 + int(lo or 0)
    except ValueError:
        return 0

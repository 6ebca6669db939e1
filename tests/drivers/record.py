"""Record real linux_frr command output from a lab device into mocked_data/ (needs root).

    .venv/bin/python tests/drivers/record.py

Brings up the three-router example lab, makes r1 carry every kind of section, runs each
getter with a recording driver, writes mocked_data/<getter>/<case>/ (commands.json, the
outputs, expected_result.json) and tears the lab down again.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1] / "src"))

from netwarden.lab import Lab, down, up  # noqa: E402
from netwarden.lab.examples import three_router_spec  # noqa: E402
from netwarden.platforms.linux_frr.driver import LinuxFRRDriver  # noqa: E402
from netwarden.platforms.linux_frr.layout import join_sections  # noqa: E402

WORKDIR = Path("/tmp/nwrec")
MOCKED = HERE / "mocked_data"

R1_DOC = join_sections({
    "frr": "frr defaults traditional\nhostname r1\nservice integrated-vtysh-config\n"
           "ip route 198.19.9.0/24 Null0\ninterface eth1\n ip ospf hello-interval 1\n"
           " ip ospf dead-interval 3\nexit\nrouter ospf\n ospf router-id 198.19.255.1\n"
           " network 198.19.0.0/30 area 0\n network 198.19.1.0/24 area 0\nexit\n",
    "nftables": "flush ruleset\ntable inet filter {\n\tchain input {\n"
                "\t\ttype filter hook input priority filter; policy accept;\n"
                "\t\tiifname \"eth1\" tcp dport 23 drop\n\t}\n}\n",
    "sshd": "ClientAliveInterval 300\nMaxAuthTries 3\n",
})  # fmt: skip
CANDIDATE = R1_DOC.replace("198.19.9.0/24", "198.19.8.0/24").replace("MaxAuthTries 3", "MaxAuthTries 4")


def record(driver: LinuxFRRDriver, getter: str, case: str, call: Any) -> None:
    calls: list[tuple[str, int, str]] = []
    driver.recorder = lambda c, rc, out: calls.append((c, rc, out))
    driver._prepare_session()
    result = call(driver)
    driver.recorder = None
    d = MOCKED / getter / case
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    index = []
    for i, (c, rc, out) in enumerate(calls):
        name = f"{i:02d}.txt"
        (d / name).write_text(out)
        index.append({"cmd": c, "rc": rc, "output_file": name})
    (d / "commands.json").write_text(json.dumps(index, indent=1) + "\n")
    (d / "expected_result.json").write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
    print(f"recorded {getter}/{case}: {len(calls)} commands")


def main() -> None:
    spec = three_router_spec(WORKDIR, name="rec", third_octet=251)
    lab = Lab(spec)
    try:
        up(spec)
        args = lab.driver_args("r1")
        drv = LinuxFRRDriver(**args)
        drv.open()
        drv.load_replace_candidate(config=R1_DOC)
        drv.commit_config()
        for _ in range(60):  # OSPF: wait for r3's LAN on r1
            if drv.get_route_to("198.19.2.0/24"):
                break
            time.sleep(0.5)
        time.sleep(1)
        args_out = {k: v for k, v in args.items() if k != "password"} | {"password": "x"}
        MOCKED.mkdir(exist_ok=True)
        (MOCKED / "driver_args.json").write_text(json.dumps(args_out, indent=1) + "\n")
        record(drv, "get_facts", "normal", lambda d: d.get_facts())
        record(drv, "get_interfaces", "normal", lambda d: d.get_interfaces())
        record(drv, "get_interfaces_ip", "normal", lambda d: d.get_interfaces_ip())
        record(drv, "get_lldp_neighbors", "normal", lambda d: d.get_lldp_neighbors())
        record(drv, "get_lldp_neighbors_detail", "normal", lambda d: d.get_lldp_neighbors_detail())
        record(drv, "get_route_to", "ospf", lambda d: d.get_route_to("198.19.2.0/24"))
        record(drv, "get_route_to", "static_longer", lambda d: d.get_route_to("198.19.0.0/16", "static", True))
        record(drv, "get_config", "all_sections", lambda d: d.get_config(retrieve="running"))
        record(drv, "get_config", "startup", lambda d: d.get_config(retrieve="startup"))

        def compare(d: LinuxFRRDriver) -> str:
            d.load_replace_candidate(config=CANDIDATE)
            diff = d.compare_config()
            d.discard_config()
            return diff

        record(drv, "compare_config", "replace", compare)

        def invalid(d: LinuxFRRDriver) -> str:
            try:
                d.load_replace_candidate(config=join_sections({"frr": "router ospf\n bogus\n"}))
            except Exception as e:
                return f"{type(e).__name__}: {e}"
            return "accepted"

        record(drv, "load_replace_candidate", "invalid_frr", invalid)
        drv.close()
    finally:
        down(spec)


if __name__ == "__main__":
    main()

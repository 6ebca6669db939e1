"""Rendered linux_frr configs are ones FRR, nftables and OpenSSH accept (vtysh -C, nft -c, sshd -t)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from netwarden.baseline import load_baseline
from netwarden.model import load_network
from netwarden.platforms.linux_frr.layout import split_sections
from netwarden.render.engine import Renderer
from tests.conftest import TODAY

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("vtysh") or not shutil.which("nft") or not Path("/usr/sbin/sshd").exists(),
    reason="needs root with frr, nftables and openssh-server installed (make test installs them)",
)


def _linux_configs() -> list[tuple[str, str]]:
    out = []
    for inv in ("lab", "example"):
        net = load_network(f"inventories/{inv}", today=TODAY)
        r = Renderer(load_baseline())
        for h, d in sorted(net.devices.items()):
            if d.platform.value == "linux_frr":
                out.append((f"{inv}/{h}", r.render_device(net, d).text))
    return out


CONFIGS = _linux_configs()


@pytest.mark.parametrize(("name", "text"), CONFIGS, ids=[c[0] for c in CONFIGS])
def test_accepted_by_frr_nft_and_sshd(name: str, text: str, tmp_path: Path) -> None:
    s = split_sections(text)
    frr = tmp_path / "frr.conf"
    frr.write_text(s["frr"].body)
    r = subprocess.run(["vtysh", "-C", "-f", str(frr)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, f"vtysh -C rejected {name}: {r.stdout}{r.stderr}"
    nft = tmp_path / "rules.nft"
    nft.write_text(s["nftables"].body)
    r = subprocess.run(["unshare", "-n", "nft", "-c", "-f", str(nft)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, f"nft -c rejected {name}: {r.stderr}"
    sshd = tmp_path / "50-netwarden.conf"
    sshd.write_text(s["sshd"].body)
    key = tmp_path / "hostkey"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    main = tmp_path / "sshd_config"
    main.write_text(f"Include {sshd}\nHostKey {key}\n")
    os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # sshd -t wants its privilege-separation dir
    r = subprocess.run(["/usr/sbin/sshd", "-t", "-f", str(main)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, f"sshd -t rejected {name}: {r.stderr}"


def test_a_broken_config_is_rejected(tmp_path: Path) -> None:
    """The checks above can fail: a typo in each format is refused."""
    frr = tmp_path / "frr.conf"
    frr.write_text("interface eth1\n ip adress 198.18.32.1/30\nexit\n")
    assert subprocess.run(["vtysh", "-C", "-f", str(frr)], capture_output=True).returncode != 0
    nft = tmp_path / "rules.nft"
    nft.write_text("table inet t {\n chain c {\n  tcp dport 22 acept\n }\n}\n")
    assert subprocess.run(["unshare", "-n", "nft", "-c", "-f", str(nft)], capture_output=True).returncode != 0

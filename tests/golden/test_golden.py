"""Golden configs: every device of the bundled inventories, rendered, byte for byte.

Regenerate with `make golden` (pytest --update-golden) and review `git diff tests/golden`."""

from __future__ import annotations

from pathlib import Path

import pytest

from netwarden.baseline import load_baseline
from netwarden.model import load_network
from netwarden.render.engine import Renderer
from tests.conftest import TODAY

HERE = Path(__file__).parent
INVENTORIES = ["lab", "example"]


def _rendered(inv: str) -> dict[str, str]:
    net = load_network(f"inventories/{inv}", today=TODAY)
    r = Renderer(load_baseline())
    return {x.hostname: x.text for x in r.render_network(net)}


@pytest.mark.parametrize("inv", INVENTORIES)
def test_golden_configs(inv: str, request: pytest.FixtureRequest) -> None:
    got = _rendered(inv)
    gdir = HERE / inv
    if request.config.getoption("--update-golden"):
        gdir.mkdir(exist_ok=True)
        for old in gdir.glob("*.cfg"):
            if old.stem not in got:
                old.unlink()
        for host, text in got.items():
            (gdir / f"{host}.cfg").write_text(text)
    want = {p.stem: p.read_text() for p in sorted(gdir.glob("*.cfg"))}
    assert sorted(want) == sorted(got), "devices differ from the goldens: run `make golden`"
    for host in got:
        assert got[host] == want[host], f"{inv}/{host}.cfg differs from its golden: run `make golden` and review"

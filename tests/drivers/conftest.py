"""Fixtures of the recorded-driver tests (napalm_fakes.py): a test module names its device (`HOST`, in
inventories/example), the NAPALM driver it replays (`DRIVER`) and that driver's recordings
(`RECORDINGS`, a folder of case directories)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from netwarden.baseline import load_baseline
from netwarden.model import load_network
from netwarden.render.engine import Renderer
from tests.conftest import TODAY

from . import napalm_fakes as nf


@pytest.fixture(scope="module")
def example(request: pytest.FixtureRequest) -> tuple[Any, Any, str]:
    """The example province, the baseline and the module's HOST as rendered (the intended config)."""
    net = load_network("inventories/example", today=TODAY)
    base = load_baseline()
    return net, base, Renderer(base).render_network(net, [request.module.HOST])[0].text


@pytest.fixture()
def replay(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch,
           tmp_path: Path) -> Callable[[str], nf.FakeBox]:
    """play(case): the module's HOST answers from the recorded case; netwarden's state goes to tmp_path."""
    host, driver, recordings = request.module.HOST, request.module.DRIVER, request.module.RECORDINGS
    monkeypatch.setenv("NETWARDEN_STATE_DIR", str(tmp_path / "state"))

    def play(case: str) -> nf.FakeBox:
        return nf.install(monkeypatch, {host: (driver, recordings / case)})[host]

    return play


@pytest.fixture()
def drifted(example: tuple[Any, Any, str], replay: Callable[[str], nf.FakeBox],
            request: pytest.FixtureRequest) -> Callable[[str], tuple[Any, nf.FakeBox]]:
    """run(case): `netwarden drift` of the module's HOST replaying the case -> (report, the device's box)."""
    net, base, _i = example

    def run(case: str) -> tuple[Any, nf.FakeBox]:
        box = replay(case)
        return nf.drift(net, base, request.module.HOST), box

    return run

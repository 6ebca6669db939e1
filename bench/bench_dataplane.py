"""Benchmark of the data-plane proof (issue 13) on the synthetic province (`netwarden.synth`).

    .venv/bin/python bench/bench_dataplane.py [--devices 1000] [--repeat 3] [--scratch DIR]

Generates the province in a scratch directory (never the repository), loads it, renders and parses every
device once (not the proof: timed apart), then times the proof itself: the model (routes to a fixed point,
filters, NAT) and every DP rule over it, best of `--repeat` runs, in this one process (the proof runs after
the workers, in verify's parent process). Also reports the findings per rule, which must be none on the
generated province (it follows the baseline), and the model's size.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--devices", type=int, default=1000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--scratch", type=Path, default=None)
    a = p.parse_args(argv)
    scratch = a.scratch or Path(tempfile.mkdtemp(prefix="nw-bench-dp-"))
    os.environ.setdefault("NETWARDEN_AUDIT_LOG", str(scratch / "audit.jsonl"))
    os.environ.setdefault("NETWARDEN_CACHE_DIR", str(scratch / "cache"))
    from netwarden import synth
    from netwarden.baseline import load_baseline
    from netwarden.dataplane import rules as dp
    from netwarden.dataplane.model import build
    from netwarden.model import load_network
    from netwarden.parsers import parse
    from netwarden.render.engine import Renderer

    inv = scratch / "inventory"
    synth.main([str(inv), "--devices", str(a.devices), "--secrets", "plain"])
    t0 = time.perf_counter()
    net = load_network(str(inv))
    base = load_baseline()
    texts = {r.hostname: r.text for r in Renderer(base).render_network(net)}
    cfgs = {h: parse(t, net.devices[h].platform.value, h) for h, t in texts.items()}
    prep = time.perf_counter() - t0
    fns = {r: getattr(dp, f"dp_00{r[-1]}") for r in ("DP-001", "DP-002", "DP-003", "DP-004", "DP-005", "DP-006")}
    best: dict[str, float] = {}
    counts: dict[str, int] = {}
    for _ in range(a.repeat):
        dp._MEMO.clear()
        t = time.perf_counter()
        model = build(net, cfgs)
        best["model"] = min(best.get("model", 1e9), time.perf_counter() - t)
        dp._MEMO[id(cfgs)] = (cfgs, net, model)
        for rid, fn in fns.items():
            t = time.perf_counter()
            hits = fn(net, cfgs)
            best[rid] = min(best.get(rid, 1e9), time.perf_counter() - t)
            counts[rid] = len(hits)
    total = sum(best.values())
    routes = sum(len(d.routes) for d in model.devices.values())
    print(f"devices: {len(cfgs)}; RIB entries: {routes}; load+render+parse (not the proof): {prep:.1f} s")
    for k, v in best.items():
        print(f"  {k:7} {v:7.3f} s" + (f"   findings: {counts[k]}" if k in counts else ""))
    print(f"proof (model + DP-001..006): {total:.2f} s on {os.cpu_count()} CPUs (python {sys.version.split()[0]})")
    return 0 if not any(counts.values()) else 2


if __name__ == "__main__":
    raise SystemExit(main())

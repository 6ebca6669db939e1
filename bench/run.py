"""Benchmarks: netwarden render/verify against Ansible, on synthetic provinces.

    .venv/bin/python bench/run.py [--quick | --full] [--out docs/benchmarks.md] [--scratch DIR] [--keep]

Generates provinces with `netwarden.synth` (N = 100, 1,000 and, with --full, 10,000 devices)
in a scratch directory (never the repository), then times each command as its own process:

* `netwarden render` with an empty cache (cold: no parse cache, no compiled-template cache)
  and again with the cache filled by the previous run (warm);
* `netwarden verify --format json -o FILE` (warm), or "pending" while it cannot run;
* `ansible-playbook playbooks/render.yml` (the netwarden_render action plugin: one call for all hosts);
* the baseline a user would otherwise write: `bench/baseline/render-template.yml`, one
  `ansible.builtin.template` task per host over netwarden's own section templates, the per-host
  context pre-computed into host vars (`bench/baseline/make_context.py`, not timed). Only up to
  1,000 devices (100 with --quick); beyond that its per-device time is extrapolated.

Wall time is the whole process (interpreter start and inventory loading included). Peak RSS is
`ru_maxrss` from wait4() (what `/usr/bin/time -v` reports: the largest single process); tree
PSS is the peak of the summed proportional set size of the process and its children, sampled
every 0.1 s from /proc (what the machine actually spends, forked workers included).
Environment: NETWARDEN_AUDIT_LOG and NETWARDEN_CACHE_DIR point into the scratch directory.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TEMPLATE_MAX = {"quick": 100, "full": 1000}
ACTION_MAX = {"quick": 100, "full": 10000}  # ansible-playbook render.yml (quick mode keeps to two minutes)
SIZES = {"quick": [100, 1000], "full": [100, 1000, 10000]}
TIMEOUT = 1800.0
ACTION_TIMEOUT = 900.0  # Ansible's own inventory and variable handling grows fast with N


# --- measuring ---------------------------------------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", encoding="ascii", errors="replace") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        kids.setdefault(ppid, []).append(int(d))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class _Sampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.1):
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(p) for p in _children(self.pid)))


def measure(cmd: list[str], env: dict[str, str], cwd: Path, log: Path, timeout: float = TIMEOUT) -> dict[str, Any]:
    """Run ``cmd``; wall seconds, ru_maxrss and sampled tree PSS (MB), exit code."""
    with open(log, "wb") as out:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        s = _Sampler(p.pid)
        s.start()
        timer = threading.Timer(timeout, p.kill)
        timer.start()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        timer.cancel()
        s.stop.set()
        s.join()
        p.returncode = os.waitstatus_to_exitcode(status)
    return {"wall_s": round(wall, 3), "peak_rss_mb": round(ru.ru_maxrss / 1024, 1),
            "tree_pss_mb": round(s.peak_kb / 1024, 1), "rc": p.returncode, "timed_out": wall >= timeout}


def _tail(log: Path, n: int = 5) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return ""


def _same_configs(a: Path, b: Path) -> bool:
    fa = sorted(p.name for p in a.glob("*.cfg"))
    if not fa or fa != sorted(p.name for p in b.glob("*.cfg")):
        return False
    return all((a / f).read_bytes() == (b / f).read_bytes() for f in fa)


# --- the runs ----------------------------------------------------------------------------------------------------

class Bench:
    def __init__(self, mode: str, scratch: Path, repeat: int) -> None:
        self.mode = mode
        self.scratch = scratch
        self.repeat = repeat
        self.cache = scratch / "cache"
        self.rows: list[dict[str, Any]] = []
        self.drift_rows: list[dict[str, Any]] = []
        self.notes: list[str] = []
        self.env = dict(os.environ)
        self.env.update({
            "NETWARDEN_AUDIT_LOG": str(scratch / "audit.jsonl"),
            "NETWARDEN_CACHE_DIR": str(self.cache),
            "ANSIBLE_LOCAL_TEMP": str(scratch / "ansible-tmp"),
            "ANSIBLE_NOCOLOR": "1",
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        })
        self.env.pop("NETWARDEN_WORKERS", None)

    def log(self, msg: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)

    def add(self, n: int, tool: str, m: dict[str, Any], **extra: Any) -> dict[str, Any]:
        row = {"n": n, "tool": tool, **m, **extra}
        if m.get("rc") in (0, 2) and not m.get("timed_out"):
            row["per_device_ms"] = round(m["wall_s"] * 1000 / n, 3)
        self.rows.append(row)
        self.log(f"N={n:>6} {tool:<34} {m.get('wall_s', '-')!s:>8} s  rss {m.get('peak_rss_mb', '-')} MB  "
                 f"pss {m.get('tree_pss_mb', '-')} MB  rc {m.get('rc', '-')}")
        return row

    def synth(self, n: int) -> Path:
        inv = self.scratch / f"inv{n}"
        m = measure([sys.executable, "-m", "netwarden.synth", str(inv), "--devices", str(n), "--secrets", "plain"],
                    self.env, ROOT, self.scratch / f"synth{n}.log")
        if m["rc"] != 0:
            raise SystemExit(f"synth failed: {_tail(self.scratch / f'synth{n}.log')}")
        time.sleep(2.1)  # the parse cache does not trust files changed in the last 2 s
        return inv

    def devices(self, inv: Path) -> int:
        return len(list((inv / "host_vars").iterdir()))

    def netwarden(self, n: int, inv: Path) -> Path:
        nw = str(BIN / "netwarden")
        out = self.scratch / f"out-netwarden-{n}"
        shutil.rmtree(self.cache, ignore_errors=True)
        log = self.scratch / f"render-cold-{n}.log"
        m = measure([nw, "render", "-i", str(inv), "-o", str(out)], self.env, ROOT, log)
        self.add(n, "netwarden render (cold cache)", m, error=_tail(log) if m["rc"] else "")
        runs = []
        for i in range(self.repeat):
            log = self.scratch / f"render-warm-{n}-{i}.log"
            runs.append(measure([nw, "render", "-i", str(inv), "-o", str(out)], self.env, ROOT, log))
        self.add(n, "netwarden render", _median(runs), runs=len(runs), error=_tail(log) if runs[-1]["rc"] else "")
        log = self.scratch / f"verify-{n}.log"
        m = measure([nw, "verify", "-i", str(inv), "--format", "json", "-o", str(self.scratch / f"verify-{n}.json")],
                    self.env, ROOT, log)
        text = _tail(log, 40)
        if m["rc"] not in (0, 2) and ("ImportError" in text or "ModuleNotFoundError" in text):
            self.add(n, "netwarden verify", {"rc": m["rc"]}, status="pending",
                     error=[ln for ln in text.splitlines() if "Error" in ln][-1:])
        else:
            self.add(n, "netwarden verify", m, error=_tail(log) if m["rc"] not in (0, 2) else "",
                     findings=_findings(self.scratch / f"verify-{n}.json"))
        return out

    def action_plugin(self, n: int, inv: Path, ref: Path) -> None:
        out = self.scratch / f"out-action-{n}"
        log = self.scratch / f"action-{n}.log"
        env = dict(self.env, ANSIBLE_CONFIG=str(ROOT / "ansible.cfg"))
        m = measure([str(BIN / "ansible-playbook"), "-i", str(inv), "playbooks/render.yml",
                     "-e", f"render_configs_output_dir={out}"], env, ROOT, log, timeout=ACTION_TIMEOUT)
        self.add(n, "ansible-playbook render.yml (action plugin)", m, error=_tail(log) if m["rc"] else "",
                 identical_to_netwarden=_same_configs(out, ref) if m["rc"] == 0 else None)

    def template_playbook(self, n: int, inv: Path, ref: Path) -> None:
        work = self.scratch / "baseline"
        if not work.exists():
            shutil.copytree(ROOT / "bench" / "baseline", work)
            from netwarden import platforms

            for spec in platforms.registry().values():  # each platform's templates, as <platform>/<section>.j2
                shutil.copytree(spec.templates, work / "templates" / spec.name, dirs_exist_ok=True)
        binv = self.scratch / f"baseline-inv{n}"
        log = self.scratch / f"baseline-ctx-{n}.log"
        prep = measure([sys.executable, str(work / "make_context.py"), str(inv), str(binv)], self.env, ROOT, log)
        if prep["rc"] != 0:
            self.add(n, "template playbook (per-host template)", prep, error=_tail(log))
            return
        out = self.scratch / f"out-template-{n}"
        out.mkdir(exist_ok=True)
        log = self.scratch / f"template-{n}.log"
        m = measure([str(BIN / "ansible-playbook"), "-i", str(binv), "render-template.yml", "-e", f"nw_out={out}"],
                    self.env, work, log)
        self.add(n, "template playbook (per-host template)", m, error=_tail(log) if m["rc"] else "",
                 context_precompute_s=prep["wall_s"], identical_to_netwarden=_same_configs(out, ref))

    def run(self) -> None:
        for n in SIZES[self.mode]:
            self.log(f"generating a province of {n} devices")
            inv = self.synth(n)
            real_n = self.devices(inv)
            ref = self.netwarden(real_n, inv)
            if n <= ACTION_MAX[self.mode]:
                self.action_plugin(real_n, inv, ref)
            if n <= TEMPLATE_MAX[self.mode]:
                self.template_playbook(real_n, inv, ref)
        self.ratios()

    def ratios(self) -> None:
        tpl = {r["n"]: r["per_device_ms"] for r in self.rows
               if r["tool"].startswith("template playbook") and "per_device_ms" in r}
        if not tpl:
            return
        biggest = max(tpl)
        for r in self.rows:
            if "per_device_ms" not in r or r["per_device_ms"] == 0:
                continue
            if r["n"] in tpl:
                r["template_per_device_ms"] = tpl[r["n"]]
                r["template_extrapolated"] = False
            else:
                r["template_per_device_ms"] = tpl[biggest]
                r["template_extrapolated"] = True
            r["ratio_vs_template"] = round(r["template_per_device_ms"] / r["per_device_ms"], 1)


def _median(runs: list[dict[str, Any]]) -> dict[str, Any]:
    ok = [r for r in runs if r["rc"] == 0] or runs
    walls = sorted(r["wall_s"] for r in ok)
    med = statistics.median(walls)
    pick = min(ok, key=lambda r: abs(r["wall_s"] - med))
    return {**pick, "wall_s": round(med, 3), "peak_rss_mb": max(r["peak_rss_mb"] for r in ok),
            "tree_pss_mb": max(r["tree_pss_mb"] for r in ok)}


def _findings(p: Path) -> Any:
    try:
        d = json.loads(p.read_text())
    except (OSError, ValueError):
        return None
    if isinstance(d, dict):
        for k in ("failures", "findings"):
            if isinstance(d.get(k), list):
                return len(d[k])
        if isinstance(d.get("summary"), dict):
            return d["summary"]
    return None


# --- the report --------------------------------------------------------------------------------------------------

def machine() -> dict[str, Any]:
    cpu = ""
    try:
        m = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = m.group(1).strip() if m else ""
    except OSError:
        pass
    mem = 0
    with contextlib.suppress(OSError, AttributeError):
        mem = int(re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text()).group(1))  # type: ignore[union-attr]

    def ver(mod: str) -> str:
        try:
            from importlib.metadata import version

            return version(mod)
        except Exception:
            return "?"

    import yaml

    return {"cpu": cpu, "cores": len(os.sched_getaffinity(0)), "memory_gib": round(mem / 1024 / 1024, 1),
            "kernel": platform.release(), "python": platform.python_version(), "ansible_core": ver("ansible-core"),
            "jinja2": ver("jinja2"), "pyyaml": ver("pyyaml"), "libyaml": bool(yaml.__with_libyaml__),
            "pydantic": ver("pydantic"), "netwarden": ver("netwarden")}


def _fmt(v: Any, nd: int = 1) -> str:
    if v is None or v == "":
        return "-"
    if isinstance(v, float):
        return f"{v:,.{nd}f}"
    return str(v)


def write_report(bench: Bench, out_md: Path, started: dt.datetime, total_s: float,
                 info: dict[str, Any] | None = None) -> None:
    info = info or machine()
    data = {"date": started.isoformat(timespec="seconds"), "mode": bench.mode, "machine": info,
            "total_seconds": round(total_s, 1), "rows": bench.rows, "drift_rows": bench.drift_rows,
            "notes": bench.notes}
    out_md.parent.mkdir(parents=True, exist_ok=True)
    out_md.with_suffix(".json").write_text(json.dumps(data, indent=2) + "\n")
    lines = [
        "# Benchmarks",
        "",
        f"Generated by `bench/run.py --{bench.mode}` on {started:%Y-%m-%d %H:%M} ({total_s:.0f} s in all). "
        "Figures of one machine; re-run to get yours.",
        "",
        f"Machine: {info['cpu'] or 'unknown CPU'}, {info['cores']} cores, {info['memory_gib']} GiB, Linux "
        f"{info['kernel']}; Python {info['python']}, ansible-core {info['ansible_core']}, Jinja2 {info['jinja2']}, "
        f"PyYAML {info['pyyaml']} (libyaml: {info['libyaml']}), pydantic {info['pydantic']}.",
        "",
        "| N devices | tool | wall s | per device ms | peak RSS MB | tree PSS MB | vs template playbook |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for r in bench.rows:
        if r.get("status") == "pending":
            lines.append(f"| {r['n']:,} | {r['tool']} | pending | - | - | - | - |")
            continue
        if r.get("rc") not in (0, 2) or r.get("timed_out"):
            what = f"> {r['wall_s']:,.0f} s (stopped)" if r.get("timed_out") else f"failed (rc {r.get('rc')})"
            lines.append(f"| {r['n']:,} | {r['tool']} | {what} | - | - | {_fmt(r.get('tree_pss_mb'), 0)} | - |")
            continue
        ratio = "1x (baseline)" if r["tool"].startswith("template") else (
            f"{r['ratio_vs_template']:,.0f}x" + (" (extrapolated)" if r.get("template_extrapolated") else "")
            if "ratio_vs_template" in r else "-")
        lines.append(f"| {r['n']:,} | {r['tool']} | {_fmt(r['wall_s'], 2)} | {_fmt(r.get('per_device_ms'), 2)} | "
                     f"{_fmt(r['peak_rss_mb'], 0)} | {_fmt(r['tree_pss_mb'], 0)} | {ratio} |")
    same = [f"{r['tool']} at N={r['n']}: {'identical' if r['identical_to_netwarden'] else 'DIFFERENT'}"
            for r in bench.rows if r.get("identical_to_netwarden") is not None]
    lines += [
        "",
        "Configs compared byte for byte with `netwarden render`'s: " + ("; ".join(same) or "not compared") + ".",
        "",
        "## Drift at scale (lab)",
        "",
        "N linux_frr lab devices (network namespaces with FRR, nftables, sshd, lldpd; `bench/drift_lab.py`), the",
        "baseline applied with `netwarden apply --commit`, then `netwarden drift` (16 workers) against a",
        "sequential loop of NAPALM `get_config` + `load_replace_candidate` + `compare_config` over the same devices.",
        "",
        "| N devices | lab up s | apply s | drift, parallel s | per device ms | sequential s | per device ms | "
        "speed-up |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in bench.drift_rows:
        if "error" in r:
            lines.append(f"| {r['n']} | failed: {r['error']} | | | | | | |")
            continue
        lines.append(f"| {r['n']} | {r['lab_up_s']:.1f} | {r['apply_s']:.1f} | {r['drift_parallel_s']:.2f} | "
                     f"{r['per_device_parallel_ms']:.0f} | {r['drift_sequential_s']:.2f} | "
                     f"{r['per_device_sequential_ms']:.0f} | {r['speedup']:.1f}x |")
    if not bench.drift_rows:
        lines.append("| - | not measured (needs root and the lab packages) | | | | | | |")
    lines += [
        "",
        "## What is measured",
        "",
        "- Every figure is one whole process (`netwarden ...` or `ansible-playbook ...`) started by the harness:",
        "  interpreter start, imports, inventory loading, validation, rendering and writing are all included.",
        "  `netwarden render` warm figures are the median of the runs made.",
        "- **cold cache**: the parse cache and Jinja's compiled-template cache are empty (first run after a",
        "  change of every file); warm: the second and later runs, where only changed files are parsed again.",
        "- **netwarden verify** renders the intended configs in memory and verifies them (`--format json -o FILE`).",
        "- **ansible-playbook render.yml**: `playbooks/render.yml` (role `render_configs`, action plugin",
        "  `netwarden_render`: one call renders every play host); Ansible itself loads the inventory first.",
        "- **template playbook**, the baseline a user would otherwise write: `bench/baseline/render-template.yml`,",
        "  one `ansible.builtin.template` task per host (connection local, Ansible's default 5 forks), rendering",
        "  `bench/baseline/templates/device.cfg.j2`, which `{% include %}`s netwarden's own section templates and",
        "  joins them exactly as netwarden's renderer does. Each host's render context (`device_context`) is",
        "  pre-computed by `bench/baseline/make_context.py` into `host_vars/<host>.json` as tagged JSON and",
        "  rebuilt by a filter (`bench/baseline/filter_plugins/`); that pre-computation is **not** counted (it",
        "  favours the baseline). It runs up to "
        f"{TEMPLATE_MAX[bench.mode]:,} devices; for larger N the ratio uses its per-device time at the largest N",
        "  measured (marked *extrapolated*): its cost is per host, so it grows linearly at best.",
        "- **peak RSS** is `ru_maxrss` from `wait4()` (what `/usr/bin/time -v` shows: the largest single process).",
        "  **tree PSS** is the peak of the summed proportional set size of the process and all its children,",
        "  sampled every 0.1 s: the memory the machine really spends, forked workers included.",
        "- The harness sets `NETWARDEN_AUDIT_LOG` and `NETWARDEN_CACHE_DIR` into its scratch directory, so a run",
        "  leaves nothing in the user's audit log or cache.",
        "",
        "## Re-running",
        "",
        "```sh",
        ".venv/bin/python bench/run.py --quick  # N = 100, 1,000; playbooks at 100; 20 lab devices; < 2 min",
        ".venv/bin/python bench/run.py --full           # adds N = 10,000; template playbook up to 1,000",
        ".venv/bin/python bench/run.py --full --out /tmp/bench.md --keep --scratch /tmp/nwbench",
        "```",
        "",
        "`--out` also writes the same figures as JSON next to it (`docs/benchmarks.json`).",
    ]
    if bench.notes:
        lines += ["", "## Notes", "", *[f"- {n}" for n in bench.notes]]
    out_md.write_text("\n".join(lines) + "\n")


DRIFT_SIZES = {"quick": [20], "full": [20, 50]}


def run_drift_lab(bench: Bench, sizes: list[int]) -> None:
    """Drift at scale on lab devices (bench/drift_lab.py); needs root and the lab packages."""
    from netwarden.lab.manager import REQUIRED_BINARIES

    missing = [b for b in REQUIRED_BINARIES if shutil.which(b) is None]
    if os.geteuid() != 0 or missing:
        bench.notes.append("drift at scale not measured: it needs root and the lab packages "
                           "(./scripts/setup.sh --lab)")
        return
    sys.path.insert(0, str(ROOT / "bench"))
    import drift_lab

    for n in sizes:
        bench.log(f"drift lab: {n} devices")
        t0 = time.perf_counter()
        try:
            row = drift_lab.run(n, bench.scratch)
        except Exception as e:  # a failed lab run is a figure too, not a crash of the harness
            row = {"n": n, "error": f"{type(e).__name__}: {e}"[:300]}
        row["total_s"] = round(time.perf_counter() - t0, 1)
        bench.drift_rows.append(row)
        bench.log(f"drift lab: {row}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--quick", action="store_const", dest="mode", const="quick", help="N = 100, 1,000 (default)")
    g.add_argument("--full", action="store_const", dest="mode", const="full", help="N = 100, 1,000, 10,000")
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md", help="Markdown report (and .json)")
    p.add_argument("--scratch", type=Path, help="scratch directory (default: a new temporary directory)")
    p.add_argument("--keep", action="store_true", help="keep the scratch directory")
    p.add_argument("--repeat", type=int, help="warm render runs per size (default 1 quick, 3 full)")
    p.add_argument("--note", action="append", default=[], help="a note to add to the report (repeatable)")
    p.add_argument("--from-json", type=Path, help="only rewrite the report from an earlier run's JSON (+ --note)")
    a = p.parse_args(argv)
    if a.from_json:
        old = json.loads(a.from_json.read_text())
        bench = Bench(old["mode"], Path(tempfile.gettempdir()), 0)
        bench.rows, bench.notes = old["rows"], old.get("notes", []) + a.note
        bench.drift_rows = old.get("drift_rows", [])
        write_report(bench, a.out, dt.datetime.fromisoformat(old["date"]), old["total_seconds"], old["machine"])
        return 0
    mode = a.mode or "quick"
    scratch = a.scratch or Path(tempfile.mkdtemp(prefix="netwarden-bench-"))
    scratch.mkdir(parents=True, exist_ok=True)
    if scratch.resolve().is_relative_to(ROOT):
        raise SystemExit("--scratch must be outside the repository")
    started = dt.datetime.now().astimezone()
    t0 = time.perf_counter()
    bench = Bench(mode, scratch, a.repeat or (1 if mode == "quick" else 3))
    bench.notes += a.note
    bench.log(f"scratch directory {scratch}")
    try:
        bench.run()
        run_drift_lab(bench, DRIFT_SIZES[mode])
    finally:
        write_report(bench, a.out, started, time.perf_counter() - t0)
        bench.log(f"wrote {a.out} and {a.out.with_suffix('.json')}")
        if not a.keep and a.scratch is None:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

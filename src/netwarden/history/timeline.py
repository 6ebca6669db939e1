"""Since when a finding or drift has stood on a device, and when it cleared, from consecutive runs.

Runs are compared within one series: the same command and scope over the same inventory (a verify of the
intended configs is not a verify of running configs, nor a drift). In each series, a device's runs are taken
in order of their start; a finding (rule and message) opens at the first run that has it after one that did
not, and clears at the first later run that checked the device and no longer has it. A run that did not check
the device (unreachable, an error, a failed run) neither clears nor extends anything: absence is not proof.
Drift is the device's status ``drift`` in drift (and pre-connection) runs, tracked alike."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from netwarden.history.record import FAULTS

TRACKED = ("verify", "drift", "preconnect")  # the runs whose findings stand or clear


@dataclass
class Interval:
    kind: str  # finding | drift
    series: str  # e.g. "verify (intended) Lab Province"
    command: str
    device: str
    unit: str
    rule_id: str
    article: int | None
    severity: str
    message: str
    since: str  # start of the first run that had it
    since_run: str
    last_seen: str  # start of the last run that had it
    cleared: str | None  # start of the first run that checked the device without it; None: standing
    cleared_run: str | None
    runs: int  # runs that had it

    @property
    def standing(self) -> bool:
        return self.cleared is None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["standing"] = self.standing
        return d


def _series(run: dict[str, Any]) -> str:
    scope = f" ({run['scope']})" if run["scope"] else ""
    return f"{run['command']}{scope} {run['subject']}"


def intervals(store: Any, device: str | None = None, unit: str | None = None) -> list[Interval]:
    """Every interval of the device's (or the unit's devices') findings and drift, oldest first."""
    if (device is None) == (unit is None):
        raise ValueError("intervals: one of device or unit")
    col, value = ("device", device) if device is not None else ("unit", unit)
    marks = ", ".join("?" for _ in TRACKED)
    checked = store.query(
        f"SELECT r.run_id, r.command, r.scope, r.subject, r.started, r.exit_code, d.device, d.unit, d.status "
        f"FROM run_devices d JOIN runs r ON r.run_id = d.run_id WHERE d.{col} = ? AND r.command IN ({marks}) "
        "ORDER BY r.started, r.run_id",
        (value, *TRACKED),
    )
    found = store.query(
        f"SELECT f.run_id, f.device, f.rule_id, f.article, f.severity, f.message FROM findings f "
        f"JOIN runs r ON r.run_id = f.run_id WHERE f.{col} = ? AND f.status = 'fail' AND r.command IN ({marks})",
        (value, *TRACKED),
    )
    present: dict[tuple[str, str], dict[tuple[str, str], dict[str, Any]]] = {}
    for f in found:
        present.setdefault((f["run_id"], f["device"]), {})[("finding", f"{f['rule_id']}\0{f['message']}")] = f
    open_: dict[tuple[str, str, str, str], Interval] = {}  # (series, device, kind, key) -> interval
    done: list[Interval] = []
    for row in checked:
        if row["status"] in FAULTS:
            continue  # not checked: nothing clears, nothing extends
        series, dev = _series(row), row["device"]
        have = dict(present.get((row["run_id"], dev), {}))
        if row["status"] == "drift":
            have[("drift", "")] = {"rule_id": "", "article": None, "severity": "", "message": "drift"}
        for (kind, key), f in have.items():
            k = (series, dev, kind, key)
            iv = open_.get(k)
            if iv is None:
                open_[k] = Interval(
                    kind,
                    series,
                    row["command"],
                    dev,
                    row["unit"],
                    f["rule_id"],
                    f["article"],
                    f["severity"],
                    f["message"],
                    row["started"],
                    row["run_id"],
                    row["started"],
                    None,
                    None,
                    1,
                )
            else:
                iv.last_seen, iv.runs = row["started"], iv.runs + 1
        for k in [k for k in open_ if k[0] == series and k[1] == dev and (k[2], k[3]) not in have]:
            iv = open_.pop(k)
            iv.cleared, iv.cleared_run = row["started"], row["run_id"]
            done.append(iv)
    out = done + list(open_.values())
    out.sort(key=lambda i: (i.since, i.device, i.kind, i.rule_id, i.message))
    return out

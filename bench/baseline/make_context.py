"""Pre-compute every device's render context as Ansible host vars, for the baseline playbook.

    python bench/baseline/make_context.py INVENTORY OUT_INVENTORY

OUT_INVENTORY gets a copy of INVENTORY's hosts.yml and host_vars/<host>.json holding
`nw_ctx` (the DeviceCtx netwarden's templates render, as tagged JSON: see ctxjson.py),
`nw_vars` (the other template variables) and `nw_sections` (section templates in order,
with their linux_frr markers) and `nw_header` (the linux_frr first line). This step is not
part of the baseline's measured time (it favours the baseline)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from ctxjson import encode

from netwarden import platforms
from netwarden.baseline import load_baseline
from netwarden.model import load_network
from netwarden.platforms.document import marker
from netwarden.render.context import device_context
from netwarden.render.engine import Renderer


def main(argv: list[str]) -> int:
    inv, out = Path(argv[0]), Path(argv[1])
    net = load_network(inv)
    bl = load_baseline(None)
    r = Renderer(bl)
    (out / "host_vars").mkdir(parents=True, exist_ok=True)
    shutil.copy(inv / "hosts.yml", out / "hosts.yml")
    for h, d in sorted(net.devices.items()):
        ctx = device_context(net, d, bl)
        extra = {k: v for k, v in r.extra_vars(ctx).items() if k != "d"}
        plat = d.platform.value
        spec = platforms.get(plat)
        frr = spec.files is not None  # a multi-file document: header and markers
        hv = {
            "nw_ctx": encode(ctx),
            "nw_vars": extra,
            "nw_sections": [{"name": s, "marker": marker(s, spec.files[s]) if spec.files else ""}
                            for s in spec.sections],
            "nw_header": (f"# netwarden {plat} config for {h} (baseline {bl.version}, level {ctx.level}); "
                          "layout: docs/config-layout.md") if frr else "",
        }
        (out / "host_vars" / f"{h}.json").write_text(json.dumps(hv, separators=(",", ":")))
    print(f"{out}: contexts for {len(net.devices)} devices")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

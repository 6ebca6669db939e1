"""Dynamic inventories (scripts, plugins) are read through Ansible's own inventory API."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from netwarden.model import load_inventory, load_network
from netwarden.model.inventory import is_static_inventory
from tests.conftest import TODAY, model_dump


def test_script_inventory_gives_the_same_model(tmp_path: Path) -> None:
    static = load_inventory("inventories/lab", loader="fast")
    groups: dict[str, dict[str, list[str]]] = {}
    for h in static.hosts.values():
        for g in h.groups:
            groups.setdefault(g, {"hosts": []})["hosts"].append(h.name)
    data = {
        "all": {"vars": static.all_vars, "children": sorted(groups)},
        **groups,
        "_meta": {"hostvars": {h.name: {k: v for k, v in h.vars.items() if k not in static.all_vars
                                        or static.all_vars[k] != v} for h in static.hosts.values()}},
    }
    script = tmp_path / "cmdb_inventory"
    script.write_text(f"#!{sys.executable}\nimport sys\nprint(open({str(tmp_path / 'data.json')!r}).read())\n")
    (tmp_path / "data.json").write_text(json.dumps(data, default=str))
    os.chmod(script, 0o755)
    assert not is_static_inventory(script)
    dyn = load_network(script, today=TODAY)  # auto: Ansible's API
    assert model_dump(dyn) == model_dump(load_network("inventories/lab", today=TODAY))

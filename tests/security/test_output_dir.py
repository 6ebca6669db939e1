"""render -o writes only where it may: a directory it created or one holding its own manifest; never
deletes a file it did not write; -l keeps the other devices; no symlink escapes; renders serialised by a
lock; nothing left behind. verify --configs reads only regular files inside the directory."""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from pathlib import Path

import pytest

from netwarden.cli import main

LAB = ["-i", "inventories/lab", "--today", "2026-11-24"]
DEVICES = {"city1", "core1", "exit1", "intra1", "ub-fin", "ub-lhtax"}


def _render(out: Path | str, *extra: str) -> int:
    return main(["render", *LAB, "-o", str(out), *extra])


def _listing(d: Path) -> set[str]:
    return set(os.listdir(d))


def _rendered_with_link(tmp_path: Path, target: str, text: str) -> tuple[Path, Path]:
    """tmp_path/out rendered, then its core1.cfg swapped for a symbolic link to tmp_path/`target` (holding
    `text`): (the output directory, the link's target)."""
    out = tmp_path / "out"
    assert _render(out) == 0
    outside = tmp_path / target
    outside.write_text(text)
    (out / "core1.cfg").unlink()
    (out / "core1.cfg").symlink_to(outside)
    return out, outside


def test_render_into_a_new_directory_then_again(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _render(out) == 0
    assert _listing(out) == {f"{h}.cfg" for h in DEVICES} | {"manifest.json"}
    (out / "notes.txt").write_text("mine\n")  # the user's file in netwarden's directory
    assert _render(out) == 0  # its own manifest: fine
    assert (out / "notes.txt").read_text() == "mine\n"  # never deleted: not in the manifest
    assert _listing(out) == {f"{h}.cfg" for h in DEVICES} | {"manifest.json", "notes.txt"}


def test_foreign_non_empty_directory_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "home"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work\n")
    assert _render(out) == 1
    assert capsys.readouterr().err == (f"error: {out}: is not empty and holds no netwarden manifest.json: render "
                                       "writes only into a directory it created or one with its own manifest "
                                       "(nothing was changed)\n")
    assert _listing(out) == {"thesis.tex"}


def test_current_directory_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    root = Path.cwd()
    monkeypatch.chdir(tmp_path)
    assert main(["render", "-i", str(root / "inventories/lab"), "--today", "2026-11-24", "-o", "."]) == 1
    assert "is the current directory and holds no netwarden manifest.json" in capsys.readouterr().err
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("where", ["inv", "inv/group_vars", "inv/new", "."])
def test_inventory_directory_is_refused(tmp_path: Path, where: str, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    inv = tmp_path / "inv"
    shutil.copytree("inventories/lab", inv)
    before = sorted(str(p) for p in inv.rglob("*"))
    assert main(["render", "-i", str(inv), "--today", "2026-11-24", "-o", str(tmp_path / where)]) == 1
    assert "render never writes into its input" in capsys.readouterr().err
    assert sorted(str(p) for p in inv.rglob("*")) == before


def test_limit_keeps_the_other_devices(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _render(out) == 0
    man = json.loads((out / "manifest.json").read_text())
    (out / "core1.cfg").write_text("changed by hand\n")
    assert _render(out, "-l", "ub-fin") == 0
    man2 = json.loads((out / "manifest.json").read_text())
    assert man2["devices"] == man["devices"]  # every entry kept (ub-fin re-rendered identically)
    assert (out / "core1.cfg").read_text() == "changed by hand\n"  # not the limited host: untouched
    assert _listing(out) == {f"{h}.cfg" for h in DEVICES} | {"manifest.json"}


def test_full_render_removes_only_files_its_manifest_listed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _render(out) == 0
    man = json.loads((out / "manifest.json").read_text())
    old = hashlib.sha256(b"old\n").hexdigest()
    man["devices"].append({"device": "gone", "file": "gone.cfg", "sha256": old})  # removed from the inventory
    man["devices"].append({"device": "evil", "file": "../victim.txt", "sha256": old})  # forged: never a path
    man["devices"].append({"device": "mine", "file": "notes.txt", "sha256": old})  # forged: not what it wrote
    man["devices"].append({"device": "edited", "file": "edited.cfg", "sha256": old})  # changed since
    man["devices"].append({"device": "nohash", "file": "nohash.cfg"})
    (out / "manifest.json").write_text(json.dumps(man))
    (out / "gone.cfg").write_text("old\n")
    (out / "gone.notes").write_text("the user's\n")
    (out / "notes.txt").write_text("the user's\n")
    (out / "edited.cfg").write_text("old, and edited by hand\n")
    (out / "nohash.cfg").write_text("old\n")
    (tmp_path / "victim.txt").write_text("old\n")
    assert _render(out) == 0
    assert not (out / "gone.cfg").exists()
    assert (out / "gone.notes").read_text() == "the user's\n"
    assert (out / "notes.txt").read_text() == "the user's\n"
    assert (out / "edited.cfg").read_text() == "old, and edited by hand\n"
    assert (out / "nohash.cfg").read_text() == "old\n"
    assert (tmp_path / "victim.txt").read_text() == "old\n"


def test_refused_render_creates_no_parent_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from netwarden.render import engine

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("refused")

    monkeypatch.setattr(engine, "finish_output", boom)
    with pytest.raises(RuntimeError):
        _render(tmp_path / "a" / "b" / "out")
    assert os.listdir(tmp_path) == []


def test_symlinked_output_and_entries_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    (tmp_path / "link").symlink_to(target)
    assert _render(tmp_path / "link") == 1
    assert "is a symbolic link" in capsys.readouterr().err
    assert os.listdir(target) == []

    out, victim = _rendered_with_link(tmp_path, "victim.cfg", "not netwarden's\n")
    assert _render(out) == 1
    assert capsys.readouterr().err == (f"error: {out}: core1.cfg is not a regular file: not replaced (nothing was "
                                       "changed)\n")
    assert victim.read_text() == "not netwarden's\n"
    assert (out / "core1.cfg").is_symlink()
    assert not [n for n in os.listdir(out) if n.startswith(".")]  # no staging dir, no lock file left


def test_renders_into_one_directory_are_serialised(tmp_path: Path) -> None:
    from netwarden.render.engine import locked

    out = tmp_path / "out"
    out.mkdir()
    rc: list[int] = []
    with locked(out):
        t = threading.Thread(target=lambda: rc.append(_render(out)))
        t.start()
        time.sleep(1.0)
        assert t.is_alive() and not (out / "manifest.json").exists()  # waits for the lock
    t.join(60)
    assert rc == [0]
    assert not [n for n in os.listdir(out) if n.startswith(".")]


def test_failed_render_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from netwarden.render import engine

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(engine, "finish_output", boom)
    out = tmp_path / "out"
    with pytest.raises(RuntimeError):
        _render(out)
    assert not out.exists()  # created by this render: removed again with its staging dir and lock (a guard for
    # the staging directory and lock file that live inside the output directory now)


def test_verify_configs_reads_only_regular_files_inside(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _secret = _rendered_with_link(tmp_path, "secret.txt", "hostname core1\n")
    assert main(["verify", *LAB, "--configs", str(out)]) == 1
    assert capsys.readouterr().err == ("error: --configs: only regular files inside the directory are read; "
                                       f"refused: {out}/core1.cfg: a symbolic link\n")


def test_render_killed_mid_way_is_cleaned_by_the_next(tmp_path: Path) -> None:
    """A render SIGKILLed after staging its configs leaves its staging directory; the next render into the
    directory recognises it as a netwarden staging directory (under the lock nobody else stages) and removes
    it."""
    import signal
    import subprocess
    import sys

    out = tmp_path / "out"
    assert _render(out) == 0
    code = ("import os, signal, sys\n"
            "from netwarden.render import engine\n"
            "engine.finish_output = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)\n"
            "from netwarden.cli import main\n"
            f"sys.exit(main(['render', *{LAB!r}, '-o', {str(out)!r}]))\n")
    p = subprocess.run([sys.executable, "-c", code], env=os.environ, check=False)
    assert p.returncode == -signal.SIGKILL
    left = [n for n in os.listdir(out) if n.startswith(".netwarden-tmp-")]
    assert len(left) == 1 and os.listdir(out / left[0])  # the killed render's staged configs
    assert _render(out) == 0
    assert _listing(out) == {f"{h}.cfg" for h in DEVICES} | {"manifest.json"}

"""Backups are judged whole by the platform's structure (issue 12 item 8): a recorded running config of
every platform, cut at many points (line ends, inside a line, right after a word ending like the final
marker, its start lost), is refused every time; the whole recording is accepted."""

from __future__ import annotations

import re

import pytest

from netwarden.ops.backup import complete
from tests.conftest import ROOT
from tests.drivers.fake import MOCKED


def _recorded(platform: str) -> str:
    if platform == "linux_frr":  # the recording holds only some of netwarden's files: the lab's whole document
        return (ROOT / "tests/golden/lab/core1.cfg").read_text()
    path = {"cisco_ios": "ios/common/show_running-config.txt",
            "huawei_vrp": "huawei_vrp/common/display_current-configuration.txt",
            "h3c_comware": "h3c_comware/common/display_current-configuration.txt"}[platform]
    return (MOCKED / path).read_text()


PLATFORMS = ["cisco_ios", "huawei_vrp", "h3c_comware", "linux_frr"]
MARKER = {"cisco_ios": "end", "huawei_vrp": "return", "h3c_comware": "return", "linux_frr": "exit"}


def _cuts(platform: str, text: str) -> dict[str, str]:
    """Truncations of `text`: at line ends and inside lines over its length, right after every other
    occurrence of the final marker word (`boot-end-marker`, a `return` or `exit` inside), and with its
    start lost (the tail only, from a third and from two thirds on)."""
    cuts: dict[str, str] = {}
    lines = text.splitlines(keepends=True)
    last_file = max((i for i, ln in enumerate(lines) if ln.startswith("#@netwarden")), default=len(lines))
    for k in range(1, last_file, max(1, last_file // 30)):
        cuts[f"after line {k}"] = "".join(lines[:k])
        cuts[f"inside line {k}"] = "".join(lines[:k]) + lines[k][: max(1, len(lines[k]) // 2)]
    final = text.rstrip().rfind(MARKER[platform])
    for m in re.finditer(re.escape(MARKER[platform]), text[:final]):
        if platform == "linux_frr" and text[:m.start()].count("#@netwarden") > 1:
            break  # past the FRR section: later files are judged by theirs
        cuts[f"right after {MARKER[platform]!r} at {m.start()}"] = text[: m.end()] + "\n"
    n = len(lines)
    if platform != "linux_frr":  # a document without its first file is caught as a missing section
        for start in (n // 3, 2 * n // 3):
            cuts[f"start lost before line {start}"] = "".join(lines[start:])
    return cuts


@pytest.mark.parametrize("platform", PLATFORMS)
def test_whole_recording_is_complete(platform: str) -> None:
    assert complete(platform, _recorded(platform)) is None


@pytest.mark.parametrize("platform", PLATFORMS)
def test_truncated_recordings_are_refused(platform: str) -> None:
    cuts = _cuts(platform, _recorded(platform))
    assert len(cuts) > 30
    passed = [where for where, text in cuts.items() if complete(platform, text) is None]
    assert passed == [], f"{platform}: taken as whole: {passed[:10]}"


def test_ios_cut_right_after_boot_end_marker_names_why() -> None:
    text = _recorded("cisco_ios")
    cut = text[: text.index("boot-end") + len("boot-end")] + "\n"
    assert complete("cisco_ios", cut) == "truncated running config (its last line is not a top-level 'end')"


def test_ios_start_lost_names_why() -> None:
    lines = _recorded("cisco_ios").splitlines(keepends=True)
    assert complete("cisco_ios", "".join(lines[100:])) == \
        "incomplete running config (no version line, hostname: its start was lost or cut)"


def test_ios_unclosed_banner_is_refused() -> None:
    text = _recorded("cisco_ios")
    i = text.index("banner login ^C")
    j = text.index("^C\n", i + len("banner login ^C"))
    cut = text[:j] + text[j + 3:]  # the closing delimiter lost, `end` still last
    assert complete("cisco_ios", cut).startswith("truncated running config (banner at line ")


@pytest.mark.parametrize("platform", ["huawei_vrp", "h3c_comware"])
def test_vrp_style_names_why(platform: str) -> None:
    text = _recorded(platform)
    lines = text.splitlines(keepends=True)
    assert complete(platform, "".join(lines[len(lines) // 2:])) == \
        "incomplete running config (no sysname: its start was lost or cut)"
    assert complete(platform, text.replace("#\nreturn", "return")) == \
        "truncated running config ('return' does not close the top-level view after '#')"


def test_frr_block_cut_names_why() -> None:
    text = _recorded("linux_frr")
    i = text.index("\nexit\n")
    j = text.index("#@netwarden section=nftables")
    cut = text[: i + 1] + text[j:]  # the FRR section cut inside its first block; the other files whole
    why = complete("linux_frr", cut)
    assert why is not None and why.endswith("is not closed by 'exit') in the FRR section")

"""The platform contract: every registered platform (netwarden.platforms) passes the same tests,
as NAPALM's drivers share getter tests. A platform added as a package is tested here with no edit."""

from __future__ import annotations

import re
from functools import cache

import pytest

from netwarden import platforms
from netwarden.baseline import load_baseline
from netwarden.model import load_network
from netwarden.model.types import Network
from netwarden.ops.backup import complete
from netwarden.ops.drift import mask_diff, offline_diff, strip_noise
from netwarden.parsers import parse
from netwarden.platforms.spec import PlatformSpec, SecretForm, SpecError
from netwarden.render.context import device_context
from netwarden.render.engine import Renderer
from netwarden.secrets import mask
from netwarden.verify.context import contexts
from netwarden.verify.roundtrip import check_text
from netwarden.verify.rules import DEVICE_RULES
from tests.conftest import TODAY

NAMES = platforms.names()


@cache
def example() -> tuple[Network, dict[str, str]]:
    net = load_network("inventories/example", today=TODAY)
    return net, {r.hostname: r.text for r in Renderer(load_baseline()).render_network(net)}


def hosts_of(name: str) -> list[str]:
    net, _ = example()
    return sorted(h for h, d in net.devices.items() if d.platform.value == name)


def test_the_registry_finds_the_packages() -> None:
    assert set(NAMES) >= {"linux_frr", "cisco_ios", "huawei_vrp"}
    with pytest.raises(KeyError, match="unknown platform 'junos' \\(registered: "):
        platforms.get("junos")


def test_an_incomplete_spec_fails_at_import() -> None:
    spec = platforms.get("cisco_ios")
    kw = {f: getattr(spec, f) for f in spec.__dataclass_fields__ if spec.__dataclass_fields__[f].init}
    with pytest.raises(TypeError):  # a fact left out
        PlatformSpec(**{k: v for k, v in kw.items() if k != "secret_patterns"})
    with pytest.raises(SpecError, match="secret forms and their masking patterns must be declared"):
        PlatformSpec(**{**kw, "secret_forms": ()})
    with pytest.raises(SpecError, match=r"no template nosuch\.j2"):
        PlatformSpec(**{**kw, "sections": ("base", "nosuch")})
    with pytest.raises(SpecError, match="matches no noise pattern"):
        PlatformSpec(**{**kw, "noise_examples": ("a line no pattern knows",)})


@pytest.mark.parametrize("name", NAMES)
def test_the_example_has_devices_of_every_platform(name: str) -> None:
    assert hosts_of(name), f"inventories/example has no {name} device: the contract cannot test it"


@pytest.mark.parametrize("name", NAMES)
def test_rendered_configs_parse_back_without_warnings(name: str) -> None:
    net, texts = example()
    for h in hosts_of(name):
        cfg = parse(texts[h], name, h)
        assert cfg.platform == name
        assert cfg.hostname == h
        assert not cfg.warnings, f"{h}: {cfg.warnings[:3]}"
        want = {i.name for i in net.devices[h].interfaces}
        assert want <= set(cfg.interfaces), f"{h}: interfaces {sorted(want - set(cfg.interfaces))} not read back"


@pytest.mark.parametrize("name", NAMES)
def test_rendered_configs_round_trip(name: str) -> None:
    """Every statement the templates render has a declared form (the platform's roundtrip.py) and every element
    parsed back is the one the inventory asked for (CFG-003)."""
    net, texts = example()
    base = load_baseline()
    for h in hosts_of(name):
        assert check_text(device_context(net, net.devices[h], base), texts[h]) == [], h


@pytest.mark.parametrize("name", NAMES)
def test_every_rule_evaluates(name: str) -> None:
    """Each device rule that applies gives pass, fail, not applicable or (inventory missing) skipped,
    never nothing; and the rendered example passes them all."""
    net, texts = example()
    base = load_baseline()
    ctxs = contexts(net, base)
    device_rules = [r for r in base.rules if r.scope == "device"]
    assert {r.id for r in device_rules} == set(DEVICE_RULES)
    for h in hosts_of(name):
        cfg = parse(texts[h], name, h)
        for rule in device_rules:
            if not rule.applies_to(ctxs[h].role, ctxs[h].zone, ctxs[h].level):
                continue
            if rule.platforms is not None and name not in rule.platforms:
                continue  # declared "not applicable" in the baseline
            out = DEVICE_RULES[rule.id](ctxs[h], cfg)
            assert out.status in ("checked", "not_applicable"), (h, rule.id, out.status)
            assert not out.fails, f"{h}: {rule.id}: {out.fails}"


def _forms() -> list[tuple[str, SecretForm]]:
    return [(n, f) for n in NAMES for f in platforms.get(n).secret_forms]


@pytest.mark.parametrize(("name", "form"), _forms(), ids=[f"{n}-{f.name}" for n, f in _forms()])
def test_each_declared_secret_form_is_masked(name: str, form: SecretForm) -> None:
    assert form.secret in form.example
    assert form.secret not in mask(form.example), mask(form.example)
    for mark in ("+", "-", " "):  # and in a diff
        assert form.secret not in mask_diff(mark + form.example, [])


@pytest.mark.parametrize("name", NAMES)
def test_every_secret_kind_is_declared(name: str) -> None:
    """Plaintext as rendered; hashed or cipher as a device shows it, where it does."""
    spec = platforms.get(name)
    kinds = {f.kind for f in spec.secret_forms}
    assert "plaintext" in kinds
    if spec.secrets_hashed_on_device:
        assert kinds & {"hashed", "cipher"}


@pytest.mark.parametrize("name", NAMES)
def test_a_truncated_config_is_detected(name: str) -> None:
    _, texts = example()
    spec = platforms.get(name)
    for h in hosts_of(name)[:3]:
        # as the device shows it: a rendered config has no version line, IOS's running config has
        text = "\n".join(ln for ln in spec.noise_examples if ln.strip() not in ("end", "return")) + "\n" + texts[h]
        assert complete(name, text) is None, h
        assert complete(name, "") == "empty running config"
        lines = text.splitlines()
        # CLI configs: a cut anywhere; documents: a cut anywhere before the last file starts
        last = max(i for i, ln in enumerate(lines) if ln.startswith("#@netwarden")) if spec.files else len(lines)
        for cut in range(1, last, max(1, last // 25)):
            assert complete(name, "\n".join(lines[:cut]) + "\n") is not None, f"{h}: cut at line {cut} not seen"


@pytest.mark.parametrize("name", NAMES)
def test_noise_lines_are_not_drift(name: str) -> None:
    _, texts = example()
    spec = platforms.get(name)
    h = hosts_of(name)[0]
    noisy = "\n".join(spec.noise_examples) + "\n" + texts[h] + "\n".join(spec.noise_examples) + "\n"
    assert strip_noise(name, noisy) == strip_noise(name, texts[h])
    # and a real change is not noise
    line = next(ln for ln in texts[h].splitlines()  # the host name's line, not a comment
                if h in ln and not any(p.search(ln) for p in spec.noise_re))
    changed = texts[h].replace(line, line + "x", 1)
    assert strip_noise(name, changed) != strip_noise(name, texts[h])
    if not spec.driver_diff:  # compared offline: the unified diff and hier_config's remediation
        assert offline_diff(name, noisy, texts[h], h) == ("", "")
        diff, remediation = offline_diff(name, changed, texts[h], h)
        assert f"+{line}" in diff.splitlines() and line in remediation


@pytest.mark.parametrize("name", NAMES)
def test_driver_and_hier_config_platform_resolve(name: str) -> None:
    from hier_config import Platform

    spec = platforms.get(name)
    assert hasattr(Platform, spec.hier_config_platform)
    cls = platforms.load_driver(spec.napalm_driver)
    for method in ("open", "close", "get_config", "get_facts"):
        assert callable(getattr(cls, method, None)), method
    if spec.commit.confirm:
        import inspect

        assert "revert_in" in inspect.signature(cls.commit_config).parameters
    else:
        assert spec.commit.why_not


@pytest.mark.parametrize("name", [n for n in NAMES if platforms.get(n).interface_names is not None])
def test_abbreviated_interface_names_read_the_same(name: str) -> None:
    """Interface names as the CLI accepts them abbreviated come back in their full form."""
    from netutils.interface import abbreviated_interface_name

    _, texts = example()
    spec = platforms.get(name)
    for h in hosts_of(name):
        cfg = parse(texts[h], name, h)
        names = [n for n in cfg.interfaces if re.search(r"\d", n)]
        abbreviated = texts[h]
        for n in sorted(names, key=len, reverse=True):
            short = abbreviated_interface_name(n)
            assert spec.canonical_interface(short) == n, (short, n)
            abbreviated = re.sub(rf"(?m)^(interface ){re.escape(n)}$", rf"\g<1>{short}", abbreviated)
        assert abbreviated != texts[h]
        again = parse(abbreviated, name, h)
        assert set(again.interfaces) == set(cfg.interfaces)
        assert {k: (i.addresses, i.acl_in, i.acl_out, i.nat) for k, i in again.interfaces.items()} == \
               {k: (i.addresses, i.acl_in, i.acl_out, i.nat) for k, i in cfg.interfaces.items()}


@pytest.mark.parametrize("name", [n for n in NAMES if platforms.get(n).keywords is not None])
def test_the_vocabulary_declares_every_rendered_command(name: str) -> None:
    """A platform that reads abbreviated keywords declares the first keyword of every command its templates
    render, in the view it is rendered in (else an abbreviation of it would be read as written). The full
    round trip, abbreviated text against written-out: tests/security/test_keyword_abbreviations.py."""
    from netwarden.parsers._common import build_tree

    _, texts = example()
    spec = platforms.get(name)
    kw = spec.keywords
    assert kw is not None
    missing: set[tuple[str, str]] = set()

    def check(text: str, parent: str, no: int) -> str:
        root = kw.context(parent)
        first = text.split()[0]
        if root is not None and first not in kw.keywords(parent) and not (root.arg and first[0].isdigit()):
            missing.add((parent.split()[0] if parent else "", first))
        return text

    for h in hosts_of(name):
        text = re.sub(r"(?ms)^banner \S+ \^C.*?^\^C$", "", texts[h])  # (a banner's text is no command)
        build_tree(list(enumerate(text.splitlines(), 1)), spec.comment_prefixes, normalize=check)
    assert not missing


@pytest.mark.parametrize("name", [n for n in NAMES if platforms.get(n).indented_globals])
def test_remediation_keeps_indented_globals_global(name: str) -> None:
    """VRP/Comware print global commands one space in between `#` lines: a missing one is remediated as
    a global command, not inside whatever view came before it."""
    _, texts = example()
    h = hosts_of(name)[0]
    lines = texts[h].splitlines()
    k = next(n for n in range(1, len(lines)) if lines[n - 1] == "#" and lines[n].startswith(" ")
             and n > 10 and not lines[n + 1].startswith("  "))
    running = "\n".join(lines[:k] + lines[k + 1:]) + "\n"
    _, remediation = offline_diff(name, running, texts[h], h)
    assert remediation.splitlines() == [lines[k].strip()], remediation


def _cli_parser_classes(spec: PlatformSpec) -> list[type]:
    from netwarden.parsers._cli import CliParser

    out, todo = [], list(CliParser.__subclasses__())
    while todo:
        c = todo.pop()
        todo += c.__subclasses__()
        if getattr(getattr(c, "spec", None), "name", None) == spec.name:
            out.append(c)
    return out


def _readings(name: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object] | None:
    """What the platform's parser reads of a text that its declared comment prefixes (or, without a CLI
    parser, statement separators) decide: as declared, and with the declaration taken away."""
    import dataclasses

    from netwarden.platforms.linux_frr import nft

    spec = platforms.get(name)
    platforms.parser(name)  # (its module imported)
    classes = _cli_parser_classes(spec)
    if classes:  # an indented comment line inside a view: skipped, so the next line stays in the view
        p = spec.comment_prefixes[0]
        text = f"interface GigabitEthernet0/1\n {p}\n  shutdown\n"

        def read() -> object:
            itf = platforms.parser(name)(text, "t").interfaces.get(spec.canonical_interface("GigabitEthernet0/1"))
            return itf is not None and itf.shutdown

        declared = read()
        for c in classes:
            monkeypatch.setattr(c, "spec", dataclasses.replace(spec, comment_prefixes=()))
        return declared, read()
    if spec.statement_separators and spec.filtering == "nftables":
        text = ("table inet f {\n\tchain input {\n\t\ttype filter hook input priority 0; policy drop;\n"
                f"\t\ttcp dport 22 accept{spec.statement_separators[0]} tcp dport 23 accept\n\t}}\n}}\n")

        def rules() -> object:
            res = nft.parse_nft(text, 1, text.split("\n"))
            return [(a.default_action, len(a.entries)) for a in res.acls]

        declared = rules()
        monkeypatch.setattr(nft, "SPEC", dataclasses.replace(spec, statement_separators=()))
        return declared, rules()
    return None


@pytest.mark.parametrize("name", NAMES)
def test_declared_comments_and_separators_change_parsing(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parsers read the spec's `comment_prefixes` and `statement_separators`, not constants of their own:
    the same text reads differently when the declaration is taken away (issue 12 item 3)."""
    readings = _readings(name, monkeypatch)
    assert readings is not None, f"{name}: no parser reads the declared comment prefixes or separators"
    declared, undeclared = readings
    assert declared != undeclared
    assert declared in (True, [("deny", 2)])  # as the device reads it: the view's line, two rules


@pytest.mark.parametrize("name", NAMES)
def test_a_declared_line_continuation_is_read(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A platform that declares a line continuation reads two lines joined by it as one statement, and as two
    without the declaration; a platform that declares none has its commands end at the line feed."""
    import dataclasses

    from netwarden.platforms.linux_frr import nft

    spec = platforms.get(name)
    if spec.line_continuation is None:
        assert spec.filtering != "nftables"  # nft -f joins lines: the nftables platform must declare it
        return
    assert spec.filtering == "nftables"
    text = ("table inet f {\n\tchain input {\n\t\ttype filter hook input priority 0; policy drop;\n"
            f"\t\tip saddr 198.18.0.0/25 {spec.line_continuation}\n\t\t\ttcp dport 22 accept\n\t}}\n}}\n")

    def entries() -> object:
        res = nft.parse_nft(text, 1, text.split("\n"))
        return [(str(e.src), e.proto, e.dports, e.action) for a in res.acls for e in a.entries]

    declared = entries()
    monkeypatch.setattr(nft, "SPEC", dataclasses.replace(spec, line_continuation=None))
    assert declared != entries()
    assert len(declared) == 1  # type: ignore[arg-type]

"""The spec's code blocks are the reference's own source (docs/spec_sources.py)."""
from __future__ import annotations

import importlib.util
import inspect
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load():
    spec = importlib.util.spec_from_file_location("reposelect_docs_spec_sources", ROOT / "docs" / "spec_sources.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


ss = _load()


def _src(name):
    return textwrap.dedent(inspect.getsource(ss.resolve(name)))


def test_every_marker_in_the_spec_matches_the_code():
    count, problems = ss.check()
    assert problems == [], "\n".join(problems)
    assert count >= 1, "the spec should show at least one definition as the reference's code"


def test_the_spec_markers_name_real_functions_of_the_reference():
    names = [mk.name for path in ss.spec_files() for mk in ss.find_markers(path)]
    assert names, "no markers found in spec/*.md"
    for name in names:
        assert name.startswith("reposelect."), name
        assert callable(ss.resolve(name)), name


def _write(tmp_path, body):
    p = tmp_path / "chapter.md"
    p.write_text(body, encoding="utf-8")
    return p


def test_a_verbatim_copy_passes(tmp_path):
    name = "reposelect.reference.game.dealer_profits"
    p = _write(tmp_path, f"# 2.3 Profits\n\n<!-- source: {name} -->\n```python\n{_src(name)}```\n\nText after.\n")
    assert ss.check([p]) == (1, [])


def test_a_changed_block_fails(tmp_path):
    name = "reposelect.reference.game.dealer_profits"
    changed = _src(name).replace("r_bd = r_mm + theta * s", "r_bd = r_mm + s / 2")
    assert changed != _src(name)
    p = _write(tmp_path, f"<!-- source: {name} -->\n```python\n{changed}```\n")
    count, problems = ss.check([p])
    assert count == 1 and len(problems) == 1
    assert "chapter.md:1" in problems[0] and "differs" in problems[0]


def test_a_whitespace_change_fails(tmp_path):
    name = "reposelect.reference.select.joint_profit"
    p = _write(tmp_path, f"<!-- source: {name} -->\n```python\n{_src(name).replace('    ', '  ')}```\n")
    assert len(ss.check([p])[1]) == 1


@pytest.mark.parametrize("name", [
    "reposelect.reference.game.no_such_function",
    "reposelect.reference.no_such_module.f",
    "nosuchpackage.f",
])
def test_a_marker_naming_nothing_fails(tmp_path, name):
    p = _write(tmp_path, f"<!-- source: {name} -->\n```python\ndef f():\n    pass\n```\n")
    count, problems = ss.check([p])
    assert count == 1 and len(problems) == 1 and "does not exist" in problems[0]


def test_a_marker_without_a_block_fails(tmp_path):
    p = _write(tmp_path, "<!-- source: reposelect.reference.select.joint_profit -->\n\nJust prose.\n")
    count, problems = ss.check([p])
    assert count == 1 and "not followed by a fenced python block" in problems[0]


def test_methods_and_classes_can_be_named(tmp_path):
    for name in ("reposelect.reference.types.Case.spread", "reposelect.reference.types.Report"):
        p = _write(tmp_path, f"<!-- source: {name} -->\n```python\n{_src(name)}```\n")
        assert ss.check([p]) == (1, []), name


def test_fix_rewrites_stale_and_missing_blocks_and_keeps_the_rest(tmp_path):
    a, b = "reposelect.reference.game.dealer_profits", "reposelect.reference.select.joint_profit"
    body = (f"# Title\n\nBefore.\n\n<!-- source: {a} -->\n```python\ndef dealer_profits():\n    return 0\n```\n\n"
            f"Middle $x$.\n\n<!-- source: {b} -->\n\nAfter.\n")
    p = _write(tmp_path, body)
    assert len(ss.check([p])[1]) == 2
    changed, problems = ss.fix([p])
    assert changed == [p] and problems == []
    assert ss.check([p]) == (2, [])
    text = p.read_text()
    assert text.startswith("# Title\n\nBefore.\n\n") and "Middle $x$." in text and text.endswith("After.\n")
    assert "return 0" not in text
    # a second fix changes nothing
    assert ss.fix([p]) == ([], [])

"""Every section reference a link, every link's anchor real, every chapter marked
normative or informative (docs/xref.py is the fixer; these tests are its check).

When one fails, run `.venv/bin/python docs/xref.py` and commit what it rewrites."""
from __future__ import annotations

import sys
from pathlib import Path

import importlib

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "docs"))
xref = importlib.import_module("xref")  # docs/xref.py, a script next to the pages

SPEC = xref.Spec()
TARGETS = xref.targets()


@pytest.mark.parametrize("path", TARGETS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_plain_text_section_reference(path):
    text = path.read_text(encoding="utf-8")
    would = xref.plain_references(text, path, SPEC)
    assert not would, (f"{path.relative_to(ROOT)} has plain-text section references or lowercase keywords; "
                       "run `.venv/bin/python docs/xref.py`. It would write:\n" + "\n".join(would[:20]))


@pytest.mark.parametrize("path", TARGETS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_dead_anchor(path):
    dead = xref.dead_anchors(path.read_text(encoding="utf-8"), path, SPEC)
    assert not dead, f"{path.relative_to(ROOT)} links to anchors the spec does not have: {dead}"


def test_every_chapter_says_whether_it_is_normative():
    for p in sorted((ROOT / "spec").glob("*.md")):
        lines = p.read_text(encoding="utf-8").split("\n")
        status = [ln for ln in lines[:6] if xref.STATUS_LINE.match(ln)]
        assert len(status) == 1, f"{p.name}: no status line under the title (run docs/xref.py)"
    index = (ROOT / "spec" / "index.md").read_text(encoding="utf-8")
    assert "BCP 14" in index and "RFC 2119" in index and "RFC 8174" in index
    assert "which-artifact-wins" in {s.anchor for s in xref.anchors.sections_of(ROOT / "spec" / "index.md")}


def test_the_fixer_links_what_it_should_and_nothing_else():
    path = ROOT / "spec" / "model.md"  # links are written as a chapter would write them
    text = "\n".join([
        "# T",
        "",
        "The rule (4.2) is checked by 7.1.4; see chapter 7, chapters 4 to 6 and spec/wire.md 6.4.",
        "A rate of 4.30 or 4.2 % stays, so do Python 3.11, Z3 4.2, `4.2` and $4.2$; and (Bünz et al.",
        "2018, 4.2-4.3) is another text. An implementation must not round; it may.",
        "Old link: [steps](contract.md#42-old-title).",
        "```",
        "code 4.2 chapter 7",
        "```",
    ])
    once = xref.fix_text(text, path, SPEC)
    s42 = SPEC.num["4.2"]
    assert f"([4.2](contract.md#{s42.anchor}))" in once
    assert f"[7.1.4](claims.md#{SPEC.num['7.1.4'].anchor})" in once
    assert f"[chapter 7](claims.md#{SPEC.num['7'].anchor})" in once
    assert f"[chapters 4](contract.md#{SPEC.num['4'].anchor}) to [6](wire.md#{SPEC.num['6'].anchor})" in once
    assert f"[spec/wire.md 6.4](wire.md#{SPEC.num['6.4'].anchor})" in once
    assert "A rate of 4.30 or 4.2 % stays, so do Python 3.11, Z3 4.2, `4.2` and $4.2$" in once
    assert "2018, 4.2-4.3)" in once
    assert "MUST NOT round; it may." in once  # "it may" is not a permission given to a party
    assert f"[steps](contract.md#{s42.anchor})" in once  # a stale anchor points at the section again
    assert "code 4.2 chapter 7" in once
    assert once.split("\n")[2].startswith("**Status: normative.**")
    assert xref.fix_text(once, path, SPEC) == once  # a second run changes nothing
    assert xref.plain_references(text, path, SPEC) and not xref.plain_references(once, path, SPEC)
    assert xref.dead_anchors("[x](contract.md#nope)", path, SPEC) == ["contract.md#nope"]


def test_the_rendered_api_page_gets_its_docstrings_linked():
    """The API page's docstrings are linked after the build (docs/generate.py --after-build), in the HTML,
    by the same resolver; html_problems is the check the site test runs over the built page."""
    s65, s42 = SPEC.num["6.5"], SPEC.num["4.2"]
    page = ("<html><body><nav><a href='x'>spec/wire.md 6.5</a> 4.2</nav><article>"
            "<h2 id='f'><code>f</code> (4.2)</h2>"
            "<p>Limits of spec/wire.md 6.5; the rule (4.2), chapter 7 and Python 3.11.</p>"
            "<p>A rate of <code>4.2</code> and <span class='arithmatex'>\\(4.2\\)</span>.</p>"
            "<div class='highlight'><pre><span>x = 4.2  # spec/wire.md 6.5</span></pre></div>"
            "<p>See <a href='spec/contract.html#nope'>a stale link</a> and spec/wire.md 6.99.</p>"
            "</article></body></html>")
    problems = xref.html_problems(page, SPEC)
    assert sum("plain-text section reference" in p for p in problems) == 3, problems
    assert "dead anchor: contract.md#nope" in problems
    assert "reference to a section that does not exist: 'spec/wire.md 6.99'" in problems
    linked = xref.link_html(page, SPEC)
    assert f'<a href="spec/wire.html#{s65.anchor}" class="spec-ref">spec/wire.md 6.5</a>' in linked
    assert f'(<a href="spec/contract.html#{s42.anchor}" class="spec-ref">4.2</a>)' in linked
    assert "Python 3.11." in linked and "<code>f</code> (4.2)</h2>" in linked  # headings, code, math stay
    assert "<code>4.2</code>" in linked and "\\(4.2\\)" in linked and "x = 4.2  # spec/wire.md 6.5" in linked
    assert "<a href='x'>spec/wire.md 6.5</a> 4.2</nav>" in linked  # outside the article: the site's navigation
    assert xref.link_html(linked, SPEC) == linked  # a second run changes nothing
    left = xref.html_problems(linked, SPEC)
    assert not any("plain-text" in p for p in left) and len(left) == 2, left

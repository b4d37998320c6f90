"""The specification site: generated, built with `mkdocs build --strict`, and opened
page by page in headless Chromium (tests/docs/site_browser.py).

The build runs once per module, as `./dev.sh docs` does (docs/generate.py, then
`mkdocs build --strict`), but on a private copy of mkdocs.yml and docs/ in a temporary
directory (`generate.py --docs-dir`), so a concurrent build in the working tree cannot
interfere.
Screenshots of every page go to tests/docs/screenshots/ (git-ignored) or to
$REPOSELECT_SCREENSHOTS; the browser test prints where.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import site_browser  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("REPOSELECT_SCREENSHOTS") or Path(__file__).resolve().parent / "screenshots")


class _Loader(yaml.SafeLoader):
    """mkdocs.yml with its `!ENV [NAME, default]` tags read as the default."""


_Loader.add_constructor("!ENV", lambda loader, node: (loader.construct_sequence(node) + [None])[1]
                        if isinstance(node, yaml.SequenceNode) else None)


def _config() -> dict:
    return yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_Loader)


def _nav_pages() -> list[str]:
    cfg = _config()

    def walk(items):
        for it in items:
            if isinstance(it, str):
                yield it
            else:
                for v in it.values():
                    yield from (walk(v) if isinstance(v, list) else [v])

    return list(walk(cfg["nav"]))


GENERATED = ("spec", "gen", ".api-src", "__pycache__")  # what docs/generate.py writes (docs/.gitignore)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(site directory, docs directory it was built from, generate + mkdocs output).

    Built from a private copy of mkdocs.yml and docs/ (without the generated folders), so
    that a concurrent `./dev.sh docs` in the working tree cannot interfere."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", MPLBACKEND="Agg")
    work = tmp_path_factory.mktemp("docs-build")
    shutil.copy2(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", work / "docs", ignore=lambda d, names: [
        n for n in names if Path(d) == ROOT / "docs" and n in GENERATED])
    gen = subprocess.run([sys.executable, "docs/generate.py", "--docs-dir", str(work / "docs")], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=900)
    assert gen.returncode == 0, f"docs/generate.py failed:\n{gen.stdout}\n{gen.stderr}"
    site = work / "site"
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(work / "mkdocs.yml"),
                            "-d", str(site)], cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, f"mkdocs build --strict failed:\n{build.stdout}\n{build.stderr}"
    after = subprocess.run([sys.executable, "docs/generate.py", "--after-build", str(site)], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120)
    assert after.returncode == 0, after.stderr
    return site, work / "docs", gen.stdout + gen.stderr + build.stdout + build.stderr


def test_site_builds_strictly_without_warnings(built):
    site, _, log = built
    assert not re.search(r"^(WARNING|ERROR)\b", log, flags=re.M), log
    for page in _nav_pages():
        assert (site / page).with_suffix(".html").is_file(), f"{page} is in the nav but was not built"


def test_every_spec_chapter_is_rendered_from_the_one_copy(built):
    site, docs, _ = built
    chapters = sorted(p.name for p in (ROOT / "spec").glob("*.md"))
    assert chapters, "spec/ has no chapters"
    nav = _nav_pages()
    for name in chapters:
        assert f"spec/{name}" in nav, f"spec/{name} is not in mkdocs.yml's nav"
        # the copy the site renders is the spec file itself; only the source blocks' fences gain a title
        copy = (docs / "spec" / name).read_text()
        assert re.sub(r'^(```python) title="[^"]*"$', r"\1", copy, flags=re.M) == (ROOT / "spec" / name).read_text()
        assert (site / "spec" / name).with_suffix(".html").is_file()
    # nothing hand-written under docs/ restates a spec chapter: docs/spec/ is git-ignored output
    ignored = (ROOT / "docs" / ".gitignore").read_text()
    assert "/spec/" in ignored and "/gen/" in ignored


def test_generated_pages_come_from_the_commands(built):
    site, docs, _ = built
    gen_pages = [p for p in _nav_pages() if p.startswith("gen/")]
    assert "gen/examples.md" in gen_pages and "gen/cli.md" in gen_pages
    for page in gen_pages:
        text = (docs / page).read_text()
        assert "Generated page" in text or "Copied page" in text, f"{page} lacks its provenance note"
    cli = (docs / "gen" / "cli.md").read_text()
    for cmd in ("demo", "select", "serve", "bench"):
        assert f"## reposelect {cmd}\n" in cli and f"usage: reposelect {cmd}" in cli
    examples = (docs / "gen" / "examples.md").read_text()
    assert "Generated page" in examples
    images = re.findall(r"!\[[^\]]+\]\(img/([\w-]+\.svg)\)", examples)
    assert len(images) >= 5
    for img in images:
        data = (site / "gen" / "img" / img).read_text()
        assert data.lstrip().startswith(("<?xml", "<svg")) and "<svg" in data and len(data) > 10_000, img
    # the captions carry the reference's numbers: the demo selects 1000m at 4.33% / 4.60%
    assert "selected trade of 1000m" in examples and "BDmm pays MM 4.33%" in examples
    if "gen/derivations.md" in gen_pages:
        assert (docs / "gen" / "derivations.md").read_text().count("$$") >= 10
    if "gen/proof-report.md" in gen_pages:  # the committed results, with both kinds of verdict
        report = (docs / "gen" / "proof-report.md").read_text()
        assert "| claim |" in report and "proved" in report and "refuted" in report
    if "gen/conformance-vectors.md" in gen_pages:
        assert re.search(r"^\d+ vectors in \d+ groups", (docs / "gen" / "conformance-vectors.md").read_text(), re.M)
    bench = (docs / "gen" / "bench.md").read_text()
    assert "Table 1" in bench and "10000" in bench
    # the recorded runs are published as committed: each table equals its renderer's text of the JSON
    sys.path.insert(0, str(ROOT))
    from reposelect.bench import render_tables
    from reposelect.reference.protocol.bench import markdown as audit_markdown
    for name, render in (("matcher.json", render_tables), ("audit.json", audit_markdown)):
        doc = __import__("json").loads((ROOT / "benchmarks" / name).read_text())
        assert f"`benchmarks/{name}`" in bench and render(doc).strip() in bench, f"{name} is not on the Benchmarks page"
        assert doc["date"] in bench
    # every command has an example on the CLI page, run at build time where it is cheap
    assert cli.count("**Example**") >= 8 and "Output (exit status 0)" in cli
    # chain included (an answer of the contract on the embedded EVM), and each subcommand's own help
    assert "## reposelect chain\n" in cli and "reposelect chain serve < cases.jsonl" in cli
    assert '{"trade":true,"index":2,"volume":100' in cli.split("## reposelect chain\n")[1]
    for sub in ("conform run", "chain serve", "chain gas"):
        assert f"### reposelect {sub}\n" in cli and f"usage: reposelect {sub}" in cli
    # the vector index links every id to its input and its expected answer
    vectors = (docs / "gen" / "conformance-vectors.md").read_text()
    assert re.search(r"\[`V0001`\]\(vectors/[\w.]+/V0001/input[^)]*\) · \[expected\]\(vectors/", vectors)
    # the implementations report ran the reference against the suite and it passes everything
    impl = (docs / "gen" / "implementations.md").read_text()
    row = next(ln for ln in impl.splitlines() if ln.startswith("| reference (Python) |"))
    assert "all run vectors pass" in row and "| 0 | 0 |" in row
    # every implementation that ran is counted over the whole suite: a slow vector is an error, never missing
    suite = __import__("json").loads((ROOT / "conformance" / "vectors" / "SUITE.json").read_text())
    for ln in impl.splitlines():
        cells = [c.strip() for c in ln.strip().strip("|").split("|")]
        if len(cells) == 9 and cells[4].isdigit():
            assert sum(int(c) for c in cells[4:8]) == suite["vectors"], ln
    # every committed benchmark and proof results file is drawn on the results page, each plot with its caption
    results = (docs / "gen" / "results.md").read_text()
    for f in sorted((ROOT / "benchmarks").glob("*.json")) + sorted((ROOT / "proofs" / "results").glob("*.json")):
        folder = f.parent.relative_to(ROOT).as_posix()
        assert f"`{folder}/{f.name}`" in results, f"{folder}/{f.name} is not on the results page"
        if folder == "benchmarks" or f.name != "scaling.json":
            assert re.search(rf"img/(bench|proofs)-{re.escape(f.stem)}[\w-]*\.svg", results), f"no plot of {f.name}"
    # generated pages carry no plain-text section reference (docs/xref.py ran over them)
    sys.path.insert(0, str(ROOT / "docs"))
    xref = __import__("importlib").import_module("xref")  # docs/xref.py

    spec = xref.Spec()
    for page in gen_pages:
        text = (docs / page).read_text()
        assert not xref.plain_references(text, docs / page, spec), page
        assert not xref.dead_anchors(text, docs / page, spec), page


def test_api_docstrings_cite_sections_as_links(built):
    """The section references of the docstrings that mkdocstrings renders are links to the spec's
    anchors (docs/generate.py --after-build); none is left as plain text, none points nowhere."""
    site, _, _ = built
    sys.path.insert(0, str(ROOT / "docs"))
    xref = __import__("importlib").import_module("xref")  # docs/xref.py
    html = (site / "api.html").read_text()
    assert 'class="doc doc-' in html  # mkdocstrings rendered the docstrings
    assert html.count('class="spec-ref"') >= 30
    assert xref.html_problems(html, xref.Spec()) == []
    # the source files are named as the repository has them, not by the build's own paths
    assert "Source code in <code>reference/select.py</code>" in html
    for page in [*site.rglob("*.html"), site / "search" / "search_index.json"]:
        assert ".api-src" not in page.read_text(), page.relative_to(site)


def test_math_is_shipped_with_the_site_not_fetched(built):
    site, _, _ = built
    for f in ("assets/katex/katex.min.js", "assets/katex/katex.min.css", "assets/math.js"):
        assert (site / f).is_file(), f
    fonts = list((site / "assets" / "katex" / "fonts").glob("*.woff2"))
    assert len(fonts) >= 15
    for html in site.rglob("*.html"):
        text = html.read_text()
        # no CDN, no web font service: every script and stylesheet is local
        for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', text):
            assert not re.search(r"\.(js|css|woff2?)(\?|$)", url), f"{html.relative_to(site)} loads {url}"
        assert "fonts.googleapis" not in text and "cdn.jsdelivr" not in text


def test_every_page_in_headless_chromium(built):
    chromium = site_browser.find_chromium()
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("no Chromium in CI: `./dev.sh test` should have installed Debian's chromium package")
        pytest.skip("no Chromium (`./dev.sh test` installs Debian's chromium package)")
    site, _, _ = built
    reports = site_browser.check_site(site, SHOTS, chromium)
    print(f"\nscreenshots of {len(reports)} pages in {SHOTS}")
    opened = {r.path for r in reports}
    assert opened == set(site_browser.pages_of(site)) and len(opened) >= len(_nav_pages())
    problems = [p for r in reports for p in r.problems()]
    assert not problems, "\n".join(problems)
    by_path = {r.path: r for r in reports}
    # pages known to carry math show it rendered; the examples page shows every plot
    for path in ("spec/model.html", "spec/contract.html", "gen/examples.html"):
        info = by_path[path].info
        assert info["arithmatex"] > 0 and info["katex"] >= info["arithmatex"], (path, info)
    ex = by_path["gen/examples.html"].info
    assert len(ex["images"]) >= 5 and all(im["ok"] and im["w"] > 500 for im in ex["images"]), ex["images"]
    for r in reports:
        assert r.screenshot.is_file() and r.screenshot.stat().st_size > 5_000, r.path
    # the home page: the parties diagram loaded, the worked example and the proved box rendered
    for r in (x for x in reports if x.path == "index.html"):
        assert any(im["ok"] and "parties" in im["src"] for im in r.info["images"]), r.info["images"]
        assert r.info["katex"] >= 50, r.info["katex"]
        print(f"home page ({r.viewport}): {r.screenshot}")
    # the sequence diagram is drawn, at both widths
    assert all(r.info["diagrams"] >= 1 for r in reports if r.path == "session.html")
    assert {r.viewport for r in reports} == {v[0] for v in site_browser.VIEWPORTS}


def test_the_404_page_works_from_a_subpath(built):
    """Its links are absolute (site_url), so a 404 served for /any/deep/path still finds its assets."""
    site, _, _ = built
    page = (site / "404.html").read_text()
    base = _config()["site_url"]
    assert base
    for url in re.findall(r'(?:src|href)="([^"#]+)"', page):
        if url.startswith(("http://", "https://", "data:", "mailto:")):
            continue
        assert url.startswith("/"), f"404.html has the relative link {url}"


def test_no_repository_or_edit_link_that_leads_nowhere(built):
    """The repository has no public address: repo_url comes only from REPOSELECT_REPO_URL, and no page
    offers to edit a file (the pages are copies of spec/ or generated, so docs/PAGE.md does not exist)."""
    site, _, _ = built
    cfg = _config()
    assert cfg.get("edit_uri") == ""
    for html in site.rglob("*.html"):
        text = html.read_text()
        assert 'rel="edit"' not in text and "md-content__button" not in text, html.relative_to(site)
        if not os.environ.get("REPOSELECT_REPO_URL"):
            assert 'class="md-source"' not in text, html.relative_to(site)


def test_search_snippets_show_no_raw_tex(built):
    site, _, _ = built
    import json

    index = json.loads((site / "search" / "search_index.json").read_text())
    docs = index["docs"]
    assert docs
    raw = [d["location"] for d in docs if re.search(r"\\\(|\\\[|\\(pi|theta|le|ge|max)\b", d.get("text", ""))]
    assert not raw, raw[:10]
    assert all(d.get("boost") == 2 for d in docs if d["location"].startswith("spec/"))


def test_the_browser_check_catches_broken_pages(tmp_path):
    """The checks above could fail: a page with a missing image, raw math, a console error,
    a failed script and a request to another host is reported on every count."""
    chromium = site_browser.find_chromium()
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("no Chromium in CI: `./dev.sh test` should have installed Debian's chromium package")
        pytest.skip("no Chromium (`./dev.sh test` installs Debian's chromium package)")
    site = tmp_path / "site"
    site.mkdir()
    (site / "good.html").write_text(
        "<html><head><title>good</title></head><body><article><h1>Fine</h1>"
        "<p>No math here, 5 $ only once.</p></article></body></html>")
    (site / "bad.html").write_text(
        "<html><head><title>bad</title><script src='missing.js'></script></head><body><article><h1>Broken</h1>"
        "<p>Raw display math: $$x^2$$ and inline \\(y\\).</p>"
        "<div class='arithmatex'>\\[z\\]</div>"
        "<img src='nope.png' alt='missing'>"
        "<img src='http://192.0.2.1/x.png' alt='remote'>"
        "<script>console.error('boom')</script></article></body></html>")
    reports = {r.path: r for r in site_browser.check_site(site, tmp_path / "shots", chromium)}
    assert set(reports) == {"good.html", "bad.html"}
    assert reports["good.html"].problems() == []
    bad = "\n".join(reports["bad.html"].problems())
    assert "console error: boom" in bad
    assert "image did not load" in bad and "nope.png" in bad
    assert "raw math left in the text" in bad and "$$x^2$$" in bad
    assert "math not rendered" in bad and "the page has math but no rendered math element" in bad
    assert "request to a non-local host: http://192.0.2.1/x.png" in bad
    assert "missing.js" in bad  # the 404 of the script
    assert (tmp_path / "shots" / "bad.png").stat().st_size > 1000

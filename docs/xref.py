"""Section references as links, and the normative markers of the specification: a fixer that
can run any number of times (a second run changes nothing) and the check the tests use.

    .venv/bin/python docs/xref.py            # rewrite spec/, docs/*.md and conformance/GUIDE.md in place
    .venv/bin/python docs/xref.py --check    # list what it would change and every dead anchor; exit 1 if any

What it rewrites, outside code, math, HTML, headings and existing links:

* "(6.4)", "of 3.1", "by 7.1.8", "3.3-3.4", "section 4.2": a section number of the spec in a
  reference context becomes a link to that section's anchor (docs/anchors.py);
* "chapter 7", "chapters 4 to 6": each chapter number becomes a link to the chapter;
* "spec/contract.md 4.4", "spec/wire.md": a link to the file, at the section when one is named;
* an existing link to a spec anchor that no longer exists (a heading was reworded) is pointed at
  the section with the same number;
* in the normative chapters, the RFC 2119 / RFC 8174 keywords "must", "must not" in capitals
  (and "may" where an implementation, a dealer or a reader is given a permission), and each
  chapter's status line ("Normative." / "Informative.") right under its title.
"""
from __future__ import annotations

import argparse
import functools
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import anchors  # noqa: E402

ROOT = anchors.ROOT
SPEC = anchors.SPEC

INFORMATIVE = {"claims.md", "derivations.md"}  # every other chapter is normative
STATUS = {
    "normative": ("**Status: normative.** This chapter is part of the specification; where artifacts "
                  "disagree, [the order in the conventions](index.md#which-artifact-wins) decides."),
    "informative": ("**Status: informative.** This chapter explains the specification and reports the "
                    "evidence for it; it adds no requirement."),
}
STATUS_LINE = re.compile(r"^\*\*Status: (normative|informative)\.\*\*.*$")

PROTECTED = re.compile(
    r"<!--.*?-->"                      # HTML comments (source / derive markers)
    r"|`+[^`]*`+"                      # inline code
    r"|\$\$.*?\$\$|\$[^$\n]+\$"        # math
    r"|!?\[[^\]]*\]\([^)]*\)"          # links and images
    r"|\]\([^)]*\)"                     # the tail of a link whose text began on an earlier line
    r"|\[[^\]\n]*$"                      # the text of a link that goes on on the next line
    r"|\[[^\]]*\]\[[^\]]*\]"           # reference links
    r"|<[^>\n]+>"                      # HTML tags
    r"|https?://\S+"                   # bare URLs
)
FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^#{1,6}\s")
NUM = r"\d+(?:\.\d+)+"
# a version of a tool, a value, a foreign document: not one of our sections
NOT_OURS = re.compile(r"(?:\$|=\s*|\bversions?\s|\bv|\b(?:Python|Z3|SymPy|KaTeX|Mermaid|Node(?:\.js)?|MkDocs|Material|"
                      r"pip|npm|Chromium|Debian|HPKE|RFC\s\d+)\s)$", re.I)
FOREIGN = re.compile(r"et al\.|\b(?:19|20)\d\d\b")  # "(Bünz et al. 2018, 4.2-4.3)": another text's sections
BARE = re.compile(rf"(?<![\w./#\[])({NUM})(?![\w%]|\.\d|\s?%)")
UNIT_AFTER = re.compile(r"^\s*(?:s|ms|us|KiB|MiB|GiB|kB|MB|bytes?|bp|pp|x|×|%|times|seconds|minutes)\b")
CELL = re.compile(r"\|\s*$")
WRAPPED_CHAPTER = re.compile(r"(?<![\w\[])([Cc]hapters?)\s*$")
CHAPTERS = re.compile(r"\b([Cc]hapters?)\s+(\d+)((?:(?:,\s*|\s+and\s+|\s+to\s+|\s+or\s+|\s*[-–]\s*)\d+)*)(?![\w.]\d)")
SPECFILE = re.compile(rf"(?<![\w/.\[])spec/(\w+)\.md(?:\s+({NUM}|\d+\b(?!\.\d)))?")
KEYWORDS = [
    (re.compile(r"\b[Mm]ust not\b"), "MUST NOT"),
    (re.compile(r"\b[Mm]ust\b"), "MUST"),
    (re.compile(r"\b((?:[Aa]n? |[Tt]he |[Aa]ny )?(?:implementations?|dealers?|readers?|auditors?|operators?)) may\b"),
     r"\1 MAY"),
]


class Spec:
    def __init__(self, spec_dir: Path = SPEC):
        self.dir = spec_dir
        self.sections = anchors.spec_sections(spec_dir)
        self.num = anchors.by_number(spec_dir)
        self.chap = {n: s for n, s in self.num.items() if "." not in n}
        self.files = {p.name for p in spec_dir.glob("*.md")}
        self.anchors = {f: anchors.anchors_of(spec_dir / f) for f in self.files}

    def target(self, prefix: str, number: str) -> str:
        s = self.num[number]
        return f"{prefix}{s.file}#{s.anchor}"


def _rel(path: Path) -> str:
    """`path` relative to the repository; a page of a private copy of the site (tests) as docs/..."""
    p = path.resolve()
    try:
        return p.relative_to(ROOT).as_posix()
    except ValueError:
        parts = p.parts
        if "docs" in parts:
            return "/".join(parts[len(parts) - parts[::-1].index("docs") - 1:])
        return p.name


def prefix_for(path: Path) -> str:
    """How a page at `path` reaches the spec's chapters."""
    rel = _rel(path)
    if rel.startswith("spec/"):
        return ""
    if rel.startswith("docs/gen/") or rel.startswith("conformance/"):
        return "../spec/"
    if rel.startswith("docs/"):
        return "spec/"
    return "spec/"


def _link_plain(seg: str, spec: Spec, prefix: str) -> str:
    """Links in one stretch of prose that holds no code, math, HTML or link."""
    # spec/FILE.md [N]: one link
    def specfile(m):
        name, number = m.group(1) + ".md", m.group(2)
        if name not in spec.files:
            return m.group(0)
        if number and number in spec.num:
            return f"[{m.group(0)}]({spec.target(prefix, number)})"
        if number:
            return m.group(0)
        return f"[{m.group(0)}]({prefix}{name})"
    seg = _sub_unlinked(SPECFILE, specfile, seg)

    def chapters(m):
        word, first, rest = m.group(1), m.group(2), m.group(3)
        if first not in spec.chap:
            return m.group(0)
        res = f"[{word} {first}]({spec.target(prefix, first)})"
        for sep, n in re.findall(r"(,\s*|\s+and\s+|\s+to\s+|\s+or\s+|\s*[-–]\s*)(\d+)", rest):
            res += sep + (f"[{n}]({spec.target(prefix, n)})" if n in spec.chap else n)
        return res
    seg = _sub_unlinked(CHAPTERS, chapters, seg)

    def bare(m, text):
        n = m.group(1)
        before = text[:m.start()]
        paren = before[before.rfind("(") + 1:]  # the open parenthesis (or the line so far)
        after = text[m.end():]
        if (n not in spec.num or NOT_OURS.search(before) or (")" not in paren and FOREIGN.search(paren))
                or UNIT_AFTER.match(after) or (CELL.search(before) and re.match(r"\s*\|", after))
                or re.search(r"[A-Za-z]-$", before)):
            return m.group(0)
        return f"[{n}]({spec.target(prefix, n)})"
    return _sub_unlinked(BARE, bare, seg, with_text=True)


def _with_text(fn, text, m):
    return fn(m, text)


LINKED = re.compile(r"!?\[[^\]]*\]\([^)]*\)")


def _split(rx, text: str) -> list[tuple[bool, str]]:
    """`text` cut at the matches of `rx`, in order: (True, a match) and (False, the text between)."""
    parts, pos = [], 0
    for m in rx.finditer(text):
        parts.append((False, text[pos:m.start()]))
        parts.append((True, m.group(0)))
        pos = m.end()
    parts.append((False, text[pos:]))
    return parts


def _sub_unlinked(rx, fn, text, with_text=False):
    """re.sub on the parts of `text` outside the links it already has."""
    out = []
    for linked, chunk in _split(LINKED, text):
        if linked:
            out.append(chunk)
        elif with_text:
            out.append(rx.sub(functools.partial(_with_text, fn, chunk), chunk))
        else:
            out.append(rx.sub(fn, chunk))
    return "".join(out)


LINK_TARGET = re.compile(r"(\[([^\]]*)\]\()((?:\.\./)*(?:spec/)?)(\w+\.md)#([\w.-]+)(\))")


def _repair_anchors(line: str, spec: Spec, path: Path) -> str:
    def fix(m):
        head, text, pre, name, anchor, tail = m.groups()
        if name not in spec.files or anchor in spec.anchors[name]:
            return m.group(0)
        if not _points_into_spec(path, pre, name):
            return m.group(0)
        num = text.strip("`") if text.strip("`") in spec.num else None
        if num is None:
            digits = re.match(r"(\d+)-", anchor)
            cands = [s for s in spec.sections if s.file == name and s.number
                     and digits and s.number.replace(".", "") == digits.group(1)]
            if len(cands) == 1:
                num = cands[0].number
        if num is None:
            return m.group(0)
        s = spec.num[num]
        return f"{head}{pre}{s.file}#{s.anchor}{tail}"
    return LINK_TARGET.sub(fix, line)


def _points_into_spec(path: Path, pre: str, name: str) -> bool:
    try:
        target = (path.parent / pre / name).resolve()
    except OSError:
        return False
    rel = _rel(path)
    if rel.startswith("docs/"):  # docs/spec/ is the site's copy of spec/
        return target.parent.name == "spec"
    return target.parent == SPEC.resolve()


def fix_text(text: str, path: Path, spec: Spec) -> str:
    prefix = prefix_for(path)
    rel = _rel(path)
    chapter = path.name if rel.startswith("spec/") else None
    normative = chapter is not None and chapter not in INFORMATIVE and chapter != "index.md"
    lines = text.split("\n")
    out, fenced, math_block, pre, icode, generated = [], False, False, False, False, False
    last_text = ""  # the last non-blank line before the current one
    for i, line in enumerate(lines):
        # a block generated from committed evidence is rewritten only by its generator
        if line.strip().startswith("<!-- generated:"):
            generated = True
        if generated:
            out.append(line)
            if "<!-- end generated -->" in line:
                generated = False
            continue
        # an indented code block: 4+ spaces after a blank line that does not continue a list
        if icode and line.strip() and not line.startswith("    "):
            icode = False
        if (not icode and not fenced and line.startswith("    ") and line.strip() and i and not lines[i - 1].strip()
                and not re.match(r"^\s*(?:[-*+]|\d+\.)\s", last_text) and not last_text.startswith((" ", "\t"))
                and not last_text.startswith(":")):
            icode = True
        if line.strip():
            last_text = line
        if icode:
            out.append(line)
            continue
        if re.match(r"\s*<pre\b", line):
            pre = True
        if pre:
            out.append(line)
            if "</pre>" in line:
                pre = False
            continue
        if FENCE.match(line):
            fenced = not fenced
            out.append(line)
            continue
        if fenced:
            out.append(line)
            continue
        if line.strip().startswith("$$") and line.strip().count("$$") == 1:
            math_block = not math_block
            out.append(line)
            continue
        if math_block or HEADING.match(line) or STATUS_LINE.match(line):
            out.append(line)
            continue
        # "chapter" at the end of a line and its number on the next: the word moves down, so the
        # reference sits on one line (the rendered text is the same)
        wrap = WRAPPED_CHAPTER.search(line)
        if wrap and i + 1 < len(lines) and re.match(r"^\d+\b", lines[i + 1]):
            line = line[:wrap.start()].rstrip()
            lines[i + 1] = f"{wrap.group(1)} {lines[i + 1]}"
        line = _repair_anchors(line, spec, path)
        new = []
        for protected, seg in _split(PROTECTED, line):
            if protected or not seg:
                new.append(seg)
                continue
            seg = _link_plain(seg, spec, prefix)
            if normative:
                seg = _keywords(seg)
            new.append(seg)
        out.append("".join(new))
    text = "\n".join(out)
    if chapter:
        text = _status(text, chapter)
    return text


def _keywords(seg: str) -> str:
    # keep link targets and texts as they are: only prose between links
    def kw(chunk):
        for rx, rep in KEYWORDS:
            chunk = rx.sub(rep, chunk)
        return chunk
    pos, out = 0, []
    for m in LINKED.finditer(seg):
        out.append(kw(seg[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(kw(seg[pos:]))
    return "".join(out)


def _status(text: str, chapter: str) -> str:
    kind = "informative" if chapter in INFORMATIVE else "normative"
    lines = text.split("\n")
    lines = [ln for ln in lines if not STATUS_LINE.match(ln)]
    # drop a blank line left behind by a removed status line right under the title
    if not lines or not lines[0].startswith("# "):
        return "\n".join(lines)
    rest = lines[1:]
    while rest and rest[0].strip() == "":
        rest = rest[1:]
    return "\n".join([lines[0], "", STATUS[kind], ""] + rest)


def targets() -> list[Path]:
    """The hand-written text the fixer keeps linked: the spec, the site's own pages and the guide."""
    files = sorted(SPEC.glob("*.md")) + sorted((ROOT / "docs").glob("*.md"))
    guide = ROOT / "conformance" / "GUIDE.md"
    if guide.is_file():
        files.append(guide)
    return files


def dead_anchors(text: str, path: Path, spec: Spec) -> list[str]:
    """Links from `path` to an anchor of a spec chapter that the chapter does not have."""
    out = []
    for m in LINK_TARGET.finditer(text):
        _, _, pre, name, anchor, _ = m.groups()
        if name in spec.files and _points_into_spec(path, pre, name) and anchor not in spec.anchors[name]:
            out.append(f"{name}#{anchor}")
    return out


def plain_references(text: str, path: Path, spec: Spec) -> list[str]:
    """The lines the fixer would change (a plain-text reference, a keyword, a missing status line)."""
    new = fix_text(text, path, spec)
    if new == text:
        return []
    old_lines = text.split("\n")
    return [ln for ln in new.split("\n") if ln not in old_lines]


# ------------------------------------------------------------------ rendered HTML (the API page)
#
# mkdocstrings renders the docstrings of reference/, proofs/ and conformance/ into the API page.
# Their section references ("spec/wire.md 6.5", "(6.4)", "chapter 9") are linked after the build,
# in the HTML, by the same resolver as the Markdown above; the Python sources stay as they are.

HTML_TOKEN = re.compile(r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<[^>]+>", re.S | re.I)
HTML_SKIP = {"a", "code", "pre", "kbd", "samp", "h1", "h2", "h3", "h4", "h5", "h6", "nav", "header", "footer",
             "textarea", "label", "summary", "svg", "button"}
HTML_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
MD_NEW_LINK = re.compile(r"\[([^\]]+)\]\(((?:\.\./)*(?:spec/)?)(\w+)\.md(#[\w.-]+)?\)")
# "spec/wire.md 9.9": a file and a section number, whether or not the section exists
FILE_AND_NUMBER = re.compile(rf"(?<![\w/.\[])spec/(\w+)\.md\s+({NUM}|\d+\b(?!\.\d))")


def _html_texts(html: str):
    """(start, end, text) of each text node of the page's article that is prose: outside links, code,
    headings, math and the site's navigation."""
    start = html.find("<article")
    end = html.rfind("</article>")
    if start < 0 or end < 0:
        return
    stack: list[bool] = []  # per open element: does it (or an ancestor) stop linking?
    pos = start
    for m in HTML_TOKEN.finditer(html, start, end):
        if m.start() > pos and not any(stack):
            yield pos, m.start(), html[pos:m.start()]
        tag = m.group(0)
        pos = m.end()
        name_m = re.match(r"<\s*(/?)\s*([A-Za-z][\w-]*)", tag)
        if not name_m:
            continue
        closing, name = name_m.group(1) == "/", name_m.group(2).lower()
        if name in HTML_VOID or tag.endswith("/>"):
            continue
        if closing:
            if stack:
                stack.pop()
            continue
        cls = re.search(r"""class\s*=\s*["']([^"']*)["']""", tag)
        skip = name in HTML_SKIP or bool(cls and re.search(r"\b(arithmatex|katex|highlight|headerlink)\b",
                                                             cls.group(1)))
        stack.append(skip)
    if end > pos and not any(stack):
        yield pos, end, html[pos:end]


def _md_links_to_html(text: str, html_prefix: str) -> str:
    def a(m):
        label, _pre, name, anchor = m.groups()
        return f'<a href="{html_prefix}{name}.html{anchor or ""}" class="spec-ref">{label}</a>'
    return MD_NEW_LINK.sub(a, text)


def link_html(html: str, spec: Spec, prefix: str = "spec/") -> str:
    """A rendered page with the section references in its prose as links to the spec's anchors
    (`prefix` reaches the spec's pages from this page; .md targets become .html). Idempotent."""
    out, pos = [], 0
    for s, e, text in _html_texts(html):
        if not re.search(r"\d", text) and "spec/" not in text:
            continue
        if MD_NEW_LINK.search(text):  # Markdown-looking text in the prose: leave it, never guess
            continue
        new = _link_plain(text, spec, prefix)
        if new != text:
            out.append(html[pos:s])
            out.append(_md_links_to_html(new, prefix))
            pos = e
    out.append(html[pos:])
    return "".join(out)


def html_problems(html: str, spec: Spec, prefix: str = "spec/") -> list[str]:
    """What is wrong with a rendered page's references: a section reference left as plain text
    (the linker would still change it), a "spec/FILE.md N" whose section does not exist, and a
    link to a spec page's anchor that the page does not have."""
    problems = []
    for _s, _e, text in _html_texts(html):
        if not re.search(r"\d", text) and "spec/" not in text:
            continue
        new = _link_plain(text, spec, prefix)
        if new != text:
            for m in MD_NEW_LINK.finditer(new):
                problems.append(f"plain-text section reference: {m.group(1)!r} in {text.strip()[:100]!r}")
        for m in FILE_AND_NUMBER.finditer(text):
            if m.group(1) + ".md" in spec.files and m.group(2) not in spec.num:
                problems.append(f"reference to a section that does not exist: {m.group(0)!r}")
            elif m.group(1) + ".md" not in spec.files:
                problems.append(f"reference to a chapter file that does not exist: {m.group(0)!r}")
    for m in re.finditer(r"""href=["']""" + re.escape(prefix) + r"""(\w+)\.html(?:#([^"']*))?["']""", html):
        name, anchor = m.group(1) + ".md", m.group(2)
        if name not in spec.files:
            problems.append(f"link to a chapter that does not exist: {m.group(0)}")
        elif anchor and anchor not in spec.anchors[name]:
            problems.append(f"dead anchor: {name}#{anchor}")
    return problems


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="docs/xref.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="change nothing; exit 1 if anything would change")
    ap.add_argument("files", nargs="*", type=Path, help="default: spec/*.md, docs/*.md, conformance/GUIDE.md")
    args = ap.parse_args(argv)
    spec = Spec()
    bad = 0
    for path in args.files or targets():
        text = path.read_text(encoding="utf-8")
        new = fix_text(text, path, spec)
        dead = dead_anchors(new, path, spec)
        rel = _rel(path)
        for d in dead:
            print(f"{rel}: dead anchor {d}")
            bad += 1
        if new != text:
            if args.check:
                for ln in plain_references(text, path, spec):
                    print(f"{rel}: would become: {ln.strip()[:160]}")
                bad += 1
            else:
                path.write_text(new, encoding="utf-8")
                print(f"xref: rewrote {rel}")
    return 1 if (bad and args.check) or any(True for _ in []) else 0


if __name__ == "__main__":
    raise SystemExit(main())

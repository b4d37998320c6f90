"""The section anchors of the specification, as the site renders them.

Every heading of spec/*.md gets the id that mkdocs' `toc` extension gives it
(`markdown.extensions.toc.slugify` of the heading's text, `_1`, `_2`, ... on repeats).
A numbered heading ("### 4.2 Steps", "## 7. Claims ...") is found by its number, so
a link can be written from a plain "4.2" or "chapter 7" and stays right when the
heading's words change (docs/xref.py rewrites the links from here).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from markdown.extensions.toc import slugify

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec"

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{[^}]*\})?\s*#*\s*$")
NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?\s")
EXPLICIT_ID = re.compile(r"\{[^}]*#([\w.-]+)[^}]*\}\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Section:
    file: str      # "model.md"
    anchor: str    # "23-payoffs"
    number: str    # "2.3" ("" for an unnumbered heading)
    title: str     # "Payoffs" (the text after the number)
    level: int


def heading_text(raw: str) -> str:
    """The text a heading renders as (what toc slugifies): code spans and emphasis unwrapped, links to their text."""
    t = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", raw)
    t = t.replace("`", "")
    t = re.sub(r"(\*\*|__|\*|_(?=\w))", "", t) if "*" in t else t
    t = re.sub(r"\$[^$]*\$", lambda m: m.group(0).strip("$"), t)
    return t.strip()


def headings(text: str):
    """(level, raw text, explicit id or None) of each heading outside code fences."""
    fenced = False
    for line in text.split("\n"):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        m = HEADING.match(line)
        if m:
            ex = EXPLICIT_ID.search(line)
            yield len(m.group(1)), m.group(2), (ex.group(1) if ex else None)


def sections_of(path: Path) -> list[Section]:
    seen: dict[str, int] = {}
    out = []
    for level, raw, explicit in headings(path.read_text(encoding="utf-8")):
        text = heading_text(raw)
        slug = explicit or slugify(text, "-")
        if not explicit:
            if slug in seen:
                seen[slug] += 1
                slug = f"{slug}_{seen[slug]}"
            else:
                seen[slug] = 0
        m = NUMBER.match(text)
        number = m.group(1) if m else ""
        title = text[m.end():].strip() if m else text
        out.append(Section(path.name, slug, number, title, level))
    return out


def spec_sections(spec_dir: Path = SPEC) -> list[Section]:
    out = []
    for p in sorted(spec_dir.glob("*.md")):
        out.extend(sections_of(p))
    return out


def by_number(spec_dir: Path = SPEC) -> dict[str, Section]:
    """Section number ("4.2", "7", "9.6.3") -> its section, over every chapter."""
    out: dict[str, Section] = {}
    for s in spec_sections(spec_dir):
        if s.number and s.number not in out:
            out[s.number] = s
    return out


def anchors_of(path: Path) -> set[str]:
    return {s.anchor for s in sections_of(path)}


def chapter_files(spec_dir: Path = SPEC) -> dict[str, str]:
    """Chapter number -> the file that holds it ("4" -> "contract.md")."""
    return {s.number: s.file for s in spec_sections(spec_dir) if s.number and "." not in s.number}

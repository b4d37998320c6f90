"""One copy of each normative definition: spec code blocks are the reference's own source.

A spec chapter shows a definition as code with a marker line naming the object,

    <!-- source: reposelect.reference.game.dealer_profits -->
    ```python
    def dealer_profits(...):
        ...
    ```

and the block must equal `inspect.getsource` of that object, dedented. `check` lists
every marker that names nothing, has no block, or whose block differs; `fix` rewrites
the blocks from the code (it cannot fix a marker that names nothing).

    .venv/bin/python docs/spec_sources.py          # check spec/*.md, exit 1 on a problem
    .venv/bin/python docs/spec_sources.py --fix    # rewrite stale blocks in place
"""
from __future__ import annotations

import argparse
import importlib
import inspect
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec"

MARKER = re.compile(r"^<!--\s*source:\s*([A-Za-z_][\w.]*)\s*-->\s*$")
FENCE_OPEN = re.compile(r"^(`{3,}|~{3,})\s*(\w*)\s*$")


@dataclass
class Marker:
    path: Path
    line: int  # 1-based line of the marker
    name: str
    block: str | None  # the fenced block's text (no fences), None when there is no block
    span: tuple[int, int] | None  # 0-based [start, end) lines of the fenced block, fences included
    fence: str = "```"

    def where(self) -> str:
        try:
            rel = self.path.relative_to(ROOT)
        except ValueError:
            rel = self.path
        return f"{rel}:{self.line}"


def resolve(name: str):
    """The object a dotted name refers to: the longest importable module prefix, then attributes."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        modname = ".".join(parts[:cut])
        try:
            obj = importlib.import_module(modname)
        except ModuleNotFoundError as e:
            if e.name and modname.startswith(e.name):
                continue  # this prefix is not a module; try a shorter one
            raise
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                raise LookupError(f"{name}: {'.'.join(parts[:cut])} has no attribute {attr!r}")
            obj = getattr(obj, attr)
        return obj
    raise LookupError(f"{name}: no importable module in this name")


def source_of(name: str) -> str:
    """`inspect.getsource` of the named object, dedented, ending in exactly one newline."""
    obj = resolve(name)
    try:
        src = inspect.getsource(obj)
    except (TypeError, OSError) as e:
        raise LookupError(f"{name}: no source ({e})") from None
    return textwrap.dedent(src).rstrip("\n") + "\n"


def _closes(line: str, fence: str) -> bool:
    t = line.strip()
    return len(t) >= len(fence) and set(t) == {fence[0]}


def find_markers(path: Path) -> list[Marker]:
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []
    for i, line in enumerate(lines):
        m = MARKER.match(line.strip())
        if not m:
            continue
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        f = FENCE_OPEN.match(lines[j]) if j < len(lines) else None
        if not f or f.group(2) not in ("python", "py"):
            out.append(Marker(path, i + 1, m.group(1), None, None))
            continue
        fence = f.group(1)
        end = j + 1
        while end < len(lines) and not _closes(lines[end], fence):
            end += 1
        if end >= len(lines):
            out.append(Marker(path, i + 1, m.group(1), None, None))
            continue
        block = "\n".join(lines[j + 1:end]) + "\n" if end > j + 1 else ""
        out.append(Marker(path, i + 1, m.group(1), block, (j, end + 1), fence))
    return out


def spec_files(spec_dir: Path = SPEC) -> list[Path]:
    return sorted(spec_dir.glob("*.md"))


def check(files=None) -> tuple[int, list[str]]:
    """(number of markers, problems): every problem names file:line and the object."""
    problems, count = [], 0
    for path in files if files is not None else spec_files():
        for mk in find_markers(path):
            count += 1
            try:
                want = source_of(mk.name)
            except LookupError as e:
                problems.append(f"{mk.where()}: marker names something that does not exist or has no source: {e}")
                continue
            if mk.block is None:
                problems.append(f"{mk.where()}: marker for {mk.name} is not followed by a fenced python block")
            elif mk.block != want:
                problems.append(f"{mk.where()}: the block for {mk.name} differs from the code "
                                f"(run `.venv/bin/python docs/spec_sources.py --fix`)")
    return count, problems


def fix(files=None) -> tuple[list[Path], list[str]]:
    """Rewrite every stale or missing block from the code. Returns (files changed, unfixable problems)."""
    changed, problems = [], []
    for path in files if files is not None else spec_files():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        edits = []  # (start, end, new lines), applied bottom-up
        for mk in find_markers(path):
            try:
                want = source_of(mk.name)
            except LookupError as e:
                problems.append(f"{mk.where()}: {e}")
                continue
            new = ["```python", *want.rstrip("\n").split("\n"), "```"]
            if mk.block is None:
                edits.append((mk.line, mk.line, new))  # insert right after the marker
            elif mk.block != want:
                fence = mk.fence
                new = [fence + "python", *want.rstrip("\n").split("\n"), fence]
                edits.append((mk.span[0], mk.span[1], new))
        if not edits:
            continue
        for start, end, new in sorted(edits, reverse=True):
            lines[start:end] = new
        path.write_text("\n".join(lines) + ("\n" if text.endswith("\n") else ""), encoding="utf-8")
        changed.append(path)
    return changed, problems


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="docs/spec_sources.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--fix", action="store_true", help="rewrite the blocks in spec/*.md from the code")
    args = p.parse_args(argv)
    if args.fix:
        changed, problems = fix()
        for path in changed:
            print(f"rewrote source blocks in {path.relative_to(ROOT)}")
        for msg in problems:
            print(msg, file=sys.stderr)
        return 1 if problems else 0
    count, problems = check()
    for msg in problems:
        print(msg, file=sys.stderr)
    print(f"{count} source markers in spec/*.md, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())

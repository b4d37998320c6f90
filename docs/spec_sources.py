r"""One copy of each normative definition: spec code blocks are the reference's own source.

A spec chapter shows a definition as code with a marker line naming the object,

    <!-- source: reposelect.reference.game.dealer_profits -->
    ```python
    def dealer_profits(...):
        ...
    ```

and the block must equal `inspect.getsource` of that object, dedented. `check` lists
every marker that names nothing, has no block, or whose block differs; `fix` rewrites
the blocks from the code (it cannot fix a marker that names nothing) and prints the diff
of every block it rewrites.

A normative formula is displayed in the spec as mathematics and is not generated:

    <!-- formula: reposelect.reference.game.dealer_profits -->
    $$Q = \min(L, B), \qquad ...$$

`FORMULAS` says which displayed symbols are the function's arguments and results.
`check` evaluates the function on SymPy symbols and demands that it equals the displayed
equations identically (for every theta, not only at the default split); `fix` never
rewrites the source block of such a function while that identity fails, so changed code
cannot carry the spec along with it: either the code is wrong, or the formula is changed
by hand, in the open.

    .venv/bin/python docs/spec_sources.py          # check spec/*.md, exit 1 on a problem
    .venv/bin/python docs/spec_sources.py --fix    # rewrite stale blocks in place (never a formula)
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

from reposelect.reference.options import report_problems

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec"

MARKER = re.compile(r"^<!--\s*source:\s*([A-Za-z_][\w.]*)\s*-->\s*$")
FORMULA_MARKER = re.compile(r"^<!--\s*formula:\s*([A-Za-z_][\w.]*)\s*-->\s*$")

# name -> (displayed symbols of the positional arguments, extra keyword arguments as SymPy
# objects, displayed symbols of the results)
FORMULAS = {
    "reposelect.reference.game.dealer_profits": (("theta", "r_mm", "r_rm", "L", "B"), {"min_": "Min"},
                                                 ("pi_mm", "pi_rm")),
}
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


# ---- displayed formulas -------------------------------------------------------------------

def formula_blocks(path: Path) -> dict[str, tuple[int, list[str]]]:
    """name -> (line of the marker, the $$...$$ displays that follow it)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out = {}
    for i, line in enumerate(lines):
        m = FORMULA_MARKER.match(line.strip())
        if not m:
            continue
        shown, j = [], i + 1
        while j < len(lines):
            t = lines[j].strip()
            if not t:
                j += 1
                continue
            if not (t.startswith("$$") and t.endswith("$$") and len(t) > 4):
                break
            shown.append(t[2:-2])
            j += 1
        out[m.group(1)] = (i + 1, shown)
    return out


def latex_equations(displays: list[str]) -> list[tuple[str, str]]:
    """(left, right) of each equation in the displays, in a Python-like syntax with implicit
    multiplication (a small LaTeX subset: \\name, x_{ab}, \\min, \\max, \\frac, \\qquad, \\,)."""
    eqs = []
    for d in displays:
        for part in re.split(r"\\qquad|\\quad", d):
            t = part.strip().rstrip(".,;").strip()
            if not t:
                continue
            t = re.sub(r"\\[,;!]", " ", t)
            t = re.sub(r"\\(left|right)\b", "", t)
            t = re.sub(r"\\t?frac\{([^{}]*)\}\{([^{}]*)\}", r"((\1)/(\2))", t)
            t = t.replace("\\min", "Min").replace("\\max", "Max")
            t = re.sub(r"\\([A-Za-z]+)", r"\1", t)
            t = re.sub(r"_\{(\w+)\}", r"_\1", t)
            if t.count("=") != 1:
                raise ValueError(f"not one equation: {part.strip()!r}")
            left, right = (x.strip() for x in t.split("="))
            eqs.append((left, right))
    return eqs


def formula_problem(name: str, displays: list[str], obj=None) -> str | None:
    """None when the function equals the displayed equations identically (SymPy), else why not."""
    from tokenize import TokenError

    import sympy
    from sympy.parsing.sympy_parser import implicit_multiplication, parse_expr, standard_transformations

    if name not in FORMULAS:
        return f"{name} has a displayed formula but no entry in docs/spec_sources.FORMULAS"
    args, kwargs, results = FORMULAS[name]
    try:
        eqs = latex_equations(displays)
    except ValueError as e:
        return f"the displayed formula of {name} cannot be read: {e}"
    names = set(args) | set(results) | {left for left, _ in eqs}
    for _, right in eqs:
        names |= set(re.findall(r"[A-Za-z_]\w*", right))
    local = {n: sympy.Symbol(n) for n in names}
    local.update({"Min": sympy.Min, "Max": sympy.Max})
    transforms = standard_transformations + (implicit_multiplication,)
    defs = {}
    for left, right in eqs:
        try:
            expr = parse_expr(right, local_dict=local, transformations=transforms)
        except (SyntaxError, TokenError, TypeError, ValueError) as e:
            return f"the displayed formula of {name} cannot be read: {left} = {right}: {e}"
        defs[left] = expr.subs(defs)
    missing = [r for r in results if r not in defs]
    if missing:
        return f"the displayed formula of {name} does not define {', '.join(missing)}"
    obj = resolve(name) if obj is None else obj
    got = obj(*[local[a] for a in args], **{k: local[v] for k, v in kwargs.items()})
    for r, g in zip(results, got):
        diff = sympy.simplify(sympy.expand(g - defs[r]))
        if diff != 0:
            return (f"{name} differs from its displayed formula: the code gives {r} = {sympy.expand(g)}, "
                    f"the spec {sympy.expand(defs[r])} (difference {diff})")
    return None


def formula_problems(files=None) -> tuple[int, list[str], set[str]]:
    """(number of displayed formulas, problems, names whose code fails its formula)."""
    count, problems, bad = 0, [], set()
    for path in files if files is not None else spec_files():
        for name, (line, displays) in formula_blocks(path).items():
            count += 1
            where = f"{Marker(path, line, name, None, None).where()}"
            try:
                msg = formula_problem(name, displays) if displays else f"no $$ display follows the marker of {name}"
            except LookupError as e:
                msg = f"marker names something that does not exist: {e}"
            if msg:
                problems.append(f"{where}: {msg}")
                bad.add(name)
    return count, problems, bad


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
    problems += formula_problems(files)[1]
    return count, problems


def fix(files=None, show=None) -> tuple[list[Path], list[str]]:
    """Rewrite every stale or missing block from the code, except the block of a function
    that differs from its displayed formula (that is a problem, never a rewrite). Each
    rewrite's diff goes to `show` (default: stderr). Returns (files changed, unfixable problems)."""
    import difflib

    show = show or (lambda text: print(text, file=sys.stderr))
    files = list(files) if files is not None else spec_files()
    _, fproblems, guarded = formula_problems(files)
    changed, problems = [], []
    for path in files:
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
            if mk.name in guarded and mk.block != want:
                problems.append(f"{mk.where()}: not rewritten: the code of {mk.name} differs from the formula "
                                f"displayed in the spec; correct the code, or change the displayed formula by hand")
                continue
            if mk.block != want:
                show("".join(difflib.unified_diff((mk.block or "").splitlines(True), want.splitlines(True),
                                                  f"{mk.where()} (spec)", f"{mk.name} (code)")))
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
    return changed, problems + [p for p in fproblems if p not in problems]


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
    return report_problems(problems, f"{count} source markers in spec/*.md, {len(problems)} problems")


if __name__ == "__main__":
    raise SystemExit(main())

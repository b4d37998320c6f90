"""Line coverage of `reposelect.reference` by the vectors, measured with sys.settrace (spec/conformance.md 10.5).

Only lines inside function bodies count (module-level and class-body lines run at import,
before any vector).
The denominator is every line that starts a bytecode instruction in a function body of a
reference module (reference/*.py, not the protocol subpackage, which the wire never reaches).
"""
from __future__ import annotations

import inspect
import pathlib
import sys
import types

import reposelect.reference as ref

REF_DIR = pathlib.Path(ref.__file__).parent  # as imported (reposelect/reference is a link)


def _function_lines(code: types.CodeType, top: bool = True) -> set[int]:
    lines: set[int] = set()
    if not top and code.co_flags & inspect.CO_NEWLOCALS:  # a function, not a class body
        lines.update(ln for _, _, ln in code.co_lines() if ln is not None and ln != code.co_firstlineno)
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            lines |= _function_lines(c, top=False)
    return lines


def executable_lines() -> dict[str, set[int]]:
    """The lines of every reference module that can execute inside its functions, by file."""
    out = {}
    for f in sorted(REF_DIR.glob("*.py")):
        code = compile(f.read_text("utf-8"), str(f), "exec")
        out[str(f)] = _function_lines(code)
    return out


def measure(fn, *args) -> tuple[object, dict[str, set[int]]]:
    """Run fn(*args) while recording executed lines of the reference's modules."""
    files = set(executable_lines())
    hit: dict[str, set[int]] = {f: set() for f in files}

    def local(frame, event, arg):
        if event == "line":
            hit[frame.f_code.co_filename].add(frame.f_lineno)
        return local

    def glob(frame, event, arg):
        if frame.f_code.co_filename in files:
            hit[frame.f_code.co_filename].add(frame.f_lineno)
            return local
        return None

    old = sys.gettrace()
    sys.settrace(glob)
    try:
        result = fn(*args)
    finally:
        sys.settrace(old)
    return result, hit


def _ranges(nums: list[int]) -> str:
    out: list[str] = []
    start: int | None = None
    prev = 0  # set together with start
    for n in nums:
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            out.append(f"{start}-{prev}" if start != prev else str(start))
            start = prev = n
    if start is not None:
        out.append(f"{start}-{prev}" if start != prev else str(start))
    return ", ".join(out)


def table(hit: dict[str, set[int]]) -> tuple[str, float]:
    """The coverage table (per module: lines, lines hit, the share and the lines not reached) and the total share."""
    exe = executable_lines()
    rows = [f"{'module':<28} {'lines':>5} {'hit':>5} {'cover':>6}  not reached"]
    tot_e = tot_h = 0
    for f, lines in exe.items():
        h = hit.get(f, set()) & lines
        tot_e += len(lines)
        tot_h += len(h)
        pct = 100.0 * len(h) / len(lines) if lines else 100.0
        miss = _ranges(sorted(lines - h))
        rows.append(f"{'reference/' + pathlib.Path(f).name:<28} {len(lines):>5} {len(h):>5} {pct:>5.1f}%  {miss[:70]}{'...' if len(miss) > 70 else ''}")
    total = 100.0 * tot_h / tot_e if tot_e else 100.0
    rows.append(f"{'total':<28} {tot_e:>5} {tot_h:>5} {total:>5.1f}%")
    return "\n".join(rows), total

"""Differential fuzzing against the reference oracle (spec/conformance.md 10.6).

Hypothesis generates cases, valid (small monotone games where equilibria and hurdles
interact) and invalid (a valid case with one or two faults: a dropped or unknown key,
a wrong JSON type, a bad decimal, a sign, a broken grid, a byte-level corruption).
Each goes to the implementation over the same JSON Lines connection; its answer must
equal the reference's `answer()` by the runner's comparison. A failing case is
shrunk by hypothesis to a minimal one and printed in wire format with the seed that
replays the run.
"""
from __future__ import annotations

import json
import queue

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hseed
from hypothesis import strategies as st

from reposelect.reference.types import TIE_BREAKS
from reposelect.reference.transport import answer

from .runner import STARTUP_GRACE, Impl, _decode
from .suite import compare


def _dec(scale_max: int = 3, hi: int = 12):
    @st.composite
    def d(draw):
        scale = draw(st.integers(0, scale_max))
        n = draw(st.integers(0, hi * 10**scale))
        return n, scale
    return d()


def _fmt(n: int, scale: int) -> str:
    if scale == 0:
        return str(n)
    s = str(abs(n)).rjust(scale + 1, "0")
    return ("-" if n < 0 else "") + s[:-scale] + "." + s[-scale:]


def _value(n: int, scale: int):
    from fractions import Fraction
    return Fraction(n, 10**scale)


@st.composite
def valid_docs(draw) -> dict:
    """A hypothesis strategy of valid wire cases (as JSON documents)."""
    n = draw(st.integers(1, 7))
    steps = draw(st.lists(st.integers(1, 50), min_size=n, max_size=n))
    grid = [0]
    for s in steps:
        grid.append(grid[-1] + s)
    a = sorted(draw(st.lists(_dec(), min_size=n, max_size=n)), key=lambda x: _value(*x))
    b = sorted(draw(st.lists(_dec(), min_size=n, max_size=n)), key=lambda x: _value(*x), reverse=True)
    doc = {"grid": grid, "mm": {"rates": [_fmt(*x) for x in a], "hurdle": _fmt(*draw(_dec(2, 3)))},
           "rm": {"rates": [_fmt(*x) for x in b], "hurdle": _fmt(*draw(_dec(2, 3)))}}
    if draw(st.booleans()):
        k = draw(st.integers(1, 99))
        doc["theta"] = _fmt(k, 2)
    if draw(st.booleans()):
        doc["tie_break"] = draw(st.sampled_from(TIE_BREAKS))
    return doc


BAD_DECIMALS = ["", "NaN", "1e3", "+1", ".5", "5.", " 1", "4,30", "0x1", "--1", "\u0661", "1_000",
                "1000000000000", "0.0000000000001", "-1", "-0", "-0.0"]
BAD_VALUES: list[object] = [None, True, 1, 1.5, [], {}, "x", -1, 10**17]


@st.composite
def invalid_docs(draw):
    """A hypothesis strategy of wire cases with one fault."""
    doc = draw(valid_docs())
    paths = [("grid",), ("mm",), ("rm",), ("mm", "rates"), ("rm", "rates"), ("mm", "hurdle"), ("rm", "hurdle"), ("theta",),
             ("tie_break",)]
    paths += [("mm", "rates", i) for i in range(len(doc["mm"]["rates"]))]
    paths += [("rm", "rates", i) for i in range(len(doc["rm"]["rates"]))]
    paths += [("grid", i) for i in range(len(doc["grid"]))]
    for _ in range(draw(st.integers(1, 2))):
        kind = draw(st.sampled_from(["drop", "extra", "value", "decimal", "grid", "theta", "swap"]))
        path = draw(st.sampled_from(paths))
        try:
            parent = doc
            for p in path[:-1]:
                parent = parent[p]
            key = path[-1]
            if kind == "drop" and isinstance(parent, dict):
                parent.pop(key, None)
            elif kind == "extra" and isinstance(parent, dict):
                parent[draw(st.sampled_from(["extra", "Grid", "hurdles", "volume"]))] = "1"
            elif kind == "value":
                parent[key] = draw(st.sampled_from(BAD_VALUES))
            elif kind == "decimal":
                parent[key] = draw(st.sampled_from(BAD_DECIMALS))
            elif kind == "grid" and isinstance(doc.get("grid"), list) and doc["grid"]:
                g = doc["grid"]
                i = draw(st.integers(0, len(g) - 1))
                g[i] = draw(st.sampled_from([g[i] - 1, -g[i] - 1, 10**15 + 1, 0, g[0]]))
            elif kind == "theta":
                doc["theta"] = draw(st.sampled_from(["0", "1", "1.5", "-0.25", "0.00", "0.999999999999"]))
            elif kind == "swap" and isinstance(parent, list) and len(parent) > 1:
                parent.reverse()
        except (KeyError, IndexError, TypeError):
            pass
    return doc


@st.composite
def byte_cases(draw) -> bytes:
    """A hypothesis strategy of case texts as bytes, valid and not."""
    data = json.dumps(draw(valid_docs()), separators=(",", ":")).encode()
    kind = draw(st.sampled_from(["truncate", "insert", "replace"]))
    i = draw(st.integers(0, len(data)))
    junk = draw(st.sampled_from([b"\xff", b"\xc0\xaf", b"NaN", b",", b"}", b"\x00", b"'", b" ", b"\t"]))
    if kind == "truncate":
        data = data[:i]
    elif kind == "insert":
        data = data[:i] + junk + data[i:]
    else:
        data = data[:i] + junk + data[i + 1:]
    return data.replace(b"\n", b" ").rstrip(b"\r")


def cases():
    """Wire lines (bytes): valid cases, invalid documents and corrupted bytes."""
    as_bytes = lambda d: json.dumps(d, separators=(",", ":"), ensure_ascii=False).encode()  # noqa: E731
    return st.one_of(valid_docs().map(as_bytes), invalid_docs().map(as_bytes), byte_cases())


class _Conn:
    """A persistent connection to the implementation, restarted after a crash or hang."""

    def __init__(self, command: str, timeout: float):
        self.command, self.timeout, self.fresh = command, timeout, False
        self.impl: Impl | None = None

    def ask(self, data: bytes):
        if self.impl is None:
            self.impl, self.fresh = Impl(self.command), True
        grace = STARTUP_GRACE if self.fresh else 0.0
        self.fresh = False
        if not self.impl.send(data):
            self.reset()
            return "the implementation is not running (broken pipe)"
        try:
            line = self.impl.next_line(self.timeout + grace)
        except queue.Empty:
            self.reset()
            return f"no answer within {self.timeout:g} s"
        if line is None:
            self.reset()
            return "the implementation exited"
        try:
            obj = _decode(line.rstrip(b"\r\n"))
        except (UnicodeDecodeError, ValueError):
            self.reset()
            return f"not JSON: {line[:200]!r}"
        return obj

    def reset(self):
        if self.impl is not None:
            self.impl.kill()
            self.impl.close()
        self.impl = None

    close = reset


def fuzz(command: str, n: int, seed: int = 0, timeout: float = 10.0, out=print) -> bool:
    """Check `n` generated cases against the reference; print a minimal failure. True if none."""
    conn = _Conn(command, timeout)
    state: dict = {"count": 0, "last": None}

    @settings(max_examples=n, database=None, deadline=None, print_blob=False, report_multiple_bugs=False,
              suppress_health_check=list(HealthCheck), phases=(Phase.generate, Phase.shrink))
    @hseed(seed)
    @given(cases())
    def prop(data: bytes):
        state["count"] += 1
        expected = answer(data)
        actual = conn.ask(data)
        diffs = compare(expected, actual) if isinstance(actual, dict) else [str(actual)]
        if diffs:
            state["last"] = (data, expected, actual, diffs)
            raise AssertionError("differs from the reference")

    out(f"fuzzing {command!r} with {n} generated cases, seed {seed}")
    try:
        prop()
    except AssertionError:
        pass
    finally:
        conn.close()
    if state["last"] is None:
        out(f"FUZZ PASS: {n} cases agree with the reference (seed {seed}, {state['count']} runs)")
        return True
    data, expected, actual, diffs = state["last"]
    out(f"FUZZ FAIL (seed {seed}): minimal case after shrinking ({state['count']} runs):")
    out("  input (one wire line): " + data.decode("utf-8", "backslashreplace"))
    out("  input bytes:           " + repr(data))
    out("  reference answer:      " + json.dumps(expected, ensure_ascii=True))
    out("  implementation answer: " + (json.dumps(actual, ensure_ascii=True) if isinstance(actual, dict) else str(actual)))
    for d in diffs:
        out(f"  - {d}")
    out(f"  replay: reposelect conform run --impl {json.dumps(command)} --no-vectors --fuzz {n} --seed {seed}")
    return False

"""The fast equilibrium algorithm: O(N) after scaling to integers (spec/model.md 3.3).

Valid when schedules are monotone and rates non-negative (the standard policy). Then
no upward deviation and no deviation by a dealer with a zero share can pay, and
(k, k), k >= 1, is an equilibrium exactly when

* BDmm (if theta > 0):  max_{0 <= j < k} (b_k - a_j) q_j <= (b_k - a_k) q_k, and
* BDrm (if theta < 1):  max_{0 <= i < k} (b_i - a_k) q_i <= (b_k - a_k) q_k.

Each left side is the upper envelope of lines evaluated at a point: for BDmm the
lines x -> q_j x - a_j q_j at x = b_k, for BDrm x -> q_i x + b_i q_i at x = -a_k.
Slopes arrive in increasing order and the query points never increase, so a stack
answers every query in amortised O(1) (`prefix_line_maxima`). The Z3 proofs check
that these conditions are equivalent to the definitional ones. `equilibria_scaled`
first bounds each left side from above and below by one line per k and sends only the k
the bounds leave undecided, and only the lines that can decide one, to the envelope.
"""
from __future__ import annotations

import linecache
import textwrap
from itertools import accumulate, compress, count, islice, repeat
from dataclasses import replace
from operator import gt, mul
from typing import Callable

from .decimals import scale_of, to_scaled_int
from .rules import EXACT_OPS, ROLES, Ops, fast_active, fast_condition, joint_profit
from .types import Case


def _list_mul(x: list[int], y: list[int]) -> list[int]:
    return list(map(mul, x, y))


#: Products of integer lists element by element: `rules.joint_profit(spreads, volumes, LIST_OPS)`
#: is every joint profit in one call (a rule made of products alone may take it).
LIST_OPS = replace(EXACT_OPS, mul=_list_mul)


def prefix_line_maxima(slopes: list[int], intercepts: list[int], xs: list[int]) -> list[int]:
    """For each k, max over j < k of slopes[j] * xs[k] + intercepts[j] (entry 0 is unused).

    Requires slopes strictly increasing and xs non-increasing. Exact integers only.
    """
    n = len(slopes)
    out = [0] * n
    sm: list[int] = []  # stack of slopes
    sc: list[int] = []  # stack of intercepts
    for k in range(n):
        if k:
            x = xs[k]
            # Lines on top that are beaten by their predecessor at x stay beaten for
            # every later (smaller or equal) x: drop them.
            while len(sm) >= 2 and sm[-2] * x + sc[-2] >= sm[-1] * x + sc[-1]:
                sm.pop()
                sc.pop()
            out[k] = sm[-1] * x + sc[-1]
        m3, c3 = slopes[k], intercepts[k]
        # Insert line k: drop the top while it is nowhere strictly above both neighbours.
        while len(sm) >= 2:
            m1, c1, m2, c2 = sm[-2], sc[-2], sm[-1], sc[-1]
            if (c1 - c3) * (m2 - m1) <= (c1 - c2) * (m3 - m1):
                sm.pop()
                sc.pop()
            else:
                break
        sm.append(m3)
        sc.append(c3)
    return out


def scaled_rates(case: Case) -> tuple[int, list[int], list[int]]:
    """(scale, A, B): A[k] = a_k * 10**scale and B[k] = b_k * 10**scale as ints, k = 0..N,
    with index 0 quoting the first rate (spec/model.md 2.2)."""
    a, b = case.mm.rates, case.rm.rates
    scale = max(scale_of(a), scale_of(b), scale_of((case.mm.hurdle, case.rm.hurdle)))
    A = [to_scaled_int(x, scale) for x in a]
    B = [to_scaled_int(x, scale) for x in b]
    return scale, [A[0]] + A, [B[0]] + B


def equilibria_fast(case: Case) -> tuple[int, ...]:
    """Equilibrium indices of a validated case with monotone, non-negative schedules."""
    _, A, B = scaled_rates(case)
    return tuple(equilibria_scaled(case.grid, A, B, *(fast_active(role, case.theta) for role in ROLES)))


# ---- the scan, specialised from the rules ---------------------------------------------------
# `equilibria_scaled` is generated once, at import, from `rules.fast_condition` and
# `rules.joint_profit`: each is evaluated on symbols (`_Poly`, polynomials with integer
# coefficients), and the polynomials are written into the loop below as Python expressions.
# So the fast conditions stay defined once; the loop adds only the envelope (a geometry of
# lines that knows nothing of the rule) and refuses, at import, a rule it cannot answer with
# an envelope (`_envelope_form`).


class _Poly:
    """A polynomial in named variables with integer coefficients: {monomial: coefficient},
    a monomial being the sorted tuple of its variables (with repetition)."""

    __slots__ = ("terms",)

    def __init__(self, terms: dict):
        self.terms = {m: c for m, c in terms.items() if c}

    @staticmethod
    def var(name: str) -> _Poly:
        return _Poly({(name,): 1})

    @staticmethod
    def lift(x) -> _Poly:
        if isinstance(x, _Poly):
            return x
        if isinstance(x, int) and not isinstance(x, bool):
            return _Poly({(): x})
        raise TypeError(f"a rule used {x!r} where the scan takes integers")

    def __add__(self, other) -> _Poly:
        out = dict(self.terms)
        for m, c in _Poly.lift(other).terms.items():
            out[m] = out.get(m, 0) + c
        return _Poly(out)

    __radd__ = __add__

    def __neg__(self) -> _Poly:
        return _Poly({m: -c for m, c in self.terms.items()})

    def __sub__(self, other) -> _Poly:
        return self + (-_Poly.lift(other))

    def __rsub__(self, other) -> _Poly:
        return _Poly.lift(other) + (-self)

    def __mul__(self, other) -> _Poly:
        out: dict = {}
        for m1, c1 in self.terms.items():
            for m2, c2 in _Poly.lift(other).terms.items():
                m = tuple(sorted(m1 + m2))
                out[m] = out.get(m, 0) + c1 * c2
        return _Poly(out)

    __rmul__ = __mul__

    def __le__(self, other) -> tuple:
        return ("<=", self, _Poly.lift(other))

    def __lt__(self, other) -> tuple:
        return ("<", self, _Poly.lift(other))

    def __ge__(self, other) -> tuple:
        return (">=", self, _Poly.lift(other))

    def __gt__(self, other) -> tuple:
        return (">", self, _Poly.lift(other))

    def same(self, other) -> bool:
        return self.terms == _Poly.lift(other).terms

    def variables(self) -> set[str]:
        return {v for m in self.terms for v in m}

    def code(self) -> str:
        """A Python expression of the polynomial; a variable common to every term is
        factored out once ((b - a) * q rather than b * q - a * q)."""
        if not self.terms:
            return "0"
        common = set.intersection(*(set(m) for m in self.terms))
        if common and len(self.terms) > 1:
            v = min(common)
            rest = {}
            for m, c in self.terms.items():
                i = m.index(v)
                rest[m[:i] + m[i + 1:]] = c
            return f"({_Poly(rest).code()}) * {v}"
        parts = []
        for m, c in sorted(self.terms.items(), key=lambda t: (t[1] < 0, t[0])):
            body = " * ".join(m)
            mag = abs(c)
            text = (f"{mag} * {body}" if mag != 1 else body) if m else str(mag)
            parts.append(("-" if c < 0 else "+", text))
        first_sign, first = parts[0]
        out = ("-" if first_sign == "-" else "") + first
        for sign, text in parts[1:]:
            out += f" {sign} {text}"
        return out


_POLY_OPS = Ops(all_=lambda xs: ("and", *xs), any_=lambda xs: ("or", *xs), not_=lambda p: ("not", p),
                implies=lambda p, q: ("implies", p, q), mul=lambda x, y: x * y)
_K = {name: _Poly.var(name) for name in ("a_k", "b_k", "q_k")}
_J = {name: _Poly.var(name) for name in ("a_j", "b_j", "q_j")}
_P = _Poly.var("p")


class NotEnvelope(Exception):
    """The rule's fast condition is not max_j (q_j x_k + c_j) <= pi_k with a query point x_k
    that never increases along monotone schedules: the scan cannot answer it."""


def _envelope_form(role) -> tuple[str, str, str]:
    """(x, intercept, comparison) of `rules.fast_condition` for dealer `role`: its condition
    at k for j < k is `q_j * x + intercept <cmp> p`, x an expression in the rates at k, the
    intercept one in the rates and volume at j (written with the names of k, as the line is
    inserted at the step j = k), p the joint profit at k."""
    cond = fast_condition(role, _Poly.var("theta"), _K["a_k"], _K["b_k"], _J["a_j"], _J["b_j"], _J["q_j"], _P,
                          _POLY_OPS)
    if not (isinstance(cond, tuple) and cond[0] == "implies" and isinstance(cond[2], tuple)):
        raise NotEnvelope(f"{role}: the fast condition is not `active => comparison`")
    op, value, rhs = cond[2]
    if op not in ("<=", "<") or not rhs.same(_P):
        raise NotEnvelope(f"{role}: the fast condition does not bound the deviation's value by pi_k from above")
    at_k = {m: c for m, c in value.terms.items() if set(m) & set(_K)}
    at_j = _Poly({m: c for m, c in value.terms.items() if m not in at_k})
    ks = {v for m in at_k for v in m if v in _K}
    if len(ks) != 1 or any(sum(v in _K for v in m) != 1 for m in at_k) or not at_j.variables() <= set(_J):
        raise NotEnvelope(f"{role}: the deviation's value is not linear in one rate at k")
    x = ks.pop()
    slope = _Poly({tuple(v for v in m if v != x): c for m, c in at_k.items()})
    # The slopes must increase with j (q_j does) and the query point never increase with k
    # (b_k does not, nor does -a_k, along monotone schedules).
    if slope.same(_J["q_j"]) and x == "b_k":
        x_code = "b_k"
    elif slope.same(-_J["q_j"]) and x == "a_k":
        x_code = "-a_k"
    else:
        raise NotEnvelope(f"{role}: the slope is {slope.code()} at x = {x}; the scan needs q_j at a non-increasing x")
    rename = {"a_j": "a_k", "b_j": "b_k", "q_j": "q_k"}
    intercept = _Poly({tuple(sorted(rename[v] for v in m)): c for m, c in at_j.terms.items()})
    return x_code, intercept.code(), op


def _profit_code() -> str:
    p = joint_profit(_K["b_k"] - _K["a_k"], _K["q_k"], _POLY_OPS)
    if not p.variables() <= set(_K):
        raise NotEnvelope("the joint profit at k is not a polynomial in the rates and volume at k")
    return p.code()


_SCAN = """\
def equilibria_scaled(q, A, B, every_k=None):
    # The joint profits up to the end of the scan, the first k >= 1 with a negative one, block
    # by block: a scan that ends early computes at most one block past its end.
    n = len(q)
    P = []
    end = n
    for lo in range(0, n, 32768):
        block = [{profit} for q_k, a_k, b_k in zip(islice(q, lo, lo + 32768), islice(A, lo, lo + 32768),
                                                   islice(B, lo, lo + 32768))]
        P += block
        if min(block) < 0:
            first = max(lo, 1)
            for end in compress(range(first, lo + len(block)), map(gt, repeat(0), islice(block, first - lo, None))):
                break
            if end < n:
                del P[end:]
                break
    if end < 2:
        return [0], P
    later = None  # later[j] = min(P[j + 1:end]), the least joint profit after j
    if every_k is None:
        every_k = True  # a short scan: the envelope at every k
        if end > 64:
            # A sample of the lines: when more than a quarter may beat a later joint profit, the
            # bounds would send most k to the envelope anyway, and every k queries it. The least
            # later profits at the sampled j only: the least of each stretch between two of them.
            sample = range(0, end - 1, (end - 2) // 64 + 1)
            least = [min(P[j + 1:j + 1 + sample.step]) for j in sample]
            least = list(accumulate(reversed(least), min))
            least.reverse()
            risky = 0
            for j, later_j in zip(sample, least):
                q_k, a_k, b_k = q[j], A[j], B[j]
{sample_line}                a_k, b_k = A[j + 1], B[j + 1]
{sample_test}            every_k = risky * 4 > len(sample) * {roles}
    bad = []  # the indices 1 <= k < end that fail a condition
    mark = bad.append
    q_k, a_k, b_k = q[0], A[0], B[0]
{start}    a_k, b_k = A[1], B[1]
{bound}    if every_k:  # every line into the envelope, every k queries it
        for k, q_k, a_k, b_k, p in zip(count(1), islice(q, 1, end), islice(A, 1, end), islice(B, 1, end),
                                       islice(P, 1, end)):
{insert_all}            ok = True
{query_all}            if not ok:
                mark(k)
{next_all}    else:
        if later is None:
            later = list(accumulate(P[end - 1:0:-1], min))
            later.reverse()
        for k, q_k, a_k, b_k, p, s in zip(count(1), islice(q, 1, end), islice(A, 1, end), islice(B, 1, end),
                                          islice(P, 1, end), later):
{lines}            if not ({sure}):
                ok = True
{query}                if not ok:
                    mark(k)
{next}    if not bad:
        return list(range(end)), P
    keep = bytearray(b"\\x01") * end
    for k in bad:
        keep[k] = 0
    return list(compress(range(end), keep)), P
"""
_SAMPLE_LINE = """\
    m_{r}, c_{r} = q_k, {intercept}
"""
_SAMPLE_TEST = """\
    if not m_{r} * ({x}) + c_{r} {op} later_j:
        risky += 1
"""
_START = """\
m_{r}, c_{r} = q_k, {intercept}  # line 0
below_{r} = []  # the exact envelope's lines under its top two, as (slope, intercept)
pop_{r}, push_{r} = below_{r}.pop, below_{r}.append
any_{r} = two_{r} = False  # whether it has a line (top_{r}_m, top_{r}_c), and a second (next_{r}_m, next_{r}_c)
top_{r}_m = top_{r}_c = next_{r}_m = next_{r}_c = 0
"""
_BOUND = """\
u_{r} = m_{r} * ({x}) + c_{r}  # the largest line j < k at x_(j+1), k = 1
"""
_INSERT = """\
if any_{r}:  # line k - 1, (m_{r}, c_{r}), into the exact envelope
    while two_{r}:
        if (next_{r}_c - c_{r}) * (top_{r}_m - next_{r}_m) <= (next_{r}_c - top_{r}_c) * (m_{r} - next_{r}_m):
            top_{r}_m, top_{r}_c = next_{r}_m, next_{r}_c
            if below_{r}:
                next_{r}_m, next_{r}_c = pop_{r}()
            else:
                two_{r} = False
        else:
            break
    if two_{r}:
        push_{r}((next_{r}_m, next_{r}_c))
    next_{r}_m, next_{r}_c, two_{r} = top_{r}_m, top_{r}_c, True
any_{r} = True
top_{r}_m, top_{r}_c = m_{r}, c_{r}
"""
_LINES = """\
v_{r} = m_{r} * ({x}) + c_{r}  # line k - 1 at x_k
if v_{r} > u_{r}:
    u_{r} = v_{r}
if not v_{r} {op} s:  # line k - 1 may beat a later joint profit
{insert}"""
_ENVELOPE_QUERY = """\
x = {x}
v = top_{r}_m * x + top_{r}_c
while two_{r}:
    w = next_{r}_m * x + next_{r}_c
    if w < v:
        break
    v = w
    top_{r}_m, top_{r}_c = next_{r}_m, next_{r}_c
    if below_{r}:
        next_{r}_m, next_{r}_c = pop_{r}()
    else:
        two_{r} = False
ok = v {op} p
"""
_QUERY = """\
if ok and not u_{r} {op} p:
    if not v_{r} {op} p:
        ok = False
    elif any_{r}:
{envelope_query}"""
_QUERY_ALL = """\
if ok:
{envelope_query_4}"""
_NEXT = """\
m_{r}, c_{r} = q_k, {intercept}  # line k
"""


def _scan_source(roles=ROLES) -> str:
    """The source of the scan with the envelopes of `roles` (the active dealers)."""
    forms = {str(role): _envelope_form(role) for role in roles}

    def fill(part: str, indent: int) -> str:
        text = "".join(part.format(r=r, x=x, intercept=c, op=op, insert=textwrap.indent(_INSERT, "    "),
                                   envelope_query=textwrap.indent(_ENVELOPE_QUERY, "        "),
                                   envelope_query_4=textwrap.indent(_ENVELOPE_QUERY, "    "))
                       .format(r=r, x=x, intercept=c, op=op) for r, (x, c, op) in forms.items())
        return textwrap.indent(text, " " * indent)

    sure = " and ".join(f"u_{r} {op} p" for r, (_, _, op) in forms.items())
    return _SCAN.format(profit=_profit_code(), sample_line=fill(_SAMPLE_LINE, 12), sample_test=fill(_SAMPLE_TEST, 12),
                        start=fill(_START, 4), bound=fill(_BOUND, 4), roles=len(forms),
                        insert_all=fill(_INSERT, 12), query_all=fill(_QUERY_ALL, 12), next_all=fill(_NEXT, 12),
                        lines=fill(_LINES, 12), sure=sure, query=fill(_QUERY, 16), next=fill(_NEXT, 12))


#: The source of `equilibria_scaled` as generated from the rules, both dealers active (shown in
#: tracebacks); `_SCANS` holds the scan for every non-empty set of active dealers.
SCAN_SOURCE = _scan_source()
_SCANS: dict[tuple[bool, ...], Callable[..., tuple[list[int], list[int]]]] = {}


def _compile(active: tuple[bool, ...]) -> Callable[..., tuple[list[int], list[int]]]:
    roles = tuple(role for role, on in zip(ROLES, active) if on)
    source = _scan_source(roles)
    name = "+".join(map(str, roles))
    file = f"<reposelect.reference.fast: equilibria_scaled ({name}) from reference/rules.py>"
    linecache.cache[file] = (len(source), None, source.splitlines(True), file)
    namespace: dict = {"accumulate": accumulate, "compress": compress, "count": count, "gt": gt, "islice": islice,
                       "repeat": repeat}
    exec(compile(source, file, "exec"), namespace)
    return namespace["equilibria_scaled"]


for _active in ((True, True), (True, False), (False, True)):
    _SCANS[_active] = _compile(_active)


def equilibria_and_profits(q, A: list[int], B: list[int], mm_active: bool = True,
                           rm_active: bool = True) -> tuple[list[int], list[int]]:
    """(`equilibria_scaled`, the joint profits P_k = `rules.joint_profit` on the same integers,
    as the scan computes them, for k = 0..end - 1: `end` is the first k >= 1 whose joint profit
    is negative (N + 1 when there is none), so every equilibrium has its profit in the list)."""
    return _SCANS[mm_active, rm_active](q, A, B)


def equilibria_scaled(q, A: list[int], B: list[int], mm_active: bool = True, rm_active: bool = True) -> list[int]:
    """The equilibrium indices from the grid q_0..q_N and the rates scaled to integers at one
    common scale, A[k] = a_k * 10**s and B[k] = b_k * 10**s, k = 0..N (index 0 quoting
    index 1). Requires q strictly increasing from q_0 = 0, A non-decreasing, B
    non-increasing, both non-negative, and one dealer at least active
    (`rules.fast_active`).

    Exact integers only; the scan (`SCAN_SOURCE`) is written at import from
    `rules.fast_condition` and `rules.joint_profit`. The deviation to index 0 earns 0
    (q_0 = 0), so k with a negative joint profit P_k fails; the spread never increases
    along monotone schedules, so the first negative one ends the scan (at `end`).

    For an active dealer, write f_j(x) = q_j x + c_j for its line j (the module docstring)
    and x_k for its query point at k: k passes when max_{j<k} f_j(x_k) <= P_k (or < P_k,
    as the rule says). Its slopes q_j are >= 0 and x_k never increases, so for every
    k > j, f_j(x_k) <= f_j(x_(j+1)) =: v_j. Hence, with one pass over k and no envelope
    for most of it:

    * u_k = max_{j<k} v_j bounds the left side from above: u_k <= P_k proves k passes;
    * v_(k-1) = f_(k-1)(x_k) is one of its terms: v_(k-1) > P_k proves k fails;
    * a line with v_j <= min(P_(j+1), ..., P_(end-1)) is at most every later joint profit
      wherever it is queried, so it never decides a comparison: only the other lines go into
      the exact envelope (upper envelope, top two lines in locals), and only the k left
      undecided by the two bounds query it. Its lines still arrive in increasing slope order
      and its queries at non-increasing points; a query skipped only leaves lines that a
      later query removes.

    So every k gets the exact comparison of the definition; the bounds only choose which
    k need the envelope.
    """
    return _SCANS[mm_active, rm_active](q, A, B)[0]

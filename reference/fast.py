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
that these conditions are equivalent to the definitional ones.
"""
from __future__ import annotations

from .decimals import scale_of, to_scaled_int
from .types import Case


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
    return tuple(equilibria_scaled(case.grid, A, B, case.theta > 0, case.theta < 1))


def equilibria_scaled(q, A: list[int], B: list[int], mm_active: bool = True, rm_active: bool = True) -> list[int]:
    """The equilibrium indices from the grid q_0..q_N and the rates scaled to integers at one
    common scale, A[k] = a_k * 10**s and B[k] = b_k * 10**s, k = 0..N (index 0 quoting
    index 1). Requires q strictly increasing from q_0 = 0, A non-decreasing, B
    non-increasing, both non-negative, and one dealer at least active.

    Both envelopes of the module docstring in one pass, with exact integers. The deviation
    to index 0 earns 0 (q_0 = 0), so k with a negative spread B_k - A_k fails; the spread
    never increases along monotone schedules, so the first negative one ends the scan. A
    query skipped (BDrm's, once BDmm's condition has failed) only leaves lines on the stack
    that a later query removes, and the queries made still come at non-increasing points.
    Each stack keeps its top line in two locals.
    """
    n = len(q)
    eq = [0]
    if n < 2:
        return eq
    mm_m: list[int] = []  # BDmm: lines x -> q_j x - A_j q_j, queried at x = B_k
    mm_c: list[int] = []
    rm_m: list[int] = []  # BDrm: lines x -> q_i x + B_i q_i, queried at x = -A_k
    rm_c: list[int] = []
    mt, ct = q[0], -A[0] * q[0]  # top of the BDmm stack: line 0
    mr, cr = q[0], B[0] * q[0]  # top of the BDrm stack: line 0
    mm_pop, mc_pop, rm_pop, rc_pop = mm_m.pop, mm_c.pop, rm_m.pop, rm_c.pop
    mm_push, mc_push, rm_push, rc_push = mm_m.append, mm_c.append, rm_m.append, rm_c.append
    keep = eq.append
    for k in range(1, n):
        qk, a, b = q[k], A[k], B[k]
        if b < a:
            break  # negative spread here and beyond
        p = (b - a) * qk
        ok = True
        if mm_active:
            while mm_m and mm_m[-1] * b + mm_c[-1] >= mt * b + ct:
                mt, ct = mm_pop(), mc_pop()
            ok = mt * b + ct <= p
        if ok and rm_active:
            x = -a
            while rm_m and rm_m[-1] * x + rm_c[-1] >= mr * x + cr:
                mr, cr = rm_pop(), rc_pop()
            ok = mr * x + cr <= p
        if ok:
            keep(k)
        # Insert line k: drop the top while it is nowhere strictly above both neighbours.
        c3 = -a * qk
        while mm_m:
            m1, c1 = mm_m[-1], mm_c[-1]
            if (c1 - c3) * (mt - m1) <= (c1 - ct) * (qk - m1):
                mt, ct = mm_pop(), mc_pop()
            else:
                break
        mm_push(mt)
        mc_push(ct)
        mt, ct = qk, c3
        c3 = b * qk
        while rm_m:
            m1, c1 = rm_m[-1], rm_c[-1]
            if (c1 - c3) * (mr - m1) <= (c1 - cr) * (qk - m1):
                mr, cr = rm_pop(), rc_pop()
            else:
                break
        rm_push(mr)
        rc_push(cr)
        mr, cr = qk, c3
    return eq

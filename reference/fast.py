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
    q = case.grid
    n = len(q)
    P = [(B[k] - A[k]) * q[k] for k in range(n)]
    mm_active = case.theta > 0
    rm_active = case.theta < 1
    mm_best = (
        prefix_line_maxima(list(q), [-A[j] * q[j] for j in range(n)], B) if mm_active else []
    )
    rm_best = (
        prefix_line_maxima(list(q), [B[i] * q[i] for i in range(n)], [-x for x in A]) if rm_active else []
    )
    eq = [0]
    for k in range(1, n):
        if mm_active and mm_best[k] > P[k]:
            continue
        if rm_active and rm_best[k] > P[k]:
            continue
        eq.append(k)
    return tuple(eq)

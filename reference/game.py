"""The discrete game, definitionally (spec/model.md 2-3).

Written to read like the spec, not to be fast: `profile_profits` is the payoff of a
profile (i, j), `is_equilibrium` checks every unilateral deviation of both dealers,
and `equilibria_definitional` runs it for every k (O(N^2) payoff evaluations).

`dealer_profits` is the one payoff formula of the project. It only uses +, -, * and
the `min_` it is given, so the Z3 encodings call the very same function on
symbolic terms (with an If-based min) and nothing can drift between the two.
"""
from __future__ import annotations

from decimal import Decimal, localcontext

from .decimals import EXACT
from .types import Case


def dealer_profits(theta, r_mm, r_rm, lent, borrowed, min_=min):
    """Profits (BDmm, BDrm) when MM lends `lent` at `r_mm` and RM borrows `borrowed` at `r_rm`.

    spec/model.md 2.3: the matched volume is Q = min(lent, borrowed); the spread is
    s = r_rm - r_mm; the inter-dealer rate r_bd = r_mm + theta * s;
    BDmm earns theta * s * Q and pays r_mm on cash it cannot pass on (lent - Q);
    BDrm earns (1 - theta) * s * Q and pays r_bd on collateral it cannot pass on (borrowed - Q).
    """
    q = min_(lent, borrowed)
    s = r_rm - r_mm
    r_bd = r_mm + theta * s
    pi_mm = theta * s * q - (lent - q) * r_mm
    pi_rm = (1 - theta) * s * q - (borrowed - q) * r_bd
    return pi_mm, pi_rm


def profile_profits(case: Case, i: int, j: int) -> tuple[Decimal, Decimal]:
    """Exact profits (BDmm, BDrm) of the profile where BDrm picks i and BDmm picks j.

    BDmm offers MM a_j for q_j, BDrm offers RM b_i for q_i (spec/model.md 2.2).
    Decimal arithmetic under the EXACT context: any rounding would raise."""
    with localcontext(EXACT):
        return dealer_profits(case.theta, case.a(j), case.b(i), Decimal(case.grid[j]), Decimal(case.grid[i]))


def is_equilibrium(case: Case, k: int) -> bool:
    """True when (k, k) is a pure Nash equilibrium: no dealer gains strictly by any
    unilateral change of index (spec/model.md 3.1)."""
    mm_k, rm_k = profile_profits(case, k, k)
    for d in range(len(case.grid)):
        if d == k:
            continue
        if profile_profits(case, k, d)[0] > mm_k:  # BDmm moves to d
            return False
        if profile_profits(case, d, k)[1] > rm_k:  # BDrm moves to d
            return False
    return True


def paying_deviation(case: Case, k: int):
    """The first deviation from (k, k) that pays, as (dealer, index, gain), or None."""
    mm_k, rm_k = profile_profits(case, k, k)
    for d in range(len(case.grid)):
        if d == k:
            continue
        g = profile_profits(case, k, d)[0] - mm_k
        if g > 0:
            return ("mm", d, g)
        g = profile_profits(case, d, k)[1] - rm_k
        if g > 0:
            return ("rm", d, g)
    return None


def equilibria_definitional(case: Case) -> tuple[int, ...]:
    """Every k in 0..N for which (k, k) is an equilibrium, by checking every deviation."""
    return tuple(k for k in range(len(case.grid)) if is_equilibrium(case, k))

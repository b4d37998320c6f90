"""The realised outcome when a report may be false (spec/contract.md 5).

The contract instructs trade on the *reported* rates; the clients answer with their
*true* schedules: at the offered rate MM lends what it truly lends, at most the
instructed volume, and RM likewise borrows. Unmatched cash or collateral then costs
the dealers as in spec/model.md 2.3. The truthfulness claims are stated on this.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from . import rules
from .game import dealer_profits
from .policy import STANDARD, Policy
from .select import select
from .types import Case, Outcome, Report, Role


def mm_lends(grid, true_mm_rates, rate) -> int:
    """D*(rate): the largest q_m whose true MM rate a*_m is at most `rate` (0 if none)."""
    best = 0
    for m, a in enumerate(true_mm_rates, start=1):
        if a <= rate:
            best = max(best, grid[m])
    return best


def rm_borrows(grid, true_rm_rates, rate) -> int:
    """S*(rate): the largest q_m whose true RM rate b*_m is at least `rate` (0 if none)."""
    best = 0
    for m, b in enumerate(true_rm_rates, start=1):
        if b >= rate:
            best = max(best, grid[m])
    return best


@dataclass(frozen=True)
class Realised:
    """What actually happens: the contract's outcome on the reports and the clients' answers."""

    outcome: Outcome
    lent: int  # cash MM lends to BDmm
    borrowed: int  # cash RM borrows from BDrm
    matched: int  # volume passed between the dealers, min(lent, borrowed)
    profit_mm: Fraction
    profit_rm: Fraction
    acceptable_mm: bool  # the trade meets BDmm's true hurdle (or there is no trade)
    acceptable_rm: bool

    def utility(self, role: Role) -> tuple[bool, Fraction]:
        """A dealer's preference, lexicographic: an acceptable outcome beats any
        unacceptable one; among equals, more profit is better (spec/contract.md 5.3)."""
        if role == Role.MM:
            return (self.acceptable_mm, self.profit_mm)
        return (self.acceptable_rm, self.profit_rm)


def _acceptable(case: Case, outcome: Outcome, role: Role, true_hurdle, policy: Policy) -> bool:
    if not outcome.trade:
        return True
    assert outcome.spread is not None  # a trade has a spread
    return rules.accepts(policy.hurdle_mode, role, Fraction(case.theta), Fraction(outcome.spread), true_hurdle)


def realise(reported: Case, true_mm: Report, true_rm: Report, policy: Policy = STANDARD) -> Realised:
    """The realised outcome of the contract run on `reported` when the clients' true
    schedules (and the dealers' true hurdles) are `true_mm` and `true_rm`."""
    out = select(reported, policy)
    am = _acceptable(reported, out, Role.MM, true_mm.hurdle, policy)
    ar = _acceptable(reported, out, Role.RM, true_rm.hurdle, policy)
    if not out.trade:
        return Realised(out, 0, 0, 0, Fraction(0), Fraction(0), am, ar)
    assert out.r_mm is not None and out.r_rm is not None  # a trade has rates
    q = out.volume
    lent = min(q, mm_lends(reported.grid, true_mm.rates, out.r_mm))
    borrowed = min(q, rm_borrows(reported.grid, true_rm.rates, out.r_rm))
    f = Fraction
    pi_mm, pi_rm = dealer_profits(f(reported.theta), f(out.r_mm), f(out.r_rm), f(lent), f(borrowed))
    return Realised(out, lent, borrowed, min(lent, borrowed), pi_mm, pi_rm, am, ar)

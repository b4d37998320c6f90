"""The contract's selection rule (spec/contract.md 4).

`select` validates the case, computes the equilibrium set, keeps the hurdle-feasible
trading equilibria and returns the joint-profit maximum among them, ties broken by
the case's `tie_break`; no trade when none is feasible.
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from . import rules
from .decimals import EXACT
from .fast import equilibria_fast
from .game import equilibria_definitional
from .policy import STANDARD, Policy
from .types import Case, Outcome
from .validate import check_case


def equilibria(case: Case, policy: Policy = STANDARD) -> tuple[int, ...]:
    """The equilibrium indices: the fast algorithm where its assumptions hold, else the definition."""
    if policy.monotone_nonnegative and not policy.designed:
        return equilibria_fast(case)
    return equilibria_definitional(case)


def hurdle_feasible(case: Case, k: int, policy: Policy = STANDARD) -> bool:
    """spec/contract.md 4.2: does the trade at index k meet the dealers' hurdles? (`rules.hurdle_ok`)"""
    f = Fraction
    return policy.hurdle_test(f(case.theta), f(case.spread(k)), case.grid[k], f(case.mm.hurdle), f(case.rm.hurdle))


def joint_profit(case: Case, k: int) -> Decimal:
    """pi_k = s_k * q_k, exactly (`rules.joint_profit`)."""
    return rules.joint_profit(case.spread(k), Decimal(case.grid[k]))


def choose(case: Case, candidates, policy: Policy = STANDARD) -> int:
    """The index with the largest joint profit (or the policy's objective) among
    `candidates` (non-empty), ties by `tie_break` (`rules.ahead`)."""
    best_k, best_pi = None, None
    for k in candidates:
        pi = joint_profit(case, k) if policy.objective is None else policy.value(case.spread(k), Decimal(case.grid[k]))
        if best_pi is None or policy.ahead(case.tie_break, pi, best_pi, k, best_k):
            best_k, best_pi = k, pi
    if best_k is None:
        raise ValueError("choose needs at least one candidate")
    return best_k


def outcome_at(case: Case, k: int, equilibria=(), feasible=()) -> Outcome:
    """The outcome that instructs trade at index k (k = 0: no trade)."""
    if k == 0:
        return Outcome.no_trade(tuple(equilibria), tuple(feasible))
    return trade_outcome(k, case.grid[k], case.a(k), case.b(k), case.theta, equilibria, feasible)


def bd_rate(a: Decimal, s: Decimal, theta: Decimal) -> Decimal:
    """r_bd = a_k + theta * s_k, the rate BDmm lends to BDrm at (spec/contract.md 4.3), exactly."""
    return EXACT.add(a, EXACT.multiply(theta, s))


def trade_outcome(k: int, volume: int, a: Decimal, b: Decimal, theta: Decimal, equilibria=(), feasible=()) -> Outcome:
    """The outcome that instructs trade at index k >= 1: volume q_k, MM's rate a_k, RM's rate b_k."""
    s = EXACT.subtract(b, a)
    return Outcome(trade=True, index=k, volume=volume, r_mm=a, r_rm=b, r_bd=bd_rate(a, s, theta), spread=s,
                   joint_profit=EXACT.multiply(s, Decimal(volume)), equilibria=tuple(equilibria), feasible=tuple(feasible))


def select(case: Case, policy: Policy = STANDARD) -> Outcome:
    """Run the contract on `case` (validated first; a fault raises `WireError`)."""
    return select_checked(check_case(case, policy), policy)


def select_checked(case: Case, policy: Policy = STANDARD) -> Outcome:
    """The rule on a case that `check_case` has already accepted under `policy`
    (as `parse_case` returns it)."""
    eq = equilibria(case, policy)
    feasible = tuple(k for k in eq if k >= 1 and hurdle_feasible(case, k, policy))
    k = choose(case, feasible, policy) if feasible else 0
    return outcome_at(case, k, eq, feasible)

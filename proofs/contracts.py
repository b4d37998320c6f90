"""Contracts on the reference for CrossHair (spec/claims.md 7.9).

Each function wraps reference code on small integer inputs (turned into exact Decimals)
and states its pre- and postconditions in PEP 316 docstrings. tests/proofs runs

    crosshair check --analysis_kind=PEP316 --per_condition_timeout 8 reposelect.proofs.contracts

with a time cap and demands that no counterexample is reported; it also runs the deliberately
wrong contract in `tests/proofs/contracts_canary.py` and demands that it *is* refuted.
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from reposelect.reference.errors import WireError
# The contracts' docstrings (read by CrossHair, not by Python) use the names marked noqa.
from reposelect.reference.fast import equilibria_fast, prefix_line_maxima  # noqa: F401
from reposelect.reference.game import dealer_profits, equilibria_definitional, is_equilibrium  # noqa: F401
from reposelect.reference.realised import realise
from reposelect.reference.select import hurdle_feasible, joint_profit, select  # noqa: F401
from reposelect.reference.types import Case, Report
from reposelect.reference.validate import check_case

D = Decimal


def _case2(a1: int, a2: int, b1: int, b2: int, h_mm: int = 0, h_rm: int = 0, q1: int = 1, q2: int = 2) -> Case:
    return Case((0, q1, q2), Report((D(a1), D(a2)), D(h_mm)), Report((D(b1), D(b2)), D(h_rm)))


def validation_accepts(a1: int, a2: int, b1: int, b2: int) -> bool:
    """Validation accepts exactly the non-negative, monotone schedules (spec/wire.md 6.4).

    pre: -3 <= a1 <= 3 and -3 <= a2 <= 3 and -3 <= b1 <= 3 and -3 <= b2 <= 3
    post: __return__ == (min(a1, a2, b1, b2) >= 0 and a1 <= a2 and b1 >= b2)
    """
    try:
        check_case(_case2(a1, a2, b1, b2))
        return True
    except WireError:
        return False


def payoff_identity(r_mm: int, r_rm: int, lent: int, borrowed: int, t: int) -> tuple:
    """The payoff formula: a matched trade splits the joint profit theta : 1 - theta; an
    unmatched leg only costs.

    pre: 0 <= r_mm <= 9 and 0 <= r_rm <= 9 and 0 <= lent <= 5 and 0 <= borrowed <= 5 and 1 <= t <= 9
    post: (lent != borrowed) or (__return__[0] + __return__[1] == (r_rm - r_mm) * lent)
    post: (lent != borrowed) or (__return__[0] == Fraction(t, 10) * (r_rm - r_mm) * lent)
    post: __return__[0] <= Fraction(t, 10) * (r_rm - r_mm) * min(lent, borrowed)
    post: __return__[1] <= (1 - Fraction(t, 10)) * (r_rm - r_mm) * min(lent, borrowed)
    """
    return dealer_profits(Fraction(t, 10), Fraction(r_mm), Fraction(r_rm), Fraction(lent), Fraction(borrowed))


def equilibrium_test(a1: int, a2: int, b1: int, b2: int) -> tuple:
    """No trade is an equilibrium, and the fast algorithm agrees with the definition.

    pre: 0 <= a1 <= a2 <= 6 and 0 <= b2 <= b1 <= 6
    post: is_equilibrium(_case2(a1, a2, b1, b2), 0)
    post: __return__ == equilibria_fast(_case2(a1, a2, b1, b2))
    """
    return equilibria_definitional(_case2(a1, a2, b1, b2))


def selection_contract(a1: int, a2: int, b1: int, b2: int, h_mm: int, h_rm: int) -> int:
    """The selected index is a hurdle-feasible equilibrium of maximal joint profit; no trade
    only when no trading equilibrium is feasible (spec/contract.md 4).

    pre: 0 <= a1 <= a2 <= 6 and 0 <= b2 <= b1 <= 6 and 0 <= h_mm <= 3 and 0 <= h_rm <= 3
    post: (__return__ == 0) == (len([k for k in equilibria_definitional(_case2(a1, a2, b1, b2, h_mm, h_rm)) if k >= 1 and hurdle_feasible(_case2(a1, a2, b1, b2, h_mm, h_rm), k)]) == 0)
    post: __return__ == 0 or (is_equilibrium(_case2(a1, a2, b1, b2, h_mm, h_rm), __return__) and hurdle_feasible(_case2(a1, a2, b1, b2, h_mm, h_rm), __return__))
    post: __return__ == 0 or all(joint_profit(_case2(a1, a2, b1, b2, h_mm, h_rm), k) <= joint_profit(_case2(a1, a2, b1, b2, h_mm, h_rm), __return__) for k in equilibria_definitional(_case2(a1, a2, b1, b2, h_mm, h_rm)) if k >= 1 and hurdle_feasible(_case2(a1, a2, b1, b2, h_mm, h_rm), k))
    """
    return select(_case2(a1, a2, b1, b2, h_mm, h_rm)).index


def truthful_realisation(a1: int, a2: int, b1: int, b2: int) -> tuple:
    """Truthful reports are realised exactly: the clients trade the selected volume and the
    dealers split the joint profit (spec/contract.md 5).

    pre: 0 <= a1 <= a2 <= 6 and 0 <= b2 <= b1 <= 6
    post: __return__[0] == __return__[1]
    post: __return__[2] == Fraction(1, 2) * __return__[3]
    """
    case = _case2(a1, a2, b1, b2)
    r = realise(case, case.mm, case.rm)
    jp = r.outcome.joint_profit
    return (r.matched, r.outcome.volume, r.profit_mm, Fraction(jp) if jp is not None else Fraction(0))


def envelope(s0: int, s1: int, s2: int, c0: int, c1: int, c2: int, x1: int, x2: int) -> list:
    """The fast algorithm's upper envelope equals the naive prefix maximum.

    pre: 0 <= s0 < s1 < s2 <= 6 and -9 <= c0 <= 9 and -9 <= c1 <= 9 and -9 <= c2 <= 9 and -9 <= x2 <= x1 <= 9
    post: __return__[1] == s0 * x1 + c0
    post: __return__[2] == max(s0 * x2 + c0, s1 * x2 + c1)
    """
    return prefix_line_maxima([s0, s1, s2], [c0, c1, c2], [0, x1, x2])

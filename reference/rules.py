"""The rule's small decisions, each written once (spec/contract.md 4, spec/model.md 3.3).

Every checker calls these functions: the reference on exact values (`EXACT_OPS`), the Z3
encodings on symbolic terms (`reposelect.proofs.encoding.Z3_OPS`), the mutants' pipeline,
and a designer's policy file (spec/claims.md, "Variants a designer writes"). Like
`game.dealer_profits`, they use only +, -, *, the comparisons, and the few logical
operations of the `Ops` they are handed, so a change here reaches every checker at once.

* `margin` and `accepts`: the hurdle comparison, one dealer (every hurdle mode);
* `hurdle_ok`: the hurdle test at a volume, both dealers (feasibility of a trade);
* `prefers`: the tie-break preference between two indices;
* `ahead`: the selection order (joint profit, then the tie-break);
* `joint_profit`: pi_k = s_k * q_k;
* `fast_active`, `fast_value`, `fast_condition`: the fast algorithm's conditions.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from .decimals import EXACT
from .types import HURDLE_MODES, ROLES, TIE_BREAKS, HurdleMode, Role, TieBreak

__all__ = ["HURDLE_MODES", "ROLES", "TIE_BREAKS", "HurdleMode", "Role", "TieBreak", "Ops", "EXACT_OPS", "margin",
           "accepts", "hurdle_ok", "prefers", "ahead", "joint_profit", "fast_active", "fast_value", "fast_condition"]

# The members as module constants: the hot comparisons below then skip the enum class's
# attribute lookup (about 0.1 us each on Python 3.11).
_SPREAD, _OWN_MARGIN, _NONE = HurdleMode.SPREAD, HurdleMode.OWN_MARGIN, HurdleMode.NONE
_MM, _RM = Role.MM, Role.RM
_LARGEST, _SMALLEST = TieBreak.LARGEST_VOLUME, TieBreak.SMALLEST_VOLUME


def _exact_mul(x, y):
    if isinstance(x, Decimal) or isinstance(y, Decimal):
        return EXACT.multiply(Decimal(x), Decimal(y))
    return x * y


@dataclass(frozen=True)
class Ops:
    """The logical operations a rule may use, for one kind of value."""

    all_: Callable  # conjunction of a list
    any_: Callable  # disjunction of a list
    not_: Callable
    implies: Callable  # (p, q) -> p => q
    mul: Callable = _exact_mul
    true: object = True


EXACT_OPS = Ops(all, any, lambda p: not p, lambda p, q: (not p) or q)


def margin(mode: HurdleMode, role: Role, theta, spread):
    """What dealer `role` compares with its hurdle under hurdle mode `mode`: the spread
    ("spread"), or its own share of it ("own_margin": theta * s for BDmm, (1 - theta) * s
    for BDrm). None under "none" (no hurdle applies)."""
    if mode == _SPREAD:
        return spread
    if mode == _OWN_MARGIN:
        return theta * spread if role == _MM else (1 - theta) * spread
    if mode == _NONE:
        return None
    raise ValueError(f"hurdle mode {str(mode)!r} is not one of {', '.join(HURDLE_MODES)}")


def accepts(mode: HurdleMode, role: Role, theta, spread, hurdle, ops: Ops = EXACT_OPS):
    """The hurdle comparison of one dealer: its margin is at least its hurdle (weakly)."""
    m = margin(mode, role, theta, spread)
    return ops.true if m is None else m >= hurdle


def hurdle_ok(mode: HurdleMode, theta, spread, h_mm, h_rm, ops: Ops = EXACT_OPS):
    """spec/contract.md 4.2: the trade with spread `spread` meets both dealers' hurdles
    (under "spread": s >= max(h_mm, h_rm))."""
    if mode == _NONE:
        return ops.true
    return ops.all_([accepts(mode, _MM, theta, spread, h_mm, ops), accepts(mode, _RM, theta, spread, h_rm, ops)])


def prefers(tie_break: TieBreak, m, k):
    """The tie-break: at equal joint profit, index m is preferred to index k
    (largest_volume: the larger index; smallest_volume: the smaller)."""
    if tie_break == _LARGEST:
        return m > k
    if tie_break == _SMALLEST:
        return m < k
    raise ValueError(f"tie_break {str(tie_break)!r} is not one of {', '.join(TIE_BREAKS)}")


def ahead(tie_break: TieBreak, pi_m, pi_k, m, k, ops: Ops = EXACT_OPS, prefers_=prefers):
    """The selection order: m goes ahead of k when its joint profit is larger, or equal
    and the tie-break prefers it. k is the tie-broken argmax of a set exactly when no
    other member goes ahead of it. (`prefers_`: a designer's tie-break, see policy.Policy.)"""
    return ops.any_([pi_m > pi_k, ops.all_([pi_m == pi_k, prefers_(tie_break, m, k)])])


def joint_profit(spread, volume, ops: Ops = EXACT_OPS):
    """pi_k = s_k * q_k (exact: Decimal products under the EXACT context)."""
    return ops.mul(spread, volume)


def fast_active(role: Role, theta):
    """Whether a dealer's deviations can pay at all: BDmm's when theta > 0, BDrm's when theta < 1."""
    return theta > 0 if role == _MM else theta < 1


def fast_value(role: Role, a_k, b_k, a_j, b_j, q_j, ops: Ops = EXACT_OPS):
    """What a downward deviation from (k, k) to j < k earns in the fast conditions
    (spec/model.md 3.3): BDmm (b_k - a_j) q_j, BDrm (b_j - a_k) q_j."""
    return ops.mul(b_k - a_j, q_j) if role == _MM else ops.mul(b_j - a_k, q_j)


def fast_condition(role: Role, theta, a_k, b_k, a_j, b_j, q_j, pi_k, ops: Ops = EXACT_OPS):
    """One term of the fast algorithm's condition at k for j < k: an active dealer's
    deviation value is at most pi_k."""
    return ops.implies(fast_active(role, theta), fast_value(role, a_k, b_k, a_j, b_j, q_j, ops) <= pi_k)

"""The closed forms against the reference (spec/derivations.md 8.4): each family is
sampled exactly on grids of N = 200 .. 2,000 points (rates rounded to 10 decimal
places), `reposelect.reference.select` runs on the case, and the reference's selected
volume and largest equilibrium volume must lie within one grid step of the closed
forms, decided exactly."""
from decimal import Decimal
from fractions import Fraction

import pytest
import sympy as sp

from reposelect.proofs.derive import FAMILIES
from reposelect.proofs.derive_numeric import (
    bind,
    compare,
    round_places,
    sample_case,
    substitute_by_name,
    zero_spread_volume,
)
from reposelect.reference.validate import check_case

POINTS = {
    # name: (family, parameters); the comment says which dealer's condition binds
    "lin_mm_binds": ("linear", dict(alpha=1, beta=2, gamma=5, delta=1)),
    "lin_rm_binds": ("linear", dict(alpha="0.5", beta=1, gamma=4, delta=3)),
    "lin_equal_slopes": ("linear", dict(alpha="0.25", beta="1.5", gamma="3.75", delta="1.5")),
    "quad_mm_binds": ("quadratic", dict(alpha=1, beta=2, gamma=5, delta=1)),
    "quad_rm_binds": ("quadratic", dict(alpha="0.5", beta="0.5", gamma=3, delta=2)),
}
# hurdles (h_mm, h_rm) as fractions of the largest spread s(0); s(q*) >= s(0)/2 in both
# families, so the first two do not bind, the next two bind (one through each dealer's
# hurdle), and the last two leave no trade.
HURDLES = {
    "none": (0, 0),
    "low": (Fraction(1, 5), Fraction(1, 10)),
    "binding_mm": (Fraction(4, 5), Fraction(1, 10)),
    "binding_rm": (Fraction(1, 10), Fraction(3, 4)),
    "at_s0": (1, 0),
    "above_s0": (Fraction(6, 5), Fraction(1, 2)),
}


def hurdles(fam, params, key):
    R_s0 = sp.Rational(*_s0(fam, params))
    return tuple(round_places(Fraction(f) * Fraction(int(R_s0.p), int(R_s0.q)), 10) for f in HURDLES[key])


def _s0(fam, params):
    F = FAMILIES[fam]
    s0 = (F.ps(0) - F.pd(0))
    s0 = sp.sympify(s0).subs(bind(params))
    return int(s0.p), int(s0.q)


@pytest.mark.parametrize("n", [200, 2000])
@pytest.mark.parametrize("hkey", list(HURDLES))
@pytest.mark.parametrize("point", list(POINTS))
def test_reference_within_one_grid_step(derived, point, hkey, n):
    fam, params = POINTS[point]
    R = derived(fam)
    h_mm, h_rm = hurdles(fam, params, hkey)
    c = compare(FAMILIES[fam], params, n, h_mm, h_rm, R["q_selected"].expr, R["q_eq_max"].expr)
    assert c.selected_ok, (c.selected_volume, c.selected_closed, c.step)
    assert c.eq_max_ok, (c.eq_max_volume, c.eq_max_closed, c.step)
    if hkey in ("at_s0", "above_s0"):
        assert c.selected_volume == 0 and c.selected_closed == 0
    else:
        assert c.selected_volume > 0


@pytest.mark.parametrize("point", list(POINTS))
def test_reference_at_n_1000_and_regimes(derived, point):
    """At N = 1000: the regime (hurdle binding or not) read off the closed forms matches
    the reference, and the check is sharp: the other dealer's endpoint, or the joint
    optimum under a binding hurdle, is NOT within a grid step of the reference."""
    fam, params = POINTS[point]
    R = derived(fam)
    sub = {k.name: v for k, v in bind(params).items()}
    qo = substitute_by_name(R["q_joint_opt"].expr, sub)
    qmm = substitute_by_name(R["q_eq_max_mm"].expr, sub)
    qrm = substitute_by_name(R["q_eq_max_rm"].expr, sub)
    h_mm, h_rm = hurdles(fam, params, "binding_mm")
    c = compare(FAMILIES[fam], params, 1000, h_mm, h_rm, R["q_selected"].expr, R["q_eq_max"].expr)
    assert c.selected_ok and c.eq_max_ok
    assert not c.within(c.selected_volume, qo)  # the hurdle binds: not the joint optimum
    if bool(qmm < qrm):
        assert c.within(c.eq_max_volume, qmm) and not c.within(c.eq_max_volume, qrm)
    elif bool(qrm < qmm):
        assert c.within(c.eq_max_volume, qrm) and not c.within(c.eq_max_volume, qmm)
    else:
        assert point == "lin_equal_slopes"
    c0 = compare(FAMILIES[fam], params, 1000, Decimal(0), Decimal(0), R["q_selected"].expr, R["q_eq_max"].expr)
    assert c0.within(c0.selected_volume, qo)


def test_sampled_cases_are_valid_and_exact():
    """The sampled cases pass the reference's validation (monotone, non-negative, at most
    12 fractional digits), and rounding is exact half-even."""
    assert round_places(Fraction(1, 3), 10) == Decimal("0.3333333333")
    assert round_places(Fraction(5, 10**11), 10) == Decimal("0E-10")
    assert round_places(Fraction(15, 10**11), 10) == Decimal("2E-10")
    for fam, params in POINTS.values():
        F = FAMILIES[fam]
        vmax = zero_spread_volume(F, params)
        case = sample_case(F, params, 200, vmax, Decimal(0), Decimal(0))
        check_case(case)
        assert all(isinstance(r, Decimal) for r in case.mm.rates + case.rm.rates)
        # the last sampled volume still has a non-negative spread
        assert case.spread(case.n) >= 0

"""The general derivation (any smooth monotone schedules): every step is checked
against the model's definitions (spec/model.md 1, spec/derivations.md 8.1-8.3)."""
from decimal import Decimal
from fractions import Fraction

import pytest
import sympy as sp

from reposelect.proofs.derive import (
    NONCONCAVE_EXAMPLE,
    P_D,
    P_S,
    borrowed_is_matched,
    lent_is_matched,
    q,
    theta,
    x,
)
from reposelect.proofs.derive_numeric import sample_case
from reposelect.reference.game import dealer_profits, is_equilibrium, paying_deviation

e, d, u, w, m, p = sp.symbols("e d u w m p", positive=True)
FAMS = ["general", "linear", "quadratic"]


def zero(expr) -> bool:
    return sp.simplify(sp.sympify(expr).doit()) == 0


def spread_and_profit():
    return P_S(q) - P_D(q), (P_S(q) - P_D(q)) * q


def test_joint_profit_is_spread_times_volume(general):
    s, pi = spread_and_profit()
    assert zero(general["spread"].expr - s)
    assert zero(general["joint_profit"].expr - pi)
    # A wrong statement is rejected (the check can fail).
    assert not zero(general["joint_profit"].expr - s)


def test_shares(general):
    _, pi = spread_and_profit()
    assert zero(general["profit_mm"].expr - theta * pi)
    assert zero(general["profit_rm"].expr - (1 - theta) * pi)


@pytest.mark.parametrize("move", ["down_mm", "down_rm", "up_mm", "up_rm"])
def test_branches_match_sympy_min(move):
    """The `min_` branch chosen for each move is what sympy.Min gives under the move's
    ordering of lent and borrowed (x = q - e for a move down, x = q + e up, e > 0)."""
    PDq, PSq, PDx, PSx = P_D(q), P_S(q), P_D(x), P_S(x)
    if move.endswith("mm"):
        args, who = (theta, PDx, PSq, x, q), 0
    else:
        args, who = (theta, PDq, PSx, q, x), 1
    chosen = {"down_mm": lent_is_matched, "down_rm": borrowed_is_matched,
              "up_mm": borrowed_is_matched, "up_rm": lent_is_matched}[move]
    other = borrowed_is_matched if chosen is lent_is_matched else lent_is_matched
    shift = {x: q - e} if move.startswith("down") else {x: q + e}
    exact = dealer_profits(*[sp.sympify(a).subs(shift) for a in args], min_=sp.Min)[who]
    assert not exact.has(sp.Min), "the ordering should decide the min"
    branch = dealer_profits(*args, min_=chosen)[who].subs(shift)
    wrong = dealer_profits(*args, min_=other)[who].subs(shift)
    assert zero(exact - branch)
    assert not zero(exact - wrong)


def test_deviation_profits_are_the_brief_formulas(general):
    # spec/derivations.md 8.2: BDmm's move down earns theta (P_S(q) - P_D(x)) x; BDrm's is symmetric.
    assert zero(general["deviation_mm"].expr - theta * (P_S(q) - P_D(x)) * x)
    assert zero(general["deviation_rm"].expr - (1 - theta) * (P_S(x) - P_D(q)) * x)


@pytest.mark.parametrize("fam", FAMS)
def test_theta_factors_out(derived, fam):
    """Gains are theta (resp. 1 - theta) times a theta-free expression: the equilibrium
    set does not depend on the split for theta in (0, 1)."""
    R = derived(fam)
    gmm, grm = R["global_mm"].expr, R["global_rm"].expr
    assert theta not in gmm.free_symbols and theta not in grm.free_symbols
    assert zero(R["gain_mm"].expr - theta * gmm)
    assert zero(R["gain_rm"].expr - (1 - theta) * grm)
    assert not zero(R["gain_rm"].expr - theta * grm)
    if fam == "general":
        s, pi = spread_and_profit()
        assert zero(gmm - ((P_S(q) - P_D(x)) * x - pi))
        assert zero(grm - ((P_S(x) - P_D(q)) * x - pi))


def test_theta_cancels_at_every_split_in_the_reference():
    """The same fact on a sampled case: the reference's equilibrium set is the same for
    several splits in (0, 1)."""
    from reposelect.proofs.derive import LINEAR
    from reposelect.reference.select import equilibria

    base = sample_case(LINEAR, dict(alpha=1, beta=2, gamma=5, delta=1), 200, Fraction(4, 3), Decimal(0), Decimal(0))
    sets = set()
    for t in ("0.01", "0.3", "0.5", "0.99"):
        c = type(base)(base.grid, base.mm, base.rm, Decimal(t))
        sets.add(equilibria(c))
    assert len(sets) == 1


def test_local_conditions(general):
    s, _ = spread_and_profit()
    dPD, dPS = sp.Derivative(P_D(q), q), sp.Derivative(P_S(q), q)
    # s(q) >= q P_D'(q) and s(q) >= q |P_S'(q)| = -q P_S'(q) (spec/model.md 6).
    assert zero(general["local_mm"].expr - (s - q * dPD))
    assert zero(general["local_rm"].expr - (s + q * dPS))
    # The local condition is the one-sided derivative of the global gain at x = q.
    assert zero(sp.diff(general["global_mm"].expr, x).subs(x, q) - general["local_mm"].expr)
    assert zero(sp.diff(general["global_rm"].expr, x).subs(x, q) - general["local_rm"].expr)


def test_upward_moves_never_pay(general):
    """With theta = 1/(1+m) in (0,1), x = q + e, P_D(x) = P_D(q) + d (non-decreasing),
    P_S(q) = P_S(x) + d (non-increasing) and non-negative rates, each gain is a sum of
    non-positive terms."""
    t = 1 / (1 + m)
    g_mm = general["gain_mm_up"].expr.subs({P_D(x): u + d}).subs({P_D(q): u}).subs(x, q + e).subs(theta, t)
    g_rm = general["gain_rm_up"].expr.subs({P_S(x): w, P_S(q): w + d, P_D(q): u}).subs(x, q + e).subs(theta, t)
    for g in (g_mm, g_rm):
        poly = sp.expand(sp.together(g) * (1 + m))
        assert poly.is_nonpositive is True
        assert poly != 0
    # With a negative rate the argument fails: BDrm's move up can pay (r_bd < 0).
    g_neg = general["gain_rm_up"].expr.subs({P_S(x): -w, P_S(q): -w, P_D(q): -u}).subs(x, q + e).subs(theta, t)
    assert sp.expand(sp.together(g_neg) * (1 + m)).is_positive is True


def test_joint_foc(general):
    s, pi = spread_and_profit()
    foc = general["joint_foc"].expr
    assert zero(foc - sp.diff(pi, q))
    # pi'(q) = 0  <=>  s(q) = q (P_D'(q) - P_S'(q))
    assert zero(foc - (s - q * (sp.Derivative(P_D(q), q) - sp.Derivative(P_S(q), q))))


def test_joint_optimum_meets_local_conditions(general):
    slack_mm, slack_rm = general["local_mm_minus_foc"].expr, general["local_rm_minus_foc"].expr
    assert zero(general["local_mm"].expr - general["joint_foc"].expr - slack_mm)
    assert zero(slack_mm + q * sp.Derivative(P_S(q), q))
    assert zero(slack_rm - q * sp.Derivative(P_D(q), q))
    # Monotone schedules: P_S' = -p <= 0, P_D' = p >= 0 make both slacks non-negative.
    assert slack_mm.subs(sp.Derivative(P_S(q), q), -p).is_nonnegative is True
    assert slack_rm.subs(sp.Derivative(P_D(q), q), p).is_nonnegative is True
    # ... and not without the monotonicity.
    assert slack_mm.subs(sp.Derivative(P_S(q), q), p).is_negative is True


def test_joint_optimum_meets_global_conditions(general):
    """pi(x) - (deviation profit per share at x) = x (P_S(x) - P_S(q)) >= 0 for x <= q:
    if q maximises pi on [0, q], no move down pays either dealer."""
    pi_x = (P_S(x) - P_D(x)) * x
    s, pi = spread_and_profit()
    assert zero(general["global_slack_mm"].expr - (pi_x - (general["global_mm"].expr + pi)))
    assert zero(general["global_slack_mm"].expr - x * (P_S(x) - P_S(q)))
    assert zero(general["global_slack_rm"].expr - x * (P_D(q) - P_D(x)))
    # sign, for x = q - e: P_S(x) = P_S(q) + d and P_D(x) = P_D(q) - d with d >= 0
    smm = general["global_slack_mm"].expr.subs(P_S(x), P_S(q) + d).subs(x, q - e)
    srm = general["global_slack_rm"].expr.subs(P_D(x), P_D(q) - d).subs(x, q - e)
    for s_ in (smm, srm):
        s_ = sp.simplify(s_.subs(q, e + p))  # x = p > 0
        assert s_.is_positive is True


def test_local_is_not_global_in_general(general, derived):
    """Curvature: the deviation profit is concave when x P_D(x) is convex (BDmm) / x P_S(x)
    concave (BDrm); the counterexample's local conditions hold at q = 1 but a move to
    x = 1/2 pays, and the reference agrees on a grid."""
    assert zero(general["curvature_mm"].expr + sp.diff(x * P_D(x), x, 2))
    assert zero(general["curvature_rm"].expr - sp.diff(x * P_S(x), x, 2))
    for fam in ("linear", "quadratic"):
        R = derived(fam)
        for k in ("curvature_mm", "curvature_rm"):
            assert R[k].expr.is_nonpositive is True
    assert general["example_local_mm"].expr >= 0
    assert general["example_local_rm"].expr >= 0
    assert general["example_gain_mm"].expr > 0
    # The example's schedules are monotone and non-negative on [0, 2].
    pd, ps = NONCONCAVE_EXAMPLE.pd(q), NONCONCAVE_EXAMPLE.ps(q)
    assert sp.diff(pd, q).subs(q, 1) == 0 and sp.factor(sp.diff(pd, q)) == 3 * (q - 1) ** 2
    assert sp.diff(ps, q) < 0 and pd.subs(q, 0) == 0 and ps.subs(q, 2) > 0
    # The reference: grid 0..200 stands for volumes k/100, so index 100 is q = 1.
    case = sample_case(NONCONCAVE_EXAMPLE, {}, 200, Fraction(2), Decimal(0), Decimal(0))
    assert not is_equilibrium(case, 100)
    who, j, gain = paying_deviation(case, 100)
    assert who == "mm" and j < 90 and gain > 0
    # ... while no move to a neighbouring volume pays (the local condition holds there).
    from reposelect.reference.game import profile_profits

    stay = profile_profits(case, 100, 100)
    for jj in (98, 99):
        assert profile_profits(case, 100, jj)[0] <= stay[0]
        assert profile_profits(case, jj, 100)[1] <= stay[1]

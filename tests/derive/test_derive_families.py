"""Closed forms for the linear and quadratic families (spec/derivations.md 8.4): each is
substituted back into the condition it solves, and each ordering claim is decided by
SymPy from the parameters' signs (gamma = alpha + kappa, kappa > 0)."""
import pytest
import sympy as sp

from reposelect.proofs.derive import FAMILIES, alpha, beta, delta, gamma, h, kappa, q, sign_form, theta, x

FAMS = ["linear", "quadratic"]
t = sp.Symbol("t", positive=True)


def resolve(expr):
    """`expr` with gamma = alpha + kappa and every Min / Piecewise decided by the signs
    SymPy can establish (an undecidable one raises, so nothing is assumed)."""
    expr = sp.sympify(expr).subs(gamma, alpha + kappa)

    def pick_min(*args):
        a, b = args
        d = sign_form(b - a)
        if d.is_nonnegative is None and sign_form(a).is_nonnegative and sign_form(b).is_nonnegative:
            d = sign_form(b**2 - a**2)  # both non-negative: compare squares
        if d.is_nonnegative:
            return a
        if d.is_nonpositive:
            return b
        raise AssertionError(f"cannot order {a} and {b}")

    def pick_piece(*pairs):
        for value, cond in pairs:
            c = sp.simplify(cond)
            if isinstance(c, (sp.GreaterThan, sp.LessThan)):
                d = sign_form(c.lhs - c.rhs) if isinstance(c, sp.GreaterThan) else sign_form(c.rhs - c.lhs)
                c = sp.true if d.is_nonnegative else sp.false if d.is_negative else c
            if c == sp.true:
                return value
            if c != sp.false:
                raise AssertionError(f"cannot decide {cond}")
        raise AssertionError("no piece applies")

    expr = expr.replace(lambda z: isinstance(z, sp.Min), lambda z: pick_min(*z.args))
    expr = expr.replace(lambda z: isinstance(z, sp.Piecewise), lambda z: pick_piece(*z.args))
    return expr


def zero(expr) -> bool:
    return sign_form(resolve(expr)) == 0


def squares_ordered(small, large) -> bool:
    """small <= large for non-negative closed forms (compared through their squares)."""
    return sign_form(large**2 - small**2).is_nonnegative is True


@pytest.mark.parametrize("fam", FAMS)
def test_model_of_the_family(derived, fam):
    F = FAMILIES[fam]
    R = derived(fam)
    assert zero(R["spread"].expr - (F.ps(q) - F.pd(q)))
    # P_D increasing, P_S decreasing on q > 0
    assert sp.diff(F.pd(q), q).is_positive and sp.diff(F.ps(q), q).is_negative


@pytest.mark.parametrize("fam", FAMS)
def test_joint_optimum(derived, fam):
    F = FAMILIES[fam]
    R = derived(fam)
    qo = R["q_joint_opt"].expr
    pi = R["joint_profit"].expr
    assert zero(R["joint_foc"].expr.subs(q, qo))
    assert sign_form(qo).is_positive
    # pi is concave on q >= 0, so the root of pi' is the maximum
    assert sp.diff(pi, q, 2).is_nonpositive is True
    assert sign_form(sp.diff(pi, q, 2).subs(q, qo)).is_negative
    assert zero(R["r_mm_joint_opt"].expr - F.pd(qo))
    assert zero(R["r_rm_joint_opt"].expr - F.ps(qo))
    assert zero(R["spread_joint_opt"].expr - (F.ps(qo) - F.pd(qo)))
    assert zero(R["r_bd_joint_opt"].expr - (F.pd(qo) + theta * (F.ps(qo) - F.pd(qo))))
    assert zero(R["joint_profit_opt"].expr - pi.subs(q, qo))
    # the rates are non-negative and the spread positive at the optimum
    for k in ("r_mm_joint_opt", "r_rm_joint_opt", "spread_joint_opt", "joint_profit_opt"):
        assert sign_form(R[k].expr).is_positive, k
    # and the optimum satisfies s(q) = q (P_D'(q) - P_S'(q))
    assert zero(R["spread"].expr.subs(q, qo) - qo * (sp.diff(F.pd(q), q) - sp.diff(F.ps(q), q)).subs(q, qo))


@pytest.mark.parametrize("fam", FAMS)
def test_global_condition_endpoints(derived, fam):
    """x_best(q) maximises the (concave) deviation profit; x_best(q) - q is decreasing and
    vanishes at the endpoint, so the global condition holds exactly on [0, endpoint]."""
    R = derived(fam)
    for side in ("mm", "rm"):
        dev = R[f"global_{side}"].expr  # deviation profit per share minus pi(q)
        xb = R[f"x_best_{side}"].expr
        qbar = R[f"q_eq_max_{side}"].expr
        assert zero(sp.diff(dev, x).subs(x, xb))
        assert sp.diff(dev, x, 2).is_nonpositive is True
        assert zero(xb.subs(q, qbar) - qbar)
        # x_best(q) is real for q < q_top (for the quadratic family, where the
        # radicand vanishes); on (0, q_top) its slope is below 1.
        slope = sp.diff(xb - q, q).subs(gamma, alpha + kappa)
        rad = [r for r in slope.atoms(sp.Pow) if r.exp == -sp.Rational(1, 2) and r.base.has(q)]
        q_top = sp.sqrt(kappa / (delta if side == "mm" else beta)) if rad else 1
        assert sp.simplify(slope.subs(q, q_top * t / (1 + t))).is_negative is True
        assert sign_form(xb.subs(q, 0)).is_positive
        # at the endpoint, the best move down earns exactly the equilibrium profit
        assert zero(dev.subs(x, qbar).subs(q, qbar))


@pytest.mark.parametrize("fam", FAMS)
def test_local_equals_global(derived, fam):
    """The local condition at equality has the same root as the global one."""
    R = derived(fam)
    for side in ("mm", "rm"):
        qbar = R[f"q_eq_max_{side}"].expr
        assert zero(R[f"local_{side}"].expr.subs(q, qbar))
        # below the endpoint the local condition holds strictly, above it fails
        loc = R[f"local_{side}"].expr
        assert sign_form(loc.subs(q, qbar * t / (1 + t))).is_positive
        assert sign_form(loc.subs(q, qbar * (1 + t))).is_negative


@pytest.mark.parametrize("fam", FAMS)
def test_equilibrium_set_is_an_interval(derived, fam):
    R = derived(fam)
    qo, qmm, qrm = R["q_joint_opt"].expr, R["q_eq_max_mm"].expr, R["q_eq_max_rm"].expr
    # the joint optimum lies inside the equilibrium set
    assert squares_ordered(qo, qmm) and squares_ordered(qo, qrm)
    # BDmm's condition binds iff beta >= delta
    assert squares_ordered(qmm.subs(beta, delta + t), qrm.subs(beta, delta + t))
    assert squares_ordered(qrm.subs(delta, beta + t), qmm.subs(delta, beta + t))
    assert zero(qmm.subs(beta, delta) - qrm.subs(beta, delta))
    assert R["q_eq_max"].expr == sp.Min(qmm, qrm)
    E = R["equilibrium_set"].expr
    assert E == sp.Interval(0, sp.Min(qmm, qrm))
    assert resolve(E.contains(0)) == sp.true and resolve(E.contains(-t)) == sp.false
    # the whole equilibrium set has a non-negative spread
    for qb in (qmm, qrm):
        assert sign_form(R["spread"].expr.subs(q, qb)).is_positive


@pytest.mark.parametrize("fam", FAMS)
def test_selected_volume(derived, fam):
    R = derived(fam)
    s, qo, qh = R["spread"].expr, R["q_joint_opt"].expr, R["q_hurdle"].expr
    s0, so = R["h_no_trade"].expr, R["spread_joint_opt"].expr
    sel = R["q_selected"].expr
    assert zero(s.subs(q, qh) - h)
    assert zero(s0 - s.subs(q, 0))
    assert sp.diff(s, q).is_negative is True  # hurdle-feasible volumes: [0, q_h]
    # hurdle not binding: h = so * t/(1+t) < s(q*): q_h > q*, selection is q*
    h_low = so * t / (1 + t)
    assert sign_form(qh.subs(h, h_low) ** 2 - qo**2).is_positive
    assert zero(sel.subs(h, h_low) - qo)
    assert zero(sel.subs(h, 0) - qo)
    # at h = s(q*) both agree
    assert zero(qh.subs(h, so) - qo)
    # hurdle binding: s(q*) < h < s(0): q_h < q*, selection is q_h
    h_mid = so + (s0 - so) * t / (1 + t)
    assert sign_form(qo**2 - qh.subs(h, h_mid) ** 2).is_positive
    assert zero(sel.subs(h, h_mid) - qh.subs(h, h_mid))
    # no trade: h >= s(0)
    assert sel.subs(h, s0) == 0
    assert sel.subs(h, s0 + t) == 0
    # the selection never exceeds the equilibrium set's endpoint
    assert squares_ordered(qo, R["q_eq_max_mm"].expr) and squares_ordered(qo, R["q_eq_max_rm"].expr)
    # joint profit increases below q*: pi' > 0 on (0, q*)
    foc = R["joint_foc"].expr
    assert sign_form(foc.subs(q, qo * t / (1 + t))).is_positive


def test_linear_closed_forms_in_words(derived):
    """Spot checks of the linear family against numbers worked by hand from the model:
    alpha=1, beta=2, gamma=5, delta=1: q* = 4/6, endpoints 4/5 (BDmm) and 1 (BDrm)."""
    R = derived("linear")
    pts = {alpha: 1, beta: 2, gamma: 5, delta: 1}
    assert R["q_joint_opt"].expr.subs(pts) == sp.Rational(2, 3)
    assert R["q_eq_max"].expr.subs(pts) == sp.Rational(4, 5)
    assert R["q_eq_max_rm"].expr.subs(pts) == 1
    assert R["q_selected"].expr.subs(pts).subs(h, 3) == sp.Rational(1, 3)
    assert R["q_selected"].expr.subs(pts).subs(h, 4) == 0
    assert R["q_selected"].expr.subs(pts).subs(h, 1) == sp.Rational(2, 3)
    assert kappa not in R["q_selected"].expr.free_symbols
    assert gamma in R["q_selected"].expr.free_symbols

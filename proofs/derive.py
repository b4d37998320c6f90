"""SymPy derivations of the continuous model (spec/derivations.md, chapter 8).

Every result here is an expression SymPy computes from the model's definitions; no
formula of a result is typed in. The payoffs come from the reference's own payoff
formula, `reposelect.reference.game.dealer_profits`, called with SymPy terms and with
`min_` fixed to the branch that the move in question makes true (which branch that is
is itself checked against `sympy.Min` in tests/derive/test_derive_general.py).

Setting (spec/model.md 1): MM lends `x` at the rate `P_D(x)` (increasing inverse supply),
RM borrows `x` at `P_S(x)` (decreasing inverse demand). At a matched volume `q` BDmm pays
MM `P_D(q)` and BDrm charges RM `P_S(q)`. A unilateral move by BDmm to the rate `P_D(x)`
makes MM lend `x` while RM still borrows `q`; a move by BDrm to `P_S(x)` makes RM borrow
`x` while MM still lends `q`.

`derive(family)` returns an ordered mapping from result names to `Result`s. The family
`general` keeps `P_D` and `P_S` as undefined SymPy functions; `linear` and `quadratic`
substitute parametric schedules and add closed forms (joint optimum, equilibrium set,
selected volume under the hurdle `h = max(h_mm, h_rm)`).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

import sympy as sp

from reposelect.reference.game import dealer_profits

# --- symbols ---------------------------------------------------------------------------
q = sp.Symbol("q", positive=True)  # the matched volume of the candidate equilibrium
x = sp.Symbol("x", positive=True)  # the volume a deviating dealer moves to
theta = sp.Symbol("theta", positive=True)  # the split, in (0, 1)
h = sp.Symbol("h", nonnegative=True)  # the binding hurdle, max(h_mm, h_rm)
alpha, beta, gamma, delta = sp.symbols("alpha beta gamma delta", positive=True)
kappa = sp.Symbol("kappa", positive=True)  # gamma - alpha, for sign arguments

#: The same names without assumptions: the symbols a parsed JSON string contains.
PLAIN = {str(v): sp.Symbol(str(v)) for v in (q, x, theta, h, alpha, beta, gamma, delta)}
_a, _b, _g, _d = (PLAIN[n] for n in ("alpha", "beta", "gamma", "delta"))
_PARAM_CONDITIONS = (_a > 0, _b > 0, _g > 0, _d > 0, _g > _a)

P_D = sp.Function("P_D")
P_S = sp.Function("P_S")


def lent_is_matched(lent, borrowed):
    """`min_` for a move after which MM lends less than RM borrows: Q = lent."""
    return lent


def borrowed_is_matched(lent, borrowed):
    """`min_` for a move after which RM borrows less than MM lends: Q = borrowed."""
    return borrowed


@dataclass(frozen=True)
class Family:
    """A family of smooth schedules: inverse supply P_D (increasing), inverse demand P_S
    (decreasing), and the conditions on its parameters."""

    name: str
    title: str
    params: tuple[sp.Symbol, ...]
    pd: Callable[[sp.Expr], sp.Expr]
    ps: Callable[[sp.Expr], sp.Expr]
    conditions: tuple = ()
    description: str = ""


GENERAL = Family(
    "general",
    "General smooth schedules",
    (),
    lambda v: P_D(v),
    lambda v: P_S(v),
    (),
    "$P_D$ and $P_S$ are arbitrary smooth functions, $P_D$ non-decreasing and $P_S$ "
    "non-increasing, both non-negative on the volumes considered.",
)

LINEAR = Family(
    "linear",
    "Linear schedules",
    (alpha, beta, gamma, delta),
    lambda v: alpha + beta * v,
    lambda v: gamma - delta * v,
    _PARAM_CONDITIONS,
    "$P_D(q) = \\alpha + \\beta q$, $P_S(q) = \\gamma - \\delta q$, all parameters positive "
    "and $\\gamma > \\alpha$ (so that some trade has a positive spread). Rates are "
    "non-negative for $q \\le \\gamma/\\delta$, which contains every volume with a "
    "non-negative spread.",
)

QUADRATIC = Family(
    "quadratic",
    "Quadratic schedules",
    (alpha, beta, gamma, delta),
    lambda v: alpha + beta * v**2,
    lambda v: gamma - delta * v**2,
    _PARAM_CONDITIONS,
    "$P_D(q) = \\alpha + \\beta q^2$, $P_S(q) = \\gamma - \\delta q^2$, all parameters "
    "positive and $\\gamma > \\alpha$. Rates are non-negative for "
    "$q \\le \\sqrt{\\gamma/\\delta}$, which contains every volume with a non-negative spread.",
)

FAMILIES = {f.name: f for f in (LINEAR, QUADRATIC, GENERAL)}

#: Schedules for which the local conditions hold at q = 1 but the global one fails:
#: P_D has a flat inflection at 1, so BDmm's deviation profit is not concave in x.
NONCONCAVE_EXAMPLE = Family(
    "nonconcave_example",
    "A schedule where local and global conditions differ",
    (),
    lambda v: 1 + (v - 1) ** 3,
    lambda v: sp.Rational(23, 20) - v / 20,
    (),
    "$P_D(q) = 1 + (q - 1)^3$, $P_S(q) = 23/20 - q/20$: monotone and non-negative on $[0, 2]$.",
)


@dataclass
class Result:
    """One derived result: `expr` (an expression or a relation), how to name it in
    formulas (`lhs`, LaTeX), what it means (`text`, markdown) and the test that checks it."""

    key: str
    lhs: str
    expr: sp.Basic
    text: str
    check: str
    relation: str = "="  # how `lhs` relates to `expr` in the rendering


# --- helpers ---------------------------------------------------------------------------

def positive_root(expr, var, fam: Family, at=None):
    """The unique root of `expr` in `var` that is positive for the family's parameters
    (after the substitution `at`, e.g. {q: 0} for the branch that is positive near q = 0).

    Signs are decided after writing gamma = alpha + kappa (kappa > 0), so that SymPy can
    decide them from the symbols' assumptions; exactly one root must qualify."""
    sols = sp.solve(sp.Eq(expr, 0), var)
    at = at or {}
    pos = [s for s in sols if sp.simplify(s.subs(at).subs(gamma, alpha + kappa)).is_positive]
    if len(pos) != 1:
        raise ValueError(f"expected one positive root of {expr} in {var} (at {at}), got {sols}")
    return sp.simplify(pos[0])


def sign_form(expr):
    """`expr` with gamma = alpha + kappa (kappa > 0): the form used for sign decisions."""
    return sp.simplify(sp.factor(sp.simplify(expr.subs(gamma, alpha + kappa))))


# --- the derivation ---------------------------------------------------------------------

def model_steps(fam: Family) -> dict[str, sp.Expr]:
    """The raw model quantities at a matched volume q, from `dealer_profits`."""
    PDq, PSq, PDx, PSx = fam.pd(q), fam.ps(q), fam.pd(x), fam.ps(x)
    eq_mm, eq_rm = dealer_profits(theta, PDq, PSq, q, q, min_=lent_is_matched)
    # BDmm moves down to x < q: MM lends x, RM still borrows q, matched x.
    down_mm = dealer_profits(theta, PDx, PSq, x, q, min_=lent_is_matched)[0]
    # BDrm moves down to x < q: MM still lends q, RM borrows x, matched x.
    down_rm = dealer_profits(theta, PDq, PSx, q, x, min_=borrowed_is_matched)[1]
    # BDmm moves up to x > q: MM lends x, RM borrows q, matched q.
    up_mm = dealer_profits(theta, PDx, PSq, x, q, min_=borrowed_is_matched)[0]
    # BDrm moves up to x > q: MM lends q, RM borrows x, matched q.
    up_rm = dealer_profits(theta, PDq, PSx, q, x, min_=lent_is_matched)[1]
    return {"eq_mm": eq_mm, "eq_rm": eq_rm, "down_mm": down_mm, "down_rm": down_rm,
            "up_mm": up_mm, "up_rm": up_rm}


def derive(fam: Family) -> dict[str, Result]:
    """All results for `fam`, in the order of the exposition (each step below adds a section)."""
    d = _Derivation(fam)
    d.matched_profits()
    d.downward_moves()
    d.local_conditions()
    d.upward_moves()
    d.optimum_is_an_equilibrium()
    d.curvature()
    if fam is GENERAL:
        d.local_is_not_global()
    elif fam.params:
        d.closed_forms()
    return d.R


T = "tests/derive/test_derive_general.py"
TF = "tests/derive/test_derive_families.py"


class _Derivation:
    """The steps of `derive`; each adds its results to `R` and keeps what later steps use."""

    def __init__(self, fam: Family):
        self.fam = fam
        self.m = model_steps(fam)
        self.R: dict[str, Result] = {}

    def add(self, key, lhs, expr, text, check, relation="="):
        self.R[key] = Result(key, lhs, expr, text, check, relation)

    def matched_profits(self):
        """Spread, joint profit and each dealer's profit at a matched volume."""
        add, m = self.add, self.m
        pi_joint = sp.factor(sp.simplify(m["eq_mm"] + m["eq_rm"]))
        spread = sp.simplify(pi_joint / q)
        add("spread", "s(q)", spread,
            "The intermediation spread at a matched volume $q$: the joint profit of both "
            "dealers divided by $q$.", f"{T}::test_joint_profit_is_spread_times_volume")
        add("joint_profit", "\\pi(q)", pi_joint,
            "Joint profit at a matched volume $q$: the sum of both dealers' payoffs from "
            "`dealer_profits` with lent = borrowed = $q$; theta cancels.",
            f"{T}::test_joint_profit_is_spread_times_volume")
        add("profit_mm", "\\pi_{mm}(q)", sp.factor(m["eq_mm"]),
            "BDmm's profit when both dealers stay at $q$.", f"{T}::test_shares")
        add("profit_rm", "\\pi_{rm}(q)", sp.factor(m["eq_rm"]),
            "BDrm's profit when both dealers stay at $q$.", f"{T}::test_shares")
        add("deviation_mm", "\\pi_{mm}(x; q)", sp.factor(m["down_mm"]),
            "BDmm's profit after moving alone to a smaller volume $x < q$ (it pays MM "
            "$P_D(x)$, so MM lends $x$; RM still borrows $q$; the matched volume is $x$ and "
            "BDmm holds no unmatched cash).", f"{T}::test_branches_match_sympy_min")
        add("deviation_rm", "\\pi_{rm}(x; q)", sp.factor(m["down_rm"]),
            "BDrm's profit after moving alone to a smaller volume $x < q$ (it charges RM "
            "$P_S(x)$, so RM borrows $x$; MM still lends $q$; matched volume $x$).",
            f"{T}::test_branches_match_sympy_min")
        self.pi_joint, self.spread = pi_joint, spread

    def downward_moves(self):
        """Each dealer's profit and gain after moving alone to a smaller volume."""
        add, m = self.add, self.m
        gain_mm = sp.factor(sp.simplify(m["down_mm"] - m["eq_mm"]))
        gain_rm = sp.factor(sp.simplify(m["down_rm"] - m["eq_rm"]))
        add("gain_mm", "\\Delta_{mm}(x; q)", gain_mm,
            "BDmm's gain from the downward move. It is $\\theta$ times an expression free of "
            "$\\theta$, so its sign, and hence BDmm's condition, does not depend on the split.",
            f"{T}::test_theta_factors_out")
        add("gain_rm", "\\Delta_{rm}(x; q)", gain_rm,
            "BDrm's gain from the downward move: $(1-\\theta)$ times an expression free of $\\theta$.",
            f"{T}::test_theta_factors_out")
        gmm = sp.factor(sp.simplify(gain_mm / theta))
        grm = sp.factor(sp.simplify(gain_rm / (1 - theta)))
        add("global_mm", "\\Delta_{mm}(x; q) / \\theta", gmm,
            "Global condition of BDmm: this is $\\le 0$ for every $x \\in [0, q]$, i.e. "
            "$\\max_{0 \\le x \\le q} (P_S(q) - P_D(x))\\,x \\le s(q)\\,q$.",
            f"{T}::test_theta_factors_out", "=")
        add("global_rm", "\\Delta_{rm}(x; q) / (1-\\theta)", grm,
            "Global condition of BDrm: this is $\\le 0$ for every $x \\in [0, q]$, i.e. "
            "$\\max_{0 \\le x \\le q} (P_S(x) - P_D(q))\\,x \\le s(q)\\,q$.",
            f"{T}::test_theta_factors_out", "=")
        self.gmm, self.grm = gmm, grm

    def local_conditions(self):
        """The first-order conditions of the downward moves at x = q."""
        add, m = self.add, self.m
        local_mm = sp.simplify((sp.diff(m["down_mm"], x).subs(x, q) / theta).doit())
        local_rm = sp.simplify((sp.diff(m["down_rm"], x).subs(x, q) / (1 - theta)).doit())
        add("local_mm", "\\partial_x \\Delta_{mm}(x; q)\\big|_{x=q} / \\theta", local_mm,
            "Local (first-order) condition of BDmm: a small move down does not pay when this "
            "is $\\ge 0$, i.e. $s(q) \\ge q\\,P_D'(q)$.", f"{T}::test_local_conditions")
        add("local_rm", "\\partial_x \\Delta_{rm}(x; q)\\big|_{x=q} / (1-\\theta)", local_rm,
            "Local (first-order) condition of BDrm: $\\ge 0$, i.e. $s(q) \\ge q\\,|P_S'(q)|$.",
            f"{T}::test_local_conditions")
        self.local_mm, self.local_rm = local_mm, local_rm

    def upward_moves(self):
        """Moves up never pay under the standard assumptions."""
        add, m = self.add, self.m
        up_mm = sp.factor(sp.simplify(m["up_mm"] - m["eq_mm"]))
        up_rm = sp.factor(sp.simplify(m["up_rm"] - m["eq_rm"]))
        add("gain_mm_up", "\\Delta^{\\uparrow}_{mm}(x; q)", up_mm,
            "BDmm's gain from a move up to $x > q$ (MM lends $x$, only $q$ is matched, the "
            "rest of the cash costs $P_D(x)$). It is never positive for non-negative, "
            "monotone schedules, so only downward moves matter.", f"{T}::test_upward_moves_never_pay")
        add("gain_rm_up", "\\Delta^{\\uparrow}_{rm}(x; q)", up_rm,
            "BDrm's gain from a move up to $x > q$: never positive either.",
            f"{T}::test_upward_moves_never_pay")

    def optimum_is_an_equilibrium(self):
        """The joint optimum meets both dealers' local and global conditions."""
        add = self.add
        pi_joint, local_mm, local_rm, gmm, grm = self.pi_joint, self.local_mm, self.local_rm, self.gmm, self.grm
        foc = sp.simplify(sp.diff(pi_joint, q).doit())
        add("joint_foc", "\\pi'(q)", foc,
            "Joint-profit first-order condition: the joint optimum solves $\\pi'(q) = 0$, i.e. "
            "$s(q) = q\\,(P_D'(q) - P_S'(q))$.", f"{T}::test_joint_foc")
        slack_mm = sp.simplify(local_mm - foc)
        slack_rm = sp.simplify(local_rm - foc)
        add("local_mm_minus_foc", "\\text{local}_{mm} - \\pi'(q)", slack_mm,
            "Where $\\pi'(q) = 0$, BDmm's local condition reads $-q\\,P_S'(q) \\ge 0$: true "
            "because $P_S$ is non-increasing. So the joint optimum satisfies BDmm's local condition.",
            f"{T}::test_joint_optimum_meets_local_conditions")
        add("local_rm_minus_foc", "\\text{local}_{rm} - \\pi'(q)", slack_rm,
            "Likewise BDrm's reads $q\\,P_D'(q) \\ge 0$: true because $P_D$ is non-decreasing.",
            f"{T}::test_joint_optimum_meets_local_conditions")
        pi_x = pi_joint.subs(q, x)
        add("global_slack_mm", "\\pi(x) - (\\Delta_{mm}(x;q)/\\theta + \\pi(q))", sp.factor(sp.simplify(pi_x - (gmm + pi_joint))),
            "BDmm's deviation profit (per unit share) at $x \\le q$ is at most the joint profit "
            "$\\pi(x)$, because $P_S(x) \\ge P_S(q)$. Hence if $q$ maximises $\\pi$ over "
            "$[0, q]$ (in particular at the joint optimum), no move down pays BDmm: the global "
            "condition holds.", f"{T}::test_joint_optimum_meets_global_conditions")
        add("global_slack_rm", "\\pi(x) - (\\Delta_{rm}(x;q)/(1-\\theta) + \\pi(q))", sp.factor(sp.simplify(pi_x - (grm + pi_joint))),
            "The same for BDrm, because $P_D(x) \\le P_D(q)$.",
            f"{T}::test_joint_optimum_meets_global_conditions")
        self.foc = foc

    def curvature(self):
        """Curvature of the deviation profits: when local conditions imply global ones."""
        add = self.add
        pi_joint, gmm, grm = self.pi_joint, self.gmm, self.grm
        dev_mm = sp.simplify(gmm + pi_joint)  # (P_S(q) - P_D(x)) x
        dev_rm = sp.simplify(grm + pi_joint)
        add("curvature_mm", "\\partial_x^2 (\\Delta_{mm}/\\theta)", sp.simplify(sp.diff(dev_mm, x, 2).doit()),
            "Curvature of BDmm's deviation profit in $x$. Where it is $\\le 0$ on $[0, q]$ "
            "(i.e. $x P_D(x)$ is convex) the deviation profit is concave and the local "
            "condition implies the global one; in general the global condition is stronger "
            "and the equilibrium set is defined by the global condition.",
            f"{T}::test_local_is_not_global_in_general")
        add("curvature_rm", "\\partial_x^2 (\\Delta_{rm}/(1-\\theta))", sp.simplify(sp.diff(dev_rm, x, 2).doit()),
            "Curvature of BDrm's deviation profit: $\\le 0$ when $x P_S(x)$ is concave.",
            f"{T}::test_local_is_not_global_in_general")
        self.dev_mm, self.dev_rm = dev_mm, dev_rm

    def local_is_not_global(self):
        """A non-concave example (general family) where the local conditions hold and a move pays."""
        add = self.add
        ex = derive(NONCONCAVE_EXAMPLE)
        half = sp.Rational(1, 2)
        add("example_local_mm", "\\text{local}_{mm}\\big|_{q=1}", ex["local_mm"].expr.subs(q, 1),
            "Local and global conditions differ in general. For the schedules "
            + NONCONCAVE_EXAMPLE.description + " At $q = 1$ BDmm's local condition holds "
            "(this value is $\\ge 0$) ...", f"{T}::test_local_is_not_global_in_general")
        add("example_local_rm", "\\text{local}_{rm}\\big|_{q=1}", ex["local_rm"].expr.subs(q, 1),
            "... and so does BDrm's ...", f"{T}::test_local_is_not_global_in_general")
        add("example_gain_mm", "\\Delta_{mm}(1/2; 1)/\\theta", ex["global_mm"].expr.subs({q: 1, x: half}),
            "... but BDmm gains by moving down to $x = 1/2$: the global condition fails, and "
            "$q = 1$ is not an equilibrium (the reference agrees on a fine grid).",
            f"{T}::test_local_is_not_global_in_general")

    def closed_forms(self):
        """Closed forms of a parametric family: optimum, equilibrium set, selected volume."""
        add, R, fam = self.add, self.R, self.fam
        pi_joint, spread, foc = self.pi_joint, self.spread, self.foc
        local_mm, local_rm, dev_mm, dev_rm = self.local_mm, self.local_rm, self.dev_mm, self.dev_rm
        q_opt = positive_root(foc, q, fam)
        add("q_joint_opt", "q^{*}", q_opt,
            "The joint optimum: the positive root of $\\pi'(q) = 0$ (a maximum: $\\pi$ is concave "
            "on $q \\ge 0$).", f"{TF}::test_joint_optimum")
        s_opt = sp.simplify(spread.subs(q, q_opt))
        add("r_mm_joint_opt", "r_{mm}^{*} = P_D(q^{*})", sp.factor(sp.simplify(fam.pd(q_opt))),
            "The rate BDmm pays MM at the joint optimum.", f"{TF}::test_joint_optimum")
        add("r_rm_joint_opt", "r_{rm}^{*} = P_S(q^{*})", sp.factor(sp.simplify(fam.ps(q_opt))),
            "The rate BDrm charges RM at the joint optimum.", f"{TF}::test_joint_optimum")
        add("spread_joint_opt", "s(q^{*})", s_opt,
            "The spread at the joint optimum; a hurdle above it binds.", f"{TF}::test_joint_optimum")
        add("r_bd_joint_opt", "r_{bd}^{*}", R["r_mm_joint_opt"].expr + theta * s_opt,
            "The inter-dealer rate at the joint optimum, $r_{mm} + \\theta s$.", f"{TF}::test_joint_optimum")
        add("joint_profit_opt", "\\pi(q^{*})", sp.factor(sp.simplify(pi_joint.subs(q, q_opt))),
            "The largest joint profit.", f"{TF}::test_joint_optimum")
        # Endpoints of the equilibrium set: local conditions at equality, and the global
        # condition through the maximiser of the concave deviation profit.
        q_mm_loc = positive_root(local_mm, q, fam)
        q_rm_loc = positive_root(local_rm, q, fam)
        xs_mm = positive_root(sp.diff(dev_mm, x), x, fam, {q: 0})
        xs_rm = positive_root(sp.diff(dev_rm, x), x, fam, {q: 0})
        add("x_best_mm", "x_{mm}(q)", xs_mm,
            "The volume BDmm's deviation profit $(P_S(q) - P_D(x))x$ is largest at (it is concave "
            "in $x$). BDmm's global condition holds exactly when $x_{mm}(q) \\ge q$.",
            f"{TF}::test_global_condition_endpoints")
        add("x_best_rm", "x_{rm}(q)", xs_rm,
            "The same for BDrm's deviation profit $(P_S(x) - P_D(q))x$.",
            f"{TF}::test_global_condition_endpoints")
        q_mm = positive_root(xs_mm - q, q, fam)
        q_rm = positive_root(xs_rm - q, q, fam)
        add("q_eq_max_mm", "\\bar q_{mm}", q_mm,
            "Largest volume at which BDmm's condition holds (global = local: "
            "$x_{mm}(q) = q$ has the same root as the local condition at equality).",
            f"{TF}::test_local_equals_global")
        add("q_eq_max_rm", "\\bar q_{rm}", q_rm,
            "Largest volume at which BDrm's condition holds (global = local).",
            f"{TF}::test_local_equals_global")
        if sp.simplify(q_mm - q_mm_loc) != 0 or sp.simplify(q_rm - q_rm_loc) != 0:
            raise AssertionError(f"{fam.name}: local and global endpoints differ")
        add("q_eq_max", "\\bar q", sp.Min(q_mm, q_rm),
            "The equilibrium set is the interval $[0, \\bar q]$: BDmm's condition binds when "
            "$\\beta \\ge \\delta$, BDrm's when $\\beta \\le \\delta$.",
            f"{TF}::test_equilibrium_set_is_an_interval")
        add("equilibrium_set", "E", sp.Interval(0, R["q_eq_max"].expr),
            "The set of equilibrium volumes (no trade, $q = 0$, always belongs to it).",
            f"{TF}::test_equilibrium_set_is_an_interval", "=")
        add("q_hurdle", "q_h", positive_root(spread - h, q, fam, {h: 0}),
            "The volume at which the spread equals the hurdle $h = \\max(h_{mm}, h_{rm})$ "
            "(defined for $0 \\le h < s(0)$); the hurdle-feasible volumes are $[0, q_h]$.",
            f"{TF}::test_selected_volume")
        s0 = sp.simplify(spread.subs(q, 0))
        add("h_no_trade", "s(0)", s0,
            "The largest spread; a hurdle $h \\ge s(0)$ leaves no feasible trade.",
            f"{TF}::test_selected_volume")
        q_h = R["q_hurdle"].expr
        add("q_selected", "q_{sel}(h)", sp.Piecewise((0, h >= s0), (sp.Min(q_opt, q_h), True)),
            "The volume the contract selects: the largest joint profit over the hurdle-feasible "
            "equilibria $(0, \\min(q_h, \\bar q)]$. Since $\\pi$ is increasing below $q^{*}$ and "
            "$q^{*} \\le \\bar q$, this is $\\min(q^{*}, q_h)$; the hurdle binds exactly when "
            "$h > s(q^{*})$, and $h \\ge s(0)$ means no trade.",
            f"{TF}::test_selected_volume")


# --- rendering --------------------------------------------------------------------------

def _latex(e) -> str:
    return sp.latex(e)


@functools.lru_cache(maxsize=None)
def derive_family(name: str) -> dict[str, Result]:
    """`derive(FAMILIES[name])`, computed once per process (treat the result as read-only)."""
    return derive(FAMILIES[name])


def symbol_names(results: dict[str, Result]) -> list[str]:
    """The names of every symbol the results use, sorted."""
    return sorted({s.name for r in results.values() for s in r.expr.free_symbols})


def parse(text: str, names=None):
    """Parse a string of the JSON form back into SymPy.

    Plain `sympy.sympify` would read `beta` and `gamma` as SymPy's special functions,
    so every name is declared a Symbol first (`names` defaults to every symbol the
    derivations use); `P_D` and `P_S` stay undefined functions."""
    names = PLAIN if names is None else names
    ns = {n: sp.Symbol(n) for n in names}
    ns.update({"P_D": P_D, "P_S": P_S})
    return sp.parse_expr(text, local_dict=ns)


def to_json(fam: Family, results: dict[str, Result]) -> dict[str, str]:
    """Result name -> SymPy-parsable string (in the family's parameter names, q, x, theta, h).

    The entry `symbols` lists the names to declare as symbols before parsing (a string
    for `sympy.symbols`): `sympy.sympify(s, locals={n: sympy.Symbol(n) for n in names})`
    or `reposelect.proofs.derive.parse(s)` reads every other entry."""
    out = {k: sp.sstr(r.expr) for k, r in results.items()}
    if fam.conditions:
        out["parameter_conditions"] = sp.sstr(sp.And(*fam.conditions, evaluate=False))
    out["symbols"] = " ".join(symbol_names(results))
    return out


def to_markdown(fam: Family, results: dict[str, Result]) -> str:
    lines = [f"## {fam.title}", "",
             "*Generated by `reposelect derive --family " + fam.name + " --format markdown` "
             "from `reposelect.proofs.derive`; every formula below is computed by SymPy "
             "from the reference payoff formula and checked by the named test.*", "",
             fam.description, ""]
    sections = _sections(fam)
    for title, keys in sections:
        keys = [k for k in keys if k in results]
        if not keys:
            continue
        lines += [f"### {title}", ""]
        for k in keys:
            r = results[k]
            lines += [r.text, "", "$$", f"{r.lhs} {r.relation} {_latex(r.expr)}", "$$", "",
                      f"Result `{k}`, checked by `{r.check}`.", ""]
    return "\n".join(lines).rstrip() + "\n"


def to_latex(fam: Family, results: dict[str, Result]) -> str:
    lines = [f"% generated by reposelect derive --family {fam.name} --format latex",
             f"\\section*{{{fam.title}}}", ""]
    for title, keys in _sections(fam):
        keys = [k for k in keys if k in results]
        if not keys:
            continue
        lines += [f"\\subsection*{{{title}}}", ""]
        for k in keys:
            r = results[k]
            lines += [f"% {k}: checked by {r.check}", "\\begin{equation*}",
                      f"{r.lhs} {r.relation} {_latex(r.expr)}", "\\end{equation*}", ""]
    return "\n".join(lines)


def _sections(fam: Family):
    return [
        ("Profits at a matched volume", ["spread", "joint_profit", "profit_mm", "profit_rm"]),
        ("Unilateral moves", ["deviation_mm", "deviation_rm", "gain_mm", "gain_rm",
                              "gain_mm_up", "gain_rm_up"]),
        ("Equilibrium conditions", ["global_mm", "global_rm", "local_mm", "local_rm",
                                    "curvature_mm", "curvature_rm"]),
        ("The joint optimum is an equilibrium", ["joint_foc", "local_mm_minus_foc",
                                                 "local_rm_minus_foc", "global_slack_mm",
                                                 "global_slack_rm"]),
        ("Joint optimum", ["q_joint_opt", "r_mm_joint_opt", "r_rm_joint_opt", "spread_joint_opt",
                           "r_bd_joint_opt", "joint_profit_opt"]),
        ("Equilibrium set", ["x_best_mm", "x_best_rm", "q_eq_max_mm", "q_eq_max_rm", "q_eq_max",
                             "equilibrium_set"]),
        ("Selected volume under a hurdle", ["h_no_trade", "q_hurdle", "q_selected"]),
        ("Local and global conditions differ in general", ["example_local_mm", "example_local_rm",
                                                           "example_gain_mm"]),
    ]

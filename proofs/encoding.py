"""The game as Z3 terms, built from the reference's own payoff function (spec/claims.md 7.5).

A `Store` owns the symbols of one query: the grid q_1 < q_2 < ... (q_0 = 0), any number of
rate vectors (an MM schedule is non-decreasing, an RM schedule non-increasing), hurdles and
theta, all Real. Symbols are created on first use, and `axioms()` states the variant's
assumptions only about the indices a query touched, PAIRWISE (for every touched i < j:
q_i < q_j, a_i <= a_j, b_i >= b_j), which the chain axioms of any size-N game imply. So a
query that touches indices {k, d} and is unsat holds for every N >= max(k, d)
(spec/claims.md 7.6). With `n` given, `axioms(full=True)` states the chain axioms of a
size-N game over all indices 1..N.

A `Game` is one case over a store: which MM vector, which RM vector, which hurdles. Its
payoffs are `reposelect.reference.game.dealer_profits` called on Z3 terms with `z3_min`.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Any

import z3

from reposelect.reference import rules
from reposelect.reference.game import dealer_profits
from reposelect.reference.types import ROLES, Role, TieBreak

from .variants import Variant


def theta_range(policy, t) -> list:
    """The variant's range of the share theta as constraints on the term t: (0, 1), or [0, 1]
    under `theta_closed` (spec/claims.md 7.2). Every encoding states it through this."""
    return [t >= 0, t <= 1] if policy.theta_closed else [t > 0, t < 1]


def z3_min(x, y):
    """The If-based min handed to `dealer_profits`."""
    return z3.If(x <= y, x, y)


def z3_max(x, y):
    return z3.If(x >= y, x, y)


def _bools(xs):
    """Python booleans among Z3 terms folded away (so a rule's concrete parts stay concrete)."""
    return [x for x in xs if not isinstance(x, bool)], [x for x in xs if isinstance(x, bool)]


def _and(xs):
    terms, consts = _bools(list(xs))
    if not all(consts):
        return z3.BoolVal(False)
    return terms[0] if len(terms) == 1 else z3.And(terms) if terms else z3.BoolVal(True)


def _or(xs):
    terms, consts = _bools(list(xs))
    if any(consts):
        return z3.BoolVal(True)
    return terms[0] if len(terms) == 1 else z3.Or(terms) if terms else z3.BoolVal(False)


def _not(p):
    return (not p) if isinstance(p, bool) else z3.Not(p)


def _implies(p, q):
    if isinstance(p, bool):
        return q if p else z3.BoolVal(True)
    return z3.Implies(p, q)


#: The rules of `reposelect.reference.rules` on Z3 terms.
Z3_OPS = rules.Ops(_and, _or, _not, _implies, mul=lambda x, y: x * y, true=z3.BoolVal(True))


class GameRules:
    """The rule on the terms of one game, bounded (`Game`) or unbounded (`unbounded.UGame`):
    every method calls the reference's definition (`dealer_profits`, `reference.rules`).
    A subclass provides q(i), a(i), b(i), theta, h_mm, h_rm, policy and tie_break."""

    # declared for the type checker; each subclass sets or defines them
    theta: Any
    a: Any
    b: Any
    q: Any

    def spread(self, k):
        return self.b(k) - self.a(k)

    def pi(self, k):
        """Joint profit pi_k = s_k q_k."""
        return rules.joint_profit(self.spread(k), self.q(k), Z3_OPS)

    def profits(self, i, j):
        """(BDmm, BDrm) profits of the profile where BDrm picks i and BDmm picks j:
        the reference's `dealer_profits` on Z3 terms."""
        return dealer_profits(self.theta, self.a(j), self.b(i), self.q(j), self.q(i), min_=z3_min)

    def gain(self, dealer: str, k, d):
        """What `dealer` gains by moving from (k, k) to index d."""
        if dealer == "mm":
            return self.profits(k, d)[0] - self.profits(k, k)[0]
        return self.profits(d, k)[1] - self.profits(k, k)[1]

    def feasible(self, k):
        """The variant's hurdle test at index k (Policy.hurdle_test: reference.rules.hurdle_ok
        or a designer's)."""
        return self.policy.hurdle_test(self.theta, self.spread(k), self.q(k), self.h_mm, self.h_rm, Z3_OPS)

    def value(self, k):
        """What the selection maximises: pi_k, or a designer's objective."""
        return self.policy.value(self.spread(k), self.q(k), Z3_OPS)

    def beats(self, m, k):
        """m does not go ahead of k in the selection order (reference.rules.ahead): compatible
        with k being the tie-broken argmax."""
        return Z3_OPS.not_(self.policy.ahead(self.tie_break, self.value(m), self.value(k), m, k, Z3_OPS))

    def fast_term(self, dealer: Role, k, j):
        """One term of the fast algorithm's condition at k >= 1 for j < k
        (reference.rules.fast_condition)."""
        return rules.fast_condition(dealer, self.theta, self.a(k), self.b(k), self.a(j), self.b(j), self.q(j),
                                    self.pi(k), Z3_OPS)


class Vec:
    """A rate vector indexed 1..N; index 0 quotes the first rate (spec/model.md 2.2)."""

    def __init__(self, store: "Store", name: str, kind: str):
        self.store, self.name, self.kind = store, name, kind
        self.terms: dict[int, z3.ArithRef] = {}

    def __call__(self, i: int):
        self.store.touched.add(int(i))
        i = max(int(i), 1)
        if i not in self.terms:
            self.terms[i] = z3.Real(f"{self.name}_{i}")
        return self.terms[i]


class Store:
    def __init__(self, variant: Variant, n: int | None = None, theta=None, grid=None):
        self.variant, self.n = variant, n
        self.vecs: dict[str, Vec] = {}
        self.scalars: dict[str, tuple[z3.ArithRef, str]] = {}
        self.q_terms: dict[int, z3.ArithRef] = {}
        self.touched: set[int] = set()  # every index a query asked for, 0 included (proofs.renaming)
        self.fixed_grid = grid  # optional concrete grid (list of ints/Fractions), q_0 = 0
        self.theta = self._theta(theta)

    def _theta(self, theta):
        if theta is not None:
            return z3.RealVal(str(Fraction(theta)))
        t = z3.Real("theta")
        self.scalars["theta"] = (t, "theta")
        return t

    def q(self, i: int):
        i = int(i)
        self.touched.add(i)
        if i == 0:
            return z3.RealVal(0)
        if self.fixed_grid is not None:
            return z3.RealVal(str(Fraction(self.fixed_grid[i])))
        if i not in self.q_terms:
            self.q_terms[i] = z3.Real(f"q_{i}")
        return self.q_terms[i]

    def vec(self, name: str, kind: str) -> Vec:
        if name not in self.vecs:
            self.vecs[name] = Vec(self, name, kind)
        return self.vecs[name]

    def hurdle(self, name: str):
        if name not in self.scalars:
            self.scalars[name] = (z3.Real(name), "hurdle")
        return self.scalars[name][0]

    # -- the variant's assumptions -------------------------------------------------------
    def axioms(self, full: bool = False) -> list:
        pol = self.variant.policy
        out = []
        if "theta" in self.scalars:
            t = self.theta
            out += theta_range(pol, t)
        if full:
            assert self.n is not None
            for i in range(1, self.n + 1):
                self.q(i)
                for v in self.vecs.values():
                    v(i)
        if self.fixed_grid is None:
            idx = sorted(self.q_terms)
            # volumes on the wire are integers >= 1; for the standard rules `> 0` is the same
            # up to scaling (7.6.5), a designer's rule need not scale, so it gets `>= 1`
            out += [self.q_terms[idx[0]] >= 1 if pol.designed else self.q_terms[idx[0]] > 0] if idx else []
            out += _chain_or_pairs(idx, lambda i, j: self.q_terms[i] < self.q_terms[j], full)
        for v in self.vecs.values():
            idx = sorted(v.terms)
            if not pol.allow_negative_rates:
                out += [v.terms[i] >= 0 for i in idx]
            if not pol.allow_non_monotone:
                if v.kind == "mm":
                    out += _chain_or_pairs(idx, lambda i, j, v=v: v.terms[i] <= v.terms[j], full)
                else:
                    out += _chain_or_pairs(idx, lambda i, j, v=v: v.terms[i] >= v.terms[j], full)
        if not pol.allow_negative_rates:
            out += [t >= 0 for t, kind in self.scalars.values() if kind == "hurdle"]
        return out

    def symbols(self):
        """Every symbol of the store as (name, term)."""
        out = [(f"q_{i}", t) for i, t in self.q_terms.items()]
        for v in self.vecs.values():
            out += [(f"{v.name}_{i}", t) for i, t in v.terms.items()]
        out += [(name, t) for name, (t, _) in self.scalars.items()]
        return out


def _chain_or_pairs(idx, rel, chain):
    if chain:
        return [rel(i, j) for i, j in zip(idx, idx[1:])]
    return [rel(i, j) for x, i in enumerate(idx) for j in idx[x + 1:]]


class Game(GameRules):
    """One case of the discrete game over a store (spec/model.md 2)."""

    def __init__(self, store: Store, mm: str = "a", rm: str = "b", h_mm: str = "h_mm", h_rm: str = "h_rm",
                 tie_break: TieBreak | None = None):
        self.st = store
        self.a = store.vec(mm, "mm")
        self.b = store.vec(rm, "rm")
        self._h = (h_mm, h_rm)
        self.theta = store.theta
        self.tie_break = tie_break or store.variant.tie_break
        self.policy = store.variant.policy

    @property
    def n(self):
        return self.st.n

    def q(self, i):
        return self.st.q(i)

    @property
    def h_mm(self):
        return self.st.hurdle(self._h[0])

    @property
    def h_rm(self):
        return self.st.hurdle(self._h[1])

    def is_eq(self, k: int, n: int | None = None):
        """(k, k) is an equilibrium: no deviation of either dealer pays (definitional)."""
        n = self.n if n is None else n
        return z3.And([self.gain(dl, k, d) <= 0 for d in range(n + 1) if d != k for dl in ROLES])

    def fast_eq(self, k: int):
        if k == 0:
            return z3.BoolVal(True)
        return z3.And([self.fast_term(dl, k, j) for j in range(k) for dl in ROLES])


def realised(g_rep: Game, true_mm: Game, true_rm: Game, k: int, n: int, mm_hurdle, rm_hurdle):
    """The realised outcome (reference.realised.realise) of reported game `g_rep` when the
    selected index is k; the clients' true schedules are `true_mm.a` and `true_rm.b`, the
    dealers' true hurdles `mm_hurdle`, `rm_hurdle`. Returns (profit_mm, profit_rm, acc_mm, acc_rm,
    lent, borrowed)."""
    if k == 0:
        t, z = z3.BoolVal(True), z3.RealVal(0)
        return z, z, t, t, z, z
    r_mm, r_rm = g_rep.a(k), g_rep.b(k)
    # D*(r): the largest q_m with a*_m <= r (0 if none); S*(r): the largest q_m with b*_m >= r.
    d_star, s_star = z3.RealVal(0), z3.RealVal(0)
    for m in range(1, n + 1):
        d_star = z3.If(true_mm.a(m) <= r_mm, g_rep.q(m), d_star)
        s_star = z3.If(true_rm.b(m) >= r_rm, g_rep.q(m), s_star)
    lent = z3_min(g_rep.q(k), d_star)
    borrowed = z3_min(g_rep.q(k), s_star)
    pi_mm, pi_rm = dealer_profits(g_rep.theta, r_mm, r_rm, lent, borrowed, min_=z3_min)
    s, mode = g_rep.spread(k), g_rep.policy.hurdle_mode
    acc_mm = rules.accepts(mode, Role.MM, g_rep.theta, s, mm_hurdle, Z3_OPS)
    acc_rm = rules.accepts(mode, Role.RM, g_rep.theta, s, rm_hurdle, Z3_OPS)
    return pi_mm, pi_rm, acc_mm, acc_rm, lent, borrowed

"""Unbounded proofs (spec/claims.md 7.8): symbolic N, schedules as uninterpreted functions.

q, a, b : Int -> Real, N : Int >= 1, the candidate k and the deviation d symbolic Ints in
[0, N]. The variant's assumptions are PAIRWISE quantified axioms (for all 0 <= i < j <= N:
q(i) < q(j), a(i) <= a(j), b(i) >= b(j); for all 0 <= i <= N: a(i), b(i) >= 0), plus
q(0) = 0, a(0) = a(1), b(0) = b(1) (index 0 quotes the first rate). Successor-form axioms
(q(i) < q(i+1)) would need induction, which Z3 does not do. The claim's own
hypotheses are quantified too (e.g. for all m in [0, N]: pi(m) <= pi(k)); payoffs are the
reference's `dealer_profits` on these terms. One query per dealer and per order of k and d
(d < k, d > k); each unsat is a proof for every N. Upward deviations (d > k) are posed
without the claim's hypothesis wherever the claim only needs "an upward move never pays"
(spec/model.md 3.3): a stronger lemma, and a small query whose answer does not hang on
the quantified hypothesis.

Every query runs through `reposelect.proofs.solve` (a fresh context, the run's seed,
retries on unknown) and every unsat is checked for vacuity (the axioms plus the query's
hypothesis, without its conclusion, are satisfiable).

The selection scan is proved unbounded by its loop invariant: Inv(0), Inv(m) and one step
imply Inv(m + 1), Inv(N) implies the specification (`selection_goal`: the choice is a
candidate of maximal pi with the tie-break, and no trade exactly when there is no
candidate); E, feasibility and pi are uninterpreted.
"""
from __future__ import annotations

import sys
import time

import z3

from reposelect.reference import rules
from reposelect.reference.types import ROLES, Role

from .encoding import Z3_OPS, GameRules, theta_range
from .result import Proved, Unknown, record
from .solve import SEED, solve
from .variants import get_variant

UNBOUNDED_CLAIMS = ("no_trade_equilibrium", "existence", "fast_path", "fast_equivalence", "nonneg_spread", "selection")


class FunctionSchedules(GameRules):
    """A game whose schedules are uninterpreted functions `qf`, `af`, `bf` of an index (the
    unbounded encodings: `UGame` here, `truthful_unbounded.View`)."""

    qf: z3.FuncDeclRef
    af: z3.FuncDeclRef
    bf: z3.FuncDeclRef

    def q(self, i):
        return self.qf(i)

    def a(self, i):
        return self.af(i)

    def b(self, i):
        return self.bf(i)


class UGame(FunctionSchedules):
    """The game with symbolic N; its rule methods are the bounded encoding's (`GameRules`)."""

    def __init__(self, variant):
        self.variant = variant
        self.policy = variant.policy
        self.tie_break = variant.tie_break
        R, I = z3.RealSort(), z3.IntSort()
        self.qf = z3.Function("q", I, R)
        self.af = z3.Function("a", I, R)
        self.bf = z3.Function("b", I, R)
        self.N = z3.Int("N")
        self.theta = z3.Real("theta")
        self.h_mm, self.h_rm = z3.Real("h_mm"), z3.Real("h_rm")

    def inside(self, i, lo=0):
        return z3.And(i >= lo, i <= self.N)

    def axioms(self):
        pol = self.policy
        i, j = z3.Ints("i j")
        ax = [self.N >= 1, self.qf(0) == 0, self.af(0) == self.af(1), self.bf(0) == self.bf(1)]
        ax += theta_range(pol, self.theta)
        mono = [self.qf(i) < self.qf(j)]
        if not pol.allow_non_monotone:
            mono += [self.af(i) <= self.af(j), self.bf(i) >= self.bf(j)]
        ax.append(z3.ForAll([i, j], z3.Implies(z3.And(i >= 0, i < j, j <= self.N), z3.And(mono))))
        if not pol.allow_negative_rates:
            ax.append(z3.ForAll([i], z3.Implies(self.inside(i), z3.And(self.af(i) >= 0, self.bf(i) >= 0))))
            ax += [self.h_mm >= 0, self.h_rm >= 0]
        return ax


def _queries(claim: str, g: UGame):
    """(label, formula) pairs; each must be unsat."""
    k, d, m = z3.Int("k"), z3.Int("d"), z3.Int("m")
    orders = {"d<k": d < k, "d>k": d > k}
    out = []
    for dl in ROLES:
        for oname, order in orders.items():
            base = [g.inside(k), g.inside(d), order]
            if claim == "no_trade_equilibrium":
                if oname == "d>k":
                    out.append((f"{dl} {oname}", z3.And(base + [k == 0, g.gain(dl, k, d) > 0])))
            elif claim == "existence":
                hyp = z3.ForAll([m], z3.Implies(z3.And(g.inside(m), m != k), g.beats(m, k)))
                out.append((f"{dl} {oname}", z3.And(base + [hyp, g.gain(dl, k, d) > 0])))
            elif claim == "fast_path":
                hyp = z3.ForAll([m], z3.Implies(z3.And(g.inside(m, 1), m != k, g.feasible(m)), g.beats(m, k)))
                out.append((f"{dl} {oname}", z3.And(base + [k >= 1, g.feasible(k), hyp, g.gain(dl, k, d) > 0])))
            elif claim == "fast_equivalence":
                fast = z3.ForAll([m], z3.Implies(z3.And(m >= 0, m < k),
                                                  z3.And(g.fast_term(Role.MM, k, m), g.fast_term(Role.RM, k, m))))
                # k = 0 included: the fast conditions are vacuous there (no m < 0). Upward
                # (d > k): no upward move pays at all, so the fast conditions are not needed
                hyp = [fast] if oname == "d<k" else []
                out.append((f"fwd {dl} {oname}", z3.And(base + hyp + [g.gain(dl, k, d) > 0])))
                if oname == "d<k":
                    eq = z3.ForAll([m], z3.Implies(z3.And(g.inside(m), m != k),
                                                    z3.And(g.gain("mm", k, m) <= 0, g.gain("rm", k, m) <= 0)))
                    out.append((f"bwd {dl}", z3.And(base + [k >= 1, eq, z3.Not(g.fast_term(dl, k, d))])))
            elif claim == "nonneg_spread":
                if oname == "d<k" and dl == "mm":
                    eq = z3.ForAll([m], z3.Implies(z3.And(g.inside(m), m != k),
                                                    z3.And(g.gain("mm", k, m) <= 0, g.gain("rm", k, m) <= 0)))
                    out.append(("spread", z3.And([g.inside(k, 1), eq, g.spread(k) < 0])))
    return out


def selection_goal(C, P, prefer, m, bk, no_collapse: bool = True):
    """spec/contract.md 4 over the candidates x in [1, m] with C(x): the choice bk is 0 when
    there is no candidate; otherwise bk is a candidate in [1, m] whose pi is maximal, ties
    by the tie-break (`prefer(x, bk)`: x would win a tie); and ("no collapse") bk is 0 only
    when there is no candidate. `no_collapse=False` leaves out the last part: the tests show
    that this weaker goal admits a scan that never trades."""
    x = z3.Int("y")
    some = z3.Exists([x], z3.And(x >= 1, x <= m, C(x)))
    best = z3.ForAll([x], z3.Implies(z3.And(x >= 1, x <= m, C(x), x != bk),
                                     z3.And(P(x) <= P(bk), z3.Implies(P(x) == P(bk), z3.Not(prefer(x, bk))))))
    parts = [z3.Implies(z3.Not(some), bk == 0),
             z3.Implies(bk != 0, z3.And(bk >= 1, bk <= m, C(bk), best))]
    if no_collapse:
        parts.append(z3.Implies(some, bk != 0))
    return z3.And(parts)


def _selection_queries(g: UGame, flip: bool = False):
    """The scan of reference.select.choose as a loop over m = 1..N with uninterpreted E, F, P."""
    I, R, B = z3.IntSort(), z3.RealSort(), z3.BoolSort()
    C = z3.Function("cand", I, B)  # E_m and feasible_m
    P = z3.Function("P", I, R)
    m = z3.Int("m")
    bk, bp, hv = z3.Int("best_k"), z3.Real("best_pi"), z3.Bool("have")
    tie = g.tie_break

    def not_ahead(x_, k_, p_k):  # x_ does not go ahead of k_ in the selection order
        return z3.Not(rules.ahead(tie, P(x_), p_k, x_, k_, Z3_OPS))

    def inv(m_, bk_, bp_, hv_):
        x = z3.Int("x")
        seen = z3.Exists([x], z3.And(x >= 1, x <= m_, C(x)))
        opt = z3.ForAll([x], z3.Implies(z3.And(x >= 1, x <= m_, C(x), x != bk_),
                                         not_ahead(x, bk_, bp_)))
        return z3.And(hv_ == seen,
                      z3.Implies(hv_, z3.And(bk_ >= 1, bk_ <= m_, C(bk_), bp_ == P(bk_), opt)),
                      z3.Implies(z3.Not(hv_), bk_ == 0))

    # one step of the scan at index m + 1 (mirrors choose: candidates in increasing order)
    nxt = m + 1
    scan_tie = tie if not flip else next(t for t in rules.TIE_BREAKS if t != tie)
    better = z3.Or(z3.Not(hv), rules.ahead(scan_tie, P(nxt), bp, nxt, bk, Z3_OPS))
    take = z3.And(C(nxt), better)
    bk2, bp2, hv2 = z3.If(take, nxt, bk), z3.If(take, P(nxt), bp), z3.Or(hv, C(nxt))
    spec = selection_goal(C, P, lambda j_, k_: rules.prefers(tie, j_, k_), m, bk)
    return [
        ("init", z3.Not(inv(z3.IntVal(0), z3.IntVal(0), z3.RealVal(0), z3.BoolVal(False)))),
        ("step", z3.And(m >= 0, inv(m, bk, bp, hv), z3.Not(inv(nxt, bk2, bp2, hv2)))),
        ("exit", z3.And(m >= 0, inv(m, bk, bp, hv), z3.Not(spec))),
    ]


def _collapse_query(g: UGame):
    """The goal with a candidate present and no trade chosen: unsat exactly when the goal
    contains "no collapse" (a sanity check of the selection proof)."""
    I = z3.IntSort()
    C = z3.Function("cand", I, z3.BoolSort())
    P = z3.Function("P", I, z3.RealSort())
    m, bk, x = z3.Int("m"), z3.Int("best_k"), z3.Int("x")
    goal = selection_goal(C, P, lambda j_, k_: rules.prefers(g.tie_break, j_, k_), m, bk)
    return z3.And(m >= 1, x >= 1, x <= m, C(x), bk == 0, goal)


def prove_unbounded(claim: str, variant: str, timeout_ms: int = 30000, seed: int = SEED):
    """Proved (every query unsat, none vacuous, the sanity checks pass) or Unknown (with the
    query and Z3's answer). `Unknown.reason` says which."""
    v = get_variant(variant)
    g = UGame(v)
    qs = _selection_queries(g) if claim == "selection" else _queries(claim, g)
    ax = [] if claim == "selection" else g.axioms()
    done: list = []
    retried = 0
    for label, f in qs:
        a = solve(ax + [f], None, timeout_ms, seed=seed, vacuity=True)
        retried += a.tries > 1 and a.status != "unknown"
        if a.status != "unsat":
            why = (f"z3 says unknown ({a.reason})" if a.status == "unknown" else
                   "z3 says sat (the unbounded encoding has a model; see the bounded verdict)")
            return Unknown(f"{label}: {why}", 0, len(done) + 1)
        if a.vacuous:
            return Unknown(f"{label}: the axioms and the hypothesis are {a.hypothesis} on their own"
                           " (a vacuous proof)", 0, len(done) + 1)
        done.append(label)
    # sanity: the axioms are satisfiable, and a weakened claim is not proved
    k, d = z3.Int("k"), z3.Int("d")
    if claim == "selection":
        axioms_sat = True  # no axioms: E, F and pi are free
        # weakened: the scan with the other tie rule (spec and invariant unchanged) fails a step
        weakened = solve([dict(_selection_queries(g, flip=True))["step"]], None, timeout_ms, seed=seed).status == "sat"
    else:
        axioms_sat = solve(ax + [g.inside(k)], None, timeout_ms, seed=seed).status == "sat"
        weak = [g.inside(k, 1), g.inside(d), d < k, g.gain("mm", k, d) > 0]
        weakened = solve(ax + weak, None, timeout_ms, seed=seed).status == "sat"
    sanity = {"axioms_sat": axioms_sat, "weakened_refuted": weakened, "hypotheses_sat": True,
              "hypotheses_checked": len(done)}
    if claim == "selection":
        # the goal excludes "no trade while a candidate exists"
        sanity["no_collapse"] = solve([_collapse_query(g)], None, timeout_ms, seed=seed).status == "unsat"
    if not all(v_ for k_, v_ in sanity.items() if k_ != "hypotheses_checked"):
        return Unknown(f"sanity check failed: {sanity}", 0, len(done))
    return Proved(0, len(done), sanity)


def run_unbounded(claims, variants, verbose=True, expected_only=True, seed: int = SEED):
    """Unbounded attempts for every (claim, variant) whose bounded verdict is pinned as proved."""
    from . import expected

    out = []
    for c in claims:
        if c not in UNBOUNDED_CLAIMS:
            continue
        for v in variants:
            if expected_only and expected.VERDICTS.get((c, v)) != "proved":
                continue
            t0 = time.monotonic()
            res = prove_unbounded(c, v, seed=seed)
            rec = record(c, v, "unbounded", res, time.monotonic() - t0)
            rec["reached"] = None  # every N
            rec["seed"] = seed
            rec["method"] = "symbolic N, uninterpreted schedules, pairwise quantified axioms"
            out.append(rec)
            if verbose:
                print(f"{c:22s} {v:18s} {rec['verdict']:8s} unbounded {rec['seconds']:8.2f}s", file=sys.stderr, flush=True)
    return out

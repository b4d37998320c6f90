"""Truthfulness for every N (spec/claims.md 7.11): symbolic N, schedules as uninterpreted
functions, the pairwise axioms of 7.8, on the realised outcome of spec/contract.md 5.

Dealer BDmm (BDrm is symmetric) reports x (and hurdle h_x) instead of its client's true
schedule a (and its true hurdle h_mm); the counterparty reports y (and g) — its truth b (and
h_rm) for `truthful_expost`, anything under which its client trades the instructed volume for
`truthful_dominance_matched`. The contract's choice is the tie-broken argmax of the joint
profit over the hurdle-feasible volumes (`claims.sel_is`, justified by 7.1.4-7.1.6), stated with
a quantifier over m in [1, N]; the clients' answers D*(r) and S*(r) (spec/contract.md 5.2) are
the volumes q(j_D), q(j_S) at symbolic indices characterised by quantifiers (the largest index
whose true rate accepts r, or 0). Payoffs are the reference's `dealer_profits`, hurdle tests
`reference.rules`.

The query for one dealer is split into lemmas, each one unsat for every N:

* `lent` (for BDmm; `borrowed` for BDrm): the deviating dealer's realised volume is q(j) for an
  index j <= k_M whose true rate accepts the misreported rate (j = 0: nothing trades);
* `bound`: at such a j, the deviating dealer's realised margin times q(j) is at most the true
  joint profit pi_T(j), and j is hurdle-feasible in the truthful game when the misreport is
  acceptable to the dealer;
* `truthful`: under the truthful report the dealer realises theta * pi_T(k_T) (its share), with
  k_T the truthful selection;
* `claim`: the whole statement (misreport strictly better, lexicographically, is unsat), with the
  instances of the quantified hypotheses at the lemmas' indices added (each implied by its
  quantifier, so the query is equisatisfiable with the plain one).

Each lemma has a sanity check: its premises are satisfiable.
"""
from __future__ import annotations

import time
from typing import Any

import z3

from reposelect.reference import rules
from reposelect.reference.game import dealer_profits
from reposelect.reference.types import HurdleMode, ROLES, Role

from . import solvers
from .claims import sel_mode
from .encoding import Z3_OPS, theta_range, z3_min
from .result import Proved, Unknown, record
from .solve import SEED
from .unbounded import FunctionSchedules
from .variants import get_variant

TRUTH_UNBOUNDED = ("truthful_expost", "truthful_dominance_matched")
R, I = z3.RealSort(), z3.IntSort()


class View(FunctionSchedules):
    """One reported game over uninterpreted schedules."""

    def __init__(self, q, a, b, theta, h_mm, h_rm, variant):
        self.qf, self.af, self.bf = q, a, b
        self.theta, self.h_mm, self.h_rm = theta, h_mm, h_rm
        self.policy, self.tie_break = variant.policy, variant.tie_break

    def cand(self, m):
        """The candidate set of the selection (claims._sel_feasible): the hurdle test, or
        s_m >= 0 when the variant has none."""
        if self.policy.hurdle_mode == HurdleMode.NONE:
            return rules.hurdle_ok("spread", self.theta, self.spread(m), 0, 0, Z3_OPS)
        return self.feasible(m)


class Setting:
    def __init__(self, variant_name: str, dealer: str, form: str):
        self.variant = get_variant(variant_name)
        self.dealer, self.form = dealer, form
        self.N = z3.Int("N")
        self.q = z3.Function("q", I, R)
        self.theta = z3.Real("theta")
        f = {n: z3.Function(n, I, R) for n in ("a", "b", "x", "y")}
        h = {n: z3.Real(n) for n in ("h_mm", "h_rm", "h_x", "g")}
        self.f, self.h = f, h
        # the counterparty's report: its truth (ex-post) or anything (matched)
        other, other_h = (f["b"], h["h_rm"]) if form == "expost" else (f["y"], h["g"])
        if dealer == "mm":
            self.mono = {"a": "up", "x": "up", "b": "down", "y": "down"}
            self.T = View(self.q, f["a"], other, self.theta, h["h_mm"], other_h, self.variant)
            self.M = View(self.q, f["x"], other, self.theta, h["h_x"], other_h, self.variant)
        else:
            other, other_h = (f["a"], h["h_mm"]) if form == "expost" else (f["y"], h["g"])
            self.mono = {"a": "up", "y": "up", "b": "down", "x": "down"}
            self.T = View(self.q, other, f["b"], self.theta, other_h, h["h_rm"], self.variant)
            self.M = View(self.q, other, f["x"], self.theta, other_h, h["h_x"], self.variant)
        self.kt, self.km = z3.Int("k_T"), z3.Int("k_M")
        self.jd = {s: z3.Int(f"jD_{s}") for s in "TM"}
        self.js = {s: z3.Int(f"jS_{s}") for s in "TM"}

    def inside(self, i, lo=0):
        return z3.And(i >= lo, i <= self.N)

    def axioms(self):
        pol = self.variant.policy
        i, j = z3.Ints("i j")
        ax = [self.N >= 1, self.q(0) == 0]
        ax += theta_range(pol, self.theta)
        mono = [self.q(i) < self.q(j)]
        for name, fn in self.f.items():
            ax.append(fn(0) == fn(1))  # index 0 quotes the first rate
            if not pol.allow_non_monotone:
                mono.append(fn(i) <= fn(j) if self.mono[name] == "up" else fn(i) >= fn(j))
        ax.append(z3.ForAll([i, j], z3.Implies(z3.And(i >= 0, i < j, j <= self.N), z3.And(mono))))
        if not pol.allow_negative_rates:
            ax.append(z3.ForAll([i], z3.Implies(self.inside(i), z3.And([fn(i) >= 0 for fn in self.f.values()]))))
            ax += [v >= 0 for v in self.h.values()]
        return ax

    def pair(self, i, j):
        """The pairwise axiom instance for indices i < j (implied by the quantified axiom)."""
        pol = self.variant.policy
        out = [self.q(i) < self.q(j)]
        if not pol.allow_non_monotone:
            for name, fn in self.f.items():
                out.append(fn(i) <= fn(j) if self.mono[name] == "up" else fn(i) >= fn(j))
        return z3.Implies(z3.And(i >= 0, i < j, j <= self.N), z3.And(out))

    def sel(self, G: View, k):
        """k is the contract's choice in G: the tie-broken argmax of pi over the candidates, or 0."""
        m = z3.Int("m")
        opt = z3.ForAll([m], z3.Implies(z3.And(self.inside(m, 1), m != k, G.cand(m)), G.beats(m, k)))
        none = z3.ForAll([m], z3.Implies(self.inside(m, 1), z3.Not(G.cand(m))))
        return z3.And(self.inside(k), z3.Or(z3.And(k >= 1, G.cand(k), opt), z3.And(k == 0, none)))

    def sel_instance(self, G: View, k, m):
        """The selection's optimality at one index m (implied by `sel`)."""
        return z3.Implies(z3.And(k >= 1, self.inside(m, 1), m != k, G.cand(m)), G.beats(m, k))

    def answer(self, true_rate, r, j, accepts):
        """j is the index of the client's answer at rate r: the largest m in [1, N] whose true
        rate accepts r, or 0 when none does (spec/contract.md 5.2)."""
        m = z3.Int("m")
        larger_refuse = z3.ForAll([m], z3.Implies(z3.And(m > j, self.inside(m, 1)), z3.Not(accepts(true_rate(m), r))))
        return z3.And(self.inside(j), z3.Or(j == 0, accepts(true_rate(j), r)), larger_refuse)

    def answer_instance(self, true_rate, r, j, m, accepts):
        """`answer`'s quantifier at one index m (implied by it)."""
        return z3.Implies(z3.And(m > j, self.inside(m, 1)), z3.Not(accepts(true_rate(m), r)))

    def answer_hints(self, G: View, k, side):
        """The answers' instances at k: the clients' true rates at k against the offered ones."""
        a_true, b_true = self.f["a"], self.f["b"]
        return [self.answer_instance(a_true, G.a(k), self.jd[side], k, lambda t, r: t <= r),
                self.answer_instance(b_true, G.b(k), self.js[side], k, lambda t, r: t >= r)]

    def realised(self, G: View, k, side):
        """(profit_mm, profit_rm, acc_mm, acc_rm, lent, borrowed) of the contract choosing k in G,
        the clients answering with their true schedules a (MM) and b (RM)."""
        a_true, b_true = self.f["a"], self.f["b"]
        jd, js = self.jd[side], self.js[side]
        r_mm, r_rm = G.a(k), G.b(k)
        cons = [self.answer(a_true, r_mm, jd, lambda t, r: t <= r), self.answer(b_true, r_rm, js, lambda t, r: t >= r)]
        lent = z3.If(k == 0, 0, z3_min(self.q(k), self.q(jd)))
        borrowed = z3.If(k == 0, 0, z3_min(self.q(k), self.q(js)))
        pi_mm, pi_rm = dealer_profits(self.theta, r_mm, r_rm, lent, borrowed, min_=z3_min)
        pi_mm, pi_rm = z3.If(k == 0, 0, pi_mm), z3.If(k == 0, 0, pi_rm)
        s, mode = G.spread(k), self.variant.policy.hurdle_mode
        acc_mm = z3.Or(k == 0, rules.accepts(mode, Role.MM, self.theta, s, self.h["h_mm"], Z3_OPS))
        acc_rm = z3.Or(k == 0, rules.accepts(mode, Role.RM, self.theta, s, self.h["h_rm"], Z3_OPS))
        return (pi_mm, pi_rm, acc_mm, acc_rm, lent, borrowed), cons


def lemmas(variant_name: str, dealer: str, form: str, omit=()):
    """[(name, premises, what must follow)], the last being the claim itself; and the premises
    and weakened claim of the sanity checks."""
    S = Setting(variant_name, dealer, form)
    i = 0 if dealer == "mm" else 1
    uT, cT = S.realised(S.T, S.kt, "T")
    uM, cM = S.realised(S.M, S.km, "M")
    base = S.axioms() + [S.sel(S.T, S.kt), S.sel(S.M, S.km)] + cT + cM
    if form == "matched":  # the counterparty's client trades the instructed volume, both times
        leg = 5 if dealer == "mm" else 4
        base += [uT[leg] == z3.If(S.kt == 0, 0, S.q(S.kt)), uM[leg] == z3.If(S.km == 0, 0, S.q(S.km))]
    # the deviating dealer's own leg under the misreport and its index
    own = 4 if dealer == "mm" else 5
    j_own = S.jd["M"] if dealer == "mm" else S.js["M"]
    j = z3.If(S.q(j_own) <= S.q(S.km), j_own, S.km)  # the index whose volume the leg is
    margin_M = S.M.spread(S.km)
    share = S.theta if dealer == "mm" else 1 - S.theta
    # the instances that the lemmas use (each implied by a quantified premise)
    hints = [S.pair(j, S.km), S.pair(j_own, S.km), S.pair(S.km, j_own), S.sel_instance(S.T, S.kt, j),
             S.pair(S.kt, S.jd["T"]), S.pair(S.jd["T"], S.kt), S.pair(S.kt, S.js["T"]), S.pair(S.js["T"], S.kt)]
    hints += S.answer_hints(S.T, S.kt, "T") + S.answer_hints(S.M, S.km, "M")
    acc_own_M = uM[2 + i]
    better = z3.Or(z3.And(uM[2 + i], z3.Not(uT[2 + i])), z3.And(uM[2 + i] == uT[2 + i], uM[i] > uT[i]))
    weak = z3.Or(z3.And(uM[2 + i], z3.Not(uT[2 + i])), z3.And(uM[2 + i] == uT[2 + i], uM[i] >= uT[i]))
    acc_T = uT[2 + i]
    kt_vol = z3.If(S.kt == 0, 0, S.q(S.kt))
    # (name, conclusion, "q": from the quantified premises / "g": from the earlier conclusions alone)
    concl = [
        ("lent" if dealer == "mm" else "borrowed",
         z3.Implies(S.km >= 1, z3.And(uM[own] == S.q(j), j >= 0, j <= S.km)), "q"),
        ("profit", uM[i] == z3.If(S.km == 0, 0, share * margin_M * uM[own]), "q"),
        ("bound", z3.Implies(z3.And(S.km >= 1, j >= 1, acc_own_M),
                             z3.And(margin_M * S.q(j) <= S.T.pi(j), S.T.cand(j))), "q"),
        ("truthful_legs", z3.And(uT[4] == kt_vol, uT[5] == kt_vol), "q"),
        ("truthful_accepts", z3.And(acc_T, z3.Implies(S.kt >= 1, S.T.pi(S.kt) >= 0)), "q"),
        ("no_candidate", z3.Implies(S.kt == 0, z3.Not(z3.And(j >= 1, S.T.cand(j)))), "q"),
        ("truthful", uT[i] == z3.If(S.kt == 0, 0, share * S.T.pi(S.kt)), "g"),
    ]
    # the ground steps use only earlier conclusions and instances: dropping premises keeps
    # an unsat answer sound
    ground = [S.theta >= 0, S.theta <= 1, S.q(0) == 0, S.sel_instance(S.T, S.kt, j), S.inside(S.kt), S.inside(S.km),
              z3.Implies(j == S.kt, S.T.pi(j) == S.T.pi(S.kt)),
              z3.Implies(S.km == 0, uM[i] == 0), z3.Implies(z3.And(S.km >= 1, j == 0), S.q(j) == 0)]
    out: list[tuple[str, Any, Any, str | None]] = []
    earlier: list = []
    for name, c, kind in concl:
        if kind == "q":
            out.append((name, base + hints, c, None))
        else:
            fs = abstract(ground + earlier + [c])
            out.append((name, fs[:-1], fs[-1], "qfnra-nlsat"))
        if name not in omit:  # (omit: the tests show each lemma is needed)
            earlier.append(c)
    last = abstract(ground + earlier + [better, weak])
    out.append(("claim", last[:-2], last[-2], "qfnra-nlsat"))
    # sanity: the lemmas' premises are satisfiable; the last step with the weakened claim
    # (the misreport at least as good, which reporting the truth itself achieves) is sat
    return out, base + hints, last[:-2] + [last[-1]]


def abstract(formulas):
    """Every application of an uninterpreted function replaced by a fresh constant. The
    result has more models (functional consistency is dropped; the facts the argument needs
    from it are stated before), so an unsat answer on it is an unsat answer on the original."""
    seen: dict = {}

    def walk(e):
        if z3.is_app(e):
            if e.decl().kind() == z3.Z3_OP_UNINTERPRETED and e.num_args() > 0:
                key = e.sexpr()
                if key not in seen:
                    seen[key] = (e, z3.Const(f"u{len(seen)}", e.sort()))
            for c in e.children():
                walk(c)
        elif z3.is_quantifier(e):
            raise ValueError("abstract: quantified formula")

    for f in formulas:
        walk(f)
    pairs = [v for v in seen.values()]
    return [z3.substitute(f, *pairs) if pairs else f for f in formulas]


def steps_of(claim: str, variant: str, dealer: str):
    """([(lemma, formulas, tactic)], premises, weakened step) of one dealer's argument: each
    lemma's formulas are its premises and its negated conclusion (the claim step's conclusion
    is already the negation), so every one must be unsat. `prove` poses exactly these, and
    `certificates` exports them."""
    form = "expost" if claim == "truthful_expost" else "matched"
    ls, premises, weak_step = lemmas(variant, dealer, form)
    return ([(name, prem + [concl if name == "claim" else z3.Not(concl)], tactic) for name, prem, concl, tactic in ls],
            premises, weak_step)


def prove(claim: str, variant: str, dealer: str, timeout_ms: int = 120000, seed: int = SEED):
    """Every lemma for one dealer; Proved(0, ...) means for every N. Each step goes through
    `solvers.check_query` (fresh context, seed, retries; the solver(s) of the mode); the
    quantifier-free steps carry their own vacuity check (their premises are satisfiable),
    the quantified ones share the premises check at N = 2 below."""
    ls, premises, weak_step = steps_of(claim, variant, dealer)
    steps = []
    for name, fs, tactic in ls:
        t0 = time.monotonic()
        ground = tactic is not None  # quantifier-free nonlinear arithmetic: Z3's nlsat-based tactic
        a = solvers.check_query(fs, tactic, timeout_ms, f"{claim} / {variant} every N, {dealer} lemma {name}",
                                seed=seed, vacuity=ground)
        step = {"lemma": name, "verdict": a.status, "seconds": round(time.monotonic() - t0, 3), "seed": a.seed,
                "solvers": solvers.last_verdicts()}
        if ground and a.status == "unsat":
            step["premises"] = a.hypothesis
        steps.append(step)
        if a.status != "unsat":
            return Unknown(f"{dealer} lemma '{name}' not closed: solver says {a.status} ({a.reason})", 0, len(steps)), steps
        if ground and a.vacuous:
            return Unknown(f"{dealer} lemma '{name}': its premises are {a.hypothesis} on their own (a vacuous step)",
                           0, len(steps)), steps
    # premises satisfiable: shown at N = 2 (a model there is a model of the premises; fixing N
    # makes the quantifiers finite, so the solver finds it instead of timing out)
    lab = f"{claim} / {variant} every N, {dealer}"
    prem_status = solvers.check_query(premises + [z3.Int("N") == 2], None, timeout_ms, f"{lab} premises", seed=seed).status
    weak_status = solvers.check_query(weak_step, "qfnra-nlsat", timeout_ms, f"{lab} weakened claim", seed=seed).status
    sanity = {"axioms_sat": prem_status == "sat", "weakened_refuted": weak_status == "sat",
              "premises": prem_status, "weakened": weak_status}
    if not (sanity["axioms_sat"] and sanity["weakened_refuted"]):
        return Unknown(f"sanity check failed: {sanity}", 0, len(steps)), steps
    return Proved(0, len(steps), sanity), steps


def run_truthful_unbounded(claims, variants, verbose=True, timeout_ms: int = 120000, seed: int = SEED):
    """Records with bound "every N" for the truthfulness claims under the variants where the
    selection is the feasible argmax (monotone, non-negative schedules)."""
    import sys

    out = []
    for c in claims:
        if c not in TRUTH_UNBOUNDED:
            continue
        for v in variants:
            if sel_mode(get_variant(v).policy) != "feasible_argmax":
                continue
            t0 = time.monotonic()
            solvers.reset_tally()
            results, lemmas_done = [], []
            for dl in ROLES:
                try:
                    res, steps = prove(c, v, dl, timeout_ms, seed)
                except solvers.Disagreement as e:
                    res, steps = Unknown(f"DISAGREEMENT: {e}", 0, 0), []
                results.append(res)
                lemmas_done += [dict(s, dealer=dl) for s in steps]
            bad = [r for r in results if not isinstance(r, Proved)]
            res = bad[0] if bad else Proved(0, sum(r.queries for r in results),
                                            {k: all(r.sanity[k] for r in results)
                                             for k in ("axioms_sat", "weakened_refuted")})
            rec = record(c, v, "unbounded", res, time.monotonic() - t0)
            rec["reached"] = None
            rec["seed"] = seed
            rec["method"] = ("symbolic N, uninterpreted schedules, pairwise quantified axioms; "
                             "lemmas lent/borrowed, bound, truthful, claim per dealer")
            rec["lemmas"] = lemmas_done
            rec["solvers"] = solvers.reset_tally()
            out.append(rec)
            if verbose:
                print(f"{c:22s} {v:18s} {rec['verdict']:8s} every N {rec['seconds']:8.2f}s", file=sys.stderr, flush=True)
    return out

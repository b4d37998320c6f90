"""One Z3 query: a fresh context, a fixed seed, retries on `unknown`, and a vacuity check
(spec/claims.md 7.6.6 and 7.6.7).

Z3's search depends on the context a formula lives in: term ids, which grow with every
term created before, order the arguments of sums and conjunctions and so steer the
search. A query that is unsat in 0.4 s in a fresh process can time out after thousands
of earlier queries in the same one. So `solve` translates the formulas into a new
context, fixes the solver's seed, and, when the answer is `unknown`, tries again with
the next seeds; the answer records the seed that decided it. The same formulas and the
same seed give the same search, whatever ran before.

Vacuity: a query is the assumptions plus a formula `And(hypothesis..., negated
conclusion)` (the convention of `reposelect.proofs.claims` and `unbounded`: the last
conjunct is the negated conclusion). An `unsat` answer proves nothing when the
assumptions plus the hypothesis are unsatisfiable on their own, so every `unsat` is
followed by that check (`Answer.hypothesis`), in the same context, after the query.
"""
from __future__ import annotations

from dataclasses import dataclass

import z3

SEED = 0  # the default seed of a run
RETRIES = 2  # further seeds tried on `unknown`: seed + 1, seed + 2


@dataclass
class Answer:
    status: str  # "sat" | "unsat" | "unknown"
    model: z3.ModelRef | None = None  # for "sat": the model, translated back to the main context
    reason: str = ""  # for "unknown": Z3's reason (every try)
    seed: int = SEED  # the seed that gave the answer (the last one tried for "unknown")
    tries: int = 1
    hypothesis: str | None = None  # after "unsat": "sat" | "unsat" | "unknown" (assumptions + hypothesis)

    @property
    def vacuous(self) -> bool:
        return self.status == "unsat" and self.hypothesis != "sat"


def split(formula) -> tuple[list, object]:
    """(hypothesis conjuncts, negated conclusion) of a claim formula: And(h1, ..., hn, c) ->
    ([h1..hn], c); any other formula is a bare conclusion."""
    if z3.is_and(formula) and formula.num_args() >= 1:
        kids = formula.children()
        return kids[:-1], kids[-1]
    return [], formula


def _solver(ctx, tactic: str | None, timeout_ms: int, seed: int):
    if tactic:
        t = z3.With(z3.Tactic(tactic, ctx), seed=seed)
        return z3.TryFor(t, max(1, timeout_ms), ctx=ctx).solver()
    s = z3.Solver(ctx=ctx)
    s.set("timeout", max(1, timeout_ms))
    s.set("random_seed", seed)
    return s


def _check(formulas, ctx, tactic, timeout_ms, seed):
    s = _solver(ctx, tactic, timeout_ms, seed)
    s.add([f.translate(ctx) for f in formulas])
    try:
        r = s.check()
    except z3.Z3Exception as e:  # TryFor raises on timeout
        return "unknown", None, str(e) or "timeout"
    if r == z3.sat:
        return "sat", s.model(), ""
    if r == z3.unsat:
        return "unsat", None, ""
    return "unknown", None, s.reason_unknown()


def solve(formulas, tactic: str | None = None, timeout_ms: int = 60000, seed: int = SEED,
          retries: int = RETRIES, vacuity: bool = False, budget_ms=None, decide=None) -> Answer:
    """Check the conjunction of `formulas` (built in any context). `decide(formulas, ctx,
    tactic, timeout_ms, seed) -> (status, model, reason)` is the solver (default Z3; cvc5:
    `solvers.cvc5_check`), handed each try's fresh context and seed. With `vacuity`, the last
    formula is the claim formula (see `split`) and an unsat answer is followed by the check
    that the other formulas plus its hypothesis are satisfiable. `budget_ms`, when given,
    is called before each try and returns the milliseconds left (<= 0: stop)."""
    formulas = list(formulas)
    decide = decide or _check
    reasons = []
    ans = None
    for t in range(retries + 1):
        ms = int(timeout_ms if budget_ms is None else min(timeout_ms, budget_ms()))
        if ms <= 0:
            break
        s_ = seed + t
        ctx = z3.Context()
        status, model, reason = decide(formulas, ctx, tactic, ms, s_)
        if status == "unknown":
            reasons.append(f"seed {s_}: {reason}")
            ans = Answer("unknown", None, "; ".join(reasons), s_, t + 1)
            continue
        ans = Answer(status, model.translate(z3.main_ctx()) if model is not None else None, "", s_, t + 1)
        if status == "unsat" and vacuity:
            hyps, _ = split(formulas[-1])
            h = "unknown"
            for u in range(retries + 1):
                ms = int(timeout_ms if budget_ms is None else min(timeout_ms, budget_ms()))
                if ms <= 0:
                    break
                h, _, _ = decide(formulas[:-1] + hyps, ctx, tactic, ms, seed + u)
                if h != "unknown":
                    break
            ans.hypothesis = h
        return ans
    return ans or Answer("unknown", None, "no time left", seed, 0)


def check(formulas, tactic: str | None, timeout_ms: int, seed: int = SEED):
    """'sat' | 'unsat' | 'unknown', model-or-reason (the runner's older interface)."""
    a = solve(formulas, tactic, timeout_ms, seed)
    return a.status, (a.model if a.status == "sat" else a.reason or None)

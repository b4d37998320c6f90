"""One query, one fresh context, a fixed seed, retries on unknown, and the vacuity check
(reposelect.proofs.solve; spec/claims.md 7.6.6-7.6.7)."""
import z3

from reposelect.proofs import solve as S
from reposelect.proofs.runner import run_one


def _query():
    x, y = z3.Reals("x y")
    return [x > 0, y > 0], z3.And(x * y > 1, x + y < 1)  # axioms, And(hypothesis, negated conclusion)


def test_an_unsat_query_is_checked_for_vacuity():
    ax, f = _query()
    a = S.solve(ax + [f], "qfnra-nlsat", 10000, vacuity=True)
    assert (a.status, a.hypothesis, a.vacuous, a.seed, a.tries) == ("unsat", "sat", False, S.SEED, 1)


def test_a_contradictory_hypothesis_makes_the_answer_vacuous():
    ax, f = _query()
    x = z3.Real("x")
    hyps, concl = S.split(f)
    bad = z3.And(hyps + [x < 0, concl])  # the hypothesis contradicts the axiom x > 0
    a = S.solve(ax + [bad], "qfnra-nlsat", 10000, vacuity=True)
    assert a.status == "unsat" and a.hypothesis == "unsat" and a.vacuous


def test_split_takes_the_last_conjunct_as_the_conclusion():
    x = z3.Real("x")
    assert S.split(z3.And(x > 0, x < 1, x > 2)) == ([x > 0, x < 1], x > 2)
    assert S.split(x > 2) == ([], x > 2)


def test_the_answer_does_not_depend_on_what_the_process_built_before():
    ax, f = _query()
    first = S.solve(ax + [f], None, 10000, seed=3)
    junk = [z3.Real(f"junk_{i}") * z3.Real(f"junk_{i + 1}") > i for i in range(3000)]
    s = z3.Solver()
    s.add(junk[:50])
    s.check()
    again = S.solve(ax + [f], None, 10000, seed=3)
    assert (first.status, first.seed) == (again.status, again.seed) == ("unsat", 3)


def test_unknown_is_retried_with_the_next_seeds(monkeypatch):
    seen = []
    real = S._check

    def flaky(formulas, ctx, tactic, ms, seed):
        seen.append(seed)
        if seed < 7:
            return "unknown", None, "canceled"
        return real(formulas, ctx, tactic, ms, seed)

    monkeypatch.setattr(S, "_check", flaky)
    ax, f = _query()
    a = S.solve(ax + [f], None, 10000, seed=5, vacuity=True)
    assert (a.status, a.seed, a.tries) == ("unsat", 7, 3)
    assert seen[:3] == [5, 6, 7]
    b = S.solve(ax + [f], None, 10000, seed=0)
    assert b.status == "unknown" and b.tries == 3 and "seed 0: canceled" in b.reason and "seed 2" in b.reason


def test_the_record_carries_the_seed_and_the_retries(monkeypatch):
    rec = run_one("nonneg_spread", "standard", 3, seed=11)
    assert rec["verdict"] == "proved" and rec["seed"] == 11 and rec["retried"] == 0
    assert rec["sanity"]["hypotheses_sat"] is True and rec["sanity"]["hypotheses_checked"] == rec["queries"] - 1

    real = S._check

    def once_unknown(formulas, ctx, tactic, ms, seed):  # every query's first try (seed 11) gives up
        if seed == 11:
            return "unknown", None, "canceled"
        return real(formulas, ctx, tactic, ms, seed)

    monkeypatch.setattr(S, "_check", once_unknown)
    rec = run_one("nonneg_spread", "standard", 3, seed=11)
    assert rec["verdict"] == "proved" and rec["retried"] >= 3

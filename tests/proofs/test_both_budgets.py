"""Under `--solver both` Z3 decides each query first, with its own budget, and cvc5 second,
with a budget of its own (proofs/solvers.py `check_query`, proofs/runner.py `Run.decide`;
spec/claims.md 7.12): a slow or undecided cvc5 leaves cvc5's tally unknown, never Z3's proof
or Z3's vacuity check. The clock here is a fake one that the fake cvc5 moves on, so nothing
depends on how fast the machine is."""
import time as real_time

import pytest

from reposelect.proofs import claims as C
from reposelect.proofs import runner, solvers
from reposelect.proofs.encoding import Store
from reposelect.proofs.solve import Answer
from reposelect.proofs.variants import get_variant


class Clock:
    """`time` as runner.py and solvers.py use it, with a monotonic clock a test can move on."""

    def __init__(self):
        self.offset = 0.0
        self.process_time = real_time.process_time

    def monotonic(self):
        return real_time.monotonic() + self.offset


@pytest.fixture
def slow_cvc5(monkeypatch):
    """Mode `both`, with a cvc5 that takes 1,000 s (of the fake clock) per call and answers unknown."""
    clock = Clock()
    calls = []

    def slow(formulas, ctx, tactic, ms, seed):
        calls.append(ms)
        clock.offset += 1000.0
        return "unknown", None, "cvc5: unknown (fake, slow)"

    monkeypatch.setattr(runner, "time", clock)
    monkeypatch.setattr(solvers, "time", clock)
    monkeypatch.setattr(solvers, "cvc5_check", slow)
    solvers.set_mode("both")
    yield clock, calls
    solvers.set_mode("z3")


def _query(claim="existence", key=(1, 2, "rm")):
    st = Store(get_variant("standard"))
    f = C.CLAIMS[claim].build(st, key, False)  # the build declares what the axioms then constrain
    return st.axioms() + [f]


def test_a_slow_second_solver_does_not_spend_z3s_budget(slow_cvc5):
    """One query with a 60 s budget each: cvc5 takes 1,000 s and answers unknown; Z3's answer
    (unsat, with its vacuity check decided) stands, and cvc5's unknown stays cvc5's."""
    clock, calls = slow_cvc5
    z3_deadline = clock.monotonic() + 60
    cvc5_left = [60.0]

    def cvc5_budget():
        return 1000 * cvc5_left[0]

    solvers.reset_tally()
    a = solvers.check_query(_query(), None, 60000, "q", vacuity=True,
                            budget_ms=lambda: 1000 * (z3_deadline - clock.monotonic()), second_budget_ms=cvc5_budget)
    assert (a.status, a.hypothesis) == ("unsat", "sat")
    tally = solvers.reset_tally()
    assert tally["z3"]["unsat"] == 1 and tally["z3"]["unknown"] == 0
    assert tally["cvc5"]["unknown"] == 1 and tally["cvc5"]["unsat"] == 0
    assert len(calls) == 1  # one try under `both`


def test_a_pair_is_proved_by_z3_while_cvc5_is_slow(slow_cvc5):
    """A whole claim x variant: cvc5's first call spends more than the pair's budget; Z3 still
    decides every query and every vacuity check and the pair is proved; the record shows cvc5
    unknown on every query, all but one of them not asked (its budget spent)."""
    clock, calls = slow_cvc5
    rec = runner.run_one("existence", "standard", bound=2, timeout=60.0)
    assert rec["verdict"] == "proved" and rec["reached"] == 2, rec
    assert rec["sanity"]["hypotheses_sat"] and rec["sanity"]["axioms_sat"] and rec["sanity"]["weakened_refuted"]
    z, c = rec["solvers"]["z3"], rec["solvers"]["cvc5"]
    assert z["unknown"] == 0 and z["unsat"] > 0
    assert c["unsat"] == 0 and c["sat"] == 0 and c["unknown"] == z["unsat"] + z["sat"]
    assert len(calls) == 1 and c["unasked"] == c["unknown"] - 1


def test_a_pair_under_both_may_run_twice_its_timeout(monkeypatch):
    monkeypatch.setattr(runner, "GRACE", 5.0)
    assert runner.pair_limit(100.0) == 105.0
    solvers.set_mode("both")
    try:
        assert runner.pair_limit(100.0) == 205.0
    finally:
        solvers.set_mode("z3")


U, S, K = (Answer("unsat", hypothesis="sat"), Answer("sat"), Answer("unknown", reason="timeout"))


@pytest.mark.parametrize("z,c,want", [
    (U, K, "z"),  # Z3 proves; cvc5 open: proved (cvc5's unknown stays in its tally)
    (K, U, "c"),  # Z3 open; cvc5 proves with its vacuity check: proved
    (S, K, "z"),  # Z3's model is the one the reference replays
    (K, K, "z"),
    (Answer("unsat", hypothesis="unknown"), U, "c"),  # Z3's vacuity check open, cvc5's decided
])
def test_the_combined_verdict(z, c, want):
    assert solvers.combine("q", z, c) is {"z": z, "c": c}[want]


def test_cvc5_sat_without_a_z3_model_is_unknown():
    a = solvers.combine("q", K, S)
    assert a.status == "unknown" and "cvc5 says sat" in a.reason


@pytest.mark.parametrize("z,c", [(U, S), (S, U), (Answer("unsat", hypothesis="sat"), Answer("unsat", hypothesis="unsat"))])
def test_a_split_is_a_disagreement(z, c):
    with pytest.raises(solvers.Disagreement, match="solvers disagree on q"):
        solvers.combine("q", z, c)

"""The covering argument for every N (spec/claims.md 7.6.8): the canonical keys, decided
quantifier-free, imply each local claim at every size; and the check fails when a piece
is missing or wrong."""
import dataclasses

import pytest
import z3

from reposelect.proofs import covering as CV
from reposelect.proofs import expected
from reposelect.proofs import renaming as R


@pytest.mark.parametrize("claim", CV.COVERED_CLAIMS)
def test_standard_rule_local_claims_hold_for_every_n_by_covering(claim):
    r = CV.prove_covering(claim, "standard")
    assert r.verdict == "proved", r
    assert r.sanity["hypotheses_checked"] == r.queries and r.sanity["canonical_keys"] >= 2


def test_a_broken_variant_fails_at_its_canonical_key():
    r = CV.prove_covering("existence", "non_monotone")
    assert r.verdict == "unknown" and r.reason.startswith("local") and "z3 says sat" in r.reason, r


def test_a_missing_canonical_key_breaks_the_cover(monkeypatch):
    real = R.canonical_keys

    def fewer(claim, bound, variant):
        out = real(claim, bound, variant)
        out.pop((2, 1, "mm"))
        return out

    monkeypatch.setattr(R, "canonical_keys", fewer)
    r = CV.prove_covering("existence", "standard")
    assert r.verdict == "unknown" and r.reason == "cover mm: z3 says sat", r


def test_a_statement_without_the_argmax_hypothesis_is_not_covered(monkeypatch):
    st = CV.STATEMENTS["existence"]
    monkeypatch.setitem(CV.STATEMENTS, "existence", dataclasses.replace(st, hypothesis=lambda g, key: []))
    r = CV.prove_covering("existence", "standard")
    assert r.verdict == "unknown" and r.reason.startswith("hypothesis") and "z3 says sat" in r.reason, r


def test_an_order_type_that_lets_an_index_be_zero_is_caught(monkeypatch):
    """Without "each nonzero canonical index is at least 1", the class of (1, 2) would
    admit k = 0, where the local axiom q_1 > 0 fails."""
    real = CV.order_type

    def loose(g, ckey, skey, indices):
        cond, term = real(g, ckey, skey, indices)
        return [c for c in cond if not (z3.is_ge(c) and c.arg(1).eq(z3.IntVal(1)))], term

    monkeypatch.setattr(CV, "order_type", loose)
    r = CV.prove_covering("existence", "standard")
    assert r.verdict == "unknown" and "z3 says sat" in r.reason, r


def test_a_covering_part_that_is_not_proved_is_a_mismatch():
    rec = {"claim": "existence", "variant": "standard", "bound": 64, "verdict": "proved",
           "covering": {"verdict": "unknown", "reason": "cover mm: z3 says sat"}}
    assert expected.mismatches([rec]) == ["existence / standard: covering argument unknown (cover mm: z3 says sat),"
                                          " the spec says proved for every N"]


def test_under_both_solvers_cvc5_decides_every_covering_query_too():
    from reposelect.proofs import solvers

    solvers.set_mode("both")
    try:
        rec = CV.covering_record("existence", "standard")
    finally:
        solvers.set_mode("z3")
    assert rec["verdict"] == "proved", rec
    assert rec["solvers"]["cvc5"]["unsat"] == rec["solvers"]["z3"]["unsat"] == rec["queries"]


def test_a_disagreement_on_a_covering_query_is_a_failure_naming_it(monkeypatch):
    from reposelect.proofs import solvers

    def split(formulas, tactic=None, timeout_ms=0, label="", **kw):
        raise solvers.Disagreement(label, "unsat", "sat")

    monkeypatch.setattr(solvers, "check_query", split)
    r = CV.prove_covering("existence", "standard")
    assert r.verdict == "unknown" and r.reason.startswith("DISAGREEMENT: solvers disagree on existence / standard covering, ")

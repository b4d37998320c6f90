"""The relaxed truthfulness query (spec/claims.md 7.6.4): a weaker hypothesis, the same
negated conclusion, so its unsat settles the key; the key's vacuity check stays on the FULL
hypothesis; a sat relaxed query sends the key to the full query, whose model is replayed."""
import pytest
import z3

from reposelect.proofs import claims as C
from reposelect.proofs import expected
from reposelect.proofs.encoding import Game, Store
from reposelect.proofs.runner import run_one
from reposelect.proofs.solve import split
from reposelect.proofs.variants import get_variant

from proof_replay import replay_record


def _conjuncts(f):
    if z3.is_and(f):
        return [c for k in f.children() for c in _conjuncts(k)]
    return [f]


def _parts(build, variant, key):
    st = Store(get_variant(variant), key[0])
    hyps, concl = split(build(st, key))
    return [c for h in hyps for c in _conjuncts(h)], concl


@pytest.mark.parametrize("variant", ["standard", "no_hurdle", "smallest_volume", "non_monotone"])
@pytest.mark.parametrize("claim", C.TRUTH_CLAIMS)
def test_the_relaxed_hypothesis_is_a_part_of_the_full_one(claim, variant):
    """Every conjunct of the relaxed hypothesis is a conjunct of the full one (so the full
    hypothesis implies it), and the negated conclusion is the same term."""
    cl = C.CLAIMS[claim]
    dropped = 0
    for key in cl.keys(3):
        full, c_full = _parts(lambda st, k: cl.build(st, k, True), variant, key)
        rel, c_rel = _parts(cl.relaxed, variant, key)
        assert c_rel.eq(c_full), key
        ids = {f.get_id() for f in full}  # Z3 shares equal terms: equal terms, equal ids
        for c in rel:
            assert z3.is_true(c) or c.get_id() in ids, (key, c)
        dropped += len(full) > len(rel)
    assert dropped > 0  # the relaxation drops something (else it buys nothing)


def test_the_misreport_keeps_only_its_candidacy_and_the_truth_its_conditions_up_to_k_m():
    st = Store(get_variant("standard"), 4)
    hyps, _ = split(C.CLAIMS["truthful_expost"].relaxed(st, (4, "mm", 3, 2)))
    T, M, _ = C.truth_games(st, "mm", "expost")
    # truthful selection: candidate 3 and the conditions at m = 1, 2 only
    assert hyps[0].eq(C.sel_is(T, 3, 4, upto=2))
    assert len(hyps[0].children()) == 3
    assert hyps[1].eq(C._sel_candidate(M, 2, 4))
    # k_M = 0: nothing of the misreport's selection, nothing of the truthful argmax
    hyps0, _ = split(C.CLAIMS["truthful_expost"].relaxed(st, (4, "mm", 2, 0)))
    assert hyps0[0].eq(C.sel_is(T, 2, 4, upto=0)) and len(hyps0[0].children()) == 1
    assert z3.is_true(hyps0[1])


@pytest.mark.parametrize("claim", ["truthful_expost", "truthful_dominance_matched"])
def test_every_key_of_a_proved_run_is_settled_by_the_relaxed_query(claim):
    rec = run_one(claim, "standard", 3)
    assert rec["verdict"] == "proved", rec
    keys = sum(1 for _ in C.CLAIMS[claim].keys(3))
    assert rec["forms"] == {"relaxed": keys, "full": 0}
    # one vacuity check per key, on the full hypothesis
    assert rec["sanity"]["hypotheses_checked"] == keys and rec["sanity"]["hypotheses_sat"] is True


def test_a_refutation_comes_from_the_full_query_and_replays():
    rec = run_one("truthful_expost", "negative_rates", 2)
    assert rec["verdict"] == "refuted", rec
    assert rec["forms"]["full"] >= 1
    replay_record(rec)


def _contradictory_build(st, key, full):
    f = C.Truthfulness.build(C.CLAIMS["truthful_expost"], st, key, full)
    hyps, concl = split(f)
    return z3.And(hyps + [Game(st).q(1) < 0, concl])


def test_the_vacuity_check_is_on_the_full_hypothesis(monkeypatch):
    """A contradiction in the full hypothesis only: the relaxed queries are all unsat, and the
    run is unknown (vacuous), not proved."""
    monkeypatch.setattr(C.CLAIMS["truthful_expost"], "build", _contradictory_build)
    rec = run_one("truthful_expost", "standard", 2)
    assert rec["verdict"] == "unknown", rec
    assert "vacuous" in rec["reason"]
    assert expected.mismatches([rec]) == ["truthful_expost / standard: unknown, the spec says proved"]

"""A contradictory hypothesis cannot pass as a proof (spec/claims.md 7.6.6).

The mutation: `nonneg_spread` with the contradiction q_k < 0 added to its hypothesis (the
axioms say q_k > 0). Without the per-query vacuity check every query is unsat and the
weakened sanity query (no hypothesis) is still sat, so the claim came out "proved" under
every variant. With it, the bounded run and the unbounded proof are both `unknown`, and
`proofs.expected` reports the mismatch.
"""
import pytest
import z3

from reposelect.proofs import claims as C
from reposelect.proofs import expected, unbounded
from reposelect.proofs.encoding import Game
from reposelect.proofs.runner import run_one
from reposelect.proofs.solve import split


def _contradictory_build(st, key, full):
    f = C.NonnegSpread().build(st, key, full)
    hyps, concl = split(f)
    k, _ = key
    return z3.And(hyps + [Game(st).q(k) < 0, concl])


@pytest.fixture
def contradictory_nonneg_spread(monkeypatch):
    monkeypatch.setattr(C.CLAIMS["nonneg_spread"], "build", _contradictory_build)


@pytest.mark.parametrize("variant", ["standard", "negative_rates"])
def test_the_unmutated_claim_passes_its_vacuity_checks(variant):
    rec = run_one("nonneg_spread", variant, 3)
    assert rec["verdict"] == "proved"
    # one check per solved query: the canonical keys (the other keys are their checked
    # renamings, spec/claims.md 7.6.8, and share their hypotheses)
    assert rec["sanity"]["hypotheses_sat"] is True and rec["sanity"]["hypotheses_checked"] >= 2
    assert rec["renaming"]["canonical_keys"] == rec["sanity"]["hypotheses_checked"]


@pytest.mark.parametrize("variant", ["standard", "negative_rates"])
def test_a_contradictory_hypothesis_is_caught_in_the_bounded_run(contradictory_nonneg_spread, variant):
    rec = run_one("nonneg_spread", variant, 3)
    assert rec["verdict"] == "unknown", rec
    assert "vacuous" in rec["reason"] and "unsat" in rec["reason"]
    assert expected.mismatches([rec]) == [f"nonneg_spread / {variant}: unknown, the spec says proved"]


def test_a_contradictory_hypothesis_is_caught_in_the_unbounded_proof(monkeypatch):
    real = unbounded._queries

    def mutated(claim, g):
        out = real(claim, g)
        if claim != "nonneg_spread":
            return out
        k = z3.Int("k")
        return [(label, z3.And(split(f)[0] + [g.q(k) < 0, split(f)[1]])) for label, f in out]

    assert unbounded.prove_unbounded("nonneg_spread", "standard").verdict == "proved"
    monkeypatch.setattr(unbounded, "_queries", mutated)
    res = unbounded.prove_unbounded("nonneg_spread", "standard")
    assert res.verdict == "unknown" and "vacuous" in res.reason, res
    rec = {"claim": "nonneg_spread", "variant": "standard", "bound": "unbounded", "verdict": res.verdict,
           "reason": res.reason}
    assert len(expected.mismatches([rec])) == 1

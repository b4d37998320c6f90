"""The unbounded proofs (symbolic N, pairwise quantified axioms), spec/claims.md 7.8."""
import pytest

from reposelect.proofs.unbounded import UNBOUNDED_CLAIMS, prove_unbounded


@pytest.mark.parametrize("claim", UNBOUNDED_CLAIMS)
def test_standard_rule_claims_hold_for_every_n(claim):
    r = prove_unbounded(claim, "standard")
    assert r.verdict == "proved", r
    assert r.sanity == {"axioms_sat": True, "weakened_refuted": True}


@pytest.mark.parametrize("claim,variant", [("no_trade_equilibrium", "negative_rates"), ("existence", "non_monotone"),
                                           ("fast_path", "no_hurdle"), ("fast_equivalence", "non_monotone")])
def test_broken_variants_are_not_proved(claim, variant):
    assert prove_unbounded(claim, variant).verdict == "unknown"

"""The unbounded proofs (symbolic N, pairwise quantified axioms), spec/claims.md 7.8."""
import functools

import pytest

from reposelect.proofs import unbounded
from reposelect.proofs.solve import solve
from reposelect.proofs.unbounded import UNBOUNDED_CLAIMS, UGame, prove_unbounded
from reposelect.proofs.variants import get_variant


@pytest.mark.parametrize("claim", UNBOUNDED_CLAIMS)
def test_standard_rule_claims_hold_for_every_n(claim):
    r = prove_unbounded(claim, "standard")
    assert r.verdict == "proved", r
    want = {"axioms_sat": True, "weakened_refuted": True, "hypotheses_sat": True, "hypotheses_checked": r.queries}
    if claim == "selection":
        want["no_collapse"] = True
    assert r.sanity == want


@pytest.mark.parametrize("claim,variant", [("no_trade_equilibrium", "negative_rates"), ("existence", "non_monotone"),
                                           ("fast_path", "no_hurdle"), ("fast_equivalence", "non_monotone")])
def test_broken_variants_are_not_proved(claim, variant):
    r = prove_unbounded(claim, variant)
    assert r.verdict == "unknown" and "z3 says sat" in r.reason, r


def test_the_selection_goal_excludes_collapse():
    """Without "no collapse" the goal has a model in which a candidate exists and the scan
    returns no trade; with it, none."""
    g = UGame(get_variant("standard"))
    assert solve([unbounded._collapse_query(g)], None, 30000).status == "unsat"


def test_dropping_no_collapse_from_the_selection_goal_is_caught(monkeypatch):
    weak = functools.partial(unbounded.selection_goal, no_collapse=False)
    monkeypatch.setattr(unbounded, "selection_goal", weak)
    g = UGame(get_variant("standard"))
    assert solve([unbounded._collapse_query(g)], None, 30000).status == "sat"  # the weaker goal admits collapse
    r = prove_unbounded("selection", "standard")
    assert r.verdict == "unknown" and "'no_collapse': False" in r.reason, r

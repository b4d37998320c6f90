"""Every claim x variant has the verdict spec/claims.md states (proofs.expected), at small
bounds; every "proved" passed its sanity query; every refutation replays (spec/claims.md 7.2)."""
import json

import pytest

from reposelect.proofs import expected
from reposelect.proofs.claims import CLAIMS, CLAIM_NAMES, TRUTH_CLAIMS
from reposelect.proofs.runner import run_one
from reposelect.proofs.variants import VARIANT_NAMES, get_variant

from proof_replay import replay_record

SMALL = {c: (2 if c in TRUTH_CLAIMS else 4) for c in CLAIM_NAMES}


@pytest.mark.parametrize("variant", VARIANT_NAMES)
@pytest.mark.parametrize("claim", CLAIM_NAMES)
def test_verdict_is_pinned(claim, variant):
    rec = run_one(claim, variant, SMALL[claim], timeout=120)
    assert rec["verdict"] == expected.VERDICTS[(claim, variant)], json.dumps(rec)
    if rec["verdict"] == "proved":
        if CLAIMS[claim].kind == "forall":
            assert rec["sanity"]["axioms_sat"] and rec["sanity"]["weakened_refuted"]
            # every unsat query's hypothesis was satisfiable on its own (not vacuous)
            assert rec["sanity"]["hypotheses_sat"] is True and rec["sanity"]["hypotheses_checked"] >= 1
            assert rec["reached"] == SMALL[claim]
        else:
            assert rec["witness"] is not None
            replay_record(rec)
    else:
        assert rec["counterexample"] is not None and rec["deviation"] is not None
        replay_record(rec)


def test_unknown_variant_is_refused():
    with pytest.raises(KeyError):
        get_variant("no_such_rule")

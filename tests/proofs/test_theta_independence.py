"""Theta-independence of the equilibrium set for every N (proofs/theta_independence.py):
proved under the standard rule; refuted, by a case the reference replays, where a deviation's
sign can depend on theta (negative or non-monotone rates, theta at 0 or 1)."""
import json
import pathlib

import pytest

from reposelect.proofs import expected
from reposelect.proofs import theta_independence as T
from reposelect.proofs.result import Proved, Refuted, record

from proof_replay import replay_record

EVERY_N = pathlib.Path(__file__).resolve().parents[2] / "proofs" / "results" / "every-n.json"


def test_standard_every_n():
    res = T.prove("standard")
    assert isinstance(res, Proved) and res.sanity == {"axioms_sat": True, "weakened_refuted": True}


@pytest.mark.parametrize("variant", expected.THETA_REFUTED)
def test_refuted_by_a_replayed_case(variant):
    res = T.prove(variant)
    assert isinstance(res, Refuted), res
    rec = record(T.CLAIM, variant, "unbounded", res, 0.0)
    assert rec["replayed"] is True and expected.mismatches([rec]) == []
    replay_record(rec)


def test_a_case_without_a_difference_is_not_a_refutation():
    from reposelect.reference.wire import parse_case, dumps
    from decimal import Decimal

    case = parse_case(dumps({"grid": [0, 1, 2], "mm": {"rates": ["0.01", "0.02"], "hurdle": "0"},
                             "rm": {"rates": ["0.05", "0.04"], "hurdle": "0"}, "theta": "0.5"}))
    assert T.replay(case, Decimal("0.25")) is None


def test_a_wrong_verdict_is_a_mismatch():
    assert expected.mismatches([{"claim": T.CLAIM, "variant": "theta_closed", "verdict": "unknown",
                                 "bound": "unbounded"}]) == ["theta_independence / theta_closed: unknown, the spec says refuted"]


def test_committed_every_n_records_replay():
    recs = [r for r in json.loads(EVERY_N.read_text())["records"] if r["claim"] == T.CLAIM]
    assert {r["variant"]: r["verdict"] for r in recs} == expected.THETA_VERDICTS
    for r in recs:
        if r["verdict"] == "refuted":
            replay_record(r)


def test_the_spec_states_the_search_size():
    text = (pathlib.Path(__file__).resolve().parents[2] / "spec" / "claims.md").read_text()
    assert T.MAX_N == 4 and "`theta_independence.MAX_N`, four" in text

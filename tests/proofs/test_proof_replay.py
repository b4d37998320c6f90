"""Every counterexample in the committed default run replays through the reference, and a
second, two-point dominance counterexample (spec/claims.md 7.3) does too."""
import json
import pathlib
from decimal import Decimal
from fractions import Fraction

import pytest

from reposelect.proofs import expected
from reposelect.proofs.claims import CLAIMS
from reposelect.proofs.claims import truth_replay
from reposelect.proofs.variants import get_variant
from reposelect.reference.errors import WireError
from reposelect.reference.types import Case, Report
from reposelect.reference.wire import dumps, parse_case

from proof_replay import replay_record

RESULTS = pathlib.Path(__file__).resolve().parents[2] / "proofs" / "results" / "default-run.json"


def _records():
    doc = json.loads(RESULTS.read_text())
    return doc["records"]


def test_results_file_has_machine_date_and_every_claim_variant():
    doc = json.loads(RESULTS.read_text())
    for k in ("date", "machine", "z3", "total_seconds", "records"):
        assert k in doc
    bounded = {(r["claim"], r["variant"]) for r in doc["records"] if r["bound"] != "unbounded"}
    assert bounded == set(expected.VERDICTS)
    assert expected.mismatches(doc["records"]) == []
    # no unknown anywhere, and every proof passed its vacuity checks
    assert [r for r in doc["records"] if r["verdict"] == "unknown"] == []
    for r in doc["records"]:
        if r["verdict"] != "proved":
            continue
        if r["bound"] == "unbounded":  # 7.8, 7.9, 7.15: the premises satisfiable, a weakened claim refuted
            assert r["sanity"]["axioms_sat"] is True and r["sanity"]["weakened_refuted"] is True, r
            assert r["sanity"].get("hypotheses_sat", True) is True, r
        elif CLAIMS[r["claim"]].kind == "exists":
            assert r["sanity"] == {"witness_replayed": True}, r
        else:
            assert r["sanity"]["hypotheses_sat"] is True and r["sanity"]["hypotheses_checked"] >= 1, r


@pytest.mark.parametrize("rec", [r for r in _records() if r["counterexample"] or r.get("witness")],
                         ids=lambda r: f"{r['claim']}-{r['variant']}")
def test_committed_counterexample_replays(rec):
    replay_record(rec)


def test_counterexamples_of_relaxed_variants_are_rejected_by_the_standard_rule():
    seen = 0
    for r in _records():
        if (r["verdict"] == "refuted" and r["variant"] in ("negative_rates", "non_monotone") and r["counterexample"]
                and expected.VERDICTS.get((r["claim"], "standard"), expected.THETA_VERDICTS["standard"]) == "proved"):
            cases = [r["counterexample"]] + ([r["deviation"]["misreport_case"]] if "misreport_case" in r["deviation"] else [])
            codes = set()
            for c in cases:
                try:
                    parse_case(dumps(c))
                except WireError as e:
                    codes.add(e.code)
            assert codes & {"negative_rate", "negative_hurdle", "non_monotone_schedule"}, r
            seen += 1
    assert seen >= 4


def test_two_point_dominance_counterexample_replays():
    d = Decimal
    true_mm = Report((d("4"), d("4.1")), d(0))
    true_rm = Report((d("5"), d("4.5")), d(0))
    rm_report = Report((d("5"), d("5")), d(0))
    truthful = Case((0, 1, 2), true_mm, rm_report)
    lie = Case((0, 1, 2), Report((d("4"), d("100")), d(0)), rm_report)
    dev = truth_replay(truthful, get_variant("standard"),
                        {"dealer": "mm", "misreport_case": lie, "true_mm": true_mm, "true_rm": true_rm})
    assert dev is not None and (dev["from_index"], dev["to_index"]) == (2, 1)
    assert Fraction(dev["gain"]) > 0


SPEC = pathlib.Path(__file__).resolve().parents[2] / "spec" / "claims.md"


def _spec_cases():
    import re

    text = SPEC.read_text()
    section = text[text.index("### 7.3"):text.index("### 7.4")]
    return re.findall(r"^- `(\w+)` / `(\w+)`: `(\{.*?\})`", section, flags=re.M)


def test_spec_quotes_counterexamples():
    assert len(_spec_cases()) >= 8


@pytest.mark.parametrize("claim,variant,case_json", _spec_cases(), ids=lambda x: str(x)[:30])
def test_counterexample_quoted_in_the_spec_replays(claim, variant, case_json):
    from reposelect.proofs.claims import CLAIMS

    v = get_variant(variant)
    case = parse_case(case_json, v.policy)
    assert CLAIMS[claim].replay(case, v) is not None
    assert expected.VERDICTS[(claim, variant)] == "refuted"
    rec = next(r for r in _records() if (r["claim"], r["variant"]) == (claim, variant) and r["bound"] != "unbounded")
    assert rec["verdict"] == "refuted"

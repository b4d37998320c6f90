"""Replaying a prove record through the reference alone: the case is read with the variant's
policy by the wire parser, `reposelect select` runs it, and the claim really fails on it."""
import io
import json
from contextlib import redirect_stdout
from decimal import Decimal
from fractions import Fraction

from reposelect import cli
from reposelect.proofs import theta_independence
from reposelect.proofs.claims import CLAIMS, TRUTH_CLAIMS, truth_replay
from reposelect.proofs.variants import get_variant
from reposelect.reference.game import paying_deviation
from reposelect.reference.types import Report
from reposelect.reference.wire import dumps, parse_case


def run_select(case_json: dict, variant, tmp_path=None) -> dict:
    import tempfile, os

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        f.write(dumps(case_json))
        path = f.name
    try:
        buf = io.StringIO()
        with redirect_stdout(buf):
            rc = cli.main(["select"] + variant.select_args + [path])
    finally:
        os.unlink(path)
    out = json.loads(buf.getvalue())
    assert rc == 0, out
    return out


def replay_record(rec: dict):
    variant = get_variant(rec["variant"])
    if rec["claim"] == theta_independence.CLAIM:
        return _replay_theta(rec, variant)
    claim = CLAIMS[rec["claim"]]
    cex = rec["counterexample"] if rec["verdict"] == "refuted" else rec["witness"]
    case = parse_case(dumps(cex), variant.policy)
    assert case.tie_break == variant.tie_break
    out = run_select(cex, variant)  # the CLI accepts it under the variant
    dev = rec["deviation"]
    if rec["claim"] in TRUTH_CLAIMS:
        mis = parse_case(dumps(dev["misreport_case"]), variant.policy)
        tm = Report(tuple(map(Decimal, dev["true_mm"]["rates"])), Decimal(dev["true_mm"]["hurdle"]))
        tr = Report(tuple(map(Decimal, dev["true_rm"]["rates"])), Decimal(dev["true_rm"]["hurdle"]))
        got = truth_replay(case, variant, {"dealer": dev["dealer"], "misreport_case": mis, "true_mm": tm, "true_rm": tr},
                            matched=rec["claim"] == "truthful_dominance_matched")
        assert got is not None, "the misreport does not pay"
        assert (got["from_index"], got["to_index"]) == (dev["from_index"], dev["to_index"])
        assert Fraction(got["gain"]) == Fraction(dev["gain"]) > 0
        assert out["index"] == dev["from_index"]
        assert run_select(dev["misreport_case"], variant)["index"] == dev["to_index"]
        if rec["claim"] == "truthful_expost":  # the counterparty reported the truth
            other = "rm" if dev["dealer"] == "mm" else "mm"
            true_other = tm if other == "mm" else tr
            assert getattr(case, other) == true_other == getattr(mis, other)
        return
    got = claim.replay(case, variant)
    assert got is not None, "the case does not break the claim"
    if "dealer" in dev:
        d = paying_deviation(case, dev["from_index"])
        assert d is not None and d[0] == dev["dealer"] and d[1] == dev["to_index"]
        assert Fraction(d[2]) == Fraction(dev["gain"]) > 0
    if rec["claim"] == "multiple_equilibria":
        assert len([k for k in out["equilibria"] if k >= 1]) >= 2


def _replay_theta(rec: dict, variant):
    """theta_independence: both cases pass the CLI under the variant, `select` reports the
    recorded equilibrium sets, they differ, and the recorded deviation pays at theta'."""
    dev = rec["deviation"]
    case = parse_case(dumps(rec["counterexample"]), variant.policy)
    other = parse_case(dumps(dev["case_at_other_theta"]), variant.policy)
    assert other == case.__class__(case.grid, case.mm, case.rm, other.theta, case.tie_break)  # only theta differs
    assert run_select(rec["counterexample"], variant)["equilibria"] == dev["equilibria"]
    assert run_select(dev["case_at_other_theta"], variant)["equilibria"] == dev["equilibria_at_other_theta"]
    assert dev["from_index"] in dev["equilibria"] and dev["from_index"] not in dev["equilibria_at_other_theta"]
    d = paying_deviation(other, dev["from_index"])
    assert d is not None and (d[0], d[1]) == (dev["dealer"], dev["to_index"]) and Fraction(d[2]) == Fraction(dev["gain"]) > 0
    assert theta_independence.replay(case, other.theta) == dev

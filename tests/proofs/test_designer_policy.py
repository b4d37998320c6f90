"""A designer's rule variant from a Python file (reference.policy.load_policy): the two shipped
examples load, replace one rule in the reference and in the prover alike, and a refutation
replays with `reposelect select --policy FILE:NAME`."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from reposelect.proofs.runner import run_one
from reposelect.proofs.variants import get_variant
from reposelect.reference.errors import PolicyError
from reposelect.reference.policy import load_policy, policy_from_names
from reposelect.reference.select import select
from reposelect.reference.types import Case, Report
from reposelect.reference.wire import case_from_json
from decimal import Decimal as D

ROOT = Path(__file__).resolve().parents[2]
JP = "proofs/policies/joint_profit_hurdle.py:POLICY"
LV = "proofs/policies/largest_feasible_volume.py:POLICY"


def _case():
    # two trading equilibria: k = 1 (pi = 1 * 1) and k = 2 (pi = 2 * 0.25 = 0.5)
    return Case((0, 1, 2), Report((D("0"), D("0.5")), D("0.6")), Report((D("1"), D("0.75")), D("0")), D("0.5"),
                "largest_volume")


def test_the_examples_load_and_change_one_rule(monkeypatch):
    monkeypatch.chdir(ROOT)
    jp, lv = load_policy(JP), load_policy(LV)
    assert jp.designed and jp.hurdle and not jp.objective and jp.label == JP
    assert lv.designed and lv.objective and not lv.hurdle
    case = _case()
    std = select(case)
    assert std.index == 1  # joint-profit maximum
    # joint-profit hurdle: k = 1 has pi = 1 >= 0.6; k = 2 has pi = 0.5 < 0.6, spread 0.25 < 0.6 too
    assert select(case, jp).index == 1 and select(case, jp).feasible == (1,)
    # with the hurdle lowered to 0.2 the spread hurdle keeps k = 2 (0.25), the joint-profit one too (0.5)
    low = Case(case.grid, Report(case.mm.rates, D("0.2")), case.rm, case.theta, case.tie_break)
    assert select(low, lv).index == max(select(low, lv).feasible)


def test_a_bad_policy_file_is_a_clear_error(tmp_path):
    with pytest.raises(PolicyError, match="not found"):
        load_policy(str(tmp_path / "none.py") + ":P")
    f = tmp_path / "p.py"
    f.write_text("P = 3\n")
    with pytest.raises(PolicyError, match="no Policy named 'P'"):
        load_policy(f"{f}:P")
    with pytest.raises(PolicyError, match="cannot be combined"):
        policy_from_names([f"{f}:P", "no_hurdle"])


def test_prove_refutes_existence_for_largest_volume_and_select_replays_it(monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    rec = run_one("existence", LV, bound=3, timeout=300)
    assert rec["verdict"] == "refuted"
    assert get_variant(LV).select_args == ["--policy", LV]
    f = tmp_path / "case.json"
    f.write_text(json.dumps(rec["counterexample"]))
    out = subprocess.run([sys.executable, "-m", "reposelect", "select", "--policy", LV, str(f)],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    k = rec["deviation"]["from_index"]
    # the objective's argmax (the largest volume) is not an equilibrium: the replay lists the
    # equilibria without it, and the contract trades at a smaller one
    assert k == len(rec["counterexample"]["grid"]) - 1
    assert k not in got["equilibria"] and got["index"] < k


def test_prove_keeps_the_proved_claims_for_the_joint_profit_hurdle(monkeypatch):
    monkeypatch.chdir(ROOT)
    for claim in ("fast_path", "selection"):
        assert run_one(claim, JP, bound=3, timeout=300)["verdict"] == "proved"


def test_the_joint_profit_hurdle_breaks_truthfulness_with_an_exact_replay(monkeypatch):
    """Under a designer's rule volumes are integers >= 1 in the encoding (no rescaling of a
    model: a hurdle on s_k q_k does not scale like the spread), so the model is a wire case
    as it stands: BDmm gains by reporting a higher hurdle, and the reference replays it."""
    monkeypatch.chdir(ROOT)
    rec = run_one("truthful_expost", JP, bound=2, timeout=300)
    assert rec["verdict"] == "refuted" and rec["replayed"] is True, rec
    case, dev = rec["counterexample"], rec["deviation"]
    assert all(isinstance(q, int) for q in case["grid"]) and case["grid"][1] >= 1
    pol = load_policy(JP)
    truthful = select(case_from_json(case, pol), pol)
    misreport = select(case_from_json(dev["misreport_case"], pol), pol)
    # the truthful trade passes the contract's profit hurdle but its spread is below BDmm's
    # hurdle (the dealer's acceptance of spec 5.3); the misreport blocks it
    assert truthful.index >= 1 and misreport.index == 0
    assert dev["utility_truthful"][0] is False and dev["utility_misreport"][0] is True

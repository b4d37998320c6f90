"""The second solver (proofs/solvers.py): cvc5 decides the same SMT-LIB 2 text Z3 decides,
a disagreement is a failure that names the query, and the committed unbounded queries
(proofs/results/smt2/) are re-decided from their text alone."""
import json

import pytest

from reposelect.proofs import certificates, solvers
from reposelect.proofs import claims as C
from reposelect.proofs.encoding import Store
from reposelect.proofs.variants import get_variant

SMT2 = certificates.DEFAULT_DIR


def _local_query(claim, key, variant="standard"):
    st = Store(get_variant(variant))
    f = C.CLAIMS[claim].build(st, key, False)
    return st.axioms() + [f]


@pytest.mark.parametrize("claim,key", [("existence", (1, 2, "rm")), ("fast_path", (2, 1, "mm")),
                                        ("fast_equivalence", ("bwd", 2, 1, "rm"))])
def test_cvc5_proves_local_queries_from_the_exported_text(claim, key):
    text = solvers.smtlib(_local_query(claim, key))
    assert "(set-logic QF_NRA)" in text
    assert solvers.decide_cvc5(text, 60000)[0] == "unsat"
    assert solvers.decide_z3_text(text, 60000)[0] == "unsat"


def test_a_weakened_query_is_sat_for_both():
    st = Store(get_variant("standard"))
    f = C.CLAIMS["existence"].weakened(st, (2, 1, "mm"), False)
    text = solvers.smtlib(st.axioms() + [f])
    assert solvers.decide_cvc5(text, 60000)[0] == "sat"
    assert solvers.decide_z3_text(text, 60000)[0] == "sat"


def test_both_decide_through_the_one_solve_path(monkeypatch):
    """Under `both` each solver gets `solve.solve` (fresh context, seed, vacuity check):
    Z3 and cvc5 agree on an unsat query with satisfiable premises, each solver's verdict
    and time land in the tally, and the answer carries the vacuity check."""
    fs = _local_query("existence", (1, 2, "rm"))  # unsat
    solvers.set_mode("both")
    try:
        solvers.reset_tally()
        a = solvers.check_query(fs, None, 60000, "q", seed=3, vacuity=True)
        assert a.status == "unsat" and a.hypothesis == "sat" and not a.vacuous and a.seed == 3
        tally = solvers.reset_tally()
        assert tally["cvc5"]["unsat"] == 1 and tally["z3"]["unsat"] == 1
        assert tally["cvc5"]["seconds"] >= 0 and tally["z3"]["seconds"] >= 0
    finally:
        solvers.set_mode("z3")


def test_a_disagreement_names_the_query(monkeypatch):
    """A solver that says sat where the other says unsat ends the query with Disagreement,
    naming it; so does a split on the vacuity check."""
    fs = _local_query("existence", (1, 2, "rm"))  # unsat
    solvers.set_mode("both")
    try:
        monkeypatch.setattr(solvers, "cvc5_check", lambda f, ctx, t, ms, seed: ("sat", None, ""))
        with pytest.raises(solvers.Disagreement, match="existence key 7: z3 says unsat, cvc5 says sat"):
            solvers.check_query(fs, None, 60000, "existence key 7")

        # unsat on the query and on its vacuity check (premises plus hypothesis), where Z3 finds a model
        monkeypatch.setattr(solvers, "cvc5_check", lambda f, ctx, t, ms, seed: ("unsat", None, ""))
        with pytest.raises(solvers.Disagreement, match="key 8 .vacuity check"):
            solvers.check_query(fs, None, 60000, "key 8", vacuity=True)
    finally:
        solvers.set_mode("z3")


def test_cvc5_alone_replays_from_z3s_model():
    """Under `cvc5`, an unsat is cvc5's; a sat answer comes with Z3's model (what the reference replays)."""
    st = Store(get_variant("standard"))
    weak = st.axioms() + [C.CLAIMS["existence"].weakened(st, (2, 1, "mm"), False)]
    solvers.set_mode("cvc5")
    try:
        solvers.reset_tally()
        assert solvers.check_query(_local_query("existence", (1, 2, "rm")), None, 60000).status == "unsat"
        a = solvers.check_query(weak, None, 60000)
        assert a.status == "sat" and a.model is not None
        tally = solvers.reset_tally()
        assert tally["cvc5"] == {"sat": 1, "unsat": 1, "unknown": 0, "seconds": tally["cvc5"]["seconds"]}
        assert tally["z3"]["sat"] == 1
    finally:
        solvers.set_mode("z3")


def test_the_committed_unbounded_queries_are_complete_and_current():
    index = json.loads((SMT2 / "index.json").read_text())
    files = {e["file"] for e in index}
    assert files == {p.name for p in SMT2.glob("*.smt2")}
    # every proved unbounded record of the committed run has its queries here
    from reposelect.proofs.report import load

    _, records = load(str(SMT2.parent / "default-run.json"))
    want = {(r["claim"], r["variant"]) for r in records  # 7.8, 7.11's steps and 7.15 (7.12)
            if r["bound"] == "unbounded" and r["verdict"] == "proved" and r["claim"] in certificates.EXPORTED}
    assert {c for c, _ in want} == set(certificates.EXPORTED)
    assert want and want <= {(e["claim"], e["variant"]) for e in index}
    for e in index:
        assert "(set-info :status unsat)" in (SMT2 / e["file"]).read_text()
        assert e["z3"] == "unsat", e  # Z3 proves every committed file from its text
    # each file is the query the prover poses today (no drift between encoding and file);
    # after a change of the encodings: python -m reposelect.proofs.certificates --export
    assert certificates.drift(SMT2, index) == []


def test_a_changed_query_is_drift(tmp_path):
    index = json.loads((SMT2 / "index.json").read_text())[:1]
    f = tmp_path / index[0]["file"]
    f.write_text((SMT2 / index[0]["file"]).read_text().replace("(check-sat)", "(assert false)\n(check-sat)"))
    assert certificates.drift(tmp_path, index) == [index[0]["file"]]


def _subset(index):
    """Per claim, the file each solver decided fastest (every claim, both solvers)."""
    out = set()
    for claim in {e["claim"] for e in index}:
        for solver in ("z3", "cvc5"):
            done = [e for e in index if e["claim"] == claim and e[solver] == "unsat"]
            if done:
                out.add(min(done, key=lambda e: e[f"{solver}_seconds"])["file"])
    return out


def test_a_subset_of_the_committed_queries_is_re_decided_by_both_solvers():
    """The whole set: python -m reposelect.proofs.certificates --check (spec/claims.md 7.12)."""
    index = json.loads((SMT2 / "index.json").read_text())
    subset = _subset(index)
    assert len({e["claim"] for e in index if e["file"] in subset}) == len({e["claim"] for e in index})
    assert certificates.check(SMT2, files=subset, decided_only=True) == []


def test_a_cvc5_call_that_ignores_its_time_limit_is_killed(monkeypatch):
    """cvc5 ran past `tlimit-per` on some truthfulness queries: the child deciding a query is
    killed past its limit and the answer is unknown, never a verdict."""
    import time as _time

    monkeypatch.setattr(solvers, "_decide_cvc5_here", lambda text, ms, seed, opts: _time.sleep(120) or ("unsat", ""))
    monkeypatch.setattr(solvers, "CVC5_GRACE_S", 0.5)
    status, reason = solvers.decide_cvc5(solvers.smtlib(_local_query("existence", (1, 2, "rm"))), 100)
    assert status == "unknown" and "process killed" in reason


def test_an_incomplete_answer_tries_the_next_option_set(monkeypatch):
    """On "unknown (INCOMPLETE)" the next option set of the logic decides (here: the coverings alone)."""
    def fake(text, ms, seed, opts):  # runs in the child: the answer tells which option set decided
        return ("unknown", "unknown (INCOMPLETE)") if not opts else ("unsat" if opts == {"nl-ext": "none"} else "sat", "")

    monkeypatch.setattr(solvers, "_decide_cvc5_here", fake)
    assert solvers.decide_cvc5(solvers.smtlib(_local_query("existence", (1, 2, "rm"))), 5000) == ("unsat", "")
